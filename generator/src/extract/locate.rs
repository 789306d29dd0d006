//! Where a diagnostic about the whole page should point: the `{% include %}` line of a
//! fragment, the line of an example call that sends a key.

use crate::page::BlockKind;
use crate::source::{Pos, SourceMap};

use super::doc::Doc;
use super::sections::Section;

/// The page line that includes the file `block` was read from; `block` itself when it
/// is the page's own text (or the include line cannot be found).
pub fn include_site(map: &SourceMap, page: Pos, block: Pos) -> Pos {
    if block.file == page.file {
        return block;
    }
    let included = map.get(block.file);
    let Some(name) = included.path.file_name().and_then(|n| n.to_str()) else {
        return block;
    };
    let text = &map.get(page.file).text;
    for (i, line) in text.lines().enumerate() {
        // Most lines have no `{` at all: not worth a substring search.
        if !line.contains('{') {
            continue;
        }
        if let Some(at) = line.find("{% include") {
            if line.contains(name) {
                return Pos::new(page.file, line_no(i), col_of(line, at));
            }
        }
    }
    block
}

/// `pos` moved to where `needle` starts on its line (the method name in the H1).
pub fn on_line(map: &SourceMap, pos: Pos, needle: &str) -> Pos {
    let line = map.line(pos);
    match line.find(needle) {
        Some(at) => Pos::new(pos.file, pos.line, col_of(line, at)),
        None => pos,
    }
}

/// The line of an example code block that sends `key` (`"key":`, `'key' =>`, `key: `,
/// `key=`),
/// else the start of the examples section.
pub fn example_key(doc: &Doc, key: &str) -> Option<Pos> {
    let mut first = None;
    for (_, e) in doc.in_section(Section::Examples) {
        first.get_or_insert(e.block.pos);
        let BlockKind::Code { text, .. } = &e.block.kind else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = find_key(line, key) {
                let pos = e.block.pos;
                // The fence is on the block's line; the code starts on the next.
                let line_no = pos.line.saturating_add(line_no(i));
                let col = pos.col.max(1).saturating_add(col_of(line, at) - 1);
                return Some(Pos::new(pos.file, line_no, col));
            }
        }
    }
    first
}

/// Byte offset of `key` written as a key on `line`: quoted, or bare and followed by
/// `:` or `=`.
fn find_key(line: &str, key: &str) -> Option<usize> {
    line.match_indices(key).find_map(|(i, _)| {
        let before = line.get(..i)?.chars().next_back();
        let after = line.get(i + key.len()..)?.chars().next();
        let quoted = matches!(
            (before, after),
            (Some('"'), Some('"')) | (Some('\''), Some('\''))
        );
        let bare = !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && matches!(after, Some(':' | '='));
        (quoted || bare).then(|| i.saturating_sub(usize::from(quoted)))
    })
}

fn line_no(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// 1-based character column of byte offset `at`.
fn col_of(line: &str, at: usize) -> u32 {
    let chars = line.get(..at).map_or(0, |s| s.chars().count());
    u32::try_from(chars + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::find_key;

    #[test]
    fn keys_on_a_line() {
        assert_eq!(find_key(r#"  "start": 0,"#, "start"), Some(2));
        assert_eq!(find_key("  start: 0,", "start"), Some(2));
        assert_eq!(find_key("  date_start: 0,", "start"), None);
        assert_eq!(find_key("ID=5&start=0", "start"), Some(5));
        assert_eq!(find_key("// Get started", "start"), None);
    }
}
