//! How much of a request body the receiver is willing to read.

/// Bounds on an incoming body; a body beyond any of them is rejected before it is
/// turned into values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the body.
    pub max_body_bytes: usize,
    /// Levels of nesting: `data[FIELDS][ID]` is three, `{"a":{"b":1}}` is two.
    pub max_depth: usize,
    /// `key=value` pairs of a form body.
    pub max_fields: usize,
}

impl Default for Limits {
    /// 1 MiB, 32 levels (PHP allows 64), 10,000 pairs (PHP's default is 1,000; events
    /// with many user fields come near it).
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            max_depth: 32,
            max_fields: 10_000,
        }
    }
}
