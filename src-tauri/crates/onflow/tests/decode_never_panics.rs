//! Property: whatever JSON (or bytes) Onflow sends, decoding returns a value or an error — never a panic.

use onflow::*;
use proptest::prelude::*;
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

fn decode_all(status: u16, body: &[u8]) {
    let r = Redactor::new(["secret-token".to_string()]);
    let raw = raw(status, body.to_vec());
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
