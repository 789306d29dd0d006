//! Pacing by operating time: a method's budget per ten minutes, learnt from answers.

use crate::client_support;

use std::time::Duration;

use b24_fake_portal::PortalConfig;
use bitrix24::client::Error;
use client_support::*;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn a_workload_past_the_budget_is_paced_without_refusals() {
    // 10 s per call against 480 s per ten minutes: 48 calls a window.
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        operating_cost: Duration::from_secs(10),
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    let started = Instant::now();
    for call in 0..120 {
        let answer = client.call(&ContactAdd::default()).await;
        assert!(answer.is_ok(), "call {call}: {answer:?}");
    }
    let elapsed = started.elapsed();
    // 120 calls need three windows: two waits of about ten minutes.
    assert!(
        elapsed >= Duration::from_secs(1190) && elapsed <= Duration::from_secs(1210),
        "{elapsed:?}"
    );
    let counters = portal.counters();
    assert_eq!(counters.operation_limited, 0);
    assert_eq!(counters.calls.get("crm.contact.add"), Some(&120));
}

#[tokio::test(start_paused = true)]
async fn other_methods_are_not_held_back() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        operating_cost: Duration::from_secs(10),
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    for _ in 0..48 {
        assert!(client.call(&ContactAdd::default()).await.is_ok());
    }
    let started = Instant::now();
    let user: Result<User, Error> = client.call(&UserCurrent::default()).await;
    assert!(user.is_ok());
    assert_eq!(started.elapsed(), Duration::ZERO);
}
