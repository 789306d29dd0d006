//! Error enums: one variant per documented code, and `Other` for the rest.

use super::docs_text;
use super::docs_text::paragraph;
use super::idents::Case;
use super::model::ErrorRow;
use super::syntax::{self, path, Function};
use super::types::ModuleCtx;
use crate::ir;
use quote::quote;
use std::collections::BTreeSet;

/// A method's errors as emitted: the error type, a row per code, and a note on the
/// errors documented without a code.
pub struct Errors {
    pub type_name: String,
    pub rows: Vec<ErrorRow>,
    pub uncoded: Option<String>,
}

/// Emits `{name}Error` for documented codes; `UndocumentedError` otherwise. An error
/// documented without a code (the docs' placeholder, empty in the IR) has no variant:
/// the server's answer cannot name it.
pub fn emit(ctx: &mut ModuleCtx, method: &ir::Method, name: &str) -> Errors {
    let mut seen = BTreeSet::new();
    let (uncoded, coded): (Vec<&ir::ErrorCode>, Vec<&ir::ErrorCode>) =
        method.errors.iter().partition(|e| e.code.trim().is_empty());
    let codes: Vec<&ir::ErrorCode> = coded
        .into_iter()
        .filter(|e| seen.insert(e.code.as_str()))
        .collect();
    let uncoded = uncoded_note(&uncoded);
    if codes.is_empty() {
        return Errors {
            type_name: "crate::method::UndocumentedError".to_string(),
            rows: Vec::new(),
            uncoded,
        };
    }
    let enum_name = ctx.claim_type(&format!("{name}Error"));
    let mut scope = ctx.scope(format!("{}::{}", ctx.module, enum_name));
    scope.reserve(&["Other"]);
    let descriptions: Vec<Vec<String>> = codes
        .iter()
        .map(|e| docs_text::doc_lines(&e.description))
        .collect();
    let rows: Vec<ErrorRow> = codes
        .iter()
        .zip(&descriptions)
        .map(|(e, lines)| ErrorRow {
            code: e.code.clone(),
            variant: scope.claim(&e.code, Case::UpperCamel, "Code", &mut ctx.renames),
            http_status: e.http_status,
            description: docs_text::cell_of_lines(lines),
        })
        .collect();
    ctx.items.extend(error_enum(
        name,
        &enum_name,
        &rows,
        descriptions,
        uncoded.as_deref(),
    ));
    Errors {
        type_name: enum_name,
        rows,
        uncoded,
    }
}

/// `Also documented: 4 errors without a code (HTTP status 400).`
fn uncoded_note(uncoded: &[&ir::ErrorCode]) -> Option<String> {
    if uncoded.is_empty() {
        return None;
    }
    let statuses: BTreeSet<u16> = uncoded.iter().filter_map(|e| e.http_status).collect();
    let statuses: Vec<String> = statuses.iter().map(u16::to_string).collect();
    let count = match uncoded.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let status = match statuses.len() {
        0 => String::new(),
        1 => format!(" (HTTP status {})", statuses[0]),
        _ => format!(" (HTTP statuses {})", statuses.join(", ")),
    };
    Some(format!(
        "Also documented: {count} without a code{status}, which no variant can match."
    ))
}

/// The enum and its `ErrorCode` impl; `rows` and `descriptions` (each code's doc
/// lines) correspond one to one.
fn error_enum(
    name: &str,
    enum_name: &str,
    rows: &[ErrorRow],
    descriptions: Vec<Vec<String>>,
    uncoded: Option<&str>,
) -> [syn::Item; 2] {
    let variants = rows
        .iter()
        .zip(descriptions)
        .map(|(row, mut lines)| {
            let mut fact = format!("Code: {}.", docs_text::code(&row.code));
            if let Some(status) = row.http_status {
                fact.push_str(&format!(" HTTP status: {status}."));
            }
            paragraph(&mut lines, [fact]);
            syntax::variant(syntax::docs(&lines, false), &row.variant, false)
        })
        .chain([syntax::variant(
            syntax::docs(
                &["A code the documentation does not list.".to_string()],
                false,
            ),
            "Other",
            true,
        )])
        .collect();
    let mut lines = vec![format!("Error codes documented for [`{name}`].")];
    paragraph(&mut lines, uncoded.map(str::to_string));
    let mut attrs = syntax::docs(&lines, false);
    attrs.push(syntax::list_attr(
        "derive",
        quote!(Debug, Clone, PartialEq, Eq),
    ));
    [
        syntax::item_enum(attrs, enum_name, variants),
        error_code_impl(enum_name, rows),
    ]
}

/// `impl crate::method::ErrorCode`: each variant from its code and back.
fn error_code_impl(enum_name: &str, rows: &[ErrorRow]) -> syn::Item {
    let variant = |name: &str| path(&["Self", name]);
    let from_arms = rows
        .iter()
        .map(|row| {
            (
                syntax::str_pat(&row.code),
                syntax::expr_path(variant(&row.variant)),
            )
        })
        .chain([(
            syntax::binding_pat("other"),
            syntax::call(
                syntax::expr_path(variant("Other")),
                vec![syntax::method_call(
                    syntax::var("other"),
                    "to_string",
                    Vec::new(),
                )],
            ),
        )])
        .collect();
    let str_type = syntax::reference(syntax::named(&["str"]), false);
    let from_code = Function {
        attrs: Vec::new(),
        public: false,
        name: "from_code".to_string(),
        args: vec![syntax::arg("code", str_type.clone())],
        output: Some(syntax::self_type()),
        body: vec![syntax::tail(syntax::match_expr(
            syntax::var("code"),
            from_arms,
        ))],
    };
    let to_arms = rows
        .iter()
        .map(|row| {
            (
                syntax::path_pat(variant(&row.variant)),
                syntax::str_lit(&row.code),
            )
        })
        .chain([(
            syntax::tuple_pat(variant("Other"), "code"),
            syntax::var("code"),
        )])
        .collect();
    let as_str = Function {
        attrs: Vec::new(),
        public: false,
        name: "as_str".to_string(),
        args: vec![syntax::ref_self_arg()],
        output: Some(str_type),
        body: vec![syntax::tail(syntax::match_expr(
            syntax::var("self"),
            to_arms,
        ))],
    };
    let trait_path = path(&["crate", "method", "ErrorCode"]);
    syntax::item_impl(
        Vec::new(),
        Some(trait_path),
        enum_name,
        vec![from_code.item(), as_str.item()],
    )
}
