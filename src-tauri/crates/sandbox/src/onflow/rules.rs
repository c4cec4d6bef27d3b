//! Field rules of the documented request bodies (onflow.md §8.2.1 Create Product, §8.3.1 Create PO, §8.4.1
//! Create B2C Shipment): which fields must be there, the enum fields' values, the numbers that cannot be
//! negative. A broken body is refused with the documented `INVALID_PAYLOAD` code ("Invalid request
//! payload") and `error_detail` = `{ "<field path>": ["<problem>"] }` — one entry per broken field, the path
//! dotted with array indexes (`packages.0.items.0.oasin`). The `error_detail` shape is *(inferred)*: the
//! docs only say the key exists.
//!
//! The docs never show the parameter tables (§0 L14-15): required flags are *(inferred)* from what each
//! call cannot work without (the SKU and name of a product, the warehouse and lines of a PO or shipment),
//! and each enum list below holds the values the docs show — *(inferred)* closed lists. The client mirrors
//! them in `onflow::assumptions` (`product_defaults`, `po_values`, `required_fields`).

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::text::ApiError;

/// `product_type` values seen (§8.2.1 L282).
pub const PRODUCT_TYPES: &[&str] = &["PHYSICAL"];
/// `product_unit` values seen (§8.2.1 L283).
pub const PRODUCT_UNITS: &[&str] = &["PACKAGE"];
/// `storage_method` values seen (§8.2.1 L293).
pub const STORAGE_METHODS: &[&str] = &["NORMAL"];
/// `inventory_tracking_type` values seen (§8.2.1 L294).
pub const INVENTORY_TRACKING_TYPES: &[&str] = &["NONE", "BOTH"];
/// `outbound_strategy` values seen (§8.2.1 L295; `FEFO` is only "plausible", so refused).
pub const OUTBOUND_STRATEGIES: &[&str] = &["FIFO", "LIFO"];
/// `product_characteristics[]` values seen (§8.2.1 L291).
pub const CHARACTERISTICS: &[&str] = &["HIGH_VALUE", "FRAGILE"];
/// PO `vas[]` values seen (§8.3.1 L401).
pub const PO_VAS: &[&str] = &["CO_INSPECTION"];
/// PO `po_documents[].document_type` values seen (§8.3.1 L410).
pub const PO_DOCUMENT_TYPES: &[&str] = &["INVOICE"];

/// The `error_detail` text of a missing field.
pub const REQUIRED: &str = "This field is required.";

/// Numbers of Create Product that cannot be negative: weight and dimensions, price, the low-stock threshold
/// and the shelf-life days (§8.2.1 L285-299; `null` allowed, as the docs show for `shelf_life`).
const PRODUCT_NUMBERS: &[&str] = &[
    "weight",
    "length",
    "width",
    "height",
    "product_price",
    "min_stock_warning",
    "shelf_life",
    "min_shelf_life_inbound",
    "min_shelf_life_outbound",
];

/// The broken fields of one body, in the order found.
#[derive(Default)]
struct Problems(Map<String, Value>);

impl Problems {
    fn add(&mut self, path: String, problem: String) {
        if let Value::Array(a) = self.0.entry(path).or_insert_with(|| json!([])) {
            a.push(Value::String(problem));
        }
    }

    /// `key` of `obj` must be there and not blank (`null`, `""`, `[]` count as missing). Answers whether
    /// it is.
    fn required(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) -> bool {
        let present = match obj.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(_) => true,
        };
        if !present {
            self.add(format!("{prefix}{key}"), REQUIRED.into());
        }
        present
    }

    /// An optional enum field: when sent (not `null`), one of `allowed`.
    fn one_of(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str, allowed: &[&str]) {
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if allowed.contains(&s.as_str()) => {}
            Some(v) => self.add(format!("{prefix}{key}"), not_a_choice(v, allowed)),
        }
    }

    /// An optional list of enum values (a single string is taken as a list of one).
    fn each_one_of(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str, allowed: &[&str]) {
        let path = format!("{prefix}{key}");
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if allowed.contains(&s.as_str()) => {}
            Some(Value::Array(a)) => {
                for (i, v) in a.iter().enumerate() {
                    if !v.as_str().is_some_and(|s| allowed.contains(&s)) {
                        self.add(format!("{path}.{i}"), not_a_choice(v, allowed));
                    }
                }
            }
            Some(v) => self.add(path, not_a_choice(v, allowed)),
        }
    }

    /// An optional number: when sent (not `null`), a JSON number ≥ 0.
    fn non_negative(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) {
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f >= 0.0) => {}
            Some(Value::Number(_)) => self.add(
                format!("{prefix}{key}"),
                "Ensure this value is greater than or equal to 0.".into(),
            ),
            Some(_) => self.add(
                format!("{prefix}{key}"),
                "A valid number is required.".into(),
            ),
        }
    }

    /// A required quantity: a whole number > 0.
    fn positive_quantity(&mut self, obj: &Map<String, Value>, prefix: &str, key: &str) {
        if !self.required(obj, prefix, key) {
            return;
        }
        match obj.get(key).and_then(Value::as_i64) {
            Some(n) if n > 0 => {}
            Some(_) => self.add(
                format!("{prefix}{key}"),
                "Ensure this value is greater than 0.".into(),
            ),
            None => self.add(
                format!("{prefix}{key}"),
                "A valid integer is required.".into(),
            ),
        }
    }

    /// Each object of the array `key` (required or not), checked by `each` with its own prefix.
    fn objects(
        &mut self,
        obj: &Map<String, Value>,
        prefix: &str,
        key: &str,
        required: bool,
        mut each: impl FnMut(&mut Problems, &Map<String, Value>, &str),
    ) {
        if required && !self.required(obj, prefix, key) {
            return;
        }
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) => {
                for (i, v) in a.iter().enumerate() {
                    match v.as_object() {
                        Some(o) => each(self, o, &format!("{prefix}{key}.{i}.")),
                        None => self.add(format!("{prefix}{key}.{i}"), "Must be an object.".into()),
                    }
                }
            }
            Some(_) => self.add(format!("{prefix}{key}"), "Must be a list.".into()),
        }
    }

    fn into_result(self, status: StatusCode) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::new(status, "INVALID_PAYLOAD").detail(Value::Object(self.0)))
        }
    }
}

fn not_a_choice(v: &Value, allowed: &[&str]) -> String {
    format!("{v} is not a valid choice ({}).", allowed.join(", "))
}

/// Create Product (HTTP 422 on a broken body, the documented validation status of this call).
pub fn check_product(body: &Map<String, Value>) -> Result<(), ApiError> {
    let mut p = Problems::default();
    p.required(body, "", "sku");
    p.required(body, "", "name");
    p.one_of(body, "", "product_type", PRODUCT_TYPES);
    p.one_of(body, "", "product_unit", PRODUCT_UNITS);
    p.one_of(body, "", "storage_method", STORAGE_METHODS);
    p.one_of(
        body,
        "",
        "inventory_tracking_type",
        INVENTORY_TRACKING_TYPES,
    );
    p.one_of(body, "", "outbound_strategy", OUTBOUND_STRATEGIES);
    p.each_one_of(body, "", "product_characteristics", CHARACTERISTICS);
    for key in PRODUCT_NUMBERS {
        p.non_negative(body, "", key);
    }
    p.into_result(StatusCode::UNPROCESSABLE_ENTITY)
}

/// Create PO (HTTP 400, the inferred status of `INVALID_PAYLOAD`, L130).
pub fn check_po(body: &Map<String, Value>) -> Result<(), ApiError> {
    let mut p = Problems::default();
    p.required(body, "", "warehouse_code");
    p.each_one_of(body, "", "vas", PO_VAS);
    p.non_negative(body, "", "estimated_arrival_time");
    p.objects(body, "", "packages", true, |p, pk, pre| {
        for key in ["weight", "length", "width", "height"] {
            p.non_negative(pk, pre, key);
        }
        p.objects(pk, pre, "items", true, |p, it, pre| {
            p.required(it, pre, "oasin");
            p.positive_quantity(it, pre, "product_quantity");
        });
    });
    p.objects(body, "", "po_documents", false, |p, d, pre| {
        p.one_of(d, pre, "document_type", PO_DOCUMENT_TYPES);
        p.non_negative(d, pre, "print_quantity");
    });
    p.into_result(StatusCode::BAD_REQUEST)
}

/// Create B2C Shipment (HTTP 400). A `platform` that is sent but is not a marketplace is answered
/// separately (`INVALID_PLATFORM`, the marketplace-only rule of §8.4.1 L518).
pub fn check_shipment(body: &Map<String, Value>) -> Result<(), ApiError> {
    let mut p = Problems::default();
    p.required(body, "", "warehouse_code");
    p.required(body, "", "platform");
    p.required(body, "", "merchant_tracking_code_reference");
    p.objects(body, "", "items", true, |p, it, pre| {
        p.required(it, pre, "oasin");
        // `product_quantity` accepted as well (the PO's name for it)
        let key = if it.contains_key("quantity") || !it.contains_key("product_quantity") {
            "quantity"
        } else {
            "product_quantity"
        };
        p.positive_quantity(it, pre, key);
    });
    p.into_result(StatusCode::BAD_REQUEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn detail_keys(r: Result<(), ApiError>) -> Vec<String> {
        match r {
            Ok(()) => Vec::new(),
            Err(e) => {
                assert_eq!(e.code, "INVALID_PAYLOAD");
                e.detail
                    .and_then(|d| d.as_object().cloned())
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default()
            }
        }
    }

    #[test]
    fn each_broken_field_is_named_by_its_path() {
        let po = obj(json!({
            "warehouse_code": "ONF_WH_HN_LB", "vas": ["CO_INSPECTION", "GIFT_WRAP"],
            "packages": [{"weight": -1, "items": [{"oasin": "", "product_quantity": 0}]}, {"items": []}],
            "po_documents": [{"document_type": "RECEIPT", "print_quantity": -2}]
        }));
        let mut keys = detail_keys(check_po(&po));
        keys.sort();
        assert_eq!(
            keys,
            [
                "packages.0.items.0.oasin",
                "packages.0.items.0.product_quantity",
                "packages.0.weight",
                "packages.1.items",
                "po_documents.0.document_type",
                "po_documents.0.print_quantity",
                "vas.1",
            ]
        );
        let product = obj(
            json!({"sku": "A", "name": "B", "product_price": -1, "weight": "10",
            "product_characteristics": "FRAGILE", "shelf_life": null, "outbound_strategy": "FEFO"}),
        );
        let mut keys = detail_keys(check_product(&product));
        keys.sort();
        assert_eq!(keys, ["outbound_strategy", "product_price", "weight"]);
        let ship = obj(json!({"warehouse_code": "W", "platform": "shopee",
            "merchant_tracking_code_reference": "R", "items": [{"oasin": "O", "product_quantity": 2}]}));
        assert!(check_shipment(&ship).is_ok());
    }
}
