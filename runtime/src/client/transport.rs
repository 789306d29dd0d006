//! One HTTP exchange: POST a JSON body, follow redirects by posting again.

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::Url;

use super::config::ClientConfig;
use super::endpoint::check_secure;
use super::error::Error;

/// An HTTP answer, read whole.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// Where the answer came from, after redirects.
    pub url: Url,
}

/// POSTs `body` to `url`. A moved portal answers 302 with the new address; browsers
/// and HTTP libraries turn that into a GET, which loses the parameters, so redirects
/// are followed here with the same POST (the HTTP client's own following is off).
pub(crate) async fn post(
    http: &reqwest::Client,
    method: &str,
    mut url: Url,
    body: Vec<u8>,
    config: &ClientConfig,
) -> Result<Reply, Error> {
    for _ in 0..=config.max_redirects {
        let response = http
            .post(url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .timeout(config.timeout)
            .body(body.clone())
            .send()
            .await
            .map_err(|err| Error::transport(method, err))?;
        let status = response.status();
        if status.is_redirection() {
            if let Some(next) = redirect_target(&url, &response) {
                check_secure(&next, "redirect target")?;
                tracing::info!(status = status.as_u16(), "portal moved; following");
                url = next;
                continue;
            }
        }
        let body = response
            .bytes()
            .await
            .map_err(|err| Error::transport(method, err))?;
        return Ok(Reply {
            status: status.as_u16(),
            body: body.to_vec(),
            url,
        });
    }
    Err(Error::Config(format!(
        "{method}: more than {} redirects",
        config.max_redirects
    )))
}

/// Where a redirect points. A portal renamed to another address may send callers to
/// the new site's root; the method lives at the same path there.
fn redirect_target(current: &Url, response: &reqwest::Response) -> Option<Url> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let mut next = current.join(location).ok()?;
    if next.path() == "/" || next.path().is_empty() {
        next.set_path(current.path());
        if next.query().is_none() {
            next.set_query(current.query());
        }
    }
    Some(next)
}
