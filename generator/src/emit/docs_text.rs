//! Documentation prose made safe for rustdoc and for the generated Markdown.
//!
//! Page text is Markdown written for another renderer. Left alone, rustdoc would compile its
//! code blocks as doctests, read `[x]` as intra-doc links, `<x>` as HTML tags and lazily
//! continued list items as lint errors. Every line is rewritten here:
//! fences become ```` ```text ````, links become their text (plus the address when it is
//! absolute), brackets and angle brackets are escaped, bare URLs wrapped in `<…>`, heading
//! anchors and class markers dropped, control characters removed and indentation bounded
//! so no indented code block can form. Directives are resolved before the IR (`parse/`).

/// The sanitised lines of `markdown`, without leading, trailing or doubled blank lines.
pub fn doc_lines(markdown: &str) -> Vec<String> {
    let mut state = State::default();
    for raw in markdown.split('\n') {
        state.line(&clean_chars(raw));
    }
    state.finish()
}

/// `text` as one sanitised line (titles, table cells): code blocks and line breaks are
/// flattened into spaces.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    for line in doc_lines(text) {
        let line = line.trim();
        if line.is_empty() || line.starts_with("```") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// `text` for a Markdown table cell: lines joined with `<br>`, code blocks as code spans
/// (their text is not escaped, so it must not stay raw in a table).
pub fn cell(text: &str) -> String {
    cell_of_lines(&doc_lines(text))
}

/// [`cell`] of text already made into [`doc_lines`].
pub fn cell_of_lines(lines: &[String]) -> String {
    let mut parts = Vec::new();
    let mut in_code = false;
    for line in lines {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if in_code {
            if !line.trim().is_empty() {
                parts.push(code(line.trim()));
            }
        } else if !line.trim().is_empty() {
            parts.push(line.trim().to_string());
        }
    }
    parts.join("<br>")
}

/// `text` as inline code when it can be (no backticks inside), else escaped prose.
pub fn code(text: &str) -> String {
    let text = clean_chars(text);
    if text.is_empty() {
        "an empty string".to_string()
    } else if text.contains('`') || text.trim() != text {
        inline(&text)
    } else {
        format!("`{text}`")
    }
}

/// Tabs become spaces, other control characters disappear.
fn clean_chars(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(raw);
    }
    raw.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[derive(Default)]
struct State {
    out: Vec<String>,
    /// Open fence: its character, length and indentation.
    fence: Option<(char, usize, usize)>,
    /// Column where the text of the current list item starts.
    list_indent: Option<usize>,
    /// Whether the previous line was part of a block quote.
    in_quote: bool,
}

impl State {
    fn line(&mut self, raw: &str) {
        let indent = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if let Some((mark, len, fence_indent)) = self.fence {
            if closes_fence(trimmed, mark, len) {
                self.fence = None;
                self.out.push("```".to_string());
            } else {
                let cut = indent.min(fence_indent);
                self.out
                    .push(raw.get(cut..).unwrap_or(raw).trim_end().to_string());
            }
            return;
        }
        if let Some((mark, len)) = opens_fence(trimmed) {
            self.fence = Some((mark, len, indent));
            self.list_indent = None;
            self.in_quote = false;
            self.blank_line();
            self.out.push("```text".to_string());
            return;
        }
        let text = strip_markers(trimmed);
        let text = text.trim();
        if text.is_empty() {
            self.blank_line();
            return;
        }
        self.prose(indent, text);
    }

    fn prose(&mut self, indent: usize, text: &str) {
        let previous_blank = self.out.last().is_none_or(|l| l.is_empty());
        let quote = text.starts_with('>');
        if self.in_quote && !quote && !previous_blank {
            self.out.push(String::new());
        }
        self.in_quote = quote;
        let rendered = inline_markdown(text);
        if let Some(marker) = list_marker(text) {
            let depth = indent.min(self.list_indent.unwrap_or(0));
            self.list_indent = Some(depth + marker);
            self.out.push(format!("{}{}", " ".repeat(depth), rendered));
            return;
        }
        match self.list_indent {
            Some(content) if indent >= content => {
                self.out
                    .push(format!("{}{}", " ".repeat(content), rendered));
            }
            Some(_) => {
                // Ends the list; a blank line keeps the text from continuing the item lazily.
                self.list_indent = None;
                if !previous_blank {
                    self.out.push(String::new());
                }
                self.out.push(rendered);
            }
            None => self.out.push(rendered),
        }
    }

    fn blank_line(&mut self) {
        if self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.fence.is_some() {
            self.out.push("```".to_string());
        }
        while self.out.last().is_some_and(|l| l.is_empty()) {
            self.out.pop();
        }
        self.out
    }
}

fn opens_fence(trimmed: &str) -> Option<(char, usize)> {
    let mark = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == mark).count();
    (len >= 3).then_some((mark, len))
}

fn closes_fence(trimmed: &str, mark: char, len: usize) -> bool {
    let run = trimmed.chars().take_while(|c| *c == mark).count();
    run >= len && trimmed.chars().skip(run).all(char::is_whitespace)
}

/// Width of a list marker (`- `, `* `, `+ `, `1. `, `2) `) at the start of `text`.
fn list_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) && bytes.get(1) == Some(&b' ') {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let ordered = (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && bytes.get(digits + 1) == Some(&b' ');
    ordered.then_some(digits + 2)
}

/// Drops `{#…}` anchors and `{.class}` markers, which rustdoc would show as text.
fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let close = match tail.as_bytes().get(1) {
            Some(b'#' | b'.') => tail.find('}').map(|end| end + 1),
            _ => None,
        };
        match close {
            Some(end) => rest = &tail[end..],
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    if !out.contains('<') {
        return out;
    }
    out.replace("<br>", " ")
        .replace("<br/>", " ")
        .replace("<br />", " ")
}

/// Rewrites one line of prose: code spans kept, links flattened, the rest escaped.
fn inline_markdown(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        i = step(&chars, i, &mut out);
    }
    out
}

/// Renders the construct starting at `chars[i]`, returns the index after it.
fn step(chars: &[char], i: usize, out: &mut String) -> usize {
    let c = chars[i];
    match c {
        '`' => code_span(chars, i, out),
        '\\' => match chars.get(i + 1) {
            Some(next) if next.is_ascii_punctuation() => {
                out.push('\\');
                out.push(*next);
                i + 2
            }
            _ => {
                out.push_str("\\\\");
                i + 1
            }
        },
        '!' if chars.get(i + 1) == Some(&'[') => link(chars, i + 1, out).unwrap_or_else(|| {
            out.push('!');
            i + 1
        }),
        '[' => link(chars, i, out).unwrap_or_else(|| {
            out.push_str("\\[");
            i + 1
        }),
        'h' if starts_url(chars, i) => bare_url(chars, i, out),
        ']' | '<' | '>' => {
            out.push('\\');
            out.push(c);
            i + 1
        }
        _ => {
            out.push(c);
            i + 1
        }
    }
}

/// A code span is copied as is; an unmatched backtick run is escaped.
fn code_span(chars: &[char], i: usize, out: &mut String) -> usize {
    let run = chars[i..].iter().take_while(|c| **c == '`').count();
    let mut j = i + run;
    while j < chars.len() {
        if chars[j] == '`' {
            let close = chars[j..].iter().take_while(|c| **c == '`').count();
            if close == run {
                out.extend(&chars[i..j + run]);
                return j + run;
            }
            j += close;
        } else {
            j += 1;
        }
    }
    for _ in 0..run {
        out.push_str("\\`");
    }
    i + run
}

/// `[text](target)` becomes `text`, followed by `(<target>)` for absolute addresses.
fn link(chars: &[char], open: usize, out: &mut String) -> Option<usize> {
    let mut depth = 0usize;
    let mut close = None;
    for (j, c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 2 + chars[close + 2..].iter().position(|c| *c == ')')?;
    let label: String = chars[open + 1..close].iter().collect();
    let target: String = chars[close + 2..end].iter().collect();
    let target = target.split_whitespace().next().unwrap_or("");
    let label = inline_markdown(label.trim());
    let absolute = target.starts_with("http://") || target.starts_with("https://");
    let safe_target = !target.contains(['<', '>', '`', ' ']);
    if label.is_empty() {
        if absolute && safe_target {
            out.push_str(&format!("<{target}>"));
        }
    } else {
        out.push_str(&label);
        if absolute && safe_target {
            out.push_str(&format!(" (<{target}>)"));
        }
    }
    Some(end + 1)
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let ahead: String = chars[i..].iter().take(8).collect();
    ahead.starts_with("http://") || ahead.starts_with("https://")
}

/// A bare address, wrapped in `<…>` so rustdoc links it instead of warning.
fn bare_url(chars: &[char], i: usize, out: &mut String) -> usize {
    let mut end = i;
    while end < chars.len() && !is_url_stop(chars[end]) {
        end += 1;
    }
    // Trailing punctuation ends the sentence, not the address; a `)` only when unbalanced.
    while end > i {
        let last = chars[end - 1];
        let opens = chars[i..end].iter().filter(|c| **c == '(').count();
        let closes = chars[i..end].iter().filter(|c| **c == ')').count();
        let unbalanced = last == ')' && closes > opens;
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '*') || unbalanced {
            end -= 1;
        } else {
            break;
        }
    }
    let url: String = chars[i..end].iter().collect();
    out.push('<');
    out.push_str(&url);
    out.push('>');
    end
}

fn is_url_stop(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '\\' | '|' | '{' | '}'
        )
}

/// Appends `extra` to `lines` as a new paragraph.
pub fn paragraph(lines: &mut Vec<String>, extra: impl IntoIterator<Item = String>) {
    let extra: Vec<String> = extra.into_iter().collect();
    if extra.is_empty() {
        return;
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> String {
        doc_lines(text).join("\n")
    }

    #[test]
    fn fences_become_text_blocks() {
        let lines = doc_lines("Example:\n\n    ```php\n    $a = [1];\n    ```\nafter");
        assert_eq!(
            lines,
            ["Example:", "", "```text", "$a = [1];", "```", "after"]
        );
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(
            doc_lines("```\nfn main() {}"),
            ["```text", "fn main() {}", "```"]
        );
    }

    #[test]
    fn links_become_text() {
        assert_eq!(one("See [the list](./im-chat-get.md)."), "See the list.");
        assert_eq!(
            one("[docs](https://example.com/a_b)"),
            "docs (<https://example.com/a_b>)"
        );
        assert_eq!(one("[{#T}](./x.md)"), "");
    }

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(one("a [foo] b"), "a \\[foo\\] b");
        assert_eq!(one("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(one("`<ID>` and \\<id\\>"), "`<ID>` and \\<id\\>");
        assert_eq!(one("a \\ b"), "a \\\\ b");
        assert_eq!(one("odd ` tick"), "odd \\` tick");
    }

    #[test]
    fn bare_urls_keep_balanced_parentheses() {
        assert_eq!(
            one("(see https://e.com/a_(b))."),
            "(see <https://e.com/a_(b)>)."
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            one("Go to https://example.com/x."),
            "Go to <https://example.com/x>."
        );
    }

    #[test]
    fn markers_are_dropped() {
        assert_eq!(one("Text {#anchor}"), "Text");
        assert_eq!(one("Done{.b24-info}"), "Done");
    }

    #[test]
    fn lists_never_continue_lazily() {
        assert_eq!(
            doc_lines("Values:\n- `A` — one\n- `B` — two\nDefault `A`"),
            ["Values:", "- `A` — one", "- `B` — two", "", "Default `A`"]
        );
        assert_eq!(doc_lines("> quoted\nplain"), ["\\> quoted", "", "plain"]);
    }

    #[test]
    fn no_indented_code_blocks() {
        assert_eq!(doc_lines("a\n\n        indented"), ["a", "", "indented"]);
    }

    #[test]
    fn cells_keep_line_structure_and_quote_code() {
        assert_eq!(
            cell("Intro:\n- `A` — one\n\n```php\n<?php echo 1;\n```"),
            "Intro:<br>- `A` — one<br>`<?php echo 1;`"
        );
    }

    #[test]
    fn control_characters_removed() {
        assert_eq!(one("a\u{0}b\u{1b}c\td"), "abc d");
    }
}
