//! Files sent as a name with Base64 content; sizes checked before sending.

use crate::client_support;

use bitrix24::client::{Client, ClientConfig, Error};
use client_support::*;
use serde_json::json;

#[tokio::test]
async fn files_travel_as_name_and_base64() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let path = std::env::temp_dir().join(format!("b24-upload-{}.txt", std::process::id()));
    std::fs::write(&path, b"hello").unwrap_or_else(|err| panic!("{err}"));
    let from_path = client.file_from_path(&path);
    let _ = std::fs::remove_file(&path);
    let from_path = from_path.unwrap_or_else(|err| panic!("{err}"));
    let from_bytes = client
        .file_from_bytes("note.txt", b"hello")
        .unwrap_or_else(|err| panic!("{err}"));
    let mut params = std::collections::BTreeMap::new();
    params.insert("fields".to_string(), json!({"FILE": from_bytes.pair()}));
    params.insert("data".to_string(), from_path.file_data());
    let echoed = client
        .call(&Echo {
            params: params.clone(),
        })
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(echoed["fields"]["FILE"], json!(["note.txt", "aGVsbG8="]));
    assert_eq!(echoed["data"]["fileData"][1], json!("aGVsbG8="));
    // In a batch the pair arrives the same way.
    let mut batch = client.batch();
    let handle = batch
        .add("f", &Echo { params })
        .unwrap_or_else(|err| panic!("{err}"));
    let results = batch.send().await.unwrap_or_else(|err| panic!("{err}"));
    let batched = results.get(&handle).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(batched["fields"]["FILE"], json!(["note.txt", "aGVsbG8="]));
}

#[tokio::test]
async fn oversized_files_fail_before_anything_is_sent() {
    let portal = portal().await;
    let config = ClientConfig {
        rate_limit: None,
        max_body_bytes: 1_000,
        ..ClientConfig::default()
    };
    let client = build(
        Client::builder()
            .webhook(portal.webhook_url())
            .config(config),
    );
    let err = client.file_from_bytes("big.bin", &[7; 2_000]).err();
    assert!(
        matches!(&err, Some(Error::FileTooLarge { name, limit: 1_000, .. }) if name == "big.bin"),
        "{err:?}"
    );
    let missing = client.file_from_path("/nonexistent/b24/file.bin").err();
    assert!(matches!(&missing, Some(Error::File { .. })), "{missing:?}");
    assert_eq!(portal.counters().requests, 0);
}

#[tokio::test]
async fn downloads_are_read_with_a_size_limit() {
    let portal = portal().await;
    let client = webhook_client(&portal);
    let url = format!("{}/download/report.txt", portal.base_url());
    let body = client.download(&url, 1_000).await;
    assert_eq!(body.ok(), Some(b"report.txt".to_vec()));
    let err = client.download(&url, 4).await.err();
    assert!(matches!(&err, Some(Error::FileTooLarge { .. })), "{err:?}");
}
