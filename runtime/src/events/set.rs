//! The events a receiver expects: the generated crate's `Event` enum, or [`RawEvent`].

use serde_json::Value;

use crate::wire::Lenient;

/// A set of events, decoded from the wire name and `data` of a delivery.
pub trait EventSet: Sized {
    /// The typed event. On a name it does not know, or data that do not fit, the data
    /// are handed back untouched.
    fn typed(name: &str, data: Value) -> Result<Self, Miss>;

    /// The catch-all case: the name and data as delivered.
    fn raw(name: String, data: Value) -> Self;
}

/// Why [`EventSet::typed`] declined, with the data given back.
#[derive(Debug, Clone, PartialEq)]
pub enum Miss {
    UnknownName(Value),
    BadData(Value),
}

/// A payload type of one event: its wire name, for `event.bind`.
pub trait EventPayload {
    /// The name the portal sends (`ONCRMDEALUPDATE`).
    const NAME: &'static str;
}

/// Decodes `data` as the payload `T` of one event, wrapped into the set's case for it.
pub fn decode<T: Lenient, E>(data: Value, wrap: fn(T) -> E) -> Result<E, Miss> {
    match T::from_value(data.clone()) {
        Some(payload) => Ok(wrap(payload)),
        None => Err(Miss::BadData(data)),
    }
}

/// Any event, untyped: its name and data.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    pub name: String,
    pub data: Value,
}

impl EventSet for RawEvent {
    fn typed(name: &str, data: Value) -> Result<Self, Miss> {
        Ok(RawEvent::raw(name.to_string(), data))
    }

    fn raw(name: String, data: Value) -> Self {
        RawEvent { name, data }
    }
}
