//! Parses and extracts every page of the documentation corpus (when present), prints
//! a coverage summary and holds the extractor to its bars.

use crate::support;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use b24_codegen::diag::Diags;
use b24_codegen::extract::{extract, Outcome};
use b24_codegen::ir::{Field, Method, Type};
use b24_codegen::parse::parse_file;
use b24_codegen::source::SourceMap;

#[derive(Default, Debug)]
struct Coverage {
    pages: usize,
    methods: usize,
    skipped: BTreeMap<&'static str, usize>,
    params: usize,
    params_typed: usize,
    params_required_known: usize,
    nested_refs: usize,
    broken_anchors: usize,
    responses_typed: usize,
    responses_undocumented: usize,
    no_method_errors: usize,
    error_codes: usize,
    examples: usize,
    examples_with_params: usize,
    panics: Vec<String>,
    untyped_params: BTreeMap<String, usize>,
    nested_fields: usize,
    nested_typed: usize,
    /// Diagnostics that do not point at the line showing the problem.
    misplaced: Vec<String>,
}

impl Coverage {
    fn method(&mut self, m: &Method) {
        self.methods += 1;
        self.params += m.params.len();
        self.params_typed += m.params.iter().filter(|f| f.ty.is_typed()).count();
        self.params_required_known += m.params.iter().filter(|f| f.required_known).count();
        self.nested_refs += m.params.iter().map(local_refs).sum::<usize>();
        self.nested_refs += local_refs_ty(&m.response.ty);
        for f in &m.params {
            self.count_nested(&f.ty);
        }
        self.count_nested(&m.response.ty);
        self.responses_typed += usize::from(m.response.ty.is_typed());
        self.error_codes += m.errors.len();
        self.examples += m.examples.len();
        self.examples_with_params += m.examples.iter().filter(|e| e.params.is_some()).count();
        for f in m.params.iter().filter(|f| !f.ty.is_typed()) {
            *self
                .untyped_params
                .entry(m.source.path.clone())
                .or_default() += 1;
            let _ = f;
        }
    }

    /// Fields of nested objects (parameters and responses), typed or not.
    fn count_nested(&mut self, t: &Type) {
        match t {
            Type::Object { fields } => {
                for f in fields {
                    self.nested_fields += 1;
                    self.nested_typed += usize::from(f.ty.is_typed());
                    self.count_nested(&f.ty);
                }
            }
            Type::Array { item } => self.count_nested(item),
            Type::Map { value } => self.count_nested(value),
            _ => {}
        }
    }

    fn pct(a: usize, b: usize) -> f64 {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    }
}

/// Local anchor links on object rows: the references the extractor follows.
fn local_refs(f: &Field) -> usize {
    let own = if matches!(f.ty, Type::Object { .. } | Type::Array { .. }) {
        f.description.matches("](#").count().min(1)
    } else {
        0
    };
    own + local_refs_ty(&f.ty)
}

fn local_refs_ty(t: &Type) -> usize {
    match t {
        Type::Object { fields } => fields.iter().map(local_refs).sum(),
        Type::Array { item } => local_refs_ty(item),
        _ => 0,
    }
}

#[test]
fn corpus_coverage() {
    let Some(root) = support::corpus_root() else {
        return;
    };
    let mut files = Vec::new();
    support::markdown_files(&root.join("api-reference"), &mut files);
    let mut cov = Coverage::default();
    let started = Instant::now();
    for path in &files {
        cov.pages += 1;
        let mut map = SourceMap::new();
        let mut diags = Diags::new();
        let run = catch_unwind(AssertUnwindSafe(|| {
            let page = parse_file(path, &root, &mut map, &mut diags)?;
            Some(extract(&page, &map, &mut diags))
        }));
        match run {
            Err(_) => cov.panics.push(path.display().to_string()),
            Ok(None) => cov.panics.push(format!("unreadable {}", path.display())),
            Ok(Some(Outcome::Method(m))) => cov.method(&m),
            Ok(Some(Outcome::Skipped { reason, .. })) => {
                *cov.skipped.entry(reason.as_str()).or_default() += 1
            }
        }
        let list = diags.as_slice();
        for d in list {
            if let Some(why) = misplaced(d) {
                cov.misplaced
                    .push(format!("{}:{} {}: {why}", d.file, d.line, d.code));
            }
        }
        cov.no_method_errors += list.iter().filter(|d| d.code == "B24E003").count();
        cov.broken_anchors += list.iter().filter(|d| d.code == "B24W016").count();
        cov.responses_undocumented += list
            .iter()
            .filter(|d| d.code == "B24N021" && d.message.contains("documents no response"))
            .count();
    }
    let elapsed = started.elapsed();
    // A page skipped for want of a name that still documents parameters was meant to
    // be a method page.
    let method_pages = cov.methods + cov.no_method_errors;
    let resolved = cov.nested_refs.saturating_sub(cov.broken_anchors);
    println!(
        "pages: {}, method pages: {method_pages}, methods: {}",
        cov.pages, cov.methods
    );
    println!("skipped: {:?}", cov.skipped);
    println!(
        "params: {}, typed {:.1}%, required known {:.1}%",
        cov.params,
        Coverage::pct(cov.params_typed, cov.params),
        Coverage::pct(cov.params_required_known, cov.params)
    );
    println!(
        "nested refs: {}, resolved {:.1}%; nested fields: {}, typed {:.1}%",
        cov.nested_refs,
        Coverage::pct(resolved, cov.nested_refs),
        cov.nested_fields,
        Coverage::pct(cov.nested_typed, cov.nested_fields)
    );
    let documented = cov.methods - cov.responses_undocumented;
    println!(
        "responses typed {:.1}% of all, {:.1}% of the {documented} documented; error codes {}, examples {} ({} with params)",
        Coverage::pct(cov.responses_typed, cov.methods),
        Coverage::pct(cov.responses_typed, documented),
        cov.error_codes,
        cov.examples,
        cov.examples_with_params
    );
    println!("panics: {}, time {:?}", cov.panics.len(), elapsed);
    let mut worst: Vec<_> = cov.untyped_params.iter().collect();
    worst.sort_by(|a, b| b.1.cmp(a.1));
    println!("most untyped params: {:?}", &worst[..worst.len().min(8)]);

    assert!(cov.panics.is_empty(), "panics on {:?}", cov.panics);
    assert!(cov.misplaced.is_empty(), "misplaced: {:#?}", cov.misplaced);
    assert!(
        Coverage::pct(cov.methods, method_pages) >= 99.0,
        "method pages became methods"
    );
    assert!(
        Coverage::pct(cov.params_typed, cov.params) >= 97.0,
        "params typed"
    );
    assert!(
        Coverage::pct(cov.nested_typed, cov.nested_fields) >= 97.0,
        "nested fields typed"
    );
    assert!(
        Coverage::pct(resolved, cov.nested_refs) >= 99.0,
        "nested anchors resolved"
    );
    // Pages that document no response at all (old pages) cannot be typed.
    assert!(
        Coverage::pct(cov.responses_typed, documented) >= 95.0,
        "documented responses typed"
    );
    assert!(
        Coverage::pct(cov.responses_typed, cov.methods) >= 95.0,
        "responses typed"
    );
}

/// Why a diagnostic about one line of the page sits elsewhere: the footnote note must
/// quote the footnote (or its include line), the example checks the line that sends
/// the key or the parameter row.
fn misplaced(d: &b24_codegen::diag::Diagnostic) -> Option<&'static str> {
    let named = d.message.split('`').nth(1).unwrap_or("");
    let line = d.source_line.as_str();
    match d.code {
        "B24N015" if !(line.contains("{% include") || line.contains("Обязательные")) => {
            Some("expected the footnote's include line")
        }
        "B24N014" | "B24N020" if !line.contains('*') && !line.contains(named) => {
            Some("expected a parameter row")
        }
        "B24W019" if !line.contains(named) && !line.starts_with('#') => {
            Some("expected the example line sending the key, or the examples heading")
        }
        "B24N021" | "B24N013" if d.line == 0 => Some("expected a line"),
        _ => None,
    }
}
