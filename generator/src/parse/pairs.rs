//! One pass over a run of lines that pairs every container opener (`#|`, `{% note %}`,
//! `{% cut %}`, `{% list %}`) with its closer, skipping fenced code and table
//! contents. Knowing the pairs up front keeps parsing linear: an unclosed opener is
//! known at once instead of being found by scanning to the end of the page.

use super::directive::{Container, Directive};
use super::fence::Fence;
use super::line::Line;
use crate::diag::{Code, Diags};
use crate::source::SourceMap;

/// For each line that opens a container, the index of the line that closes it.
pub(crate) struct Pairs {
    close: Vec<Option<usize>>,
}

impl Pairs {
    pub fn close_of(&self, opener: usize) -> Option<usize> {
        self.close.get(opener).copied().flatten()
    }
}

/// Where problems go; `None` when the lines were already checked at an outer level.
pub(crate) type Report<'a, 'b> = Option<(&'a SourceMap, &'b mut Diags)>;

pub(crate) fn pair(lines: &[Line], mut report: Report) -> Pairs {
    let mut close = vec![None; lines.len()];
    // The open fence and the line that opened it.
    let mut fence: Option<(Fence, usize)> = None;
    let mut tables: Vec<usize> = Vec::new();
    let mut open: Vec<(usize, Container)> = Vec::new();
    let mut open_count = [0usize; 4];
    for (i, l) in lines.iter().enumerate() {
        if let Some((f, _)) = &fence {
            if f.close(l).is_some() {
                fence = None;
            }
            continue;
        }
        if let Some(f) = Fence::open(l) {
            fence = Some((f, i));
            continue;
        }
        let t = l.trimmed();
        if t.starts_with("#|") {
            tables.push(i);
            continue;
        }
        if t.starts_with("|#") {
            match tables.pop() {
                Some(o) => close[o] = Some(i),
                None => warn(&mut report, l, "`|#` closes no table"),
            }
            continue;
        }
        if !tables.is_empty() {
            continue;
        }
        let Some(d) = Directive::parse(t) else {
            continue;
        };
        if let Some(c) = d.opens() {
            open.push((i, c));
            open_count[c as usize] += 1;
        } else if let Some(c) = d.closes() {
            if open_count[c as usize] == 0 {
                warn(&mut report, l, &format!("`{t}` closes nothing"));
                continue;
            }
            // Containers opened after the one being closed were never closed.
            while let Some((o, k)) = open.pop() {
                open_count[k as usize] -= 1;
                if k == c {
                    close[o] = Some(i);
                    break;
                }
                warn(&mut report, &lines[o], "directive is never closed");
            }
        }
    }
    if let Some((_, o)) = fence {
        warn(
            &mut report,
            &lines[o],
            "code fence is never closed; it runs to the end of the page",
        );
    }
    for o in tables {
        warn(&mut report, &lines[o], "table `#|` is never closed by `|#`");
    }
    for (o, _) in open {
        warn(&mut report, &lines[o], "directive is never closed");
    }
    Pairs { close }
}

fn warn(report: &mut Report, line: &Line, message: &str) {
    if let Some((map, diags)) = report {
        diags.at(map, Code::Unbalanced, line.pos(), message);
    }
}
