//! Inline Markdown a table reader must see through: code spans and backslash escapes.

use std::ops::Range;

/// Converts increasing byte offsets of one line into char indexes in linear time.
#[derive(Default)]
pub(crate) struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    pub fn at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            *self = CharCursor::default();
        }
        self.chars += text.get(self.byte..byte).map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars
    }
}

/// Whether the character at byte `bi` is preceded by an unescaped backslash.
pub(crate) fn escaped(text: &str, bi: usize) -> bool {
    let before = text.get(..bi).unwrap_or("");
    before.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// Finds the inline code spans of a line: a run of N backticks up to the next run of
/// exactly N; a run with no partner is literal text. Keeps its buffers between lines,
/// since table rows are full of `` `type` `` spans.
#[derive(Default)]
pub(crate) struct CodeSpans {
    /// Backtick runs: (byte offset, length).
    runs: Vec<(usize, usize)>,
    /// For each run, the next run of the same length.
    next: Vec<Option<usize>>,
    spans: Vec<Range<usize>>,
}

impl CodeSpans {
    /// Byte ranges of the spans of `text`, in order.
    pub fn find(&mut self, text: &str) -> &[Range<usize>] {
        self.spans.clear();
        if memchr::memchr(b'`', text.as_bytes()).is_none() {
            return &self.spans;
        }
        self.find_runs(text);
        self.pair_runs();
        let mut k = 0;
        while k < self.runs.len() {
            match self.next[k] {
                Some(j) => {
                    let (open, _) = self.runs[k];
                    let (close, len) = self.runs[j];
                    self.spans.push(open..close + len);
                    k = j + 1;
                }
                None => k += 1,
            }
        }
        &self.spans
    }

    fn find_runs(&mut self, text: &str) {
        self.runs.clear();
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(off) = bytes.get(i..).and_then(|rest| memchr::memchr(b'`', rest)) {
            let start = i + off;
            i = start;
            while bytes.get(i) == Some(&b'`') {
                i += 1;
            }
            self.runs.push((start, i - start));
        }
    }

    fn pair_runs(&mut self) {
        let runs = &self.runs;
        self.next.clear();
        self.next.resize(runs.len(), None);
        // Few runs (the usual line): a direct search is cheaper than hashing.
        if runs.len() <= 16 {
            for (k, (_, len)) in runs.iter().enumerate() {
                self.next[k] = runs
                    .iter()
                    .skip(k + 1)
                    .position(|(_, l)| l == len)
                    .map(|p| p + k + 1);
            }
            return;
        }
        let mut last_of_len = std::collections::HashMap::new();
        for (k, (_, len)) in runs.iter().enumerate().rev() {
            self.next[k] = last_of_len.insert(*len, k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_pair_equal_runs() {
        let mut spans = CodeSpans::default();
        let one = |s: &[Range<usize>]| (s.len() == 1).then(|| s[0].clone());
        assert_eq!(one(spans.find("a `b|c` d")), Some(2..7));
        assert_eq!(one(spans.find("``x`y`` `z")), Some(0..7));
        assert!(spans.find("lone ` tick").is_empty());
        // Many runs take the hashing path; the result is the same.
        let many = "`a` ``b`` ".repeat(20);
        let found = spans.find(&many);
        assert_eq!(found.len(), 40);
        assert_eq!(found[1], 4..9);
    }

    #[test]
    fn escapes_count_backslashes() {
        assert!(escaped(r"a\|", 2));
        assert!(!escaped(r"a\\|", 3));
    }
}
