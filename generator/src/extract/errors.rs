//! Method-specific error codes from the error tables, duplicates merged. Rows coming
//! from the shared fragments (the system-errors table included by every page) are not
//! the method's own.

use crate::ir::ErrorCode;
use crate::layout;
use crate::page::{BlockKind, Table};

use super::sections::Section;
use super::{table, text, Ctx};

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
        .any(|h| h.contains("как исправить") || h.starts_with("поле"))
    {
        return None;
    }
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let first = h.split(" / ").next().unwrap_or("").trim();
        if c.code.is_none()
            && (first == "код"
                || first == "code"
                || first.starts_with("код ошибки")
                || first == "error code")
        {
            c.code = Some(i);
        } else if first.starts_with("статус")
            || first.starts_with("status")
            || first.contains("http")
        {
            c.status = Some(i);
        } else if first.starts_with("значение") || first == "value" {
            c.value = Some(i);
        } else if c.desc.is_none()
            && (first.contains("описание")
                || first.contains("description")
                || first.contains("сообщение")
                || first.contains("текст")
                || first.contains("message"))
        {
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
        // server sends: no error variant can match it.
        if code.is_empty() || is_placeholder(&code) {
            continue;
        }
        let desc = text::plain(table::cell(row, cols.desc));
        let value = text::plain(table::cell(row, cols.value));
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
        || lower.starts_with("зависит от")
        || lower.starts_with("depends on")
        || matches!(
            lower.as_str(),
            "пустое значение"
                | "пустая строка"
                | "пусто"
                | "empty value"
                | "empty string"
                | "empty"
        )
}

/// `HTTP-статус: **400**` with a single status; `Some(None)` when it lists several.
fn http_status_line(t: &str) -> Option<Option<u16>> {
    let line = t
        .lines()
        .find(|l| l.contains("HTTP-статус") || l.contains("HTTP status"))?;
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
fn merge(out: &mut Vec<ErrorCode>, code: ErrorCode) {
    match out.iter_mut().find(|e| e.code == code.code) {
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
