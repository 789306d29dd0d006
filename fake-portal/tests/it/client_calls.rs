//! Plain calls through a webhook: request encoding, envelope, errors.

use crate::client_support;

use b24_fake_portal::Fault;
use bitrix24::client::{Client, Error};
use client_support::*;
use serde_json::json;

#[tokio::test]
async fn webhook_call_decodes_the_result() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let user = client.call(&UserCurrent::default()).await;
    let user = user.unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(user.id, "1");
    assert_eq!(user.departments, vec![7]);
    assert_eq!(portal.counters().calls.get("user.current"), Some(&1));
}

#[tokio::test]
async fn the_request_travels_as_a_json_body() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let echo = Echo::with(
        "fields",
        json!({"TITLE": "Deal & co", "OPPORTUNITY": 19999.99, "TAGS": ["a", "b"]}),
    );
    let answer = client
        .call(&echo)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        answer,
        json!({"fields": {"TITLE": "Deal & co", "OPPORTUNITY": 19999.99, "TAGS": ["a", "b"]}})
    );
}

#[tokio::test]
async fn call_with_meta_returns_time_total_and_next() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let page = client
        .call_with_meta(&ContactList::default())
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(page.result.len(), 50);
    assert_eq!(page.meta.total, Some(10_000));
    assert_eq!(page.meta.next, Some(50));
    let time = page.meta.time.unwrap_or_default();
    assert!(time.start.is_some() && time.finish.is_some() && time.operating_reset_at.is_some());
}

#[tokio::test]
async fn lenient_envelope_numbers_as_strings_and_missing_time() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::Reply {
        status: 200,
        body: r#"{"result":[],"total":"120","next":"50","time":{"start":1700000000,"finish":"1700000000.5"}}"#.into(),
    });
    let page = client
        .call_with_meta(&ContactList::default())
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!((page.meta.total, page.meta.next), (Some(120), Some(50)));
    let time = page.meta.time.unwrap_or_default();
    assert_eq!(
        (time.start, time.finish, time.duration),
        (Some(1.7e9), Some(1_700_000_000.5), None)
    );
    portal.inject(Fault::Reply {
        status: 200,
        body: r#"{"result":[]}"#.into(),
    });
    let bare = client
        .call_with_meta(&ContactList::default())
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(bare.meta, bitrix24::client::Meta::default());
}

#[tokio::test]
async fn api_errors_keep_code_description_status_and_typed_code() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::Reply {
        status: 403,
        body: r#"{"error":"ACCESS_DENIED","error_description":"Access denied."}"#.into(),
    });
    let err = client.call(&UserCurrent::default()).await.err();
    let api = err.as_ref().and_then(Error::api).cloned();
    let api = api.unwrap_or_else(|| panic!("expected an API error, got {err:?}"));
    assert_eq!(
        (api.code.as_str(), api.description.as_str(), api.status),
        ("ACCESS_DENIED", "Access denied.", Some(403))
    );
    assert_eq!(api.method, "user.current");
    assert_eq!(
        api.code_for::<UserCurrent>(),
        UserCurrentError::AccessDenied
    );
    assert_eq!(
        err.and_then(|err| err.code_for::<UserCurrent>()),
        Some(UserCurrentError::AccessDenied)
    );
}

#[tokio::test]
async fn numeric_codes_beyond_i32_stay_exact() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::Reply {
        status: 400,
        body: r#"{"error":200040300010,"error_description":""}"#.into(),
    });
    let err = client.call(&UserCurrent::default()).await.err();
    let code = err
        .as_ref()
        .and_then(Error::api)
        .map(|api| api.code.clone());
    assert_eq!(code.as_deref(), Some("200040300010"));
    assert_eq!(
        err.and_then(|err| err.code_for::<UserCurrent>()),
        Some(UserCurrentError::Other("200040300010".into()))
    );
}

#[tokio::test]
async fn rest_v3_error_shape_is_understood() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::Reply {
        status: 400,
        body: r#"{"error":{"code":"BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION","message":"Validation failed","validation":[{"field":"title","message":"Required"}]}}"#.into(),
    });
    let err = client.call(&UserCurrent::default()).await.err();
    let api = err
        .as_ref()
        .and_then(Error::api)
        .cloned()
        .unwrap_or_else(|| panic!("expected an API error"));
    assert_eq!(
        api.code,
        "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
    );
    assert_eq!(api.description, "Validation failed");
    assert_eq!(api.validation.len(), 1);
    assert_eq!(api.validation[0].field, "title");
}

#[tokio::test]
async fn decode_errors_name_method_and_path() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(Fault::Reply {
        status: 200,
        body: r#"{"result":{"ID":"1","NAME":"Ada","UF_DEPARTMENT":[7,"x"]}}"#.into(),
    });
    match client.call(&UserCurrent::default()).await {
        Err(Error::Decode { method, path, .. }) => {
            assert_eq!(method, "user.current");
            assert_eq!(path, "result.UF_DEPARTMENT[1]");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_methods_and_bad_webhook_codes_are_api_errors() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let missing = client.call_raw("no.such.method", json!({})).await.err();
    assert_eq!(
        missing.as_ref().and_then(Error::api).map(|api| api.status),
        Some(Some(404))
    );
    let wrong = portal
        .webhook_url()
        .replace(&portal.config().webhook_code, "wrongcode");
    let client = build(Client::builder().webhook(wrong).no_rate_limit());
    let err = client.call(&UserCurrent::default()).await.err();
    let api = err
        .as_ref()
        .and_then(Error::api)
        .cloned()
        .unwrap_or_else(|| panic!("expected an API error"));
    assert_eq!(
        (api.code.as_str(), api.status),
        ("NO_AUTH_FOUND", Some(401))
    );
}

#[test]
fn plain_http_is_refused_for_remote_portals() {
    let err = Client::from_webhook("http://example.bitrix24.ru/rest/1/abcdef123/").err();
    assert!(matches!(err, Some(Error::Config(_))));
    assert!(Client::from_webhook("https://example.bitrix24.ru/rest/1/abcdef123/").is_ok());
}
