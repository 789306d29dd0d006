//! The three parameters list methods share: `filter`, `order` and `select`.
//!
//! Each keeps the order its entries were added in, on the wire as well: `order` lists its
//! fields by sort priority, and a filter's keys reach the portal as written. All three
//! serialise to the JSON object or array the portal expects, so the same value works in a
//! JSON body, in a PHP-style query string and in a batch command.
//!
//! ```
//! use bitrix24_runtime::list_params::{Filter, Order, Select};
//!
//! let filter = Filter::new().eq("STAGE_ID", "WON").gte("OPPORTUNITY", 1000).like("TITLE", "shop");
//! let order = Order::new().desc("DATE_CREATE").asc("ID");
//! let select = Select::all().with_user_fields().field("PHONE");
//! assert_eq!(
//!     serde_json::to_string(&filter).unwrap(),
//!     r#"{"STAGE_ID":"WON",">=OPPORTUNITY":1000,"%TITLE":"shop"}"#
//! );
//! assert_eq!(serde_json::to_string(&order).unwrap(), r#"{"DATE_CREATE":"DESC","ID":"ASC"}"#);
//! assert_eq!(serde_json::to_string(&select).unwrap(), r#"["*","UF_*","PHONE"]"#);
//! ```

use std::fmt;
use std::str::FromStr;

use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A comparison in a filter, written as a prefix of the field's key (`>=DATE_CREATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// No prefix: equal to the value, or to any of a list of values.
    Eq,
    /// `!`: not equal.
    Ne,
    /// `>`.
    Gt,
    /// `>=`.
    Gte,
    /// `<`.
    Lt,
    /// `<=`.
    Lte,
    /// `%`: contains the text.
    Like,
    /// `!%`: does not contain the text.
    NotLike,
    /// `=%`: matches a pattern written with `%` wildcards.
    Pattern,
    /// `@`: one of a list of values.
    In,
    /// `!@`: none of a list of values.
    NotIn,
}

impl Op {
    /// Every operator, each with the prefix it adds to a key.
    const PREFIXES: [(Op, &'static str); 11] = [
        (Op::NotLike, "!%"),
        (Op::NotIn, "!@"),
        (Op::Gte, ">="),
        (Op::Lte, "<="),
        (Op::Pattern, "=%"),
        (Op::Ne, "!"),
        (Op::Gt, ">"),
        (Op::Lt, "<"),
        (Op::Like, "%"),
        (Op::In, "@"),
        (Op::Eq, ""),
    ];

    /// The prefix this operator adds to a field's key.
    pub fn prefix(self) -> &'static str {
        Op::PREFIXES
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("", |(_, prefix)| prefix)
    }

    /// Splits a filter key into its operator and field (`">=ID"` → `(Gte, "ID")`).
    pub fn split(key: &str) -> (Op, &str) {
        Op::PREFIXES
            .iter()
            .find_map(|(op, prefix)| key.strip_prefix(prefix).map(|field| (*op, field)))
            .unwrap_or((Op::Eq, key))
    }
}

/// A list method's `filter`: field keys, each with an operator prefix, to values.
///
/// Keys keep the order they were added in. Adding a key that is already there replaces
/// its value in place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    entries: IndexMap<String, Value>,
}

impl Filter {
    pub fn new() -> Self {
        Filter::default()
    }

    /// Adds `field` compared with `op` to `value`.
    pub fn with(mut self, op: Op, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        let key = format!("{}{}", op.prefix(), field.as_ref());
        self.entries.insert(key, value.into());
        self
    }

    /// Adds a key exactly as written (`"LOGIC"`, a nested group `"0"`, or a prefix this
    /// type does not name).
    pub fn raw(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.entries.insert(key.into(), value.into());
        self
    }

    pub fn eq(self, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        self.with(Op::Eq, field, value)
    }

    pub fn ne(self, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        self.with(Op::Ne, field, value)
    }

    pub fn gt(self, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        self.with(Op::Gt, field, value)
    }

    pub fn gte(self, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        self.with(Op::Gte, field, value)
    }

    pub fn lt(self, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        self.with(Op::Lt, field, value)
    }

    pub fn lte(self, field: impl AsRef<str>, value: impl Into<Value>) -> Self {
        self.with(Op::Lte, field, value)
    }

    pub fn like(self, field: impl AsRef<str>, text: impl Into<Value>) -> Self {
        self.with(Op::Like, field, text)
    }

    pub fn not_like(self, field: impl AsRef<str>, text: impl Into<Value>) -> Self {
        self.with(Op::NotLike, field, text)
    }

    /// `field` equal to any of `values` (the list form of a plain key).
    pub fn any_of<V: Into<Value>>(
        self,
        field: impl AsRef<str>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let list: Vec<Value> = values.into_iter().map(Into::into).collect();
        self.with(Op::Eq, field, list)
    }

    /// `field` equal to none of `values`.
    pub fn none_of<V: Into<Value>>(
        self,
        field: impl AsRef<str>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let list: Vec<Value> = values.into_iter().map(Into::into).collect();
        self.with(Op::Ne, field, list)
    }

    /// The keys (prefix included) and values, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The condition on `field` with `op`, if any.
    pub fn get(&self, op: Op, field: &str) -> Option<&Value> {
        self.iter()
            .find(|(key, _)| Op::split(key) == (op, field))
            .map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.entries.iter())
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries = IndexMap::<String, Value>::deserialize(d)?;
        Ok(Filter { entries })
    }
}

impl<K: AsRef<str>, V: Into<Value>> FromIterator<(K, V)> for Filter {
    /// Keys are taken as written, operator prefix included.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        iter.into_iter()
            .fold(Filter::new(), |f, (k, v)| f.raw(k.as_ref(), v))
    }
}

/// A sort direction, sent as `ASC` / `DESC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    #[default]
    Asc,
    Desc,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was neither `ASC` nor `DESC` (in any case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADirection(pub String);

impl fmt::Display for NotADirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a sort direction (ASC or DESC)", self.0)
    }
}

impl std::error::Error for NotADirection {}

impl FromStr for Direction {
    type Err = NotADirection;

    /// Reads either case: REST 3.0 pages write `asc`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.eq_ignore_ascii_case("asc") {
            Ok(Direction::Asc)
        } else if text.eq_ignore_ascii_case("desc") {
            Ok(Direction::Desc)
        } else {
            Err(NotADirection(text.to_string()))
        }
    }
}

impl Serialize for Direction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Direction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(D::Error::custom)
    }
}

/// A list method's `order`: fields with their direction, first added sorts first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Order {
    entries: IndexMap<String, Direction>,
}

impl Order {
    pub fn new() -> Self {
        Order::default()
    }

    /// Sorts by `field` after the fields already given. Giving a field again changes its
    /// direction and keeps its place.
    pub fn by(mut self, field: impl Into<String>, direction: Direction) -> Self {
        self.entries.insert(field.into(), direction);
        self
    }

    pub fn asc(self, field: impl Into<String>) -> Self {
        self.by(field, Direction::Asc)
    }

    pub fn desc(self, field: impl Into<String>) -> Self {
        self.by(field, Direction::Desc)
    }

    /// The fields by priority, with their direction.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Direction)> {
        self.entries.iter().map(|(k, d)| (k.as_str(), *d))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Serialize for Order {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.entries.iter())
    }
}

impl<'de> Deserialize<'de> for Order {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries = IndexMap::<String, Direction>::deserialize(d)?;
        Ok(Order { entries })
    }
}

impl<K: Into<String>> FromIterator<(K, Direction)> for Order {
    fn from_iter<I: IntoIterator<Item = (K, Direction)>>(iter: I) -> Self {
        iter.into_iter().fold(Order::new(), |o, (k, d)| o.by(k, d))
    }
}

/// A list method's `select`: the fields each row carries. `*` asks for every standard
/// field, `UF_*` for every user field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Select {
    fields: Vec<String>,
}

impl Select {
    /// Nothing selected: the method's default fields.
    pub fn new() -> Self {
        Select::default()
    }

    /// `*`: every standard field.
    pub fn all() -> Self {
        Select::new().field("*")
    }

    /// Exactly these fields.
    pub fn fields<F: Into<String>>(fields: impl IntoIterator<Item = F>) -> Self {
        fields.into_iter().fold(Select::new(), Select::field)
    }

    /// Adds a field, unless it is there already.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        if !self.fields.contains(&field) {
            self.fields.push(field);
        }
        self
    }

    /// Adds `UF_*`: every user field.
    pub fn with_user_fields(self) -> Self {
        self.field("UF_*")
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl Serialize for Select {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.fields.iter())
    }
}

impl<'de> Deserialize<'de> for Select {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Select::fields(Vec::<String>::deserialize(d)?))
    }
}

impl<F: Into<String>> FromIterator<F> for Select {
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> Self {
        Select::fields(iter)
    }
}

impl<F: Into<String>, const N: usize> From<[F; N]> for Select {
    fn from(fields: [F; N]) -> Self {
        Select::fields(fields)
    }
}

impl From<Vec<String>> for Select {
    fn from(fields: Vec<String>) -> Self {
        Select::fields(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filter_keys_carry_their_operator_and_keep_their_order() {
        let filter = Filter::new()
            .lte("ID", 9)
            .gte("ID", 2)
            .ne("STAGE_ID", "LOSE")
            .not_like("TITLE", "test")
            .any_of("TYPE_ID", ["SALE", "GOODS"])
            .with(Op::NotIn, "ASSIGNED_BY_ID", vec![1, 2]);
        assert_eq!(
            serde_json::to_string(&filter).unwrap(),
            r#"{"<=ID":9,">=ID":2,"!STAGE_ID":"LOSE","!%TITLE":"test","TYPE_ID":["SALE","GOODS"],"!@ASSIGNED_BY_ID":[1,2]}"#
        );
        assert_eq!(filter.get(Op::Gte, "ID"), Some(&json!(2)));
        assert_eq!(filter.get(Op::Gt, "ID"), None);
    }

    #[test]
    fn a_key_given_twice_keeps_its_place_and_takes_the_new_value() {
        let filter = Filter::new().eq("A", 1).eq("B", 2).eq("A", 3);
        assert_eq!(
            serde_json::to_value(&filter).unwrap(),
            json!({"A": 3, "B": 2})
        );
        let keys: Vec<&str> = filter.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["A", "B"]);
    }

    #[test]
    fn every_prefix_splits_back_to_its_operator() {
        for (op, _) in Op::PREFIXES {
            let key = format!("{}FIELD", op.prefix());
            assert_eq!(Op::split(&key), (op, "FIELD"), "{key}");
        }
    }

    #[test]
    fn order_is_sort_priority_not_alphabetical() {
        let order = Order::new().desc("STAGE_ID").asc("ID").desc("BEGINDATE");
        assert_eq!(
            serde_json::to_string(&order).unwrap(),
            r#"{"STAGE_ID":"DESC","ID":"ASC","BEGINDATE":"DESC"}"#
        );
        let back: Order = serde_json::from_str(r#"{"Z":"asc","A":"DESC"}"#).unwrap();
        assert_eq!(back, Order::new().asc("Z").desc("A"));
        assert!(serde_json::from_str::<Order>(r#"{"A":"UP"}"#).is_err());
    }

    #[test]
    fn select_is_a_list_of_names_without_repeats() {
        let select = Select::all().with_user_fields().field("*").field("ID");
        assert_eq!(
            serde_json::to_value(&select).unwrap(),
            json!(["*", "UF_*", "ID"])
        );
        assert_eq!(Select::from(["ID", "TITLE"]).len(), 2);
        assert!(Select::new().is_empty());
    }
}
