//! Helpers shared by the extractor tests: locating the corpus, parsing + extracting.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use b24_codegen::diag::{Diagnostic, Diags};
use b24_codegen::extract::{extract, Outcome};
use b24_codegen::ir::{Field, Method, Type};
use b24_codegen::parse::parse_file;
use b24_codegen::source::SourceMap;

/// The documentation corpus (env `B24_DOCS`, else `../shared/corpus/b24-rest-docs`
/// next to the workspace), when present.
pub fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("B24_DOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/b24-rest-docs")
        });
    if root.join("api-reference").is_dir() {
        Some(root)
    } else {
        skip(format_args!(
            "official docs not found at {} (set B24_DOCS)",
            root.display()
        ));
        None
    }
}

/// Says that the running test skips its checks, and why: the one way a test that cannot
/// run here tells so. Written to the process's stderr directly, past the test harness's
/// capture, so a passing run shows what it did not check.
pub fn skip(why: impl std::fmt::Display) {
    use std::io::Write as _;
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    // One write, so lines of tests running at once do not interleave.
    let line = format!("skipped: {test}: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// The seed pages of the repository.
pub fn specs_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Parses and extracts one file under `root`.
pub fn run(root: &Path, rel: &str) -> (Outcome, Vec<Diagnostic>) {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let Some(page) = parse_file(&root.join(rel), root, &mut map, &mut diags) else {
        panic!("cannot read {rel}");
    };
    let out = extract(&page, &map, &mut diags);
    (out, diags.into_sorted())
}

/// The method of a page that must be one.
pub fn method(root: &Path, rel: &str) -> Method {
    match run(root, rel).0 {
        Outcome::Method(m) => *m,
        Outcome::Skipped { reason, detail } => {
            panic!("{rel} skipped: {} ({detail})", reason.as_str())
        }
    }
}

pub fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields.iter().find(|f| f.name == name).unwrap_or_else(|| {
        panic!(
            "no field `{name}` among {:?}",
            fields.iter().map(|f| &f.name).collect::<Vec<_>>()
        )
    })
}

/// The fields of an object type, or of an array's object items.
pub fn sub_fields(ty: &Type) -> &[Field] {
    match ty {
        Type::Object { fields } => fields,
        Type::Array { item } => sub_fields(item),
        other => panic!("not an object: {other:?}"),
    }
}

pub fn enum_values(ty: &Type) -> Vec<&str> {
    match ty {
        Type::Enum(e) => e.values.iter().map(|v| v.value.as_str()).collect(),
        other => panic!("not an enum: {other:?}"),
    }
}

pub fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// Parses and extracts in-memory page text shown as `display`.
pub fn run_str(display: &str, text: &str) -> (Outcome, Vec<Diagnostic>) {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let page = b24_codegen::parse::parse_str(display, text, &mut map, &mut diags);
    let out = extract(&page, &map, &mut diags);
    (out, diags.into_sorted())
}

/// The method of in-memory page text, with its diagnostics.
pub fn method_str(text: &str) -> (Method, Vec<Diagnostic>) {
    match run_str("api-reference/test/page.md", text) {
        (Outcome::Method(m), d) => (*m, d),
        (Outcome::Skipped { reason, detail }, _) => {
            panic!("skipped: {} ({detail})", reason.as_str())
        }
    }
}

/// Codes of the diagnostics, in order.
pub fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}
