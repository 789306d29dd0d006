//! Secrets of a delivery: the application token the portal signs events with, and the
//! OAuth tokens it may pass along. Their `Debug` never shows them.

use std::fmt;

use subtle::ConstantTimeEq;

/// The application's token, as the portal sent it on installation (`ONAPPINSTALL`) and as
/// it sends it with every event in `auth[application_token]`.
#[derive(Clone)]
pub struct ApplicationToken(String);

impl ApplicationToken {
    pub fn new(token: impl Into<String>) -> Self {
        ApplicationToken(token.into())
    }

    /// Whether `candidate` is this token. Takes the same time wherever the two differ,
    /// so timing tells a forger nothing about how much of a guess was right; only the
    /// length of the stored token may show.
    pub fn matches(&self, candidate: &str) -> bool {
        bool::from(self.0.as_bytes().ct_eq(candidate.as_bytes()))
    }

    /// The token itself, to store it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApplicationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApplicationToken(<redacted>)")
    }
}

/// An OAuth token passed along with an event.
#[derive(Clone, PartialEq, Eq)]
pub struct Hidden(String);

impl Hidden {
    pub(crate) fn new(text: String) -> Self {
        Hidden(text)
    }

    /// The token itself, to call the API with it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole_and_never_print() {
        let t = ApplicationToken::new("51856fefc120afa4b628cc82d3935cce");
        assert!(t.matches("51856fefc120afa4b628cc82d3935cce"));
        assert!(!t.matches("51856fefc120afa4b628cc82d3935ccf"));
        assert!(!t.matches("51856fefc120afa4b628cc82d3935cc"));
        assert!(!t.matches(""));
        assert!(!format!("{t:?}").contains("5185"));
        assert!(!format!("{:?}", Hidden::new("abc".into())).contains("abc"));
    }
}
