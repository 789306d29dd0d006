//! Hostile input: names that are not identifiers, doc text that tries to escape its
//! attribute or turn into code, links or HTML. The output must parse, every doc comment
//! must be inert Markdown, and every rename must be reported.

use crate::emit_fixtures;

use b24_codegen::diag::Severity;
use b24_codegen::emit::{emit, emit_with_report, EmitOptions, Rename, RenameReason};
use emit_fixtures::*;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use std::str::FromStr;

fn rust_files() -> Vec<(String, String)> {
    emit(&hostile_api(), &EmitOptions::default())
        .expect("the templates render")
        .into_iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| (f.path, f.contents))
        .collect()
}

/// Consecutive `#[doc]` values, one group per documented item.
fn doc_groups(tokens: TokenStream, groups: &mut Vec<Vec<String>>) {
    let mut current: Vec<String> = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        let doc = match (&tree, iter.peek()) {
            (TokenTree::Punct(p), Some(TokenTree::Group(g))) if p.as_char() == '#' => {
                doc_value(g.stream())
            }
            (TokenTree::Punct(p), Some(TokenTree::Punct(bang)))
                if p.as_char() == '#' && bang.as_char() == '!' =>
            {
                iter.next();
                match iter.peek() {
                    Some(TokenTree::Group(g)) => doc_value(g.stream()),
                    _ => None,
                }
            }
            _ => None,
        };
        match doc {
            Some(line) => {
                iter.next();
                current.push(line);
            }
            None => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
                if let TokenTree::Group(g) = tree {
                    if g.delimiter() != Delimiter::None {
                        doc_groups(g.stream(), groups);
                    }
                }
            }
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
}

/// The text of `doc = "…"`, if that is what the attribute is.
fn doc_value(attr: TokenStream) -> Option<String> {
    let trees: Vec<TokenTree> = attr.into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)]
            if name == "doc" && eq.as_char() == '=' =>
        {
            let lit: syn::LitStr = syn::parse_str(&lit.to_string()).ok()?;
            Some(lit.value())
        }
        _ => None,
    }
}

/// Problems rustdoc would have with one doc comment.
fn doc_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (event, _) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => problems.push(format!("HTML {html:?}")),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                problems.push("indented code block".into())
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() != "text" =>
            {
                problems.push(format!("code block {lang:?}"))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, pulldown_cmark::LinkType::Autolink) => {
                problems.push(format!("link {dest_url:?}"))
            }
            _ => {}
        }
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        problems.push("control character".into());
    }
    problems
}

#[test]
fn hostile_output_parses() {
    for (path, contents) in rust_files() {
        assert!(!contents.contains("compile_error!"), "{path}");
        if let Err(err) = syn::parse_file(&contents) {
            panic!("{path} does not parse: {err}\n{contents}");
        }
    }
}

#[test]
fn hostile_doc_text_stays_inert() {
    let mut checked = 0;
    for (path, contents) in rust_files() {
        let tokens = TokenStream::from_str(&contents).expect("lexes");
        let mut groups = Vec::new();
        doc_groups(tokens, &mut groups);
        for group in groups {
            let text = group.join("\n");
            let problems = doc_problems(&text);
            assert!(problems.is_empty(), "{path}: {problems:?} in\n{text}");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} doc comments found");
}

#[test]
fn doc_checker_catches_what_it_should() {
    assert!(!doc_problems("<script>x</script>").is_empty());
    assert!(!doc_problems("```\nfn main() {}\n```").is_empty());
    assert!(!doc_problems("a\n\n    indented").is_empty());
    assert!(!doc_problems("[x](y.md)").is_empty());
    assert!(doc_problems("```text\n<b>\n```\n\\<b\\> <https://x.y>").is_empty());
}

#[test]
fn hostile_names_become_identifiers() {
    let files = rust_files();
    let type_module = files
        .iter()
        .find(|(p, _)| p == "src/api/type_.rs")
        .map(|(_, c)| c.as_str())
        .unwrap_or("");
    for expected in [
        "pub r#type: String",
        "pub self_: i64",
        "pub self_2: i64",
        "pub super_: i64",
        "pub crate_: i64",
        "pub field_1st: i64",
        "pub kod_polya: Option<String>",
        "pub uf_crm: Option<String>",
        "pub id: Option<String>",
        "pub title2: Option<String>",
        "pub new2: Option<String>",
        "Unknown2,",
        "SelfValue,",
        "Other2,",
        "BadRequest2,",
    ] {
        assert!(type_module.contains(expected), "missing {expected:?}");
    }
    let many = files
        .iter()
        .find(|(p, _)| p == "src/api/crate_.rs")
        .map(|(_, c)| c.as_str())
        .unwrap_or("");
    assert!(many.contains("#[allow(clippy::too_many_arguments)]"));
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (many, type_module) = (flat(many), flat(type_module));
    assert!(
        many.contains(r#"#[serde(rename = "yes", with = "crate::wire::yn")] pub yes: bool"#),
        "{many}"
    );
    assert!(
        many.contains(r#"#[serde(rename = "digit", with = "crate::wire::digit")] pub digit: bool"#)
    );
    assert!(type_module.contains(r#"rename = "IS_ACTIVE", skip_serializing_if = "Option::is_none", with = "crate::wire::yn_opt""#));
    assert!(type_module.contains(r#"#[serde(rename = "type")] pub r#type"#));
    assert!(many.contains("pub empty: serde_json::Map<String, serde_json::Value>"));
    assert!(many.contains("pub rows: Option<Vec<ManyRequiredRowsItem>>"));
    assert!(many.contains("pub shared: Option<crate::api::types::Time>"));
    assert!(type_module.contains("#[allow(clippy::should_implement_trait)] pub fn add("));
    assert!(type_module.contains("#[allow(clippy::wrong_self_convention)] pub fn is_active("));
    assert!(type_module.contains("#[deprecated("));
    assert!(type_module.contains("#[allow(deprecated)] impl crate::Method for SelfMethod"));
}

#[test]
fn renames_are_reported_in_a_stable_order() {
    let (files, renames) =
        emit_with_report(&hostile_api(), &EmitOptions::default()).expect("the templates render");
    let find = |wire: &str, rust: &str| renames.iter().any(|r| r.wire == wire && r.rust == rust);
    assert!(find("1c", "ns_1c"));
    assert!(find("client", "client2"));
    assert!(find("типы", "tipy"));
    assert!(find("ChatAdd", "ChatAdd2"));
    assert!(find("extra", "extra2"));
    assert!(
        find("String", "String2"),
        "a method named like a prelude type"
    );
    assert!(
        find("string", "String2"),
        "a shared type named like a prelude type"
    );
    assert!(find("Option", "Option2"));
    assert!(find("", "field2"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"src/api/ns_1c.rs") && paths.contains(&"docs/tipy.md"));
    let again =
        emit_with_report(&hostile_api(), &EmitOptions::default()).expect("the templates render");
    assert_eq!((files, renames), again);
}

#[test]
fn name_clashes_are_b24n023_notes_at_the_page_and_other_renames_are_not() {
    let (_, renames) =
        emit_with_report(&hostile_api(), &EmitOptions::default()).expect("the templates render");
    let clash = renames
        .iter()
        .find(|r| r.wire == "ChatAdd" && r.rust == "ChatAdd2")
        .expect("the second ChatAdd is renamed");
    assert_eq!(clash.reason, RenameReason::Clash);
    let note = clash.diagnostic().expect("a clash is a note");
    assert_eq!(note.code, "B24N023");
    assert_eq!(note.severity, Severity::Note);
    assert!(note.file.ends_with(".md"), "located at its page: {note:?}");
    assert!(note.message.contains("`ChatAdd2`"), "{}", note.message);
    let keyword = renames
        .iter()
        .find(|r| r.wire == "1c")
        .expect("a leading digit is fixed");
    assert!(!keyword.is_clash() && keyword.diagnostic().is_none());
    let notes = renames.iter().filter_map(Rename::diagnostic).count();
    assert_eq!(notes, renames.iter().filter(|r| r.is_clash()).count());
}

#[test]
fn shared_types_are_always_compiled_and_self_references_stay_finite() {
    let files = emit(&hostile_api(), &EmitOptions::default()).expect("the templates render");
    let api_mod = contents(&files, "src/api/mod.rs");
    assert!(api_mod.contains("pub mod types;"));
    assert!(api_mod.contains("#[cfg(feature = \"type_\")]\npub mod type_;"));
    let types = contents(&files, "src/api/types.rs");
    assert!(types.contains("pub type LangMap = crate::wire::IndexMap<String, String>;"));
    assert!(types.contains("pub next: Option<Box<crate::api::types::SelfRef>>"));
    assert!(types.contains("with = \"crate::wire::yn_opt\""));
    let manifest = contents(&files, "Cargo.toml");
    assert!(manifest.contains(
        "full = [\"client2\", \"crate_\", \"im\", \"methods\", \"ns_1c\", \"tipy\", \"type_\"]"
    ));
}

#[test]
fn markdown_reference_escapes_hostile_text() {
    let files = emit(&hostile_api(), &EmitOptions::default()).expect("the templates render");
    for file in files.iter().filter(|f| f.path.ends_with(".md")) {
        assert!(!file.contents.contains("<script>"), "{}", file.path);
        assert!(file
            .contents
            .starts_with("<!-- Generated by `cargo xtask codegen`"));
    }
    let doc = contents(&files, "docs/type_.md");
    assert!(
        doc.contains("| `<КОД_ПОЛЯ>` | `kod_polya` | `Option<String>` | string | no |"),
        "{doc}"
    );
}
