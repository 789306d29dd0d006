//! A flat, indexed view of a page: every block in order (the contents of notes and
//! tabs included), the section each belongs to, and where each anchor points.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::page::{Block, BlockKind, Form, Page, Table};

use super::sections::{self, Section};
use super::text;

/// One block with what is known about its place on the page.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub block: &'a Block,
    pub section: Section,
    /// Index of the nearest heading before this block, if any.
    pub heading: Option<usize>,
    /// Whether the block sits inside a tab.
    pub in_tab: bool,
}

impl Entry<'_> {
    /// Whether the block comes before the first heading below the H1 (the intro).
    pub fn heading_is_h1(&self, doc: &Doc) -> bool {
        // Text above the H1 (export residue) is not the intro.
        self.heading == doc.h1_index()
    }
}

#[derive(Debug)]
pub struct Doc<'a> {
    pub page: &'a Page,
    pub entries: Vec<Entry<'a>>,
    /// Anchor id (explicit `{#id}` and auto slug) → index of its heading; built on the
    /// first lookup, as most pages link to no anchor of their own.
    anchors: OnceCell<HashMap<String, usize>>,
    /// Object name → index of the heading that defines it ("Параметр fields").
    objects: HashMap<String, usize>,
    /// Index of the first H1: the title.
    h1: Option<usize>,
}

impl<'a> Doc<'a> {
    pub fn new(page: &'a Page) -> Self {
        let mut flat = Vec::new();
        flatten(&page.blocks, false, &mut flat);
        let legacy = page.form == Form::Legacy;
        let mut entries = Vec::with_capacity(flat.len());
        let mut objects = HashMap::new();
        let mut state = SectionState::default();
        let mut heading = None;
        for (i, (block, in_tab)) in flat.into_iter().enumerate() {
            let section = match &block.kind {
                BlockKind::Heading {
                    level, text: title, ..
                } => {
                    heading = Some(i);
                    if let Some(name) = sections::sub_object_name(title) {
                        objects.entry(name.to_string()).or_insert(i);
                    }
                    state.heading(*level, title)
                }
                BlockKind::Text(t) if legacy => {
                    let s = state.current;
                    state.legacy_text(t);
                    s
                }
                _ => state.current,
            };
            entries.push(Entry {
                block,
                section,
                heading,
                in_tab,
            });
        }
        let h1 = entries
            .iter()
            .position(|e| matches!(e.block.kind, BlockKind::Heading { level: 1, .. }));
        Doc {
            page,
            entries,
            anchors: OnceCell::new(),
            objects,
            h1,
        }
    }

    /// Index of the heading an anchor names.
    pub fn anchor(&self, id: &str) -> Option<usize> {
        let id = id.trim_start_matches('#');
        let anchors = self.anchors.get_or_init(|| anchors(&self.entries));
        anchors
            .get(id)
            .or_else(|| anchors.get(&id.to_lowercase()))
            .copied()
    }

    /// The first table after heading `h` and before the next heading.
    pub fn table_under(&self, h: usize) -> Option<(usize, &'a Table)> {
        for (i, e) in self.entries.iter().enumerate().skip(h + 1) {
            match &e.block.kind {
                BlockKind::Heading { .. } => return None,
                BlockKind::Table(t) => return Some((i, t)),
                _ => {}
            }
        }
        None
    }

    /// The heading whose title introduces the object `name` ("Параметр fields").
    pub fn sub_object_heading(&self, name: &str) -> Option<usize> {
        self.objects.get(name).copied()
    }

    /// Entries of one section, with their indexes.
    pub fn in_section(&self, s: Section) -> impl Iterator<Item = (usize, &Entry<'a>)> {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.section == s)
    }

    /// The first H1, if any.
    pub fn h1(&self) -> Option<&'a Block> {
        self.h1.and_then(|i| self.entries.get(i)).map(|e| e.block)
    }

    /// Index of the first H1, if any.
    pub fn h1_index(&self) -> Option<usize> {
        self.h1
    }

    /// Whether a heading is classified as the start of a section (not a sub-heading).
    pub fn is_section_heading(&self, i: usize) -> bool {
        match self.entries.get(i).map(|e| &e.block.kind) {
            Some(BlockKind::Heading { text: t, .. }) => {
                Some(i) != self.h1_index() && sections::classify(t) != Section::Other
            }
            _ => false,
        }
    }
}

/// Every heading's explicit id and slug; the first heading to claim an id keeps it.
fn anchors(entries: &[Entry]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let BlockKind::Heading { text, anchor, .. } = &e.block.kind {
            if let Some(a) = anchor {
                out.entry(a.clone()).or_insert(i);
            }
            out.entry(text::slug(text)).or_insert(i);
        }
    }
    out
}

fn flatten<'a>(blocks: &'a [Block], in_tab: bool, out: &mut Vec<(&'a Block, bool)>) {
    for b in blocks {
        out.push((b, in_tab));
        match &b.kind {
            BlockKind::Note { blocks, .. } => flatten(blocks, in_tab, out),
            BlockKind::Tabs(tabs) => {
                for t in tabs {
                    flatten(&t.blocks, true, out);
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug)]
struct SectionState {
    current: Section,
    level: u8,
    seen_h1: bool,
}

impl Default for SectionState {
    fn default() -> Self {
        SectionState {
            current: Section::Other,
            level: 0,
            seen_h1: false,
        }
    }
}

impl SectionState {
    /// A heading either opens a section, stays inside the current one (a deeper
    /// sub-heading), or closes it.
    fn heading(&mut self, level: u8, title: &str) -> Section {
        // Only the first H1 is the title; a later one ("# Параметры метода") is
        // read as a section heading.
        let level = if level <= 1 && self.seen_h1 { 2 } else { level };
        if level <= 1 {
            self.seen_h1 = true;
        }
        let s = if level <= 1 {
            Section::Other
        } else {
            sections::classify(title)
        };
        if s != Section::Other {
            if s != self.current || level < self.level {
                self.level = level;
            }
            self.current = s;
        } else if level <= self.level || level <= 1 {
            self.current = Section::Other;
            self.level = level;
        }
        self.current
    }

    /// Legacy text has no headings: a short line that names a section acts as one.
    fn legacy_text(&mut self, t: &str) {
        for line in t.lines() {
            let line = line.trim().trim_end_matches('|').trim();
            if line.is_empty() || line.chars().count() > 40 {
                continue;
            }
            let s = sections::classify(line);
            if s != Section::Other {
                self.current = s;
                self.level = 2;
            }
        }
    }
}
