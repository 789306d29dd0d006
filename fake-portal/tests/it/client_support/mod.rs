//! Request types written the way the generator writes them, and helpers shared by
//! the client tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use b24_fake_portal::{FakePortal, PortalConfig};
use bitrix24::client::Client;
use bitrix24::method::UndocumentedError;
use bitrix24::{ErrorCode, ListMethod, Method, Paging};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `user.current`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UserCurrent {}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct User {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "NAME")]
    pub name: String,
    #[serde(rename = "UF_DEPARTMENT", default)]
    pub departments: Vec<u64>,
}

/// Codes documented for `user.current` (as a generated enum would be).
#[derive(Debug, Clone, PartialEq)]
pub enum UserCurrentError {
    AccessDenied,
    Other(String),
}

impl ErrorCode for UserCurrentError {
    fn from_code(code: &str) -> Self {
        match code {
            "ACCESS_DENIED" => UserCurrentError::AccessDenied,
            other => UserCurrentError::Other(other.to_string()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            UserCurrentError::AccessDenied => "ACCESS_DENIED",
            UserCurrentError::Other(code) => code,
        }
    }
}

impl Method for UserCurrent {
    const NAME: &'static str = "user.current";
    const SCOPES: &'static [&'static str] = &["user"];
    const DEPRECATED: bool = false;
    type Response = User;
    type Error = UserCurrentError;
}

/// `department.get`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepartmentGet {
    #[serde(rename = "ID", skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Department {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "NAME")]
    pub name: String,
}

impl Method for DepartmentGet {
    const NAME: &'static str = "department.get";
    const SCOPES: &'static [&'static str] = &["department"];
    const DEPRECATED: bool = false;
    type Response = Vec<Department>;
    type Error = UndocumentedError;
}

/// `test.echo`: answers its parameters.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Echo {
    #[serde(flatten)]
    pub params: BTreeMap<String, Value>,
}

impl Echo {
    pub fn with(name: &str, value: Value) -> Echo {
        let mut params = BTreeMap::new();
        params.insert(name.to_string(), value);
        Echo { params }
    }
}

impl Method for Echo {
    const NAME: &'static str = "test.echo";
    const SCOPES: &'static [&'static str] = &[];
    const DEPRECATED: bool = false;
    type Response = Value;
    type Error = UndocumentedError;
}

/// `crm.contact.add` (a write: never retried after a server error).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContactAdd {
    pub fields: BTreeMap<String, Value>,
}

impl Method for ContactAdd {
    const NAME: &'static str = "crm.contact.add";
    const SCOPES: &'static [&'static str] = &["crm"];
    const DEPRECATED: bool = false;
    type Response = u64;
    type Error = UndocumentedError;
}

/// `crm.contact.list`: the list itself is `result`, ids are strings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContactList {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Contact {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "NAME")]
    pub name: String,
}

impl Method for ContactList {
    const NAME: &'static str = "crm.contact.list";
    const SCOPES: &'static [&'static str] = &["crm"];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = Vec<Contact>;
    type Error = UndocumentedError;
}

impl ListMethod for ContactList {
    type Item = Contact;
    const PAGING: Paging = Paging {
        rows: None,
        row_id: Some("ID"),
        filter_param: "filter",
        order_param: "order",
        param_id: "ID",
    };

    fn rows(result: Vec<Contact>) -> Vec<Contact> {
        result
    }
}

/// `crm.item.list`: `result` is `{"items": […]}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ItemList {
    #[serde(rename = "entityTypeId")]
    pub entity_type_id: u64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Item {
    pub id: u64,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ItemPage {
    pub items: Vec<Item>,
}

impl Method for ItemList {
    const NAME: &'static str = "crm.item.list";
    const SCOPES: &'static [&'static str] = &["crm"];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = ItemPage;
    type Error = UndocumentedError;
}

impl ListMethod for ItemList {
    type Item = Item;
    const PAGING: Paging = Paging {
        rows: Some("items"),
        row_id: Some("id"),
        filter_param: "filter",
        order_param: "order",
        param_id: "id",
    };

    fn rows(result: ItemPage) -> Vec<Item> {
        result.items
    }
}

/// `tasks.task.list`: `result` is `{"tasks": […]}`, rows say `id`, while the filter
/// and the order say `ID`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskList {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Task {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
}

impl Method for TaskList {
    const NAME: &'static str = "tasks.task.list";
    const SCOPES: &'static [&'static str] = &["task"];
    const DEPRECATED: bool = false;
    const READ_ONLY: bool = true;
    type Response = TaskPage;
    type Error = UndocumentedError;
}

impl ListMethod for TaskList {
    type Item = Task;
    const PAGING: Paging = Paging {
        rows: Some("tasks"),
        row_id: Some("id"),
        filter_param: "filter",
        order_param: "order",
        param_id: "ID",
    };

    fn rows(result: TaskPage) -> Vec<Task> {
        result.tasks
    }
}

/// `tasks.task.add` in REST 3.0.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskAddV3 {
    pub fields: BTreeMap<String, Value>,
}

impl Method for TaskAddV3 {
    const NAME: &'static str = "tasks.task.add";
    const SCOPES: &'static [&'static str] = &["task"];
    const DEPRECATED: bool = false;
    const REST_V3: bool = true;
    type Response = Value;
    type Error = UndocumentedError;
}

/// A portal without request limit, for tests about something else.
pub async fn portal() -> FakePortal {
    portal_with(PortalConfig {
        rate_limit: None,
        ..PortalConfig::default()
    })
    .await
}

pub async fn portal_with(config: PortalConfig) -> FakePortal {
    match FakePortal::start_with(config).await {
        Ok(portal) => portal,
        Err(err) => panic!("cannot start the fake portal: {err}"),
    }
}

/// A webhook client without pacing.
pub fn webhook_client(portal: &FakePortal) -> Client {
    build(
        Client::builder()
            .webhook(portal.webhook_url())
            .no_rate_limit(),
    )
}

pub fn build(builder: bitrix24::client::ClientBuilder) -> Client {
    match builder.build() {
        Ok(client) => client,
        Err(err) => panic!("cannot build the client: {err}"),
    }
}
