//! Paths of pages and fragments: lexical normalisation and display paths.

use std::path::{Component, Path, PathBuf};

use crate::source::{FileId, SourceMap};

/// The folder display paths are relative to: the file's path minus its display path.
pub(crate) fn root_of(map: &SourceMap, file: FileId) -> Option<PathBuf> {
    let f = map.get(file);
    let depth = f.display.split('/').filter(|s| !s.is_empty()).count();
    let mut root = f.path.clone();
    for _ in 0..depth {
        if !root.pop() {
            return None;
        }
    }
    Some(normalize(&root))
}

/// Removes `.` and `..` components without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    // Page paths (and the root) are usually normal already: copy them as they are.
    if is_normal(path) {
        return path.to_path_buf();
    }
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// Whether `normalize` would give `path` back unchanged: `/`-separated, with no `.`,
/// `..` or empty part (`a//b`, a trailing `/`).
fn is_normal(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    if std::path::MAIN_SEPARATOR != '/' || bytes.is_empty() {
        return false;
    }
    // The empty part before a leading `/` is the root.
    let rest = bytes.strip_prefix(b"/").unwrap_or(bytes);
    rest.split(|b| *b == b'/')
        .all(|part| !matches!(part, b"" | b"." | b".."))
}

/// A relative path written with `/` separators.
pub(crate) fn slash_path(path: &Path) -> String {
    let mut out = String::with_capacity(path.as_os_str().len());
    if path.has_root() {
        out.push('/');
    }
    let mut first = true;
    for c in path.components() {
        let part = match c {
            Component::Normal(s) => s.to_string_lossy(),
            Component::ParentDir => "..".into(),
            _ => continue,
        };
        if !first {
            out.push('/');
        }
        first = false;
        out.push_str(&part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(
            normalize(Path::new("a/b/./../../_includes/x.md")),
            PathBuf::from("_includes/x.md")
        );
        assert_eq!(
            normalize(Path::new("a/../../x.md")),
            PathBuf::from("../x.md")
        );
        for p in [
            "/a/b.md", "a/b", "/", "a//b", "a/b/", "./a", "/a/.", "a/..", ".", "",
        ] {
            let by_parts: PathBuf = Path::new(p).components().collect();
            if is_normal(Path::new(p)) {
                assert_eq!(by_parts.as_os_str(), p, "{p}");
            }
        }
        assert!(is_normal(Path::new("/a/b.md")) && !is_normal(Path::new("a//b")));
    }
}
