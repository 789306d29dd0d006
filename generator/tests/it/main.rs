//! The generator's integration tests, one module per former test file, linked into one
//! binary.

mod emit_fixtures;
mod parse_support;
mod support;

mod api_changes;
mod determinism;
mod diagnostics_catalogue;
mod emit_compile;
mod emit_hostile;
mod emit_props;
mod emit_scale;
mod emit_seeds;
mod entities_across_pages;
mod extract_corpus;
mod extract_detection;
mod extract_events;
mod extract_inference;
mod extract_pages;
mod extract_robustness;
mod extract_synthetic;
mod facts_only;
mod generated_is_fresh;
mod hostile_specs;
mod ir_snapshots;
mod parse_corpus;
mod parse_fixtures;
mod parse_robustness;
mod parse_seeds;
mod robustness;
mod seed_examples;
mod seeds;
mod symlinks;
