//! Links between pages, resolved once every page is read: entity types shared by the
//! methods returning them, a list shown as one by its example, and paging facts.
//! Skipped with a message when the official docs are not checked out.

use crate::support;

use std::path::PathBuf;

use b24_codegen::ir::{Api, IdFilter, IdOrder, Method, Pages, Paging, Type};
use b24_codegen::pipeline;

/// The API read from a few pages of the docs, so that their links meet.
fn read(pages: &[&str]) -> Option<Api> {
    let root = support::corpus_root()?;
    let files: Vec<PathBuf> = pages
        .iter()
        .map(|p| root.join("api-reference").join(p))
        .collect();
    Some(pipeline::read(&root, &files, 1).api)
}

fn method<'a>(api: &'a Api, name: &str) -> &'a Method {
    api.methods
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{name} not read"))
}

#[test]
fn a_list_and_its_getter_share_one_entity() {
    let Some(api) = read(&["crm/deals/crm-deal-list.md", "crm/deals/crm-deal-get.md"]) else {
        return;
    };
    let deal = Type::Named {
        name: "deal".into(),
    };
    assert_eq!(method(&api, "crm.deal.get").response.ty, deal);
    assert_eq!(
        method(&api, "crm.deal.list").response.ty,
        Type::Array {
            item: Box::new(deal)
        }
    );
    let entity = api.types.iter().find(|t| t.name == "deal").expect("entity");
    let Type::Object { fields } = &entity.ty else {
        panic!("deal is an object");
    };
    assert!(fields.iter().any(|f| f.name == "ID"));
    assert!(
        fields.iter().all(|f| f.description.is_empty()),
        "facts only"
    );
    let paging = method(&api, "crm.deal.list")
        .paging
        .clone()
        .expect("a list");
    assert_eq!(paging.rows, None);
    assert_eq!(paging.row_id.as_deref(), Some("ID"));
    assert!(method(&api, "crm.deal.get").read_only);
}

#[test]
fn a_link_to_a_missing_page_leaves_an_open_object() {
    // Without the getter's page the link has nothing to resolve to.
    let Some(api) = read(&["crm/deals/crm-deal-list.md"]) else {
        return;
    };
    assert_eq!(
        method(&api, "crm.deal.list").response.ty,
        Type::Array {
            item: Box::new(Type::Object { fields: Vec::new() })
        }
    );
}

#[test]
fn a_list_the_example_shows_is_a_list() {
    let Some(api) = read(&["user/user-get.md"]) else {
        return;
    };
    assert!(matches!(
        method(&api, "user.get").response.ty,
        Type::Array { .. }
    ));
}

#[test]
fn wrapped_rows_and_the_id_as_parameters_spell_it() {
    let Some(api) = read(&["tasks/tasks-task-list.md"]) else {
        return;
    };
    let paging = method(&api, "tasks.task.list")
        .paging
        .clone()
        .expect("a list");
    assert_eq!(paging.rows.as_deref(), Some("tasks"));
    assert_eq!(paging.row_id.as_deref(), Some("id"));
    assert_eq!(paging.param_id, "ID");
    assert_eq!(
        (paging.filter_param.as_str(), paging.order_param.as_str()),
        ("filter", "order")
    );
}

fn paging(api: &Api, name: &str) -> Paging {
    method(api, name).paging.clone().expect("a list")
}

#[test]
fn filter_and_order_shapes_come_from_the_parameter_tables() {
    let Some(api) = read(&[
        "departments/department-get.md",
        "user/user-get.md",
        "lists/elements/lists-element-get.md",
        "entity/items/entity-item-get.md",
        "crm/universal/category/crm-category-list.md",
    ]) else {
        return;
    };
    // Field names taken as parameters of their own, a sort field with a direction.
    let department = paging(&api, "department.get");
    assert_eq!(department.id_filter, IdFilter::TopLevel);
    assert_eq!(department.param_id, "ID");
    assert_eq!(
        department.id_order,
        IdOrder::Field {
            sort_param: "sort".into()
        }
    );
    assert_eq!(department.order_param, "order");
    let user = paging(&api, "user.get");
    assert_eq!(
        (user.id_filter, user.filter_param.as_str()),
        (IdFilter::Param, "FILTER")
    );
    assert!(matches!(user.id_order, IdOrder::Field { .. }));
    // Orders under names of their own.
    let element = paging(&api, "lists.element.get");
    assert_eq!(
        (element.id_order, element.order_param.as_str()),
        (IdOrder::Map, "ELEMENT_ORDER")
    );
    let item = paging(&api, "entity.item.get");
    assert_eq!(
        (item.id_order, item.order_param.as_str()),
        (IdOrder::Map, "SORT")
    );
    // Neither a filter nor an order: no reading by id.
    let category = paging(&api, "crm.category.list");
    assert_eq!(
        (category.id_filter, category.id_order),
        (IdFilter::None, IdOrder::None)
    );
}

#[test]
fn offset_paging_and_rows_the_example_wraps() {
    let Some(api) = read(&["chats/im-recent-list.md", "crm/crm-stage-history-list.md"]) else {
        return;
    };
    let recent = paging(&api, "im.recent.list");
    assert_eq!(recent.rows.as_deref(), Some("items"));
    assert_eq!(
        recent.pages,
        Pages::Offset {
            offset_param: "OFFSET".into(),
            limit_param: "LIMIT".into(),
            limit: 50,
            more: Some("hasMore".into()),
        }
    );
    let history = paging(&api, "crm.stagehistory.list");
    assert_eq!(history.rows.as_deref(), Some("items"));
    assert_eq!(history.row_id.as_deref(), Some("ID"));
    assert_eq!(history.pages, Pages::Start);
}
