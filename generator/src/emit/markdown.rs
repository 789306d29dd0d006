//! The Markdown reference (`docs/`), rendered with minijinja templates.

use super::model::ModuleDoc;
use super::templates::{TemplateFailure, Templates};
use minijinja::context;
use serde::{Serialize, Serializer};

/// What the index shows of a module: its names and its methods, only ever counted.
#[derive(Serialize)]
struct IndexEntry<'a> {
    namespace: &'a str,
    module: &'a str,
    methods: Count,
}

/// A list known only by its length. The index counts each module's methods
/// (`| length`); converting every method for the template just to count them would be
/// most of the index's cost.
struct Count(usize);

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.0).map(|_| ()))
    }
}

/// `docs/README.md`.
pub fn index(
    templates: &Templates,
    command: &str,
    modules: &[ModuleDoc],
) -> Result<String, TemplateFailure> {
    let method_count: usize = modules.iter().map(|m| m.methods.len()).sum();
    let entries: Vec<IndexEntry> = modules
        .iter()
        .map(|m| IndexEntry {
            namespace: &m.namespace,
            module: &m.module,
            methods: Count(m.methods.len()),
        })
        .collect();
    let ctx = context! { command => command, modules => entries, method_count => method_count };
    templates.markdown("docs-index.md.j2", ctx)
}

/// `docs/<module>.md`.
pub fn namespace(
    templates: &Templates,
    command: &str,
    module: &ModuleDoc,
) -> Result<String, TemplateFailure> {
    let ctx = context! { command => command, module => module };
    templates.markdown("docs-namespace.md.j2", ctx)
}
