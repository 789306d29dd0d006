//! Injected faults: slow answers, server errors, broken JSON, dropped connections,
//! a moved portal.

use crate::client_support;

use std::time::Duration;

use std::sync::{Arc, Mutex};

use b24_fake_portal::{Fault, Move};
use bitrix24::client::{Client, ClientConfig, Error};
use bitrix24::method::UndocumentedError;
use bitrix24::Method;
use client_support::*;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::time::Instant;

/// A write whose name reads like a read: the method's fact decides, not its name.
#[derive(Debug, Default, Serialize)]
struct ResetGet {}

impl Method for ResetGet {
    const NAME: &'static str = "user.current";
    const SCOPES: &'static [&'static str] = &[];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = false;
    type Response = Value;
    type Error = UndocumentedError;
}

/// A read whose name says nothing.
#[derive(Debug, Default, Serialize)]
struct Lookup {}

impl Method for Lookup {
    const NAME: &'static str = "test.echo";
    const SCOPES: &'static [&'static str] = &[];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = Value;
    type Error = UndocumentedError;
}

#[tokio::test(start_paused = true)]
async fn slow_answers_time_out() {
    let portal = portal().await;
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .no_rate_limit()
            .timeout(Duration::from_secs(2)),
    );
    portal.inject(Fault::Delay(Duration::from_secs(30)));
    let started = Instant::now();
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(
        matches!(&err, Some(Error::Timeout { method }) if method == "user.current"),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    // A delay within the timeout is just a slow answer.
    portal.inject(Fault::Delay(Duration::from_secs(1)));
    assert!(client.call(&UserCurrent::default()).await.is_ok());
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_for_reads() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::ServerError);
    portal.inject(Fault::HtmlError(502));
    let user = client.call(&UserCurrent::default()).await;
    assert!(user.is_ok(), "{user:?}");
    assert_eq!(portal.counters().requests, 3);
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_not_retried_for_writes() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::ServerError);
    let err = client.call(&ContactAdd::default()).await.err();
    let api = err.as_ref().and_then(Error::api).cloned();
    assert_eq!(
        api.map(|api| (api.code, api.status)),
        Some(("INTERNAL_SERVER_ERROR".to_string(), Some(500)))
    );
    assert_eq!(portal.counters().requests, 1);
    // Non-JSON error pages are reported by status.
    portal.inject(Fault::HtmlError(502));
    let err = client.call(&ContactAdd::default()).await.err();
    assert!(
        matches!(err, Some(Error::Http { status: 502, .. })),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn retries_of_reads_are_bounded() {
    let portal = portal().await;
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .no_rate_limit()
            .max_retries(2),
    );
    for _ in 0..5 {
        portal.inject(Fault::ServerError);
    }
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(err
        .as_ref()
        .and_then(Error::api)
        .is_some_and(|api| api.status == Some(500)));
    assert_eq!(portal.counters().requests, 3);
}

#[tokio::test(start_paused = true)]
async fn retries_follow_the_methods_read_only_fact() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::ServerError);
    assert!(client.call(&Lookup::default()).await.is_ok());
    portal.inject(Fault::ServerError);
    assert!(client.call(&ResetGet::default()).await.is_err());
    assert_eq!(portal.counters().requests, 3);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::MalformedJson);
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(
        matches!(&err, Some(Error::Decode { method, .. }) if method == "user.current"),
        "{err:?}"
    );
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test(start_paused = true)]
async fn dropped_connections_are_retried_for_reads_only() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::DropConnection);
    let user = client.call(&UserCurrent::default()).await;
    assert!(user.is_ok(), "{user:?}");
    portal.inject(Fault::DropConnection);
    let err = client.call(&ContactAdd::default()).await.err();
    assert!(
        matches!(&err, Some(Error::Transport { method, .. }) if method == "crm.contact.add"),
        "{err:?}"
    );
}

fn moved_calls(portal: &b24_fake_portal::FakePortal) -> u64 {
    let host = portal.moved_url().replace("http://", "");
    portal
        .counters()
        .hosts
        .get(&host)
        .copied()
        .unwrap_or_default()
}

fn client_watching_moves(
    portal: &b24_fake_portal::FakePortal,
) -> (Client, Arc<Mutex<Vec<String>>>) {
    let moves: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = moves.clone();
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .no_rate_limit()
            .on_portal_moved(move |address| {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(address.to_string());
                }
            }),
    );
    (client, moves)
}

#[tokio::test]
async fn a_portal_moved_to_another_host_is_followed_with_the_same_post() {
    let portal = portal().await;
    let (client, moves) = client_watching_moves(&portal);
    portal.move_portal(Move::SamePath);
    let echo = Echo::with("fields", json!({"TITLE": "after the move"}));
    let answer = client
        .call(&echo)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(answer, json!({"fields": {"TITLE": "after the move"}}));
    assert_eq!(portal.counters().redirects, 1);
    // Later calls go to the new address directly, and the application was told.
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    assert_eq!(portal.counters().redirects, 1);
    assert_eq!(moved_calls(&portal), 2);
    assert_eq!(client.portal(), portal.moved_url());
    let moves = moves.lock().map(|seen| seen.clone()).unwrap_or_default();
    assert_eq!(moves, vec![portal.moved_url()]);
}

#[tokio::test]
async fn a_redirect_to_the_site_root_keeps_the_method_path() {
    let portal = portal().await;
    let (client, moves) = client_watching_moves(&portal);
    portal.move_portal(Move::SiteRoot);
    let echo = Echo::with("n", json!(1));
    let answer = client.call(&echo).await;
    assert_eq!(answer.ok(), Some(json!({"n": 1})));
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    assert_eq!(portal.counters().redirects, 1);
    assert_eq!(moved_calls(&portal), 2);
    let moves = moves.lock().map(|seen| seen.len()).unwrap_or_default();
    assert_eq!(moves, 1);
}

#[tokio::test]
async fn connect_timeouts_are_retried_for_reads() {
    // A listener that never accepts, its queue full: connections hang unanswered.
    let socket = tokio::net::TcpSocket::new_v4().unwrap_or_else(|err| panic!("{err}"));
    socket
        .bind("127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!()))
        .unwrap_or_else(|err| panic!("{err}"));
    let listener = socket.listen(0).unwrap_or_else(|err| panic!("{err}"));
    let addr = listener.local_addr().unwrap_or_else(|err| panic!("{err}"));
    let mut queued = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(50),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            queued.push(stream);
        }
    }
    let config = ClientConfig {
        rate_limit: None,
        connect_timeout: Duration::from_millis(100),
        max_retries: 2,
        backoff_base: Duration::from_millis(1),
        ..ClientConfig::default()
    };
    let client = build(
        Client::builder()
            .webhook(format!("http://{addr}/rest/1/code/"))
            .config(config),
    );
    let started = std::time::Instant::now();
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(matches!(&err, Some(Error::Unreachable { .. })), "{err:?}");
    // Three attempts, each ended by the connect timeout.
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    drop(queued);
}

#[tokio::test]
async fn refused_connections_are_retried_even_for_writes() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("{err}"));
    let addr = probe.local_addr().unwrap_or_else(|err| panic!("{err}"));
    drop(probe);
    let config = ClientConfig {
        rate_limit: None,
        max_retries: 2,
        backoff_base: Duration::from_millis(1),
        ..ClientConfig::default()
    };
    let client = build(
        Client::builder()
            .webhook(format!("http://{addr}/rest/1/code/"))
            .config(config),
    );
    let err = client.call(&ContactAdd::default()).await.err();
    assert!(
        matches!(&err, Some(Error::Unreachable { method, .. }) if method == "crm.contact.add"),
        "{err:?}"
    );
}
