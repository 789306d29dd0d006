//! `{% list tabs %}` bodies: `- Label` bullets, each followed by its indented content.

use super::blocks::{nested, Cx, Scope};
use std::ops::Range;

use super::fence::Fence;
use super::line::Line;
use crate::page::Tab;

/// Splits the lines between `{% list tabs %}` and `{% endlist %}` into tabs. A tab
/// starts at a bullet indented like the first bullet; its body is every following line
/// up to the next such bullet, dedented by the body's smallest indentation.
pub(crate) fn parse(lines: &[Line], scope: Scope, depth: usize, cx: &mut Cx) -> Vec<Tab> {
    let mut tabs = Vec::new();
    let mut list_indent: Option<usize> = None;
    let mut fence: Option<Fence> = None;
    let mut current: Option<(usize, String)> = None;
    let mut body_start = 0;
    for (i, l) in lines.iter().enumerate() {
        if let Some(f) = &fence {
            if f.close(l).is_some() {
                fence = None;
            }
            continue;
        }
        if let Some(f) = Fence::open(l) {
            fence = Some(f);
            continue;
        }
        let Some(label) = bullet(l.trimmed()) else {
            continue;
        };
        let indent = l.indent();
        if list_indent.is_some_and(|li| indent > li) {
            continue;
        }
        list_indent = Some(indent);
        if let Some((at, label)) = current.take() {
            tabs.push(tab(lines, at, label, body_start..i, scope, depth, cx));
        }
        current = Some((i, label.to_string()));
        body_start = i + 1;
    }
    if let Some((at, label)) = current {
        tabs.push(tab(
            lines,
            at,
            label,
            body_start..lines.len(),
            scope,
            depth,
            cx,
        ));
    }
    tabs
}

fn tab(
    lines: &[Line],
    at: usize,
    label: String,
    range: Range<usize>,
    scope: Scope,
    depth: usize,
    cx: &mut Cx,
) -> Tab {
    let scope = scope.at(range.start);
    let body = lines.get(range).unwrap_or(&[]);
    let indent = body
        .iter()
        .filter(|l| !l.is_blank())
        .map(Line::indent)
        .min()
        .unwrap_or(0);
    let body: Vec<Line> = body.iter().map(|l| l.dedented(indent)).collect();
    Tab {
        pos: lines[at].pos(),
        label,
        blocks: nested(&body, scope, depth, cx),
    }
}

/// The label of a `- Label` (or `* Label`, `+ Label`) bullet.
fn bullet(t: &str) -> Option<&str> {
    let rest = t.strip_prefix(['-', '*', '+'])?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let label = rest.trim();
    (!label.is_empty()).then_some(label)
}
