//! Readers: one descriptor file (plus what it includes) into a [`Page`].
//!
//! The form is detected per file: YAML front matter, Yandex-flavoured Markdown, or the
//! legacy plain-text export. Markdown goes through three steps: includes are expanded
//! and dev-only content dropped (`expand`), container directives, tables and fences
//! are paired in one pass over the page (`pairs`), then lines become blocks
//! (`blocks`, with `table` and `tabs`). The legacy export has its own reader
//! (`legacy`) that produces the same blocks.
//!
//! Every step is linear in the size of the page, and nothing panics on any input.

mod blocks;
mod cond;
mod directive;
mod expand;
mod fence;
mod yaml_header;

/// Where a text's front matter closes (see corrections, which read it without a page).
pub(crate) use yaml_header::locate as yaml_header_close;
mod heading;
mod inline;
mod legacy;
mod line;
mod pairs;
mod paths;
mod table;
mod tabs;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diags};
use crate::page::{Form, Page};
use crate::source::{FileId, Pos, SourceMap};

thread_local! {
    /// The expanded lines of the page being parsed. Pages are parsed one after the
    /// other on each thread, so one buffer per thread serves them all instead of a
    /// large allocation per page.
    static LINES: RefCell<Vec<line::Line>> = const { RefCell::new(Vec::new()) };
}

/// Reads the file at `path` into the source map and parses it. `root` is the folder
/// that display paths are relative to. Returns `None` only when the file cannot be
/// read at all; that is reported in `diags`.
pub fn parse_file(
    path: &Path,
    root: &Path,
    map: &mut SourceMap,
    diags: &mut Diags,
) -> Option<Page> {
    // Lexically normalised, so a page and the same file reached by an include share
    // one entry in the map.
    let (path, root) = (paths::normalize(path), paths::normalize(root));
    let rel = path.strip_prefix(&root).unwrap_or(&path);
    let display = paths::slash_path(rel);
    let id = match map.find(&path) {
        Some(id) => id,
        None => match map.load(&path, display.clone()) {
            Ok((id, lossy)) => {
                if lossy {
                    expand::report_lossy(map, diags, id);
                }
                id
            }
            Err(e) => {
                diags.file(Code::Io, display, format!("cannot read the file: {e}"));
                return None;
            }
        },
    };
    Some(parse_source(id, map, diags))
}

/// Parses in-memory text as if it were a file at `display` (relative includes are
/// looked up relative to it on disk).
pub fn parse_str(display: &str, text: &str, map: &mut SourceMap, diags: &mut Diags) -> Page {
    let (id, _) = map.add_text(PathBuf::from(display), display.to_string(), text.as_bytes());
    parse_source(id, map, diags)
}

/// Parses in-memory bytes (decoded like a file, so invalid UTF-8 is reported).
pub fn parse_bytes(display: &str, bytes: &[u8], map: &mut SourceMap, diags: &mut Diags) -> Page {
    let (id, lossy) = map.add_text(PathBuf::from(display), display.to_string(), bytes);
    if lossy {
        expand::report_lossy(map, diags, id);
    }
    parse_source(id, map, diags)
}

/// Parses a file already in the source map (includes are loaded into the map as found).
pub fn parse_source(file: FileId, map: &mut SourceMap, diags: &mut Diags) -> Page {
    let pos = Pos::new(file, 1, 1);
    let text = &map.get(file).text;
    let (form, front_matter, skip) = match yaml_header::locate(text) {
        Some(Ok(close)) => {
            let fm = yaml_header::parse(file, close, map, diags);
            (Form::FrontMatter, Some(fm), close + 1)
        }
        Some(Err(())) => {
            let msg = "front matter opened by `---` is never closed; read as Markdown";
            diags.at(map, Code::FrontMatterSyntax, pos, msg);
            (Form::Markdown, None, 0)
        }
        None if legacy::detect(text) => {
            let blocks = legacy::parse(file, map, diags);
            return Page {
                pos,
                form: Form::Legacy,
                front_matter: None,
                blocks,
            };
        }
        None => (Form::Markdown, None, 0),
    };
    let blocks = LINES.with(|buffer| {
        // Taken out while in use: a page that panics half-way just leaves a new,
        // empty buffer behind.
        let mut lines = buffer.take();
        expand::expand(file, skip, map, diags, &mut lines);
        let mut cx = blocks::Cx { map, diags };
        let blocks = blocks::parse_blocks(&lines, &mut cx);
        lines.clear();
        buffer.replace(lines);
        blocks
    });
    Page {
        pos,
        form,
        front_matter,
        blocks,
    }
}
