//! Hostile input: the readers never panic and stay linear.

use crate::parse_support;

use std::time::Duration;

use b24_codegen::diag::Diags;
use b24_codegen::parse::parse_bytes;
use b24_codegen::source::SourceMap;
use parse_support::CpuClock;
use proptest::prelude::*;

/// CPU time allowed per input, generous for an unoptimised build: a quadratic pass
/// over 1 MB takes minutes.
const LIMIT: Duration = Duration::from_secs(8);

fn timed_parse(name: &str, text: &str) -> usize {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let start = CpuClock::start();
    let page = parse_bytes("big.md", text.as_bytes(), &mut map, &mut diags);
    let took = start.elapsed();
    eprintln!("{name}: {} bytes in {took:?}", text.len());
    assert!(took < LIMIT, "{name} took {took:?}");
    page.blocks.len()
}

fn repeat(unit: &str) -> String {
    unit.repeat((1 << 20) / unit.len())
}

#[test]
fn megabyte_pages_parse_in_linear_time() {
    let cases = [
        ("table openers", repeat("#|\n")),
        ("row markers", format!("#|\n{}|#\n", repeat("||\n"))),
        (
            "rows",
            format!("#|\n{}|#\n", repeat("|| **a** | `b|c` \\| d ||\n")),
        ),
        ("unclosed rows", format!("#|\n{}", repeat("|| a | b\n"))),
        ("bars on one line", format!("#|\n||{}||\n|#\n", repeat("|"))),
        (
            "cells on one line",
            format!("#|\n||{}||\n|#\n", repeat(" a |")),
        ),
        ("backticks", repeat("`")),
        (
            "backtick runs",
            format!("#|\n|| {} ||\n|#\n", repeat("` `` ``` | ")),
        ),
        ("fences", repeat("```\n")),
        ("list items", repeat("- item\n")),
        ("nested notes", repeat("{% note info \"\" %}\n")),
        (
            "closed notes",
            format!("{}{}", repeat("{% note %}\n"), repeat("{% endnote %}\n")),
        ),
        ("stray closers", repeat("{% endlist %}\n")),
        ("nested conditions", repeat("{% if build == 'dev' %}\n")),
        (
            "conditions and includes",
            repeat("{% if x %}\n{% include [a](missing.md) %}\n"),
        ),
        ("nested tabs", repeat("{% list tabs %}\n- a\n    ")),
        (
            "tabs",
            format!(
                "{{% list tabs %}}\n{}{{% endlist %}}\n",
                repeat("- a\n\n    text\n\n")
            ),
        ),
        ("headings", repeat("## h {#a}\n")),
        ("legacy cells", format!("Title |\n{}", repeat("cell |\n"))),
        ("legacy bars", repeat("|\n")),
        ("legacy json", format!("Title |\nx |\n{}", repeat("{\n"))),
        ("front matter", format!("---\n{}", repeat("a: b\n"))),
    ];
    for (name, text) in &cases {
        timed_parse(name, text);
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let depth = 50_000;
    let text = format!(
        "{}x\n{}",
        "{% note %}\n".repeat(depth),
        "{% endnote %}\n".repeat(depth)
    );
    assert_eq!(timed_parse("deep notes", &text), 1);
    let text = format!(
        "{}x\n{}",
        "{% cut \"c\" %}\n".repeat(depth),
        "{% endcut %}\n".repeat(depth)
    );
    assert_eq!(timed_parse("deep cuts", &text), 1);
}

fn tokens() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "#|",
        "|#",
        "||",
        "|",
        " | ",
        "`",
        "```",
        "~~~",
        "\\|",
        "\n",
        "\n\n",
        "    ",
        "  ",
        "- ",
        "# ",
        "## x {#a}",
        "{% note info \"t\" %}",
        "{% endnote %}",
        "{% list tabs %}",
        "{% endlist %}",
        "{% cut \"c\" %}",
        "{% endcut %}",
        "{% if build == 'dev' %}",
        "{% else %}",
        "{% endif %}",
        "{% include [a](x.md) %}",
        "---",
        "{",
        "}",
        "text",
        "é",
        "\t",
        "\r",
        "\u{AD}",
        "\u{A0}",
        "PHP",
        "Label",
        "cell |",
    ]);
    prop::collection::vec(token, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn markup_soup_never_panics(text in tokens()) {
        let mut map = SourceMap::new();
        let mut diags = Diags::new();
        let page = parse_bytes("soup.md", text.as_bytes(), &mut map, &mut diags);
        // Every position points into the file that was parsed.
        for b in parse_support::all_blocks(&page.blocks) {
            prop_assert!(b.pos.line >= 1 && b.pos.col >= 1);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut map = SourceMap::new();
        let mut diags = Diags::new();
        parse_bytes("bytes.md", &bytes, &mut map, &mut diags);
    }
}

#[test]
fn repeated_includes_are_capped() {
    let dir = parse_support::temp_dir("bomb");
    std::fs::write(dir.join("big.md"), "line\n".repeat(10_000)).expect("write");
    std::fs::write(
        dir.join("page.md"),
        "{% include [b](big.md) %}\n".repeat(1_000),
    )
    .expect("write");
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let start = CpuClock::start();
    let page = b24_codegen::parse::parse_file(&dir.join("page.md"), &dir, &mut map, &mut diags);
    let took = start.elapsed();
    eprintln!("include bomb: {took:?}");
    assert!(page.is_some());
    assert!(took < LIMIT, "took {took:?}");
    // The fragment is read once; expansion stops after about a million lines.
    assert_eq!(map.len(), 2);
    let unresolved = diags
        .as_slice()
        .iter()
        .filter(|d| d.code == "B24W008")
        .count();
    assert!((800..1000).contains(&unresolved), "{unresolved}");
    let _ = std::fs::remove_dir_all(&dir);
}
