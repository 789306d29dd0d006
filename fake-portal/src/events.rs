//! Events: `event.bind`, `event.unbind` and `event.get` keep the handlers of the
//! application, and [`FakePortal::deliver`] posts an event to every handler bound to
//! it, form-encoded the way PHP's `http_build_query` writes it, with the `auth` block
//! (application token included) a real portal sends.

use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::methods::{failure, Done, Failure};
use crate::state::State;
use crate::FakePortal;

/// The application token the portal signs deliveries with.
pub const APPLICATION_TOKEN: &str = "51856fefc120afa4b628cc82d3935cce";

/// The handlers bound so far.
#[derive(Debug, Default)]
pub(crate) struct Bindings {
    handlers: Mutex<Vec<Binding>>,
}

#[derive(Debug, Clone)]
struct Binding {
    id: u64,
    /// Upper-cased, as the portal stores it.
    event: String,
    handler: String,
}

impl Bindings {
    fn lock(&self) -> MutexGuard<'_, Vec<Binding>> {
        self.handlers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn text<'v>(params: &'v Value, key: &str) -> Option<&'v str> {
    params
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_str())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// `event.bind`: `event` and `handler` required; the same pair twice is an error.
pub(crate) fn bind(state: &State, params: &Value) -> Result<Done, Failure> {
    let (Some(event), Some(handler)) = (text(params, "event"), text(params, "handler")) else {
        return Err(failure(
            400,
            "ERROR_ARGUMENT",
            "Event and handler are required",
        ));
    };
    if !(handler.starts_with("http://") || handler.starts_with("https://")) {
        return Err(failure(400, "ERROR_ARGUMENT", "Handler is not a URL"));
    }
    let event = event.to_ascii_uppercase();
    let mut handlers = state.events.lock();
    if handlers
        .iter()
        .any(|b| b.event == event && b.handler == handler)
    {
        return Err(failure(400, "ERROR_CORE", "Handler already binded"));
    }
    let id = handlers.iter().map(|b| b.id).max().unwrap_or(0) + 1;
    handlers.push(Binding {
        id,
        event,
        handler: handler.to_string(),
    });
    Ok(done(json!(true)))
}

/// `event.unbind`: removes the event's bindings (only those of `handler` when given).
pub(crate) fn unbind(state: &State, params: &Value) -> Result<Done, Failure> {
    let Some(event) = text(params, "event") else {
        return Err(failure(400, "ERROR_ARGUMENT", "Event is required"));
    };
    let event = event.to_ascii_uppercase();
    let handler = text(params, "handler");
    let mut handlers = state.events.lock();
    let before = handlers.len();
    handlers.retain(|b| !(b.event == event && handler.is_none_or(|h| h == b.handler)));
    Ok(done(json!({ "count": before - handlers.len() })))
}

/// `event.get`: every binding.
pub(crate) fn get(state: &State) -> Result<Done, Failure> {
    let rows = state
        .events
        .lock()
        .iter()
        .map(|b| json!({"event": b.event, "handler": b.handler, "auth_type": "0", "offline": 0}))
        .collect();
    Ok(done(Value::Array(rows)))
}

fn done(result: Value) -> Done {
    Done {
        result,
        total: None,
        next: None,
        charge: None,
    }
}

/// `value` as PHP's `http_build_query` writes it: nested keys in brackets (encoded),
/// arrays by index, `true`/`false` as `1`/`0`, `null` left out.
pub fn http_build_query(value: &Value) -> String {
    let mut pairs = Vec::new();
    if let Value::Object(map) = value {
        for (k, v) in map {
            pairs_of(&urlencode(k), v, &mut pairs);
        }
    }
    pairs.join("&")
}

fn pairs_of(name: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push(format!("{name}={}", u8::from(*b))),
        Value::Number(n) => out.push(format!("{name}={n}")),
        Value::String(s) => out.push(format!("{name}={}", urlencode(s))),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pairs_of(&format!("{name}%5B{i}%5D"), v, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                pairs_of(&format!("{name}%5B{}%5D", urlencode(k)), v, out);
            }
        }
    }
}

/// PHP's `urlencode`: letters, digits and `-_.` stay, a space is `+`.
fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// What one handler answered to a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub handler: String,
    /// The HTTP status, or `None` when the handler could not be reached.
    pub status: Option<u16>,
}

impl FakePortal {
    /// The application token deliveries carry.
    pub fn application_token(&self) -> &'static str {
        APPLICATION_TOKEN
    }

    /// The body the portal posts for `event` with `data` to binding `handler_id`.
    pub fn event_body(&self, event: &str, data: &Value, handler_id: u64) -> String {
        let config = &self.state.config;
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let host = self.base_url().trim_start_matches("http://").to_string();
        let mut body = Map::new();
        body.insert("event".into(), json!(event.to_ascii_uppercase()));
        body.insert("event_handler_id".into(), json!(handler_id.to_string()));
        body.insert("data".into(), data.clone());
        body.insert("ts".into(), json!(ts.to_string()));
        body.insert(
            "auth".into(),
            json!({
                "access_token": self.tokens().0,
                "expires_in": config.token_lifetime.as_secs().to_string(),
                "scope": "crm",
                "domain": host,
                "server_endpoint": format!("{}/rest/", self.base_url()),
                "status": "L",
                "client_endpoint": format!("{}/rest/", self.base_url()),
                "member_id": "a223c6b3710f85df22e9377d6c4f7553",
                "refresh_token": self.tokens().1,
                "application_token": APPLICATION_TOKEN,
            }),
        );
        http_build_query(&Value::Object(body))
    }

    /// Posts `event` with `data` to every handler bound to it, one after another.
    pub async fn deliver(&self, event: &str, data: &Value) -> Vec<Delivered> {
        let bound: Vec<Binding> = self
            .state
            .events
            .lock()
            .iter()
            .filter(|b| b.event.eq_ignore_ascii_case(event))
            .cloned()
            .collect();
        let mut out = Vec::new();
        for b in bound {
            let body = self.event_body(event, data, b.id);
            let status = post_form(&b.handler, &body).await;
            out.push(Delivered {
                handler: b.handler,
                status,
            });
        }
        out
    }
}

/// POSTs a form body over plain HTTP/1.1 and reads the status line of the answer.
pub async fn post_form(url: &str, body: &str) -> Option<u16> {
    let rest = url.strip_prefix("http://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut stream = TcpStream::connect(host).await.ok()?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let line = answer.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_built_as_php_builds_them() {
        let v = json!({"event": "ONX", "data": {"FIELDS": {"ID": 42, "T": "a b&c"}, "L": [1, true, null]}});
        assert_eq!(
            http_build_query(&v),
            "event=ONX&data%5BFIELDS%5D%5BID%5D=42&data%5BFIELDS%5D%5BT%5D=a+b%26c&data%5BL%5D%5B0%5D=1&data%5BL%5D%5B1%5D=1"
        );
    }
}
