//! Links between pages resolved once every page is read: each object another page
//! defines becomes one named entity type (`deal`, `user`), shared by every method that
//! returns it, and structurally identical objects share one type.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{Code, Diagnostic, Diags};
use crate::ir::{self, Field, NamedType, Type};

/// Names the built-in shared types take (see `infer::tokens::named_type`).
const BUILT_IN: &[&str] = &["time", "crm_multifield", "uf_enum_element"];

/// Fewer fields than this and an inline object is not worth a shared type.
const MIN_SHARED_FIELDS: usize = 2;

/// Replaces every [`Type::Ref`] of `methods` with the entity it names, turns returned
/// objects identical to an entity into that entity, and returns the entity types.
pub fn resolve(
    methods: &mut [ir::Method],
    mut definitions: Vec<ir::Definition>,
    diags: &mut Diags,
) -> Vec<NamedType> {
    definitions.sort_by(|a, b| a.page.cmp(&b.page));
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, d) in definitions.iter().enumerate() {
        for a in &d.anchors {
            index.entry(super::links::key(&d.page, a)).or_insert(i);
        }
    }
    let mut r = Resolver {
        definitions: &definitions,
        index,
        by_def: HashMap::new(),
        by_shape: HashMap::new(),
        taken: BUILT_IN.iter().map(|s| s.to_string()).collect(),
        types: BTreeMap::new(),
        broken: Vec::new(),
    };
    for m in methods.iter_mut() {
        for p in &mut m.params {
            r.ty(&mut p.ty);
        }
        r.ty(&mut m.response.ty);
        for target in r.broken.drain(..) {
            let msg = format!(
                "`{target}` (a type link) names no field table on that page; the value is left as an object without fields"
            );
            diags.push(Diagnostic {
                code: Code::BrokenAnchor.id(),
                severity: Code::BrokenAnchor.severity(),
                file: m.source.path.clone(),
                line: m.source.line,
                column: 1,
                message: msg,
                source_line: String::new(),
            });
        }
    }
    rows_from_getters(methods, &mut r);
    // A method that describes an entity inline (the page that defines it) returns it.
    for m in methods.iter_mut() {
        r.share(&mut m.response.ty);
    }
    r.types.into_values().collect()
}

struct Resolver<'a> {
    definitions: &'a [ir::Definition],
    index: HashMap<String, usize>,
    /// Definition → entity name.
    by_def: HashMap<usize, String>,
    /// Shape (fields without prose) → entity name.
    by_shape: HashMap<String, String>,
    taken: BTreeSet<String>,
    types: BTreeMap<String, NamedType>,
    /// Targets of the method being resolved that name nothing.
    broken: Vec<String>,
}

impl Resolver<'_> {
    fn ty(&mut self, ty: &mut Type) {
        match ty {
            Type::Ref { target } => {
                let target = std::mem::take(target);
                *ty = match self.entity(&target) {
                    Some(name) => Type::Named { name },
                    None => {
                        self.broken.push(target);
                        Type::Object { fields: Vec::new() }
                    }
                };
            }
            Type::Array { item } | Type::Map { value: item } => self.ty(item),
            Type::Object { fields } => fields.iter_mut().for_each(|f| self.ty(&mut f.ty)),
            _ => {}
        }
    }

    /// The entity `target` names, made on first use.
    fn entity(&mut self, target: &str) -> Option<String> {
        let &i = self.index.get(target)?;
        if let Some(name) = self.by_def.get(&i) {
            return Some(name.clone());
        }
        let def = &self.definitions[i];
        let anchor = target.rsplit_once('#').map_or(target, |(_, a)| a);
        let mut fields = def.fields.clone();
        fields.iter_mut().for_each(facts_only);
        let shape = shape(&fields);
        if let Some(name) = self.by_shape.get(&shape) {
            let name = name.clone();
            self.by_def.insert(i, name.clone());
            return Some(name);
        }
        let name = self.claim(anchor, &def.page);
        // Claimed before its fields are resolved: an entity may contain itself.
        self.by_def.insert(i, name.clone());
        self.by_shape.insert(shape, name.clone());
        for f in &mut fields {
            self.ty(&mut f.ty);
        }
        self.types.insert(
            name.clone(),
            NamedType {
                name: name.clone(),
                description: String::new(),
                ty: Type::Object { fields },
                defined_at: Some(target.to_string()),
            },
        );
        Some(name)
    }

    /// An entity from an object a method describes inline, named `hint` unless the same
    /// shape has a name already.
    fn adopt(&mut self, hint: &str, fields: &[Field], defined_at: &str) -> String {
        let mut bare_fields = fields.to_vec();
        bare_fields.iter_mut().for_each(facts_only);
        let shape = shape(&bare_fields);
        if let Some(name) = self.by_shape.get(&shape) {
            return name.clone();
        }
        let page = defined_at.split_once('#').map_or(defined_at, |(p, _)| p);
        let name = self.claim(hint, page);
        self.by_shape.insert(shape, name.clone());
        self.types.insert(
            name.clone(),
            NamedType {
                name: name.clone(),
                description: String::new(),
                ty: Type::Object {
                    fields: bare_fields,
                },
                defined_at: Some(defined_at.to_string()),
            },
        );
        name
    }

    /// The anchor as the entity's name, or the page's name before it when another
    /// entity has it already.
    fn claim(&mut self, anchor: &str, page: &str) -> String {
        let base = anchor.replace('-', "_");
        let name = if self.taken.contains(&base) {
            let stem = page.rsplit('/').next().unwrap_or(page);
            let stem = stem.trim_end_matches(".md").replace(['-', '.'], "_");
            let mut candidate = format!("{stem}_{base}");
            let mut n = 2;
            while self.taken.contains(&candidate) {
                candidate = format!("{stem}_{base}_{n}");
                n += 1;
            }
            candidate
        } else {
            base
        };
        self.taken.insert(name.clone());
        name
    }

    /// Objects of a result identical to an entity become that entity.
    fn share(&self, ty: &mut Type) {
        match ty {
            Type::Object { fields } if fields.len() >= MIN_SHARED_FIELDS => {
                let mut bare = fields.clone();
                bare.iter_mut().for_each(facts_only);
                if let Some(name) = self.by_shape.get(&shape(&bare)) {
                    *ty = Type::Named { name: name.clone() };
                } else {
                    fields.iter_mut().for_each(|f| self.share(&mut f.ty));
                }
            }
            Type::Object { fields } => fields.iter_mut().for_each(|f| self.share(&mut f.ty)),
            Type::Array { item } | Type::Map { value: item } => self.share(item),
            _ => {}
        }
    }
}

/// A list whose rows the page leaves open (`array`, `object[]`) returns what its
/// sibling getter returns (`crm.lead.list` → `crm.lead.get`): the protocol's list and
/// get methods of one entity share its fields.
fn rows_from_getters(methods: &mut [ir::Method], r: &mut Resolver) {
    let by_name: HashMap<(String, Option<String>), usize> = methods
        .iter()
        .enumerate()
        .map(|(i, m)| ((m.name.to_ascii_lowercase(), m.variant.clone()), i))
        .collect();
    let mut plan = Vec::new();
    for (i, m) in methods.iter().enumerate() {
        let Some((prefix, last)) = m.name.rsplit_once('.') else {
            continue;
        };
        if !matches!(last.to_ascii_lowercase().as_str(), "list" | "getlist") {
            continue;
        }
        let mut response = m.response.ty.clone();
        if !rows(&mut response).is_some_and(|item| is_open(item)) {
            continue;
        }
        let getter = format!("{}.get", prefix.to_ascii_lowercase());
        if let Some(&g) = by_name.get(&(getter, m.variant.clone())) {
            plan.push((
                i,
                g,
                prefix.rsplit('.').next().unwrap_or(prefix).to_string(),
            ));
        }
    }
    for (list, getter, hint) in plan {
        let g = &mut methods[getter];
        let at = format!("{}#{}", g.source.path, g.name);
        let Some(entity) = entity_of(&mut g.response.ty, &hint, &at, r) else {
            continue;
        };
        if let Some(item) = rows(&mut methods[list].response.ty) {
            *item = Type::Named { name: entity };
        }
    }
}

/// The entity a getter returns: its result, or the one object inside a wrapper
/// (`{"task": {…}}`); made an entity when it is still inline.
fn entity_of(ty: &mut Type, hint: &str, at: &str, r: &mut Resolver) -> Option<String> {
    let target = match ty {
        Type::Object { fields } if fields.len() == 1 && is_entity_like(&fields[0].ty) => {
            &mut fields[0].ty
        }
        other => other,
    };
    match target {
        Type::Named { name } if !BUILT_IN.contains(&name.as_str()) => Some(name.clone()),
        Type::Object { fields } if fields.len() >= MIN_SHARED_FIELDS => {
            let name = r.adopt(hint, fields, at);
            *target = Type::Named { name: name.clone() };
            Some(name)
        }
        _ => None,
    }
}

fn is_entity_like(ty: &Type) -> bool {
    matches!(ty, Type::Named { .. })
        || matches!(ty, Type::Object { fields } if fields.len() >= MIN_SHARED_FIELDS)
}

/// Where a list's rows are: the result itself, or its one array member.
fn rows(ty: &mut Type) -> Option<&mut Type> {
    match ty {
        Type::Array { item } => Some(item),
        Type::Object { fields } => {
            let mut arrays = fields
                .iter_mut()
                .filter(|f| matches!(f.ty, Type::Array { .. }));
            let first = arrays.next()?;
            if arrays.next().is_some() {
                return None;
            }
            match &mut first.ty {
                Type::Array { item } => Some(item),
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_open(ty: &Type) -> bool {
    match ty {
        Type::Any => true,
        Type::Object { fields } => fields.is_empty(),
        _ => false,
    }
}

/// A shared type serves many methods, so it carries facts only: names, types, enum
/// values, defaults; no page's descriptions.
fn facts_only(f: &mut Field) {
    f.description.clear();
    f.example = None;
    bare(&mut f.ty);
}

fn bare(ty: &mut Type) {
    match ty {
        Type::Object { fields } => fields.iter_mut().for_each(facts_only),
        Type::Array { item } | Type::Map { value: item } => bare(item),
        Type::Enum(e) => e.values.iter_mut().for_each(|v| v.description.clear()),
        _ => {}
    }
}

/// The structure of an object's fields as one comparable string.
fn shape(fields: &[Field]) -> String {
    serde_json::to_string(fields).unwrap_or_default()
}
