//! Parses every method page of the documentation corpus, when it is present.

use crate::parse_support;
use crate::support;

use support::{corpus_root, markdown_files};

use std::path::Path;
use std::time::Instant;

use b24_codegen::diag::Diags;
use b24_codegen::page::{Block, BlockKind, Form, Page};
use b24_codegen::parse::{parse_file, parse_source};
use b24_codegen::source::{FileId, SourceMap};

/// Counts of what the pages hold.
#[derive(Default, Debug)]
struct Counts {
    tables: usize,
    /// Tables written in the page itself, not brought in by an include.
    own_tables: usize,
    own_notes: usize,
    rows: usize,
    tabs: usize,
    notes: usize,
    code: usize,
    headings: usize,
    anchors: usize,
}

impl Counts {
    fn add(&mut self, page: &Page) {
        self.add_blocks(&page.blocks, page.pos.file);
    }

    fn add_blocks(&mut self, blocks: &[Block], file: FileId) {
        for b in blocks {
            let own = usize::from(b.pos.file == file);
            match &b.kind {
                BlockKind::Table(t) => {
                    self.tables += 1;
                    self.own_tables += own;
                    self.rows += t.rows.len();
                }
                BlockKind::Tabs(tabs) => {
                    self.tabs += 1;
                    for t in tabs {
                        self.add_blocks(&t.blocks, file);
                    }
                }
                BlockKind::Note { blocks, .. } => {
                    self.notes += 1;
                    self.own_notes += own;
                    self.add_blocks(blocks, file);
                }
                BlockKind::Code { .. } => self.code += 1,
                BlockKind::Heading { anchor, .. } => {
                    self.headings += 1;
                    self.anchors += usize::from(anchor.is_some());
                }
                BlockKind::Text(_) => {}
            }
        }
    }
}

struct Parsed {
    pages: Vec<(String, Page)>,
    map: SourceMap,
    diags: Diags,
}

fn parse_all(root: &Path) -> Parsed {
    let mut files = Vec::new();
    markdown_files(&root.join("api-reference"), &mut files);
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let mut pages = Vec::new();
    for f in &files {
        if let Some(page) = parse_file(f, root, &mut map, &mut diags) {
            let display = f
                .strip_prefix(root)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            pages.push((display, page));
        }
    }
    Parsed { pages, map, diags }
}

#[test]
fn corpus_parses_with_plausible_counts() {
    let Some(root) = corpus_root() else {
        return;
    };
    let start = Instant::now();
    let parsed = parse_all(&root);
    let elapsed = start.elapsed();
    let mut counts = Counts::default();
    for (_, page) in &parsed.pages {
        counts.add(page);
    }
    // Again with every file already in memory: the parsing cost alone.
    let mut map = parsed.map.clone();
    let ids: Vec<_> = parsed.pages.iter().map(|(_, p)| p.pos.file).collect();
    let start = Instant::now();
    let cpu = parse_support::CpuClock::start();
    let mut sink = Diags::new();
    for id in ids {
        parse_source(id, &mut map, &mut sink);
    }
    eprintln!(
        "parsing alone (files already read): {:?} wall, {:?} on the CPU",
        start.elapsed(),
        cpu.elapsed()
    );
    let by_code = |code: &str| {
        parsed
            .diags
            .as_slice()
            .iter()
            .filter(|d| d.code == code)
            .count()
    };
    eprintln!(
        "parsed {} pages ({} files in map) in {elapsed:?}: {counts:?}",
        parsed.pages.len(),
        parsed.map.len()
    );
    for d in parsed.diags.as_slice() {
        eprintln!(
            "{} {}:{}:{} {}",
            d.code, d.file, d.line, d.column, d.message
        );
    }
    assert!(parsed.pages.len() >= 2400, "pages: {}", parsed.pages.len());
    // FORMATS §4: 7801 YFM tables and 3 pipe tables are written in `api-reference`.
    assert!(counts.own_tables >= 7800, "tables: {}", counts.own_tables);
    assert!(
        counts.tables > counts.own_tables,
        "fragments bring tables too"
    );
    assert!(counts.tabs >= 1900, "tab blocks: {}", counts.tabs);
    assert!(counts.own_notes >= 3500, "notes: {}", counts.own_notes);
    assert!(
        counts.anchors >= 2000,
        "anchored headings: {}",
        counts.anchors
    );
    assert!(
        by_code("B24W010") <= 13,
        "FORMATS §16 counts 13 ragged rows at most"
    );
    assert_eq!(
        by_code("B24W009"),
        0,
        "unbalanced directives, tables or fences"
    );
    // FORMATS §14: no corpus page has front matter; none is a text export either.
    assert!(parsed.pages.iter().all(|(_, p)| p.form == Form::Markdown));
    assert_eq!(by_code("B24W008"), 0, "unresolved includes");
}

/// Parses one corpus page, or `None` (the test said it skips) when the corpus is absent.
fn corpus_page(rel: &str) -> Option<parse_support::Parsed> {
    let root = corpus_root()?;
    let parsed = parse_support::parse_path(&root.join(rel), &root);
    assert!(parsed.is_some(), "{rel} is readable");
    parsed
}

#[test]
fn anchor_defined_in_an_included_fragment() {
    let Some(p) =
        corpus_page("api-reference/tasks/template/checklist/tasks-template-checklist-get.md")
    else {
        return;
    };
    let blocks = &p.page.blocks;
    let at = blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { anchor: Some(a), .. } if a == "checklistitem"))
        .expect("the fragment's heading is in the page");
    assert_eq!(
        p.map.display(blocks[at].pos.file),
        "api-reference/tasks/template/checklist/_includes/checklist-item-response.md"
    );
    assert_eq!(blocks[at].pos.line, 1);
    assert!(matches!(&blocks[at + 1].kind, BlockKind::Table(t) if t.rows.len() == 16));
    // `notitle` dropped the error fragment's own heading; its table stayed.
    let headings: Vec<String> = p.headings().into_iter().map(|(_, t, _)| t).collect();
    assert!(!headings
        .iter()
        .any(|h| h == "Возвращаемая информация об ошибке"));
    assert!(headings
        .iter()
        .any(|h| h == "Статусы и коды системных ошибок"));
}

#[test]
fn table_inside_a_cell_stays_in_the_cell() {
    let Some(p) = corpus_page("api-reference/crm/leads/crm-lead-add.md") else {
        return;
    };
    let blocks = &p.page.blocks;
    let at = blocks
        .iter()
        .position(
            |b| matches!(&b.kind, BlockKind::Heading { anchor: Some(a), .. } if a == "fields"),
        )
        .expect("fields heading");
    let BlockKind::Table(fields) = &blocks[at + 1].kind else {
        panic!("a table follows the fields heading");
    };
    assert_eq!(
        fields.rows.len(),
        43,
        "header and 42 fields; nested rows are not rows"
    );
    assert!(fields.rows.iter().all(|r| r.cells.len() == 2));
    let source = fields
        .rows
        .iter()
        .find(|r| r.cells[0].text.starts_with("**SOURCE_ID**"))
        .expect("SOURCE_ID row");
    let text = &source.cells[1].text;
    assert!(
        text.contains("#|\n||SOURCE_ID|Название||\n||CALL|Звонок||"),
        "{text}"
    );
    assert!(text.contains("||OTHER|Другое||\n|#"), "{text}");
    assert_eq!(text.matches("\n||").count(), 13);
}

#[test]
fn nested_anchored_sub_tables() {
    let Some(p) = corpus_page("api-reference/catalog/price/catalog-price-modify.md") else {
        return;
    };
    // Each `### Параметр x {#x}` heading is followed by its table (after the
    // required-marks footnote).
    let mut chain = Vec::new();
    let mut anchor: Option<&str> = None;
    for b in &p.page.blocks {
        match &b.kind {
            BlockKind::Heading { anchor: a, .. } => anchor = a.as_deref(),
            BlockKind::Table(t) => {
                if let Some(a) = anchor.take() {
                    chain.push((a, t.rows.len()));
                }
            }
            _ => {}
        }
    }
    assert_eq!(chain[..3], [("fields", 2), ("product", 3), ("prices", 5)]);
}

#[test]
fn crlf_and_opener_variants_in_the_corpus() {
    let Some(p) = corpus_page("api-reference/widgets/telephony/webrtc.md") else {
        return;
    };
    assert!(!p.headings().is_empty());
    assert!(!p.all_text().contains('\r'));
    let Some(p) =
        corpus_page("api-reference/calendar/calendar-event/calendar-accessibility-get.md")
    else {
        return;
    };
    let first = p.tables()[0];
    assert_eq!(
        first.rows[1].cells[0].text,
        "**users***\n[`array`](../../data-types.md)"
    );
    let Some(p) =
        corpus_page("api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md")
    else {
        return;
    };
    // A fence closed by ```` ``` || ```` ends its cell and its row.
    let fenced = p
        .tables()
        .into_iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter(|c| c.text.matches("```").count() >= 2 && c.text.ends_with("```"))
        .count();
    assert!(fenced >= 1);
    assert!(p.diags_with("B24W009").is_empty());
}
