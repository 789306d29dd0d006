//! Links inside the inputs: a link back to a folder already read is reported once, at the
//! link, and not followed; a link to a folder outside the inputs is read like a folder.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use b24_codegen::pipeline::{self, Inputs, Layout, PageOutcome};
use b24_codegen::walk;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-links-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn page(dir: &Path, method: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join(format!("{method}.md")),
        format!("# Do a thing {method}\n\n## Parameters\n\n| Name | Type | Description |\n|---|---|---|\n| id | integer | Identifier |\n"),
    )
    .unwrap();
}

fn methods(inputs: &Inputs) -> (Vec<String>, Vec<(String, String)>) {
    let combined = pipeline::read_inputs(inputs).expect("readable");
    let names = combined
        .reading
        .pages
        .iter()
        .filter_map(|p| match &p.outcome {
            PageOutcome::Method { name } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let links = combined
        .reading
        .diagnostics
        .iter()
        .filter(|d| d.code == "B24W031")
        .map(|d| (d.file.clone(), d.message.clone()))
        .collect();
    (names, links)
}

#[test]
fn a_link_to_its_own_folder_is_reported_once_and_not_followed() {
    let root = scratch("self");
    let specs = root.join("specs");
    page(&specs, "zoo.cage.open");
    page(&specs.join("inner"), "zoo.cage.close");
    symlink(&specs, specs.join("again")).unwrap();
    symlink(&specs, specs.join("inner").join("loop")).unwrap();
    symlink(&root, specs.join("up")).unwrap();
    let (names, links) = methods(&Inputs {
        docs: None,
        specs: specs.clone(),
    });
    assert_eq!(names, ["zoo.cage.close", "zoo.cage.open"]);
    let files: Vec<&str> = links.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(files, ["specs/again", "specs/inner/loop", "specs/up"]);
    assert!(links[0].1.contains("not followed"), "{}", links[0].1);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_second_link_to_a_folder_outside_is_reported_and_the_first_is_read() {
    let root = scratch("outside");
    let specs = root.join("specs");
    let shared = root.join("shared");
    page(&specs, "zoo.cage.open");
    page(&shared, "zoo.keeper.get");
    symlink(&shared, specs.join("a")).unwrap();
    symlink(&shared, specs.join("b")).unwrap();
    // A loop outside the inputs ends too.
    symlink(&shared, shared.join("self")).unwrap();
    let listing = walk::list(&specs, Layout::Specs).unwrap();
    let files: Vec<PathBuf> = listing
        .files
        .iter()
        .map(|f| f.strip_prefix(&specs).unwrap().to_path_buf())
        .collect();
    assert_eq!(
        files,
        [
            PathBuf::from("a/zoo.keeper.get.md"),
            PathBuf::from("zoo.cage.open.md")
        ]
    );
    let unfollowed: Vec<PathBuf> = listing
        .unfollowed
        .iter()
        .map(|u| u.link.strip_prefix(&specs).unwrap().to_path_buf())
        .collect();
    assert_eq!(unfollowed, [PathBuf::from("b"), PathBuf::from("a/self")]);
    fs::remove_dir_all(&root).unwrap();
}
