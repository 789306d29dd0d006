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
    /// Renew the OAuth token, then send again.
    RefreshToken,
}

/// Decides what follows failed attempt number `attempt` (1-based).
pub(crate) fn decide(
    error: &Error,
    attempt: u32,
    idempotent: bool,
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
        Error::Api(api) if api.is("OPERATION_TIME_LIMIT") => {
            let wait = operation_wait(api.time.as_ref(), config);
            if attempt <= config.max_rate_limit_retries && wait <= config.max_operation_wait {
                Decision::RetryAfter(wait)
            } else {
                Decision::Fail
            }
        }
        Error::Api(api) if api.is("expired_token") => Decision::RefreshToken,
        // A manual block lifts on its own schedule; retrying only adds load.
        Error::Api(api) if api.is("OVERLOAD_LIMIT") => Decision::Fail,
        Error::Api(api) if api.status.is_some_and(|status| status >= 500) => {
            retry_read(attempt, idempotent, config)
        }
        Error::Http { status, .. } if *status >= 500 => retry_read(attempt, idempotent, config),
        Error::Transport { .. } => retry_read(attempt, idempotent, config),
        _ => Decision::Fail,
    }
}

fn retry_read(attempt: u32, idempotent: bool, config: &ClientConfig) -> Decision {
    if idempotent && attempt <= config.max_retries {
        Decision::RetryAfter(backoff(attempt, config))
    } else {
        Decision::Fail
    }
}

/// Exponential backoff with full jitter: a random delay in [d/2, d], d doubling per
/// attempt up to the maximum, so that refused clients do not return in step.
pub(crate) fn backoff(attempt: u32, config: &ClientConfig) -> Duration {
    let exponent = attempt.saturating_sub(1).min(20);
    let full = config
        .backoff_base
        .saturating_mul(1u32 << exponent)
        .min(config.backoff_max);
    let fraction = 0.5 + 0.5 * unit_random();
    full.mul_f64(fraction)
}

/// How long until `OPERATION_TIME_LIMIT` lifts. Measured against the portal's own
/// clock (`finish`) when the answer has it, so that clock skew does not matter.
fn operation_wait(time: Option<&super::envelope::Time>, config: &ClientConfig) -> Duration {
    let Some(reset_at) = time.and_then(|time| time.operating_reset_at) else {
        return config.default_operation_wait;
    };
    let now = time.and_then(|time| time.finish).unwrap_or_else(unix_now);
    let seconds = reset_at - now;
    if seconds.is_finite() && seconds > 0.0 {
        Duration::from_secs_f64(seconds)
    } else {
        Duration::ZERO
    }
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or_default()
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
    fn operation_limit_waits_until_reset_by_the_portal_clock() {
        let config = ClientConfig::default();
        let time = Time {
            finish: Some(1000.5),
            operating_reset_at: Some(1030.0),
            ..Time::default()
        };
        let decision = decide(
            &api("OPERATION_TIME_LIMIT", 429, Some(time)),
            1,
            false,
            &config,
        );
        assert_eq!(
            decision,
            Decision::RetryAfter(Duration::from_secs_f64(29.5))
        );
        let far = Time {
            finish: Some(0.0),
            operating_reset_at: Some(100_000.0),
            ..Time::default()
        };
        assert_eq!(
            decide(
                &api("OPERATION_TIME_LIMIT", 429, Some(far)),
                1,
                false,
                &config
            ),
            Decision::Fail
        );
    }

    #[test]
    fn expired_token_asks_for_a_refresh() {
        let config = ClientConfig::default();
        assert_eq!(
            decide(&api("expired_token", 401, None), 1, false, &config),
            Decision::RefreshToken
        );
    }
}
