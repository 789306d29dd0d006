//! How many columns a legacy table has. The export writes every cell on its own line,
//! so rows are not marked: the width is the one under which the columns look most
//! alike (a column of names, a column of `Yes`/`No`, a column of revision numbers)
//! and the first row reads like a header.

use crate::extract::vocabulary;
use crate::page::Cell;

/// Widths above this are not tried.
const MAX_COLUMNS: usize = 10;
/// A wider candidate must beat a narrower one by this much: a table with rows of N
/// cells also looks regular when read two rows at a time.
const WIDER_MARGIN: f64 = 0.05;

/// Splits cells into rows; the first row is the header. `closing_bar` is the lone `|`
/// that ended the table, if one did: when the last row is one cell short, that bar
/// was its empty last cell instead.
pub(super) fn rows(mut cells: Vec<Cell>, closing_bar: Option<Cell>) -> Vec<Vec<Cell>> {
    let without = best_width(&cells);
    if let Some(bar) = closing_bar {
        cells.push(bar);
        let with = best_width(&cells);
        let fills_last_row = |(_, n): (f64, usize)| n > 1 && cells.len().is_multiple_of(n);
        let better = match (with, without) {
            (Some(w), Some(wo)) => fills_last_row(w) && w.0 > wo.0,
            (Some(w), None) => fills_last_row(w),
            _ => false,
        };
        if !better {
            cells.pop();
        }
    }
    let n = best_width(&cells).map_or(cells.len(), |(_, n)| n).max(1);
    cells.chunks(n).map(<[Cell]>::to_vec).collect()
}

/// The most plausible width and its score, if any width has a header-like first row.
fn best_width(cells: &[Cell]) -> Option<(f64, usize)> {
    let max = (cells.len() / 2).min(MAX_COLUMNS);
    let mut best: Option<(f64, usize)> = None;
    // A one-column table is a list of lines: tried only when no wider one fits.
    for n in (2..=max).chain(std::iter::once(1)) {
        if n == 1 && best.is_some() {
            break;
        }
        if !header_like(cells.get(..n).unwrap_or(&[])) {
            continue;
        }
        let s = score(cells, n);
        if best.is_none_or(|(b, _)| s > b + WIDER_MARGIN) {
            best = Some((s, n));
        }
    }
    best
}

/// Header cells: present, one short line each, all different.
fn header_like(cells: &[Cell]) -> bool {
    cells.iter().enumerate().all(|(i, c)| {
        let shape = Shape::of(&c.text);
        matches!(shape, Shape::Ident | Shape::Short)
            && !cells
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .any(|o| o.text == c.text)
    })
}

/// How alike the cells of each column are (0..1), less a penalty for a partial last
/// row.
fn score(cells: &[Cell], n: usize) -> f64 {
    let data = cells.get(n..).unwrap_or(&[]);
    if data.is_empty() {
        return f64::MIN;
    }
    let mut alike = 0usize;
    for col in 0..n {
        let mut counts = [0usize; Shape::COUNT];
        for c in data.iter().skip(col).step_by(n) {
            counts[Shape::of(&c.text) as usize] += 1;
        }
        alike += counts.iter().max().copied().unwrap_or(0);
    }
    let partial = if data.len() % n == 0 { 0.0 } else { 0.5 };
    // One row of evidence per column counts as a miss: a single data row agrees
    // with itself under any width, so widths that leave more rows to compare win.
    alike as f64 / (data.len() + n) as f64 - partial
}

/// The rough kind of a cell's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Empty,
    Number,
    Flag,
    Ident,
    Short,
    Long,
}

impl Shape {
    const COUNT: usize = 6;

    fn of(text: &str) -> Shape {
        let t = text.trim();
        let words = t.split_whitespace().count();
        if t.is_empty() {
            Shape::Empty
        } else if t.chars().all(|c| c.is_ascii_digit() || c == '.') {
            Shape::Number
        } else if vocabulary::FLAG_CELL.is(&t.to_lowercase()) {
            Shape::Flag
        } else if words == 1 && t.chars().count() <= 40 {
            Shape::Ident
        } else if words <= 4 && !t.contains('\n') {
            Shape::Short
        } else {
            Shape::Long
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Pos;

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn closing_bar_may_be_an_empty_last_cell() {
        let c = cells(&[
            "Name",
            "Flag",
            "Note",
            "ID",
            "Yes",
            "Some note here",
            "TITLE",
            "No",
        ]);
        let bar = cells(&[""]).pop();
        assert_eq!(
            texts(&rows(c.clone(), bar.clone())),
            [
                vec!["Name", "Flag", "Note"],
                vec!["ID", "Yes", "Some note here"],
                vec!["TITLE", "No", ""]
            ]
        );
        let full = cells(&["Name", "Flag", "Note", "ID", "Yes", "Some note here"]);
        assert_eq!(
            rows(full, bar).len(),
            2,
            "a bar after a full row only ends the table"
        );
    }

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                pos: Pos::default(),
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn finds_width_of_repeating_rows() {
        let c = cells(&[
            "Name",
            "Required",
            "Description",
            "ID",
            "Yes",
            "The identifier of the thing",
            "TITLE",
            "No",
            "Its title as shown to people",
            "COLOR",
            "No",
            "One of several colour names",
        ]);
        assert_eq!(best_width(&c).map(|(_, n)| n), Some(3));
        let c = cells(&[
            "Code",
            "Description",
            "A_ERROR",
            "Something broke badly here",
            "B_ERROR",
            "Another thing broke",
        ]);
        assert_eq!(best_width(&c).map(|(_, n)| n), Some(2));
    }
}
