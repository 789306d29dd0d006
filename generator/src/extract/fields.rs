//! Field tables (parameters, returned data, nested objects) into [`ir::Field`]s: rows
//! read, required marks decided, duplicates reported; each row's type is decided by
//! [`infer::field`].

use std::collections::HashSet;

use crate::diag::Code;
use crate::ir::Field;
use crate::page::{Row, Table};

use super::cell::{self, Mark, NameCell};
use super::infer::field::{self as infer_field, Input};
use super::{nest, table, text, vocabulary, Ctx};

/// Whether a table documents request parameters (required marks matter) or data the
/// server returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Params,
    Response,
}

/// Nested tables deeper than this are left as objects without fields.
pub const MAX_DEPTH: usize = 12;

/// How a table is being read: its role, and the tables being read above it (to stop at
/// cycles and at [`MAX_DEPTH`]).
pub struct Walk {
    pub role: Role,
    tables: Vec<usize>,
}

impl Walk {
    pub fn new(role: Role) -> Walk {
        Walk {
            role,
            tables: Vec::new(),
        }
    }

    /// How many tables are being read, this one included.
    pub fn depth(&self) -> usize {
        self.tables.len()
    }

    pub fn is_reading(&self, idx: usize) -> bool {
        self.tables.contains(&idx)
    }
}

/// The fields of one table, read in the role `walk.role`.
pub fn from_table(cx: &mut Ctx, table: &Table, idx: usize, walk: &mut Walk) -> Vec<Field> {
    let role = walk.role;
    walk.tables.push(idx);
    let cols = table::field_columns(table);
    let rows = table::data_rows(table, &cols);
    // Each name cell is parsed once: the marks decide how every row is read.
    let names: Vec<Option<NameCell>> = rows
        .iter()
        .map(|r| cell::parse(table::cell(r, Some(cols.name))))
        .collect();
    let first_starred = rows
        .iter()
        .zip(&names)
        .find(|(_, nc)| nc.as_ref().is_some_and(|c| c.mark != Mark::None))
        .map(|(r, _)| r.pos);
    let starred = first_starred.is_some();
    if starred && role == Role::Params {
        cx.starred = true;
        if cx.starred_at.is_none() {
            cx.starred_at = first_starred;
        }
    }
    let known = role == Role::Params && (cols.required.is_some() || starred || cx.footnote);
    let mut fields: Vec<Field> = Vec::new();
    let mut seen = HashSet::new();
    for (row, nc) in rows.iter().zip(names) {
        let Some(f) = from_row(cx, row, nc, &cols, known, walk) else {
            continue;
        };
        if role == Role::Params && walk.depth() == 1 {
            cx.param_rows.push((f.name.clone(), row.pos));
        }
        if !seen.insert(f.name.clone()) {
            let msg = format!(
                "`{}` is documented twice in this table; the first row is kept",
                f.name
            );
            cx.diag(Code::DuplicateParam, row.pos, msg);
            continue;
        }
        fields.push(f);
    }
    walk.tables.pop();
    nest::fold_paths(fields)
}

fn from_row(
    cx: &mut Ctx,
    row: &Row,
    nc: Option<NameCell>,
    cols: &table::Columns,
    known: bool,
    walk: &mut Walk,
) -> Option<Field> {
    if table::is_header(row) {
        // A repeated header (tables glued together, a table inside a cell).
        return None;
    }
    row.cells.get(cols.name)?;
    let mut nc: NameCell = nc?;
    if let Some(ty_col) = cols.ty {
        let tokens = cell::type_tokens(table::cell(row, Some(ty_col)));
        if !tokens.is_empty() {
            nc.types = tokens;
        }
    }
    let description = table::cell(row, cols.desc).trim().to_string();
    let example = non_empty(text::plain(table::cell(row, cols.example)));
    let input = Input::new(cx, &nc, &description, example.as_deref(), row, walk);
    let ty = infer_field::decide(cx, &input, walk);
    let (required, required_known) = required(&nc, table::cell(row, cols.required), cols, known);
    Some(Field {
        name: nc.name,
        ty,
        required,
        required_known,
        description,
        example,
        default: non_empty(text::plain(table::cell(row, cols.default))),
        revision: non_empty(text::plain(table::cell(row, cols.revision))),
    })
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn required(nc: &NameCell, column: &str, cols: &table::Columns, known: bool) -> (bool, bool) {
    if cols.required.is_some() {
        let v = text::plain(column).to_lowercase();
        let yes = vocabulary::REQUIRED_YES.is(&v);
        return (yes, true);
    }
    match nc.mark {
        Mark::Required => (true, true),
        Mark::Conditional => (false, true),
        Mark::None => (false, known),
    }
}
