//! An event handler on hyper: every POST goes through `Receiver::receive`, and the
//! answer's status says what became of it.
//!
//! ```sh
//! B24_APPLICATION_TOKEN=… cargo run -p bitrix24-runtime --example events_server
//! ```
//!
//! With the `bitrix24` crate, receive `bitrix24::events::Event` instead of `RawEvent` to
//! get typed payloads.

use std::convert::Infallible;

use bitrix24_runtime::events::{ApplicationToken, Error, RawEvent, Receiver};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

async fn handle(
    receiver: Receiver,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let content_type = req
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // Read no more than the receiver would accept anyway.
    let limited = Limited::new(req.into_body(), 1 << 20);
    let Ok(body) = limited.collect().await.map(|b| b.to_bytes()) else {
        return Ok(status(StatusCode::PAYLOAD_TOO_LARGE));
    };
    let code = match receiver.receive::<RawEvent>(content_type.as_deref(), &body) {
        Ok(delivery) => {
            println!(
                "{} from {}: {}",
                delivery.name,
                delivery.auth.domain.as_deref().unwrap_or("?"),
                delivery.event.data
            );
            StatusCode::OK
        }
        // Genuine, but not typed here: accept it so the portal does not retry.
        Err(Error::UnknownEvent(_) | Error::PayloadMismatch(_)) => StatusCode::OK,
        Err(Error::BadBody(e)) => {
            eprintln!("bad body: {e}");
            StatusCode::BAD_REQUEST
        }
        Err(Error::TokenMissing) => StatusCode::UNAUTHORIZED,
        Err(e) => {
            eprintln!("refused: {e}");
            StatusCode::FORBIDDEN
        }
    };
    Ok(status(code))
}

fn status(code: StatusCode) -> Response<Full<Bytes>> {
    let mut answer = Response::new(Full::new(Bytes::new()));
    *answer.status_mut() = code;
    answer
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let token = std::env::var("B24_APPLICATION_TOKEN").unwrap_or_default();
    let receiver = Receiver::new(ApplicationToken::new(token));
    let listener = TcpListener::bind("127.0.0.1:8080").await?;
    println!("listening on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        let receiver = receiver.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(receiver.clone(), req));
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection: {e}");
            }
        });
    }
}
