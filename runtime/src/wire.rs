//! Wire-format helpers used by the generated types.
//!
//! The REST API is loose about types: ids come as numbers or strings, booleans as `Y`/`N`,
//! `0`/`1` or `true`/`false`, an empty object as `[]`, an absent value as `null` or `""`.
//! Requests are written the one way the documentation asks; answers are read through
//! [`Lenient`], which accepts every such spelling, keeps unknown fields and never fails on
//! a single odd value (it becomes `None`).
//!
//! Request structs derive `Serialize`, with [`yn`]/[`digit`] for booleans the API spells
//! `Y`/`N` or `1`/`0`. Reading avoids serde's derives, whose expansion dominated the build
//! time of a crate with thousands of types: response objects implement [`Object`] and enums
//! implement [`WireEnum`], and one small macro each (`object_serde!`, `enum_serde!`) adds
//! the serde impls.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::Serializer;
use serde_json::Value;
use std::collections::BTreeMap;

pub use crate::date_time::DateTime;
/// The map of the generated types: keys stay in the order they were inserted or read, on
/// the wire as well, because some keys carry meaning by their order.
pub use indexmap::IndexMap;

/// The list parameters, where the generated types name them.
pub use crate::list_params::{Direction, Filter, Op, Order, Select};

/// A JSON object: the unknown fields of a response object.
pub type Map = serde_json::Map<String, Value>;

/// `bool` sent as `"Y"` / `"N"`.
pub mod yn {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if *value { "Y" } else { "N" })
    }
}

/// `Option<bool>` sent as `"Y"` / `"N"`.
pub mod yn_opt {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(
        value: &Option<bool>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::yn::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `bool` sent as `1` / `0`.
pub mod digit {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(u8::from(*value))
    }
}

/// `Option<bool>` sent as `1` / `0`.
pub mod digit_opt {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(
        value: &Option<bool>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::digit::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// A value read from any of the spellings the API uses for it.
pub trait Lenient: Sized {
    /// `None` when the value is absent (`null`, or `""` for anything but text) or cannot
    /// be read as `Self`.
    fn from_value(value: Value) -> Option<Self>;
}

impl Lenient for i64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            }),
            Value::String(text) => text.trim().parse().ok(),
            Value::Bool(flag) => Some(i64::from(flag)),
            _ => None,
        }
    }
}

impl Lenient for f64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_f64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Lenient for bool {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(flag),
            Value::Number(n) => n.as_f64().map(|f| f != 0.0),
            Value::String(text) => match text.trim() {
                "Y" | "y" | "1" | "true" | "TRUE" | "True" => Some(true),
                "N" | "n" | "0" | "false" | "FALSE" | "False" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Lenient for String {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(text),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            _ => None,
        }
    }
}

impl Lenient for Value {
    fn from_value(value: Value) -> Option<Self> {
        (!value.is_null()).then_some(value)
    }
}

impl Lenient for Map {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Object(map) => Some(map),
            Value::Array(items) if items.is_empty() => Some(Map::new()),
            _ => None,
        }
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn from_value(value: Value) -> Option<Self> {
        T::from_value(value).map(Box::new)
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    /// Also reads objects with index keys, the way PHP arrays are often sent.
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Array(items) => Some(items.into_iter().filter_map(T::from_value).collect()),
            Value::Object(map) => Some(
                map.into_iter()
                    .filter_map(|(_, v)| T::from_value(v))
                    .collect(),
            ),
            _ => None,
        }
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    /// Also reads arrays, keyed by position (an empty map is often sent as `[]`).
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Object(map) => Some(
                map.into_iter()
                    .filter_map(|(k, v)| Some((k, T::from_value(v)?)))
                    .collect(),
            ),
            Value::Array(items) => Some(
                items
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((i.to_string(), T::from_value(v)?)))
                    .collect(),
            ),
            _ => None,
        }
    }
}

impl<T: Lenient> Lenient for IndexMap<String, T> {
    /// Keeps the order the keys were sent in; also reads arrays, keyed by position (an
    /// empty map is often sent as `[]`).
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Object(map) => Some(
                map.into_iter()
                    .filter_map(|(k, v)| Some((k, T::from_value(v)?)))
                    .collect(),
            ),
            Value::Array(items) => Some(
                items
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((i.to_string(), T::from_value(v)?)))
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// `deserialize_with` for hand-written types: reads an `Option<T>` leniently, never failing
/// on an odd value (`#[serde(default, deserialize_with = "crate::wire::lenient")]`).
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    Ok(T::from_value(Value::deserialize(d)?))
}

/// Removes `key` from `map` and reads it leniently.
pub fn take<T: Lenient>(map: &mut Map, key: &str) -> Option<T> {
    map.remove(key).and_then(T::from_value)
}

/// A response object: built from a JSON object whose known fields it takes out; what
/// remains is kept as its unknown fields.
pub trait Object: Sized {
    fn from_map(map: &mut Map) -> Self;
}

/// Reads an object from a JSON object, or from `[]` (how PHP sends an empty one).
pub fn object_from_value<T: Object>(value: Value) -> Option<T> {
    let mut map = Map::from_value(value)?;
    Some(T::from_map(&mut map))
}

/// `Deserialize` for [`Object`] types.
pub fn deserialize_object<'de, D: Deserializer<'de>, T: Object>(d: D) -> Result<T, D::Error> {
    object_from_value(Value::deserialize(d)?).ok_or_else(|| D::Error::custom("expected an object"))
}

/// Implements `Deserialize` and [`Lenient`] for an [`Object`] type.
// Exported for the generated crate, which names it by its path in this module.
#[doc(hidden)]
#[macro_export]
macro_rules! object_serde {
    ($name:ty) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::deserialize_object(d)
            }
        }

        impl $crate::wire::Lenient for $name {
            fn from_value(value: ::serde_json::Value) -> Option<Self> {
                $crate::wire::object_from_value(value)
            }
        }
    };
}
#[doc(hidden)]
pub use crate::object_serde;

/// A closed set of documented values with a catch-all for the rest, so a value the
/// documentation does not list never breaks decoding and is sent back unchanged.
pub trait WireEnum: Sized {
    /// Whether the values travel as JSON numbers.
    const NUMERIC: bool;
    /// The value as sent.
    fn as_str(&self) -> &str;
    /// The variant for a received value (the catch-all for unknown ones).
    fn from_wire(value: String) -> Self;
}

pub fn serialize_enum<E: WireEnum, S: Serializer>(value: &E, s: S) -> Result<S::Ok, S::Error> {
    if E::NUMERIC {
        if let Ok(n) = value.as_str().parse::<i64>() {
            return s.serialize_i64(n);
        }
    }
    s.serialize_str(value.as_str())
}

pub fn enum_from_value<E: WireEnum>(value: Value) -> Option<E> {
    match value {
        Value::String(text) if !text.is_empty() => Some(E::from_wire(text)),
        Value::Number(n) => Some(E::from_wire(n.to_string())),
        _ => None,
    }
}

pub fn deserialize_enum<'de, D: Deserializer<'de>, E: WireEnum>(d: D) -> Result<E, D::Error> {
    enum_from_value(Value::deserialize(d)?)
        .ok_or_else(|| D::Error::custom("expected a string or number"))
}

/// Implements `Serialize`, `Deserialize`, [`Lenient`], `Display` and `FromStr` (both by
/// the wire value, so `Unknown` round-trips) for a [`WireEnum`] type.
// Exported for the generated crate, which names it by its path in this module.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_serde {
    ($name:ty) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::wire::serialize_enum(self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::deserialize_enum(d)
            }
        }

        impl $crate::wire::Lenient for $name {
            fn from_value(value: ::serde_json::Value) -> Option<Self> {
                $crate::wire::enum_from_value(value)
            }
        }

        /// The wire value.
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::wire::WireEnum::as_str(self))
            }
        }

        /// From the wire value; a value the documentation does not list is kept as sent.
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok($crate::wire::WireEnum::from_wire(
                    ::std::string::ToString::to_string(value),
                ))
            }
        }
    };
}
#[doc(hidden)]
pub use crate::enum_serde;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_from_any_spelling() {
        assert_eq!(i64::from_value(json!(12)), Some(12));
        assert_eq!(i64::from_value(json!("12")), Some(12));
        assert_eq!(i64::from_value(json!(12.0)), Some(12));
        assert_eq!(i64::from_value(json!("x")), None);
        assert_eq!(f64::from_value(json!("1.5")), Some(1.5));
    }

    #[test]
    fn booleans_from_any_spelling() {
        for yes in [json!("Y"), json!(1), json!("1"), json!(true), json!("true")] {
            assert_eq!(bool::from_value(yes), Some(true));
        }
        for no in [json!("N"), json!(0), json!("0"), json!(false)] {
            assert_eq!(bool::from_value(no), Some(false));
        }
        assert_eq!(bool::from_value(json!("maybe")), None);
    }

    #[test]
    fn collections_accept_php_shapes() {
        assert_eq!(Map::from_value(json!([])), Some(Map::new()));
        let map = BTreeMap::<String, i64>::from_value(json!([5, "6"])).unwrap_or_default();
        assert_eq!(map.get("1"), Some(&6));
        assert_eq!(
            Vec::<i64>::from_value(json!({"0": 1, "1": "2"})),
            Some(vec![1, 2])
        );
    }

    #[test]
    fn an_index_map_keeps_the_order_keys_were_sent_in() {
        let map = IndexMap::<String, i64>::from_value(json!({"z": 1, "a": "2", "m": 3}))
            .unwrap_or_default();
        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(
            serde_json::to_string(&map).unwrap_or_default(),
            r#"{"z":1,"a":2,"m":3}"#
        );
    }

    #[test]
    fn absent_values_are_none() {
        let mut map = Map::new();
        map.insert("A".into(), json!(null));
        map.insert("B".into(), json!(""));
        map.insert("C".into(), json!(""));
        assert_eq!(take::<i64>(&mut map, "A"), None);
        assert_eq!(take::<i64>(&mut map, "B"), None);
        assert_eq!(take::<String>(&mut map, "C"), Some(String::new()));
        assert_eq!(take::<i64>(&mut map, "missing"), None);
    }

    #[test]
    fn lenient_fields_in_derived_types() {
        #[derive(serde::Deserialize)]
        struct Answer {
            #[serde(default, deserialize_with = "lenient")]
            id: Option<i64>,
            #[serde(default, deserialize_with = "lenient")]
            active: Option<bool>,
        }
        let answer: Option<Answer> = serde_json::from_value(json!({"id": "5", "active": "N"})).ok();
        let answer = answer.expect("decodes");
        assert_eq!((answer.id, answer.active), (Some(5), Some(false)));
        let odd: Option<Answer> = serde_json::from_value(json!({"id": {}})).ok();
        assert_eq!(odd.map(|a| (a.id, a.active)), Some((None, None)));
    }

    #[test]
    fn yes_no_serialises_as_letters() {
        #[derive(serde::Serialize)]
        struct Flags {
            #[serde(with = "yn")]
            a: bool,
            #[serde(with = "yn_opt", skip_serializing_if = "Option::is_none")]
            b: Option<bool>,
            #[serde(with = "digit")]
            c: bool,
        }
        let flags = Flags {
            a: true,
            b: Some(false),
            c: true,
        };
        let text = serde_json::to_string(&flags).unwrap_or_default();
        assert_eq!(text, r#"{"a":"Y","b":"N","c":1}"#);
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl WireEnum for Color {
        const NUMERIC: bool = false;
        fn as_str(&self) -> &str {
            match self {
                Color::Red => "RED",
                Color::Unknown(value) => value,
            }
        }
        fn from_wire(value: String) -> Self {
            match value.as_str() {
                "RED" => Color::Red,
                _ => Color::Unknown(value),
            }
        }
    }
    enum_serde!(Color);

    #[derive(Debug, Clone, PartialEq)]
    enum Level {
        One,
        Unknown(String),
    }

    impl WireEnum for Level {
        const NUMERIC: bool = true;
        fn as_str(&self) -> &str {
            match self {
                Level::One => "1",
                Level::Unknown(value) => value,
            }
        }
        fn from_wire(value: String) -> Self {
            match value.as_str() {
                "1" => Level::One,
                _ => Level::Unknown(value),
            }
        }
    }
    enum_serde!(Level);

    #[test]
    fn enums_round_trip_unknown_values() {
        let red: Color =
            serde_json::from_value(json!("RED")).unwrap_or(Color::Unknown(String::new()));
        assert_eq!(red, Color::Red);
        let teal: Color = serde_json::from_value(json!("TEAL")).unwrap_or(Color::Red);
        assert_eq!(teal, Color::Unknown("TEAL".into()));
        assert_eq!(serde_json::to_value(&teal).ok(), Some(json!("TEAL")));
    }

    #[test]
    fn enums_print_and_parse_their_wire_values() {
        assert_eq!(Color::Red.to_string(), "RED");
        assert_eq!("RED".parse::<Color>(), Ok(Color::Red));
        let teal: Color = "TEAL".parse().unwrap_or(Color::Red);
        assert_eq!(teal, Color::Unknown("TEAL".into()));
        assert_eq!(teal.to_string(), "TEAL");
        assert_eq!(Level::One.to_string(), "1");
        assert_eq!("1".parse::<Level>(), Ok(Level::One));
    }

    #[test]
    fn numeric_enums_travel_as_numbers() {
        assert_eq!(serde_json::to_value(Level::One).ok(), Some(json!(1)));
        let one: Level =
            serde_json::from_value(json!("1")).unwrap_or(Level::Unknown(String::new()));
        assert_eq!(one, Level::One);
        assert_eq!(
            serde_json::to_value(Level::Unknown("x".into())).ok(),
            Some(json!("x"))
        );
    }

    #[derive(Debug, PartialEq)]
    struct Answer {
        id: Option<i64>,
        extra: Map,
    }

    impl Object for Answer {
        fn from_map(map: &mut Map) -> Self {
            Answer {
                id: take(map, "ID"),
                extra: std::mem::take(map),
            }
        }
    }
    object_serde!(Answer);

    #[test]
    fn objects_keep_unknown_fields_and_accept_empty_arrays() {
        let answer: Option<Answer> = serde_json::from_value(json!({"ID": "7", "NEW": 1})).ok();
        let answer = answer.expect("an object decodes");
        assert_eq!(answer.id, Some(7));
        assert_eq!(answer.extra.get("NEW"), Some(&json!(1)));
        let empty: Option<Answer> = serde_json::from_value(json!([])).ok();
        assert_eq!(empty.map(|a| a.id), Some(None));
        let odd: Option<Answer> = serde_json::from_value(json!({"ID": [1]})).ok();
        assert_eq!(odd.map(|a| a.id), Some(None));
    }
}

/// The rows of one page of a list whose result is read as JSON: the result itself, or
/// its `member`; an object keyed `"0"`, `"1"` … (how PHP sends a list) counts as a list.
pub fn rows(result: impl Into<Value>, member: Option<&str>) -> Vec<Value> {
    let result = result.into();
    let list = match (member, result) {
        (Some(m), Value::Object(mut map)) => map.remove(m).unwrap_or(Value::Null),
        (_, other) => other,
    };
    Vec::<Value>::from_value(list).unwrap_or_default()
}

#[cfg(test)]
mod rows_tests {
    use super::*;

    #[test]
    fn rows_come_from_the_result_or_its_member() {
        let json = serde_json::json!({"tasks": [{"id": "1"}, {"id": "2"}]});
        assert_eq!(rows(json, Some("tasks")).len(), 2);
        let php = serde_json::json!({"0": {"ID": "1"}, "1": {"ID": "2"}});
        assert_eq!(rows(php, None).len(), 2);
        assert!(rows(Value::Null, Some("items")).is_empty());
    }
}
