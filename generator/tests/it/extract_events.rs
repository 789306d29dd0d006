//! Event pages into `ir::Event`: a synthetic page of each shape the docs use, and the
//! whole corpus (skipped without the docs checkout).

use crate::support;

use std::path::{Path, PathBuf};

use b24_codegen::extract::SkipReason;
use b24_codegen::ir::{BoolForm, PayloadSource, Type};
use b24_codegen::pipeline::{self, Layout, PageOutcome};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-events-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("api-reference/crm/deals/events")).unwrap();
    dir
}

const DELIVERY_TABLE: &str = r#"# Событие при изменении сделки onCrmDealUpdate

> Scope: [`crm`](../../../scopes/permissions.md)

## Что получает обработчик

```json
{"event": "ONCRMDEALUPDATE", "data": {"FIELDS": {"ID": "759", "EXTRA": "Y"}}, "ts": "1", "auth": {"application_token": "x"}}
```

#|
|| **Параметр**
`тип` | **Описание** ||
|| **event**
[`string`](../../../data-types.md) | Код ||
|| **data**
[`object`](../../../data-types.md) | Данные ||
|| **data.FIELDS**
[`object`](../../../data-types.md) | Поля. Структура описана [ниже](#fields) ||
|| **ts**
[`timestamp`](../../../data-types.md) | Время ||
|#

### Параметр FIELDS {#fields}

#|
|| **Параметр**
`тип` | **Описание** ||
|| **ID**
[`integer`](../../../data-types.md) | Идентификатор ||
|#
"#;

const DATA_TABLE: &str = r#"# Событие на добавление счета onCrmInvoiceAdd

## Параметры

#|
|| **Название**
`тип` | **Описание** ||
|| **FIELDS**
[`array`](../../../data-types.md)| Поля ||
|#
"#;

const NAMELESS: &str = "# Событие при чём-то\n\nТекст без имени.\n";

const JS_EVENT: &str = "# При загрузке BackgroundCallCard::entityChanged\n\nТекст.\n";

#[test]
fn event_pages_of_each_shape() {
    let dir = scratch("shapes");
    let events = dir.join("api-reference/crm/deals/events");
    std::fs::write(events.join("on-crm-deal-update.md"), DELIVERY_TABLE).unwrap();
    std::fs::write(events.join("on-crm-invoice-add.md"), DATA_TABLE).unwrap();
    std::fs::write(events.join("nameless.md"), NAMELESS).unwrap();
    std::fs::write(events.join("js.md"), JS_EVENT).unwrap();
    let files = pipeline::discover(&dir, Layout::Docs).unwrap();
    let reading = pipeline::read(&dir, &files, 1);
    let api = &reading.api;
    assert_eq!(api.events.len(), 2, "{:#?}", reading.pages);

    let update = &api.events[0];
    assert_eq!(update.name, "ONCRMDEALUPDATE");
    assert_eq!(update.documented_name, "onCrmDealUpdate");
    assert_eq!(update.namespace, "crm");
    assert_eq!(update.scopes, ["crm"]);
    assert_eq!(update.payload_source, PayloadSource::Table);
    let Type::Object { fields } = &update.payload else {
        panic!("{:?}", update.payload)
    };
    let inner = support::sub_fields(&support::field(fields, "FIELDS").ty);
    // The table's type wins; the example adds what the table leaves out.
    assert_eq!(support::field(inner, "ID").ty, Type::Integer);
    // An example's "Y" stands for a Y/N flag.
    assert_eq!(
        support::field(inner, "EXTRA").ty,
        Type::Boolean {
            form: BoolForm::YesNo
        }
    );
    assert!(update
        .doc_url
        .as_deref()
        .is_some_and(|u| u.ends_with("crm/deals/events/on-crm-deal-update.html")));

    let invoice = &api.events[1];
    assert_eq!(invoice.name, "ONCRMINVOICEADD");
    assert_eq!(invoice.payload_source, PayloadSource::DataTable);

    let outcome = |file: &str| {
        reading
            .pages
            .iter()
            .find(|p| p.path.ends_with(file))
            .map(|p| p.outcome.clone())
            .unwrap()
    };
    assert!(matches!(
        outcome("nameless.md"),
        PageOutcome::Skipped {
            reason: SkipReason::Event,
            ..
        }
    ));
    assert!(reading.diagnostics.iter().any(|d| d.code == "B24W028"));
    assert!(matches!(
        outcome("js.md"),
        PageOutcome::Skipped {
            reason: SkipReason::JsCommand,
            ..
        }
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nearly_every_event_page_of_the_docs_becomes_an_event() {
    let Some(root) = support::corpus_root() else {
        return;
    };
    let files = pipeline::discover(Path::new(&root), Layout::Docs).unwrap();
    let reading = pipeline::read(&root, &files, 0);
    let events = reading
        .pages
        .iter()
        .filter(|p| matches!(p.outcome, PageOutcome::Event { .. }))
        .count();
    let skipped = reading
        .pages
        .iter()
        .filter(|p| {
            matches!(
                p.outcome,
                PageOutcome::Skipped {
                    reason: SkipReason::Event,
                    ..
                }
            )
        })
        .count();
    assert!(
        events * 100 >= (events + skipped) * 95,
        "{events} of {} event pages",
        events + skipped
    );
    let api = &reading.api;
    for e in &api.events {
        assert!(
            !e.name.is_empty() && !e.name.contains(char::is_whitespace),
            "{e:?}"
        );
        assert!(!e.namespace.is_empty(), "{}", e.name);
    }
    let deal = api
        .events
        .iter()
        .find(|e| e.name == "ONCRMDEALUPDATE")
        .unwrap();
    assert_eq!(deal.namespace, "crm");
    assert!(deal.payload.is_typed());
}
