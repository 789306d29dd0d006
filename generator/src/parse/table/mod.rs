//! Tables: YFM `#|`…`|#` tables ([`yfm`]) and GFM pipe tables ([`pipe`]), both
//! into the one [`Table`] model.

mod pipe;
mod yfm;

pub(crate) use pipe::{is_gfm_start, parse_gfm};
pub(crate) use yfm::parse_yfm;

use super::blocks::Cx;
use crate::diag::Code;
use crate::page::{Cell, Row, Table};
use crate::source::Pos;

/// Drops empty rows and checks the widths of the others.
pub(super) fn finish(rows: Vec<Row>, cx: &mut Cx) -> Table {
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.text.is_empty()))
        .collect();
    let table = Table { rows };
    check_ragged(&table, cx);
    table
}

/// Reports rows whose width differs from the first row's.
pub(crate) fn check_ragged(table: &Table, cx: &mut Cx) {
    let Some(width) = table.rows.first().map(|r| r.cells.len()) else {
        return;
    };
    for r in table.rows.iter().skip(1).filter(|r| r.cells.len() != width) {
        let msg = format!("row has {} cells, the first row has {width}", r.cells.len());
        cx.diags.at(cx.map, Code::RaggedRow, r.pos, msg);
    }
}

/// Text of the cell being read, and where its first visible character is.
#[derive(Default)]
pub(super) struct CellBuf {
    pub text: String,
    pub start: Option<Pos>,
}

impl CellBuf {
    pub fn push(&mut self, c: char, pos: Pos) {
        if self.start.is_none() && !c.is_whitespace() {
            self.start = Some(pos);
        }
        if self.start.is_some() || !c.is_whitespace() {
            self.text.push(c);
        }
    }

    pub fn push_str(&mut self, s: &str, pos: Pos) {
        if self.start.is_none() && !s.trim().is_empty() {
            self.start = Some(pos);
        }
        if self.start.is_some() {
            self.text.push_str(s);
        }
    }

    /// The finished cell; `fallback` is its position when it holds nothing.
    pub fn take(&mut self, fallback: Pos) -> Cell {
        let buf = std::mem::take(self);
        Cell {
            pos: buf.start.unwrap_or(fallback),
            text: buf.text.trim().to_string(),
        }
    }
}
