//! Where things are: the workspace, its folders, the official docs checkout.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of `xtask/`).
pub fn workspace() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

pub fn specs(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(|| workspace().join("specs"))
}

pub fn generated(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(|| workspace().join("generated"))
}

/// The docs checkout: the argument, else `$B24_DOCS`, else `../shared/corpus/b24-rest-docs`
/// beside the workspace.
pub fn docs(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| std::env::var_os("B24_DOCS").map(PathBuf::from))
        .unwrap_or_else(|| workspace().join("../shared/corpus/b24-rest-docs"))
}

/// The runtime crate.
pub fn runtime() -> PathBuf {
    workspace().join("runtime")
}

/// How the manifest of a crate written to `out` names the runtime: `../runtime` from the
/// workspace's own `generated/`, an absolute path from anywhere else.
pub fn runtime_path_from(out: &Path) -> String {
    let beside = out
        .canonicalize()
        .ok()
        .and_then(|o| Some(o.parent()? == workspace().canonicalize().ok()?));
    if beside == Some(true) {
        "../runtime".to_string()
    } else {
        runtime()
            .canonicalize()
            .unwrap_or_else(|_| runtime())
            .to_string_lossy()
            .into_owned()
    }
}

/// Cargo's target folder for this workspace (honours `CARGO_TARGET_DIR`).
pub fn target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// What display paths of a folder of pages are relative to: its parent, so that
/// diagnostics read `specs/im.chat.add.md`.
pub fn display_root(dir: &Path) -> PathBuf {
    dir.parent()
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf)
}
