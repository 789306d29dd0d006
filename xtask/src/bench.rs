//! `cargo xtask bench`: timings of the full-corpus run, regeneration and compilation.
//!
//! Figures are medians of several runs of a release build; they are printed, never
//! asserted (machines are shared and noisy).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use b24_codegen::emit::{EmitOptions, OutputFile};
use b24_codegen::pipeline::Inputs;
use b24_codegen::{project, write};
use serde::Serialize;

use crate::{paths, scratch};

#[derive(Debug, Default, Serialize)]
struct Figures {
    pages: usize,
    methods: usize,
    input_bytes: u64,
    runs: usize,
    read_seconds: f64,
    parse_cpu_seconds: f64,
    extract_cpu_seconds: f64,
    emit_seconds: f64,
    write_seconds: f64,
    total_seconds: f64,
    pages_per_second: f64,
    megabytes_per_second: f64,
    output_files: usize,
    output_bytes: usize,
    /// Files a second, unchanged regeneration wrote (goal: 0).
    noop_files_written: usize,
    /// Crate-only `cargo check` of the generated crate per feature set (`full`, `crm`,
    /// `im`): seconds, and whether it passed.
    check_seconds: Vec<(String, f64, bool)>,
    /// `cargo xtask codegen --check` as a maintainer runs it (through the alias, its
    /// build up to date), median wall seconds.
    alias_codegen_seconds: Option<f64>,
    /// One page with ever more parameter rows: read time per size and the ratio per
    /// doubling (see `bench_scale`).
    scaling: Vec<crate::bench_scale::Point>,
}

pub fn run(
    docs: Option<PathBuf>,
    json: bool,
    runs: usize,
    compile: bool,
    client: bool,
) -> Result<ExitCode, String> {
    if cfg!(debug_assertions) {
        return rerun_in_release();
    }
    let docs = paths::docs(docs);
    if !docs.join("api-reference").is_dir() {
        eprintln!(
            "skipped: no docs checkout at {} (pass --docs DIR or set B24_DOCS)",
            docs.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (mut f, output) = corpus_figures(&docs, runs.max(1))?;
    // Three runs per size keep the figure quick where reading is still superlinear.
    f.scaling = crate::bench_scale::run(runs.clamp(1, 3))?;
    if compile {
        compile_figures(&output, &mut f)?;
        alias_figure(runs, &mut f)?;
    }
    let client_figures = if client {
        Some(crate::bench_client::run())
    } else {
        None
    };
    if json {
        let mut value = serde_json::to_value(&f).map_err(|e| e.to_string())?;
        if let (Some(obj), Some(c)) = (value.as_object_mut(), &client_figures) {
            if let Ok(serde_json::Value::Object(more)) = serde_json::to_value(c) {
                obj.extend(more);
            }
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
    } else {
        print_human(&f);
        if let Some(c) = &client_figures {
            println!(
                "{}",
                serde_json::to_string_pretty(c).map_err(|e| e.to_string())?
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Benchmarks mean nothing in a debug build: run the same command from a release build.
fn rerun_in_release() -> Result<ExitCode, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(paths::workspace())
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--bin",
            "xtask",
            "--",
        ])
        .args(std::env::args_os().skip(1))
        .status()
        .map_err(|e| format!("cannot start a release build: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The median of `xs` in seconds (the upper one of an even count).
pub(crate) fn median(mut xs: Vec<Duration>) -> f64 {
    xs.sort();
    xs.get(xs.len() / 2).map_or(0.0, Duration::as_secs_f64)
}

/// Times the whole regeneration (official docs and `specs/`, as `cargo xtask codegen`
/// runs it) `runs` times; returns the figures and the last run's output.
fn corpus_figures(docs: &Path, runs: usize) -> Result<(Figures, Vec<OutputFile>), String> {
    let out = scratch::dir("bench-out");
    let inputs = Inputs {
        docs: Some(docs.to_path_buf()),
        specs: paths::specs(None),
    };
    let (mut read, mut parse, mut extract, mut emitted, mut written, mut total) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut f = Figures {
        runs,
        ..Figures::default()
    };
    let mut last = Vec::new();
    for _ in 0..runs {
        let _ = fs::remove_dir_all(&out);
        let opts = EmitOptions {
            runtime_path: paths::runtime_path_from(&out),
            ..EmitOptions::default()
        };
        let started = Instant::now();
        let generation = project::generate(&inputs, &out, None, opts).map_err(|e| e.to_string())?;
        let t_write = Instant::now();
        write::apply_whole(&out, &generation.files).map_err(|e| e.to_string())?;
        total.push(started.elapsed());
        written.push(t_write.elapsed());
        let reading = &generation.combined.reading;
        read.push(reading.timings.wall);
        emitted.push((t_write - started).saturating_sub(reading.timings.wall));
        parse.push(reading.timings.parse);
        extract.push(reading.timings.extract);
        f.pages = reading.pages.len();
        f.methods = reading.api.methods.len();
        f.input_bytes = reading.bytes;
        f.output_files = generation.files.len();
        f.output_bytes = generation.files.iter().map(|o| o.contents.len()).sum();
        let again = write::apply_whole(&out, &generation.files).map_err(|e| e.to_string())?;
        f.noop_files_written = again.files_changed + again.files_removed;
        last = generation.files;
    }
    f.read_seconds = median(read);
    f.parse_cpu_seconds = median(parse);
    f.extract_cpu_seconds = median(extract);
    f.emit_seconds = median(emitted);
    f.write_seconds = median(written);
    f.total_seconds = median(total);
    f.pages_per_second = f.pages as f64 / f.total_seconds.max(1e-9);
    f.megabytes_per_second = f.input_bytes as f64 / 1e6 / f.total_seconds.max(1e-9);
    Ok((f, last))
}

/// `cargo check` of the generated crate per feature set: once to build dependencies,
/// then again after touching the crate, so only its own code is measured.
fn compile_figures(output: &[OutputFile], f: &mut Figures) -> Result<(), String> {
    let dir = scratch::dir("corpus-crate");
    scratch::populate(&dir, output).map_err(|e| e.to_string())?;
    for features in [None, Some("crm"), Some("im")] {
        let _ = scratch::cargo_check(&dir, features).map_err(|e| e.to_string())?;
        touch(&dir.join("src/lib.rs"))?;
        let check = scratch::cargo_check(&dir, features).map_err(|e| e.to_string())?;
        let name = features.unwrap_or("full").to_string();
        f.check_seconds
            .push((name, check.time.as_secs_f64(), check.ok));
    }
    Ok(())
}

/// `cargo xtask codegen --check` through the alias, as the README tells maintainers to
/// run it: once to bring its build up to date, then timed.
fn alias_figure(runs: usize, f: &mut Figures) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut times = Vec::new();
    for i in 0..=runs.min(5) {
        let started = Instant::now();
        let status = Command::new(&cargo)
            .current_dir(paths::workspace())
            .args(["xtask", "codegen", "--check"])
            .env_remove("CARGO_TARGET_DIR")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("cannot run cargo xtask: {e}"))?;
        if i > 0 && status.code().is_some() {
            times.push(started.elapsed());
        }
    }
    f.alias_codegen_seconds = Some(median(times));
    Ok(())
}

fn touch(path: &Path) -> Result<(), String> {
    let text = fs::read(path).map_err(|e| e.to_string())?;
    fs::write(path, text).map_err(|e| e.to_string())
}

fn print_human(f: &Figures) {
    println!(
        "regeneration (official docs + specs/), release, median of {} run(s)",
        f.runs
    );
    println!(
        "  pages {} ({:.1} MB), methods {}",
        f.pages,
        f.input_bytes as f64 / 1e6,
        f.methods
    );
    println!(
        "  read (parse+extract, wall) {:.3} s  [parse cpu {:.3} s, extract cpu {:.3} s]",
        f.read_seconds, f.parse_cpu_seconds, f.extract_cpu_seconds
    );
    println!("  emit (Rust + docs)         {:.3} s", f.emit_seconds);
    println!("  write (scratch folder)     {:.3} s", f.write_seconds);
    println!(
        "  total                      {:.3} s  ({:.0} pages/s, {:.1} MB/s)",
        f.total_seconds, f.pages_per_second, f.megabytes_per_second
    );
    println!(
        "  generated crate {} files, {:.1} MB; unchanged regeneration wrote {} file(s)",
        f.output_files,
        f.output_bytes as f64 / 1e6,
        f.noop_files_written
    );
    for (features, secs, ok) in &f.check_seconds {
        println!("  cargo check --features {features:<5} (crate only) {secs:.1} s, ok: {ok}");
    }
    if let Some(s) = f.alias_codegen_seconds {
        println!("  cargo xtask codegen --check (dev profile, through the alias) {s:.2} s");
    }
    println!("scaling: one page, read (parse+extract+assemble), one thread");
    for p in &f.scaling {
        let ratio = p
            .ratio
            .map_or_else(String::new, |r| format!("  ×{r:.2} for twice the rows"));
        println!(
            "  {:>6} rows ({:.1} MB) {:.3} s{ratio}",
            p.rows,
            p.page_bytes as f64 / 1e6,
            p.seconds
        );
    }
}
