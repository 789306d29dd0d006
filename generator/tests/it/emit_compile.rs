//! The emitted crate builds: checked, linted, documented and run in a temporary folder.
//! Slow (a full cargo build), so ignored by default:
//! `cargo test -p b24-codegen --test emit_compile -- --ignored --nocapture`.

use crate::emit_fixtures;

use b24_codegen::emit::{emit, OutputFile};
use b24_codegen::ir::Api;
use emit_fixtures::*;

/// Built against the generated types: the page's example request and lenient answers.
const BEHAVIOUR_TEST: &str = r#"
use bitrix24::api::im::{ChatAdd, ChatAddColor, ChatAddEntityType, ChatAddType, MessageAdd};
use bitrix24::api::tasks::{TaskChatMessageSend, TaskChatMessageSendError, TaskChatMessageSendFields, TaskChatMessageSendResponse};
use bitrix24::method::ErrorCode;
use bitrix24::Method;
use serde_json::json;

#[test]
fn im_chat_add_example_serialises_to_the_page_json() {
    let request = ChatAdd::new()
        .users(vec![103, 547])
        .r#type(ChatAddType::Chat)
        .title("Чат по сделке".into())
        .description("Здесь обсуждаем сделку".into())
        .color(ChatAddColor::Pink)
        .message("Добро пожаловать в чат сделки".into())
        .entity_type(ChatAddEntityType::Crm)
        .entity_id("DEAL|1663".into());
    let page = json!({"USERS":[103, 547],"TYPE":"CHAT","TITLE":"Чат по сделке","DESCRIPTION":"Здесь обсуждаем сделку","COLOR":"PINK","MESSAGE":"Добро пожаловать в чат сделки","ENTITY_TYPE":"CRM","ENTITY_ID":"DEAL|1663"});
    assert_eq!(serde_json::to_value(&request).unwrap(), page);
    assert_eq!(ChatAdd::NAME, "im.chat.add");
}

#[test]
fn yes_no_flags_and_nested_objects() {
    let request = MessageAdd::new("chat13".into(), "Message text".into()).system(false).url_preview(true);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"DIALOG_ID": "chat13", "MESSAGE": "Message text", "SYSTEM": "N", "URL_PREVIEW": "Y"})
    );
    let send = TaskChatMessageSend::new(TaskChatMessageSendFields::new(51, "Сообщение".into()));
    assert_eq!(serde_json::to_value(&send).unwrap(), json!({"fields": {"taskId": 51, "text": "Сообщение"}}));
}

#[test]
fn answers_decode_leniently() {
    let answer: TaskChatMessageSendResponse = serde_json::from_value(json!({"result": "Y", "new": 1})).unwrap();
    assert_eq!(answer.result, Some(true));
    assert_eq!(answer.extra.get("new"), Some(&json!(1)));
    let empty: TaskChatMessageSendResponse = serde_json::from_value(json!([])).unwrap();
    assert_eq!(empty.result, None);
    let color: ChatAddColor = serde_json::from_value(json!("TEAL")).unwrap();
    assert_eq!(color, ChatAddColor::Unknown("TEAL".into()));
    assert_eq!(serde_json::to_value(&color).unwrap(), json!("TEAL"));
}

#[test]
fn error_codes_map_both_ways() {
    assert_eq!(TaskChatMessageSendError::from_code("Bad Request"), TaskChatMessageSendError::BadRequest);
    assert_eq!(TaskChatMessageSendError::from_code("NEW").as_str(), "NEW");
    assert_eq!(TaskChatMessageSendError::Code0.as_str(), "0");
}
"#;

fn combined_api() -> Api {
    let mut api = seed_api();
    let hostile = hostile_api();
    api.methods.extend(hostile.methods);
    api.methods
        .sort_by(|a, b| (&a.name, &a.variant).cmp(&(&b.name, &b.variant)));
    api.types = hostile.types;
    api
}

fn features(files: &[OutputFile]) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            f.path
                .strip_prefix("src/api/")?
                .strip_suffix(".rs")
                .map(str::to_string)
        })
        .filter(|m| m != "mod" && m != "types")
        .collect()
}

fn must(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) {
    let (ok, output, time) = cargo(dir, args, env);
    eprintln!("cargo {} ({:.1} s)", args.join(" "), time.as_secs_f64());
    assert!(ok, "cargo {} failed:\n{output}", args.join(" "));
}

#[test]
#[ignore = "builds a crate: slow"]
fn seed_and_hostile_crate_builds_without_warnings() {
    let files = emit(&combined_api(), &crate_options()).expect("the templates render");
    let dir = write_crate("seeds", &files, &[("tests/behaviour.rs", BEHAVIOUR_TEST)]);
    let deny = [("RUSTFLAGS", "-D warnings")];
    must(
        &dir,
        &["check", "--offline", "--no-default-features"],
        &deny,
    );
    for feature in features(&files) {
        must(
            &dir,
            &[
                "check",
                "--offline",
                "--no-default-features",
                "--features",
                &feature,
            ],
            &deny,
        );
    }
    must(&dir, &["check", "--offline", "--all-features"], &deny);
    must(
        &dir,
        &[
            "clippy",
            "--offline",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    must(
        &dir,
        &["doc", "--offline", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    must(&dir, &["test", "--offline", "--all-features"], &[]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
#[ignore = "builds a crate: slow"]
fn empty_crate_builds_without_warnings() {
    let files = emit(&Api::default(), &crate_options()).expect("the templates render");
    let dir = write_crate("empty", &files, &[]);
    must(
        &dir,
        &["check", "--offline", "--all-features"],
        &[("RUSTFLAGS", "-D warnings")],
    );
    must(
        &dir,
        &[
            "clippy",
            "--offline",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    let _ = std::fs::remove_dir_all(dir);
}
