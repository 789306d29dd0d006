//! Times the emitter on an IR dump: `cargo run --release -p b24-codegen --example emit_timing -- IR.json [RUNS] [OUT]`.
//!
//! Prints the median wall and CPU time of `emit::emit`; with `OUT`, also writes every
//! emitted file there so two builds can be compared byte for byte.

use b24_codegen::emit::{self, EmitOptions};
use b24_codegen::ir;
use std::time::{Duration, Instant};

// The same allocator as `xtask`, so timings match `cargo xtask bench`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: emit_timing IR.json [RUNS] [OUT]")?;
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(7);
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let api: ir::Api = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let opts = EmitOptions::default();

    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs.max(1) {
        let (cpu0, wall0) = (cpu_time(), Instant::now());
        files = emit::emit(&api, &opts).expect("the templates render");
        walls.push(wall0.elapsed());
        cpus.push(cpu_time().saturating_sub(cpu0));
    }
    println!(
        "emit: {} files, median wall {:.3} s, median cpu {:.3} s",
        files.len(),
        median(walls).as_secs_f64(),
        median(cpus).as_secs_f64()
    );
    if let Some(out) = args.get(2) {
        for file in &files {
            let target = std::path::Path::new(out).join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&target, &file.contents).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// User plus system time of this process, from `/proc/self/stat` (zero elsewhere).
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    // Clock ticks are 100 per second on Linux.
    Duration::from_millis(ticks * 10)
}
