//! Sends an `order` and a `filter` with two keys each, and a map of the generated types'
//! kind (`wire::IndexMap`), through the runtime, as a plain call and as a batch command, to
//! a one-shot local server, and checks the keys reach the wire in the order they were
//! inserted. Exits non-zero when they do not.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;

use bitrix24_runtime::client::Client;
use bitrix24_runtime::list_params::{Filter, Order};
use bitrix24_runtime::method::UndocumentedError;
use bitrix24_runtime::wire::IndexMap;
use bitrix24_runtime::Method;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
struct DealList {
    order: Order,
    filter: Filter,
    params: IndexMap<String, i64>,
}

impl Method for DealList {
    const NAME: &'static str = "crm.deal.list";
    const SCOPES: &'static [&'static str] = &["crm"];
    const DEPRECATED: bool = false;
    type Response = Value;
    type Error = UndocumentedError;
}

/// Answers `answers.len()` requests in turn, sending each body back on `bodies`.
fn serve(listener: TcpListener, answers: Vec<&'static str>, bodies: mpsc::Sender<String>) {
    for answer in answers {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(match stream.try_clone() {
            Ok(clone) => clone,
            Err(_) => return,
        });
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let _ = bodies.send(String::from_utf8_lossy(&body).into_owned());
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
        let _ = stream.write_all(reply.as_bytes());
    }
}

fn main() -> ExitCode {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0") else {
        eprintln!("cannot listen");
        return ExitCode::FAILURE;
    };
    let Ok(addr) = listener.local_addr() else {
        return ExitCode::FAILURE;
    };
    let (sender, bodies) = mpsc::channel();
    let answers = vec![
        r#"{"result":[]}"#,
        r#"{"result":{"result":{"deals":[]},"result_error":[]}}"#,
    ];
    let server = thread::spawn(move || serve(listener, answers, sender));

    let mut params = IndexMap::new();
    params.insert("zeta".to_string(), 1);
    params.insert("alpha".to_string(), 2);
    let request = DealList {
        order: Order::new().asc("STAGE_ID").desc("ID"),
        filter: Filter::new().eq("TYPE_ID", "SALE").gte("ID", 5),
        params,
    };

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("tokio: {err}");
            return ExitCode::FAILURE;
        }
    };
    let sent = runtime.block_on(async {
        let client = Client::builder()
            .webhook(format!("http://{addr}/rest/1/code/"))
            .no_rate_limit()
            .build()?;
        client.call(&request).await?;
        let mut batch = client.batch();
        batch.add("deals", &request)?;
        batch.send().await?;
        Ok::<(), bitrix24_runtime::client::Error>(())
    });
    if let Err(err) = sent {
        eprintln!("call failed: {err}");
        return ExitCode::FAILURE;
    }
    let _ = server.join();
    let bodies: Vec<String> = bodies.try_iter().collect();
    let checks: [(&str, [(&str, &str); 3]); 2] = [
        (
            "JSON body",
            [
                (r#""STAGE_ID":"ASC""#, r#""ID":"DESC""#),
                (r#""TYPE_ID":"SALE""#, r#"">=ID":5"#),
                (r#""zeta":1"#, r#""alpha":2"#),
            ],
        ),
        (
            "batch command",
            [
                ("order%5BSTAGE_ID%5D=ASC", "order%5BID%5D=DESC"),
                ("filter%5BTYPE_ID%5D=SALE", "filter%5B%3E%3DID%5D=5"),
                ("params%5Bzeta%5D=1", "params%5Balpha%5D=2"),
            ],
        ),
    ];
    let mut failed = false;
    for ((what, pairs), body) in checks.iter().zip(&bodies) {
        let kept = pairs
            .iter()
            .all(|(first, second)| match (body.find(first), body.find(second)) {
                (Some(a), Some(b)) => a < b,
                _ => false,
            });
        if kept {
            println!("{what}: order kept");
        } else {
            println!("{what}: order lost: {body}");
            failed = true;
        }
    }
    if failed || bodies.len() != checks.len() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
