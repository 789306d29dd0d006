//! Setting up a [`Client`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{secure_url, Auth, Endpoint, OAuth, Tokens, TokensCallback, DEFAULT_TOKEN_URL};
use super::config::ClientConfig;
use super::error::Error;
use super::limiter::RateLimit;
use super::secret::Secret;
use super::Client;

/// Builds a [`Client`]: pick the authentication ([`webhook`](Self::webhook) or
/// [`oauth`](Self::oauth)), adjust limits, then [`build`](Self::build).
#[derive(Default)]
pub struct ClientBuilder {
    auth: Option<AuthSpec>,
    config: ClientConfig,
    token_url: Option<String>,
    on_renewed: Option<TokensCallback>,
}

enum AuthSpec {
    Webhook(Secret),
    OAuth {
        portal: String,
        tokens: Tokens,
        client_id: String,
        client_secret: Secret,
    },
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            Some(AuthSpec::Webhook(_)) => "webhook",
            Some(AuthSpec::OAuth { .. }) => "oauth",
            None => "none",
        };
        f.debug_struct("ClientBuilder")
            .field("auth", &auth)
            .field("config", &self.config)
            .finish()
    }
}

impl ClientBuilder {
    /// Authenticates with an incoming webhook, `https://{portal}/rest/{user}/{code}/`.
    pub fn webhook(mut self, url: impl Into<String>) -> Self {
        // The URL holds the webhook code: keep it as a secret from the start.
        self.auth = Some(AuthSpec::Webhook(Secret::new(url.into())));
        self
    }

    /// Authenticates as an OAuth application. `portal` is the portal's address
    /// (`https://example.bitrix24.ru`, or its REST endpoint `…/rest/`).
    pub fn oauth(
        mut self,
        portal: impl Into<String>,
        tokens: Tokens,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.auth = Some(AuthSpec::OAuth {
            portal: portal.into(),
            tokens,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        });
        self
    }

    /// The OAuth token endpoint (default [`DEFAULT_TOKEN_URL`]).
    pub fn token_endpoint(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Called with the new tokens after every renewal, to store them.
    pub fn on_tokens_renewed(mut self, callback: impl Fn(&Tokens) + Send + Sync + 'static) -> Self {
        self.on_renewed = Some(Arc::new(callback));
        self
    }

    /// Replaces every setting at once.
    pub fn config(mut self, config: ClientConfig) -> Self {
        self.config = config;
        self
    }

    /// Client-side leaky bucket: `per_second` drain rate, `burst` bucket size.
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.config.rate_limit = Some(RateLimit { per_second, burst });
        self
    }

    /// Sends without client-side pacing.
    pub fn no_rate_limit(mut self) -> Self {
        self.config.rate_limit = None;
        self
    }

    /// Timeout of one HTTP request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Retries of reads after 5xx answers and connection failures.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.config.max_retries = retries;
        self
    }

    /// Method name endings that mark reads, safe to send again.
    pub fn idempotent_suffixes<I, S>(mut self, suffixes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config.idempotent_suffixes = suffixes.into_iter().map(Into::into).collect();
        self
    }

    /// Builds the client. Fails without authentication, on a malformed URL, or on
    /// plain HTTP to anything but a loopback address.
    pub fn build(self) -> Result<Client, Error> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.config.connect_timeout)
            .user_agent(self.config.user_agent.clone())
            .build()
            .map_err(|err| Error::Config(format!("HTTP client: {}", err.without_url())))?;
        let auth = match self.auth {
            None => {
                return Err(Error::Config(
                    "no webhook URL or OAuth credentials given".to_string(),
                ))
            }
            Some(AuthSpec::Webhook(url)) => {
                Auth::Webhook(Endpoint::new(secure_url(url.expose(), "webhook URL")?))
            }
            Some(AuthSpec::OAuth {
                portal,
                tokens,
                client_id,
                client_secret,
            }) => {
                let token_url = self.token_url.as_deref().unwrap_or(DEFAULT_TOKEN_URL);
                Auth::OAuth(Box::new(OAuth::new(
                    Endpoint::new(rest_endpoint(&portal)?),
                    client_id,
                    client_secret,
                    secure_url(token_url, "token endpoint")?,
                    tokens,
                    self.on_renewed,
                )))
            }
        };
        Ok(Client::from_parts(http, auth, self.config))
    }
}

/// `example.bitrix24.ru`, `https://example.bitrix24.ru` or `https://example.bitrix24.ru/rest/`
/// → `https://example.bitrix24.ru/rest/`.
fn rest_endpoint(portal: &str) -> Result<reqwest::Url, Error> {
    let address = if portal.contains("://") {
        portal.to_string()
    } else {
        format!("https://{portal}")
    };
    let mut url = secure_url(&address, "portal address")?;
    if url.path() == "/" || url.path().is_empty() {
        url.set_path("/rest/");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_address_becomes_rest_endpoint() {
        let url = |portal: &str| rest_endpoint(portal).map(|url| url.to_string()).ok();
        assert_eq!(
            url("example.bitrix24.ru").as_deref(),
            Some("https://example.bitrix24.ru/rest/")
        );
        assert_eq!(
            url("https://example.bitrix24.ru/rest/").as_deref(),
            Some("https://example.bitrix24.ru/rest/")
        );
        assert_eq!(url("http://example.bitrix24.ru"), None);
    }

    #[test]
    fn building_needs_authentication() {
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    }

    #[test]
    fn debug_output_hides_the_webhook_code() {
        let client = Client::from_webhook("https://example.bitrix24.ru/rest/1/s3cr3tc0de/");
        let text = format!("{client:?}");
        assert!(text.contains("example.bitrix24.ru"));
        assert!(!text.contains("s3cr3tc0de"));
        let builder = Client::builder().webhook("https://example.bitrix24.ru/rest/1/s3cr3tc0de/");
        assert!(!format!("{builder:?}").contains("s3cr3tc0de"));
    }
}
