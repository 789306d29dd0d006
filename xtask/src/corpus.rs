//! `cargo xtask corpus`: the whole official docs through the generator, with a coverage
//! report.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use b24_codegen::diag::Code;
use b24_codegen::emit::{self, EmitOptions};
use b24_codegen::extract::SkipReason;
use b24_codegen::ir::{Api, Field, Type};
use b24_codegen::pipeline::{self, Layout, PageOutcome, Reading};
use serde::Serialize;

use crate::{paths, scratch};

/// The bars a corpus run must clear (see the README).
const MIN_METHOD_RATIO: f64 = 0.99;
const MIN_TYPED_RATIO: f64 = 0.97;
const MIN_NESTED_RATIO: f64 = 0.99;
const MIN_RESPONSE_RATIO: f64 = 0.95;
const MIN_EVENT_RATIO: f64 = 0.95;

#[derive(Debug, Default, Serialize)]
pub struct Coverage {
    pub pages_read: usize,
    pub method_pages: usize,
    pub methods_emitted: usize,
    pub skipped: BTreeMap<String, usize>,
    /// Event pages: those that became events and those skipped as events.
    pub event_pages: usize,
    /// Events in the API (after duplicates are merged).
    pub events_emitted: usize,
    /// Of those, events whose `data` is typed.
    pub event_payloads_typed: usize,
    /// Method pages that did not become a method: path and reason.
    pub not_emitted: Vec<(String, String)>,
    /// Every parameter, nested fields of object parameters included.
    pub params_total: usize,
    pub params_typed: usize,
    pub params_required_known: usize,
    /// The top-level parameters alone.
    pub top_level_params_total: usize,
    pub top_level_params_typed: usize,
    pub nested_refs_total: usize,
    pub nested_refs_resolved: usize,
    pub enums: usize,
    pub responses_typed: usize,
    pub error_codes: usize,
    /// Names that could not be used as documented, by reason (keywords, clashes, …).
    pub renames: BTreeMap<String, usize>,
    /// Of those, names that clashed with another in the same scope.
    pub name_collisions: usize,
    pub diagnostics: BTreeMap<String, usize>,
    pub panics: usize,
    pub compile_ok: Option<bool>,
    pub compile_seconds: Option<f64>,
    /// `cargo clippy -D warnings` and `cargo doc` with `-D warnings` on the crate.
    pub lint_ok: Option<bool>,
    pub generate_seconds: f64,
    pub stage_seconds: BTreeMap<String, f64>,
}

impl Coverage {
    pub fn from_reading(reading: &Reading) -> Coverage {
        let mut c = Coverage {
            pages_read: reading.pages.len(),
            methods_emitted: reading.api.methods.len(),
            events_emitted: reading.api.events.len(),
            event_payloads_typed: reading
                .api
                .events
                .iter()
                .filter(|e| e.payload.is_typed())
                .count(),
            panics: reading.panics(),
            ..Coverage::default()
        };
        count_pages(reading, &mut c);
        count_api(&reading.api, &mut c);
        for d in &reading.diagnostics {
            *c.diagnostics.entry(d.code.to_string()).or_default() += 1;
        }
        let broken = c
            .diagnostics
            .get(Code::BrokenAnchor.id())
            .copied()
            .unwrap_or(0);
        c.nested_refs_total = c.nested_refs_resolved + broken;
        c
    }

    /// The bars this run falls under, as readable lines.
    pub fn failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut bar = |name: &str, num: usize, den: usize, min: f64| {
            let r = ratio(num, den);
            if r < min {
                out.push(format!("{name}: {:.2}% < {:.0}%", r * 100.0, min * 100.0));
            }
        };
        bar(
            "methods emitted / method pages",
            self.methods_emitted,
            self.method_pages,
            MIN_METHOD_RATIO,
        );
        bar(
            "events emitted / event pages",
            self.events_emitted,
            self.event_pages,
            MIN_EVENT_RATIO,
        );
        bar(
            "parameters typed",
            self.params_typed,
            self.params_total,
            MIN_TYPED_RATIO,
        );
        bar(
            "nested references resolved",
            self.nested_refs_resolved,
            self.nested_refs_total,
            MIN_NESTED_RATIO,
        );
        bar(
            "responses typed",
            self.responses_typed,
            self.methods_emitted,
            MIN_RESPONSE_RATIO,
        );
        if self.panics > 0 {
            out.push(format!("{} page(s) panicked", self.panics));
        }
        if self.compile_ok == Some(false) {
            out.push("the generated crate does not compile".to_string());
        }
        if self.lint_ok == Some(false) {
            out.push("clippy or rustdoc reject the generated crate".to_string());
        }
        out
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn count_pages(reading: &Reading, c: &mut Coverage) {
    for page in &reading.pages {
        match &page.outcome {
            PageOutcome::Method { .. } => c.method_pages += 1,
            PageOutcome::Event { .. } => c.event_pages += 1,
            PageOutcome::Skipped { reason, detail } => {
                *c.skipped.entry(reason.as_str().to_string()).or_default() += 1;
                c.event_pages += usize::from(*reason == SkipReason::Event);
                // Pages whose title names no method are articles (guides, field
                // references); they are listed so a method page that lost its name shows.
                if *reason == SkipReason::NoMethod {
                    c.not_emitted
                        .push((page.path.clone(), format!("no method name: {detail}")));
                }
            }
            PageOutcome::Unreadable => {
                c.method_pages += 1;
                c.not_emitted.push((page.path.clone(), "unreadable".into()));
            }
            PageOutcome::Panicked { message } => {
                c.method_pages += 1;
                c.not_emitted
                    .push((page.path.clone(), format!("panic: {message}")));
            }
        }
    }
}

fn count_api(api: &Api, c: &mut Coverage) {
    for m in &api.methods {
        for p in &m.params {
            c.top_level_params_total += 1;
            c.top_level_params_typed += usize::from(p.ty.is_typed());
            count_field(p, c);
        }
        if m.response.ty.is_typed() {
            c.responses_typed += 1;
        }
        count_nested(&m.response.ty, Side::Response, c);
        c.error_codes += m.errors.len();
    }
}

fn count_field(f: &Field, c: &mut Coverage) {
    c.params_total += 1;
    c.params_typed += usize::from(f.ty.is_typed());
    c.params_required_known += usize::from(f.required_known);
    if matches!(f.ty, Type::Enum(_)) {
        c.enums += 1;
    }
    count_nested(&f.ty, Side::Params, c);
}

/// Whose fields a nested object holds: parameters are counted, response fields are not.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Params,
    Response,
}

/// Counts objects with documented fields (resolved references) and walks into them.
fn count_nested(ty: &Type, side: Side, c: &mut Coverage) {
    match ty {
        Type::Object { fields } if !fields.is_empty() => {
            c.nested_refs_resolved += 1;
            for f in fields {
                match side {
                    Side::Params => count_field(f, c),
                    Side::Response => count_nested(&f.ty, side, c),
                }
            }
        }
        Type::Array { item } | Type::Map { value: item } => count_nested(item, side, c),
        _ => {}
    }
}

pub fn run(
    docs: Option<PathBuf>,
    json: bool,
    compile: bool,
    lint_crate: bool,
    enforce: bool,
) -> Result<ExitCode, String> {
    let docs = paths::docs(docs);
    if !docs.join("api-reference").is_dir() {
        eprintln!(
            "skipped: no docs checkout at {} (pass --docs DIR or set B24_DOCS)",
            docs.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let files = pipeline::discover(&docs, Layout::Docs)
        .map_err(|e| format!("cannot list {}: {e}", docs.display()))?;
    let reading = pipeline::read(&docs, &files, 0);
    let crate_dir = scratch::dir("corpus-crate");
    let opts = EmitOptions {
        runtime_path: paths::runtime_path_from(&crate_dir),
        ..EmitOptions::default()
    };
    let emit_started = Instant::now();
    let (output, renames) = emit::emit_with_report(&reading.api, &opts);
    let emit_time = emit_started.elapsed();
    let write_started = Instant::now();
    scratch::populate(&crate_dir, &output)
        .map_err(|e| format!("cannot write {}: {e}", crate_dir.display()))?;
    let write_time = write_started.elapsed();
    let mut c = Coverage::from_reading(&reading);
    for r in &renames {
        let reason = if r.reason.starts_with("clashes") {
            "clash"
        } else {
            r.reason.as_str()
        };
        *c.renames.entry(reason.to_string()).or_default() += 1;
        c.name_collisions += usize::from(reason == "clash");
    }
    c.generate_seconds = started.elapsed().as_secs_f64();
    let t = &reading.timings;
    for (name, secs) in [
        ("parse", t.parse.as_secs_f64()),
        ("extract", t.extract.as_secs_f64()),
        ("assemble", t.assemble.as_secs_f64()),
        ("read_wall", t.wall.as_secs_f64()),
        ("emit", emit_time.as_secs_f64()),
        ("write", write_time.as_secs_f64()),
    ] {
        c.stage_seconds.insert(name.to_string(), secs);
    }
    if compile {
        let check =
            scratch::cargo_check(&crate_dir, None).map_err(|e| format!("cannot run cargo: {e}"))?;
        if !check.ok {
            eprintln!("{}", tail(&check.output, 60));
        }
        c.compile_ok = Some(check.ok);
        c.compile_seconds = Some(check.time.as_secs_f64());
    }
    if lint_crate {
        let lint = scratch::lint(&crate_dir).map_err(|e| format!("cannot run cargo: {e}"))?;
        if let Err(output) = &lint {
            eprintln!("{}", tail(output, 60));
        }
        c.lint_ok = Some(lint.is_ok());
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&c).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", human(&c, &crate_dir));
    }
    let failures = c.failures();
    for f in &failures {
        eprintln!("under the bar: {f}");
    }
    Ok(if enforce && !failures.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn pct(num: usize, den: usize) -> String {
    format!("{num} / {den} ({:.2}%)", ratio(num, den) * 100.0)
}

fn human(c: &Coverage, crate_dir: &std::path::Path) -> String {
    let mut s = String::new();
    let mut line = |k: &str, v: String| s.push_str(&format!("{k:<28} {v}\n"));
    line("pages read", c.pages_read.to_string());
    line("method pages", c.method_pages.to_string());
    line("methods emitted", pct(c.methods_emitted, c.method_pages));
    for (reason, n) in &c.skipped {
        line(&format!("  skipped: {reason}"), n.to_string());
    }
    line("events emitted", pct(c.events_emitted, c.event_pages));
    line(
        "event payloads typed",
        pct(c.event_payloads_typed, c.events_emitted),
    );
    line("parameters typed", pct(c.params_typed, c.params_total));
    line(
        "  top level",
        pct(c.top_level_params_typed, c.top_level_params_total),
    );
    line(
        "required flag known",
        pct(c.params_required_known, c.params_total),
    );
    line(
        "nested references resolved",
        pct(c.nested_refs_resolved, c.nested_refs_total),
    );
    line("enums", c.enums.to_string());
    line("responses typed", pct(c.responses_typed, c.methods_emitted));
    line("error codes", c.error_codes.to_string());
    line("name collisions resolved", c.name_collisions.to_string());
    for (reason, n) in &c.renames {
        line(&format!("  renamed: {reason}"), n.to_string());
    }
    line("panics", c.panics.to_string());
    if let (Some(ok), Some(secs)) = (c.compile_ok, c.compile_seconds) {
        line(
            "cargo check --all-features",
            format!("{} in {secs:.1} s", if ok { "ok" } else { "FAILED" }),
        );
    }
    if let Some(ok) = c.lint_ok {
        let verdict = if ok { "ok" } else { "FAILED" };
        line("clippy, rustdoc -D warnings", verdict.to_string());
    }
    line("generate seconds", format!("{:.3}", c.generate_seconds));
    for (stage, secs) in &c.stage_seconds {
        line(&format!("  {stage}"), format!("{secs:.3} s"));
    }
    line("diagnostics", String::new());
    for (code, n) in &c.diagnostics {
        line(&format!("  {code}"), n.to_string());
    }
    line("pages without a method", c.not_emitted.len().to_string());
    for (path, why) in &c.not_emitted {
        line("  ", format!("{path}: {why}"));
    }
    line("scratch crate", crate_dir.display().to_string());
    s
}
