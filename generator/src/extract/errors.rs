//! Method-specific error codes from the error tables, duplicates merged. Rows coming
//! from the shared fragments (the system-errors table included by every page) are not
//! the method's own.

use crate::ir::ErrorCode;
use crate::layout;
use crate::page::{BlockKind, Table};

use super::sections::Section;
use super::{table, text, vocabulary, Ctx};

/// Column roles of an error table.
#[derive(Debug, Default)]
struct Columns {
    code: Option<usize>,
    status: Option<usize>,
    desc: Option<usize>,
    value: Option<usize>,
}

pub fn extract(cx: &Ctx) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    let mut status_hint = None;
    for (_, e) in cx.doc.in_section(Section::Errors) {
        match &e.block.kind {
            BlockKind::Text(t) => {
                if let Some(s) = http_status_line(t) {
                    status_hint = s;
                }
            }
            BlockKind::Table(t) => {
                if layout::is_shared(cx.map.display(e.block.pos.file)) {
                    continue;
                }
                for code in from_table(cx, t, status_hint) {
                    merge(&mut out, code);
                }
            }
            _ => {}
        }
    }
    out
}

fn columns(header: &[String]) -> Option<Columns> {
    if header
        .iter()
        .any(|h| vocabulary::NOT_AN_ERROR_TABLE.within(h) || vocabulary::FIELD_COLUMN.starts(h))
    {
        return None;
    }
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let first = h.split(" / ").next().unwrap_or("").trim();
        if c.code.is_none()
            && (vocabulary::ERROR_CODE_COLUMN.is(first)
                || vocabulary::ERROR_CODE_COLUMN_START.starts(first))
        {
            c.code = Some(i);
        } else if vocabulary::STATUS_COLUMN.starts(first)
            || vocabulary::STATUS_COLUMN_WITHIN.within(first)
        {
            c.status = Some(i);
        } else if vocabulary::VALUE_COLUMN_START.starts(first) || vocabulary::VALUE_COLUMN.is(first)
        {
            c.value = Some(i);
        } else if c.desc.is_none() && vocabulary::ERROR_DESCRIPTION_COLUMN.within(first) {
            c.desc = Some(i);
        }
    }
    c.code.is_some().then_some(c)
}

fn from_table(cx: &Ctx, t: &Table, status_hint: Option<u16>) -> Vec<ErrorCode> {
    let Some(header) = table::header(t) else {
        return Vec::new();
    };
    let Some(cols) = columns(&header) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in t.rows.iter().skip(1) {
        if layout::is_shared(cx.map.display(row.pos.file)) {
            continue;
        }
        let raw = table::cell(row, cols.code);
        let code = text::plain(raw.lines().next().unwrap_or(""));
        let code = code.trim_matches(['`', '"', '\'']).trim().to_string();
        // A placeholder (`-`, "Пустое значение", "Зависит от …") names no code the
        // server sends: the error is kept with an empty code, which the emitters document
        // as such and never make a variant of.
        let code = if is_placeholder(&code) {
            String::new()
        } else {
            code
        };
        let desc = text::plain(table::cell(row, cols.desc));
        let value = text::plain(table::cell(row, cols.value));
        if code.is_empty() && desc.is_empty() && value.is_empty() {
            continue;
        }
        let description = match (desc.is_empty(), value.is_empty()) {
            (false, false) if desc != value => format!("{desc} — {value}"),
            (true, false) => value,
            _ => desc,
        };
        let status = digits(&text::plain(table::cell(row, cols.status))).or(status_hint);
        out.push(ErrorCode {
            code,
            description,
            http_status: status,
        });
    }
    out
}

fn is_placeholder(code: &str) -> bool {
    let lower = code.to_lowercase();
    lower.chars().all(|c| matches!(c, '-' | '–' | '—' | ' '))
        || vocabulary::NO_CODE_START.starts(&lower)
        || vocabulary::NO_CODE.is(&lower)
}

/// `HTTP-статус: **400**` with a single status; `Some(None)` when it lists several.
fn http_status_line(t: &str) -> Option<Option<u16>> {
    let line = t
        .lines()
        .find(|l| vocabulary::HTTP_STATUS_LABEL.within(l))?;
    let statuses: Vec<u16> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| s.len() == 3)
        .filter_map(|s| s.parse().ok())
        .collect();
    Some(match statuses.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

fn digits(s: &str) -> Option<u16> {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    (d.len() == 3).then(|| d.parse().ok()).flatten()
}

/// Keeps the first of two rows with one code; a different description is appended.
/// Rows of one code are one error; rows without a code stay apart: each is an error
/// of its own that the docs could not name.
fn merge(out: &mut Vec<ErrorCode>, code: ErrorCode) {
    let same = |e: &&mut ErrorCode| !code.code.is_empty() && e.code == code.code;
    match out.iter_mut().find(same) {
        Some(existing) => {
            if !code.description.is_empty() && !existing.description.contains(&code.description) {
                if !existing.description.is_empty() {
                    existing.description.push_str("; ");
                }
                existing.description.push_str(&code.description);
            }
            if existing.http_status.is_none() {
                existing.http_status = code.http_status;
            }
        }
        None => out.push(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants() {
        let h = |v: &[&str]| columns(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(h(&["код", "описание"]).is_some());
        assert!(h(&["статус", "код", "описание", "значение"]).is_some());
        assert!(h(&["поле", "описание ошибки", "как исправить"]).is_none());
        let c = h(&["статус", "код / текст ошибки", "описание"]).unwrap();
        assert_eq!((c.status, c.code, c.desc), (Some(0), Some(1), Some(2)));
    }

    #[test]
    fn merges_duplicates() {
        let mut out = Vec::new();
        let e = |c: &str, d: &str| ErrorCode {
            code: c.into(),
            description: d.into(),
            http_status: None,
        };
        merge(&mut out, e("ERROR_ARGUMENT", "a"));
        merge(&mut out, e("ERROR_ARGUMENT", "b"));
        merge(&mut out, e("ERROR_ARGUMENT", "a"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].description, "a; b");
    }

    #[test]
    fn status_lines() {
        assert_eq!(http_status_line("HTTP-статус: **400**"), Some(Some(400)));
        assert_eq!(
            http_status_line("HTTP-статус: **400**, **403**"),
            Some(None)
        );
    }
}
