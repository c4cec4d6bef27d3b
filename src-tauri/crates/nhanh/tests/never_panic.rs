//! Decoding never panics, whatever the vendor (or a proxy) sends.

use nhanh::envelope::decode;
use nhanh::orders::Order;
use nhanh::products::{InventoryItem, Product};
use nhanh::webhooks::decode_webhook;
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use vendor_http::{RawResponse, Redactor};

fn raw(status: u16, body: Vec<u8>) -> RawResponse {
    RawResponse {
        status,
        headers: Default::default(),
        body: body.into(),
    }
}

/// Header values of every kind: huge and negative numbers, HTTP dates far in the past and future, text
/// and raw bytes (non-ASCII included).
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string().into_bytes()),
        "[0-9]{15,40}".prop_map(String::into_bytes),
        "-[0-9]{1,30}".prop_map(String::into_bytes),
        (0i64..=253_402_300_799).prop_map(|s| chrono::DateTime::from_timestamp(s, 0)
            .map(|d| d.to_rfc2822().into_bytes())
            .unwrap_or_default()),
        Just(b"Fri, 31 Dec 9999 23:59:59 GMT".to_vec()),
        "[ -~]{0,40}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..40),
    ]
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    let name = prop_oneof![
        Just("retry-after".to_string()),
        Just("content-length".to_string()),
        Just("content-type".to_string()),
        "[a-z][a-z0-9-]{0,16}",
    ];
    prop::collection::vec((name, header_value()), 0..6).prop_map(|pairs| {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(n.as_bytes()),
                HeaderValue::from_bytes(&v),
            ) {
                h.append(n, v);
            }
        }
        h
    })
}

/// A rate-limit error's retry time is never in the past and never beyond the clamp.
fn assert_clamped<T: std::fmt::Debug>(r: &vendor_http::Result<T>) {
    if let Err(vendor_http::Error::RateLimited { retry_at, .. }) = r {
        let now = chrono::Utc::now();
        let max = chrono::Duration::from_std(vendor_http::MAX_VENDOR_WAIT).unwrap_or_default();
        assert!(*retry_at <= now + max, "{retry_at}");
        assert!(
            *retry_at >= now - chrono::Duration::seconds(5),
            "{retry_at}"
        );
    }
}

/// Arbitrary JSON values, biased towards the envelope's keys.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        "[a-zA-Z0-9_ ]{0,12}".prop_map(Value::String),
        Just(Value::String("ERR_429".into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("code".to_string()),
                    Just("data".to_string()),
                    Just("errorCode".to_string()),
                    Just("messages".to_string()),
                    Just("message".to_string()),
                    Just("paginator".to_string()),
                    Just("next".to_string()),
                    Just("unlockedAt".to_string()),
                    Just("lockedSeconds".to_string()),
                    Just("id".to_string()),
                    Just("inventory".to_string()),
                    Just("info".to_string()),
                    "[a-z]{1,8}",
                ],
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..300)) {
        let r = Redactor::default();
        let _ = decode::<Vec<Product>>(&raw(status, body.clone()), &r);
        let _ = decode::<Value>(&raw(status, body), &r);
    }

    #[test]
    fn arbitrary_json_never_panics(status in prop_oneof![Just(200u16), Just(429), Just(500), 100u16..600], v in json_value()) {
        let r = Redactor::default();
        let body = serde_json::to_vec(&v).unwrap();
        let _ = decode::<Vec<Product>>(&raw(status, body.clone()), &r);
        let _ = decode::<Vec<Order>>(&raw(status, body.clone()), &r);
        let _ = decode::<Vec<InventoryItem>>(&raw(status, body.clone()), &r);
        let _ = decode::<nhanh::AccessGrant>(&raw(status, body), &r);
        let _ = decode_webhook(v);
    }

    #[test]
    fn envelopes_with_code_1_and_any_data_decode_or_fail_cleanly(data in json_value(), next in json_value()) {
        let v = serde_json::json!({"code": 1, "data": data, "paginator": {"next": next.clone()}});
        let r = decode::<Value>(&raw(200, serde_json::to_vec(&v).unwrap()), &Redactor::default()).unwrap();
        // the cursor comes back exactly as sent (null = end)
        prop_assert_eq!(r.next, if next.is_null() { None } else { Some(next) });
    }

    #[test]
    fn arbitrary_headers_and_lock_numbers_never_panic(
        h in headers(),
        status in prop_oneof![Just(200u16), Just(429), Just(503), 100u16..600],
        unlocked in any::<i64>(),
        locked in any::<i64>(),
        v in json_value(),
    ) {
        let r = Redactor::default();
        let mut raw_any = raw(status, serde_json::to_vec(&v).unwrap());
        raw_any.headers = h.clone();
        assert_clamped(&decode::<Value>(&raw_any, &r));
        for data in [
            serde_json::json!({"lockedSeconds": locked, "unlockedAt": unlocked}),
            serde_json::json!({"lockedSeconds": locked}),
            serde_json::json!({"unlockedAt": unlocked.to_string()}),
            serde_json::json!({}),
        ] {
            let body = serde_json::json!({"code": 0, "errorCode": "ERR_429", "data": data});
            let mut raw_lock = raw(200, serde_json::to_vec(&body).unwrap());
            raw_lock.headers = h.clone();
            let e = decode::<Value>(&raw_lock, &r);
            let limited = matches!(e, Err(vendor_http::Error::RateLimited { .. }));
            prop_assert!(limited, "{:?}", e);
            assert_clamped(&e);
        }
        let mut raw_429 = raw(429, b"<html>slow down</html>".to_vec());
        raw_429.headers = h;
        assert_clamped(&decode::<Value>(&raw_429, &r));
    }

    #[test]
    fn pasted_codes_never_panic(s in "\\PC{0,80}") {
        let _ = nhanh::extract_access_code(&s);
    }
}
