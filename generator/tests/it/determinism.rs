//! The same input gives byte-identical output, whatever the file order and thread count.

use crate::support;

use std::path::{Path, PathBuf};

use b24_codegen::emit::{self, EmitOptions, OutputFile};
use b24_codegen::pipeline::{self, Layout};

fn generate(root: &Path, files: &[PathBuf], threads: usize) -> (Vec<OutputFile>, String) {
    let reading = pipeline::read(root, files, threads);
    let diags = serde_json::to_string(&reading.diagnostics).unwrap();
    (
        emit::emit(&reading.api, &EmitOptions::default()).expect("the templates render"),
        diags,
    )
}

/// A fixed permutation that moves every element (no randomness: the test must be
/// repeatable).
fn shuffled(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = files.to_vec();
    out.reverse();
    let n = out.len();
    for i in (0..n).step_by(3) {
        out.swap(i, (i * 7 + 1) % n.max(1));
    }
    out
}

fn assert_same(root: &Path, files: &[PathBuf]) {
    let (a, da) = generate(root, files, 1);
    let (b, db) = generate(root, &shuffled(files), 2);
    let (c, dc) = generate(root, &shuffled(&shuffled(files)), 3);
    assert!(!a.is_empty(), "nothing was emitted");
    assert_eq!(a.len(), b.len());
    for ((x, y), z) in a.iter().zip(&b).zip(&c) {
        assert_eq!(x.path, y.path);
        assert!(
            x.contents == y.contents && y.contents == z.contents,
            "{} differs between runs",
            x.path
        );
    }
    assert_eq!(da, db, "diagnostics differ");
    assert_eq!(db, dc, "diagnostics differ");
}

#[test]
fn specs_generate_identically_in_any_order_and_thread_count() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = pipeline::discover(&root.join("specs"), Layout::Specs).unwrap();
    assert_same(&root, &files);
}

#[test]
fn corpus_generates_identically_in_any_order_and_thread_count() {
    let Some(docs) = support::corpus_root() else {
        return;
    };
    let files = pipeline::discover(&docs, Layout::Docs).unwrap();
    assert_same(&docs, &files);
}
