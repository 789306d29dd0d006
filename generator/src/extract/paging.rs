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
        let offset = offset_pages(m);
        m.paging = (is_list(m) || offset.is_some()).then(|| facts(m, &named, offset));
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

fn facts(m: &ir::Method, named: &HashMap<&str, &Type>, offset: Option<ir::Pages>) -> ir::Paging {
    let (rows, item) = rows(&m.response.ty, named);
    let row_fields = item.and_then(|t| fields_of(t, named));
    let row_id = match row_fields {
        Some(fields) => fields
            .iter()
            .find(|f| is_id(&f.name))
            .map(|f| f.name.clone()),
        // Rows the page leaves untyped: the id an example selects.
        None => selected_id(m),
    };
    let (filter_param, id_filter) = filter(m, row_fields.unwrap_or_default(), row_id.as_deref());
    let (order_param, id_order) = order(m);
    let mut keyed = Vec::new();
    if id_filter == ir::IdFilter::Param {
        keyed.push(filter_param.as_str());
    }
    if id_order == ir::IdOrder::Map {
        keyed.push(order_param.as_str());
    }
    let param_id = match id_filter {
        ir::IdFilter::TopLevel => filter_param.clone(),
        _ => param_id(m, &keyed, row_id.as_deref()),
    };
    ir::Paging {
        rows,
        row_id,
        filter_param,
        order_param,
        param_id,
        id_filter,
        id_order,
        pages: offset.unwrap_or_default(),
    }
}

fn is_id(name: &str) -> bool {
    name.eq_ignore_ascii_case("id")
}

/// The rows member (`None` for a bare list) and the row type, when known. Of several
/// lists in an object, the one whose rows carry an id.
fn rows<'t>(ty: &'t Type, named: &HashMap<&str, &'t Type>) -> (Option<String>, Option<&'t Type>) {
    match ty {
        Type::Array { item } => (None, Some(item)),
        Type::Object { fields } => match rows_member(fields, named).map(|f| (&f.name, &f.ty)) {
            Some((name, Type::Array { item })) => (Some(name.clone()), Some(&**item)),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

/// The member of a wrapped list holding its rows: its only array; else its only array
/// whose rows carry an id; else its only array of records (objects with fields, entities),
/// next to lists of ids or settings; else the one the protocol's wrappers use (`items`).
fn rows_member<'t>(fields: &'t [Field], named: &HashMap<&str, &'t Type>) -> Option<&'t Field> {
    let arrays: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.ty, Type::Array { .. }))
        .collect();
    if let [only] = arrays.as_slice() {
        return Some(only);
    }
    let with_id: Vec<&Field> = arrays
        .iter()
        .copied()
        .filter(|f| match &f.ty {
            Type::Array { item } => {
                fields_of(item, named).is_some_and(|fs| fs.iter().any(|f| is_id(&f.name)))
            }
            _ => false,
        })
        .collect();
    if let [only] = with_id.as_slice() {
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
        Type::Object { fields } if !fields.is_empty() => Some(fields),
        Type::Named { name } => match named.get(name.as_str()) {
            Some(Type::Object { fields }) if !fields.is_empty() => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

/// The id among the fields an example selects (`select: ["ID", "NAME"]`).
fn selected_id(m: &ir::Method) -> Option<String> {
    m.examples
        .iter()
        .filter_map(|e| e.params.as_ref()?.as_object())
        .flat_map(|sent| sent.iter())
        .filter(|(key, _)| key.eq_ignore_ascii_case("select"))
        .filter_map(|(_, value)| value.as_array())
        .flatten()
        .filter_map(Value::as_str)
        .find(|field| is_id(field))
        .map(str::to_string)
}

/// A parameter's name and documented type (`None` when only an example sends it).
fn params(m: &ir::Method) -> Vec<(String, Option<&Type>)> {
    let mut out: Vec<(String, Option<&Type>)> = m
        .params
        .iter()
        .map(|p| (p.name.clone(), Some(&p.ty)))
        .collect();
    for e in &m.examples {
        let Some(Value::Object(sent)) = &e.params else {
            continue;
        };
        for key in sent.keys() {
            if !out.iter().any(|(name, _)| name == key) {
                out.push((key.clone(), None));
            }
        }
    }
    out
}

/// A parameter called `what` (any case), or `…_what` (`ELEMENT_ORDER`).
fn called(name: &str, what: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == what
        || lower
            .strip_suffix(what)
            .is_some_and(|rest| rest.ends_with('_'))
}

/// Text, as a single field name or a direction is sent; an example sends no type.
fn is_text(ty: Option<&Type>) -> bool {
    matches!(ty, Some(Type::String | Type::Enum(_)))
}

/// Where an id condition goes: the filter parameter; else, when the method takes row
/// fields as parameters of its own (the id and at least one more), beside them; else
/// nowhere. One id parameter alone names a parent (`sonet_group.user.get`'s group).
fn filter(m: &ir::Method, row_fields: &[Field], row_id: Option<&str>) -> (String, ir::IdFilter) {
    // REST 3.0 filters are lists of `[field, operator, value]`, not maps of conditions.
    if m.variant.as_deref() == Some("v3") {
        return ("filter".to_string(), ir::IdFilter::None);
    }
    let params = params(m);
    if let Some((name, _)) = params.iter().find(|(name, _)| called(name, "filter")) {
        return (name.clone(), ir::IdFilter::Param);
    }
    let of_row = |name: &str| row_fields.iter().any(|f| f.name.eq_ignore_ascii_case(name));
    let top = row_id.and_then(|id| {
        params
            .iter()
            .find(|(name, ty)| name.eq_ignore_ascii_case(id) && !is_text(*ty))
    });
    let others = params
        .iter()
        .filter(|(name, _)| of_row(name) && !row_id.is_some_and(|id| name.eq_ignore_ascii_case(id)))
        .count();
    match top {
        Some((name, _)) if others > 0 => (name.clone(), ir::IdFilter::TopLevel),
        _ => ("filter".to_string(), ir::IdFilter::None),
    }
}

/// How an order is taken: a map in `order` (`SORT`, `ELEMENT_ORDER`), or a field name
/// in `sort` with a direction in `order`; else not at all.
fn order(m: &ir::Method) -> (String, ir::IdOrder) {
    let params = params(m);
    let text = |what: &str| {
        params
            .iter()
            .find(|(name, ty)| called(name, what) && is_text(*ty))
            .map(|(name, _)| name.clone())
    };
    if let (Some(sort_param), Some(direction)) = (text("sort"), text("order")) {
        return (direction, ir::IdOrder::Field { sort_param });
    }
    let map = ["order", "sort"].into_iter().find_map(|what| {
        params
            .iter()
            .find(|(name, ty)| called(name, what) && !is_text(*ty) && !is_scalar(*ty))
    });
    match map {
        Some((name, _)) => (name.clone(), ir::IdOrder::Map),
        None => ("order".to_string(), ir::IdOrder::None),
    }
}

fn is_scalar(ty: Option<&Type>) -> bool {
    matches!(
        ty,
        Some(Type::Integer | Type::Number | Type::Boolean { .. } | Type::Date | Type::DateTime)
    )
}

/// Offset paging: the method takes an offset and a page size of its own (`OFFSET`,
/// `LIMIT`) and answers an object with a list in it; `more` is its flag saying
/// whether pages follow (`hasMore`).
fn offset_pages(m: &ir::Method) -> Option<ir::Pages> {
    if m.params
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case("start"))
    {
        return None;
    }
    let number = |what: &str| {
        m.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(what) && matches!(p.ty, Type::Integer))
    };
    let (offset, limit) = (number("offset")?, number("limit")?);
    let Type::Object { fields } = &m.response.ty else {
        return None;
    };
    if !fields.iter().any(|f| matches!(f.ty, Type::Array { .. })) {
        return None;
    }
    let more = fields
        .iter()
        .find(|f| {
            matches!(f.ty, Type::Boolean { .. })
                && f.name.replace('_', "").eq_ignore_ascii_case("hasmore")
        })
        .map(|f| f.name.clone());
    Some(ir::Pages::Offset {
        offset_param: offset.name.clone(),
        limit_param: limit.name.clone(),
        limit: limit
            .default
            .as_deref()
            .and_then(|d| d.trim_matches('`').trim().parse().ok())
            .unwrap_or(PAGE),
        more,
    })
}

/// The protocol's page size.
const PAGE: u64 = 50;

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
        let member = |fields: Vec<Field>| rows(&Type::Object { fields }, &HashMap::new()).0;
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
        assert_eq!(rows(&array(record()), &HashMap::new()).0, None);
    }

    #[test]
    fn getters_and_lists_read() {
        assert!(reads("tasks.task.getFields"));
        assert!(reads("crm.deal.list"));
        assert!(!reads("crm.deal.add"));
        assert!(!reads("im.message.delete"));
    }

    #[test]
    fn parameters_are_called_by_name_or_suffix() {
        assert!(called("FILTER", "filter"));
        assert!(called("ELEMENT_ORDER", "order"));
        assert!(called("IBLOCK_ORDER", "order"));
        assert!(!called("BORDER", "order"));
        assert!(!called("sortBy", "sort"));
    }
}
