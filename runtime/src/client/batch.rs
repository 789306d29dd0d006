//! Typed batches: many commands in one request.
//!
//! ```no_run
//! # use bitrix24_runtime::client::{Client, Error};
//! # async fn run<U: bitrix24_runtime::Method, D: bitrix24_runtime::Method>(client: Client, user: U, dept: D) -> Result<(), Error> {
//! let mut batch = client.batch();
//! let me = batch.add("me", &user)?;
//! // `ID` of the second command is the first department of the first one's result.
//! let department = batch.add_with("dept", &dept, &[("ID", me.result().at("UF_DEPARTMENT").at(0))])?;
//! let results = batch.halt(true).send().await?;
//! let me = results.get(&me)?;
//! let department = results.get(&department)?;
//! # Ok(())
//! # }
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use serde_json::{Map, Value};

use super::envelope::{self, api_error, lenient_u64, Meta, Time};
use super::error::{ApiError, Error};
use super::query::command_query;
use super::retry::backoff;
use super::{to_params, Call, Client, Payload, Response};
use crate::method::Method;

/// Commands collected for one or more batch requests. More than the portal's 50
/// commands are split into several requests, sent in order.
pub struct Batch<'c> {
    client: &'c Client,
    halt: bool,
    commands: Vec<Command>,
}

struct Command {
    key: String,
    method: String,
    /// Safe to send twice.
    read_only: bool,
    params: Value,
    /// Parameters whose value is the result of an earlier command.
    refs: Vec<(Vec<String>, ResultRef)>,
}

/// A command's place in a batch; reads its typed result back from [`BatchResults`].
pub struct Handle<M> {
    key: String,
    method: PhantomData<fn() -> M>,
}

impl<M> Handle<M> {
    /// The command's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// A reference to this command's result, for a later command's parameter.
    pub fn result(&self) -> ResultRef {
        ResultRef {
            key: self.key.clone(),
            path: Vec::new(),
        }
    }
}

impl<M> Clone for Handle<M> {
    fn clone(&self) -> Self {
        Handle {
            key: self.key.clone(),
            method: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Handle<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Handle").field(&self.key).finish()
    }
}

/// A value inside an earlier command's result: `$result[key][field][0]…` on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRef {
    key: String,
    path: Vec<String>,
}

impl ResultRef {
    /// The whole result of the command with `key`.
    pub fn new(key: impl Into<String>) -> Self {
        ResultRef {
            key: key.into(),
            path: Vec::new(),
        }
    }

    /// One level deeper: a field name or, for lists, a row number.
    pub fn at(mut self, segment: impl fmt::Display) -> Self {
        self.path.push(segment.to_string());
        self
    }
}

impl fmt::Display for ResultRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "$result[{}]", self.key)?;
        for segment in &self.path {
            write!(f, "[{segment}]")?;
        }
        Ok(())
    }
}

impl<'c> Batch<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Batch {
            client,
            halt: false,
            commands: Vec::new(),
        }
    }

    /// Stop at the first failing command (later ones are not run).
    pub fn halt(mut self, halt: bool) -> Self {
        self.halt = halt;
        self
    }

    /// Number of commands.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether no command was added.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Adds a command under `key` (letters, digits, `_`, `-`; unique in the batch).
    pub fn add<M: Method>(
        &mut self,
        key: impl Into<String>,
        request: &M,
    ) -> Result<Handle<M>, Error> {
        self.add_with(key, request, &[])
    }

    /// Adds a command some of whose parameters are results of earlier commands.
    /// Each parameter is named PHP-style (`ID`, `filter[>ID]`, `fields[PARENT_ID]`).
    pub fn add_with<M: Method>(
        &mut self,
        key: impl Into<String>,
        request: &M,
        refs: &[(&str, ResultRef)],
    ) -> Result<Handle<M>, Error> {
        let key = key.into();
        let params = to_params(M::NAME, request)?;
        let refs = refs
            .iter()
            .map(|(name, target)| (param_path(name), target.clone()))
            .collect();
        self.push(key.clone(), M::NAME, M::READ_ONLY, params, refs)?;
        Ok(Handle {
            key,
            method: PhantomData,
        })
    }

    pub(crate) fn push(
        &mut self,
        key: String,
        method: &str,
        read_only: bool,
        params: Value,
        refs: Vec<(Vec<String>, ResultRef)>,
    ) -> Result<(), Error> {
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Error::Config(format!(
                "batch key `{key}` must be letters, digits, `_` or `-`"
            )));
        }
        if self.commands.iter().any(|command| command.key == key) {
            return Err(Error::Config(format!("batch key `{key}` is used twice")));
        }
        for (_, target) in &refs {
            if !self
                .commands
                .iter()
                .any(|command| command.key == target.key)
            {
                return Err(Error::Config(format!(
                    "`{key}` refers to `{}`, which is not an earlier command",
                    target.key
                )));
            }
        }
        self.commands.push(Command {
            key,
            method: method.to_string(),
            read_only,
            params,
            refs,
        });
        Ok(())
    }

    /// Sends the commands, at most `batch_size` (50) per request. A reference to a
    /// command of an earlier request is filled in here with the value it refers to.
    ///
    /// A failed command is reported in its own result; only a failure of a whole
    /// request (transport, timeout, an error answer to `batch` itself) fails `send`.
    /// Commands the portal refused for a limit (`OPERATION_TIME_LIMIT`,
    /// `QUERY_LIMIT_EXCEEDED`) are sent again, alone, once the limit allows — with
    /// `halt`, together with the commands the refusal kept from running.
    pub async fn send(self) -> Result<BatchResults, Error> {
        let config = self.client.config();
        let size = config.batch_size.clamp(1, 50);
        let mut results = BatchResults {
            entries: Vec::with_capacity(self.commands.len()),
        };
        let mut halted = false;
        for chunk in self.commands.chunks(size) {
            if halted {
                results
                    .entries
                    .extend(chunk.iter().map(Entry::not_executed));
                continue;
            }
            let entries = self.send_chunk(chunk, &results).await?;
            halted = self.halt
                && entries
                    .iter()
                    .any(|entry| !matches!(entry.outcome, Outcome::Done { .. }));
            results.entries.extend(entries);
        }
        Ok(results)
    }

    /// One request's commands, with the rounds that re-send those refused for a limit.
    async fn send_chunk(
        &self,
        chunk: &[Command],
        earlier: &BatchResults,
    ) -> Result<Vec<Entry>, Error> {
        let config = self.client.config();
        let mut finished: HashMap<&str, Entry> = HashMap::new();
        let mut pending: Vec<&Command> = chunk.iter().collect();
        let mut round = 0u32;
        let mut blocked = Duration::ZERO;
        while !pending.is_empty() {
            round += 1;
            let in_request: HashSet<&str> =
                pending.iter().map(|command| command.key.as_str()).collect();
            let lookup = |target: &ResultRef| {
                finished
                    .get(target.key.as_str())
                    .and_then(|entry| entry.value_at(target))
                    .or_else(|| earlier.value_at(target))
            };
            let commands = pending
                .iter()
                .map(|command| (command.key.clone(), encode(command, &in_request, &lookup)))
                .collect();
            let methods: Vec<&str> = pending
                .iter()
                .map(|command| command.method.as_str())
                .collect();
            let call = Call {
                name: "batch",
                read_only: pending.iter().all(|command| command.read_only),
                rest_v3: false,
            };
            let payload = Payload::Batch {
                halt: self.halt,
                commands,
            };
            let success = self.client.execute(call, &payload, &methods).await?;
            let mut refused = false;
            let mut rate_refused = false;
            let mut again = Vec::new();
            for command in pending {
                let entry = Entry::read(command, &success.result);
                if let Some(time) = entry.time() {
                    self.client.inner.pacer.record(&command.method, time);
                }
                let limited = entry.limit_error();
                let resend = match limited {
                    Some(error) if error.is("OPERATION_TIME_LIMIT") => {
                        let wait = self.client.inner.pacer.block(
                            &command.method,
                            error.time.as_ref(),
                            config.default_operation_wait,
                        );
                        blocked = blocked.max(wait);
                        true
                    }
                    Some(_) => {
                        rate_refused = true;
                        true
                    }
                    None => refused && self.halt && matches!(entry.outcome, Outcome::NotExecuted),
                };
                refused |= limited.is_some();
                if resend
                    && round <= config.max_rate_limit_retries
                    && blocked <= config.max_operation_wait
                {
                    again.push(command);
                } else {
                    finished.insert(command.key.as_str(), entry);
                }
            }
            if rate_refused && !again.is_empty() {
                // Refused by the request rate: wait as for a refused request. A time
                // budget block is waited for by the pacer before the next request.
                tokio::time::sleep(backoff(round, config)).await;
            }
            pending = again;
        }
        Ok(chunk
            .iter()
            .map(|command| {
                finished
                    .remove(command.key.as_str())
                    .unwrap_or_else(|| Entry::not_executed(command))
            })
            .collect())
    }
}

/// `filter[>ID]` → `["filter", ">ID"]`.
fn param_path(name: &str) -> Vec<String> {
    let mut parts = name.split('[');
    let mut path = vec![parts.next().unwrap_or_default().to_string()];
    path.extend(parts.map(|part| part.trim_end_matches(']').to_string()));
    path
}

/// `method?query` of a command, references filled in: by the portal for commands of
/// the same request, here (through `earlier`) for commands of an earlier one.
fn encode(
    command: &Command,
    in_request: &HashSet<&str>,
    earlier: &dyn Fn(&ResultRef) -> Option<Value>,
) -> String {
    let mut params = command.params.clone();
    for (path, target) in &command.refs {
        let value = if in_request.contains(target.key.as_str()) {
            Value::String(target.to_string())
        } else {
            // A value that is missing is sent as the reference text, which the portal
            // cannot resolve either: the command sees what it would have seen there.
            earlier(target).unwrap_or_else(|| Value::String(target.to_string()))
        };
        set_path(&mut params, path, value);
    }
    let query = command_query(&params);
    if query.is_empty() {
        command.method.clone()
    } else {
        format!("{}?{query}", command.method)
    }
}

/// Sets `value` at `path` inside `params`, creating objects on the way.
pub(crate) fn set_path(params: &mut Value, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = params;
    for segment in parents {
        node = child(node, segment);
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    if let Value::Object(map) = node {
        map.insert(last.clone(), value);
    }
}

fn child<'v>(node: &'v mut Value, segment: &str) -> &'v mut Value {
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    match node {
        Value::Object(map) => map.entry(segment.to_string()).or_insert(Value::Null),
        other => other,
    }
}

/// What each command of a batch produced, in the order they were added.
#[derive(Debug, Clone)]
pub struct BatchResults {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    key: String,
    method: String,
    outcome: Outcome,
}

#[derive(Debug, Clone)]
enum Outcome {
    Done { value: Value, meta: Box<Meta> },
    Failed(Box<ApiError>),
    NotExecuted,
}

impl Entry {
    fn not_executed(command: &Command) -> Entry {
        Entry {
            key: command.key.clone(),
            method: command.method.clone(),
            outcome: Outcome::NotExecuted,
        }
    }

    /// Reads one command's outcome from a batch `result`:
    /// `{result, result_error, result_total, result_next, result_time}` keyed by command.
    fn read(command: &Command, result: &Value) -> Entry {
        let key = command.key.as_str();
        let time = section(result, "result_time", key).and_then(Time::from_value);
        let error = section(result, "result_error", key)
            .and_then(|error| command_error(error, &command.method, time.clone()));
        let outcome = match (error, section(result, "result", key)) {
            (Some(error), _) => Outcome::Failed(Box::new(error)),
            (None, Some(value)) => Outcome::Done {
                value: value.clone(),
                meta: Box::new(Meta {
                    time,
                    total: section(result, "result_total", key).and_then(lenient_u64),
                    next: section(result, "result_next", key).and_then(lenient_u64),
                }),
            },
            (None, None) => Outcome::NotExecuted,
        };
        Entry {
            key: key.to_string(),
            method: command.method.clone(),
            outcome,
        }
    }
}

impl Entry {
    fn time(&self) -> Option<&Time> {
        match &self.outcome {
            Outcome::Done { meta, .. } => meta.time.as_ref(),
            Outcome::Failed(error) => error.time.as_ref(),
            Outcome::NotExecuted => None,
        }
    }

    /// The error, when the portal refused the command for a limit without running it.
    fn limit_error(&self) -> Option<&ApiError> {
        match &self.outcome {
            Outcome::Failed(error)
                if error.is("OPERATION_TIME_LIMIT") || error.is("QUERY_LIMIT_EXCEEDED") =>
            {
                Some(error)
            }
            _ => None,
        }
    }

    fn value_at(&self, target: &ResultRef) -> Option<Value> {
        match &self.outcome {
            Outcome::Done { value, .. } => walk(value, &target.path),
            _ => None,
        }
    }
}

/// A `result_error` entry: an error object, or a bare string (a code, or a message).
fn command_error(entry: &Value, method: &str, time: Option<Time>) -> Option<ApiError> {
    match entry {
        Value::Object(error) => api_error(error, method, None, time),
        Value::String(text) if !text.is_empty() => {
            let code = if text.chars().any(char::is_whitespace) {
                String::new()
            } else {
                text.clone()
            };
            Some(ApiError {
                method: method.to_string(),
                code,
                description: text.clone(),
                status: None,
                validation: Vec::new(),
                time,
            })
        }
        _ => None,
    }
}

/// `result[name][key]`; a section keyed by consecutive numbers may arrive as a list,
/// and an empty one as `[]`.
fn section<'v>(result: &'v Value, name: &str, key: &str) -> Option<&'v Value> {
    match result.get(name)? {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get(index)),
        _ => None,
    }
}

impl BatchResults {
    /// The typed result of a command, or its error.
    pub fn get<M: Method>(&self, handle: &Handle<M>) -> Result<M::Response, Error> {
        self.get_with_meta(handle).map(|response| response.result)
    }

    /// The typed result of a command with its `total`, `next` and `time`.
    pub fn get_with_meta<M: Method>(
        &self,
        handle: &Handle<M>,
    ) -> Result<Response<M::Response>, Error> {
        let (value, meta) = self.raw(&handle.key)?;
        let result = envelope::decode(M::NAME, value.clone())?;
        Ok(Response {
            result,
            meta: meta.clone(),
        })
    }

    /// The untyped result of the command with `key`, or its error.
    pub fn raw(&self, key: &str) -> Result<(&Value, &Meta), Error> {
        let entry = self
            .entries
            .iter()
            .find(|entry| entry.key == key)
            .ok_or_else(|| Error::Config(format!("no batch command `{key}`")))?;
        match &entry.outcome {
            Outcome::Done { value, meta } => Ok((value, meta)),
            Outcome::Failed(error) => Err(Error::Api(error.clone())),
            Outcome::NotExecuted => Err(Error::NotExecuted {
                key: entry.key.clone(),
            }),
        }
    }

    /// Keys of the commands, in order, with the method each called.
    pub fn commands(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|entry| (entry.key.as_str(), entry.method.as_str()))
    }

    /// Number of commands.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch had no command.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value a reference points to, if its command succeeded and has it.
    fn value_at(&self, target: &ResultRef) -> Option<Value> {
        let (node, _) = self.raw(&target.key).ok()?;
        walk(node, &target.path)
    }
}

fn walk(mut node: &Value, path: &[String]) -> Option<Value> {
    for segment in path {
        node = match node {
            Value::Object(map) => map.get(segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_render_as_php_paths() {
        let target = ResultRef::new("cmd_3").at(49).at("ID");
        assert_eq!(target.to_string(), "$result[cmd_3][49][ID]");
    }

    #[test]
    fn parameter_names_split_like_php() {
        assert_eq!(param_path("filter[>ID]"), vec!["filter", ">ID"]);
        assert_eq!(param_path("ID"), vec!["ID"]);
        let mut params = json!({"filter": {"ACTIVE": "Y"}});
        set_path(
            &mut params,
            &param_path("filter[>ID]"),
            json!("$result[a][0][ID]"),
        );
        assert_eq!(
            params,
            json!({"filter": {"ACTIVE": "Y", ">ID": "$result[a][0][ID]"}})
        );
    }

    #[test]
    fn outcomes_are_read_per_command() {
        let result = json!({
            "result": {"a": [1, 2], "c": null},
            "result_error": {"b": {"error": "NOT_FOUND", "error_description": "Not found."}, "e": "Access denied."},
            "result_total": {"a": "2"},
            "result_next": [],
            "result_time": {"a": {"start": 1, "finish": 1.5}}
        });
        let command = |key: &str| Command {
            key: key.into(),
            method: "x.list".into(),
            read_only: true,
            params: json!({}),
            refs: vec![],
        };
        let a = Entry::read(&command("a"), &result);
        assert!(
            matches!(&a.outcome, Outcome::Done { meta, .. } if meta.total == Some(2) && meta.next.is_none())
        );
        let b = Entry::read(&command("b"), &result);
        assert!(
            matches!(&b.outcome, Outcome::Failed(error) if error.code == "NOT_FOUND" && error.status.is_none())
        );
        let c = Entry::read(&command("c"), &result);
        assert!(matches!(
            &c.outcome,
            Outcome::Done {
                value: Value::Null,
                ..
            }
        ));
        let d = Entry::read(&command("d"), &result);
        assert!(matches!(&d.outcome, Outcome::NotExecuted));
        let e = Entry::read(&command("e"), &result);
        assert!(
            matches!(&e.outcome, Outcome::Failed(error) if error.description == "Access denied.")
        );
    }
}
