//! The generated crate's `Cargo.toml` and `README.md`: package metadata for crates.io and
//! docs.rs, one feature per namespace, the runtime dependency.

use super::markdown;
use super::model::ModuleDoc;
use minijinja::{context, Environment};
use serde::Serialize;

const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.j2");
const README: &str = include_str!("../../templates/crate-README.md.j2");

/// The version of the generated crate and of the runtime it depends on.
pub const VERSION: &str = "0.1.0";
/// Where the project lives, for the package metadata.
pub const REPOSITORY: &str = "https://github.com/bitrix24-rs/bitrix24";

/// Renders the manifest; `modules` are the namespace module (and feature) names.
pub fn cargo_toml(command: &str, modules: &[String], runtime_path: &str) -> String {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    let ctx = context! {
        command => command,
        modules => modules,
        version => VERSION,
        repository => REPOSITORY,
        runtime_path => runtime_path,
    };
    let rendered = env
        .template_from_str(CARGO_TOML)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|err| format!("# template Cargo.toml.j2 failed: {err}\n"));
    format!("{}\n", rendered.trim_end())
}

#[derive(Serialize)]
struct FeatureRow<'a> {
    module: &'a str,
    namespace: &'a str,
    methods: usize,
}

/// The crate's README: facts only (counts per feature, the docs revision).
pub fn readme(command: &str, modules: &[ModuleDoc], revision: Option<&str>) -> String {
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
    markdown::render_str(README, ctx)
}
