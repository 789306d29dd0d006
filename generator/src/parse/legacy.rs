//! The legacy plain-text export: no Markdown, one table cell per line ending ` |`.

use crate::diag::Diags;
use crate::page::Block;
use crate::source::{FileId, SourceMap};

/// Whether `text` is a plain-text export: no Markdown structure at all, and table
/// cells written one per line ending in ` |`.
pub(crate) fn detect(text: &str) -> bool {
    let mut cells = 0;
    for l in text.split('\n') {
        let t = l.trim();
        if t.starts_with('#') || t.starts_with("{%") || t.starts_with("```") || t.starts_with("||")
        {
            return false;
        }
        if t == "|" || t.ends_with(" |") {
            cells += 1;
        }
    }
    cells >= 2
}

pub(crate) fn parse(file: FileId, map: &SourceMap, diags: &mut Diags) -> Vec<Block> {
    let _ = (file, map, diags);
    Vec::new()
}
