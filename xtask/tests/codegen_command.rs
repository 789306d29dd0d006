//! `cargo xtask codegen` end to end: a bad page fails the run without touching the output,
//! and `--check` reports stale files with a diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

/// A copy of specs/ generated alone into a scratch folder.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let specs = dir.join("specs");
    let out = dir.join("out");
    copy_dir(&workspace().join("specs"), &specs);
    let status = xtask(&[
        "codegen",
        "--no-docs",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (specs, out)
}

#[test]
fn a_bad_page_fails_codegen_names_its_line_and_leaves_the_output_alone() {
    let (specs, out) = setup("bad");
    let before = snapshot(&out);
    fs::write(
        specs.join("zz.broken.md"),
        "---\nmethod: im.broken\nscope: [im\n---\n# Сломано im.broken\n",
    )
    .unwrap();
    // Change a good page too: its new output must not be written either.
    let chat = specs.join("im.chat.add.md");
    let text = fs::read_to_string(&chat)
        .unwrap()
        .replace("Описание чата", "Описание чата (новое)");
    fs::write(&chat, text).unwrap();
    let run = xtask(&[
        "codegen",
        "--no-docs",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "codegen should fail:\n{stderr}");
    assert!(
        stderr.contains("zz.broken.md:"),
        "no file:line in\n{stderr}"
    );
    assert!(stderr.contains("B24E005"), "no code in\n{stderr}");
    // The other pages were still read and their own problems reported.
    assert!(
        stderr.contains("tasks.task.chat.message.send.md:"),
        "other pages not reported:\n{stderr}"
    );
    assert!(stderr.contains("left as it was"), "{stderr}");
    assert_eq!(before, snapshot(&out), "the output folder changed");
}

#[test]
fn check_prints_a_diff_for_stale_output_and_passes_when_fresh() {
    let (specs, out) = setup("check");
    let args = [
        "codegen",
        "--check",
        "--diff",
        "--no-docs",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    assert!(xtask(&args).status.success());
    let chat = specs.join("im.chat.add.md");
    let text = fs::read_to_string(&chat)
        .unwrap()
        .replace("Описание чата", "Описание беседы");
    fs::write(&chat, text).unwrap();
    let before = snapshot(&out);
    let run = xtask(&args);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success());
    assert!(stdout.contains("+++ b/"), "no unified diff:\n{stdout}");
    assert!(
        stdout.contains("Описание беседы"),
        "diff lacks the change:\n{stdout}"
    );
    assert_eq!(before, snapshot(&out), "--check wrote files");
}
