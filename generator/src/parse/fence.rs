//! Fenced code: when a line opens a fence and when a later line closes it.

use super::line::Line;

/// An open fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fence {
    /// `` ` `` or `~`.
    ch: u8,
    len: usize,
    /// Indentation width of the opening line; content is dedented by it.
    pub indent: usize,
    /// First word of the info string.
    pub lang: String,
}

impl Fence {
    /// The fence opened by `line`, if any. A backtick fence's info string holds no
    /// backtick: a line such as ```` ```a|b``` text ```` is inline code, not a fence.
    pub fn open(line: &Line) -> Option<Fence> {
        let rest = line.rest();
        let ch = match rest.as_bytes().first() {
            Some(b'`') => b'`',
            Some(b'~') => b'~',
            _ => return None,
        };
        let len = run_of(rest, ch);
        if len < 3 {
            return None;
        }
        let info = rest.get(len..).unwrap_or("").trim();
        if ch == b'`' && info.contains('`') {
            return None;
        }
        Some(Fence {
            ch,
            len,
            indent: line.indent(),
            lang: info.split_whitespace().next().unwrap_or("").to_string(),
        })
    }

    /// Whether `line` closes this fence. Returns what follows the closing run: empty
    /// for a plain closer, or the `||`/`|` that ends a table cell (```` ``` || ````).
    pub fn close<'a>(&self, line: &'a Line) -> Option<&'a str> {
        // Every line inside a code block comes here, several times: bytes, not chars,
        // and the indentation measured once per line.
        let rest = line.rest();
        let run = run_of(rest, self.ch);
        if run < self.len {
            return None;
        }
        let after = rest.get(run..).unwrap_or("");
        let tail = after.trim();
        if tail.is_empty() || tail.starts_with('|') {
            Some(after)
        } else {
            None
        }
    }
}

/// Length of the run of the ASCII byte `ch` that starts `s`.
fn run_of(s: &str, ch: u8) -> usize {
    s.bytes().take_while(|b| *b == ch).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use std::rc::Rc;

    fn line(s: &str) -> Line {
        Line::new(Rc::from(s), 0..s.len(), FileId(0), 1, 0)
    }

    #[test]
    fn opens_with_info_string() {
        let f = Fence::open(&line("    ```json title")).expect("fence");
        assert_eq!(f.lang, "json");
        assert_eq!(f.indent, 4);
        assert!(Fence::open(&line("~~~")).is_some());
    }

    #[test]
    fn backtick_in_info_is_not_a_fence() {
        assert!(Fence::open(&line("```^(a|b)$``` ||")).is_none());
        assert!(Fence::open(&line("``x")).is_none());
    }

    #[test]
    fn closes_plain_and_in_tables() {
        let f = Fence::open(&line("```")).expect("fence");
        assert_eq!(f.close(&line("```")), Some(""));
        assert_eq!(f.close(&line("    ``` ||")), Some(" ||"));
        assert_eq!(f.close(&line("````")), Some(""));
        assert_eq!(f.close(&line("``` js")), None);
        assert_eq!(f.close(&line("~~~")), None);
    }
}
