//! Maintainers' regeneration on real pairs of snapshots made by editing copies of pages:
//! the changelog's figures, Rust names that never move by accident, and corrections.

use std::fs;
use std::path::{Path, PathBuf};

use b24_codegen::changelog;
use b24_codegen::changes::{compare_apis, Kind};
use b24_codegen::diag::Diagnostic;
use b24_codegen::emit::{emit_all, EmitOptions};
use b24_codegen::ir;
use b24_codegen::pipeline::{read_inputs, Inputs};
use b24_codegen::snapshot;
use serde_json::Value;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-changes-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn seed(name: &str) -> String {
    fs::read_to_string(seeds().join(name)).unwrap()
}

/// Replaces `from` (which must be there) in a page.
fn edit(page: &str, from: &str, to: &str) -> String {
    assert!(page.contains(from), "the page has no {from:?}");
    page.replacen(from, to, 1)
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn read_specs(dir: &Path) -> (ir::Api, Vec<Diagnostic>) {
    let combined = read_inputs(&Inputs {
        docs: None,
        specs: dir.to_path_buf(),
    })
    .unwrap();
    (combined.reading.api, combined.reading.diagnostics)
}

/// OLD: three seed pages. NEW: one method added, one removed, one respelled in case,
/// and `im.chat.add` with a type changed, a parameter turned required and an enum value
/// removed.
fn pair() -> (PathBuf, PathBuf) {
    let old = scratch("old");
    let new = scratch("new");
    for name in [
        "im.chat.add.md",
        "im.message.share.md",
        "imopenlines.crm.message.add.md",
    ] {
        write(&old, name, &seed(name));
    }
    let chat = seed("im.chat.add.md");
    let chat = edit(
        &chat,
        "|| **DESCRIPTION**\n[`string`]",
        "|| **DESCRIPTION**\n[`integer`]",
    );
    let chat = edit(&chat, "|| **TITLE**\n", "|| **TITLE***\n");
    let chat = edit(&chat, "- `GRAY` — серый\n", "");
    write(&new, "im.chat.add.md", &chat);
    let openlines = seed("imopenlines.crm.message.add.md")
        .replace("imopenlines.crm.message.add", "imopenlines.CRM.message.add");
    write(&new, "imopenlines.crm.message.add.md", &openlines);
    let added = "tasks.task.chat.message.send.md";
    write(&new, added, &seed(added));
    (old, new)
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect()
}

#[test]
fn every_figure_of_the_changelog_on_an_edited_pair() {
    let (old_dir, new_dir) = pair();
    let old = snapshot::read(&old_dir, &seeds()).unwrap().reading.api;
    let new = snapshot::read(&new_dir, &seeds()).unwrap().reading.api;
    let changes = compare_apis(&old, &new);
    let json = changelog::json(&changes);

    assert_eq!(
        names(&json["methods_added"]),
        ["tasks.task.chat.message.send"]
    );
    assert_eq!(names(&json["methods_removed"]), ["im.message.share"]);
    assert_eq!(
        names(&json["methods_changed"]),
        ["im.chat.add", "imopenlines.CRM.message.add"],
        "{json:#}"
    );
    let breaking: Vec<(&str, &str, &str)> = json["breaking_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["method"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["item"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        breaking,
        [
            ("im.chat.add", "param_value_removed", "COLOR"),
            ("im.chat.add", "param_type_changed", "DESCRIPTION"),
            ("im.chat.add", "param_required", "TITLE"),
            ("im.message.share", "method_removed", ""),
        ],
        "{json:#}"
    );
    let chat = &json["methods_changed"][0]["changes"];
    assert_eq!(chat.as_array().unwrap().len(), 3, "{json:#}");
    assert_eq!(chat[0]["from"], "GRAY");
    assert_eq!(chat[1]["from"], "string");
    assert_eq!(chat[1]["to"], "integer");
    // The case-only rename is one method, respelled, not a removal and an addition.
    let respelled = &json["methods_changed"][1];
    assert_eq!(respelled["breaking"], false);
    assert_eq!(respelled["changes"][0]["kind"], "method_respelled");
    assert_eq!(respelled["changes"].as_array().unwrap().len(), 1);
    assert_eq!(json["semver"], "major");
    assert_eq!(
        json["summary"],
        "+1 method, -1 method, 2 changed, 4 breaking"
    );

    let markdown = changelog::markdown(&changes, "API changes");
    for line in [
        "**+1 method, -1 method, 2 changed, 4 breaking** — suggested semver bump: **major**",
        "### Breaking changes",
        "- `im.chat.add`: parameter `TITLE` is now required",
        "- `im.chat.add`: parameter `COLOR` loses value `GRAY`",
        "### Methods added (1)\n\n- `tasks.task.chat.message.send`",
        "### Methods removed (1)\n\n- `im.message.share`",
        "- wire name respelled `imopenlines.crm.message.add` → `imopenlines.CRM.message.add` (same method)",
    ] {
        assert!(markdown.contains(line), "{line:?} not in\n{markdown}");
    }

    // The same pair the other way round: the additions become breaking removals.
    let back = compare_apis(&new, &old);
    assert_eq!(back.of_kind(Kind::MethodRemoved).count(), 1);
    assert_eq!(back.of_kind(Kind::ParamOptional).count(), 1);
    assert_eq!(back.of_kind(Kind::ParamValueAdded).count(), 1);
    assert!(compare_apis(&old, &old).is_empty());
}

#[test]
fn additions_alone_are_a_minor_bump_and_a_new_required_parameter_breaks() {
    let old = scratch("minor-old");
    let new = scratch("minor-new");
    let chat = seed("im.chat.add.md");
    write(&old, "im.chat.add.md", &chat);
    let optional = edit(
        &chat,
        "|| **DESCRIPTION**\n",
        "|| **NOTE**\n[`string`](../data-types.md) | Новое ||\n|| **DESCRIPTION**\n",
    );
    write(&new, "im.chat.add.md", &optional);
    let (a, _) = read_specs(&old);
    let (b, _) = read_specs(&new);
    let changes = compare_apis(&a, &b);
    assert_eq!(changes.summary(), "+0 methods, 1 changed, 0 breaking");
    assert_eq!(changes.bump().as_str(), "minor");
    let required = edit(&optional, "|| **NOTE**\n", "|| **NOTE***\n");
    write(&new, "im.chat.add.md", &required);
    let (c, _) = read_specs(&new);
    let changes = compare_apis(&a, &c);
    assert_eq!(changes.breaking().count(), 1, "{changes:?}");
    assert_eq!(changes.bump().as_str(), "major");
}

#[test]
fn a_folder_that_is_neither_docs_nor_pages_is_named() {
    let empty = scratch("neither");
    let err = snapshot::read(&empty, &seeds()).unwrap_err();
    assert!(err.contains(&empty.display().to_string()), "{err}");
    assert!(err.contains("neither"), "{err}");
    let missing = empty.join("missing");
    assert!(snapshot::read(&missing, &seeds())
        .unwrap_err()
        .contains("missing"));
}

/// A page for a method whose request struct is named like a type `im.chat.add` already
/// has (`ChatAddColor`, its `COLOR` enum), with fields whose Rust names clash.
const NEWCOMER: &str = "---
method: im.chat.addColor
scope: im
params: {\"type\":\"object\",\"properties\":{\"color\":{\"type\":\"string\"},\"Color\":{\"type\":\"string\"}}}
returns: {\"type\":\"boolean\"}
---

# Цвет im.chat.addColor
";

#[test]
fn a_colliding_page_changes_no_existing_name() {
    let dir = scratch("names");
    write(&dir, "im.chat.add.md", &seed("im.chat.add.md"));
    let (before, _) = read_specs(&dir);
    let first = emit_all(&before, &EmitOptions::default()).expect("the templates render");
    let im = first.names.get("im").unwrap();
    assert_eq!(im["ChatAddColor"], "ChatAddColor");
    assert_eq!(im["method im.chat.add"], "ChatAdd");

    write(&dir, "im.chat.addColor.md", NEWCOMER);
    let (after, _) = read_specs(&dir);
    let opts = EmitOptions {
        names: std::sync::Arc::new(first.names.clone()),
        ..EmitOptions::default()
    };
    let kept = emit_all(&after, &opts).expect("the templates render");
    assert!(first.names.moves(&kept.names).is_empty());
    for (scope, names) in &first.names.scopes {
        for (key, rust) in names {
            assert_eq!(&kept.names.scopes[scope][key], rust, "{scope} {key}");
        }
    }
    let im = kept.names.get("im").unwrap();
    assert_eq!(im["ChatAddColor"], "ChatAddColor");
    assert_eq!(im["method im.chat.addcolor"], "ChatAddColor2");
    let source = &kept
        .files
        .iter()
        .find(|f| f.path == "src/api/im.rs")
        .unwrap()
        .contents;
    assert!(source.contains("pub struct ChatAddColor2 {"));
    assert!(source.contains("pub enum ChatAddColor {"));

    // Without the record the newcomer, named first, would take the incumbent's name.
    let fresh = emit_all(&after, &EmitOptions::default()).expect("the templates render");
    let moved = first.names.moves(&fresh.names);
    assert!(
        moved
            .iter()
            .any(|m| m.key == "ChatAddColor" && m.to == "ChatAddColor2"),
        "{moved:?}"
    );
    // `--rename` gives fresh names and the changes list them.
    let renamed = emit_all(
        &after,
        &EmitOptions {
            rename: true,
            ..opts.clone()
        },
    )
    .expect("the templates render");
    assert_eq!(first.names.moves(&renamed.names), moved);

    // A removed item drops out of the record.
    fs::remove_file(dir.join("im.chat.addColor.md")).unwrap();
    let (gone, _) = read_specs(&dir);
    let again = emit_all(
        &gone,
        &EmitOptions {
            names: std::sync::Arc::new(kept.names.clone()),
            ..EmitOptions::default()
        },
    )
    .expect("the templates render");
    assert!(!again
        .names
        .get("im")
        .unwrap()
        .contains_key("method im.chat.addcolor"));
    assert_eq!(again.names, first.names);
}

#[test]
fn a_new_field_whose_name_clashes_leaves_the_old_one_its_name() {
    let dir = scratch("fields");
    let chat = seed("im.chat.add.md");
    write(&dir, "im.chat.add.md", &chat);
    let (before, _) = read_specs(&dir);
    let first = emit_all(&before, &EmitOptions::default()).expect("the templates render");
    // A newcomer `title` listed before `TITLE`: claimed first, it would take `title`.
    let page = edit(
        &chat,
        "|| **USERS**\n",
        "|| **title**\n[`string`](../data-types.md) | x ||\n|| **USERS**\n",
    );
    write(&dir, "im.chat.add.md", &page);
    let (after, _) = read_specs(&dir);
    let kept = emit_all(
        &after,
        &EmitOptions {
            names: std::sync::Arc::new(first.names.clone()),
            ..EmitOptions::default()
        },
    )
    .expect("the templates render");
    let fields = &kept.names.scopes["im::ChatAdd"];
    assert_eq!(fields["TITLE"], "title");
    assert_eq!(fields["title"], "title2");
    assert!(first.names.moves(&kept.names).is_empty());
}

fn codes(diags: &[Diagnostic]) -> Vec<(&str, u32)> {
    diags
        .iter()
        .filter(|d| d.code.starts_with("B24E025") || d.code >= "B24W026")
        .filter(|d| d.file.contains("fix"))
        .map(|d| (d.code, d.line))
        .collect()
}

#[test]
fn corrections_apply_and_report_what_names_nothing_or_changes_nothing() {
    let dir = scratch("corrections");
    write(&dir, "im.chat.add.md", &seed("im.chat.add.md"));
    write(
        &dir,
        "fix-chat.md",
        "---\ncorrect: IM.chat.add\nparams:\n  DESCRIPTION: {type: integer, required: true}\n  AVATAR: remove\n  SINCE: {type: string}\n  GONE: remove\n  TITLE: {type: string}\nerrors:\n  NOT_THERE: remove\n  WRONG_CODE: add\nresponse: {type: boolean}\n---\n\nWhy, in our own words.\n",
    );
    write(
        &dir,
        "fix-missing.md",
        "---\ncorrect: im.chat.nothing\ndeprecated: true\n---\n",
    );
    write(
        &dir,
        "fix-broken.md",
        "---\ncorrect: im.chat.add\nparams: [1, 2\n---\n",
    );
    write(
        &dir,
        "fix-unknown.md",
        "---\ncorrect: im.chat.add\nparamz: {}\n---\n",
    );
    let (api, diags) = read_specs(&dir);
    assert_eq!(api.methods.len(), 1, "corrections are not pages");
    let m = &api.methods[0];
    let param = |name: &str| m.params.iter().find(|p| p.name == name);
    let description = param("DESCRIPTION").unwrap();
    assert_eq!(description.ty, ir::Type::Integer);
    assert!(description.required);
    assert!(param("AVATAR").is_none());
    assert_eq!(param("SINCE").unwrap().ty, ir::Type::String);
    assert!(m.errors.iter().any(|e| e.code == "WRONG_CODE"));
    assert_eq!(
        m.response.ty,
        ir::Type::Boolean {
            form: ir::BoolForm::Json
        }
    );

    let mut found = codes(&diags);
    found.sort();
    assert_eq!(
        found,
        [
            ("B24E025", 3),  // fix-unknown: `paramz`
            ("B24E025", 4),  // fix-broken: the list never closed, found at the closing line
            ("B24W026", 2),  // fix-missing: no such method
            ("B24W026", 7),  // fix-chat: GONE
            ("B24W026", 10), // fix-chat: NOT_THERE
            ("B24W027", 8),  // fix-chat: TITLE is already a string
        ],
        "{diags:#?}"
    );
    let files: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == "B24W026")
        .map(|d| d.file.as_str())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("fix-missing.md")),
        "{files:?}"
    );
}
