//! What can go wrong with an incoming event. No message carries a token or the body.

use std::fmt;

use super::Delivery;

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyError {
    /// Longer than [`Limits::max_body_bytes`](super::Limits::max_body_bytes).
    TooLarge { limit: usize },
    /// Nested deeper than [`Limits::max_depth`](super::Limits::max_depth).
    TooDeep { limit: usize },
    /// More pairs than [`Limits::max_fields`](super::Limits::max_fields).
    TooManyFields { limit: usize },
    /// Neither form-encoded nor JSON.
    UnsupportedContentType(String),
    /// A decoded key or value is not UTF-8.
    InvalidUtf8,
    /// Not JSON (the parser's message, which quotes no input).
    Json(String),
    /// The body is not an object of keys.
    NotAnObject,
    /// No `event` key with a name.
    NoEventName,
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::TooLarge { limit } => write!(f, "the body is longer than {limit} bytes"),
            BodyError::TooDeep { limit } => {
                write!(f, "the body nests deeper than {limit} levels")
            }
            BodyError::TooManyFields { limit } => {
                write!(f, "the body has more than {limit} fields")
            }
            BodyError::UnsupportedContentType(t) => write!(
                f,
                "content type `{}` is neither form-encoded nor JSON",
                t.escape_debug()
            ),
            BodyError::InvalidUtf8 => f.write_str("the body is not UTF-8"),
            BodyError::Json(m) => write!(f, "the body is not JSON: {m}"),
            BodyError::NotAnObject => f.write_str("the body is not an object"),
            BodyError::NoEventName => f.write_str("the body names no event"),
        }
    }
}

impl std::error::Error for BodyError {}

/// Why an event was not delivered typed. `E` is the set of events expected
/// ([`EventSet`](super::EventSet)).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The body could not be read: answer 400.
    BadBody(BodyError),
    /// The body carries no `auth[application_token]`: answer 401.
    TokenMissing,
    /// The token is not the application's: a forged event, answer 403.
    TokenWrong,
    /// A genuine event (the token checked out) that `E` does not know: delivered raw, as
    /// `E`'s unknown case.
    UnknownEvent(Box<Delivery<E>>),
    /// A genuine, known event whose `data` does not have the documented shape: delivered
    /// raw, as `E`'s unknown case.
    PayloadMismatch(Box<Delivery<E>>),
}

impl<E> Error<E> {
    /// The raw delivery of a genuine event that could not be typed, if that is the error.
    pub fn into_raw(self) -> Option<Delivery<E>> {
        match self {
            Error::UnknownEvent(d) | Error::PayloadMismatch(d) => Some(*d),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadBody(e) => write!(f, "bad event body: {e}"),
            Error::TokenMissing => f.write_str("the event carries no application token"),
            Error::TokenWrong => f.write_str("the event's application token is not ours"),
            Error::UnknownEvent(d) => write!(f, "unknown event `{}`", d.name.escape_debug()),
            Error::PayloadMismatch(d) => write!(
                f,
                "the data of event `{}` does not have its documented shape",
                d.name.escape_debug()
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

impl<E> From<BodyError> for Error<E> {
    fn from(e: BodyError) -> Self {
        Error::BadBody(e)
    }
}
