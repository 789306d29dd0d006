//! The name cell of a parameter row: `**NAME**` + required mark, then the type on the
//! next line (`` [`string`](../data-types.md) ``), in all the spellings the pages use.

use super::{text, vocabulary};

/// How a row marks its parameter as required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    /// `**X***`, `**X**^*^`, `**X^*^**`.
    Required,
    /// `**X****`: required only in some cases, explained around the table.
    Conditional,
}

/// One type token of the type line, with the link it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeToken {
    pub name: String,
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCell {
    pub name: String,
    pub mark: Mark,
    /// Union members in written order; empty when the cell names no type.
    pub types: Vec<TypeToken>,
}

/// Reads a name cell. `None` when the cell holds no name at all.
pub fn parse(cell: &str) -> Option<NameCell> {
    let cell = cell.trim();
    let (first, rest) = match cell.split_once('\n') {
        Some((a, b)) => (a.trim(), b),
        None => (cell, ""),
    };
    let (name, mark, tail) = name_and_mark(first)?;
    let mut type_md = tail.trim().to_string();
    if !rest.trim().is_empty() {
        if !type_md.is_empty() {
            type_md.push('\n');
        }
        type_md.push_str(rest.trim());
    }
    Some(NameCell {
        name,
        mark,
        types: type_tokens(&type_md),
    })
}

/// Splits the first line into name, mark and whatever follows (a type on the same line).
fn name_and_mark(line: &str) -> Option<(String, Mark, &str)> {
    let line = line.trim_start_matches('/').trim();
    if let Some(inner) = line.strip_prefix("**") {
        let end = inner.find("**")?;
        let raw = &inner[..end];
        let after = &inner[end + 2..];
        let (raw, inner_star) = strip_inner_mark(raw);
        let (mark, tail) = outer_mark(after);
        let mark = if inner_star && mark == Mark::None {
            Mark::Required
        } else {
            mark
        };
        let name = clean_name(raw);
        return (!name.is_empty()).then_some((name, mark, tail));
    }
    if let Some(inner) = line.strip_prefix('`') {
        let end = inner.find('`')?;
        let name = clean_name(&inner[..end]);
        let (mark, tail) = outer_mark(&inner[end + 1..]);
        return (!name.is_empty()).then_some((name, mark, tail));
    }
    // A plain name: the first word; the rest of the line may be a type.
    let word_end = line.find(char::is_whitespace).unwrap_or(line.len());
    let (raw, tail) = line.split_at(word_end);
    let (raw, star) = match raw.strip_suffix('*') {
        Some(r) => (r, true),
        None => (raw, false),
    };
    let name = clean_name(raw);
    if name.is_empty() || !name.chars().next().is_some_and(is_name_start) {
        return None;
    }
    let mark = if star { Mark::Required } else { Mark::None };
    Some((name, mark, tail))
}

fn is_name_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '<' || c == '\\' || c == '$'
}

/// `X^*^` or `X*` inside the bold span.
fn strip_inner_mark(raw: &str) -> (&str, bool) {
    if let Some(r) = raw.strip_suffix("^*^") {
        (r, true)
    } else if let Some(r) = raw.strip_suffix("\\*") {
        (r, true)
    } else if let Some(r) = raw.strip_suffix('*') {
        (r, true)
    } else {
        (raw, false)
    }
}

/// The mark right after the closing `**`: `*`, `**`, `^*^`.
fn outer_mark(after: &str) -> (Mark, &str) {
    if let Some(r) = after.strip_prefix("**") {
        (Mark::Conditional, r)
    } else if let Some(r) = after.strip_prefix("^*^") {
        (Mark::Required, r)
    } else if let Some(r) = after.strip_prefix("\\*") {
        (Mark::Required, r)
    } else if let Some(r) = after.strip_prefix('*') {
        (Mark::Required, r)
    } else {
        (Mark::None, after)
    }
}

/// Drops Markdown escapes and stray decoration from a name (`\<chatId\>` → `<chatId>`).
fn clean_name(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.trim().chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '`' => {}
            _ => out.push(c),
        }
    }
    out.trim().trim_end_matches(':').trim().to_string()
}

/// The type tokens of a type line: code spans and link texts, split on union bars.
pub fn type_tokens(md: &str) -> Vec<TypeToken> {
    let md = md.trim();
    if md.is_empty() {
        return Vec::new();
    }
    let pieces = scan(md);
    let mut out = Vec::new();
    if pieces.is_empty() {
        push_split(&mut out, &text::strip_inline(md), None);
    }
    for (piece, link) in pieces {
        push_split(&mut out, &piece, link);
    }
    out
}

/// Code spans and links of a type line, in order. Type lines use only these two
/// constructs, so a small scanner reads them faster than a Markdown parser.
fn scan(md: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = md;
    while let Some(i) = rest.find(['[', '`']) {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('[') {
            // `[text](url)`: `close` and `end` index into `after`.
            let Some(close) = after.find("](") else {
                rest = after;
                continue;
            };
            let Some(end) = after[close..].find(')') else {
                rest = after;
                continue;
            };
            let inner = after[..close].replace('`', "");
            let url = after[close + 2..close + end].trim().to_string();
            out.push((inner.trim().to_string(), Some(url)));
            rest = &after[close + end + 1..];
        } else {
            let ticks = tail.len() - tail.trim_start_matches('`').len();
            let fence = &tail[..ticks];
            let body = &tail[ticks..];
            let Some(end) = body.find(fence) else {
                rest = body;
                continue;
            };
            out.push((body[..end].trim().to_string(), None));
            rest = &body[end + ticks..];
        }
    }
    out
}

fn push_split(out: &mut Vec<TypeToken>, text: &str, link: Option<String>) {
    let text = text.replace("\\|", "|");
    for part in text.split(['|', ',', '\n']) {
        for piece in split_words(part) {
            out.push(TypeToken {
                name: piece.to_string(),
                link: link.clone(),
            });
        }
    }
}

/// Splits "`object` или `null`"-style prose and drops filler words.
fn split_words(part: &str) -> Vec<&str> {
    part.split_whitespace()
        .filter(|w| !vocabulary::TYPE_ALTERNATIVE.is(w))
        .map(|w| w.trim_matches(|c: char| c == '(' || c == ')' || c == '`'))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(c: &NameCell) -> Vec<&str> {
        c.types.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn required_marks() {
        assert_eq!(parse("**fields***\n`object`").unwrap().mark, Mark::Required);
        assert_eq!(parse("**X**^*^\n`int`").unwrap().mark, Mark::Required);
        assert_eq!(parse("**X^*^**\n`int`").unwrap().mark, Mark::Required);
        assert_eq!(parse("**X****\n`int`").unwrap().mark, Mark::Conditional);
        assert_eq!(parse("**X**\n`int`").unwrap().mark, Mark::None);
        assert_eq!(parse("**X^*^**").unwrap().name, "X");
    }

    #[test]
    fn type_on_next_line_with_link() {
        let c = parse("**USERS**\n    [`array`](../data-types.md)").unwrap();
        assert_eq!(c.name, "USERS");
        assert_eq!(names(&c), ["array"]);
        assert_eq!(c.types[0].link.as_deref(), Some("../data-types.md"));
    }

    #[test]
    fn unions() {
        let c = parse("**A**\n[`string`](x) \\| [`integer`](x)").unwrap();
        assert_eq!(names(&c), ["string", "integer"]);
        let c = parse("**A**\n[```object | array```](x#compound-types)").unwrap();
        assert_eq!(names(&c), ["object", "array"]);
        let c = parse("**A**\n`object` или `null`").unwrap();
        assert_eq!(names(&c), ["object", "null"]);
        let c = parse("**A**\n`string`\n`integer`").unwrap();
        assert_eq!(names(&c), ["string", "integer"]);
    }

    #[test]
    fn escaped_and_code_names() {
        assert_eq!(
            parse("**\\<chatId\\>**\n`object`").unwrap().name,
            "<chatId>"
        );
        assert_eq!(parse("`NAME`\n`string`").unwrap().name, "NAME");
        assert_eq!(parse("**name** `string`").unwrap().types[0].name, "string");
    }

    #[test]
    fn plain_and_empty() {
        assert_eq!(parse("DIALOG_ID").unwrap().name, "DIALOG_ID");
        assert!(parse("").is_none());
        assert!(parse("**LIST_HEIGHT**").unwrap().types.is_empty());
    }
}
