//! Reading JSON that a previous version stored.
//!
//! Until every IPC type was camelCase (issue #15), the order draft and the push journal's skip reasons were
//! serialized with snake_case keys (`unit_price`, `shipping_fee`, `age_minutes` …), and those are stored: the
//! outbox keeps each draft, the push journal each row's skip reason. Their readers pass the stored text
//! through [`camel_case_keys`] before deserializing, so rows of either version read the same.
//!
//! Not `#[serde(alias = "…")]`: specta exports an alias as a second accepted name in the generated
//! TypeScript (`unitPrice` or `unit_price`), which would put the old names back on the wire.

use serde_json::{Map, Value};

/// `value` with every object key renamed the way `#[serde(rename_all = "camelCase")]` names a snake_case
/// field (`shipping_fee` → `shippingFee`, `line1` unchanged), recursively. Values are never touched. Only
/// for JSON whose keys are all field names (no maps keyed by data).
pub fn camel_case_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (camel_case(&k), camel_case_keys(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_case_keys).collect()),
        other => other,
    }
}

/// serde's camelCase of a snake_case name.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Deserialize JSON stored by this version or a previous one (see the module doc).
pub fn from_stored_json<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_value(camel_case_keys(serde_json::from_str(text)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_camel_case_and_values_stay() {
        let v = serde_json::json!({
            "shipping_fee": 1,
            "line1": "12 Lê Lợi",
            "items": [{"unit_price": 2, "sku": "A_B"}],
            "extras": {"onflow": {"document_urls": ["https://x/a_b.pdf"]}},
            "alreadyCamel": "needs_attention"
        });
        assert_eq!(
            camel_case_keys(v),
            serde_json::json!({
                "shippingFee": 1,
                "line1": "12 Lê Lợi",
                "items": [{"unitPrice": 2, "sku": "A_B"}],
                "extras": {"onflow": {"documentUrls": ["https://x/a_b.pdf"]}},
                "alreadyCamel": "needs_attention"
            })
        );
    }
}
