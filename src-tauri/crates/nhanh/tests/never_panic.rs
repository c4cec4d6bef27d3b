//! Decoding never panics, whatever the vendor (or a proxy) sends.

use nhanh::envelope::decode;
use nhanh::orders::Order;
use nhanh::products::{InventoryItem, Product};
use nhanh::webhooks::decode_webhook;
use proptest::prelude::*;
use serde_json::Value;
use vendor_http::{RawResponse, Redactor};

fn raw(status: u16, body: Vec<u8>) -> RawResponse {
    RawResponse {
        status,
        headers: Default::default(),
        body: body.into(),
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
    fn pasted_codes_never_panic(s in "\\PC{0,80}") {
        let _ = nhanh::extract_access_code(&s);
    }
}
