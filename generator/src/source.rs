//! Source files and positions.
//!
//! Every file the generator reads (pages and the fragments they include) is decoded once
//! into a [`SourceMap`]; positions elsewhere are a file id plus 1-based line and column,
//! which is all a diagnostic needs to quote the offending line.
//!
//! Fragments included by many pages are read and decoded once per run: each page's
//! map takes them from a [`SharedFiles`] the pages of one run have in common.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// Files larger than this are not read (no documentation page comes close).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

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
    /// Text after decoding: UTF-8, no BOM, `\n` line ends. Counted, so the lines
    /// of a page can share it instead of copying it.
    pub text: Rc<str>,
    /// Bytes before decoding (the size of the file on disk).
    pub size: u64,
}

/// A decoded file with its line starts. The text is an `Rc<str>` for one source map,
/// an `Arc<str>` when the source maps of a run share it.
#[derive(Debug)]
struct Loaded<T> {
    text: T,
    size: u64,
    line_starts: Arc<[usize]>,
    /// The bytes were not valid UTF-8.
    lossy: bool,
}

/// A file the source maps of a run share.
type SharedFile = Loaded<Arc<str>>;

impl<T: for<'a> From<&'a str>> Loaded<T> {
    fn new(bytes: &[u8]) -> Self {
        let (text, lossy) = normalize(bytes);
        Loaded {
            line_starts: line_starts(&text),
            text: T::from(&*text),
            size: bytes.len() as u64,
            lossy,
        }
    }
}

/// Byte offset of every line start of `text`.
fn line_starts(text: &str) -> Arc<[usize]> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

/// Files read and decoded once for all the pages of one run (the fragments pages
/// include), so that a fragment included by a thousand pages is read once. Files that
/// cannot be read are not remembered: each page tries again and reports it.
#[derive(Debug, Default)]
pub struct SharedFiles {
    loaded: Mutex<HashMap<PathBuf, Arc<SharedFile>>>,
}

impl SharedFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every file read through this set so far, sorted.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = match self.loaded.lock() {
            Ok(all) => all.keys().cloned().collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        paths
    }

    fn get(&self, path: &Path) -> Option<Arc<SharedFile>> {
        self.loaded.lock().ok()?.get(path).cloned()
    }

    /// Remembers `loaded` for `path`; when another thread was first, keeps (and
    /// returns) the first, which has the same content.
    fn insert(&self, path: &Path, loaded: Arc<SharedFile>) -> Arc<SharedFile> {
        match self.loaded.lock() {
            Ok(mut all) => all.entry(path.to_path_buf()).or_insert(loaded).clone(),
            Err(_) => loaded,
        }
    }
}

/// All files read in one run.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Path on disk → first file loaded from it, so includes resolve in constant time.
    by_path: HashMap<PathBuf, FileId>,
    /// Byte offset of every line start, per file, so quoting a line is constant time.
    line_starts: Vec<Arc<[usize]>>,
    /// Fragments already read by other pages of the run.
    shared: Option<Arc<SharedFiles>>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// A map that takes fragments from (and adds them to) `shared`.
    pub fn with_shared(shared: Arc<SharedFiles>) -> Self {
        SourceMap {
            shared: Some(shared),
            ..Self::default()
        }
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        let starts = line_starts(&file.text);
        self.push(file, starts)
    }

    fn push(&mut self, file: SourceFile, line_starts: Arc<[usize]>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.by_path.entry(file.path.clone()).or_insert(id);
        self.line_starts.push(line_starts);
        self.files.push(file);
        id
    }

    /// Adds a file other maps share: its text is copied (fragments are small), its
    /// line starts are not.
    fn add_shared(
        &mut self,
        path: PathBuf,
        display: String,
        loaded: &SharedFile,
    ) -> (FileId, bool) {
        let file = SourceFile {
            path,
            display,
            text: Rc::from(&*loaded.text),
            size: loaded.size,
        };
        (self.push(file, loaded.line_starts.clone()), loaded.lossy)
    }

    /// Adds in-memory text (decoded like a file's bytes). Returns the id and whether
    /// the text needed lossy decoding.
    pub fn add_text(&mut self, path: PathBuf, display: String, bytes: &[u8]) -> (FileId, bool) {
        let own = Loaded::<Rc<str>>::new(bytes);
        let file = SourceFile {
            path,
            display,
            text: own.text,
            size: own.size,
        };
        (self.push(file, own.line_starts), own.lossy)
    }

    /// Reads and decodes the file at `path`. Only regular files up to
    /// [`MAX_FILE_BYTES`] are read: an include pointing at a device or a folder must
    /// fail, not hang.
    pub fn load(&mut self, path: &Path, display: String) -> std::io::Result<(FileId, bool)> {
        let bytes = read_file(path)?;
        Ok(self.add_text(path.to_path_buf(), display, &bytes))
    }

    /// Like [`load`](Self::load), for a file other pages are likely to include too:
    /// it is read once per run when the map has [`SharedFiles`].
    pub fn load_shared(&mut self, path: &Path, display: String) -> std::io::Result<(FileId, bool)> {
        let Some(shared) = self.shared.clone() else {
            return self.load(path, display);
        };
        let loaded = match shared.get(path) {
            Some(loaded) => loaded,
            None => shared.insert(path, Arc::new(Loaded::new(&read_file(path)?))),
        };
        Ok(self.add_shared(path.to_path_buf(), display, &loaded))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Finds a file already loaded from `path`.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    /// The text of a 1-based line, or `""` when out of range.
    pub fn line(&self, pos: Pos) -> &str {
        let idx = pos.file.0 as usize;
        let (Some(file), Some(starts)) = (self.files.get(idx), self.line_starts.get(idx)) else {
            return "";
        };
        let n = pos.line.saturating_sub(1) as usize;
        let Some(&start) = starts.get(n) else {
            return "";
        };
        let end = starts.get(n + 1).map_or(file.text.len(), |e| e - 1);
        file.text.get(start..end).unwrap_or("")
    }

    /// Byte ranges of the lines of a file, without their `\n`. A final line break
    /// does not start one more, empty line.
    pub fn line_ranges(&self, id: FileId) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let lines = self.lines(id);
        (0..).map_while(move |k| lines.get(k))
    }

    /// The lines of a file, held apart from the map (so the map can change while
    /// they are walked).
    pub fn lines(&self, id: FileId) -> Lines {
        let idx = id.0 as usize;
        Lines {
            starts: self.line_starts.get(idx).cloned().unwrap_or_default(),
            len: self.files.get(idx).map_or(0, |f| f.text.len()),
        }
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

/// Where the lines of one file are: see [`SourceMap::lines`].
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Arc<[usize]>,
    len: usize,
}

impl Lines {
    /// Byte range of line `k` (0-based), without its `\n`. A final line break does
    /// not start one more, empty line.
    pub fn get(&self, k: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(k)?;
        let end = self.starts.get(k + 1).map_or(self.len, |next| next - 1);
        // Only the last start can be the end of the text.
        (start < self.len).then_some(start..end)
    }
}

/// The bytes of the file at `path`, when it is a regular file of at most
/// [`MAX_FILE_BYTES`].
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    // Checked before opening: opening a FIFO would block.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        let msg = format!("larger than {} MiB", MAX_FILE_BYTES >> 20);
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, msg));
    }
    // Sized from the metadata already at hand (`fs::read` would ask for it again).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Decoded text of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The bytes were not valid UTF-8; invalid sequences became U+FFFD.
    pub lossy: bool,
}

/// Decodes file bytes into the text every later stage sees: UTF-8 without a BOM, `\n`
/// line ends, soft hyphens removed (they hide inside words such as parameter names)
/// and no-break spaces turned into spaces (they break trimming and splitting). Tabs are
/// kept. Never fails: invalid UTF-8 is replaced and flagged.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, lossy) = normalize(bytes);
    Decoded {
        text: text.into_owned(),
        lossy,
    }
}

/// What [`decode`] does, borrowing `bytes` when they need no change (the usual case),
/// so shared text is copied once.
fn normalize(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // `simdutf8` accepts exactly what `std` does, several times faster on Cyrillic.
    let (mut text, lossy) = match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    if contains(&text, "\r") {
        text = Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
    if contains(&text, "\u{AD}") {
        text = Cow::Owned(text.replace('\u{AD}', ""));
    }
    if contains(&text, "\u{A0}") {
        text = Cow::Owned(text.replace('\u{A0}', " "));
    }
    (text, lossy)
}

fn contains(text: &str, needle: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_normalises_text() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc\xC2\xA0d\xC2\xADe\tf");
        assert_eq!(d.text, "a\nb\nc de\tf");
        assert!(!d.lossy);
    }

    #[test]
    fn decode_flags_invalid_utf8() {
        let d = decode(b"ok\xFF\xFEend");
        assert!(d.lossy);
        assert!(d.text.starts_with("ok") && d.text.ends_with("end"));
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn line_starts_follow_every_break() {
        let text: String = (0..300)
            .map(|i| if i % 7 == 0 { '\n' } else { 'x' })
            .collect();
        let expected: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        assert_eq!(&line_starts(&text)[..], &expected[..]);
        assert_eq!(&line_starts("")[..], &[0]);
        assert_eq!(&line_starts("\n")[..], &[0, 1]);
    }

    #[test]
    fn line_quotes_one_line() {
        let mut map = SourceMap::new();
        let (id, _) = map.add_text("x.md".into(), "x.md".into(), b"one\ntwo\n\nfour");
        let line = |n| map.line(Pos::new(id, n, 1)).to_string();
        assert_eq!(
            [line(1), line(2), line(3), line(4), line(5)],
            ["one", "two", "", "four", ""]
        );
        assert_eq!(map.line(Pos::new(FileId(9), 1, 1)), "");
    }

    #[test]
    fn line_ranges_skip_the_final_break() {
        let mut map = SourceMap::new();
        let (a, _) = map.add_text("a".into(), "a".into(), b"one\n\nthree\n");
        let (b, _) = map.add_text("b".into(), "b".into(), b"x");
        let (c, _) = map.add_text("c".into(), "c".into(), b"");
        assert_eq!(map.line_ranges(a).collect::<Vec<_>>(), [0..3, 4..4, 5..10]);
        assert!(map.line_ranges(b).eq(std::iter::once(0..1)));
        assert_eq!(map.line_ranges(c).count(), 0);
    }

    #[test]
    fn load_refuses_folders() {
        let mut map = SourceMap::new();
        assert!(map.load(&std::env::temp_dir(), "tmp".into()).is_err());
        assert!(map.is_empty());
    }

    #[test]
    fn find_uses_first_file_for_a_path() {
        let mut map = SourceMap::new();
        let (a, _) = map.add_text("x.md".into(), "x.md".into(), b"1");
        map.add_text("x.md".into(), "x.md".into(), b"2");
        assert_eq!(map.find(Path::new("x.md")), Some(a));
        assert_eq!(map.find(Path::new("y.md")), None);
    }
}
