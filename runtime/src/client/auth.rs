//! Where requests go and how they prove who sends them: an incoming webhook (the
//! code is part of the URL) or an OAuth application (an access token that expires
//! and is renewed with the refresh token).

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};

use reqwest::Url;
use serde_json::Value;
use tokio::sync::Mutex;

use super::envelope::{code_text, lenient_u64};
use super::error::Error;
use super::secret::Secret;

/// The token endpoint of Bitrix24's OAuth server.
pub const DEFAULT_TOKEN_URL: &str = "https://oauth.bitrix.info/oauth/token/";

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

/// Called with the new tokens after each renewal, so the application can store them.
pub type TokensCallback = Arc<dyn Fn(&Tokens) + Send + Sync>;

/// Parses `url` and refuses plain HTTP except to a loopback address.
pub(crate) fn secure_url(url: &str, what: &str) -> Result<Url, Error> {
    let parsed =
        Url::parse(url).map_err(|_| Error::Config(format!("{what} is not a valid URL")))?;
    check_secure(&parsed, what)?;
    Ok(parsed)
}

/// HTTPS is required: credentials travel in every request.
pub(crate) fn check_secure(url: &Url, what: &str) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        _ => Err(Error::Config(format!(
            "{what} must use https (plain http only for loopback addresses)"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The base URL that method names are appended to. It changes when the portal
/// answers that it moved.
pub(crate) struct Endpoint {
    base: RwLock<Url>,
}

impl Endpoint {
    /// `base` must end with `/`: `https://portal/rest/1/code/` or `https://portal/rest/`.
    pub(crate) fn new(mut base: Url) -> Self {
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        Endpoint {
            base: RwLock::new(base),
        }
    }

    pub(crate) fn method_url(&self, method: &str) -> Result<Url, Error> {
        let base = self
            .base
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        base.join(method)
            .map_err(|_| Error::Config(format!("`{method}` is not a valid method name")))
    }

    /// After a redirect of a call to `method`, moves the base so later calls go
    /// straight to the new address.
    pub(crate) fn moved(&self, method: &str, final_url: &Url) {
        let Some(prefix) = final_url.path().strip_suffix(method) else {
            return;
        };
        if !prefix.ends_with('/') {
            return;
        }
        let mut base = final_url.clone();
        base.set_path(prefix);
        base.set_query(None);
        *self
            .base
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = base;
    }

    /// Scheme and host only: the path of a webhook holds its code.
    fn origin(&self) -> String {
        let base = self
            .base
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        base.origin().ascii_serialization()
    }
}

/// How the client authenticates.
pub(crate) enum Auth {
    Webhook(Endpoint),
    OAuth(Box<OAuth>),
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

/// An OAuth application's credentials and current tokens.
pub(crate) struct OAuth {
    pub(crate) endpoint: Endpoint,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) token_url: Url,
    pub(crate) on_renewed: Option<TokensCallback>,
    /// Held across a renewal, so callers wanting a token wait for the new one.
    state: Mutex<TokenState>,
}

struct TokenState {
    tokens: Tokens,
    /// Counts renewals; a caller that saw an older generation fail does not renew again.
    generation: u64,
}

/// The access token a request was sent with.
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) token: Secret,
    pub(crate) generation: u64,
}

impl OAuth {
    pub(crate) fn new(
        endpoint: Endpoint,
        client_id: String,
        client_secret: Secret,
        token_url: Url,
        tokens: Tokens,
        on_renewed: Option<TokensCallback>,
    ) -> Self {
        OAuth {
            endpoint,
            client_id,
            client_secret,
            token_url,
            on_renewed,
            state: Mutex::new(TokenState {
                tokens,
                generation: 0,
            }),
        }
    }

    pub(crate) async fn credential(&self) -> Credential {
        let state = self.state.lock().await;
        Credential {
            token: state.tokens.access_token.clone(),
            generation: state.generation,
        }
    }

    pub(crate) async fn tokens(&self) -> Tokens {
        self.state.lock().await.tokens.clone()
    }

    /// Renews the tokens after a request sent with generation `seen` failed with
    /// `expired_token`. Concurrent callers queue on the lock; all but the first find
    /// the generation moved on and return without a second renewal.
    pub(crate) async fn refresh(&self, http: &reqwest::Client, seen: u64) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        if state.generation != seen {
            return Ok(());
        }
        let tokens = self
            .request_tokens(http, &state.tokens.refresh_token)
            .await?;
        state.tokens = tokens;
        state.generation += 1;
        tracing::debug!(generation = state.generation, "OAuth tokens renewed");
        if let Some(callback) = &self.on_renewed {
            callback(&state.tokens);
        }
        Ok(())
    }

    async fn request_tokens(
        &self,
        http: &reqwest::Client,
        refresh_token: &Secret,
    ) -> Result<Tokens, Error> {
        let query = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("refresh_token", refresh_token.expose()),
        ];
        let failed = |source: reqwest::Error| Error::TokenRefresh {
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

/// Reads the token endpoint's answer.
fn parse_tokens(status: u16, body: &[u8]) -> Result<Tokens, Error> {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    if let (true, Some(access), Some(refresh)) =
        (status < 400, text("access_token"), text("refresh_token"))
    {
        return Ok(Tokens {
            access_token: Secret::new(access),
            refresh_token: Secret::new(refresh),
            expires: value.get("expires").and_then(lenient_u64),
        });
    }
    Err(Error::TokenRefresh {
        status: Some(status),
        code: value.get("error").map(code_text).unwrap_or_default(),
        description: text("error_description").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        assert!(secure_url("https://example.bitrix24.ru/rest/1/abc/", "webhook URL").is_ok());
        assert!(secure_url("http://127.0.0.1:8080/rest/1/abc/", "webhook URL").is_ok());
        assert!(secure_url("http://[::1]:8080/rest/1/abc/", "webhook URL").is_ok());
        assert!(secure_url("http://localhost/rest/1/abc/", "webhook URL").is_ok());
        let err = secure_url("http://example.bitrix24.ru/rest/1/abc/", "webhook URL");
        assert!(matches!(&err, Err(Error::Config(message)) if !message.contains("abc")));
    }

    #[test]
    fn a_move_rebases_later_calls() {
        let endpoint = Endpoint::new(
            Url::parse("https://old.example/rest/1/code").unwrap_or_else(|_| unreachable!()),
        );
        let moved = Url::parse("https://new.example/rest/1/code/user.current")
            .unwrap_or_else(|_| unreachable!());
        endpoint.moved("user.current", &moved);
        let next = endpoint
            .method_url("crm.deal.get")
            .map(|url| url.to_string());
        assert_eq!(
            next.ok().as_deref(),
            Some("https://new.example/rest/1/code/crm.deal.get")
        );
    }

    #[test]
    fn token_errors_are_reported() {
        let err = parse_tokens(
            400,
            br#"{"error":"invalid_grant","error_description":"Invalid grant"}"#,
        );
        assert!(matches!(err, Err(Error::TokenRefresh { code, .. }) if code == "invalid_grant"));
        let ok = parse_tokens(
            200,
            br#"{"access_token":"a2","refresh_token":"r2","expires":"1700000000"}"#,
        );
        assert_eq!(
            ok.ok().and_then(|tokens| tokens.expires),
            Some(1_700_000_000)
        );
    }
}
