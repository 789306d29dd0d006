//! OAuth applications: token in the request, renewal on `expired_token`.

mod client_support;

use std::sync::{Arc, Mutex};

use b24_fake_portal::FakePortal;
use bitrix24::client::{Client, ClientBuilder, Error, Tokens};
use client_support::*;
use futures_util::future::join_all;

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
