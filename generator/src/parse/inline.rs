//! Inline Markdown a table reader must see through: code spans and backslash escapes.

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

/// Byte ranges of the inline code spans of one line: a run of N backticks up to the
/// next run of exactly N. A run with no partner is literal text.
pub(crate) fn code_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    if !text.contains('`') {
        return Vec::new();
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    let next_same = next_same_length(&runs);
    let mut spans = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        match next_same[k] {
            Some(j) => {
                let (open, _) = runs[k];
                let (close, len) = runs[j];
                spans.push(open..close + len);
                k = j + 1;
            }
            None => k += 1,
        }
    }
    spans
}

/// For each backtick run, the index of the next run of the same length.
fn next_same_length(runs: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut next = vec![None; runs.len()];
    // Few runs (the usual line): a direct search is cheaper than hashing.
    if runs.len() <= 16 {
        for (k, (_, len)) in runs.iter().enumerate() {
            next[k] = runs
                .iter()
                .skip(k + 1)
                .position(|(_, l)| l == len)
                .map(|p| p + k + 1);
        }
        return next;
    }
    let mut last_of_len = std::collections::HashMap::new();
    for (k, (_, len)) in runs.iter().enumerate().rev() {
        next[k] = last_of_len.insert(*len, k);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_pair_equal_runs() {
        assert_eq!(code_spans("a `b|c` d"), vec![2..7]);
        assert_eq!(code_spans("``x`y`` `z"), vec![0..7]);
        assert!(code_spans("lone ` tick").is_empty());
    }

    #[test]
    fn escapes_count_backslashes() {
        assert!(escaped(r"a\|", 2));
        assert!(!escaped(r"a\\|", 3));
    }
}
