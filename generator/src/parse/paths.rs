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
    }
}
