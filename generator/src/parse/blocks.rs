//! Markdown lines (includes already expanded) into blocks.

use super::directive::Directive;
use super::fence::Fence;
use super::line::{join, Line};
use super::pairs::{pair, Pairs};
use super::{heading, table, tabs};
use crate::diag::Diags;
use crate::page::{Block, BlockKind};
use crate::source::SourceMap;

/// Containers nested deeper than this keep their content as plain text.
const MAX_DEPTH: usize = 16;

/// What block parsing needs from the run.
pub(crate) struct Cx<'a> {
    pub map: &'a SourceMap,
    pub diags: &'a mut Diags,
}

/// Parses the lines of a page into blocks.
pub(crate) fn parse_blocks(lines: &[Line], cx: &mut Cx) -> Vec<Block> {
    let pairs = pair(lines, Some((cx.map, &mut *cx.diags)));
    let scope = Scope {
        pairs: &pairs,
        base: 0,
    };
    parse_in(lines, scope, 0, cx)
}

/// Where a run of lines sits in the page, so the openers and closers paired once for
/// the whole page serve every nested level. Dedenting (tab bodies) changes no pairing
/// decision, so a dedented copy of a range uses the range's own pairs.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'p> {
    pairs: &'p Pairs,
    /// Page index of the run's first line.
    base: usize,
}

impl Scope<'_> {
    /// The scope of the sub-run starting at `offset` of this run.
    pub fn at(self, offset: usize) -> Self {
        Scope {
            pairs: self.pairs,
            base: self.base + offset,
        }
    }

    /// Closing line of the opener at `i`, if it is inside a run of `len` lines.
    fn close_of(self, i: usize, len: usize) -> Option<usize> {
        let close = self.pairs.close_of(self.base + i)?.checked_sub(self.base)?;
        (close < len).then_some(close)
    }
}

fn parse_in(lines: &[Line], scope: Scope, depth: usize, cx: &mut Cx) -> Vec<Block> {
    let mut p = Parser {
        lines,
        scope,
        depth,
        out: Vec::new(),
        run: None,
    };
    p.run(cx);
    p.out
}

/// The content of a container as blocks, or as one text block past the depth limit.
pub(crate) fn nested(lines: &[Line], scope: Scope, depth: usize, cx: &mut Cx) -> Vec<Block> {
    if depth < MAX_DEPTH {
        return parse_in(lines, scope, depth + 1, cx);
    }
    let text = join(lines);
    match lines.first() {
        Some(first) if !text.trim().is_empty() => vec![Block {
            pos: first.pos(),
            kind: BlockKind::Text(text.trim_end().to_string()),
        }],
        _ => Vec::new(),
    }
}

struct Parser<'l> {
    lines: &'l [Line],
    scope: Scope<'l>,
    depth: usize,
    out: Vec<Block>,
    /// First line of the text run being collected.
    run: Option<usize>,
}

impl Parser<'_> {
    fn run(&mut self, cx: &mut Cx) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.step(i, cx);
        }
        self.flush(self.lines.len());
    }

    /// Parses what starts at line `i`; returns the next line to look at.
    fn step(&mut self, i: usize, cx: &mut Cx) -> usize {
        let line = &self.lines[i];
        if line.is_blank() {
            self.flush(i);
            return i + 1;
        }
        if let Some(fence) = Fence::open(line) {
            self.flush(i);
            return self.code(i, fence);
        }
        let t = line.trimmed();
        if t.starts_with("#|") {
            if let Some(end) = self.close_of(i) {
                self.flush(i);
                let table = table::parse_yfm(&self.lines[i..=end], cx);
                self.push(i, BlockKind::Table(table));
                return end + 1;
            }
        }
        if let Some(d) = Directive::parse(t) {
            if !matches!(d, Directive::Other) {
                self.flush(i);
                return self.directive(i, d, cx);
            }
        }
        if line.indent() < 4 {
            if let Some(h) = heading::parse(t) {
                self.flush(i);
                let kind = BlockKind::Heading {
                    level: h.level,
                    text: h.text,
                    anchor: h.anchor,
                };
                self.push(i, kind);
                return i + 1;
            }
        }
        if table::is_gfm_start(self.lines, i) {
            self.flush(i);
            let (table, next) = table::parse_gfm(self.lines, i, cx);
            self.push(i, BlockKind::Table(table));
            return next;
        }
        if self.run.is_none() {
            self.run = Some(i);
        }
        i + 1
    }

    fn close_of(&self, i: usize) -> Option<usize> {
        self.scope.close_of(i, self.lines.len())
    }

    fn push(&mut self, line: usize, kind: BlockKind) {
        let pos = self.lines[line].pos();
        self.out.push(Block { pos, kind });
    }

    /// Ends the current text run before line `end`.
    fn flush(&mut self, end: usize) {
        let Some(start) = self.run.take() else { return };
        let text = join(&self.lines[start..end]);
        let text = text.trim_end();
        if !text.is_empty() {
            self.push(start, BlockKind::Text(text.to_string()));
        }
    }

    /// A fenced code block opened at line `i`; unclosed, it runs to the end.
    fn code(&mut self, i: usize, fence: Fence) -> usize {
        let mut end = i + 1;
        while end < self.lines.len() && fence.close(&self.lines[end]).is_none() {
            end += 1;
        }
        let body = self.lines.get(i + 1..end).unwrap_or(&[]);
        let dedented: Vec<Line> = body.iter().map(|l| l.dedented(fence.indent)).collect();
        let text = join(&dedented);
        let kind = BlockKind::Code {
            lang: fence.lang,
            text,
        };
        self.push(i, kind);
        end + 1
    }

    /// A directive line at `i`. Containers become blocks; a stray opener or closer
    /// (already reported) is dropped so the rest of the page parses normally.
    fn directive(&mut self, i: usize, d: Directive, cx: &mut Cx) -> usize {
        let Some(end) = self.close_of(i) else {
            return i + 1;
        };
        let inner = &self.lines[i + 1..end];
        let scope = self.scope.at(i + 1);
        let kind = match d {
            Directive::Note { kind, title } => BlockKind::Note {
                kind,
                title,
                blocks: nested(inner, scope, self.depth, cx),
            },
            Directive::Cut { title } => BlockKind::Note {
                kind: "cut".to_string(),
                title,
                blocks: nested(inner, scope, self.depth, cx),
            },
            Directive::List { .. } => BlockKind::Tabs(tabs::parse(inner, scope, self.depth, cx)),
            _ => {
                // A conditional left in place: its content belongs to this level.
                self.out.extend(nested(inner, scope, self.depth, cx));
                return end + 1;
            }
        };
        self.push(i, kind);
        end + 1
    }
}
