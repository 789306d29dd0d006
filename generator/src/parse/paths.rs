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
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(out.components().next_back(), Some(Component::Normal(_))) || !out.pop()
                {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A relative path written with `/` separators.
pub(crate) fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    let joined = parts.join("/");
    if path.has_root() {
        format!("/{joined}")
    } else {
        joined
    }
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
