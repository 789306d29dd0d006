//! Parses every method page of the documentation corpus, when it is present.

use std::path::{Path, PathBuf};
use std::time::Instant;

use b24_codegen::diag::Diags;
use b24_codegen::page::{Block, BlockKind, Page};
use b24_codegen::parse::{parse_file, parse_source};
use b24_codegen::source::SourceMap;

fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("B24_DOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/b24-rest-docs")
        });
    root.join("api-reference").is_dir().then_some(root)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// Counts of what the pages hold.
#[derive(Default, Debug)]
struct Counts {
    tables: usize,
    rows: usize,
    tabs: usize,
    notes: usize,
    code: usize,
    headings: usize,
    anchors: usize,
}

impl Counts {
    fn add(&mut self, blocks: &[Block]) {
        for b in blocks {
            match &b.kind {
                BlockKind::Table(t) => {
                    self.tables += 1;
                    self.rows += t.rows.len();
                }
                BlockKind::Tabs(tabs) => {
                    self.tabs += 1;
                    for t in tabs {
                        self.add(&t.blocks);
                    }
                }
                BlockKind::Note { blocks, .. } => {
                    self.notes += 1;
                    self.add(blocks);
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
        eprintln!("corpus not found (set B24_DOCS); skipping");
        return;
    };
    let start = Instant::now();
    let parsed = parse_all(&root);
    let elapsed = start.elapsed();
    let mut counts = Counts::default();
    for (_, page) in &parsed.pages {
        counts.add(&page.blocks);
    }
    // Again with every file already in memory: the parsing cost alone.
    let mut map = parsed.map.clone();
    let ids: Vec<_> = parsed.pages.iter().map(|(_, p)| p.pos.file).collect();
    let start = Instant::now();
    let mut sink = Diags::new();
    for id in ids {
        parse_source(id, &mut map, &mut sink);
    }
    eprintln!("parsing alone (files already read): {:?}", start.elapsed());
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
    assert!(counts.tables >= 7000, "tables: {}", counts.tables);
    assert!(counts.tabs >= 1900, "tab blocks: {}", counts.tabs);
    assert!(counts.notes >= 3000, "notes: {}", counts.notes);
    assert_eq!(by_code("B24W009"), 0, "unbalanced directives or tables");
    assert_eq!(by_code("B24W008"), 0, "unresolved includes");
}
