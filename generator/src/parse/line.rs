//! A line of the expanded page: its text plus where it came from.

use std::ops::Range;
use std::rc::Rc;

use crate::source::{FileId, Pos};

/// One line after include expansion. The text may differ from the source line by a
/// prefix (an indented include indents what it brings in) or by a removed indentation
/// (tab bodies are dedented); `shift` keeps columns pointing at the source.
///
/// The text is a range of a shared buffer (usually the whole file), so copying and
/// dedenting lines allocates nothing. The length of the indentation is measured once:
/// every pass over the page asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    buf: Rc<str>,
    start: usize,
    end: usize,
    /// Bytes of leading spaces and tabs.
    lead: usize,
    pub file: FileId,
    /// 1-based line in `file`.
    pub line: u32,
    /// Source column of the character at index `i` of the text is `i + 1 + shift`.
    pub shift: i64,
}

impl Line {
    /// The line `start..end` of `buf`.
    pub fn new(buf: Rc<str>, range: Range<usize>, file: FileId, line: u32, shift: i64) -> Line {
        let lead = buf
            .get(range.clone())
            .map_or(0, |t| blank_prefix(t.as_bytes()));
        Line {
            buf,
            start: range.start,
            end: range.end,
            lead,
            file,
            line,
            shift,
        }
    }

    pub fn text(&self) -> &str {
        self.buf.get(self.start..self.end).unwrap_or("")
    }

    /// The text after its leading spaces and tabs.
    pub fn rest(&self) -> &str {
        self.buf.get(self.start + self.lead..self.end).unwrap_or("")
    }

    /// Position of the character at char index `idx` of the text.
    pub fn pos_at(&self, idx: usize) -> Pos {
        let col = (idx as i64).saturating_add(1).saturating_add(self.shift);
        Pos::new(self.file, self.line, col.clamp(1, u32::MAX as i64) as u32)
    }

    /// Position of the first non-blank character (or of the line start).
    pub fn pos(&self) -> Pos {
        // Spaces and tabs are one byte each: bytes and characters agree.
        self.pos_at(self.lead)
    }

    /// Characters (and bytes) of leading spaces and tabs.
    pub fn lead(&self) -> usize {
        self.lead
    }

    /// The text without leading and trailing spaces and tabs (what Markdown counts
    /// as indentation; other Unicode spaces are text).
    pub fn trimmed(&self) -> &str {
        let rest = self.rest();
        let end = rest
            .as_bytes()
            .iter()
            .rposition(|b| !is_space(*b))
            .map_or(0, |e| e + 1);
        // Spaces and tabs are single bytes, so the end is a char boundary.
        rest.get(..end).unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.start + self.lead >= self.end
    }

    /// Indentation width (a tab counts as four columns).
    pub fn indent(&self) -> usize {
        let lead = self.text().as_bytes().get(..self.lead).unwrap_or(&[]);
        lead.iter().map(|b| if *b == b'\t' { 4 } else { 1 }).sum()
    }

    /// A copy with up to `width` columns of leading whitespace removed.
    pub fn dedented(&self, width: usize) -> Line {
        let (chars, bytes) = strip_indent(self.text(), width);
        Line {
            start: self.start + bytes,
            lead: self.lead.saturating_sub(bytes),
            shift: self.shift.saturating_add(chars as i64),
            ..self.clone()
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// Length of the run of spaces and tabs that starts `bytes`.
pub(crate) fn blank_prefix(bytes: &[u8]) -> usize {
    // Code is indented by long runs of spaces: skip them eight at a time first.
    let mut whole = 0;
    while bytes.get(whole..whole + 8) == Some(b"        ") {
        whole += 8;
    }
    let rest = bytes.get(whole..).unwrap_or(&[]);
    whole + rest.iter().take_while(|b| is_space(**b)).count()
}

/// Leading whitespace of `s`: (characters, width with tabs as four columns).
pub(crate) fn leading_ws(s: &str) -> (usize, usize) {
    let mut chars = 0;
    let mut width = 0;
    for c in s.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4,
            _ => break,
        }
        chars += 1;
    }
    (chars, width)
}

/// How much of `s` to drop to remove up to `width` columns of indentation:
/// (characters, bytes). Leading whitespace is ASCII, so both are equal.
pub(crate) fn strip_indent(s: &str, width: usize) -> (usize, usize) {
    let mut taken = 0;
    let mut count = 0;
    for c in s.chars() {
        let w = match c {
            ' ' => 1,
            '\t' => 4,
            _ => break,
        };
        if taken + w > width {
            break;
        }
        taken += w;
        count += 1;
    }
    (count, count)
}

/// Joins lines with `\n`.
pub(crate) fn join(lines: &[Line]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.text().len() + 1).sum());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(l.text());
    }
    out
}
