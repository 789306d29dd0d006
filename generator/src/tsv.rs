//! Tab-separated lines for the records the generated crate keeps (`api-surface.txt`,
//! `rust-names.txt`): one fact per line so that their diffs read well, with tabs, line
//! breaks and backslashes inside a cell escaped.

/// Appends `cells` as one line; trailing empty cells are left off.
pub fn line(out: &mut String, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        escape(out, c);
    }
    while out.ends_with('\t') {
        out.pop();
    }
    out.push('\n');
}

/// The cells of one line, unescaped.
pub fn cells(line: &str) -> Vec<String> {
    line.split('\t').map(unescape).collect()
}

/// Each line of `text` as a `#` comment.
pub fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_as_written() {
        let mut out = String::new();
        line(&mut out, &["a\tb", "c\\d\ne", "", ""]);
        assert_eq!(out, "a\\tb\tc\\\\d\\ne\n");
        assert_eq!(cells(out.trim_end_matches('\n')), ["a\tb", "c\\d\ne"]);
    }
}
