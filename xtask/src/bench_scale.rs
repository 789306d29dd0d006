//! The scaling figure of `cargo xtask bench`: one synthetic page whose parameter table has
//! 10,000, 20,000 and 40,000 rows, read (parse, extract, assemble) and timed. Reading is
//! meant to take time linear in the input, so each doubling should take about twice as
//! long; the ratios are printed, never asserted.

use std::fmt::Write as _;
use std::fs;
use std::time::Instant;

use b24_codegen::pipeline;
use serde::Serialize;

use crate::bench::median;
use crate::scratch;

/// Parameter rows of the pages, each twice the one before.
const ROWS: [usize; 3] = [10_000, 20_000, 40_000];

/// One page size and how long it took to read.
#[derive(Debug, Serialize)]
pub struct Point {
    pub rows: usize,
    pub page_bytes: usize,
    /// Median wall seconds of the read.
    pub seconds: f64,
    /// `seconds` over the previous point's (about 2 when linear); `None` for the first.
    pub ratio: Option<f64>,
}

/// Times each page size `runs` times and keeps the medians.
pub fn run(runs: usize) -> Result<Vec<Point>, String> {
    let dir = scratch::dir("bench-scale");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut points: Vec<Point> = Vec::new();
    for rows in ROWS {
        let text = page(rows);
        let path = dir.join(format!("scale-{rows}.md"));
        fs::write(&path, &text).map_err(|e| e.to_string())?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let started = Instant::now();
            let reading = pipeline::read(&dir, std::slice::from_ref(&path), 1);
            times.push(started.elapsed());
            if reading.api.methods.len() != 1 {
                return Err(format!("the {rows}-row page did not read as one method"));
            }
        }
        let seconds = median(times);
        let ratio = points.last().map(|p| seconds / p.seconds.max(1e-9));
        points.push(Point {
            rows,
            page_bytes: text.len(),
            seconds,
            ratio,
        });
    }
    let _ = fs::remove_dir_all(&dir);
    Ok(points)
}

/// A method page with `rows` parameters of alternating types, in the docs' table form.
fn page(rows: usize) -> String {
    let mut out = String::with_capacity(rows * 64);
    out.push_str("# Scale test bench.scale.read\n\n## Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n");
    for i in 0..rows {
        let ty = ["integer", "string", "boolean", "double"][i % 4];
        let _ = writeln!(
            out,
            "|| **field_{i}**\n[`{ty}`](../data-types.md) | Value number {i} ||"
        );
    }
    out.push_str("|#\n");
    out
}
