//! Enums for fields with a closed set of documented values. Each keeps an `Unknown`
//! variant so a value the documentation does not list still decodes and is sent back
//! unchanged; serde support comes from `crate::wire::enum_serde!`.

use super::docs_text;
use super::names::{Case, Scope};
use super::tokens::{doc_attrs, ident};
use super::types::ModuleCtx;
use crate::ir::{EnumRepr, EnumType};
use quote::quote;
use std::collections::BTreeSet;

/// Emits the enum `name` into the module.
pub fn wire_enum(ctx: &mut ModuleCtx, name: &str, enum_type: &EnumType, doc: String) {
    let mut scope = Scope::new(format!("{}::{}", ctx.module, name));
    scope.reserve(&["Unknown"]);
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in &enum_type.values {
        // A value listed twice would make an unreachable match arm.
        if !seen.insert(value.value.as_str()) {
            continue;
        }
        let variant = scope.claim(&value.value, Case::UpperCamel, "Value", &mut ctx.renames);
        variants.push((ident(&variant), value));
    }
    let name_ident = ident(name);
    let numeric = enum_type.repr == EnumRepr::Integer;
    let docs = doc_attrs(&[doc]);
    let defs = variants.iter().map(|(variant, value)| {
        let mut lines = docs_text::doc_lines(&value.description);
        super::tokens::paragraph(
            &mut lines,
            [format!("Wire value: {}.", docs_text::code(&value.value))],
        );
        let docs = doc_attrs(&lines);
        quote!(#docs #variant,)
    });
    let to_wire = variants.iter().map(|(variant, value)| {
        let text = &value.value;
        quote!(Self::#variant => #text,)
    });
    let from_wire = variants.iter().map(|(variant, value)| {
        let text = &value.value;
        quote!(#text => Self::#variant,)
    });
    ctx.items.push(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name_ident {
            #(#defs)*
            /// A value the documentation does not list, kept as sent.
            Unknown(String),
        }

        impl crate::wire::WireEnum for #name_ident {
            const NUMERIC: bool = #numeric;

            fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }

            fn from_wire(value: String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => Self::Unknown(value),
                }
            }
        }

        crate::wire::enum_serde!(#name_ident);
    });
}
