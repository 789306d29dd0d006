//! Source files and positions.
//!
//! Every file the generator reads (pages and the fragments they include) is decoded once
//! into a [`SourceMap`]; positions elsewhere are a file id plus 1-based line and column,
//! which is all a diagnostic needs to quote the offending line.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A position: file, 1-based line, 1-based column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(file: FileId, line: u32, col: u32) -> Self {
        Pos { file, line, col }
    }
}

/// One decoded file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path shown to people and written into the IR: relative to the input root, `/`
    /// separated.
    pub display: String,
    /// Text after decoding: UTF-8, no BOM, `\n` line ends.
    pub text: String,
}

/// All files read in one run.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Finds a file already loaded from `path`.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    /// The text of a 1-based line, or `""` when out of range.
    pub fn line(&self, pos: Pos) -> &str {
        self.files
            .get(pos.file.0 as usize)
            .and_then(|f| f.text.lines().nth(pos.line.saturating_sub(1) as usize))
            .unwrap_or("")
    }

    pub fn display(&self, id: FileId) -> &str {
        self.files
            .get(id.0 as usize)
            .map(|f| f.display.as_str())
            .unwrap_or("<unknown>")
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
