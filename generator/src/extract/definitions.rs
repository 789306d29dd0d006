//! The objects a page defines under anchored headings, for links from other pages.
//!
//! Every page is read this way, method or not (`data-types.md`, `entities.md`), with its
//! own diagnostics dropped: the tables a method uses are read again, and reported, as
//! parameters or returned data.

use serde_json::Map;

use crate::diag::Diags;
use crate::ir;
use crate::page::{BlockKind, Page};
use crate::source::SourceMap;

use super::doc::Doc;
use super::fields::{self, Role, Walk};
use super::{text, Ctx};

/// The anchored objects of `page`, in page order.
pub fn definitions(page: &Page, map: &SourceMap) -> Vec<ir::Definition> {
    let doc = Doc::new(page);
    let path = map.display(page.pos.file).to_string();
    let mut diags = Diags::new();
    let mut cx = Ctx {
        map,
        diags: &mut diags,
        doc: &doc,
        samples: Map::new(),
        footnote: false,
        footnote_at: None,
        starred: false,
        starred_at: None,
        param_rows: Vec::new(),
    };
    let mut out = Vec::new();
    for (i, e) in doc.entries.iter().enumerate() {
        let BlockKind::Heading {
            text: title,
            anchor,
            level,
        } = &e.block.kind
        else {
            continue;
        };
        if *level == 1 {
            continue;
        }
        let Some((idx, table)) = doc.table_under(i) else {
            continue;
        };
        let fields = fields::from_table(&mut cx, table, idx, &mut Walk::new(Role::Response));
        if fields.is_empty() {
            continue;
        }
        let mut anchors: Vec<String> = anchor.iter().map(|a| a.to_lowercase()).collect();
        let slug = text::slug(title).to_lowercase();
        if !anchors.contains(&slug) {
            anchors.push(slug);
        }
        out.push(ir::Definition {
            page: path.clone(),
            anchors,
            fields,
        });
    }
    out
}
