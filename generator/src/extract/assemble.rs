//! The methods of one run put together: sorted, duplicates reported, links between
//! pages resolved into entity types, the shared named types they use collected.

use std::collections::BTreeSet;

use crate::diag::{Code, Diags};
use crate::ir::{self, Type};

use super::infer::tokens;

/// Puts the methods of one run together: sorted, duplicates reported, shared types
/// collected.
pub fn assemble(
    methods: Vec<ir::Method>,
    definitions: Vec<ir::Definition>,
    diags: &mut Diags,
) -> ir::Api {
    let mut methods = methods;
    // Stable: of two pages documenting one method, the first read stays first.
    methods.sort_by(|a, b| (&a.name, &a.variant).cmp(&(&b.name, &b.variant)));
    let mut kept: Vec<ir::Method> = Vec::with_capacity(methods.len());
    for m in methods {
        match kept.last() {
            Some(prev) if prev.name == m.name && prev.variant == m.variant => {
                let msg = format!(
                    "`{}` is documented again in {}:{} (first in {}:{}); the first page is kept",
                    m.name, m.source.path, m.source.line, prev.source.path, prev.source.line
                );
                diags.push(crate::diag::Diagnostic {
                    code: Code::DuplicateMethod.id(),
                    severity: Code::DuplicateMethod.severity(),
                    file: m.source.path.clone(),
                    line: m.source.line,
                    column: 1,
                    message: msg,
                    source_line: String::new(),
                });
            }
            _ => kept.push(m),
        }
    }
    let entities = super::entities::resolve(&mut kept, definitions, diags);
    let mut names = BTreeSet::new();
    for e in &entities {
        collect_named(&e.ty, &mut names);
    }
    for m in &kept {
        for f in &m.params {
            collect_named(&f.ty, &mut names);
        }
        collect_named(&m.response.ty, &mut names);
    }
    let mut types: Vec<ir::NamedType> = names
        .into_iter()
        .filter_map(|n| tokens::named_type(&n))
        .chain(entities)
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    super::paging::annotate(&mut kept, &types);
    ir::Api {
        methods: kept,
        types,
        events: Vec::new(),
    }
}

/// The shared named types `t` refers to, with those they refer to in turn.
pub(super) fn collect_named(t: &Type, out: &mut BTreeSet<String>) {
    match t {
        Type::Named { name } if out.insert(name.clone()) => {
            if let Some(def) = tokens::named_type(name) {
                collect_named(&def.ty, out);
            }
        }
        Type::Array { item } => collect_named(item, out),
        Type::Map { value } => collect_named(value, out),
        Type::Object { fields } => fields.iter().for_each(|f| collect_named(&f.ty, out)),
        _ => {}
    }
}
