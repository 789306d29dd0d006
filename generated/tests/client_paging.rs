//! Reading whole lists: `start`/`next` paging and the fast, batched form.

mod client_support;

use std::collections::BTreeMap;

use b24_fake_portal::{BucketLimit, PortalConfig};
use bitrix24::client::{Client, Error, FastPaging};
use client_support::*;
use futures_util::TryStreamExt;
use serde_json::json;

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
async fn fast_paging_fetches_ten_thousand_items_in_four_requests() {
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
        .stream_fast(&ContactList::default(), FastPaging::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (1..=10_000).collect::<Vec<_>>());
    let counters = portal.counters();
    assert_eq!(counters.requests, 4);
    assert_eq!(counters.batch_commands, 200);
    assert_eq!(counters.refused, 0);
    // The last page asked for ids after the previous page's last row, ordered, uncounted.
    let last = portal.last_params("crm.contact.list").unwrap_or_default();
    assert_eq!(last["filter"], json!({">ID": "9950"}));
    assert_eq!(last["order"], json!({"ID": "ASC"}));
    assert_eq!(last["start"], json!("-1"));
}

#[tokio::test]
async fn fast_paging_drops_pages_chained_past_the_end() {
    // 120 rows: pages 3..50 of the first batch refer to rows that do not exist, and
    // the portal runs them with the reference text as filter value (which matches
    // every row); the client must ignore them.
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        items: 120,
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    let contacts: Vec<Contact> = client
        .stream_fast(&ContactList::default(), FastPaging::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (1..=120).collect::<Vec<_>>());
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test]
async fn fast_paging_reads_wrapped_items_and_keeps_other_parameters() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        items: 2_600,
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    let request = ItemList {
        entity_type_id: 1036,
    };
    let items: Vec<Item> = client
        .stream_fast(&request, FastPaging::items())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let ids: Vec<u64> = items.iter().map(|item| item.id).collect();
    assert_eq!(ids, (1..=2_600).collect::<Vec<_>>());
    // 52 pages: one full batch, then the two pages still missing.
    let counters = portal.counters();
    assert_eq!((counters.requests, counters.batch_commands), (2, 52));
    let last = portal.last_params("crm.item.list").unwrap_or_default();
    assert_eq!(last["entityTypeId"], json!("1036"));
    // The second page of the last batch took its filter from the first by reference.
    assert_eq!(last["filter"], json!({">id": 2550}));
}

#[tokio::test]
async fn fast_paging_of_an_empty_list() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        items: 0,
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    let contacts: Vec<Contact> = client
        .stream_fast(&ContactList::default(), FastPaging::default())
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(contacts.is_empty());
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test]
async fn fast_paging_without_a_count_ends_at_the_first_short_page() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        items: 2_500,
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    let fast = FastPaging {
        count_first: false,
        ..FastPaging::default()
    };
    let contacts: Vec<Contact> = client
        .stream_fast(&ContactList::default(), fast)
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ids(&contacts), (1..=2_500).collect::<Vec<_>>());
    // Exactly 50 full pages: without a count, one more request finds the end.
    assert_eq!(portal.counters().requests, 2);
    let last = portal.last_params("crm.contact.list").unwrap_or_default();
    assert_eq!(last["start"], json!("-1"));
}
