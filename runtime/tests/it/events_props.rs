//! Hostile bodies: the receiver answers every one with a value or a typed error, never
//! a panic, and within its limits.

use bitrix24_runtime::events::{ApplicationToken, BodyError, Error, Limits, RawEvent, Receiver};
use proptest::prelude::*;

fn receiver() -> Receiver {
    Receiver::new(ApplicationToken::new("tok")).limits(Limits {
        max_body_bytes: 64 * 1024,
        max_depth: 16,
        max_fields: 500,
    })
}

/// Keys made of the characters that matter to a PHP-style key.
fn key() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z\\[\\]%0-9=&+ ]{0,12}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048),
                                   json in any::<bool>()) {
        let ct = if json { Some("application/json") } else { None };
        let _ = receiver().receive::<RawEvent>(ct, &body);
    }

    #[test]
    fn key_soup_never_panics(pairs in proptest::collection::vec((key(), key()), 0..64)) {
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let body = format!("event=ONX&auth[application_token]=tok&{}", body.join("&"));
        let _ = receiver().receive::<RawEvent>(None, body.as_bytes());
    }

    #[test]
    fn deep_nesting_is_refused(depth in 17usize..4000) {
        let form = format!("event=ONX&data{}=1", "[a]".repeat(depth));
        let r = receiver().receive::<RawEvent>(None, form.as_bytes());
        let refused = matches!(r, Err(Error::BadBody(BodyError::TooDeep { .. } | BodyError::TooLarge { .. })));
        prop_assert!(refused, "{:?}", r);
        let json = format!("{{\"event\":\"ONX\",\"data\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        let r = receiver().receive::<RawEvent>(Some("application/json"), json.as_bytes());
        prop_assert!(matches!(r, Err(Error::BadBody(_))));
    }

    #[test]
    fn huge_counts_are_refused(n in 501usize..5000) {
        let body = format!("event=ONX&{}", "a[]=1&".repeat(n));
        let r = receiver().receive::<RawEvent>(None, body.as_bytes());
        let refused = matches!(r, Err(Error::BadBody(BodyError::TooManyFields { .. } | BodyError::TooLarge { .. })));
        prop_assert!(refused, "{:?}", r);
    }

    #[test]
    fn invalid_utf8_is_a_bad_body(bytes in proptest::collection::vec(0x80u8..=0xff, 1..16)) {
        let encoded: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        let body = format!("event=ONX&auth[application_token]=tok&data[x]={encoded}");
        let r = receiver().receive::<RawEvent>(None, body.as_bytes());
        if std::str::from_utf8(&bytes).is_err() {
            prop_assert!(matches!(r, Err(Error::BadBody(BodyError::InvalidUtf8))));
        } else {
            prop_assert!(r.is_ok());
        }
    }

    #[test]
    fn duplicate_keys_keep_the_last(values in proptest::collection::vec("[a-z]{1,8}", 1..20)) {
        let pairs: Vec<String> = values.iter().map(|v| format!("data[K]={v}")).collect();
        let body = format!("event=ONX&auth[application_token]=tok&{}", pairs.join("&"));
        let d = receiver().receive::<RawEvent>(None, body.as_bytes()).unwrap();
        prop_assert_eq!(d.event.data["K"].as_str(), values.last().map(String::as_str));
    }

    #[test]
    fn appended_values_stay_in_order(values in proptest::collection::vec("[a-z0-9]{0,6}", 1..40)) {
        let pairs: Vec<String> = values.iter().map(|v| format!("data[L][]={v}")).collect();
        let body = format!("event=ONX&auth[application_token]=tok&{}", pairs.join("&"));
        let d = receiver().receive::<RawEvent>(None, body.as_bytes()).unwrap();
        let got: Vec<&str> = d.event.data["L"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        prop_assert_eq!(got, values.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn only_the_exact_token_passes(guess in "[a-z]{0,5}") {
        let body = format!("event=ONX&auth[application_token]={guess}");
        let r = receiver().receive::<RawEvent>(None, body.as_bytes());
        match guess.as_str() {
            "tok" => prop_assert!(r.is_ok()),
            "" => prop_assert!(matches!(r, Err(Error::TokenMissing))),
            _ => prop_assert!(matches!(r, Err(Error::TokenWrong))),
        }
    }
}
