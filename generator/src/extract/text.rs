//! Small text helpers shared by the extractor: inline Markdown to plain text, links,
//! code spans, heading slugs, bullet lists.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A link found in inline Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Plain text of the link (code spans included).
    pub text: String,
    pub url: String,
    /// Whether the link text is a code span (`` [`string`](…) ``).
    pub code: bool,
}

/// Inline Markdown as plain text: emphasis dropped, code spans and link texts kept.
pub fn plain(md: &str) -> String {
    // Most cells are plain words and code spans: no need to run a Markdown parser.
    if is_plain(md) {
        if md.contains('`') {
            return collapse_spaces(&md.replace('`', ""));
        }
        return collapse_spaces(md);
    }
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    collapse_spaces(&out)
}

/// Whether `md` reads the same as Markdown and as text once its backticks are dropped:
/// one line that starts with a letter or a code span, with no character that means
/// something inside a line (emphasis, links, escapes, HTML, entities) and only simple
/// `` `code` `` spans.
fn is_plain(md: &str) -> bool {
    let starts_plain = md
        .bytes()
        .next()
        .is_none_or(|b| b.is_ascii_alphabetic() || b >= 0x80 || b == b'`');
    // Outside code spans nothing may carry meaning; inside them everything is literal.
    let mut in_code = false;
    let inert = md.bytes().all(|b| {
        if b == b'`' {
            in_code = !in_code;
            return true;
        }
        let text = b >= 0x80 || b.is_ascii_graphic() || b == b' ';
        text && (in_code || !matches!(b, b'*' | b'_' | b'[' | b']' | b'\\' | b'<' | b'&'))
    });
    let ticks = md.bytes().filter(|&b| b == b'`').count();
    starts_plain && inert && ticks % 2 == 0 && !md.contains("``")
}

/// A cheap [`plain`] for short, simple Markdown (headings, header cells): drops `*`,
/// `` ` `` and `\` escapes, keeps the text of `[text](url)` links.
pub fn strip_inline(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '`' => {}
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' | ']' => {}
            '(' if out.ends_with('\u{1}') => {
                // Skip a link target: `](url)`.
                out.pop();
                for n in chars.by_ref() {
                    if n == ')' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
        if c == ']' && chars.peek() == Some(&'(') {
            out.push('\u{1}');
        }
    }
    if out.contains('\u{1}') {
        out = out.replace('\u{1}', "");
    }
    collapse_spaces(&out)
}

/// Every link in inline Markdown, in order.
pub fn links(md: &str) -> Vec<Link> {
    // Every link starts with `[` (inline, reference) or `<` (autolink); most
    // descriptions have neither, and are not worth a Markdown parser.
    if !md.contains(['[', '<']) {
        return Vec::new();
    }
    read_links(md, None)
}

/// [`links`] and [`code_spans`] of the same text, read in one pass.
pub fn links_and_code_spans(md: &str) -> (Vec<Link>, Vec<String>) {
    let mut spans = Vec::new();
    if !md.contains(['[', '<', '`']) {
        return (Vec::new(), spans);
    }
    let links = read_links(md, Some(&mut spans));
    (links, spans)
}

/// The links of `md`; its code spans too, into `spans` when given.
fn read_links(md: &str, mut spans: Option<&mut Vec<String>>) -> Vec<Link> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, bool)> = None;
    for ev in Parser::new(md) {
        if let (Event::Code(t), Some(spans)) = (&ev, spans.as_deref_mut()) {
            spans.push(t.to_string());
        }
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = Some((String::new(), dest_url.to_string(), false));
            }
            Event::Text(t) => {
                if let Some((text, _, _)) = open.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some((text, _, code)) = open.as_mut() {
                    text.push_str(&t);
                    *code = true;
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, url, code)) = open.take() {
                    out.push(Link { text, url, code });
                }
            }
            _ => {}
        }
    }
    out
}

/// Contents of every code span, in order (inside links too).
pub fn code_spans(md: &str) -> Vec<String> {
    // Code spans are made of backticks only.
    if !md.contains('`') {
        return Vec::new();
    }
    Parser::new(md)
        .filter_map(|ev| match ev {
            Event::Code(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

/// Squeezes runs of whitespace (NBSP included) into one space and trims.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Soft hyphens are dropped but still count as part of a word: `a \u{ad} b` keeps
    // both of its spaces, as when words are joined first and hyphens removed after.
    let mut started = false;
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            gap = true;
            continue;
        }
        if gap && started {
            out.push(' ');
        }
        gap = false;
        started = true;
        if c != '\u{ad}' {
            out.push(c);
        }
    }
    out
}

/// The id a heading gets when it has no explicit `{#id}`: Cyrillic transliterated,
/// lower-cased, spaces to `-`, punctuation other than `-` and `_` dropped.
pub fn slug(heading: &str) -> String {
    // Headings are mostly plain words: strip inline markup only when there is some.
    let marked = heading.contains(['*', '`', '[', '\\']);
    let text = if marked {
        strip_inline(heading)
    } else {
        collapse_spaces(heading)
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(lower) {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if c.is_whitespace() {
            out.push('-');
        } else if let Some(t) = translit(c) {
            out.push_str(t);
        }
    }
    out
}

/// `s.to_lowercase()`, with quick paths for ASCII and Cyrillic (nearly every letter of
/// the pages); other characters go through the Unicode tables as before.
pub fn lowercase(s: &str) -> String {
    // Only capital sigma lower-cases differently inside a string than alone.
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match quick_lower(c) {
            Some(lower) => out.push(lower),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// One character lower-cased (its first character where it becomes several).
fn lower(c: char) -> char {
    quick_lower(c).unwrap_or_else(|| c.to_lowercase().next().unwrap_or(c))
}

/// ASCII and Cyrillic lower-cased without the Unicode tables; `None` for the rest.
fn quick_lower(c: char) -> Option<char> {
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        _ if c.is_ascii() => Some(c),
        'а'..='я' | 'ѐ'..='џ' => Some(c),
        'А'..='Я' => char::from_u32(u32::from(c) + 0x20),
        'Ѐ'..='Џ' => char::from_u32(u32::from(c) + 0x50),
        _ => None,
    }
}

fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "j",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// One item of a bullet list: its first line and any continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bullet {
    pub text: String,
}

/// The bullet lists of a Markdown text, each with the text that precedes it
/// (the lead-in, e.g. "Возможные значения:").
pub fn bullet_lists(md: &str) -> Vec<(String, Vec<Bullet>)> {
    let mut lists: Vec<(String, Vec<Bullet>)> = Vec::new();
    let mut lead = String::new();
    let mut current: Option<Vec<Bullet>> = None;
    for line in md.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(item) = bullet_item(trimmed) {
            let list = current.get_or_insert_with(Vec::new);
            if indent >= 2 && !list.is_empty() {
                // A nested bullet belongs to the item above it.
                if let Some(last) = list.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(trimmed);
                }
            } else {
                list.push(Bullet {
                    text: item.to_string(),
                });
            }
        } else if trimmed.is_empty() {
            continue;
        } else if indent >= 2 && current.as_ref().is_some_and(|l| !l.is_empty()) {
            if let Some(last) = current.as_mut().and_then(|l| l.last_mut()) {
                last.text.push(' ');
                last.text.push_str(trimmed);
            }
        } else {
            if let Some(list) = current.take() {
                lists.push((std::mem::take(&mut lead), list));
            }
            if !lead.is_empty() {
                lead.push('\n');
            }
            lead.push_str(trimmed);
        }
    }
    if let Some(list) = current.take() {
        lists.push((lead, list));
    }
    lists
}

fn bullet_item(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))?;
    Some(rest.trim())
}

/// Whether `word` occurs in `text` as a whole word (ASCII word boundaries).
pub fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_spaces_joins_words() {
        assert_eq!(collapse_spaces("  a \t b\u{a0}\n c  "), "a b c");
        assert_eq!(collapse_spaces("a \u{ad} b"), "a  b");
        assert_eq!(collapse_spaces("\u{ad} b"), " b");
        assert_eq!(collapse_spaces("wo\u{ad}rd"), "word");
        assert_eq!(collapse_spaces(" \u{ad} "), "");
    }

    #[test]
    fn lowercase_matches_std() {
        let all: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for chunk in all.as_bytes().chunks(4096) {
            let part = String::from_utf8_lossy(chunk);
            assert_eq!(lowercase(&part), part.to_lowercase());
        }
        for s in ["ΟΔΟΣ", "Σ", "ΑΣ Β", "Ёлка ЭТО Ѐ", "İstanbul"] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Параметр fields"), "parametr-fields");
        assert_eq!(slug("Объект `result`"), "obekt-result");
        assert_eq!(slug("type.relations"), "typerelations");
        assert_eq!(slug("sale_person_type"), "sale_person_type");
    }

    #[test]
    fn cheap_plain_text() {
        assert_eq!(strip_inline("**Название**"), "Название");
        assert_eq!(strip_inline("[`string`](../x.md) и `a`"), "string и a");
        assert_eq!(strip_inline("\\<chatId\\>"), "<chatId>");
    }

    #[test]
    fn plain_text() {
        assert_eq!(plain("**A** and `b` [c](#d)"), "A and b c");
    }

    #[test]
    fn plain_fast_path_agrees_with_the_parser() {
        let parsed = |md: &str| {
            let mut out = String::new();
            for ev in Parser::new(md) {
                match ev {
                    Event::Text(t) | Event::Code(t) => out.push_str(&t),
                    Event::SoftBreak | Event::HardBreak => out.push(' '),
                    _ => {}
                }
            }
            collapse_spaces(&out)
        };
        for md in [
            "Идентификатор задачи",
            "ID of the task (integer), see: docs/page; 100% sure?",
            "Текст \"в кавычках\" и 'так'",
            "a  b",
            "`ACCESS_DENIED`",
            "Значение `Y` или ` N ` - флаг #1 | 2 > 1 = !x ~y",
            "`a-b` и `c+d`",
            "`*_[x]\\<&`",
        ] {
            assert!(is_plain(md), "{md}");
            assert_eq!(plain(md), parsed(md), "{md}");
        }
        for md in [
            "1. list", "*a*", "a_b_", "# h", "a\nb", " lead", "a & b", "- x", "a ` b", "``a``",
            "<b>x</b>",
        ] {
            assert!(!is_plain(md), "{md}");
        }
    }

    #[test]
    fn finds_links() {
        let l = links("[`object`](../data-types.md) с [полями](#fields)");
        assert_eq!(l.len(), 2);
        assert!(l[0].code);
        assert_eq!(l[0].text, "object");
        assert_eq!(l[1].url, "#fields");
    }

    #[test]
    fn bullet_lists_with_lead() {
        let md = "Тип:\n- `A` — a\n- `B` — b\n\nПо умолчанию `A`";
        let lists = bullet_lists(md);
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].0, "Тип:");
        assert_eq!(lists[0].1.len(), 2);
    }

    #[test]
    fn words() {
        assert!(has_word("значения Y или N", "Y"));
        assert!(!has_word("YES", "Y"));
    }
}
