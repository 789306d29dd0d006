//! One small page per construct the readers must handle (FORMATS §3, §4, §16).

use crate::parse_support;

use b24_codegen::diag::Diags;
use b24_codegen::page::{BlockKind, Form};
use b24_codegen::parse::{parse_bytes, parse_file};
use b24_codegen::source::SourceMap;
use parse_support::{cells, parse, parse_path, temp_dir};

const RAGGED: &str = "B24W010";
const UNBALANCED: &str = "B24W009";
const UNRESOLVED: &str = "B24W008";

fn parse_raw(bytes: &[u8]) -> (b24_codegen::page::Page, Vec<b24_codegen::diag::Diagnostic>) {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let page = parse_bytes("page.md", bytes, &mut map, &mut diags);
    (page, diags.as_slice().to_vec())
}

#[test]
fn decoding_crlf_bom_nbsp_soft_hyphen() {
    let (page, diags) = parse_raw(b"\xEF\xBB\xBF# Ti\xC2\xADtle\r\n\r\nA\xC2\xA0b\tc\r\n");
    assert!(diags.is_empty());
    assert!(matches!(&page.blocks[0].kind, BlockKind::Heading { text, .. } if text == "Title"));
    assert!(matches!(&page.blocks[1].kind, BlockKind::Text(t) if t == "A b\tc"));
    assert_eq!(page.blocks[1].pos.line, 3);
}

#[test]
fn invalid_utf8_is_reported_and_parsed() {
    let (page, diags) = parse_raw(b"# Title\n\nbad \xFF byte\n");
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].code, diags[0].line), ("B24W002", 3));
    assert_eq!(page.blocks.len(), 2);
}

#[test]
fn table_opener_variants_and_row_forms() {
    let p = parse(
        "t.md",
        "#|s\n||**A** | B ||\n|| x\n`t` | y\n||\n|| ||\n||z | w\n|#\n\n#| \n|| 1 | 2 ||\n|#\n",
    );
    let tables = p.tables();
    assert_eq!(tables.len(), 2);
    // `||**A**` without space, `||` alone closing a row, the empty row skipped and
    // the last row without its closing `||`.
    assert_eq!(
        cells(tables[0]),
        [vec!["**A**", "B"], vec!["x\n`t`", "y"], vec!["z", "w"]]
    );
    assert_eq!(cells(tables[1]), [vec!["1", "2"]]);
    assert!(p.diags.is_empty(), "{:?}", p.diags);
}

#[test]
fn indented_table_in_a_list() {
    let p = parse(
        "t.md",
        "- item:\n\n    #|\n    || a | b ||\n    || c\n    `d` | e ||\n    |#\n",
    );
    let t = p.tables();
    assert_eq!(t.len(), 1);
    assert_eq!(cells(t[0]), [vec!["a", "b"], vec!["c\n`d`", "e"]]);
    assert_eq!(
        (
            t[0].rows[1].cells[0].pos.line,
            t[0].rows[1].cells[0].pos.col
        ),
        (5, 8)
    );
}

#[test]
fn ragged_rows_are_reported() {
    let p = parse("t.md", "#|\n|| a | b ||\n|| c ||\n|| d | e | f ||\n|#\n");
    assert_eq!(p.tables()[0].rows.len(), 3);
    let ragged = p.diags_with(RAGGED);
    assert_eq!(ragged.iter().map(|d| d.line).collect::<Vec<_>>(), [3, 4]);
}

#[test]
fn pipes_in_code_escapes_and_fences_stay_in_cells() {
    let page = "#|\n|| **a** | `x|y` and a\\|b ||\n|| **b** | Example:\n```json\n{\"k\": \"v|w\"}\n``` ||\n|| **c** | ```^(a|b)$``` ||\n|#\n";
    let p = parse("t.md", page);
    let c = cells(p.tables()[0]);
    assert_eq!(c[0], ["**a**", "`x|y` and a\\|b"]);
    assert_eq!(c[1], ["**b**", "Example:\n```json\n{\"k\": \"v|w\"}\n```"]);
    // A line opening with ```…``` is inline code, not a fence.
    assert_eq!(c[2], ["**c**", "```^(a|b)$```"]);
    assert_eq!(c.len(), 3);
}

#[test]
fn note_and_nested_table_in_cells() {
    let page = "#|\n|| **a** | Text\n{% note info \"\" %}\n\nNote text\n\n{% endnote %} ||\n|| **b** | Values:\n#|\n||X|Y||\n||Z|W||\n|#\n||\n|#\nAfter\n";
    let p = parse("t.md", page);
    let c = cells(p.tables()[0]);
    assert_eq!(c.len(), 2);
    // Directives are resolved in cells too: a note leaves with its content.
    assert_eq!(c[0][1], "Text");
    assert_eq!(c[1], ["**b**", "Values:\n#|\n||X|Y||\n||Z|W||\n|#"]);
    assert!(
        matches!(&p.page.blocks.last().map(|b| &b.kind), Some(BlockKind::Text(t)) if t == "After")
    );
}

#[test]
fn fences_backticks_and_tildes() {
    let p = parse(
        "t.md",
        "```php title\n{% note %}\n#|\n```\n\n~~~\n```\n~~~\n\n```inline``` text\n",
    );
    assert_eq!(p.code(), [("php", "{% note %}\n#|"), ("", "```")]);
    assert!(p.diags.is_empty(), "{:?}", p.diags);
    assert!(matches!(&p.page.blocks[2].kind, BlockKind::Text(t) if t == "```inline``` text"));
}

#[test]
fn headings_with_anchors() {
    let p = parse(
        "t.md",
        "# Title\n\n### Параметр fields {#fields}\n\n####### not\n",
    );
    assert_eq!(
        p.headings(),
        [
            (1, "Title".into(), None),
            (3, "Параметр fields".into(), Some("fields".into()))
        ]
    );
}

#[test]
fn notes_cuts_and_tabs() {
    let page = "{% note warning \"DEPRECATED\" %}\n\nUse x.\n\n{% endnote %}\n\n{% note %}\nPlain\n{% endnote %}\n\n{% cut \"Пример\" %}\n\nHidden\n\n{% endcut %}\n\n{% list tabs %}\n\n- JS\n\n  ```js\n  call();\n  ```\n\n- PHP\n\n    Text first\n\n    ```php\n    $x = 1;\n    ```\n\n{% endlist %}\n";
    let p = parse("t.md", page);
    let kinds: Vec<(String, String)> = p
        .blocks()
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Note { kind, title, .. } => Some((kind.clone(), title.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("warning".into(), "DEPRECATED".into()),
            ("info".into(), String::new()),
            ("cut".into(), "Пример".into())
        ]
    );
    let tabs = &p.tab_sets()[0];
    assert_eq!(
        tabs.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
        ["JS", "PHP"]
    );
    assert!(
        matches!(&tabs[0].blocks[0].kind, BlockKind::Code { lang, text } if lang == "js" && text == "call();")
    );
    assert!(matches!(&tabs[1].blocks[0].kind, BlockKind::Text(t) if t == "Text first"));
    assert!(matches!(&tabs[1].blocks[1].kind, BlockKind::Code { text, .. } if text == "$x = 1;"));
    assert_eq!(
        (tabs[1].blocks[1].pos.line, tabs[1].blocks[1].pos.col),
        (29, 5)
    );
}

#[test]
fn dev_build_content_is_dropped() {
    let page = "A\n\n{% if build == 'dev' %}\n\nSECRET\n\n{% else %}\n\nPUBLIC\n\n{% endif %}\n\n{% if other %}\nKEPT\n{% endif %}\n";
    let p = parse("t.md", page);
    let text = p.all_text();
    assert!(!text.contains("SECRET"));
    assert!(text.contains("PUBLIC") && text.contains("KEPT"));
    assert!(p.diags.is_empty());
}

#[test]
fn unbalanced_directives_and_tables_are_reported_and_recovered() {
    let page = "{% note info %}\n\nnever closed\n\n{% endcut %}\n\n#|\n|| a | b ||\n\n## After\n\n{% if build == 'dev' %}\n";
    let p = parse("t.md", page);
    let mut lines: Vec<u32> = p.diags_with(UNBALANCED).iter().map(|d| d.line).collect();
    lines.sort_unstable();
    assert_eq!(lines, [1, 5, 7, 12]);
    // The page after the stray markers still parses.
    assert!(p.headings().contains(&(2, "After".into(), None)));
    assert!(p.all_text().contains("never closed"));
    assert!(p.tables().is_empty());
}

#[test]
fn gfm_pipe_table() {
    let p = parse(
        "t.md",
        "| Code | Text |\n|---|:---:|\n| `A\\|B` | one |\n| C | two |\n\nafter\n",
    );
    assert_eq!(
        cells(p.tables()[0]),
        [
            vec!["Code", "Text"],
            vec!["`A\\|B`", "one"],
            vec!["C", "two"]
        ]
    );
}

#[test]
fn front_matter_values_and_problems() {
    let p = parse(
        "t.md",
        "---\nmethod: a.b\nscope: [crm, im]\nextra: 1\n---\n# A a.b\n",
    );
    assert_eq!(p.page.form, Form::FrontMatter);
    let fm = p.page.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.scopes, ["crm", "im"]);
    let unknown = p.diags_with("B24W006");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].line, 4);
    assert_eq!(p.headings().len(), 1);

    let p = parse("t.md", "---\nmethod: a.b\nscope: [crm\n---\n# Body\n");
    let bad = p.diags_with("B24E005");
    assert_eq!(bad.len(), 1);
    assert!((3..=4).contains(&bad[0].line), "line {}", bad[0].line);
    assert_eq!(p.headings(), [(1, "Body".into(), None)]);
}

#[test]
fn includes_expand_in_place_with_their_positions() {
    let dir = temp_dir("includes");
    let inc = dir.join("_includes");
    std::fs::create_dir_all(inc.join("more")).expect("dirs");
    std::fs::create_dir_all(dir.join("pages/sub")).expect("dirs");
    std::fs::write(
        inc.join("frag.md"),
        "## Fragment title {#frag}\n\nFragment body\n\n{% include [x](./more/leaf.md) %}\n",
    )
    .expect("write");
    std::fs::write(inc.join("more/leaf.md"), "#|\n|| k | v ||\n|#\n").expect("write");
    std::fs::write(inc.join("loop.md"), "Loop\n{% include [self](loop.md) %}\n").expect("write");
    let page = "# Page\n\n{% include [t](../../_includes/frag.md) %}\n\n{% include notitle [t](./../../_includes/frag.md) %}\n\n{% list tabs %}\n\n- Tab\n\n    {% include [t](../../_includes/more/leaf.md) %}\n\n{% endlist %}\n\n{% include [gone](../../_includes/missing.md) %}\n\n{% include [l](../../_includes/loop.md) %}\n";
    std::fs::write(dir.join("pages/sub/page.md"), page).expect("write");

    let p = parse_path(&dir.join("pages/sub/page.md"), &dir).expect("parsed");
    let frag = p.map.display(p.page.blocks[1].pos.file).to_string();
    assert_eq!(frag, "_includes/frag.md");
    assert_eq!(
        p.headings(),
        [
            (1, "Page".into(), None),
            (2, "Fragment title".into(), Some("frag".into()))
        ],
        "notitle drops the fragment's heading"
    );
    assert_eq!(p.page.blocks[1].pos.line, 1);
    let tables = p.tables();
    assert_eq!(
        tables.len(),
        3,
        "leaf table twice via frag, once in the tab"
    );
    assert_eq!(
        p.map.display(tables[0].rows[0].pos.file),
        "_includes/more/leaf.md"
    );
    assert_eq!(p.tab_sets()[0][0].blocks.len(), 1);
    let unresolved = p.diags_with(UNRESOLVED);
    assert_eq!(unresolved.len(), 2, "{unresolved:?}");
    assert_eq!(
        (unresolved[0].file.as_str(), unresolved[0].line),
        ("pages/sub/page.md", 15)
    );
    assert_eq!(
        (unresolved[1].file.as_str(), unresolved[1].line),
        ("_includes/loop.md", 2)
    );
    // Each fragment was loaded once.
    assert_eq!(p.map.len(), 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_file_is_an_io_error() {
    let mut map = SourceMap::new();
    let mut diags = Diags::new();
    let dir = temp_dir("io");
    assert!(parse_file(&dir.join("none.md"), &dir, &mut map, &mut diags).is_none());
    assert_eq!(diags.as_slice()[0].code, "B24E001");
    assert_eq!(diags.as_slice()[0].file, "none.md");
}

#[test]
fn unclosed_fence_is_reported() {
    let p = parse("t.md", "# T\n\n```js\ncode();\n");
    assert_eq!(p.code(), [("js", "code();")]);
    let unbalanced = p.diags_with(UNBALANCED);
    assert_eq!(unbalanced.len(), 1);
    assert_eq!(unbalanced[0].line, 3);
}

#[test]
fn front_matter_scope_string_lists_scopes() {
    let p = parse("t.md", "---\nscope: crm, im\ndeprecated: maybe\n---\n");
    let fm = p.page.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.scopes, ["crm", "im"]);
    assert_eq!(fm.deprecated, None);
    let wrong = p.diags_with("B24E005");
    assert_eq!((wrong.len(), wrong[0].line), (1, 3));
}

#[test]
fn include_chains_stop_at_depth_ten() {
    let dir = temp_dir("depth");
    for i in 0..14 {
        let body = format!("Level {i}\n\n{{% include [n](f{}.md) %}}\n", i + 1);
        std::fs::write(dir.join(format!("f{i}.md")), body).expect("write");
    }
    let p = parse_path(&dir.join("f0.md"), &dir).expect("parsed");
    let text = p.all_text();
    assert!(
        text.contains("Level 10") && !text.contains("Level 11"),
        "{text}"
    );
    let unresolved = p.diags_with(UNRESOLVED);
    assert_eq!(unresolved.len(), 1);
    assert_eq!(unresolved[0].file, "f10.md");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn legacy_export_with_other_columns() {
    let page = "Views: 10\nGets the thing |\nParameters\nParameter |\nRequired |\nDescription |\nID |\nYes |\nIdentifier of the\nthing to get |\nFIELDS |\nNo |\nList of fields |\nResponse example\n{\n\"result\": {\"ID\": 1}\n}\n";
    let p = parse("t.txt", page);
    assert_eq!(p.page.form, Form::Legacy);
    let headings: Vec<String> = p
        .headings()
        .into_iter()
        .map(|(l, t, _)| format!("{l} {t}"))
        .collect();
    assert_eq!(
        headings,
        ["1 Gets the thing", "2 Parameters", "2 Response example"]
    );
    assert_eq!(
        cells(p.tables()[0]),
        [
            vec!["Parameter", "Required", "Description"],
            vec!["ID", "Yes", "Identifier of the\nthing to get"],
            vec!["FIELDS", "No", "List of fields"]
        ]
    );
    assert_eq!(p.tables()[0].rows[1].cells[2].pos.line, 9);
    assert_eq!(p.code(), [("json", "{\n\"result\": {\"ID\": 1}\n}")]);
}

#[test]
fn legacy_export_with_a_comment_line_in_its_example() {
    let page = "Does it |\nParameters\nName |\nDescription |\nID |\nThe id |\nTYPE |\nThe type |\n|\nPHP\n# call it\n$r = call('a.b');\n";
    let p = parse("t.txt", page);
    assert_eq!(p.page.form, Form::Legacy);
    assert_eq!(p.tables()[0].rows.len(), 3);
    assert_eq!(p.code(), [("php", "# call it\n$r = call('a.b');")]);
}

#[test]
fn markdown_with_bar_endings_is_not_legacy() {
    let p = parse("t.md", "# Title\n\nfirst |\nsecond |\n");
    assert_eq!(p.page.form, Form::Markdown);
    let p = parse("t.md", "| a | b |\n|---|---|\n| c | d |\n");
    assert_eq!(p.page.form, Form::Markdown);
}

#[test]
fn standalone_html_comments_are_dropped() {
    let p = parse("t.md", "<!-- Generated: 2026 -->\n# Title\n\n```html\n<!-- kept in code -->\n```\n\ntext <!-- inline --> stays\n");
    assert_eq!(p.page.blocks.len(), 3);
    assert!(matches!(&p.page.blocks[0].kind, BlockKind::Heading { text, .. } if text == "Title"));
    assert_eq!(p.code(), [("html", "<!-- kept in code -->")]);
    assert!(p.all_text().contains("text <!-- inline --> stays"));
}

#[test]
fn include_inside_a_table_cell_expands_in_place() {
    let dir = temp_dir("cell-include");
    std::fs::write(dir.join("values.md"), "- `A` — first\n- `B` — second\n").expect("write");
    let page = "#|\n|| **Name** | **Description** ||\n|| **kind** | One of:\n\n{% include [values](values.md) %}\n\nDefault `A` ||\n|#\n";
    std::fs::write(dir.join("page.md"), page).expect("write");
    let p = parse_path(&dir.join("page.md"), &dir).expect("parsed");
    let c = cells(p.tables()[0]);
    assert_eq!(
        c[1],
        [
            "**kind**",
            "One of:\n\n- `A` — first\n- `B` — second\n\nDefault `A`"
        ]
    );
    assert!(p.diags.is_empty(), "{:?}", p.diags);
    let _ = std::fs::remove_dir_all(&dir);
}
