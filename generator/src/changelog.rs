//! [`Changes`] written out: Markdown for a pull-request description, JSON for tools.

use serde::Serialize;
use serde_json::json;

use crate::changes::{Change, Changes, Kind};

/// One line of English per change: `parameter `TITLE` is now required`.
pub fn describe(c: &Change) -> String {
    let item = code(&c.item);
    let from = c.from.as_deref().map(code).unwrap_or_default();
    let to = c.to.as_deref().map(code).unwrap_or_default();
    match c.kind {
        Kind::MethodAdded => "method added".to_string(),
        Kind::MethodRemoved => "method removed".to_string(),
        Kind::MethodDeprecated => "method deprecated".to_string(),
        Kind::MethodUndeprecated => "no longer deprecated".to_string(),
        Kind::MethodRespelled => format!("wire name respelled {from} → {to} (same method)"),
        Kind::ParamAdded => format!("parameter {item} added ({})", plain(&c.to)),
        Kind::ParamRemoved => format!("parameter {item} removed"),
        Kind::ParamTypeChanged => format!("parameter {item} type {from} → {to}"),
        Kind::ParamRequired => format!("parameter {item} is now required"),
        Kind::ParamOptional => format!("parameter {item} is now optional"),
        Kind::ParamValueAdded => format!("parameter {item} gains value {to}"),
        Kind::ParamValueRemoved => format!("parameter {item} loses value {from}"),
        Kind::ResponseTypeChanged => format!("response type {from} → {to}"),
        Kind::ResponseFieldAdded => format!("response field {item} added ({})", plain(&c.to)),
        Kind::ResponseFieldRemoved => format!("response field {item} removed"),
        Kind::ResponseFieldTypeChanged => format!("response field {item} type {from} → {to}"),
        Kind::ResponseValueAdded => format!("response field {item} gains value {to}"),
        Kind::ResponseValueRemoved => format!("response field {item} loses value {from}"),
        Kind::ErrorAdded => format!("error code {item} added"),
        Kind::ErrorRemoved => format!("error code {item} removed"),
        Kind::Renamed => format!("Rust name of {item} {from} → {to}"),
    }
}

fn plain(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or("")
}

/// Inline code that survives backticks inside the text.
fn code(text: &str) -> String {
    let text = if text.is_empty() { "(root)" } else { text };
    let mut fence = "`".to_string();
    while text.contains(fence.as_str()) {
        fence.push('`');
    }
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn method_label(c: &Change) -> String {
    match &c.variant {
        Some(v) => format!("{} ({v})", code(&c.method)),
        None => code(&c.method),
    }
}

/// The Markdown changelog.
pub fn markdown(changes: &Changes, title: &str) -> String {
    let mut out = format!(
        "## {title}\n\n**{}** — suggested semver bump: **{}**\n",
        changes.summary(),
        changes.bump().as_str()
    );
    if changes.is_empty() {
        out.push_str("\nNo change to the API.\n");
        return out;
    }
    let breaking: Vec<&Change> = changes.breaking().collect();
    if !breaking.is_empty() {
        out.push_str("\n### Breaking changes\n\n");
        for c in breaking {
            out.push_str(&bullet(c, true));
        }
    }
    for (heading, kind) in [
        ("Methods added", Kind::MethodAdded),
        ("Methods removed", Kind::MethodRemoved),
        ("Methods deprecated", Kind::MethodDeprecated),
    ] {
        let list: Vec<&Change> = changes.of_kind(kind).collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading} ({})\n\n", list.len()));
        for c in list {
            out.push_str(&format!("- {}\n", method_label(c)));
        }
    }
    let changed = per_method(changes);
    if !changed.is_empty() {
        out.push_str(&format!("\n### Methods changed ({})\n", changed.len()));
        for (label, list) in changed {
            out.push_str(&format!("\n#### {label}\n\n"));
            for c in list {
                let mark = if c.breaking { " **(breaking)**" } else { "" };
                out.push_str(&format!("- {}{mark}\n", describe(c)));
            }
        }
    }
    let renamed: Vec<&Change> = changes.of_kind(Kind::Renamed).collect();
    if !renamed.is_empty() {
        out.push_str(&format!("\n### Rust names changed ({})\n\n", renamed.len()));
        for c in renamed {
            out.push_str(&format!("- {}\n", describe(c)));
        }
    }
    out
}

fn bullet(c: &Change, with_method: bool) -> String {
    if with_method && c.kind != Kind::Renamed {
        format!("- {}: {}\n", method_label(c), describe(c))
    } else {
        format!("- {}\n", describe(c))
    }
}

/// Changes of methods present on both sides, grouped by method in order.
fn per_method(changes: &Changes) -> Vec<(String, Vec<&Change>)> {
    let mut groups: Vec<(String, Vec<&Change>)> = Vec::new();
    for c in &changes.changes {
        if matches!(
            c.kind,
            Kind::MethodAdded | Kind::MethodRemoved | Kind::Renamed
        ) {
            continue;
        }
        let label = method_label(c);
        match groups.last_mut() {
            Some((last, list)) if *last == label => list.push(c),
            _ => groups.push((label, vec![c])),
        }
    }
    groups
}

#[derive(Serialize)]
struct MethodEntry<'a> {
    method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<&'a str>,
}

#[derive(Serialize)]
struct ChangedEntry<'a> {
    method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<&'a str>,
    breaking: bool,
    changes: Vec<Described<'a>>,
}

fn described(c: &Change) -> Described<'_> {
    Described {
        change: c,
        text: describe(c),
    }
}

#[derive(Serialize)]
struct Described<'a> {
    #[serde(flatten)]
    change: &'a Change,
    text: String,
}

/// The JSON changelog: `methods_added`, `methods_removed`, `methods_changed`,
/// `breaking_changes` (lists) and `semver` (the suggested bump).
pub fn json(changes: &Changes) -> serde_json::Value {
    let methods = |kind: Kind| -> Vec<MethodEntry> {
        changes
            .of_kind(kind)
            .map(|c| MethodEntry {
                method: &c.method,
                variant: c.variant.as_deref(),
            })
            .collect()
    };
    let mut changed: Vec<ChangedEntry> = Vec::new();
    for (_, list) in per_method(changes) {
        let first = list[0];
        changed.push(ChangedEntry {
            method: &first.method,
            variant: first.variant.as_deref(),
            breaking: list.iter().any(|c| c.breaking),
            changes: list.into_iter().map(described).collect(),
        });
    }
    let breaking: Vec<Described> = changes.breaking().map(described).collect();
    let renamed: Vec<Described> = changes.of_kind(Kind::Renamed).map(described).collect();
    json!({
        "summary": changes.summary(),
        "semver": changes.bump(),
        "methods_added": methods(Kind::MethodAdded),
        "methods_removed": methods(Kind::MethodRemoved),
        "methods_deprecated": methods(Kind::MethodDeprecated),
        "methods_changed": changed,
        "breaking_changes": breaking,
        "renamed": renamed,
    })
}
