//! The generated crate's `Cargo.toml`: package, one feature per namespace, and the
//! dependency list kept in `templates/dependencies.toml`.

use minijinja::{context, Environment};

const TEMPLATE: &str = include_str!("../../templates/Cargo.toml.j2");
/// The runtime's dependencies, copied verbatim.
const DEPENDENCIES: &str = include_str!("../../templates/dependencies.toml");
/// The `client = [...]` feature line(s), copied verbatim.
const CLIENT_FEATURE: &str = include_str!("../../templates/client-feature.toml");

/// Renders the manifest; `modules` are the namespace module (and feature) names.
pub fn cargo_toml(command: &str, modules: &[String]) -> String {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    let ctx = context! {
        command => command,
        modules => modules,
        client_feature => CLIENT_FEATURE.trim(),
        dependencies => DEPENDENCIES.trim(),
    };
    let rendered = env
        .template_from_str(TEMPLATE)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|err| format!("# template Cargo.toml.j2 failed: {err}\n"));
    format!("{}\n", rendered.trim_end())
}
