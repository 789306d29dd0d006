//! The portal's request limit: a leaky bucket per portal.

use tokio::time::Instant;

/// Drain rate and size of the portal's bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketLimit {
    /// Requests drained per second.
    pub per_second: f64,
    /// Requests over which the portal refuses.
    pub burst: u32,
}

impl Default for BucketLimit {
    fn default() -> Self {
        BucketLimit {
            per_second: 2.0,
            burst: 50,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Bucket {
    limit: BucketLimit,
    level: f64,
    at: Instant,
}

impl Bucket {
    pub(crate) fn new(limit: BucketLimit) -> Self {
        Bucket {
            limit,
            level: 0.0,
            at: Instant::now(),
        }
    }

    /// Counts a request; `false` when it would overflow (and is refused).
    pub(crate) fn admit(&mut self) -> bool {
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.level = (self.level - elapsed * self.limit.per_second).max(0.0);
        self.at = now;
        // A small tolerance absorbs float rounding of the drain.
        if self.level + 1.0 > f64::from(self.limit.burst) + 1e-9 {
            return false;
        }
        self.level += 1.0;
        true
    }
}
