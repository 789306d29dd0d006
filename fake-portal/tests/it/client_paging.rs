//! Reading whole lists: `start`/`next` paging and the fast, batched form.

use crate::client_support;

use std::collections::BTreeMap;

use b24_fake_portal::{BucketLimit, Fault, PortalConfig};
use bitrix24::client::{Client, Error, FastOptions, Progress};
use client_support::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

/// List queries the portal ran (batch commands included).
fn list_queries(portal: &b24_fake_portal::FakePortal, method: &str) -> u64 {
    portal
        .counters()
        .calls
        .get(method)
        .copied()
        .unwrap_or_default()
}

async fn portal_of(items: u64) -> b24_fake_portal::FakePortal {
    portal_with(PortalConfig {
        rate_limit: None,
        items,
        ..PortalConfig::default()
    })
    .await
}

fn ids(contacts: &[Contact]) -> Vec<u64> {
    contacts
        .iter()
        .filter_map(|contact| contact.id.parse().ok())
        .collect()
}

#[tokio::test]
async fn stream_follows_next_through_every_page() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut filter = BTreeMap::new();
    filter.insert("<=ID".to_string(), json!(230));
    let request = ContactList {
        filter,
        ..ContactList::default()
    };
    let contacts: Vec<Contact> = client
        .stream(&request)
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (1..=230).collect::<Vec<_>>());
    assert_eq!(portal.counters().requests, 5);
    let last = portal.last_params("crm.contact.list").unwrap_or_default();
    assert_eq!(last["start"], json!(200));
    assert_eq!(last["filter"], json!({"<=ID": 230}));
}

#[tokio::test]
async fn stream_of_an_empty_list_ends_at_once() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut filter = BTreeMap::new();
    filter.insert(">ID".to_string(), json!(1_000_000));
    let request = ContactList {
        filter,
        ..ContactList::default()
    };
    let contacts: Vec<Contact> = client
        .stream(&request)
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(contacts.is_empty());
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test]
async fn stream_stops_at_the_first_error() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject(b24_fake_portal::Fault::Reply {
        status: 400,
        body: r#"{"error":"ERROR_ARGUMENT","error_description":"Bad filter"}"#.into(),
    });
    let outcome: Result<Vec<Contact>, Error> =
        client.stream(&ContactList::default()).try_collect().await;
    assert!(outcome
        .err()
        .as_ref()
        .and_then(Error::api)
        .is_some_and(|api| api.is("ERROR_ARGUMENT")));
}

#[tokio::test(start_paused = true)]
async fn fast_paging_reads_ten_thousand_rows_with_the_least_list_queries() {
    let portal = portal_with(PortalConfig {
        rate_limit: Some(BucketLimit::default()),
        ..PortalConfig::default()
    })
    .await;
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .rate_limit(2.0, 50),
    );
    let contacts: Vec<Contact> = client
        .stream_fast(&ContactList::default(), FastOptions::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (1..=10_000).collect::<Vec<_>>());
    let counters = portal.counters();
    // One counted page, then 199 pages in four batches.
    assert_eq!(list_queries(&portal, "crm.contact.list"), 200);
    assert_eq!(counters.requests, 5);
    assert_eq!(counters.refused, 0);
    // The last page asked for ids after the previous page's last row, ordered, uncounted.
    let last = portal.last_params("crm.contact.list").unwrap_or_default();
    assert_eq!(last["filter"], json!({">ID": "9950"}));
    assert_eq!(last["order"], json!({"ID": "ASC"}));
    assert_eq!(last["start"], json!("-1"));
}

#[tokio::test]
async fn fast_paging_of_120_rows_runs_three_list_queries() {
    let portal = portal_of(120).await;
    let client = webhook_client(&portal);
    let contacts: Vec<Contact> = client
        .stream_fast(&ContactList::default(), FastOptions::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (1..=120).collect::<Vec<_>>());
    assert_eq!(list_queries(&portal, "crm.contact.list"), 3);
    assert_eq!(portal.counters().requests, 2);
}

#[tokio::test]
async fn fast_paging_reads_wrapped_items_and_keeps_other_parameters() {
    let portal = portal_of(2_600).await;
    let client = webhook_client(&portal);
    let request = ItemList {
        entity_type_id: 1036,
    };
    let items: Vec<Item> = client
        .stream_fast(&request, FastOptions::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let ids: Vec<u64> = items.iter().map(|item| item.id).collect();
    assert_eq!(ids, (1..=2_600).collect::<Vec<_>>());
    // 52 pages: the counted one, a full batch of 50, then the last one.
    assert_eq!(list_queries(&portal, "crm.item.list"), 52);
    assert_eq!(portal.counters().requests, 3);
    let last = portal.last_params("crm.item.list").unwrap_or_default();
    assert_eq!(last["entityTypeId"], json!("1036"));
    assert_eq!(last["filter"], json!({">id": "2550"}));
}

#[tokio::test]
async fn fast_paging_filters_and_orders_tasks_by_id_while_rows_say_id() {
    let portal = portal_of(260).await;
    let client = webhook_client(&portal);
    let tasks: Vec<Task> = client
        .stream_fast(&TaskList::default(), FastOptions::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let ids: Vec<u64> = tasks
        .iter()
        .filter_map(|task| task.id.parse().ok())
        .collect();
    assert_eq!(ids, (1..=260).collect::<Vec<_>>());
    assert_eq!(list_queries(&portal, "tasks.task.list"), 6);
    let last = portal.last_params("tasks.task.list").unwrap_or_default();
    assert_eq!(last["order"], json!({"ID": "ASC"}));
    assert_eq!(last["filter"], json!({">ID": "250"}));
}

#[tokio::test]
async fn fast_paging_descending_with_a_limit() {
    let portal = portal_of(1_000).await;
    let client = webhook_client(&portal);
    let contacts: Vec<Contact> = client
        .stream_fast(
            &ContactList::default(),
            FastOptions::default().descending().limit(120),
        )
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (881..=1_000).rev().collect::<Vec<_>>());
    assert_eq!(list_queries(&portal, "crm.contact.list"), 3);
    let last = portal.last_params("crm.contact.list").unwrap_or_default();
    assert_eq!(last["order"], json!({"ID": "DESC"}));
    assert_eq!(last["filter"], json!({"<ID": "901"}));
}

#[tokio::test]
async fn a_row_without_its_id_fails_the_read_while_rows_remain() {
    let portal = portal_of(120).await;
    let client = webhook_client(&portal);
    let mut rows: Vec<serde_json::Value> = (1..=50)
        .map(|id| json!({"ID": id.to_string(), "NAME": format!("Contact {id}")}))
        .collect();
    rows[49] = json!({"NAME": "no id"});
    portal.inject_for(
        "crm.contact.list",
        Fault::Reply {
            status: 200,
            body: json!({"result": rows, "total": 120, "next": 50}).to_string(),
        },
    );
    let outcome: Result<Vec<Contact>, Error> = client
        .stream_fast(&ContactList::default(), FastOptions::default())
        .try_collect()
        .await;
    assert!(
        matches!(&outcome, Err(Error::MissingRowId { field, fetched: 50, total: 120, .. }) if field == "ID"),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn fast_paging_of_an_empty_list() {
    let portal = portal_of(0).await;
    let client = webhook_client(&portal);
    let contacts: Vec<Contact> = client
        .stream_fast(&ContactList::default(), FastOptions::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(contacts.is_empty());
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test]
async fn progress_is_observable_on_both_streams() {
    let portal = portal_of(120).await;
    let client = webhook_client(&portal);
    for fast in [false, true] {
        let mut rows = if fast {
            client.stream_fast(&ContactList::default(), FastOptions::default())
        } else {
            client.stream(&ContactList::default())
        };
        assert_eq!(rows.progress(), Progress::default());
        let handle = rows.progress_handle();
        let first = rows.next().await;
        assert!(matches!(first, Some(Ok(_))));
        assert_eq!(
            handle.get(),
            Progress {
                fetched: 50,
                total: Some(120)
            }
        );
        let rest: Vec<Contact> = rows.try_collect().await.unwrap_or_default();
        assert_eq!(rest.len(), 119);
        assert_eq!(handle.get().fetched, 120);
    }
}

/// `user.get`'s shape: its filter in `FILTER`, its order as `sort=ID&order=DESC`.
#[derive(Debug, Clone, Default, serde::Serialize)]
struct UserGet {}

#[derive(Debug, Clone, serde::Deserialize)]
struct User {
    #[serde(rename = "ID")]
    id: String,
}

impl bitrix24::Method for UserGet {
    const NAME: &'static str = "user.get";
    const SCOPES: &'static [&'static str] = &["user"];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = Vec<User>;
    type Error = bitrix24::method::UndocumentedError;
}

impl bitrix24::ListMethod for UserGet {
    type Item = User;
    const PAGING: bitrix24::Paging = bitrix24::Paging {
        rows: None,
        row_id: Some("ID"),
        filter_param: "FILTER",
        order_param: "order",
        param_id: "ID",
    };
    const ID_ORDER: bitrix24::method::IdOrder =
        bitrix24::method::IdOrder::Field { sort_param: "sort" };

    fn rows(result: Vec<User>) -> Vec<User> {
        result
    }
}

#[tokio::test]
async fn fast_paging_orders_by_a_sort_field_and_a_direction_where_the_method_takes_them() {
    use b24_fake_portal::{FilterAt, Listing, OrderBy};
    let portal = portal_of(120).await;
    portal.serve_list(
        "user.get",
        Listing::bare(json!({"ID": "0", "NAME": "User"}), "ID")
            .filter_in(FilterAt::Param("FILTER".to_string()))
            .order_by(OrderBy::Pair {
                sort: "sort".to_string(),
                order: "order".to_string(),
            }),
    );
    let client = webhook_client(&portal);
    let users: Vec<User> = client
        .stream_fast(
            &UserGet::default(),
            FastOptions::default().descending().limit(70),
        )
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let ids: Vec<u64> = users
        .iter()
        .filter_map(|user| user.id.parse().ok())
        .collect();
    assert_eq!(ids, (51..=120).rev().collect::<Vec<_>>());
    let last = portal.last_params("user.get").unwrap_or_default();
    assert_eq!(last["sort"], json!("ID"));
    assert_eq!(last["order"], json!("DESC"));
    assert_eq!(last["FILTER"], json!({"<ID": "71"}));
}

/// A method paging by offset with no flag telling the end (`imbot.v2.Bot.list`'s shape):
/// the offset moves by the page size asked for, and a short page is the last.
#[derive(Debug, Clone, Default, serde::Serialize)]
struct BotList {
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
struct Bots {
    bots: Option<Vec<User>>,
}

impl bitrix24::Method for BotList {
    const NAME: &'static str = "imbot.v2.Bot.list";
    const SCOPES: &'static [&'static str] = &["imbot"];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = Bots;
    type Error = bitrix24::method::UndocumentedError;
}

impl bitrix24::ListMethod for BotList {
    type Item = User;
    const PAGING: bitrix24::Paging = bitrix24::Paging {
        rows: Some("bots"),
        row_id: Some("ID"),
        filter_param: "filter",
        order_param: "order",
        param_id: "ID",
    };
    const ID_ORDER: bitrix24::method::IdOrder = bitrix24::method::IdOrder::None;
    const PAGES: bitrix24::method::Pages = bitrix24::method::Pages::Offset {
        offset_param: "offset",
        limit_param: "limit",
        limit: 50,
        more: None,
    };

    fn rows(result: Bots) -> Vec<User> {
        result.bots.unwrap_or_default()
    }
}

#[tokio::test]
async fn offset_pages_move_by_the_page_size_until_a_short_page() {
    use b24_fake_portal::{FilterAt, Listing, Offset, OrderBy};
    let portal = portal_of(120).await;
    portal.serve_list(
        "imbot.v2.Bot.list",
        Listing::wrapped("bots", json!({"ID": "0"}), "ID")
            .filter_in(FilterAt::Nowhere)
            .order_by(OrderBy::Fixed)
            .by_offset(Offset {
                offset: "offset".to_string(),
                limit: "limit".to_string(),
                more: None,
            }),
    );
    let client = webhook_client(&portal);
    let bots: Vec<User> = client
        .stream(&BotList { limit: Some(40) })
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let ids: Vec<u64> = bots.iter().filter_map(|b| b.id.parse().ok()).collect();
    assert_eq!(ids, (1..=120).collect::<Vec<_>>());
    let last = portal.last_params("imbot.v2.bot.list").unwrap_or_default();
    assert_eq!(
        (last["offset"].clone(), last["limit"].clone()),
        (json!(120), json!(40))
    );
    let refused = client
        .stream_fast(&BotList::default(), FastOptions::default())
        .try_collect::<Vec<User>>()
        .await;
    assert!(matches!(refused, Err(Error::Config(_))));
}
