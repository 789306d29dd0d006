//! Property tests: whatever the IR holds, emitting never panics, every Rust file parses,
//! every identifier is valid and output is deterministic.

use crate::emit_fixtures;

use b24_codegen::emit::{emit_with_report, EmitOptions};
use b24_codegen::ir::*;
use emit_fixtures::field;
use proptest::prelude::*;

/// Names: wire-like, keywords, digits, punctuation, Cyrillic, anything.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z_][A-Za-z0-9_]{0,12}",
        Just("type".to_string()),
        Just("self".to_string()),
        Just("Self".to_string()),
        Just(String::new()),
        "[0-9][a-z0-9 ]{0,4}",
        "[<\\\\\\[\\]\"#*/.{}% -]{1,6}",
        "[а-яА-ЯёЁ_]{1,8}",
        any::<String>(),
    ]
}

/// Prose: Markdown-ish fragments and arbitrary text.
fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop_oneof![
                Just("```".to_string()),
                Just("~~~rust".to_string()),
                Just("\"]".to_string()),
                Just("*/".to_string()),
                Just("#[".to_string()),
                Just("\\".to_string()),
                Just("<script>".to_string()),
                Just("[x](y)".to_string()),
                Just("{% note %}".to_string()),
                Just("- item".to_string()),
                Just("    code".to_string()),
                Just("> quote".to_string()),
                Just("https://e.x/(a".to_string()),
                Just("`".to_string()),
                Just("\n".to_string()),
                "[a-zа-я ]{0,10}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.join(" ")),
    ]
}

fn leaf() -> impl Strategy<Value = Type> {
    prop_oneof![
        Just(Type::String),
        Just(Type::Integer),
        Just(Type::Number),
        Just(Type::Boolean {
            form: BoolForm::YesNo
        }),
        Just(Type::Boolean {
            form: BoolForm::Digit
        }),
        Just(Type::Date),
        Just(Type::File),
        Just(Type::Any),
        name().prop_map(|name| Type::Named { name }),
        prop::collection::vec((name(), prose()), 0..4).prop_map(|values| {
            Type::Enum(EnumType {
                repr: EnumRepr::String,
                values: values
                    .into_iter()
                    .map(|(value, description)| EnumValue { value, description })
                    .collect(),
            })
        }),
    ]
}

fn ty() -> impl Strategy<Value = Type> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|t| Type::Array { item: Box::new(t) }),
            inner.clone().prop_map(|t| Type::Map { value: Box::new(t) }),
            prop::collection::vec((name(), inner, any::<bool>()), 0..4).prop_map(|fields| {
                Type::Object {
                    fields: fields
                        .into_iter()
                        .map(|(n, t, required)| field(&n, t, required, ""))
                        .collect(),
                }
            }),
        ]
    })
}

fn method() -> impl Strategy<Value = Method> {
    (
        name(),
        name(),
        prose(),
        prop::collection::vec((name(), ty(), any::<bool>(), prose()), 0..6),
        ty(),
        prop::collection::vec((name(), prose()), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(namespace, local, text, params, response, errors, deprecated)| Method {
                name: format!("{namespace}.{local}"),
                namespace,
                title: text.clone(),
                summary: text.clone(),
                who_can: Some(text.clone()),
                doc_url: Some(text.clone()),
                scopes: vec![local.clone()],
                params: params
                    .into_iter()
                    .map(|(n, t, required, d)| field(&n, t, required, &d))
                    .collect(),
                response: Response {
                    ty: response,
                    source: ResponseSource::Table,
                    description: text.clone(),
                },
                errors: errors
                    .into_iter()
                    .map(|(code, description)| ErrorCode {
                        code,
                        description,
                        http_status: None,
                    })
                    .collect(),
                deprecated: deprecated.then_some(Deprecation {
                    note: text,
                    replacement: None,
                }),
                ..Method::default()
            },
        )
}

fn api() -> impl Strategy<Value = Api> {
    (
        prop::collection::vec(method(), 1..6),
        prop::collection::vec((name(), ty()), 0..3),
    )
        .prop_map(|(mut methods, types)| {
            methods.sort_by(|a, b| a.name.cmp(&b.name));
            Api {
                events: Vec::new(),
                methods,
                types: types
                    .into_iter()
                    .map(|(name, ty)| NamedType {
                        name,
                        description: String::new(),
                        defined_at: None,
                        ty,
                    })
                    .collect(),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_ir_emits_parseable_deterministic_rust(api in api()) {
        let opts = EmitOptions::default();
        let (files, renames) = emit_with_report(&api, &opts).expect("the templates render");
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            prop_assert!(!file.contents.contains("compile_error!"), "{}", file.contents);
            prop_assert!(syn::parse_file(&file.contents).is_ok(), "{}", file.contents);
        }
        for file in &files {
            prop_assert!(!file.path.is_empty() && !file.path.contains(".."));
        }
        for rename in &renames {
            prop_assert!(syn::parse_str::<syn::Ident>(&rename.rust).is_ok(), "{rename:?}");
        }
        prop_assert_eq!((files, renames), emit_with_report(&api, &opts).expect("the templates render"));
    }
}
