//! Structs for objects with documented fields: request structs (derived `Serialize` with
//! each wire name, a constructor and setters taking anything convertible), response
//! objects (read leniently, unknown fields kept) and shared types (both ways: serde
//! attributes, a constructor and setters).

use super::docs_text;
use super::docs_text::paragraph;
use super::idents::{bare, convert, Case};
use super::model::{FieldRow, ObjectDoc};
use super::syntax::{self, path, Function};
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
    /// The description as doc lines, made once for both the Rust docs and the reference.
    description: Vec<String>,
    ident: String,
    ty: RustType,
    optional: bool,
}

/// A struct resolved before anything is rendered: its fields named and typed (nested
/// items already built into the module), its docs ready. The Rust items and the
/// reference rows are both rendered from it, so they always agree.
pub struct Object<'f> {
    name: String,
    side: Side,
    attrs: StructAttrs,
    fields: Vec<Planned<'f>>,
}

/// Resolves the struct `name` with `fields`.
pub fn resolve<'f>(
    ctx: &mut ModuleCtx,
    name: &str,
    fields: &'f [ir::Field],
    side: Side,
    attrs: StructAttrs,
) -> Object<'f> {
    Object {
        name: name.to_string(),
        side,
        fields: plan(ctx, name, fields, side),
        attrs,
    }
}

impl Object<'_> {
    /// The struct and its impls, in the order they are printed.
    pub fn items(&self) -> Vec<syn::Item> {
        match self.side {
            Side::Request => request_struct(&self.name, &self.fields, &self.attrs).into(),
            Side::Response | Side::Shared => {
                received_struct(&self.name, &self.fields, &self.attrs, self.side)
            }
        }
    }

    /// One row per field for the reference page.
    pub fn rows(&self) -> Vec<FieldRow> {
        self.fields.iter().map(row).collect()
    }

    /// Reference entries of the structs made for the fields, nested ones first.
    pub fn nested_docs(&self) -> Vec<ObjectDoc> {
        self.fields
            .iter()
            .flat_map(|p| p.ty.objects.iter().cloned())
            .collect()
    }

    /// [`Object::nested_docs`], then this struct's own entry.
    pub fn docs(&self) -> Vec<ObjectDoc> {
        let mut docs = self.nested_docs();
        docs.push(ObjectDoc {
            name: self.name.clone(),
            rows: self.rows(),
        });
        docs
    }

    /// The Rust name and Rust type (without `Option`) of the field sent as `wire`.
    pub fn field(&self, wire: &str) -> Option<(&str, &syn::Type)> {
        self.fields
            .iter()
            .find(|p| p.field.name == wire)
            .map(|p| (p.ident.as_str(), &p.ty.ty))
    }
}

fn plan<'f>(
    ctx: &mut ModuleCtx,
    name: &str,
    fields: &'f [ir::Field],
    side: Side,
) -> Vec<Planned<'f>> {
    let mut scope = ctx.scope(format!("{}::{}", ctx.module, name));
    match side {
        // `new` is the constructor; a field of that name would clash with its setter.
        Side::Request => scope.reserve(&["new"]),
        Side::Shared => scope.reserve(&["new", "extra"]),
        Side::Response => scope.reserve(&["extra"]),
    }
    fields
        .iter()
        .map(|field| {
            let ident = scope.claim(&field.name, Case::Snake, "field", &mut ctx.renames);
            // Only a field whose type becomes an item of its own needs a name for it.
            let (hint, place) = if makes_item(&field.ty) {
                let camel = convert(&field.name, Case::UpperCamel, "Field").ident;
                (
                    format!("{name}{}", bare(&camel)),
                    format!("the {} field of [`{name}`]", docs_text::code(&field.name)),
                )
            } else {
                (String::new(), String::new())
            };
            let ty = ctx.rust_type(&field.ty, &hint, &place, side);
            let optional = side != Side::Request || !field.required;
            Planned {
                field,
                description: docs_text::doc_lines(&field.description),
                ident,
                ty,
                optional,
            }
        })
        .collect()
}

/// Whether [`ModuleCtx::rust_type`] makes a struct or an enum for `ty`.
fn makes_item(ty: &Type) -> bool {
    match ty {
        Type::Object { fields } => !fields.is_empty(),
        Type::Enum(_) => true,
        Type::Array { item } => makes_item(item),
        Type::Map { value } => makes_item(value),
        _ => false,
    }
}

fn row(p: &Planned) -> FieldRow {
    let description = docs_text::cell_of_lines(&p.description);
    let values = match &p.field.ty {
        // A description that already lists every value is not followed by the list again.
        Type::Enum(e) if !e.values.iter().all(|v| names_value(&description, &v.value)) => e
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
        description,
        values,
    }
}

/// Whether `text` names `value` as code or in quotes.
fn names_value(text: &str, value: &str) -> bool {
    [("`", "`"), ("'", "'"), ("\"", "\""), ("`'", "'`")]
        .iter()
        .any(|(open, close)| text.contains(&format!("{open}{value}{close}")))
}

fn field_type(p: &Planned) -> RustType {
    if p.optional {
        p.ty.option()
    } else {
        p.ty.clone()
    }
}

/// Doc lines of a field: its description, default, example and wire name.
fn field_docs(p: &Planned) -> Vec<String> {
    let field = p.field;
    let mut lines = p.description.clone();
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
fn serde_attr(p: &Planned) -> syn::Attribute {
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
    syntax::list_attr("serde", quote!(rename = #wire #skip #with))
}

/// A struct's fields, each with its docs and, when `serde` is set, its serde attribute.
fn fields(planned: &[Planned], serde: bool) -> Vec<syn::Field> {
    planned
        .iter()
        .map(|p| {
            let mut attrs = syntax::docs(&field_docs(p), false);
            if serde {
                attrs.push(serde_attr(p));
            }
            syntax::struct_field(attrs, &p.ident, field_type(p).ty)
        })
        .collect()
}

/// The struct's docs, then its other attributes.
fn struct_attrs(attrs: &StructAttrs, derive: TokenStream) -> Vec<syn::Attribute> {
    let mut out = syntax::docs(&attrs.docs, false);
    if let Some(note) = &attrs.deprecated {
        out.push(syntax::list_attr("deprecated", quote!(note = #note)));
    }
    out.push(syntax::list_attr("derive", derive));
    out
}

fn request_struct(name: &str, planned: &[Planned], attrs: &StructAttrs) -> [syn::Item; 2] {
    let required: Vec<&Planned> = planned.iter().filter(|p| !p.optional).collect();
    let default = required.is_empty().then(|| quote!(, Default));
    let derive = quote!(Debug, Clone, serde::Serialize #default);
    let item = syntax::item_struct(struct_attrs(attrs, derive), name, fields(planned, true));
    let mut methods = vec![constructor(&required, planned)];
    methods.extend(planned.iter().filter(|p| p.optional).map(setter));
    let allow_deprecated = attrs
        .deprecated
        .as_ref()
        .map(|_| syntax::list_attr("allow", quote!(deprecated)));
    let methods = syntax::item_impl(allow_deprecated.into_iter().collect(), None, name, methods);
    [item, methods]
}

fn constructor(required: &[&Planned], planned: &[Planned]) -> syn::ImplItem {
    if required.is_empty() {
        // Not `Self::default()`: a setter may be named `default`.
        let default = syn::parse_quote!(<Self as ::core::default::Default>::default());
        return Function {
            attrs: syntax::docs(&["Creates it with every field unset.".to_string()], false),
            public: true,
            name: "new".to_string(),
            args: Vec::new(),
            output: Some(syntax::self_type()),
            body: vec![syntax::tail(default)],
        }
        .item();
    }
    let mut attrs = syntax::docs(&["Creates it from its required fields.".to_string()], false);
    if required.len() > CLIPPY_MAX_ARGS {
        attrs.push(syntax::list_attr(
            "allow",
            quote!(clippy::too_many_arguments),
        ));
    }
    let args = required
        .iter()
        .map(|p| syntax::arg(&p.ident, argument_type(p)))
        .collect();
    let inits = planned
        .iter()
        .map(|p| {
            let value = if p.optional {
                syntax::var("None")
            } else {
                conversion(p, syntax::var(&p.ident))
            };
            (p.ident.clone(), Some(value))
        })
        .collect();
    Function {
        attrs,
        public: true,
        name: "new".to_string(),
        args,
        output: Some(syntax::self_type()),
        body: vec![syntax::tail(syntax::self_struct(inits))],
    }
    .item()
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
fn setter_allows(name: &str) -> Option<syn::Attribute> {
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
    (!lints.is_empty()).then(|| syntax::list_attr("allow", quote!(#(#lints),*)))
}

fn setter(p: &Planned) -> syn::ImplItem {
    let doc = format!(" Sets {}.", docs_text::code(&p.field.name));
    let mut attrs = vec![syntax::doc(&doc, false)];
    attrs.extend(setter_allows(bare(&p.ident)));
    let some = syntax::call(
        syntax::var("Some"),
        vec![conversion(p, syntax::var("value"))],
    );
    let set = syntax::assign(syntax::field(syntax::var("self"), &p.ident), some);
    Function {
        attrs,
        public: true,
        name: p.ident.clone(),
        args: vec![
            syntax::self_arg(true),
            syntax::arg("value", argument_type(p)),
        ],
        output: Some(syntax::self_type()),
        body: vec![syntax::stmt(set), syntax::tail(syntax::var("self"))],
    }
    .item()
}

/// What the constructor and a setter take for a field: any collection of convertible
/// items for a list (`.select(["ID", "TITLE"])`), anything convertible otherwise
/// (`.title("x")`). Generic in argument position, so only the calls a user writes are
/// compiled.
fn argument_type(p: &Planned) -> syn::Type {
    match syntax::vec_item(&p.ty.ty) {
        Some(item) => syntax::impl_into_iter(item),
        None => syntax::impl_into(&p.ty.ty),
    }
}

/// `value` as [`argument_type`] takes it, turned into the field's type.
fn conversion(p: &Planned, value: syn::Expr) -> syn::Expr {
    let into = syntax::expr_path(path(&["Into", "into"]));
    match syntax::vec_item(&p.ty.ty) {
        Some(_) => {
            let items = syntax::method_call(value, "into_iter", Vec::new());
            let converted = syntax::method_call(items, "map", vec![into]);
            syntax::method_call(converted, "collect", Vec::new())
        }
        None => syntax::method_call(value, "into", Vec::new()),
    }
}

/// A struct read from answers (and, for shared types, also sent).
fn received_struct(
    name: &str,
    planned: &[Planned],
    attrs: &StructAttrs,
    side: Side,
) -> Vec<syn::Item> {
    let shared = side == Side::Shared;
    let derive = if shared {
        quote!(Debug, Clone, Default, serde::Serialize)
    } else {
        quote!(Debug, Clone)
    };
    let mut fields = fields(planned, shared);
    let mut extra_attrs = syntax::docs(
        &["Fields the documentation does not list.".to_string()],
        false,
    );
    if shared {
        extra_attrs.push(syntax::list_attr("serde", quote!(flatten)));
    }
    fields.push(syntax::struct_field(
        extra_attrs,
        "extra",
        syntax::named(&["crate", "wire", "Map"]),
    ));
    let item = syntax::item_struct(struct_attrs(attrs, derive), name, fields);
    let mut items = vec![item];
    if shared {
        // Shared types are sent too: built like request objects, every field optional.
        let mut methods = vec![constructor(&[], planned)];
        methods.extend(planned.iter().map(setter));
        items.push(syntax::item_impl(Vec::new(), None, name, methods));
    }
    items.push(from_map(name, planned));
    items.push(syntax::item_macro(
        path(&["crate", "wire", "object_serde"]),
        name,
    ));
    items
}

/// `impl crate::wire::Object`: each documented field taken out of the answer's map by
/// its wire name, the rest kept in `extra`.
fn from_map(name: &str, planned: &[Planned]) -> syn::Item {
    let take = || syntax::expr_path(path(&["crate", "wire", "take"]));
    let mut inits: Vec<(String, Option<syn::Expr>)> = planned
        .iter()
        .map(|p| {
            let args = vec![syntax::var("map"), syntax::str_lit(&p.field.name)];
            (p.ident.clone(), Some(syntax::call(take(), args)))
        })
        .collect();
    let mem_take = syntax::expr_path(path(&["std", "mem", "take"]));
    inits.push((
        "extra".to_string(),
        Some(syntax::call(mem_take, vec![syntax::var("map")])),
    ));
    let map_type = syntax::named(&["crate", "wire", "Map"]);
    let map_arg = syntax::arg("map", syntax::reference(map_type, true));
    let function = Function {
        attrs: Vec::new(),
        public: false,
        name: "from_map".to_string(),
        args: vec![map_arg],
        output: Some(syntax::self_type()),
        body: vec![syntax::tail(syntax::self_struct(inits))],
    };
    let object = path(&["crate", "wire", "Object"]);
    syntax::item_impl(Vec::new(), Some(object), name, vec![function.item()])
}
