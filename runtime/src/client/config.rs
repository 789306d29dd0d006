//! Client settings: limits, retries, timeouts.

use std::time::Duration;

use super::limiter::RateLimit;

/// Every limit the client applies. `ClientConfig::default()` matches a cloud portal
/// on a non-Enterprise plan.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Client-side leaky bucket; `None` sends without pacing.
    pub rate_limit: Option<RateLimit>,
    /// Timeout of one HTTP request (the portal itself stops at 60 s).
    pub timeout: Duration,
    /// Timeout of establishing a connection.
    pub connect_timeout: Duration,
    /// Retries of an idempotent read after a 5xx answer or a connection failure.
    /// A timeout is not retried: the timeout is the caller's budget for the call.
    pub max_retries: u32,
    /// Retries after `QUERY_LIMIT_EXCEEDED`.
    pub max_rate_limit_retries: u32,
    /// First backoff delay after `QUERY_LIMIT_EXCEEDED` or a 5xx; doubles each retry.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_max: Duration,
    /// Longest wait for `OPERATION_TIME_LIMIT` to lift; a later reset fails the call.
    pub max_operation_wait: Duration,
    /// Wait after `OPERATION_TIME_LIMIT` when the answer does not say when it lifts.
    pub default_operation_wait: Duration,
    /// Method name endings that mark a method as a read, safe to send twice.
    pub idempotent_suffixes: Vec<String>,
    /// Redirects followed per request (a moved portal answers 302).
    pub max_redirects: u32,
    /// Commands per batch request (the portal accepts at most 50).
    pub batch_size: usize,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            rate_limit: Some(RateLimit::default()),
            timeout: Duration::from_secs(65),
            connect_timeout: Duration::from_secs(10),
            max_retries: 3,
            max_rate_limit_retries: 8,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            max_operation_wait: Duration::from_secs(610),
            default_operation_wait: Duration::from_secs(10),
            idempotent_suffixes: [".get", ".list", ".fields", ".current", ".info", ".search"]
                .iter()
                .map(|suffix| suffix.to_string())
                .collect(),
            max_redirects: 5,
            batch_size: 50,
            user_agent: concat!("bitrix24-rs/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

impl ClientConfig {
    /// Whether `method` is a read that may be sent again after a failure.
    pub fn is_idempotent(&self, method: &str) -> bool {
        let method = method.to_ascii_lowercase();
        self.idempotent_suffixes
            .iter()
            .any(|suffix| method.ends_with(&suffix.to_ascii_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_recognised_by_suffix() {
        let config = ClientConfig::default();
        assert!(config.is_idempotent("crm.deal.list"));
        assert!(config.is_idempotent("tasks.flow.Flow.get"));
        assert!(config.is_idempotent("user.current"));
        assert!(!config.is_idempotent("crm.deal.add"));
        assert!(!config.is_idempotent("im.chat.update"));
    }
}
