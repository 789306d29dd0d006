//! YFM tables: `#|` opens, `||` opens and closes a row, `|` ends a cell, `|#` closes.
//! Cells hold multi-line Markdown: code fences and nested tables inside a cell are
//! cell text, as are `|` inside inline code and escaped `\|`.

use memchr::memchr;

use super::{finish, CellBuf, Cx};
use crate::page::{Cell, Row, Table};
use crate::parse::fence::Fence;
use crate::parse::inline::{escaped, CharCursor, CodeSpans};
use crate::parse::line::{leading_ws, Line};
use crate::source::Pos;

/// Parses a YFM table: `lines` runs from the `#|` line to its `|#` line inclusive.
pub(crate) fn parse_yfm(lines: &[Line], cx: &mut Cx) -> Table {
    let base = lines.first().map_or(0, Line::indent);
    let mut b = Builder::default();
    // The opener line may carry a first row (`#| || a | b ||`).
    if let Some(first) = lines.first() {
        let (ws, _) = leading_ws(first.text());
        b.scan(first, ws + 2);
        b.end_line();
    }
    let content = lines.get(1..lines.len().saturating_sub(1)).unwrap_or(&[]);
    for l in content {
        b.line(&l.dedented(base));
    }
    finish(b.finish(), cx)
}

/// Reads a YFM table's content line by line.
#[derive(Default)]
struct Builder {
    rows: Vec<Row>,
    /// The row being read: its position and finished cells.
    row: Option<(Pos, Vec<Cell>)>,
    cell: CellBuf,
    /// A code fence open inside a cell: its lines are cell text, never markup.
    fence: Option<Fence>,
    /// Depth of tables nested inside a cell: their lines are cell text too.
    nested: usize,
    spans: CodeSpans,
}

impl Builder {
    fn line(&mut self, l: &Line) {
        let ws = l.lead();
        let t = l.text().trim();
        if let Some(f) = &self.fence {
            if let Some(after) = f.close(l) {
                self.fence = None;
                let split = l.text().len() - after.len();
                self.raw(l, l.text().get(..split).unwrap_or(""), ws);
                self.scan(l, split);
            } else {
                self.raw(l, l.text(), ws);
            }
        } else if self.nested > 0 || t.starts_with("#|") {
            if t.starts_with("#|") {
                self.nested += 1;
            } else if t.starts_with("|#") {
                self.nested -= 1;
            }
            self.raw(l, l.text(), ws);
        } else if let Some(f) = Fence::open(l).filter(|_| self.row.is_some()) {
            self.fence = Some(f);
            self.raw(l, l.text(), ws);
        } else {
            self.scan(l, 0);
        }
        self.end_line();
    }

    /// Adds text that is not markup (fence or nested table lines) to the cell.
    fn raw(&mut self, l: &Line, s: &str, first_visible: usize) {
        if self.row.is_some() {
            self.cell.push_str(s, l.pos_at(first_visible));
        }
    }

    fn end_line(&mut self) {
        if self.row.is_some() && self.cell.start.is_some() {
            self.cell.text.push('\n');
        }
    }

    /// Reads markup from byte `from` of the line: `||` opens or closes a row, `|`
    /// ends a cell, except inside code spans or when escaped as `\|`.
    fn scan(&mut self, l: &Line, from: usize) {
        let text = l.text();
        // Taken out for the loop, which needs `self` mutably; put back after.
        let mut finder = std::mem::take(&mut self.spans);
        let spans = finder.find(text);
        let mut span = 0;
        let first_visible = text.len() - text.trim_start().len();
        let mut chars = CharCursor::default();
        let mut seg = from;
        let mut at = from;
        while let Some(off) = text
            .get(at..)
            .and_then(|rest| memchr(b'|', rest.as_bytes()))
        {
            let bar = at + off;
            while spans.get(span).is_some_and(|s| s.end <= bar) {
                span += 1;
            }
            if spans.get(span).is_some_and(|s| s.start <= bar) || escaped(text, bar) {
                at = bar + 1;
                continue;
            }
            self.segment(l, seg, bar, &mut chars);
            let ci = chars.at(text, bar);
            if text.as_bytes().get(bar + 1) == Some(&b'|') {
                let rest = text.get(bar + 2..).unwrap_or("");
                self.double_bar(l, ci, bar == first_visible, rest);
                at = bar + 2;
            } else {
                self.end_cell(l.pos_at(ci));
                at = bar + 1;
            }
            seg = at;
        }
        self.segment(l, seg, text.len(), &mut chars);
        self.spans = finder;
    }

    /// Adds bytes `start..end` of the line to the open cell.
    fn segment(&mut self, l: &Line, start: usize, end: usize, chars: &mut CharCursor) {
        if self.row.is_none() {
            return;
        }
        let seg = l.text().get(start..end).unwrap_or("");
        if self.cell.start.is_some() {
            self.cell.text.push_str(seg);
            return;
        }
        let visible = seg.trim_start();
        if visible.is_empty() {
            return;
        }
        let ci = chars.at(l.text(), end - visible.len());
        self.cell.start = Some(l.pos_at(ci));
        self.cell.text.push_str(visible);
    }

    /// A `||`. At the start of a line with content after it while a row is open, the
    /// previous row lacked its closing `||`: close it and open the next.
    fn double_bar(&mut self, l: &Line, ci: usize, line_start: bool, rest: &str) {
        let pos = l.pos_at(ci);
        if self.row.is_none() {
            self.row = Some((pos, Vec::new()));
            return;
        }
        self.end_row(pos);
        if line_start && !rest.trim().is_empty() && !rest.trim_start().starts_with('|') {
            self.row = Some((pos, Vec::new()));
        }
    }

    fn end_cell(&mut self, pos: Pos) {
        if let Some((_, cells)) = &mut self.row {
            cells.push(self.cell.take(pos));
        }
    }

    fn end_row(&mut self, pos: Pos) {
        self.end_cell(pos);
        if let Some((rpos, cells)) = self.row.take() {
            self.rows.push(Row { pos: rpos, cells });
        }
    }

    /// The rows read; a last row without its closing `||` counts when it holds
    /// anything.
    fn finish(mut self) -> Vec<Row> {
        if let Some((pos, cells)) = &self.row {
            if !cells.is_empty() || !self.cell.text.trim().is_empty() {
                let pos = *pos;
                self.end_row(pos);
            }
        }
        self.rows
    }
}
