//! Reading every row of a list method, with the facts its [`ListMethod`] impl states.
//!
//! Two ways: [`Client::stream`] follows `start`/`next` (or an offset and a "more" flag,
//! as the method's [`Pages`] say) page by page, one request each;
//! [`Client::stream_fast`] orders by id and asks for "ids after the last one seen".
//! It counts once (the first page, `start=0`), then asks for exactly the pages still
//! missing, up to 50 per batch request chained through `$result[cmd_N][…][49][ID]`
//! references and without counting (`start=-1`): no list query is wasted.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, TryStreamExt};
use serde_json::{json, Value};

use super::batch::{set_path, ResultRef};
use super::envelope;
use super::error::Error;
use super::{to_params, Call, Client, Payload};
use crate::method::{IdFilter, IdOrder, ListMethod, Pages, Paging};

/// How [`Client::stream_fast`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FastOptions {
    /// Highest ids first.
    pub descending: bool,
    /// Stop after this many rows.
    pub limit: Option<u64>,
    /// Pages chained in one batch request (at most 50).
    pub pages_per_request: usize,
}

impl Default for FastOptions {
    fn default() -> Self {
        FastOptions {
            descending: false,
            limit: None,
            pages_per_request: 50,
        }
    }
}

impl FastOptions {
    /// Highest ids first.
    pub fn descending(mut self) -> Self {
        self.descending = true;
        self
    }

    /// Stop after `rows` rows.
    pub fn limit(mut self, rows: u64) -> Self {
        self.limit = Some(rows);
        self
    }
}

/// How far a list read is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Rows received so far.
    pub fetched: u64,
    /// Rows the list has (capped by the limit), once the portal said.
    pub total: Option<u64>,
}

/// A view of a list read's [`Progress`] that outlives borrowing the stream.
#[derive(Debug, Clone, Default)]
pub struct ProgressHandle(Arc<Mutex<Progress>>);

impl ProgressHandle {
    /// The progress now.
    pub fn get(&self) -> Progress {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        change(
            &mut self
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
    }
}

/// The rows of a list read: a stream of `T`, with its progress.
pub struct Rows<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
    progress: ProgressHandle,
}

impl<T> Rows<T> {
    /// Rows received so far, and the total once known.
    pub fn progress(&self) -> Progress {
        self.progress.get()
    }

    /// A handle reading the progress from elsewhere (another task, a progress bar).
    pub fn progress_handle(&self) -> ProgressHandle {
        self.progress.clone()
    }

    fn failed(error: Error) -> Rows<T>
    where
        T: Send + 'static,
    {
        Rows {
            inner: Box::pin(stream::once(async { Err(error) })),
            progress: ProgressHandle::default(),
        }
    }
}

impl<T> Stream for Rows<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Rows<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("progress", &self.progress())
            .finish()
    }
}

fn rows_of<T: Send + 'static>(items: Vec<T>) -> impl Stream<Item = Result<T, Error>> {
    stream::iter(items.into_iter().map(Ok))
}

impl Client {
    /// Every row of a list method, one page per request: following `start`/`next`, or
    /// for a method paging by offset, moving the offset by the page size while the
    /// answer says more follow. The paging parameters are set on the serialised
    /// request; other parameters are sent as given.
    pub fn stream<M>(&self, request: &M) -> Rows<M::Item>
    where
        M: ListMethod + 'static,
        M::Item: Send + 'static,
    {
        let mut params = match to_params(M::NAME, request) {
            Ok(params) => params,
            Err(error) => return Rows::failed(error),
        };
        let (first, step) = match M::PAGES {
            Pages::Start => (0, Step::Start),
            Pages::Offset {
                offset_param,
                limit_param,
                limit,
                more,
            } => {
                // The offset moves by the page size asked for, not by the rows received:
                // an answer may fold several records into one row.
                let limit = match params.get(limit_param).and_then(number) {
                    Some(given) if given > 0 => given,
                    _ => {
                        set_path(&mut params, &[limit_param.to_string()], json!(limit));
                        limit
                    }
                };
                let first = params.get(offset_param).and_then(number).unwrap_or(0);
                let step = Step::Offset {
                    offset_param,
                    limit,
                    more,
                };
                (first, step)
            }
        };
        self.stream_pages::<M>(params, first, step)
    }

    fn stream_pages<M>(&self, params: Value, first: u64, step: Step) -> Rows<M::Item>
    where
        M: ListMethod + 'static,
        M::Item: Send + 'static,
    {
        let progress = ProgressHandle::default();
        let state = PageState {
            client: self.clone(),
            params,
            next: Some(first),
            step,
            progress: progress.clone(),
        };
        Rows {
            inner: Box::pin(
                stream::try_unfold(state, next_page::<M>)
                    .map_ok(rows_of)
                    .try_flatten(),
            ),
            progress,
        }
    }

    /// Every row of a list method, fast: ordered by id, filtered by "after the last
    /// id", counted once, then as many chained pages per batch request as remain.
    /// Fails at once when the method cannot be read by id ([`ListMethod::reads_by_id`]):
    /// its rows carry no id, or it takes no id condition or no order by id.
    pub fn stream_fast<M>(&self, request: &M, options: FastOptions) -> Rows<M::Item>
    where
        M: ListMethod + 'static,
        M::Item: Send + 'static,
    {
        let (Some(row_id), None) = (M::PAGING.row_id, M::why_not_by_id()) else {
            return Rows::failed(Error::Config(format!(
                "{}: {}, so it cannot be read by id; read it with `stream`",
                M::NAME,
                M::why_not_by_id().unwrap_or("its rows carry no id")
            )));
        };
        let mut params = match to_params(M::NAME, request) {
            Ok(params) => params,
            Err(error) => return Rows::failed(error),
        };
        let paging = M::PAGING;
        order_by_id(&mut params, &paging, M::ID_ORDER, options.descending);
        let progress = ProgressHandle::default();
        let state = FastState {
            client: self.clone(),
            params,
            paging,
            filter: M::ID_FILTER,
            row_id,
            options,
            page_size: 0,
            last_id: None,
            target: None,
            fetched: 0,
            done: false,
            progress: progress.clone(),
        };
        Rows {
            inner: Box::pin(
                stream::try_unfold(state, next_fast::<M>)
                    .map_ok(rows_of)
                    .try_flatten(),
            ),
            progress,
        }
    }
}

/// Sets the request's order to ids, ascending or descending, the way the method takes it.
fn order_by_id(params: &mut Value, paging: &Paging, shape: IdOrder, descending: bool) {
    let direction = if descending { "DESC" } else { "ASC" };
    let order = [paging.order_param.to_string()];
    match shape {
        IdOrder::Map => set_path(params, &order, json!({ paging.param_id: direction })),
        IdOrder::Field { sort_param } => {
            set_path(params, &[sort_param.to_string()], json!(paging.param_id));
            set_path(params, &order, json!(direction));
        }
        // `stream_fast` refuses such methods before ordering.
        IdOrder::None => {}
    }
}

/// A non-negative whole number, also when sent as text.
fn number(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => text.trim().parse().ok(),
        other => other.as_u64(),
    }
}

/// How [`Client::stream`] asks for the page after one.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// `start` = the envelope's `next`.
    Start,
    /// `offset_param` moves by `limit` while `result[more]` is `true` (or, without the
    /// flag, while pages come full).
    Offset {
        offset_param: &'static str,
        limit: u64,
        more: Option<&'static str>,
    },
}

struct PageState {
    client: Client,
    params: Value,
    /// `start` or the offset of the next page; `None` after the last.
    next: Option<u64>,
    step: Step,
    progress: ProgressHandle,
}

async fn next_page<M: ListMethod>(
    mut state: PageState,
) -> Result<Option<(Vec<M::Item>, PageState)>, Error> {
    let Some(start) = state.next else {
        return Ok(None);
    };
    let mut params = state.params.clone();
    let at = match state.step {
        Step::Start => "start",
        Step::Offset { offset_param, .. } => offset_param,
    };
    set_path(&mut params, &[at.to_string()], json!(start));
    let success = state
        .client
        .execute(Call::of::<M>(), &Payload::Params(params), &[])
        .await?;
    let more = match state.step {
        Step::Offset {
            more: Some(flag), ..
        } => success.result.get(flag).and_then(Value::as_bool),
        _ => None,
    };
    let page: M::Response = envelope::decode(M::NAME, success.result)?;
    let rows = M::rows(page);
    state.next = match state.step {
        // A `next` that does not move forward would loop for ever.
        Step::Start => success.meta.next.filter(|next| *next > start),
        Step::Offset { limit, .. } => {
            let full = rows.len() as u64 >= limit;
            (!rows.is_empty() && more.unwrap_or(full)).then_some(start + limit)
        }
    };
    let total = success.meta.total;
    state.progress.update(|progress| {
        progress.fetched += rows.len() as u64;
        progress.total = total.or(progress.total);
    });
    Ok(Some((rows, state)))
}

struct FastState {
    client: Client,
    params: Value,
    paging: Paging,
    filter: IdFilter,
    row_id: &'static str,
    options: FastOptions,
    /// Rows per page, as the counted first page showed.
    page_size: usize,
    last_id: Option<Value>,
    /// Rows to read: the count, capped by the limit; `None` before the first page.
    target: Option<u64>,
    fetched: u64,
    done: bool,
    progress: ProgressHandle,
}

impl FastState {
    /// `filter[>ID]` (or `<ID` when descending), or `>ID` among the request's own
    /// parameters.
    fn id_filter(&self) -> Vec<String> {
        let operator = if self.options.descending { "<" } else { ">" };
        let condition = format!("{operator}{}", self.paging.param_id);
        match self.filter {
            IdFilter::TopLevel => vec![condition],
            _ => vec![self.paging.filter_param.to_string(), condition],
        }
    }

    /// The request parameters of a page after `last_id` (when known here).
    fn page_params(&self, start: i64) -> Value {
        let mut params = self.params.clone();
        set_path(&mut params, &["start".to_string()], json!(start));
        if let Some(last) = &self.last_id {
            set_path(&mut params, &self.id_filter(), last.clone());
        }
        params
    }

    /// `$result[cmd_N][tasks][49][id]`: the last id of a full page of command `key`.
    fn last_id_of(&self, key: &str) -> ResultRef {
        let mut target = ResultRef::new(key);
        if let Some(rows) = self.paging.rows {
            target = target.at(rows);
        }
        target.at(self.page_size - 1).at(self.row_id)
    }

    fn remaining(&self) -> u64 {
        self.target
            .map_or(0, |target| target.saturating_sub(self.fetched))
    }

    /// Takes one page's `result`: its typed rows (cut to the limit), and what it says
    /// about the rest.
    fn take_page<M: ListMethod>(&mut self, result: Value) -> Result<Vec<M::Item>, Error> {
        let (count, last_id) = {
            let rows = page_rows(&result, &self.paging);
            let last = rows
                .last()
                .and_then(|row| row.get(self.row_id))
                .filter(|id| !id.is_null() && **id != json!(""))
                .cloned();
            (rows.len() as u64, last)
        };
        let wanted = self.remaining();
        let full = self.page_size > 0 && count >= self.page_size as u64;
        self.done = wanted <= count || count == 0 || !full;
        if !self.done {
            // Checked before the rows are decoded: the next page depends on this id.
            let Some(id) = last_id else {
                return Err(Error::MissingRowId {
                    method: M::NAME.to_string(),
                    field: self.row_id.to_string(),
                    fetched: self.fetched + count,
                    total: self.target.unwrap_or_default(),
                });
            };
            self.last_id = Some(id);
        }
        let page: M::Response = envelope::decode(M::NAME, result)?;
        let mut rows = M::rows(page);
        rows.truncate(usize::try_from(wanted).unwrap_or(usize::MAX));
        self.fetched += rows.len() as u64;
        let fetched = self.fetched;
        self.progress.update(|progress| progress.fetched = fetched);
        Ok(rows)
    }
}

/// The rows of one page's `result`, as JSON.
fn page_rows<'v>(result: &'v Value, paging: &Paging) -> &'v [Value] {
    let list = match paging.rows {
        Some(member) => result.get(member),
        None => Some(result),
    };
    list.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

async fn next_fast<M: ListMethod>(
    mut state: FastState,
) -> Result<Option<(Vec<M::Item>, FastState)>, Error> {
    if state.done {
        return Ok(None);
    }
    if state.target.is_none() {
        return first_page::<M>(state).await.map(Some);
    }
    let remaining = state.remaining();
    let page = state.page_size as u64;
    let most = state.options.pages_per_request.clamp(1, 50) as u64;
    let pages = remaining.div_ceil(page).clamp(1, most);
    let mut batch = state.client.batch().halt(true);
    for index in 0..pages {
        let params = state.page_params(-1);
        let mut refs = Vec::new();
        if index > 0 {
            refs.push((
                state.id_filter(),
                state.last_id_of(&format!("cmd_{}", index - 1)),
            ));
        }
        batch.push(format!("cmd_{index}"), M::NAME, M::READ_ONLY, params, refs)?;
    }
    let results = batch.send().await?;
    let mut rows = Vec::new();
    for index in 0..pages {
        let (result, _) = results.raw(&format!("cmd_{index}"))?;
        rows.extend(state.take_page::<M>(result.clone())?);
        if state.done {
            break;
        }
    }
    Ok(Some((rows, state)))
}

/// The counted first page: the total, the page size, the first rows.
async fn first_page<M: ListMethod>(
    mut state: FastState,
) -> Result<(Vec<M::Item>, FastState), Error> {
    let params = state.page_params(0);
    let success = state
        .client
        .execute(Call::of::<M>(), &Payload::Params(params), &[])
        .await?;
    let count = page_rows(&success.result, &state.paging).len() as u64;
    // Without a count (a method that sends no `total`), batches are chained full
    // until a short page: the only case that may waste list queries.
    let total = success.meta.total;
    let target = match (total, state.options.limit) {
        (Some(total), Some(limit)) => total.min(limit),
        (Some(total), None) => total,
        (None, Some(limit)) => limit,
        (None, None) => u64::MAX,
    };
    state.target = Some(target);
    state.page_size = usize::try_from(count).unwrap_or(usize::MAX);
    let known = total.map(|_| target);
    state.progress.update(|progress| progress.total = known);
    let rows = state.take_page::<M>(success.result)?;
    Ok((rows, state))
}
