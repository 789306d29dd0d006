//! The semantic type of a value an example shows as text. Bitrix24 sends most values as
//! strings, so an example's `"2909"` is the wire form of an id, `"Y"` of a flag,
//! `"2024-08-30T02:00:00+02:00"` of a date-time and `"1000000.00"` of an amount.
//! [`RULES`] are asked in order; a value none answers for is text.
//!
//! Example objects also carry keys that belong to one portal (`ufCrm_1720019876534`,
//! `parentId1222`) or stand for any such key (`UF_CRM_...`): [`is_user_field`] tells
//! them apart, so they are not taken for fields every portal has.

use crate::ir::{BoolForm, Type};

use super::names;

/// A text value and the key it is sent under, when there is one.
pub struct Sample<'a> {
    pub key: Option<&'a str>,
    pub text: &'a str,
}

/// One rule: the type a text value stands for, or nothing.
pub struct Rule {
    /// What the rule recognises; the test of the order reads it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    pub decide: fn(&Sample) -> Option<Type>,
}

/// The rules, in the order they are asked. A new rule is one entry here.
pub const RULES: &[Rule] = &[
    Rule {
        name: "Y/N flag",
        decide: yes_no,
    },
    Rule {
        name: "date-time",
        decide: date_time,
    },
    Rule {
        name: "date",
        decide: date,
    },
    Rule {
        name: "id digits",
        decide: id_digits,
    },
    Rule {
        name: "decimal",
        decide: decimal,
    },
];

/// The type of a text value an example shows under `key`.
pub fn of_text(key: Option<&str>, text: &str) -> Type {
    let sample = Sample { key, text };
    RULES
        .iter()
        .find_map(|r| (r.decide)(&sample))
        .unwrap_or(Type::String)
}

fn yes_no(s: &Sample) -> Option<Type> {
    matches!(s.text, "Y" | "N").then_some(Type::Boolean {
        form: BoolForm::YesNo,
    })
}

/// `2024-08-30T02:00:00+02:00`, `2024-08-30 02:00:00`, with or without an offset or
/// fractions of a second.
fn date_time(s: &Sample) -> Option<Type> {
    let (day, time) = s.text.split_at_checked(10)?;
    let time = time.strip_prefix('T').or_else(|| time.strip_prefix(' '))?;
    (is_date(day) && is_time(time)).then_some(Type::DateTime)
}

fn date(s: &Sample) -> Option<Type> {
    is_date(s.text).then_some(Type::Date)
}

/// Digits under a key whose name says it holds a number (`ID`, `ownerId`, `SORT`);
/// other digits (phone numbers, codes) stay text.
fn id_digits(s: &Sample) -> Option<Type> {
    let digits = s.text.strip_prefix('-').unwrap_or(s.text);
    let is_integer =
        !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit());
    let named = s.key.and_then(names::by_name) == Some(Type::Integer);
    (is_integer && named).then_some(Type::Integer)
}

/// `1000000.00`: digits, a point, digits, under a key that is not text by its name
/// (a `version` `1.0` is text).
fn decimal(s: &Sample) -> Option<Type> {
    let unsigned = s.text.strip_prefix('-').unwrap_or(s.text);
    let (whole, fraction) = unsigned.split_once('.')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let text_key = s.key.is_some_and(|k| {
        names::by_name(k) == Some(Type::String) || k.to_ascii_lowercase().contains("version")
    });
    (digits(whole) && digits(fraction) && !text_key).then_some(Type::Number)
}

/// `YYYY-MM-DD`.
fn is_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && in_range(&t[5..7], 1, 12)
        && in_range(&t[8..10], 1, 31)
}

/// `HH:MM:SS`, then optional fractions, then `Z` or `±HH:MM` (or `±HHMM`), or nothing.
fn is_time(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < 8
        || b[2] != b':'
        || b[5] != b':'
        || ![0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit())
        || !in_range(&t[0..2], 0, 23)
        || !in_range(&t[3..5], 0, 59)
        || !in_range(&t[6..8], 0, 60)
    {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [] | [b'Z'] => true,
        [b'+' | b'-', offset @ ..] => {
            let digits: Vec<u8> = offset.iter().copied().filter(|&c| c != b':').collect();
            digits.len() == 4 && digits.iter().all(u8::is_ascii_digit) && offset.len() <= 5
        }
        _ => false,
    }
}

fn in_range(digits: &str, low: u32, high: u32) -> bool {
    digits
        .parse::<u32>()
        .is_ok_and(|n| (low..=high).contains(&n))
}

/// A key that names a field of one portal (`ufCrm_1720019876534`, `UF_CRM_5_17200198`,
/// `parentId1222`, `PARENT_ID_1222`) or stands for any such field (`UF_CRM_...`,
/// `PARENT_ID_...`, `ufCrm_…`).
pub fn is_user_field(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let family = lower.starts_with("uf_") || lower.starts_with("ufcrm") || {
        let stem = lower.replace('_', "");
        stem.starts_with("parentid") && stem.len() > "parentid".len()
    };
    if !family {
        return false;
    }
    let placeholder = key.ends_with("...") || key.ends_with('…');
    // Portal-specific keys end in the number the portal gave the field or its type.
    let numbered = key.bytes().last().is_some_and(|b| b.is_ascii_digit());
    placeholder || numbered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_order() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            ["Y/N flag", "date-time", "date", "id digits", "decimal"]
        );
    }

    #[test]
    fn wire_forms() {
        let yn = Type::Boolean {
            form: BoolForm::YesNo,
        };
        assert_eq!(of_text(Some("ID"), "2909"), Type::Integer);
        assert_eq!(of_text(Some("ownerId"), "-1"), Type::Integer);
        assert_eq!(of_text(Some("PHONE"), "79991234567"), Type::String);
        assert_eq!(of_text(None, "2909"), Type::String);
        assert_eq!(of_text(Some("OPENED"), "Y"), yn);
        assert_eq!(
            of_text(Some("DATE_CREATE"), "2024-08-30T02:00:00+02:00"),
            Type::DateTime
        );
        assert_eq!(of_text(Some("x"), "2024-08-30 02:00:00"), Type::DateTime);
        assert_eq!(
            of_text(Some("x"), "2024-08-30T02:00:00.123Z"),
            Type::DateTime
        );
        assert_eq!(
            of_text(Some("x"), "2024-08-30T02:00:00+0200"),
            Type::DateTime
        );
        assert_eq!(of_text(Some("BEGINDATE"), "2024-08-30"), Type::Date);
        assert_eq!(of_text(Some("x"), "2024-13-30"), Type::String);
        assert_eq!(of_text(Some("x"), "2024-08-30T25:00:00"), Type::String);
        assert_eq!(of_text(Some("OPPORTUNITY"), "1000000.00"), Type::Number);
        assert_eq!(of_text(Some("OPPORTUNITY"), "500"), Type::String);
        assert_eq!(of_text(Some("TITLE"), "1.5"), Type::String);
        assert_eq!(of_text(Some("VERSION"), "1.0.3"), Type::String);
        assert_eq!(of_text(Some("Manifest version"), "1.0"), Type::String);
        assert_eq!(of_text(Some("TITLE"), "Новая сделка"), Type::String);
    }

    #[test]
    fn user_fields() {
        for k in [
            "ufCrm_1720019876534",
            "UF_CRM_1720019876534",
            "UF_CRM_5_1720019876",
            "ufCrm5_1720019876534",
            "parentId1222",
            "PARENT_ID_1222",
            "UF_CRM_...",
            "PARENT_ID_...",
            "ufCrm_…",
        ] {
            assert!(is_user_field(k), "{k}");
        }
        for k in [
            "UF_DEPARTMENT",
            "parentId",
            "PARENT_ID",
            "ID",
            "TITLE",
            "uf",
        ] {
            assert!(!is_user_field(k), "{k}");
        }
    }
}
