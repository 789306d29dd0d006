//! Emitters: the [`ir::Api`] into the files of the generated crate.
//!
//! Rust is built as `syn` syntax trees (see `syntax`) and printed by `prettyplease`;
//! the manifest and the Markdown reference come from minijinja templates in
//! `generator/templates/`. Output is a pure function of the IR: same input, same bytes.
//!
//! - [`names`]: identifiers from wire names, collisions, renames.
//! - `docs_text`: documentation prose made safe for rustdoc.
//! - `types`, `structs`, `enums`, `errors`, `method`: the items of one method.
//! - `syntax`: builders for the syntax trees those items are made of.
//! - `rust`: module files; `markdown`: `docs/`; `manifest`: `Cargo.toml`.

use crate::ir;
use crate::provenance::{self, Provenance};
use std::collections::BTreeMap;

mod docs_text;
mod enums;
mod errors;
mod event_docs;
mod events;
mod manifest;
mod markdown;
mod method;
mod model;
pub mod names;
mod rust;
mod structs;
mod syntax;
mod tokens;
mod types;

pub use names::Rename;

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
    /// What the output is made from, recorded in `provenance.toml`.
    pub provenance: Option<Provenance>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            command: "cargo xtask codegen".to_string(),
            runtime_path: "../runtime".to_string(),
            provenance: None,
        }
    }
}

/// Names that cannot be namespace modules or features: `api::types`, and the crate's
/// own features.
const RESERVED_MODULES: &[&str] = &["types", "client", "default", "full", "mod"];

/// Emits every file of the generated crate, sorted by path.
pub fn emit(api: &ir::Api, opts: &EmitOptions) -> Vec<OutputFile> {
    emit_with_report(api, opts).0
}

/// Like [`emit`], also returning every name that could not be used as documented.
pub fn emit_with_report(api: &ir::Api, opts: &EmitOptions) -> (Vec<OutputFile>, Vec<Rename>) {
    let command = rust::one_line(&opts.command);
    let mut renames = Vec::new();
    let mut files = Vec::new();

    let named = rust::shared_type_names(&api.types, &mut renames);
    let (types_tokens, type_renames) = rust::shared_types(&api.types, &named);
    renames.extend(type_renames);
    files.push(file(
        "src/api/types.rs",
        rust::print_module(&command, types_tokens),
    ));

    // Namespaces are independent: each is built and printed on its own thread, the
    // largest first so that no thread is left with a big one at the end.
    let mut groups = namespaces(api, &mut renames);
    groups.sort_by_key(|(_, _, methods)| std::cmp::Reverse(methods.len()));
    let mut built = crate::par::map(&groups, 0, |(namespace, module, methods)| {
        let (tokens, methods, module_renames) = rust::namespace(namespace, module, methods, &named);
        let source = rust::print_module(&command, tokens);
        let doc = model::ModuleDoc {
            namespace: namespace.clone(),
            module: module.clone(),
            methods,
        };
        let markdown = markdown::namespace(&command, &doc);
        (source, doc, markdown, module_renames)
    });
    built.sort_by(|a, b| a.1.module.cmp(&b.1.module));
    let mut modules = Vec::new();
    let mut event_docs = Vec::new();
    for (mut source, doc, mut markdown, module_renames) in built {
        renames.extend(module_renames);
        let events = event_docs::module_events(api, &doc, &named, &command);
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
    let (events_source, events_markdown) = event_docs::crate_events(&command, &mut event_docs);
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
        manifest::cargo_toml(&command, &module_names, &runtime_path),
    ));
    let revision = opts
        .provenance
        .as_ref()
        .and_then(|p| p.docs.as_ref())
        .and_then(|d| d.revision.as_deref());
    files.push(file(
        "README.md",
        manifest::readme(&command, &modules, revision),
    ));
    if let Some(record) = &opts.provenance {
        files.push(file(provenance::FILE, record.render(&command)));
    }
    files.push(file("docs/README.md", markdown::index(&command, &modules)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, renames)
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
    let mut scope = names::Scope::new("api");
    scope.reserve(RESERVED_MODULES);
    let mut named: Vec<_> = groups
        .into_iter()
        .map(|(namespace, methods)| {
            let module = scope.claim(namespace, names::Case::Module, "ns", renames);
            (namespace.to_string(), module, methods)
        })
        .collect();
    // Names are claimed in namespace order; files and feature lists follow module names.
    named.sort_by(|a, b| a.1.cmp(&b.1));
    named
}
