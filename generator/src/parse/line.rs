//! A line of the expanded page: its text plus where it came from.

use std::ops::Range;
use std::rc::Rc;

use crate::source::{FileId, Pos};

/// One line after include expansion. The text may differ from the source line by a
/// prefix (an indented include indents what it brings in) or by a removed indentation
/// (tab bodies are dedented); `shift` keeps columns pointing at the source.
///
/// The text is a range of a shared buffer (usually the whole file), so copying and
/// dedenting lines allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    buf: Rc<str>,
    start: usize,
    end: usize,
    pub file: FileId,
    /// 1-based line in `file`.
    pub line: u32,
    /// Source column of the character at index `i` of the text is `i + 1 + shift`.
    pub shift: i64,
}

impl Line {
    /// The line `start..end` of `buf`.
    pub fn new(buf: Rc<str>, range: Range<usize>, file: FileId, line: u32, shift: i64) -> Line {
        Line {
            buf,
            start: range.start,
            end: range.end,
            file,
            line,
            shift,
        }
    }

    pub fn text(&self) -> &str {
        self.buf.get(self.start..self.end).unwrap_or("")
    }

    /// Position of the character at char index `idx` of the text.
    pub fn pos_at(&self, idx: usize) -> Pos {
        let col = (idx as i64).saturating_add(1).saturating_add(self.shift);
        Pos::new(self.file, self.line, col.clamp(1, u32::MAX as i64) as u32)
    }

    /// Position of the first non-blank character (or of the line start).
    pub fn pos(&self) -> Pos {
        self.pos_at(leading_ws(self.text()).0)
    }

    /// The text without leading and trailing whitespace.
    pub fn trimmed(&self) -> &str {
        self.text().trim()
    }

    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }

    /// Indentation width (a tab counts as four columns).
    pub fn indent(&self) -> usize {
        leading_ws(self.text()).1
    }

    /// A copy with up to `width` columns of leading whitespace removed.
    pub fn dedented(&self, width: usize) -> Line {
        let (chars, bytes) = strip_indent(self.text(), width);
        Line {
            start: self.start + bytes,
            shift: self.shift.saturating_add(chars as i64),
            ..self.clone()
        }
    }
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
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(l.text());
    }
    out
}
