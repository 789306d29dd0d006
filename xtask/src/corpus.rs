//! `cargo xtask corpus`: the whole official docs through the generator, with a coverage
//! report.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use b24_codegen::diag::Code;
use b24_codegen::emit::{self, EmitOptions, RenameReason};
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
/// Targets for precise types, reported until they are reached.
const MIN_PARAMS_PRECISE: f64 = 0.98;
const MIN_RESPONSES_PRECISE: f64 = 0.97;
const MIN_LIST_ROWS_TYPED: f64 = 0.95;
/// Where the precise figures stand on the pinned docs: enforced, so they never go back.
const FLOOR_PARAMS_PRECISE: f64 = 0.955;
const FLOOR_RESPONSES_PRECISE: f64 = 0.946;
const FLOOR_LIST_ROWS_TYPED: f64 = 0.777;

/// The methods users reach for first: each must be precisely typed, and each list must
/// stream.
const TOP_METHODS: &[&str] = &[
    "crm.deal.list",
    "crm.deal.get",
    "crm.deal.add",
    "crm.deal.update",
    "crm.deal.delete",
    "crm.deal.fields",
    "crm.lead.list",
    "crm.lead.get",
    "crm.lead.add",
    "crm.lead.update",
    "crm.contact.list",
    "crm.contact.get",
    "crm.contact.add",
    "crm.contact.update",
    "crm.company.list",
    "crm.company.get",
    "crm.company.add",
    "crm.company.update",
    "crm.item.list",
    "crm.item.get",
    "crm.item.add",
    "crm.item.update",
    "crm.activity.list",
    "crm.activity.get",
    "crm.activity.todo.add",
    "crm.status.list",
    "crm.category.list",
    "crm.timeline.comment.list",
    "crm.timeline.comment.add",
    "crm.product.list",
    "crm.deal.productrows.get",
    "crm.requisite.list",
    "crm.stagehistory.list",
    "crm.item.productrow.list",
    "crm.multifield.fields",
    "tasks.task.list",
    "tasks.task.get",
    "tasks.task.add",
    "tasks.task.update",
    "task.commentitem.getlist",
    "task.elapseditem.getlist",
    "user.get",
    "user.current",
    "department.get",
    "im.message.add",
    "im.chat.add",
    "im.notify.system.add",
    "im.dialog.messages.get",
    "im.recent.list",
    "disk.folder.getchildren",
    "disk.storage.getlist",
    "disk.file.get",
    "calendar.event.get",
    "sonet_group.get",
    "lists.element.get",
    "bizproc.workflow.start",
    "telephony.externalcall.register",
    "entity.item.get",
    "catalog.product.list",
    "sale.order.list",
];

/// How one top method comes out.
#[derive(Debug, Default, Serialize)]
pub struct TopMethod {
    pub found: bool,
    pub response_precise: bool,
    /// `None` for a method that is not a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_precise: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streams: Option<bool>,
}

impl TopMethod {
    fn ok(&self) -> bool {
        self.found
            && self.response_precise
            && self.rows_precise != Some(false)
            && self.streams != Some(false)
    }
}

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
    /// Top-level parameters whose type is precise: not JSON, not an object without
    /// fields, not a list or map of those.
    pub params_precise: usize,
    /// Where top-level parameter types came from: `list_rule` for `filter`, `order` and
    /// `select` (decided by name and shape, `extract/query_params.rs`), `page` for the
    /// page's parameter table or front matter.
    pub params_by_source: BTreeMap<String, usize>,
    /// Responses so typed.
    pub responses_precise: usize,
    /// Where response types came from: `table`, `example`, `inferred`, …
    pub responses_by_source: BTreeMap<String, usize>,
    /// Methods with paging facts (lists), those that implement `ListMethod`, and those
    /// whose rows are precisely typed.
    pub list_methods: usize,
    pub list_methods_streamable: usize,
    pub list_rows_typed: usize,
    /// Entity types documented on one page and shared by the methods using them.
    pub entity_types: usize,
    pub top_methods: BTreeMap<String, TopMethod>,
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
        // The precise figures may not fall below where they stand; the targets they are
        // climbing to are reported by `short_of_targets`.
        bar(
            "top-level parameters precise",
            self.params_precise,
            self.top_level_params_total,
            FLOOR_PARAMS_PRECISE,
        );
        bar(
            "responses precise",
            self.responses_precise,
            self.methods_emitted,
            FLOOR_RESPONSES_PRECISE,
        );
        bar(
            "list rows typed",
            self.list_rows_typed,
            self.list_methods,
            FLOOR_LIST_ROWS_TYPED,
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

impl Coverage {
    /// The targets for precise types and the top methods not reached yet, as readable
    /// lines: reported, not enforced.
    pub fn short_of_targets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, num, den, target) in [
            (
                "top-level parameters precise",
                self.params_precise,
                self.top_level_params_total,
                MIN_PARAMS_PRECISE,
            ),
            (
                "responses precise",
                self.responses_precise,
                self.methods_emitted,
                MIN_RESPONSES_PRECISE,
            ),
            (
                "list rows typed",
                self.list_rows_typed,
                self.list_methods,
                MIN_LIST_ROWS_TYPED,
            ),
        ] {
            let r = ratio(num, den);
            if r < target {
                out.push(format!(
                    "{name}: {:.2}% < {:.0}%",
                    r * 100.0,
                    target * 100.0
                ));
            }
        }
        let weak: Vec<&str> = self
            .top_methods
            .iter()
            .filter(|(_, t)| !t.ok())
            .map(|(n, _)| n.as_str())
            .collect();
        if !weak.is_empty() {
            out.push(format!(
                "top methods not precise or not streaming: {}",
                weak.join(", ")
            ));
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
    let named: BTreeMap<&str, &Type> = api.types.iter().map(|t| (t.name.as_str(), &t.ty)).collect();
    c.entity_types = api.types.iter().filter(|t| t.defined_at.is_some()).count();
    for m in &api.methods {
        for p in &m.params {
            c.top_level_params_total += 1;
            c.top_level_params_typed += usize::from(p.ty.is_typed());
            c.params_precise += usize::from(precise(&p.ty, &named));
            let source = match p.ty {
                Type::Filter { .. } | Type::Order { .. } | Type::Select { .. } => "list_rule",
                _ => "page",
            };
            *c.params_by_source.entry(source.to_string()).or_default() += 1;
            count_field(p, c);
        }
        if m.response.ty.is_typed() {
            c.responses_typed += 1;
        }
        let response_precise = precise(&m.response.ty, &named);
        c.responses_precise += usize::from(response_precise);
        let source = serde_json::to_value(m.response.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *c.responses_by_source.entry(source).or_default() += 1;
        let list = m.paging.as_ref().map(|p| {
            let item = rows_item(&m.response.ty, p.rows.as_deref());
            let streams = streams(&m.response.ty, p.rows.as_deref());
            (item.is_some_and(|t| precise(t, &named)), streams)
        });
        if let Some((rows_precise, streams)) = list {
            c.list_methods += 1;
            c.list_methods_streamable += usize::from(streams);
            c.list_rows_typed += usize::from(rows_precise);
        }
        if TOP_METHODS.iter().any(|t| t.eq_ignore_ascii_case(&m.name)) && m.variant.is_none() {
            c.top_methods.insert(
                m.name.to_ascii_lowercase(),
                TopMethod {
                    found: true,
                    response_precise,
                    rows_precise: list.map(|l| l.0),
                    streams: list.map(|l| l.1),
                },
            );
        }
        count_nested(&m.response.ty, Side::Response, c);
        c.error_codes += m.errors.len();
    }
}

/// Whether a type says what the value is: not JSON, not an object without fields, not a
/// list or map of those.
fn precise(ty: &Type, named: &BTreeMap<&str, &Type>) -> bool {
    match ty {
        Type::Any | Type::File | Type::Ref { .. } => false,
        Type::Object { fields } => !fields.is_empty(),
        Type::Array { item } | Type::Map { value: item } => precise(item, named),
        Type::Named { name } => named.get(name.as_str()).is_some_and(|t| match t {
            Type::Object { fields } => !fields.is_empty(),
            _ => true,
        }),
        _ => true,
    }
}

/// A list's row type: the result's items, or those of its rows member.
fn rows_item<'a>(ty: &'a Type, member: Option<&str>) -> Option<&'a Type> {
    let list = match (ty, member) {
        (Type::Object { fields }, Some(m)) => &fields.iter().find(|f| f.name == m)?.ty,
        (t, None) => t,
        _ => return None,
    };
    match list {
        Type::Array { item } => Some(item),
        _ => None,
    }
}

/// Whether the emitter can give the list's rows (`ListMethod`): typed rows, or a JSON
/// result to read them from.
fn streams(ty: &Type, member: Option<&str>) -> bool {
    let json =
        matches!(ty, Type::Any) || matches!(ty, Type::Object { fields } if fields.is_empty());
    json || rows_item(ty, member).is_some()
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
    let (output, renames) =
        emit::emit_with_report(&reading.api, &opts).map_err(|e| e.to_string())?;
    let emit_time = emit_started.elapsed();
    let write_started = Instant::now();
    scratch::populate(&crate_dir, &output)
        .map_err(|e| format!("cannot write {}: {e}", crate_dir.display()))?;
    let write_time = write_started.elapsed();
    let mut c = Coverage::from_reading(&reading);
    for name in TOP_METHODS {
        c.top_methods.entry(name.to_string()).or_default();
    }
    for r in &renames {
        let reason = match r.reason {
            RenameReason::Clash => "clash".to_string(),
            _ => r.explain(),
        };
        *c.renames.entry(reason).or_default() += 1;
        c.name_collisions += usize::from(r.is_clash());
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
    for t in c.short_of_targets() {
        eprintln!("short of the target: {t}");
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
    line(
        "parameters precise (top)",
        pct(c.params_precise, c.top_level_params_total),
    );
    for (source, n) in &c.params_by_source {
        line(&format!("  from {source}"), n.to_string());
    }
    line(
        "responses precise",
        pct(c.responses_precise, c.methods_emitted),
    );
    for (source, n) in &c.responses_by_source {
        line(&format!("  from {source}"), n.to_string());
    }
    line("list methods", c.list_methods.to_string());
    line(
        "  streamable",
        pct(c.list_methods_streamable, c.list_methods),
    );
    line("  rows typed", pct(c.list_rows_typed, c.list_methods));
    line("entity types", c.entity_types.to_string());
    let top_ok = c.top_methods.values().filter(|t| t.ok()).count();
    line("top methods precise", pct(top_ok, c.top_methods.len()));
    for (name, t) in c.top_methods.iter().filter(|(_, t)| !t.ok()) {
        let mut why = Vec::new();
        if !t.found {
            why.push("not found");
        } else {
            if !t.response_precise {
                why.push("response not precise");
            }
            if t.rows_precise == Some(false) {
                why.push("rows not precise");
            }
            if t.streams == Some(false) {
                why.push("does not stream");
            }
        }
        line("  ", format!("{name}: {}", why.join(", ")));
    }
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
