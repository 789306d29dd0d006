//! Types the pages state only in prose, in examples or by convention, and the notes
//! that say a type was inferred.

use crate::support;

use b24_codegen::ir::{BoolForm, ResponseSource, Type};
use support::{codes, method_str};

const HEAD: &str = "# Do x.thing.do\n\n## Параметры метода\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **id**\n[`integer`](x) | ID ||\n|#\n\n";

#[test]
fn null_result_row() {
    let text = format!("{HEAD}## Обработка ответа\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **result**\n[`null`](x) | Всегда `null` ||\n|#\n");
    let (m, _) = method_str(&text);
    assert_eq!(m.response.ty, Type::Null);
    assert_eq!(m.response.source, ResponseSource::Table);
}

#[test]
fn null_in_success_example() {
    let text = format!(
        "{HEAD}## Обработка ответа\n\n```json\n{{\"result\": null, \"time\": {{}}}}\n```\n"
    );
    let (m, _) = method_str(&text);
    assert_eq!(m.response.ty, Type::Null);
}

#[test]
fn prose_states_the_result() {
    let cases = [
        (
            "Метод возвращает `true` в случае успеха.",
            Type::Boolean {
                form: BoolForm::Json,
            },
        ),
        (
            "Числовой идентификатор созданного приложения.",
            Type::Integer,
        ),
        ("Метод не возвращает данные в ответе.", Type::Null),
    ];
    for (prose, want) in cases {
        let text = format!("{HEAD}## Возвращаемые данные\n\n{prose}\n");
        let (m, diags) = method_str(&text);
        assert_eq!(m.response.ty, want, "{prose}");
        assert_eq!(m.response.source, ResponseSource::Inferred);
        let note = diags.iter().find(|d| d.code == "B24N013").expect("note");
        // The note sits at the response heading.
        assert_eq!(note.line, 12, "{prose}");
    }
}

#[test]
fn name_convention_only_without_a_response_section() {
    let page = HEAD.replace("x.thing.do", "x.thing.delete");
    let (m, diags) = method_str(&page);
    assert_eq!(
        m.response.ty,
        Type::Boolean {
            form: BoolForm::Json
        }
    );
    assert!(diags
        .iter()
        .any(|d| d.code == "B24N013" && d.message.contains("*.delete")));

    // A response section that says something else wins over the name.
    let text = format!("{page}## Обработка ответа\n\nРезультат как у метода x.thing.get.\n");
    let (m, diags) = method_str(&text);
    assert_eq!(m.response.ty, Type::Any);
    let untyped = diags.iter().find(|d| d.code == "B24N021").expect("note");
    assert_eq!(untyped.line, 12);
    assert!(codes(&diags).contains(&"B24N021"));
}

const BULLETS: &str = r#"# List x.thing.list

## Параметры метода

#|
|| **Название**
`тип` | **Описание** ||
|| **USERS**
[`array`](x) | Участники ||
|| **filter**
[`object`](x) | Фильтр:
- `TASK_ID` — идентификатор задачи
- `CLOSED` — закрыта (`Y` или `N`)
- `TITLE` — название задачи
- `SOMETHING` — что-то ||
|| **order**
[`object`](x) | Сортировка:
- `asc` — по возрастанию
- `desc` — по убыванию ||
|| **select**
[`object`](x) | Поля:
- `ID` — идентификатор ||
|#

## Примеры кода

```bash
curl -d '{"USERS": [103, 547], "filter": {"SOMETHING": 5}}' https://x/rest/x.thing.list
```
"#;

#[test]
fn bullet_keys_and_array_items_are_typed() {
    let (m, diags) = method_str(BULLETS);
    let users = support::field(&m.params, "USERS");
    assert_eq!(
        users.ty,
        Type::Array {
            item: Box::new(Type::Integer)
        }
    );
    // The list parameters take their wire form; the keys the bullets list stay on the
    // type (their own types are inferred as for any object, see `keys.rs`).
    let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        support::field(&m.params, "filter").ty,
        Type::Filter {
            fields: names(&["TASK_ID", "CLOSED", "TITLE", "SOMETHING"])
        }
    );
    // `asc`/`desc` are the values of an order map, not its keys.
    assert_eq!(
        support::field(&m.params, "order").ty,
        Type::Order { fields: Vec::new() }
    );
    assert_eq!(
        support::field(&m.params, "select").ty,
        Type::Select {
            fields: names(&["ID"])
        }
    );
    let notes = diags.iter().filter(|d| d.code == "B24N013").count();
    assert!(notes >= 4, "{notes} notes");
}

const CHECKS: &str = r#"# Send x.thing.send

## Параметры метода

Обязательные параметры отмечены `*`.

#|
|| **Название**
`тип` | **Описание** ||
|| **ID**
[`integer`](x) | ID ||
|#

## Примеры кода

```bash
curl -X POST -d '{
    "ID": 5,
    "extra": 1
}' https://x/rest/x.thing.send
```
"#;

#[test]
fn page_checks_point_at_their_lines() {
    let (_, diags) = method_str(CHECKS);
    let at = |code: &str| diags.iter().find(|d| d.code == code).map(|d| d.line);
    // The footnote, not line 1.
    assert_eq!(at("B24N015"), Some(5));
    // The example line that sends `extra`.
    assert_eq!(at("B24W019"), Some(19));

    let starred = CHECKS
        .replace("Обязательные параметры отмечены `*`.", "")
        .replace("|| **ID**", "|| **ID***")
        .replace("    \"ID\": 5,\n", "");
    let (_, diags) = method_str(&starred);
    let at = |code: &str| diags.iter().find(|d| d.code == code).map(|d| d.line);
    // The starred row, for both the missing footnote and the missing example value.
    assert_eq!(at("B24N014"), Some(10));
    assert_eq!(at("B24N020"), Some(10));
}

/// The fields of a success example's `result` object.
fn example_result(json: &str) -> Vec<b24_codegen::ir::Field> {
    let text = format!("{HEAD}## Обработка ответа\n\n```json\n{json}\n```\n");
    let (m, _) = method_str(&text);
    assert_eq!(m.response.source, ResponseSource::Example);
    match m.response.ty {
        Type::Object { fields } => fields,
        other => panic!("expected an object, got {other:?}"),
    }
}

#[test]
fn example_text_stands_for_its_semantic_type() {
    let fields = example_result(
        r#"{"result": {"ID": "2909", "PHONE": "79991234567", "OPENED": "Y",
            "DATE_CREATE": "2024-08-30T02:00:00+02:00", "BEGINDATE": "2024-08-30",
            "OPPORTUNITY": "1000000.00", "TITLE": "1.5", "COMMENTS": null}}"#,
    );
    let ty = |name: &str| support::field(&fields, name).ty.clone();
    assert_eq!(ty("ID"), Type::Integer);
    assert_eq!(ty("PHONE"), Type::String);
    assert_eq!(
        ty("OPENED"),
        Type::Boolean {
            form: BoolForm::YesNo
        }
    );
    assert_eq!(ty("DATE_CREATE"), Type::DateTime);
    assert_eq!(ty("BEGINDATE"), Type::Date);
    assert_eq!(ty("OPPORTUNITY"), Type::Number);
    assert_eq!(ty("TITLE"), Type::String);
    // `null` says nothing of a type.
    assert_eq!(ty("COMMENTS"), Type::Any);
}

#[test]
fn items_that_disagree_keep_the_wire_text() {
    let fields = example_result(
        r#"{"result": {"items": [{"SORT": "10", "RATE": "1.5"}, {"SORT": "first", "RATE": "2"}]}}"#,
    );
    let Type::Array { item } = &support::field(&fields, "items").ty else {
        panic!("array");
    };
    let items = support::sub_fields(item);
    assert_eq!(support::field(items, "SORT").ty, Type::String);
    assert_eq!(support::field(items, "RATE").ty, Type::String);
}

#[test]
fn user_fields_of_one_portal_are_no_struct_fields() {
    let fields = example_result(
        r#"{"result": {"id": 1, "ufCrm_1720019876534": "x", "parentId1222": 5,
            "UF_CRM_...": "", "PARENT_ID_...": 0, "UF_DEPARTMENT": [1]}}"#,
    );
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "UF_DEPARTMENT"]);
}

#[test]
fn a_type_label_beats_the_example() {
    let text = format!(
        "{HEAD}## Обработка ответа\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **result**\n[`string`](x) | Код ||\n|#\n\n```json\n{{\"result\": \"2909\"}}\n```\n"
    );
    let (m, _) = method_str(&text);
    assert_eq!(m.response.ty, Type::String);
    assert_eq!(m.response.source, ResponseSource::Table);
}
