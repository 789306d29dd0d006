//! Tables: YFM `#|`…`|#` tables ([`yfm`]) and GFM pipe tables ([`pipe`]), both
//! into the one [`Table`] model.

mod pipe;
mod yfm;

pub(crate) use pipe::{is_gfm_start, parse_gfm};
pub(crate) use yfm::parse_yfm;

use super::blocks::Cx;
use super::directive::{Container, Directive};
use super::fence::Fence;
use super::line::Line;
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
        let mut text = buf.text;
        // Trimmed in place: no second copy of every cell.
        text.truncate(text.trim_end().len());
        let lead = text.len() - text.trim_start().len();
        text.drain(..lead);
        let text = without_directive_lines(text);
        Cell {
            pos: buf.start.unwrap_or(fallback),
            text,
        }
    }
}

/// A cell's text with its directives resolved. Inside a cell a container cannot become a
/// block: a note is an aside, as it is outside tables, so it leaves with its content; the
/// lines of other directives (`{% cut %}`, `{% list tabs %}` …) are dropped and their
/// content stays. Lines in fenced code are kept as written.
fn without_directive_lines(text: String) -> String {
    if !text.contains("{%") {
        return text;
    }
    let buf: std::rc::Rc<str> = std::rc::Rc::from(text.as_str());
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<Fence> = None;
    // Notes open around the current line.
    let mut notes = 0usize;
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = start..start + piece.trim_end_matches('\n').len();
        start += piece.len();
        let line = Line::new(buf.clone(), body, crate::source::FileId(0), 1, 0);
        let keep = match &fence {
            Some(open) => {
                if open.close(&line).is_some() {
                    fence = None;
                }
                true
            }
            None => {
                fence = Fence::open(&line);
                match Directive::parse(piece).filter(|_| fence.is_none()) {
                    Some(d) => {
                        if d.opens() == Some(Container::Note) {
                            notes += 1;
                        } else if d.closes() == Some(Container::Note) {
                            notes = notes.saturating_sub(1);
                        }
                        false
                    }
                    None => true,
                }
            }
        };
        if keep && notes == 0 {
            out.push_str(piece);
        } else if piece.ends_with('\n') && notes == 0 {
            // The line stays, empty: the paragraphs around it stay apart.
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    let lead = out.len() - out.trim_start().len();
    out.drain(..lead);
    out
}

#[cfg(test)]
mod tests {
    use super::without_directive_lines;

    #[test]
    fn directive_lines_leave_cells() {
        let cell = "Text.\n\n{% note tip \"T\" %}\n\n- item\n\n{% endnote %}\nMore.";
        assert_eq!(
            without_directive_lines(cell.to_string()),
            "Text.\n\n\nMore."
        );
        let cut = "{% cut \"Example\" %}\n- `A`\n{% endcut %}";
        assert_eq!(without_directive_lines(cut.to_string()), "- `A`");
    }

    #[test]
    fn fenced_directives_stay() {
        let cell = "```\n{% cut %}\n```\n{% endcut %}";
        assert_eq!(
            without_directive_lines(cell.to_string()),
            "```\n{% cut %}\n```"
        );
    }
}
