//! HTTP client figures against the local fake portal.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ClientBench {}

pub fn run() -> ClientBench {
    ClientBench {}
}
