//! Corrections: small files in `specs/` that fix one method's facts where the official
//! page is wrong, without copying the page. Applied to the combined API, after the
//! official page was read.
//!
//! A correction is a file whose front matter names the method with `correct:`:
//!
//! ```yaml
//! ---
//! correct: crm.example.set      # wire name, any case; `variant:` for a REST 3.0 page
//! params:
//!   WRONG_NAME: remove          # drop a parameter
//!   ID: {type: integer, required: true}   # set facts (a JSON Schema, plus `required`)
//!   FIELDS.TITLE: {required: false}       # nested fields: `A.B`, `A[].B`, `A{}.B`
//! response: {type: boolean}     # the response type, as a JSON Schema
//! errors:
//!   SOME_CODE: remove           # or `add`
//! deprecated: true
//! ---
//! ```
//!
//! Problems are located diagnostics: `B24E025` for a file that cannot be read as a
//! correction, `B24W026` for a correction naming a method, parameter or error code that no
//! longer exists, `B24W027` for one that changes nothing (the docs were fixed: delete it).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diags};
use crate::ir::{self, Field, Type};
use crate::pipeline::display_path;
use crate::surface::method_key;

/// One correction file, read.
#[derive(Debug, Clone)]
pub struct Correction {
    /// Display path.
    pub file: String,
    /// The file's lines, for locating keys.
    lines: Vec<String>,
    pub method: String,
    pub variant: Option<String>,
    /// `(path, change)` in file order.
    params: Vec<(String, Value)>,
    response: Option<Value>,
    errors: Vec<(String, Value)>,
    deprecated: Option<bool>,
}

/// Whether `text` is a correction: its front matter has a top-level `correct:` key.
pub fn is_correction(text: &str) -> bool {
    let Some(Ok(close)) = crate::parse::yaml_header_close(text) else {
        return false;
    };
    text.lines()
        .skip(1)
        .take(close.saturating_sub(1))
        .any(|l| l.starts_with("correct:"))
}

/// Splits spec files into pages and corrections (read here; unreadable ones reported).
pub fn split(
    root: &Path,
    files: Vec<PathBuf>,
    diags: &mut Diags,
) -> (Vec<PathBuf>, Vec<Correction>) {
    let mut pages = Vec::new();
    let mut corrections = Vec::new();
    for path in files {
        let text = match fs::read_to_string(&path) {
            Ok(text) if is_correction(&text) => text,
            _ => {
                pages.push(path);
                continue;
            }
        };
        if let Some(c) = read(&display_path(root, &path), &text, diags) {
            corrections.push(c);
        }
    }
    (pages, corrections)
}

fn read(file: &str, text: &str, diags: &mut Diags) -> Option<Correction> {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let close = crate::parse::yaml_header_close(text)
        .and_then(Result::ok)
        .unwrap_or(lines.len());
    let yaml = lines[1..close.min(lines.len())].join("\n");
    let mut c = Correction {
        file: file.to_string(),
        lines,
        method: String::new(),
        variant: None,
        params: Vec::new(),
        response: None,
        errors: Vec::new(),
        deprecated: None,
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(&yaml) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line() as u32 + 1);
            c.report(
                diags,
                Code::CorrectionInvalid,
                line,
                format!("not valid YAML: {e}"),
            );
            return None;
        }
    };
    let Ok(Value::Object(map)) = serde_json::to_value(&value) else {
        c.report(
            diags,
            Code::CorrectionInvalid,
            1,
            "front matter is not a mapping",
        );
        return None;
    };
    let mut ok = true;
    for (key, v) in map {
        let line = c.line_of(&key, 0);
        let good = match key.as_str() {
            "correct" => v
                .as_str()
                .map(|s| c.method = s.trim().to_string())
                .is_some(),
            "variant" => v
                .as_str()
                .map(|s| c.variant = Some(s.to_string()))
                .is_some(),
            "deprecated" => v.as_bool().map(|b| c.deprecated = Some(b)).is_some(),
            "response" => v
                .is_object()
                .then(|| c.response = Some(v.clone()))
                .is_some(),
            "params" => entries(&v, &["remove"]).map(|e| c.params = e).is_some(),
            "errors" => entries(&v, &["remove", "add"])
                .filter(|e| e.iter().all(|(_, v)| v.is_string()))
                .map(|e| c.errors = e)
                .is_some(),
            _ => {
                let msg = format!("`{key}` is not a correction key (correct, variant, params, response, errors, deprecated)");
                c.report(diags, Code::CorrectionInvalid, line, msg);
                ok = false;
                continue;
            }
        };
        if !good {
            let msg = format!(
                "`{key}` has a value of the wrong kind (see generator/DIAGNOSTICS.md, B24E025)"
            );
            c.report(diags, Code::CorrectionInvalid, line, msg);
            ok = false;
        }
    }
    if c.method.is_empty() {
        c.report(
            diags,
            Code::CorrectionInvalid,
            1,
            "`correct:` names no method",
        );
        ok = false;
    }
    ok.then_some(c)
}

/// A mapping of names to a verb from `verbs` or to a mapping.
fn entries(v: &Value, verbs: &[&str]) -> Option<Vec<(String, Value)>> {
    let map = v.as_object()?;
    map.iter()
        .map(|(k, v)| {
            let fine = match v {
                Value::String(s) => verbs.contains(&s.as_str()),
                Value::Object(_) => true,
                _ => false,
            };
            fine.then(|| (k.clone(), v.clone()))
        })
        .collect()
}

impl Correction {
    /// File line (1-based) of `key`, searching from line `from` (0-based); the `correct:`
    /// line when it is not found.
    fn line_of(&self, key: &str, from: usize) -> u32 {
        let found = self.lines.iter().enumerate().skip(from).position(|(_, l)| {
            let l = l.trim_start().trim_start_matches(['"', '\'']);
            l.strip_prefix(key).is_some_and(|r| {
                r.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        });
        match found {
            Some(i) => (from + i + 1) as u32,
            None => self.line_of_correct(),
        }
    }

    fn line_of_correct(&self) -> u32 {
        self.lines
            .iter()
            .position(|l| l.starts_with("correct:"))
            .map_or(1, |i| i as u32 + 1)
    }

    /// Line of an entry under a section (`params:`, `errors:`).
    fn entry_line(&self, section: &str, key: &str) -> u32 {
        let start = self.line_of(section, 0) as usize;
        self.line_of(key, start.saturating_sub(1))
    }

    fn report(&self, diags: &mut Diags, code: Code, line: u32, message: impl Into<String>) {
        let source_line = self
            .lines
            .get((line as usize).saturating_sub(1))
            .cloned()
            .unwrap_or_default();
        diags.push(Diagnostic {
            code: code.id(),
            severity: code.severity(),
            file: self.file.clone(),
            line,
            column: 1,
            message: message.into(),
            source_line,
        });
    }
}

/// Applies every correction to `api`, reporting those that name nothing or change nothing.
pub fn apply(api: &mut ir::Api, corrections: &[Correction], diags: &mut Diags) {
    for c in corrections {
        let key = method_key(&c.method, c.variant.as_deref());
        let Some(m) = api
            .methods
            .iter_mut()
            .find(|m| method_key(&m.name, m.variant.as_deref()) == key)
        else {
            let msg = format!(
                "corrects `{}`, which no page documents any more; delete the correction",
                c.method
            );
            c.report(diags, Code::CorrectionStale, c.line_of_correct(), msg);
            continue;
        };
        apply_one(c, m, diags);
    }
}

fn apply_one(c: &Correction, m: &mut ir::Method, diags: &mut Diags) {
    let noop = |what: &str| {
        format!(
            "{what} of `{}` already says this; the docs were fixed, so delete it",
            c.method
        )
    };
    if let Some(deprecated) = c.deprecated {
        if m.deprecated.is_some() == deprecated {
            c.report(
                diags,
                Code::CorrectionRedundant,
                c.line_of("deprecated", 0),
                noop("deprecation"),
            );
        } else {
            m.deprecated = deprecated.then(ir::Deprecation::default);
        }
    }
    if let Some(schema) = &c.response {
        let line = c.line_of("response", 0);
        match crate::extract::schema_type(schema) {
            Some(ty) if ty == m.response.ty => {
                c.report(diags, Code::CorrectionRedundant, line, noop("the response"));
            }
            Some(ty) => {
                m.response.ty = ty;
                m.response.source = ir::ResponseSource::FrontMatter;
            }
            None => c.report(
                diags,
                Code::CorrectionInvalid,
                line,
                "`response` names no type",
            ),
        }
    }
    for (path, change) in &c.params {
        let line = c.entry_line("params", path);
        param(c, m, path, change, line, diags);
    }
    for (code, verb) in &c.errors {
        let line = c.entry_line("errors", code);
        let at = m.errors.iter().position(|e| &e.code == code);
        match (verb.as_str(), at) {
            (Some("remove"), Some(i)) => {
                m.errors.remove(i);
            }
            (Some("add"), None) => m.errors.push(ir::ErrorCode {
                code: code.clone(),
                description: String::new(),
                http_status: None,
            }),
            (Some("remove"), None) => {
                let msg = format!(
                    "removes error code `{code}`, which `{}` no longer documents; delete the entry",
                    c.method
                );
                c.report(diags, Code::CorrectionStale, line, msg);
            }
            _ => c.report(
                diags,
                Code::CorrectionRedundant,
                line,
                noop(&format!("error code `{code}`")),
            ),
        }
    }
}

fn param(
    c: &Correction,
    m: &mut ir::Method,
    path: &str,
    change: &Value,
    line: u32,
    diags: &mut Diags,
) {
    let found = locate(&mut m.params, path);
    let stale = |what: &str| {
        format!(
            "{what} `{path}`, which `{}` no longer has; delete the entry",
            c.method
        )
    };
    if change.as_str() == Some("remove") {
        match found {
            Some((list, i)) => {
                list.remove(i);
            }
            None => c.report(diags, Code::CorrectionStale, line, stale("removes")),
        }
        return;
    }
    let ty = crate::extract::schema_type(change);
    let required = change.get("required").and_then(Value::as_bool);
    let default = change.get("default").map(|d| match d {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let Some((list, i)) = found else {
        // A parameter the page leaves out: added, when the correction gives its type.
        let Some((list, name)) = parent_list(&mut m.params, path).filter(|_| ty.is_some()) else {
            c.report(diags, Code::CorrectionStale, line, stale("corrects"));
            return;
        };
        list.push(Field {
            name,
            ty: ty.unwrap_or(Type::Any),
            required: required.unwrap_or(false),
            required_known: required.is_some(),
            description: String::new(),
            example: None,
            default,
            revision: None,
        });
        return;
    };
    let field = &mut list[i];
    let before = field.clone();
    if let Some(ty) = ty {
        field.ty = ty;
    }
    if let Some(required) = required {
        field.required = required;
        field.required_known = true;
    }
    if default.is_some() {
        field.default = default;
    }
    if *field == before {
        let msg = format!("parameter `{path}` of `{}` already says this; the docs were fixed, so delete the entry", c.method);
        c.report(diags, Code::CorrectionRedundant, line, msg);
    }
}

/// The list holding the field at `path` and its index. A name containing dots is tried
/// whole first.
fn locate<'a>(params: &'a mut Vec<Field>, path: &str) -> Option<(&'a mut Vec<Field>, usize)> {
    if let Some(i) = params.iter().position(|f| f.name == path) {
        return Some((params, i));
    }
    let (head, rest) = path.split_once('.')?;
    let head = head.trim_end_matches(['[', ']', '{', '}']);
    let f = params.iter_mut().find(|f| f.name == head)?;
    locate(object_fields(&mut f.ty)?, rest)
}

/// The list a new field at `path` belongs in, and its name.
fn parent_list<'a>(params: &'a mut Vec<Field>, path: &str) -> Option<(&'a mut Vec<Field>, String)> {
    match path.rsplit_once('.') {
        None => Some((params, path.to_string())),
        Some((parent, name)) => {
            let (list, i) = locate(params, parent.trim_end_matches(['[', ']', '{', '}']))?;
            Some((object_fields(&mut list[i].ty)?, name.to_string()))
        }
    }
}

fn object_fields(ty: &mut Type) -> Option<&mut Vec<Field>> {
    match ty {
        Type::Object { fields } => Some(fields),
        Type::Array { item } | Type::Map { value: item } => object_fields(item),
        _ => None,
    }
}
