//! No input panics or hangs the readers: arbitrary bytes, and real pages mutated
//! (truncated, spliced, markers duplicated, bytes inserted). Every case gives a page
//! and possibly diagnostics; the extractor then gives a method or a skip.

use crate::support;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use b24_codegen::diag::Diags;
use b24_codegen::extract;
use b24_codegen::parse;
use b24_codegen::source::SourceMap;
use proptest::prelude::*;

/// Parses and extracts `bytes` as a page named `display`; panics propagate to the test.
fn run(display: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let page = parse::parse_str(display, &text, &mut map, &mut diags);
    let _ = extract::extract(&page, &map, &mut diags);
    for d in diags.as_slice() {
        assert!(!d.code.is_empty() && !d.file.is_empty());
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(specs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

const MARKERS: &[&str] = &[
    "#|",
    "|#",
    "||",
    " | ",
    "```",
    "~~~",
    "{% note warning \"x\" %}",
    "{% endnote %}",
    "{% list tabs %}",
    "{% endlist %}",
    "{% if build == 'dev' %}",
    "{% endif %}",
    "{% cut \"c\" %}",
    "{% endcut %}",
    "{% include [x](../missing.md) %}",
    "{% include notitle [r](./self.md) %}",
    "---",
    "\n- ",
    "**",
    "`",
    "\\|",
    "{#a}",
    "[x](#a)",
    "\r\n",
    "\u{feff}",
    "\u{a0}",
    "\u{ad}",
    "\t",
    "# H1 a.b\n",
    "## Параметры метода\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Splice(usize, usize, usize),
    Marker(usize, usize, usize),
    Bytes(usize, Vec<u8>),
}

fn apply(pages: &[(String, Vec<u8>)], base: usize, muts: &[Mutation]) -> Vec<u8> {
    let mut bytes = pages[base % pages.len()].1.clone();
    for m in muts {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match m {
            Mutation::Truncate(i) => bytes.truncate(at(*i, bytes.len())),
            Mutation::Splice(other, from, to) => {
                let o = &pages[other % pages.len()].1;
                let start = at(*from, o.len());
                let cut = at(*to, bytes.len());
                let mut spliced = bytes[..cut].to_vec();
                spliced.extend_from_slice(&o[start..]);
                bytes = spliced;
            }
            Mutation::Marker(which, pos, times) => {
                let marker = MARKERS[which % MARKERS.len()].as_bytes();
                let p = at(*pos, bytes.len());
                for _ in 0..(times % 4 + 1) {
                    bytes.splice(p..p, marker.iter().copied());
                }
            }
            Mutation::Bytes(pos, new) => {
                let p = at(*pos, bytes.len());
                bytes.splice(p..p, new.iter().copied());
            }
        }
    }
    bytes
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, c)| Mutation::Splice(a, b, c)),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, c)| Mutation::Marker(a, b, c)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(a, b)| Mutation::Bytes(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run("fuzz.md", &bytes);
    }

    #[test]
    fn arbitrary_markup_soup_never_panics(parts in proptest::collection::vec(0..MARKERS.len(), 0..64)) {
        let text: String = parts.iter().map(|i| MARKERS[*i]).collect();
        run("soup.md", text.as_bytes());
    }

    #[test]
    fn mutated_seed_pages_never_panic(base in any::<usize>(), muts in proptest::collection::vec(mutation(), 1..6)) {
        let pages = seeds();
        let bytes = apply(&pages, base, &muts);
        run("mutated.md", &bytes);
    }
}

/// Every 40th page of the docs, read once for all cases: a fixed sample across all
/// sections; empty (said once) without the docs.
fn corpus_sample() -> &'static [(String, Vec<u8>)] {
    static SAMPLE: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        let Some(docs) = support::corpus_root() else {
            return Vec::new();
        };
        let files =
            match b24_codegen::pipeline::discover(&docs, b24_codegen::pipeline::Layout::Docs) {
                Ok(f) => f,
                Err(e) => {
                    support::skip(format_args!("cannot list {}: {e}", docs.display()));
                    return Vec::new();
                }
            };
        files
            .iter()
            .step_by(40)
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read(p).unwrap_or_default(),
                )
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_pages_never_panic(base in any::<usize>(), muts in proptest::collection::vec(mutation(), 1..6)) {
        let pages = corpus_sample();
        if !pages.is_empty() {
            let bytes = apply(pages, base, &muts);
            run("mutated-corpus.md", &bytes);
        }
    }
}

/// Runs `f` on another thread and fails if it has not finished in a minute: a hang
/// detector, not a speed assertion (speeds are measured by `cargo xtask bench`).
fn finishes(name: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        f();
        let _ = tx.send(());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: did not finish in 60 s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: panicked"),
    }
}

/// Megabyte-sized pathological pages: deep nesting and long runs of one marker.
pub fn pathological_pages() -> Vec<(&'static str, String)> {
    const MB: usize = 1 << 20;
    let repeat = |unit: &str| unit.repeat(MB / unit.len());
    vec![
        ("nested tables", repeat("#|\n|| **a**\n`string` | ")),
        (
            "table rows",
            format!(
                "#|\n{}|#\n",
                repeat("|| **X***\n[`integer`](x.md) | y ||\n")
            ),
        ),
        ("row markers", repeat("||")),
        ("list items", repeat("- `V` — значение\n")),
        ("nested list items", repeat("  - ")),
        ("backticks", repeat("`")),
        ("fences", repeat("```\n")),
        ("notes", repeat("{% note info \"\" %}\n")),
        ("tabs", repeat("{% list tabs %}\n- a\n    ")),
        ("includes", repeat("{% include [x](./nope.md) %}\n")),
        (
            "headings",
            repeat("### Параметр fields {#fields}\n[x](#fields)\n"),
        ),
    ]
}

#[test]
fn megabyte_pages_of_one_construct_finish() {
    for (name, text) in pathological_pages() {
        let started = std::time::Instant::now();
        finishes(name, move || run("big.md", text.as_bytes()));
        eprintln!("{name}: {:.2} s", started.elapsed().as_secs_f64());
    }
}
