//! The request limit (client bucket, `QUERY_LIMIT_EXCEEDED`) and the method time
//! limit (`OPERATION_TIME_LIMIT`).

use crate::client_support;

use std::time::Duration;

use b24_fake_portal::{BucketLimit, Fault, PortalConfig};
use bitrix24::client::{Client, ClientConfig, Error};
use client_support::*;
use futures_util::future::join_all;
use tokio::time::Instant;

fn limited_portal_config(per_second: f64, burst: u32) -> PortalConfig {
    PortalConfig {
        rate_limit: Some(BucketLimit { per_second, burst }),
        ..PortalConfig::default()
    }
}

#[tokio::test(start_paused = true)]
async fn refused_requests_are_retried_with_backoff() {
    let portal = portal_with(limited_portal_config(1.0, 3)).await;
    let client = webhook_client(&portal);
    let started = Instant::now();
    for _ in 0..8 {
        let call = client.call(&ContactAdd::default()).await;
        assert!(call.is_ok(), "{call:?}");
    }
    let counters = portal.counters();
    assert!(
        counters.refused > 0,
        "the portal refused nothing: {counters:?}"
    );
    assert_eq!(counters.calls.get("crm.contact.add"), Some(&8));
    // Five requests over the burst at one a second.
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn rate_limit_retries_are_bounded() {
    let portal = portal().await;
    let config = ClientConfig {
        rate_limit: None,
        max_rate_limit_retries: 2,
        ..ClientConfig::default()
    };
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .config(config),
    );
    let refused = r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}"#;
    for _ in 0..5 {
        portal.inject(Fault::Reply {
            status: 503,
            body: refused.into(),
        });
    }
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(
        err.as_ref()
            .and_then(Error::api)
            .is_some_and(|api| api.is("QUERY_LIMIT_EXCEEDED")),
        "{err:?}"
    );
    assert_eq!(portal.counters().requests, 3);
}

#[tokio::test(start_paused = true)]
async fn overload_limit_is_not_retried() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::Reply {
        status: 503,
        body: r#"{"error":"OVERLOAD_LIMIT","error_description":""}"#.into(),
    });
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(err
        .as_ref()
        .and_then(Error::api)
        .is_some_and(|api| api.is("OVERLOAD_LIMIT")));
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test(start_paused = true)]
async fn the_client_bucket_keeps_the_portal_from_refusing() {
    let portal = portal_with(limited_portal_config(2.0, 10)).await;
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .rate_limit(2.0, 10),
    );
    let started = Instant::now();
    let calls = (0..30).map(|_| client.call(&UserCurrent::default()));
    let results = join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    let counters = portal.counters();
    assert_eq!(counters.refused, 0);
    assert_eq!(counters.requests, 30);
    // Twenty requests over the burst at two a second.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(10) && elapsed < Duration::from_secs(11),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn enterprise_limits_are_configurable() {
    let portal = portal_with(limited_portal_config(5.0, 250)).await;
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .rate_limit(5.0, 250),
    );
    let started = Instant::now();
    let results = join_all((0..260).map(|_| client.call(&UserCurrent::default()))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(portal.counters().refused, 0);
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn operation_time_limit_without_timing_waits_for_the_recorded_reset() {
    // Real portals say nothing in the refusal: the reset comes from an earlier answer.
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        operating_cost: Duration::from_secs(5),
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    let started = Instant::now();
    assert!(client.call(&ContactAdd::default()).await.is_ok());
    tokio::time::advance(Duration::from_secs(100)).await;
    portal.inject(Fault::OperationTimeLimit);
    let call = client.call(&ContactAdd::default()).await;
    assert!(call.is_ok(), "{call:?}");
    // The first call's charge leaves the ten-minute window 600 s after it.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(599) && elapsed <= Duration::from_secs(602),
        "{elapsed:?}"
    );
    assert_eq!(portal.counters().requests, 3);
}

#[tokio::test(start_paused = true)]
async fn operation_time_limit_with_nothing_recorded_waits_a_bucket() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::OperationTimeLimit);
    let started = Instant::now();
    assert!(client.call(&ContactAdd::default()).await.is_ok());
    assert_eq!(started.elapsed().as_secs(), 60);
}

#[tokio::test(start_paused = true)]
async fn operation_time_limit_beyond_the_maximum_wait_fails() {
    let portal = portal().await;
    let config = ClientConfig {
        rate_limit: None,
        max_operation_wait: Duration::from_secs(100),
        ..ClientConfig::default()
    };
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .config(config),
    );
    for _ in 0..3 {
        portal.inject(Fault::OperationTimeLimit);
    }
    let started = Instant::now();
    let err = client.call(&ContactAdd::default()).await.err();
    let api = err.as_ref().and_then(Error::api).cloned();
    assert!(api
        .as_ref()
        .is_some_and(|api| api.is("OPERATION_TIME_LIMIT") && api.status == Some(429)));
    // One wait of a bucket fits in 100 s; a second would not.
    assert_eq!(started.elapsed().as_secs(), 60);
    assert_eq!(portal.counters().requests, 2);
}
