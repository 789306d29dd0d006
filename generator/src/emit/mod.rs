//! Emitters: the [`ir::Api`] into the files of the generated crate.

use crate::ir;

/// One file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated, relative to the output folder.
    pub path: String,
    pub contents: String,
}

/// Paths (files or folders) in the output folder that belong to the generator. Anything
/// else there (the hand-written runtime, tests) is never touched.
pub const OWNED: &[&str] = &["Cargo.toml", "src/api", "docs"];

#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The command that regenerates the output, named in every do-not-edit line.
    pub command: String,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            command: "cargo xtask codegen".to_string(),
        }
    }
}

/// Emits every file of the generated crate, sorted by path.
pub fn emit(api: &ir::Api, opts: &EmitOptions) -> Vec<OutputFile> {
    let _ = (api, opts);
    Vec::new()
}

mod docs_text;
mod names;
