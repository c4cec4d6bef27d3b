//! The simulator answers with the documented shapes: every key of the digest's examples (orders, order
//! lines, addresses, variations, stock rows, warehouses, users, shops, customers) is present in the
//! simulator's JSON with the same JSON type, recursively through the nested objects of those examples.

use std::path::PathBuf;

use sandbox::pancake::{DEMO_API_KEY, SHOP_ID};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).expect("fixture")).expect("json")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Keys of `want` missing from `got` (or present with another JSON type; `null` matches anything),
/// recursing into objects and the first element of lists.
fn missing(want: &Value, got: &Value, at: &str, out: &mut Vec<String>) {
    if !want.is_null() && !got.is_null() && kind(want) != kind(got) {
        out.push(format!(
            "{at}: {} in the docs, {} in the simulator",
            kind(want),
            kind(got)
        ));
        return;
    }
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    None => out.push(format!("{at}.{k}")),
                    Some(gv) => missing(wv, gv, &format!("{at}.{k}"), out),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if let (Some(w0), Some(g0)) = (w.first(), g.first()) {
                missing(w0, g0, &format!("{at}[0]"), out);
            }
        }
        _ => {}
    }
}

async fn get(base: &str, path: &str) -> anyhow::Result<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("{base}/api/v1{path}{sep}api_key={DEMO_API_KEY}");
    Ok(reqwest::get(url).await?.json().await?)
}

/// POST `body` to the shop's `path`; answers whether it was accepted (a 2xx without `success: false`) and
/// the body.
async fn post(base: &str, path: &str, body: &Value) -> anyhow::Result<(bool, Value)> {
    let url = format!("{base}/api/v1/shops/{SHOP_ID}{path}?api_key={DEMO_API_KEY}");
    let r = reqwest::Client::new().post(url).json(body).send().await?;
    let status = r.status();
    let b: Value = r.json().await?;
    Ok((status.is_success() && b["success"] != false, b))
}

#[tokio::test]
async fn simulator_answers_carry_every_documented_key() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let base = sb.base_url();
    let s = format!("/shops/{SHOP_ID}");
    let mut gaps = Vec::new();

    // orders: the list example's paging fields and one order with a carrier (a shipped one)
    let page = get(&base, &format!("{s}/orders?filter_status[]=2&page_size=1")).await?;
    let want = fixture("digest/orders_list");
    let mut want_page = want.clone();
    if let Some(m) = want_page.as_object_mut() {
        m.remove("data");
    }
    missing(&want_page, &page, "orders", &mut gaps);
    missing(&want["data"][0], &page["data"][0], "order", &mut gaps);

    let vars = get(&base, &format!("{s}/products/variations?page_size=1")).await?;
    missing(
        &fixture("digest/variation_row"),
        &vars["data"][0],
        "variation",
        &mut gaps,
    );
    let wh = get(&base, &format!("{s}/warehouses")).await?;
    missing(&fixture("digest/warehouses"), &wh, "warehouses", &mut gaps);
    let users = get(&base, &format!("{s}/users")).await?;
    missing(&fixture("digest/users"), &users, "users", &mut gaps);
    let shops = get(&base, "/shops").await?;
    missing(&fixture("digest/shops"), &shops, "shops", &mut gaps);
    let sources = get(&base, &format!("{s}/order_source")).await?;
    missing(
        &fixture("digest/order_sources"),
        &sources,
        "order_source",
        &mut gaps,
    );
    let partners = get(&base, &format!("{s}/partners")).await?;
    missing(
        &fixture("digest/partners"),
        &partners,
        "partners",
        &mut gaps,
    );
    let prov = get(&base, "/geo/provinces?country_code=84").await?;
    missing(
        &fixture("digest/geo_provinces"),
        &prov,
        "provinces",
        &mut gaps,
    );
    let comm = get(&base, "/geo/communes?province_id=101&district_id=10101").await?;
    missing(
        &fixture("digest/geo_communes"),
        &comm,
        "communes",
        &mut gaps,
    );
    let cust = get(&base, &format!("{s}/customers?page_size=1")).await?;
    let oas_cust = fixture("oas/get_shop_customers_200");
    let mut core = serde_json::Map::new();
    for k in [
        "id",
        "name",
        "phone_numbers",
        "emails",
        "gender",
        "date_of_birth",
        "reward_point",
        "order_count",
        "purchased_amount",
        "tags",
    ] {
        if let Some(v) = oas_cust["data"][0].get(k) {
            core.insert(k.to_string(), v.clone());
        }
    }
    missing(
        &Value::Object(core),
        &cust["data"][0],
        "customer",
        &mut gaps,
    );
    let returned = get(&base, &format!("{s}/orders_returned")).await?;
    let mut want_ret = fixture("digest/returned_order_row");
    if let Some(m) = want_ret.as_object_mut() {
        // the exchange order block only exists for exchanges
        m.remove("order");
    }
    // the [dump] example's order ids are strings, [oas] `ReturnOrder` types them as integers: the
    // simulator follows the OpenAPI (`openapi_shapes.rs`); `null` here accepts either
    want_ret["order_to_returned"]["id"] = Value::Null;
    missing(
        &want_ret,
        &returned["data"][0],
        "orders_returned",
        &mut gaps,
    );

    // the full [oas] order and variation examples
    let one = get(&base, &format!("{s}/orders/1")).await?;
    let mut oas_order = fixture("oas/get_shop_orders_ORDER_ID_200");
    if let Some(m) = oas_order.as_object_mut() {
        // an object when a combo applies, `[]` when none (digest §3.3.5): the simulator has none
        m.remove("activated_combo_products");
        // keyed by phone number
        m.insert("reports_by_phone".into(), serde_json::json!({}));
    }
    missing(&oas_order, &one, "oas_order", &mut gaps);
    missing(
        &fixture("oas/get_shop_products_variations_200")["data"][0],
        &vars["data"][0],
        "oas_variation",
        &mut gaps,
    );

    missing(
        &fixture("oas/get_shop_warehouses_200")["data"][0],
        &wh["data"][0],
        "oas_warehouse",
        &mut gaps,
    );
    missing(
        &fixture("oas/get_shop_customers_200")["data"][0],
        &cust["data"][0],
        "oas_customer",
        &mut gaps,
    );
    missing(
        &fixture("oas/get_shop_users_200")["data"][0],
        &users["data"][0],
        "oas_user",
        &mut gaps,
    );

    let (vars_ids, wh_ids) = sb.pancake.ids();
    sb.pancake
        .adjust_stock(&vars_ids[0], &wh_ids[0], 3)
        .expect("a seeded variation");
    let hist = get(
        &base,
        &format!("{s}/inventory_histories?page=1&page_size=30"),
    )
    .await?;
    missing(
        &fixture("oas/get_shop_inventory_histories_200")["data"][0],
        &hist["data"][0],
        "oas_inventory_history",
        &mut gaps,
    );

    assert!(
        gaps.is_empty(),
        "the simulator differs from the documented shapes: {gaps:#?}"
    );
    Ok(())
}

/// `GET /inventory_histories`: every stock movement is listed once, newest first, with the stock after
/// it; `startDate`, `variation_ids[]` and `warehouse_id` filter; a refused stock update lists nothing.
#[tokio::test]
async fn the_inventory_history_lists_each_movement_and_filters() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let base = sb.base_url();
    let s = format!("/shops/{SHOP_ID}/inventory_histories?page=1&page_size=30");
    let empty = get(&base, &s).await?;
    assert_eq!(
        empty["total_entries"], 0,
        "the seed has no movements: {empty}"
    );

    let (vars, whs) = sb.pancake.ids();
    let before = sb.pancake.stock(&vars[1], &whs[0]).expect("stock");
    sb.pancake
        .adjust_stock(&vars[0], &whs[0], -2)
        .expect("adjust");
    sb.pancake
        .adjust_stock(&vars[1], &whs[0], 5)
        .expect("adjust");
    sb.pancake
        .adjust_stock(&vars[1], &whs[1], 1)
        .expect("adjust");

    let all = get(&base, &s).await?;
    assert_eq!(all["total_entries"], 3);
    let first = &all["data"][0];
    assert_eq!(
        first["variation_now"]["id"],
        vars[1].as_str(),
        "newest first"
    );
    assert_eq!(first["quantity"], 1);
    let row = &all["data"][1];
    assert_eq!(row["quantity"], 5);
    assert_eq!(row["remain_quantity"], before.0 + 5, "the stock after it");

    let one = get(&base, &format!("{s}&variation_ids[]={}", vars[0])).await?;
    assert_eq!(one["total_entries"], 1);
    assert_eq!(one["data"][0]["quantity"], -2);
    let wh = get(&base, &format!("{s}&warehouse_id={}", whs[1])).await?;
    assert_eq!(wh["total_entries"], 1);
    let later = chrono::Utc::now().timestamp() + 60;
    let none = get(&base, &format!("{s}&startDate={later}")).await?;
    assert_eq!(none["total_entries"], 0);

    // a refused batch (one unknown variation) changes nothing and lists nothing
    let url =
        format!("{base}/api/v1/shops/{SHOP_ID}/variations/update_quantity?api_key={DEMO_API_KEY}");
    let refused = reqwest::Client::new()
        .post(url)
        .json(&serde_json::json!({"variations_warehouses": [
            {"variation_id": vars[2], "warehouse_id": whs[0], "remain_quantity": 40},
            {"variation_id": "no-such-variation", "warehouse_id": whs[0], "remain_quantity": 1}
        ]}))
        .send()
        .await?;
    assert!(
        !refused.status().is_success() || {
            let b: Value = refused.json().await?;
            b["success"] == false
        }
    );
    assert_eq!(get(&base, &s).await?["total_entries"], 3);
    Ok(())
}

#[tokio::test]
async fn an_order_needs_its_shop_id_and_a_shipping_address() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let base = sb.base_url();
    let (vars, whs) = sb.pancake.ids();
    let order = |shop: Option<i64>, address: bool| {
        let mut b = serde_json::json!({
            "warehouse_id": whs[0],
            "items": [{"variation_id": vars[0], "quantity": 1}],
            "bill_full_name": "Hoang Anh", "bill_phone_number": "0999999999",
        });
        if let Some(id) = shop {
            b["shop_id"] = id.into();
        }
        if address {
            b["shipping_address"] = serde_json::json!({
                "full_name": "Hoang Anh", "phone_number": "0999999999", "address": "1 Hàng Bông"
            });
        }
        b
    };
    for (what, body) in [
        ("no shop_id", order(None, true)),
        ("another shop's id", order(Some(SHOP_ID + 1), true)),
        ("no shipping_address", order(Some(SHOP_ID), false)),
    ] {
        let (accepted, b) = post(&base, "/orders", &body).await?;
        assert!(!accepted, "{what}: {b}");
    }
    let (accepted, b) = post(&base, "/orders", &order(Some(SHOP_ID), true)).await?;
    assert!(accepted, "{b}");
    let created = b.get("data").filter(|d| d.is_object()).unwrap_or(&b);
    assert_eq!(created["shop_id"], SHOP_ID, "{b}");
    Ok(())
}

#[tokio::test]
async fn a_customer_needs_its_create_type_and_a_new_variation_its_weight() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let base = sb.base_url();
    // the docs' customer example, then without its createType
    let customer = serde_json::json!({"name": "Hoang", "phoneNumber": "0909090909", "createType": "force",
        "dateOfBirth": "1995-02-01", "shop_customer_address": [{"full_address": "190, phường dịch vọng, cầu giấy, hà nội",
        "full_name": "hoang", "phone_number": "0972868874"}]});
    assert!(post(&base, "/customers", &customer).await?.0);
    let mut no_type = customer;
    no_type.as_object_mut().unwrap().remove("createType");
    assert!(!post(&base, "/customers", &no_type).await?.0);

    let product = |weight: Option<i64>| {
        let mut v =
            serde_json::json!({"retail_price": 150000, "custom_id": format!("VW-{weight:?}")});
        if let Some(w) = weight {
            v["weight"] = w.into();
        }
        serde_json::json!({"product": {"name": "Áo sơ mi nam", "weight": 300, "custom_id": format!("PW-{weight:?}"),
                                       "variations": [v]}})
    };
    assert!(post(&base, "/products", &product(Some(300))).await?.0);
    assert!(!post(&base, "/products", &product(None)).await?.0);
    Ok(())
}

#[tokio::test]
async fn an_unknown_shop_is_the_documented_404() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let url = format!(
        "{}/api/v1/shops/999999/orders?api_key={DEMO_API_KEY}",
        sb.base_url()
    );
    let r = reqwest::get(url).await?;
    assert_eq!(r.status(), reqwest::StatusCode::NOT_FOUND);
    let b: Value = r.json().await?;
    assert_eq!(b["success"], false);
    assert_eq!(b["error"], "order_not_found", "{b}");
    Ok(())
}

#[tokio::test]
async fn creates_that_break_a_documented_rule_are_refused() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let base = sb.base_url();
    let (vars, whs) = sb.pancake.ids();
    let refused = |path: &'static str, body: Value| {
        let base = base.clone();
        async move { anyhow::Ok(!post(&base, path, &body).await?.0) }
    };
    let order = serde_json::json!({
        "shop_id": SHOP_ID, "warehouse_id": whs[0],
        "items": [{"variation_id": vars[0], "quantity": 1}],
        "shipping_address": {"full_name": "Hoang Anh", "phone_number": "0999999999", "address": "1 Hàng Bông"},
    });
    let with = |key: &str, value: Value| {
        let mut o = order.clone();
        o[key] = value;
        o
    };
    // the body is flat (digest §3.3.3), not wrapped in "order"
    assert!(refused("/orders", serde_json::json!({ "order": order })).await?);
    assert!(refused("/orders", with("warehouse_id", "no-such-warehouse".into())).await?);
    // a new order starts in one of the creatable statuses, not "delivered"
    assert!(refused("/orders", with("status", 3.into())).await?);
    assert!(
        !refused("/orders", order.clone()).await?,
        "the valid order is created"
    );
    // a product needs its name and weight (OpenAPI `Product.required`)
    let variation = serde_json::json!([{"retail_price": 100000, "weight": 100}]);
    assert!(
        refused(
            "/products",
            serde_json::json!({"product": {"weight": 100, "variations": variation}})
        )
        .await?
    );
    assert!(
        refused(
            "/products",
            serde_json::json!({"product": {"name": "Áo", "variations": variation}})
        )
        .await?
    );
    Ok(())
}
