//! Field tables (parameters, returned data, nested objects) into [`ir::Field`]s:
//! types resolved, enums read, nested objects followed through anchors.

use crate::diag::Code;
use crate::ir::{BoolForm, Field, Type};
use crate::page::{Row, Table};

use super::cell::{self, Mark, NameCell};
use super::types::{self, Token};
use super::{enums, keys, links, nest, table, text, Ctx};

/// Whether a table documents request parameters (required marks matter) or data the
/// server returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Params,
    Response,
}

/// Nested tables deeper than this are left as objects without fields.
pub const MAX_DEPTH: usize = 12;

/// The fields of one table, read in the role `cx.role`. `stack` holds the tables being
/// read above this one (to stop at cycles).
pub fn from_table(cx: &mut Ctx, table: &Table, idx: usize, stack: &mut Vec<usize>) -> Vec<Field> {
    let role = cx.role;
    stack.push(idx);
    let cols = table::field_columns(table);
    let rows = table::data_rows(table, &cols);
    // Each name cell is parsed once: the marks decide how every row is read.
    let names: Vec<Option<NameCell>> = rows
        .iter()
        .map(|r| cell::parse(table::cell(r, Some(cols.name))))
        .collect();
    let first_starred = rows
        .iter()
        .zip(&names)
        .find(|(_, nc)| nc.as_ref().is_some_and(|c| c.mark != Mark::None))
        .map(|(r, _)| r.pos);
    let starred = first_starred.is_some();
    if starred && role == Role::Params {
        cx.starred = true;
        if cx.starred_at.is_none() {
            cx.starred_at = first_starred;
        }
    }
    let known = role == Role::Params && (cols.required.is_some() || starred || cx.footnote);
    let mut fields: Vec<Field> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (row, nc) in rows.iter().zip(names) {
        let Some(f) = from_row(cx, row, nc, &cols, role, known, stack) else {
            continue;
        };
        if role == Role::Params && stack.len() == 1 {
            cx.param_rows.push((f.name.clone(), row.pos));
        }
        if !seen.insert(f.name.clone()) {
            let msg = format!(
                "`{}` is documented twice in this table; the first row is kept",
                f.name
            );
            cx.diag(Code::DuplicateParam, row.pos, msg);
            continue;
        }
        fields.push(f);
    }
    stack.pop();
    nest::fold_paths(fields)
}

#[allow(clippy::too_many_arguments)]
fn from_row(
    cx: &mut Ctx,
    row: &Row,
    nc: Option<NameCell>,
    cols: &table::Columns,
    role: Role,
    known: bool,
    stack: &mut Vec<usize>,
) -> Option<Field> {
    if table::is_header(row) {
        // A repeated header (tables glued together, a table inside a cell).
        return None;
    }
    row.cells.get(cols.name)?;
    let mut nc: NameCell = nc?;
    if let Some(ty_col) = cols.ty {
        let tokens = cell::type_tokens(table::cell(row, Some(ty_col)));
        if !tokens.is_empty() {
            nc.types = tokens;
        }
    }
    let description = table::cell(row, cols.desc).trim().to_string();
    let example = non_empty(text::plain(table::cell(row, cols.example)));
    let ty = resolve(cx, &nc, &description, example.as_deref(), row, role, stack);
    let (required, required_known) = required(&nc, table::cell(row, cols.required), cols, known);
    Some(Field {
        name: nc.name,
        ty,
        required,
        required_known,
        description,
        example,
        default: non_empty(text::plain(table::cell(row, cols.default))),
        revision: non_empty(text::plain(table::cell(row, cols.revision))),
    })
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn required(nc: &NameCell, column: &str, cols: &table::Columns, known: bool) -> (bool, bool) {
    if cols.required.is_some() {
        let v = text::plain(column).to_lowercase();
        let yes = matches!(
            v.as_str(),
            "yes" | "да" | "y" | "true" | "обязательный" | "+"
        );
        return (yes, true);
    }
    match nc.mark {
        Mark::Required => (true, true),
        Mark::Conditional => (false, true),
        Mark::None => (false, known),
    }
}

/// The row's type: written tokens, else inferred from examples, then refined by the
/// description (boolean form, enum values, nested objects).
fn resolve(
    cx: &mut Ctx,
    nc: &NameCell,
    desc: &str,
    example: Option<&str>,
    row: &Row,
    role: Role,
    stack: &mut Vec<usize>,
) -> Type {
    let mut members = Vec::new();
    let mut unknown = false;
    let mut nulls = 0;
    let mut unrecognised = Vec::new();
    for tok in &nc.types {
        match types::token(tok) {
            Token::Known(t) => members.push(t),
            Token::Char => members.push(char_type(desc)),
            Token::Null => nulls += 1,
            Token::Unknown => unknown = true,
            Token::Unrecognised(n) => {
                match nest::named_object(cx, &n, tok.link.as_deref(), stack) {
                    Some(t) => members.push(t),
                    None => unrecognised.push(n),
                }
            }
        }
    }
    let object_or_array = members.iter().any(|t| matches!(t, Type::Object { .. }))
        && members.iter().any(|t| matches!(t, Type::Array { .. }));
    let ty = if !members.is_empty() {
        types::union(members)
    } else if nulls > 0 && !unknown && unrecognised.is_empty() {
        // Typed `null` and nothing else: a value that is always null.
        Type::Null
    } else if let Some(t) = (!unrecognised.is_empty())
        .then(|| object_elsewhere(cx, nc, desc, row, stack))
        .flatten()
    {
        t
    } else if !unrecognised.is_empty() {
        let msg = format!(
            "type `{}` of `{}` is not a known type; expected a base type or a data-types dictionary name",
            unrecognised.join(" | "),
            nc.name
        );
        cx.diag(Code::UnknownType, row.pos, msg);
        Type::Any
    } else {
        infer(cx, nc, desc, example, row, role, unknown, stack.len())
    };
    refine(cx, ty, object_or_array, nc, desc, example, row, stack)
}

/// An object type named after its definition (`` [`Bot`](../entities.md#bot) ``): the
/// fields from a sub-table the row links to, else an object whose keys another page lists.
fn object_elsewhere(
    cx: &mut Ctx,
    nc: &NameCell,
    desc: &str,
    row: &Row,
    stack: &mut Vec<usize>,
) -> Option<Type> {
    let array = nc.types.iter().any(|t| t.name.ends_with("[]"));
    let wrap = |fields| {
        let object = Type::Object { fields };
        if array {
            Type::Array {
                item: Box::new(object),
            }
        } else {
            object
        }
    };
    if let Some(fields) = nest::nested(cx, &nc.name, desc, row, stack).filter(|f| !f.is_empty()) {
        return Some(wrap(fields));
    }
    elsewhere(cx, nc, row).map(|target| {
        let linked = Type::Ref { target };
        if array {
            Type::Array {
                item: Box::new(linked),
            }
        } else {
            linked
        }
    })
}

/// The object another page defines, when every type of the row is a name linked to an
/// anchor there (`` [`deal[]`](crm-deal-get.md#deal) ``): its `path#anchor`, resolved
/// once every page is read.
fn elsewhere(cx: &Ctx, nc: &NameCell, row: &Row) -> Option<String> {
    let from = cx.map.display(row.pos.file);
    let mut target = None;
    for t in &nc.types {
        let name = t.name.trim().trim_matches('`').trim_end_matches("[]");
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
        let link = t.link.as_deref().filter(|l| links::is_elsewhere(l))?;
        if !is_name {
            return None;
        }
        target = target.or_else(|| links::target(from, link));
    }
    target
}

/// An object the description shows as `{ field_1: value_1, …, field_n: value_n }`: its
/// keys are data, so it is a map.
fn keyed_by_placeholder(desc: &str) -> bool {
    desc.contains("_1:") && desc.contains("_n:")
}

/// A map whose values are the object a link in the description names on another page
/// (`value_n` described as [crm_rest_field_description](../data-types.md#…)).
fn keyed_map(cx: &Ctx, desc: &str, row: &Row) -> Type {
    let from = cx.map.display(row.pos.file);
    let value = text::links(desc)
        .iter()
        .filter(|l| links::is_elsewhere(&l.url))
        .find_map(|l| links::target(from, &l.url))
        .map_or(Type::Any, |target| Type::Ref { target });
    Type::Map {
        value: Box::new(value),
    }
}

fn char_type(desc: &str) -> Type {
    if keys::mentions_yes_no(desc) {
        Type::Boolean {
            form: BoolForm::YesNo,
        }
    } else {
        Type::String
    }
}

/// A type from the example column or the example calls.
#[allow(clippy::too_many_arguments)]
fn infer(
    cx: &mut Ctx,
    nc: &NameCell,
    desc: &str,
    example: Option<&str>,
    row: &Row,
    role: Role,
    unknown: bool,
    stack_depth: usize,
) -> Type {
    let from_cell = example.and_then(types::of_example_text);
    let from_call = || {
        cx.samples
            .get(&nc.name)
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .map(types::of_json)
    };
    let inferred = from_cell.or_else(|| (role == Role::Params).then(from_call).flatten());
    let what = if unknown { "`unknown`" } else { "no type" };
    // Rows of nested tables are described tersely ("идентификатор процесса"); the
    // description is read only there, where no example value is at hand.
    let nested = stack_depth > 1 && inferred.is_none();
    let described = nested
        .then(|| keys::infer("", &nc.name, desc, None))
        .flatten();
    if let Some((t, why)) = described {
        let msg = format!("`{}` has {what}; the type was inferred: {why}", nc.name);
        cx.diag(Code::TypeInferred, row.pos, msg);
        return t;
    }
    match inferred {
        Some(t) => {
            let msg = format!(
                "`{}` has {what}; the type was inferred from an example",
                nc.name
            );
            cx.diag(Code::TypeInferred, row.pos, msg);
            t
        }
        None => {
            let msg = format!(
                "`{}` has {what} and no example to infer one from; expected a type under the name",
                nc.name
            );
            cx.diag(Code::MissingType, row.pos, msg);
            Type::Any
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn refine(
    cx: &mut Ctx,
    ty: Type,
    object_or_array: bool,
    nc: &NameCell,
    desc: &str,
    example: Option<&str>,
    row: &Row,
    stack: &mut Vec<usize>,
) -> Type {
    match ty {
        Type::Boolean {
            form: BoolForm::Json,
        } => Type::Boolean {
            form: bool_form(desc, example, cx.samples.get(&nc.name)),
        },
        Type::Object { fields } if fields.is_empty() => {
            if cx.role == Role::Response && keyed_by_placeholder(desc) {
                return keyed_map(cx, desc, row);
            }
            let fields = nest::nested(cx, &nc.name, desc, row, stack).unwrap_or_default();
            keys::shape(&nc.name, fields)
        }
        Type::Any if object_or_array => match nest::nested(cx, &nc.name, desc, row, stack) {
            Some(fields) if !fields.is_empty() => Type::Object { fields },
            _ => Type::Any,
        },
        Type::Array { item } if is_open(&item) => {
            match nest::item_fields(cx, &nc.name, desc, row, stack) {
                Some(fields) if !fields.is_empty() => Type::Array {
                    item: Box::new(Type::Object { fields }),
                },
                // Bullets on an array row are the values its items take (`select`).
                _ if *item == Type::Any => match enums::from_description(desc, false) {
                    Some(e) => Type::Array {
                        item: Box::new(Type::Enum(e)),
                    },
                    None => Type::Array {
                        item: Box::new(item_from_sample(cx, &nc.name, row, stack.len() == 1)),
                    },
                },
                _ => Type::Array { item },
            }
        }
        Type::String => match enums::from_description(desc, false) {
            // A string that is only ever `Y` or `N` is a flag.
            Some(e) if is_yes_no(&e) => Type::Boolean {
                form: BoolForm::YesNo,
            },
            Some(e) => Type::Enum(e),
            None => Type::String,
        },
        Type::Integer => enums::from_description(desc, true).map_or(Type::Integer, Type::Enum),
        other => other,
    }
}

/// The item type of an untyped top-level array parameter, from the first item the
/// example calls send (`USERS` sent as `[103, 547]`).
fn item_from_sample(cx: &mut Ctx, name: &str, row: &Row, top: bool) -> Type {
    let first = match cx.samples.get(name) {
        Some(serde_json::Value::Array(items)) if top && cx.role == Role::Params => {
            items.iter().find(|v| !v.is_null())
        }
        _ => None,
    };
    let Some(ty) = first.map(types::of_json).filter(Type::is_typed) else {
        return Type::Any;
    };
    let msg = format!("the items of `{name}` have no type; the type was inferred from an example");
    cx.diag(Code::TypeInferred, row.pos, msg);
    ty
}

fn is_yes_no(e: &crate::ir::EnumType) -> bool {
    e.values.len() == 2 && e.values.iter().all(|v| v.value == "Y" || v.value == "N")
}

fn is_open(item: &Type) -> bool {
    matches!(item, Type::Any) || matches!(item, Type::Object { fields } if fields.is_empty())
}

/// How a boolean is written: `Y`/`N`, `1`/`0`, or JSON `true`/`false`.
fn bool_form(desc: &str, example: Option<&str>, sample: Option<&serde_json::Value>) -> BoolForm {
    let example = example.unwrap_or("").trim_matches(['`', '\'', '"']);
    if matches!(example, "Y" | "N") || keys::mentions_yes_no(desc) {
        return BoolForm::YesNo;
    }
    match sample {
        Some(serde_json::Value::String(s)) if s == "Y" || s == "N" => return BoolForm::YesNo,
        Some(serde_json::Value::Number(_)) => return BoolForm::Digit,
        Some(serde_json::Value::Bool(_)) => return BoolForm::Json,
        _ => {}
    }
    let spans = text::code_spans(desc);
    if spans.iter().any(|s| s == "true" || s == "false") {
        BoolForm::Json
    } else if spans.iter().any(|s| s == "1") && spans.iter().any(|s| s == "0") {
        BoolForm::Digit
    } else {
        BoolForm::Json
    }
}
