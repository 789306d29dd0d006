//! The `auth` part of a delivery: the portal the event comes from and, when the event
//! was raised by a user, OAuth tokens to call back with.

use serde_json::{Map, Value};

use super::token::Hidden;
use crate::wire::{take, Lenient};

/// Who sent the event. Tokens are [`Hidden`]; the application token is checked and
/// not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Auth {
    /// The portal's address (`example.bitrix24.ru`).
    pub domain: Option<String>,
    /// The portal's id.
    pub member_id: Option<String>,
    /// Base URL for REST calls to the portal.
    pub client_endpoint: Option<String>,
    /// OAuth server, for renewing tokens.
    pub server_endpoint: Option<String>,
    /// Scopes the event was raised under.
    pub scope: Option<String>,
    /// The application's status (`L` local, `F` free, `P` paid, `S` subscription, …).
    pub status: Option<String>,
    /// Absent when the event was not raised by a user.
    pub access_token: Option<Hidden>,
    pub refresh_token: Option<Hidden>,
    pub expires_in: Option<i64>,
    pub user_id: Option<i64>,
}

impl Auth {
    /// Reads the `auth` object, and takes out the application token.
    pub(crate) fn read(value: Option<Value>) -> (Auth, Option<String>) {
        let mut map = value.and_then(Map::from_value).unwrap_or_default();
        let token = |map: &mut Map<String, Value>, k: &str| {
            take::<String>(map, k)
                .filter(|t| !t.is_empty())
                .map(Hidden::new)
        };
        let application_token = take::<String>(&mut map, "application_token");
        let auth = Auth {
            domain: take(&mut map, "domain"),
            member_id: take(&mut map, "member_id"),
            client_endpoint: take(&mut map, "client_endpoint"),
            server_endpoint: take(&mut map, "server_endpoint"),
            scope: take(&mut map, "scope"),
            status: take(&mut map, "status"),
            access_token: token(&mut map, "access_token"),
            refresh_token: token(&mut map, "refresh_token"),
            expires_in: take(&mut map, "expires_in"),
            user_id: take(&mut map, "user_id"),
        };
        (auth, application_token)
    }
}
