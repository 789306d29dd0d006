//! Example calls: one [`Example`] per tab (or per code block on pages without
//! tabs), with the request parameters read from the call when possible.

use serde_json::Value;

use crate::ir::Example;
use crate::page::{Block, BlockKind};
use crate::source::Pos;

use super::doc::Doc;
use super::json;
use super::sections::Section;

/// The examples of a page, and the places of cURL bodies that are not JSON even
/// leniently.
pub fn extract(doc: &Doc) -> (Vec<Example>, Vec<Pos>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let mut label = String::new();
    for (_, e) in doc.in_section(Section::Examples) {
        if e.in_tab {
            continue;
        }
        match &e.block.kind {
            BlockKind::Tabs(tabs) => {
                for tab in tabs {
                    out.push(from_blocks(tab.label.trim(), &tab.blocks, &mut bad));
                }
            }
            BlockKind::Code { lang, text } => {
                let ex = example(std::mem::take(&mut label), lang, text);
                note_bad_body(&ex, e.block.pos, &mut bad);
                out.push(ex);
            }
            BlockKind::Text(t) => label = bare_label(t).unwrap_or_default(),
            _ => {}
        }
    }
    (out, bad)
}

fn note_bad_body(ex: &Example, pos: Pos, bad: &mut Vec<Pos>) {
    if ex.params.is_none() && has_body(&ex.code) {
        bad.push(pos);
    }
}

fn has_body(code: &str) -> bool {
    BODY_OPENERS.iter().any(|o| code.contains(o))
}

/// A text block that is only `- JS` or `PHP`: the label of the code that follows
/// (pages whose tab directives were stripped, legacy exports).
fn bare_label(t: &str) -> Option<String> {
    let line = t.trim();
    if line.contains('\n') || line.chars().count() > 24 {
        return None;
    }
    let label = line.trim_start_matches("- ").trim();
    (!label.is_empty()).then(|| label.to_string())
}

fn from_blocks(label: &str, blocks: &[Block], bad: &mut Vec<Pos>) -> Example {
    if let Some((pos, lang, text)) = first_code(blocks) {
        let ex = example(label.to_string(), lang, text);
        note_bad_body(&ex, pos, bad);
        return ex;
    }
    let code: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Text(t) => Some(t.trim()),
            _ => None,
        })
        .collect();
    Example {
        label: label.to_string(),
        language: String::new(),
        code: code.join("\n\n"),
        params: None,
    }
}

fn first_code(blocks: &[Block]) -> Option<(Pos, &str, &str)> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Code { lang, text } => Some((b.pos, lang.as_str(), text.as_str())),
        BlockKind::Note { blocks, .. } => first_code(blocks),
        _ => None,
    })
}

fn example(label: String, lang: &str, code: &str) -> Example {
    Example {
        label,
        language: lang.trim().to_string(),
        code: code.to_string(),
        params: params(code),
    }
}

/// The parameters an example sends: a cURL `-d` body, a JS call's params object, a
/// PHP array. The OAuth `auth` key is not a parameter.
pub fn params(code: &str) -> Option<Value> {
    // Example blocks are most of a page's bytes: every pattern below is looked for only
    // when one cheap pass says it can occur (`-d` for cURL, `(` for calls).
    let body = || code.contains("-d").then(|| curl_body(code)).flatten();
    let calls = || {
        let opens = code.contains('(');
        opens
            .then(|| make_call(code).or_else(|| positional_call(code)))
            .flatten()
    };
    let mut v = body().or_else(calls)?;
    if let Value::Object(map) = &mut v {
        map.remove("auth");
    }
    matches!(v, Value::Object(_)).then_some(v)
}

const BODY_OPENERS: [&str; 5] = ["-d '", "--data '", "--data-raw '", "-d \"", "--data \""];

fn curl_body(code: &str) -> Option<Value> {
    for opener in BODY_OPENERS {
        if let Some(i) = code.find(opener) {
            let quote = opener.chars().last()?;
            let body = &code[i + opener.len()..];
            let end = body.find(quote)?;
            let body = &body[..end];
            let body = if quote == '"' {
                body.replace("\\\"", "\"")
            } else {
                body.to_string()
            };
            return json::parse_lenient(&body);
        }
    }
    None
}

/// `actions.v2.call.make({ method: 'x', params: {…} })`.
fn make_call(code: &str) -> Option<Value> {
    if !code.contains("make") {
        return None;
    }
    for (i, _) in code.match_indices(".make") {
        let Some(rest) = after_generic(&code[i + ".make".len()..]).strip_prefix('(') else {
            continue;
        };
        if let Some(p) = json::key_of_prefix(rest, "params") {
            return Some(p);
        }
    }
    None
}

/// Skips a TypeScript type argument (`<Result>`) before a call's parenthesis.
fn after_generic(s: &str) -> &str {
    if !s.starts_with('<') {
        return s;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &s[i + 1..];
                }
            }
            _ => {}
        }
    }
    s
}

/// `callMethod('m', {…})`, `call('m', [...])`, `restCommand('m', Array(…))`.
fn positional_call(code: &str) -> Option<Value> {
    const OPENERS: [&str; 4] = ["callMethod", "call", "restCommand", "callBatch"];
    // One pass over the parentheses finds every opener; they are then tried in order.
    let mut found: [Vec<usize>; 4] = Default::default();
    for (i, _) in code.match_indices('(') {
        let before = &code[..i];
        for (k, name) in OPENERS.iter().enumerate() {
            if before.ends_with(name) {
                found[k].push(i + 1);
            }
        }
    }
    for starts in &found {
        for &start in starts {
            let rest = code[start..].trim_start();
            let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else {
                continue;
            };
            let inner = &rest[1..];
            let Some(end) = inner.find(q) else {
                continue;
            };
            let after = inner[end + 1..].trim_start();
            let Some(args) = after.strip_prefix(',') else {
                continue;
            };
            if let Some((v, _)) = json::parse_prefix(args) {
                return Some(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn curl_body_without_auth() {
        let code = "curl -X POST \\\n -d '{\"fields\":{\"taskId\":51},\"auth\":\"x\"}' \\\n https://x/rest/m";
        assert_eq!(params(code), Some(json!({"fields":{"taskId":51}})));
    }

    #[test]
    fn js_call_method() {
        let code = "BX24.callMethod(\n 'im.chat.add',\n { USERS: [1, 2], TYPE: 'CHAT', },\n function(r) {}\n);";
        assert_eq!(params(code), Some(json!({"USERS":[1,2],"TYPE":"CHAT"})));
    }

    #[test]
    fn make_with_params() {
        let code = "await $b24.actions.v2.call.make({\n method: 'x.y',\n params: { id: 8 },\n requestId: Text.getUuidRfc4122()\n})";
        // The object holds a function call after `params`: it is read key by key.
        assert_eq!(params(code), Some(json!({"id":8})));
        let simple = "$b24.actions.v2.call.make<R<T>>({ method: 'x.y', params: { id: 8 } })";
        assert_eq!(params(simple), Some(json!({"id":8})));
    }

    #[test]
    fn php_array_call() {
        let code = "$result = restCommand('im.message.add', Array(\n'DIALOG_ID' => 'chat13',\n'SYSTEM' => 'N',\n), $_REQUEST[\"auth\"]);";
        assert_eq!(
            params(code),
            Some(json!({"DIALOG_ID":"chat13","SYSTEM":"N"}))
        );
    }

    #[test]
    fn placeholder_has_no_params() {
        assert_eq!(params("// пример для cURL (Webhook)"), None);
    }
}
