//! The fake portal itself, spoken to over plain HTTP: form bodies, query strings,
//! batch limits, list semantics, the token endpoint.

use crate::client_support;

use b24_fake_portal::FakePortal;
use bitrix24::client::Client;
use client_support::*;
use serde_json::{json, Value};

async fn post_form(url: &str, body: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    read(response).await
}

async fn post_json(url: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    read(response).await
}

async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap_or_default();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn method_url(portal: &FakePortal, method: &str) -> String {
    format!("{}{method}", portal.webhook_url())
}

#[tokio::test]
async fn form_bodies_and_query_strings_are_read_php_style() {
    let portal = portal().await;
    let url = format!("{}?extra=1", method_url(&portal, "test.echo.json"));
    let (status, answer) = post_form(
        &url,
        "fields%5BTITLE%5D=My+company&fields[PHONE][0][VALUE]=112233&select[]=ID&select[]=NAME",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["result"],
        json!({"extra": "1", "fields": {"TITLE": "My company", "PHONE": [{"VALUE": "112233"}]}, "select": ["ID", "NAME"]})
    );
    assert!(answer["time"]["start"].is_f64());
}

#[tokio::test]
async fn form_batches_run_in_order_with_references() {
    let portal = portal().await;
    let body = "halt=1&cmd[me]=user.current&cmd[dept]=department.get%3FID%3D%24result%5Bme%5D%5BUF_DEPARTMENT%5D%5B0%5D";
    let (status, answer) = post_form(&method_url(&portal, "batch"), body).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["result"]["result"]["dept"][0]["NAME"],
        json!("Engineering")
    );
    assert_eq!(answer["result"]["result_error"], json!([]));
}

#[tokio::test]
async fn batches_over_fifty_commands_are_refused() {
    let portal = portal().await;
    let commands: serde_json::Map<String, Value> = (0..51)
        .map(|n| (format!("c{n}"), json!("server.time")))
        .collect();
    let (status, answer) =
        post_json(&method_url(&portal, "batch"), &json!({"cmd": commands})).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("ERROR_BATCH_LENGTH_EXCEEDED"))
    );
}

#[tokio::test]
async fn lists_count_or_not_by_start() {
    let portal = portal().await;
    let url = method_url(&portal, "crm.contact.list");
    let (_, counted) = post_json(&url, &json!({"start": 9950})).await;
    assert_eq!(counted["total"], json!(10_000));
    assert!(counted.get("next").is_none());
    assert_eq!(counted["result"].as_array().map(Vec::len), Some(50));
    let (_, middle) = post_json(&url, &json!({"start": 100, "order": {"ID": "DESC"}})).await;
    assert_eq!(middle["next"], json!(150));
    assert_eq!(middle["result"][0]["ID"], json!("9900"));
    let (_, fast) = post_json(
        &url,
        &json!({"start": -1, "filter": {">ID": 9990}, "order": {"ID": "ASC"}}),
    )
    .await;
    assert_eq!(fast["total"], json!(0));
    assert!(fast.get("next").is_none());
    assert_eq!(fast["result"].as_array().map(Vec::len), Some(10));
    assert_eq!(fast["result"][0]["ID"], json!("9991"));
}

#[tokio::test]
async fn the_token_endpoint_checks_client_and_refresh_token() {
    let portal = portal().await;
    let config = portal.config().clone();
    let get = |query: Vec<(&'static str, String)>| {
        let url = portal.token_url();
        async move {
            let response = reqwest::Client::new()
                .get(url)
                .query(&query)
                .send()
                .await
                .unwrap_or_else(|err| panic!("{err}"));
            read(response).await
        }
    };
    let base = |refresh: &str, secret: &str| {
        vec![
            ("grant_type", "refresh_token".to_string()),
            ("client_id", config.client_id.clone()),
            ("client_secret", secret.to_string()),
            ("refresh_token", refresh.to_string()),
        ]
    };
    let (status, answer) = get(base(&config.refresh_token, "nope")).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (401, json!("invalid_client"))
    );
    let (status, answer) = get(base("stale", &config.client_secret)).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_grant"))
    );
    let (status, answer) = get(base(&config.refresh_token, &config.client_secret)).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["refresh_token"].as_str(),
        Some(portal.tokens().1.as_str())
    );
    assert_eq!(portal.counters().token_refreshes, 1);
    // The old refresh token is spent.
    let (status, _) = get(base(&config.refresh_token, &config.client_secret)).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn calls_and_streams_can_be_spawned() {
    let portal = portal().await;
    let client: Client = webhook_client(&portal);
    let call = tokio::spawn(client.call(&UserCurrent::default()));
    let stream = client.stream(&ContactList::default());
    let collected = tokio::spawn(async move {
        use futures_util::TryStreamExt;
        stream
            .try_collect::<Vec<Contact>>()
            .await
            .map(|contacts| contacts.len())
    });
    assert!(matches!(call.await, Ok(Ok(_))));
    assert!(matches!(collected.await, Ok(Ok(10_000))));
}

#[tokio::test]
async fn faults_can_target_one_method() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject_for("crm.contact.add", b24_fake_portal::Fault::ServerError);
    assert!(client.call(&UserCurrent::default()).await.is_ok());
    let err = client.call(&ContactAdd::default()).await.err();
    assert!(err
        .as_ref()
        .and_then(bitrix24::client::Error::api)
        .is_some_and(|api| api.status == Some(500)));
    assert!(client.call(&ContactAdd::default()).await.is_ok());
    assert_eq!(portal.counters().faults, 1);
}

#[tokio::test]
async fn errors_carry_no_time_and_time_limits_say_nothing_of_their_reset() {
    let portal = portal().await;
    let (status, answer) = post_json(&method_url(&portal, "no.such.method"), &json!({})).await;
    assert_eq!(status, 404);
    assert!(answer.get("time").is_none(), "{answer}");
    portal.inject(b24_fake_portal::Fault::OperationTimeLimit);
    let (status, answer) = post_json(&method_url(&portal, "user.current"), &json!({})).await;
    assert_eq!(status, 429);
    assert_eq!(answer["error"], json!("OPERATION_TIME_LIMIT"));
    assert!(answer.get("time").is_none(), "{answer}");
}

#[tokio::test]
async fn parameter_names_keep_their_case() {
    let portal = portal().await;
    let url = method_url(&portal, "crm.contact.list");
    let (_, lower) = post_json(&url, &json!({"filter": {">ID": 9990}})).await;
    let (_, upper) = post_json(&url, &json!({"FILTER": {">ID": 9990}})).await;
    assert_eq!(lower["total"], json!(10));
    assert_eq!(upper["total"], json!(10_000));
}

#[tokio::test]
async fn unresolved_references_become_empty_strings() {
    let portal = portal().await;
    let (_, answer) = post_json(
        &method_url(&portal, "batch"),
        &json!({"halt": 0, "cmd": {"a": "test.echo?x=$result[nothing][0][ID]&y=id+$result[nothing]"}}),
    )
    .await;
    assert_eq!(
        answer["result"]["result"]["a"],
        json!({"x": "", "y": "id "})
    );
}

#[tokio::test]
async fn operating_budgets_refuse_plain_calls_and_batch_commands() {
    let portal = b24_fake_portal::FakePortal::start_with(b24_fake_portal::PortalConfig {
        rate_limit: None,
        operating_cost: std::time::Duration::from_secs(300),
        ..b24_fake_portal::PortalConfig::default()
    })
    .await
    .unwrap_or_else(|err| panic!("{err}"));
    let url = method_url(&portal, "user.current");
    let (status, first) = post_json(&url, &json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(first["time"]["operating"], json!(300.0));
    assert!(first["time"]["operating_reset_at"].is_u64());
    // The call that crosses the budget completes; the next is refused.
    assert_eq!(post_json(&url, &json!({})).await.0, 200);
    assert_eq!(post_json(&url, &json!({})).await.0, 429);
    let (_, batch) = post_json(
        &method_url(&portal, "batch"),
        &json!({"cmd": {"u": "user.current"}}),
    )
    .await;
    assert_eq!(
        batch["result"]["result_error"]["u"]["error"],
        json!("OPERATION_TIME_LIMIT")
    );
    assert!(batch["result"]["result_time"]["u"]
        .get("operating")
        .is_none());
    assert_eq!(portal.counters().operation_limited, 2);
}

#[tokio::test]
async fn rest_v3_reads_json_bodies_only() {
    let portal = portal().await;
    let url = format!(
        "{}/rest/api/{}/{}/test.echo",
        portal.base_url(),
        portal.config().webhook_user,
        portal.config().webhook_code
    );
    let (status, answer) = post_form(&format!("{url}?a=1"), "b=2").await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["error"]["code"],
        json!("BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION")
    );
    let (status, answer) = post_json(&format!("{url}?a=1"), &json!({"b": 2})).await;
    assert_eq!(status, 200);
    assert_eq!(answer["result"], json!({"b": 2}));
}

#[tokio::test]
async fn tasks_are_listed_in_their_own_shape() {
    let portal = portal().await;
    let (_, answer) = post_json(
        &method_url(&portal, "tasks.task.list"),
        &json!({"filter": {">ID": 9998}, "order": {"ID": "DESC"}}),
    )
    .await;
    assert_eq!(
        answer["result"],
        json!({"tasks": [{"id": "10000", "title": "Task 10000"}, {"id": "9999", "title": "Task 9999"}]})
    );
}
