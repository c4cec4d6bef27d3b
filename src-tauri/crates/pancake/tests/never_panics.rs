//! Decoding arbitrary JSON (and arbitrary bytes) into the envelope and the models never panics: the
//! answer is a value or a taxonomy error.

use std::time::Duration;

use bytes::Bytes;
use pancake::api::customers::Customer;
use pancake::envelope::decode_response;
use pancake::{Order, Page, ReturnedOrder, Variation, Warehouse};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use vendor_http::{RawResponse, Redactor};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z0-9_ :.TZ-]{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        let keys = prop_oneof![
            Just("id".to_string()),
            Just("data".to_string()),
            Just("success".to_string()),
            Just("status".to_string()),
            Just("items".to_string()),
            Just("inserted_at".to_string()),
            Just("error_code".to_string()),
            Just("variations_warehouses".to_string()),
            Just("shipping_address".to_string()),
            Just("total_pages".to_string()),
            Just("tags".to_string()),
            Just("partner".to_string()),
            "[a-z_]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn raw(status: u16, body: Vec<u8>) -> RawResponse {
    RawResponse {
        status,
        headers: Default::default(),
        body: Bytes::from(body),
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

/// A rate-limit error's retry time is never in the past and never beyond the pipeline's clamp.
fn assert_wait_clamped(r: &RawResponse) {
    let red = Redactor::default();
    if let Err(vendor_http::Error::RateLimited { retry_at, .. }) =
        decode_response::<Page<Order>>(r, &red, Duration::from_secs(u64::MAX / 4))
    {
        let max = chrono::Duration::from_std(vendor_http::MAX_VENDOR_WAIT).unwrap_or_default();
        assert!(retry_at <= chrono::Utc::now() + max, "{retry_at}");
    }
}

fn decode_all(r: &RawResponse) {
    let red = Redactor::new(["secret-key-123".to_string()]);
    let p = Duration::from_millis(1);
    let _ = decode_response::<Page<Order>>(r, &red, p);
    let _ = decode_response::<Order>(r, &red, p);
    let _ = decode_response::<Page<Variation>>(r, &red, p);
    let _ = decode_response::<Page<Customer>>(r, &red, p);
    let _ = decode_response::<Page<Warehouse>>(r, &red, p);
    let _ = decode_response::<Page<ReturnedOrder>>(r, &red, p);
    let _ = pancake::parse_webhook(&r.body);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in json_value(), status in prop_oneof![Just(200u16), Just(403), Just(429), Just(500), 100u16..600]) {
        let body = serde_json::to_vec(&v).unwrap_or_default();
        decode_all(&raw(status, body));
        // wrapped as a page and as a bare object too
        let wrapped = serde_json::json!({"success": true, "data": [v.clone()], "total_pages": 1});
        decode_all(&raw(200, serde_json::to_vec(&wrapped).unwrap_or_default()));
    }

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), status in 100u16..600) {
        decode_all(&raw(status, body));
    }

    #[test]
    fn arbitrary_headers_never_panic(
        h in headers(),
        status in prop_oneof![Just(200u16), Just(429), Just(500), 100u16..600],
        v in json_value(),
    ) {
        let mut r = raw(status, serde_json::to_vec(&v).unwrap_or_default());
        r.headers = h.clone();
        decode_all(&r);
        assert_wait_clamped(&r);
        let limited = serde_json::json!({"success": false, "error_code": 106});
        let mut r = raw(200, serde_json::to_vec(&limited).unwrap_or_default());
        r.headers = h;
        decode_all(&r);
        assert_wait_clamped(&r);
    }
}

#[test]
fn a_success_answer_decodes_and_an_error_answer_never_does() {
    let red = Redactor::default();
    let ok = raw(
        200,
        br#"{"success":true,"data":[{"id":1}],"total_pages":1,"page_number":1}"#.to_vec(),
    );
    let p = decode_response::<Page<Order>>(&ok, &red, Duration::ZERO).expect("ok");
    assert_eq!(p.data[0].id.as_i64(), Some(1));
    let bad = raw(200, br#"{"success":false,"data":[{"id":1}]}"#.to_vec());
    assert!(decode_response::<Page<Order>>(&bad, &red, Duration::ZERO).is_err());
}
