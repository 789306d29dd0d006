//! Everything the portal remembers between requests.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;
use tokio::time::Instant;

use crate::bucket::Bucket;
use crate::{Fault, PortalConfig};

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
    /// Calls per method name (batch commands included, `batch` itself too).
    pub calls: BTreeMap<String, u64>,
}

/// How a request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Valid,
    Expired,
    Unknown,
}

struct Tokens {
    access: String,
    refresh: String,
    expires_at: Instant,
    /// Access tokens issued before the current one: they answer `expired_token`.
    previous: Vec<String>,
    issued: u64,
}

struct Inner {
    bucket: Option<Bucket>,
    faults: VecDeque<(Option<String>, Fault)>,
    tokens: Tokens,
    moved: bool,
    counters: Counters,
    last_params: BTreeMap<String, Value>,
    next_contact_id: u64,
}

pub(crate) struct State {
    pub(crate) config: PortalConfig,
    pub(crate) base_url: String,
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
            },
            moved: false,
            counters: Counters::default(),
            last_params: BTreeMap::new(),
            next_contact_id: config.items + 1,
        };
        State {
            config,
            base_url,
            events: crate::events::Bindings::default(),
            inner: Mutex::new(inner),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn count_request(&self) {
        self.lock().counters.requests += 1;
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

    /// The first pending fault for `method`, removed from the queue.
    pub(crate) fn take_fault(&self, method: &str) -> Option<Fault> {
        let mut inner = self.lock();
        let position = inner.faults.iter().position(|(only, _)| {
            only.as_deref()
                .is_none_or(|only| only.eq_ignore_ascii_case(method))
        })?;
        let fault = inner.faults.remove(position).map(|(_, fault)| fault);
        if fault.is_some() {
            inner.counters.faults += 1;
        }
        fault
    }

    pub(crate) fn set_moved(&self) {
        self.lock().moved = true;
    }

    pub(crate) fn is_moved(&self) -> bool {
        self.lock().moved
    }

    pub(crate) fn expire_token(&self) {
        self.lock().tokens.expires_at = Instant::now();
    }

    pub(crate) fn current_tokens(&self) -> (String, String) {
        let inner = self.lock();
        (inner.tokens.access.clone(), inner.tokens.refresh.clone())
    }

    pub(crate) fn check_token(&self, token: &str) -> TokenCheck {
        let inner = self.lock();
        let tokens = &inner.tokens;
        if token == tokens.access {
            if Instant::now() < tokens.expires_at {
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
        tokens.expires_at = Instant::now() + self.config.token_lifetime;
        let pair = (tokens.access.clone(), tokens.refresh.clone());
        inner.counters.token_refreshes += 1;
        Some(pair)
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
