//! The extractor: a [`Page`] into an [`ir::Method`], or a reason to skip it.
//!
//! One module per part of a page: `detect` (which method), `doc` (blocks, sections
//! and anchors), `sections` (which part a heading starts), `params` with
//! `fields` / `table` / `cell` / `types` / `enums` / `nest` / `keys` (field tables),
//! `response` (with `ts`, `names` and `result_prose`), `errors`, `examples` (with `json`),
//! `deprecation`, `meta` (scopes, summary), `front_matter`, `checks` (with `locate`);
//! `assemble` puts the methods of a run together.

mod assemble;
pub mod cell;
mod checks;
mod definitions;
mod deprecation;
mod detect;
mod doc;
mod entities;
pub mod enums;
mod errors;
mod event;
mod event_set;
pub mod examples;
mod fields;
mod front_matter;
mod infer;
pub mod json;
mod links;
mod locate;
mod meta;
mod nest;
mod paging;
mod params;
mod response;
pub mod sections;
mod table;
pub mod text;
pub(crate) mod vocabulary;

use serde_json::{Map, Value};

use crate::diag::{Code, Diags};
use crate::ir;
use crate::page::{BlockKind, Page};
use crate::source::{Pos, SourceMap};

use doc::Doc;
use sections::Section;

pub use assemble::assemble;
pub use definitions::definitions;
pub use detect::{call_name, is_method_name, name_from_h1};
pub use event_set::assemble_events;
pub use front_matter::schema_type;

/// What became of one page.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Method(Box<ir::Method>),
    Skipped { reason: SkipReason, detail: String },
}

/// Why a page did not become a method. Shown in the coverage report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// An index or overview page.
    Index,
    /// Documents an event handler, not a method.
    Event,
    /// Documents a widget placement code.
    Placement,
    /// Documents a JS SDK command of the browser library.
    JsCommand,
    /// Documents an outbound webhook the portal calls.
    OutboundWebhook,
    /// A fragment meant to be included, not read alone.
    Fragment,
    /// Anything else without a method name.
    NoMethod,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Index => "index",
            SkipReason::Event => "event",
            SkipReason::Placement => "placement",
            SkipReason::JsCommand => "js-command",
            SkipReason::OutboundWebhook => "outbound-webhook",
            SkipReason::Fragment => "fragment",
            SkipReason::NoMethod => "no-method",
        }
    }
}

/// What the stages of one page share.
pub(crate) struct Ctx<'a, 'd> {
    pub map: &'a SourceMap,
    pub diags: &'d mut Diags,
    pub doc: &'a Doc<'a>,
    /// Top-level parameters sent by the example calls (first example wins), for
    /// inferring undocumented types.
    pub samples: Map<String, Value>,
    /// The page includes the "required parameters are marked *" footnote.
    pub footnote: bool,
    /// Where: the include line of the footnote.
    pub footnote_at: Option<Pos>,
    /// Some parameter table marks a parameter required.
    pub starred: bool,
    /// The first row so marked.
    pub starred_at: Option<Pos>,
    /// The rows of the top-level parameter table, by parameter name.
    pub param_rows: Vec<(String, Pos)>,
}

impl Ctx<'_, '_> {
    pub fn diag(&mut self, code: Code, pos: Pos, msg: impl Into<String>) {
        self.diags.at(self.map, code, pos, msg);
    }
}

/// Turns one parsed page into a method.
pub fn extract(page: &Page, map: &SourceMap, diags: &mut Diags) -> Outcome {
    let doc = Doc::new(page);
    let path = map.display(page.pos.file).to_string();
    let fm_method = page.front_matter.as_ref().and_then(|f| f.method.as_deref());
    let found = match detect::detect(&doc, &path, fm_method) {
        Ok(found) => found,
        Err((reason, detail)) => return skip(&doc, map, diags, reason, detail),
    };
    let (examples, bad_bodies) = examples::extract(&doc);
    let footnote_at = footnote(&doc).map(|b| locate::include_site(map, page.pos, b));
    let mut cx = Ctx {
        map,
        diags,
        doc: &doc,
        samples: samples(&examples),
        footnote: footnote_at.is_some(),
        footnote_at,
        starred: false,
        starred_at: None,
        param_rows: Vec::new(),
    };
    for pos in bad_bodies {
        cx.diag(
            Code::BadJsonExample,
            pos,
            "the cURL `-d` body is not JSON, even leniently (comments, `...`, trailing commas allowed)",
        );
    }
    let params = params::extract(&mut cx);
    let found_response = response::extract(&mut cx, &found.name);
    let errors = errors::extract(&cx);
    let h1_line = doc.h1().map_or(page.pos.line, |b| b.pos.line);
    let mut method = ir::Method {
        namespace: namespace(&found.name),
        variant: variant(&path, &doc),
        source: ir::SourceRef {
            path: path.clone(),
            line: h1_line,
        },
        doc_url: crate::layout::doc_url(&path),
        title: strip_version(found.title),
        summary: meta::summary(&doc),
        scopes: meta::scopes(&doc),
        who_can: meta::who_can(&doc),
        deprecated: deprecation::detect(&doc, &path, &found.name),
        aliases: Vec::new(),
        rate_limit_per_sec: None,
        pagination: pagination(&params, &found_response),
        params,
        response: found_response.response,
        errors,
        examples,
        name: found.name,
        paging: None,
        read_only: false,
        layered: None,
    };
    if let Some(fm) = page.front_matter.as_ref() {
        front_matter::apply(&mut cx, fm, &mut method);
    }
    for p in &mut method.params {
        if let Some((ty, _reason)) = infer::query_params::decide(&p.name, &p.ty) {
            p.ty = ty;
        }
    }
    checks::required_marks(&mut cx, &method);
    checks::examples(&mut cx, &method);
    Outcome::Method(Box::new(method))
}

/// Reads a page [`extract`] skipped as [`SkipReason::Event`] into an event; `Err` keeps
/// it skipped, with its reason.
pub fn event(
    page: &Page,
    map: &SourceMap,
    diags: &mut Diags,
) -> Result<ir::Event, (SkipReason, String)> {
    let doc = Doc::new(page);
    let path = map.display(page.pos.file).to_string();
    event::extract(&doc, map, diags, &path)
}

fn skip(
    doc: &Doc,
    map: &SourceMap,
    diags: &mut Diags,
    reason: SkipReason,
    detail: String,
) -> Outcome {
    // Parameters and error codes together are what a method page documents; object
    // structure pages and guides have parameter tables too, but no errors.
    let has = |s: Section| doc.entries.iter().any(|e| e.section == s);
    let looks_like_method = has(Section::Params) && has(Section::Errors);
    let pos = doc.page.pos;
    if reason == SkipReason::NoMethod && looks_like_method {
        let msg = "the page documents parameters but names no method: expected it at the end of the H1, in the front matter or in an example call";
        diags.at(map, Code::NoMethod, pos, msg);
    } else {
        diags.at(
            map,
            Code::Skipped,
            pos,
            format!("not a method page ({})", reason.as_str()),
        );
    }
    Outcome::Skipped { reason, detail }
}

fn namespace(name: &str) -> String {
    name.split('.').next().unwrap_or(name).to_lowercase()
}

/// `Some("v3")` for REST 3.0 pages.
fn variant(path: &str, doc: &Doc) -> Option<String> {
    let h1_v3 = doc.h1().is_some_and(|b| match &b.kind {
        BlockKind::Heading { text, .. } => {
            text.trim_start().starts_with("v 3.0") || text.contains("REST 3.0")
        }
        _ => false,
    });
    (crate::layout::kind(path).rest_v3 || h1_v3).then(|| "v3".to_string())
}

/// "Получить задачу v 3.0": the version is the variant, not part of the title.
fn strip_version(title: String) -> String {
    let t = title.trim();
    for tail in ["v 3.0", "(REST 3.0)", "REST 3.0", "v3"] {
        if let Some(rest) = t.strip_suffix(tail) {
            return rest.trim().to_string();
        }
        if let Some(rest) = t.strip_prefix(tail) {
            return rest.trim().to_string();
        }
    }
    title
}

fn samples(examples: &[ir::Example]) -> Map<String, Value> {
    let mut out = Map::new();
    for e in examples {
        if let Some(Value::Object(map)) = &e.params {
            for (k, v) in map {
                out.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    out
}

/// Where the footnote's text sits (often inside an included fragment).
fn footnote(doc: &Doc) -> Option<Pos> {
    // Built once for all the page's text blocks.
    let finders: Vec<memchr::memmem::Finder> = vocabulary::REQUIRED_FOOTNOTE
        .iter()
        .map(memchr::memmem::Finder::new)
        .collect();
    doc.entries.iter().find_map(|e| match &e.block.kind {
        BlockKind::Text(t) if finders.iter().any(|f| f.find(t.as_bytes()).is_some()) => {
            Some(e.block.pos)
        }
        _ => None,
    })
}

/// A list method: it takes `start`, or its envelope carries `next`, or `total` next to
/// a list result.
fn pagination(params: &[ir::Field], found: &response::Found) -> ir::Pagination {
    let start_param = params.iter().any(|f| f.name == "start");
    let has = |k: &str| found.envelope.iter().any(|e| e == k);
    let list_result = match &found.response.ty {
        ir::Type::Array { .. } => true,
        ir::Type::Object { fields } => fields
            .iter()
            .any(|f| matches!(f.ty, ir::Type::Array { .. })),
        _ => false,
    };
    if start_param || has("next") || (has("total") && list_result) {
        ir::Pagination::Start
    } else {
        ir::Pagination::Unknown
    }
}
