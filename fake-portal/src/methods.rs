//! The methods the portal implements, `batch` among them.

use serde_json::{json, Map, Value};

use crate::php::{parse_str, substitute};
use crate::server::time_object;
use crate::state::{Charge, State};
use crate::Fault;

/// A successful call.
pub(crate) struct Done {
    pub result: Value,
    pub total: Option<u64>,
    pub next: Option<u64>,
    /// The operating time it was charged.
    pub charge: Option<Charge>,
}

impl Done {
    fn of(result: Value) -> Done {
        Done {
            result,
            total: None,
            next: None,
            charge: None,
        }
    }

    pub(crate) fn into_envelope(self, state: &State) -> Value {
        let time = time_object(state, self.charge.as_ref());
        let mut envelope = Map::new();
        envelope.insert("result".to_string(), self.result);
        if let Some(total) = self.total {
            envelope.insert("total".to_string(), json!(total));
        }
        if let Some(next) = self.next {
            envelope.insert("next".to_string(), json!(next));
        }
        envelope.insert("time".to_string(), Value::Object(time));
        Value::Object(envelope)
    }
}

/// A failed call.
pub(crate) struct Failure {
    pub status: u16,
    pub code: String,
    pub description: String,
    /// REST 3.0 request validation: field and problem.
    pub validation: Vec<(String, String)>,
    /// Inside a batch, written as a bare string.
    pub as_text: bool,
}

pub(crate) fn failure(status: u16, code: &str, description: &str) -> Failure {
    Failure {
        status,
        code: code.to_string(),
        description: description.to_string(),
        validation: Vec::new(),
        as_text: false,
    }
}

/// What every call goes through first: counting, injected command errors, and the
/// method's time budget.
fn admit(
    state: &State,
    method: &str,
    params: &Value,
    in_batch: bool,
) -> Result<Option<Charge>, Failure> {
    state.count_call(method, params, in_batch);
    if let Some(Fault::CommandError {
        code,
        description,
        as_text,
    }) = state.take_command_fault(method)
    {
        return Err(Failure {
            as_text,
            ..failure(400, &code, &description)
        });
    }
    match state.charge(method) {
        Some(charge) => Ok(Some(charge)),
        None => Err(failure(
            429,
            "OPERATION_TIME_LIMIT",
            "Method is blocked due to operation time limit.",
        )),
    }
}

/// Runs `method` with `params` (already authenticated).
pub(crate) fn call(
    state: &State,
    method: &str,
    params: &Value,
    in_batch: bool,
) -> Result<Done, Failure> {
    let method = method.to_ascii_lowercase();
    let charge = admit(state, &method, params, in_batch)?;
    let mut done = run(state, &method, params, in_batch)?;
    done.charge = charge;
    Ok(done)
}

/// Runs a REST 3.0 method.
pub(crate) fn call_v3(state: &State, method: &str, params: &Value) -> Result<Done, Failure> {
    let method = method.to_ascii_lowercase();
    let charge = admit(state, &method, params, false)?;
    let mut done = match method.as_str() {
        "test.echo" => Done::of(params.clone()),
        "tasks.task.add" => task_add_v3(state, params)?,
        _ => return Err(failure(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")),
    };
    done.charge = charge;
    Ok(done)
}

fn task_add_v3(state: &State, params: &Value) -> Result<Done, Failure> {
    let title = member(params, "fields")
        .and_then(|fields| member(fields, "title"))
        .and_then(Value::as_str)
        .filter(|title| !title.is_empty());
    let Some(title) = title else {
        return Err(Failure {
            validation: vec![("fields.title".to_string(), "required".to_string())],
            ..failure(
                400,
                "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION",
                "Request validation failed",
            )
        });
    };
    Ok(Done::of(
        json!({"item": {"id": state.next_contact_id(), "title": title}}),
    ))
}

fn run(state: &State, method: &str, params: &Value, in_batch: bool) -> Result<Done, Failure> {
    match method {
        "user.current" => Ok(Done::of(json!({
            "ID": "1", "ACTIVE": true, "NAME": "Ada", "LAST_NAME": "Lovelace",
            "EMAIL": "ada@example.com", "IS_ONLINE": "Y", "UF_DEPARTMENT": [7]
        }))),
        "department.get" => Ok(Done::of(department(params))),
        "server.time" => Ok(Done::of(json!("2026-01-01T00:00:00+00:00"))),
        "test.echo" => Ok(Done::of(params.clone())),
        "crm.contact.add" => Ok(Done::of(json!(state.next_contact_id()))),
        // Creating a chat answers the new chat's id, like creating a contact.
        "im.chat.add" => Ok(Done::of(json!(state.next_contact_id()))),
        "crm.contact.list" => Ok(list(state, params, Shape::Classic)),
        "crm.item.list" => Ok(list(state, params, Shape::Items)),
        "tasks.task.list" => Ok(list(state, params, Shape::Tasks)),
        "batch" if in_batch => Err(failure(
            405,
            "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "Batch is not allowed inside batch",
        )),
        "batch" => batch(state, params),
        "event.bind" => crate::events::bind(state, params),
        "event.unbind" => crate::events::unbind(state, params),
        "event.get" => crate::events::get(state),
        _ => Err(failure(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")),
    }
}

fn department(params: &Value) -> Value {
    let id = member(params, "ID").map(number).unwrap_or_default();
    if id == 7 {
        json!([{"ID": "7", "NAME": "Engineering", "SORT": 500, "PARENT": "1"}])
    } else {
        json!([])
    }
}

/// A parameter by its exact name: a real portal reads `filter`, not `FILTER`.
fn member<'v>(params: &'v Value, name: &str) -> Option<&'v Value> {
    params.as_object()?.get(name)
}

/// A number as MySQL compares it: a string that is not one counts as 0.
fn number(value: &Value) -> i64 {
    match value {
        Value::Number(number) => number.as_i64().unwrap_or_default(),
        Value::String(text) => text.trim().parse().unwrap_or_default(),
        Value::Bool(flag) => i64::from(*flag),
        _ => 0,
    }
}

#[derive(Clone, Copy)]
enum Shape {
    /// `[{"ID": "1", "NAME": …}]`, ids as strings like the old CRM lists.
    Classic,
    /// `{"items": [{"id": 1, "title": …}]}`, like `crm.item.list`.
    Items,
    /// `{"tasks": [{"id": "1", "title": …}]}`, filtered and ordered by `ID`, like
    /// `tasks.task.list`.
    Tasks,
}

impl Shape {
    /// The id as `filter` and `order` name it.
    fn id_field(self) -> &'static str {
        match self {
            Shape::Classic | Shape::Tasks => "ID",
            Shape::Items => "id",
        }
    }

    fn row(self, id: u64) -> Value {
        match self {
            Shape::Classic => {
                json!({"ID": id.to_string(), "NAME": format!("Contact {id}"), "OPENED": "Y"})
            }
            Shape::Items => json!({"id": id, "title": format!("Item {id}"), "opened": true}),
            Shape::Tasks => json!({"id": id.to_string(), "title": format!("Task {id}")}),
        }
    }

    fn wrap(self, rows: Vec<Value>) -> Value {
        match self {
            Shape::Classic => Value::Array(rows),
            Shape::Items => json!({ "items": rows }),
            Shape::Tasks => json!({ "tasks": rows }),
        }
    }
}

/// One page of the dataset `1..=items`: id filters (`>ID`, `>=ID`, `<ID`, `<=ID`,
/// `ID`, `!ID`), order by id, `start` (`-1`: no count, no `next`).
fn list(state: &State, params: &Value, shape: Shape) -> Done {
    let id_field = shape.id_field();
    let conditions: Vec<(String, i64)> = member(params, "filter")
        .and_then(Value::as_object)
        .map(|filter| {
            filter
                .iter()
                .filter_map(|(key, value)| {
                    let operator =
                        key.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                    let field = &key[operator.len()..];
                    (field == id_field).then(|| (operator.to_string(), number(value)))
                })
                .collect()
        })
        .unwrap_or_default();
    let descending = member(params, "order")
        .and_then(|order| member(order, id_field))
        .and_then(Value::as_str)
        .is_some_and(|direction| direction.eq_ignore_ascii_case("DESC"));
    let start = member(params, "start").map(number).unwrap_or(0);
    let matches = |id: u64| {
        conditions
            .iter()
            .all(|(operator, value)| compare(id as i64, operator, *value))
    };
    let ids: Box<dyn Iterator<Item = u64>> = if descending {
        Box::new((1..=state.config.items).rev())
    } else {
        Box::new(1..=state.config.items)
    };
    let mut ids = ids.filter(|id| matches(*id));
    let page = state.config.page_size;
    if start < 0 {
        let rows = ids.take(page).map(|id| shape.row(id)).collect();
        return Done {
            result: shape.wrap(rows),
            total: Some(0),
            next: None,
            charge: None,
        };
    }
    let all: Vec<u64> = ids.by_ref().collect();
    let offset = (start as usize).min(all.len());
    let rows = all[offset..]
        .iter()
        .take(page)
        .map(|id| shape.row(*id))
        .collect();
    let next = (offset + page < all.len()).then_some((offset + page) as u64);
    Done {
        result: shape.wrap(rows),
        total: Some(all.len() as u64),
        next,
        charge: None,
    }
}

fn compare(id: i64, operator: &str, value: i64) -> bool {
    match operator {
        ">" => id > value,
        ">=" => id >= value,
        "<" => id < value,
        "<=" => id <= value,
        "!" | "!=" => id != value,
        _ => id == value,
    }
}

/// `batch`: `cmd` (map or list of `method?query`), `halt`. Runs commands in order,
/// resolving `$result[…]` against earlier results.
fn batch(state: &State, params: &Value) -> Result<Done, Failure> {
    let halt = member(params, "halt").is_some_and(truthy);
    let commands: Vec<(String, String)> = match member(params, "cmd") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| (key.clone(), text(value)))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, value)| (index.to_string(), text(value)))
            .collect(),
        _ => Vec::new(),
    };
    if commands.len() > state.config.max_batch {
        return Err(failure(
            400,
            "ERROR_BATCH_LENGTH_EXCEEDED",
            "Max batch length exceeded",
        ));
    }
    let mut sections = Sections::default();
    for (key, command) in commands {
        let (method, query) = command.split_once('?').unwrap_or((&command, ""));
        let mut inner = parse_str(query);
        substitute(&mut inner, &sections.result);
        sections
            .time
            .insert(key.clone(), Value::Object(time_object(state, None)));
        match call(state, method, &inner, true) {
            Ok(done) => {
                sections.result.insert(key.clone(), done.result);
                if let Some(total) = done.total {
                    sections.total.insert(key.clone(), json!(total));
                }
                if let Some(next) = done.next {
                    sections.next.insert(key, json!(next));
                }
            }
            Err(failed) => {
                let entry = if failed.as_text {
                    json!(failed.description)
                } else {
                    json!({"error": failed.code, "error_description": failed.description})
                };
                sections.error.insert(key, entry);
                if halt {
                    break;
                }
            }
        }
    }
    Ok(Done::of(sections.into_value()))
}

#[derive(Default)]
struct Sections {
    result: Map<String, Value>,
    error: Map<String, Value>,
    total: Map<String, Value>,
    next: Map<String, Value>,
    time: Map<String, Value>,
}

impl Sections {
    /// Empty sections are `[]`, as PHP's `json_encode` writes an empty array.
    fn into_value(self) -> Value {
        let section = |map: Map<String, Value>| {
            if map.is_empty() {
                json!([])
            } else {
                Value::Object(map)
            }
        };
        json!({
            "result": section(self.result),
            "result_error": section(self.error),
            "result_total": section(self.total),
            "result_next": section(self.next),
            "result_time": section(self.time),
        })
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => matches!(text.to_ascii_lowercase().as_str(), "1" | "true" | "y"),
        _ => false,
    }
}

fn text(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_default()
}
