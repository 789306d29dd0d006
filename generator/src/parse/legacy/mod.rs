//! The legacy plain-text export of old pages (English site, before the Markdown
//! documentation): no Markdown at all. Tables are written one cell per line, each cell
//! ending in ` |` (a multi-line cell ends only on its last line), an empty cell is a
//! lone `|`, and a lone `|` after a complete row ends the table. The first cell-like
//! line is the page title; short lines that introduce a table or an example are
//! section labels; code examples are unfenced.
//!
//! The result is the same page model as for Markdown: an H1, H2 labels, tables, code
//! blocks and text.

mod columns;

use crate::diag::Diags;
use crate::page::{Block, BlockKind, Cell, Row, Table};
use crate::source::{FileId, Pos, SourceMap};

use super::table::check_ragged;

/// Plain lines a multi-line cell may span before its closing ` |` line.
const MAX_CELL_LINES: usize = 40;

/// Whether `text` is a plain-text export: no Markdown structure at all (headings,
/// tables of either kind, fences, directives), and table cells written one per line
/// ending in ` |`.
pub(crate) fn detect(text: &str) -> bool {
    let mut cells = 0;
    for l in text.split('\n') {
        let t = l.trim();
        if super::heading::parse(t).is_some()
            || t.starts_with("#|")
            || t.starts_with("{%")
            || t.starts_with("```")
            || t.starts_with("~~~")
            || (t.starts_with('|') && t != "|")
        {
            return false;
        }
        if cell_text(t).is_some() {
            cells += 1;
        }
    }
    cells >= 2
}

/// Parses a legacy page into blocks.
pub(crate) fn parse(file: FileId, map: &SourceMap, diags: &mut Diags) -> Vec<Block> {
    let lines: Vec<&str> = map.get(file).text.split('\n').collect();
    let mut p = Parser {
        file,
        lines: &lines,
        out: Vec::new(),
        run: None,
        titled: false,
    };
    let mut i = 0;
    while i < lines.len() {
        i = p.step(i);
    }
    p.flush(lines.len());
    let mut cx = super::blocks::Cx { map, diags };
    for b in &p.out {
        if let BlockKind::Table(t) = &b.kind {
            check_ragged(t, &mut cx);
        }
    }
    p.out
}

/// The text of a cell line (`text |` or a lone `|`), without the bar.
fn cell_text(t: &str) -> Option<&str> {
    if t == "|" {
        return Some("");
    }
    let body = t.strip_suffix('|')?;
    body.ends_with([' ', '\t']).then(|| body.trim())
}

/// Languages an unfenced example is labelled with.
fn language(t: &str) -> Option<String> {
    const KNOWN: &[&str] = &[
        "php",
        "js",
        "javascript",
        "curl",
        "python",
        "go",
        "bx24.js",
        "http",
        "json",
        "bash",
        "java",
        "ruby",
        "c#",
        "shell",
    ];
    let lower = t.to_lowercase();
    KNOWN.contains(&lower.as_str()).then_some(lower)
}

/// A short line that could name a section: a few words starting with a letter and
/// not ending like a sentence or a code line.
fn label_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let starts_alpha = t.chars().next().is_some_and(char::is_alphabetic);
    let ends_plain = !t.ends_with(['.', ':', ',', ';', '(', '{', '[', '|', '=']);
    // `Last Modified: 23.03.2022` is page metadata, not a section.
    let metadata = t.contains(": ");
    (1..=6).contains(&words) && t.chars().count() <= 60 && starts_alpha && ends_plain && !metadata
}

/// Whether a line opens a JSON example.
fn json_start(t: &str) -> bool {
    t == "{" || t == "[" || (t.starts_with('{') && t.contains('"'))
}

struct Parser<'a> {
    file: FileId,
    lines: &'a [&'a str],
    out: Vec<Block>,
    /// First line of the text run being collected.
    run: Option<usize>,
    titled: bool,
}

impl<'a> Parser<'a> {
    fn trimmed(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |l| l.trim())
    }

    fn pos(&self, i: usize) -> Pos {
        let l = self.lines.get(i).copied().unwrap_or("");
        let ws = l.chars().take_while(|c| c.is_whitespace()).count();
        Pos::new(self.file, (i + 1) as u32, ws as u32 + 1)
    }

    fn push(&mut self, i: usize, kind: BlockKind) {
        let pos = self.pos(i);
        self.out.push(Block { pos, kind });
    }

    fn flush(&mut self, end: usize) {
        let Some(start) = self.run.take() else { return };
        let text = self.lines.get(start..end).unwrap_or(&[]).join("\n");
        let text = text.trim();
        if !text.is_empty() {
            self.push(start, BlockKind::Text(text.to_string()));
        }
    }

    fn text_line(&mut self, i: usize) -> usize {
        if self.run.is_none() {
            self.run = Some(i);
        }
        i + 1
    }

    fn step(&mut self, i: usize) -> usize {
        let t = self.trimmed(i);
        if t.is_empty() {
            self.flush(i);
            return i + 1;
        }
        if let Some(cell) = cell_text(t) {
            if !self.titled && !cell.is_empty() {
                self.titled = true;
                self.flush(i);
                let kind = BlockKind::Heading {
                    level: 1,
                    text: cell.to_string(),
                    anchor: None,
                };
                self.push(i, kind);
                return i + 1;
            }
            return self.table(i);
        }
        if self.titled && self.is_label(i) {
            self.flush(i);
            let kind = BlockKind::Heading {
                level: 2,
                text: t.to_string(),
                anchor: None,
            };
            self.push(i, kind);
            return i + 1;
        }
        if let Some(lang) = language(t).filter(|_| !self.trimmed(i + 1).is_empty()) {
            self.flush(i);
            return self.code(i, lang);
        }
        if json_start(t) {
            self.flush(i);
            return self.json(i);
        }
        self.text_line(i)
    }

    /// A label: a short line followed by a table, a labelled example or JSON.
    fn is_label(&self, i: usize) -> bool {
        let t = self.trimmed(i);
        if !label_like(t) || language(t).is_some() {
            return false;
        }
        let next = self.trimmed(i + 1);
        cell_text(next).is_some_and(|c| !c.is_empty())
            || language(next).is_some()
            || json_start(next)
    }

    /// An unfenced example after its language label: up to a blank line, a label or
    /// a table line.
    fn code(&mut self, i: usize, lang: String) -> usize {
        let mut end = i + 1;
        while end < self.lines.len() {
            let t = self.trimmed(end);
            if t.is_empty() || self.is_label(end) || cell_text(t).is_some() {
                break;
            }
            end += 1;
        }
        let text = self.lines.get(i + 1..end).unwrap_or(&[]).join("\n");
        self.push(i, BlockKind::Code { lang, text });
        end
    }

    /// A JSON example: lines up to where brackets balance (or a blank line).
    fn json(&mut self, i: usize) -> usize {
        let mut depth: i64 = 0;
        let mut in_string = false;
        let mut end = i;
        while end < self.lines.len() {
            let t = self.trimmed(end);
            if t.is_empty() {
                break;
            }
            depth += bracket_balance(t, &mut in_string);
            end += 1;
            if depth <= 0 {
                break;
            }
        }
        let text = self.lines.get(i..end).unwrap_or(&[]).join("\n");
        let kind = BlockKind::Code {
            lang: "json".to_string(),
            text,
        };
        self.push(i, kind);
        end
    }

    /// A table starting at cell line `i`. Fewer than two rows is not a table: the
    /// lines are kept as text (sidebar residue such as `: 18 |`).
    fn table(&mut self, i: usize) -> usize {
        let (cells, end) = self.cells(i);
        let rows = columns::rows(&cells);
        if rows.len() < 2 {
            for k in i..end {
                self.text_line(k);
            }
            return end.max(i + 1);
        }
        self.flush(i);
        let rows = rows
            .into_iter()
            .map(|r| Row {
                pos: r.first().map_or(self.pos(i), |c| c.pos),
                cells: r,
            })
            .collect();
        self.push(i, BlockKind::Table(Table { rows }));
        end
    }

    /// Collects cells from line `i`; returns them and the first line after the table.
    fn cells(&self, i: usize) -> (Vec<Cell>, usize) {
        let mut cells = Vec::new();
        let mut j = i;
        let mut start: Option<usize> = None;
        while j < self.lines.len() {
            let t = self.trimmed(j);
            if let Some(cell) = cell_text(t) {
                let first = start.take().unwrap_or(j);
                if t == "|" && cell_text(self.trimmed(j + 1)).is_none() && first == j {
                    // A lone bar not followed by another cell ends the table.
                    return (cells, j + 1);
                }
                cells.push(self.cell(first, j, cell));
                j += 1;
                continue;
            }
            if start.is_none() && self.continues_cell(j) {
                start = Some(j);
            }
            if start.is_none() {
                break;
            }
            j += 1;
        }
        let end = start.unwrap_or(j);
        (cells, end)
    }

    /// Whether the plain line `j`, right after a cell, starts a multi-line cell: a
    /// cell line follows within a few plain lines, with no blank line or section label
    /// in between. Line `j` itself is not taken for a label: a short first line of a
    /// cell (`Identifier of the` / `thing |`) looks like one, while a label right after
    /// a cell would mean the table lacked its closing lone `|`.
    fn continues_cell(&self, j: usize) -> bool {
        for k in j..(j + MAX_CELL_LINES).min(self.lines.len()) {
            let t = self.trimmed(k);
            if t.is_empty() || (k > j && self.is_label(k)) {
                return false;
            }
            if cell_text(t).is_some() {
                return t != "|";
            }
        }
        false
    }

    /// A cell spanning lines `first..=last`; `tail` is the last line's text.
    fn cell(&self, first: usize, last: usize, tail: &str) -> Cell {
        let mut parts: Vec<&str> = self
            .lines
            .get(first..last)
            .unwrap_or(&[])
            .iter()
            .map(|l| l.trim())
            .collect();
        parts.push(tail);
        Cell {
            pos: self.pos(first),
            text: parts.join("\n").trim().to_string(),
        }
    }
}

/// Net `{`/`[` minus `}`/`]` on a line, outside JSON strings.
fn bracket_balance(t: &str, in_string: &mut bool) -> i64 {
    let mut depth = 0;
    let mut escape = false;
    for c in t.chars() {
        if *in_string {
            match c {
                _ if escape => escape = false,
                '\\' => escape = true,
                '"' => *in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => *in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
    }
    depth
}
