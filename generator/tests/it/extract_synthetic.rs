//! Pages written for the test: variants the corpus has few or none of (English
//! headings, front matter, cycles, broken anchors, dotted names).

use crate::support;

use b24_codegen::ir::{BoolForm, EnumRepr, Pagination, ResponseSource, Type};
use support::{codes, enum_values, field, method_str, sub_fields};

const ENGLISH: &str = r#"# Add a widget widget.item.add

> Scope: [`widget`](../scopes/permissions.md), [`crm`](../scopes/permissions.md)
>
> Who can execute the method: any user

The method `widget.item.add` adds a widget.

## Method parameters

{% include [Footnote](../../_includes/required.md) %}

#|
|| **Name**
`type` | **Description** ||
|| **fields***
[`object`](../data-types.md) | Widget [fields](#fields) ||
|| **mode**
[`integer`](../data-types.md) | Mode:
- `1` — fast
- `2` — slow ||
|| **start**
[`integer`](../data-types.md) | Offset ||
|#

### Parameter fields {#fields}

#|
|| **Name**
`type` | **Description** ||
|| **NAME***
[`string`](../data-types.md) | Name ||
|| **ACTIVE**
[`char`](../data-types.md) | Active: `Y` or `N` ||
|| **OWNER**
[`object`](../data-types.md) | Owner, see [fields](#fields) ||
|| **items[].id**
[`integer`](../data-types.md) | Item id ||
|#

## Response handling

```json
{"result": [{"id": 1, "name": "a", "price": 1.5}], "total": 1, "time": {}}
```

## Error handling

### Possible error codes

#|
|| **Code** | **Description** ||
|| `WIDGET_EXISTS` | The widget exists ||
|| `WIDGET_EXISTS` | Another text ||
|| **BAD_MODE** | The mode is unknown ||
|#
"#;

#[test]
fn english_page() {
    let (m, _) = method_str(ENGLISH);
    assert_eq!(m.name, "widget.item.add");
    assert_eq!(m.scopes, ["widget", "crm"]);
    assert_eq!(m.who_can.as_deref(), Some("any user"));
    assert_eq!(m.title, "Add a widget");
    let mode = &field(&m.params, "mode").ty;
    assert_eq!(enum_values(mode), ["1", "2"]);
    assert!(matches!(mode, Type::Enum(e) if e.repr == EnumRepr::Integer));
    let fields = sub_fields(&field(&m.params, "fields").ty);
    assert!(field(fields, "NAME").required);
    assert_eq!(
        field(fields, "ACTIVE").ty,
        Type::Boolean {
            form: BoolForm::YesNo
        }
    );
    assert!(matches!(field(fields, "items").ty, Type::Array { .. }));
    let item = sub_fields(&field(fields, "items").ty);
    assert_eq!(field(item, "id").ty, Type::Integer);
    assert_eq!(m.pagination, Pagination::Start);
    let Type::Array { item } = &m.response.ty else {
        panic!("response is not an array: {:?}", m.response.ty)
    };
    assert_eq!(field(sub_fields(item), "price").ty, Type::Number);
    assert_eq!(m.response.source, ResponseSource::Example);
    assert_eq!(m.errors.len(), 2);
    assert_eq!(m.errors[0].description, "The widget exists; Another text");
    assert_eq!(
        m.doc_url.as_deref(),
        Some("https://apidocs.bitrix24.ru/api-reference/test/page.html")
    );
}

#[test]
fn self_referencing_anchor_stops() {
    let (m, _) = method_str(ENGLISH);
    let fields = sub_fields(&field(&m.params, "fields").ty);
    // OWNER points back at the table being read: an object without fields.
    assert_eq!(
        field(fields, "OWNER").ty,
        Type::Object { fields: Vec::new() }
    );
}

#[test]
fn broken_anchor_and_duplicate_param() {
    let text = "# Get x.y.get\n\n## Параметры метода\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **a**\n[`object`](x) | См. [поля](#nowhere) ||\n|| **a**\n[`string`](x) | Again ||\n|#\n";
    let (m, diags) = method_str(text);
    assert_eq!(m.params.len(), 1);
    assert_eq!(m.params[0].ty, Type::Object { fields: Vec::new() });
    let c = codes(&diags);
    assert!(c.contains(&"B24W016"), "{c:?}");
    assert!(c.contains(&"B24W017"), "{c:?}");
    let broken = diags
        .iter()
        .find(|d| d.code == "B24W016")
        .expect("diagnostic");
    assert_eq!(broken.line, 9);
}

#[test]
fn front_matter_overrides_and_conflicts() {
    let text = r#"---
method: x.item.list
scope: crm
deprecated: true
aliases: [x.item.all]
rate_limit_per_sec: 2
pagination: start
params: {"type":"object","properties":{"id":{"type":"integer"},"extra":{"type":"string","format":"date"}},"required":["id"]}
returns: {"type":"array","items":{"type":"integer"}}
---

# List items x.item.list

> Scope: [`im`](../scopes/permissions.md)

Lists items.

## Параметры метода

#|
|| **Название**
`тип` | **Описание** ||
|| **id**
[`string`](x) | Id ||
|#

## Обработка ответа

```json
{"result": true}
```
"#;
    let (m, diags) = method_str(text);
    assert_eq!(m.scopes, ["crm"]);
    assert!(m.deprecated.is_some());
    assert_eq!(m.aliases, ["x.item.all"]);
    assert_eq!(m.rate_limit_per_sec, Some(2.0));
    assert_eq!(m.pagination, Pagination::Start);
    let id = field(&m.params, "id");
    assert_eq!(
        (id.ty.clone(), id.required, id.required_known),
        (Type::Integer, true, true)
    );
    assert_eq!(field(&m.params, "extra").ty, Type::Date);
    assert_eq!(
        m.response.ty,
        Type::Array {
            item: Box::new(Type::Integer)
        }
    );
    assert_eq!(m.response.source, ResponseSource::FrontMatter);
    let conflicts = diags.iter().filter(|d| d.code == "B24W007").count();
    assert!(conflicts >= 3, "{diags:#?}");
}

#[test]
fn bare_object_front_matter_says_nothing() {
    let text = "---\nmethod: a.b\nparams: {\"type\":\"object\"}\nreturns: {\"type\":\"object\"}\n---\n\n# A a.b\n\n## Ответ в случае успеха\n\n```json\n{\"result\": 5}\n```\n";
    let (m, diags) = method_str(text);
    assert_eq!(m.response.ty, Type::Integer);
    assert!(diags.iter().all(|d| d.code != "B24W007"));
}

#[test]
fn filter_operators_and_values_in_prose_are_not_enums() {
    let text = "# L a.list\n\n## Параметры\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **op**\n[`string`](x) | Операторы:\n- `>=` — больше или равно\n- `<` — меньше ||\n|| **kind**\n[`string`](x) | Вид:\n- `A` — первый\n- любой другой код ||\n|#\n";
    let (m, _) = method_str(text);
    assert_eq!(field(&m.params, "op").ty, Type::String);
    assert_eq!(field(&m.params, "kind").ty, Type::String);
}

#[test]
fn unknown_type_is_reported() {
    let text = "# L a.get\n\n## Параметры метода\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **x**\n`Widget` | X ||\n|| **y** | Y ||\n|#\n";
    let (m, diags) = method_str(text);
    assert_eq!(field(&m.params, "x").ty, Type::Any);
    assert_eq!(field(&m.params, "y").ty, Type::Any);
    let c = codes(&diags);
    assert!(c.contains(&"B24W012") && c.contains(&"B24W011"), "{c:?}");
}

#[test]
fn example_params_and_undocumented_keys() {
    let text = "# L a.add\n\n## Параметры метода\n\n#|\n|| **Название**\n`тип` | **Описание** ||\n|| **id***\n`integer` | Id ||\n|#\n\n## Примеры кода\n\n{% list tabs %}\n\n- JS\n\n    ```js\n    BX24.callMethod('a.add', { other: 'x' }, cb);\n    ```\n\n{% endlist %}\n";
    let (m, diags) = method_str(text);
    assert_eq!(
        m.examples[0].params,
        Some(serde_json::json!({"other": "x"}))
    );
    let c = codes(&diags);
    assert!(c.contains(&"B24W019") && c.contains(&"B24N020"), "{c:?}");
}
