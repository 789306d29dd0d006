//! YAML front matter: the `---` block at the top of a descriptor file.

use serde_yaml::Value;

use crate::diag::{Code, Diags};
use crate::page::FrontMatter;
use crate::source::{FileId, Pos, SourceMap};

/// Where the front matter of a text is: lines `1..close` (0-based) hold the YAML,
/// line `close` is the closing `---`. `None` when the text does not start with `---`.
pub(crate) fn locate(text: &str) -> Option<Result<usize, ()>> {
    let mut lines = text.split('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    Some(
        lines
            .position(|l| matches!(l.trim_end(), "---" | "..."))
            .map(|i| i + 1)
            .ok_or(()),
    )
}

/// Parses the YAML between line 0 and line `close` of `file`. Problems are reported;
/// whatever could be read is kept.
pub(crate) fn parse(file: FileId, close: usize, map: &SourceMap, diags: &mut Diags) -> FrontMatter {
    let text = &map.get(file).text;
    let yaml: Vec<&str> = text
        .split('\n')
        .skip(1)
        .take(close.saturating_sub(1))
        .collect();
    let yaml = yaml.join("\n");
    let mut fm = FrontMatter {
        pos: Pos::new(file, 1, 1),
        ..FrontMatter::default()
    };
    let r = Reader {
        file,
        map,
        yaml: &yaml,
    };
    let value: Value = match serde_yaml::from_str(&yaml) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line() + 1);
            r.error(
                diags,
                line as u32,
                &format!("front matter is not valid YAML: {e}"),
            );
            return fm;
        }
    };
    let map_value = match value {
        Value::Mapping(m) => m,
        Value::Null => return fm,
        _ => {
            r.error(diags, 2, "front matter is not a mapping of keys to values");
            return fm;
        }
    };
    for (key, value) in &map_value {
        let Some(key) = key.as_str() else {
            r.error(diags, 2, "front matter key is not a string");
            continue;
        };
        r.field(&mut fm, key, value, diags);
    }
    fm
}

struct Reader<'a> {
    file: FileId,
    map: &'a SourceMap,
    yaml: &'a str,
}

impl Reader<'_> {
    fn field(&self, fm: &mut FrontMatter, key: &str, value: &Value, diags: &mut Diags) {
        let ok = match key {
            "method" => set(&mut fm.method, string(value)),
            "scope" | "scopes" => set_list(&mut fm.scopes, strings(value).map(split_scopes)),
            "deprecated" => set(&mut fm.deprecated, value.as_bool()),
            "aliases" => set_list(&mut fm.aliases, strings(value)),
            "rate_limit_per_sec" => set(&mut fm.rate_limit_per_sec, value.as_f64()),
            "pagination" => set(&mut fm.pagination, string(value)),
            "params" => set(&mut fm.params, json(value)),
            "returns" => set(&mut fm.returns, json(value)),
            _ => {
                let line = self.key_line(key);
                let msg = format!("front matter key `{key}` is not known; it is ignored");
                diags.at(
                    self.map,
                    Code::FrontMatterUnknownKey,
                    Pos::new(self.file, line, 1),
                    msg,
                );
                return;
            }
        };
        if !ok && !value.is_null() {
            let msg = format!("front matter key `{key}` has a value of the wrong kind");
            self.error(diags, self.key_line(key), &msg);
        }
    }

    fn error(&self, diags: &mut Diags, line: u32, message: &str) {
        diags.at(
            self.map,
            Code::FrontMatterSyntax,
            Pos::new(self.file, line, 1),
            message,
        );
    }

    /// File line (1-based) of a top-level key; the YAML starts on line 2.
    fn key_line(&self, key: &str) -> u32 {
        self.yaml
            .split('\n')
            .position(|l| {
                let l = l.trim_start_matches(['"', '\'']);
                l.strip_prefix(key).is_some_and(|r| {
                    r.trim_start_matches(['"', '\''])
                        .trim_start()
                        .starts_with(':')
                })
            })
            .map_or(1, |i| i as u32 + 2)
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let ok = value.is_some();
    *slot = value;
    ok
}

fn set_list(slot: &mut Vec<String>, value: Option<Vec<String>>) -> bool {
    let ok = value.is_some();
    *slot = value.unwrap_or_default();
    ok
}

/// A scalar as text (`method: 1.0` is still a name).
fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A string or a list of strings.
fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Sequence(items) => items.iter().map(string).collect(),
        Value::Null => Some(Vec::new()),
        other => string(other).map(|s| vec![s]),
    }
}

/// `scope: crm, im` names two scopes, like the page's Scope line does.
fn split_scopes(scopes: Vec<String>) -> Vec<String> {
    scopes
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn json(v: &Value) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}
