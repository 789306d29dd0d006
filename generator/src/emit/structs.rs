//! Structs for objects with documented fields: request structs (a constructor, setters,
//! and a compact `Serialize` impl naming each wire name), response objects (read
//! leniently, unknown fields kept) and shared types (both ways, serde attributes).

use super::docs_text;
use super::model::FieldRow;
use super::names::{bare, convert, Case, Scope};
use super::tokens::{braced, doc_attrs, ident, paragraph};
use super::types::{wire_type, ModuleCtx, RustType, Side};
use crate::ir::{self, BoolForm, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// Constructors with more parameters than this trip `clippy::too_many_arguments`.
const CLIPPY_MAX_ARGS: usize = 7;

/// Attributes of the struct itself.
#[derive(Debug, Default)]
pub struct StructAttrs {
    pub docs: Vec<String>,
    /// `#[deprecated]` note, for deprecated methods.
    pub deprecated: Option<String>,
}

/// One field, named and typed.
struct Planned<'f> {
    field: &'f ir::Field,
    ident: String,
    ty: RustType,
    optional: bool,
}

/// Emits the struct `name` into the module and returns its rows for the reference page.
pub fn object(
    ctx: &mut ModuleCtx,
    name: &str,
    fields: &[ir::Field],
    side: Side,
    attrs: StructAttrs,
) -> Vec<FieldRow> {
    let planned = plan(ctx, name, fields, side);
    let item = match side {
        Side::Request => request_struct(name, &planned, &attrs),
        Side::Response | Side::Shared => received_struct(name, &planned, &attrs, side),
    };
    ctx.items.push(item);
    planned.iter().map(row).collect()
}

fn plan<'f>(
    ctx: &mut ModuleCtx,
    name: &str,
    fields: &'f [ir::Field],
    side: Side,
) -> Vec<Planned<'f>> {
    let mut scope = Scope::new(format!("{}::{}", ctx.module, name));
    match side {
        // `new` is the constructor; a field of that name would clash with its setter.
        Side::Request => scope.reserve(&["new"]),
        Side::Response | Side::Shared => scope.reserve(&["extra"]),
    }
    fields
        .iter()
        .map(|field| {
            let ident = scope.claim(&field.name, Case::Snake, "field", &mut ctx.renames);
            let camel = convert(&field.name, Case::UpperCamel, "Field").ident;
            ctx.context = format!("the {} field of [`{name}`]", docs_text::code(&field.name));
            let ty = ctx.rust_type(&field.ty, &format!("{name}{}", bare(&camel)), side);
            let optional = side != Side::Request || !field.required;
            Planned {
                field,
                ident,
                ty,
                optional,
            }
        })
        .collect()
}

fn row(p: &Planned) -> FieldRow {
    let values = match &p.field.ty {
        Type::Enum(e) => e
            .values
            .iter()
            .map(|v| (v.value.clone(), docs_text::cell(&v.description)))
            .collect(),
        _ => Vec::new(),
    };
    FieldRow {
        wire: p.field.name.clone(),
        rust: p.ident.clone(),
        rust_type: field_type(p).display,
        wire_type: wire_type(&p.field.ty),
        required: p.field.required,
        description: docs_text::cell(&p.field.description),
        values,
    }
}

fn field_type(p: &Planned) -> RustType {
    if p.optional {
        p.ty.option()
    } else {
        p.ty.clone()
    }
}

/// Doc lines of a field: its description, default, example and wire name.
fn field_docs(field: &ir::Field) -> Vec<String> {
    let mut lines = docs_text::doc_lines(&field.description);
    let mut facts = Vec::new();
    if let Some(default) = &field.default {
        facts.push(format!("Default: {}.", docs_text::code(default)));
    }
    if let Some(example) = &field.example {
        facts.push(format!("Example: {}.", docs_text::code(example)));
    }
    if let Some(revision) = &field.revision {
        facts.push(format!("Since API revision {}.", docs_text::code(revision)));
    }
    facts.push(format!("Wire name: {}.", docs_text::code(&field.name)));
    let facts = facts.join(" ");
    paragraph(&mut lines, [facts]);
    lines
}

/// `#[serde(...)]` for a sent field (request or shared type): the wire name beside the
/// Rust name, `None` skipped, booleans in the spelling the page documents.
fn serde_attr(p: &Planned) -> TokenStream {
    let wire = &p.field.name;
    let skip = p
        .optional
        .then(|| quote!(, skip_serializing_if = "Option::is_none"));
    let with = match (&p.field.ty, p.optional) {
        (
            Type::Boolean {
                form: BoolForm::YesNo,
            },
            false,
        ) => Some("crate::wire::yn"),
        (
            Type::Boolean {
                form: BoolForm::YesNo,
            },
            true,
        ) => Some("crate::wire::yn_opt"),
        (
            Type::Boolean {
                form: BoolForm::Digit,
            },
            false,
        ) => Some("crate::wire::digit"),
        (
            Type::Boolean {
                form: BoolForm::Digit,
            },
            true,
        ) => Some("crate::wire::digit_opt"),
        _ => None,
    };
    let with = with.map(|path| quote!(, with = #path));
    quote!(#[serde(rename = #wire #skip #with)])
}

fn request_struct(name: &str, planned: &[Planned], attrs: &StructAttrs) -> TokenStream {
    let name_ident = ident(name);
    let docs = doc_attrs(&attrs.docs);
    let deprecated = attrs
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    let allow_deprecated = attrs
        .deprecated
        .as_ref()
        .map(|_| quote!(#[allow(deprecated)]));
    let required: Vec<&Planned> = planned.iter().filter(|p| !p.optional).collect();
    let default = required.is_empty().then(|| quote!(, Default));
    let mut fields = TokenStream::new();
    for p in planned {
        fields.extend(doc_attrs(&field_docs(p.field)));
        fields.extend(serde_attr(p));
        let id = ident(&p.ident);
        let ty = field_type(p).tokens;
        fields.extend(quote!(pub #id: #ty,));
    }
    let fields = braced(fields);
    let mut methods = constructor(&required, planned);
    methods.extend(planned.iter().filter(|p| p.optional).map(setter));
    let methods = braced(methods);
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, serde::Serialize #default)]
        pub struct #name_ident #fields

        #allow_deprecated
        impl #name_ident #methods
    }
}

fn constructor(required: &[&Planned], planned: &[Planned]) -> TokenStream {
    if required.is_empty() {
        return quote! {
            /// Creates it with every field unset.
            pub fn new() -> Self {
                // Not `Self::default()`: a setter may be named `default`.
                <Self as ::core::default::Default>::default()
            }
        };
    }
    let many =
        (required.len() > CLIPPY_MAX_ARGS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let args = required.iter().map(|p| {
        let id = ident(&p.ident);
        let ty = &p.ty.tokens;
        quote!(#id: #ty)
    });
    let inits = planned.iter().map(|p| {
        let id = ident(&p.ident);
        if p.optional {
            quote!(#id: None)
        } else {
            quote!(#id)
        }
    });
    quote! {
        /// Creates it from its required fields.
        #many
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// Method names clippy's `should_implement_trait` reserves for standard traits.
const STD_TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Prefixes clippy's `wrong_self_convention` expects other receivers for.
const CONVENTION_PREFIXES: &[&str] = &["as_", "from_", "into_", "is_", "to_"];

/// Setters are named after wire fields, so a name may look like a trait method or a
/// conversion; the lint is silenced for exactly those setters.
fn setter_allows(name: &str) -> TokenStream {
    let mut lints = Vec::new();
    if STD_TRAIT_METHODS.contains(&name) {
        lints.push(quote!(clippy::should_implement_trait));
    }
    if CONVENTION_PREFIXES
        .iter()
        .any(|prefix| name.starts_with(prefix))
    {
        lints.push(quote!(clippy::wrong_self_convention));
    }
    if lints.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[allow(#(#lints),*)])
    }
}

fn setter(p: &Planned) -> TokenStream {
    let id = ident(&p.ident);
    let ty = &p.ty.tokens;
    let doc = format!(" Sets {}.", docs_text::code(&p.field.name));
    let allows = setter_allows(bare(&p.ident));
    quote! {
        #[doc = #doc]
        #allows
        pub fn #id(mut self, value: #ty) -> Self {
            self.#id = Some(value);
            self
        }
    }
}

/// A struct read from answers (and, for shared types, also sent).
fn received_struct(
    name: &str,
    planned: &[Planned],
    attrs: &StructAttrs,
    side: Side,
) -> TokenStream {
    let name_ident = ident(name);
    let docs = doc_attrs(&attrs.docs);
    let shared = side == Side::Shared;
    let derive = if shared {
        quote!(#[derive(Debug, Clone, Default, serde::Serialize)])
    } else {
        quote!(#[derive(Debug, Clone)])
    };
    let mut fields = TokenStream::new();
    for p in planned {
        fields.extend(doc_attrs(&field_docs(p.field)));
        if shared {
            fields.extend(serde_attr(p));
        }
        let id = ident(&p.ident);
        let ty = field_type(p).tokens;
        fields.extend(quote!(pub #id: #ty,));
    }
    let flatten = shared.then(|| quote!(#[serde(flatten)]));
    fields.extend(quote! {
        /// Fields the documentation does not list.
        #flatten
        pub extra: crate::wire::Map,
    });
    let fields = braced(fields);
    let mut takes = TokenStream::new();
    for p in planned {
        let id = ident(&p.ident);
        let wire = &p.field.name;
        takes.extend(quote!(#id: crate::wire::take(map, #wire),));
    }
    takes.extend(quote!(extra: std::mem::take(map),));
    let takes = braced(takes);
    quote! {
        #docs
        #derive
        pub struct #name_ident #fields

        impl crate::wire::Object for #name_ident {
            fn from_map(map: &mut crate::wire::Map) -> Self {
                Self #takes
            }
        }

        crate::wire::object_serde!(#name_ident);
    }
}
