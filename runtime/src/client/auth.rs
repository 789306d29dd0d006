//! How requests prove who sends them: an incoming webhook (the code is part of the URL)
//! or an OAuth application (an access token that expires and is renewed with the
//! refresh token).
//!
//! A renewal runs in a task of its own, under a timeout, and every call that needs it
//! waits for that one task: no lock is held while it runs, a caller that goes away
//! does not cancel it (the token endpoint may already have rotated the pair), and all
//! waiters get the same outcome.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::Url;
use serde_json::Value;
use tokio::sync::watch;

use super::endpoint::Endpoint;
use super::envelope::{code_text, lenient_u64};
use super::error::Error;
use super::secret::Secret;
use super::store::{TokenStore, Tokens, TokensCallback};

/// The token endpoint of Bitrix24's OAuth server.
pub const DEFAULT_TOKEN_URL: &str = "https://oauth.bitrix24.tech/oauth/token/";

/// How the client authenticates.
pub(crate) enum Auth {
    Webhook(Endpoint),
    OAuth(Arc<OAuth>),
}

impl Auth {
    pub(crate) fn endpoint(&self) -> &Endpoint {
        match self {
            Auth::Webhook(endpoint) => endpoint,
            Auth::OAuth(oauth) => &oauth.endpoint,
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Webhook(endpoint) => write!(f, "Webhook({})", endpoint.origin()),
            Auth::OAuth(oauth) => write!(
                f,
                "OAuth({}, client_id: {})",
                oauth.endpoint.origin(),
                oauth.client_id
            ),
        }
    }
}

/// An OAuth application's settings.
pub(crate) struct OAuthSettings {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) token_url: Url,
    pub(crate) timeout: Duration,
    pub(crate) store: Arc<dyn TokenStore>,
    pub(crate) on_renewed: Option<TokensCallback>,
}

/// An OAuth application's credentials and current tokens.
pub(crate) struct OAuth {
    pub(crate) endpoint: Endpoint,
    client_id: String,
    client_secret: Secret,
    token_url: Url,
    timeout: Duration,
    store: Arc<dyn TokenStore>,
    on_renewed: Option<TokensCallback>,
    /// Locked only to read or swap the pair, never across an await.
    state: Mutex<TokenState>,
}

/// The outcome of one renewal, as every waiter sees it.
type Outcome = Option<Result<(), RefreshFailure>>;

struct TokenState {
    tokens: Tokens,
    /// Counts renewals; a caller that saw an older generation fail does not renew again.
    generation: u64,
    /// The renewal under way, if any.
    renewal: Option<watch::Receiver<Outcome>>,
}

#[derive(Debug, Clone)]
struct RefreshFailure {
    status: Option<u16>,
    code: String,
    description: String,
}

impl From<RefreshFailure> for Error {
    fn from(failure: RefreshFailure) -> Error {
        Error::TokenRefresh {
            status: failure.status,
            code: failure.code,
            description: failure.description,
        }
    }
}

/// The access token a request was sent with.
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) token: Secret,
    pub(crate) generation: u64,
}

impl OAuth {
    pub(crate) fn new(endpoint: Endpoint, tokens: Tokens, settings: OAuthSettings) -> Self {
        OAuth {
            endpoint,
            client_id: settings.client_id,
            client_secret: settings.client_secret,
            token_url: settings.token_url,
            timeout: settings.timeout,
            store: settings.store,
            on_renewed: settings.on_renewed,
            state: Mutex::new(TokenState {
                tokens,
                generation: 0,
                renewal: None,
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, TokenState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn credential(&self) -> Credential {
        let state = self.state();
        Credential {
            token: state.tokens.access_token.clone(),
            generation: state.generation,
        }
    }

    pub(crate) fn tokens(&self) -> Tokens {
        self.state().tokens.clone()
    }

    /// Renews the tokens after a request sent with generation `seen` was refused.
    /// Joins the renewal under way, or starts one; returns at once when the tokens
    /// were renewed since `seen`.
    pub(crate) async fn refresh(
        self: &Arc<Self>,
        http: &reqwest::Client,
        seen: u64,
    ) -> Result<(), Error> {
        let mut outcome = {
            let mut state = self.state();
            if state.generation != seen {
                return Ok(());
            }
            match &state.renewal {
                Some(renewal) => renewal.clone(),
                None => {
                    let (done, outcome) = watch::channel(None);
                    state.renewal = Some(outcome.clone());
                    let failed = state.tokens.clone();
                    let oauth = self.clone();
                    let http = http.clone();
                    tokio::spawn(async move {
                        let result = oauth.renew(&http, failed).await;
                        let _ = done.send(Some(result));
                    });
                    outcome
                }
            }
        };
        let result = match outcome.wait_for(Option::is_some).await {
            Ok(result) => result.clone(),
            Err(_) => Some(Err(RefreshFailure {
                status: None,
                code: String::new(),
                description: "the renewal task ended without an outcome".to_string(),
            })),
        };
        result.unwrap_or(Ok(())).map_err(Error::from)
    }

    /// The renewal task: a pair another process stored, or a new one from the token
    /// endpoint; then stored and handed to the callback, outside the lock.
    async fn renew(&self, http: &reqwest::Client, failed: Tokens) -> Result<(), RefreshFailure> {
        let stored = match self.store.load().await {
            Ok(Some(stored)) if stored.access_token != failed.access_token => Some(stored),
            Ok(_) => None,
            Err(err) => {
                tracing::warn!(error = %err, "token store: load failed");
                None
            }
        };
        let adopted = stored.is_some();
        let answer = match stored {
            Some(tokens) => Ok((tokens, None)),
            None => match tokio::time::timeout(
                self.timeout,
                self.request_tokens(http, &failed.refresh_token),
            )
            .await
            {
                Ok(answer) => answer,
                Err(_) => Err(RefreshFailure {
                    status: None,
                    code: "timeout".to_string(),
                    description: format!(
                        "the token endpoint did not answer within {} s",
                        self.timeout.as_secs_f64()
                    ),
                }),
            },
        };
        let (tokens, client_endpoint) = match answer {
            Ok(answer) => answer,
            Err(failure) => {
                self.state().renewal = None;
                return Err(failure);
            }
        };
        {
            let mut state = self.state();
            state.tokens = tokens.clone();
            state.generation += 1;
            state.renewal = None;
            tracing::debug!(
                generation = state.generation,
                adopted,
                "OAuth tokens renewed"
            );
        }
        if let Some(address) = client_endpoint {
            self.endpoint.client_endpoint(&address);
        }
        if !adopted {
            if let Err(err) = self.store.save(&tokens).await {
                tracing::warn!(error = %err, "token store: save failed");
            }
            if let Some(callback) = &self.on_renewed {
                callback(tokens).await;
            }
        }
        Ok(())
    }

    async fn request_tokens(
        &self,
        http: &reqwest::Client,
        refresh_token: &Secret,
    ) -> Result<(Tokens, Option<String>), RefreshFailure> {
        let query = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("refresh_token", refresh_token.expose()),
        ];
        let failed = |source: reqwest::Error| RefreshFailure {
            status: None,
            code: String::new(),
            description: source.without_url().to_string(),
        };
        let response = http
            .get(self.token_url.clone())
            .query(&query)
            .send()
            .await
            .map_err(failed)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(failed)?;
        parse_tokens(status, &body)
    }
}

/// Reads the token endpoint's answer: the pair, and the portal's REST address.
fn parse_tokens(status: u16, body: &[u8]) -> Result<(Tokens, Option<String>), RefreshFailure> {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    if let (true, Some(access), Some(refresh)) =
        (status < 400, text("access_token"), text("refresh_token"))
    {
        let tokens = Tokens {
            access_token: Secret::new(access),
            refresh_token: Secret::new(refresh),
            expires: value.get("expires").and_then(lenient_u64),
        };
        return Ok((tokens, text("client_endpoint")));
    }
    Err(RefreshFailure {
        status: Some(status),
        code: value.get("error").map(code_text).unwrap_or_default(),
        description: text("error_description").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_errors_are_reported() {
        let err = parse_tokens(
            400,
            br#"{"error":"invalid_grant","error_description":"Invalid grant"}"#,
        );
        assert!(matches!(err, Err(RefreshFailure { code, .. }) if code == "invalid_grant"));
        let ok = parse_tokens(
            200,
            br#"{"access_token":"a2","refresh_token":"r2","expires":"1700000000","client_endpoint":"https://new.example/rest/"}"#,
        );
        let (tokens, endpoint) = ok.unwrap_or_else(|_| panic!("expected tokens"));
        assert_eq!(tokens.expires, Some(1_700_000_000));
        assert_eq!(endpoint.as_deref(), Some("https://new.example/rest/"));
    }
}
