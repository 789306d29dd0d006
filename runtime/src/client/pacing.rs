//! Pacing by operating time: each method has a budget of portal time per ten minutes
//! (`operating`, 480 s on cloud portals). Past it, the portal refuses the method with
//! `OPERATION_TIME_LIMIT` until `operating_reset_at` — and real portals do not say when
//! in the refusal itself.
//!
//! So the figures are taken from every successful answer (and every batch command's
//! `result_time`), per method: a call that would spend the rest of the budget waits
//! for the recorded reset, and a refused method waits for it too.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use super::envelope::Time;

/// Per-method operating figures.
#[derive(Debug)]
pub(crate) struct Pacer {
    budget: f64,
    methods: Mutex<HashMap<String, Budget>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Budget {
    /// Seconds used in the window, as last reported.
    operating: f64,
    /// Seconds one call is expected to add.
    cost: f64,
    /// When the reported figure lifts, on this process's clock.
    reset_at: Option<Instant>,
    /// Refused until then.
    blocked_until: Option<Instant>,
    /// Whether `operating` was reported before, so that its growth is one call's cost.
    reported: bool,
}

impl Pacer {
    pub(crate) fn new(budget: Duration) -> Self {
        Pacer {
            budget: budget.as_secs_f64(),
            methods: Mutex::new(HashMap::new()),
        }
    }

    fn methods(&self) -> MutexGuard<'_, HashMap<String, Budget>> {
        self.methods
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records the `time` of a successful answer of `method`.
    pub(crate) fn record(&self, method: &str, time: &Time) {
        let now = Instant::now();
        let mut methods = self.methods();
        let budget = methods.entry(method.to_ascii_lowercase()).or_default();
        let spent = time.processing.or(time.duration).unwrap_or_default();
        if let Some(operating) = time.operating {
            let grown = operating - budget.operating;
            budget.cost = if budget.reported && grown > 0.0 {
                grown
            } else {
                spent.max(budget.cost)
            };
            budget.operating = operating;
            budget.reported = true;
        } else {
            budget.cost = budget.cost.max(spent);
        }
        if let Some(reset) = reset_instant(time, now) {
            budget.reset_at = Some(reset);
        }
        budget.blocked_until = None;
    }

    /// Records that the portal refused `method` for its time budget. The wait comes
    /// from the refusal when it says, else from the recorded reset, else `fallback`.
    /// Returns how long the method is blocked.
    pub(crate) fn block(
        &self,
        method: &str,
        refusal: Option<&Time>,
        fallback: Duration,
    ) -> Duration {
        let now = Instant::now();
        let mut methods = self.methods();
        let budget = methods.entry(method.to_ascii_lowercase()).or_default();
        let until = refusal
            .and_then(|time| reset_instant(time, now))
            .or(budget.reset_at.filter(|reset| *reset > now))
            .unwrap_or(now + fallback);
        budget.blocked_until = Some(until);
        budget.operating = self.budget;
        until.saturating_duration_since(now)
    }

    /// How long a call of `method` should wait before it goes out.
    pub(crate) fn delay(&self, method: &str) -> Duration {
        let now = Instant::now();
        let mut methods = self.methods();
        let Some(budget) = methods.get_mut(&method.to_ascii_lowercase()) else {
            return Duration::ZERO;
        };
        if let Some(until) = budget.blocked_until.filter(|until| *until > now) {
            return until - now;
        }
        match budget.reset_at {
            // The recorded figure is stale once its window has moved on.
            Some(reset) if reset <= now => {
                budget.operating = 0.0;
                budget.reset_at = None;
                Duration::ZERO
            }
            Some(reset) if budget.operating + budget.cost > self.budget => reset - now,
            _ => Duration::ZERO,
        }
    }

    /// Waits until none of `methods` is expected to be refused.
    pub(crate) async fn wait(&self, methods: &[&str]) {
        loop {
            let longest = methods
                .iter()
                .map(|method| self.delay(method))
                .max()
                .unwrap_or_default();
            if longest.is_zero() {
                return;
            }
            tracing::info!(
                delay_ms = longest.as_millis() as u64,
                "pacing for the method time budget"
            );
            tokio::time::sleep(longest).await;
        }
    }
}

/// `operating_reset_at` on this process's clock, measured against the portal's own
/// clock (`finish`) when the answer has it, so that clock skew does not matter.
fn reset_instant(time: &Time, now: Instant) -> Option<Instant> {
    let reset_at = time.operating_reset_at?;
    let portal_now = time.finish.or(time.start).unwrap_or_else(unix_now);
    let seconds = reset_at - portal_now;
    let wait = if seconds.is_finite() && seconds > 0.0 {
        Duration::from_secs_f64(seconds.min(86_400.0))
    } else {
        Duration::ZERO
    };
    Some(now + wait)
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(operating: f64, finish: f64, reset: f64) -> Time {
        Time {
            finish: Some(finish),
            operating: Some(operating),
            operating_reset_at: Some(reset),
            duration: Some(1.0),
            ..Time::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_that_would_cross_the_budget_waits_for_the_reset() {
        let pacer = Pacer::new(Duration::from_secs(480));
        pacer.record("crm.deal.list", &time(460.0, 1000.0, 1100.0));
        pacer.record("crm.deal.list", &time(465.0, 1000.0, 1100.0));
        assert_eq!(pacer.delay("crm.deal.list"), Duration::ZERO);
        pacer.record("CRM.DEAL.LIST", &time(475.0, 1000.0, 1100.0));
        assert_eq!(pacer.delay("crm.deal.list"), Duration::from_secs(100));
        assert_eq!(pacer.delay("crm.deal.get"), Duration::ZERO);
        tokio::time::advance(Duration::from_secs(100)).await;
        assert_eq!(pacer.delay("crm.deal.list"), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_refusal_without_timing_waits_for_the_recorded_reset() {
        let pacer = Pacer::new(Duration::from_secs(480));
        pacer.record("user.get", &time(10.0, 1000.0, 1300.0));
        let wait = pacer.block("user.get", None, Duration::from_secs(60));
        assert_eq!(wait, Duration::from_secs(300));
        let unknown = pacer.block("user.add", None, Duration::from_secs(60));
        assert_eq!(unknown, Duration::from_secs(60));
    }
}
