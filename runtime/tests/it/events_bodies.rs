//! The receiver on the delivery examples of the docs (`data/`, one per event, across
//! namespaces), sent as JSON and as the form bodies a portal sends, with the token
//! right, wrong and absent.

use bitrix24_runtime::events::{
    receive_unverified, ApplicationToken, BodyError, Error, Limits, RawEvent, Receiver,
};
use serde_json::Value;

const EVENTS: &[&str] = &[
    "ONCRMDEALUPDATE",
    "CATALOG.PRICE.ON.ADD",
    "ONTASKADD",
    "ONIMBOTMESSAGEADD",
    "ONCALENDARENTRYADD",
    "ONAPPINSTALL",
    "ONUSERADD",
];

fn example(event: &str) -> Value {
    let path = format!("{}/tests/data/{event}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn token_of(body: &Value) -> String {
    body["auth"]["application_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// PHP's `http_build_query`, written independently of the receiver's parser.
fn form(v: &Value) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    fn walk(name: &str, v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Null => {}
            Value::Object(m) => m
                .iter()
                .for_each(|(k, v)| walk(&format!("{name}%5B{}%5D", enc(k)), v, out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(&format!("{name}%5B{i}%5D"), v, out)),
            Value::Bool(b) => out.push(format!("{name}={}", u8::from(*b))),
            Value::Number(n) => out.push(format!("{name}={n}")),
            Value::String(s) => out.push(format!("{name}={}", enc(s))),
        }
    }
    let mut out = Vec::new();
    for (k, v) in v.as_object().unwrap() {
        walk(&enc(k), v, &mut out);
    }
    out.join("&")
}

/// What a form body makes of a JSON value: strings everywhere, `null` gone.
fn stringly(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), stringly(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(stringly).collect()),
        Value::Bool(b) => Value::String(u8::from(*b).to_string()),
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

#[test]
fn real_shaped_bodies_parse_as_json_and_as_forms() {
    for event in EVENTS {
        let body = example(event);
        let receiver = Receiver::new(ApplicationToken::new(token_of(&body)));
        let json = serde_json::to_vec(&body).unwrap();
        let d = receiver
            .receive::<RawEvent>(Some("application/json"), &json)
            .unwrap_or_else(|e| panic!("{event}: {e}"));
        assert_eq!(d.event.name, *event);
        assert_eq!(d.event.data, body["data"], "{event}");
        assert!(d.auth.domain.is_some(), "{event}");

        let encoded = form(&body);
        let d = receiver
            .receive::<RawEvent>(
                Some("application/x-www-form-urlencoded"),
                encoded.as_bytes(),
            )
            .unwrap_or_else(|e| panic!("{event}: {e}"));
        assert_eq!(d.name, *event);
        assert_eq!(d.event.data, stringly(&body["data"]), "{event}");
        assert_eq!(
            d.ts,
            body["ts"]
                .as_str()
                .and_then(|t| t.parse().ok())
                .or(body["ts"].as_i64())
        );
        assert!(
            !format!("{d:?}").contains(&token_of(&body)),
            "{event}: token in Debug"
        );
    }
}

#[test]
fn forged_and_tokenless_bodies_are_rejected() {
    for event in EVENTS {
        let mut body = example(event);
        let receiver = Receiver::new(ApplicationToken::new("a-token-of-our-own"));
        let r = receiver.receive::<RawEvent>(None, form(&body).as_bytes());
        assert!(matches!(r, Err(Error::TokenWrong)), "{event}: {r:?}");
        body["auth"]
            .as_object_mut()
            .unwrap()
            .remove("application_token");
        let r = receiver.receive::<RawEvent>(None, form(&body).as_bytes());
        assert!(matches!(r, Err(Error::TokenMissing)), "{event}: {r:?}");
        body.as_object_mut().unwrap().remove("auth");
        let json = serde_json::to_vec(&body).unwrap();
        let r = receiver.receive::<RawEvent>(Some("application/json"), &json);
        assert!(matches!(r, Err(Error::TokenMissing)), "{event}: {r:?}");
    }
}

#[test]
fn the_install_event_hands_over_its_token() {
    let body = example("ONAPPINSTALL");
    let (d, token) =
        receive_unverified::<RawEvent>(None, form(&body).as_bytes(), &Limits::default()).unwrap();
    assert_eq!(d.name, "ONAPPINSTALL");
    let token = token.unwrap();
    assert!(token.matches(&token_of(&body)));
    assert!(!format!("{token:?}").contains(&token_of(&body)));
}

#[test]
fn errors_say_what_is_wrong_without_quoting_secrets() {
    let receiver = Receiver::new(ApplicationToken::new("t"));
    let r = receiver.receive::<RawEvent>(Some("text/plain"), b"event=X");
    assert!(matches!(
        r,
        Err(Error::BadBody(BodyError::UnsupportedContentType(_)))
    ));
    let r = receiver.receive::<RawEvent>(None, b"data[a]=1&auth[application_token]=t");
    assert!(matches!(r, Err(Error::BadBody(BodyError::NoEventName))));
    let r = receiver.receive::<RawEvent>(None, b"event=X&auth[application_token]=secret123");
    let msg = r.unwrap_err().to_string();
    assert!(!msg.contains("secret123"), "{msg}");
}
