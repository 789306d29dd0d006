//! Where requests go: the base URL method names are appended to, which moves when the
//! portal says it moved, and the rule that credentials travel over HTTPS only.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};

use reqwest::Url;

use super::error::Error;

/// Called with a portal's new address (`https://new.bitrix24.ru`) after it moved.
pub type MovedCallback = Arc<dyn Fn(&str) + Send + Sync>;

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

/// The base URL that method names are appended to: `https://portal/rest/1/code/` for a
/// webhook, `https://portal/rest/` for an application.
pub(crate) struct Endpoint {
    base: RwLock<Url>,
    on_moved: Option<MovedCallback>,
}

impl Endpoint {
    pub(crate) fn new(mut base: Url, on_moved: Option<MovedCallback>) -> Self {
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        Endpoint {
            base: RwLock::new(base),
            on_moved,
        }
    }

    fn base(&self) -> Url {
        self.base
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The URL of `method`; REST 3.0 methods live under `/rest/api/`.
    pub(crate) fn method_url(&self, method: &str, rest_v3: bool) -> Result<Url, Error> {
        let mut base = self.base();
        if rest_v3 {
            let path = base.path().to_string();
            let v3 = match path.find("/rest/") {
                Some(at) => format!("{}/rest/api/{}", &path[..at], &path[at + 6..]),
                None => format!("{path}api/"),
            };
            base.set_path(&v3);
        }
        base.join(method)
            .map_err(|_| Error::Config(format!("`{method}` is not a valid method name")))
    }

    /// After a call of `method` sent to `sent` was answered from `answered`, moves
    /// the base when the portal moved, so later calls go straight to the new address.
    pub(crate) fn follow(&self, method: &str, sent: &Url, answered: &Url) {
        if sent.origin() == answered.origin() && sent.path() == answered.path() {
            return;
        }
        let Some(prefix) = answered.path().strip_suffix(method) else {
            return;
        };
        if !prefix.ends_with('/') {
            return;
        }
        let prefix = prefix.replacen("/rest/api/", "/rest/", 1);
        let mut moved = answered.clone();
        moved.set_path(&prefix);
        moved.set_query(None);
        moved.set_fragment(None);
        self.rebase(moved);
    }

    /// An OAuth answer's `client_endpoint`: the portal's REST address as the OAuth
    /// server knows it.
    pub(crate) fn client_endpoint(&self, endpoint: &str) {
        match secure_url(endpoint, "client_endpoint") {
            Ok(url) => self.rebase(Endpoint::new(url, None).base()),
            Err(_) => tracing::warn!("ignoring a client_endpoint that is not an https URL"),
        }
    }

    fn rebase(&self, moved: Url) {
        let changed_origin = {
            let mut base = self
                .base
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if *base == moved {
                return;
            }
            let changed = base.origin() != moved.origin();
            *base = moved.clone();
            changed
        };
        let address = moved.origin().ascii_serialization();
        tracing::info!(portal = %address, "portal moved");
        if let (true, Some(callback)) = (changed_origin, &self.on_moved) {
            callback(&address);
        }
    }

    /// Scheme and host only: the path of a webhook holds its code.
    pub(crate) fn origin(&self) -> String {
        self.base().origin().ascii_serialization()
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|_| unreachable!())
    }

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
        let endpoint = Endpoint::new(url("https://old.example/rest/1/code"), None);
        endpoint.follow(
            "user.current",
            &url("https://old.example/rest/1/code/user.current"),
            &url("https://new.example/rest/1/code/user.current"),
        );
        let next = endpoint
            .method_url("crm.deal.get", false)
            .map(|u| u.to_string());
        assert_eq!(
            next.ok().as_deref(),
            Some("https://new.example/rest/1/code/crm.deal.get")
        );
    }

    #[test]
    fn rest_v3_methods_live_under_api() {
        let endpoint = Endpoint::new(url("https://p.example/rest/1/code/"), None);
        let v3 = endpoint
            .method_url("tasks.task.add", true)
            .map(|u| u.to_string());
        assert_eq!(
            v3.ok().as_deref(),
            Some("https://p.example/rest/api/1/code/tasks.task.add")
        );
        endpoint.follow(
            "tasks.task.add",
            &url("https://p.example/rest/api/1/code/tasks.task.add"),
            &url("https://q.example/rest/api/1/code/tasks.task.add"),
        );
        let classic = endpoint
            .method_url("user.current", false)
            .map(|u| u.to_string());
        assert_eq!(
            classic.ok().as_deref(),
            Some("https://q.example/rest/1/code/user.current")
        );
    }
}
