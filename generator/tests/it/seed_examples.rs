//! Each seed's documented example call, built with the generated types, serialises to the
//! same JSON as the example on its page.

use std::path::Path;

use b24_codegen::ir;
use b24_codegen::pipeline::{self, Layout};
use bitrix24::api::{im, imopenlines, tasks};
use bitrix24::Method;
use serde_json::{json, Value};

/// The parameters of the first example of `method` that has them, read from `specs/`.
fn documented_params(method: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = pipeline::discover(&root.join("specs"), Layout::Specs).unwrap();
    let reading = pipeline::read(&root, &files, 1);
    let m: &ir::Method = reading
        .api
        .methods
        .iter()
        .find(|m| m.name == method)
        .unwrap();
    m.examples
        .iter()
        .find_map(|e| e.params.clone())
        .unwrap_or_else(|| panic!("{method}: no example with parameters"))
}

fn assert_same<M: Method>(request: &M) {
    let ours = serde_json::to_value(request).unwrap();
    assert_eq!(ours, documented_params(M::NAME), "{}", M::NAME);
}

#[test]
fn im_chat_add() {
    let request = im::ChatAdd::new()
        .users(vec![103, 547])
        .r#type(im::ChatAddType::Chat)
        .title("Чат по сделке")
        .description("Здесь обсуждаем сделку")
        .color(im::ChatAddColor::Pink)
        .message("Добро пожаловать в чат сделки")
        .entity_type(im::ChatAddEntityType::Crm)
        .entity_id("DEAL|1663");
    assert_same(&request);
}

#[test]
fn im_message_share() {
    let request = im::MessageShare::new(289, "chat74", im::MessageShareType::Chat);
    assert_same(&request);
}

#[test]
fn imopenlines_crm_message_add() {
    let request = imopenlines::CrmMessageAdd::new(
        imopenlines::CrmMessageAddCrmEntityType::Deal,
        288,
        12,
        8773,
        "Текст сообщения",
    );
    assert_same(&request);
}

#[test]
fn tasks_task_chat_message_send() {
    let fields = tasks::TaskChatMessageSendFields::new(51, "Сообщение из внешней системы");
    assert_same(&tasks::TaskChatMessageSend::new(fields));
}

#[test]
fn im_message_add_legacy_page() {
    // The legacy example sends empty strings for the attachment, keyboard and menu, which
    // it leaves untyped. The official page types them as objects, and layering takes
    // that type: "nothing" is now the absent field, so the placeholders are left out.
    let request = im::MessageAdd::new("chat13", "Message text")
        .system(false)
        .url_preview(true);
    let mut page = documented_params(im::MessageAdd::NAME);
    let page_fields = page.as_object_mut().unwrap();
    for placeholder in ["ATTACH", "KEYBOARD", "MENU"] {
        assert_eq!(page_fields.remove(placeholder), Some(json!("")));
    }
    assert_eq!(serde_json::to_value(&request).unwrap(), page);
    let attach = serde_json::Map::from_iter([("ID".to_string(), json!(1))]);
    let typed = serde_json::to_value(request.attach(attach)).unwrap();
    assert_eq!(typed["ATTACH"], json!({"ID": 1}));
}

#[test]
fn unknown_enum_values_round_trip() {
    let value: im::ChatAddColor = serde_json::from_value(json!("ULTRAVIOLET")).unwrap();
    assert_eq!(value, im::ChatAddColor::Unknown("ULTRAVIOLET".into()));
    assert_eq!(serde_json::to_value(&value).unwrap(), json!("ULTRAVIOLET"));
    let known: im::ChatAddColor = serde_json::from_value(json!("PINK")).unwrap();
    assert_eq!(known, im::ChatAddColor::Pink);
}

#[test]
fn setters_take_anything_convertible_and_lists_take_any_collection() {
    let from_owned = im::ChatAdd::new()
        .users(vec![103_i64, 547])
        .title(String::from("Deal 1663"));
    let from_borrowed = im::ChatAdd::new().users([103, 547]).title("Deal 1663");
    let from_iterator = im::ChatAdd::new()
        .users((0..2).map(|i| [103, 547][i]))
        .title("Deal 1663");
    let expected = json!({"USERS": [103, 547], "TITLE": "Deal 1663"});
    for request in [from_owned, from_borrowed, from_iterator] {
        assert_eq!(serde_json::to_value(&request).unwrap(), expected);
    }
}

#[test]
fn enums_display_and_parse_their_wire_values() {
    assert_eq!(im::ChatAddColor::Pink.to_string(), "PINK");
    assert_eq!(
        "PINK".parse::<im::ChatAddColor>(),
        Ok(im::ChatAddColor::Pink)
    );
    let unknown: im::ChatAddColor = "ULTRAVIOLET".parse().unwrap();
    assert_eq!(unknown, im::ChatAddColor::Unknown("ULTRAVIOLET".into()));
    assert_eq!(unknown.to_string(), "ULTRAVIOLET");
    let numeric = imopenlines::CrmMessageAddCrmEntityType::Deal;
    assert_eq!(numeric.to_string().parse(), Ok(numeric));
}
