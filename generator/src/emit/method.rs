//! One REST method: its request struct, response type, error enum and `Method` impl.

use super::docs_text;
use super::docs_text::paragraph;
use super::errors;
use super::idents::{bare, convert, Case};
use super::list;
use super::model::{MethodDoc, ObjectDoc, ResponseDoc};
use super::structs::{self, StructAttrs};
use super::syntax;
use super::types::{wire_type, ModuleCtx, Side};
use crate::ir::{self, Type};
use quote::quote;

/// The request struct's name before collision handling: the wire name without its
/// namespace, in UpperCamelCase (`im.chat.add` in `im` → `ChatAdd`), plus the variant.
pub fn base_name(method: &ir::Method) -> String {
    let name = method.name.as_str();
    let local = match name.split_once('.') {
        Some((first, rest))
            if first.eq_ignore_ascii_case(&method.namespace) && !rest.is_empty() =>
        {
            rest
        }
        _ => name,
    };
    let mut base = bare(&convert(local, Case::UpperCamel, "Method").ident).to_string();
    if let Some(variant) = &method.variant {
        base.push_str(bare(&convert(variant, Case::UpperCamel, "Variant").ident));
    }
    base
}

/// Emits the method whose request struct is named `name` (already claimed).
pub fn emit(ctx: &mut ModuleCtx, method: &ir::Method, name: &str) -> MethodDoc {
    let deprecated = method.deprecated.as_ref().map(deprecation_note);
    // The request struct's docs name the response and error types, so those are named
    // (and built) first, into a list of their own; the file lists the request first.
    let earlier = std::mem::take(&mut ctx.items);
    let (response, rows, mut objects) = response(ctx, method, name);
    let errors = errors::emit(ctx, method, name);
    let error_type = errors.type_name;
    let answer_items = std::mem::replace(&mut ctx.items, earlier);
    let attrs = StructAttrs {
        docs: request_docs(
            method,
            &response.rust_type,
            &error_type,
            errors.uncoded.as_deref(),
        ),
        deprecated: deprecated.clone(),
    };
    let request = structs::resolve(ctx, name, &method.params, Side::Request, attrs);
    ctx.items.extend(request.items());
    let params = request.rows();
    objects.extend(request.nested_docs());
    ctx.items.extend(answer_items);
    method_impl(ctx, method, name, &response.rust_type, &error_type);
    if let Some(paging) = &method.paging {
        list::emit(ctx, method, name, paging, rows);
    }
    MethodDoc {
        name: method.name.clone(),
        rust: name.to_string(),
        variant: method.variant.clone(),
        title: docs_text::inline(&method.title),
        summary: docs_text::doc_lines(&method.summary),
        scopes: method.scopes.clone(),
        who_can: method.who_can.as_deref().map(docs_text::inline),
        deprecated,
        doc_url: method.doc_url.clone().filter(|u| is_plain_url(u)),
        params,
        objects,
        response,
        error_type,
        errors: errors.rows,
        uncoded_errors: errors.uncoded,
    }
}

fn deprecation_note(deprecation: &ir::Deprecation) -> String {
    let mut note = docs_text::inline(&deprecation.note);
    if note.is_empty() {
        note = "Deprecated by the documentation.".to_string();
    }
    if let Some(replacement) = &deprecation.replacement {
        note = format!("{note} Use {} instead.", docs_text::code(replacement));
    }
    note
}

fn request_docs(
    method: &ir::Method,
    response: &str,
    error: &str,
    uncoded: Option<&str>,
) -> Vec<String> {
    let title = docs_text::inline(&method.title);
    let mut lines = vec![if title.is_empty() {
        calls_line(method, response)
    } else {
        title
    }];
    paragraph(&mut lines, docs_text::doc_lines(&method.summary));
    let mut facts = vec![format!("- Method: {}", docs_text::code(&method.name))];
    if !method.aliases.is_empty() {
        let aliases: Vec<String> = method.aliases.iter().map(|a| docs_text::code(a)).collect();
        facts.push(format!("- Also called: {}", aliases.join(", ")));
    }
    if !method.scopes.is_empty() {
        let scopes: Vec<String> = method.scopes.iter().map(|s| docs_text::code(s)).collect();
        facts.push(format!("- Scopes: {}", scopes.join(", ")));
    }
    if let Some(who) = &method.who_can {
        facts.push(format!("- Who may call: {}", docs_text::inline(who)));
    }
    if let Some(url) = method.doc_url.as_deref().filter(|u| is_plain_url(u)) {
        facts.push(format!("- Official reference: <{url}>"));
    }
    facts.push(format!("- Response: [`{response}`], errors: [`{error}`]"));
    if let Some(note) = uncoded {
        facts.push(format!("- {note}"));
    }
    paragraph(&mut lines, facts);
    if let Some(deprecation) = &method.deprecated {
        paragraph(
            &mut lines,
            [format!("Deprecated: {}", deprecation_note(deprecation))],
        );
    }
    lines
}

/// The opening line the project writes for a method whose page gives no title of its
/// own: `` Calls `crm.deal.list` (scope `crm`) and returns [`DealListResponse`]. ``
fn calls_line(method: &ir::Method, response: &str) -> String {
    let scopes: Vec<String> = method.scopes.iter().map(|s| docs_text::code(s)).collect();
    let scope = match scopes.len() {
        0 => String::new(),
        1 => format!(" (scope {})", scopes[0]),
        _ => format!(" (scopes {})", scopes.join(", ")),
    };
    format!(
        "Calls {}{scope} and returns [`{response}`].",
        docs_text::code(&method.name)
    )
}

/// Whether `url` can be written as an autolink.
fn is_plain_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(|c: char| c.is_whitespace() || c.is_control() || "<>`\\\"".contains(c))
}

/// Emits `{name}Response` (a struct, an enum or an alias) and describes it; also says
/// where a list's rows are in it, and gives the reference entries of the structs made.
fn response(
    ctx: &mut ModuleCtx,
    method: &ir::Method,
    name: &str,
) -> (ResponseDoc, list::Rows, Vec<ObjectDoc>) {
    let hint = format!("{name}Response");
    let rows;
    let objects;
    let ty = match &method.response.ty {
        Type::Object { fields } if !fields.is_empty() => {
            let struct_name = ctx.claim_type(&hint);
            let mut docs = vec![format!("What [`{name}`] returns.")];
            paragraph(
                &mut docs,
                docs_text::doc_lines(&method.response.description),
            );
            let attrs = StructAttrs {
                docs,
                deprecated: None,
            };
            let object = structs::resolve(ctx, &struct_name, fields, Side::Response, attrs);
            ctx.items.extend(object.items());
            objects = object.docs();
            let member = method.paging.as_ref().and_then(|p| p.rows.as_deref());
            rows = list::member(member.and_then(|wire| object.field(wire)));
            struct_name
        }
        ty => {
            let place = format!("the result of [`{name}`]");
            let rust = ctx.rust_type(ty, &hint, &place, Side::Response);
            rows = list::whole(&rust.ty);
            objects = rust.objects;
            match rust.item {
                Some(item) => item,
                None => alias(ctx, method, name, &hint, rust.ty),
            }
        }
    };
    let doc = ResponseDoc {
        rust_type: ty,
        wire_type: wire_type(&method.response.ty),
        description: docs_text::doc_lines(&method.response.description),
    };
    (doc, rows, objects)
}

fn alias(
    ctx: &mut ModuleCtx,
    method: &ir::Method,
    name: &str,
    hint: &str,
    ty: syn::Type,
) -> String {
    let alias_name = ctx.claim_type(hint);
    let mut docs = vec![format!("What [`{name}`] returns.")];
    paragraph(
        &mut docs,
        docs_text::doc_lines(&method.response.description),
    );
    let item = syntax::item_type(syntax::docs(&docs, false), &alias_name, ty);
    ctx.items.push(item);
    alias_name
}

fn method_impl(ctx: &mut ModuleCtx, method: &ir::Method, name: &str, response: &str, error: &str) {
    let allow = method
        .deprecated
        .is_some()
        .then(|| syntax::list_attr("allow", quote!(deprecated)));
    // Both are names this module gave (or the crate's fallback error type); should one
    // not be a path, the fallback keeps the impl valid.
    let response: syn::Type =
        syn::parse_str(response).unwrap_or_else(|_| syn::parse_quote!(serde_json::Value));
    let error: syn::Type = syn::parse_str(error)
        .unwrap_or_else(|_| syn::parse_quote!(crate::method::UndocumentedError));
    let scopes = method.scopes.iter().map(|s| syntax::str_lit(s)).collect();
    let mut items = vec![
        syntax::impl_const("NAME", syntax::static_str(), syntax::str_lit(&method.name)),
        syntax::impl_const(
            "SCOPES",
            syntax::static_slice(syntax::static_str()),
            syntax::array_ref(scopes),
        ),
        syntax::impl_const(
            "DEPRECATED",
            syntax::named(&["bool"]),
            syntax::bool_lit(method.deprecated.is_some()),
        ),
        syntax::impl_const(
            "READ_ONLY",
            syntax::named(&["bool"]),
            syntax::bool_lit(method.read_only),
        ),
        syntax::impl_type("Response", response),
        syntax::impl_type("Error", error),
    ];
    // REST 3.0 pages (variant `v3`) are called at `/rest/api/…` with a JSON body.
    if method.variant.as_deref() == Some("v3") {
        items.insert(
            4,
            syntax::impl_const("REST_V3", syntax::named(&["bool"]), syntax::bool_lit(true)),
        );
    }
    let trait_path = syntax::path(&["crate", "Method"]);
    ctx.items.push(syntax::item_impl(
        allow.into_iter().collect(),
        Some(trait_path),
        name,
        items,
    ));
}
