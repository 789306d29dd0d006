//! The generated crate's `Cargo.toml` and `README.md`: package metadata for crates.io and
//! docs.rs, one feature per namespace, the runtime dependency.

use super::model::ModuleDoc;
use super::templates::{TemplateFailure, Templates};
use minijinja::context;
use serde::Serialize;

/// The version of the generated crate and of the runtime it depends on.
pub const VERSION: &str = "0.1.0";
/// Where the project lives, for the package metadata.
pub const REPOSITORY: &str = "https://github.com/bitrix24-rs/bitrix24";

/// Renders the manifest; `modules` are the namespace module (and feature) names.
pub fn cargo_toml(
    templates: &Templates,
    command: &str,
    modules: &[String],
    runtime_path: &str,
) -> Result<String, TemplateFailure> {
    let ctx = context! {
        command => command,
        modules => modules,
        version => VERSION,
        repository => REPOSITORY,
        runtime_path => runtime_path,
    };
    templates.manifest("Cargo.toml.j2", ctx)
}

#[derive(Serialize)]
struct FeatureRow<'a> {
    module: &'a str,
    namespace: &'a str,
    methods: usize,
}

/// The crate's README: facts only (counts per feature, the docs revision).
pub fn readme(
    templates: &Templates,
    command: &str,
    modules: &[ModuleDoc],
    revision: Option<&str>,
) -> Result<String, TemplateFailure> {
    let rows: Vec<FeatureRow> = modules
        .iter()
        .map(|m| FeatureRow {
            module: &m.module,
            namespace: &m.namespace,
            methods: m.methods.len(),
        })
        .collect();
    let method_count: usize = rows.iter().map(|r| r.methods).sum();
    let ctx = context! {
        command => command,
        modules => rows,
        method_count => method_count,
        version => VERSION,
        revision => revision,
    };
    templates.markdown("crate-README.md.j2", ctx)
}
