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
    copy_runtime(&paths::generated(None), dir)?;
    let lock = paths::workspace().join("Cargo.lock");
    if lock.exists() {
        copy_if_changed(&lock, &dir.join("Cargo.lock"))?;
    }
    write::apply(dir, files, emit::OWNED)
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

/// Runs `cargo clippy -D warnings` and `cargo doc` (rustdoc `-D warnings`) with all
/// features on the crate in `dir`; returns the first failure's output.
pub fn lint(dir: &Path) -> io::Result<Result<(), String>> {
    let steps: [(&[&str], &str, &str); 2] = [
        (&["clippy", "--quiet", "--all-features"], "RUSTFLAGS", ""),
        (
            &["doc", "--quiet", "--no-deps", "--all-features"],
            "RUSTDOCFLAGS",
            "-D warnings",
        ),
    ];
    for (args, var, value) in steps {
        let mut cmd = cargo();
        cmd.args(args)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"));
        if args[0] == "clippy" {
            cmd.args(["--", "-D", "warnings"]);
        }
        let out = cmd
            .env("CARGO_TARGET_DIR", paths::target().join("b24-scratch"))
            .env(var, value)
            .output()?;
        if !out.status.success() {
            return Ok(Err(String::from_utf8_lossy(&out.stderr).into_owned()));
        }
    }
    Ok(Ok(()))
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cargo check` with `features` (`None` = all features) in `dir`, sharing a target
/// folder with earlier runs so dependencies are built once.
pub fn cargo_check(dir: &Path, features: Option<&str>) -> io::Result<Check> {
    let mut cmd = cargo();
    // Without incremental state, a touched crate is checked from scratch: the figure is
    // the cost of the crate's own code, not of a cache lookup.
    cmd.env("CARGO_INCREMENTAL", "0");
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
