//! An event page into an [`ir::Event`]: the name the portal sends, scopes, and the type
//! of the delivery's `data`, read with the same field-table rules as method parameters.
//!
//! The payload comes from, in order: the `data` row of the delivery table (with its
//! nested tables); a table of the fields of `data` itself under a parameters heading
//! (older pages); the `data` of the delivery example. A table's type wins over the
//! example's where both speak of a field; the example adds the fields the table omits.

use serde_json::Value;

use crate::diag::{Code, Diags};
use crate::ir::{self, PayloadSource, Type};
use crate::page::{BlockKind, Table};
use crate::source::SourceMap;

use super::doc::Doc;
use super::fields::{self, Role, Walk};
use super::infer::tokens;
use super::sections::{self, Section};
use super::{cell, detect, json, meta, table, text, Ctx, SkipReason};

/// Reads an event page. `Err` keeps the page skipped, with its reason and detail.
pub fn extract(
    doc: &Doc,
    map: &SourceMap,
    diags: &mut Diags,
    path: &str,
) -> Result<ir::Event, (SkipReason, String)> {
    let h1 = doc.h1().and_then(|b| match &b.kind {
        BlockKind::Heading { text, .. } => Some(text.trim().to_string()),
        _ => None,
    });
    let h1 = h1.unwrap_or_default();
    let h1_word = last_word(&h1);
    if h1_word.contains("::") {
        // `Class::event`: raised in the browser by the JS SDK, never posted to a handler.
        return Err((SkipReason::JsCommand, h1));
    }
    let delivery = delivery_example(doc);
    let sent = delivery
        .as_ref()
        .and_then(|d| d.get("event"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| detect::is_event_name(n))
        .map(str::to_string);
    let documented = Some(h1_word)
        .filter(|w| detect::is_event_name(w))
        .map(str::to_string)
        .or_else(|| intro_name(doc))
        .or_else(|| sent.clone());
    let pos = doc.h1().map_or(doc.page.pos, |b| b.pos);
    let Some(documented) = documented else {
        let msg = "the event page names no event: expected it at the end of the H1, in a code span of the intro, or as the `event` of the delivery example";
        diags.at(map, Code::EventWithoutName, pos, msg);
        return Err((SkipReason::Event, h1));
    };
    // The portal sends event codes upper-cased; the example shows the exact spelling.
    let name = match &sent {
        Some(s) if s.eq_ignore_ascii_case(&documented) => s.clone(),
        _ => documented.to_ascii_uppercase(),
    };
    let data = delivery.as_ref().and_then(|d| d.get("data")).cloned();
    let mut cx = Ctx {
        map,
        diags,
        doc,
        samples: serde_json::Map::new(),
        footnote: false,
        footnote_at: None,
        starred: false,
        starred_at: None,
        param_rows: Vec::new(),
    };
    let (payload, payload_source) = payload(&mut cx, data.as_ref());
    if payload_source == PayloadSource::None {
        let msg = format!("the `data` of `{name}` is not documented: it is kept as JSON");
        cx.diag(Code::UntypedPayload, pos, msg);
    }
    let namespace = meta::scopes(doc)
        .first()
        .map_or_else(|| first_folder(path), |s| s.to_lowercase());
    Ok(ir::Event {
        title: super::detect::title_without(&h1, &documented),
        documented_name: documented,
        name,
        namespace,
        source: ir::SourceRef {
            path: path.to_string(),
            line: pos.line,
        },
        doc_url: crate::layout::doc_url(path),
        scopes: meta::scopes(doc),
        payload,
        payload_source,
        example: data,
    })
}

fn last_word(h1: &str) -> &str {
    h1.split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(['`', '(', ')', '»', '«', '"', ':', '.'])
}

/// The folder a page sits in, the namespace of last resort.
fn first_folder(path: &str) -> String {
    crate::layout::top_folder(path).unwrap_or_else(|| "events".to_string())
}

/// The first code span of the intro that is an event name ("Событие `ONCRMDEALUPDATE` …").
fn intro_name(doc: &Doc) -> Option<String> {
    doc.entries
        .iter()
        .filter(|e| !e.in_tab && e.heading_is_h1(doc))
        .filter_map(|e| match &e.block.kind {
            BlockKind::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .flat_map(text::code_spans)
        .find(|s| detect::is_event_name(s) && !s.contains("::"))
}

/// The delivery example: the first code block holding an object with an `event` key
/// and a `data` key, or failing that the first with `data` alone.
fn delivery_example(doc: &Doc) -> Option<serde_json::Map<String, Value>> {
    let mut with_data = None;
    for e in &doc.entries {
        let BlockKind::Code { text, .. } = &e.block.kind else {
            continue;
        };
        let Some(Value::Object(obj)) = json::parse_lenient(text.trim()) else {
            continue;
        };
        if obj.contains_key("event") && obj.contains_key("data") {
            return Some(obj);
        }
        if with_data.is_none() && obj.contains_key("data") && obj.contains_key("auth") {
            with_data = Some(obj);
        }
    }
    with_data
}

/// The type of `data`, and where it came from.
fn payload(cx: &mut Ctx, example: Option<&Value>) -> (Type, PayloadSource) {
    let from_example = example.map(tokens::of_json).filter(Type::is_typed);
    let from_table = delivery_table(cx)
        .map(|t| (t, PayloadSource::Table))
        .or_else(|| data_table(cx).map(|t| (t, PayloadSource::DataTable)));
    match (from_table, from_example) {
        (Some((t, src)), Some(e)) => (tokens::merge(t, e), src),
        (Some((t, src)), None) => (t, src),
        (None, Some(e)) => (e, PayloadSource::Example),
        (None, None) => (Type::Any, PayloadSource::None),
    }
}

/// Wire names of a table's rows, without reading their types.
fn row_names(t: &Table) -> Vec<String> {
    let cols = table::field_columns(t);
    table::data_rows(t, &cols)
        .iter()
        .filter_map(|r| cell::parse(table::cell(r, Some(cols.name))))
        .map(|c| c.name)
        .collect()
}

fn is_data_row(name: &str) -> bool {
    name == "data"
        || name.starts_with("data.")
        || name.starts_with("data[")
        || name.eq_ignore_ascii_case("data")
}

/// The `data` field of the table describing the whole delivery (`event`, `data`, `ts`,
/// `auth`).
fn delivery_table(cx: &mut Ctx) -> Option<Type> {
    let doc = cx.doc;
    let (idx, t) = doc
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !top_heading_names_object(doc, e.heading))
        .find_map(|(i, e)| match &e.block.kind {
            BlockKind::Table(t) if row_names(t).iter().any(|n| is_data_row(n)) => Some((i, t)),
            _ => None,
        })?;
    let fields = fields::from_table(cx, t, idx, &mut Walk::new(Role::Response));
    fields
        .into_iter()
        .find(|f| f.name.eq_ignore_ascii_case("data"))
        .map(|f| f.ty)
}

/// Whether the heading above a block defines a nested object (`Параметр FIELDS`).
fn top_heading_names_object(doc: &Doc, heading: Option<usize>) -> bool {
    heading
        .and_then(|h| doc.entries.get(h))
        .is_some_and(|e| match &e.block.kind {
            BlockKind::Heading { text, .. } => sections::sub_object_name(text).is_some(),
            _ => false,
        })
}

/// A table of the fields of `data` itself: the first table right under a parameters
/// heading, when it does not describe the delivery envelope.
fn data_table(cx: &mut Ctx) -> Option<Type> {
    let doc = cx.doc;
    let (idx, t) = doc.in_section(Section::Params).find_map(|(i, e)| {
        let direct = e.heading.is_none_or(|h| doc.is_section_heading(h));
        match &e.block.kind {
            BlockKind::Table(t) if direct && !is_envelope(t) => Some((i, t)),
            _ => None,
        }
    })?;
    let fields = fields::from_table(cx, t, idx, &mut Walk::new(Role::Response));
    (!fields.is_empty()).then_some(Type::Object { fields })
}

/// A table of the delivery's own keys rather than of `data`.
fn is_envelope(t: &Table) -> bool {
    row_names(t)
        .iter()
        .any(|n| matches!(n.as_str(), "event" | "auth" | "event_handler_id" | "ts"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_words_lose_their_quotes() {
        assert_eq!(
            last_word("Событие при изменении сделки `onCrmDealUpdate`"),
            "onCrmDealUpdate"
        );
        assert_eq!(
            last_word("Событие CATALOG.PRICE.ON.ADD"),
            "CATALOG.PRICE.ON.ADD"
        );
    }

    #[test]
    fn data_rows_by_name() {
        assert!(is_data_row("data"));
        assert!(is_data_row("data.FIELDS"));
        assert!(is_data_row("data[FIELDS]"));
        assert!(!is_data_row("database"));
    }

    #[test]
    fn folders() {
        assert_eq!(first_folder("api-reference/crm/deals/events/x.md"), "crm");
        assert_eq!(first_folder("x.md"), "events");
    }
}
