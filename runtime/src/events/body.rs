//! A request body, form-encoded or JSON, into one JSON object, within the limits.

use serde_json::Value;

use super::error::BodyError;
use super::form;
use super::limits::Limits;

/// Reads `body` by its content type; without one, a body opening with `{` is JSON and
/// anything else a form.
pub fn parse(content_type: Option<&str>, body: &[u8], limits: &Limits) -> Result<Value, BodyError> {
    if body.len() > limits.max_body_bytes {
        return Err(BodyError::TooLarge {
            limit: limits.max_body_bytes,
        });
    }
    let mime = content_type
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|t| !t.is_empty());
    let json = match mime.as_deref() {
        Some("application/x-www-form-urlencoded") => false,
        Some(t) if t == "application/json" || t.ends_with("+json") => true,
        Some(t) => return Err(BodyError::UnsupportedContentType(t.to_string())),
        None => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    };
    let value = if json {
        // serde_json stops at 128 levels by itself, so the stack is safe before the
        // depth is measured.
        let value: Value =
            serde_json::from_slice(body).map_err(|e| BodyError::Json(e.to_string()))?;
        if depth(&value) > limits.max_depth {
            return Err(BodyError::TooDeep {
                limit: limits.max_depth,
            });
        }
        value
    } else {
        form::parse(body, limits)?
    };
    match value {
        Value::Object(_) => Ok(value),
        _ => Err(BodyError::NotAnObject),
    }
}

/// Levels of arrays and objects: a scalar is 0.
fn depth(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_pick_the_reader() {
        let l = Limits::default();
        let form = parse(
            Some("application/x-www-form-urlencoded; charset=UTF-8"),
            b"a=1",
            &l,
        );
        assert_eq!(form.unwrap()["a"], "1");
        let json = parse(Some("Application/JSON"), br#"{"a":1}"#, &l);
        assert_eq!(json.unwrap()["a"], 1);
        assert_eq!(parse(None, b" {\"a\":1}", &l).unwrap()["a"], 1);
        assert_eq!(parse(None, b"a=1", &l).unwrap()["a"], "1");
        assert!(matches!(
            parse(Some("multipart/form-data"), b"", &l),
            Err(BodyError::UnsupportedContentType(_))
        ));
        assert!(matches!(
            parse(Some("application/json"), b"[1]", &l),
            Err(BodyError::NotAnObject)
        ));
    }

    #[test]
    fn json_depth_and_size_are_bounded() {
        let l = Limits {
            max_depth: 3,
            max_body_bytes: 64,
            ..Limits::default()
        };
        assert!(parse(Some("application/json"), br#"{"a":{"b":{"c":1}}}"#, &l).is_ok());
        assert!(matches!(
            parse(Some("application/json"), br#"{"a":{"b":{"c":[1]}}}"#, &l),
            Err(BodyError::TooDeep { limit: 3 })
        ));
        assert!(matches!(
            parse(Some("application/json"), &[b' '; 65], &l),
            Err(BodyError::TooLarge { limit: 64 })
        ));
    }
}
