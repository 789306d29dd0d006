//! Readers: one descriptor file (plus what it includes) into a [`Page`].
//!
//! The form is detected per file: YAML front matter, Yandex-flavoured Markdown, or the
//! legacy plain-text export.

use std::path::Path;

use crate::diag::Diags;
use crate::page::Page;
use crate::source::{FileId, SourceMap};

/// Reads the file at `path` into the source map and parses it. `root` is the folder
/// that display paths are relative to. Returns `None` only when the file cannot be
/// read at all; that is reported in `diags`.
pub fn parse_file(
    path: &Path,
    root: &Path,
    map: &mut SourceMap,
    diags: &mut Diags,
) -> Option<Page> {
    let _ = (path, root, map, diags);
    None
}

/// Parses a file already in the source map (includes are loaded into the map as found).
pub fn parse_source(file: FileId, map: &mut SourceMap, diags: &mut Diags) -> Page {
    let _ = (file, map, diags);
    unimplemented!()
}
