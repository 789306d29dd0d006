//! Everything the portal remembers between requests.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::time::Instant;

use crate::bucket::Bucket;
use crate::listing::{self, Listing};
use crate::{Fault, Move, PortalConfig};

/// The window a method's operating time is summed over.
const OPERATING_WINDOW: Duration = Duration::from_secs(600);

/// Requests the portal saw, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// HTTP requests received (token endpoint included).
    pub requests: u64,
    /// Requests refused with `QUERY_LIMIT_EXCEEDED`.
    pub refused: u64,
    /// Requests answered with a 302 to the moved address.
    pub redirects: u64,
    /// Token renewals through the token endpoint.
    pub token_refreshes: u64,
    /// Commands run inside batches.
    pub batch_commands: u64,
    /// Faults applied.
    pub faults: u64,
    /// Calls refused with `OPERATION_TIME_LIMIT` (batch commands included).
    pub operation_limited: u64,
    /// Requests to the token endpoint, answered or not.
    pub token_requests: u64,
    /// Requests per `Host` header.
    pub hosts: BTreeMap<String, u64>,
    /// Calls per method name (batch commands included, `batch` itself too).
    pub calls: BTreeMap<String, u64>,
}

/// How a request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Valid,
    Expired,
    Revoked,
    Unknown,
}

struct Tokens {
    access: String,
    refresh: String,
    expires_at: Instant,
    /// Access tokens issued before the current one: they answer `expired_token`.
    previous: Vec<String>,
    issued: u64,
    /// The current access token answers `invalid_token`.
    revoked: bool,
}

/// A method's operating time: what each call cost, and when.
type Spent = VecDeque<(Instant, f64)>;

/// What charging a call's operating time gave.
pub(crate) struct Charge {
    /// Seconds used in the window, this call included.
    pub operating: f64,
    /// Unix time the oldest charge leaves the window.
    pub reset_at: f64,
    /// Seconds this call cost.
    pub cost: f64,
}

struct Inner {
    bucket: Option<Bucket>,
    faults: VecDeque<(Option<String>, Fault)>,
    tokens: Tokens,
    moved: Option<Move>,
    spent: HashMap<String, Spent>,
    counters: Counters,
    last_params: BTreeMap<String, Value>,
    next_contact_id: u64,
    /// List methods served besides the built-in ones, by lower-case name.
    listings: HashMap<String, Listing>,
}

pub(crate) struct State {
    pub(crate) config: PortalConfig,
    /// `http://127.0.0.1:PORT`.
    pub(crate) base_url: String,
    /// `http://localhost:PORT`: where the portal lives once moved.
    pub(crate) moved_url: String,
    /// The portal's clock: Unix time at `epoch`, advanced by tokio's clock (paused
    /// in tests).
    epoch: (Instant, f64),
    pub(crate) events: crate::events::Bindings,
    inner: Mutex<Inner>,
}

impl State {
    pub(crate) fn new(config: PortalConfig, base_url: String) -> State {
        let inner = Inner {
            bucket: config.rate_limit.map(Bucket::new),
            faults: VecDeque::new(),
            tokens: Tokens {
                access: config.access_token.clone(),
                refresh: config.refresh_token.clone(),
                expires_at: Instant::now() + config.token_lifetime,
                previous: Vec::new(),
                issued: 0,
                revoked: false,
            },
            moved: None,
            spent: HashMap::new(),
            counters: Counters::default(),
            last_params: BTreeMap::new(),
            next_contact_id: config.items + 1,
            listings: HashMap::new(),
        };
        let moved_url = base_url.replace("127.0.0.1", "localhost");
        let unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs_f64())
            .unwrap_or_default();
        State {
            config,
            base_url,
            moved_url,
            epoch: (Instant::now(), unix),
            events: crate::events::Bindings::default(),
            inner: Mutex::new(inner),
        }
    }

    /// Unix time on the portal's clock.
    pub(crate) fn unix_now(&self) -> f64 {
        self.epoch.1 + self.epoch.0.elapsed().as_secs_f64()
    }

    fn unix_at(&self, at: Instant) -> f64 {
        self.epoch.1 + at.saturating_duration_since(self.epoch.0).as_secs_f64()
    }

    /// Charges a call of `method` against its time budget; `None` when the budget
    /// is spent (checked before the call: the call that crosses it completes).
    pub(crate) fn charge(&self, method: &str) -> Option<Charge> {
        let now = Instant::now();
        let cost = self.config.operating_cost.as_secs_f64();
        let limit = self.config.operating_limit.map(|limit| limit.as_secs_f64());
        let mut inner = self.lock();
        let spent = inner.spent.entry(method.to_ascii_lowercase()).or_default();
        while spent
            .front()
            .is_some_and(|(at, _)| now.saturating_duration_since(*at) >= OPERATING_WINDOW)
        {
            spent.pop_front();
        }
        let used: f64 = spent.iter().map(|(_, cost)| cost).sum();
        if limit.is_some_and(|limit| used >= limit) {
            inner.counters.operation_limited += 1;
            return None;
        }
        if cost > 0.0 {
            spent.push_back((now, cost));
        }
        let oldest = spent.front().map_or(now, |(at, _)| *at);
        Some(Charge {
            operating: used + cost,
            reset_at: self.unix_at(oldest + OPERATING_WINDOW).ceil(),
            cost,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn count_request(&self) {
        self.lock().counters.requests += 1;
    }

    pub(crate) fn count_host(&self, host: &str) {
        *self
            .lock()
            .counters
            .hosts
            .entry(host.to_string())
            .or_default() += 1;
    }

    pub(crate) fn count_token_request(&self) {
        self.lock().counters.token_requests += 1;
    }

    pub(crate) fn count_redirect(&self) {
        self.lock().counters.redirects += 1;
    }

    pub(crate) fn count_call(&self, method: &str, params: &Value, in_batch: bool) {
        let mut inner = self.lock();
        *inner.counters.calls.entry(method.to_string()).or_default() += 1;
        if in_batch {
            inner.counters.batch_commands += 1;
        }
        inner.last_params.insert(method.to_string(), params.clone());
    }

    /// Counts a request in the bucket; `false` when refused.
    pub(crate) fn admit(&self) -> bool {
        let mut inner = self.lock();
        let admitted = inner.bucket.as_mut().is_none_or(Bucket::admit);
        if !admitted {
            inner.counters.refused += 1;
        }
        admitted
    }

    pub(crate) fn push_fault(&self, method: Option<String>, fault: Fault) {
        self.lock().faults.push_back((method, fault));
    }

    /// The first pending request fault for `method`, removed from the queue.
    pub(crate) fn take_fault(&self, method: &str) -> Option<Fault> {
        self.take(|only, fault| {
            !matches!(fault, Fault::CommandError { .. })
                && only.is_none_or(|only| only.eq_ignore_ascii_case(method))
        })
    }

    /// The first pending [`Fault::CommandError`] for `method`, removed from the queue.
    pub(crate) fn take_command_fault(&self, method: &str) -> Option<Fault> {
        self.take(|only, fault| {
            matches!(fault, Fault::CommandError { .. })
                && only.is_some_and(|only| only.eq_ignore_ascii_case(method))
        })
    }

    fn take(&self, wanted: impl Fn(Option<&str>, &Fault) -> bool) -> Option<Fault> {
        let mut inner = self.lock();
        let position = inner
            .faults
            .iter()
            .position(|(only, fault)| wanted(only.as_deref(), fault))?;
        let fault = inner.faults.remove(position).map(|(_, fault)| fault);
        if fault.is_some() {
            inner.counters.faults += 1;
        }
        fault
    }

    pub(crate) fn set_moved(&self, how: Move) {
        self.lock().moved = Some(how);
    }

    pub(crate) fn moved(&self) -> Option<Move> {
        self.lock().moved
    }

    /// Where the portal's REST lives now, as the OAuth server reports it.
    pub(crate) fn current_url(&self) -> &str {
        if self.moved().is_some() {
            &self.moved_url
        } else {
            &self.base_url
        }
    }

    pub(crate) fn expire_token(&self) {
        self.lock().tokens.expires_at = Instant::now();
    }

    pub(crate) fn revoke_token(&self) {
        self.lock().tokens.revoked = true;
    }

    pub(crate) fn current_tokens(&self) -> (String, String) {
        let inner = self.lock();
        (inner.tokens.access.clone(), inner.tokens.refresh.clone())
    }

    pub(crate) fn check_token(&self, token: &str) -> TokenCheck {
        let inner = self.lock();
        let tokens = &inner.tokens;
        if token == tokens.access {
            if tokens.revoked {
                TokenCheck::Revoked
            } else if Instant::now() < tokens.expires_at {
                TokenCheck::Valid
            } else {
                TokenCheck::Expired
            }
        } else if tokens.previous.iter().any(|old| old == token) {
            TokenCheck::Expired
        } else {
            TokenCheck::Unknown
        }
    }

    /// Issues a new token pair for a valid refresh token.
    pub(crate) fn renew(&self, refresh_token: &str) -> Option<(String, String)> {
        let mut inner = self.lock();
        if refresh_token != inner.tokens.refresh {
            return None;
        }
        let tokens = &mut inner.tokens;
        tokens.issued += 1;
        let old = std::mem::replace(
            &mut tokens.access,
            format!("acc3ss-t0ken-{}", tokens.issued),
        );
        tokens.previous.push(old);
        tokens.refresh = format!("r3fresh-t0ken-{}", tokens.issued);
        tokens.revoked = false;
        tokens.expires_at = Instant::now() + self.config.token_lifetime;
        let pair = (tokens.access.clone(), tokens.refresh.clone());
        inner.counters.token_refreshes += 1;
        Some(pair)
    }

    pub(crate) fn serve_list(&self, method: &str, listing: Listing) {
        self.lock()
            .listings
            .insert(method.to_ascii_lowercase(), listing);
    }

    /// How list method `method` (lower case) is served: as registered, else built in.
    pub(crate) fn listing(&self, method: &str) -> Option<Listing> {
        let registered = self.lock().listings.get(method).cloned();
        registered.or_else(|| listing::built_in(method))
    }

    pub(crate) fn next_contact_id(&self) -> u64 {
        let mut inner = self.lock();
        inner.next_contact_id += 1;
        inner.next_contact_id - 1
    }

    pub(crate) fn counters(&self) -> Counters {
        self.lock().counters.clone()
    }

    pub(crate) fn last_params(&self, method: &str) -> Option<Value> {
        self.lock().last_params.get(method).cloned()
    }
}
