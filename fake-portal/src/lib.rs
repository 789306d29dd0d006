//! A local Bitrix24 portal for tests and benchmarks.
//!
//! [`FakePortal::start`] binds `127.0.0.1` on a free port and serves, in the calling
//! tokio runtime, the REST protocol as strictly as a real portal: webhook and OAuth
//! paths, JSON and form bodies, parameter names matched with their case, success
//! envelopes with `time` (errors without), the portal's leaky bucket, a per-method
//! operating-time budget refused with a bare `OPERATION_TIME_LIMIT`, expiring and
//! revoked tokens and their endpoint, `batch` with `$result[…]` references (an
//! unresolved one becomes an empty string), `halt` and per-command limit errors, list
//! methods over a dataset with `start`/`next`/`total`, `>ID` filters and `order`,
//! REST 3.0 under `/rest/api/` (JSON only, its own error shape), a portal moved to
//! another host, and faults injected on demand. Counters tell what it saw.
//!
//! Methods: `user.current`, `department.get`, `server.time`, `test.echo` (answers
//! its parameters), `crm.contact.add`, `crm.contact.list` (classic: rows with string
//! `ID`s), `crm.item.list` (`{"items":[{"id":…}]}`), `tasks.task.list`
//! (`{"tasks":[{"id":…}]}`, filtered and ordered by `ID`), `batch`; under REST 3.0,
//! `test.echo` and `tasks.task.add` (`{"fields":{"title"}}` required). Any other list
//! method is served once described by a [`Listing`] ([`FakePortal::serve_list`]): its
//! rows' shape, and the parameters it reads its filter and order from.

mod bucket;
mod events;
mod listing;
mod methods;
mod php;
mod server;
mod state;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::task::JoinHandle;

pub use bucket::BucketLimit;
pub use events::{http_build_query, post_form, Delivered, APPLICATION_TOKEN};
pub use listing::{FilterAt, Listing, Offset, OrderBy};
pub use php::parse_str;
pub use state::Counters;

use state::State;

/// What the portal accepts and holds.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// The portal's request limit; `None` admits everything.
    pub rate_limit: Option<BucketLimit>,
    /// User id in the webhook path.
    pub webhook_user: u64,
    /// The webhook code.
    pub webhook_code: String,
    /// OAuth application id.
    pub client_id: String,
    /// OAuth application secret.
    pub client_secret: String,
    /// The first access token.
    pub access_token: String,
    /// The first refresh token.
    pub refresh_token: String,
    /// Life of an access token.
    pub token_lifetime: Duration,
    /// Rows in the list methods' dataset (ids `1..=items`).
    pub items: u64,
    /// Rows per page of the list methods.
    pub page_size: usize,
    /// Commands allowed in one batch.
    pub max_batch: usize,
    /// Delay of the token endpoint's answer (after it rotated the pair).
    pub token_delay: Duration,
    /// Operating time each call of a method uses.
    pub operating_cost: Duration,
    /// Operating time a method may use per ten minutes; `None` for no limit.
    pub operating_limit: Option<Duration>,
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            rate_limit: Some(BucketLimit::default()),
            webhook_user: 1,
            webhook_code: "w3bh00kc0de5ecret".to_string(),
            client_id: "local.5f1e2d3c4b5a69.12345678".to_string(),
            client_secret: "cl1ents3cretva1ue".to_string(),
            access_token: "acc3ss-t0ken-0".to_string(),
            refresh_token: "r3fresh-t0ken-0".to_string(),
            token_lifetime: Duration::from_secs(3600),
            items: 10_000,
            page_size: 50,
            max_batch: 50,
            token_delay: Duration::from_millis(20),
            operating_cost: Duration::ZERO,
            operating_limit: Some(Duration::from_secs(480)),
        }
    }
}

/// A fault the portal applies to one upcoming request.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answer normally, after this delay.
    Delay(Duration),
    /// HTTP 500 with an `INTERNAL_SERVER_ERROR` envelope.
    ServerError,
    /// An HTTP error with an HTML page instead of JSON.
    HtmlError(u16),
    /// HTTP 200 with a body cut in the middle of the JSON.
    MalformedJson,
    /// Close the connection without answering.
    DropConnection,
    /// `OPERATION_TIME_LIMIT` (429), without saying when it lifts, like a real portal.
    OperationTimeLimit,
    /// The next command of the targeted method fails inside a batch (a plain call of
    /// it answers HTTP 400). With `as_text`, its `result_error` entry is the bare
    /// `description` string instead of an object.
    CommandError {
        /// The error code.
        code: String,
        /// The description.
        description: String,
        /// Write the entry as a plain string.
        as_text: bool,
    },
    /// Any answer, as given.
    Reply {
        /// HTTP status.
        status: u16,
        /// Body.
        body: String,
    },
}

/// How a moved portal answers at its old address (`127.0.0.1`); it lives on at
/// `localhost` on the same port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// 302 to the same path on the new host.
    SamePath,
    /// 302 to the new host's site root.
    SiteRoot,
    /// No redirect: both addresses answer, and only the OAuth server's
    /// `client_endpoint` names the new one.
    Quiet,
}

/// A running portal. Stops when dropped.
pub struct FakePortal {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl FakePortal {
    /// Starts a portal with the default settings.
    pub async fn start() -> io::Result<FakePortal> {
        FakePortal::start_with(PortalConfig::default()).await
    }

    /// Starts a portal with `config`, in the current tokio runtime.
    pub async fn start_with(config: PortalConfig) -> io::Result<FakePortal> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(config, format!("http://{addr}")));
        let task = tokio::spawn(server::serve(listener, state.clone()));
        Ok(FakePortal { addr, state, task })
    }

    /// The portal's address, `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The incoming webhook, `http://127.0.0.1:PORT/rest/1/CODE/`.
    pub fn webhook_url(&self) -> String {
        let config = &self.state.config;
        format!(
            "{}/rest/{}/{}/",
            self.base_url(),
            config.webhook_user,
            config.webhook_code
        )
    }

    /// The OAuth token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}/oauth/token/", self.base_url())
    }

    /// The settings it runs with.
    pub fn config(&self) -> &PortalConfig {
        &self.state.config
    }

    /// Applies `fault` to the next request.
    pub fn inject(&self, fault: Fault) {
        self.state.push_fault(None, fault);
    }

    /// Applies `fault` to the next request calling `method`.
    pub fn inject_for(&self, method: &str, fault: Fault) {
        self.state.push_fault(Some(method.to_string()), fault);
    }

    /// Serves list method `method` (any case) over the dataset as `listing` says, in
    /// place of what the portal answered for it before.
    pub fn serve_list(&self, method: &str, listing: Listing) {
        self.state.serve_list(method, listing);
    }

    /// Makes the current access token expire now.
    pub fn expire_access_token(&self) {
        self.state.expire_token();
    }

    /// Makes the current access token answer `invalid_token` until renewed.
    pub fn revoke_access_token(&self) {
        self.state.revoke_token();
    }

    /// The current access and refresh tokens.
    pub fn tokens(&self) -> (String, String) {
        self.state.current_tokens()
    }

    /// From now on, the portal lives at [`moved_url`](Self::moved_url), and its old
    /// address answers as `how` says.
    pub fn move_portal(&self, how: Move) {
        self.state.set_moved(how);
    }

    /// The address after a move, `http://localhost:PORT`.
    pub fn moved_url(&self) -> String {
        self.state.moved_url.clone()
    }

    /// What the portal saw so far.
    pub fn counters(&self) -> Counters {
        self.state.counters()
    }

    /// The parameters of the last call of `method` (batch commands included), with
    /// references resolved and `auth` removed.
    pub fn last_params(&self, method: &str) -> Option<Value> {
        self.state.last_params(method)
    }
}

impl Drop for FakePortal {
    fn drop(&mut self) {
        self.task.abort();
    }
}
