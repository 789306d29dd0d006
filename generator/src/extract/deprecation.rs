//! Whether a method is deprecated: an `outdated`/`deprecated` folder, a
//! `{% note warning "DEPRECATED" %}`, or the "Развитие метода остановлено" phrase; and
//! the method the page recommends instead.

use crate::ir::Deprecation;
use crate::layout;
use crate::page::{Block, BlockKind};

use super::detect::is_method_name;
use super::doc::Doc;
use super::sections::Section;
use super::{text, vocabulary};

pub fn detect(doc: &Doc, path: &str, method: &str) -> Option<Deprecation> {
    let note = deprecation_text(doc);
    let in_folder = layout::kind(path).outdated;
    match note {
        Some(md) => Some(Deprecation {
            note: text::collapse_spaces(&md),
            replacement: replacement(&md, method),
        }),
        None if in_folder => Some(Deprecation::default()),
        None => None,
    }
}

/// The text that declares the deprecation: a note titled DEPRECATED, or prose before
/// the first section with one of the phrases.
fn deprecation_text(doc: &Doc) -> Option<String> {
    for e in &doc.entries {
        match &e.block.kind {
            BlockKind::Note { title, blocks, .. }
                if title.to_lowercase().contains("deprecated") =>
            {
                return Some(blocks_text(blocks));
            }
            BlockKind::Note { blocks, .. } => {
                let t = blocks_text(blocks);
                if says_deprecated(&t) {
                    return Some(t);
                }
            }
            BlockKind::Text(t)
                if e.section == Section::Other && !e.in_tab && e.heading_is_h1(doc) =>
            {
                if let Some(p) = t.split("\n\n").find(|p| says_deprecated(p)) {
                    return Some(p.to_string());
                }
            }
            _ => {}
        }
    }
    None
}

fn says_deprecated(t: &str) -> bool {
    // Most texts mention none of the stems: skip lower-casing them.
    if !vocabulary::DEPRECATION_STEM.within(t) {
        return false;
    }
    let lower = text::lowercase(t);
    vocabulary::DEPRECATED.within(&lower)
        || vocabulary::DEPRECATED_WORD
            .iter()
            .any(|w| text::has_word(&lower, w))
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Text(t) => Some(t.trim()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The first method named in the note (a link text or a code span) other than this one.
fn replacement(md: &str, method: &str) -> Option<String> {
    let from_links = text::links(md).into_iter().map(|l| l.text);
    let from_spans = text::code_spans(md).into_iter();
    from_links
        .chain(from_spans)
        .map(|t| t.trim().trim_end_matches("()").to_string())
        .find(|t| t != method && is_method_name(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_from_link() {
        let md = "Развитие метода остановлено. Используйте [crm.item.get](../x.md)";
        assert_eq!(
            replacement(md, "crm.deal.get").as_deref(),
            Some("crm.item.get")
        );
        assert_eq!(
            replacement("Используйте `crm.deal.get`", "crm.deal.get"),
            None
        );
    }
}
