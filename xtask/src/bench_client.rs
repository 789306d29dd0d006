//! Client benchmark against the local fake portal.
//!
//! 1. Fast paging: every row of a 10,000-row list and of a 120-row list through
//!    `stream_fast`, the client paced at 2 requests/s with a burst of 50; the list
//!    queries the portal ran against the least possible, ceil(rows / 50), the HTTP
//!    requests, and wall time.
//! 2. Pacing: 150 calls of one method that costs 10 s of operating time against the
//!    480 s per ten minutes a portal allows, on a paused clock; calls, the time they
//!    took on that clock, `OPERATION_TIME_LIMIT` refusals the portal sent and those
//!    that reached the caller (goal 0).
//! 3. Burst: 500 calls at once, portal and client both limited to 20/s with a burst
//!    of 50; refusals that reached the caller (goal 0) and wall time against the
//!    ideal (500 - 50) / 20 = 22.5 s.

use std::time::{Duration, Instant};

use b24_fake_portal::{BucketLimit, FakePortal, PortalConfig};
use bitrix24_runtime::client::{Client, Error, FastOptions};
use bitrix24_runtime::method::UndocumentedError;
use bitrix24_runtime::{ListMethod, Method, Paging};
use futures_util::future::join_all;
use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::Value;

/// What the benchmark measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClientBench {
    /// Fast paging of 10,000 rows.
    pub paging_10000: ListRead,
    /// Fast paging of 120 rows.
    pub paging_120: ListRead,
    /// Calls of one method past its time budget.
    pub pacing: Pacing,
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

/// Figures of one fast read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListRead {
    /// Rows read.
    pub rows: u64,
    /// List queries the portal ran (batch commands included).
    pub list_queries: u64,
    /// The least number of list queries that return them: ceil(rows / 50).
    pub min_list_queries: u64,
    /// HTTP requests.
    pub requests: u64,
    /// Wall time.
    pub seconds: f64,
}

/// Figures of the paced workload.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pacing {
    /// Calls made (all succeeded unless `errors` says otherwise).
    pub calls: u64,
    /// Operating seconds each call cost.
    pub cost_seconds: f64,
    /// Operating seconds a method may use per ten minutes.
    pub budget_seconds: f64,
    /// Seconds the calls took, on the paused clock.
    pub clock_seconds: f64,
    /// The least possible: one ten-minute window per full budget after the first.
    pub min_clock_seconds: f64,
    /// `OPERATION_TIME_LIMIT` refusals the portal sent.
    pub portal_refused: u64,
    /// Refusals that reached the caller.
    pub refused: u64,
}

const PAGE: u64 = 50;
const BURST_CALLS: u64 = 500;
const BURST_RATE: f64 = 20.0;
const BURST_SIZE: u32 = 50;
const PACED_CALLS: u64 = 150;
const PACED_COST: u64 = 10;
const BUDGET: u64 = 480;
const WINDOW: u64 = 600;

/// `crm.contact.list` with an untyped row.
#[derive(Debug, Default, Serialize)]
struct ContactList {}

impl Method for ContactList {
    const NAME: &'static str = "crm.contact.list";
    const SCOPES: &'static [&'static str] = &["crm"];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = Vec<Value>;
    type Error = UndocumentedError;
}

impl ListMethod for ContactList {
    type Item = Value;
    const PAGING: Paging = Paging {
        rows: None,
        row_id: Some("ID"),
        filter_param: "filter",
        order_param: "order",
        param_id: "ID",
    };

    fn rows(result: Vec<Value>) -> Vec<Value> {
        result
    }
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

/// Runs every measurement (about 30 s of real time).
pub fn run() -> ClientBench {
    let mut bench = ClientBench::default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    let paused = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build();
    let (runtime, paused) = match (runtime, paused) {
        (Ok(runtime), Ok(paused)) => (runtime, paused),
        (Err(err), _) | (_, Err(err)) => {
            bench.errors.push(format!("tokio runtime: {err}"));
            return bench;
        }
    };
    runtime.block_on(async {
        for (rows, figures) in [
            (10_000, &mut bench.paging_10000),
            (120, &mut bench.paging_120),
        ] {
            match paging(rows).await {
                Ok(measured) => *figures = measured,
                Err(err) => bench.errors.push(format!("paging {rows}: {err}")),
            }
        }
    });
    match paused.block_on(pacing()) {
        Ok(measured) => bench.pacing = measured,
        Err(err) => bench.errors.push(format!("pacing: {err}")),
    }
    runtime.block_on(async {
        if let Err(err) = burst(&mut bench).await {
            bench.errors.push(format!("burst: {err}"));
        }
    });
    bench
}

async fn start(config: PortalConfig) -> Result<FakePortal, String> {
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

async fn paging(rows: u64) -> Result<ListRead, String> {
    let portal = start(PortalConfig {
        rate_limit: Some(BucketLimit {
            per_second: 2.0,
            burst: 50,
        }),
        items: rows,
        ..PortalConfig::default()
    })
    .await?;
    let client = client(&portal, 2.0, 50)?;
    let started = Instant::now();
    let read: Vec<Value> = client
        .stream_fast(&ContactList::default(), FastOptions::default())
        .try_collect()
        .await
        .map_err(|err| err.to_string())?;
    let counters = portal.counters();
    Ok(ListRead {
        rows: read.len() as u64,
        list_queries: counters
            .calls
            .get(ContactList::NAME)
            .copied()
            .unwrap_or_default(),
        min_list_queries: rows.div_ceil(PAGE),
        requests: counters.requests,
        seconds: started.elapsed().as_secs_f64(),
    })
}

async fn pacing() -> Result<Pacing, String> {
    let portal = start(PortalConfig {
        rate_limit: None,
        operating_cost: Duration::from_secs(PACED_COST),
        operating_limit: Some(Duration::from_secs(BUDGET)),
        ..PortalConfig::default()
    })
    .await?;
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .no_rate_limit()
        .operating_budget(Duration::from_secs(BUDGET))
        .build()
        .map_err(|err| err.to_string())?;
    let started = tokio::time::Instant::now();
    let mut figures = Pacing {
        calls: PACED_CALLS,
        cost_seconds: PACED_COST as f64,
        budget_seconds: BUDGET as f64,
        ..Pacing::default()
    };
    for _ in 0..PACED_CALLS {
        match client.call(&UserCurrent::default()).await {
            Ok(_) => {}
            Err(Error::Api(api)) if api.is("OPERATION_TIME_LIMIT") => figures.refused += 1,
            Err(err) => return Err(err.to_string()),
        }
    }
    figures.clock_seconds = started.elapsed().as_secs_f64();
    let per_window = BUDGET / PACED_COST;
    figures.min_clock_seconds = ((PACED_CALLS - 1) / per_window * WINDOW) as f64;
    figures.portal_refused = portal.counters().operation_limited;
    Ok(figures)
}

async fn burst(bench: &mut ClientBench) -> Result<(), String> {
    let limit = BucketLimit {
        per_second: BURST_RATE,
        burst: BURST_SIZE,
    };
    let portal = start(PortalConfig {
        rate_limit: Some(limit),
        ..PortalConfig::default()
    })
    .await?;
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
