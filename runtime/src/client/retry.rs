//! When to send a failed request again, and after how long.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::config::ClientConfig;
use super::error::Error;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Decision {
    /// Give up and return the error.
    Fail,
    /// Send again after the delay.
    RetryAfter(Duration),
    /// The method's time budget is spent: wait for its reset, then send again.
    Blocked,
    /// Renew the OAuth token, then send again.
    RefreshToken,
}

/// Decides what follows failed attempt number `attempt` (1-based) of a call that
/// only reads (`read_only`) or not.
pub(crate) fn decide(
    error: &Error,
    attempt: u32,
    read_only: bool,
    config: &ClientConfig,
) -> Decision {
    match error {
        Error::Api(api) if api.is("QUERY_LIMIT_EXCEEDED") => {
            // The portal refused the request without running it: always safe to resend.
            if attempt <= config.max_rate_limit_retries {
                Decision::RetryAfter(backoff(attempt, config))
            } else {
                Decision::Fail
            }
        }
        // Checked before the method runs: safe to resend once the budget lifts.
        Error::Api(api) if api.is("OPERATION_TIME_LIMIT") => Decision::Blocked,
        Error::Api(api) if api.is("expired_token") || api.is("invalid_token") => {
            Decision::RefreshToken
        }
        // A manual block lifts on its own schedule; retrying only adds load.
        Error::Api(api) if api.is("OVERLOAD_LIMIT") => Decision::Fail,
        Error::Api(api) if api.status.is_some_and(|status| status >= 500) => {
            retry_read(attempt, read_only, config)
        }
        Error::Http { status, .. } if *status >= 500 => retry_read(attempt, read_only, config),
        // Nothing was sent: any method may go again.
        Error::Unreachable { .. } => retry_read(attempt, true, config),
        Error::Transport { .. } => retry_read(attempt, read_only, config),
        // A timeout waiting for the answer is the caller's budget for the call.
        _ => Decision::Fail,
    }
}

fn retry_read(attempt: u32, read_only: bool, config: &ClientConfig) -> Decision {
    if read_only && attempt <= config.max_retries {
        Decision::RetryAfter(backoff(attempt, config))
    } else {
        Decision::Fail
    }
}

/// Exponential backoff with "equal jitter": a random delay in [d/2, d], d doubling per
/// attempt up to the maximum. Half the delay is kept so a retry never comes back at once;
/// the random half keeps refused clients from returning in step.
pub(crate) fn backoff(attempt: u32, config: &ClientConfig) -> Duration {
    let exponent = attempt.saturating_sub(1).min(20);
    let full = config
        .backoff_base
        .saturating_mul(1u32 << exponent)
        .min(config.backoff_max);
    let fraction = 0.5 + 0.5 * unit_random();
    full.mul_f64(fraction)
}

/// A number in [0, 1) from the standard library's randomly seeded hasher.
fn unit_random() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::super::envelope::Time;
    use super::super::error::ApiError;
    use super::*;

    fn api(code: &str, status: u16, time: Option<Time>) -> Error {
        Error::Api(Box::new(ApiError {
            method: "crm.deal.add".into(),
            code: code.into(),
            description: String::new(),
            status: Some(status),
            validation: Vec::new(),
            time,
        }))
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let config = ClientConfig::default();
        for attempt in 1..=10 {
            let delay = backoff(attempt, &config);
            let full = config
                .backoff_base
                .saturating_mul(1 << (attempt - 1))
                .min(config.backoff_max);
            assert!(
                delay >= full / 2 && delay <= full,
                "attempt {attempt}: {delay:?}"
            );
        }
    }

    #[test]
    fn rate_limit_is_retried_even_for_writes() {
        let config = ClientConfig::default();
        let decision = decide(&api("QUERY_LIMIT_EXCEEDED", 503, None), 1, false, &config);
        assert!(matches!(decision, Decision::RetryAfter(_)));
        let last = decide(
            &api("query_limit_exceeded", 503, None),
            config.max_rate_limit_retries + 1,
            false,
            &config,
        );
        assert_eq!(last, Decision::Fail);
    }

    #[test]
    fn server_errors_are_retried_for_reads_only() {
        let config = ClientConfig::default();
        let error = api("INTERNAL_SERVER_ERROR", 500, None);
        assert!(matches!(
            decide(&error, 1, true, &config),
            Decision::RetryAfter(_)
        ));
        assert_eq!(decide(&error, 1, false, &config), Decision::Fail);
        assert_eq!(
            decide(&error, config.max_retries + 1, true, &config),
            Decision::Fail
        );
        assert_eq!(
            decide(&api("OVERLOAD_LIMIT", 503, None), 1, true, &config),
            Decision::Fail
        );
    }

    #[test]
    fn operation_limit_blocks_even_writes() {
        let config = ClientConfig::default();
        let decision = decide(&api("OPERATION_TIME_LIMIT", 429, None), 1, false, &config);
        assert_eq!(decision, Decision::Blocked);
    }

    #[test]
    fn answer_timeouts_are_not_retried() {
        let config = ClientConfig::default();
        let timeout = Error::Timeout {
            method: "user.get".into(),
        };
        assert_eq!(decide(&timeout, 1, true, &config), Decision::Fail);
    }

    #[test]
    fn expired_token_asks_for_a_refresh() {
        let config = ClientConfig::default();
        assert_eq!(
            decide(&api("expired_token", 401, None), 1, false, &config),
            Decision::RefreshToken
        );
        assert_eq!(
            decide(&api("invalid_token", 401, None), 1, false, &config),
            Decision::RefreshToken
        );
    }
}
