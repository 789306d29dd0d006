//! Type tokens (`string`, `crm_status`, `catalog_product.id`, `object[]`) into
//! [`Type`], and the shared named types they refer to.

use crate::ir::{BoolForm, Field, NamedType, Type};

use super::example;
use crate::extract::cell::TypeToken;

/// What one type token means.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A known type.
    Known(Type),
    /// `char`: a Y/N flag when the description says so, else a one-letter string.
    Char,
    /// `null`: only meaningful as a union member.
    Null,
    /// `unknown`: the page admits it does not know.
    Unknown,
    /// A name the vocabulary lacks.
    Unrecognised(String),
}

/// Meaning of one token.
pub fn token(tok: &TypeToken) -> Token {
    let name = tok.name.trim().trim_matches('`').trim();
    if let Some(item) = name.strip_suffix("[]") {
        return match token(&TypeToken {
            name: item.to_string(),
            link: tok.link.clone(),
        }) {
            Token::Known(t) => Token::Known(array(t)),
            Token::Char => Token::Known(array(Type::String)),
            Token::Null | Token::Unknown => Token::Known(array(Type::Any)),
            Token::Unrecognised(n) => Token::Unrecognised(format!("{n}[]")),
        };
    }
    let lower = name.to_ascii_lowercase();
    if let Some(t) = base(&lower) {
        return t;
    }
    if let Some(t) = dictionary(name) {
        return Token::Known(t);
    }
    Token::Unrecognised(name.to_string())
}

fn array(item: Type) -> Type {
    Type::Array {
        item: Box::new(item),
    }
}

fn object() -> Type {
    Type::Object { fields: Vec::new() }
}

fn named(name: &str) -> Type {
    Type::Named {
        name: name.to_string(),
    }
}

/// The base types of the general data-types page.
fn base(lower: &str) -> Option<Token> {
    let t = match lower {
        "string" | "str" | "text" | "enum" | "crm" => Type::String,
        "integer" | "int" | "long" | "timestamp" | "unixtime" => Type::Integer,
        "double" | "float" | "number" | "decimal" | "numeric" => Type::Number,
        "boolean" | "bool" => Type::Boolean {
            form: BoolForm::Json,
        },
        "y/n" => Type::Boolean {
            form: BoolForm::YesNo,
        },
        "date" => Type::Date,
        "datetime" | "date-time" | "datetime-local" => Type::DateTime,
        "time" => named("time"),
        "file" => Type::File,
        "array" | "list" => array(Type::Any),
        "object" | "map" | "json" => object(),
        "any" | "mixed" | "function" | "callable" => Type::Any,
        "char" => return Some(Token::Char),
        "null" | "void" => return Some(Token::Null),
        "unknown" => return Some(Token::Unknown),
        _ => return None,
    };
    Some(Token::Known(t))
}

/// The per-area dictionaries (`crm/`, `catalog/`, `sale/` data-types pages).
fn dictionary(name: &str) -> Option<Type> {
    if let Some((_, field)) = name.rsplit_once('.') {
        if is_dictionary_object(name) {
            return Some(object());
        }
        // `catalog_product.id`, `sale_order.id`, `catalog_measure.symbol`: a field of a
        // dictionary object; ids are integers, other keys (codes, names) strings.
        return match field.to_ascii_lowercase().as_str() {
            "id" => Some(Type::Integer),
            "" => None,
            _ => Some(Type::String),
        };
    }
    let t = match name {
        "user"
        | "crm_lead"
        | "crm_deal"
        | "crm_contact"
        | "crm_company"
        | "crm_quote"
        | "crm_invoice"
        | "crm_smart_invoice"
        | "crm_category"
        | "crm_entity"
        | "location"
        | "crm_item_product_row"
        | "group"
        | "task"
        | "disk_file" => Type::Integer,
        "crm_status" | "crm_currency" | "userFieldEntityId" | "lang" | "currency" => Type::String,
        "lang_map" => Type::Map {
            value: Box::new(Type::String),
        },
        "crm_multifield" | "uf_enum_element" => named(name),
        "crm_userfield" => Type::Any,
        _ if is_dictionary_object(name) => object(),
        _ => return None,
    };
    Some(t)
}

/// Objects described on the area data-types pages without a fixed field list here.
fn is_dictionary_object(name: &str) -> bool {
    const OBJECTS: &[&str] = &[
        "crm_currency_localization",
        "crm_orderentity",
        "recurring_params",
        "relation",
        "diskfile",
        "attached_diskfile",
        "product_file",
        "crm_activity_binding",
        "crm_activity_communication",
        "type.relations",
        "type.linkedUserFields",
    ];
    OBJECTS.contains(&name)
        || (!name.contains('.')
            && ["catalog_", "sale_", "crm_"]
                .iter()
                .any(|p| name.starts_with(p) && name.len() > p.len()))
}

/// Picks one type for a union: the most specific non-null member. `object | array`
/// stays undecided (`Any`) unless the caller finds a sub-table.
pub fn union(members: Vec<Type>) -> Type {
    let has_object = members.iter().any(|t| matches!(t, Type::Object { .. }));
    let has_array = members.iter().any(|t| matches!(t, Type::Array { .. }));
    if has_object && has_array {
        return Type::Any;
    }
    members
        .into_iter()
        .max_by_key(specificity)
        .unwrap_or(Type::Any)
}

fn specificity(t: &Type) -> u8 {
    match t {
        Type::Object { fields } if !fields.is_empty() => 12,
        Type::Enum(_) => 11,
        Type::Named { .. } | Type::Ref { .. } => 10,
        Type::Filter { .. } | Type::Order { .. } | Type::Select { .. } => 10,
        Type::Object { .. } => 9,
        Type::Array { .. } => 8,
        Type::Map { .. } => 7,
        Type::DateTime => 6,
        Type::Date => 5,
        Type::Integer => 4,
        Type::Number => 3,
        Type::Boolean { .. } => 2,
        Type::File => 1,
        Type::String => 1,
        Type::Null | Type::Any => 0,
    }
}

/// The definition of a shared named type.
pub fn named_type(name: &str) -> Option<NamedType> {
    let (description, fields) = match name {
        "time" => (
            "Timing of the request, present in every response envelope.",
            vec![
                field("start", Type::Number),
                field("finish", Type::Number),
                field("duration", Type::Number),
                field("processing", Type::Number),
                field("date_start", Type::DateTime),
                field("date_finish", Type::DateTime),
                field("operating_reset_at", Type::Integer),
                field("operating", Type::Number),
            ],
        ),
        "crm_multifield" => (
            "A value of a CRM multiple field (phone, e-mail, messenger, web).",
            vec![
                field("ID", Type::Integer),
                field("TYPE_ID", Type::String),
                field("VALUE", Type::String),
                field("VALUE_TYPE", Type::String),
            ],
        ),
        "field_description" => (
            "How a `*.fields` method describes one field.",
            vec![
                field("type", Type::String),
                field("isRequired", boolean()),
                field("isReadOnly", boolean()),
                field("isImmutable", boolean()),
                field("isMultiple", boolean()),
                field("isDynamic", boolean()),
                field("title", Type::String),
                field("statusType", Type::String),
                field("listLabel", Type::String),
                field("formLabel", Type::String),
                field("filterLabel", Type::String),
            ],
        ),
        "uf_enum_element" => (
            "A variant of a list-type user field.",
            vec![
                field("ID", Type::Integer),
                field("VALUE", Type::String),
                field(
                    "DEF",
                    Type::Boolean {
                        form: BoolForm::YesNo,
                    },
                ),
                field("SORT", Type::Integer),
                field("XML_ID", Type::String),
                field(
                    "DEL",
                    Type::Boolean {
                        form: BoolForm::YesNo,
                    },
                ),
            ],
        ),
        _ => return None,
    };
    Some(NamedType {
        name: name.to_string(),
        description: description.to_string(),
        ty: Type::Object { fields },
        defined_at: None,
    })
}

fn boolean() -> Type {
    Type::Boolean {
        form: BoolForm::Json,
    }
}

fn field(name: &str, ty: Type) -> Field {
    Field {
        name: name.to_string(),
        ty,
        required: false,
        required_known: false,
        description: String::new(),
        example: None,
        default: None,
        revision: None,
    }
}

/// Type of a JSON value seen in an example.
pub fn of_json(v: &serde_json::Value) -> Type {
    of_value(None, v)
}

/// Type of a JSON value sent under `key`: text is read for the type it stands for.
fn of_value(key: Option<&str>, v: &serde_json::Value) -> Type {
    use serde_json::Value;
    match v {
        Value::Null => Type::Any,
        Value::Bool(_) => Type::Boolean {
            form: BoolForm::Json,
        },
        Value::Number(n) if n.is_i64() || n.is_u64() => Type::Integer,
        Value::Number(_) => Type::Number,
        Value::String(s) => example::of_text(key, s),
        // Every item, not just the first: a key `null` in one item is typed in another.
        Value::Array(items) => array(
            items
                .iter()
                .map(|item| of_value(key, item))
                .fold(Type::Any, merge),
        ),
        // Keyed by ID (`{"435": {…}, "431": {…}}`): a map of one value type.
        Value::Object(map) if !map.is_empty() && map.keys().all(|k| is_id_key(k)) => Type::Map {
            value: Box::new(map.values().map(of_json).fold(Type::Any, merge)),
        },
        // A portal's own user fields are no field of the type.
        Value::Object(map) => Type::Object {
            fields: map
                .iter()
                .filter(|(k, _)| !example::is_user_field(k))
                .map(|(k, v)| field(k, of_value(Some(k), v)))
                .collect(),
        },
    }
}

fn is_id_key(k: &str) -> bool {
    !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit())
}

/// Two shapes of the same value seen in an example, as one: what either types, with
/// the first kept on a conflict.
pub fn merge(a: Type, b: Type) -> Type {
    match (a, b) {
        (Type::Any, b) => b,
        (a, Type::Any) => a,
        (Type::Object { fields: mut left }, Type::Object { fields: right }) => {
            for f in right {
                match left.iter_mut().find(|x| x.name == f.name) {
                    Some(x) => {
                        let ty = std::mem::replace(&mut x.ty, Type::Any);
                        x.ty = merge(ty, f.ty);
                    }
                    None => left.push(f),
                }
            }
            Type::Object { fields: left }
        }
        (Type::Array { item: a }, Type::Array { item: b }) => array(merge(*a, *b)),
        (Type::Map { value: a }, Type::Map { value: b }) => Type::Map {
            value: Box::new(merge(*a, *b)),
        },
        // Text in one item and a value read from text in another: the text is the wire
        // form both share.
        (Type::String, b) | (b, Type::String) if is_scalar(&b) => Type::String,
        (Type::Integer, Type::Number) | (Type::Number, Type::Integer) => Type::Number,
        (Type::Date, Type::DateTime) | (Type::DateTime, Type::Date) => Type::DateTime,
        (a, _) => a,
    }
}

fn is_scalar(t: &Type) -> bool {
    matches!(
        t,
        Type::String
            | Type::Integer
            | Type::Number
            | Type::Boolean { .. }
            | Type::Date
            | Type::DateTime
    )
}

/// Type of a value written in an example cell (`289`, `'chat74'`, `Y`).
pub fn of_example_text(text: &str) -> Option<Type> {
    let t = text.trim().trim_matches('`').trim();
    if t.is_empty() {
        return None;
    }
    if t.parse::<i64>().is_ok() {
        return Some(Type::Integer);
    }
    if t.parse::<f64>().is_ok() && t.contains('.') {
        return Some(Type::Number);
    }
    if matches!(t, "true" | "false") {
        return Some(Type::Boolean {
            form: BoolForm::Json,
        });
    }
    if matches!(t, "Y" | "N") {
        return Some(Type::Boolean {
            form: BoolForm::YesNo,
        });
    }
    let unquoted = t.trim_matches(['\'', '"']);
    if let found @ (Type::Date | Type::DateTime) = example::of_text(None, unquoted) {
        return Some(found);
    }
    if t.starts_with('[') {
        // `[103, 547]`: the items say what they are.
        return Some(match serde_json::from_str::<serde_json::Value>(t) {
            Ok(v @ serde_json::Value::Array(_)) => of_json(&v),
            _ => array(Type::Any),
        });
    }
    if t.starts_with('{') {
        return Some(object());
    }
    Some(Type::String)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str) -> Token {
        token(&TypeToken {
            name: s.to_string(),
            link: None,
        })
    }

    #[test]
    fn base_types() {
        assert_eq!(tok("string"), Token::Known(Type::String));
        assert_eq!(tok("double"), Token::Known(Type::Number));
        assert_eq!(tok("time"), Token::Known(named("time")));
        assert_eq!(tok("char"), Token::Char);
        assert_eq!(tok("unknown"), Token::Unknown);
        assert_eq!(tok("string[]"), Token::Known(array(Type::String)));
    }

    #[test]
    fn dictionaries() {
        assert_eq!(tok("catalog_product.id"), Token::Known(Type::Integer));
        assert_eq!(tok("crm_status"), Token::Known(Type::String));
        assert_eq!(tok("catalog_measure.symbol"), Token::Known(Type::String));
        assert_eq!(tok("type.relations"), Token::Known(object()));
        assert_eq!(tok("crm_contact"), Token::Known(Type::Integer));
        assert_eq!(
            tok("crm_multifield[]"),
            Token::Known(array(named("crm_multifield")))
        );
        assert!(matches!(tok("lang_map"), Token::Known(Type::Map { .. })));
        assert_eq!(
            tok("RestAppLayoutDto"),
            Token::Unrecognised("RestAppLayoutDto".into())
        );
    }

    #[test]
    fn unions_pick_specific() {
        assert_eq!(union(vec![Type::String, Type::Integer]), Type::Integer);
        assert_eq!(union(vec![object(), array(Type::Any)]), Type::Any);
    }

    #[test]
    fn examples_merge_items_and_id_keys() {
        let v = serde_json::json!([{"a": null, "b": 1}, {"a": "x"}]);
        let Type::Array { item } = of_json(&v) else {
            panic!("array");
        };
        let Type::Object { fields } = *item else {
            panic!("object");
        };
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].ty, Type::String);
        let v = serde_json::json!({"431": {"t": null}, "435": {"t": 2}});
        assert!(
            matches!(of_json(&v), Type::Map { value } if matches!(&*value, Type::Object { fields } if fields[0].ty == Type::Integer))
        );
    }

    #[test]
    fn example_texts() {
        assert_eq!(of_example_text("`289`"), Some(Type::Integer));
        assert_eq!(of_example_text("'chat74'"), Some(Type::String));
        assert_eq!(of_example_text(""), None);
    }
}
