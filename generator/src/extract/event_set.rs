//! The events of one run put together: each placed in the namespace its scope names or,
//! failing that, the namespace of the methods documented beside it; sorted, duplicates
//! reported, the shared types they use added.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Diagnostic, Diags};
use crate::ir;

use super::infer::tokens;

/// Puts the events of one run together with the run's methods and shared types.
pub fn assemble_events(
    events: Vec<ir::Event>,
    methods: &[ir::Method],
    named: &mut Vec<ir::NamedType>,
    diags: &mut Diags,
) -> Vec<ir::Event> {
    let votes = folder_votes(methods);
    let namespaces: BTreeSet<&str> = methods.iter().map(|m| m.namespace.as_str()).collect();
    let mut events = events;
    for e in &mut events {
        // A scope that is also a namespace of methods names the group; otherwise the
        // methods documented beside the event do.
        let by_scope = e
            .scopes
            .first()
            .map(|s| s.to_lowercase())
            .filter(|s| namespaces.contains(s.as_str()));
        if let Some(ns) = by_scope.or_else(|| namespace_beside(&e.source.path, &votes)) {
            e.namespace = ns;
        }
    }
    // Event names are compared without case by the portal.
    events.sort_by(|a, b| {
        (a.name.to_ascii_uppercase(), &a.source.path)
            .cmp(&(b.name.to_ascii_uppercase(), &b.source.path))
    });
    let mut kept: Vec<ir::Event> = Vec::with_capacity(events.len());
    for e in events {
        match kept.last() {
            Some(prev) if prev.name.eq_ignore_ascii_case(&e.name) => diags.push(Diagnostic {
                code: Code::Skipped.id(),
                severity: Code::Skipped.severity(),
                file: e.source.path.clone(),
                line: e.source.line,
                column: 1,
                message: format!(
                    "event `{}` is documented again (first in {}:{}); the first page is kept",
                    e.name, prev.source.path, prev.source.line
                ),
                source_line: String::new(),
            }),
            _ => kept.push(e),
        }
    }
    add_named_types(&kept, named);
    kept
}

/// For every folder holding method pages (at any depth), how many methods of each
/// namespace it holds.
fn folder_votes(methods: &[ir::Method]) -> BTreeMap<&str, BTreeMap<&str, usize>> {
    let mut out: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for m in methods {
        for dir in folders(&m.source.path) {
            *out.entry(dir)
                .or_default()
                .entry(m.namespace.as_str())
                .or_default() += 1;
        }
    }
    out
}

/// The folders above a page, deepest first, the top-level folder of the input excluded:
/// it holds every namespace.
fn folders(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .filter(|&(_, c)| c == '/')
        .map(move |(i, _)| &path[..i])
        .filter(|dir| dir.contains('/'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
}

/// The namespace most methods in the nearest folder with methods belong to.
fn namespace_beside(path: &str, votes: &BTreeMap<&str, BTreeMap<&str, usize>>) -> Option<String> {
    folders(path).find_map(|dir| {
        let counts = votes.get(dir)?;
        // Most methods first; on a tie the first name in order, so output is stable.
        counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(ns, _)| ns.to_string())
    })
}

fn add_named_types(events: &[ir::Event], named: &mut Vec<ir::NamedType>) {
    let mut names = BTreeSet::new();
    for e in events {
        super::assemble::collect_named(&e.payload, &mut names);
    }
    for n in names {
        if named.iter().any(|t| t.name == n) {
            continue;
        }
        if let Some(def) = tokens::named_type(&n) {
            named.push(def);
        }
    }
    named.sort_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(name: &str, ns: &str, path: &str) -> ir::Method {
        ir::Method {
            name: name.into(),
            namespace: ns.into(),
            source: ir::SourceRef {
                path: path.into(),
                line: 1,
            },
            ..ir::Method::default()
        }
    }

    fn event(name: &str, ns: &str, path: &str) -> ir::Event {
        ir::Event {
            name: name.into(),
            documented_name: name.into(),
            namespace: ns.into(),
            source: ir::SourceRef {
                path: path.into(),
                line: 1,
            },
            doc_url: None,
            title: String::new(),
            scopes: Vec::new(),
            payload: ir::Type::Any,
            payload_source: ir::PayloadSource::None,
            example: None,
        }
    }

    #[test]
    fn events_join_the_methods_of_the_nearest_folder() {
        let methods = vec![
            method(
                "crm.deal.add",
                "crm",
                "api-reference/crm/deals/crm-deal-add.md",
            ),
            method(
                "tasks.task.add",
                "tasks",
                "api-reference/tasks/tasks-task-add.md",
            ),
            method(
                "tasks.task.get",
                "tasks",
                "api-reference/tasks/tasks-task-get.md",
            ),
            method(
                "task.item.add",
                "task",
                "api-reference/tasks/task-item-add.md",
            ),
        ];
        let events = vec![
            event(
                "ONTASKADD",
                "task",
                "api-reference/tasks/events/on-task-add.md",
            ),
            event(
                "ONCRMDEALADD",
                "x",
                "api-reference/crm/deals/events/on-add.md",
            ),
            event(
                "ONLONELY",
                "lonely",
                "api-reference/lonely/events/on-lonely.md",
            ),
            event(
                "OnCrmDealAdd",
                "crm",
                "api-reference/crm/deals/events/z-again.md",
            ),
        ];
        let mut diags = Diags::new();
        let mut named = Vec::new();
        let out = assemble_events(events, &methods, &mut named, &mut diags);
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|e| (e.name.as_str(), e.namespace.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("ONCRMDEALADD", "crm"),
                ("ONLONELY", "lonely"),
                ("ONTASKADD", "tasks")
            ]
        );
        assert_eq!(diags.into_sorted().len(), 1);
    }
}
