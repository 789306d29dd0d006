//! A scratch bindings crate: freshly emitted files in a folder outside the workspace,
//! naming the workspace's runtime crate by its absolute path, so it builds there and
//! nothing in the workspace changes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use b24_codegen::emit::OutputFile;
use b24_codegen::write;

use crate::paths;

/// A folder under the system temp dir, named for its purpose.
pub fn dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("b24-{name}"))
}

/// Writes `files` (emitted with [`paths::runtime_path_from`] `dir`) into `dir`, with the
/// workspace's lock file so dependencies resolve as they do here.
pub fn populate(dir: &Path, files: &[OutputFile]) -> io::Result<write::Written> {
    fs::create_dir_all(dir)?;
    let mut files = files.to_vec();
    let lock = paths::workspace().join("Cargo.lock");
    if let Ok(contents) = fs::read_to_string(lock) {
        files.push(OutputFile {
            path: "Cargo.lock".to_string(),
            contents,
        });
    }
    write::apply_whole(dir, &files)
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
