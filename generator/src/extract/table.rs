//! Table shapes: which row is the header and what each column holds.

use crate::page::{Row, Table};

use super::{text, vocabulary};

/// Column roles of a field table (parameters or returned data).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Whether the first row is a header.
    pub header: bool,
    pub name: usize,
    /// A separate type column; `None` when the type sits in the name cell.
    pub ty: Option<usize>,
    pub desc: Option<usize>,
    pub example: Option<usize>,
    pub required: Option<usize>,
    pub default: Option<usize>,
    pub revision: Option<usize>,
}

/// A header cell as plain lower-case text, its lines joined by ` / `; the Latin "C" some
/// headers start with is read as the Cyrillic one. A line that already ends in `/`
/// (`**Название** /⏎`тип``) is joined the same way.
pub fn header_text(cell: &str) -> String {
    let plain = text::strip_inline(&cell.replace('\n', " / "));
    let plain = if plain.contains("/ /") || plain.trim_end().ends_with('/') {
        let parts: Vec<&str> = plain
            .split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        parts.join(" / ")
    } else {
        plain
    };
    let lower = text::lowercase(&plain);
    match lower.strip_prefix('c') {
        Some(rest) if rest.starts_with(|c: char| !c.is_ascii()) => {
            format!("{}{rest}", vocabulary::LOOKALIKE_C)
        }
        _ => lower,
    }
}

/// Every line of a header cell starts with a header word (`Название⏎тип`); a data
/// row's `name⏎string` does not.
fn is_header_cell(cell: &str) -> bool {
    // Header cells are short; most data cells are rejected without reading them.
    if cell.len() > 120 || !may_start_header(cell) {
        return false;
    }
    let t = header_text(cell);
    t.chars().count() <= 48
        && t.split(" / ").all(|seg| {
            let seg = seg.trim();
            seg.is_empty() || vocabulary::TABLE_HEADER_WORD.starts(seg)
        })
}

/// Whether the first letter of a cell can begin a header word: rejects most data cells
/// (`**TITLE**`, `` `string` ``) before any text is built.
fn may_start_header(cell: &str) -> bool {
    let first = cell
        .chars()
        .find(|c| !matches!(c, '*' | '`' | '_' | '\\' | '[' | ']') && !c.is_whitespace());
    let Some(first) = first else {
        return true;
    };
    let lower = first.to_lowercase().next().unwrap_or(first);
    vocabulary::TABLE_HEADER_WORD
        .iter()
        .any(|w| w.starts_with(lower) || (lower == 'c' && w.starts_with(vocabulary::LOOKALIKE_C)))
}

/// Whether a row is a header row: every non-empty cell is a short header word.
pub fn is_header(row: &Row) -> bool {
    let mut any = false;
    for c in &row.cells {
        if c.text.trim().is_empty() {
            continue;
        }
        if !is_header_cell(&c.text) {
            return false;
        }
        any = true;
    }
    any && row.cells.len() >= 2
}

/// The header texts of a table, when it has a header.
pub fn header(table: &Table) -> Option<Vec<String>> {
    let first = table.rows.first()?;
    is_header(first).then(|| first.cells.iter().map(|c| header_text(&c.text)).collect())
}

/// Whether a table's header starts with a parameter-name column.
pub fn is_param_header(table: &Table) -> bool {
    header(table).is_some_and(|cells| {
        let first = cells
            .first()
            .map_or("", |c| c.split(" / ").next().unwrap_or(""));
        vocabulary::PARAM_NAME_COLUMN.is(first.trim())
    })
}

/// Column roles of a field table.
pub fn field_columns(table: &Table) -> Columns {
    let Some(cells) = header(table) else {
        let width = table.rows.first().map_or(0, |r| r.cells.len());
        return Columns {
            header: false,
            name: 0,
            desc: (width >= 2).then(|| width - 1),
            ..Columns::default()
        };
    };
    let mut cols = Columns {
        header: true,
        ..Columns::default()
    };
    let mut name = None;
    for (i, h) in cells.iter().enumerate() {
        let first = h.split(" / ").next().unwrap_or("").trim();
        if vocabulary::REQUIRED_COLUMN.within(h) {
            cols.required = Some(i);
        } else if vocabulary::EXAMPLE_COLUMN.within(h) {
            cols.example.get_or_insert(i);
        } else if vocabulary::DEFAULT_COLUMN.within(h) {
            cols.default = Some(i);
        } else if vocabulary::REVISION_COLUMN.within(h) {
            cols.revision = Some(i);
        } else if vocabulary::TYPE_COLUMN.is(first) {
            if i == 0 {
                name = Some(0);
            } else {
                cols.ty = Some(i);
            }
        } else if vocabulary::DESCRIPTION_COLUMN.within(h) {
            cols.desc.get_or_insert(i);
        } else if name.is_none() {
            name = Some(i);
        }
    }
    cols.name = name.unwrap_or(0);
    if cols.desc.is_none() {
        cols.desc = (0..cells.len()).rev().find(|&i| {
            i != cols.name
                && Some(i) != cols.ty
                && Some(i) != cols.example
                && Some(i) != cols.required
        });
    }
    cols
}

/// The data rows of a table (the header skipped).
pub fn data_rows<'a>(table: &'a Table, cols: &Columns) -> &'a [Row] {
    let skip = usize::from(cols.header);
    table.rows.get(skip..).unwrap_or(&[])
}

/// Text of cell `i` of a row, `""` when the row is short.
pub fn cell(row: &Row, i: Option<usize>) -> &str {
    i.and_then(|i| row.cells.get(i))
        .map_or("", |c| c.text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Cell;
    use crate::source::Pos;

    fn row(cells: &[&str]) -> Row {
        Row {
            pos: Pos::default(),
            cells: cells
                .iter()
                .map(|t| Cell {
                    pos: Pos::default(),
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn name_type_header() {
        let t = Table {
            rows: vec![
                row(&["**Название**\n`тип`", "**Описание**"]),
                row(&["**id**\n`integer`", "Идентификатор"]),
            ],
        };
        let c = field_columns(&t);
        assert!(c.header);
        assert_eq!((c.name, c.ty, c.desc), (0, None, Some(1)));
    }

    #[test]
    fn a_header_line_ending_in_a_slash() {
        let t = Table {
            rows: vec![
                row(&["**Название** /\n`тип`", "**Описание**"]),
                row(&["**id***\n`string`", "Идентификатор"]),
            ],
        };
        assert_eq!(header(&t).unwrap()[0], "название / тип");
        let c = field_columns(&t);
        assert!(c.header);
        assert_eq!((c.name, c.desc), (0, Some(1)));
    }

    #[test]
    fn legacy_header() {
        let t = Table {
            rows: vec![row(&[
                "Parameter",
                "Example",
                "Required",
                "Description",
                "Revision",
            ])],
        };
        let c = field_columns(&t);
        assert_eq!(
            (c.name, c.example, c.required, c.desc, c.revision),
            (0, Some(1), Some(2), Some(3), Some(4))
        );
    }

    #[test]
    fn headerless() {
        let t = Table {
            rows: vec![row(&[
                "**id**\n`integer`",
                "Идентификатор задачи в системе",
            ])],
        };
        let c = field_columns(&t);
        assert!(!c.header);
        assert_eq!(c.desc, Some(1));
    }

    #[test]
    fn data_rows_are_not_headers() {
        assert!(!is_header(&row(&[
            "**measureName****\n`catalog_measure.symbol`",
            "Название единицы"
        ])));
        assert!(!is_header(&row(&["**name**\n`string`", "Название"])));
        assert!(is_header(&row(&["**Название**\n`тип`", "**Описание**"])));
    }

    #[test]
    fn latin_c_header() {
        assert_eq!(header_text("**Cообщение**"), "сообщение");
    }
}
