//! Checks of a finished method against its page: required marks and footnote, example
//! calls against the parameter table.

use serde_json::{Map, Value};

use crate::diag::Code;
use crate::ir;

use super::Ctx;

pub fn required_marks(cx: &mut Ctx, m: &ir::Method) {
    let pos = cx.doc.page.pos;
    if cx.starred && !cx.footnote {
        cx.diag(
            Code::RequiredWithoutFootnote,
            pos,
            "parameters are marked required but the required-parameters footnote is not included",
        );
    } else if cx.footnote && !cx.starred && !m.params.is_empty() {
        cx.diag(
            Code::FootnoteWithoutRequired,
            pos,
            "the required-parameters footnote is included but no parameter is marked required",
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
    let pos = cx.doc.page.pos;
    let mut reported: Vec<&str> = Vec::new();
    for key in sent.iter().flat_map(|p| p.keys()) {
        if !m.params.iter().any(|f| f.name.eq_ignore_ascii_case(key))
            && !reported.contains(&key.as_str())
        {
            reported.push(key);
            let msg =
                format!("an example sends `{key}`, which the parameter table does not document");
            cx.diag(Code::UndocumentedParam, pos, msg);
        }
    }
    for f in m.params.iter().filter(|f| f.required) {
        if !sent.iter().any(|p| p.contains_key(&f.name)) {
            let msg = format!("required parameter `{}` is sent by no example", f.name);
            cx.diag(Code::RequiredNotInExample, pos, msg);
        }
    }
}
