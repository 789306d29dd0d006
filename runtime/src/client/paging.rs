//! Reading every item of a list method.
//!
//! Two ways: [`Client::stream`] follows `start`/`next` page by page, one request each;
//! [`Client::stream_fast`] orders by id, filters on "id greater than the last one seen",
//! asks for no count (`start=-1`) and chains up to 50 such pages in one batch through
//! `$result[cmd_N][49][ID]` references, so one request fetches up to 2,500 items.

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::batch::{set_path, ResultRef};
use super::envelope;
use super::error::Error;
use super::{to_params, Client, Payload};
use crate::method::Method;

/// A list method's `result`: something that holds one page of items.
///
/// Implemented for `Vec<T>` (methods whose `result` is the list itself); wrappers such
/// as `{"items": […]}` implement it by returning their list.
pub trait Paged {
    /// One item.
    type Item;
    /// The page's items.
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T> Paged for Vec<T> {
    type Item = T;

    fn into_items(self) -> Vec<T> {
        self
    }
}

/// How a list method names things, for [`Client::stream_fast`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FastPaging {
    /// The id field, to order and filter by (`ID`; `id` for `crm.item.list`).
    pub id_field: String,
    /// The filter parameter (`filter`; some methods use `FILTER`).
    pub filter_key: String,
    /// The order parameter (`order`).
    pub order_key: String,
    /// The member of `result` holding the rows, when `result` is not the list itself
    /// (`items` for `crm.item.list`).
    pub items_key: Option<String>,
    /// Rows the portal returns per page.
    pub page_size: usize,
    /// Pages chained in one batch request (at most 50).
    pub pages_per_request: usize,
    /// Count the matching rows once, with the very first page (`start=0`), so that
    /// later requests chain no more pages than remain and the read ends without an
    /// extra empty request. Off, no page is ever counted (for tables where a count
    /// is too slow) and the read ends at the first short page.
    pub count_first: bool,
}

impl Default for FastPaging {
    fn default() -> Self {
        FastPaging {
            id_field: "ID".to_string(),
            filter_key: "filter".to_string(),
            order_key: "order".to_string(),
            items_key: None,
            page_size: 50,
            pages_per_request: 50,
            count_first: true,
        }
    }
}

impl FastPaging {
    /// Settings for methods answering `{"items": [{"id": …}]}`, like `crm.item.list`.
    pub fn items() -> Self {
        FastPaging {
            id_field: "id".to_string(),
            items_key: Some("items".to_string()),
            ..FastPaging::default()
        }
    }
}

struct PageState {
    client: Client,
    method: &'static str,
    params: Value,
    next: Option<u64>,
}

impl Client {
    /// Every item of a list method, following `start`/`next` one page per request.
    /// `start` is set on the serialised request; other parameters are sent as given.
    pub fn stream<M>(
        &self,
        request: &M,
    ) -> impl Stream<Item = Result<<M::Response as Paged>::Item, Error>> + 'static
    where
        M: Method + 'static,
        M::Response: Paged + 'static,
    {
        let params = match to_params(M::NAME, request) {
            Ok(params) => params,
            Err(error) => return stream::once(async { Err(error) }).left_stream(),
        };
        let state = PageState {
            client: self.clone(),
            method: M::NAME,
            params,
            next: Some(0),
        };
        stream::try_unfold(state, next_page::<M>)
            .map_ok(items_stream)
            .try_flatten()
            .right_stream()
    }

    /// Every item of a list method, fast: ordered by id, filtered by `>id`, without
    /// counting, up to `pages_per_request` pages per batch request. The first page is
    /// counted (`start=0`) so the client knows when it has everything.
    pub fn stream_fast<M>(
        &self,
        request: &M,
        fast: FastPaging,
    ) -> impl Stream<Item = Result<<M::Response as Paged>::Item, Error>> + 'static
    where
        M: Method + 'static,
        M::Response: Paged + 'static,
    {
        let mut params = match to_params(M::NAME, request) {
            Ok(params) => params,
            Err(error) => return stream::once(async { Err(error) }).left_stream(),
        };
        set_path(
            &mut params,
            std::slice::from_ref(&fast.order_key),
            json!({ fast.id_field.clone(): "ASC" }),
        );
        let state = FastState {
            client: self.clone(),
            method: M::NAME,
            params,
            fast,
            last_id: None,
            total: None,
            fetched: 0,
            first: true,
            done: false,
        };
        stream::try_unfold(state, next_fast_batch::<M>)
            .map_ok(items_stream)
            .try_flatten()
            .right_stream()
    }
}

fn items_stream<T>(items: Vec<T>) -> impl Stream<Item = Result<T, Error>> {
    stream::iter(items.into_iter().map(Ok))
}

async fn next_page<M>(
    mut state: PageState,
) -> Result<Option<(Vec<<M::Response as Paged>::Item>, PageState)>, Error>
where
    M: Method,
    M::Response: Paged,
{
    let Some(start) = state.next else {
        return Ok(None);
    };
    let mut params = state.params.clone();
    set_path(&mut params, &["start".to_string()], json!(start));
    let success = state
        .client
        .execute(state.method, &Payload::Params(params))
        .await?;
    // A `next` that does not move forward would loop for ever.
    state.next = success.meta.next.filter(|next| *next > start);
    let page: M::Response = envelope::decode(state.method, success.result)?;
    Ok(Some((page.into_items(), state)))
}

struct FastState {
    client: Client,
    method: &'static str,
    params: Value,
    fast: FastPaging,
    last_id: Option<Value>,
    total: Option<u64>,
    fetched: u64,
    first: bool,
    done: bool,
}

impl FastState {
    /// Pages to chain in the next request: as many as still missing, when the
    /// total is known.
    fn pages_wanted(&self) -> usize {
        let most = self.fast.pages_per_request.clamp(1, 50);
        let page = self.fast.page_size.max(1) as u64;
        match self.total {
            Some(total) => {
                (total.saturating_sub(self.fetched).div_ceil(page) as usize).clamp(1, most)
            }
            None => most,
        }
    }

    fn id_filter(&self) -> Vec<String> {
        vec![
            self.fast.filter_key.clone(),
            format!(">{}", self.fast.id_field),
        ]
    }

    /// `$result[cmd_N][items][49][ID]`: the last id of page N.
    fn last_id_of(&self, key: &str) -> ResultRef {
        let mut target = ResultRef::new(key);
        if let Some(items) = &self.fast.items_key {
            target = target.at(items);
        }
        target
            .at(self.fast.page_size.saturating_sub(1))
            .at(&self.fast.id_field)
    }

    fn rows<'v>(&self, result: &'v Value) -> &'v [Value] {
        let list = match &self.fast.items_key {
            Some(key) => result.get(key),
            None => Some(result),
        };
        list.and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

async fn next_fast_batch<M>(
    mut state: FastState,
) -> Result<Option<(Vec<<M::Response as Paged>::Item>, FastState)>, Error>
where
    M: Method,
    M::Response: Paged,
{
    if state.done {
        return Ok(None);
    }
    let pages = state.pages_wanted();
    let mut batch = state.client.batch().halt(true);
    for index in 0..pages {
        let mut params = state.params.clone();
        let counted = state.fast.count_first && state.first && index == 0;
        let start = if counted { 0 } else { -1 };
        set_path(&mut params, &["start".to_string()], json!(start));
        let mut refs = Vec::new();
        if index == 0 {
            if let Some(last) = &state.last_id {
                set_path(&mut params, &state.id_filter(), last.clone());
            }
        } else {
            refs.push((
                state.id_filter(),
                state.last_id_of(&format!("cmd_{}", index - 1)),
            ));
        }
        batch.push(format!("cmd_{index}"), state.method, params, refs)?;
    }
    let results = batch.send().await?;
    let mut items = Vec::new();
    for index in 0..pages {
        let (result, meta) = results.raw(&format!("cmd_{index}"))?;
        if state.fast.count_first && state.first && index == 0 {
            state.total = meta.total;
        }
        let rows = state.rows(result);
        let count = rows.len() as u64;
        state.last_id = rows
            .last()
            .and_then(|row| row.get(&state.fast.id_field))
            .cloned();
        let page: M::Response = envelope::decode(state.method, result.clone())?;
        items.extend(page.into_items());
        state.fetched += count;
        // Pages after a short one chained on a row that does not exist: their
        // results mean nothing and are dropped.
        let short = count < state.fast.page_size as u64 || state.last_id.is_none();
        if short || state.total.is_some_and(|total| state.fetched >= total) {
            state.done = true;
            break;
        }
    }
    state.first = false;
    Ok(Some((items, state)))
}
