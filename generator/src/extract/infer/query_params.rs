//! The list parameters every list method shares in form: `filter`, `order` and `select`.
//!
//! Pages label them `object`, `array` (PHP's word for a keyed array), or leave the type out,
//! and list the fields they accept as if those were the value's own fields. On the wire
//! each has one form whatever the page (PROTOCOL.md §2, §6):
//!
//! - `filter`: keys are field names with an operator prefix (`>=DATE_CREATE`, `!ID`,
//!   `%TITLE`), values are scalars or lists;
//! - `order`: field names to `ASC`/`DESC`, the first key sorting first;
//! - `select`: a list of field names, `*` and `UF_*` included.
//!
//! So the parameter's type is decided by its name and the rough shape the page gives it,
//! never by the fields listed. Shapes that say something else are left alone: a filter
//! written as a list of conditions (`[["id", ">", 5]]`, REST 3.0), an `order` that is a
//! single direction, a `select` whose values are a documented closed set.

use crate::ir::Type;

/// The type of the top-level parameter `name` documented as `ty`, when it is one of the
/// list parameters, with the reason; `None` keeps the documented type.
pub fn decide(name: &str, ty: &Type) -> Option<(Type, &'static str)> {
    let is = |word: &str| name.eq_ignore_ascii_case(word);
    let fields = listed(ty);
    if is("filter") && keyed(ty) {
        return Some((
            Type::Filter { fields },
            "a list filter: field keys with an operator prefix to values",
        ));
    }
    if is("order") && keyed(ty) {
        return Some((
            Type::Order { fields },
            "a list order: field names to ASC/DESC, first key first",
        ));
    }
    if is("select") && names(ty) {
        return Some((
            Type::Select { fields },
            "a list select: field names, `*` and `UF_*`",
        ));
    }
    None
}

/// The field names a page lists for the parameter: the rows of its object, or of its
/// items' object.
fn listed(ty: &Type) -> Vec<String> {
    match ty {
        Type::Object { fields } => fields.iter().map(|f| f.name.clone()).collect(),
        Type::Array { item } => match &**item {
            Type::Object { fields } => fields.iter().map(|f| f.name.clone()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A keyed array as pages describe one: an object (its listed fields are the keys it
/// accepts), a map, a PHP `array` of unknown or keyed items, or nothing said. A list of
/// lists is the conditions form, not keys.
fn keyed(ty: &Type) -> bool {
    match ty {
        Type::Object { .. } | Type::Map { .. } | Type::Ref { .. } | Type::Any => true,
        Type::Array { item } => matches!(**item, Type::Any | Type::Object { .. }),
        _ => false,
    }
}

/// A list of field names as pages describe one: a list of strings, of unknown items, or of
/// the fields one may name (an object row per field); an object of such rows, or nothing
/// said. A list of documented values stays an enum.
fn names(ty: &Type) -> bool {
    match ty {
        Type::Object { .. } | Type::Ref { .. } | Type::Any => true,
        Type::Array { item } => matches!(**item, Type::String | Type::Any | Type::Object { .. }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumRepr, EnumType, EnumValue, Field};

    fn object(names: &[&str]) -> Type {
        Type::Object {
            fields: names
                .iter()
                .map(|n| Field {
                    name: n.to_string(),
                    ty: Type::String,
                    required: false,
                    required_known: false,
                    description: String::new(),
                    example: None,
                    default: None,
                    revision: None,
                })
                .collect(),
        }
    }

    fn array(item: Type) -> Type {
        Type::Array {
            item: Box::new(item),
        }
    }

    fn directions() -> Type {
        Type::Enum(EnumType {
            repr: EnumRepr::String,
            values: ["ASC", "DESC"]
                .map(|v| EnumValue {
                    value: v.to_string(),
                    description: String::new(),
                })
                .to_vec(),
        })
    }

    fn kind(name: &str, ty: Type) -> Option<Type> {
        decide(name, &ty).map(|(t, _)| t)
    }

    fn listing(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    const FILTER: Type = Type::Filter { fields: Vec::new() };
    const ORDER: Type = Type::Order { fields: Vec::new() };
    const SELECT: Type = Type::Select { fields: Vec::new() };

    #[test]
    fn keyed_filters_and_orders_in_any_spelling_of_the_name() {
        for name in ["filter", "FILTER", "Filter"] {
            assert_eq!(kind(name, object(&[])), Some(FILTER));
            assert_eq!(
                kind(name, object(&["ID", ">=DATE"])),
                Some(Type::Filter {
                    fields: listing(&["ID", ">=DATE"])
                })
            );
            assert_eq!(kind(name, array(Type::Any)), Some(FILTER));
            assert_eq!(kind(name, Type::Any), Some(FILTER));
        }
        let map = Type::Map {
            value: Box::new(directions()),
        };
        assert_eq!(kind("order", map), Some(ORDER));
        assert_eq!(
            kind("ORDER", object(&["ID"])),
            Some(Type::Order {
                fields: listing(&["ID"])
            })
        );
    }

    #[test]
    fn field_name_lists_become_a_select() {
        assert_eq!(kind("select", array(Type::String)), Some(SELECT));
        assert_eq!(
            kind("SELECT", array(object(&["ID", "NAME"]))),
            Some(Type::Select {
                fields: listing(&["ID", "NAME"])
            })
        );
        assert_eq!(kind("select", object(&[])), Some(SELECT));
    }

    #[test]
    fn other_shapes_and_names_keep_their_type() {
        // REST 3.0 conditions, a single direction, a closed set of names, plain text.
        assert_eq!(kind("filter", array(array(Type::String))), None);
        assert_eq!(kind("order", directions()), None);
        assert_eq!(kind("order", array(directions())), None);
        assert_eq!(kind("select", array(directions())), None);
        assert_eq!(kind("FILTER", Type::String), None);
        assert_eq!(kind("fields", object(&[])), None);
        assert_eq!(kind("filters", object(&[])), None);
    }

    #[test]
    fn every_decision_gives_its_reason() {
        let (_, reason) = decide("filter", &Type::Any).unwrap_or((Type::Any, ""));
        assert!(reason.contains("operator"));
    }
}
