//! The five seed pages through parse + extract: the facts each must yield.

use crate::support;

use b24_codegen::ir::{BoolForm, EnumRepr, Method, Type};
use serde_json::json;

use support::{enum_values, field, specs_root, sub_fields};

fn seed(file: &str) -> Method {
    support::method(&specs_root(), file)
}

fn required(m: &Method) -> Vec<&str> {
    m.params
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.as_str())
        .collect()
}

fn codes(m: &Method) -> Vec<&str> {
    m.errors.iter().map(|e| e.code.as_str()).collect()
}

fn params_of<'a>(m: &'a Method, label: &str) -> &'a serde_json::Value {
    m.examples
        .iter()
        .find(|e| e.label == label)
        .and_then(|e| e.params.as_ref())
        .unwrap_or_else(|| panic!("no params in example `{label}`"))
}

#[test]
fn im_message_share() {
    let m = seed("im.message.share.md");
    assert_eq!(m.name, "im.message.share");
    assert_eq!(m.namespace, "im");
    assert_eq!(m.scopes, ["im"]);
    assert_eq!(m.title, "Создать объект на основании сообщения");
    assert_eq!(m.rate_limit_per_sec, Some(2.0));
    assert_eq!(required(&m), ["MESSAGE_ID", "DIALOG_ID", "TYPE"]);
    assert_eq!(
        enum_values(&field(&m.params, "TYPE").ty),
        ["CHAT", "TASK", "POST", "CALEND"]
    );
    // Inferred from the example column.
    assert_eq!(field(&m.params, "MESSAGE_ID").ty, Type::Integer);
    // "Формат:" bullets are formats, not values.
    assert_eq!(field(&m.params, "DIALOG_ID").ty, Type::String);
    assert_eq!(
        codes(&m),
        [
            "MESSAGE_ID_ERROR",
            "DIALOG_ID_EMPTY",
            "ACCESS_ERROR",
            "PARAMS_ERROR"
        ]
    );
    assert_eq!(
        m.response.ty,
        Type::Boolean {
            form: BoolForm::Json
        }
    );
    assert_eq!(
        params_of(&m, "JS"),
        &json!({"MESSAGE_ID": 289, "DIALOG_ID": "chat74", "TYPE": "CHAT"})
    );
    assert!(
        m.summary.starts_with("Метод `im.message.share` создаёт"),
        "{}",
        m.summary
    );
}

#[test]
fn imopenlines_crm_message_add() {
    let m = seed("imopenlines.crm.message.add.md");
    assert_eq!(m.name, "imopenlines.crm.message.add");
    assert_eq!(
        required(&m),
        [
            "CRM_ENTITY_TYPE",
            "CRM_ENTITY",
            "USER_ID",
            "CHAT_ID",
            "MESSAGE"
        ]
    );
    let entity_type = &field(&m.params, "CRM_ENTITY_TYPE").ty;
    assert_eq!(
        enum_values(entity_type),
        ["lead", "deal", "company", "contact"]
    );
    // `unknown` types inferred from the example calls.
    assert_eq!(field(&m.params, "CRM_ENTITY").ty, Type::Integer);
    assert_eq!(field(&m.params, "MESSAGE").ty, Type::String);
    assert_eq!(m.response.ty, Type::Integer);
    assert_eq!(codes(&m).len(), 4);
    let text = serde_json::to_string(&m).unwrap_or_default();
    assert!(!text.contains("TO-DO") && !text.contains("из файла Сергея"));
    // Placeholder tabs keep their text and send nothing.
    let curl = m
        .examples
        .iter()
        .find(|e| e.label == "cURL (Webhook)")
        .expect("tab");
    assert_eq!((curl.params.as_ref(), curl.language.as_str()), (None, ""));
    assert!(curl.code.contains("пример для cURL"));
    assert_eq!(params_of(&m, "BX24.js")["CHAT_ID"], json!(8773));
}

#[test]
fn im_chat_add() {
    let m = seed("im.chat.add.md");
    assert_eq!(m.params.len(), 10);
    assert!(m.params.iter().all(|f| !f.required));
    assert_eq!(enum_values(&field(&m.params, "COLOR").ty).len(), 16);
    assert_eq!(enum_values(&field(&m.params, "TYPE").ty), ["OPEN", "CHAT"]);
    assert_eq!(enum_values(&field(&m.params, "ENTITY_TYPE").ty).len(), 11);
    assert_eq!(field(&m.params, "ENTITY_ID").ty, Type::String);
    // An open list ("любой код доступной роли") stays a string.
    assert_eq!(field(&m.params, "COPILOT_MAIN_ROLE").ty, Type::String);
    assert!(matches!(field(&m.params, "USERS").ty, Type::Array { .. }));
    assert_eq!(m.response.ty, Type::Integer);
    assert_eq!(m.response.source, b24_codegen::ir::ResponseSource::Table);
    assert_eq!(
        params_of(&m, "cURL (Webhook)")["ENTITY_ID"],
        json!("DEAL|1663")
    );
    assert!(params_of(&m, "cURL (OAuth)").get("auth").is_none());
    assert_eq!(params_of(&m, "PHP")["USERS"], json!([103, 547]));
}

#[test]
fn tasks_task_chat_message_send() {
    let m = seed("tasks.task.chat.message.send.md");
    assert_eq!(m.scopes, ["task"]);
    let fields = field(&m.params, "fields");
    assert!(fields.required);
    let inner = sub_fields(&fields.ty);
    assert!(field(inner, "taskId").required && field(inner, "text").required);
    assert_eq!(field(inner, "taskId").ty, Type::Integer);
    assert_eq!(field(inner, "text").ty, Type::String);
    let result = sub_fields(&m.response.ty);
    assert_eq!(result.len(), 1);
    assert_eq!(
        field(result, "result").ty,
        Type::Boolean {
            form: BoolForm::Json
        }
    );
    assert_eq!(
        params_of(&m, "JS"),
        &json!({"fields": {"taskId": 51, "text": "Сообщение из внешней системы"}})
    );
    assert_eq!(m.errors[0].http_status, Some(400));
}

#[test]
fn im_message_add_legacy() {
    let m = seed("im.message.add.txt");
    assert_eq!(m.name, "im.message.add");
    assert_eq!(required(&m), ["DIALOG_ID", "MESSAGE"]);
    for name in ["SYSTEM", "ATTACH", "URL_PREVIEW", "KEYBOARD", "MENU"] {
        let f = field(&m.params, name);
        assert!(!f.required && f.required_known, "{name}");
    }
    assert_eq!(m.response.ty, Type::Integer);
    assert_eq!(codes(&m).len(), 11);
    assert_eq!(m.examples.len(), 1);
    assert_eq!(
        m.examples[0]
            .params
            .as_ref()
            .and_then(|p| p.get("DIALOG_ID")),
        Some(&json!("chat13"))
    );
    assert_eq!(field(&m.params, "SYSTEM").revision.as_deref(), Some("18"));
}

#[test]
fn seeds_have_no_integer_enums_by_accident() {
    for file in [
        "im.message.share.md",
        "imopenlines.crm.message.add.md",
        "im.chat.add.md",
    ] {
        for f in &seed(file).params {
            if let Type::Enum(e) = &f.ty {
                assert_eq!(e.repr, EnumRepr::String, "{file} {}", f.name);
            }
        }
    }
}
