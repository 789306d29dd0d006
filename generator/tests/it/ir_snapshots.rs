//! Snapshots of the IR of every seed page in `specs/`, read through the real pipeline.
//! A change to the readers or the extractor shows here as a reviewable diff.

use std::path::Path;

use b24_codegen::pipeline::{self, Layout};

#[test]
fn ir_of_every_seed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = pipeline::discover(&root.join("specs"), Layout::Specs).unwrap();
    // Corrections fix facts of official pages; they are not pages of their own.
    files.retain(|f| !b24_codegen::correct::is_correction(&std::fs::read_to_string(f).unwrap()));
    let reading = pipeline::read(&root, &files, 1);
    assert_eq!(
        reading.api.methods.len(),
        files.len(),
        "every seed is a method"
    );
    for method in &reading.api.methods {
        insta::assert_json_snapshot!(format!("ir_{}", method.name.replace('.', "_")), method);
    }
    insta::assert_json_snapshot!("ir_shared_types", reading.api.types);
}
