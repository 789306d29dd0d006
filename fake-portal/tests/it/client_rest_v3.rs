//! REST 3.0 methods: `/rest/api/…`, JSON bodies, their error shape.

use crate::client_support;

use std::collections::BTreeMap;

use bitrix24::client::Error;
use client_support::*;
use serde_json::json;

#[tokio::test]
async fn rest_v3_methods_are_called_under_rest_api() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut fields = BTreeMap::new();
    fields.insert("title".to_string(), json!("Release"));
    let answer = client
        .call(&TaskAddV3 { fields })
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(answer["item"]["title"], json!("Release"));
    // The classic path has no such method.
    let classic = client
        .call_raw("tasks.task.add", json!({"fields": {"title": "x"}}))
        .await
        .err();
    assert!(classic
        .as_ref()
        .and_then(Error::api)
        .is_some_and(|api| api.is("ERROR_METHOD_NOT_FOUND")));
}

#[tokio::test]
async fn rest_v3_validation_errors_are_typed() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let err = client.call(&TaskAddV3::default()).await.err();
    let api = err
        .as_ref()
        .and_then(Error::api)
        .cloned()
        .unwrap_or_else(|| panic!("expected an API error: {err:?}"));
    assert_eq!(
        api.code,
        "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
    );
    assert_eq!(api.status, Some(400));
    assert_eq!(api.validation.len(), 1);
    assert_eq!(api.validation[0].field, "fields.title");
}

#[tokio::test]
async fn rest_v3_raw_calls_carry_the_oauth_token_in_the_body() {
    let portal = portal().await;
    let config = portal.config();
    let tokens = bitrix24::client::Tokens {
        access_token: config.access_token.as_str().into(),
        refresh_token: config.refresh_token.as_str().into(),
        expires: None,
    };
    let client = build(
        bitrix24::client::Client::builder()
            .oauth(
                portal.base_url(),
                tokens,
                config.client_id.clone(),
                config.client_secret.as_str(),
            )
            .token_endpoint(portal.token_url())
            .no_rate_limit(),
    );
    let echoed = client
        .call_raw_v3("test.echo", json!({"a": 1}))
        .await
        .map(|response| response.result);
    assert_eq!(echoed.ok(), Some(json!({"a": 1})));
}
