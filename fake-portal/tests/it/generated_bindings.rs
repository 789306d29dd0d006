//! The generated bindings called through the client, as the README shows: a call through
//! a webhook, a batch, and a documented error code read back typed.

use b24_fake_portal::{FakePortal, Fault};
use bitrix24::api::im::{ChatAdd, ChatAddType, MessageShare, MessageShareError, MessageShareType};
use bitrix24::client::Client;
use serde_json::json;

async fn portal_and_client() -> (FakePortal, Client) {
    let portal = FakePortal::start().await.expect("portal starts");
    let client = Client::from_webhook(&portal.webhook_url()).expect("client builds");
    (portal, client)
}

#[tokio::test]
async fn a_generated_request_goes_out_with_its_wire_names_and_its_result_comes_back_typed() {
    let (portal, client) = portal_and_client().await;
    let request = ChatAdd::new()
        .title("Release 1.4")
        .r#type(ChatAddType::Open)
        .users(vec![103, 547]);
    let chat_id: i64 = client.call(&request).await.expect("im.chat.add succeeds");
    assert!(chat_id > 0);
    assert_eq!(
        portal.last_params("im.chat.add"),
        Some(json!({"TITLE": "Release 1.4", "TYPE": "OPEN", "USERS": [103, 547]}))
    );
}

#[tokio::test]
async fn generated_requests_travel_in_one_batch_and_read_back_typed() {
    let (portal, client) = portal_and_client().await;
    let mut batch = client.batch();
    let team = batch
        .add("team", &ChatAdd::new().title("Team"))
        .expect("added");
    let ops = batch
        .add("ops", &ChatAdd::new().title("Operations"))
        .expect("added");
    let results = batch.halt(true).send().await.expect("batch succeeds");
    let (team_id, ops_id): (i64, i64) = (results.get(&team).unwrap(), results.get(&ops).unwrap());
    assert_ne!(team_id, ops_id);
    assert_eq!(
        portal.counters().requests,
        1,
        "one HTTP request for the whole batch"
    );
}

#[tokio::test]
async fn a_documented_error_code_is_read_back_as_the_methods_typed_code() {
    let (portal, client) = portal_and_client().await;
    portal.inject_for(
        "im.message.share",
        Fault::Reply {
            status: 400,
            body: r#"{"error":"ACCESS_ERROR","error_description":"no access"}"#.into(),
        },
    );
    let request = MessageShare::new(289, "chat74", MessageShareType::Task);
    let err = client.call(&request).await.expect_err("the portal refuses");
    assert_eq!(
        err.code_for::<MessageShare>(),
        Some(MessageShareError::AccessError)
    );
    let undocumented = MessageShareError::Other("SOMETHING_NEW".into());
    assert_eq!(
        <MessageShareError as bitrix24::ErrorCode>::from_code("SOMETHING_NEW"),
        undocumented
    );
}

/// A generated list method streams with no hand-written settings: `tasks.task.list` wraps
/// its rows (`{"tasks": […]}`), names its row id `id` and filters and orders by `ID`.
#[tokio::test]
async fn a_generated_wrapped_list_streams_page_by_page_and_fast() {
    use bitrix24::api::tasks::TaskList;
    use bitrix24::client::FastOptions;
    use futures_util::TryStreamExt;

    let portal = FakePortal::start_with(b24_fake_portal::PortalConfig {
        rate_limit: None,
        items: 120,
        ..b24_fake_portal::PortalConfig::default()
    })
    .await
    .expect("portal starts");
    let client = Client::from_webhook(&portal.webhook_url()).expect("client builds");
    let slow: Vec<_> = client
        .stream(&TaskList::new())
        .try_collect()
        .await
        .expect("stream reads every task");
    assert_eq!(slow.len(), 120);
    let fast: Vec<_> = client
        .stream_fast(&TaskList::new(), FastOptions::default())
        .try_collect()
        .await
        .expect("stream_fast reads every task");
    let ids: Vec<i64> = fast.iter().filter_map(|t| t.id).collect();
    assert_eq!(ids.len(), 120);
    assert_eq!(ids.first(), Some(&1));
    assert_eq!(ids.last(), Some(&120));
    let sent = portal.last_params("tasks.task.list").expect("a list query");
    assert!(sent["filter"].get(">ID").is_some(), "{sent}");
    assert_eq!(sent["order"], json!({"ID": "ASC"}), "{sent}");
}
