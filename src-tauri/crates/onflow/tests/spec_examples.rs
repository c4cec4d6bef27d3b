//! Every example of `shared/vendors/onflow.md`, table-driven (issue #19):
//!
//! - [`EXAMPLES`]: each documented request — its body copied into `tests/fixtures/`, method and path as the
//!   docs print them — is sent to the simulator as is (only the example's ids are swapped for live ones:
//!   the docs' `OASIN2200579` is no product of the simulator) and accepted with the documented status; its
//!   answer parses into the client's type. Before that, each field of [`required_fields`] is dropped in
//!   turn and the body refused the documented way: `INVALID_PAYLOAD`, "Invalid request payload" in vi and
//!   en, `error_detail` naming the field.
//! - [`BAD_VALUES`]: each enum and number field of the field tables (product, PO, shipment) with a value
//!   outside the documented list, or negative, is refused the same way in vi and en; every documented value
//!   of every enum is accepted ([`every_documented_enum_value_is_accepted`]).
//! - [`RESPONSES`]: each response example is parsed by a test of `contract.rs` (not repeated here);
//!   [`every_fixture_is_in_a_table`] keeps the fixtures and the tables in step.
//!
//! Tests never read `/work/shared`: the examples live in `tests/fixtures/`.

use std::collections::HashMap;
use std::time::Duration;

use onflow::assumptions::{po_values, product_defaults, required_fields};
use onflow::*;
use sandbox::{Options, Sandbox};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const HN: &str = "ONF_WH_HN_LB";
/// The documented `INVALID_PAYLOAD` message; the docs give no Vietnamese text ("-"), so both languages
/// answer the English one (onflow.md §6 L137-138).
const INVALID_PAYLOAD_TEXT: &str = "Invalid request payload";

/// One documented request: `(fixture, method, path, required field paths)` plus where the docs show it,
/// the documented success status and the status of a refused body.
struct Example {
    spec: &'static str,
    /// The request body (`tests/fixtures/…`); `None` for calls without one.
    fixture: Option<&'static str>,
    method: &'static str,
    /// As printed in the docs; `{name}` is a live id from earlier rows.
    path: &'static str,
    required: &'static [&'static str],
    status: u16,
    refused_status: u16,
    /// Parses the answer with the client's type; names what later rows use.
    answer: fn(&Value) -> Vec<(&'static str, String)>,
}

fn typed<T: DeserializeOwned>(body: &Value) -> T {
    serde_json::from_value(body["data"].clone()).expect("the client's type parses the answer")
}

fn created_product(b: &Value) -> Vec<(&'static str, String)> {
    let p: CreatedProduct = typed(b);
    assert!(p.oasin.starts_with("OASIN") && p.oasin.len() == 12, "{p:?}");
    assert_eq!(p.sku, "111111");
    vec![("new_oasin", p.oasin)]
}

fn product_detail(b: &Value) -> Vec<(&'static str, String)> {
    let p: Product = typed(b);
    assert_eq!((p.sku.as_str(), p.name.as_str()), ("111111", "onflow"));
    assert_eq!(p.barcodes, ["11111"]);
    Vec::new()
}

fn created_po(b: &Value) -> Vec<(&'static str, String)> {
    let p: CreatedPo = typed(b);
    assert!(
        p.po_code.starts_with("OAPO") && p.po_code.len() == 13,
        "{p:?}"
    );
    assert_eq!(p.merchant_po_reference.as_deref(), Some("PO-1774835393"));
    vec![("po_code", p.po_code)]
}

fn po_bill(b: &Value) -> Vec<(&'static str, String)> {
    let p: PoBill = typed(b);
    assert!(p.po_bill_url.ends_with(".pdf"), "{p:?}");
    Vec::new()
}

fn cancelled_po(b: &Value) -> Vec<(&'static str, String)> {
    let p: CancelPoResult = typed(b);
    assert!(p.success, "{p:?}");
    Vec::new()
}

fn inspection(b: &Value) -> Vec<(&'static str, String)> {
    let lines: Vec<InspectionLine> = typed(b);
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l.oasin.starts_with("OASIN")),
        "{lines:?}"
    );
    Vec::new()
}

fn created_shipment(b: &Value) -> Vec<(&'static str, String)> {
    let s: CreatedShipment = typed(b);
    assert!(
        s.tracking_code.starts_with("OASC") && s.tracking_code.len() == 12,
        "{s:?}"
    );
    vec![("tracking_code", s.tracking_code)]
}

fn shipment_detail(b: &Value) -> Vec<(&'static str, String)> {
    let s: Shipment = typed(b);
    assert_eq!(s.merchant_tracking_code_reference, "MERCHANT1773367142");
    assert_eq!(
        s.courier_tracking_code.as_deref(),
        Some("COURIER1773367142")
    );
    Vec::new()
}

fn cancelled_shipment(b: &Value) -> Vec<(&'static str, String)> {
    let c: CancelResult = typed(b);
    assert!(c.success && c.cancelled_time.is_some(), "{c:?}");
    Vec::new()
}

fn return_detail(b: &Value) -> Vec<(&'static str, String)> {
    let r: ReturnShipment = typed(b);
    assert!(r.return_tracking_code.starts_with("OARSC"), "{r:?}");
    Vec::new()
}

/// Every request example of onflow.md, in the order a merchant would send them.
const EXAMPLES: &[Example] = &[
    Example {
        spec: "§8.2.1 L302-316 Create Product",
        fixture: Some("product_create_request.json"),
        method: "POST",
        path: "/api/v1/products/create",
        required: required_fields::PRODUCT,
        status: 201,
        refused_status: 422,
        answer: created_product,
    },
    Example {
        spec: "§8.2.4 L339 Get Product Detail",
        fixture: None,
        method: "GET",
        path: "/api/v1/products/{new_oasin}/detail",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: product_detail,
    },
    Example {
        spec: "§8.3.1 L418-436 Create PO",
        fixture: Some("po_create_request.json"),
        method: "POST",
        path: "/api/v1/purchase-orders/create",
        required: required_fields::PO,
        status: 201,
        refused_status: 400,
        answer: created_po,
    },
    Example {
        spec: "§8.3.3 L444 Get PO Bill (printed without /api)",
        fixture: None,
        method: "GET",
        path: "/v1/purchase-orders/{po_code}/export-po-bill",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: po_bill,
    },
    Example {
        spec: "§8.3.3 L446 Get PO Bill (with /api, inferred)",
        fixture: None,
        method: "GET",
        path: "/api/v1/purchase-orders/{po_code}/export-po-bill",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: po_bill,
    },
    Example {
        spec: "§8.3.6 L504-510 Cancel PO",
        fixture: None,
        method: "PUT",
        path: "/api/v1/purchase-orders/{po_code}/cancel",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: cancelled_po,
    },
    Example {
        spec: "§8.3.5 L464 Get PO Inspection Detail (printed without /api)",
        fixture: None,
        method: "GET",
        path: "/v1/purchase-orders/{completed_po}/inspection-list",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: inspection,
    },
    Example {
        spec: "§8.3.5 L464 Get PO Inspection Detail (with /api, inferred)",
        fixture: None,
        method: "GET",
        path: "/api/v1/purchase-orders/{completed_po}/inspection-list",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: inspection,
    },
    Example {
        spec: "§8.4.1 L530-538 Create B2C Shipment",
        fixture: Some("shipment_create_request.json"),
        method: "POST",
        path: "/api/v1/shipments/b2c/create",
        required: required_fields::SHIPMENT,
        status: 200,
        refused_status: 400,
        answer: created_shipment,
    },
    Example {
        spec: "§8.4.3 L547 Get B2C Shipment Detail (no b2c segment)",
        fixture: None,
        method: "GET",
        path: "/api/v1/shipments/{tracking_code}/detail",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: shipment_detail,
    },
    Example {
        spec: "§8.4.3 L549 Get B2C Shipment Detail (b2c segment, inferred)",
        fixture: None,
        method: "GET",
        path: "/api/v1/shipments/b2c/{tracking_code}/detail",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: shipment_detail,
    },
    Example {
        spec: "§8.4.4 L587 Cancel B2C Shipment",
        fixture: None,
        method: "PUT",
        path: "/api/v1/shipments/b2c/{tracking_code}/cancel",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: cancelled_shipment,
    },
    Example {
        spec: "§8.5.3 L621 Get Return B2C Shipment Detail",
        fixture: None,
        method: "GET",
        path: "/api/v1/return-shipments/b2c/{return_code}/detail",
        required: &[],
        status: 200,
        refused_status: 0,
        answer: return_detail,
    },
];

/// Response examples (`tests/fixtures/`) → the `contract.rs` test that parses each into the client's type.
const RESPONSES: &[(&str, &str)] = &[
    (
        "envelope_ok.json",
        "the_documented_success_envelope_decodes",
    ),
    (
        "error_not_mapped.json",
        "the_documented_error_envelope_keeps_code_and_message",
    ),
    (
        "product_create_response.json",
        "create_product_sends_the_documented_body_and_reads_the_answer",
    ),
    (
        "product_detail.json",
        "product_detail_example_parses_with_money_and_times",
    ),
    ("po_create_response.json", "po_examples_round_trip"),
    ("po_bill.json", "po_examples_round_trip"),
    ("po_inspection.json", "po_examples_round_trip"),
    ("po_cancel.json", "po_examples_round_trip"),
    (
        "shipment_create_response.json",
        "shipment_examples_round_trip",
    ),
    ("shipment_detail.json", "shipment_examples_round_trip"),
    ("shipment_cancel.json", "shipment_examples_round_trip"),
    ("return_detail.json", "return_detail_example_parses"),
    ("webhook_stock.json", "stock_webhook_example_parses"),
];

/// A value outside the documented list (or negative) for each enum and number field of the field tables:
/// `(fixture, field path, value)`.
const BAD_VALUES: &[(&str, &str, BadValue)] = &[
    (
        "product_create_request.json",
        "product_type",
        BadValue::Text("DIGITAL"),
    ),
    (
        "product_create_request.json",
        "product_unit",
        BadValue::Text("BOX"),
    ),
    (
        "product_create_request.json",
        "storage_method",
        BadValue::Text("COLD"),
    ),
    (
        "product_create_request.json",
        "inventory_tracking_type",
        BadValue::Text("BATCH"),
    ),
    (
        "product_create_request.json",
        "outbound_strategy",
        BadValue::Text("FEFO"),
    ),
    (
        "product_create_request.json",
        "product_characteristics.0",
        BadValue::Text("LIQUID"),
    ),
    (
        "product_create_request.json",
        "product_price",
        BadValue::Number(-1),
    ),
    (
        "product_create_request.json",
        "weight",
        BadValue::Number(-10),
    ),
    (
        "product_create_request.json",
        "length",
        BadValue::Number(-1),
    ),
    ("product_create_request.json", "width", BadValue::Number(-1)),
    (
        "product_create_request.json",
        "height",
        BadValue::Number(-1),
    ),
    (
        "product_create_request.json",
        "min_stock_warning",
        BadValue::Number(-1),
    ),
    (
        "product_create_request.json",
        "shelf_life",
        BadValue::Number(-180),
    ),
    (
        "product_create_request.json",
        "min_shelf_life_inbound",
        BadValue::Number(-1),
    ),
    (
        "product_create_request.json",
        "min_shelf_life_outbound",
        BadValue::Number(-1),
    ),
    (
        "po_create_request.json",
        "vas.0",
        BadValue::Text("GIFT_WRAP"),
    ),
    (
        "po_create_request.json",
        "po_documents.0.document_type",
        BadValue::Text("RECEIPT"),
    ),
    (
        "po_create_request.json",
        "po_documents.0.print_quantity",
        BadValue::Number(-1),
    ),
    (
        "po_create_request.json",
        "packages.0.items.0.product_quantity",
        BadValue::Number(-1000),
    ),
    (
        "po_create_request.json",
        "packages.0.items.0.product_quantity",
        BadValue::Number(0),
    ),
    (
        "po_create_request.json",
        "packages.0.weight",
        BadValue::Number(-100),
    ),
    (
        "po_create_request.json",
        "packages.0.length",
        BadValue::Number(-1),
    ),
    (
        "po_create_request.json",
        "packages.0.width",
        BadValue::Number(-1),
    ),
    (
        "po_create_request.json",
        "packages.0.height",
        BadValue::Number(-1),
    ),
    (
        "po_create_request.json",
        "estimated_arrival_time",
        BadValue::Number(-1),
    ),
    (
        "shipment_create_request.json",
        "items.0.quantity",
        BadValue::Number(-1),
    ),
    (
        "shipment_create_request.json",
        "items.0.quantity",
        BadValue::Number(0),
    ),
];

#[derive(Clone, Copy)]
enum BadValue {
    Text(&'static str),
    Number(i64),
}

impl BadValue {
    fn json(self) -> Value {
        match self {
            BadValue::Text(s) => json!(s),
            BadValue::Number(n) => json!(n),
        }
    }
}

fn fixture(name: &str) -> Value {
    let p = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The container of a dotted path (`packages.0.items.0.oasin`) and its last segment.
fn parent<'a>(v: &'a mut Value, path: &'a str) -> (&'a mut Value, &'a str) {
    let (head, last) = path.rsplit_once('.').unwrap_or(("", path));
    let mut cur = v;
    for seg in head.split('.').filter(|s| !s.is_empty()) {
        cur = match seg.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[seg],
        };
    }
    (cur, last)
}

fn drop_path(v: &Value, path: &str) -> Value {
    let mut out = v.clone();
    let (container, last) = parent(&mut out, path);
    let removed = match (container, last.parse::<usize>()) {
        (Value::Array(a), Ok(i)) if i < a.len() => Some(a.remove(i)),
        (Value::Object(m), _) => m.remove(last),
        _ => None,
    };
    assert!(removed.is_some(), "{path} is in the example");
    out
}

fn set_path(v: &Value, path: &str, value: Value) -> Value {
    let mut out = v.clone();
    let (container, last) = parent(&mut out, path);
    match last.parse::<usize>() {
        Ok(i) => container[i] = value,
        Err(_) => container[last] = value,
    }
    out
}

/// The docs' example ids swapped for live ones (`OASIN2200579` → a stocked, mapped product).
fn live(body: &Value, ids: &HashMap<&str, String>) -> Value {
    let text = body.to_string().replace("OASIN2200579", &ids["oasin"]);
    serde_json::from_str(&text).expect("JSON")
}

fn fill(path: &str, ids: &HashMap<&str, String>) -> String {
    ids.iter().fold(path.to_string(), |p, (k, v)| {
        p.replace(&format!("{{{k}}}"), v)
    })
}

struct World {
    sb: Sandbox,
    http: reqwest::Client,
    ids: HashMap<&'static str, String>,
}

impl World {
    async fn start() -> World {
        let sb = sandbox::start(
            "127.0.0.1:0".parse().expect("addr"),
            Options {
                products: 8,
                seed: 42,
            },
        )
        .await
        .expect("sandbox starts");
        // this test sends a few hundred requests at once: the 10/s rule has its own test
        sb.onflow.set_rate_limit(100_000, Duration::from_secs(1));
        let c = OnflowClient::builder()
            .base_url(format!("{}/onflow", sb.base_url()))
            .token(SecretString::from(sb.onflow.token().to_string()))
            .rate_limit(vendor_http::RateLimit::new(10_000, Duration::from_secs(1)))
            .build()
            .expect("client");
        let oasin = c
            .list_all_stock(&StockQuery {
                warehouse_code: Some(HN.into()),
                ..Default::default()
            })
            .await
            .expect("stock")
            .into_iter()
            .find(|r| r.available_quantity >= 5)
            .expect("a stocked product")
            .oasin;
        let completed_po = c
            .list_pos(
                &PoQuery {
                    status: Some("COMPLETED".into()),
                    ..Default::default()
                },
                1,
                1,
            )
            .await
            .expect("POs")
            .items
            .into_iter()
            .next()
            .expect("a seeded COMPLETED PO")
            .po_code;
        let return_code = c
            .list_returns(&ReturnQuery::default(), 1, 1)
            .await
            .expect("returns")
            .items
            .into_iter()
            .next()
            .expect("a seeded return")
            .return_tracking_code;
        let ids = HashMap::from([
            ("oasin", oasin),
            ("completed_po", completed_po),
            ("return_code", return_code),
        ]);
        World {
            sb,
            http: reqwest::Client::new(),
            ids,
        }
    }

    /// Sends as the docs' examples do: raw token, `Accept-Language`, JSON content type (the newer Cancel
    /// examples send it without a body too).
    async fn send(
        &self,
        method: &str,
        path: &str,
        lang: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let url = format!("{}/onflow{path}", self.sb.base_url());
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, url)
            .header("authorization", self.sb.onflow.token())
            .header("accept-language", lang)
            .header("content-type", "application/json");
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        let resp = req.send().await.expect("sent");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("a JSON envelope"))
    }

    /// `body` is refused with `INVALID_PAYLOAD` naming `field`, in Vietnamese and in English.
    async fn assert_refused(&self, ex: &Example, path: &str, body: &Value, field: &str) {
        for lang in ["vi", "en"] {
            let (got, env) = self.send(ex.method, path, lang, Some(body)).await;
            let what = format!("{} without/with a bad {field} ({lang}): {env}", ex.spec);
            let status = ex.refused_status;
            assert_eq!(got, status, "{what}");
            assert_eq!(env["error"], true, "{what}");
            assert_eq!(env["error_code"], "INVALID_PAYLOAD", "{what}");
            assert_eq!(env["messages"], INVALID_PAYLOAD_TEXT, "{what}");
            assert_eq!(env["data"], Value::Null, "{what}");
            assert_eq!(env["version"], "1.0.3", "{what}");
            assert!(env["log_id"].is_string(), "{what}");
            assert!(env["error_detail"][field].is_array(), "{what}");
        }
    }
}

#[tokio::test]
async fn every_example_request_is_accepted_and_each_required_field_refused() {
    let mut w = World::start().await;
    let (mut replayed, mut violations) = (0, 0);
    for ex in EXAMPLES {
        let body = ex.fixture.map(|f| live(&fixture(f), &w.ids));
        let path = fill(ex.path, &w.ids);
        if let Some(body) = &body {
            for field in ex.required {
                let dropped = drop_path(body, field);
                w.assert_refused(ex, &path, &dropped, field).await;
                violations += 1;
            }
        }
        let (status, env) = w.send(ex.method, &path, "vi", body.as_ref()).await;
        assert_eq!(status, ex.status, "{}: {env}", ex.spec);
        assert_eq!(env["error"], false, "{}: {env}", ex.spec);
        assert_eq!(env["messages"], "OK", "{}: {env}", ex.spec);
        for (k, v) in (ex.answer)(&env) {
            w.ids.insert(k, v);
        }
        replayed += 1;
    }
    assert_eq!(replayed, EXAMPLES.len());
    assert_eq!(violations, 13, "required-field violations checked");
}

#[tokio::test]
async fn values_outside_the_documented_lists_and_negative_numbers_are_refused() {
    let w = World::start().await;
    for (file, field, bad) in BAD_VALUES {
        let ex = EXAMPLES
            .iter()
            .find(|e| e.fixture == Some(*file))
            .expect("an example of the fixture");
        let body = set_path(&live(&fixture(file), &w.ids), field, bad.json());
        w.assert_refused(ex, ex.path, &body, field).await;
    }
    // a platform that is not a marketplace: the marketplace-only rule (§8.4.1 L518), its own code
    let ex = &EXAMPLES[8];
    let body = set_path(
        &live(&fixture("shipment_create_request.json"), &w.ids),
        "platform",
        json!("website"),
    );
    for (lang, text) in [
        (
            "vi",
            "Chỉ hỗ trợ đơn hàng sàn TMĐT (Shopee, Lazada, TikTok, Tiki)",
        ),
        (
            "en",
            "Only marketplace orders (Shopee, Lazada, TikTok, Tiki) are supported",
        ),
    ] {
        let (status, env) = w.send(ex.method, ex.path, lang, Some(&body)).await;
        assert_eq!(status, 422, "{env}");
        assert_eq!(env["error_code"], "INVALID_PLATFORM", "{env}");
        assert_eq!(env["messages"], text, "{env}");
    }
}

/// Each value the docs show for an enum field (the lists of `onflow::assumptions`, the form's choices) is
/// accepted by the simulator.
#[tokio::test]
async fn every_documented_enum_value_is_accepted() {
    let w = World::start().await;
    let product = fixture("product_create_request.json");
    let fields: &[(&str, &[&str])] = &[
        ("product_type", product_defaults::PRODUCT_TYPES),
        ("product_unit", product_defaults::PRODUCT_UNITS),
        ("storage_method", product_defaults::STORAGE_METHODS),
        (
            "inventory_tracking_type",
            product_defaults::INVENTORY_TRACKING_TYPES,
        ),
        ("outbound_strategy", product_defaults::OUTBOUND_STRATEGIES),
        (
            "product_characteristics.0",
            product_defaults::CHARACTERISTICS,
        ),
    ];
    let mut n = 0;
    for (field, values) in fields {
        for v in *values {
            n += 1;
            let body = set_path(&product, field, json!(v));
            let body = set_path(&body, "sku", json!(format!("ENUM-{n}")));
            let body = set_path(&body, "product_barcodes", json!([format!("99{n:04}")]));
            let (status, env) = w
                .send("POST", "/api/v1/products/create", "vi", Some(&body))
                .await;
            assert_eq!(status, 201, "{field}={v}: {env}");
        }
    }
    // the example's product and several characteristics at once; `null` shelf life (as Detail shows)
    let body = set_path(
        &product,
        "product_characteristics",
        json!(["HIGH_VALUE", "FRAGILE"]),
    );
    let body = set_path(&body, "shelf_life", Value::Null);
    let (status, env) = w
        .send("POST", "/api/v1/products/create", "en", Some(&body))
        .await;
    assert_eq!(status, 201, "{env}");
    let po = live(&fixture("po_create_request.json"), &w.ids);
    for vas in po_values::VAS {
        for doc in po_values::DOCUMENT_TYPES {
            let body = set_path(&po, "vas", json!([vas]));
            let body = set_path(&body, "po_documents.0.document_type", json!(doc));
            let (status, env) = w
                .send("POST", "/api/v1/purchase-orders/create", "vi", Some(&body))
                .await;
            assert_eq!(status, 201, "{vas}/{doc}: {env}");
        }
    }
    // `merchant_po_reference` uniqueness is not documented: the same reference again is a second PO
    let (status, env) = w
        .send("POST", "/api/v1/purchase-orders/create", "vi", Some(&po))
        .await;
    assert_eq!(status, 201, "same merchant_po_reference: {env}");
    // optional fields may be left out ("For optional fields, it is not required to include the field
    // name", Getting Started): the example with only its required fields
    let bare = json!({"warehouse_code": HN, "packages": [{"items": [{"oasin": w.ids["oasin"], "product_quantity": 3}]}]});
    let (status, env) = w
        .send("POST", "/api/v1/purchase-orders/create", "vi", Some(&bare))
        .await;
    assert_eq!(status, 201, "{env}");
    let bare = json!({"sku": "BARE-1", "name": "Chỉ tên và SKU"});
    let (status, env) = w
        .send("POST", "/api/v1/products/create", "vi", Some(&bare))
        .await;
    assert_eq!(status, 201, "{env}");
}

#[test]
fn every_fixture_is_in_a_table() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    files.sort();
    let contract = include_str!("contract.rs");
    for f in &files {
        let request = EXAMPLES.iter().any(|e| e.fixture == Some(f.as_str()));
        let response = RESPONSES.iter().find(|(r, _)| r == f);
        assert!(request || response.is_some(), "{f} is in no table");
        if let Some((_, test)) = response {
            assert!(
                contract.contains(&format!("fn {test}()"))
                    && contract.contains(&format!("fixture(\"{f}\")")),
                "{f}: contract.rs parses it in {test}"
            );
        }
    }
    let requests = EXAMPLES.iter().filter(|e| e.fixture.is_some()).count();
    assert_eq!(
        (requests, RESPONSES.len(), files.len()),
        (3, 13, 16),
        "request bodies, parsed responses, fixtures"
    );
}

/// The refusal of `body` to `method path`: `(status, error_code, messages)` in vi and en.
async fn refusal(
    w: &World,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> [(u16, Value, Value); 2] {
    let mut out = Vec::new();
    for lang in ["vi", "en"] {
        let (status, env) = w.send(method, path, lang, body).await;
        assert_eq!(env["error"], true, "{method} {path}: {env}");
        out.push((status, env["error_code"].clone(), env["messages"].clone()));
    }
    [out[0].clone(), out[1].clone()]
}

fn both(status: u16, code: &str, vi: &str, en: &str) -> [(u16, Value, Value); 2] {
    [
        (status, json!(code), json!(vi)),
        (status, json!(code), json!(en)),
    ]
}

/// §6.1 L150-151: `NOT_FOUND` "Resource not found" and `METHOD_NOT_ALLOWED` "Method not allowed", in the
/// envelope, for a path the API does not have and a method a path does not take.
#[tokio::test]
async fn unknown_paths_and_methods_get_the_documented_codes() {
    let w = World::start().await;
    assert_eq!(
        refusal(&w, "GET", "/api/v1/not-an-endpoint", None).await,
        both(
            404,
            "NOT_FOUND",
            "Không tìm thấy tài nguyên",
            "Resource not found"
        )
    );
    assert_eq!(
        refusal(&w, "DELETE", "/api/v1/products/create", None).await,
        both(
            405,
            "METHOD_NOT_ALLOWED",
            "Phương thức không được hỗ trợ",
            "Method not allowed"
        )
    );
}

/// §6.2 L170: `NOT_FOUND` "Brand not found" for a `brand_id` Get Brand does not list; §6.1 L155 on Create
/// PO: `PRODUCTS_BY_OASIN_NOT_FOUND` with the OASIN list; unknown warehouse (placeholder code).
#[tokio::test]
async fn unknown_brands_oasins_and_warehouses_are_refused() {
    let w = World::start().await;
    let product = set_path(
        &fixture("product_create_request.json"),
        "brand_id",
        json!(999_999),
    );
    assert_eq!(
        refusal(&w, "POST", "/api/v1/products/create", Some(&product)).await,
        both(
            404,
            "NOT_FOUND",
            "Không tìm thấy thương hiệu",
            "Brand not found"
        )
    );
    // the docs' own OASIN is no product of the simulator
    let po = fixture("po_create_request.json");
    assert_eq!(
        refusal(&w, "POST", "/api/v1/purchase-orders/create", Some(&po)).await,
        both(
            404,
            "PRODUCTS_BY_OASIN_NOT_FOUND",
            "The OASIN codes OASIN2200579 do not exist",
            "The OASIN codes OASIN2200579 do not exist"
        )
    );
    let po = set_path(&live(&po, &w.ids), "warehouse_code", json!("ONF_WH_NOPE"));
    assert_eq!(
        refusal(&w, "POST", "/api/v1/purchase-orders/create", Some(&po)).await,
        both(
            404,
            "WAREHOUSE_NOT_FOUND",
            "Không tìm thấy kho ONF_WH_NOPE",
            "Warehouse ONF_WH_NOPE not found"
        )
    );
}

/// §8.2.6 L386-388, §6.2 L172: the legacy `DELETE` (oldest docs) works on a NEW product only; otherwise
/// `PRODUCT_STATUS_NOT_NEW`.
#[tokio::test]
async fn the_legacy_delete_takes_only_a_new_product() {
    let w = World::start().await;
    let (status, env) = w
        .send(
            "POST",
            "/api/v1/products/create",
            "vi",
            Some(&fixture("product_create_request.json")),
        )
        .await;
    assert_eq!(status, 201, "{env}");
    let oasin = env["data"]["oasin"].as_str().expect("oasin").to_string();
    let path = format!("/api/v1/products/{oasin}");
    let (status, env) = w.send("DELETE", &path, "vi", None).await;
    assert_eq!(
        (status, &env["data"]["success"]),
        (200, &json!(true)),
        "{env}"
    );
    let not_new = both(
        422,
        "PRODUCT_STATUS_NOT_NEW",
        "Sản phẩm phải ở trạng thái NEW để thực hiện thao tác này",
        "Product must be in NEW status to perform this action",
    );
    // now gone from NEW; and a seeded (ACTIVE) product was never NEW
    assert_eq!(refusal(&w, "DELETE", &path, None).await, not_new);
    let active = format!("/api/v1/products/{}", w.ids["oasin"]);
    assert_eq!(refusal(&w, "DELETE", &active, None).await, not_new);
    assert_eq!(
        refusal(&w, "DELETE", "/api/v1/products/OASIN0000000", None).await,
        both(
            404,
            "PRODUCT_NOT_FOUND",
            "Không tìm thấy sản phẩm",
            "Product not found"
        )
    );
}

/// §4 L83 (placeholder paging): `limit` above 100 gives 100 rows, `total` still counts every match; a
/// `limit` or `page` below 1 is `INVALID_PAYLOAD`.
#[tokio::test]
async fn a_page_size_over_100_is_cut_to_100() {
    let mut w = World::start().await;
    w.sb = sandbox::start(
        "127.0.0.1:0".parse().expect("addr"),
        Options {
            products: 60,
            seed: 42,
        },
    )
    .await
    .expect("sandbox starts");
    let (status, env) = w
        .send("GET", "/api/v1/products?limit=500", "vi", None)
        .await;
    assert_eq!(status, 200, "{env}");
    let rows = env["data"].as_array().map_or(0, Vec::len);
    assert_eq!(rows, 100);
    assert!(
        env["total"].as_u64().is_some_and(|t| t > 100),
        "{}",
        env["total"]
    );
    let (status, env) = w
        .send("GET", "/api/v1/products?limit=500&page=2", "vi", None)
        .await;
    assert_eq!(status, 200, "{env}");
    assert!(env["data"].as_array().is_some_and(|d| !d.is_empty()));
    for q in ["limit=0", "page=0", "limit=abc"] {
        let (status, env) = w
            .send("GET", &format!("/api/v1/products?{q}"), "en", None)
            .await;
        assert_eq!(
            (status, &env["error_code"]),
            (400, &json!("INVALID_PAYLOAD")),
            "{q}: {env}"
        );
    }
}
