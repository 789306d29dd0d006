//! Events into files: each namespace's payload module and its reference section, the
//! crate-wide `events` module, and `docs/all-events.md` (`docs/events.md` is the `events` namespace).

use std::collections::BTreeMap;

use minijinja::context;

use super::events::{self, EventDoc};
use super::idents::Rename;
use super::model::ModuleDoc;
use super::rust;
use super::syntax;
use super::templates::{TemplateFailure, Templates};
use crate::ir;

/// The events of one namespace module, emitted.
pub struct ModuleEvents {
    /// `src/api/<module>/events.rs`.
    pub source: String,
    /// `pub mod events;`, to append to the namespace module.
    pub mod_item: String,
    /// The events section of the namespace's reference page.
    pub markdown: String,
    pub docs: Vec<EventDoc>,
    pub renames: Vec<Rename>,
}

/// `None` when the namespace documents no event.
pub fn module_events(
    templates: &Templates,
    api: &ir::Api,
    module: &ModuleDoc,
    named: &BTreeMap<String, String>,
    command: &str,
) -> Result<Option<ModuleEvents>, TemplateFailure> {
    let mine: Vec<&ir::Event> = api
        .events
        .iter()
        .filter(|e| e.namespace == module.namespace)
        .collect();
    if mine.is_empty() {
        return Ok(None);
    }
    let (text, docs, renames) = events::namespace_events(&module.module, &mine, named);
    let attrs = syntax::docs(&["Payloads of this namespace's events.".to_string()], false);
    let mut mod_item = Vec::new();
    rust::print_items(
        &mut mod_item,
        [syntax::item_mod(attrs, "events")].into_iter(),
    );
    let markdown = templates.markdown(
        "docs-namespace-events.md.j2",
        context! { module => module.module, events => docs },
    )?;
    Ok(Some(ModuleEvents {
        source: rust::print_module(command, text),
        mod_item: mod_item.concat(),
        markdown,
        docs,
        renames,
    }))
}

/// `src/events.rs` and `docs/all-events.md` (`docs/events.md` is the `events` namespace), from every namespace's events.
pub fn crate_events(
    templates: &Templates,
    command: &str,
    docs: &mut [EventDoc],
) -> Result<(String, String), TemplateFailure> {
    let source = rust::print_module(command, events::crate_events(docs));
    let markdown = templates.markdown(
        "docs-events.md.j2",
        context! { command => command, events => docs },
    )?;
    Ok((source, markdown))
}

/// `pub mod events;` for `src/lib.rs`, left as printed by `cargo fmt` like `api`.
pub fn crate_mod_item() -> String {
    let mut out = Vec::new();
    let skip = vec![syntax::path_attr(&["rustfmt", "skip"])];
    rust::print_items(&mut out, [syntax::item_mod(skip, "events")].into_iter());
    out.concat()
}
