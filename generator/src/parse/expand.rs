//! Include expansion and `{% if %}` filtering: a file becomes the flat list of lines
//! the block parser reads.
//!
//! Lines brought in by `{% include %}` keep their own file and line, so anything
//! defined inside a fragment (anchors, tables) points at the fragment. An indented
//! include indents everything it brings in by the same amount, so a fragment included
//! in a tab body or a list stays inside it.

use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use super::directive::Directive;
use super::fence::Fence;
use super::heading;
use super::line::Line;
use crate::diag::{Code, Diags};
use crate::source::{FileId, Pos, SourceMap};

/// Includes nested deeper than this are not followed.
const MAX_DEPTH: usize = 10;

/// Expands `file` from its `skip`-th line (0-based) on.
pub(crate) fn expand(
    file: FileId,
    skip: usize,
    map: &mut SourceMap,
    diags: &mut Diags,
) -> Vec<Line> {
    let root = root_of(map, file);
    let mut ex = Expander {
        map,
        diags,
        root,
        stack: vec![file],
    };
    let lines = ex
        .map
        .get(file)
        .text
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1;
    let mut out = Vec::with_capacity(lines + lines / 8);
    ex.file(file, skip, "", false, &mut out);
    out
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

/// An open `{% if %}`.
struct Branch {
    pos: Pos,
    holds: bool,
    in_else: bool,
}

impl Branch {
    fn keeps(&self) -> bool {
        self.holds != self.in_else
    }
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
        let text: Rc<str> = Rc::from(self.map.get(file).text.as_str());
        let shift = -(prefix.chars().count() as i64);
        let mut fence: Option<Fence> = None;
        let mut branches: Vec<Branch> = Vec::new();
        let mut drop_title = notitle;
        let mut start = 0;
        for (idx, raw) in text.split('\n').enumerate() {
            let range = start..start + raw.len();
            start = range.end + 1;
            if idx < skip {
                continue;
            }
            let number = (idx + 1) as u32;
            let line = if prefix.is_empty() {
                Line::new(text.clone(), range, file, number, 0)
            } else {
                // Only indented includes pay for a buffer of their own.
                let own: Rc<str> = Rc::from(format!("{prefix}{raw}"));
                let len = own.len();
                Line::new(own, 0..len, file, number, shift)
            };
            let keep = branches.iter().all(Branch::keeps);
            if let Some(f) = &fence {
                if f.close(raw).is_some() {
                    fence = None;
                }
            } else if let Some(f) = Fence::open(raw) {
                fence = Some(f);
            } else if let Some(d) = Directive::parse(raw) {
                if self.directive(&d, &line, &mut branches, keep, out) {
                    continue;
                }
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
        for b in branches {
            self.diags.at(
                self.map,
                Code::Unbalanced,
                b.pos,
                "`{% if %}` is never closed by `{% endif %}`",
            );
        }
    }

    /// Handles the conditional and include directives; returns whether the line was
    /// consumed.
    fn directive(
        &mut self,
        d: &Directive,
        line: &Line,
        branches: &mut Vec<Branch>,
        keep: bool,
        out: &mut Vec<Line>,
    ) -> bool {
        match d {
            Directive::If(cond) => branches.push(Branch {
                pos: line.pos(),
                holds: condition_holds(cond),
                in_else: false,
            }),
            Directive::Else => match branches.last_mut() {
                Some(b) => b.in_else = true,
                None => self.unbalanced(line, "`{% else %}` outside `{% if %}`"),
            },
            Directive::EndIf => {
                if branches.pop().is_none() {
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
        let (id, lossy) = self.map.load(&path, display).ok()?;
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

/// Whether a `{% if %}` branch belongs in the published pages. Only `build == 'dev'`
/// is known to be false (content for the development build); other conditions hold.
fn condition_holds(cond: &str) -> bool {
    let c: String = cond
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if c.contains("build") && c.contains("dev") {
        return c.contains("!=");
    }
    true
}

/// The folder display paths are relative to: the file's path minus its display path.
fn root_of(map: &SourceMap, file: FileId) -> Option<PathBuf> {
    let f = map.get(file);
    let depth = f.display.split('/').filter(|s| !s.is_empty()).count();
    let mut root = f.path.clone();
    for _ in 0..depth {
        if !root.pop() {
            return None;
        }
    }
    Some(normalize(&root))
}

/// Removes `.` and `..` components without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(out.components().next_back(), Some(Component::Normal(_))) || !out.pop()
                {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path written with `/` separators.
pub(crate) fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(
            normalize(Path::new("a/b/./../../_includes/x.md")),
            PathBuf::from("_includes/x.md")
        );
        assert_eq!(
            normalize(Path::new("a/../../x.md")),
            PathBuf::from("../x.md")
        );
    }

    #[test]
    fn dev_condition_is_false() {
        assert!(!condition_holds("build == 'dev'"));
        assert!(!condition_holds("build=='dev'"));
        assert!(condition_holds("build != 'dev'"));
        assert!(condition_holds("audience == 'external'"));
    }
}
