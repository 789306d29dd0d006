//! Fenced code: when a line opens a fence and when a later line closes it.

use super::line::leading_ws;

/// An open fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fence {
    ch: char,
    len: usize,
    /// Indentation width of the opening line; content is dedented by it.
    pub indent: usize,
    /// First word of the info string.
    pub lang: String,
}

impl Fence {
    /// The fence opened by `line`, if any. A backtick fence's info string holds no
    /// backtick: a line such as ```` ```a|b``` text ```` is inline code, not a fence.
    pub fn open(line: &str) -> Option<Fence> {
        let (_, indent) = leading_ws(line);
        let rest = line.trim_start();
        let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let len = rest.chars().take_while(|c| *c == ch).count();
        if len < 3 {
            return None;
        }
        let info = rest.get(len..).unwrap_or("").trim();
        if ch == '`' && info.contains('`') {
            return None;
        }
        let lang = info.split_whitespace().next().unwrap_or("").to_string();
        Some(Fence {
            ch,
            len,
            indent,
            lang,
        })
    }

    /// Whether `line` closes this fence. Returns what follows the closing run: empty
    /// for a plain closer, or the `||`/`|` that ends a table cell (```` ``` || ````).
    pub fn close<'a>(&self, line: &'a str) -> Option<&'a str> {
        let rest = line.trim_start();
        let run = rest.chars().take_while(|c| *c == self.ch).count();
        if run < self.len {
            return None;
        }
        // The fence character is ASCII, so the run length in chars is in bytes too.
        let after = rest.get(run..).unwrap_or("");
        let tail = after.trim();
        if tail.is_empty() || tail.starts_with('|') {
            Some(after)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_with_info_string() {
        let f = Fence::open("    ```json title").expect("fence");
        assert_eq!(f.lang, "json");
        assert_eq!(f.indent, 4);
        assert!(Fence::open("~~~").is_some());
    }

    #[test]
    fn backtick_in_info_is_not_a_fence() {
        assert!(Fence::open("```^(a|b)$``` ||").is_none());
        assert!(Fence::open("``x").is_none());
    }

    #[test]
    fn closes_plain_and_in_tables() {
        let f = Fence::open("```").expect("fence");
        assert_eq!(f.close("```"), Some(""));
        assert_eq!(f.close("    ``` ||"), Some(" ||"));
        assert_eq!(f.close("````"), Some(""));
        assert_eq!(f.close("``` js"), None);
        assert_eq!(f.close("~~~"), None);
    }
}
