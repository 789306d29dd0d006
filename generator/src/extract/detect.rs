//! Which method a page documents, or why it documents none.

use crate::layout;
use crate::page::{BlockKind, Form};

use super::doc::Doc;
use super::{text, vocabulary, SkipReason};

/// The method a page is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub name: String,
    /// The H1 without the method name.
    pub title: String,
}

/// Finds the method of a page: front matter, then the name ending the H1 (R1), then a name
/// elsewhere in the H1 (R2), then an undotted H1 word the body calls "Метод `X`" (R3),
/// then the example calls of a page without a title.
pub fn detect(
    doc: &Doc,
    path: &str,
    fm_method: Option<&str>,
) -> Result<Detected, (SkipReason, String)> {
    let h1 = doc.h1().and_then(|b| match &b.kind {
        BlockKind::Heading { text, .. } => Some(text.trim().to_string()),
        _ => None,
    });
    let h1 = h1.unwrap_or_default();
    if let Some(m) = fm_method.map(str::trim).filter(|m| !m.is_empty()) {
        return Ok(Detected {
            name: m.to_string(),
            title: title_without(&h1, m),
        });
    }
    if let Some(reason) = path_skip(path) {
        return Err((reason, path.to_string()));
    }
    if let Some(name) = name_from_h1(&h1) {
        return Ok(Detected {
            title: title_without(&h1, name),
            name: name.to_string(),
        });
    }
    if let Some(name) = name_within_h1(doc, &h1) {
        return Ok(Detected {
            title: title_without(&h1, &name),
            name,
        });
    }
    if let Some(name) = undotted_name(doc, &h1) {
        return Ok(Detected {
            title: title_without(&h1, &name),
            name,
        });
    }
    if let Some(reason) = h1_skip(&h1, path) {
        return Err((reason, h1));
    }
    // Only an old export (or a page without a title) takes its name from the example call: placement and
    // overview pages show calls of other methods.
    let method_like = doc.page.form == Form::Legacy || doc.h1().is_none();
    if let Some(name) = method_like.then(|| name_from_calls(doc)).flatten() {
        return Ok(Detected {
            title: h1.trim_end_matches('|').trim().to_string(),
            name,
        });
    }
    Err((SkipReason::NoMethod, h1))
}

/// What the path alone decides: fragments and index pages are never method pages.
fn path_skip(path: &str) -> Option<SkipReason> {
    let kind = layout::kind(path);
    if kind.fragment {
        return Some(SkipReason::Fragment);
    }
    if kind.index {
        return Some(SkipReason::Index);
    }
    None
}

/// Rule R1: the H1 ends with a dotted lower-case-first name (not `x.v2`).
pub fn name_from_h1(h1: &str) -> Option<&str> {
    let t = h1
        .trim_end()
        .trim_end_matches(')')
        .trim_end_matches('`')
        .trim_end_matches(['»', '"']);
    let start = t
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = t.get(start..)?;
    is_method_name(name).then_some(name)
}

/// `a.b`, `a.b.c`: segments of letters, digits and `_`, the first starting lower-case.
pub fn is_method_name(name: &str) -> bool {
    let mut segs = name.split('.');
    let Some(first) = segs.next() else {
        return false;
    };
    if !first.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let rest: Vec<&str> = segs.collect();
    if rest.is_empty() {
        return false;
    }
    let well_formed = std::iter::once(first).chain(rest.iter().copied()).all(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    let last = rest.last().copied().unwrap_or("");
    let version_tail =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    well_formed && !version_tail
}

/// Separators between a name and the rest of a title: `x.y: …`, `x.y — …`.
const TITLE_SEPARATORS: &[char] = &[':', '—', '–', '-', '|'];

/// Rule R2: a method name standing elsewhere in the H1. The title alone says it is the
/// page's method when it opens the H1 (after a method word at most), alone or followed by
/// a separator; anywhere else, an example call of the page must name it too. With several names in the H1, the one the calls name wins.
fn name_within_h1(doc: &Doc, h1: &str) -> Option<String> {
    let candidates = h1_names(h1);
    if candidates.is_empty() {
        return None;
    }
    let called = called_names(doc);
    if let Some(found) = candidates
        .iter()
        .find(|c| called.iter().any(|n| n == c.name))
    {
        return Some(found.name.to_string());
    }
    candidates
        .iter()
        .find(|c| c.says_itself(h1))
        .map(|c| c.name.to_string())
}

/// A method name in an H1 and where it stands.
struct InTitle<'a> {
    name: &'a str,
    start: usize,
    end: usize,
}

impl InTitle<'_> {
    fn says_itself(&self, h1: &str) -> bool {
        let before = h1[..self.start].trim_end_matches(QUOTES).trim();
        let after = h1[self.end..].trim_start_matches(QUOTES).trim_start();
        let opens = before.is_empty() || vocabulary::METHOD_INTRO.is(before);
        opens && (after.is_empty() || after.starts_with(TITLE_SEPARATORS))
    }
}

/// What a name in a title may be wrapped in.
const QUOTES: &[char] = &['`', '"', '«', '»', '(', ')', '\'', '*'];

/// Every method name in `h1`, in order.
fn h1_names(h1: &str) -> Vec<InTitle<'_>> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(offset) = h1[rest..].find(is_name_char) {
        let start = rest + offset;
        let len = h1[start..]
            .find(|c: char| !is_name_char(c))
            .unwrap_or(h1.len() - start);
        let token = &h1[start..start + len];
        rest = start + len;
        let name = token.trim_end_matches('.');
        if is_method_name(name) {
            out.push(InTitle {
                name,
                start,
                end: start + name.len(),
            });
        }
    }
    out
}

/// Every method the page's example calls name.
fn called_names(doc: &Doc) -> Vec<String> {
    let mut out = Vec::new();
    for e in &doc.entries {
        if let BlockKind::Code { text, .. } | BlockKind::Text(text) = &e.block.kind {
            out.extend(call_names(text));
        }
    }
    out
}

/// Rule R3: the last H1 word, undotted, that the body introduces as ``Метод `X` ``.
fn undotted_name(doc: &Doc, h1: &str) -> Option<String> {
    let word = h1.split_whitespace().last()?.trim_matches('`');
    if !word.starts_with(|c: char| c.is_ascii_lowercase())
        || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let needles: Vec<String> = vocabulary::METHOD_INTRO
        .iter()
        .map(|m| format!("{m} `{word}`"))
        .collect();
    let found = doc.entries.iter().any(|e| match &e.block.kind {
        BlockKind::Text(t) => needles.iter().any(|n| t.contains(n.as_str())),
        _ => false,
    });
    found.then(|| word.to_string())
}

/// Why a page whose H1 names no method is not a method page.
fn h1_skip(h1: &str, path: &str) -> Option<SkipReason> {
    let lower = text::lowercase(h1);
    let last = h1
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(['`', '(', ')']);
    let folder = layout::kind(path);
    if vocabulary::OVERVIEW_TITLE.within(&lower) {
        return Some(SkipReason::Index);
    }
    if is_event_name(last) || folder.events {
        return Some(SkipReason::Event);
    }
    if folder.js_commands || last.starts_with("BX24.") {
        return Some(SkipReason::JsCommand);
    }
    let upper_snake = !last.is_empty()
        && last
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '*');
    if upper_snake && (folder.outbound_webhooks || last.ends_with("_URL")) {
        return Some(SkipReason::OutboundWebhook);
    }
    if upper_snake || folder.placements {
        return Some(SkipReason::Placement);
    }
    None
}

/// `OnCrmDealAdd`, `ONTASKADD`, `CATALOG.PRICE.ON.ADD`, `Class::event`.
pub(super) fn is_event_name(w: &str) -> bool {
    let on_camel = w.len() > 2
        && (w.starts_with("On") || w.starts_with("on") || w.starts_with("ON"))
        && w[2..].starts_with(|c: char| c.is_ascii_uppercase());
    on_camel || w.contains("::") || w.to_ascii_uppercase().contains(".ON")
}

/// A legacy page names its method only in the example call.
pub fn name_from_calls(doc: &Doc) -> Option<String> {
    for e in &doc.entries {
        let text = match &e.block.kind {
            BlockKind::Code { text, .. } | BlockKind::Text(text) => text.as_str(),
            _ => continue,
        };
        if let Some(name) = call_name(text) {
            return Some(name);
        }
    }
    None
}

/// The method named by `restCommand('x.y'`, `callMethod('x.y'`, `call('x.y'` or a
/// REST URL ending in `/x.y`.
pub fn call_name(code: &str) -> Option<String> {
    call_names(code).into_iter().next()
}

/// Every method named by a call in `code`: `restCommand('x.y'`, `callMethod('x.y'`,
/// `call('x.y'` (`CRest::call`, `$b24->call`), `method: 'x.y'`, then REST URLs ending in
/// `/x.y` or `/x.y.json`.
pub fn call_names(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for opener in ["restCommand(", "callMethod(", "call(", "method:"] {
        for (i, _) in code.match_indices(opener) {
            let rest = code[i + opener.len()..].trim_start();
            let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else {
                continue;
            };
            let inner = &rest[1..];
            if let Some(end) = inner.find(q) {
                let name = &inner[..end];
                if is_method_name(name) {
                    out.push(name.to_string());
                }
            }
        }
    }
    for (i, _) in code.match_indices("/rest/") {
        let tail = &code[i..];
        let url_end = tail
            .find(|c: char| c.is_whitespace() || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        let last = tail[..url_end]
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        let last = last
            .split('?')
            .next()
            .unwrap_or("")
            .trim_end_matches(".json");
        if is_method_name(last) {
            out.push(last.to_string());
        }
    }
    out
}

/// The H1 with the method (or event) name, the backticks and parentheses around it, and
/// a method word right before it removed.
pub(super) fn title_without(h1: &str, name: &str) -> String {
    let t = match h1.rfind(name) {
        Some(i) => {
            let before = without_method_word(&h1[..i]);
            format!("{before}{}", &h1[i + name.len()..])
        }
        None => h1.to_string(),
    };
    let t = t.replace("``", "").replace("()", "");
    t.trim()
        .trim_end_matches(TITLE_SEPARATORS)
        .trim()
        .trim_start_matches(TITLE_SEPARATORS)
        .trim()
        .to_string()
}

/// `before` without a method word ending it (the opening quote kept).
fn without_method_word(before: &str) -> String {
    let quote_start = before.trim_end_matches(QUOTES).len();
    let (text, quote) = before.split_at(quote_start);
    let trimmed = text.trim_end();
    let word_start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    if text.len() > trimmed.len() && vocabulary::METHOD_INTRO.is(&trimmed[word_start..]) {
        format!("{}{quote}", &trimmed[..word_start])
    } else {
        before.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_names() {
        assert_eq!(name_from_h1("Создать чат im.chat.add"), Some("im.chat.add"));
        assert_eq!(
            name_from_h1("Добавить `catalog.productImage.add`"),
            Some("catalog.productImage.add")
        );
        assert_eq!(
            name_from_h1("Менеджер imbot.v2.Chat.Manager.add"),
            Some("imbot.v2.Chat.Manager.add")
        );
        assert_eq!(
            name_from_h1("Группа sonet_group.get"),
            Some("sonet_group.get")
        );
        assert_eq!(
            name_from_h1("v 3.0 tasks.task.result.list"),
            Some("tasks.task.result.list")
        );
        assert_eq!(name_from_h1("События im.v2"), None);
        assert_eq!(name_from_h1("Событие CATALOG.PRICE.ON.ADD"), None);
        assert_eq!(name_from_h1("Метод BX24.placement.call"), None);
    }

    #[test]
    fn call_names() {
        assert_eq!(
            call_name("$result = restCommand('im.message.add', Array(").as_deref(),
            Some("im.message.add")
        );
        assert_eq!(
            call_name("BX24.callMethod(\"user.get\", {})").as_deref(),
            Some("user.get")
        );
        assert_eq!(
            call_name("https://x/rest/1/abc/crm.deal.add.json?x=1").as_deref(),
            Some("crm.deal.add")
        );
        assert_eq!(call_name("im.revision.get"), None);
    }

    #[test]
    fn event_and_placement_words() {
        assert!(is_event_name("OnCrmDealAdd"));
        assert!(is_event_name("CATALOG.PRICE.ON.ADD"));
        assert_eq!(
            h1_skip(
                "Обработчик CALCULATE_URL",
                "sale/delivery/webhooks/calculate.md"
            ),
            Some(SkipReason::OutboundWebhook)
        );
        assert_eq!(
            h1_skip("Встройка LANDING_BLOCK_*", "landing/embedding/block.md"),
            Some(SkipReason::Placement)
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_without("Создать чат im.chat.add", "im.chat.add"),
            "Создать чат"
        );
        assert_eq!(title_without("Добавить `x.y`", "x.y"), "Добавить");
        assert_eq!(title_without("Method x.y: do it", "x.y"), "do it");
        assert_eq!(title_without("Метод `x.y` — сделать", "x.y"), "сделать");
        assert_eq!(title_without("x.y — do it", "x.y"), "do it");
    }

    #[test]
    fn names_anywhere_in_a_title() {
        let names = |h1| h1_names(h1).iter().map(|n| n.name).collect::<Vec<_>>();
        assert_eq!(names("Use a.b, then c.d_e."), ["a.b", "c.d_e"]);
        assert_eq!(names("v 3.0 im.v2 x"), Vec::<&str>::new());
        let says = |h1: &str| h1_names(h1).iter().any(|n| n.says_itself(h1));
        assert!(says("a.b: do"));
        assert!(says("Method `a.b` — do"));
        assert!(says("(a.b)"));
        assert!(!says("Do a.b now"));
        assert!(!says("a.b and c.d"));
    }
}
