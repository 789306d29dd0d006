//! Nested objects: the sub-table an object row points to (`[параметры](#fields)`, a
//! "Параметр fields" heading), bullet sub-keys, and dotted row names
//! (`fields.CONTACT_ID`, `items[]`).

use std::collections::{HashMap, HashSet};

use crate::diag::Code;
use crate::ir::{Field, Type};
use crate::page::Row;

use super::fields::{self, Role, Walk, MAX_DEPTH};
use super::infer::description as keys;
use super::{enums, text, Ctx};

/// The fields of the object a row describes, when the page lists them. `None` when
/// nothing is said about its keys.
pub fn nested(
    cx: &mut Ctx,
    name: &str,
    desc: &str,
    row: &Row,
    walk: &mut Walk,
) -> Option<Vec<Field>> {
    if walk.depth() > MAX_DEPTH {
        return None;
    }
    let local: Vec<String> = local_links(desc)
        .into_iter()
        .filter_map(|l| l.url.strip_prefix('#').map(str::to_string))
        .collect();
    for anchor in &local {
        let Some(h) = cx.doc.anchor(anchor) else {
            let msg = format!(
                "`#{anchor}` (from `{name}`) names no heading on this page or its includes"
            );
            // Point at the cell that holds the link.
            let needle = format!("(#{anchor})");
            let pos = row
                .cells
                .iter()
                .find(|c| c.text.contains(&needle))
                .map_or(row.pos, |c| c.pos);
            cx.diag(Code::BrokenAnchor, pos, msg);
            continue;
        };
        if let Some(fields) = table_fields(cx, h, walk) {
            return Some(fields);
        }
    }
    if let Some(fields) = bullet_keys(
        cx,
        name,
        desc,
        row,
        walk.depth() == 1 && walk.role == Role::Params,
    ) {
        return Some(fields);
    }
    sub_object(cx, name, walk)
}

/// The table under the heading that defines the object `name` ("Параметр fields").
pub fn sub_object(cx: &mut Ctx, name: &str, walk: &mut Walk) -> Option<Vec<Field>> {
    let doc = cx.doc;
    let h = doc.sub_object_heading(name)?;
    table_fields(cx, h, walk)
}

/// The links of `desc` when some may point at an anchor of the page: none when the
/// text has no `#` at all (most descriptions), so no Markdown parser runs for them.
fn local_links(desc: &str) -> Vec<text::Link> {
    if desc.contains('#') {
        text::links(desc)
    } else {
        Vec::new()
    }
}

/// The fields of an array's items: a sub-table the row links to, or the heading that
/// defines them. Bullets on an array row list item values, not keys.
pub fn item_fields(
    cx: &mut Ctx,
    name: &str,
    desc: &str,
    row: &Row,
    walk: &mut Walk,
) -> Option<Vec<Field>> {
    let has_local_link = local_links(desc).iter().any(|l| l.url.starts_with('#'));
    if has_local_link {
        return nested(cx, name, desc, row, walk);
    }
    sub_object(cx, name, walk)
}

/// A type named after an object the page itself describes (`` [`section[]`](#section) ``,
/// `User[]` with a "Объект User" heading).
pub fn named_object(cx: &mut Ctx, name: &str, link: Option<&str>, walk: &mut Walk) -> Option<Type> {
    if walk.depth() > MAX_DEPTH {
        return None;
    }
    let (base, is_array) = match name.strip_suffix("[]") {
        Some(b) => (b, true),
        None => (name, false),
    };
    let doc = cx.doc;
    let by_link = link
        .and_then(|l| l.strip_prefix('#'))
        .and_then(|a| doc.anchor(a));
    let heading = by_link
        .or_else(|| doc.sub_object_heading(base))
        .or_else(|| doc.anchor(base))?;
    let fields = table_fields(cx, heading, walk)?;
    let object = Type::Object { fields };
    Some(if is_array {
        Type::Array {
            item: Box::new(object),
        }
    } else {
        object
    })
}

fn table_fields(cx: &mut Ctx, heading: usize, walk: &mut Walk) -> Option<Vec<Field>> {
    let doc = cx.doc;
    let (idx, table) = doc.table_under(heading)?;
    if walk.is_reading(idx) {
        return None;
    }
    Some(fields::from_table(cx, table, idx, walk))
}

/// Sub-keys listed as bullets in an object row (``- `ID` — идентификатор``), typed
/// from the example calls (for a top-level `parent` of the parameters) or their
/// descriptions.
fn bullet_keys(cx: &mut Ctx, parent: &str, desc: &str, row: &Row, top: bool) -> Option<Vec<Field>> {
    let lists = text::bullet_lists(desc);
    let (_, bullets) = lists.first()?;
    let mut out: Vec<Field> = Vec::new();
    let mut seen = HashSet::new();
    for b in bullets {
        let v = enums::value(&b.text)?;
        if !seen.insert(v.value.clone()) {
            continue;
        }
        let sample = top
            .then(|| cx.samples.get(parent).and_then(|s| s.get(&v.value)))
            .flatten();
        let ty = match keys::infer(parent, &v.value, &v.description, sample) {
            Some((ty, why)) => {
                let msg = format!(
                    "`{parent}.{}` has no type; the type was inferred: {why}",
                    v.value
                );
                cx.diag(Code::TypeInferred, row.pos, msg);
                ty
            }
            None => Type::Any,
        };
        out.push(Field {
            name: v.value,
            ty,
            required: false,
            required_known: false,
            description: v.description,
            example: None,
            default: None,
            revision: None,
        });
    }
    (!out.is_empty()).then_some(out)
}

/// Moves rows named with a path (`fields.CONTACT_ID`, `items[]`, `a.b[].c`) under
/// their parent, creating the parent when the table does not list it.
pub fn fold_paths(fields: Vec<Field>) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::with_capacity(fields.len());
    let mut index = Index::default();
    for f in fields {
        if !is_path(&f.name) {
            index.at.entry(Index::key("", &f.name)).or_insert(out.len());
            out.push(f);
            continue;
        }
        let segments: Vec<String> = f.name.split('.').map(str::to_string).collect();
        insert(&mut out, "", &segments, f, &mut index);
    }
    out
}

fn is_path(name: &str) -> bool {
    !name.contains("..")
        && !name.contains('…')
        && (name.contains('.') || name.ends_with("[]"))
        && !name.starts_with('.')
        && !name.ends_with('.')
}

/// Where each folded field sits in its list, so that a table of many rows is folded in
/// linear time. A field is keyed by its list's key and its name; the list under a
/// field is keyed by the field's key and the number of times its type was replaced
/// (a replaced type starts a new list).
#[derive(Default)]
struct Index {
    at: HashMap<String, usize>,
    /// Lists whose entries from before the fold (a nested sub-table's) are in `at`.
    read: HashSet<String>,
    resets: HashMap<String, u32>,
}

impl Index {
    fn key(list: &str, name: &str) -> String {
        format!("{list}\u{1f}{name}")
    }

    fn list_under(&self, field: &str) -> String {
        format!("{field}#{}", self.resets.get(field).copied().unwrap_or(0))
    }

    fn reset(&mut self, field: &str) {
        *self.resets.entry(field.to_string()).or_insert(0) += 1;
    }

    /// Records the entries a list had before the fold reached it, the first match of a
    /// name winning as a scan from the front would.
    fn read(&mut self, list_key: &str, list: &[Field]) {
        if list_key.is_empty() || !self.read.insert(list_key.to_string()) {
            return;
        }
        for (i, x) in list.iter().enumerate() {
            self.at.entry(Self::key(list_key, &x.name)).or_insert(i);
        }
    }
}

fn insert(
    list: &mut Vec<Field>,
    list_key: &str,
    segments: &[String],
    mut f: Field,
    index: &mut Index,
) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let (seg, is_array) = match first.strip_suffix("[]") {
        Some(s) => (s, true),
        None => (first.as_str(), false),
    };
    index.read(list_key, list);
    let key = Index::key(list_key, seg);
    if rest.is_empty() && !is_array {
        if let std::collections::hash_map::Entry::Vacant(e) = index.at.entry(key) {
            f.name = seg.to_string();
            e.insert(list.len());
            list.push(f);
        }
        return;
    }
    let pos = match index.at.get(&key) {
        Some(p) => *p,
        None => {
            list.push(parent(seg, &f));
            index.at.insert(key.clone(), list.len() - 1);
            list.len() - 1
        }
    };
    let Some(parent) = list.get_mut(pos) else {
        return;
    };
    if rest.is_empty() {
        // `items[]`: the row describes the array's items.
        parent.ty = Type::Array {
            item: Box::new(f.ty),
        };
        index.reset(&key);
        return;
    }
    if needs_reset(&parent.ty, is_array) {
        index.reset(&key);
    }
    let under = index.list_under(&key);
    if let Some(fields) = object_fields(&mut parent.ty, is_array) {
        insert(fields, &under, rest, f, index);
    }
}

fn parent(name: &str, child: &Field) -> Field {
    Field {
        name: name.to_string(),
        ty: Type::Object { fields: Vec::new() },
        required: false,
        required_known: child.required_known,
        description: String::new(),
        example: None,
        default: None,
        revision: None,
    }
}

/// The field list of an object type (of its items for an array), turning an open
/// type into an object first.
/// Whether [`object_fields`] replaces the type with a new, empty object.
fn needs_reset(ty: &Type, is_array: bool) -> bool {
    match ty {
        Type::Object { .. } => is_array,
        Type::Array { item } => !matches!(**item, Type::Object { .. }),
        _ => true,
    }
}

fn object_fields(ty: &mut Type, is_array: bool) -> Option<&mut Vec<Field>> {
    if needs_reset(ty, is_array) {
        let obj = Type::Object { fields: Vec::new() };
        *ty = if is_array || matches!(ty, Type::Array { .. }) {
            Type::Array {
                item: Box::new(obj),
            }
        } else {
            obj
        };
    }
    match ty {
        Type::Object { fields } => Some(fields),
        Type::Array { item } => match item.as_mut() {
            Type::Object { fields } => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, ty: Type) -> Field {
        Field {
            name: name.into(),
            ty,
            required: false,
            required_known: false,
            description: String::new(),
            example: None,
            default: None,
            revision: None,
        }
    }

    #[test]
    fn dotted_names_attach_to_parent() {
        let out = fold_paths(vec![
            f("fields", Type::Object { fields: vec![] }),
            f("fields.CONTACT_ID", Type::Integer),
            f(
                "items",
                Type::Array {
                    item: Box::new(Type::Any),
                },
            ),
            f("items[].id", Type::Integer),
        ]);
        assert_eq!(out.len(), 2);
        let Type::Object { fields } = &out[0].ty else {
            panic!()
        };
        assert_eq!(fields[0].name, "CONTACT_ID");
        let Type::Array { item } = &out[1].ty else {
            panic!()
        };
        let Type::Object { fields } = item.as_ref() else {
            panic!()
        };
        assert_eq!(fields[0].name, "id");
    }

    #[test]
    fn missing_parent_is_created_and_placeholders_kept() {
        let out = fold_paths(vec![
            f("error.validation[].field", Type::String),
            f("UF_...", Type::Any),
        ]);
        assert_eq!(out[0].name, "error");
        assert_eq!(out[1].name, "UF_...");
    }
}
