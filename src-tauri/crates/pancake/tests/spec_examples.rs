//! Every example request of the Pancake docs (digest `shared/vendors/pancake.md`, copied into
//! `tests/fixtures/digest/*_request.json`; for the §4 summaries whose bodies the digest elides — `"…"`,
//! `[uuid]` — the OpenAPI document's example values), and the seed dump's examples for calls whose digest
//! section has none (`tests/fixtures/dump/`) is sent to the simulator and accepted; for each one, dropping
//! each field the docs mark required (the OpenAPI `required` lists and the digest's field tables) is
//! refused the documented way: HTTP 400 `{"success": false, "error": "invalid_parameters"}`. Accepted
//! creates are then found by the endpoint's documented list.
//!
//! The examples name the docs author's shop (shop 4 or 20, their warehouses, variations and orders). The
//! test maps those ids — and only ids — onto the simulator's seeded ones ([`Ids::map`]); every other value
//! is sent as the docs print it.

use std::collections::HashMap;
use std::path::PathBuf;

use sandbox::pancake::{DEMO_API_KEY, SHOP_ID};
use serde_json::{json, Value};

/// One example: fixture (under `tests/fixtures/`), method, path under `/shops/{SHOP_ID}` (`{VARIATION_ID}`,
/// `{ORDER_ID}`, `{NEW_ORDER_ID}`, `{PRODUCT_ID}`, `{CUSTOMER_ID}`, `{WAREHOUSE_ID}` are replaced), the required field paths (`a.b` nested, `a[].b` in every element), and the documented list
/// that shows the accepted write: (GET path, key of a row, value the example gave it).
struct Example {
    fixture: &'static str,
    method: &'static str,
    path: &'static str,
    required: &'static [&'static str],
    listed: Option<(&'static str, &'static str, &'static str)>,
    /// For an update: the example create sent first (fixture, POST path, list path); `{DOC_ID}` is then the
    /// listed document (also the docs' `39d023e9-…`, `0ecbdb3b-…`, `260a0d45-…`), and the docs' line ids `13d7ddf6-…`/`f852fd0b-…` its
    /// first line.
    setup: Option<(&'static str, &'static str, &'static str)>,
}

const EXAMPLES: &[Example] = &[
    Example {
        fixture: "digest/order_create_request",
        method: "POST",
        path: "/orders",
        // [oas] shop_id, items[].variation_id, items[].quantity; [dump] items, warehouse_id, shipping_address
        required: &[
            "shop_id",
            "items",
            "warehouse_id",
            "shipping_address",
            "items[].variation_id",
            "items[].quantity",
        ],
        listed: Some(("/orders?search=Ma0001", "custom_id", "Ma0001")),
        setup: None,
    },
    Example {
        fixture: "digest/product_create_request",
        method: "POST",
        path: "/products",
        // [oas] product, product.name, product.weight; digest table: variations[].retail_price, weight
        required: &[
            "product",
            "product.name",
            "product.weight",
            "product.variations[].retail_price",
            "product.variations[].weight",
        ],
        listed: Some((
            "/products/variations?search=VCUSTOMID",
            "display_id",
            "VCUSTOMID",
        )),
        setup: None,
    },
    Example {
        fixture: "digest/customer_create_request",
        method: "POST",
        path: "/customers",
        // [oas] name, phoneNumber; [dump] createType
        required: &["name", "phoneNumber", "createType"],
        listed: Some(("/customers?search=0909090909", "name", "Hoang")),
        setup: None,
    },
    Example {
        fixture: "digest/update_quantity_request",
        method: "POST",
        path: "/variations/{VARIATION_ID}/update_quantity",
        required: &[
            "variations_warehouses",
            "variations_warehouses[].remain_quantity",
            "variations_warehouses[].warehouse_id",
        ],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/update_quantity_multi_request",
        method: "POST",
        path: "/variations/update_quantity",
        required: &[
            "variations_warehouses",
            "variations_warehouses[].variation_id",
            "variations_warehouses[].remain_quantity",
            "variations_warehouses[].warehouse_id",
        ],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/warehouse_create_request",
        method: "POST",
        path: "/warehouses",
        required: &["name", "shelf_config"],
        listed: Some(("/warehouses", "name", "kho 2")),
        setup: None,
    },
    Example {
        fixture: "digest/webhook_config_request",
        method: "PUT",
        path: "",
        // [oas] shop; digest §3.23: webhook_url required when enabled (the example enables it)
        required: &["shop", "shop.webhook_url"],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/call_later_create_request",
        method: "POST",
        path: "/order_call_laters",
        required: &[
            "order_call_later",
            "order_call_later.needs_call_at",
            "order_call_later.phone_number",
        ],
        listed: Some(("/order_call_laters", "phone_number", "0929911922")),
        setup: None,
    },
    Example {
        fixture: "digest/purchase_create_request",
        method: "POST",
        path: "/purchases",
        required: &[
            "purchase",
            "purchase.status",
            "purchase.warehouse_id",
            "purchase.items",
            "purchase.items[].imported_price",
            "purchase.items[].quantity",
        ],
        listed: Some(("/purchases", "note", "")),
        setup: None,
    },
    Example {
        fixture: "digest/export_create_request",
        method: "POST",
        path: "/export",
        required: &[
            "export_list",
            "export_list.status",
            "export_list.warehouse_id",
            "export_list.export_items",
            "export_list.export_items[].imported_price",
            "export_list.export_items[].quantity",
            "export_list.export_items[].variation_id",
        ],
        listed: Some(("/export", "note", "")),
        setup: None,
    },
    Example {
        fixture: "digest/voucher_create_request",
        method: "POST",
        path: "/vouchers",
        required: &[
            "name",
            "promo_code_info",
            "start_time",
            "end_time",
            "promo_code_info.discount",
            "promo_code_info.is_percent",
        ],
        listed: Some(("/vouchers", "name", "test_voucher_5")),
        setup: None,
    },
    Example {
        fixture: "digest/promotion_advance_request",
        method: "POST",
        path: "/promotion_advance",
        required: &[
            "promotion_advance",
            "promotion_advance.name",
            "promotion_advance.type",
        ],
        listed: Some(("/promotion_advance", "name", "wert234454")),
        setup: None,
    },
    Example {
        fixture: "digest/promotion_product_request",
        method: "POST",
        path: "/promotion_products",
        // absent from the OpenAPI, no required column in the docs: only the documented wrapper
        required: &["promotion_product"],
        listed: Some(("/promotion_products", "name", "km_thu2")),
        setup: None,
    },
    Example {
        fixture: "digest/update_composite_request",
        method: "POST",
        path: "/variations/update_composite_product",
        required: &[
            "variation_id",
            "composite_products",
            "composite_products[].quantity",
            "composite_products[].component_id",
        ],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/price_comparing_request",
        method: "POST",
        path: "/orders/price_comparing",
        // digest §3.21: every field of the table marked required
        required: &[
            "des_province",
            "des_district",
            "des_commune",
            "weight",
            "warehouse_id",
            "shop_id",
            "quantity",
            "price_product",
            "cod",
        ],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/shipping_document_request",
        method: "POST",
        path: "/products/get_logistics_shipping_document",
        required: &["params", "params[].order_id"],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/tracking_url_request",
        method: "POST",
        path: "/orders/get_tracking_url",
        required: &["system_id"],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/tags_products_request",
        method: "POST",
        path: "/tags_products",
        required: &["name"],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/update_hide_request",
        method: "PUT",
        path: "/products/update_hide",
        required: &["is_hide", "product_ids"],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/delete_multi_request",
        method: "POST",
        path: "/promotion_advance/delete_multi",
        required: &["ids", "type_action"],
        listed: None,
        setup: None,
    },
    Example {
        fixture: "digest/trigger_call_request",
        method: "POST",
        path: "/orders/{ORDER_ID}/trigger_call",
        required: &["voice_id"],
        listed: None,
        setup: None,
    },
    // the seed dump's examples for calls whose digest section has none (tests/fixtures/dump/)
    Example {
        // dump L1581
        fixture: "dump/warehouse_update_request",
        method: "PUT",
        path: "/warehouses/{WAREHOUSE_ID}/",
        required: &["name", "shelf_config"],
        listed: Some(("/warehouses", "name", "Kho mặc định")),
        setup: None,
    },
    Example {
        // dump L2267
        fixture: "dump/customer_update_request",
        method: "PUT",
        path: "/customers/{CUSTOMER_ID}",
        required: &["customer"],
        listed: Some(("/customers?search=0983925966", "name", "Nguyễn Thị Hằng")),
        setup: None,
    },
    Example {
        // dump L1827 (the new variation needs its price and weight, digest §3.7.1)
        fixture: "dump/product_update_request",
        method: "PUT",
        path: "/products/{PRODUCT_ID}",
        required: &[
            "product",
            "product.variations[].retail_price",
            "product.variations[].weight",
        ],
        listed: Some((
            "/products/variations?search=VCUSTOMID2",
            "display_id",
            "VCUSTOMID2",
        )),
        setup: None,
    },
    Example {
        // dump L3163
        fixture: "dump/export_defective_request",
        method: "POST",
        path: "/export",
        required: &[
            "export_list",
            "export_list.status",
            "export_list.warehouse_id",
            "export_list.export_items",
            "export_list.export_items[].imported_price",
            "export_list.export_items[].quantity",
            "export_list.export_items[].variation_id",
        ],
        listed: Some(("/export?type=1", "note", "Xuất hàng lỗi")),
        setup: None,
    },
    Example {
        // dump L3725
        fixture: "dump/vouchers_multi_request",
        method: "POST",
        path: "/vouchers",
        required: &[
            "create_multi_voucher",
            "promo_code_info",
            "start_time",
            "end_time",
            "promo_code_info.discount",
            "promo_code_info.is_percent",
        ],
        listed: None,
        setup: None,
    },
    Example {
        // dump L2897
        fixture: "dump/purchase_update_request",
        method: "PUT",
        path: "/purchases/{DOC_ID}",
        required: &[
            "purchase",
            "purchase.warehouse_id",
            "purchase.items[].imported_price",
        ],
        listed: None,
        setup: Some(("digest/purchase_create_request", "/purchases", "/purchases")),
    },
    Example {
        // dump L3125
        fixture: "dump/export_update_request",
        method: "PUT",
        path: "/export/{DOC_ID}",
        required: &[
            "export_list",
            "export_list.export_items[].id",
            "export_list.export_items[].imported_price",
            "export_list.export_items[].quantity",
            "export_list.export_items[].variation_id",
        ],
        listed: Some(("/export", "note", "xuất bán hàng")),
        setup: Some(("digest/export_create_request", "/export", "/export")),
    },
    Example {
        // dump L3200
        fixture: "dump/export_defective_update_request",
        method: "PUT",
        path: "/export/{DOC_ID}",
        required: &[
            "export_list",
            "export_list.export_items[].id",
            "export_list.export_items[].imported_price",
            "export_list.export_items[].quantity",
            "export_list.export_items[].variation_id",
        ],
        listed: Some(("/export?type=1", "note", "xuất bỏ đi")),
        setup: Some(("dump/export_defective_request", "/export", "/export?type=1")),
    },
    Example {
        // dump L3962
        fixture: "dump/promotion_product_update_request",
        method: "PUT",
        path: "/promotion_products/{DOC_ID}",
        required: &["promotion_product"],
        listed: Some(("/promotion_products", "name", "update_km_thu2")),
        setup: Some((
            "digest/promotion_product_request",
            "/promotion_products",
            "/promotion_products",
        )),
    },
    Example {
        // dump L2553
        fixture: "dump/transaction_create_request",
        method: "POST",
        path: "/transactions",
        required: &["transaction", "transaction.name"],
        listed: Some(("/transactions", "name", "Thanh toán tiền hàng")),
        setup: None,
    },
    Example {
        // dump L3314
        fixture: "dump/transfers_create_request",
        method: "POST",
        path: "/transfers/multi",
        required: &[
            "transfer",
            "transfer.from_warehouse_id",
            "transfer.to_warehouse_ids",
            "transfer.items",
            "transfer.items[].quantity",
            "transfer.items[].variation_id",
        ],
        listed: Some(("/transfers?status=0", "note", "đây là ghi chú")),
        setup: None,
    },
    Example {
        // dump L3343
        fixture: "dump/transfer_update_request",
        method: "PUT",
        path: "/transfers/{DOC_ID}",
        required: &[
            "transfer",
            "transfer.status",
            "transfer.from_warehouse_id",
            "transfer.items[].variation_id",
            "transfer.items[].quantity",
            "transfer.change_inserted_at",
        ],
        listed: Some(("/transfers?status=1", "note", "Chuyển kho bán hàng")),
        setup: Some((
            "dump/transfers_create_request",
            "/transfers/multi",
            "/transfers?status=0",
        )),
    },
    Example {
        // dump L3442
        fixture: "dump/stocktaking_create_request",
        method: "POST",
        path: "/stocktakings",
        required: &[
            "stocktaking",
            "stocktaking.warehouse_id",
            "stocktaking.items",
            "stocktaking.status",
            "stocktaking.items[].variation_id",
            "stocktaking.items[].changed_quantity",
        ],
        listed: Some(("/stocktakings", "note", "Kiểm hàng tồn")),
        setup: None,
    },
    Example {
        // dump L3471
        fixture: "dump/stocktaking_update_request",
        method: "PUT",
        path: "/stocktakings/{DOC_ID}",
        required: &[
            "stocktaking",
            "stocktaking.id",
            "stocktaking.items",
            "stocktaking.status",
            "stocktaking.items[].id",
            "stocktaking.items[].variation_id",
            "stocktaking.items[].changed_quantity",
        ],
        listed: None,
        setup: Some((
            "dump/stocktaking_create_request",
            "/stocktakings",
            "/stocktakings",
        )),
    },
    Example {
        // dump L472: the whole order echoed back, read-only fields included
        fixture: "dump/order_update_request",
        method: "PUT",
        path: "/orders/{NEW_ORDER_ID}",
        required: &["items[].variation_id", "items[].quantity"],
        listed: None,
        setup: None,
    },
    Example {
        // dump L2405
        fixture: "dump/customer_promotion_create_request",
        method: "POST",
        path: "/promotion_advance/create_multi",
        required: &[
            "promotion_advance",
            "promotion_advance.promotion",
            "promotion_advance.shop_customer_ids",
            "promotion_advance.promotion.type",
            "promotion_advance.promotion.is_activated",
            "promotion_advance.promotion.promo_code_info",
            "promotion_advance.promotion.promo_code_info.discount",
            "promotion_advance.promotion.promo_code_info.is_percent",
        ],
        listed: Some(("/promotion_advance", "type", "discount_by_coupon_id")),
        setup: None,
    },
    Example {
        // dump L2594
        fixture: "dump/advertising_cost_create_request",
        method: "POST",
        path: "/adv_costs",
        required: &[
            "params",
            "params.cost_date",
            "params.transaction",
            "params.items",
            "params.transaction.name",
            "params.transaction.status",
            "params.items[].cost",
        ],
        listed: Some(("/transactions", "name", "Chi phí quảng cáo")),
        setup: None,
    },
    Example {
        // dump L2939
        fixture: "dump/purchase_separate_request",
        method: "POST",
        path: "/purchases/separate",
        required: &[
            "newPurchase",
            "oldPurchase",
            "oldPurchase.id",
            "newPurchase.status",
            "oldPurchase.status",
            "newPurchase.warehouse_id",
            "oldPurchase.warehouse_id",
            "newPurchase.items[].imported_price",
            "newPurchase.items[].quantity",
            "newPurchase.items[].variation_id",
            "oldPurchase.items[].imported_price",
            "oldPurchase.items[].quantity",
            "oldPurchase.items[].variation_id",
        ],
        listed: Some(("/purchases", "note", "Tách phiếu nhập")),
        setup: Some(("digest/purchase_create_request", "/purchases", "/purchases")),
    },
    Example {
        // dump L4155: the whole promotion echoed back, read-only fields included
        fixture: "dump/promotion_update_request",
        method: "PUT",
        path: "/promotion_advance/{DOC_ID}",
        required: &["promotion_advance"],
        listed: Some(("/promotion_advance", "name", "test cap nhat km555555")),
        setup: Some((
            "digest/promotion_advance_request",
            "/promotion_advance",
            "/promotion_advance",
        )),
    },
    Example {
        fixture: "digest/arrange_shipment_request",
        method: "POST",
        path: "/orders/arrange_shipment",
        required: &["order_id"],
        listed: None,
        setup: None,
    },
];

fn fixture(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).expect("fixture")).expect("json")
}

/// The docs' ids → the simulator's.
struct Ids {
    strings: HashMap<&'static str, String>,
    system_id: i64,
    variation: String,
    order: String,
    /// an order still in status 0 (new), for the update example that keeps status 0
    new_order: String,
    product: String,
    customer: String,
    warehouse: String,
}

impl Ids {
    /// Replace the docs' ids in `v` (strings by value; `shop_id` and `system_id` numbers by key).
    fn map(&self, v: &mut Value, key: &str) {
        match v {
            Value::String(s) => {
                if let Some(n) = self.strings.get(s.as_str()) {
                    *s = n.clone();
                }
            }
            Value::Number(_) if key == "shop_id" => *v = json!(SHOP_ID),
            Value::Number(_) if key == "system_id" => *v = json!(self.system_id),
            Value::Array(a) => a.iter_mut().for_each(|x| self.map(x, key)),
            Value::Object(m) => m.iter_mut().for_each(|(k, x)| self.map(x, k)),
            _ => {}
        }
    }
}

async fn call(base: &str, method: &str, path: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
    let url = format!("{base}/api/v1/shops/{SHOP_ID}{path}?api_key={DEMO_API_KEY}");
    let c = reqwest::Client::new();
    let req = match method {
        "PUT" => c.put(url),
        _ => c.post(url),
    };
    let r = req.json(body).send().await?;
    let status = r.status().as_u16();
    Ok((status, r.json().await?))
}

async fn get(base: &str, path: &str) -> anyhow::Result<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("{base}/api/v1/shops/{SHOP_ID}{path}{sep}api_key={DEMO_API_KEY}");
    Ok(reqwest::get(url).await?.json().await?)
}

/// `v` without the field at `path` (`a.b`, `a[].b`: removed from every element). `false` if it was absent.
fn drop_field(v: &mut Value, path: &str) -> bool {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (name, each) = match head.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (head, false),
    };
    let Some(m) = v.as_object_mut() else {
        return false;
    };
    match (rest, each) {
        (None, false) => m.remove(name).is_some(),
        (Some(r), false) => m.get_mut(name).is_some_and(|x| drop_field(x, r)),
        (Some(r), true) => match m.get_mut(name) {
            Some(Value::Array(a)) if !a.is_empty() => {
                // from every element, even after one lacked it
                let mut all = true;
                for x in a.iter_mut() {
                    all &= drop_field(x, r);
                }
                all
            }
            _ => false,
        },
        (None, true) => false,
    }
}

async fn seeded_ids(base: &str, sb: &sandbox::Sandbox) -> anyhow::Result<Ids> {
    let (vars, whs) = sb.pancake.ids();
    anyhow::ensure!(vars.len() >= 5 && !whs.is_empty(), "seed too small");
    let orders = get(base, "/orders?page_size=100").await?;
    let rows = orders["data"].as_array().cloned().unwrap_or_default();
    let any = rows.first().cloned().unwrap_or(Value::Null);
    let shopee = rows
        .iter()
        .find(|o| o["account"] == json!(-3))
        .cloned()
        .unwrap_or(Value::Null);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut strings = HashMap::new();
    for w in [
        "630744ef-4614-4a70-988c-52e6d78c953c",
        "c52e67ad-d9d0-4276-abe4-e0c9f1f7d2da",
        "a41b5d73-9236-4a5d-9954-4db6d93242d1",
        "229102e4-39c3-4523-bd57-4ed0a45a85ba",
        "7442b538-002b-42e3-8520-64425897e2f5",
    ] {
        strings.insert(w, whs[0].clone());
    }
    // the transfer example's destination: another warehouse than its source
    strings.insert(
        "229102e4-39c3-4523-bd57-4ed0a45a85ba",
        whs.get(1).unwrap_or(&whs[0]).clone(),
    );
    strings.insert("51bb0bb7-77e9-407e-9f57-5072a0236cb4", vars[3].clone());
    // the dump's purchase split names the line of the purchase the example create made (29044dcf…)
    strings.insert("ddefd476-bc91-4151-8cd2-2cf5ad227f09", vars[2].clone());
    for (i, v) in [
        "415040f4-ab63-465e-8699-e9ebfff4c6c7",
        "20e7d183-c70c-445e-8ce2-4d7e3a378e34",
        "29044dcf-2f4c-492f-a0a9-e447b20e21da",
        "79aecce9-3b1e-4ad3-afe1-2ee658720687",
        "67b19856-3226-457e-a746-df26e4ec1360",
    ]
    .into_iter()
    .enumerate()
    {
        strings.insert(v, vars[i].clone());
    }
    strings.insert("576551803772635228", text(&any["id"]));
    // the dump's export updates name the line of the export the example create made (variation 29044dcf…)
    strings.insert("d1e522eb-2f6f-4d22-b8a1-ec25df4a33a4", vars[2].clone());
    let vars_page = get(base, "/products/variations?page_size=100").await?;
    let mut products: Vec<String> = Vec::new();
    for v in vars_page["data"].as_array().cloned().unwrap_or_default() {
        if let Some(p) = v["product_id"].as_str() {
            if !products.iter().any(|x| x == p) {
                products.push(p.to_string());
            }
        }
    }
    anyhow::ensure!(products.len() >= 2, "two products");
    strings.insert("3cbf2227-0205-446e-8c0e-584995f3cb23", products[0].clone());
    // the dump's product update: a seeded product and one of its variations
    let first = &vars_page["data"][0];
    strings.insert("3c3aca82-030e-4708-a75b-b2eaf538a2f5", text(&first["id"]));
    let customers = get(base, "/customers?page_size=1").await?;
    strings.insert(
        "a8c1113d-55c2-4f7e-b33a-d4ecd76668fd",
        text(&customers["data"][0]["id"]),
    );
    strings.insert("36b1e64c-f1f7-4518-afeb-1f9d2edc0f3e", products[1].clone());
    strings.insert("34123423498237", text(&shopee["id"]));
    Ok(Ids {
        strings,
        system_id: any["system_id"].as_i64().unwrap_or_default(),
        variation: vars[0].clone(),
        order: text(&any["id"]),
        new_order: text(
            &rows
                .iter()
                .find(|o| o["status"] == 0)
                .cloned()
                .unwrap_or_default()["id"],
        ),
        product: text(&first["product_id"]),
        customer: text(&customers["data"][0]["id"]),
        warehouse: whs[0].clone(),
    })
}

fn refused_the_documented_way(status: u16, body: &Value) -> bool {
    status == 400 && body["success"] == false && body["error"] == "invalid_parameters"
}

#[tokio::test]
async fn every_example_request_is_accepted_and_each_required_field_is_enforced(
) -> anyhow::Result<()> {
    let mut failures = Vec::new();
    let mut violations = 0;
    for ex in EXAMPLES {
        // a fresh simulator per example: examples share codes (VCUSTOMID…) as the docs print them
        let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
        sb.pancake
            .set_rate_limit(100_000, std::time::Duration::from_secs(60));
        let base = sb.base_url();
        let mut ids = seeded_ids(&base, &sb).await?;
        let mut doc = String::new();
        if let Some((create, post, list)) = ex.setup {
            let mut body = fixture(create);
            ids.map(&mut body, "");
            let (status, answer) = call(&base, "POST", post, &body).await?;
            anyhow::ensure!(status == 200, "{create}: {answer}");
            let row = get(&base, list).await?["data"][0].clone();
            doc = match &row["id"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let Some(line) = row["export_items"][0]["id"].as_str() {
                ids.strings
                    .insert("13d7ddf6-4cd9-4e1f-a5c1-ac3cd7a7fc17", line.to_string());
            }
            if let Some(line) = row["items"][0]["id"].as_str() {
                ids.strings
                    .insert("f852fd0b-d299-4ca9-8961-59afead3345b", line.to_string());
            }
            ids.strings
                .insert("39d023e9-fae5-4eed-a882-2be9d33914b4", doc.clone());
            ids.strings
                .insert("0ecbdb3b-a376-4a3d-9b8a-174ae15ae886", doc.clone());
            ids.strings
                .insert("260a0d45-ba88-457b-8b31-afa3fda0ce0e", doc.clone());
        }
        let mut body = fixture(ex.fixture);
        ids.map(&mut body, "");
        let path = ex
            .path
            .replace("{VARIATION_ID}", &ids.variation)
            .replace("{NEW_ORDER_ID}", &ids.new_order)
            .replace("{ORDER_ID}", &ids.order)
            .replace("{PRODUCT_ID}", &ids.product)
            .replace("{CUSTOMER_ID}", &ids.customer)
            .replace("{WAREHOUSE_ID}", &ids.warehouse)
            .replace("{DOC_ID}", &doc);
        // each required field dropped: refused, nothing stored (run before the example itself)
        for field in ex.required {
            let mut broken = body.clone();
            if !drop_field(&mut broken, field) {
                failures.push(format!("{}: the example has no {field}", ex.fixture));
                continue;
            }
            let (status, answer) = call(&base, ex.method, &path, &broken).await?;
            violations += 1;
            if !refused_the_documented_way(status, &answer) {
                failures.push(format!(
                    "{} without {field}: HTTP {status} {answer}",
                    ex.fixture
                ));
            }
        }
        let (status, answer) = call(&base, ex.method, &path, &body).await?;
        if !(200..300).contains(&status) || answer["success"] == false {
            failures.push(format!("{} refused: HTTP {status} {answer}", ex.fixture));
            continue;
        }
        if let Some((list, key, want)) = ex.listed {
            let page = get(&base, list).await?;
            let found = page["data"]
                .as_array()
                .is_some_and(|rows| rows.iter().any(|r| r[key] == want));
            if !found {
                failures.push(format!("{}: not in GET {list}: {page}", ex.fixture));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // the counts the rules table reports (RULES.md, Pancake)
    assert_eq!(EXAMPLES.len(), 41);
    assert_eq!(violations, 165);
    Ok(())
}
