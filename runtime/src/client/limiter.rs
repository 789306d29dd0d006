//! Client-side leaky bucket, the mirror of the portal's request limit.
//!
//! The portal adds 1 per request to a bucket that drains at a fixed rate and refuses
//! requests (`QUERY_LIMIT_EXCEEDED`) above a fixed level. Keeping an identical bucket
//! here lets a client send as fast as allowed without ever being refused.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Rate limit settings: drain rate and bucket size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests drained per second (2 on most plans, 5 on Enterprise).
    pub per_second: f64,
    /// Requests allowed at once (50 on most plans, 250 on Enterprise).
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 2.0,
            burst: 50,
        }
    }
}

#[derive(Debug)]
pub(crate) struct LeakyBucket {
    limit: RateLimit,
    state: Mutex<Level>,
}

#[derive(Debug)]
struct Level {
    level: f64,
    at: Instant,
}

impl LeakyBucket {
    pub(crate) fn new(limit: RateLimit) -> Self {
        // A zero or negative rate would never drain; treat it as the slowest sane one.
        let per_second = if limit.per_second > 0.0 {
            limit.per_second
        } else {
            0.001
        };
        let limit = RateLimit {
            per_second,
            burst: limit.burst.max(1),
        };
        LeakyBucket {
            limit,
            state: Mutex::new(Level {
                level: 0.0,
                at: Instant::now(),
            }),
        }
    }

    /// Waits until one more request fits in the bucket, and counts it.
    pub(crate) async fn acquire(&self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Counts a request and says how long it must wait for its slot. Reserving at
    /// once serves waiting callers in arrival order.
    fn reserve(&self, now: Instant) -> Duration {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.drain(&mut state, now);
        state.level += 1.0;
        let excess = state.level - f64::from(self.limit.burst);
        if excess > 0.0 {
            Duration::from_secs_f64(excess / self.limit.per_second)
        } else {
            Duration::ZERO
        }
    }

    /// Records that the portal refused a request: its bucket is full, whatever ours says.
    pub(crate) fn saturate(&self) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.drain(&mut state, Instant::now());
        state.level = state.level.max(f64::from(self.limit.burst));
    }

    fn drain(&self, state: &mut Level, now: Instant) {
        let elapsed = now.saturating_duration_since(state.at).as_secs_f64();
        state.level = (state.level - elapsed * self.limit.per_second).max(0.0);
        state.at = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn burst_passes_then_drains_at_rate() {
        let bucket = LeakyBucket::new(RateLimit {
            per_second: 2.0,
            burst: 50,
        });
        let start = Instant::now();
        for _ in 0..50 {
            bucket.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        for _ in 0..10 {
            bucket.acquire().await;
        }
        // Ten more at two a second.
        assert_eq!(start.elapsed().as_millis(), 5000);
    }

    #[tokio::test(start_paused = true)]
    async fn enterprise_settings_are_honoured() {
        let bucket = LeakyBucket::new(RateLimit {
            per_second: 5.0,
            burst: 250,
        });
        let start = Instant::now();
        for _ in 0..260 {
            bucket.acquire().await;
        }
        assert_eq!(start.elapsed().as_millis(), 2000);
    }

    #[tokio::test(start_paused = true)]
    async fn idle_time_refills_the_burst() {
        let bucket = LeakyBucket::new(RateLimit {
            per_second: 2.0,
            burst: 4,
        });
        for _ in 0..4 {
            bucket.acquire().await;
        }
        tokio::time::advance(Duration::from_secs(2)).await;
        let start = Instant::now();
        for _ in 0..4 {
            bucket.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn saturation_makes_the_next_request_wait() {
        let bucket = LeakyBucket::new(RateLimit {
            per_second: 2.0,
            burst: 50,
        });
        bucket.saturate();
        let start = Instant::now();
        bucket.acquire().await;
        assert_eq!(start.elapsed().as_millis(), 500);
    }
}
