//! Client benchmark against the local fake portal.
//!
//! 1. Fast paging: every one of 10,000 list items through `stream_fast`, the client
//!    paced at 2 requests/s with a burst of 50; HTTP requests used against the least
//!    possible, ceil(10000 / 50 rows / 50 pages) = 4, and wall time.
//! 2. Burst: 500 calls at once, portal and client both limited to 20/s with a burst
//!    of 50; refusals that reached the caller (goal 0) and wall time against the
//!    ideal (500 - 50) / 20 = 22.5 s.

use std::time::{Duration, Instant};

use b24_fake_portal::{BucketLimit, FakePortal, PortalConfig};
use bitrix24_runtime::client::{Client, Error, FastPaging};
use bitrix24_runtime::method::UndocumentedError;
use bitrix24_runtime::Method;
use futures_util::future::join_all;
use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::Value;

/// What the benchmark measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClientBench {
    /// Items the fast paging read.
    pub paging_items: u64,
    /// HTTP requests the fast paging used.
    pub paging_requests: u64,
    /// The least number of requests that can carry them.
    pub paging_min_requests: u64,
    /// Wall time of the fast paging.
    pub paging_seconds: f64,
    /// Calls in the burst.
    pub burst_calls: u64,
    /// Calls that failed with `QUERY_LIMIT_EXCEEDED` in the caller's hands.
    pub burst_refused: u64,
    /// Refusals the portal sent (the client retries them).
    pub burst_portal_refused: u64,
    /// Calls that failed otherwise.
    pub burst_failed: u64,
    /// Wall time of the burst.
    pub burst_seconds: f64,
    /// Wall time of the burst at exactly the allowed rate.
    pub burst_ideal_seconds: f64,
    /// Anything that kept a measurement from running.
    pub errors: Vec<String>,
}

const ITEMS: u64 = 10_000;
const PAGE: u64 = 50;
const PAGES_PER_BATCH: u64 = 50;
const BURST_CALLS: u64 = 500;
const BURST_RATE: f64 = 20.0;
const BURST_SIZE: u32 = 50;

/// `crm.contact.list` with an untyped row.
#[derive(Debug, Default, Serialize)]
struct ContactList {}

impl Method for ContactList {
    const NAME: &'static str = "crm.contact.list";
    const SCOPES: &'static [&'static str] = &["crm"];
    const DEPRECATED: bool = false;
    type Response = Vec<Value>;
    type Error = UndocumentedError;
}

/// `user.current` with an untyped answer.
#[derive(Debug, Default, Serialize)]
struct UserCurrent {}

impl Method for UserCurrent {
    const NAME: &'static str = "user.current";
    const SCOPES: &'static [&'static str] = &["user"];
    const DEPRECATED: bool = false;
    type Response = Value;
    type Error = UndocumentedError;
}

/// Runs both measurements (about 25 s of real time).
pub fn run() -> ClientBench {
    let mut bench = ClientBench::default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            bench.errors.push(format!("tokio runtime: {err}"));
            return bench;
        }
    };
    runtime.block_on(async {
        if let Err(err) = paging(&mut bench).await {
            bench.errors.push(format!("paging: {err}"));
        }
        if let Err(err) = burst(&mut bench).await {
            bench.errors.push(format!("burst: {err}"));
        }
    });
    bench
}

async fn start(limit: BucketLimit) -> Result<FakePortal, String> {
    let config = PortalConfig {
        rate_limit: Some(limit),
        items: ITEMS,
        ..PortalConfig::default()
    };
    FakePortal::start_with(config)
        .await
        .map_err(|err| format!("fake portal: {err}"))
}

fn client(portal: &FakePortal, per_second: f64, burst: u32) -> Result<Client, String> {
    Client::builder()
        .webhook(portal.webhook_url())
        .rate_limit(per_second, burst)
        .build()
        .map_err(|err| err.to_string())
}

async fn paging(bench: &mut ClientBench) -> Result<(), String> {
    let portal = start(BucketLimit {
        per_second: 2.0,
        burst: 50,
    })
    .await?;
    let client = client(&portal, 2.0, 50)?;
    let started = Instant::now();
    let rows: Vec<Value> = client
        .stream_fast(&ContactList::default(), FastPaging::default())
        .try_collect()
        .await
        .map_err(|err| err.to_string())?;
    bench.paging_seconds = started.elapsed().as_secs_f64();
    bench.paging_items = rows.len() as u64;
    bench.paging_requests = portal.counters().requests;
    bench.paging_min_requests = ITEMS.div_ceil(PAGE).div_ceil(PAGES_PER_BATCH);
    Ok(())
}

async fn burst(bench: &mut ClientBench) -> Result<(), String> {
    let limit = BucketLimit {
        per_second: BURST_RATE,
        burst: BURST_SIZE,
    };
    let portal = start(limit).await?;
    // Let the portal's bucket start from empty, like the client's.
    tokio::time::sleep(Duration::from_millis(10)).await;
    let client = client(&portal, BURST_RATE, BURST_SIZE)?;
    let started = Instant::now();
    let calls = (0..BURST_CALLS).map(|_| client.call(&UserCurrent::default()));
    let results = join_all(calls).await;
    bench.burst_seconds = started.elapsed().as_secs_f64();
    bench.burst_calls = BURST_CALLS;
    for result in &results {
        match result {
            Ok(_) => {}
            Err(Error::Api(api)) if api.is("QUERY_LIMIT_EXCEEDED") => bench.burst_refused += 1,
            Err(_) => bench.burst_failed += 1,
        }
    }
    bench.burst_portal_refused = portal.counters().refused;
    bench.burst_ideal_seconds = (BURST_CALLS - u64::from(BURST_SIZE)) as f64 / BURST_RATE;
    Ok(())
}
