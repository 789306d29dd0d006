//! One version of the API read from a folder, whatever the folder is: a checkout of the
//! official docs or a folder of method pages. `cargo xtask diff` compares two of them.

use std::path::{Path, PathBuf};

use crate::pipeline::{self, discover, Combined, Inputs, Layout};

/// What a folder holds.
pub fn layout_of(dir: &Path) -> Result<Layout, String> {
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    if dir.join("api-reference").is_dir() {
        return Ok(Layout::Docs);
    }
    match discover(dir, Layout::Specs) {
        Ok(files) if !files.is_empty() => Ok(Layout::Specs),
        _ => Err(format!(
            "{} is neither a checkout of the official docs (it has no api-reference/ folder) nor a folder of method pages (it has no .md or .txt page)",
            dir.display()
        )),
    }
}

/// Reads the API in `dir`. A docs checkout gets `specs` layered over it, as `codegen`
/// would; a folder of pages is read alone.
pub fn read(dir: &Path, specs: &Path) -> Result<Combined, String> {
    let inputs = match layout_of(dir)? {
        Layout::Docs => Inputs {
            docs: Some(dir.to_path_buf()),
            specs: specs.to_path_buf(),
        },
        Layout::Specs => Inputs {
            docs: None,
            specs: PathBuf::from(dir),
        },
    };
    pipeline::read_inputs(&inputs).map_err(|e| format!("cannot read {}: {e}", dir.display()))
}
