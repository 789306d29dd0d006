//! `cargo test` fails when `generated/` is stale, like `cargo xtask codegen --check`: the
//! crate is regenerated from the official docs and `specs/` and compared with the files.

mod support;

use std::path::Path;

use b24_codegen::emit::EmitOptions;
use b24_codegen::pipeline::Inputs;
use b24_codegen::{project, write};

#[test]
fn generated_crate_matches_the_docs_and_the_specs() {
    let Some(docs) = support::corpus_root() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = root.join("generated");
    let inputs = Inputs {
        docs: Some(docs),
        specs: root.join("specs"),
    };
    let generation = project::generate(&inputs, &out, None, EmitOptions::default())
        .expect("the inputs are readable");
    assert_eq!(
        generation.combined.specs_errors, 0,
        "specs/ has errors: run `cargo xtask codegen` to see them"
    );
    if let Some((old, new)) = generation.revision_change() {
        panic!("generated/ was made from docs revision {old}; the checkout is at {new}: run `cargo xtask codegen` and commit the result");
    }
    let plan = write::plan_whole(&out, &generation.files).expect("generated/ is readable");
    assert!(
        plan.is_empty(),
        "generated/ is stale: run `cargo xtask codegen` and commit the result\n{}",
        plan.diff()
    );
}
