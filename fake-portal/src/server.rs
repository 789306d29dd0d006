//! The HTTP side: connections, routing, authentication, faults, envelopes.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HOST, LOCATION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::methods::{self, Failure};
use crate::php::parse_str;
use crate::state::{Charge, State, TokenCheck};
use crate::{Fault, Move};

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for DropConnection {}

type Answer = Result<Response<Full<Bytes>>, DropConnection>;

/// Accepts connections until the task is aborted; connections end with it.
pub(crate) async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = state.clone();
                connections.spawn(async move {
                    let service = service_fn(move |request| handle(state.clone(), request));
                    // Errors here are clients going away or deliberate drops.
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// A request as the portal reads it.
struct Received {
    host: String,
    path: String,
    query: String,
    form: bool,
    body: Bytes,
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Answer {
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let host = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let body = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(DropConnection),
    };
    state.count_request();
    state.count_host(&host);
    let incoming = Received {
        host,
        path,
        query,
        form,
        body,
    };
    if incoming.path.starts_with("/oauth/token") {
        return Ok(token_endpoint(&state, &incoming).await);
    }
    // A file's download address answers the file's name as its content.
    if let Some(name) = incoming.path.strip_prefix("/download/") {
        return Ok(raw(200, "application/octet-stream", name));
    }
    rest(&state, &incoming).await
}

async fn rest(state: &State, incoming: &Received) -> Answer {
    if let Some(how) = state.moved() {
        let old_host = !state.moved_url.ends_with(&incoming.host);
        if old_host && how != Move::Quiet {
            state.count_redirect();
            return Ok(redirect(state, incoming, how));
        }
    }
    let Some(route) = Route::parse(&incoming.path) else {
        return Ok(error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"));
    };
    let (params, token) = match read_params(incoming, route.rest_v3) {
        Ok(read) => read,
        Err(failure) => return Ok(failure_answer(&failure, route.rest_v3)),
    };
    if !state.admit() {
        return Ok(error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"));
    }
    if let Some(fault) = state.take_fault(&route.method) {
        match apply_fault(fault).await {
            FaultOutcome::Answer(answer) => return answer,
            FaultOutcome::Continue => {}
        }
    }
    if let Err(failure) = authenticate(state, &route, token.as_deref()) {
        return Ok(failure_answer(&failure, false));
    }
    let called = if route.rest_v3 {
        methods::call_v3(state, &route.method, &params)
    } else {
        methods::call(state, &route.method, &params, false)
    };
    Ok(match called {
        Ok(done) => envelope(200, done.into_envelope(state)),
        Err(failure) => failure_answer(&failure, route.rest_v3),
    })
}

/// `/rest/{user}/{code}/{method}` (webhook) or `/rest/{method}` (OAuth), either with
/// `api/` for REST 3.0 and an optional `.json` suffix.
struct Route {
    webhook: Option<(String, String)>,
    method: String,
    rest_v3: bool,
}

impl Route {
    fn parse(path: &str) -> Option<Route> {
        let rest = path.strip_prefix("/rest/")?;
        let (rest, rest_v3) = match rest.strip_prefix("api/") {
            Some(v3) => (v3, true),
            None => (rest, false),
        };
        let parts: Vec<&str> = rest.split('/').filter(|part| !part.is_empty()).collect();
        let (webhook, method) = match parts.as_slice() {
            [method] => (None, *method),
            [user, code, method] => (Some((user.to_string(), code.to_string())), *method),
            _ => return None,
        };
        let method = method.strip_suffix(".json").unwrap_or(method).to_string();
        Some(Route {
            webhook,
            method,
            rest_v3,
        })
    }
}

/// Query parameters, overlaid with the body's (JSON or form), and the `auth` token
/// from either. REST 3.0 reads a JSON body only, and never the query.
fn read_params(incoming: &Received, rest_v3: bool) -> Result<(Value, Option<String>), Failure> {
    if rest_v3 && incoming.form {
        return Err(methods::failure(
            400,
            "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION",
            "The body is not JSON",
        ));
    }
    let mut query = if rest_v3 {
        Value::Object(Map::new())
    } else {
        parse_str(&incoming.query)
    };
    let mut body = if incoming.body.is_empty() {
        Value::Object(Map::new())
    } else if incoming.form {
        parse_str(&String::from_utf8_lossy(&incoming.body))
    } else {
        serde_json::from_slice(&incoming.body).map_err(|_| {
            let code = if rest_v3 {
                "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"
            } else {
                "INVALID_REQUEST"
            };
            methods::failure(400, code, "Request body is not valid JSON")
        })?
    };
    let token = take_auth(&mut body).or_else(|| take_auth(&mut query));
    let params = match (query, body) {
        (Value::Object(mut query), Value::Object(body)) => {
            query.extend(body);
            Value::Object(query)
        }
        // Positional parameters: a JSON list replaces the query.
        (_, body) => body,
    };
    Ok((params, token))
}

fn take_auth(params: &mut Value) -> Option<String> {
    let token = params.as_object_mut()?.remove("auth")?;
    token.as_str().map(str::to_string)
}

fn authenticate(state: &State, route: &Route, token: Option<&str>) -> Result<(), Failure> {
    let config = &state.config;
    if let Some((user, code)) = &route.webhook {
        return if *user == config.webhook_user.to_string() && *code == config.webhook_code {
            Ok(())
        } else {
            Err(methods::failure(
                401,
                "NO_AUTH_FOUND",
                "Wrong authorization data",
            ))
        };
    }
    match state.check_token(token.unwrap_or_default()) {
        TokenCheck::Valid => Ok(()),
        TokenCheck::Expired => Err(methods::failure(
            401,
            "expired_token",
            "The access token provided has expired.",
        )),
        TokenCheck::Revoked => Err(methods::failure(
            401,
            "invalid_token",
            "The access token provided is invalid.",
        )),
        TokenCheck::Unknown => Err(methods::failure(
            401,
            "NO_AUTH_FOUND",
            "Wrong authorization data",
        )),
    }
}

enum FaultOutcome {
    Answer(Answer),
    Continue,
}

async fn apply_fault(fault: Fault) -> FaultOutcome {
    let answer = match fault {
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            return FaultOutcome::Continue;
        }
        Fault::ServerError => Ok(error(500, "INTERNAL_SERVER_ERROR", "Internal server error")),
        Fault::HtmlError(status) => Ok(raw(
            status,
            "text/html",
            "<html><body><h1>Bad Gateway</h1></body></html>",
        )),
        Fault::MalformedJson => Ok(raw(
            200,
            "application/json",
            r#"{"result":{"ID":"1","NAME":"Ada"#,
        )),
        Fault::DropConnection => Err(DropConnection),
        Fault::OperationTimeLimit => Ok(error(
            429,
            "OPERATION_TIME_LIMIT",
            "Method is blocked due to operation time limit.",
        )),
        Fault::Reply { status, body } => Ok(raw(status, "application/json", &body)),
        // Taken by `methods::call` only.
        Fault::CommandError { .. } => return FaultOutcome::Continue,
    };
    FaultOutcome::Answer(answer)
}

fn redirect(state: &State, incoming: &Received, how: Move) -> Response<Full<Bytes>> {
    let mut location = match how {
        Move::SiteRoot => format!("{}/", state.moved_url),
        _ => format!("{}{}", state.moved_url, incoming.path),
    };
    if how == Move::SamePath && !incoming.query.is_empty() {
        location = format!("{location}?{}", incoming.query);
    }
    let mut response = raw(302, "text/html", "");
    if let Ok(value) = location.parse() {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// `GET|POST /oauth/token/?grant_type=refresh_token&client_id&client_secret&refresh_token`.
async fn token_endpoint(state: &State, incoming: &Received) -> Response<Full<Bytes>> {
    state.count_token_request();
    let answer = token_answer(state, incoming);
    // The pair is rotated before the answer leaves: a caller that gives up waiting
    // has lost it.
    tokio::time::sleep(state.config.token_delay).await;
    answer
}

fn token_answer(state: &State, incoming: &Received) -> Response<Full<Bytes>> {
    let mut params = parse_str(&incoming.query);
    if let (Value::Object(params), Value::Object(body)) = (
        &mut params,
        parse_str(&String::from_utf8_lossy(&incoming.body)),
    ) {
        params.extend(body);
    }
    let field = |name: &str| {
        params
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let config = &state.config;
    if field("client_id") != config.client_id || field("client_secret") != config.client_secret {
        return envelope(
            401,
            json!({"error": "invalid_client", "error_description": "Invalid client"}),
        );
    }
    if field("grant_type") != "refresh_token" {
        return envelope(
            400,
            json!({"error": "invalid_request", "error_description": "Unsupported grant_type"}),
        );
    }
    let Some((access, refresh)) = state.renew(&field("refresh_token")) else {
        return envelope(
            400,
            json!({"error": "invalid_grant", "error_description": "Invalid grant"}),
        );
    };
    let lifetime = config.token_lifetime.as_secs();
    envelope(
        200,
        json!({
            "access_token": access,
            "refresh_token": refresh,
            "expires": state.unix_now().floor() as u64 + lifetime,
            "expires_in": lifetime,
            "scope": "app",
            "domain": "oauth.bitrix.info",
            "server_endpoint": "https://oauth.bitrix.info/rest/",
            "status": "L",
            "client_endpoint": format!("{}/rest/", state.current_url()),
            "member_id": "a223c6b3710f85df22e9377d6c4f7553",
            "user_id": 1
        }),
    )
}

fn failure_answer(failure: &Failure, rest_v3: bool) -> Response<Full<Bytes>> {
    if !rest_v3 {
        return error(failure.status, &failure.code, &failure.description);
    }
    let mut inner = json!({"code": failure.code, "message": failure.description});
    if !failure.validation.is_empty() {
        inner["validation"] = failure
            .validation
            .iter()
            .map(|(field, message)| json!({"field": field, "message": message}))
            .collect();
    }
    envelope(failure.status, json!({ "error": inner }))
}

/// An error answer: no `time`, as on a real portal.
fn error(status: u16, code: &str, description: &str) -> Response<Full<Bytes>> {
    envelope(
        status,
        json!({"error": code, "error_description": description}),
    )
}

fn envelope(status: u16, body: Value) -> Response<Full<Bytes>> {
    raw(status, "application/json", &body.to_string())
}

fn raw(status: u16, content_type: &str, body: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = content_type.parse() {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

/// The `time` member: floats for start/finish; with a charge, the method's
/// `operating` and an integer `operating_reset_at`, which batch commands lack.
pub(crate) fn time_object(state: &State, charge: Option<&Charge>) -> Map<String, Value> {
    let now = state.unix_now();
    let cost = charge.map_or(0.0, |charge| charge.cost);
    let mut time = Map::new();
    time.insert("start".to_string(), json!(now - cost));
    time.insert("finish".to_string(), json!(now));
    time.insert("duration".to_string(), json!(cost));
    time.insert("processing".to_string(), json!(cost));
    if let Some(charge) = charge {
        time.insert(
            "operating_reset_at".to_string(),
            json!(charge.reset_at as u64),
        );
        time.insert("operating".to_string(), json!(charge.operating));
    }
    time
}
