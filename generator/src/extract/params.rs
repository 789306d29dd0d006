//! The request parameters: the tables right under the parameters heading (or, on old
//! exports, the parameter table of the intro).

use crate::diag::Code;
use crate::ir;
use crate::page::{BlockKind, Table};

use super::doc::Doc;
use super::fields::{self, Role, Walk};
use super::sections::Section;
use super::{table, Ctx};

/// The top-level parameter tables: those right under the parameters heading (not
/// under a sub-object heading); the first table of the section otherwise.
fn param_tables<'a>(doc: &'a Doc<'a>) -> Vec<(usize, &'a Table)> {
    let in_section: Vec<(usize, &'a Table, Option<usize>)> = doc
        .in_section(Section::Params)
        .filter_map(|(i, e)| match &e.block.kind {
            BlockKind::Table(t) => Some((i, t, e.heading)),
            _ => None,
        })
        .collect();
    let direct: Vec<(usize, &'a Table)> = in_section
        .iter()
        .filter(|(_, _, h)| h.is_none_or(|h| doc.is_section_heading(h)))
        .map(|(i, t, _)| (*i, *t))
        .collect();
    if !direct.is_empty() {
        return direct;
    }
    if let Some((i, t, _)) = in_section.first() {
        return vec![(*i, *t)];
    }
    intro_tables(doc)
}

/// Pages without a parameters heading keep the table in the intro (old exports).
fn intro_tables<'a>(doc: &'a Doc<'a>) -> Vec<(usize, &'a Table)> {
    doc.entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.section == Section::Other && !e.in_tab && e.heading_is_h1(doc))
        .filter_map(|(i, e)| match &e.block.kind {
            BlockKind::Table(t) if table::is_param_header(t) => Some((i, t)),
            _ => None,
        })
        .take(1)
        .collect()
}

pub fn extract(cx: &mut Ctx) -> Vec<ir::Field> {
    let doc = cx.doc;
    let mut out: Vec<ir::Field> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, t) in param_tables(doc) {
        for f in fields::from_table(cx, t, i, &mut Walk::new(Role::Params)) {
            if !seen.insert(f.name.clone()) {
                let msg = format!(
                    "`{}` is documented in two parameter tables; the first is kept",
                    f.name
                );
                cx.diag(
                    Code::DuplicateParam,
                    t.rows.first().map_or(doc.page.pos, |r| r.pos),
                    msg,
                );
                continue;
            }
            out.push(f);
        }
    }
    out
}
