//! Typed batches: order, references, halt, splitting, per-command errors.

use crate::client_support;

use std::time::Duration;

use b24_fake_portal::{Fault, PortalConfig};
use bitrix24::client::{Error, ResultRef};
use client_support::*;
use serde_json::json;
use tokio::time::Instant;

#[tokio::test]
async fn results_come_back_typed_and_references_chain() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    let me = batch
        .add("me", &UserCurrent::default())
        .unwrap_or_else(|err| panic!("{err}"));
    let department = batch
        .add_with(
            "dept",
            &DepartmentGet::default(),
            &[("ID", me.result().at("UF_DEPARTMENT").at(0))],
        )
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch
        .halt(true)
        .send()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        results.get(&me).map(|user| user.name).ok().as_deref(),
        Some("Ada")
    );
    let departments = results
        .get(&department)
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(departments.len(), 1);
    assert_eq!(departments[0].name, "Engineering");
    assert_eq!(portal.counters().requests, 1);
    assert_eq!(portal.counters().batch_commands, 2);
    let keys: Vec<(&str, &str)> = results.commands().collect();
    assert_eq!(
        keys,
        vec![("me", "user.current"), ("dept", "department.get")]
    );
}

#[tokio::test]
async fn parameters_arrive_as_sent() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let params = json!({"fields": {"TITLE": "Deal & co?", "PHONE": [{"VALUE": "+1 555", "VALUE_TYPE": "WORK"}]}, "select": ["ID", "NAME"], "filter": {">ID": 10}});
    let echo: Echo =
        serde_json::from_value::<std::collections::BTreeMap<String, serde_json::Value>>(params)
            .map(|params| Echo { params })
            .unwrap_or_default();
    let mut batch = client.batch();
    let handle = batch.add("e", &echo).unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    // PHP reads every value of a query string as a string.
    let expected = json!({"fields": {"TITLE": "Deal & co?", "PHONE": [{"VALUE": "+1 555", "VALUE_TYPE": "WORK"}]}, "select": ["ID", "NAME"], "filter": {">ID": "10"}});
    assert_eq!(results.get(&handle).ok(), Some(expected));
}

#[tokio::test]
async fn each_command_gets_its_result_or_error_in_order() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    let first = batch
        .add("first", &Echo::with("n", json!(1)))
        .unwrap_or_else(|err| panic!("{err}"));
    let failing = batch
        .add("nested", &NestedBatch {})
        .unwrap_or_else(|err| panic!("{err}"));
    let last = batch
        .add("last", &Echo::with("n", json!(3)))
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(results.get(&first).ok(), Some(json!({"n": "1"})));
    let api = results.get(&failing).err();
    let api = api
        .as_ref()
        .and_then(Error::api)
        .cloned()
        .unwrap_or_else(|| panic!("expected an API error"));
    assert_eq!(
        (api.code.as_str(), api.status),
        ("ERROR_BATCH_METHOD_NOT_ALLOWED", None)
    );
    assert_eq!(results.get(&last).ok(), Some(json!({"n": "3"})));
}

#[tokio::test]
async fn halt_stops_at_the_first_error() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    let failing = batch
        .add("nested", &NestedBatch {})
        .unwrap_or_else(|err| panic!("{err}"));
    let after = batch
        .add("after", &Echo::with("n", json!(1)))
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch
        .halt(true)
        .send()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(results.get(&failing).is_err());
    assert!(matches!(results.get(&after), Err(Error::NotExecuted { key }) if key == "after"));
    assert_eq!(portal.counters().calls.get("test.echo"), None);
}

#[tokio::test]
async fn more_than_fifty_commands_are_split() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    let handles: Vec<_> = (0..120)
        .map(|n| {
            batch
                .add(format!("c{n}"), &Echo::with("n", json!(n)))
                .unwrap_or_else(|err| panic!("{err}"))
        })
        .collect();
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(results.len(), 120);
    for (n, handle) in handles.iter().enumerate() {
        assert_eq!(results.get(handle).ok(), Some(json!({"n": n.to_string()})));
    }
    let counters = portal.counters();
    assert_eq!((counters.requests, counters.batch_commands), (3, 120));
}

#[tokio::test]
async fn halt_carries_over_to_later_requests() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    for n in 0..49 {
        batch
            .add(format!("c{n}"), &Echo::with("n", json!(n)))
            .unwrap_or_else(|err| panic!("{err}"));
    }
    batch
        .add("bad", &NestedBatch {})
        .unwrap_or_else(|err| panic!("{err}"));
    let late = batch
        .add("late", &Echo::default())
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch
        .halt(true)
        .send()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(matches!(results.get(&late), Err(Error::NotExecuted { .. })));
    assert_eq!(portal.counters().requests, 1);
}

#[tokio::test]
async fn references_across_requests_are_filled_in_by_the_client() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    let me = batch
        .add("me", &UserCurrent::default())
        .unwrap_or_else(|err| panic!("{err}"));
    for n in 0..60 {
        batch
            .add(format!("c{n}"), &Echo::default())
            .unwrap_or_else(|err| panic!("{err}"));
    }
    let late = batch
        .add_with(
            "late",
            &DepartmentGet::default(),
            &[("ID", me.result().at("UF_DEPARTMENT").at(0))],
        )
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    let departments = results.get(&late).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(departments.first().map(|d| d.id.as_str()), Some("7"));
    assert_eq!(portal.counters().requests, 2);
}

#[tokio::test]
async fn bad_keys_and_forward_references_are_refused() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut batch = client.batch();
    assert!(batch.add("a", &Echo::default()).is_ok());
    assert!(matches!(
        batch.add("a", &Echo::default()),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        batch.add("x[1]", &Echo::default()),
        Err(Error::Config(_))
    ));
    let forward = batch.add_with("b", &Echo::default(), &[("ID", ResultRef::new("later"))]);
    assert!(matches!(forward, Err(Error::Config(_))));
    assert_eq!(batch.len(), 1);
}

#[tokio::test]
async fn an_empty_batch_sends_nothing() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let results = client
        .batch()
        .send()
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(results.is_empty());
    assert_eq!(portal.counters().requests, 0);
}

/// `batch` inside a batch: the portal refuses it per command.
#[derive(Debug, Default, serde::Serialize)]
struct NestedBatch {}

impl bitrix24::Method for NestedBatch {
    const NAME: &'static str = "batch";
    const SCOPES: &'static [&'static str] = &[];
    const DEPRECATED: bool = false;
    type Response = serde_json::Value;
    type Error = bitrix24::method::UndocumentedError;
}

#[tokio::test(start_paused = true)]
async fn batches_of_reads_are_retried_and_batches_with_writes_are_not() {
    use b24_fake_portal::Fault;
    let portal = portal().await;
    let client = webhook_client(&portal);
    let mut reads = client.batch();
    let me = reads
        .add("me", &UserCurrent::default())
        .unwrap_or_else(|err| panic!("{err}"));
    portal.inject(Fault::ServerError);
    let results = reads.send().await.unwrap_or_else(|err| panic!("{err}"));
    assert!(results.get(&me).is_ok());
    assert_eq!(portal.counters().requests, 2);

    let mut writes = client.batch();
    writes
        .add("me", &UserCurrent::default())
        .unwrap_or_else(|err| panic!("{err}"));
    writes
        .add("new", &ContactAdd::default())
        .unwrap_or_else(|err| panic!("{err}"));
    portal.inject(Fault::ServerError);
    assert!(writes.send().await.is_err());
    assert_eq!(portal.counters().requests, 3);
}

#[tokio::test]
async fn string_result_error_entries_are_errors() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    portal.inject_for(
        "user.current",
        Fault::CommandError {
            code: "ACCESS_DENIED".into(),
            description: "Access denied".into(),
            as_text: true,
        },
    );
    let mut batch = client.batch();
    let me = batch
        .add("me", &UserCurrent::default())
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    let err = results.get(&me).err();
    assert!(
        err.as_ref()
            .and_then(Error::api)
            .is_some_and(|api| api.description == "Access denied" && api.status.is_none()),
        "{err:?}"
    );
}

#[tokio::test]
async fn null_and_empty_values_reach_the_portal_as_in_a_plain_call() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let params =
        json!({"fields": {"UF_DEPARTMENT": [], "COMMENTS": null, "EXTRA": {}}, "keep": "x"});
    let echo = Echo {
        params: serde_json::from_value(params.clone()).unwrap_or_default(),
    };
    let plain = client
        .call(&echo)
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let mut batch = client.batch();
    let handle = batch.add("e", &echo).unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    let batched = results.get(&handle).unwrap_or_else(|err| panic!("{err}"));
    // The same parameters arrive, each empty (a query string has no `null` or `[]`).
    let keys = |value: &serde_json::Value| {
        value["fields"]
            .as_object()
            .map(|fields| fields.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(keys(&plain), keys(&batched));
    assert_eq!(keys(&batched), vec!["UF_DEPARTMENT", "COMMENTS", "EXTRA"]);
    for key in ["UF_DEPARTMENT", "COMMENTS", "EXTRA"] {
        assert_eq!(batched["fields"][key], json!(""), "{key}");
    }
    assert_eq!(batched["keep"], json!("x"));
}

#[tokio::test(start_paused = true)]
async fn a_command_refused_for_its_time_budget_is_sent_again() {
    let portal = portal_with(PortalConfig {
        rate_limit: None,
        operating_cost: Duration::from_secs(100),
        operating_limit: Some(Duration::from_secs(200)),
        ..PortalConfig::default()
    })
    .await;
    let client = webhook_client(&portal);
    // Two calls spend `department.get`'s budget.
    for _ in 0..2 {
        assert!(client.call(&DepartmentGet { id: Some(7) }).await.is_ok());
    }
    let started = Instant::now();
    let mut batch = client.batch();
    let me = batch
        .add("me", &UserCurrent::default())
        .unwrap_or_else(|err| panic!("{err}"));
    let dept = batch
        .add("dept", &DepartmentGet { id: Some(7) })
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    assert!(results.get(&me).is_ok());
    let departments = results.get(&dept).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(departments.len(), 1);
    // The refused command waited for the budget the plain calls reported to lift.
    assert!(
        started.elapsed() >= Duration::from_secs(590),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(portal.counters().calls.get("user.current"), Some(&1));
}
