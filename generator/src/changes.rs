//! What changed between two versions of the API, for users of the Rust API: each change
//! classified and marked breaking or not, with the semver bump they call for.
//!
//! Breaking means code written against the old crate may stop compiling or behave
//! differently: a method, parameter, field, enum value or error code removed, a type
//! changed, a parameter turned required or optional (either way the constructor's
//! arguments change), a Rust name changed. Additions are not breaking when existing code
//! is untouched by them: a method, an optional parameter, a response field (responses are
//! read, not built), an enum value or an error code (the enums keep an `Unknown` /
//! `Other` case, so the value already decoded before). A new required parameter is
//! breaking: it joins the constructor.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::emit::name_record::Moved;
use crate::ir;
use crate::surface::{Facts, MethodSurface, Surface};

/// One change to one method (or one Rust name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The method's wire name as the newer side spells it (the older for a removal).
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub kind: Kind,
    /// The parameter or field path, enum value, error code or Rust item concerned.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// What it was and what it is, where a value changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    pub breaking: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    MethodAdded,
    MethodRemoved,
    MethodDeprecated,
    MethodUndeprecated,
    /// The wire name changed only in case: still the same method.
    MethodRespelled,
    ParamAdded,
    ParamRemoved,
    ParamTypeChanged,
    ParamRequired,
    ParamOptional,
    ParamValueAdded,
    ParamValueRemoved,
    ResponseTypeChanged,
    ResponseFieldAdded,
    ResponseFieldRemoved,
    ResponseFieldTypeChanged,
    ResponseValueAdded,
    ResponseValueRemoved,
    ErrorAdded,
    ErrorRemoved,
    /// A Rust name changed (only when regeneration was asked to rename).
    Renamed,
}

/// The semver bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Every change between two versions, in method order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub changes: Vec<Change>,
}

/// Compares two APIs.
pub fn compare_apis(old: &ir::Api, new: &ir::Api) -> Changes {
    compare(&Surface::of(old), &Surface::of(new))
}

/// Compares two surfaces.
pub fn compare(old: &Surface, new: &Surface) -> Changes {
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        old.methods.keys().chain(new.methods.keys()).collect();
    for key in keys {
        match (old.methods.get(key), new.methods.get(key)) {
            (None, Some(n)) => out.push(change(n, Kind::MethodAdded, "", None, None)),
            (Some(o), None) => out.push(change(o, Kind::MethodRemoved, "", None, None)),
            (Some(o), Some(n)) => method(o, n, &mut out),
            (None, None) => {}
        }
    }
    Changes { changes: out }
}

fn method(o: &MethodSurface, n: &MethodSurface, out: &mut Vec<Change>) {
    if o.name != n.name {
        out.push(change(
            n,
            Kind::MethodRespelled,
            "",
            Some(o.name.clone()),
            Some(n.name.clone()),
        ));
    }
    match (o.deprecated, n.deprecated) {
        (false, true) => out.push(change(n, Kind::MethodDeprecated, "", None, None)),
        (true, false) => out.push(change(n, Kind::MethodUndeprecated, "", None, None)),
        _ => {}
    }
    params(n, &o.params, &n.params, out);
    result(n, &o.result, &n.result, out);
    for code in o.errors.difference(&n.errors) {
        out.push(change(n, Kind::ErrorRemoved, code, None, None));
    }
    for code in n.errors.difference(&o.errors) {
        out.push(change(n, Kind::ErrorAdded, code, None, None));
    }
}

fn params(
    m: &MethodSurface,
    old: &BTreeMap<String, Facts>,
    new: &BTreeMap<String, Facts>,
    out: &mut Vec<Change>,
) {
    for (path, o) in old {
        let Some(n) = new.get(path) else {
            // The fields of a removed parameter go with it.
            if !removed_parent(path, new) {
                out.push(change(
                    m,
                    Kind::ParamRemoved,
                    path,
                    Some(o.ty.clone()),
                    None,
                ));
            }
            continue;
        };
        if o.ty != n.ty {
            out.push(change(
                m,
                Kind::ParamTypeChanged,
                path,
                Some(o.ty.clone()),
                Some(n.ty.clone()),
            ));
        }
        if o.required != n.required {
            let kind = if n.required {
                Kind::ParamRequired
            } else {
                Kind::ParamOptional
            };
            out.push(change(m, kind, path, None, None));
        }
        values(
            m,
            path,
            o,
            n,
            Kind::ParamValueAdded,
            Kind::ParamValueRemoved,
            out,
        );
    }
    for (path, n) in new {
        if !old.contains_key(path) && !removed_parent(path, old) {
            let mut c = change(m, Kind::ParamAdded, path, None, Some(n.ty.clone()));
            c.breaking = n.required;
            if n.required {
                c.to = Some(format!("{}, required", n.ty));
            }
            out.push(c);
        }
    }
}

fn result(
    m: &MethodSurface,
    old: &BTreeMap<String, Facts>,
    new: &BTreeMap<String, Facts>,
    out: &mut Vec<Change>,
) {
    for (path, o) in old {
        let Some(n) = new.get(path) else {
            if !removed_parent(path, new) {
                out.push(change(
                    m,
                    Kind::ResponseFieldRemoved,
                    path,
                    Some(o.ty.clone()),
                    None,
                ));
            }
            continue;
        };
        if o.ty != n.ty {
            let kind = if path.is_empty() {
                Kind::ResponseTypeChanged
            } else {
                Kind::ResponseFieldTypeChanged
            };
            out.push(change(
                m,
                kind,
                path,
                Some(o.ty.clone()),
                Some(n.ty.clone()),
            ));
        }
        values(
            m,
            path,
            o,
            n,
            Kind::ResponseValueAdded,
            Kind::ResponseValueRemoved,
            out,
        );
    }
    for (path, n) in new {
        if !old.contains_key(path) && !removed_parent(path, old) {
            out.push(change(
                m,
                Kind::ResponseFieldAdded,
                path,
                None,
                Some(n.ty.clone()),
            ));
        }
    }
}

/// Whether a parent of `path` is missing from `other` or is another type there: the
/// change is then reported once, on the parent.
fn removed_parent(path: &str, other: &BTreeMap<String, Facts>) -> bool {
    parents(path).any(|parent| !other.contains_key(parent))
}

/// `A[].B.C` → `A[].B`, `A`.
fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .rev()
        .filter(|&(_, c)| c == '.')
        .map(move |(i, _)| path[..i].trim_end_matches(['[', ']', '{', '}']))
        .filter(|p| !p.is_empty())
}

fn values(
    m: &MethodSurface,
    path: &str,
    o: &Facts,
    n: &Facts,
    added: Kind,
    removed: Kind,
    out: &mut Vec<Change>,
) {
    for v in o.values.difference(&n.values) {
        out.push(change(m, removed, path, Some(v.clone()), None));
    }
    for v in n.values.difference(&o.values) {
        out.push(change(m, added, path, None, Some(v.clone())));
    }
}

fn change(
    m: &MethodSurface,
    kind: Kind,
    item: &str,
    from: Option<String>,
    to: Option<String>,
) -> Change {
    Change {
        method: m.name.clone(),
        variant: m.variant.clone(),
        kind,
        item: item.to_string(),
        from,
        to,
        breaking: kind.breaking(),
    }
}

impl Kind {
    /// Whether a change of this kind breaks existing code (a new parameter depends on
    /// whether it is required; see [`compare`]).
    pub fn breaking(self) -> bool {
        matches!(
            self,
            Kind::MethodRemoved
                | Kind::ParamRemoved
                | Kind::ParamTypeChanged
                | Kind::ParamRequired
                | Kind::ParamOptional
                | Kind::ParamValueRemoved
                | Kind::ResponseTypeChanged
                | Kind::ResponseFieldRemoved
                | Kind::ResponseFieldTypeChanged
                | Kind::ResponseValueRemoved
                | Kind::ErrorRemoved
                | Kind::Renamed
        )
    }

    /// Whether the change adds something to the API (a minor bump when nothing breaks).
    fn adds(self) -> bool {
        matches!(
            self,
            Kind::MethodAdded
                | Kind::ParamAdded
                | Kind::ParamValueAdded
                | Kind::ResponseFieldAdded
                | Kind::ResponseValueAdded
                | Kind::ErrorAdded
                | Kind::MethodDeprecated
        )
    }
}

impl Changes {
    /// Adds the Rust names that moved; each is breaking.
    pub fn add_renames(&mut self, moves: &[Moved]) {
        self.changes.extend(moves.iter().map(|m| Change {
            method: String::new(),
            variant: None,
            kind: Kind::Renamed,
            item: format!("{} {}", m.scope, m.key),
            from: Some(m.from.clone()),
            to: Some(m.to.clone()),
            breaking: true,
        }));
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }

    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// Methods present on both sides with at least one change, in order.
    pub fn changed_methods(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .changes
            .iter()
            .filter(|c| {
                !matches!(
                    c.kind,
                    Kind::MethodAdded | Kind::MethodRemoved | Kind::Renamed
                )
            })
            .map(|c| c.method.as_str())
            .collect();
        names.dedup();
        names
    }

    pub fn bump(&self) -> Bump {
        if self.changes.iter().any(|c| c.breaking) {
            Bump::Major
        } else if self.changes.iter().any(|c| c.kind.adds()) {
            Bump::Minor
        } else if self.changes.is_empty() {
            Bump::None
        } else {
            Bump::Patch
        }
    }

    /// `+12 methods, -1 method, 3 changed, 1 breaking`.
    pub fn summary(&self) -> String {
        let added = self.of_kind(Kind::MethodAdded).count();
        let removed = self.of_kind(Kind::MethodRemoved).count();
        let mut parts = vec![format!("+{added} {}", plural(added, "method"))];
        if removed > 0 {
            parts.push(format!("-{removed} {}", plural(removed, "method")));
        }
        parts.push(format!("{} changed", self.changed_methods().len()));
        let renamed = self.of_kind(Kind::Renamed).count();
        if renamed > 0 {
            parts.push(format!("{renamed} renamed"));
        }
        parts.push(format!("{} breaking", self.breaking().count()));
        parts.join(", ")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
