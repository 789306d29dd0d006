//! OAuth applications: token in the request, renewal on `expired_token`.

use crate::client_support;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use b24_fake_portal::{FakePortal, Move, PortalConfig};
use bitrix24::client::{Client, ClientBuilder, Error, MemoryTokenStore, TokenStore, Tokens};
use client_support::*;
use futures_util::future::join_all;
use futures_util::FutureExt;
use tokio::time::Instant;

fn oauth_builder(portal: &FakePortal) -> ClientBuilder {
    let config = portal.config();
    let tokens = Tokens {
        access_token: config.access_token.as_str().into(),
        refresh_token: config.refresh_token.as_str().into(),
        expires: None,
    };
    Client::builder()
        .oauth(
            portal.base_url(),
            tokens,
            config.client_id.clone(),
            config.client_secret.as_str(),
        )
        .token_endpoint(portal.token_url())
        .no_rate_limit()
}

#[tokio::test(start_paused = true)]
async fn calls_carry_the_access_token() {
    let portal = portal().await;
    let client = build(oauth_builder(&portal));
    let user = client.call(&UserCurrent::default()).await;
    assert!(user.is_ok(), "{user:?}");
    assert_eq!(portal.counters().token_refreshes, 0);
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_one_renewal() {
    let portal = portal().await;
    let renewed: Arc<Mutex<Vec<Tokens>>> = Arc::default();
    let seen = renewed.clone();
    let client = build(oauth_builder(&portal).on_tokens_renewed(move |tokens| {
        if let Ok(mut seen) = seen.lock() {
            seen.push(tokens.clone());
        }
    }));
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    portal.expire_access_token();
    let results = join_all((0..10).map(|_| client.call(&UserCurrent::default()))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(portal.counters().token_refreshes, 1);
    let renewed = renewed.lock().map(|seen| seen.clone()).unwrap_or_default();
    assert_eq!(renewed.len(), 1);
    let (access, refresh) = portal.tokens();
    assert_eq!(
        (
            renewed[0].access_token.expose(),
            renewed[0].refresh_token.expose()
        ),
        (access.as_str(), refresh.as_str())
    );
    assert!(renewed[0].expires.is_some());
    let current = client
        .tokens()
        .await
        .map(|tokens| tokens.access_token.expose().to_string());
    assert_eq!(current, Some(access));
}

#[tokio::test(start_paused = true)]
async fn each_expiry_renews_once_more() {
    let portal = portal().await;
    let client = build(oauth_builder(&portal));
    for round in 1..=3 {
        portal.expire_access_token();
        assert!(client.call(&UserCurrent::default()).await.is_ok());
        assert_eq!(portal.counters().token_refreshes, round);
    }
}

#[tokio::test(start_paused = true)]
async fn batches_and_positional_bodies_are_authenticated_too() {
    let portal = portal().await;
    let client = build(oauth_builder(&portal));
    portal.expire_access_token();
    let mut batch = client.batch();
    let me = batch.add("me", &UserCurrent::default());
    let me = me.unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    assert!(results.get(&me).is_ok());
    assert_eq!(portal.counters().token_refreshes, 1);
    let positional = client
        .call_raw(
            "test.echo",
            serde_json::json!([123, {"POST_MESSAGE": "hi"}]),
        )
        .await;
    let echoed = positional
        .map(|response| response.result)
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(echoed, serde_json::json!([123, {"POST_MESSAGE": "hi"}]));
}

#[tokio::test(start_paused = true)]
async fn a_failed_renewal_is_reported_once() {
    let portal = portal().await;
    let config = portal.config();
    let tokens = Tokens {
        access_token: config.access_token.as_str().into(),
        refresh_token: "stale".into(),
        expires: None,
    };
    let client = build(
        Client::builder()
            .oauth(
                portal.base_url(),
                tokens,
                config.client_id.clone(),
                config.client_secret.as_str(),
            )
            .token_endpoint(portal.token_url())
            .no_rate_limit(),
    );
    portal.expire_access_token();
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(
        matches!(&err, Some(Error::TokenRefresh { code, status: Some(400), .. }) if code == "invalid_grant"),
        "{err:?}"
    );
    assert_eq!(portal.counters().token_refreshes, 0);
}

#[tokio::test(start_paused = true)]
async fn an_expired_token_without_renewal_is_an_error_for_webhooks() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(b24_fake_portal::Fault::Reply {
        status: 401,
        body: r#"{"error":"expired_token","error_description":"The access token provided has expired."}"#.into(),
    });
    let err = client.call(&UserCurrent::default()).await.err();
    assert!(err
        .as_ref()
        .and_then(Error::api)
        .is_some_and(|api| api.is("EXPIRED_TOKEN")));
}

fn first_tokens(portal: &FakePortal) -> Tokens {
    let config = portal.config();
    Tokens {
        access_token: config.access_token.as_str().into(),
        refresh_token: config.refresh_token.as_str().into(),
        expires: None,
    }
}

#[tokio::test(start_paused = true)]
async fn a_stalled_token_endpoint_fails_waiting_calls_after_the_renewal_timeout() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        token_delay: Duration::from_secs(3600),
        ..PortalConfig::default()
    })
    .await;
    let client = build(oauth_builder(&portal).token_timeout(Duration::from_secs(5)));
    portal.expire_access_token();
    let started = Instant::now();
    let results = join_all((0..5).map(|_| client.call(&UserCurrent::default()))).await;
    assert_eq!(started.elapsed().as_secs(), 5);
    for result in &results {
        assert!(
            matches!(result, Err(Error::TokenRefresh { code, .. }) if code == "timeout"),
            "{result:?}"
        );
    }
    assert_eq!(portal.counters().token_requests, 1);
}

#[tokio::test(start_paused = true)]
async fn reading_tokens_never_waits_for_a_renewal() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        token_delay: Duration::from_secs(10),
        ..PortalConfig::default()
    })
    .await;
    let client = build(oauth_builder(&portal));
    portal.expire_access_token();
    let call = tokio::spawn(client.call(&UserCurrent::default()));
    // Let the call reach the token endpoint.
    while portal.counters().token_requests == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let tokens = client.tokens().now_or_never();
    assert_eq!(tokens, Some(Some(first_tokens(&portal))));
    assert!(matches!(call.await, Ok(Ok(_))));
}

#[tokio::test(start_paused = true)]
async fn a_renewal_survives_its_caller_going_away() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        token_delay: Duration::from_secs(2),
        ..PortalConfig::default()
    })
    .await;
    let client = build(oauth_builder(&portal));
    portal.expire_access_token();
    // The caller gives up after the token endpoint rotated the pair, before its answer.
    let gave_up =
        tokio::time::timeout(Duration::from_secs(1), client.call(&UserCurrent::default())).await;
    assert!(gave_up.is_err());
    assert_eq!(portal.counters().token_refreshes, 1);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (access, _) = portal.tokens();
    let held = client
        .tokens()
        .await
        .map(|tokens| tokens.access_token.expose().to_string());
    assert_eq!(held, Some(access));
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    assert_eq!(portal.counters().token_refreshes, 1);
}

#[tokio::test(start_paused = true)]
async fn invalid_token_renews_once() {
    let portal = portal().await;
    let client = build(oauth_builder(&portal));
    portal.revoke_access_token();
    let results = join_all((0..4).map(|_| client.call(&UserCurrent::default()))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(portal.counters().token_refreshes, 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_renewal_is_one_error_for_every_waiter() {
    let portal = portal().await;
    let config = portal.config();
    let client = build(
        Client::builder()
            .oauth(
                portal.base_url(),
                first_tokens(&portal),
                config.client_id.clone(),
                "wrong secret",
            )
            .token_endpoint(portal.token_url())
            .no_rate_limit(),
    );
    portal.expire_access_token();
    let results = join_all((0..6).map(|_| client.call(&UserCurrent::default()))).await;
    for result in &results {
        assert!(
            matches!(result, Err(Error::TokenRefresh { code, status: Some(401), .. }) if code == "invalid_client"),
            "{result:?}"
        );
    }
    assert_eq!(portal.counters().token_requests, 1);
}

#[tokio::test(start_paused = true)]
async fn the_renewal_answer_moves_the_portal() {
    let portal = portal().await;
    let moves: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = moves.clone();
    let client = build(oauth_builder(&portal).on_portal_moved(move |address| {
        if let Ok(mut seen) = seen.lock() {
            seen.push(address.to_string());
        }
    }));
    // Only the OAuth server knows the new address.
    portal.move_portal(Move::Quiet);
    portal.expire_access_token();
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    let host = portal.moved_url().replace("http://", "");
    // The repeated call and the next one.
    assert_eq!(portal.counters().hosts.get(&host).copied(), Some(2));
    assert_eq!(client.portal(), portal.moved_url());
    let moves = moves.lock().map(|seen| seen.clone()).unwrap_or_default();
    assert_eq!(moves, vec![portal.moved_url()]);
}

#[tokio::test(start_paused = true)]
async fn the_renewal_callback_runs_outside_every_lock() {
    let portal = portal().await;
    let this: Arc<OnceLock<Client>> = Arc::default();
    let inside = this.clone();
    let seen: Arc<Mutex<Vec<Option<Tokens>>>> = Arc::default();
    let record = seen.clone();
    let client = build(oauth_builder(&portal).on_tokens_renewed_async(move |_| {
        let inside = inside.clone();
        let record = record.clone();
        async move {
            // The client answers from inside the callback, and already holds the pair.
            if let Some(client) = inside.get() {
                let tokens = client.tokens().await;
                let echoed = client.call(&Echo::default()).await;
                assert!(echoed.is_ok(), "{echoed:?}");
                if let Ok(mut seen) = record.lock() {
                    seen.push(tokens);
                }
            }
        }
    }));
    let _ = this.set(client.clone());
    portal.expire_access_token();
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    let (access, _) = portal.tokens();
    let seen = seen.lock().map(|seen| seen.clone()).unwrap_or_default();
    let seen: Vec<String> = seen
        .iter()
        .flatten()
        .map(|tokens| tokens.access_token.expose().to_string())
        .collect();
    assert_eq!(seen, vec![access]);
}

#[tokio::test(start_paused = true)]
async fn two_clients_share_tokens_through_a_store() {
    let portal = portal().await;
    let store: Arc<MemoryTokenStore> = Arc::new(MemoryTokenStore::new(first_tokens(&portal)));
    let first = build(oauth_builder(&portal).token_store(store.clone()));
    let second = build(oauth_builder(&portal).token_store(store.clone()));
    portal.expire_access_token();
    assert!(first.call(&UserCurrent::default()).await.is_ok());
    // The second client's pair is spent; it takes the one the first stored.
    assert!(second.call(&UserCurrent::default()).await.is_ok());
    assert_eq!(portal.counters().token_refreshes, 1);
    let stored = store.load().await.ok().flatten();
    assert_eq!(stored, second.tokens().await);
}

#[test]
fn the_default_token_endpoint_is_the_oauth_server() {
    assert_eq!(
        bitrix24::client::DEFAULT_TOKEN_URL,
        "https://oauth.bitrix24.tech/oauth/token/"
    );
}
