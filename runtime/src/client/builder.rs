//! Setting up a [`Client`].

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{Auth, OAuth, OAuthSettings, DEFAULT_TOKEN_URL};
use super::config::ClientConfig;
use super::endpoint::{secure_url, Endpoint, MovedCallback};
use super::error::Error;
use super::limiter::RateLimit;
use super::secret::Secret;
use super::store::{MemoryTokenStore, TokenStore, Tokens, TokensCallback};
use super::Client;

/// Builds a [`Client`]: pick the authentication ([`webhook`](Self::webhook) or
/// [`oauth`](Self::oauth)), adjust limits, then [`build`](Self::build).
#[derive(Default)]
pub struct ClientBuilder {
    auth: Option<AuthSpec>,
    config: ClientConfig,
    token_url: Option<String>,
    on_renewed: Option<TokensCallback>,
    store: Option<Arc<dyn TokenStore>>,
    on_moved: Option<MovedCallback>,
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

    /// Called with the new tokens after every renewal, to store them. Runs in the
    /// renewal's own task, outside every lock of the client.
    pub fn on_tokens_renewed(mut self, callback: impl Fn(&Tokens) + Send + Sync + 'static) -> Self {
        self.on_renewed = Some(Arc::new(move |tokens: Tokens| {
            callback(&tokens);
            Box::pin(async {})
        }));
        self
    }

    /// Like [`on_tokens_renewed`](Self::on_tokens_renewed), with an async callback
    /// (to write the pair to a database, say). Calls wait for it only if they need
    /// the renewal it follows.
    pub fn on_tokens_renewed_async<F, Fut>(mut self, callback: F) -> Self
    where
        F: Fn(Tokens) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.on_renewed = Some(Arc::new(move |tokens: Tokens| Box::pin(callback(tokens))));
        self
    }

    /// Keeps the token pair in `store`, shared with other clients or processes of
    /// the application (default: a [`MemoryTokenStore`] of this client's own).
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// Timeout of one token renewal.
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.config.token_timeout = timeout;
        self
    }

    /// Called with the portal's new address (`https://new.bitrix24.ru`) when it
    /// moved: a 302 to another host, or an OAuth renewal naming another endpoint.
    pub fn on_portal_moved(mut self, callback: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.on_moved = Some(Arc::new(callback));
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

    /// Operating time a method may use per ten minutes (480 s on cloud portals).
    pub fn operating_budget(mut self, budget: Duration) -> Self {
        self.config.operating_budget = budget;
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
            Some(AuthSpec::Webhook(url)) => Auth::Webhook(Endpoint::new(
                secure_url(url.expose(), "webhook URL")?,
                self.on_moved,
            )),
            Some(AuthSpec::OAuth {
                portal,
                tokens,
                client_id,
                client_secret,
            }) => {
                let token_url = self.token_url.as_deref().unwrap_or(DEFAULT_TOKEN_URL);
                let store = self
                    .store
                    .unwrap_or_else(|| Arc::new(MemoryTokenStore::new(tokens.clone())));
                let settings = OAuthSettings {
                    client_id,
                    client_secret,
                    token_url: secure_url(token_url, "token endpoint")?,
                    timeout: self.config.token_timeout,
                    store,
                    on_renewed: self.on_renewed,
                };
                Auth::OAuth(Arc::new(OAuth::new(
                    Endpoint::new(rest_endpoint(&portal)?, self.on_moved),
                    tokens,
                    settings,
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
