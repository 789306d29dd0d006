//! What `result` holds: the returned-data table's `result` row, else the shape of the
//! JSON success example.

use serde_json::Value;

use crate::diag::Code;
use crate::ir::{Response, ResponseSource, Type};
use crate::page::BlockKind;

use super::fields::{self, Role, Walk};
use super::infer::{names, prose as result_prose, tokens as types, ts};
use super::sections::Section;
use super::{cell, json, locate, table, Ctx};
use crate::source::Pos;

/// The response and the envelope keys the success example shows (`total`, `next`).
pub struct Found {
    pub response: Response,
    pub envelope: Vec<String>,
}

pub fn extract(cx: &mut Ctx, name: &str) -> Found {
    let from_table = table_result(cx);
    let example = example_json(cx);
    let envelope: Vec<String> = match &example {
        Some((Value::Object(map), _)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let from_example = example.as_ref().and_then(|(v, pos)| {
        let mut ty = result_of(v)?;
        let named = names::fill(&mut ty);
        if !named.is_empty() {
            let msg = format!(
                "the success example shows {} key(s) only as `null`; their types were inferred from their names (`…Date`, `…Id`, `…Count`, `is…`, `…Title`): {}",
                named.len(),
                named.join(", ")
            );
            cx.diag(Code::TypeInferred, *pos, msg);
        }
        Some(ty)
    });
    let table_ty = from_table.as_ref().map(|(t, _)| shape_kind(t));
    let mut response = combine(from_table, from_example);
    if let (Some(table_kind), ResponseSource::Example) = (table_ty, response.source) {
        if table_kind != shape_kind(&response.ty) {
            let pos = example.as_ref().map_or(cx.doc.page.pos, |(_, p)| *p);
            let msg = format!(
                "the returned-data table says `result` is {table_kind}, the success example shows {}; the example's shape was used",
                shape_kind(&response.ty)
            );
            cx.diag(Code::TypeInferred, pos, msg);
        }
    }
    if !response.ty.is_typed() {
        if let Some(ty) = declared_in_examples(cx) {
            response.ty = ty;
            response.source = ResponseSource::Example;
        }
    }
    let heading = response_heading(cx);
    if !response.ty.is_typed() {
        infer(cx, &mut response, name, heading);
    }
    if !response.ty.is_typed() {
        let pos = heading.unwrap_or_else(|| name_in_h1(cx, name));
        let documented = response.source != ResponseSource::None || heading.is_some();
        let msg = if documented {
            "the response section says nothing typeable (`null`, a file, prose): expected a `result` row with a type or a JSON success example"
        } else {
            "the page documents no response: expected a response section with a `result` row or a JSON success example"
        };
        cx.diag(Code::UntypedResponse, pos, msg);
    }
    Found { response, envelope }
}

fn combine(table: Option<(Type, String)>, example: Option<Type>) -> Response {
    match (table, example) {
        (Some((ty, description)), example) => {
            let open = matches!(&ty, Type::Object { fields } if fields.is_empty())
                || matches!(&ty, Type::Array { item } if matches!(**item, Type::Any))
                || ty == Type::Any;
            match example {
                // An open table row says less than a typed example; where the two
                // disagree on the kind (`object` vs a list), the example is the wire.
                Some(ex) if open && says_more(&ex) => Response {
                    ty: ex,
                    source: ResponseSource::Example,
                    description,
                },
                _ => Response {
                    ty: match example {
                        Some(ex) => wrapped_list(ty, ex),
                        None => ty,
                    },
                    source: ResponseSource::Table,
                    description,
                },
            }
        }
        (None, Some(ty)) => Response {
            ty,
            source: ResponseSource::Example,
            description: String::new(),
        },
        (None, None) => Response::default(),
    }
}

/// A table's list of rows, wrapped in an object as the example shows it on the wire
/// (`{"items": […]}`): the example's object, its one list holding the table's rows.
fn wrapped_list(table: Type, example: Type) -> Type {
    let (Type::Array { item }, Type::Object { mut fields }) = (&table, example) else {
        return table;
    };
    let mut lists = fields
        .iter_mut()
        .filter(|f| matches!(f.ty, Type::Array { .. }));
    match (lists.next(), lists.next()) {
        (Some(list), None) => {
            list.ty = Type::Array { item: item.clone() };
            Type::Object { fields }
        }
        _ => table,
    }
}

/// Whether an example's shape says more than an open table row: it has fields, items
/// or a scalar type.
fn says_more(ty: &Type) -> bool {
    match ty {
        Type::Any => false,
        Type::Object { fields } => !fields.is_empty(),
        Type::Array { item } => says_more(item),
        _ => true,
    }
}

/// What kind of value a type is, in words for a diagnostic.
fn shape_kind(ty: &Type) -> &'static str {
    match ty {
        Type::Array { .. } => "a list",
        Type::Object { .. } | Type::Map { .. } | Type::Named { .. } | Type::Ref { .. } => {
            "an object"
        }
        Type::Any => "anything",
        _ => "a scalar",
    }
}

/// The `result` row of the first table in the response section that has one.
fn table_result(cx: &mut Ctx) -> Option<(Type, String)> {
    let tables: Vec<(usize, &crate::page::Table)> = cx
        .doc
        .in_section(Section::Response)
        .filter_map(|(i, e)| match &e.block.kind {
            BlockKind::Table(t) => Some((i, t)),
            _ => None,
        })
        .collect();
    for (i, t) in tables {
        let cols = table::field_columns(t);
        let has_result = table::data_rows(t, &cols).iter().any(|r| {
            let name = table::cell(r, Some(cols.name));
            name.contains("result") && cell::parse(name).is_some_and(|c| c.name == "result")
        });
        if !has_result {
            continue;
        }
        let fields = fields::from_table(cx, t, i, &mut Walk::new(Role::Response));
        let f = fields.into_iter().find(|f| f.name == "result")?;
        return Some((f.ty, f.description));
    }
    None
}

/// Where the H1 names the method: what a page without a response section is judged by.
fn name_in_h1(cx: &Ctx, name: &str) -> Pos {
    let h1 = cx.doc.h1().map_or(cx.doc.page.pos, |b| b.pos);
    locate::on_line(cx.map, h1, name)
}

/// Where the response section starts: its heading, else its first block.
fn response_heading(cx: &Ctx) -> Option<Pos> {
    cx.doc
        .in_section(Section::Response)
        .next()
        .map(|(_, e)| e.block.pos)
}

/// A type for a result nothing typed: the response prose, else (only when the page has
/// no response section to contradict it) the method-name convention. Both leave a note.
fn infer(cx: &mut Ctx, response: &mut Response, name: &str, heading: Option<Pos>) {
    let mut prose = response.description.clone();
    for (_, e) in cx.doc.in_section(Section::Response) {
        if let BlockKind::Text(t) = &e.block.kind {
            prose.push('\n');
            prose.push_str(t);
        }
    }
    let found = match result_prose::from_prose(&prose) {
        Some(found) => Some(found),
        None if heading.is_none() => result_prose::from_name(name),
        None => None,
    };
    let Some((ty, why)) = found else {
        return;
    };
    let pos = heading.unwrap_or_else(|| name_in_h1(cx, name));
    let msg = format!(
        "the result has no documented type; inferred `{}`: {why}",
        kind(&ty)
    );
    cx.diag(Code::TypeInferred, pos, msg);
    response.ty = ty;
    response.source = ResponseSource::Inferred;
}

fn kind(ty: &Type) -> &'static str {
    match ty {
        Type::Null => "null",
        Type::Boolean { .. } => "boolean",
        Type::Integer => "integer",
        Type::Array { .. } => "array",
        Type::Map { .. } => "map",
        Type::Object { .. } => "object",
        _ => "a type",
    }
}

/// The first JSON block of the response section that reads as JSON.
fn example_json(cx: &mut Ctx) -> Option<(Value, Pos)> {
    let mut bad = None;
    for (_, e) in cx.doc.in_section(Section::Response) {
        let BlockKind::Code { lang, text } = &e.block.kind else {
            continue;
        };
        if !matches!(lang.as_str(), "json" | "js" | "javascript" | "") {
            continue;
        }
        match json::parse_lenient(text) {
            Some(v) => return Some((v, e.block.pos)),
            None => {
                bad.get_or_insert(e.block.pos);
            }
        }
    }
    if let Some(pos) = bad {
        cx.diag(
            Code::BadJsonExample,
            pos,
            "the success example is not JSON, even leniently (comments, `...`, trailing commas allowed)",
        );
    }
    None
}

/// The result type a TypeScript example declares for its call.
fn declared_in_examples(cx: &Ctx) -> Option<Type> {
    cx.doc.entries.iter().find_map(|e| match &e.block.kind {
        BlockKind::Code { text, .. } if e.section == Section::Examples => ts::declared_result(text),
        _ => None,
    })
}

/// The type of `result` in a success example; a bare value is the result itself.
fn result_of(v: &Value) -> Option<Type> {
    match v {
        Value::Object(map) => {
            if let Some(r) = map.get("result") {
                // A success example whose `result` is `null` documents a null result.
                if r.is_null() {
                    return Some(Type::Null);
                }
                return Some(types::of_json(r));
            }
            if map.contains_key("error") || map.contains_key("time") {
                return None;
            }
            Some(types::of_json(v))
        }
        other => Some(types::of_json(other)),
    }
}
