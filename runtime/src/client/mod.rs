//! Async HTTP client: sends any [`Method`] to a portal.
//!
//! Built from an incoming-webhook URL or from an OAuth application's tokens, it applies
//! the portal's rules: a client-side leaky bucket, retries of refused and failed
//! requests, token renewal, moved portals, batches of up to 50 commands and paging.
//!
//! ```no_run
//! # async fn run() -> Result<(), bitrix24_runtime::client::Error> {
//! use bitrix24_runtime::client::Client;
//!
//! let client = Client::from_webhook("https://example.bitrix24.ru/rest/1/webhookcode/")?;
//! let time = client.call_raw("server.time", serde_json::json!({})).await?;
//! println!("{}", time.result);
//! # Ok(())
//! # }
//! ```

mod auth;
mod batch;
mod builder;
mod config;
mod envelope;
mod error;
mod limiter;
mod paging;
mod payload;
mod query;
mod retry;
mod secret;
mod transport;

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use serde_json::Value;
use tracing::Instrument;

use crate::method::Method;

pub use auth::{Tokens, TokensCallback, DEFAULT_TOKEN_URL};
pub use batch::{Batch, BatchResults, Handle, ResultRef};
pub use builder::ClientBuilder;
pub use config::ClientConfig;
pub use envelope::{Meta, Time};
pub use error::{ApiError, Error, ValidationIssue};
pub use limiter::RateLimit;
pub use paging::{FastPaging, Paged};
pub use query::http_build_query;
pub use secret::Secret;

use auth::{Auth, Credential};
use envelope::Success;
use limiter::LeakyBucket;
pub(crate) use payload::Payload;
use retry::Decision;

/// A portal connection. Cheap to clone; clones share the rate limiter and tokens.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: Auth,
    config: ClientConfig,
    limiter: Option<LeakyBucket>,
}

/// A `result` together with the rest of the envelope.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The decoded `result`.
    pub result: T,
    /// `time`, `total` and `next`.
    pub meta: Meta,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("auth", &self.inner.auth)
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Client {
    /// A client for an incoming webhook, `https://{portal}/rest/{user}/{code}/`.
    pub fn from_webhook(url: &str) -> Result<Client, Error> {
        Client::builder().webhook(url).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn from_parts(http: reqwest::Client, auth: Auth, config: ClientConfig) -> Client {
        let limiter = config.rate_limit.map(LeakyBucket::new);
        Client {
            inner: Arc::new(Inner {
                http,
                auth,
                config,
                limiter,
            }),
        }
    }

    /// The settings in force.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The current OAuth tokens (after any renewal); `None` for a webhook.
    pub async fn tokens(&self) -> Option<Tokens> {
        match &self.inner.auth {
            Auth::OAuth(oauth) => Some(oauth.tokens().await),
            Auth::Webhook(_) => None,
        }
    }

    /// Calls `M` and decodes its `result`.
    ///
    /// The request is serialised at once, so the returned future borrows neither the
    /// request nor the client: it can be stored, joined or spawned.
    pub fn call<M: Method>(&self, request: &M) -> impl Future<Output = Result<M::Response, Error>> {
        let call = self.call_with_meta(request);
        async move { call.await.map(|response| response.result) }
    }

    /// Calls `M` and returns its `result` with the envelope's `time`, `total` and `next`.
    pub fn call_with_meta<M: Method>(
        &self,
        request: &M,
    ) -> impl Future<Output = Result<Response<M::Response>, Error>> {
        let params = to_params(M::NAME, request);
        let client = self.clone();
        async move {
            let success = client.execute(M::NAME, &Payload::Params(params?)).await?;
            let result = envelope::decode(M::NAME, success.result)?;
            Ok(Response {
                result,
                meta: success.meta,
            })
        }
    }

    /// Calls a method by name with untyped parameters.
    pub async fn call_raw(&self, method: &str, params: Value) -> Result<Response<Value>, Error> {
        let params = if params.is_null() {
            Value::Object(Default::default())
        } else {
            params
        };
        let success = self.execute(method, &Payload::Params(params)).await?;
        Ok(Response {
            result: success.result,
            meta: success.meta,
        })
    }

    /// Starts a batch of commands sent together.
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(self)
    }

    /// Sends `payload` as `method`, with pacing, retries and token renewal.
    async fn execute(&self, method: &str, payload: &Payload) -> Result<Success, Error> {
        let idempotent = payload.idempotent(method, &self.inner.config);
        let span = tracing::info_span!("bitrix24.call", method = %method);
        self.attempts(method, payload, idempotent)
            .instrument(span)
            .await
    }

    async fn attempts(
        &self,
        method: &str,
        payload: &Payload,
        idempotent: bool,
    ) -> Result<Success, Error> {
        let config = &self.inner.config;
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let span = tracing::debug_span!("attempt", attempt);
            let (error, credential) = match self.attempt(method, payload).instrument(span).await {
                Ok(success) => return Ok(success),
                Err(failure) => failure,
            };
            match retry::decide(&error, attempt, idempotent, config) {
                Decision::Fail => return Err(error),
                Decision::RetryAfter(delay) => {
                    if error
                        .api()
                        .is_some_and(|api| api.is("QUERY_LIMIT_EXCEEDED"))
                    {
                        if let Some(limiter) = &self.inner.limiter {
                            limiter.saturate();
                        }
                    }
                    tracing::warn!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
                    tokio::time::sleep(delay).await;
                }
                Decision::RefreshToken => match (&self.inner.auth, credential) {
                    (Auth::OAuth(oauth), Some(credential)) if !refreshed => {
                        oauth
                            .refresh(&self.inner.http, credential.generation)
                            .await?;
                        refreshed = true;
                    }
                    _ => return Err(error),
                },
            }
        }
    }

    /// One request. A failure comes back with the token it was sent with, so that
    /// an `expired_token` renews that token and not a newer one.
    async fn attempt(
        &self,
        method: &str,
        payload: &Payload,
    ) -> Result<Success, (Error, Option<Credential>)> {
        if let Some(limiter) = &self.inner.limiter {
            limiter.acquire().await;
        }
        let credential = match &self.inner.auth {
            Auth::OAuth(oauth) => Some(oauth.credential().await),
            Auth::Webhook(_) => None,
        };
        let endpoint = self.inner.auth.endpoint();
        let sent = async {
            let url = endpoint.method_url(method)?;
            let mut target = url.clone();
            let body = payload.render(credential.as_ref().map(|c| &c.token), &mut target);
            let reply =
                transport::post(&self.inner.http, method, target, body, &self.inner.config).await?;
            if reply.url.origin() != url.origin() || reply.url.path() != url.path() {
                endpoint.moved(method, &reply.url);
            }
            envelope::parse_reply(method, reply.status, &reply.body)
        };
        sent.await.map_err(|error| (error, credential))
    }
}

/// Serialises a request; a parameterless one becomes `{}`.
fn to_params<M: Method>(method: &str, request: &M) -> Result<Value, Error> {
    match serde_json::to_value(request) {
        Ok(Value::Null) => Ok(Value::Object(Default::default())),
        Ok(params) => Ok(params),
        Err(err) => Err(Error::Encode {
            method: method.to_string(),
            message: err.to_string(),
        }),
    }
}
