//! Diagnostics: every problem found in a page, with a stable code.
//!
//! The catalogue of codes (what triggers each, an example, the fix) is
//! `generator/DIAGNOSTICS.md`; a test keeps it in step with [`Code`].

use serde::Serialize;

use crate::source::{Pos, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails anything.
    Note,
    /// The output is usable but something was guessed.
    Warning,
    /// The page (or part of it) could not be turned into a method.
    Error,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $slug:literal, $sev:ident; )*) => {
        /// Stable diagnostic codes. Never renumber: CI annotations and suppressions use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code, e.g. `B24W001`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// A short kebab-case name, e.g. `missing-type`.
            pub fn slug(self) -> &'static str {
                match self { $(Code::$variant => $slug,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }
        }
    };
}

codes! {
    /// A file could not be read at all.
    Io = "B24E001", "io", Error;
    /// A file is not valid UTF-8 (it was decoded lossily).
    NotUtf8 = "B24W002", "not-utf8", Warning;
    /// The page names no method: no method name in the H1, the front matter or the examples.
    NoMethod = "B24E003", "no-method", Error;
    /// Two pages document the same method (and variant).
    DuplicateMethod = "B24E004", "duplicate-method", Error;
    /// Front matter is not valid YAML or not a mapping.
    FrontMatterSyntax = "B24E005", "front-matter-syntax", Error;
    /// Front matter has a key the generator does not know.
    FrontMatterUnknownKey = "B24W006", "front-matter-unknown-key", Warning;
    /// Front matter contradicts the page body.
    FrontMatterConflict = "B24W007", "front-matter-conflict", Warning;
    /// `{% include %}` target does not exist.
    IncludeUnresolved = "B24W008", "include-unresolved", Warning;
    /// `#|` without `|#`, or a `{% … %}` directive without its closing one.
    Unbalanced = "B24W009", "unbalanced", Warning;
    /// A table row has a different number of cells than the header.
    RaggedRow = "B24W010", "ragged-row", Warning;
    /// A parameter row has no type.
    MissingType = "B24W011", "missing-type", Warning;
    /// A type name the generator does not know; the field became `serde_json::Value`.
    UnknownType = "B24W012", "unknown-type", Warning;
    /// A type was missing or `unknown` and was inferred from an example.
    TypeInferred = "B24N013", "type-inferred", Note;
    /// Required marks are used but the required-parameters footnote is not included.
    RequiredWithoutFootnote = "B24N014", "required-without-footnote", Note;
    /// The required-parameters footnote is included but no parameter is marked.
    FootnoteWithoutRequired = "B24N015", "footnote-without-required", Note;
    /// A link to `#anchor` that no heading on the page (or its includes) defines.
    BrokenAnchor = "B24W016", "broken-anchor", Warning;
    /// The same parameter is documented twice in one table.
    DuplicateParam = "B24W017", "duplicate-param", Warning;
    /// A JSON example could not be parsed, even leniently.
    BadJsonExample = "B24W018", "bad-json-example", Warning;
    /// An example call sends a parameter the parameter table does not document.
    UndocumentedParam = "B24W019", "undocumented-param", Warning;
    /// A required parameter is missing from every example call.
    RequiredNotInExample = "B24N020", "required-not-in-example", Note;
    /// The page's response could not be typed.
    UntypedResponse = "B24N021", "untyped-response", Note;
    /// A page was skipped (not a method page).
    Skipped = "B24N022", "skipped", Note;
    /// Two Rust names collided and one was renamed.
    NameCollision = "B24N023", "name-collision", Note;
    /// The generator hit an internal error on this page (a bug); the page was skipped.
    Internal = "B24E024", "internal", Error;
    /// A correction file in `specs/` cannot be read as a correction.
    CorrectionInvalid = "B24E025", "correction-invalid", Error;
    /// A correction names a method, parameter or error code that no longer exists.
    CorrectionStale = "B24W026", "correction-stale", Warning;
    /// A correction changes nothing: the docs already say what it says.
    CorrectionRedundant = "B24W027", "correction-redundant", Warning;
    /// An event page names no event the portal could send.
    EventWithoutName = "B24W028", "event-without-name", Warning;
    /// An event's `data` could not be typed.
    UntypedPayload = "B24N029", "untyped-payload", Note;
    /// A template of the generated crate failed to compile or render; nothing was written.
    TemplateFailed = "B24E030", "template-failed", Error;
    /// A link leads to a folder already read (a loop, or a second way to the same pages);
    /// it was not followed.
    LinkNotFollowed = "B24W031", "link-not-followed", Warning;
}

/// One problem found in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Display path of the file.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    /// What was found and what was expected.
    pub message: String,
    /// The text of the offending line (empty when `line` is 0).
    pub source_line: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Collects diagnostics for one run, resolving positions against the source map.
#[derive(Debug, Default)]
pub struct Diags {
    list: Vec<Diagnostic>,
}

impl Diags {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a diagnostic at `pos`.
    pub fn at(&mut self, map: &SourceMap, code: Code, pos: Pos, message: impl Into<String>) {
        self.list.push(Diagnostic {
            code: code.id(),
            severity: code.severity(),
            file: map.display(pos.file).to_string(),
            line: pos.line,
            column: pos.col.max(1),
            message: message.into(),
            source_line: map.line(pos).to_string(),
        });
    }

    /// Records a diagnostic about a whole file that is not in the source map (it could
    /// not be read).
    pub fn file(&mut self, code: Code, file: impl Into<String>, message: impl Into<String>) {
        self.list.push(Diagnostic {
            code: code.id(),
            severity: code.severity(),
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: String::new(),
        });
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, other: Diags) {
        self.list.extend(other.list);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.list
    }

    /// Sorted by file, line, column, code: the order they are shown in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
        });
        self.list.dedup();
        self.list
    }
}
