//! OAuth token pairs and where they are kept between renewals.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use super::error::Error;
use super::secret::Secret;

/// An OAuth token pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// The access token (lives one hour).
    pub access_token: Secret,
    /// The refresh token (lives 180 days; each refresh issues a new one).
    pub refresh_token: Secret,
    /// Unix time the access token expires, when known.
    pub expires: Option<u64>,
}

/// A boxed future, as the token store and callbacks return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Called with the new tokens after each renewal, outside every lock of the client:
/// it may call the client.
pub type TokensCallback = Arc<dyn Fn(Tokens) -> BoxFuture<'static, ()> + Send + Sync>;

/// Where the current token pair lives, so that several processes (or clients) of one
/// application share it. A refresh token works once: without a shared store, two
/// processes renewing the same pair lock one of them out.
///
/// Before renewing, the client loads the stored pair; when another process already
/// stored a newer one, the client takes it instead of renewing. After renewing, it
/// saves the new pair. An implementation backed by a database or a cache should make
/// `save` atomic.
pub trait TokenStore: Send + Sync {
    /// The stored pair, if any.
    fn load(&self) -> BoxFuture<'_, Result<Option<Tokens>, Error>>;
    /// Replaces the stored pair.
    fn save<'a>(&'a self, tokens: &'a Tokens) -> BoxFuture<'a, Result<(), Error>>;
}

/// The default store: the pair in memory, shared by every client given the same `Arc`.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<Option<Tokens>>,
}

impl MemoryTokenStore {
    /// A store holding `tokens`.
    pub fn new(tokens: Tokens) -> Self {
        MemoryTokenStore {
            tokens: Mutex::new(Some(tokens)),
        }
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Tokens>> {
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<Tokens>, Error>> {
        let tokens = self.slot().clone();
        Box::pin(async move { Ok(tokens) })
    }

    fn save<'a>(&'a self, tokens: &'a Tokens) -> BoxFuture<'a, Result<(), Error>> {
        *self.slot() = Some(tokens.clone());
        Box::pin(async { Ok(()) })
    }
}
