//! A result type for pages without a returned-data table or a JSON example: what the
//! response prose says (`Возвращает `true``, "идентификатор созданного …", "returns
//! `null`"), else the method-name convention of the REST API (`*.delete` answers `true`).

use crate::ir::{BoolForm, Type};

use crate::extract::{text, vocabulary};

/// The type the prose states, with the words that said so.
pub fn from_prose(prose: &str) -> Option<(Type, &'static str)> {
    let lower = text::lowercase(prose);
    if vocabulary::NULL_RESULT.within(&lower) {
        return Some((Type::Null, "the prose says it is `null`"));
    }
    let returns = vocabulary::RETURNS.within(&lower);
    if returns && vocabulary::TRUE_RESULT.within(&lower) {
        return Some((boolean(), "the prose says it is `true`"));
    }
    let id = vocabulary::ID_RESULT.within(&lower);
    let created = vocabulary::CREATED_RESULT.within(&lower);
    if id && created {
        return Some((Type::Integer, "the prose says it is the new record's ID"));
    }
    None
}

/// What the API's naming convention says the result of `name` is: the last resort for
/// pages that document no response at all.
pub fn from_name(name: &str) -> Option<(Type, &'static str)> {
    let verb = name.rsplit('.').next()?.to_ascii_lowercase();
    let object = || Type::Object { fields: Vec::new() };
    let t = match verb.as_str() {
        "delete" | "update" => (
            boolean(),
            "`*.delete` and `*.update` methods answer `true` on success",
        ),
        "add" => (
            Type::Integer,
            "`*.add` methods answer the ID of the new record",
        ),
        "get" => (object(), "`*.get` methods answer the record as an object"),
        "fields" => (
            Type::Map {
                value: Box::new(Type::Named {
                    name: "field_description".to_string(),
                }),
            },
            "`*.fields` methods answer a map of field name to field description",
        ),
        "list" | "getlist" => (
            Type::Array {
                item: Box::new(object()),
            },
            "`*.list` methods answer an array of records",
        ),
        _ => return None,
    };
    Some(t)
}

fn boolean() -> Type {
    Type::Boolean {
        form: BoolForm::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_statements() {
        let t = |s: &str| from_prose(s).map(|(t, _)| t);
        assert_eq!(
            t("Метод удаляет роль и возвращает `null`."),
            Some(Type::Null)
        );
        assert_eq!(t("Возвращает `true` в случае успеха"), Some(boolean()));
        assert_eq!(
            t("Числовой идентификатор созданного приложения `APP_ID`."),
            Some(Type::Integer)
        );
        assert_eq!(
            t("Returns the ID of the created item."),
            Some(Type::Integer)
        );
        assert_eq!(t("Метод возвращает файл как контент на загрузку"), None);
    }

    #[test]
    fn name_convention() {
        assert_eq!(
            from_name("crm.measure.delete").map(|(t, _)| t),
            Some(boolean())
        );
        assert_eq!(
            from_name("crm.measure.add").map(|(t, _)| t),
            Some(Type::Integer)
        );
        assert!(matches!(
            from_name("crm.product.list").map(|(t, _)| t),
            Some(Type::Array { .. })
        ));
        assert_eq!(
            from_name("crm.measure.fields").map(|(t, _)| t),
            Some(Type::Map {
                value: Box::new(Type::Named {
                    name: "field_description".to_string()
                })
            })
        );
        assert_eq!(from_name("im.chat.mute"), None);
    }
}
