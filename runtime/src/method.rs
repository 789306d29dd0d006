//! The contract between generated request types and any transport.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A REST method: its request parameters (the implementing struct), its wire name and the
/// type of `result` in a successful answer.
///
/// Implemented by every generated request struct. Transport-agnostic: serialise `self` to
/// JSON as the request body and deserialise the envelope's `result` as `Self::Response`.
pub trait Method: Serialize {
    /// Wire name, e.g. `im.chat.add`.
    const NAME: &'static str;
    /// Permission scopes the method needs.
    const SCOPES: &'static [&'static str];
    /// Whether the documentation marks the method as deprecated.
    const DEPRECATED: bool;
    /// Whether the method only reads, so that sending it twice does no harm (a retry
    /// after a timeout). The generator states it per method; a method it does not cover
    /// falls back to the name rule of [`read_only_by_name`].
    const READ_ONLY: bool = read_only_by_name(Self::NAME);
    /// Whether this is a REST 3.0 method, called at `/rest/api/…` with a JSON body and
    /// answering errors as `{"error":{"code","message","validation"}}`.
    const REST_V3: bool = false;
    /// What `result` holds on success.
    type Response: DeserializeOwned;
    /// The method's documented error codes.
    type Error: ErrorCode;
}

/// The fallback rule for [`Method::READ_ONLY`]: a name ending in `.get`, `.list`,
/// `.fields`, `.current`, `.info` or `.search` (any case) reads.
pub const fn read_only_by_name(name: &str) -> bool {
    const SUFFIXES: [&str; 6] = [".get", ".list", ".fields", ".current", ".info", ".search"];
    let mut index = 0;
    while index < SUFFIXES.len() {
        if ends_with_ignore_case(name.as_bytes(), SUFFIXES[index].as_bytes()) {
            return true;
        }
        index += 1;
    }
    false
}

const fn ends_with_ignore_case(text: &[u8], suffix: &[u8]) -> bool {
    if suffix.len() > text.len() {
        return false;
    }
    let offset = text.len() - suffix.len();
    let mut index = 0;
    while index < suffix.len() {
        if !text[offset + index].eq_ignore_ascii_case(&suffix[index]) {
            return false;
        }
        index += 1;
    }
    true
}

/// A typed error code: one variant per documented code, and one for anything else.
pub trait ErrorCode: Sized + Clone + std::fmt::Debug + PartialEq {
    /// Maps the `error` field of an error answer. Never fails: codes the documentation
    /// does not list become the catch-all variant.
    fn from_code(code: &str) -> Self;
    /// The code as the server sends it.
    fn as_str(&self) -> &str;
}

/// The error code type of methods whose page documents no codes of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndocumentedError(pub String);

impl ErrorCode for UndocumentedError {
    fn from_code(code: &str) -> Self {
        UndocumentedError(code.to_string())
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

/// A list method that is read page by page (`start` in, `next`/`total` out).
///
/// Implemented by the generated request struct of every list method, with the facts the
/// client needs to read all of it: where a page's rows are, and how to order and filter
/// by id for fast paging.
pub trait ListMethod: Method {
    /// One row.
    type Item: DeserializeOwned;
    /// How the method pages.
    const PAGING: Paging;
    /// How the method takes its order by id; most take a map in `PAGING.order_param`.
    const ID_ORDER: IdOrder = IdOrder::Map;
    /// Where the method reads an id condition; most read it in `PAGING.filter_param`.
    const ID_FILTER: IdFilter = IdFilter::Param;
    /// How the method is asked for its next page; most take `start`.
    const PAGES: Pages = Pages::Start;
    /// The rows of one page's `result`.
    fn rows(result: Self::Response) -> Vec<Self::Item>;

    /// Whether the method can be read by id (the client's `stream_fast`): its rows carry
    /// an id, it pages with `start`, and it takes both an id condition and an order by id.
    fn reads_by_id() -> bool {
        Self::why_not_by_id().is_none()
    }

    /// The first of those facts that rules out reading by id, in words; `None` when the
    /// method can be read by id.
    fn why_not_by_id() -> Option<&'static str> {
        if Self::PAGING.row_id.is_none() {
            Some("its rows carry no id")
        } else if !matches!(Self::PAGES, Pages::Start) {
            Some("it pages by offset, not by `start`")
        } else if matches!(Self::ID_FILTER, IdFilter::None) {
            Some("it takes no condition on ids")
        } else if matches!(Self::ID_ORDER, IdOrder::None) {
            Some("it takes no order")
        } else {
            None
        }
    }
}

/// How a list method pages; see [`ListMethod`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The member of `result` holding the rows (`tasks`, `items`); `None` when `result`
    /// is the list itself.
    pub rows: Option<&'static str>,
    /// A row's id field as rows carry it (`ID`; `id` for `tasks.task.list`); `None` when
    /// the rows document no id, which rules out fast paging.
    pub row_id: Option<&'static str>,
    /// The filter parameter (`filter`, `FILTER`).
    pub filter_param: &'static str,
    /// The order parameter (`order`, `ORDER`).
    pub order_param: &'static str,
    /// The id as the filter and order parameters name it (`ID`, also for
    /// `tasks.task.list`, whose rows say `id`).
    pub param_id: &'static str,
}

/// How a list method takes its order by id; see [`ListMethod::ID_ORDER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdOrder {
    /// [`Paging::order_param`] maps fields to directions: `order[ID]=DESC`.
    Map,
    /// `sort_param` names the field and [`Paging::order_param`] the direction:
    /// `sort=ID&order=DESC`, as `user.get` and `department.get` take them.
    Field {
        /// The parameter naming the field to order by (`sort`).
        sort_param: &'static str,
    },
    /// The method takes no order: it cannot be read by id.
    None,
}

/// Where a list method reads an id condition (`>ID`); see [`ListMethod::ID_FILTER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFilter {
    /// In the map [`Paging::filter_param`]: `filter[>ID]=50`.
    Param,
    /// Among the request's own parameters, which name fields directly: `>ID=50`, as
    /// `department.get` takes them.
    TopLevel,
    /// The method takes no condition on ids: it cannot be read by id.
    None,
}

/// How a list method is asked for its next page; see [`ListMethod::PAGES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// `start` in, `next`/`total` in the envelope; a method that answers everything at
    /// once simply sends no `next`.
    Start,
    /// An offset and a page size in, a flag in `result` saying whether more follow
    /// (`OFFSET`/`LIMIT` and `hasMore`, as `im.recent.list` takes them).
    Offset {
        /// The parameter counting the rows to skip (`OFFSET`).
        offset_param: &'static str,
        /// The parameter giving the page size (`LIMIT`).
        limit_param: &'static str,
        /// The page size sent when the request sets none.
        limit: u64,
        /// The member of `result` that is `true` while more pages follow (`hasMore`);
        /// `None` when only a short page tells the end.
        more: Option<&'static str>,
    },
}

#[cfg(test)]
mod tests {
    use super::read_only_by_name;

    #[test]
    fn reads_are_recognised_by_name_when_no_fact_is_given() {
        assert!(read_only_by_name("crm.deal.list"));
        assert!(read_only_by_name("tasks.flow.Flow.GET"));
        assert!(read_only_by_name("user.current"));
        assert!(!read_only_by_name("crm.deal.add"));
        assert!(!read_only_by_name("get"));
    }
}
