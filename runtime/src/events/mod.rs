//! Receiving events: the portal POSTs each event bound with `event.bind` to the
//! application's handler, form-encoded with PHP-style keys
//! (`event=ONCRMDEALUPDATE&data[FIELDS][ID]=42&auth[application_token]=…`) or as JSON.
//!
//! [`Receiver::receive`] takes the request's content type and body bytes, from any HTTP
//! server, and gives the typed event with the sender's [`Auth`] — once the body's
//! `auth[application_token]` has been found equal, in constant time, to the token the
//! application stored when it was installed. Bodies are bounded by [`Limits`]; nothing
//! here panics on any input.
//!
//! - `form`: form bodies as PHP reads them; `body`: content types, JSON, limits;
//! - `token`: the application token and other secrets; `auth`: the sender;
//! - `set`: the events expected ([`EventSet`]); `error`: what can go wrong.

mod auth;
mod body;
mod error;
mod form;
mod limits;
mod set;
mod token;

use serde_json::Value;

pub use auth::Auth;
pub use error::{BodyError, Error};
pub use limits::Limits;
pub use set::{decode, EventPayload, EventSet, Miss, RawEvent};
pub use token::{ApplicationToken, Hidden};

use crate::wire::{take, Lenient};

/// One event as delivered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Delivery<E> {
    pub event: E,
    /// The name as sent.
    pub name: String,
    /// The handler binding it was sent for.
    pub handler_id: Option<i64>,
    /// When the portal sent it (Unix seconds).
    pub ts: Option<i64>,
    pub auth: Auth,
}

/// Checks and reads the events sent to one application.
#[derive(Debug, Clone)]
pub struct Receiver {
    token: ApplicationToken,
    limits: Limits,
}

impl Receiver {
    /// A receiver for the application whose token is `token`.
    pub fn new(token: ApplicationToken) -> Self {
        Receiver {
            token,
            limits: Limits::default(),
        }
    }

    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Reads, checks and types one delivery. `content_type` is the request's
    /// `Content-Type` header, if any.
    pub fn receive<E: EventSet>(
        &self,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Delivery<E>, Error<E>> {
        let parts = Parts::read(content_type, body, &self.limits)?;
        match &parts.application_token {
            None => return Err(Error::TokenMissing),
            Some(t) if t.is_empty() => return Err(Error::TokenMissing),
            Some(t) if !self.token.matches(t) => return Err(Error::TokenWrong),
            Some(_) => {}
        }
        parts.typed()
    }
}

/// Reads and types one delivery without checking its token: only for the one event
/// that brings the token to store (`ONAPPINSTALL`), and only over a channel the
/// application trusts otherwise. Returns the token it carried.
pub fn receive_unverified<E: EventSet>(
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
) -> Result<(Delivery<E>, Option<ApplicationToken>), Error<E>> {
    let parts = Parts::read(content_type, body, limits)?;
    let token = parts
        .application_token
        .clone()
        .filter(|t| !t.is_empty())
        .map(ApplicationToken::new);
    Ok((parts.typed()?, token))
}

/// A body taken apart.
struct Parts {
    name: String,
    data: Value,
    handler_id: Option<i64>,
    ts: Option<i64>,
    auth: Auth,
    application_token: Option<String>,
}

impl Parts {
    fn read(content_type: Option<&str>, body: &[u8], limits: &Limits) -> Result<Parts, BodyError> {
        let Value::Object(mut map) = body::parse(content_type, body, limits)? else {
            return Err(BodyError::NotAnObject);
        };
        let name = take::<String>(&mut map, "event")
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .ok_or(BodyError::NoEventName)?;
        // PHP leaves an empty array out of a form body altogether.
        let data = map
            .remove("data")
            .filter(|d| !d.is_null())
            .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
        let (auth, application_token) = Auth::read(map.remove("auth"));
        Ok(Parts {
            name,
            data,
            handler_id: map.remove("event_handler_id").and_then(i64::from_value),
            ts: map.remove("ts").and_then(i64::from_value),
            auth,
            application_token,
        })
    }

    fn typed<E: EventSet>(self) -> Result<Delivery<E>, Error<E>> {
        let (event, miss) = match E::typed(&self.name, self.data) {
            Ok(event) => (event, None),
            Err(Miss::UnknownName(data)) => (E::raw(self.name.clone(), data), Some(false)),
            Err(Miss::BadData(data)) => (E::raw(self.name.clone(), data), Some(true)),
        };
        let delivery = Delivery {
            event,
            name: self.name,
            handler_id: self.handler_id,
            ts: self.ts,
            auth: self.auth,
        };
        match miss {
            None => Ok(delivery),
            Some(false) => Err(Error::UnknownEvent(Box::new(delivery))),
            Some(true) => Err(Error::PayloadMismatch(Box::new(delivery))),
        }
    }
}
