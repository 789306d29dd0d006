//! The contract between generated request types and any transport.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A REST method: its request parameters (the implementing struct), its wire name and the
/// type of `result` in a successful answer.
///
/// Implemented by every generated request struct. Transport-agnostic: serialise `self` to
/// JSON as the request body and deserialise the envelope's `result` as `Self::Response`.
pub trait Method: Serialize {
    /// Wire name, e.g. `im.chat.add`.
    const NAME: &'static str;
    /// Permission scopes the method needs.
    const SCOPES: &'static [&'static str];
    /// Whether the documentation marks the method as deprecated.
    const DEPRECATED: bool;
    /// What `result` holds on success.
    type Response: DeserializeOwned;
    /// The method's documented error codes.
    type Error: ErrorCode;
}

/// A typed error code: one variant per documented code, and one for anything else.
pub trait ErrorCode: Sized + Clone + std::fmt::Debug + PartialEq {
    /// Maps the `error` field of an error answer. Never fails: codes the documentation
    /// does not list become the catch-all variant.
    fn from_code(code: &str) -> Self;
    /// The code as the server sends it.
    fn as_str(&self) -> &str;
}

/// The error code type of methods whose page documents no codes of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndocumentedError(pub String);

impl ErrorCode for UndocumentedError {
    fn from_code(code: &str) -> Self {
        UndocumentedError(code.to_string())
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}
