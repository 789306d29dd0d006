//! Events: one payload type per event in `api::<namespace>::events` (behind the
//! namespace's feature), and the crate-wide `events` module: the `Event` enum over every
//! event with an `Unknown` case, the `EventName` type for `event.bind`/`event.unbind`,
//! and the runtime's receiver re-exported.

use std::collections::BTreeMap;

use quote::quote;
use serde::Serialize;

use super::docs_text;
use super::idents::{self, bare, Book, Case, Origin, Rename, Scope};
use super::model::{FieldRow, ObjectDoc};
use super::name_record::NameRecord;
use super::rust::ModuleText;
use super::structs::{self, StructAttrs};
use super::syntax;
use super::types::{wire_type, ModuleCtx, Side};
use crate::ir::{self, Type};

/// What the reference shows of one event.
#[derive(Debug, Clone, Serialize)]
pub struct EventDoc {
    /// Wire name as sent.
    pub name: String,
    pub documented_name: String,
    /// Payload type, in `api::<module>::events`.
    pub rust: String,
    /// Variant of `Event` and `EventName`; set by [`crate_events`].
    pub variant: String,
    pub module: String,
    pub scopes: Vec<String>,
    pub doc_url: Option<String>,
    pub wire_type: String,
    /// The payload's fields, when it is an object with documented fields.
    pub rows: Vec<FieldRow>,
    /// Objects nested in the payload.
    pub objects: Vec<ObjectDoc>,
}

/// `src/api/<module>/events.rs`: the payload types of one namespace's events.
pub fn namespace_events(
    module: &str,
    events: &[&ir::Event],
    named: &BTreeMap<String, String>,
) -> (ModuleText, Vec<EventDoc>, Vec<Rename>) {
    // Event payload names are not in the names record yet: they are claimed afresh.
    let book = Book::new(std::sync::Arc::new(NameRecord::default()));
    let mut ctx = ModuleCtx::new(&format!("{module}::events"), named, book);
    let names: Vec<String> = events
        .iter()
        .map(|e| {
            let from = ctx.renames.len();
            let name = ctx.types.claim(
                &e.documented_name,
                Case::UpperCamel,
                "Event",
                &mut ctx.renames,
            );
            idents::locate(&mut ctx.renames, from, &Origin::of(&e.source));
            name
        })
        .collect();
    let mut body = Vec::new();
    let mut docs = Vec::new();
    for (event, name) in events.iter().zip(&names) {
        let from = ctx.renames.len();
        let (rows, objects) = payload(&mut ctx, event, name);
        idents::locate(&mut ctx.renames, from, &Origin::of(&event.source));
        ctx.items.push(payload_impl(name, &event.name));
        super::rust::print_items(&mut body, ctx.items.drain(..));
        docs.push(EventDoc {
            name: event.name.clone(),
            documented_name: event.documented_name.clone(),
            rust: name.clone(),
            variant: String::new(),
            module: module.to_string(),
            scopes: event.scopes.clone(),
            doc_url: event.doc_url.clone(),
            wire_type: wire_type(&event.payload),
            rows,
            objects,
        });
    }
    let lines = vec![
        format!(
            "Payloads of the events of the `{module}` namespace: what the portal sends in `data`."
        ),
        String::new(),
        "Each implements [`EventPayload`](crate::events::EventPayload); \
         [`crate::events::Event`] holds any of them."
            .to_string(),
    ];
    let text = ModuleText {
        inner: syntax::docs(&lines, true),
        body,
    };
    (text, docs, ctx.renames)
}

/// The payload type of one event; the rows of its fields.
/// Emits the payload struct; gives its rows and the reference entries of its nested structs.
fn payload(ctx: &mut ModuleCtx, event: &ir::Event, name: &str) -> (Vec<FieldRow>, Vec<ObjectDoc>) {
    let mut docs = vec![format!(
        "Payload (`data`) of the event {}.",
        docs_text::code(&event.name)
    )];
    if let Some(url) = &event.doc_url {
        docs.push(String::new());
        docs.push(format!("Official reference: <{url}>"));
    }
    // Anything but an object with documented fields is read as an object whose keys
    // are all kept in `extra`: `data` is always a keyed array on the PHP side.
    let no_fields = Vec::new();
    let fields = match &event.payload {
        Type::Object { fields } => fields,
        _ => &no_fields,
    };
    let attrs = StructAttrs {
        docs,
        deprecated: None,
    };
    let object = structs::resolve(ctx, name, fields, Side::Response, attrs);
    ctx.items.extend(object.items());
    (object.rows(), object.nested_docs())
}

/// `impl EventPayload for Name { const NAME: &str = "…"; }`.
fn payload_impl(name: &str, wire: &str) -> syn::Item {
    let item = syntax::impl_const("NAME", syntax::static_str(), syntax::str_lit(wire));
    let trait_path = syntax::path(&["crate", "events", "EventPayload"]);
    syntax::item_impl(Vec::new(), Some(trait_path), name, vec![item])
}

/// `src/events.rs`: `Event`, `EventName` and the runtime's receiver. `docs` gets each
/// event's variant name.
pub fn crate_events(docs: &mut [EventDoc]) -> ModuleText {
    let mut scope = Scope::new("events::Event");
    scope.reserve(&["Unknown", "Other"]);
    let mut renames = Vec::new();
    for d in docs.iter_mut() {
        d.variant = scope.claim_composed(bare(&d.rust), &mut renames);
    }
    let cfg = |d: &EventDoc| {
        let feature = &d.module;
        quote!(#[cfg(feature = #feature)])
    };
    let ident = |s: &str| syn::Ident::new(s, proc_macro2::Span::call_site());
    let variants = docs.iter().map(|d| {
        let cfg = cfg(d);
        let v = ident(&d.variant);
        let module = ident(&d.module);
        let ty = ident(&d.rust);
        let doc = format!(" `{}`.", d.name.replace('`', "'"));
        quote!(#[doc = #doc] #cfg #v(Box<crate::api::#module::events::#ty>),)
    });
    let name_variants = docs.iter().map(|d| {
        let cfg = cfg(d);
        let v = ident(&d.variant);
        let doc = format!(" `{}`.", d.name.replace('`', "'"));
        quote!(#[doc = #doc] #cfg #v,)
    });
    let typed = docs.iter().map(|d| {
        let cfg = cfg(d);
        let v = ident(&d.variant);
        let wire = &d.name;
        quote! {
            #cfg
            if name.eq_ignore_ascii_case(#wire) {
                return decode(data, Self::#v);
            }
        }
    });
    let event_names = docs.iter().map(|d| {
        let cfg = cfg(d);
        let v = ident(&d.variant);
        quote!(#cfg Self::#v(_) => EventName::#v,)
    });
    let as_str = docs.iter().map(|d| {
        let cfg = cfg(d);
        let v = ident(&d.variant);
        let wire = &d.name;
        quote!(#cfg Self::#v => #wire,)
    });
    let from_wire = docs.iter().map(|d| {
        let cfg = cfg(d);
        let v = ident(&d.variant);
        let wire = &d.name;
        quote! {
            #cfg
            if name.eq_ignore_ascii_case(#wire) {
                return Self::#v;
            }
        }
    });
    let file: syn::File = syn::parse_quote! {
        pub use bitrix24_runtime::events::*;

        /// Every documented event whose namespace feature is on, decoded from a delivery;
        /// [`Event::Unknown`] keeps any other as it came.
        ///
        /// Read with [`Receiver::receive`]: a genuine event this enum does not know comes
        /// back as [`Error::UnknownEvent`], holding `Event::Unknown`.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event not known here (or whose namespace feature is off), as delivered.
            Unknown {
                name: String,
                data: serde_json::Value,
            },
        }

        impl Event {
            /// The event's name, for `event.bind` and logs.
            pub fn name(&self) -> EventName {
                match self {
                    #(#event_names)*
                    Self::Unknown { name, .. } => EventName::Other(name.clone()),
                }
            }
        }

        impl EventSet for Event {
            #[allow(unused_variables)]
            fn typed(name: &str, data: serde_json::Value) -> Result<Self, Miss> {
                #(#typed)*
                Err(Miss::UnknownName(data))
            }

            fn raw(name: String, data: serde_json::Value) -> Self {
                Self::Unknown { name, data }
            }
        }

        /// The name of an event, as `event.bind` and `event.unbind` take it:
        /// `EventName::OnCrmDealUpdate.to_string()`, or `.into()`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum EventName {
            #(#name_variants)*
            /// Any other name, sent as written.
            Other(String),
        }

        impl EventName {
            /// The name as the portal sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Other(name) => name,
                }
            }

            /// The known name `name` stands for, compared without case.
            pub fn from_wire(name: &str) -> Self {
                #(#from_wire)*
                Self::Other(name.to_string())
            }
        }

        impl std::fmt::Display for EventName {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<EventName> for String {
            fn from(name: EventName) -> String {
                name.as_str().to_string()
            }
        }
    };
    let lines = vec![
        "Incoming events: what the portal posts to a handler bound with `event.bind`.".to_string(),
        String::new(),
        format!(
            "[`Event`] covers the {} documented events, each behind its namespace's feature; \
             [`EventName`] names them for `event.bind` and `event.unbind`; \
             [`Receiver`] (from the runtime) checks a delivery's application token and \
             decodes it.",
            docs.len()
        ),
    ];
    let mut body = Vec::new();
    super::rust::print_items(&mut body, file.items.into_iter());
    ModuleText {
        inner: syntax::docs(&lines, true),
        body,
    }
}
