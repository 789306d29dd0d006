//! Front matter: what it says overrides the body when it is concrete; a contradiction
//! is reported. Its JSON Schemas become fields and types.

use serde_json::Value;

use crate::diag::Code;
use crate::ir::{
    BoolForm, Deprecation, EnumRepr, EnumType, EnumValue, Field, Method, Pagination, Response,
    ResponseSource, Type,
};
use crate::page::FrontMatter;

use super::infer::tokens;
use super::Ctx;

pub fn apply(cx: &mut Ctx, fm: &FrontMatter, m: &mut Method) {
    let pos = fm.pos;
    if !fm.scopes.is_empty() {
        if !m.scopes.is_empty() && m.scopes != fm.scopes {
            let msg = format!(
                "front matter scopes {:?} differ from the page's {:?}",
                fm.scopes, m.scopes
            );
            cx.diag(Code::FrontMatterConflict, pos, msg);
        }
        m.scopes = fm.scopes.clone();
    }
    match fm.deprecated {
        Some(true) if m.deprecated.is_none() => m.deprecated = Some(Deprecation::default()),
        Some(false) if m.deprecated.is_some() => {
            cx.diag(
                Code::FrontMatterConflict,
                pos,
                "front matter says `deprecated: false` but the page marks the method deprecated",
            );
            m.deprecated = None;
        }
        _ => {}
    }
    if !fm.aliases.is_empty() {
        m.aliases = fm.aliases.clone();
    }
    if fm.rate_limit_per_sec.is_some() {
        m.rate_limit_per_sec = fm.rate_limit_per_sec;
    }
    match fm
        .pagination
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("start") => m.pagination = Pagination::Start,
        Some("none") => m.pagination = Pagination::None,
        _ => {}
    }
    if let Some(schema) = fm.params.as_ref() {
        apply_params(cx, fm, schema, &mut m.params);
    }
    if let Some(ty) = fm.returns.as_ref().and_then(schema_type) {
        if m.response.ty.is_typed() && !same_shape(&m.response.ty, &ty) {
            cx.diag(
                Code::FrontMatterConflict,
                pos,
                "front matter `returns` differs from the response the page documents",
            );
        }
        m.response = Response {
            ty,
            source: ResponseSource::FrontMatter,
            description: std::mem::take(&mut m.response.description),
        };
    }
}

fn same_shape(a: &Type, b: &Type) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn apply_params(cx: &mut Ctx, fm: &FrontMatter, schema: &Value, params: &mut Vec<Field>) {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let required = required_list(schema);
    for (name, prop) in props {
        let ty = schema_type(prop).unwrap_or(Type::Any);
        let is_required = required.contains(&name.as_str());
        match params.iter_mut().find(|f| &f.name == name) {
            Some(f) => {
                if ty.is_typed() {
                    if f.ty.is_typed() && !same_shape(&f.ty, &ty) {
                        let msg = format!(
                            "front matter type of `{name}` differs from the parameter table"
                        );
                        cx.diag(Code::FrontMatterConflict, fm.pos, msg);
                    }
                    f.ty = ty;
                }
                if f.required_known && f.required != is_required {
                    let msg = format!("front matter and the parameter table disagree on whether `{name}` is required");
                    cx.diag(Code::FrontMatterConflict, fm.pos, msg);
                }
                f.required = is_required;
                f.required_known = true;
            }
            None => params.push(Field {
                name: name.clone(),
                ty,
                required: is_required,
                required_known: true,
                description: prop
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                example: None,
                default: None,
                revision: None,
            }),
        }
    }
}

fn required_list(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A JSON Schema as a type; `None` when it says nothing concrete (`{"type":"object"}`
/// without properties, or no type).
pub fn schema_type(s: &Value) -> Option<Type> {
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        return enum_type(values);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = s.get(key).and_then(Value::as_array) {
            let members: Vec<Type> = list.iter().filter_map(schema_type).collect();
            return (!members.is_empty()).then(|| tokens::union(members));
        }
    }
    let ty = match s.get("type")? {
        Value::String(t) => t.as_str(),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")?,
        _ => return None,
    };
    Some(match ty {
        "string" => match s.get("format").and_then(Value::as_str) {
            Some("date") => Type::Date,
            Some("date-time") => Type::DateTime,
            _ => Type::String,
        },
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean {
            form: BoolForm::Json,
        },
        "array" => Type::Array {
            item: Box::new(s.get("items").and_then(schema_type).unwrap_or(Type::Any)),
        },
        "object" => return object_type(s),
        _ => return None,
    })
}

fn object_type(s: &Value) -> Option<Type> {
    if let Some(props) = s
        .get("properties")
        .and_then(Value::as_object)
        .filter(|p| !p.is_empty())
    {
        let required = required_list(s);
        let fields = props
            .iter()
            .map(|(name, p)| Field {
                name: name.clone(),
                ty: schema_type(p).unwrap_or(Type::Any),
                required: required.contains(&name.as_str()),
                required_known: true,
                description: p
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                example: None,
                default: None,
                revision: None,
            })
            .collect();
        return Some(Type::Object { fields });
    }
    let value = s.get("additionalProperties").filter(|v| v.is_object())?;
    Some(Type::Map {
        value: Box::new(schema_type(value).unwrap_or(Type::Any)),
    })
}

fn enum_type(values: &[Value]) -> Option<Type> {
    let integer = values.iter().all(Value::is_i64);
    let values: Vec<EnumValue> = values
        .iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .map(|value| EnumValue {
            value,
            description: String::new(),
        })
        .collect();
    (!values.is_empty()).then_some(Type::Enum(EnumType {
        repr: if integer {
            EnumRepr::Integer
        } else {
            EnumRepr::String
        },
        values,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bare_object_says_nothing() {
        assert_eq!(schema_type(&json!({"type":"object"})), None);
    }

    #[test]
    fn schemas() {
        assert_eq!(schema_type(&json!({"type":"integer"})), Some(Type::Integer));
        assert_eq!(
            schema_type(&json!({"type":["string","null"],"format":"date"})),
            Some(Type::Date)
        );
        let t = schema_type(
            &json!({"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}),
        )
        .unwrap();
        let Type::Object { fields } = t else { panic!() };
        assert!(fields[0].required);
    }
}
