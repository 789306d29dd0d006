//! The page's preamble: scopes, who may call the method, the summary paragraph, and
//! the address of the official page.

use crate::page::{BlockKind, Form};

use super::doc::Doc;
use super::{text, vocabulary};

/// The intro text blocks: those before the first heading under the H1.
fn intro<'a>(doc: &'a Doc) -> impl Iterator<Item = &'a str> + 'a {
    doc.entries
        .iter()
        .filter(move |e| !e.in_tab && e.heading_is_h1(doc))
        .filter_map(|e| match &e.block.kind {
            BlockKind::Text(t) => Some(t.as_str()),
            _ => None,
        })
}

fn quote_lines<'a>(t: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    t.lines().map(|l| l.trim().trim_start_matches('>').trim())
}

/// The lines of `t` that may hold a label: every label ends with a colon.
fn label_lines<'a>(t: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    quote_lines(t).filter(|l| l.contains(':'))
}

/// Scopes in page order: code spans of the Scope line, split on commas, prose dropped.
pub fn scopes(doc: &Doc) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in intro(doc) {
        for line in label_lines(t) {
            let Some(rest) = vocabulary::SCOPE_LABEL
                .iter()
                .find_map(|l| line.split_once(l).map(|(_, r)| r))
            else {
                continue;
            };
            // Linked scopes are the scopes; prose after them may quote other code
            // (`scope модуля из `moduleId``).
            let (links, spans) = text::links_and_code_spans(rest);
            let links: Vec<String> = links.into_iter().map(|l| l.text).collect();
            let tokens: Vec<String> = if !links.is_empty() {
                links
            } else if !spans.is_empty() {
                spans
            } else {
                vec![text::plain(rest)]
            };
            for tok in tokens.iter().flat_map(|s| s.split(',')) {
                let tok = tok.trim();
                if !tok.is_empty()
                    && !tok.contains(char::is_whitespace)
                    && !out.iter().any(|s| s == tok)
                {
                    out.push(tok.to_string());
                }
            }
            return out;
        }
    }
    out
}

/// "Кто может выполнять метод: …", as written.
pub fn who_can(doc: &Doc) -> Option<String> {
    for t in intro(doc) {
        for line in label_lines(t) {
            if let Some(rest) = vocabulary::WHO_LABEL
                .iter()
                .find_map(|l| line.split_once(l).map(|(_, r)| r))
            {
                let who = text::plain(rest);
                return (!who.is_empty()).then_some(who);
            }
        }
    }
    None
}

/// The first prose paragraph after the scope quote (or after the H1 when the page has
/// no scope line), Markdown kept.
pub fn summary(doc: &Doc) -> String {
    if doc.page.form == Form::Legacy {
        // Old exports mix sidebar residue into the prose: no paragraph is reliably the
        // method's description.
        return String::new();
    }
    let paragraphs: Vec<&str> = intro(doc)
        .flat_map(|t| t.split("\n\n"))
        .map(str::trim)
        .collect();
    let after_scope = paragraphs
        .iter()
        .position(|p| {
            p.contains(':')
                && (vocabulary::SCOPE_LABEL.within(p) || vocabulary::WHO_LABEL.within(p))
        })
        .map_or(0, |i| i + 1);
    paragraphs
        .iter()
        .skip(after_scope)
        .find(|p| is_prose(p))
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

fn is_prose(p: &str) -> bool {
    let label = vocabulary::SCOPE_LABEL.within(p) || vocabulary::WHO_LABEL.within(p);
    !p.is_empty() && !p.starts_with(['>', '-', '*', '{', '|', '#', '!', '<']) && !label
}
