//! Closed value sets written as bullets in a description:
//! ``- `V` — text``, `- V — text`, `- **V** — text`, `- 'V' – text`, ``- `V`: text`` …

use crate::ir::{EnumRepr, EnumType, EnumValue};

use super::{text, vocabulary};

/// Reads the first value list of a description. `numeric_ok` allows integer values
/// (the parameter is an integer); `None` when the description has no closed list.
pub fn from_description(md: &str, integer: bool) -> Option<EnumType> {
    for (lead, bullets) in text::bullet_lists(md) {
        if bullets.len() < 2 {
            continue;
        }
        if introduces_other(&lead) {
            return None;
        }
        let mut values: Vec<EnumValue> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for b in &bullets {
            let v = value(&b.text)?;
            if seen.insert(v.value.clone()) {
                values.push(v);
            }
        }
        let numeric = values.iter().all(|v| v.value.parse::<i64>().is_ok());
        if integer && !numeric {
            return None;
        }
        let repr = if integer {
            EnumRepr::Integer
        } else {
            EnumRepr::String
        };
        return Some(EnumType { repr, values });
    }
    None
}

fn introduces_other(lead: &str) -> bool {
    let last = text::lowercase(lead.lines().last().unwrap_or(""));
    let last = last.trim().trim_end_matches(':').trim_end();
    // "…по шаблону `{entityTypeName} #{id}`, где": the bullets explain placeholders.
    let explains = vocabulary::EXPLAINS_PLACEHOLDERS.ends(last);
    explains || vocabulary::NOT_VALUES.within(last)
}

/// One bullet as a value, or `None` when the bullet is prose.
pub fn value(bullet: &str) -> Option<EnumValue> {
    let b = bullet.trim();
    let (raw, rest) = quoted(b)?;
    let raw = raw.trim().trim_matches(['\'', '"']);
    if !is_value(raw) {
        return None;
    }
    let rest = rest.trim_start();
    let bare = !b.starts_with(['`', '*', '\'', '"', '«']);
    let description = strip_separator(rest)?;
    if bare && !rest.is_empty() && description.len() == rest.len() {
        // `- word more words` is a sentence, not a value.
        return None;
    }
    Some(EnumValue {
        value: raw.to_string(),
        description: text::collapse_spaces(description),
    })
}

/// Splits off the value: a code span, bold, quoted, or a bare word.
fn quoted(b: &str) -> Option<(&str, &str)> {
    for (open, close) in [
        ("`", "`"),
        ("**", "**"),
        ("'", "'"),
        ("\"", "\""),
        ("«", "»"),
    ] {
        if let Some(inner) = b.strip_prefix(open) {
            let end = inner.find(close)?;
            return Some((&inner[..end], &inner[end + close.len()..]));
        }
    }
    let end = b
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(b.len());
    Some((&b[..end], &b[end..]))
}

/// A separator then the description, or nothing at all; prose right after the value
/// (`` `V` text``) is accepted only when the value was set off by quotes.
fn strip_separator(rest: &str) -> Option<&str> {
    if rest.is_empty() {
        return Some("");
    }
    for sep in ["—", "–", "-", ":", "="] {
        if let Some(r) = rest.strip_prefix(sep) {
            return Some(r.trim());
        }
    }
    if rest.starts_with('(') || rest.starts_with(',') {
        return Some(rest.trim_start_matches(',').trim());
    }
    Some(rest)
}

/// Values are short identifiers or numbers: no spaces, start with a letter or digit.
fn is_value(v: &str) -> bool {
    let mut chars = v.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let starts_ok = first.is_ascii_alphanumeric() || first == '_' || (first == '-' && v.len() > 1);
    starts_ok
        && v.len() <= 64
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(md: &str) -> Vec<String> {
        from_description(md, false)
            .map(|e| e.values.into_iter().map(|v| v.value).collect())
            .unwrap_or_default()
    }

    #[test]
    fn bullet_styles() {
        assert_eq!(
            values("Тип:\n- `OPEN` — открытый\n- `CHAT` — закрытый"),
            ["OPEN", "CHAT"]
        );
        assert_eq!(values("- lead — лид\n- deal — сделка"), ["lead", "deal"]);
        assert_eq!(values("- **A** — a\n- **B** — b"), ["A", "B"]);
        assert_eq!(values("- `'CHAT'` – c\n- `'TASK'` – t"), ["CHAT", "TASK"]);
        assert_eq!(values("- 'CHAT' – c\n- 'TASK' – t"), ["CHAT", "TASK"]);
        assert_eq!(values("- `A`: a\n- `B`: b"), ["A", "B"]);
        assert_eq!(values("- `A`\n- `B`"), ["A", "B"]);
        assert_eq!(values("- `A` - a\n- B - b"), ["A", "B"]);
    }

    #[test]
    fn descriptions_kept() {
        let e = from_description("- `A` — first one\n- `B` — second", false).unwrap();
        assert_eq!(e.values[0].description, "first one");
    }

    #[test]
    fn not_enums() {
        assert!(values("Формат:\n- **chatXXX** – чат\n- **XXX** – идентификатор").is_empty());
        assert!(values("- `copilot_assistant` — роль\n- любой код доступной роли").is_empty());
        assert!(values("Поддерживаемые форматы:\n- `CRM` — x\n- `LINES` — y").is_empty());
        assert!(values("- `>=` — больше\n- `<` — меньше").is_empty());
    }

    #[test]
    fn placeholder_explanations_are_not_values() {
        let md = "По шаблону `{entityTypeName} #{id}`, где\n- `entityTypeName` — название\n- `id` — идентификатор";
        assert!(values(md).is_empty());
    }

    #[test]
    fn integer_enums() {
        let e = from_description("- `0` — нет\n- `1` — да", true).unwrap();
        assert_eq!(e.repr, EnumRepr::Integer);
        assert!(from_description("- `A` — a\n- `B` — b", true).is_none());
    }
}
