//! Events end to end: a handler bound with the generated `event.bind` type, the fake
//! portal posting real-shaped bodies (the `data` of the docs' delivery examples, kept in
//! `runtime/tests/data/`) to it, the receiver checking the token and typing the event,
//! and forged or tokenless bodies turned away.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use b24_fake_portal::{http_build_query, post_form, FakePortal, APPLICATION_TOKEN};
use bitrix24::api::event::{Bind, Unbind};
use bitrix24::client::Client;
use bitrix24::events::{ApplicationToken, Error, Event, EventName, EventPayload, Receiver};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

/// What the handler made of each delivery.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Typed(String),
    Unknown(String, Value),
    Rejected(u16),
}

type Log = Arc<Mutex<Vec<(Seen, Option<Event>)>>>;

/// A handler on a free port: answers 200 to events it could read, 400/401/403 otherwise.
async fn handler(receiver: Receiver) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let log: Log = Arc::default();
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let receiver = receiver.clone();
            let seen = seen.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let receiver = receiver.clone();
                    let seen = seen.clone();
                    async move {
                        let content_type = req
                            .headers()
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string);
                        let body = req.into_body().collect().await?.to_bytes();
                        let (status, entry) =
                            match receiver.receive::<Event>(content_type.as_deref(), &body) {
                                Ok(d) => (200, (Seen::Typed(d.name.clone()), Some(d.event))),
                                Err(Error::UnknownEvent(d)) => {
                                    let Event::Unknown { name, data } = d.event else {
                                        panic!("unknown events come as Event::Unknown");
                                    };
                                    (200, (Seen::Unknown(name, data), None))
                                }
                                Err(Error::BadBody(_)) => (400, (Seen::Rejected(400), None)),
                                Err(Error::TokenMissing) => (401, (Seen::Rejected(401), None)),
                                Err(Error::TokenWrong) => (403, (Seen::Rejected(403), None)),
                                Err(e) => panic!("unexpected: {e}"),
                            };
                        seen.lock().unwrap().push(entry);
                        let mut answer = Response::new(Full::new(Bytes::new()));
                        *answer.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
                        Ok::<_, hyper::Error>(answer)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("http://{addr}/b24/events"), log)
}

fn example_data(event: &str) -> Value {
    let path = format!(
        "{}/../runtime/tests/data/{event}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    body["data"].clone()
}

/// A form body turns every scalar into a string, as PHP sends it.
fn as_form_values(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), as_form_values(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(as_form_values).collect()),
        Value::Bool(b) => json!(u8::from(*b).to_string()),
        Value::Number(n) => json!(n.to_string()),
        other => other.clone(),
    }
}

/// Events of namespaces whose cargo features no crate of the workspace turns on (features
/// are unified across the workspace when its tests are built together).
const RAW: [&str; 3] = [
    "ONBOOKINGADD",
    "ONIMCONNECTORDIALOGSTART",
    "ONSIGNB2EDOCUMENTSTATUSCHANGED",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bound_handlers_receive_typed_events_and_forgeries_are_turned_away() {
    let portal = FakePortal::start().await.unwrap();
    let client = Client::from_webhook(&portal.webhook_url()).unwrap();
    let receiver = Receiver::new(ApplicationToken::new(APPLICATION_TOKEN));
    let (url, log) = handler(receiver).await;

    let typed = [
        EventName::Onimbotmessageadd,
        EventName::OnCalendarEntryAdd,
        EventName::OnAppInstall,
        EventName::OnUserAdd,
    ];
    for name in &typed {
        let _: bool = client
            .call(&Bind::new(name.clone(), url.clone()))
            .await
            .unwrap();
    }
    // Namespaces whose features are off here: delivered raw.
    for raw in RAW {
        let _: bool = client
            .call(&Bind::new(EventName::from_wire(raw), url.clone()))
            .await
            .unwrap();
    }

    for name in &typed {
        let delivered = portal
            .deliver(name.as_str(), &example_data(name.as_str()))
            .await;
        assert_eq!(delivered.len(), 1, "{name}");
        assert_eq!(delivered[0].status, Some(200), "{name}");
    }
    for raw in RAW {
        let data = json!({"FIELDS": {"ID": "759"}});
        let delivered = portal.deliver(raw, &data).await;
        assert_eq!(delivered[0].status, Some(200), "{raw}");
        let last = log.lock().unwrap().last().cloned().unwrap();
        assert_eq!(
            last.0,
            Seen::Unknown(raw.to_string(), as_form_values(&data))
        );
    }

    let entries = log.lock().unwrap().clone();
    let events: Vec<Event> = entries.iter().filter_map(|(_, e)| e.clone()).collect();
    assert_eq!(events.len(), 4);
    match &events[0] {
        Event::Onimbotmessageadd(p) => {
            let params = p.params.as_ref().expect("PARAMS");
            assert!(params.message.as_deref().is_some_and(|m| !m.is_empty()));
            assert!(params.dialog_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    match &events[1] {
        Event::OnCalendarEntryAdd(p) => assert!(p.id.is_some()),
        other => panic!("{other:?}"),
    }
    match &events[2] {
        Event::OnAppInstall(p) => assert!(p.version.is_some()),
        other => panic!("{other:?}"),
    }
    match &events[3] {
        Event::OnUserAdd(p) => {
            assert!(p.id.is_some_and(|id| id > 0));
            assert_eq!(p.active, Some(true));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(events[3].name(), EventName::OnUserAdd);
    assert_eq!(
        bitrix24::api::user::events::OnUserAdd::NAME,
        EventName::OnUserAdd.as_str()
    );

    // Forged: the right shape, the wrong token; and no token at all.
    let mut forged = json!({"event": "ONUSERADD", "data": example_data("ONUSERADD"),
        "auth": {"domain": "evil.example", "application_token": "0".repeat(32)}});
    assert_eq!(post_form(&url, &http_build_query(&forged)).await, Some(403));
    forged["auth"]
        .as_object_mut()
        .unwrap()
        .remove("application_token");
    assert_eq!(post_form(&url, &http_build_query(&forged)).await, Some(401));
    assert_eq!(post_form(&url, "data[a][b]=%ff").await, Some(400));

    // Unbound: nothing is delivered any more.
    client
        .call(&Unbind::new(EventName::OnUserAdd, url.clone()))
        .await
        .unwrap();
    assert!(portal.deliver("ONUSERADD", &json!({})).await.is_empty());
}
