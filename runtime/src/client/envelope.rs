//! The answer envelope: `result`, `time`, `total`, `next`, or an error.
//!
//! Decoding here is lenient on purpose: `time` members come as integers or floats,
//! `total`/`next` as numbers or strings, and any member may be missing.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{ApiError, Error, ValidationIssue};

/// What an answer says besides its `result`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Server timing of the call, when sent.
    pub time: Option<Time>,
    /// Number of items a list method matches (`0` when asked with `start=-1`).
    pub total: Option<u64>,
    /// `start` of the next page, present only when there is one.
    pub next: Option<u64>,
}

/// The `time` member of an answer. Every member is optional: the set varies between
/// cloud and on-premise portals and between plain and batch calls.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Time {
    /// Unix time the call started, in seconds.
    pub start: Option<f64>,
    /// Unix time the call finished, in seconds.
    pub finish: Option<f64>,
    /// Seconds the call took.
    pub duration: Option<f64>,
    /// Seconds spent processing.
    pub processing: Option<f64>,
    /// Start as an ISO 8601 string.
    pub date_start: Option<String>,
    /// Finish as an ISO 8601 string.
    pub date_finish: Option<String>,
    /// Unix time at which the method's time budget is reset.
    pub operating_reset_at: Option<f64>,
    /// Seconds this method used for this application in the last ten minutes.
    pub operating: Option<f64>,
}

impl Time {
    /// Reads a `time` object, keeping whatever members parse.
    pub(crate) fn from_value(value: &Value) -> Option<Time> {
        let map = value.as_object()?;
        Some(Time {
            start: map.get("start").and_then(lenient_f64),
            finish: map.get("finish").and_then(lenient_f64),
            duration: map.get("duration").and_then(lenient_f64),
            processing: map.get("processing").and_then(lenient_f64),
            date_start: map.get("date_start").and_then(text),
            date_finish: map.get("date_finish").and_then(text),
            operating_reset_at: map.get("operating_reset_at").and_then(lenient_f64),
            operating: map.get("operating").and_then(lenient_f64),
        })
    }
}

/// A number, or a string holding one.
pub(crate) fn lenient_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A non-negative integer, or a string holding one.
pub(crate) fn lenient_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number
            .as_u64()
            .or_else(|| number.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// An error code as text: a string as is, a number in decimal (codes such as
/// `200040300010` exceed 32 bits, so they are never narrowed).
pub(crate) fn code_text(value: &Value) -> String {
    match value {
        Value::String(code) => code.clone(),
        Value::Number(number) => number.to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A successful answer, split into `result` and the rest.
pub(crate) struct Success {
    pub result: Value,
    pub meta: Meta,
}

/// Reads an HTTP answer of `method`.
pub(crate) fn parse_reply(method: &str, status: u16, body: &[u8]) -> Result<Success, Error> {
    let envelope: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        // An error page from a proxy or a crashed backend is not JSON.
        Err(_) if status >= 400 => {
            return Err(Error::Http {
                method: method.to_string(),
                status,
            })
        }
        Err(err) => {
            return Err(Error::Decode {
                method: method.to_string(),
                path: String::new(),
                message: format!("answer is not JSON: {err}"),
            })
        }
    };
    let Value::Object(mut map) = envelope else {
        return Err(Error::Decode {
            method: method.to_string(),
            path: String::new(),
            message: "answer is not a JSON object".to_string(),
        });
    };
    let meta = meta_of(&map);
    if let Some(api) = api_error(&map, method, Some(status), meta.time.clone()) {
        return Err(Error::Api(Box::new(api)));
    }
    if status >= 400 {
        return Err(Error::Http {
            method: method.to_string(),
            status,
        });
    }
    match map.remove("result") {
        Some(result) => Ok(Success { result, meta }),
        None => Err(Error::Decode {
            method: method.to_string(),
            path: "result".to_string(),
            message: "answer has no `result`".to_string(),
        }),
    }
}

/// `time`, `total` and `next` of an envelope.
pub(crate) fn meta_of(map: &Map<String, Value>) -> Meta {
    Meta {
        time: map.get("time").and_then(Time::from_value),
        total: map.get("total").and_then(lenient_u64),
        next: map.get("next").and_then(lenient_u64),
    }
}

/// The error an object describes, in the classic shape
/// `{"error":"CODE","error_description":"…"}` or the REST 3.0 one
/// `{"error":{"code","message","validation"}}`; `None` when it holds no error.
pub(crate) fn api_error(
    map: &Map<String, Value>,
    method: &str,
    status: Option<u16>,
    time: Option<Time>,
) -> Option<ApiError> {
    let error = map.get("error").filter(|error| !error.is_null())?;
    let mut api = ApiError {
        method: method.to_string(),
        code: String::new(),
        description: map
            .get("error_description")
            .map(description_text)
            .unwrap_or_default(),
        status,
        validation: Vec::new(),
        time,
    };
    match error {
        Value::Object(inner) => {
            api.code = inner.get("code").map(code_text).unwrap_or_default();
            if let Some(message) = inner.get("message") {
                api.description = description_text(message);
            }
            api.validation = inner
                .get("validation")
                .and_then(Value::as_array)
                .map(|issues| issues.iter().map(validation_issue).collect())
                .unwrap_or_default();
        }
        other => api.code = code_text(other),
    }
    Some(api)
}

fn description_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn validation_issue(value: &Value) -> ValidationIssue {
    let field = value.get("field").map(description_text).unwrap_or_default();
    let message = value
        .get("message")
        .map(description_text)
        .unwrap_or_default();
    ValidationIssue { field, message }
}

/// Decodes `result` as `T`, naming the JSON path that failed.
pub(crate) fn decode<T: DeserializeOwned>(method: &str, result: Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(result).map_err(|err| {
        let inner = err.path().to_string();
        let path = if inner == "." || inner.is_empty() {
            "result".to_string()
        } else if inner.starts_with('[') {
            format!("result{inner}")
        } else {
            format!("result.{inner}")
        };
        Error::Decode {
            method: method.to_string(),
            path,
            message: err.into_inner().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(status: u16, body: Value) -> Result<Success, Error> {
        parse_reply("user.current", status, body.to_string().as_bytes())
    }

    #[test]
    fn time_members_may_be_integers_floats_or_missing() {
        let ok = parse(200, json!({"result": 1, "time": {"start": 1700000000, "finish": 1700000000.25, "processing": 0}}))
            .ok()
            .map(|s| s.meta.time);
        let time = ok.flatten().unwrap_or_default();
        assert_eq!(time.start, Some(1_700_000_000.0));
        assert_eq!(time.finish, Some(1_700_000_000.25));
        assert_eq!(time.processing, Some(0.0));
        assert_eq!(time.operating, None);
    }

    #[test]
    fn total_and_next_may_be_strings() {
        let meta = parse(200, json!({"result": [], "total": "120", "next": 50})).map(|s| s.meta);
        assert_eq!(
            meta.ok(),
            Some(Meta {
                time: None,
                total: Some(120),
                next: Some(50)
            })
        );
    }

    #[test]
    fn numeric_codes_keep_every_digit() {
        let err = parse(
            400,
            json!({"error": 200040300010_u64, "error_description": "Access denied"}),
        );
        match err {
            Err(Error::Api(api)) => {
                assert_eq!(api.code, "200040300010");
                assert_eq!(api.status, Some(400));
            }
            _ => panic!("expected an API error"),
        }
    }

    #[test]
    fn rest_v3_errors_carry_validation() {
        let body = json!({"error": {"code": "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
            "message": "Invalid request", "validation": [{"field": "title", "message": "Required"}]}});
        match parse(400, body) {
            Err(Error::Api(api)) => {
                assert!(api.code.ends_with("REQUESTVALIDATIONEXCEPTION"));
                assert_eq!(api.description, "Invalid request");
                assert_eq!(
                    api.validation,
                    vec![ValidationIssue {
                        field: "title".into(),
                        message: "Required".into()
                    }]
                );
            }
            _ => panic!("expected an API error"),
        }
    }

    #[test]
    fn non_json_error_pages_are_http_errors() {
        let err = parse_reply("user.get", 502, b"<html>Bad gateway</html>");
        assert!(matches!(err, Err(Error::Http { status: 502, .. })));
    }

    #[test]
    fn decode_errors_name_the_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct User {
            #[serde(rename = "ID")]
            id: u64,
        }
        let err = decode::<Vec<User>>("user.get", json!([{"ID": 1}, {"ID": "x"}]));
        match err {
            Err(Error::Decode { method, path, .. }) => {
                assert_eq!(method, "user.get");
                assert_eq!(path, "result[1].ID");
            }
            _ => panic!("expected a decode error"),
        }
    }
}
