//! Strings the stages together: find the files, read each into a method (in parallel,
//! one page's failure isolated from the others), assemble the IR, emit.

use std::fs;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diag::{Code, Diagnostic, Diags};
use crate::extract::{self, Outcome, SkipReason};
use crate::ir;
use crate::layout;
use crate::parse;
use crate::source::{SharedFiles, SourceMap};
use crate::walk;

pub use crate::layout::Layout;

/// Lists the input files of `root`, sorted (see [`crate::walk`]; links not followed are
/// left out silently: [`crate::walk::list`] reports them).
pub fn discover(root: &Path, layout: Layout) -> io::Result<Vec<PathBuf>> {
    walk::list(root, layout).map(|l| l.files)
}

/// What became of one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct PageResult {
    /// Display path.
    pub path: String,
    pub outcome: PageOutcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageOutcome {
    Method {
        name: String,
    },
    /// An event page that became an event.
    Event {
        name: String,
    },
    Skipped {
        reason: SkipReason,
        detail: String,
    },
    /// The file could not be read.
    Unreadable,
    /// The generator panicked on this page (a bug); the page was left out.
    Panicked {
        message: String,
    },
}

/// Time spent per stage, summed over threads.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    pub parse: Duration,
    pub extract: Duration,
    pub assemble: Duration,
    /// Wall time of the whole read.
    pub wall: Duration,
}

/// The result of reading a set of pages.
#[derive(Debug)]
pub struct Reading {
    pub api: ir::Api,
    /// One per input file, sorted by path.
    pub pages: Vec<PageResult>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// Bytes of the input files (includes not counted).
    pub bytes: u64,
    /// Fragments the pages included, sorted.
    pub included: Vec<PathBuf>,
}

impl Reading {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn panics(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| matches!(p.outcome, PageOutcome::Panicked { .. }))
            .count()
    }
}

/// Reads every file into the IR. `display_root` is what display paths are relative to.
/// `threads` = 0 uses the machine's parallelism. The result does not depend on the
/// order of `files` or the thread count.
pub fn read(display_root: &Path, files: &[PathBuf], threads: usize) -> Reading {
    let started = Instant::now();
    let shared = Arc::new(SharedFiles::new());
    let parts = crate::par::map(files, threads, |path| {
        read_page(display_root, path, &shared)
    });
    let mut part = Part::default();
    for p in parts {
        part.merge(p);
    }
    let assembled = Instant::now();
    part.methods
        .sort_by(|a, b| (&a.source.path, &a.name).cmp(&(&b.source.path, &b.name)));
    let mut api = extract::assemble(part.methods, part.definitions, &mut part.diags);
    api.events =
        extract::assemble_events(part.events, &api.methods, &mut api.types, &mut part.diags);
    part.timings.assemble = assembled.elapsed();
    part.pages.sort_by(|a, b| a.path.cmp(&b.path));
    part.timings.wall = started.elapsed();
    Reading {
        api,
        pages: part.pages,
        diagnostics: part.diags.into_sorted(),
        timings: part.timings,
        bytes: part.bytes,
        included: shared.paths(),
    }
}

/// Where the project's inputs are.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// A checkout of the official docs; `None` reads `specs` alone.
    pub docs: Option<PathBuf>,
    /// The project's own pages.
    pub specs: PathBuf,
}

/// Both inputs read and combined (see [`crate::combine`]).
#[derive(Debug)]
pub struct Combined {
    /// The combined API, every page and every diagnostic of both inputs.
    pub reading: Reading,
    /// Errors in the project's own pages: these stop a run. The official docs' problems
    /// only leave their page out.
    pub specs_errors: usize,
    docs_files: Vec<PathBuf>,
    specs_files: Vec<PathBuf>,
}

/// Reads both inputs: the docs' methods cut down to facts, `specs/` layered over them.
/// Docs pages are shown relative to the checkout (`api-reference/…`), specs pages
/// relative to the folder holding `specs/` (`specs/…`).
pub fn read_inputs(inputs: &Inputs) -> io::Result<Combined> {
    let specs_listing = walk::list(&inputs.specs, Layout::Specs)?;
    let specs_root = inputs.specs.parent().unwrap_or(&inputs.specs);
    // Problems of the specs folder as a whole: links not followed, corrections.
    let mut input_diags = specs_listing.diagnostics(specs_root);
    let specs_files = specs_listing.files;
    let (pages, corrections) =
        crate::correct::split(specs_root, specs_files.clone(), &mut input_diags);
    let mut specs = read(specs_root, &pages, 0);
    let Some(docs_dir) = &inputs.docs else {
        crate::correct::apply(&mut specs.api, &corrections, &mut input_diags);
        specs.diagnostics.extend(input_diags.into_sorted());
        let specs_errors = specs.diagnostics.iter().filter(|d| d.is_error()).count();
        let specs_files = with_included(specs_files, &specs.included);
        return Ok(Combined {
            reading: specs,
            specs_errors,
            docs_files: Vec::new(),
            specs_files,
        });
    };
    let specs_errors = specs.diagnostics.iter().filter(|d| d.is_error()).count();
    let docs_listing = walk::list(docs_dir, Layout::Docs)?;
    let mut docs = read(docs_dir, &docs_listing.files, 0);
    docs.diagnostics
        .extend(docs_listing.diagnostics(docs_dir).into_sorted());
    let docs_files = docs_listing.files;
    for m in &mut docs.api.methods {
        crate::combine::facts_only(m);
    }
    for e in &mut docs.api.events {
        crate::combine::event_facts_only(e);
    }
    let docs_files = with_included(docs_files, &docs.included);
    let specs_files = with_included(specs_files, &specs.included);
    let mut pages = docs.pages;
    pages.extend(specs.pages);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut api = crate::combine::combine(docs.api, specs.api);
    crate::correct::apply(&mut api, &corrections, &mut input_diags);
    let input_diags = input_diags.into_sorted();
    let specs_errors = specs_errors + input_diags.iter().filter(|d| d.is_error()).count();
    let mut diagnostics = docs.diagnostics;
    diagnostics.extend(specs.diagnostics);
    diagnostics.extend(input_diags);
    let reading = Reading {
        api,
        pages,
        diagnostics,
        timings: Timings {
            parse: docs.timings.parse + specs.timings.parse,
            extract: docs.timings.extract + specs.timings.extract,
            assemble: docs.timings.assemble + specs.timings.assemble,
            wall: docs.timings.wall + specs.timings.wall,
        },
        bytes: docs.bytes + specs.bytes,
        included: Vec::new(),
    };
    Ok(Combined {
        reading,
        specs_errors,
        docs_files,
        specs_files,
    })
}

fn with_included(mut files: Vec<PathBuf>, included: &[PathBuf]) -> Vec<PathBuf> {
    files.extend(included.iter().cloned());
    files.sort();
    files.dedup();
    files
}

impl Combined {
    /// What the output is made from: a hash of every page and included fragment of both
    /// inputs, and `docs_revision` for the docs checkout.
    pub fn provenance(
        &self,
        inputs: &Inputs,
        docs_revision: Option<String>,
    ) -> io::Result<crate::provenance::Provenance> {
        use crate::provenance::{generator, Inputs as Hashed, Provenance};
        let docs = match &inputs.docs {
            Some(dir) => Some(Hashed::hash(dir, &self.docs_files, docs_revision)?),
            None => None,
        };
        Ok(Provenance {
            generator: generator(),
            docs,
            specs: Hashed::hash(&inputs.specs, &self.specs_files, None)?,
        })
    }
}

/// What was read from some pages.
#[derive(Default)]
struct Part {
    methods: Vec<ir::Method>,
    /// The anchored objects of every page, for links between pages.
    definitions: Vec<ir::Definition>,
    events: Vec<ir::Event>,
    pages: Vec<PageResult>,
    diags: Diags,
    timings: Timings,
    bytes: u64,
}

impl Part {
    fn merge(&mut self, other: Part) {
        self.methods.extend(other.methods);
        self.definitions.extend(other.definitions);
        self.events.extend(other.events);
        self.pages.extend(other.pages);
        self.diags.extend(other.diags);
        self.timings.parse += other.timings.parse;
        self.timings.extract += other.timings.extract;
        self.bytes += other.bytes;
    }
}

fn read_page(display_root: &Path, path: &Path, shared: &Arc<SharedFiles>) -> Part {
    let mut part = Part::default();
    let display = display_path(display_root, path);
    let outcome = if layout::is_fragment_file(path) {
        part.bytes += file_size(path);
        PageOutcome::Skipped {
            reason: SkipReason::Fragment,
            detail: "included by other pages".to_string(),
        }
    } else {
        read_one(display_root, path, &display, shared, &mut part)
    };
    part.pages.push(PageResult {
        path: display,
        outcome,
    });
    part
}

/// Parses and extracts one page, isolating panics so one broken page never stops the
/// others.
fn read_one(
    display_root: &Path,
    path: &Path,
    display: &str,
    shared: &Arc<SharedFiles>,
    part: &mut Part,
) -> PageOutcome {
    let mut map = SourceMap::with_shared(shared.clone());
    let mut diags = Diags::new();
    let mut timings = Timings::default();
    let mut size = None;
    let result = catch_unwind(AssertUnwindSafe(|| {
        let t = Instant::now();
        let page = parse::parse_file(path, display_root, &mut map, &mut diags);
        timings.parse += t.elapsed();
        // The page's size as read, rather than asking the file system once more.
        size = page.as_ref().map(|p| map.get(p.pos.file).size);
        let t = Instant::now();
        let outcome = page.map(|page| {
            let definitions = extract::definitions(&page, &map);
            let read = match extract::extract(&page, &map, &mut diags) {
                Outcome::Skipped {
                    reason: SkipReason::Event,
                    ..
                } => Read::Event(extract::event(&page, &map, &mut diags).map(Box::new)),
                other => Read::Other(other),
            };
            (read, definitions)
        });
        timings.extract += t.elapsed();
        outcome
    }));
    part.timings.parse += timings.parse;
    part.timings.extract += timings.extract;
    part.bytes += size.unwrap_or_else(|| file_size(path));
    let result = result.map(|r| {
        r.map(|(outcome, definitions)| {
            part.definitions.extend(definitions);
            outcome
        })
    });
    match result {
        Ok(Some(Read::Other(Outcome::Method(method)))) => {
            part.diags.extend(diags);
            let name = method.name.clone();
            part.methods.push(*method);
            PageOutcome::Method { name }
        }
        Ok(Some(Read::Event(Ok(event)))) => {
            part.diags.extend(diags);
            let name = event.name.clone();
            part.events.push(*event);
            PageOutcome::Event { name }
        }
        Ok(Some(
            Read::Other(Outcome::Skipped { reason, detail }) | Read::Event(Err((reason, detail))),
        )) => {
            part.diags.extend(diags);
            PageOutcome::Skipped { reason, detail }
        }
        Ok(None) => {
            part.diags.extend(diags);
            PageOutcome::Unreadable
        }
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            part.diags.file(
                Code::Internal,
                display,
                format!("the generator failed on this page ({message}); the page was left out. Please report it"),
            );
            PageOutcome::Panicked { message }
        }
    }
}

/// What one page was read into: an event page is read a second time as an event.
enum Read {
    Event(Result<Box<ir::Event>, (SkipReason, String)>),
    Other(Outcome),
}

/// Size of the file at `path`; 0 when it cannot be told.
fn file_size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// `path` relative to `root`, `/`-separated; the full path when it is not under `root`.
pub fn display_path(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => {
            let mut out = String::with_capacity(rel.as_os_str().len());
            for (i, c) in rel.components().enumerate() {
                if i > 0 {
                    out.push('/');
                }
                out.push_str(&c.as_os_str().to_string_lossy());
            }
            out
        }
        Err(_) => path.to_string_lossy().replace('\\', "/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_and_slash_separated() {
        let root = Path::new("/a/b");
        assert_eq!(
            display_path(root, Path::new("/a/b/specs/x.md")),
            "specs/x.md"
        );
        assert_eq!(display_path(root, Path::new("/c/x.md")), "/c/x.md");
    }
}
