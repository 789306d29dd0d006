//! Events into files: each namespace's payload module and its reference section, the
//! crate-wide `events` module, and `docs/all-events.md` (`docs/events.md` is the `events` namespace).

use std::collections::BTreeMap;

use minijinja::context;

use super::events::{self, EventDoc};
use super::markdown;
use super::model::ModuleDoc;
use super::names::Rename;
use super::rust;
use super::syntax;
use crate::ir;

const NAMESPACE_EVENTS: &str = include_str!("../../templates/docs-namespace-events.md.j2");
const EVENTS_INDEX: &str = include_str!("../../templates/docs-events.md.j2");

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
    api: &ir::Api,
    module: &ModuleDoc,
    named: &BTreeMap<String, String>,
    command: &str,
) -> Option<ModuleEvents> {
    let mine: Vec<&ir::Event> = api
        .events
        .iter()
        .filter(|e| e.namespace == module.namespace)
        .collect();
    if mine.is_empty() {
        return None;
    }
    let (text, docs, renames) = events::namespace_events(&module.module, &mine, named);
    let attrs = syntax::docs(&["Payloads of this namespace's events.".to_string()], false);
    let mut mod_item = Vec::new();
    rust::print_items(
        &mut mod_item,
        [syntax::item_mod(attrs, "events")].into_iter(),
    );
    let markdown = markdown::render_str(
        NAMESPACE_EVENTS,
        context! { module => module.module, events => docs },
    );
    Some(ModuleEvents {
        source: rust::print_module(command, text),
        mod_item: mod_item.concat(),
        markdown,
        docs,
        renames,
    })
}

/// `src/events.rs` and `docs/all-events.md` (`docs/events.md` is the `events` namespace), from every namespace's events.
pub fn crate_events(command: &str, docs: &mut [EventDoc]) -> (String, String) {
    let source = rust::print_module(command, events::crate_events(docs));
    let markdown = markdown::render_str(
        EVENTS_INDEX,
        context! { command => command, events => docs },
    );
    (source, markdown)
}

/// `pub mod events;` for `src/lib.rs`, left as printed by `cargo fmt` like `api`.
pub fn crate_mod_item() -> String {
    let mut out = Vec::new();
    let skip = vec![syntax::path_attr(&["rustfmt", "skip"])];
    rust::print_items(&mut out, [syntax::item_mod(skip, "events")].into_iter());
    out.concat()
}
