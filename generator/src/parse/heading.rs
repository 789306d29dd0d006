//! ATX headings: `## Title {#anchor}`.

/// A heading line split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: Option<String>,
}

/// Parses a heading from a line whose indentation was already removed.
pub(crate) fn parse(line: &str) -> Option<Heading> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    // `#` is ASCII, so `level` is also a byte offset.
    let rest = line.get(level..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim();
    let unclosed = text.trim_end_matches('#');
    if unclosed.len() < text.len() && (unclosed.is_empty() || unclosed.ends_with([' ', '\t'])) {
        text = unclosed.trim_end();
    }
    let (text, anchor) = split_anchor(text);
    Some(Heading {
        level: level as u8,
        text: text.to_string(),
        anchor,
    })
}

/// Splits a trailing `{#id}` off a heading text.
fn split_anchor(text: &str) -> (&str, Option<String>) {
    let Some(body) = text.strip_suffix('}') else {
        return (text, None);
    };
    match body.rfind("{#") {
        Some(at) => {
            let id = body.get(at + 2..).unwrap_or("").trim();
            let before = body.get(..at).unwrap_or("").trim_end();
            if id.is_empty() || id.contains(char::is_whitespace) {
                (text, None)
            } else {
                (before, Some(id.to_string()))
            }
        }
        None => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str, anchor: Option<&str>) -> Option<Heading> {
        Some(Heading {
            level,
            text: text.into(),
            anchor: anchor.map(str::to_string),
        })
    }

    #[test]
    fn parses_levels_and_anchors() {
        assert_eq!(
            parse("# Создать чат im.chat.add"),
            h(1, "Создать чат im.chat.add", None)
        );
        assert_eq!(
            parse("### Параметр fields {#fields}"),
            h(3, "Параметр fields", Some("fields"))
        );
        assert_eq!(parse("## Closed ##"), h(2, "Closed", None));
        assert_eq!(parse("#"), h(1, "", None));
    }

    #[test]
    fn rejects_non_headings() {
        assert_eq!(parse("#|"), None);
        assert_eq!(parse("#tag"), None);
        assert_eq!(parse("####### seven"), None);
        assert_eq!(parse("text"), None);
    }
}
