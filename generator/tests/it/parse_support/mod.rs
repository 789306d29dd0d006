//! Helpers shared by the reader tests: parsing from strings and looking into pages.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use b24_codegen::diag::{Diagnostic, Diags};
use b24_codegen::page::{Block, BlockKind, Page, Tab, Table};
use b24_codegen::parse::parse_str;
use b24_codegen::source::SourceMap;

/// A parsed page with everything needed to inspect it.
pub struct Parsed {
    pub page: Page,
    pub map: SourceMap,
    pub diags: Vec<Diagnostic>,
}

impl Parsed {
    /// Diagnostics with the given code.
    pub fn diags_with(&self, code: &str) -> Vec<&Diagnostic> {
        self.diags.iter().filter(|d| d.code == code).collect()
    }

    pub fn blocks(&self) -> Vec<&Block> {
        all_blocks(&self.page.blocks)
    }

    pub fn tables(&self) -> Vec<&Table> {
        self.blocks()
            .into_iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// (level, text, anchor) of every heading, nested ones included.
    pub fn headings(&self) -> Vec<(u8, String, Option<String>)> {
        self.blocks()
            .into_iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading {
                    level,
                    text,
                    anchor,
                } => Some((*level, text.clone(), anchor.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn tab_sets(&self) -> Vec<&Vec<Tab>> {
        self.blocks()
            .into_iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Tabs(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// (lang, text) of every code block.
    pub fn code(&self) -> Vec<(&str, &str)> {
        self.blocks()
            .into_iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Code { lang, text } => Some((lang.as_str(), text.as_str())),
                _ => None,
            })
            .collect()
    }

    /// Every piece of text on the page, for checks that something is absent.
    pub fn all_text(&self) -> String {
        let mut out = String::new();
        for b in self.blocks() {
            match &b.kind {
                BlockKind::Heading { text, .. }
                | BlockKind::Text(text)
                | BlockKind::Code { text, .. } => {
                    out.push_str(text);
                }
                BlockKind::Table(t) => {
                    for c in t.rows.iter().flat_map(|r| &r.cells) {
                        out.push_str(&c.text);
                        out.push('\n');
                    }
                }
                BlockKind::Note { title, .. } => out.push_str(title),
                BlockKind::Tabs(tabs) => {
                    for t in tabs {
                        out.push_str(&t.label);
                        out.push('\n');
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Every block in document order, descending into notes and tabs.
pub fn all_blocks(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::new();
    for b in blocks {
        out.push(b);
        match &b.kind {
            BlockKind::Note { blocks, .. } => out.extend(all_blocks(blocks)),
            BlockKind::Tabs(tabs) => {
                for t in tabs {
                    out.extend(all_blocks(&t.blocks));
                }
            }
            _ => {}
        }
    }
    out
}

/// Parses `text` as a page at `display`.
pub fn parse(display: &str, text: &str) -> Parsed {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let page = parse_str(display, text, &mut map, &mut diags);
    Parsed {
        page,
        map,
        diags: diags.as_slice().to_vec(),
    }
}

/// Parses a file on disk relative to `root`.
pub fn parse_path(path: &Path, root: &Path) -> Option<Parsed> {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let page = b24_codegen::parse::parse_file(path, root, &mut map, &mut diags)?;
    Some(Parsed {
        page,
        map,
        diags: diags.as_slice().to_vec(),
    })
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Cell texts of a table, row by row.
pub fn cells(t: &Table) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// A fresh temporary folder for files a test writes.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-parse-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Time this thread has spent on a CPU where the system tells (Linux), else wall time
/// since `wall_start`: a figure that depends little on how busy the machine is.
pub struct CpuClock {
    wall: std::time::Instant,
    cpu: Option<std::time::Duration>,
}

impl CpuClock {
    pub fn start() -> Self {
        CpuClock {
            wall: std::time::Instant::now(),
            cpu: thread_cpu(),
        }
    }

    pub fn elapsed(&self) -> std::time::Duration {
        match (thread_cpu(), self.cpu) {
            (Some(now), Some(start)) => now.saturating_sub(start),
            _ => self.wall.elapsed(),
        }
    }
}

fn thread_cpu() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(nanos))
}
