//! List methods over the portal's dataset (ids `1..=items`): how each one takes its
//! paging, filter and order parameters, and what its rows look like.

use serde_json::{json, Map, Value};

/// Where a list method reads its filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterAt {
    /// In one parameter holding conditions (`filter`, `FILTER`).
    Param(String),
    /// Each condition is a parameter of its own (`department.get`'s `ID`, `NAME` …).
    TopLevel,
    /// The method takes no filter: every row matches.
    Nowhere,
}

/// How a list method takes its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderBy {
    /// One parameter mapping fields to directions (`order: {"ID": "DESC"}`).
    Map(String),
    /// A field parameter and a direction parameter (`user.get`'s `sort=ID&order=DESC`);
    /// anything else there leaves the default, ascending ids.
    Pair {
        /// The field parameter.
        sort: String,
        /// The direction parameter.
        order: String,
    },
    /// The method takes no order: ascending ids.
    Fixed,
}

/// How a list method paging by offset takes its page (`im.recent.list`'s
/// `OFFSET`/`LIMIT`, answering `hasMore` beside its rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offset {
    /// The parameter counting rows to skip; absent means 0.
    pub offset: String,
    /// The parameter giving the page size; absent means the portal's page size.
    pub limit: String,
    /// The member of `result` saying whether more rows follow.
    pub more: Option<String>,
}

/// A list method the portal serves: rows like `row`, each with its own id.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// A row as the method answers it; each served row is a copy with its own id, a
    /// string when this row's id is one.
    pub row: Value,
    /// The member of `result` holding the rows; `None` when `result` is the list.
    pub rows: Option<String>,
    /// The id as a row carries it (`ID`, `id`).
    pub row_id: String,
    /// Where the filter is read.
    pub filter: FilterAt,
    /// How the order is read.
    pub order: OrderBy,
    /// The id as the filter and order name it (`ID` for `tasks.task.list`, whose rows
    /// say `id`).
    pub param_id: String,
    /// Pages of `page_size` rows with `start`/`next`/`total`; `false` for methods that
    /// answer every matching row at once, without `total`.
    pub paged: bool,
    /// Pages by offset and size instead of `start`, without `next` or `total`.
    pub offset: Option<Offset>,
    /// A text field set to `"{prefix} {id}"` in each row.
    label: Option<(String, String)>,
}

impl Listing {
    /// A method whose rows are `result` itself, filtered and ordered through `filter`
    /// and `order` by the row's own id field.
    pub fn bare(row: Value, row_id: &str) -> Listing {
        Listing {
            row,
            rows: None,
            row_id: row_id.to_string(),
            filter: FilterAt::Param("filter".to_string()),
            order: OrderBy::Map("order".to_string()),
            param_id: row_id.to_string(),
            paged: true,
            offset: None,
            label: None,
        }
    }

    /// The same, with the rows in member `rows` of `result`.
    pub fn wrapped(rows: &str, row: Value, row_id: &str) -> Listing {
        Listing {
            rows: Some(rows.to_string()),
            ..Listing::bare(row, row_id)
        }
    }

    /// Reads the filter from `filter` (`filter`, `FILTER`), or at the top level.
    pub fn filter_in(mut self, filter: FilterAt) -> Listing {
        self.filter = filter;
        self
    }

    /// Reads the order as `order` says.
    pub fn order_by(mut self, order: OrderBy) -> Listing {
        self.order = order;
        self
    }

    /// Names the id `param_id` in the filter and order.
    pub fn param_id(mut self, param_id: &str) -> Listing {
        self.param_id = param_id.to_string();
        self
    }

    /// Answers every matching row at once.
    pub fn unpaged(mut self) -> Listing {
        self.paged = false;
        self
    }

    /// Pages by offset as `offset` says; `result` is an object holding the rows.
    pub fn by_offset(mut self, offset: Offset) -> Listing {
        self.offset = Some(offset);
        self
    }

    fn labelled(mut self, field: &str, prefix: &str) -> Listing {
        self.label = Some((field.to_string(), prefix.to_string()));
        self
    }

    fn row_with(&self, id: u64) -> Value {
        let mut row = self.row.clone();
        if let Some(fields) = row.as_object_mut() {
            if let Some((field, prefix)) = &self.label {
                fields.insert(field.clone(), json!(format!("{prefix} {id}")));
            }
            let as_text = fields.get(&self.row_id).is_some_and(Value::is_string);
            let value = if as_text {
                json!(id.to_string())
            } else {
                json!(id)
            };
            fields.insert(self.row_id.clone(), value);
        }
        row
    }

    fn wrap(&self, rows: Vec<Value>) -> Value {
        match &self.rows {
            Some(member) => {
                let mut result = Map::new();
                result.insert(member.clone(), Value::Array(rows));
                Value::Object(result)
            }
            None => Value::Array(rows),
        }
    }

    /// `(operator, value)` of every id condition in `params`.
    fn conditions(&self, params: &Value) -> Vec<(String, i64)> {
        let holder = match &self.filter {
            FilterAt::Param(name) => member(params, name),
            FilterAt::TopLevel => Some(params),
            FilterAt::Nowhere => None,
        };
        holder
            .and_then(Value::as_object)
            .map(|filter| {
                filter
                    .iter()
                    .filter_map(|(key, value)| {
                        let operator =
                            key.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                        let field = &key[operator.len()..];
                        (field == self.param_id).then(|| (operator.to_string(), number(value)))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn descending(&self, params: &Value) -> bool {
        let direction = match &self.order {
            OrderBy::Map(name) => {
                member(params, name).and_then(|order| member(order, &self.param_id))
            }
            OrderBy::Pair { sort, order } => member(params, sort)
                .and_then(Value::as_str)
                .filter(|field| *field == self.param_id)
                .and_then(|_| member(params, order)),
            OrderBy::Fixed => None,
        };
        direction
            .and_then(Value::as_str)
            .is_some_and(|direction| direction.eq_ignore_ascii_case("DESC"))
    }

    /// One answer over the dataset `1..=items`: id filters (`>ID`, `>=ID`, `<ID`,
    /// `<=ID`, `ID`, `!ID`), order by id, `start` (`-1`: no count, no `next`).
    pub(crate) fn page(&self, params: &Value, items: u64, page: usize) -> Page {
        let conditions = self.conditions(params);
        let matches = |id: &u64| {
            conditions
                .iter()
                .all(|(operator, value)| compare(*id as i64, operator, *value))
        };
        let ids: Box<dyn Iterator<Item = u64>> = if self.descending(params) {
            Box::new((1..=items).rev())
        } else {
            Box::new(1..=items)
        };
        let mut ids = ids.filter(matches);
        if !self.paged {
            let rows = ids.map(|id| self.row_with(id)).collect();
            return Page {
                result: self.wrap(rows),
                total: None,
                next: None,
            };
        }
        if let Some(by) = &self.offset {
            return self.offset_page(by, ids.collect(), params, page);
        }
        let start = member(params, "start").map(number).unwrap_or(0);
        if start < 0 {
            let rows = ids.take(page).map(|id| self.row_with(id)).collect();
            return Page {
                result: self.wrap(rows),
                total: Some(0),
                next: None,
            };
        }
        let all: Vec<u64> = ids.by_ref().collect();
        let offset = (start as usize).min(all.len());
        let rows = all[offset..]
            .iter()
            .take(page)
            .map(|id| self.row_with(*id))
            .collect();
        let next = (offset + page < all.len()).then_some((offset + page) as u64);
        Page {
            result: self.wrap(rows),
            total: Some(all.len() as u64),
            next,
        }
    }
}

impl Listing {
    /// A page by offset: `limit` rows from `offset`, and whether more follow; no
    /// `total` or `next` in the envelope.
    fn offset_page(&self, by: &Offset, ids: Vec<u64>, params: &Value, page: usize) -> Page {
        let offset = member(params, &by.offset).map_or(0, number).max(0) as usize;
        let limit = member(params, &by.limit)
            .map(number)
            .filter(|limit| *limit > 0)
            .map_or(page, |limit| limit as usize);
        let offset = offset.min(ids.len());
        let rows = ids[offset..]
            .iter()
            .take(limit)
            .map(|id| self.row_with(*id))
            .collect();
        let mut result = self.wrap(rows);
        if let (Some(more), Some(fields)) = (&by.more, result.as_object_mut()) {
            fields.insert(more.clone(), json!(offset + limit < ids.len()));
        }
        Page {
            result,
            total: None,
            next: None,
        }
    }
}

/// One answer of a list method.
pub(crate) struct Page {
    pub result: Value,
    pub total: Option<u64>,
    pub next: Option<u64>,
}

/// The list methods every portal serves: `crm.contact.list` (rows with string `ID`s),
/// `crm.item.list` (`{"items":[{"id":…}]}`) and `tasks.task.list`
/// (`{"tasks":[{"id":"…"}]}`, filtered and ordered by `ID`).
pub(crate) fn built_in(method: &str) -> Option<Listing> {
    match method {
        "crm.contact.list" => Some(
            Listing::bare(json!({"ID": "0", "NAME": "", "OPENED": "Y"}), "ID")
                .labelled("NAME", "Contact"),
        ),
        "crm.item.list" => Some(
            Listing::wrapped("items", json!({"id": 0, "title": "", "opened": true}), "id")
                .labelled("title", "Item"),
        ),
        "tasks.task.list" => Some(
            Listing::wrapped("tasks", json!({"id": "0", "title": ""}), "id")
                .param_id("ID")
                .labelled("title", "Task"),
        ),
        _ => None,
    }
}

/// A parameter by its exact name: a real portal reads `filter`, not `FILTER`.
pub(crate) fn member<'v>(params: &'v Value, name: &str) -> Option<&'v Value> {
    params.as_object()?.get(name)
}

/// A number as MySQL compares it: a string that is not one counts as 0.
pub(crate) fn number(value: &Value) -> i64 {
    match value {
        Value::Number(number) => number.as_i64().unwrap_or_default(),
        Value::String(text) => text.trim().parse().unwrap_or_default(),
        Value::Bool(flag) => i64::from(*flag),
        _ => 0,
    }
}

fn compare(id: i64, operator: &str, value: i64) -> bool {
    match operator {
        ">" => id > value,
        ">=" => id >= value,
        "<" => id < value,
        "<=" => id <= value,
        "!" | "!=" => id != value,
        "" | "=" => id == value,
        // Other operators (`%`, `@` …) do not compare ids numerically.
        _ => true,
    }
}
