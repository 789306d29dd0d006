//! Enums for fields with a closed set of documented values. Each keeps an `Unknown`
//! variant so a value the documentation does not list still decodes and is sent back
//! unchanged; serde support comes from `crate::wire::enum_serde!`.

use super::docs_text;
use super::docs_text::paragraph;
use super::idents::Case;
use super::syntax::{self, path, Function};
use super::types::ModuleCtx;
use crate::ir::{EnumRepr, EnumType, EnumValue};
use quote::quote;
use std::collections::BTreeSet;

/// Emits the enum `name` into the module.
pub fn wire_enum(ctx: &mut ModuleCtx, name: &str, enum_type: &EnumType, doc: String) {
    let mut scope = ctx.scope(format!("{}::{}", ctx.module, name));
    scope.reserve(&["Unknown"]);
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in &enum_type.values {
        // A value listed twice would make an unreachable match arm.
        if !seen.insert(value.value.as_str()) {
            continue;
        }
        let variant = scope.claim(&value.value, Case::UpperCamel, "Value", &mut ctx.renames);
        variants.push((variant, value));
    }
    let numeric = enum_type.repr == EnumRepr::Integer;
    let defs = variants
        .iter()
        .map(|(variant, value)| {
            let mut lines = docs_text::doc_lines(&value.description);
            paragraph(
                &mut lines,
                [format!("Wire value: {}.", docs_text::code(&value.value))],
            );
            syntax::variant(syntax::docs(&lines, false), variant, false)
        })
        .chain([syntax::variant(
            syntax::docs(
                &["A value the documentation does not list, kept as sent.".to_string()],
                false,
            ),
            "Unknown",
            true,
        )])
        .collect();
    let mut attrs = syntax::docs(&[doc], false);
    attrs.push(syntax::list_attr(
        "derive",
        quote!(Debug, Clone, PartialEq, Eq),
    ));
    ctx.items.push(syntax::item_enum(attrs, name, defs));
    ctx.items.push(wire_enum_impl(name, &variants, numeric));
    ctx.items.push(syntax::item_macro(
        path(&["crate", "wire", "enum_serde"]),
        name,
    ));
}

/// `impl crate::wire::WireEnum`: each variant to its wire value and back.
fn wire_enum_impl(name: &str, variants: &[(String, &EnumValue)], numeric: bool) -> syn::Item {
    let to_wire = variants
        .iter()
        .map(|(variant, value)| {
            (
                syntax::path_pat(path(&["Self", variant])),
                syntax::str_lit(&value.value),
            )
        })
        .chain([(
            syntax::tuple_pat(path(&["Self", "Unknown"]), "value"),
            syntax::var("value"),
        )])
        .collect();
    let as_str = Function {
        attrs: Vec::new(),
        public: false,
        name: "as_str".to_string(),
        args: vec![syntax::ref_self_arg()],
        output: Some(syntax::reference(syntax::named(&["str"]), false)),
        body: vec![syntax::tail(syntax::match_expr(
            syntax::var("self"),
            to_wire,
        ))],
    };
    let from_wire_arms = variants
        .iter()
        .map(|(variant, value)| {
            (
                syntax::str_pat(&value.value),
                syntax::expr_path(path(&["Self", variant])),
            )
        })
        .chain([(
            syntax::wild_pat(),
            syntax::call(
                syntax::expr_path(path(&["Self", "Unknown"])),
                vec![syntax::var("value")],
            ),
        )])
        .collect();
    let subject = syntax::method_call(syntax::var("value"), "as_str", Vec::new());
    let from_wire = Function {
        attrs: Vec::new(),
        public: false,
        name: "from_wire".to_string(),
        args: vec![syntax::arg("value", syntax::named(&["String"]))],
        output: Some(syntax::self_type()),
        body: vec![syntax::tail(syntax::match_expr(subject, from_wire_arms))],
    };
    let numeric = syntax::impl_const(
        "NUMERIC",
        syntax::named(&["bool"]),
        syntax::bool_lit(numeric),
    );
    let items = vec![numeric, as_str.item(), from_wire.item()];
    let trait_path = path(&["crate", "wire", "WireEnum"]);
    syntax::item_impl(Vec::new(), Some(trait_path), name, items)
}
