//! A scratch copy of the bindings crate: the hand-written runtime of `generated/` plus
//! freshly emitted files, built outside the workspace so nothing there changes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use b24_codegen::emit::{self, OutputFile};
use b24_codegen::write;

use crate::paths;

/// A folder under the system temp dir, named for its purpose.
pub fn dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("b24-{name}"))
}

/// Writes the runtime and `files` into `dir`; returns what was written.
pub fn populate(dir: &Path, files: &[OutputFile]) -> io::Result<write::Written> {
    fs::create_dir_all(dir)?;
    let files: Vec<OutputFile> = files.iter().map(rebase_manifest).collect();
    copy_runtime(&paths::generated(None), dir)?;
    let lock = paths::workspace().join("Cargo.lock");
    if lock.exists() {
        copy_if_changed(&lock, &dir.join("Cargo.lock"))?;
    }
    write::apply(dir, &files, emit::OWNED)
}

/// The manifest names path dependencies relative to `generated/`; the scratch copy lives
/// elsewhere, so those paths are made absolute.
fn rebase_manifest(file: &OutputFile) -> OutputFile {
    let mut file = file.clone();
    if file.path == "Cargo.toml" {
        let base = paths::generated(None);
        let marker = "path = \"";
        let mut out = String::with_capacity(file.contents.len());
        let mut rest = file.contents.as_str();
        while let Some(i) = rest.find(marker) {
            let (head, tail) = rest.split_at(i + marker.len());
            out.push_str(head);
            if !tail.starts_with('/') {
                out.push_str(&base.to_string_lossy());
                out.push('/');
            }
            rest = tail;
        }
        out.push_str(rest);
        file.contents = out;
    }
    file
}

/// Copies the hand-written part of the crate: everything under `src/` except the
/// generated `src/api/`.
fn copy_runtime(from: &Path, to: &Path) -> io::Result<()> {
    copy_tree(&from.join("src"), &to.join("src"), &from.join("src/api"))
}

fn copy_tree(from: &Path, to: &Path, skip: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        if path == skip {
            continue;
        }
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target, skip)?;
        } else {
            copy_if_changed(&path, &target)?;
        }
    }
    Ok(())
}

/// Copies unless the target already has the same bytes, so cargo's fingerprints stay.
fn copy_if_changed(from: &Path, to: &Path) -> io::Result<()> {
    let bytes = fs::read(from)?;
    if fs::read(to).ok().as_deref() != Some(bytes.as_slice()) {
        fs::write(to, bytes)?;
    }
    Ok(())
}

/// Result of `cargo check` on a scratch crate.
pub struct Check {
    pub ok: bool,
    pub time: Duration,
    /// The compiler's complaints, when it failed.
    pub output: String,
}

/// Runs `cargo check` with `features` (`None` = all features) in `dir`, sharing a target
/// folder with earlier runs so dependencies are built once.
pub fn cargo_check(dir: &Path, features: Option<&str>) -> io::Result<Check> {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.arg("check")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", paths::target().join("b24-scratch"));
    match features {
        None => {
            cmd.arg("--all-features");
        }
        Some(f) => {
            cmd.args(["--no-default-features", "--features", f]);
        }
    }
    let started = Instant::now();
    let out = cmd.output()?;
    Ok(Check {
        ok: out.status.success(),
        time: started.elapsed(),
        output: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}
