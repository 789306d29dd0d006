//! Links between pages, resolved once every page is read: entity types shared by the
//! methods returning them, a list shown as one by its example, and paging facts.
//! Skipped with a message when the official docs are not checked out.

use crate::support;

use std::path::PathBuf;

use b24_codegen::ir::{Api, Method, Type};
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
