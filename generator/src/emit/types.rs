//! IR types to Rust types. Enums and objects with documented fields become items of the
//! module being emitted, named after the place they appear (`ChatAddColor`).

use super::idents::{Book, Rename, Scope, PRELUDE_TYPES};
use super::model::ObjectDoc;
use super::syntax::{self, generic, named};
use super::{enums, structs};
use crate::ir::{self, Type};
use std::collections::BTreeMap;

/// A Rust type as a syntax tree, and as text for the Markdown reference.
#[derive(Clone)]
pub struct RustType {
    pub ty: syn::Type,
    pub display: String,
    /// Set when the type is an item generated here (an enum or a struct): its name.
    pub item: Option<String>,
    /// Reference entries of the structs made for this type, nested ones first.
    pub objects: Vec<ObjectDoc>,
}

impl RustType {
    fn plain(ty: syn::Type, display: &str) -> Self {
        RustType {
            ty,
            display: display.to_string(),
            item: None,
            objects: Vec::new(),
        }
    }

    /// A type named by a path, displayed as written.
    fn named(segments: &[&str]) -> Self {
        RustType::plain(named(segments), &segments.join("::"))
    }

    pub fn option(&self) -> RustType {
        RustType {
            ty: generic(&["Option"], vec![self.ty.clone()]),
            display: format!("Option<{}>", self.display),
            item: None,
            objects: Vec::new(),
        }
    }
}

/// Which way a generated object travels; decides derives and field shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Sent: `Serialize`, required fields plain, a constructor and setters.
    Request,
    /// Received: lenient decoding, every field optional, unknown fields kept.
    Response,
    /// Shared types, used both ways: both of the above, every field optional.
    Shared,
}

/// Everything emitted into one module.
pub struct ModuleCtx<'a> {
    /// Module path for rename reports (`im`, `types`).
    pub module: String,
    /// Type names taken in the module.
    pub types: Scope,
    /// Rust names of the shared types, by wire name.
    pub named: &'a BTreeMap<String, String>,
    pub items: Vec<syn::Item>,
    pub renames: Vec<Rename>,
    /// The shared alias being defined, while `types.rs` is emitted: an alias cannot
    /// refer to itself, so such a reference is kept as JSON.
    pub current_named: Option<String>,
    /// Recorded names to keep, and the names given (see `name_record`).
    pub book: Book,
}

impl<'a> ModuleCtx<'a> {
    pub fn new(module: &str, named: &'a BTreeMap<String, String>, book: Book) -> Self {
        ModuleCtx {
            module: module.to_string(),
            types: prelude_scope(&book, module),
            named,
            items: Vec::new(),
            renames: Vec::new(),
            current_named: None,
            book,
        }
    }

    /// A scope for names inside the item `label` (`im::ChatAdd`), keeping recorded names.
    pub fn scope(&self, label: String) -> Scope {
        self.book.scope(label)
    }

    /// Claims the name of a method's request struct: its record key is the method's
    /// wire name, so a type of another method composed to the same name never takes it.
    pub fn claim_method(&mut self, key: &str, ident: &str) -> String {
        self.types
            .claim_keyed(&format!("method {key}"), ident, &mut self.renames)
    }

    /// Claims a composed type name (`ChatAddError`) in the module.
    pub fn claim_type(&mut self, ident: &str) -> String {
        self.types.claim_composed(ident, &mut self.renames)
    }

    /// The Rust type for `ty`; `hint` names any item it needs, and `place` says where
    /// the type appears, for that item's docs (``the `TYPE` field of [`ChatAdd`]``).
    pub fn rust_type(&mut self, ty: &Type, hint: &str, place: &str, side: Side) -> RustType {
        match ty {
            Type::String => RustType::named(&["String"]),
            // One type for both: a field labelled a date may carry a time.
            Type::Date | Type::DateTime => RustType::named(&["crate", "wire", "DateTime"]),
            Type::Integer => RustType::named(&["i64"]),
            Type::Number => RustType::named(&["f64"]),
            Type::Boolean { .. } => RustType::named(&["bool"]),
            Type::Null => RustType::plain(syntax::unit(), "()"),
            Type::File | Type::Any => json_value(),
            Type::Filter { .. } => RustType::named(&["crate", "wire", "Filter"]),
            Type::Order { .. } => RustType::named(&["crate", "wire", "Order"]),
            Type::Select { .. } => RustType::named(&["crate", "wire", "Select"]),
            Type::Array { item } => {
                let inner = self.rust_type(item, &format!("{hint}Item"), place, side);
                RustType {
                    objects: inner.objects,
                    ..RustType::plain(
                        generic(&["Vec"], vec![inner.ty]),
                        &format!("Vec<{}>", inner.display),
                    )
                }
            }
            Type::Map { value } => {
                let inner = self.rust_type(value, &format!("{hint}Item"), place, side);
                RustType {
                    objects: inner.objects,
                    ..RustType::plain(
                        generic(
                            &["crate", "wire", "IndexMap"],
                            vec![named(&["String"]), inner.ty],
                        ),
                        &format!("IndexMap<String, {}>", inner.display),
                    )
                }
            }
            // Assembly resolves every link; one left over is an object nobody listed.
            Type::Ref { .. } => open_object(),
            Type::Object { fields } if fields.is_empty() => open_object(),
            Type::Object { fields } => {
                let name = self.claim_type(hint);
                let attrs = structs::StructAttrs {
                    docs: vec![format!("Object in {place}.")],
                    deprecated: None,
                };
                let object = structs::resolve(self, &name, fields, side, attrs);
                self.items.extend(object.items());
                RustType {
                    objects: object.docs(),
                    ..local(&name)
                }
            }
            Type::Enum(enum_type) => {
                let name = self.claim_type(hint);
                let docs = format!("Values of {place}.");
                enums::wire_enum(self, &name, enum_type, docs);
                local(&name)
            }
            Type::Named { name } if self.current_named.as_ref() == Some(name) => json_value(),
            Type::Named { name } => match self.named.get(name) {
                // Shared types may refer to each other (or themselves); a box keeps
                // every such struct finitely large.
                Some(name) if side == Side::Shared => RustType::plain(
                    generic(&["Box"], vec![shared(name)]),
                    &format!("Box<types::{name}>"),
                ),
                Some(name) => RustType::plain(shared(name), &format!("types::{name}")),
                None => json_value(),
            },
        }
    }
}

/// A scope for type names with the prelude's names taken.
pub fn prelude_scope(book: &Book, label: &str) -> Scope {
    let mut scope = book.scope(label);
    scope.reserve(PRELUDE_TYPES);
    scope
}

fn local(name: &str) -> RustType {
    RustType {
        ty: named(&[name]),
        display: name.to_string(),
        item: Some(name.to_string()),
        objects: Vec::new(),
    }
}

fn json_value() -> RustType {
    RustType::named(&["serde_json", "Value"])
}

fn open_object() -> RustType {
    RustType::plain(
        generic(
            &["serde_json", "Map"],
            vec![named(&["String"]), json_value().ty],
        ),
        "serde_json::Map<String, serde_json::Value>",
    )
}

/// `crate::api::types::Name`.
fn shared(name: &str) -> syn::Type {
    named(&["crate", "api", "types", name])
}

/// The wire type as the reference pages describe it.
pub fn wire_type(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Integer => "integer".into(),
        Type::Number => "number".into(),
        Type::Boolean { form } => match form {
            ir::BoolForm::Json => "boolean".into(),
            ir::BoolForm::YesNo => "boolean (Y/N)".into(),
            ir::BoolForm::Digit => "boolean (1/0)".into(),
        },
        Type::Date => "date".into(),
        Type::DateTime => "datetime".into(),
        Type::File => "file".into(),
        Type::Array { item } => format!("array of {}", wire_type(item)),
        Type::Map { value } => format!("map of {}", wire_type(value)),
        Type::Object { .. } => "object".into(),
        Type::Enum(e) => match e.repr {
            ir::EnumRepr::String => "enum (string)".into(),
            ir::EnumRepr::Integer => "enum (integer)".into(),
        },
        Type::Named { name } => name.clone(),
        Type::Ref { .. } => "object".into(),
        Type::Filter { .. } => "filter".into(),
        Type::Order { .. } => "order".into(),
        Type::Select { .. } => "select".into(),
        Type::Null => "null".into(),
        Type::Any => "any".into(),
    }
}
