//! Emitting an API the size of the real one: fast, parseable, and quick to compile.

use crate::emit_fixtures;

use b24_codegen::emit::emit;
use emit_fixtures::*;
use std::time::Instant;

const METHODS: usize = 1660;
const NAMESPACES: usize = 60;

#[test]
fn large_api_emits_parseable_files() {
    // A quarter of the real size keeps plain `cargo test` quick; the ignored test below
    // emits the full size.
    const METHODS: usize = 415;
    const NAMESPACES: usize = 15;
    let api = synthetic_api(METHODS, NAMESPACES);
    let started = Instant::now();
    let files = emit(&api, &crate_options()).expect("the templates render");
    eprintln!(
        "emitted {} files for {METHODS} methods in {:.2} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    // Cargo.toml, README.md, lib.rs, mod.rs, types.rs, events.rs, docs/README.md,
    // docs/all-events.md, and a module and a page per namespace.
    assert_eq!(files.len(), 8 + 2 * NAMESPACES);
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        assert!(
            syn::parse_file(&file.contents).is_ok(),
            "{} does not parse",
            file.path
        );
    }
}

#[test]
#[ignore = "builds a crate of 1,660 methods: slow"]
fn full_size_crate_checks_quickly() {
    let files =
        emit(&synthetic_api(METHODS, NAMESPACES), &crate_options()).expect("the templates render");
    let lines: usize = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    let dir = write_crate("scale", &files, &[]);
    // Dependencies and the runtime first, so the timing below is the generated code alone.
    let (ok, output, _) = cargo(&dir, &["check", "--offline", "--no-default-features"], &[]);
    assert!(ok, "{output}");
    let (ok, output, time) = cargo(
        &dir,
        &["check", "--offline", "--all-features"],
        &[("RUSTFLAGS", "-D warnings")],
    );
    assert!(ok, "{output}");
    eprintln!(
        "cargo check --all-features: {:.1} s for {METHODS} methods in {NAMESPACES} namespaces ({lines} lines of Rust)",
        time.as_secs_f64()
    );
    let (ok, output, time) = cargo(
        &dir,
        &[
            "check",
            "--offline",
            "--no-default-features",
            "--features",
            "ns7",
        ],
        &[("RUSTFLAGS", "-D warnings")],
    );
    assert!(ok, "{output}");
    eprintln!("cargo check --features ns7: {:.1} s", time.as_secs_f64());
    if std::env::var_os("B24_KEEP_CRATE").is_none() {
        let _ = std::fs::remove_dir_all(dir);
    }
}
