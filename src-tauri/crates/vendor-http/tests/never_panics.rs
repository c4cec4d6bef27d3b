//! Property: whatever headers and body a vendor (or anything in between) answers with, the pipeline's
//! helpers return a value or an error, never a panic; vendor-given waits stay within the clamp.

use bytes::Bytes;
use chrono::Utc;
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use vendor_http::{decode_json, RawResponse, Redactor, MAX_VENDOR_WAIT};

/// Header values: numbers of every size and sign, HTTP dates far in the past and future, and raw bytes
/// (non-ASCII included) where the header grammar allows them.
pub fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string().into_bytes()),
        any::<u64>().prop_map(|n| n.to_string().into_bytes()),
        "[0-9]{15,40}".prop_map(String::into_bytes),
        "-[0-9]{1,30}".prop_map(String::into_bytes),
        (0i64..=253_402_300_799).prop_map(|secs| chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.to_rfc2822().into_bytes())
            .unwrap_or_default()),
        Just(b"Fri, 31 Dec 9999 23:59:59 GMT".to_vec()),
        Just(b"Mon, 01 Jan 0001 00:00:00 GMT".to_vec()),
        Just(b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec()),
        "[ -~]{0,40}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..40),
    ]
}

pub fn header_map() -> impl Strategy<Value = HeaderMap> {
    let name = prop_oneof![
        Just("retry-after".to_string()),
        Just("content-length".to_string()),
        Just("x-ratelimit-reset".to_string()),
        Just("location".to_string()),
        Just("content-type".to_string()),
        "[a-z][a-z0-9-]{0,20}",
    ];
    prop::collection::vec((name, header_value()), 0..8).prop_map(|pairs| {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            // keep what the HTTP layer itself would accept
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_headers_and_bodies_never_panic(
        status in 100u16..600,
        headers in header_map(),
        body in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let raw = RawResponse { status, headers, body: Bytes::from(body) };
        if let Some(at) = raw.retry_after() {
            let max = chrono::Duration::from_std(MAX_VENDOR_WAIT).unwrap_or_default();
            prop_assert!(at <= Utc::now() + max);
            prop_assert!(at >= Utc::now() - chrono::Duration::seconds(5));
        }
        let _ = decode_json::<serde_json::Value>(&raw, &Redactor::new(["secret-123".to_string()]));
        let _ = vendor_http::looks_like_html(&raw.body);
    }

    #[test]
    fn any_retry_after_value_is_clamped(v in header_value()) {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_bytes(&v) {
            headers.insert(reqwest::header::RETRY_AFTER, v);
        }
        let raw = RawResponse { status: 429, headers, body: Bytes::new() };
        if let Some(at) = raw.retry_after() {
            let max = chrono::Duration::from_std(MAX_VENDOR_WAIT).unwrap_or_default();
            prop_assert!(at <= Utc::now() + max);
        }
    }
}

#[test]
fn the_reported_retry_after_is_exactly_the_clamp_for_a_huge_number() {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::RETRY_AFTER,
        HeaderValue::from_static("99999999999999"),
    );
    let raw = RawResponse {
        status: 429,
        headers,
        body: Bytes::new(),
    };
    let at = raw.retry_after().expect("a number is readable");
    let d = (at - Utc::now()).num_seconds();
    assert!((895..=900).contains(&d), "{d}");
}
