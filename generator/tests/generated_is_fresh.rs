//! `cargo test` fails when `generated/` is stale, like `cargo xtask codegen --check`.

use std::path::Path;

use b24_codegen::emit::{self, EmitOptions};
use b24_codegen::pipeline::{self, Layout};
use b24_codegen::write;

#[test]
fn generated_crate_matches_the_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs = root.join("specs");
    let files = pipeline::discover(&specs, Layout::Specs).expect("specs/ is listable");
    let reading = pipeline::read(&root, &files, 0);
    let errors: Vec<_> = reading
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "specs/ has errors: {errors:#?}");
    let output = emit::emit(&reading.api, &EmitOptions::default());
    let plan =
        write::plan(&root.join("generated"), &output, emit::OWNED).expect("generated/ is readable");
    assert!(
        plan.is_empty(),
        "generated/ is stale: run `cargo xtask codegen` and commit the result\n{}",
        plan.diff()
    );
}
