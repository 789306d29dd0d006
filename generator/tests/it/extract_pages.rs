//! Concrete facts read from real pages of the documentation corpus (skipped when the
//! corpus is absent).

use crate::support;

use b24_codegen::diag::Diags;
use b24_codegen::extract::{assemble, Outcome, SkipReason};
use b24_codegen::ir::{BoolForm, EnumRepr, Method, Pagination, Type};

use support::{enum_values, field, sub_fields};

fn page(rel: &str) -> Option<Method> {
    let root = support::corpus_root()?;
    Some(support::method(&root, &format!("api-reference/{rel}")))
}

fn skipped(rel: &str) -> Option<SkipReason> {
    let root = support::corpus_root()?;
    match support::run(&root, &format!("api-reference/{rel}")).0 {
        Outcome::Skipped { reason, .. } => Some(reason),
        Outcome::Method(m) => panic!("{rel} became method {}", m.name),
    }
}

#[test]
fn depth_four_nesting_through_anchors() {
    let Some(m) = page("catalog/price/catalog-price-modify.md") else {
        return;
    };
    let fields = field(&m.params, "fields");
    assert!(fields.required);
    let product = field(sub_fields(&fields.ty), "product");
    let prices = field(sub_fields(&product.ty), "prices");
    assert!(matches!(prices.ty, Type::Array { .. }));
    let price_fields = sub_fields(&prices.ty);
    assert_eq!(field(price_fields, "price").ty, Type::Number);
    assert!(field(price_fields, "catalogGroupId").required);
    assert!(!field(price_fields, "id").required);
    // `catalog_product.id` is an integer id.
    assert_eq!(field(sub_fields(&product.ty), "id").ty, Type::Integer);
}

#[test]
fn crm_deal_add_fields() {
    let Some(m) = page("crm/deals/crm-deal-add.md") else {
        return;
    };
    let fields = sub_fields(&field(&m.params, "fields").ty);
    assert_eq!(field(fields, "TITLE").ty, Type::String);
    assert_eq!(
        field(fields, "OPENED").ty,
        Type::Boolean {
            form: BoolForm::YesNo
        }
    );
    assert_eq!(field(fields, "BEGINDATE").ty, Type::Date);
    assert_eq!(field(fields, "OPPORTUNITY").ty, Type::Number);
    assert_eq!(
        field(fields, "CONTACT_IDS").ty,
        Type::Array {
            item: Box::new(Type::Integer)
        }
    );
    assert!(fields.len() > 30);
    assert_eq!(m.response.ty, Type::Integer);
}

#[test]
fn deprecated_with_replacement_outside_folder() {
    let Some(m) = page("crm/companies/crm-company-get.md") else {
        return;
    };
    let d = m.deprecated.expect("deprecated");
    assert_eq!(d.replacement.as_deref(), Some("crm.item.get"));
    assert!(d.note.contains("Развитие метода остановлено"));
}

#[test]
fn deprecated_by_folder() {
    let Some(m) = page("crm/outdated/measure/crm-measure-add.md") else {
        return;
    };
    assert!(m.deprecated.is_some());
}

#[test]
fn duplicated_error_codes_are_merged() {
    let Some(m) = page("imopenlines/openlines/messages/imopenlines-crm-message-add.md") else {
        return;
    };
    let codes: Vec<&str> = m.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "CHAT_NOT_IN_CRM",
            "ACCESS_DENIED",
            "ERROR_ARGUMENT",
            "MESSAGE_ADD_ERROR"
        ]
    );
    let arg = &m.errors[2];
    assert!(arg.description.contains("CRM_ENTITY_TYPE") && arg.description.contains("MESSAGE"));
    assert_eq!(m.errors[1].http_status, Some(403));
}

#[test]
fn placeholder_error_codes_are_no_codes() {
    // The page's code column says "empty value" for each of its rows: no code the
    // server sends. The errors are kept with an empty code, never a placeholder.
    let Some(m) = page("crm/deals/crm-deal-add.md") else {
        return;
    };
    assert!(!m.errors.is_empty());
    assert!(m.errors.iter().all(|e| e.code.is_empty()));
}

#[test]
fn system_errors_are_not_copied_into_methods() {
    let Some(m) = page("chats/im-chat-add.md") else {
        return;
    };
    assert!(m
        .errors
        .iter()
        .all(|e| e.code != "QUERY_LIMIT_EXCEEDED" && e.code != "INTERNAL_SERVER_ERROR"));
}

#[test]
fn anchor_defined_only_in_an_include() {
    let Some(m) = page("tasks/template/checklist/tasks-template-checklist-get.md") else {
        return;
    };
    let item = field(sub_fields(&m.response.ty), "checkListItem");
    let fields = sub_fields(&item.ty);
    assert_eq!(field(fields, "id").ty, Type::Integer);
    assert_eq!(field(fields, "title").ty, Type::String);
}

#[test]
fn rest_v3_page_is_a_variant() {
    let Some(m) = page("tasks/tasks-task-get-rest-v3.md") else {
        return;
    };
    assert_eq!(m.name, "tasks.task.get");
    assert_eq!(m.variant.as_deref(), Some("v3"));
    let Some(classic) = page("tasks/tasks-task-get.md") else {
        return;
    };
    assert_eq!(classic.variant, None);
}

#[test]
fn escaped_angle_bracket_names() {
    let Some(m) = page("imopenlines/openlines/sessions/imopenlines-session-history-get.md") else {
        return;
    };
    let text = serde_json::to_string(&m.response).unwrap_or_default();
    assert!(text.contains("\"name\":\"<chatId>\""), "{text}");
    assert!(!text.contains("\\\\<"));
}

#[test]
fn auto_slug_anchor() {
    let Some(m) = page("crm/universal/crm-item-add.md") else {
        return;
    };
    let fields = sub_fields(&field(&m.params, "fields").ty);
    assert!(fields.len() > 20);
    // Bullets explaining a name template are not enum values.
    assert_eq!(field(fields, "title").ty, Type::String);
}

#[test]
fn odd_method_names() {
    let Some(m) = page("sonet-group/sonet-group-get.md") else {
        return;
    };
    assert_eq!(
        (m.name.as_str(), m.namespace.as_str()),
        ("sonet_group.get", "sonet_group")
    );
    let Some(m) = page("chat-bots/chat-bots-v2/imbot.v2/chats/chat-manager-add.md") else {
        return;
    };
    assert_eq!(m.name, "imbot.v2.Chat.Manager.add");
    let Some(m) = page("events/event-offline-get.md") else {
        return;
    };
    assert_eq!(m.name, "event.offline.get");
    assert_eq!(m.title, "Получить список офлайн-событий с «очисткой»");
    let Some(m) = page("tasks/deprecated/task-item/task-item-get-manifest.md") else {
        return;
    };
    assert_eq!(m.name, "task.item.getmanifest");
}

#[test]
fn undotted_method_named_in_the_body() {
    let Some(m) = page("common/system/methods.md") else {
        return;
    };
    assert_eq!(m.name, "methods");
    assert_eq!(m.scopes, ["базовый"]);
}

#[test]
fn non_method_pages_are_skipped_with_a_reason() {
    let cases = [
        (
            "catalog/price/events/catalog-price-on-add.md",
            SkipReason::Event,
        ),
        (
            "chat-bots/chat-bots-v2/im.v2/events/events.md",
            SkipReason::Event,
        ),
        ("landing/embedding/block.md", SkipReason::Placement),
        (
            "sale/delivery/webhooks/calculate.md",
            SkipReason::OutboundWebhook,
        ),
        (
            "widgets/ui-interaction/call-card/get-status.md",
            SkipReason::JsCommand,
        ),
        (
            "widgets/ui-interaction/bx24-placement-call.md",
            SkipReason::JsCommand,
        ),
        ("catalog/price/index.md", SkipReason::Index),
        (
            "tasks/template/checklist/_includes/checklist-item-response.md",
            SkipReason::Fragment,
        ),
    ];
    for (rel, reason) in cases {
        let Some(got) = skipped(rel) else { return };
        assert_eq!(got, reason, "{rel}");
    }
}

#[test]
fn conditional_required_marks() {
    let Some(m) = page("sale/basket-item/sale-basket-item-add.md") else {
        return;
    };
    let fields = sub_fields(&field(&m.params, "fields").ty);
    let name = field(fields, "measureName");
    assert!(!name.required && name.required_known);
    assert!(field(fields, "orderId").required);
    // `crm_currency.CURRENCY`: a code of a dictionary object.
    assert_eq!(field(fields, "currency").ty, Type::String);
    // `Y`/`N` values on a string make a flag.
    assert_eq!(
        field(fields, "customPrice").ty,
        Type::Boolean {
            form: BoolForm::YesNo
        }
    );
    assert_eq!(m.pagination, Pagination::Unknown);
}

#[test]
fn name_from_h1_not_from_the_drifting_example() {
    let Some(m) = page("sale/property-variant/sale-property-variant-get-fields.md") else {
        return;
    };
    assert_eq!(m.name, "sale.propertyvariant.getFields");
}

#[test]
fn second_h1_page_keeps_its_parameters() {
    let Some(m) = page("crm/outdated/category-old/crm-deal-category-status.md") else {
        return;
    };
    assert_eq!(m.name, "crm.dealcategory.status");
    assert_eq!(field(&m.params, "id").ty, Type::Integer);
}

#[test]
fn headerless_table_and_integer_enum() {
    let Some(m) = page("tasks/elapsed-item/task-elapsed-item-is-action-allowed.md") else {
        return;
    };
    assert_eq!(m.params.len(), 3);
    let Type::Enum(e) = &field(&m.params, "ACTIONID").ty else {
        panic!("ACTIONID is not an enum")
    };
    assert_eq!(e.repr, EnumRepr::Integer);
    assert_eq!(
        m.response.ty,
        Type::Boolean {
            form: BoolForm::Json
        }
    );
}

#[test]
fn latin_c_error_header() {
    let Some(m) = page("user/user-add.md") else {
        return;
    };
    assert!(m.errors.iter().any(|e| e.code == "ERROR_ARGUMENT"));
    assert!(field(&m.params, "EMAIL").required);
}

#[test]
fn dictionary_types() {
    let Some(m) = page("crm/contacts/crm-contact-add.md") else {
        return;
    };
    let fields = sub_fields(&field(&m.params, "fields").ty);
    assert_eq!(
        field(fields, "PHONE").ty,
        Type::Array {
            item: Box::new(Type::Named {
                name: "crm_multifield".into()
            })
        }
    );
    assert_eq!(field(fields, "TYPE_ID").ty, Type::String);
}

#[test]
fn list_method_pagination_and_filters() {
    let Some(m) = page("sonet-group/sonet-group-get.md") else {
        return;
    };
    assert_eq!(m.pagination, Pagination::Start);
    // A list filter whatever the page's label; the fields it lists stay on the type.
    let Type::Filter { fields } = &field(&m.params, "FILTER").ty else {
        panic!("FILTER is not a list filter");
    };
    assert!(fields.iter().any(|f| f == "ACTIVE"), "{fields:?}");
}

#[test]
fn metadata_of_a_page() {
    let Some(m) = page("chats/im-chat-add.md") else {
        return;
    };
    assert_eq!(m.scopes, ["im"]);
    assert_eq!(m.who_can.as_deref(), Some("любой пользователь"));
    assert_eq!(m.title, "Создать чат");
    assert_eq!(
        m.doc_url.as_deref(),
        Some("https://apidocs.bitrix24.ru/api-reference/chats/im-chat-add.html")
    );
    assert!(
        m.summary.starts_with("Метод `im.chat.add`"),
        "{}",
        m.summary
    );
    assert_eq!(m.source.path, "api-reference/chats/im-chat-add.md");
    assert_eq!(m.source.line, 1);
    let labels: Vec<&str> = m.examples.iter().map(|e| e.label.as_str()).collect();
    assert!(
        labels.contains(&"cURL (Webhook)") && labels.contains(&"Go"),
        "{labels:?}"
    );
    assert!(m.examples.iter().filter(|e| e.params.is_some()).count() >= 4);
}

#[test]
fn typescript_declared_result() {
    let Some(m) = page("tasks/deprecated/task-item/task-item-add.md") else {
        return;
    };
    assert_eq!(m.response.ty, Type::Number);
}

#[test]
fn assemble_sorts_reports_duplicates_and_collects_types() {
    let (Some(a), Some(b), Some(c)) = (
        page("crm/contacts/crm-contact-add.md"),
        page("chats/im-chat-add.md"),
        page("tasks/tasks-task-get-rest-v3.md"),
    ) else {
        return;
    };
    let Some(d) = page("tasks/tasks-task-get.md") else {
        return;
    };
    let mut diags = Diags::new();
    let api = assemble(vec![a.clone(), b, c, d, a], Vec::new(), &mut diags);
    let names: Vec<(&str, Option<&str>)> = api
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.variant.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("crm.contact.add", None),
            ("im.chat.add", None),
            ("tasks.task.get", None),
            ("tasks.task.get", Some("v3"))
        ]
    );
    assert_eq!(
        diags
            .as_slice()
            .iter()
            .filter(|d| d.code == "B24E004")
            .count(),
        1
    );
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(types.contains(&"crm_multifield"), "{types:?}");
}

#[test]
fn enum_values_keep_descriptions() {
    let Some(m) = page("chats/im-chat-add.md") else {
        return;
    };
    let Type::Enum(e) = &field(&m.params, "COLOR").ty else {
        panic!("COLOR is not an enum")
    };
    assert_eq!(e.values[0].value, "RED");
    assert_eq!(e.values[0].description, "красный");
    assert_eq!(enum_values(&field(&m.params, "TYPE").ty), ["OPEN", "CHAT"]);
}

#[test]
fn bullets_on_an_array_row_are_item_values() {
    let Some(m) = page("tasks/result/tasks-task-result-list-rest-v3.md") else {
        return;
    };
    let Type::Array { item } = &field(&m.params, "select").ty else {
        panic!("select is not an array")
    };
    let values = enum_values(item);
    assert!(
        values.contains(&"taskId") && values.contains(&"text"),
        "{values:?}"
    );
}

#[test]
fn scope_line_with_prose() {
    let Some(m) = page("crm/universal/userfieldconfig/userfieldconfig-update.md") else {
        return;
    };
    assert_eq!(
        m.scopes.first().map(String::as_str),
        Some("userfieldconfig")
    );
    assert!(!m.scopes.iter().any(|s| s == "moduleId"), "{:?}", m.scopes);
    let Some(m) = page("tasks/result/tasks-task-result-list-rest-v3.md") else {
        return;
    };
    assert_eq!(m.title, "Получить список результатов задачи");
}
