//! Include expansion and `{% if %}` filtering: a file becomes the flat list of lines
//! the block parser reads.
//!
//! Lines brought in by `{% include %}` keep their own file and line, so anything
//! defined inside a fragment (anchors, tables) points at the fragment. An indented
//! include indents everything it brings in by the same amount, so a fragment included
//! in a tab body or a list stays inside it.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::cond::Branches;
use super::directive::Directive;
use super::fence::Fence;
use super::heading;
use super::line::Line;
use super::paths::{normalize, root_of, slash_path};
use crate::diag::{Code, Diags};
use crate::source::{FileId, Pos, SourceMap};

/// Includes nested deeper than this are not followed.
const MAX_DEPTH: usize = 10;
/// Lines one page may expand to: fragments included many times over must not make
/// a small page enormous.
const MAX_LINES: usize = 1 << 20;

/// Expands `file` from its `skip`-th line (0-based) on, into `out` (emptied first).
pub(crate) fn expand(
    file: FileId,
    skip: usize,
    map: &mut SourceMap,
    diags: &mut Diags,
    out: &mut Vec<Line>,
) {
    out.clear();
    let root = root_of(map, file);
    let mut ex = Expander {
        map,
        diags,
        root,
        stack: vec![file],
    };
    ex.file(file, skip, "", false, out);
}

/// Reports a lossily decoded file at its first replaced character.
pub(crate) fn report_lossy(map: &SourceMap, diags: &mut Diags, file: FileId) {
    let text = &map.get(file).text;
    let line = text
        .split('\n')
        .position(|l| l.contains('\u{FFFD}'))
        .map_or(1, |i| i + 1);
    diags.at(
        map,
        Code::NotUtf8,
        Pos::new(file, line as u32, 1),
        "file is not valid UTF-8; invalid bytes were replaced",
    );
}

struct Expander<'a> {
    map: &'a mut SourceMap,
    diags: &'a mut Diags,
    /// Folder display paths are relative to, when it can be told.
    root: Option<PathBuf>,
    /// Files being expanded, outermost first: a file found here again is a cycle.
    stack: Vec<FileId>,
}

impl Expander<'_> {
    fn file(
        &mut self,
        file: FileId,
        skip: usize,
        prefix: &str,
        notitle: bool,
        out: &mut Vec<Line>,
    ) {
        // The lines share the file's text.
        let text = self.map.get(file).text.clone();
        let shift = -(prefix.chars().count() as i64);
        let mut fence: Option<Fence> = None;
        let mut branches = Branches::default();
        let mut drop_title = notitle;
        let lines = self.map.lines(file);
        for idx in skip.. {
            let Some(range) = lines.get(idx) else { break };
            let raw = text.get(range.clone()).unwrap_or("");
            let number = (idx + 1) as u32;
            let line = if prefix.is_empty() {
                Line::new(text.clone(), range, file, number, 0)
            } else {
                // Only indented includes pay for a buffer of their own.
                let own: Rc<str> = Rc::from(format!("{prefix}{raw}"));
                let len = own.len();
                Line::new(own, 0..len, file, number, shift)
            };
            let keep = branches.keeps();
            if let Some(f) = &fence {
                // The line's own indentation (an indented include's prefix added)
                // decides nothing here: only whether the fence closes.
                if f.close(&line).is_some() {
                    fence = None;
                }
            } else if let Some(f) = Fence::open(&line) {
                fence = Some(f);
            } else if let Some(d) = Directive::parse(raw) {
                if self.directive(&d, &line, &mut branches, keep, out) {
                    continue;
                }
            } else if is_comment(raw) {
                continue;
            }
            if !keep {
                continue;
            }
            if drop_title && !raw.trim().is_empty() {
                drop_title = false;
                if heading::parse(raw.trim_start()).is_some() {
                    continue;
                }
            }
            out.push(line);
        }
        for pos in branches.unclosed() {
            let msg = "`{% if %}` is never closed by `{% endif %}`";
            self.diags.at(self.map, Code::Unbalanced, pos, msg);
        }
    }

    /// Handles the conditional and include directives; returns whether the line was
    /// consumed.
    fn directive(
        &mut self,
        d: &Directive,
        line: &Line,
        branches: &mut Branches,
        keep: bool,
        out: &mut Vec<Line>,
    ) -> bool {
        match d {
            Directive::If(cond) => branches.open(line.pos(), cond),
            Directive::Else => {
                if !branches.flip() {
                    self.unbalanced(line, "`{% else %}` outside `{% if %}`");
                }
            }
            Directive::EndIf => {
                if !branches.close() {
                    self.unbalanced(line, "`{% endif %}` without `{% if %}`");
                }
            }
            Directive::Include { notitle, path } => {
                if keep {
                    self.include(line, path, *notitle, out);
                }
            }
            _ => return false,
        }
        true
    }

    fn unbalanced(&mut self, line: &Line, message: &str) {
        self.diags
            .at(self.map, Code::Unbalanced, line.pos(), message);
    }

    fn include(&mut self, line: &Line, rel: &str, notitle: bool, out: &mut Vec<Line>) {
        let pos = line.pos();
        if self.stack.len() > MAX_DEPTH {
            let msg = format!(
                "include `{rel}` is nested more than {MAX_DEPTH} levels deep; not followed"
            );
            self.diags.at(self.map, Code::IncludeUnresolved, pos, msg);
            return;
        }
        let Some(target) = self.resolve(line.file, rel) else {
            let msg = format!("include target `{rel}` does not exist");
            self.diags.at(self.map, Code::IncludeUnresolved, pos, msg);
            return;
        };
        if self.stack.contains(&target) {
            let msg = format!("include `{rel}` includes itself (cycle); not followed");
            self.diags.at(self.map, Code::IncludeUnresolved, pos, msg);
            return;
        }
        if out.len() > MAX_LINES {
            let msg =
                format!("page grew past {MAX_LINES} lines with its includes; `{rel}` not followed");
            self.diags.at(self.map, Code::IncludeUnresolved, pos, msg);
            return;
        }
        let indent: String = line
            .text()
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        self.stack.push(target);
        self.file(target, 0, &indent, notitle, out);
        self.stack.pop();
    }

    /// Finds or loads the file `rel` names, relative to the including file.
    fn resolve(&mut self, from: FileId, rel: &str) -> Option<FileId> {
        let path = match (rel.strip_prefix('/'), &self.root) {
            (Some(abs), Some(root)) => normalize(&root.join(abs)),
            _ => {
                let base = self
                    .map
                    .get(from)
                    .path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                normalize(&base.join(rel))
            }
        };
        if let Some(id) = self.map.find(&path) {
            return Some(id);
        }
        let display = self.display(&path);
        let (id, lossy) = self.map.load_shared(&path, display).ok()?;
        if lossy {
            report_lossy(self.map, self.diags, id);
        }
        Some(id)
    }

    fn display(&self, path: &Path) -> String {
        let rel = self
            .root
            .as_deref()
            .and_then(|r| path.strip_prefix(r).ok())
            .unwrap_or(path);
        slash_path(rel)
    }
}

/// A line holding only an HTML comment: invisible on the published page.
fn is_comment(raw: &str) -> bool {
    let t = raw.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}
