//! Checks of a finished method against its page: required marks and footnote, example
//! calls against the parameter table.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diag::Code;
use crate::ir;

use super::{locate, Ctx};
use crate::source::Pos;

pub fn required_marks(cx: &mut Ctx, m: &ir::Method) {
    let page = cx.doc.page.pos;
    if cx.starred && !cx.footnote {
        cx.diag(
            Code::RequiredWithoutFootnote,
            cx.starred_at.unwrap_or(page),
            "parameters are marked required but the required-parameters footnote is not included: expected `{% include [...](_includes/required.md) %}` above the table",
        );
    } else if cx.footnote && !cx.starred && !m.params.is_empty() {
        cx.diag(
            Code::FootnoteWithoutRequired,
            cx.footnote_at.unwrap_or(page),
            "the required-parameters footnote is included but no parameter is marked required: expected `*` after a required name, or no footnote",
        );
    }
}

/// Example calls against the parameter table: keys it does not document, required
/// parameters no example sends.
pub fn examples(cx: &mut Ctx, m: &ir::Method) {
    let sent: Vec<&Map<String, Value>> = m
        .examples
        .iter()
        .filter_map(|e| e.params.as_ref().and_then(Value::as_object))
        .collect();
    if sent.is_empty() || m.params.is_empty() {
        return;
    }
    let page = cx.doc.page.pos;
    let documented: HashSet<String> = m
        .params
        .iter()
        .map(|f| f.name.to_ascii_lowercase())
        .collect();
    let mut reported: HashSet<&str> = HashSet::new();
    for key in sent.iter().flat_map(|p| p.keys()) {
        if !documented.contains(&key.to_ascii_lowercase()) && reported.insert(key) {
            let msg =
                format!("an example sends `{key}`, which the parameter table does not document: expected a row for it");
            let pos = locate::example_key(cx.doc, key).unwrap_or(page);
            cx.diag(Code::UndocumentedParam, pos, msg);
        }
    }
    // The first row of each name, as the table is read top down.
    let mut rows: HashMap<&str, Pos> = HashMap::new();
    for (name, pos) in &cx.param_rows {
        rows.entry(name.as_str()).or_insert(*pos);
    }
    let mut missing = Vec::new();
    for f in m.params.iter().filter(|f| f.required) {
        if !sent.iter().any(|p| p.contains_key(&f.name)) {
            let msg = format!(
                "required parameter `{}` is sent by no example: expected it in the example calls",
                f.name
            );
            missing.push((rows.get(f.name.as_str()).copied().unwrap_or(page), msg));
        }
    }
    for (pos, msg) in missing {
        cx.diag(Code::RequiredNotInExample, pos, msg);
    }
}
