//! The five seed pages in `specs/`: every form, read into the facts the extractor
//! relies on.

use crate::parse_support;

use b24_codegen::page::{BlockKind, Form};
use parse_support::{cells, parse_path, workspace, Parsed};

fn seed(name: &str) -> Parsed {
    let root = workspace();
    parse_path(&root.join("specs").join(name), &root).expect("seed is readable")
}

fn heading_texts(p: &Parsed) -> Vec<String> {
    p.headings()
        .into_iter()
        .map(|(l, t, _)| format!("{l} {t}"))
        .collect()
}

#[test]
fn im_chat_add() {
    let p = seed("im.chat.add.md");
    assert_eq!(p.page.form, Form::Markdown);
    assert!(p.page.front_matter.is_none());
    assert_eq!(
        heading_texts(&p),
        [
            "1 Создать чат im.chat.add",
            "2 Параметры метода",
            "2 Примеры кода",
            "2 Обработка ответа",
            "3 Возвращаемые данные",
            "2 Обработка ошибок",
            "2 Продолжите изучение"
        ]
    );
    let tables = p.tables();
    assert_eq!(tables.len(), 2);
    let params = cells(tables[0]);
    assert_eq!(params.len(), 11, "header and ten parameters");
    assert!(params.iter().all(|r| r.len() == 2));
    assert_eq!(params[0], ["**Название**\n`тип`", "**Описание**"]);
    assert_eq!(params[1][0], "**USERS**\n[`array`](../data-types.md)");
    // Pipes inside inline code and escaped pipes stay in the cell as written.
    assert!(params[9][1].contains(r"`DEAL`\|`1663`"), "{}", params[9][1]);
    // A note inside a cell is an aside: it leaves the cell with its content.
    assert!(!params[7][1].contains("{%"), "{}", params[7][1]);
    assert!(
        !params[7][1].contains("how-to-upload-files"),
        "{}",
        params[7][1]
    );
    assert_eq!(tables[0].rows[1].pos.line, 14);
    assert_eq!(
        (
            tables[0].rows[1].cells[1].pos.line,
            tables[0].rows[1].cells[1].pos.col
        ),
        (15, 31)
    );

    let tabs = p.tab_sets();
    assert_eq!(tabs.len(), 1);
    let labels: Vec<&str> = tabs[0].iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "cURL (Webhook)",
            "cURL (OAuth)",
            "JS",
            "PHP",
            "BX24.js",
            "PHP CRest"
        ]
    );
    let code = p.code();
    assert_eq!(code.len(), 7);
    assert_eq!(code[0].0, "bash");
    assert!(
        code[0].1.starts_with("curl -X POST \\\n"),
        "dedented: {:?}",
        code[0].1
    );
    assert!(code
        .iter()
        .any(|(lang, text)| *lang == "json" && text.contains("\"result\"")));
    // The seeds folder has no `_includes`: each include is reported, parsing goes on.
    assert_eq!(p.diags_with("B24W008").len(), 3);
    assert!(p.diags_with("B24W009").is_empty());
}

#[test]
fn im_message_share_front_matter() {
    let p = seed("im.message.share.md");
    assert_eq!(p.page.form, Form::FrontMatter);
    let fm = p.page.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.method.as_deref(), Some("im.message.share"));
    assert_eq!(fm.scopes, ["im"]);
    assert_eq!(fm.deprecated, Some(false));
    assert!(fm.aliases.is_empty());
    assert_eq!(fm.rate_limit_per_sec, Some(2.0));
    assert_eq!(fm.pagination.as_deref(), Some("unknown"));
    assert_eq!(fm.params, Some(serde_json::json!({"type": "object"})));
    assert_eq!(fm.returns, Some(serde_json::json!({"type": "object"})));
    assert!(
        p.diags.iter().all(|d| !d.code.starts_with("B24E")),
        "{:?}",
        p.diags
    );
    // The stray second `---` is a thematic break, then the H1.
    assert!(matches!(&p.page.blocks[0].kind, BlockKind::Text(t) if t == "---"));
    assert_eq!(
        p.headings()[0],
        (
            1,
            "Создать объект на основании сообщения im.message.share".into(),
            None
        )
    );
    let tables = p.tables();
    assert_eq!(tables.len(), 2);
    let params = cells(tables[0]);
    assert_eq!(
        params[0],
        ["**Параметр**", "**Пример**", "**Описание**", "**Ревизия**"]
    );
    assert_eq!(params.len(), 4);
    assert!(params.iter().all(|r| r.len() == 4));
    assert_eq!(params[2][1], "`'chat74'`");
    // Directives were stripped from this seed: the tab is a bare bullet, no tabs block.
    assert!(p.tab_sets().is_empty());
    assert!(p.all_text().contains("- JS"));
}

#[test]
fn imopenlines_crm_message_add_drops_dev_content() {
    let p = seed("imopenlines.crm.message.add.md");
    assert_eq!(p.page.form, Form::Markdown);
    let text = p.all_text();
    for dev_only in ["TO-DO", "не указаны типы параметров", "из файла Сергея"]
    {
        assert!(!text.contains(dev_only), "dev-only `{dev_only}` leaked");
    }
    // The published note is kept, with its body.
    let note = p.page.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Note {
            kind,
            title,
            blocks,
        } => Some((kind, title, blocks)),
        _ => None,
    });
    let (kind, title, blocks) = note.expect("note");
    assert_eq!(
        (kind.as_str(), title.as_str()),
        ("warning", "Мы еще обновляем эту страницу")
    );
    assert_eq!(blocks.len(), 1);
    let tables = p.tables();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].rows.len(), 6);
    assert_eq!(
        cells(tables[0])[1][0],
        "**CRM_ENTITY_TYPE***\n[`unknown`](../../../data-types.md)"
    );
    assert_eq!(tables[1].rows.len(), 5);
    let labels: Vec<&str> = p.tab_sets()[0].iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "cURL (Webhook)",
            "cURL (OAuth)",
            "JS",
            "PHP",
            "BX24.js",
            "PHP CRest"
        ]
    );
    // Placeholder tabs hold text, not code.
    assert!(
        matches!(&p.tab_sets()[0][0].blocks[0].kind, BlockKind::Text(t) if t == "// пример для cURL (Webhook)")
    );
    assert!(p
        .code()
        .iter()
        .any(|(l, t)| *l == "json" && t.trim() == "19880117"));
}

#[test]
fn tasks_task_chat_message_send() {
    let p = seed("tasks.task.chat.message.send.md");
    let headings = p.headings();
    assert!(headings.contains(&(3, "Параметр fields".into(), Some("fields".into()))));
    let sizes: Vec<(usize, usize)> = p
        .tables()
        .iter()
        .map(|t| (t.rows.len(), t.rows[0].cells.len()))
        .collect();
    assert_eq!(sizes, [(2, 2), (3, 2), (3, 2), (3, 4)]);
    // An empty cell between two ` | ` is kept, so columns stay aligned.
    assert_eq!(
        cells(p.tables()[3])[2],
        [
            "`403`",
            "Нет доступа к задаче",
            "",
            "У пользователя нет прав доступа к задаче"
        ]
    );
    assert_eq!(p.tab_sets()[0].len(), 6);
    let note = p.page.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Note {
            kind,
            title,
            blocks,
        } => Some((kind.clone(), title.clone(), blocks.len())),
        _ => None,
    });
    assert_eq!(note, Some(("info".into(), String::new(), 5)));
}

#[test]
fn im_message_add_legacy_export() {
    let p = seed("im.message.add.txt");
    assert_eq!(p.page.form, Form::Legacy);
    assert_eq!(
        heading_texts(&p),
        [
            "1 Sends message to chat",
            "2 Parameters",
            "2 Called method and response",
            "2 Response example",
            "2 Response example on error",
            "2 Possible error codes"
        ]
    );
    let tables = p.tables();
    assert_eq!(tables.len(), 2);
    let params = cells(tables[0]);
    assert_eq!(
        params[0],
        [
            "Parameter",
            "Example",
            "Required",
            "Description",
            "Revision"
        ]
    );
    assert_eq!(params.len(), 8, "header and seven parameters");
    assert!(params.iter().all(|r| r.len() == 5));
    assert_eq!(
        params[1],
        [
            "DIALOG_ID",
            "chat13 or 256",
            "Yes",
            "Dialog ID. Format: chatXXX – recipient chat, in case of message for chat\nor XXX – recipient ID, in case of private conversation message",
            "18"
        ]
    );
    assert_eq!(params[4], ["ATTACH", "", "No", "Attachment", "18"]);
    let errors = cells(tables[1]);
    assert_eq!(errors.len(), 12);
    assert_eq!(errors[0], ["Code", "Description"]);
    assert_eq!(errors[11], ["PARAMS_ERROR", "Something went wrong"]);
    let code = p.code();
    assert_eq!(code.len(), 3);
    assert_eq!(code[0].0, "php");
    assert!(code[0]
        .1
        .starts_with("$result = restCommand('im.message.add', Array("));
    assert!(code[0].1.ends_with("), $_REQUEST[\"auth\"]);"));
    assert_eq!(code[1], ("json", "{\n\"result\": 11\n}"));
    assert!(code[2].1.contains("USER_ID_EMPTY"));
    // Sidebar residue is kept as text, never as a heading or a table.
    assert!(p.all_text().contains("im.revision.get"));
    assert!(p.diags.is_empty(), "{:?}", p.diags);
}
