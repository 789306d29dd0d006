//! Tables: YFM `#|`…`|#` tables and GFM pipe tables, both into [`Table`].

use super::blocks::Cx;
use super::fence::Fence;
use super::line::{leading_ws, Line};
use crate::diag::Code;
use crate::page::{Cell, Row, Table};
use crate::source::Pos;

/// Parses a YFM table: `lines` runs from the `#|` line to its `|#` line inclusive.
pub(crate) fn parse_yfm(lines: &[Line], cx: &mut Cx) -> Table {
    let base = lines.first().map_or(0, Line::indent);
    let mut b = Builder::default();
    // The opener line may carry a first row (`#| || a | b ||`).
    if let Some(first) = lines.first() {
        let (ws, _) = leading_ws(&first.text);
        b.scan(first, ws + 2);
        b.end_line();
    }
    let content = lines.get(1..lines.len().saturating_sub(1)).unwrap_or(&[]);
    for l in content {
        b.line(&l.dedented(base));
    }
    finish(b.finish(), cx)
}

/// Whether line `i` starts a GFM table: a `|` row followed by a `|---|` separator.
pub(crate) fn is_gfm_start(lines: &[Line], i: usize) -> bool {
    let row = lines.get(i).map(Line::trimmed).unwrap_or("");
    let sep = lines.get(i + 1).map(Line::trimmed).unwrap_or("");
    row.starts_with('|') && is_separator(sep)
}

fn is_separator(t: &str) -> bool {
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Parses a GFM table starting at line `i`; returns it and the next line index.
pub(crate) fn parse_gfm(lines: &[Line], i: usize, cx: &mut Cx) -> (Table, usize) {
    let mut rows = Vec::new();
    if let Some(header) = lines.get(i) {
        rows.push(pipe_row(header));
    }
    let mut next = i + 2;
    while let Some(l) = lines.get(next) {
        if !l.trimmed().starts_with('|') {
            break;
        }
        rows.push(pipe_row(l));
        next += 1;
    }
    (finish(rows, cx), next)
}

/// One `| a | b |` line.
fn pipe_row(l: &Line) -> Row {
    let text = l.text.trim_end();
    let (ws, _) = leading_ws(text);
    let spans = code_spans(text);
    let mut cells = Vec::new();
    let mut cell = CellBuf::default();
    let mut started = false;
    let mut span = spans.iter().peekable();
    for (ci, (bi, c)) in text.char_indices().enumerate().skip(ws) {
        while span.peek().is_some_and(|s| s.end <= bi) {
            span.next();
        }
        let protected = span.peek().is_some_and(|s| s.contains(&bi)) || escaped(text, bi);
        if c == '|' && !protected {
            if started {
                cells.push(cell.take(l.pos_at(ci)));
            }
            started = true;
            continue;
        }
        cell.push(c, l.pos_at(ci));
    }
    if !cell.text.trim().is_empty() {
        cells.push(cell.take(l.pos()));
    }
    Row {
        pos: l.pos(),
        cells,
    }
}

/// Drops empty rows and checks the widths of the others.
fn finish(rows: Vec<Row>, cx: &mut Cx) -> Table {
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
struct CellBuf {
    text: String,
    start: Option<Pos>,
}

impl CellBuf {
    fn push(&mut self, c: char, pos: Pos) {
        if self.start.is_none() && !c.is_whitespace() {
            self.start = Some(pos);
        }
        if self.start.is_some() || !c.is_whitespace() {
            self.text.push(c);
        }
    }

    fn push_str(&mut self, s: &str, pos: Pos) {
        if self.start.is_none() && !s.trim().is_empty() {
            self.start = Some(pos);
        }
        if self.start.is_some() {
            self.text.push_str(s);
        }
    }

    /// The finished cell; `fallback` is its position when it holds nothing.
    fn take(&mut self, fallback: Pos) -> Cell {
        let buf = std::mem::take(self);
        Cell {
            pos: buf.start.unwrap_or(fallback),
            text: buf.text.trim().to_string(),
        }
    }
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
}

impl Builder {
    fn line(&mut self, l: &Line) {
        let (ws, _) = leading_ws(&l.text);
        let t = l.text.trim();
        if let Some(f) = &self.fence {
            if let Some(after) = f.close(&l.text) {
                self.fence = None;
                let split = l.text.len() - after.len();
                self.raw(l, l.text.get(..split).unwrap_or(""), ws);
                self.scan(l, split);
            } else {
                self.raw(l, &l.text, ws);
            }
        } else if self.nested > 0 || t.starts_with("#|") {
            if t.starts_with("#|") {
                self.nested += 1;
            } else if t.starts_with("|#") {
                self.nested -= 1;
            }
            self.raw(l, &l.text, ws);
        } else if let Some(f) = Fence::open(&l.text).filter(|_| self.row.is_some()) {
            self.fence = Some(f);
            self.raw(l, &l.text, ws);
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
        let text = l.text.as_str();
        let spans = code_spans(text);
        let mut span = 0;
        let first_visible = text.len() - text.trim_start().len();
        let mut chars = CharCursor::default();
        let mut seg = from;
        let mut at = from;
        while let Some(off) = text.get(at..).and_then(|rest| rest.find('|')) {
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
    }

    /// Adds bytes `start..end` of the line to the open cell.
    fn segment(&mut self, l: &Line, start: usize, end: usize, chars: &mut CharCursor) {
        if self.row.is_none() {
            return;
        }
        let seg = l.text.get(start..end).unwrap_or("");
        if self.cell.start.is_some() {
            self.cell.text.push_str(seg);
            return;
        }
        let visible = seg.trim_start();
        if visible.is_empty() {
            return;
        }
        let ci = chars.at(&l.text, end - visible.len());
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

    fn finish(mut self) -> Vec<Row> {
        if let Some((pos, _)) = self.row {
            if !self.cell.text.trim().is_empty()
                || self.row.as_ref().is_some_and(|(_, c)| !c.is_empty())
            {
                self.end_row(pos);
            }
        }
        self.rows
    }
}

/// Converts increasing byte offsets of one line into char indexes in linear time.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            *self = CharCursor::default();
        }
        self.chars += text.get(self.byte..byte).map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars
    }
}

/// Whether the character at byte `bi` is preceded by an unescaped backslash.
fn escaped(text: &str, bi: usize) -> bool {
    let before = text.get(..bi).unwrap_or("");
    before.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// Byte ranges of the inline code spans of one line: a run of N backticks up to the
/// next run of exactly N. A run with no partner is literal text.
fn code_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    if !text.contains('`') {
        return Vec::new();
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    let next_same = next_same_length(&runs);
    let mut spans = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        match next_same[k] {
            Some(j) => {
                let (open, _) = runs[k];
                let (close, len) = runs[j];
                spans.push(open..close + len);
                k = j + 1;
            }
            None => k += 1,
        }
    }
    spans
}

/// For each backtick run, the index of the next run of the same length.
fn next_same_length(runs: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut next = vec![None; runs.len()];
    // Few runs (the usual line): a direct search is cheaper than hashing.
    if runs.len() <= 16 {
        for (k, (_, len)) in runs.iter().enumerate() {
            next[k] = runs
                .iter()
                .skip(k + 1)
                .position(|(_, l)| l == len)
                .map(|p| p + k + 1);
        }
        return next;
    }
    let mut last_of_len = std::collections::HashMap::new();
    for (k, (_, len)) in runs.iter().enumerate().rev() {
        next[k] = last_of_len.insert(*len, k);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_pair_equal_runs() {
        assert_eq!(code_spans("a `b|c` d"), vec![2..7]);
        assert_eq!(code_spans("``x`y`` `z"), vec![0..7]);
        assert!(code_spans("lone ` tick").is_empty());
    }

    #[test]
    fn escapes_count_backslashes() {
        assert!(escaped(r"a\|", 2));
        assert!(!escaped(r"a\\|", 3));
    }
}
