//! `{% if %}` / `{% else %}` / `{% endif %}`: which lines belong in the published pages.

use crate::source::Pos;

/// The open conditionals of one file.
#[derive(Default)]
pub(crate) struct Branches {
    open: Vec<Branch>,
    /// How many open branches drop their lines; kept as a count so each line is
    /// decided in constant time however deep the nesting.
    muted: usize,
}

struct Branch {
    pos: Pos,
    keeps: bool,
}

impl Branches {
    /// Whether lines at this point are kept.
    pub fn keeps(&self) -> bool {
        self.muted == 0
    }

    /// `{% if cond %}` at `pos`.
    pub fn open(&mut self, pos: Pos, cond: &str) {
        let keeps = condition_holds(cond);
        self.muted += usize::from(!keeps);
        self.open.push(Branch { pos, keeps });
    }

    /// `{% else %}`; `false` when no conditional is open.
    pub fn flip(&mut self) -> bool {
        let Some(b) = self.open.last_mut() else {
            return false;
        };
        b.keeps = !b.keeps;
        if b.keeps {
            self.muted -= 1;
        } else {
            self.muted += 1;
        }
        true
    }

    /// `{% endif %}`; `false` when no conditional is open.
    pub fn close(&mut self) -> bool {
        let Some(b) = self.open.pop() else {
            return false;
        };
        self.muted -= usize::from(!b.keeps);
        true
    }

    /// Positions of the conditionals never closed.
    pub fn unclosed(self) -> impl Iterator<Item = Pos> {
        self.open.into_iter().map(|b| b.pos)
    }
}

/// Whether a `{% if %}` branch belongs in the published pages. Only `build == 'dev'`
/// is known to be false (content for the development build); other conditions hold.
fn condition_holds(cond: &str) -> bool {
    let c: String = cond
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if c.contains("build") && c.contains("dev") {
        return c.contains("!=");
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_condition_is_false() {
        assert!(!condition_holds("build == 'dev'"));
        assert!(!condition_holds("build=='dev'"));
        assert!(condition_holds("build != 'dev'"));
        assert!(condition_holds("audience == 'external'"));
    }

    #[test]
    fn nesting_and_else() {
        let mut b = Branches::default();
        b.open(Pos::default(), "build == 'dev'");
        assert!(!b.keeps());
        b.open(Pos::default(), "x");
        assert!(!b.keeps());
        assert!(b.close());
        assert!(b.flip());
        assert!(b.keeps());
        assert!(b.close());
        assert!(!b.close());
        assert!(!b.flip());
    }
}
