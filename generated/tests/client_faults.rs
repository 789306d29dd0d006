//! Injected faults: slow answers, server errors, broken JSON, dropped connections,
//! a moved portal.

mod client_support;

use std::time::Duration;

use b24_fake_portal::Fault;
use bitrix24::client::{Client, Error};
use client_support::*;
use serde_json::json;
use tokio::time::Instant;

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
async fn idempotent_methods_are_configurable() {
    let portal = portal().await;
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .no_rate_limit()
            .idempotent_suffixes([".add"]),
    );
    portal.inject(Fault::ServerError);
    assert!(client.call(&ContactAdd::default()).await.is_ok());
    portal.inject(Fault::ServerError);
    assert!(client.call(&UserCurrent::default()).await.is_err());
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

#[tokio::test]
async fn a_moved_portal_is_followed_with_the_same_post() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.move_portal();
    let echo = Echo::with("fields", json!({"TITLE": "after the move"}));
    let answer = client
        .call(&echo)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(answer, json!({"fields": {"TITLE": "after the move"}}));
    assert_eq!(portal.counters().redirects, 1);
    // Later calls go to the new address directly.
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    assert_eq!(portal.counters().redirects, 1);
}
