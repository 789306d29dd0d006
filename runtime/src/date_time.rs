//! [`DateTime`]: a date, or a date and time, in the forms Bitrix24 sends.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::wire::Lenient;

/// A date or a date-time as the API spells it: ISO 8601 with an offset
/// (`2024-08-30T02:00:00+02:00`), without one (`2024-08-30 02:00:00`, the portal's own
/// time zone), or a date alone (`2024-08-30`). A field documented as a date may carry a
/// time and the other way round, so one type reads all three; it is written back in
/// ISO 8601, the form the API accepts on requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateTime {
    /// A moment, with the offset it was sent with.
    At(chrono::DateTime<FixedOffset>),
    /// A date and time without an offset.
    Local(NaiveDateTime),
    /// A date alone.
    Day(NaiveDate),
}

/// A text that is none of the forms [`DateTime`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError;

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date (YYYY-MM-DD) or a date and time in ISO 8601")
    }
}

impl std::error::Error for ParseDateTimeError {}

/// With an offset: `+02:00`, `+0200` or `Z`; `T` or a space before the time.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
];
/// Without one; the second pair is the older `DD.MM.YYYY` spelling.
const LOCAL: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];
const DAY: &[&str] = &["%Y-%m-%d", "%d.%m.%Y"];

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Some(zulu) = text.strip_suffix('Z') {
            if let Ok(local) = parse_local(zulu) {
                return Ok(DateTime::At(local.and_utc().fixed_offset()));
            }
        }
        if let Some(at) = WITH_OFFSET
            .iter()
            .find_map(|f| chrono::DateTime::parse_from_str(text, f).ok())
        {
            return Ok(DateTime::At(at));
        }
        if let Ok(local) = parse_local(text) {
            return Ok(DateTime::Local(local));
        }
        DAY.iter()
            .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
            .map(DateTime::Day)
            .ok_or(ParseDateTimeError)
    }
}

fn parse_local(text: &str) -> Result<NaiveDateTime, ParseDateTimeError> {
    LOCAL
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or(ParseDateTimeError)
}

impl DateTime {
    /// The calendar date.
    pub fn date(&self) -> NaiveDate {
        match self {
            DateTime::At(at) => at.date_naive(),
            DateTime::Local(local) => local.date(),
            DateTime::Day(day) => *day,
        }
    }

    /// The date and time as written, without the offset; midnight for a date alone.
    pub fn naive(&self) -> NaiveDateTime {
        match self {
            DateTime::At(at) => at.naive_local(),
            DateTime::Local(local) => *local,
            DateTime::Day(day) => day.and_time(chrono::NaiveTime::MIN),
        }
    }

    /// The offset, when the value carried one.
    pub fn offset(&self) -> Option<FixedOffset> {
        match self {
            DateTime::At(at) => Some(*at.offset()),
            _ => None,
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateTime::At(at) => write!(f, "{}", at.format("%Y-%m-%dT%H:%M:%S%.f%:z")),
            DateTime::Local(local) => write!(f, "{}", local.format("%Y-%m-%dT%H:%M:%S%.f")),
            DateTime::Day(day) => write!(f, "{}", day.format("%Y-%m-%d")),
        }
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    fn from(at: chrono::DateTime<FixedOffset>) -> Self {
        DateTime::At(at)
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(local: NaiveDateTime) -> Self {
        DateTime::Local(local)
    }
}

impl From<NaiveDate> for DateTime {
    fn from(day: NaiveDate) -> Self {
        DateTime::Day(day)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Lenient for DateTime {
    /// Text in any of the forms above; anything else (`""`, `null`, a number) is absent.
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::String(text) => text.parse().ok(),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<DateTime> {
        DateTime::from_value(Value::String(text.into()))
    }

    #[test]
    fn reads_every_wire_form_and_writes_iso() {
        let at = read("2024-08-30T02:00:00+02:00").unwrap();
        assert_eq!(at.offset().map(|o| o.local_minus_utc()), Some(7200));
        assert_eq!(at.to_string(), "2024-08-30T02:00:00+02:00");
        assert_eq!(read("2024-08-30 02:00:00+0200"), Some(at));
        let utc = read("2024-08-30T00:00:00Z").unwrap();
        assert_eq!(utc.to_string(), "2024-08-30T00:00:00+00:00");
        let local = read("2024-08-30 02:00:00").unwrap();
        assert!(matches!(local, DateTime::Local(_)));
        assert_eq!(local.to_string(), "2024-08-30T02:00:00");
        assert_eq!(read("30.08.2024 02:00:00"), Some(local));
        let day = read("2024-08-30").unwrap();
        assert_eq!(day.to_string(), "2024-08-30");
        assert_eq!(day.date(), local.date());
        assert_eq!(
            read("2024-08-30T02:00:00.250+02:00").unwrap().to_string(),
            "2024-08-30T02:00:00.250+02:00"
        );
    }

    #[test]
    fn odd_values_are_absent() {
        assert_eq!(read(""), None);
        assert_eq!(read("yesterday"), None);
        assert_eq!(read("2024-13-01"), None);
        assert_eq!(DateTime::from_value(Value::Null), None);
        assert_eq!(DateTime::from_value(serde_json::json!(1724976000)), None);
    }

    #[test]
    fn serde_round_trip() {
        let v: DateTime = serde_json::from_str("\"2024-08-30T02:00:00+02:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            "\"2024-08-30T02:00:00+02:00\""
        );
        assert!(serde_json::from_str::<DateTime>("\"soon\"").is_err());
    }

    #[test]
    fn answers_read_the_string_forms_of_every_semantic_type() {
        let mut map = match serde_json::json!({
            "ID": "2909", "OPENED": "Y", "CLOSED": "N",
            "DATE_CREATE": "2024-08-30T02:00:00+02:00", "BEGINDATE": "2024-08-30",
            "OPPORTUNITY": "1000000.00", "plain_id": 2909, "plain_amount": 12.5
        }) {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        use crate::wire::take;
        assert_eq!(take::<i64>(&mut map, "ID"), Some(2909));
        assert_eq!(take::<i64>(&mut map, "plain_id"), Some(2909));
        assert_eq!(take::<bool>(&mut map, "OPENED"), Some(true));
        assert_eq!(take::<bool>(&mut map, "CLOSED"), Some(false));
        assert_eq!(take::<f64>(&mut map, "OPPORTUNITY"), Some(1_000_000.0));
        assert_eq!(take::<f64>(&mut map, "plain_amount"), Some(12.5));
        let created = take::<DateTime>(&mut map, "DATE_CREATE").unwrap();
        assert_eq!(created.to_string(), "2024-08-30T02:00:00+02:00");
        // A field labelled a date reads a date alone as well as a date with a time.
        let begin = take::<DateTime>(&mut map, "BEGINDATE").unwrap();
        assert_eq!(begin.date(), created.date());
        assert!(map.is_empty());
    }
}
