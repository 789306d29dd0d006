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
mod endpoint;
mod envelope;
mod error;
mod files;
mod limiter;
mod pacing;
mod paging;
mod payload;
mod query;
mod retry;
mod secret;
mod store;
mod transport;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tracing::Instrument;

use crate::method::Method;

pub use auth::DEFAULT_TOKEN_URL;
pub use batch::{Batch, BatchResults, Handle, ResultRef};
pub use builder::ClientBuilder;
pub use config::ClientConfig;
pub use endpoint::MovedCallback;
pub use envelope::{Meta, Time};
pub use error::{ApiError, Error, ValidationIssue};
pub use files::{FileUpload, FILE_DATA};
pub use limiter::RateLimit;
pub use paging::{FastOptions, Progress, ProgressHandle, Rows};
pub use query::http_build_query;
pub use secret::Secret;
pub use store::{BoxFuture, MemoryTokenStore, TokenStore, Tokens, TokensCallback};

use auth::{Auth, Credential};
use envelope::Success;
use limiter::LeakyBucket;
use pacing::Pacer;
pub(crate) use payload::Payload;
use retry::Decision;

/// A portal connection. Cheap to clone; clones share the rate limiter, the method
/// time budgets and the tokens.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: Auth,
    config: ClientConfig,
    limiter: Option<LeakyBucket>,
    pacer: Pacer,
}

/// The facts of a method that decide how its call goes out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call<'a> {
    pub(crate) name: &'a str,
    /// Safe to send twice ([`Method::READ_ONLY`]).
    pub(crate) read_only: bool,
    /// Sent to `/rest/api/…` ([`Method::REST_V3`]).
    pub(crate) rest_v3: bool,
}

impl<'a> Call<'a> {
    pub(crate) fn of<M: Method>() -> Call<'static> {
        Call {
            name: M::NAME,
            read_only: M::READ_ONLY,
            rest_v3: M::REST_V3,
        }
    }

    /// A method known by name only: reads are told by the name rule.
    pub(crate) fn named(name: &'a str, rest_v3: bool) -> Call<'a> {
        Call {
            name,
            read_only: crate::method::read_only_by_name(name),
            rest_v3,
        }
    }
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
        let pacer = Pacer::new(config.operating_budget);
        Client {
            inner: Arc::new(Inner {
                http,
                auth,
                config,
                limiter,
                pacer,
            }),
        }
    }

    /// The settings in force.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The current OAuth tokens (after any renewal); `None` for a webhook. Never waits
    /// for a renewal under way.
    pub async fn tokens(&self) -> Option<Tokens> {
        match &self.inner.auth {
            Auth::OAuth(oauth) => Some(oauth.tokens()),
            Auth::Webhook(_) => None,
        }
    }

    /// The portal's address (`https://example.bitrix24.ru`), after any move.
    pub fn portal(&self) -> String {
        self.inner.auth.endpoint().origin()
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
            let success = client
                .execute(Call::of::<M>(), &Payload::Params(params?), &[])
                .await?;
            let result = envelope::decode(M::NAME, success.result)?;
            Ok(Response {
                result,
                meta: success.meta,
            })
        }
    }

    /// Calls a method by name with untyped parameters.
    pub async fn call_raw(&self, method: &str, params: Value) -> Result<Response<Value>, Error> {
        self.raw(Call::named(method, false), params).await
    }

    /// Calls a REST 3.0 method (`/rest/api/…`) by name with untyped parameters.
    pub async fn call_raw_v3(&self, method: &str, params: Value) -> Result<Response<Value>, Error> {
        self.raw(Call::named(method, true), params).await
    }

    async fn raw(&self, call: Call<'_>, params: Value) -> Result<Response<Value>, Error> {
        let params = if params.is_null() {
            Value::Object(Default::default())
        } else {
            params
        };
        let success = self.execute(call, &Payload::Params(params), &[]).await?;
        Ok(Response {
            result: success.result,
            meta: success.meta,
        })
    }

    /// Starts a batch of commands sent together.
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(self)
    }

    /// Sends `payload` as `call`, with pacing, retries and token renewal. `inner`
    /// names the methods a batch runs, whose time budgets it spends.
    async fn execute(
        &self,
        call: Call<'_>,
        payload: &Payload,
        inner: &[&str],
    ) -> Result<Success, Error> {
        let span = tracing::info_span!("bitrix24.call", method = %call.name);
        self.attempts(call, payload, inner).instrument(span).await
    }

    async fn attempts(
        &self,
        call: Call<'_>,
        payload: &Payload,
        inner: &[&str],
    ) -> Result<Success, Error> {
        let config = &self.inner.config;
        let mut paced = vec![call.name];
        paced.extend_from_slice(inner);
        let mut refreshed = false;
        let mut blocked = Duration::ZERO;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.inner.pacer.wait(&paced).await;
            let span = tracing::debug_span!("attempt", attempt);
            let (error, credential) = match self.attempt(call, payload).instrument(span).await {
                Ok(success) => {
                    if let Some(time) = &success.meta.time {
                        self.inner.pacer.record(call.name, time);
                    }
                    return Ok(success);
                }
                Err(failure) => failure,
            };
            match retry::decide(&error, attempt, call.read_only, config) {
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
                Decision::Blocked => {
                    let refusal = error.api().and_then(|api| api.time.as_ref());
                    let wait =
                        self.inner
                            .pacer
                            .block(call.name, refusal, config.default_operation_wait);
                    blocked += wait;
                    if blocked > config.max_operation_wait {
                        return Err(error);
                    }
                    tracing::warn!(
                        attempt,
                        delay_ms = wait.as_millis() as u64,
                        "method time budget spent; waiting for its reset"
                    );
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
        call: Call<'_>,
        payload: &Payload,
    ) -> Result<Success, (Error, Option<Credential>)> {
        if let Some(limiter) = &self.inner.limiter {
            limiter.acquire().await;
        }
        let credential = match &self.inner.auth {
            Auth::OAuth(oauth) => Some(oauth.credential()),
            Auth::Webhook(_) => None,
        };
        let endpoint = self.inner.auth.endpoint();
        let sent = async {
            let url = endpoint.method_url(call.name, call.rest_v3)?;
            let mut target = url.clone();
            let body = payload.render(credential.as_ref().map(|c| &c.token), &mut target);
            let reply = transport::post(
                &self.inner.http,
                call.name,
                target,
                body,
                &self.inner.config,
            )
            .await?;
            endpoint.follow(call.name, &url, &reply.url);
            envelope::parse_reply(call.name, reply.status, &reply.body)
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
