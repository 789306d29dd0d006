//! PHP's view of parameters: `parse_str` of form bodies and batch queries, and the
//! `$result[key][…]` references of batch commands.

use serde_json::{Map, Value};

/// Parses a query string as PHP's `parse_str` does: `a[b][]=1&a[b][]=2` becomes
/// `{"a":{"b":["1","2"]}}`. Every value is a string, as in PHP. Maps whose keys are
/// `0..n` become lists, as PHP's `json_encode` would write them.
pub fn parse_str(query: &str) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let (base, segments) = split_key(&key);
        if base.is_empty() {
            continue;
        }
        let mut path = vec![base];
        path.extend(segments);
        insert(&mut root, &path, Value::String(value.into_owned()));
    }
    normalise(root)
}

/// `a[b][]` → (`a`, [`b`, ``]). A key whose brackets do not close is taken whole.
fn split_key(key: &str) -> (String, Vec<String>) {
    let Some(open) = key.find('[') else {
        return (key.to_string(), Vec::new());
    };
    let base = key[..open].to_string();
    let mut segments = Vec::new();
    let mut rest = &key[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return (key.to_string(), Vec::new());
        };
        segments.push(inner[..close].to_string());
        rest = &inner[close + 1..];
    }
    (base, segments)
}

fn insert(node: &mut Value, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    let Value::Object(map) = node else {
        return;
    };
    // `a[]` appends: the next integer key, as PHP does.
    let key = if first.is_empty() {
        next_index(map).to_string()
    } else {
        first.clone()
    };
    let child = map.entry(key).or_insert(Value::Null);
    insert(child, rest, value);
}

fn next_index(map: &Map<String, Value>) -> u64 {
    map.keys()
        .filter_map(|key| key.parse::<u64>().ok())
        .map(|index| index + 1)
        .max()
        .unwrap_or(0)
}

/// Turns maps keyed `0..n` in order into lists, recursively.
pub fn normalise(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let sequential = !map.is_empty()
                && map
                    .keys()
                    .enumerate()
                    .all(|(index, key)| key == &index.to_string());
            let items = map.into_iter().map(|(key, value)| (key, normalise(value)));
            if sequential {
                Value::Array(items.map(|(_, value)| value).collect())
            } else {
                Value::Object(items.collect())
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalise).collect()),
        other => other,
    }
}

/// Replaces `$result[key][field]…` references in every string of `params` with the
/// values in `results`. A string that is one whole reference takes the referenced
/// value as is; references inside longer text are replaced by their text. A
/// reference that does not resolve becomes an empty string, as on a real portal.
pub fn substitute(params: &mut Value, results: &Map<String, Value>) {
    match params {
        Value::String(text) => {
            if let Some(value) = whole_reference(text, results) {
                *params = value;
            } else if text.contains("$result[") {
                *text = substitute_text(text, results);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| substitute(item, results)),
        Value::Object(map) => map.values_mut().for_each(|item| substitute(item, results)),
        _ => {}
    }
}

fn whole_reference(text: &str, results: &Map<String, Value>) -> Option<Value> {
    let (path, length) = reference_at(text)?;
    if length != text.len() {
        return None;
    }
    Some(
        resolve(&path, results)
            .cloned()
            .unwrap_or_else(|| Value::String(String::new())),
    )
}

fn substitute_text(text: &str, results: &Map<String, Value>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(position) = rest.find("$result[") {
        out.push_str(&rest[..position]);
        let tail = &rest[position..];
        match reference_at(tail) {
            Some((path, length)) => {
                if let Some(value) = resolve(&path, results) {
                    out.push_str(&scalar_text(value));
                }
                rest = &tail[length..];
            }
            None => {
                out.push_str("$result[");
                rest = &tail["$result[".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses `$result[a][b]…` at the start of `text`: the path and the length it spans.
fn reference_at(text: &str) -> Option<(Vec<String>, usize)> {
    let mut rest = text.strip_prefix("$result")?;
    let mut path = Vec::new();
    let mut length = "$result".len();
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        path.push(inner[..close].to_string());
        length += close + 2;
        rest = &inner[close + 1..];
    }
    (!path.is_empty()).then_some((path, length))
}

fn resolve<'v>(path: &[String], results: &'v Map<String, Value>) -> Option<&'v Value> {
    let (key, rest) = path.split_first()?;
    let mut node = results.get(key)?;
    for segment in rest {
        node = match node {
            Value::Object(map) => map.get(segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(true) => "1".to_string(),
        Value::Bool(false) | Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_keys_and_appends() {
        let value = parse_str("fields%5BTITLE%5D=My+company&fields[PHONE][0][VALUE]=112233&select[]=ID&select[]=NAME&filter[%3EID]=10");
        assert_eq!(
            value,
            json!({"fields": {"TITLE": "My company", "PHONE": [{"VALUE": "112233"}]}, "select": ["ID", "NAME"], "filter": {">ID": "10"}})
        );
    }

    #[test]
    fn references_resolve_whole_or_inside_text() {
        let results = json!({"u": {"ID": "1", "UF_DEPARTMENT": [7]}})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut params = json!({"ID": "$result[u][UF_DEPARTMENT][0]", "NAME": "user $result[u][ID]!", "X": "$result[zz][0]"});
        substitute(&mut params, &results);
        assert_eq!(params, json!({"ID": 7, "NAME": "user 1!", "X": ""}));
    }
}
