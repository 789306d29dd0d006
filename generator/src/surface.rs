//! The API surface: the facts of an [`ir::Api`] that users of the Rust API depend on,
//! flattened into sorted maps so two versions compare entry by entry (see [`crate::changes`]).
//!
//! `generated/api-surface.txt` records the surface `generated/` was made from, so that the
//! next regeneration can say what changed without the old inputs. The file is one fact per
//! line, tab-separated (tabs shown as `→`) and sorted, so that its own diff in a pull
//! request reads well:
//!
//! ```text
//! method→im.chat.add
//! deprecated
//! param→TITLE→string→optional
//! param→TYPE→enum (string)→required
//! param-value→TYPE→CHAT
//! result→→integer
//! error→ACCESS_DENIED
//! ```
//!
//! Paths name nested fields: `FIELDS.NAME` (object), `ITEMS[].ID` (array of objects),
//! `MAP{}.ID` (map of objects); the response's own type is at the empty path.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{self, Type};
use crate::tsv::{cells, comment, line};

/// The file in the generated crate that records its surface.
pub const FILE: &str = "api-surface.txt";

/// Every method's surface, by key (see [`method_key`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub methods: BTreeMap<String, MethodSurface>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodSurface {
    /// The wire name as spelled (case kept).
    pub name: String,
    pub variant: Option<String>,
    pub deprecated: bool,
    /// Request parameters and their nested fields, by path.
    pub params: BTreeMap<String, Facts>,
    /// The response type (empty path) and its nested fields, by path.
    pub result: BTreeMap<String, Facts>,
    pub errors: BTreeSet<String>,
}

/// What one parameter or field is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The wire type as the reference pages describe it (`array of integer`).
    pub ty: String,
    /// Always false for response fields: every one of them is read as optional.
    pub required: bool,
    /// Documented values, when the type (or its array items) is an enum.
    pub values: BTreeSet<String>,
}

/// Wire method names are case-insensitive: the key is the lower-cased name, then the
/// variant (`crm.item.add v3`).
pub fn method_key(name: &str, variant: Option<&str>) -> String {
    let mut key = name.to_lowercase();
    if let Some(variant) = variant {
        key.push(' ');
        key.push_str(variant);
    }
    key
}

impl Surface {
    pub fn of(api: &ir::Api) -> Surface {
        let methods = api
            .methods
            .iter()
            .map(|m| (method_key(&m.name, m.variant.as_deref()), method(m)))
            .collect();
        Surface { methods }
    }

    /// The record as written into the generated crate, after `header` (comment lines).
    pub fn render(&self, header: &str) -> String {
        let mut out = String::with_capacity(self.methods.len() * 400);
        comment(&mut out, header);
        for m in self.methods.values() {
            line(
                &mut out,
                &["method", &m.name, m.variant.as_deref().unwrap_or("")],
            );
            if m.deprecated {
                line(&mut out, &["deprecated"]);
            }
            for (path, f) in &m.params {
                let required = if f.required { "required" } else { "optional" };
                line(&mut out, &["param", path, &f.ty, required]);
                for v in &f.values {
                    line(&mut out, &["param-value", path, v]);
                }
            }
            for (path, f) in &m.result {
                line(&mut out, &["result", path, &f.ty]);
                for v in &f.values {
                    line(&mut out, &["result-value", path, v]);
                }
            }
            for e in &m.errors {
                line(&mut out, &["error", e]);
            }
        }
        out
    }

    /// Reads a record back; `Err` names the first line that is not one of ours.
    pub fn parse(text: &str) -> Result<Surface, String> {
        let mut surface = Surface::default();
        let mut current: Option<MethodSurface> = None;
        for (n, raw) in text.lines().enumerate() {
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let cells = cells(raw);
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            let bad = || format!("line {}: not a surface record: {raw:?}", n + 1);
            if cells[0] == "method" {
                if let Some(m) = current.take() {
                    surface.insert(m);
                }
                let variant = Some(cell(2)).filter(|v| !v.is_empty());
                current = Some(MethodSurface {
                    name: cell(1),
                    variant,
                    ..MethodSurface::default()
                });
                continue;
            }
            let m = current.as_mut().ok_or_else(bad)?;
            match cells[0].as_str() {
                "deprecated" => m.deprecated = true,
                "param" => {
                    let facts = m.params.entry(cell(1)).or_default();
                    facts.ty = cell(2);
                    facts.required = cell(3) == "required";
                }
                "param-value" => {
                    m.params.entry(cell(1)).or_default().values.insert(cell(2));
                }
                "result" => m.result.entry(cell(1)).or_default().ty = cell(2),
                "result-value" => {
                    m.result.entry(cell(1)).or_default().values.insert(cell(2));
                }
                "error" => {
                    m.errors.insert(cell(1));
                }
                _ => return Err(bad()),
            }
        }
        if let Some(m) = current {
            surface.insert(m);
        }
        Ok(surface)
    }

    fn insert(&mut self, m: MethodSurface) {
        self.methods
            .insert(method_key(&m.name, m.variant.as_deref()), m);
    }
}

fn method(m: &ir::Method) -> MethodSurface {
    let mut params = BTreeMap::new();
    for p in &m.params {
        field(&mut params, String::new(), p, true);
    }
    let mut result = BTreeMap::new();
    ty(&mut result, String::new(), &m.response.ty, false, false);
    MethodSurface {
        name: m.name.clone(),
        variant: m.variant.clone(),
        deprecated: m.deprecated.is_some(),
        params,
        result,
        // An error documented without a code is nothing a caller can match on.
        errors: m
            .errors
            .iter()
            .filter(|e| !e.code.is_empty())
            .map(|e| e.code.clone())
            .collect(),
    }
}

fn field(out: &mut BTreeMap<String, Facts>, prefix: String, f: &ir::Field, request: bool) {
    let path = format!("{prefix}{}", f.name);
    ty(out, path, &f.ty, request && f.required, request);
}

/// Records `t` at `path`, then the fields of any object inside it.
fn ty(out: &mut BTreeMap<String, Facts>, path: String, t: &Type, required: bool, request: bool) {
    let mut values = BTreeSet::new();
    let mut inner = t;
    let mut nested = path.clone();
    loop {
        match inner {
            Type::Array { item } => {
                inner = item;
                nested.push_str("[]");
            }
            Type::Map { value } => {
                inner = value;
                nested.push_str("{}");
            }
            _ => break,
        }
    }
    match inner {
        Type::Enum(e) => values.extend(e.values.iter().map(|v| v.value.clone())),
        Type::Object { fields } => {
            let prefix = if nested.is_empty() {
                String::new()
            } else {
                format!("{nested}.")
            };
            for f in fields {
                field(out, prefix.clone(), f, request);
            }
        }
        _ => {}
    }
    // A second field of the same name (a page listing one twice) adds its facts to the first.
    let facts = out.entry(path).or_default();
    facts.ty = crate::emit::wire_type(t);
    facts.required |= required;
    facts.values.extend(values);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumRepr, EnumType, EnumValue, Field};

    fn field(name: &str, ty: Type, required: bool) -> Field {
        Field {
            name: name.into(),
            ty,
            required,
            required_known: true,
            description: String::new(),
            example: None,
            default: None,
            revision: None,
        }
    }

    #[test]
    fn a_surface_reads_back_as_written() {
        let color = Type::Enum(EnumType {
            repr: EnumRepr::String,
            values: ["RED", "tab\there"]
                .iter()
                .map(|v| EnumValue {
                    value: v.to_string(),
                    description: String::new(),
                })
                .collect(),
        });
        let m = ir::Method {
            name: "im.chat.Add".into(),
            namespace: "im".into(),
            variant: Some("v3".into()),
            deprecated: Some(ir::Deprecation {
                note: String::new(),
                replacement: None,
            }),
            params: vec![
                field("TITLE", Type::String, true),
                field(
                    "ITEMS",
                    Type::Array {
                        item: Box::new(Type::Object {
                            fields: vec![field("COLOR", color, false)],
                        }),
                    },
                    false,
                ),
            ],
            errors: vec![ir::ErrorCode {
                code: "Bad Request".into(),
                description: String::new(),
                http_status: None,
            }],
            ..ir::Method::default()
        };
        let api = ir::Api {
            methods: vec![m],
            ..ir::Api::default()
        };
        let surface = Surface::of(&api);
        let m = &surface.methods["im.chat.add v3"];
        assert!(m.params["TITLE"].required);
        assert_eq!(m.params["ITEMS"].ty, "array of object");
        assert_eq!(m.params["ITEMS[].COLOR"].values.len(), 2);
        assert_eq!(m.result[""].ty, "any");
        let text = surface.render("made by a test");
        assert!(text.starts_with("# made by a test\nmethod\tim.chat.Add\tv3\n"));
        assert_eq!(Surface::parse(&text), Ok(surface));
        assert!(Surface::parse("param\tX\tstring").is_err());
    }
}
