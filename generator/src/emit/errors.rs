//! Error enums: one variant per documented code, and `Other` for the rest.

use super::docs_text;
use super::model::ErrorRow;
use super::names::{Case, Scope};
use super::tokens::{doc_attrs, ident, paragraph};
use super::types::ModuleCtx;
use crate::ir;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// Emits `{name}Error` for documented codes; `UndocumentedError` otherwise.
pub fn emit(ctx: &mut ModuleCtx, method: &ir::Method, name: &str) -> (String, Vec<ErrorRow>) {
    let mut seen = BTreeSet::new();
    let codes: Vec<&ir::ErrorCode> = method
        .errors
        .iter()
        .filter(|e| seen.insert(e.code.as_str()))
        .collect();
    if codes.is_empty() {
        return ("crate::method::UndocumentedError".to_string(), Vec::new());
    }
    let enum_name = ctx.claim_type(&format!("{name}Error"));
    let mut scope = Scope::new(format!("{}::{}", ctx.module, enum_name));
    scope.reserve(&["Other"]);
    let rows: Vec<ErrorRow> = codes
        .iter()
        .map(|e| ErrorRow {
            code: e.code.clone(),
            variant: scope.claim(&e.code, Case::UpperCamel, "Code", &mut ctx.renames),
            http_status: e.http_status,
            description: docs_text::inline(&e.description),
        })
        .collect();
    let item = error_enum(name, &enum_name, &rows, &codes);
    ctx.items.push(item);
    (enum_name, rows)
}

/// The enum and its `ErrorCode` impl; `rows` and `codes` correspond one to one.
fn error_enum(
    name: &str,
    enum_name: &str,
    rows: &[ErrorRow],
    codes: &[&ir::ErrorCode],
) -> TokenStream {
    let variants = rows.iter().zip(codes).map(|(row, e)| {
        let mut lines = docs_text::doc_lines(&e.description);
        let mut fact = format!("Code: {}.", docs_text::code(&e.code));
        if let Some(status) = e.http_status {
            fact.push_str(&format!(" HTTP status: {status}."));
        }
        paragraph(&mut lines, [fact]);
        let docs = doc_attrs(&lines);
        let id = ident(&row.variant);
        quote!(#docs #id,)
    });
    let from_code = rows.iter().map(|row| {
        let code = &row.code;
        let id = ident(&row.variant);
        quote!(#code => Self::#id,)
    });
    let as_str = rows.iter().map(|row| {
        let code = &row.code;
        let id = ident(&row.variant);
        quote!(Self::#id => #code,)
    });
    let id = ident(enum_name);
    let doc = format!(" Error codes documented for [`{name}`].");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #id {
            #(#variants)*
            /// A code the documentation does not list.
            Other(String),
        }

        impl crate::method::ErrorCode for #id {
            fn from_code(code: &str) -> Self {
                match code {
                    #(#from_code)*
                    other => Self::Other(other.to_string()),
                }
            }

            fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Other(code) => code,
                }
            }
        }
    }
}
