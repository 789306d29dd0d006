//! The methods the portal implements, `batch` among them.

use serde_json::{json, Map, Value};

use crate::listing::{member, number};
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
    if let Some(listing) = state.listing(method) {
        let page = listing.page(params, state.config.items, state.config.page_size);
        return Ok(Done {
            result: page.result,
            total: page.total,
            next: page.next,
            charge: None,
        });
    }
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
