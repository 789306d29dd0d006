//! Client settings: limits, retries, timeouts.

use std::time::Duration;

use super::limiter::RateLimit;

/// Every limit the client applies. `ClientConfig::default()` matches a cloud portal
/// on a non-Enterprise plan.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Client-side leaky bucket; `None` sends without pacing.
    pub rate_limit: Option<RateLimit>,
    /// Operating time a method may use per ten minutes before the portal blocks it
    /// (480 s on cloud portals). Calls of a method are held back before they would
    /// spend more, by the figures the portal reports.
    pub operating_budget: Duration,
    /// Timeout of one HTTP request (the portal itself stops at 60 s).
    pub timeout: Duration,
    /// Timeout of establishing a connection.
    pub connect_timeout: Duration,
    /// Timeout of one token renewal: waiting calls fail with
    /// [`Error::TokenRefresh`](super::Error::TokenRefresh) after it.
    pub token_timeout: Duration,
    /// Retries after a 5xx answer or a failure on the way (reads only), or after a
    /// connection that could not be made (any method: nothing was sent). A timeout
    /// waiting for an answer is not retried: it is the caller's budget for the call.
    pub max_retries: u32,
    /// Retries after `QUERY_LIMIT_EXCEEDED`.
    pub max_rate_limit_retries: u32,
    /// First backoff delay after `QUERY_LIMIT_EXCEEDED` or a 5xx; doubles each retry.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_max: Duration,
    /// Longest total wait of one call for `OPERATION_TIME_LIMIT` to lift.
    pub max_operation_wait: Duration,
    /// Wait after `OPERATION_TIME_LIMIT` when neither the answer nor an earlier one
    /// said when the method's budget is reset (one of the portal's one-minute buckets).
    pub default_operation_wait: Duration,
    /// Redirects followed per request (a moved portal answers 302).
    pub max_redirects: u32,
    /// Commands per batch request (the portal accepts at most 50).
    pub batch_size: usize,
    /// Largest request body, checked before a file is sent (a cloud portal accepts
    /// up to 2 GB).
    pub max_body_bytes: u64,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            rate_limit: Some(RateLimit::default()),
            operating_budget: Duration::from_secs(480),
            timeout: Duration::from_secs(65),
            connect_timeout: Duration::from_secs(10),
            token_timeout: Duration::from_secs(30),
            max_retries: 3,
            max_rate_limit_retries: 8,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            max_operation_wait: Duration::from_secs(610),
            default_operation_wait: Duration::from_secs(60),
            max_redirects: 5,
            batch_size: 50,
            max_body_bytes: 2_000_000_000,
            user_agent: concat!("bitrix24-rs/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}
