//! Writing output: compare it with what is on disk, or swap it in atomically.
//!
//! The generator owns either the whole output folder ([`plan_whole`], [`apply_whole`]:
//! anything it did not write is removed) or some entries of it ([`plan`], [`apply`]: the
//! rest is never touched). An owned entry is replaced whole: the new version is written
//! completely into a staging folder next to it, then renamed into place, so a failed or
//! interrupted run leaves the old version intact, and files whose spec was removed
//! disappear with the old version. Nothing is written when nothing changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::OutputFile;

/// How the output differs from the folder on disk.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan<'a> {
    /// Files whose contents differ or that are missing: path, old contents (if any), new.
    pub changed: Vec<Change<'a>>,
    /// Owned files on disk that the output no longer has.
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    pub path: &'a str,
    pub old: Option<String>,
    /// Borrowed from the output: a full run's output is tens of megabytes.
    pub new: &'a str,
}

impl Plan<'_> {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }

    /// A unified diff of every change, as `--check` prints it.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for c in &self.changed {
            let old = c.old.as_deref().unwrap_or("");
            let (a, b) = match c.old {
                Some(_) => (format!("a/{}", c.path), format!("b/{}", c.path)),
                None => ("/dev/null".to_string(), format!("b/{}", c.path)),
            };
            let diff = similar::TextDiff::from_lines(old, c.new);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&a, &b)
                    .to_string(),
            );
        }
        for path in &self.removed {
            out.push_str(&format!("--- a/{path}\n+++ /dev/null\n(file removed)\n"));
        }
        out
    }
}

/// Names of this module's own transient folders inside the output folder.
const STAGING: &str = ".staging-";
const BACKUP: &str = ".old-";

/// Every top-level entry of `out_dir` and of `files`: what a generator that owns the whole
/// folder replaces.
pub fn top_level_entries(out_dir: &Path, files: &[OutputFile]) -> io::Result<Vec<String>> {
    let mut entries: BTreeSet<String> = files
        .iter()
        .map(|f| f.path.split('/').next().unwrap_or_default().to_string())
        .collect();
    if out_dir.is_dir() {
        for item in fs::read_dir(out_dir)? {
            let name = item?.file_name().to_string_lossy().into_owned();
            if !name.starts_with(STAGING) && !name.starts_with(BACKUP) {
                entries.insert(name);
            }
        }
    }
    Ok(entries.into_iter().collect())
}

/// Like [`plan`], for a generator that owns all of `out_dir`.
pub fn plan_whole<'a>(out_dir: &Path, files: &'a [OutputFile]) -> io::Result<Plan<'a>> {
    let owned = top_level_entries(out_dir, files)?;
    plan(
        out_dir,
        files,
        &owned.iter().map(String::as_str).collect::<Vec<_>>(),
    )
}

/// Like [`apply`], for a generator that owns all of `out_dir`: files it did not write
/// are removed.
pub fn apply_whole(out_dir: &Path, files: &[OutputFile]) -> io::Result<Written> {
    let owned = top_level_entries(out_dir, files)?;
    apply(
        out_dir,
        files,
        &owned.iter().map(String::as_str).collect::<Vec<_>>(),
    )
}

/// Compares `files` with the owned entries of `out_dir`.
pub fn plan<'a>(out_dir: &Path, files: &'a [OutputFile], owned: &[&str]) -> io::Result<Plan<'a>> {
    let mut plan = Plan::default();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for f in files {
        let old = read_if_exists(&out_dir.join(&f.path))?;
        if old.as_deref() != Some(f.contents.as_str()) {
            plan.changed.push(Change {
                path: &f.path,
                old,
                new: &f.contents,
            });
        }
    }
    for path in existing_owned_files(out_dir, owned)? {
        if !wanted.contains(path.as_str()) {
            plan.removed.push(path);
        }
    }
    Ok(plan)
}

/// Counts of what [`apply`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub files_changed: usize,
    pub files_removed: usize,
    /// Owned entries (files or folders) swapped in.
    pub entries_swapped: usize,
}

/// Brings the owned entries of `out_dir` in line with `files`. Each owned entry with a
/// change is rebuilt whole in a staging folder and renamed into place; on any error the
/// entries already swapped are put back.
pub fn apply(out_dir: &Path, files: &[OutputFile], owned: &[&str]) -> io::Result<Written> {
    let plan = plan(out_dir, files, owned)?;
    if plan.is_empty() {
        return Ok(Written::default());
    }
    let dirty = dirty_entries(&plan, owned);
    let staging = out_dir.join(format!("{STAGING}{}", std::process::id()));
    let backup = out_dir.join(format!("{BACKUP}{}", std::process::id()));
    let result =
        stage(&staging, files, &dirty).and_then(|()| swap(out_dir, &staging, &backup, &dirty));
    let _ = fs::remove_dir_all(&staging);
    let _ = fs::remove_dir_all(&backup);
    result?;
    Ok(Written {
        files_changed: plan.changed.len(),
        files_removed: plan.removed.len(),
        entries_swapped: dirty.len(),
    })
}

/// The owned entry a relative path belongs to.
fn entry_of<'a>(path: &str, owned: &[&'a str]) -> Option<&'a str> {
    owned
        .iter()
        .copied()
        .find(|e| path == *e || path.starts_with(&format!("{e}/")))
}

fn dirty_entries<'a>(plan: &Plan, owned: &[&'a str]) -> Vec<&'a str> {
    let paths = plan
        .changed
        .iter()
        .map(|c| c.path)
        .chain(plan.removed.iter().map(String::as_str));
    let set: BTreeSet<&'a str> = paths.filter_map(|p| entry_of(p, owned)).collect();
    set.into_iter().collect()
}

/// Writes the complete new version of each dirty entry under `staging`: the folders
/// first, then the files on all cores (tens of megabytes for the full docs).
fn stage(staging: &Path, files: &[OutputFile], dirty: &[&str]) -> io::Result<()> {
    let _ = fs::remove_dir_all(staging);
    fs::create_dir_all(staging)?;
    let files: Vec<&OutputFile> = files
        .iter()
        .filter(|f| entry_of(&f.path, dirty).is_some())
        .collect();
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| staging.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    for folder in folders {
        fs::create_dir_all(folder)?;
    }
    crate::par::map(&files, 0, |f| fs::write(staging.join(&f.path), &f.contents))
        .into_iter()
        .collect()
}

/// Moves each old entry aside and the staged one into place; undoes it all on error.
fn swap(out_dir: &Path, staging: &Path, backup: &Path, dirty: &[&str]) -> io::Result<()> {
    fs::create_dir_all(backup)?;
    let mut done: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    for entry in dirty {
        let live = out_dir.join(entry);
        let new = staging.join(entry);
        let old = backup.join(entry);
        if let Err(e) = swap_one(&live, &new, &old) {
            for (live, _, old) in done.iter().rev() {
                let _ = remove_any(live);
                if old.exists() {
                    let _ = fs::rename(old, live);
                }
            }
            return Err(e);
        }
        done.push((live, new, old));
    }
    Ok(())
}

fn swap_one(live: &Path, new: &Path, old: &Path) -> io::Result<()> {
    if let Some(parent) = old.parent() {
        fs::create_dir_all(parent)?;
    }
    if live.exists() {
        fs::rename(live, old)?;
    }
    if new.exists() {
        if let Some(parent) = live.parent() {
            fs::create_dir_all(parent)?;
        }
        if let Err(e) = fs::rename(new, live) {
            if old.exists() {
                let _ = fs::rename(old, live);
            }
            return Err(e);
        }
    }
    Ok(())
}

fn remove_any(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        fs::remove_dir_all(path)
    } else if path.exists() {
        fs::remove_file(path)
    } else {
        Ok(())
    }
}

fn read_if_exists(path: &Path) -> io::Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        // A missing file, or a file standing where a folder should be.
        Err(_) if !path.exists() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every file under the owned entries, as `/`-separated relative paths, sorted.
fn existing_owned_files(out_dir: &Path, owned: &[&str]) -> io::Result<Vec<String>> {
    let mut found = BTreeMap::new();
    for entry in owned {
        collect(&out_dir.join(entry), entry, &mut found)?;
    }
    Ok(found.into_keys().collect())
}

fn collect(path: &Path, rel: &str, out: &mut BTreeMap<String, ()>) -> io::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let meta = fs::metadata(path)?;
    if meta.is_file() {
        out.insert(rel.to_string(), ());
        return Ok(());
    }
    for item in fs::read_dir(path)? {
        let item = item?;
        let name = item.file_name().to_string_lossy().into_owned();
        collect(&item.path(), &format!("{rel}/{name}"), out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("b24-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    const OWNED: &[&str] = &["Cargo.toml", "src/api", "docs"];

    #[test]
    fn apply_writes_then_a_second_run_changes_nothing() {
        let dir = scratch("idempotent");
        let files = vec![file("Cargo.toml", "a"), file("src/api/im.rs", "b")];
        let first = apply(&dir, &files, OWNED).unwrap();
        assert_eq!(first.files_changed, 2);
        let second = apply(&dir, &files, OWNED).unwrap();
        assert_eq!(second, Written::default());
        assert!(plan(&dir, &files, OWNED).unwrap().is_empty());
    }

    #[test]
    fn files_of_removed_specs_disappear_and_hand_written_files_stay() {
        let dir = scratch("remove");
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/lib.rs"), "hand").unwrap();
        apply(
            &dir,
            &[file("src/api/a.rs", "1"), file("src/api/b.rs", "2")],
            OWNED,
        )
        .unwrap();
        let w = apply(&dir, &[file("src/api/a.rs", "1")], OWNED).unwrap();
        assert_eq!(w.files_removed, 1);
        assert!(!dir.join("src/api/b.rs").exists());
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "hand");
        assert!(fs::read_dir(&dir).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with('.')));
    }

    #[test]
    fn a_whole_folder_loses_what_the_generator_did_not_write() {
        let dir = scratch("whole");
        fs::create_dir_all(dir.join("src/client")).unwrap();
        fs::write(dir.join("src/client/old.rs"), "hand").unwrap();
        fs::write(dir.join("NOTES.md"), "stray").unwrap();
        let files = [file("Cargo.toml", "a"), file("src/lib.rs", "b")];
        let p = plan_whole(&dir, &files).unwrap();
        assert_eq!(p.removed, ["NOTES.md", "src/client/old.rs"]);
        apply_whole(&dir, &files).unwrap();
        assert!(!dir.join("NOTES.md").exists() && !dir.join("src/client").exists());
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "b");
        assert!(plan_whole(&dir, &files).unwrap().is_empty());
    }

    #[test]
    fn check_diff_names_the_stale_file_and_the_changed_line() {
        let dir = scratch("diff");
        apply(&dir, &[file("docs/README.md", "one\ntwo\n")], OWNED).unwrap();
        let files = [file("docs/README.md", "one\nthree\n")];
        let p = plan(&dir, &files, OWNED).unwrap();
        let diff = p.diff();
        assert!(diff.contains("a/docs/README.md"), "{diff}");
        assert!(diff.contains("-two") && diff.contains("+three"), "{diff}");
    }

    #[test]
    fn a_failed_swap_leaves_the_old_output() {
        let dir = scratch("fail");
        apply(&dir, &[file("src/api/a.rs", "old")], OWNED).unwrap();
        // `src/api` is swapped first, then `zz/x` cannot be created because a file
        // stands where its folder should be: the first swap must be undone.
        fs::write(dir.join("zz"), "not a folder").unwrap();
        let result = apply(
            &dir,
            &[file("src/api/a.rs", "new"), file("zz/x/y.md", "z")],
            &["src/api", "zz/x"],
        );
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(dir.join("src/api/a.rs")).unwrap(), "old");
    }
}
