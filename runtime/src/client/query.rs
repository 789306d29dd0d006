//! PHP-style query strings, as PHP's `http_build_query` writes them.
//!
//! Batch commands travel as `method?query`, and the portal reads the query with PHP's
//! `parse_str`, so nested parameters become bracketed keys: `{"fields":{"TITLE":"a"}}`
//! is `fields%5BTITLE%5D=a`, a list `{"select":["ID"]}` is `select%5B0%5D=ID`.

use serde_json::Value;

/// Encodes parameters the way PHP's `http_build_query` does with its defaults:
/// nested keys in brackets, list items by index, `true`/`false` as `1`/`0`, `null`
/// and empty containers left out, and every byte except ASCII letters, digits and
/// `-_.` percent-encoded (space as `+`), brackets of the keys included.
pub fn http_build_query(params: &Value) -> String {
    build(params, Empty::Omit)
}

/// The query of a batch command. Unlike `http_build_query`, `null` and empty lists
/// and objects are sent as an empty value (`key=`): a plain call's JSON body carries
/// them, so the method sees the parameter there too (to clear a field, say).
pub(crate) fn command_query(params: &Value) -> String {
    build(params, Empty::Keep)
}

#[derive(Clone, Copy, PartialEq)]
enum Empty {
    Omit,
    Keep,
}

fn build(params: &Value, empty: Empty) -> String {
    let mut pairs = Vec::new();
    match params {
        Value::Object(map) => {
            for (key, value) in map {
                collect(key, value, empty, &mut pairs);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                collect(&index.to_string(), value, empty, &mut pairs);
            }
        }
        _ => {}
    }
    pairs.join("&")
}

fn collect(key: &str, value: &Value, empty: Empty, out: &mut Vec<String>) {
    match value {
        Value::Null if empty == Empty::Omit => {}
        Value::Object(map) if map.is_empty() && empty == Empty::Keep => {
            out.push(format!("{}=", urlencode(key)));
        }
        Value::Array(items) if items.is_empty() && empty == Empty::Keep => {
            out.push(format!("{}=", urlencode(key)));
        }
        Value::Object(map) => {
            for (sub, item) in map {
                collect(&format!("{key}[{sub}]"), item, empty, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(&format!("{key}[{index}]"), item, empty, out);
            }
        }
        scalar => out.push(format!(
            "{}={}",
            urlencode(key),
            urlencode(&scalar_text(scalar))
        )),
    }
}

/// The text PHP gives a scalar in a query string.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Bool(true) => "1".to_string(),
        Value::Bool(false) => "0".to_string(),
        Value::Number(number) => match number.as_f64() {
            // PHP prints a whole float without a fraction: 2.0 is "2".
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 1e15 => {
                format!("{float:.0}")
            }
            _ => number.to_string(),
        },
        Value::String(text) => text.clone(),
        Value::Null | Value::Array(_) | Value::Object(_) => String::new(),
    }
}

/// PHP's `urlencode`: RFC 1738 style, space as `+`.
pub(crate) fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_fields_and_lists_use_brackets() {
        let params = json!({"fields": {"TITLE": "a"}, "select": ["ID", "NAME"]});
        assert_eq!(
            http_build_query(&params),
            "fields%5BTITLE%5D=a&select%5B0%5D=ID&select%5B1%5D=NAME"
        );
    }

    #[test]
    fn deep_nesting_matches_php() {
        let params = json!({"fields": {"PHONE": [{"VALUE": "112233", "VALUE_TYPE": "WORK"}]}});
        assert_eq!(
            http_build_query(&params),
            "fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=112233&fields%5BPHONE%5D%5B0%5D%5BVALUE_TYPE%5D=WORK"
        );
    }

    #[test]
    fn scalars_are_written_like_php() {
        let params = json!({"a": true, "b": false, "c": null, "d": 2.0, "e": 1.5, "f": -7, "g": [], "h": {}});
        assert_eq!(http_build_query(&params), "a=1&b=0&d=2&e=1.5&f=-7");
    }

    #[test]
    fn batch_commands_keep_empty_values() {
        let params = json!({"a": null, "b": [], "c": {}, "d": {"e": []}, "f": 1});
        assert_eq!(command_query(&params), "a=&b=&c=&d%5Be%5D=&f=1");
    }

    #[test]
    fn reserved_characters_are_percent_encoded() {
        let params = json!({"filter": {">ID": "10"}, "q": "John & Martin?#%~ é"});
        assert_eq!(
            http_build_query(&params),
            "filter%5B%3EID%5D=10&q=John+%26+Martin%3F%23%25%7E+%C3%A9"
        );
    }

    #[test]
    fn positional_parameters_use_indices() {
        let params = json!([123, {"POST_MESSAGE": "test"}]);
        assert_eq!(http_build_query(&params), "0=123&1%5BPOST_MESSAGE%5D=test");
    }

    #[test]
    fn batch_references_survive_encoding() {
        let params = json!({"ID": "$result[u][UF_DEPARTMENT][0]"});
        assert_eq!(
            http_build_query(&params),
            "ID=%24result%5Bu%5D%5BUF_DEPARTMENT%5D%5B0%5D"
        );
    }
}
