//! GFM pipe tables: a `| a | b |` header, a `|---|---|` separator, then rows.

use super::{finish, CellBuf, Cx};
use crate::page::{Row, Table};
use crate::parse::inline::{code_spans, escaped};
use crate::parse::line::{leading_ws, Line};

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
    let text = l.text().trim_end();
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
