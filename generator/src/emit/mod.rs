//! Emitters: the [`ir::Api`] into the files of the generated crate.
//!
//! Rust is built as `syn` syntax trees (see `syntax`) and printed by `prettyplease`;
//! the manifest and the Markdown reference come from minijinja templates in
//! `generator/templates/`. Output is a pure function of the IR: same input, same bytes.
//!
//! - [`idents`]: Rust identifiers from wire names, collisions, renames.
//! - `docs_text`: documentation prose made safe for rustdoc.
//! - `types`, `structs`, `enums`, `errors`, `method`: the items of one method.
//! - `syntax`: builders for the syntax trees those items are made of.
//! - `rust`: module files; `markdown`: `docs/`; `manifest`: `Cargo.toml`.
//! - `templates`: every template, registered once; a failure is an [`EmitError`].

use crate::diag::Diagnostic;
use crate::ir;
use crate::provenance::{self, Provenance};
use crate::surface::{self, Surface};
use idents::Book;
use name_record::NameRecord;
use std::collections::BTreeMap;
use std::sync::Arc;
use templates::Templates;

mod docs_text;
mod enums;
mod errors;
mod event_docs;
mod events;
pub mod idents;
mod list;
mod manifest;
mod markdown;
mod method;
mod model;
pub mod name_record;
mod rust;
mod structs;
mod syntax;
mod templates;
mod types;

pub use idents::{Rename, RenameReason};
pub use templates::TemplateFailure;
pub use types::wire_type;

/// One file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated, relative to the output folder.
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The command that regenerates the output, named in every do-not-edit line.
    pub command: String,
    /// The runtime crate's folder as the generated manifest names it: relative to the
    /// output folder, or absolute.
    pub runtime_path: String,
    /// What the output is made from, recorded in `provenance.toml`. When set, the crate
    /// also records its API surface and the Rust names it gave.
    pub provenance: Option<Provenance>,
    /// Rust names to keep from an earlier run (see [`name_record`]).
    pub names: Arc<NameRecord>,
    /// Give every item a fresh name, ignoring `names` (`cargo xtask codegen --rename`).
    pub rename: bool,
}

/// Everything emitted.
#[derive(Debug)]
pub struct Emitted {
    pub files: Vec<OutputFile>,
    pub renames: Vec<Rename>,
    /// The Rust name given to every item.
    pub names: NameRecord,
}

impl Emitted {
    /// Every name clash, as a located `B24N023` note.
    pub fn notes(&self) -> Vec<Diagnostic> {
        self.renames.iter().filter_map(Rename::diagnostic).collect()
    }
}

/// Why nothing was emitted: every template that failed, each as a `B24E030` diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    pub failures: Vec<TemplateFailure>,
}

impl EmitError {
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.failures
            .iter()
            .map(TemplateFailure::diagnostic)
            .collect()
    }
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.failures.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join("; "))
    }
}

impl std::error::Error for EmitError {}

impl From<TemplateFailure> for EmitError {
    fn from(failure: TemplateFailure) -> Self {
        EmitError {
            failures: vec![failure],
        }
    }
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            command: "cargo xtask codegen".to_string(),
            runtime_path: "../runtime".to_string(),
            provenance: None,
            names: Arc::default(),
            rename: false,
        }
    }
}

/// Names that cannot be namespace modules or features: `api::types`, and the crate's
/// own features.
const RESERVED_MODULES: &[&str] = &["types", "client", "default", "full", "mod"];

/// Emits every file of the generated crate, sorted by path.
pub fn emit(api: &ir::Api, opts: &EmitOptions) -> Result<Vec<OutputFile>, EmitError> {
    Ok(emit_with_report(api, opts)?.0)
}

/// Like [`emit`], also returning every name that could not be used as documented.
pub fn emit_with_report(
    api: &ir::Api,
    opts: &EmitOptions,
) -> Result<(Vec<OutputFile>, Vec<Rename>), EmitError> {
    let emitted = emit_all(api, opts)?;
    Ok((emitted.files, emitted.renames))
}

/// Like [`emit_with_report`], also returning the name given to every item. A template
/// that fails fails the whole run: no file is returned.
pub fn emit_all(api: &ir::Api, opts: &EmitOptions) -> Result<Emitted, EmitError> {
    let templates = Templates::new()?;
    let command = rust::one_line(&opts.command);
    let mut renames = Vec::new();
    let mut files = Vec::new();

    let record = if opts.rename {
        Arc::default()
    } else {
        opts.names.clone()
    };
    let top = Book::new(record.clone());
    let named = rust::shared_type_names(&api.types, &top, &mut renames);
    let (types_tokens, type_renames) = rust::shared_types(&api.types, &named, &top);
    renames.extend(type_renames);
    files.push(file(
        "src/api/types.rs",
        rust::print_module(&command, types_tokens),
    ));

    // Namespaces are independent: each is built and printed on its own thread, the
    // largest first so that no thread is left with a big one at the end.
    let mut groups = namespaces(api, &top, &mut renames);
    groups.sort_by_key(|(_, _, methods)| std::cmp::Reverse(methods.len()));
    let mut built = crate::par::map(&groups, 0, |(namespace, module, methods)| {
        let book = Book::new(record.clone());
        let (tokens, methods, module_renames) =
            rust::namespace(namespace, module, methods, &named, &book);
        let source = rust::print_module(&command, tokens);
        let doc = model::ModuleDoc {
            namespace: namespace.clone(),
            module: module.clone(),
            methods,
        };
        let markdown = markdown::namespace(&templates, &command, &doc);
        (source, doc, markdown, module_renames, book.given())
    });
    built.sort_by(|a, b| a.1.module.cmp(&b.1.module));
    let mut modules = Vec::new();
    let mut given = top.given();
    let mut event_docs = Vec::new();
    let mut failures = Vec::new();
    for (mut source, doc, markdown, module_renames, module_names) in built {
        renames.extend(module_renames);
        given.extend(module_names);
        let events = event_docs::module_events(&templates, api, &doc, &named, &command);
        let (mut markdown, events) = match (markdown, events) {
            (Ok(markdown), Ok(events)) => (markdown, events),
            (markdown, events) => {
                failures.extend(markdown.err());
                failures.extend(events.err());
                continue;
            }
        };
        if let Some(module_events) = events {
            source.push_str(&module_events.mod_item);
            markdown.push_str(&module_events.markdown);
            files.push(file(
                &format!("src/api/{}/events.rs", doc.module),
                module_events.source,
            ));
            renames.extend(module_events.renames);
            event_docs.extend(module_events.docs);
        }
        files.push(file(&format!("src/api/{}.rs", doc.module), source));
        files.push(file(&format!("docs/{}.md", doc.module), markdown));
        modules.push(doc);
    }
    // One failure per template is enough to fix it; the same one fails every namespace.
    failures.sort_by(|a, b| (&a.template, a.line).cmp(&(&b.template, b.line)));
    failures.dedup();
    if !failures.is_empty() {
        return Err(EmitError { failures });
    }
    let (events_source, events_markdown) =
        event_docs::crate_events(&templates, &command, &mut event_docs)?;
    files.push(file("src/events.rs", events_source));
    files.push(file("docs/all-events.md", events_markdown));
    files.push(file(
        "src/api/mod.rs",
        rust::print_module(&command, rust::api_mod(&modules)),
    ));

    let mut lib = rust::print_module(&command, rust::crate_root());
    lib.push_str(&event_docs::crate_mod_item());
    files.push(file("src/lib.rs", lib));
    let module_names: Vec<String> = modules.iter().map(|m| m.module.clone()).collect();
    let runtime_path = rust::one_line(&opts.runtime_path).replace(['"', '\\'], "/");
    files.push(file(
        "Cargo.toml",
        manifest::cargo_toml(&templates, &command, &module_names, &runtime_path)?,
    ));
    let revision = opts
        .provenance
        .as_ref()
        .and_then(|p| p.docs.as_ref())
        .and_then(|d| d.revision.as_deref());
    files.push(file(
        "README.md",
        manifest::readme(&templates, &command, &modules, revision)?,
    ));
    if let Some(record) = &opts.provenance {
        files.push(file(provenance::FILE, record.render(&command)));
        let header = format!("Generated by `{command}`; do not edit by hand.");
        files.push(file(
            surface::FILE,
            Surface::of(api).render(&format!(
                "{header}\nThe API this crate was made from: what `cargo xtask diff` compares the inputs with."
            )),
        ));
        files.push(file(
            name_record::FILE,
            given.render(&format!(
                "{header}\nThe Rust name of every item, kept by the next regeneration (`--rename` gives fresh names)."
            )),
        ));
    }
    files.push(file(
        "docs/README.md",
        markdown::index(&templates, &command, &modules)?,
    ));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Emitted {
        files,
        renames,
        names: given,
    })
}

fn file(path: &str, contents: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        contents,
    }
}

/// Methods grouped by namespace, each with its module name, sorted by module name.
fn namespaces<'a>(
    api: &'a ir::Api,
    book: &Book,
    renames: &mut Vec<Rename>,
) -> Vec<(String, String, Vec<&'a ir::Method>)> {
    let mut groups: BTreeMap<&str, Vec<&ir::Method>> = BTreeMap::new();
    for method in &api.methods {
        groups
            .entry(method.namespace.as_str())
            .or_default()
            .push(method);
    }
    // A namespace with events alone is a module (and a feature) too.
    for event in &api.events {
        groups.entry(event.namespace.as_str()).or_default();
    }
    let mut scope = book.scope("api");
    scope.reserve(RESERVED_MODULES);
    let mut named: Vec<_> = groups
        .into_iter()
        .map(|(namespace, methods)| {
            let module = scope.claim(namespace, idents::Case::Module, "ns", renames);
            (namespace.to_string(), module, methods)
        })
        .collect();
    // Names are claimed in namespace order; files and feature lists follow module names.
    named.sort_by(|a, b| a.1.cmp(&b.1));
    named
}
