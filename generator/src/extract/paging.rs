//! Per-method paging facts, read once entity types are known: whether a method is a
//! list, where its rows are, the id a row carries and the id as the filter and order
//! parameters spell it; and whether the method only reads.

use std::collections::HashMap;

use serde_json::Value;

use crate::ir::{self, Field, NamedType, Type};

/// Sets `paging` and `read_only` on every method.
pub fn annotate(methods: &mut [ir::Method], types: &[NamedType]) {
    let named: HashMap<&str, &Type> = types.iter().map(|t| (t.name.as_str(), &t.ty)).collect();
    for m in methods {
        m.paging = is_list(m).then(|| facts(m, &named));
        m.read_only = m.paging.is_some() || reads(&m.name);
    }
}

/// A list: it pages with `start`, or its name says so (`*.list`, `*.getlist`).
fn is_list(m: &ir::Method) -> bool {
    m.pagination == ir::Pagination::Start || matches!(last(&m.name).as_str(), "list" | "getlist")
}

fn last(name: &str) -> String {
    name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase()
}

/// Reads by the protocol's naming: getters, field lists, counts, searches.
fn reads(name: &str) -> bool {
    let verb = last(name);
    verb.starts_with("get")
        || matches!(
            verb.as_str(),
            "list" | "fields" | "current" | "count" | "search" | "info" | "version"
        )
}

fn facts(m: &ir::Method, named: &HashMap<&str, &Type>) -> ir::Paging {
    let (rows, item) = rows(&m.response.ty);
    let row_id = item.and_then(|t| fields_of(t, named)).and_then(|fields| {
        fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case("id"))
            .map(|f| f.name.clone())
    });
    let filter = param(m, "filter");
    let order = param(m, "order");
    let param_id = param_id(m, &[&filter, &order], row_id.as_deref());
    ir::Paging {
        rows,
        row_id,
        filter_param: filter,
        order_param: order,
        param_id,
    }
}

/// The rows member (`None` for a bare list) and the row type, when known.
fn rows(ty: &Type) -> (Option<String>, Option<&Type>) {
    match ty {
        Type::Array { item } => (None, Some(item)),
        Type::Object { fields } => match rows_member(fields).map(|f| (&f.name, &f.ty)) {
            Some((name, Type::Array { item })) => (Some(name.clone()), Some(item)),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

/// The member of a wrapped list holding its rows: its only array; else its only array of
/// records (objects with fields, entities), next to lists of ids or settings; else the one
/// the protocol's wrappers use (`items`).
fn rows_member(fields: &[Field]) -> Option<&Field> {
    let arrays: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.ty, Type::Array { .. }))
        .collect();
    if let [only] = arrays.as_slice() {
        return Some(only);
    }
    let records: Vec<&Field> = arrays
        .iter()
        .copied()
        .filter(|f| matches!(&f.ty, Type::Array { item } if is_record(item)))
        .collect();
    if let [only] = records.as_slice() {
        return Some(only);
    }
    arrays.into_iter().find(|f| f.name == "items")
}

fn is_record(ty: &Type) -> bool {
    match ty {
        Type::Object { fields } => !fields.is_empty(),
        Type::Named { .. } => true,
        _ => false,
    }
}

fn fields_of<'a>(ty: &'a Type, named: &HashMap<&str, &'a Type>) -> Option<&'a [Field]> {
    match ty {
        Type::Object { fields } => Some(fields),
        Type::Named { name } => match named.get(name.as_str()) {
            Some(Type::Object { fields }) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

/// The parameter named `what` in any case, as documented; `what` when undocumented.
fn param(m: &ir::Method, what: &str) -> String {
    m.params
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(what))
        .map_or_else(|| what.to_string(), |p| p.name.clone())
}

/// The id as filter and order keys spell it: a key of theirs that is the id (documented
/// or sent by an example), else the case the keys are written in, else the row's.
fn param_id(m: &ir::Method, params: &[&str], row_id: Option<&str>) -> String {
    let mut keys: Vec<String> = Vec::new();
    for p in &m.params {
        if params.contains(&p.name.as_str()) {
            match &p.ty {
                Type::Object { fields } => keys.extend(fields.iter().map(|f| f.name.clone())),
                Type::Filter { fields } | Type::Order { fields } => keys.extend(fields.clone()),
                _ => {}
            }
        }
    }
    for e in &m.examples {
        let Some(Value::Object(sent)) = &e.params else {
            continue;
        };
        for p in params {
            if let Some(Value::Object(map)) = sent.get(*p) {
                keys.extend(map.keys().cloned());
            }
        }
    }
    let bare: Vec<&str> = keys
        .iter()
        .map(|k| k.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|k| k.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    if let Some(id) = bare.iter().find(|k| k.eq_ignore_ascii_case("id")) {
        return id.to_string();
    }
    let upper = |k: &&str| !k.chars().any(|c| c.is_ascii_lowercase());
    if !bare.is_empty() && bare.iter().all(upper) {
        return "ID".to_string();
    }
    if !bare.is_empty() && bare.iter().all(|k| !upper(k)) {
        return "id".to_string();
    }
    row_id.unwrap_or("ID").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn array(item: Type) -> Type {
        Type::Array {
            item: Box::new(item),
        }
    }

    fn record() -> Type {
        Type::Object {
            fields: vec![field("id", Type::Integer)],
        }
    }

    #[test]
    fn the_rows_member_of_a_wrapped_list() {
        let member = |fields: Vec<Field>| rows(&Type::Object { fields }).0;
        assert_eq!(
            member(vec![
                field("tasks", array(record())),
                field("total", Type::Integer)
            ]),
            Some("tasks".to_string())
        );
        // Rows of records next to a list of settings.
        assert_eq!(
            member(vec![
                field("configs", array(Type::Any)),
                field("chats", array(record())),
                field("hasMore", Type::String),
            ]),
            Some("chats".to_string())
        );
        // Two lists of records: the protocol's `items` wrapper, else undecided.
        assert_eq!(
            member(vec![
                field("users", array(record())),
                field("items", array(record()))
            ]),
            Some("items".to_string())
        );
        assert_eq!(
            member(vec![
                field("users", array(record())),
                field("groups", array(record()))
            ]),
            None
        );
        assert_eq!(rows(&array(record())).0, None);
    }

    #[test]
    fn getters_and_lists_read() {
        assert!(reads("tasks.task.getFields"));
        assert!(reads("crm.deal.list"));
        assert!(!reads("crm.deal.add"));
        assert!(!reads("im.message.delete"));
    }
}
