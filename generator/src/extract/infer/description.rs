//! Types for the sub-keys an object row lists as bullets (``- `ID` — идентификатор``):
//! the value the example calls send under that key, else what the description says.
//! An `order` object maps field names to a sort direction.

use serde_json::Value;

use crate::ir::{BoolForm, EnumRepr, EnumType, EnumValue, Field, Type};

use super::tokens;
use crate::extract::{enums, text, vocabulary};

/// The type of bullet key `key` of object `parent`, with the reason for the note.
pub fn infer(
    parent: &str,
    key: &str,
    desc: &str,
    sample: Option<&Value>,
) -> Option<(Type, &'static str)> {
    if let Some(v) = sample.filter(|v| !v.is_null() && v.as_str() != Some("")) {
        return Some((tokens::of_json(v), "from the value the example calls send"));
    }
    if is_order(parent) {
        return Some((
            direction(&[]),
            "the values of an `order` object are sort directions",
        ));
    }
    if mentions_yes_no(desc) {
        let ty = Type::Boolean {
            form: BoolForm::YesNo,
        };
        return Some((ty, "the description names the values `Y` and `N`"));
    }
    if let Some(e) = enums::from_description(desc, false) {
        let numeric = e.values.iter().all(|v| v.value.parse::<i64>().is_ok());
        let e = if numeric {
            EnumType {
                repr: EnumRepr::Integer,
                ..e
            }
        } else {
            e
        };
        return Some((Type::Enum(e), "the description lists its values"));
    }
    let lower = text::lowercase(desc.trim());
    if is_id(key, desc, &lower) {
        return Some((Type::Integer, "the description calls it an identifier"));
    }
    if vocabulary::COUNT_DESCRIPTION.starts(&lower)
        || vocabulary::TIMESTAMP_DESCRIPTION.within(&lower)
    {
        return Some((Type::Integer, "the description calls it a count or number"));
    }
    if vocabulary::ID_DESCRIPTION.starts(&lower) && !vocabulary::SITE_ID_DESCRIPTION.within(&lower)
    {
        return Some((Type::Integer, "the description calls it an identifier"));
    }
    if vocabulary::DATE_DESCRIPTION.starts(&lower) {
        return Some((Type::DateTime, "the description calls it a date"));
    }
    if vocabulary::SORT_DESCRIPTION.starts(&lower) {
        return Some((Type::Integer, "the description calls it a sort index"));
    }
    if vocabulary::TEXT_DESCRIPTION.starts(&lower) {
        return Some((Type::String, "the description calls it a name or text"));
    }
    None
}

/// The object row's own type once its bullet keys are known: `order` objects whose
/// bullets are only the directions (`asc`, `desc`) map any field to a direction.
pub fn shape(parent: &str, fields: Vec<Field>) -> Type {
    let names = || fields.iter().map(|f| f.name.as_str());
    // `- Y — …`, `- N — …`: the bullets are the two values of a flag, not keys.
    if fields.len() == 2 && names().all(|n| n == "Y" || n == "N") {
        return Type::Boolean {
            form: BoolForm::YesNo,
        };
    }
    // `field_n`, `value_n`, `propertyN`: the keys are arbitrary names.
    if !fields.is_empty() && names().all(is_placeholder) {
        let value = if is_order(parent) {
            direction(&[])
        } else {
            Type::Any
        };
        return Type::Map {
            value: Box::new(value),
        };
    }
    let directions = !fields.is_empty()
        && fields
            .iter()
            .all(|f| matches!(f.name.to_ascii_lowercase().as_str(), "asc" | "desc"));
    if directions {
        return Type::Map {
            value: Box::new(direction(&fields)),
        };
    }
    Type::Object { fields }
}

/// A key standing for any name: `field_n`, `value_N`, `propertyN`, `UF_...`.
fn is_placeholder(name: &str) -> bool {
    if name.ends_with("...") || name.ends_with('…') {
        return true;
    }
    let stem = name
        .strip_suffix("_n")
        .or_else(|| name.strip_suffix("_N"))
        .or_else(|| name.strip_suffix('N'));
    stem.is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase()))
}

/// Whether `name` is a sort object (`order`, `ORDER`).
fn is_order(name: &str) -> bool {
    name.eq_ignore_ascii_case("order")
}

/// `ASC` / `DESC`, spelled and described as the page lists them when it does.
fn direction(listed: &[Field]) -> Type {
    let values = if listed.is_empty() {
        ["ASC", "DESC"]
            .iter()
            .map(|v| EnumValue {
                value: v.to_string(),
                description: String::new(),
            })
            .collect()
    } else {
        listed
            .iter()
            .map(|f| EnumValue {
                value: f.name.clone(),
                description: f.description.clone(),
            })
            .collect()
    };
    Type::Enum(EnumType {
        repr: EnumRepr::String,
        values,
    })
}

/// Whether a description lists `Y` and `N` as the values.
pub fn mentions_yes_no(desc: &str) -> bool {
    let spans = text::code_spans(desc);
    let span_yn = spans
        .iter()
        .any(|s| matches!(s.trim_matches(['\'', '"']), "Y" | "N"));
    span_yn || (text::has_word(desc, "Y") && text::has_word(desc, "N"))
}

/// A numeric identifier: named `…ID`/`…Id`, described as one, and not one of the
/// string codes (`SITE_ID` is `s1`, `XML_ID` is an external code).
fn is_id(key: &str, desc: &str, lower: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    let named = upper == "ID" || upper.ends_with("_ID") || key.ends_with("Id");
    let described = vocabulary::IDENTIFIER_WORD.within(lower) || text::has_word(desc, "ID");
    let string_code = ["SITE", "XML", "GUID", "UUID", "CODE", "LANG"]
        .iter()
        .any(|w| upper.contains(w))
        || vocabulary::TEXT_ID_DESCRIPTION.within(lower);
    named && described && !string_code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(parent: &str, key: &str, desc: &str) -> Option<Type> {
        infer(parent, key, desc, None).map(|(t, _)| t)
    }

    #[test]
    fn descriptions() {
        assert_eq!(
            ty("filter", "TASK_ID", "идентификатор задачи"),
            Some(Type::Integer)
        );
        assert_eq!(ty("filter", "SITE_ID", "идентификатор сайта"), None);
        assert_eq!(
            ty("filter", "ADD_IN_REPORT", "задача в отчете (Y|N)"),
            Some(Type::Boolean {
                form: BoolForm::YesNo
            })
        );
        assert_eq!(
            ty("pagination", "page", "номер страницы"),
            Some(Type::Integer)
        );
        assert_eq!(ty("fields", "TITLE", "название задачи"), Some(Type::String));
        assert_eq!(ty("filter", "CREATED_BY", "постановщик"), None);
        assert_eq!(
            ty("filter", "AUDITOR", "идентификатор наблюдателя"),
            Some(Type::Integer)
        );
        assert_eq!(
            ty("filter", "CLOSED_DATE", "дата завершения"),
            Some(Type::DateTime)
        );
        assert!(matches!(
            ty("ORDER", "TITLE", "название"),
            Some(Type::Enum(_))
        ));
    }

    #[test]
    fn shapes() {
        let f = |name: &str| Field {
            name: name.to_string(),
            ty: Type::Any,
            required: false,
            required_known: false,
            description: String::new(),
            example: None,
            default: None,
            revision: None,
        };
        assert!(matches!(
            shape("x", vec![f("asc"), f("desc")]),
            Type::Map { .. }
        ));
        assert!(matches!(
            shape("x", vec![f("field_n"), f("value_n")]),
            Type::Map { .. }
        ));
        assert!(matches!(
            shape("x", vec![f("Y"), f("N")]),
            Type::Boolean { .. }
        ));
        assert!(matches!(
            shape("x", vec![f("ID"), f("value_n")]),
            Type::Object { .. }
        ));
        assert!(!is_placeholder("ACTION"));
        let order = shape("order", vec![f("field_n")]);
        assert!(matches!(order, Type::Map { value } if matches!(*value, Type::Enum(_))));
    }

    #[test]
    fn samples_win() {
        let v = serde_json::json!([1, 2]);
        let t = infer("fields", "X", "название", Some(&v)).map(|(t, _)| t);
        assert_eq!(
            t,
            Some(Type::Array {
                item: Box::new(Type::Integer)
            })
        );
    }
}
