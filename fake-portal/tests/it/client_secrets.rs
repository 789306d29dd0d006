//! Credentials never show in `Debug`, `Display`, errors or logs.

use crate::client_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use b24_fake_portal::{FakePortal, Fault};
use bitrix24::client::{Client, Tokens};
use client_support::*;
use tracing_subscriber::fmt::MakeWriter;

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn secrets(portal: &FakePortal) -> Vec<String> {
    let config = portal.config();
    let (access, refresh) = portal.tokens();
    vec![
        config.webhook_code.clone(),
        config.client_secret.clone(),
        config.access_token.clone(),
        config.refresh_token.clone(),
        access,
        refresh,
    ]
}

fn assert_clean(text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "`{secret}` leaked into: {text}"
        );
    }
}

fn oauth_client(portal: &FakePortal) -> Client {
    let config = portal.config();
    let tokens = Tokens {
        access_token: config.access_token.as_str().into(),
        refresh_token: config.refresh_token.as_str().into(),
        expires: None,
    };
    build(
        Client::builder()
            .oauth(
                portal.base_url(),
                tokens,
                config.client_id.clone(),
                config.client_secret.as_str(),
            )
            .token_endpoint(portal.token_url())
            .no_rate_limit(),
    )
}

#[tokio::test(start_paused = true)]
async fn logs_errors_and_debug_output_hold_no_secret() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let portal = portal().await;
    let webhook = webhook_client(&portal);
    let oauth = oauth_client(&portal);
    let mut shown = vec![format!("{webhook:?}"), format!("{oauth:?}")];

    // Retries, failures of every kind, a renewal and a move, all logged.
    portal.inject(Fault::ServerError);
    assert!(webhook.call(&UserCurrent::default()).await.is_ok());
    for fault in [
        Fault::DropConnection,
        Fault::MalformedJson,
        Fault::HtmlError(502),
        Fault::ServerError,
    ] {
        portal.inject(fault);
        let err = webhook.call(&ContactAdd::default()).await.err();
        shown.push(format!("{err:?}"));
        if let Some(err) = err {
            shown.push(err.to_string());
            shown.push(format!("{:?}", std::error::Error::source(&err)));
        }
    }
    portal.inject(Fault::Delay(std::time::Duration::from_secs(600)));
    let timeout = webhook.call(&UserCurrent::default()).await.err();
    shown.push(format!("{timeout:?}"));
    portal.expire_access_token();
    assert!(oauth.call(&UserCurrent::default()).await.is_ok());
    shown.push(format!("{:?}", oauth.tokens().await));
    portal.move_portal(b24_fake_portal::Move::SamePath);
    assert!(oauth.call(&UserCurrent::default()).await.is_ok());
    assert!(webhook.call(&UserCurrent::default()).await.is_ok());

    let logs = captured.text();
    assert!(
        logs.contains("user.current"),
        "spans name the method: {logs}"
    );
    assert!(logs.contains("attempt"), "spans count attempts: {logs}");
    assert!(logs.contains("retrying"), "retries are logged: {logs}");
    let secrets = secrets(&portal);
    assert_clean(&logs, &secrets);
    assert_clean(&shown.join("\n"), &secrets);
}

#[tokio::test]
async fn a_failed_renewal_does_not_echo_credentials() {
    let portal = portal().await;
    let config = portal.config();
    let tokens = Tokens {
        access_token: "some-access".into(),
        refresh_token: "some-refresh".into(),
        expires: None,
    };
    let client = build(
        Client::builder()
            .oauth(
                portal.base_url(),
                tokens,
                config.client_id.clone(),
                "wrong-s3cret",
            )
            .token_endpoint(portal.token_url())
            .no_rate_limit(),
    );
    portal.inject(Fault::Reply {
        status: 401,
        body: r#"{"error":"expired_token","error_description":""}"#.into(),
    });
    let err = client.call(&UserCurrent::default()).await.err();
    let text = format!(
        "{err:?} {}",
        err.as_ref().map(ToString::to_string).unwrap_or_default()
    );
    assert!(text.contains("invalid_client"), "{text}");
    assert_clean(
        &text,
        &[
            "wrong-s3cret".into(),
            "some-access".into(),
            "some-refresh".into(),
        ],
    );
}
