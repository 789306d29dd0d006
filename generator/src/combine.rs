//! The two inputs made into one API: the official docs, cut down to facts, with the
//! project's own pages (`specs/`) layered over them.
//!
//! - **Facts only.** The official docs' prose belongs to their authors, so an official
//!   method keeps its facts (names, types, required flags, enum values, defaults, error codes
//!   and HTTP statuses, scopes, deprecation and its replacement, pagination, the page URL)
//!   and loses every description, title, summary, "who may call" line, example and note.
//!   The emitters write their own text from those facts.
//! - **Layering.** When `specs/` documents a method the docs document too (same wire name,
//!   compared without case, and same variant), the `specs/` page wins wherever it states a
//!   fact; what it leaves unknown (an untyped parameter, a required flag not stated, a
//!   missing response, a scope list) comes from the official page, and parameters and error
//!   codes only the official page documents are kept. [`ir::Method::layered`] lists what
//!   came from the official page.

use std::collections::BTreeMap;

use crate::ir::{self, Field, Method, Type};

/// Removes the prose of an official method, keeping its facts.
pub fn facts_only(method: &mut Method) {
    method.title.clear();
    method.summary.clear();
    method.who_can = None;
    method.examples.clear();
    method.response.description.clear();
    if let Some(d) = &mut method.deprecated {
        d.note.clear();
    }
    for e in &mut method.errors {
        e.description.clear();
    }
    for f in &mut method.params {
        field_facts_only(f);
    }
    type_facts_only(&mut method.response.ty);
}

fn field_facts_only(field: &mut Field) {
    field.description.clear();
    field.example = None;
    type_facts_only(&mut field.ty);
}

fn type_facts_only(ty: &mut Type) {
    match ty {
        Type::Object { fields } => fields.iter_mut().for_each(field_facts_only),
        Type::Array { item } | Type::Map { value: item } => type_facts_only(item),
        Type::Enum(e) => e.values.iter_mut().for_each(|v| v.description.clear()),
        _ => {}
    }
}

/// Removes the prose of an official event, keeping its facts. The delivery example's
/// `data` is a JSON shape and stays; it never reaches the generated crate.
pub fn event_facts_only(event: &mut ir::Event) {
    event.title.clear();
    type_facts_only(&mut event.payload);
}

/// One API from the official methods (already facts only) and the `specs/` methods.
pub fn combine(official: ir::Api, specs: ir::Api) -> ir::Api {
    let mut by_key: BTreeMap<(String, Option<String>), Method> =
        official.methods.into_iter().map(|m| (key(&m), m)).collect();
    for spec in specs.methods {
        let layered = match by_key.remove(&key(&spec)) {
            Some(official) => layer(spec, &official),
            None => spec,
        };
        by_key.insert(key(&layered), layered);
    }
    let mut methods: Vec<Method> = by_key.into_values().collect();
    methods.sort_by(|a, b| (&a.name, &a.variant).cmp(&(&b.name, &b.variant)));
    let mut types: BTreeMap<String, ir::NamedType> = official
        .types
        .into_iter()
        .map(|t| (t.name.clone(), t))
        .collect();
    types.extend(specs.types.into_iter().map(|t| (t.name.clone(), t)));
    ir::Api {
        methods,
        types: types.into_values().collect(),
        events: combine_events(official.events, specs.events),
    }
}

/// A `specs/` page for an event replaces the official page of the same event (names
/// compared without case) whole: an event has too few facts for layering to pay.
fn combine_events(official: Vec<ir::Event>, specs: Vec<ir::Event>) -> Vec<ir::Event> {
    let mut by_name: BTreeMap<String, ir::Event> = official
        .into_iter()
        .map(|e| (e.name.to_ascii_uppercase(), e))
        .collect();
    for e in specs {
        by_name.insert(e.name.to_ascii_uppercase(), e);
    }
    by_name.into_values().collect()
}

/// Wire method names are case-insensitive.
fn key(m: &Method) -> (String, Option<String>) {
    (m.name.to_ascii_lowercase(), m.variant.clone())
}

/// `spec` over `official`: what `spec` states wins, the rest comes from `official`.
pub fn layer(mut spec: Method, official: &Method) -> Method {
    let mut from = Vec::new();
    if spec.scopes.is_empty() && !official.scopes.is_empty() {
        spec.scopes = official.scopes.clone();
        from.push("scopes".to_string());
    }
    if spec.deprecated.is_none() && official.deprecated.is_some() {
        spec.deprecated = official.deprecated.clone();
        from.push("deprecation".to_string());
    }
    if spec.doc_url.is_none() && official.doc_url.is_some() {
        spec.doc_url = official.doc_url.clone();
        from.push("official page URL".to_string());
    }
    if spec.pagination == ir::Pagination::Unknown && official.pagination != spec.pagination {
        spec.pagination = official.pagination;
        from.push("pagination".to_string());
    }
    if spec.rate_limit_per_sec.is_none() && official.rate_limit_per_sec.is_some() {
        spec.rate_limit_per_sec = official.rate_limit_per_sec;
        from.push("rate limit".to_string());
    }
    for alias in &official.aliases {
        if !spec.aliases.contains(alias) {
            spec.aliases.push(alias.clone());
            from.push(format!("alias {alias}"));
        }
    }
    fields(&mut spec.params, &official.params, "param ", &mut from);
    response(&mut spec.response, &official.response, &mut from);
    errors(&mut spec.errors, &official.errors, &mut from);
    spec.layered = Some(ir::Layering {
        official: official.source.clone(),
        from_official: from,
    });
    spec
}

fn response(spec: &mut ir::Response, official: &ir::Response, from: &mut Vec<String>) {
    let unknown = spec.source == ir::ResponseSource::None || matches!(spec.ty, Type::Any);
    if unknown && official.source != ir::ResponseSource::None {
        spec.ty = official.ty.clone();
        spec.source = official.source;
        from.push("response".to_string());
    } else {
        ty(&mut spec.ty, &official.ty, "response", from);
    }
}

fn errors(spec: &mut Vec<ir::ErrorCode>, official: &[ir::ErrorCode], from: &mut Vec<String>) {
    for o in official {
        match spec.iter_mut().find(|e| e.code == o.code) {
            Some(e) if e.http_status.is_none() && o.http_status.is_some() => {
                e.http_status = o.http_status;
                from.push(format!("error {}: HTTP status", o.code));
            }
            Some(_) => {}
            None => {
                spec.push(o.clone());
                from.push(format!("error {}", o.code));
            }
        }
    }
}

/// Layers the fields of one object; `prefix` names the object in the record.
fn fields(spec: &mut Vec<Field>, official: &[Field], prefix: &str, from: &mut Vec<String>) {
    for o in official {
        let found = spec.iter().position(|f| f.name == o.name).or_else(|| {
            spec.iter()
                .position(|f| f.name.eq_ignore_ascii_case(&o.name))
        });
        match found {
            Some(i) => field(&mut spec[i], o, &format!("{prefix}{}", o.name), from),
            None => {
                spec.push(o.clone());
                from.push(format!("{prefix}{}", o.name));
            }
        }
    }
}

fn field(spec: &mut Field, official: &Field, name: &str, from: &mut Vec<String>) {
    if !spec.required_known && official.required_known {
        spec.required = official.required;
        spec.required_known = true;
        from.push(format!("{name}: required"));
    }
    if spec.default.is_none() && official.default.is_some() {
        spec.default = official.default.clone();
        from.push(format!("{name}: default"));
    }
    if spec.revision.is_none() && official.revision.is_some() {
        spec.revision = official.revision.clone();
        from.push(format!("{name}: revision"));
    }
    ty(&mut spec.ty, &official.ty, name, from);
}

/// Fills what `spec` leaves unknown in a type from `official`.
fn ty(spec: &mut Type, official: &Type, name: &str, from: &mut Vec<String>) {
    match (spec, official) {
        (spec @ Type::Any, official) if !matches!(official, Type::Any) => {
            *spec = official.clone();
            from.push(format!("{name}: type"));
        }
        (Type::Object { fields: s }, Type::Object { fields: o }) => {
            fields(s, o, &format!("{name}."), from);
        }
        (Type::Array { item: s }, Type::Array { item: o }) => ty(s, o, &format!("{name}[]"), from),
        (Type::Map { value: s }, Type::Map { value: o }) => ty(s, o, &format!("{name}{{}}"), from),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumRepr, EnumType, EnumValue, ErrorCode, Response, ResponseSource};

    fn field(name: &str, ty: Type, required: Option<bool>, description: &str) -> Field {
        Field {
            name: name.into(),
            ty,
            required: required.unwrap_or(false),
            required_known: required.is_some(),
            description: description.into(),
            example: Some("example".into()),
            default: None,
            revision: None,
        }
    }

    fn official() -> Method {
        Method {
            name: "im.message.add".into(),
            namespace: "im".into(),
            source: ir::SourceRef {
                path: "api-reference/chats/messages/im-message-add.md".into(),
                line: 1,
            },
            doc_url: Some("https://apidocs.bitrix24.ru/x.html".into()),
            title: "Official title".into(),
            summary: "Official summary sentence.".into(),
            scopes: vec!["im".into()],
            params: vec![
                field("DIALOG_ID", Type::String, Some(true), "Official words."),
                field(
                    "ATTACH",
                    Type::Array {
                        item: Box::new(Type::Any),
                    },
                    Some(false),
                    "x",
                ),
                field(
                    "REPLY_ID",
                    Type::Integer,
                    Some(false),
                    "More official words.",
                ),
                field(
                    "SYSTEM",
                    Type::Enum(EnumType {
                        repr: EnumRepr::String,
                        values: vec![EnumValue {
                            value: "Y".into(),
                            description: "Official meaning".into(),
                        }],
                    }),
                    None,
                    "",
                ),
            ],
            response: Response {
                ty: Type::Integer,
                source: ResponseSource::Table,
                description: "Official result words.".into(),
            },
            errors: vec![ErrorCode {
                code: "ACCESS_DENIED".into(),
                description: "Official error words.".into(),
                http_status: Some(403),
            }],
            ..Method::default()
        }
    }

    #[test]
    fn facts_only_keeps_facts_and_drops_every_sentence() {
        let mut m = official();
        facts_only(&mut m);
        let json = serde_json::to_string(&m).unwrap();
        assert!(!json.contains("Official"), "{json}");
        assert!(!json.contains("\"example\""), "{json}");
        assert_eq!(m.params.len(), 4);
        assert_eq!(m.errors[0].http_status, Some(403));
        assert_eq!(
            m.doc_url.as_deref(),
            Some("https://apidocs.bitrix24.ru/x.html")
        );
        assert!(matches!(&m.params[3].ty, Type::Enum(e) if e.values[0].value == "Y"));
    }

    #[test]
    fn a_spec_page_wins_where_it_states_and_the_official_page_fills_the_rest() {
        let mut o = official();
        facts_only(&mut o);
        let spec = Method {
            name: "im.message.add".into(),
            namespace: "im".into(),
            title: "Our own title".into(),
            params: vec![
                field("DIALOG_ID", Type::Integer, None, "Our words."),
                field("ATTACH", Type::Any, None, ""),
            ],
            ..Method::default()
        };
        let m = layer(spec, &o);
        assert_eq!(m.title, "Our own title");
        let names: Vec<&str> = m.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["DIALOG_ID", "ATTACH", "REPLY_ID", "SYSTEM"]);
        // Stated by the spec: kept, with its prose; unknown: from the official page.
        assert_eq!(m.params[0].ty, Type::Integer);
        assert_eq!(m.params[0].description, "Our words.");
        assert!(m.params[0].required && m.params[0].required_known);
        assert!(matches!(m.params[1].ty, Type::Array { .. }));
        assert_eq!(m.response.ty, Type::Integer);
        assert_eq!(m.errors.len(), 1);
        assert_eq!(m.scopes, ["im"]);
        let record = m.layered.unwrap();
        assert_eq!(record.official.path, o.source.path);
        for fact in [
            "param DIALOG_ID: required",
            "param ATTACH: type",
            "param REPLY_ID",
            "response",
            "error ACCESS_DENIED",
            "scopes",
        ] {
            assert!(
                record.from_official.iter().any(|f| f == fact),
                "{fact}: {record:?}"
            );
        }
        assert!(!record
            .from_official
            .iter()
            .any(|f| f == "param DIALOG_ID: type"));
    }

    #[test]
    fn methods_meet_without_regard_to_case_and_the_rest_stay_apart() {
        let mut o = official();
        facts_only(&mut o);
        let other = Method {
            name: "im.chat.get".into(),
            namespace: "im".into(),
            ..Method::default()
        };
        let spec = Method {
            name: "IM.Message.Add".into(),
            namespace: "im".into(),
            ..Method::default()
        };
        let ours = Method {
            name: "im.own.thing".into(),
            namespace: "im".into(),
            ..Method::default()
        };
        let api = combine(
            ir::Api {
                methods: vec![o, other],
                types: Vec::new(),
                events: Vec::new(),
            },
            ir::Api {
                methods: vec![spec, ours],
                types: Vec::new(),
                events: Vec::new(),
            },
        );
        let names: Vec<&str> = api.methods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["IM.Message.Add", "im.chat.get", "im.own.thing"]);
        assert!(api.methods[0].layered.is_some());
        assert_eq!(api.methods[0].params.len(), 4);
    }
}
