//! Property: whatever JSON (or bytes) Onflow sends, decoding returns a value or an error — never a panic.

use onflow::*;
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Value};
use vendor_http::{RawResponse, Redactor};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        "[a-zA-Z0-9 .,_:-]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("500000.00"),
            Just("1.250.000"),
            Just("OASIN1470562"),
            Just("ACTIVE"),
            Just("lazada"),
            Just("1773367142"),
            Just("-0.5"),
            Just("1e400"),
        ]
        .prop_map(Value::from),
    ];
    let keys = prop_oneof![
        Just("data"),
        Just("error"),
        Just("error_code"),
        Just("messages"),
        Just("total"),
        Just("error_detail"),
        Just("oasin"),
        Just("price"),
        Just("status"),
        Just("status_info"),
        Just("value"),
        Just("created_time"),
        Just("barcodes"),
        Just("brand"),
        Just("items"),
        Just("platform"),
        Just("quantity"),
        Just("product_characteristics"),
        Just("event_code"),
        Just("url"),
        Just("retry_after"),
    ]
    .prop_map(str::to_string);
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

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

fn decode_all(status: u16, body: &[u8]) {
    decode_all_with(status, body, HeaderMap::new());
}

fn decode_all_with(status: u16, body: &[u8], headers: HeaderMap) {
    let r = Redactor::new(["secret-token".to_string()]);
    let mut raw = raw(status, body.to_vec());
    raw.headers = headers;
    if let Err(Error::RateLimited { retry_at, .. }) = decode_envelope::<Product>(&raw, &r) {
        let max = chrono::Duration::from_std(vendor_http::MAX_VENDOR_WAIT).unwrap_or_default();
        assert!(retry_at <= chrono::Utc::now() + max, "{retry_at}");
    }
    let _ = decode_envelope::<Product>(&raw, &r);
    let _ = decode_envelope::<Vec<Shipment>>(&raw, &r);
    let _ = decode_envelope::<StockRow>(&raw, &r);
    let _ = decode_envelope::<PurchaseOrder>(&raw, &r);
    let _ = decode_envelope::<Vec<InspectionLine>>(&raw, &r);
    let _ = decode_envelope::<ReturnShipment>(&raw, &r);
    let _ = decode_envelope::<UploadedFile>(&raw, &r);
    let _ = decode_envelope::<CancelResult>(&raw, &r);
    let _ = decode_envelope::<Vec<Warehouse>>(&raw, &r);
    let _ = WebhookEvent::parse(body);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in arb_json(), status in prop_oneof![Just(200u16), Just(201), Just(401), Just(422), Just(429), Just(500)]) {
        decode_all(status, &serde_json::to_vec(&v).unwrap_or_default());
        // and the same value placed as `data` of a success envelope
        let env = json!({"data": v, "error": false, "error_code": null, "total": 1});
        decode_all(200, &serde_json::to_vec(&env).unwrap_or_default());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256), status in 100u16..600) {
        decode_all(status, &bytes);
    }

    #[test]
    fn arbitrary_headers_never_panic(
        h in headers(),
        v in arb_json(),
        retry_after in any::<i64>(),
        status in prop_oneof![Just(200u16), Just(429), Just(500), 100u16..600],
    ) {
        decode_all_with(status, &serde_json::to_vec(&v).unwrap_or_default(), h.clone());
        // a throttled envelope whose own retry_after is any number at all
        let env = json!({"data": null, "error": true, "error_code": "TOO_MANY_REQUESTS",
                         "error_detail": {"retry_after": retry_after}});
        decode_all_with(429, &serde_json::to_vec(&env).unwrap_or_default(), h);
    }
}

#[test]
fn lenient_models_accept_odd_but_harmless_shapes() {
    let r = Redactor::default();
    let body = json!({"data": {
        "oasin": 1470562, "sku": 111111, "status": null, "price": 500000,
        "barcodes": "8930000000017", "brand": "oops", "weight": "200.5",
        "created_time": "1769593324", "shelf_life": "180", "unknown_field": [1, 2]
    }, "error": false, "error_code": null, "total": "1"});
    let env =
        decode_envelope::<Product>(&raw(200, serde_json::to_vec(&body).unwrap_or_default()), &r)
            .expect("tolerant");
    let p = env.data;
    assert_eq!(p.oasin, "1470562");
    assert_eq!(p.sku, "111111");
    assert_eq!(p.price, Some(500_000));
    assert_eq!(p.barcodes, vec!["8930000000017"]);
    assert_eq!(p.brand, None);
    assert_eq!(p.weight, Some(200.5));
    assert_eq!(p.shelf_life, Some(180));
    assert!(p.created_time.is_some());
    assert!(p.extra.contains_key("unknown_field"));
    assert_eq!(env.total, Some(1));
}
