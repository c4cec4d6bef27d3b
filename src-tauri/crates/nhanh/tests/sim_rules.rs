//! The documented rules of `RULES.md`'s Nhanh table that no example or round trip covers: each refusal the
//! docs state, and, where the docs say nothing, the acceptance (the simulator never invents a refusal).
//! Raw HTTP against the simulator, so the vendor's own answer is what is checked.

use std::time::Duration;

use sandbox::nhanh::{SimConfig, DEPOT_HN};
use sandbox::{Options, Sandbox};
use serde_json::{json, Value};

struct Env {
    sb: Sandbox,
    info: Value,
    http: reqwest::Client,
}

impl Env {
    async fn start() -> Env {
        let sb = sandbox::start(
            "127.0.0.1:0".parse().unwrap(),
            Options {
                products: 30,
                seed: 5,
            },
        )
        .await
        .unwrap();
        sb.nhanh.set_rate_limit(1_000_000, Duration::from_secs(1));
        let info = sb.info()["nhanh"].clone();
        Env {
            sb,
            info,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn base(&self) -> &str {
        self.info["base_url"].as_str().unwrap()
    }

    async fn send(&self, query: &str, token: &str, path: &str, body: String) -> Value {
        self.http
            .post(format!("{}/v3.0/{path}?{query}", self.base()))
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    fn query(&self) -> String {
        format!(
            "appId={}&businessId={}",
            self.info["app_id"], self.info["business_id"]
        )
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let token = self.info["access_token"].as_str().unwrap().to_string();
        self.send(&self.query(), &token, path, body.to_string())
            .await
    }

    async fn variant(&self) -> i64 {
        let r = self
            .post(
                "product/list",
                json!({"filters": {"gpid": 1}, "paginator": {"size": 100}}),
            )
            .await;
        r["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["parentId"].as_i64().is_some_and(|x| x > 0))
            .and_then(|p| p["id"].as_i64())
            .unwrap()
    }

    async fn order(&self, reference: &str, extra: Value) -> Value {
        let mut body = json!({
            "info": {"depotId": DEPOT_HN},
            "channel": {"appOrderId": reference},
            "shippingAddress": {"name": "Trần Thị Mai", "mobile": "0912345678"},
            "products": [{"id": self.variant().await, "price": 100000, "quantity": 1}]
        });
        merge(&mut body, extra);
        self.post("order/add", body).await
    }
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}

/// A form refusal naming `field`.
fn refused(r: &Value, field: &str) {
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(r["errorCode"], "ERR_INVALID_FORM_FIELDS", "{r}");
    assert!(r["messages"].get(field).is_some(), "{field}: {r}");
}

fn accepted(r: &Value) {
    assert_eq!(r["code"], 1, "{r}");
}

fn ids(n: i64) -> Vec<i64> {
    (1..=n).collect()
}

#[tokio::test]
async fn order_add_v1_addresses_need_a_district_and_each_carrier_mode_its_fields() {
    let env = Env::start().await;
    // v1 (3-level) with a city and no district: refused; with it, v2 without it, or text only: accepted
    let v1 = json!({"shippingAddress": {"cityId": 254, "wardId": 1116, "locationVersion": "v1"}});
    refused(&env.order("V1-A", v1).await, "shippingAddress.districtId");
    accepted(
        &env.order(
            "V1-B",
            json!({"shippingAddress": {"cityId": 254, "districtId": 321, "locationVersion": "v1"}}),
        )
        .await,
    );
    accepted(
        &env.order(
            "V2-A",
            json!({"shippingAddress": {"cityId": 254, "wardId": 1116, "locationVersion": "v2"}}),
        )
        .await,
    );
    accepted(
        &env.order(
            "TEXT-A",
            json!({"shippingAddress": {"address": "170 La Thành"}}),
        )
        .await,
    );
    // sendCarrierType 1 (Nhanh's connection) needs serviceId and info.depotId
    refused(
        &env.order("C1-A", json!({"carrier": {"id": 5, "sendCarrierType": 1}}))
            .await,
        "carrier.serviceId",
    );
    let mut no_depot = json!({"carrier": {"id": 5, "sendCarrierType": 1, "serviceId": 51}});
    merge(&mut no_depot, json!({"info": {"depotId": null}}));
    refused(&env.order("C1-B", no_depot).await, "info.depotId");
    // sendCarrierType 2 (the shop's own account) needs serviceCode and accountId
    let r = env
        .order("C2-A", json!({"carrier": {"id": 8, "sendCarrierType": 2}}))
        .await;
    refused(&r, "carrier.serviceCode");
    refused(&r, "carrier.accountId");
    refused(
        &env.order("C3-A", json!({"carrier": {"id": 8, "sendCarrierType": 3}}))
            .await,
        "carrier.sendCarrierType",
    );
    // docs silent: a carrier without a connection mode is only recorded
    accepted(
        &env.order("C0-A", json!({"carrier": {"id": 8, "customerShipFee": 0}}))
            .await,
    );
    // autoSend: the answer carries the carrier's tracking code, and the order is then closed to edits
    let r = env
        .order(
            "AUTO-A",
            json!({"carrier": {"id": 5, "sendCarrierType": 1, "serviceId": 51, "autoSend": 1}}),
        )
        .await;
    let code = r["data"]["carrierCode"].as_str().unwrap_or_default();
    assert!(code.starts_with("GHN"), "{r}");
    let id = r["data"]["id"].as_i64().unwrap();
    refused(
        &env.post("order/edit", json!({"info": {"id": id, "status": 56}}))
            .await,
        "info.id",
    );
    let listed = env
        .post("order/list", json!({"filters": {"ids": [id]}}))
        .await;
    assert_eq!(listed["data"][0]["carrier"]["carrierCode"], code);
    // order/edit with autoSend sends a not-yet-sent order
    let r = env.order("AUTO-B", json!({})).await;
    let id = r["data"]["id"].as_i64().unwrap();
    let r = env
        .post(
            "order/edit",
            json!({"info": {"id": id}, "carrier": {"id": 8, "sendCarrierType": 1, "serviceId": 81, "autoSend": 1}}),
        )
        .await;
    assert!(
        r["data"]["carrierCode"]
            .as_str()
            .is_some_and(|c| c.starts_with("GHTK")),
        "{r}"
    );
}

#[tokio::test]
async fn cancelcarrier_answers_each_documented_error() {
    let env = Env::start().await;
    // not sent yet
    let r = env.order("CC-A", json!({})).await;
    let id = r["data"]["id"].as_i64().unwrap();
    let r = env
        .post("order/cancelcarrier", json!({"orderId": id}))
        .await;
    assert_eq!(r["errorCode"], "ERR_ORDER_CARRIER_NOT_YET_SENT", "{r}");
    // self-delivery has no carrier system to call (inferred trigger)
    let r = env
        .order(
            "CC-B",
            json!({"carrier": {"id": 12, "sendCarrierType": 1, "serviceId": 1, "autoSend": 1}}),
        )
        .await;
    let id = r["data"]["id"].as_i64().unwrap();
    let r = env
        .post("order/cancelcarrier", json!({"orderId": id}))
        .await;
    assert_eq!(r["errorCode"], "ERR_ORDER_CARRIER_NO_API_CANCEL", "{r}");
    // a delivered order: the carrier refuses (inferred trigger); a shipping one is cancelled (→ 58, inferred)
    let delivered = env
        .post("order/list", json!({"filters": {"statuses": [60]}}))
        .await;
    let id = delivered["data"][0]["info"]["id"]
        .as_i64()
        .expect("a delivered order");
    let r = env
        .post("order/cancelcarrier", json!({"orderId": id}))
        .await;
    assert_eq!(r["errorCode"], "ERR_ORDER_CARRIER_REJECT", "{r}");
    let shipping = env
        .post("order/list", json!({"filters": {"statuses": [59]}}))
        .await;
    let id = shipping["data"][0]["info"]["id"]
        .as_i64()
        .expect("a shipping order");
    accepted(
        &env.post("order/cancelcarrier", json!({"orderId": id}))
            .await,
    );
    let r = env
        .post("order/list", json!({"filters": {"ids": [id]}}))
        .await;
    assert_eq!(
        r["data"][0]["info"]["status"],
        nhanh::assumptions::STATUS_AFTER_CARRIER_CANCEL,
        "{r}"
    );
}

#[tokio::test]
async fn ids_filters_take_at_most_their_documented_count() {
    let env = Env::start().await;
    for (path, key) in [
        ("product/list", "ids"),
        ("product/inventory", "ids"),
        ("product/category", "ids"),
        ("product/brand", "ids"),
        ("product/internalcategory", "ids"),
        ("customer/list", "ids"),
        ("order/source", "ids"),
        ("business/user", "ids"),
        ("bill/list", "ids"),
        ("bill/list", "orderIds"),
        ("bill/retail", "orderIds"),
        ("bill/imexs", "orderIds"),
        ("order/history", "orderIds"),
        ("inventory/archive", "productIds"),
    ] {
        let r = env.post(path, json!({"filters": {key: ids(101)}})).await;
        refused(&r, &format!("filters.{key}"));
        let r = env.post(path, json!({"filters": {key: ids(100)}})).await;
        accepted(&r);
    }
    let r = env
        .post(
            "inventory/archive",
            json!({"filters": {"depotIds": ids(501)}}),
        )
        .await;
    refused(&r, "filters.depotIds");
    accepted(
        &env.post(
            "inventory/archive",
            json!({"filters": {"depotIds": ids(500)}}),
        )
        .await,
    );
    let r = env
        .post(
            "product/combo",
            json!({"filters": {"productParentIds": ids(51)}}),
        )
        .await;
    refused(&r, "filters.productParentIds");
    for path in ["product/combo", "inventory/archive"] {
        refused(
            &env.post(path, json!({"paginator": {"size": 51}})).await,
            "paginator.size",
        );
        accepted(&env.post(path, json!({"paginator": {"size": 50}})).await);
    }
    // order/history needs at least one order
    refused(
        &env.post("order/history", json!({"filters": {}})).await,
        "filters.orderIds",
    );
    // docs silent: order/list `ids` has no stated cap
    accepted(
        &env.post("order/list", json!({"filters": {"ids": ids(150)}}))
            .await,
    );
}

#[tokio::test]
async fn bill_list_window_customer_mobile_and_order_filters() {
    let env = Env::start().await;
    let p = env.variant().await;
    let r = env
        .post(
            "bill/addretail",
            json!({"depotId": DEPOT_HN, "customer": {"name": "Lê Văn Hùng", "mobile": "0977000111"},
                   "products": [{"id": p, "quantity": 1, "price": 100000}]}),
        )
        .await;
    accepted(&r);
    let bill = r["data"]["id"].as_i64().unwrap();
    // customerMobile filters (and lifts the window)
    let r = env
        .post(
            "bill/list",
            json!({"filters": {"customerMobile": "0977000111"}}),
        )
        .await;
    let got: Vec<i64> = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["id"].as_i64())
        .collect();
    assert_eq!(got, vec![bill], "{r}");
    let r = env
        .post(
            "bill/list",
            json!({"filters": {"customerMobile": "0977000999"}}),
        )
        .await;
    assert_eq!(r["data"], json!([]), "{r}");
    // orderIds filters: this bill belongs to no order
    let r = env
        .post(
            "bill/list",
            json!({"filters": {"ids": [bill], "orderIds": [14900001]}}),
        )
        .await;
    assert_eq!(r["data"], json!([]), "{r}");
    // a 40-day range is refused; ids lift the window
    let wide = json!({"filters": {"fromDate": "2026-01-01", "toDate": "2026-02-10"}});
    refused(&env.post("bill/list", wide.clone()).await, "filters.toDate");
    refused(&env.post("bill/retail", wide).await, "filters.toDate");
    accepted(
        &env.post(
            "bill/list",
            json!({"filters": {"ids": [bill], "fromDate": "2026-01-01", "toDate": "2026-02-10"}}),
        )
        .await,
    );
    // e-invoices need the business's e-invoice setup (none in the sandbox)
    let r = env
        .post(
            "bill/addretail",
            json!({"depotId": DEPOT_HN, "products": [{"id": p, "quantity": 1, "price": 100000}],
                   "invoice": {"publishType": 1}}),
        )
        .await;
    assert_eq!(r["errorCode"], "ERR_INVOICE_NO_SETTING", "{r}");
}

#[tokio::test]
async fn order_list_filters_type_delivery_handover_and_carrier() {
    let env = Env::start().await;
    let now = chrono::Utc::now().timestamp();
    let recent = json!({"updatedAtFrom": now - 30 * 86_400, "updatedAtTo": now});
    let list = |extra: Value| {
        let mut f = recent.clone();
        merge(&mut f, extra);
        env.post(
            "order/list",
            json!({"filters": f, "paginator": {"size": 100}}),
        )
    };
    let all = list(json!({})).await;
    let rows = all["data"].as_array().unwrap().clone();
    assert!(!rows.is_empty());
    // type
    let r = list(json!({"type": 2})).await;
    assert!(
        r["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["info"]["type"] == 2),
        "{r}"
    );
    assert!(r["data"].as_array().unwrap().len() < rows.len());
    // deliveryAt: only delivered orders, in the range (the docs give it no 31-day limit)
    let r = list(json!({"deliveryAtFrom": 0, "deliveryAtTo": now})).await;
    let got = r["data"].as_array().unwrap();
    assert!(got.iter().all(|o| o["info"]["status"] == 60), "{r}");
    assert_eq!(
        got.len(),
        rows.iter().filter(|o| o["info"]["status"] == 60).count()
    );
    // carrier id and code
    let with_code = rows.iter().find(|o| {
        o["carrier"]["carrierCode"]
            .as_str()
            .is_some_and(|c| !c.is_empty())
    });
    if let Some(o) = with_code {
        let r = list(json!({"carrier": {"code": o["carrier"]["carrierCode"]}})).await;
        assert_eq!(r["data"].as_array().unwrap().len(), 1, "{r}");
        let r = list(json!({"carrier": {"id": 5}})).await;
        assert!(r["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["carrier"]["id"] == 5));
    }
    // a 40-day createdAt range is refused; order ids or the customer lift the window
    let id = rows[0]["info"]["id"].clone();
    let mobile = rows[0]["shippingAddress"]["mobile"].clone();
    let wide = json!({"createdAtFrom": now - 40 * 86_400, "createdAtTo": now});
    refused(
        &env.post("order/list", json!({"filters": wide.clone()}))
            .await,
        "filters.createdAtTo",
    );
    for lift in [
        json!({"ids": [id]}),
        json!({"shippingAddress": {"mobile": mobile}}),
    ] {
        let mut f = wide.clone();
        merge(&mut f, lift);
        accepted(&env.post("order/list", json!({"filters": f})).await);
    }
    // no sandbox order is on a handover note
    let r = list(json!({"handoverId": 1})).await;
    assert_eq!(r["data"], json!([]), "{r}");
}

#[tokio::test]
async fn customer_list_filters_updated_at_to_and_last_bought_date() {
    let env = Env::start().await;
    let all = env
        .post("customer/list", json!({"paginator": {"size": 100}}))
        .await;
    let n = all["data"].as_array().unwrap().len();
    let r = env
        .post(
            "customer/list",
            json!({"filters": {"updatedAtTo": 0}, "paginator": {"size": 100}}),
        )
        .await;
    assert_eq!(r["data"], json!([]), "{r}");
    let today = chrono::Utc::now().date_naive();
    let r = env
        .post(
            "customer/list",
            json!({"filters": {"lastBoughtDateFrom": (today - chrono::Duration::days(400)).to_string(),
                               "lastBoughtDateTo": today.to_string()}, "paginator": {"size": 100}}),
        )
        .await;
    let bought = r["data"].as_array().unwrap().len();
    assert!(bought > 0 && bought <= n, "{bought} of {n}");
    let r = env
        .post(
            "customer/list",
            json!({"filters": {"lastBoughtDateTo": "2000-01-01"}}),
        )
        .await;
    assert_eq!(r["data"], json!([]), "{r}");
}

#[tokio::test]
async fn product_tags_and_hidden_retired_products() {
    let env = Env::start().await;
    let tags = |n: usize| Value::Array((0..n).map(|i| json!(200 + i)).collect());
    // 30 tags across the whole product/add request
    let two = |a: usize, b: usize| {
        json!([{"appProductId": "T1", "name": "Áo thun", "tagIds": tags(a)},
               {"appProductId": "T2", "name": "Quần jean", "tagIds": tags(b)}])
    };
    refused(&env.post("product/add", two(16, 15)).await, "tagIds");
    let r = env.post("product/add", two(15, 15)).await;
    accepted(&r);
    let id = r["data"][0]["id"].as_i64().unwrap();
    // product/edit: 30 per product
    refused(
        &env.post("product/edit", json!({"id": id, "tagIds": tags(31)}))
            .await,
        "tagIds",
    );
    accepted(
        &env.post("product/edit", json!({"id": id, "tagIds": tags(30)}))
            .await,
    );
    // status 3 (stopped) is hidden from lists unless filtered by that status or exact id
    accepted(
        &env.post("product/edit", json!({"id": id, "status": 3}))
            .await,
    );
    let listed = |f: Value| {
        let env = &env;
        async move {
            let r = env
                .post(
                    "product/list",
                    json!({"filters": f, "paginator": {"size": 100}}),
                )
                .await;
            r["data"].as_array().unwrap().iter().any(|p| p["id"] == id)
        }
    };
    assert!(!listed(json!({"name": "Áo thun"})).await);
    assert!(listed(json!({"name": "Áo thun", "status": [3]})).await);
    assert!(listed(json!({"ids": [id]})).await);
    // product/add and customer/add: at most 100 per request
    let products: Vec<Value> = (0..101)
        .map(|i| json!({"appProductId": format!("B{i}"), "name": format!("Áo {i}")}))
        .collect();
    refused(
        &env.post("product/add", Value::Array(products)).await,
        "products",
    );
    let people: Vec<Value> = (0..101)
        .map(|i| json!({"name": format!("Khách {i}"), "mobile": format!("0900{i:06}")}))
        .collect();
    refused(
        &env.post("customer/add", Value::Array(people.clone())).await,
        "customers",
    );
    accepted(
        &env.post("customer/add", Value::Array(people[..100].to_vec()))
            .await,
    );
    // product/add and customer/add take a JSON array: an object is not valid data for them
    for path in ["product/add", "customer/add", "product/externalimage"] {
        let r = env.post(path, json!({"name": "x"})).await;
        assert_eq!(r["errorCode"], "ERR_INVALID_DATA", "{path}: {r}");
    }
    // externalimage: ≤30 products, ≤20 images each, URLs only
    let many: Vec<Value> = (0..31).map(|_| json!({"id": id, "images": []})).collect();
    refused(
        &env.post("product/externalimage", Value::Array(many)).await,
        "products",
    );
    let urls: Vec<String> = (0..21)
        .map(|i| format!("https://cdn.example.com/{i}.jpg"))
        .collect();
    refused(
        &env.post("product/externalimage", json!([{"id": id, "images": urls}]))
            .await,
        "0.images",
    );
    refused(
        &env.post(
            "product/externalimage",
            json!([{"id": id, "images": ["ftp://x/1.jpg"]}]),
        )
        .await,
        "0.images",
    );
    let urls: Vec<String> = (0..20)
        .map(|i| format!("https://cdn.example.com/{i}.jpg"))
        .collect();
    accepted(
        &env.post("product/externalimage", json!([{"id": id, "images": urls}]))
            .await,
    );
}

#[tokio::test]
async fn app_id_version_and_body_errors() {
    let env = Env::start().await;
    let token = env.info["access_token"].as_str().unwrap().to_string();
    let q = format!("businessId={}", env.info["business_id"]);
    let r = env.send(&q, &token, "product/list", "{}".into()).await;
    assert_eq!(r["errorCode"], "ERR_INVALID_APP_ID", "{r}");
    let r = env
        .send(&format!("appId=1&{q}"), &token, "product/list", "{}".into())
        .await;
    assert_eq!(r["errorCode"], "ERR_INVALID_APP_ID", "{r}");
    // a v2 token on a v3 endpoint
    let v2 = env.sb.nhanh.issue_v2_token();
    let r = env
        .send(&env.query(), &v2, "product/list", "{}".into())
        .await;
    assert_eq!(r["errorCode"], "ERR_INVALID_VERSION", "{r}");
    // a body that is not JSON
    let r = env
        .send(&env.query(), &token, "product/list", "{filters:".into())
        .await;
    assert_eq!(r["errorCode"], "ERR_INVALID_DATA", "{r}");
    // an empty body is an empty request (shipping/carrier's documented `--data ''`)
    let r = env
        .send(&env.query(), &token, "product/list", String::new())
        .await;
    assert_eq!(r["code"], 1, "{r}");
}

#[tokio::test]
async fn both_older_rate_limit_forms_can_be_emitted() {
    let env = Env::start().await;
    env.sb.nhanh.set_config(SimConfig {
        rate_limit: 1,
        window: Duration::from_secs(30),
        legacy_rate_limit_code: true,
        ..SimConfig::default()
    });
    accepted(&env.post("product/category", json!({})).await);
    let r = env.post("product/category", json!({})).await;
    assert_eq!(
        r,
        json!({"code": 0, "errorCode": "ERR_EXCEEDED_RATE_LIMIT", "messages": "Your app exceeded the API Rate Limit"})
    );
    env.sb.nhanh.set_config(SimConfig {
        rate_limit: 1,
        window: Duration::from_secs(30),
        alpha_rate_limit_form: true,
        ..SimConfig::default()
    });
    accepted(&env.post("product/tags", json!({})).await);
    let r = env.post("product/tags", json!({})).await;
    assert_eq!(r["errorCode"], 429, "{r}");
    assert!(
        r["message"].is_string() && r["data"]["unlockedAt"].is_i64(),
        "{r}"
    );
}

#[tokio::test]
async fn the_consent_return_link_must_be_https_except_on_loopback() {
    let env = Env::start().await;
    let consent = |link: &str| {
        env.http
            .get(format!("{}/oauth", env.base()))
            .query(&[
                ("appId", env.info["app_id"].to_string()),
                ("returnLink", link.to_string()),
            ])
            .send()
    };
    for ok in [
        "https://shopdesk.app/nhanh/callback",
        "http://127.0.0.1:1420/callback",
        "http://localhost/callback",
        "http://[::1]:8080/cb",
    ] {
        let r = consent(ok).await.unwrap();
        assert_eq!(r.status(), 302, "{ok}");
        let loc = r.headers()["location"].to_str().unwrap().to_string();
        assert!(loc.starts_with(ok) && loc.contains("accessCode="), "{loc}");
    }
    for bad in [
        "http://shopdesk.app/nhanh/callback",
        "http://127.0.0.1.example.org/cb",
        "http://localhost.example.org/cb",
        "ftp://shopdesk.app/cb",
        "shopdesk.app/cb",
    ] {
        assert_eq!(consent(bad).await.unwrap().status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn docs_silent_cases_are_accepted() {
    let env = Env::start().await;
    // product/detail: no field is marked required
    let r = env.post("product/detail", json!({})).await;
    assert_eq!(r, json!({"code": 1, "data": null}));
    // shipping/location: parentId is optional — every district of v1
    let r = env
        .post(
            "shipping/location",
            json!({"filters": {"locationVersion": "v1", "type": "DISTRICT"}}),
        )
        .await;
    let all = r["data"].as_array().map_or(0, Vec::len);
    let r = env
        .post(
            "shipping/location",
            json!({"filters": {"locationVersion": "v1", "type": "DISTRICT", "parentId": 254}}),
        )
        .await;
    let one_city = r["data"].as_array().map_or(0, Vec::len);
    assert!(one_city > 0 && all > one_city, "{all} vs {one_city}");
    // order/add: a mobile in any format, no `info.status` (the default is New)
    let r = env
        .order(
            "SILENT-A",
            json!({"shippingAddress": {"mobile": "+84 912 345 678"}}),
        )
        .await;
    accepted(&r);
    let id = r["data"]["id"].as_i64().unwrap();
    let r = env
        .post("order/list", json!({"filters": {"ids": [id]}}))
        .await;
    assert_eq!(r["data"][0]["info"]["status"], 54, "{r}");
    // customer/add: a 9-digit mobile (the docs' own example)
    accepted(
        &env.post(
            "customer/add",
            json!([{"name": "Nguyễn Văn B", "mobile": "098999997"}]),
        )
        .await,
    );
}

#[tokio::test]
async fn order_and_product_status_rules() {
    let env = Env::start().await;
    // order/add: status one of 54, 57, 55, 56; at most 500 lines; a parent product has no stock to sell
    refused(
        &env.order("ST-A", json!({"info": {"status": 60}})).await,
        "info.status",
    );
    accepted(&env.order("ST-B", json!({"info": {"status": 57}})).await);
    let p = env.variant().await;
    let lines: Vec<Value> = (0..501)
        .map(|_| json!({"id": p, "price": 1000, "quantity": 1}))
        .collect();
    refused(
        &env.order("ST-C", json!({"products": lines})).await,
        "products",
    );
    // order/edit: no product edits; cancel only while open
    let r = env.order("ST-D", json!({})).await;
    let id = r["data"]["id"].as_i64().unwrap();
    refused(
        &env.post("order/edit", json!({"info": {"id": id}, "products": []}))
            .await,
        "products",
    );
    let delivered = env
        .post("order/list", json!({"filters": {"statuses": [60]}}))
        .await;
    let done = delivered["data"][0]["info"]["id"]
        .as_i64()
        .expect("a delivered order");
    refused(
        &env.post("order/edit", json!({"info": {"id": done, "status": 63}}))
            .await,
        "info.id",
    );
    // addcomplain: a reason from the documented list; addsupplier: a name
    refused(
        &env.post("order/addcomplain", json!({"id": id, "reason": 5}))
            .await,
        "reason",
    );
    refused(
        &env.post("business/addsupplier", json!({"mobile": "0901"}))
            .await,
        "name",
    );
    accepted(
        &env.post(
            "business/addsupplier",
            json!({"name": "Công ty Vải Sài Gòn"}),
        )
        .await,
    );
    // product/edit: status 1–4
    refused(
        &env.post("product/edit", json!({"id": p, "status": 5}))
            .await,
        "status",
    );
    accepted(
        &env.post("product/edit", json!({"id": p, "status": 4}))
            .await,
    );
}

/// A product/list `gpid` and the `parentId`s it admits.
type Group = (i64, fn(i64) -> bool);

#[tokio::test]
async fn documented_list_filters_narrow_the_answer() {
    let env = Env::start().await;
    let list = |path: &'static str, f: Value| {
        let env = &env;
        async move {
            let r = env
                .post(path, json!({"filters": f, "paginator": {"size": 100}}))
                .await;
            assert_eq!(r["code"], 1, "{path}: {r}");
            r["data"].as_array().unwrap().clone()
        }
    };
    let every_status = json!([1, 2, 3, 4]);
    // product/list gpid: -2 parents, 1 children, 3 children + standalone
    let groups: [Group; 3] = [(-2, |p| p == -2), (1, |p| p > 0), (3, |p| p == -1 || p > 0)];
    for (gpid, ok) in groups {
        let rows = list(
            "product/list",
            json!({"gpid": gpid, "status": every_status}),
        )
        .await;
        assert!(!rows.is_empty() || gpid == -1);
        assert!(
            rows.iter().all(|p| ok(p["parentId"].as_i64().unwrap())),
            "gpid {gpid}"
        );
    }
    // brandIds, on product/list and product/inventory alike
    let all = list("product/list", json!({"gpid": 3, "status": every_status})).await;
    let brand = all[0]["brandId"].as_i64().unwrap();
    let branded = list(
        "product/list",
        json!({"gpid": 3, "status": every_status, "brandIds": [brand]}),
    )
    .await;
    assert!(!branded.is_empty() && branded.len() < all.len());
    assert!(branded.iter().all(|p| p["brandId"] == brand));
    let stock = list("product/inventory", json!({"brandIds": [brand]})).await;
    assert_eq!(stock.len(), branded.len());
    // product/inventory status: the stopped products only
    assert!(
        list("product/inventory", json!({"status": [3]}))
            .await
            .len()
            < all.len()
    );
    // no IMEI-tracked product in the sandbox
    assert!(list("product/list", json!({"imei": "356938035643809"}))
        .await
        .is_empty());
    // product/category name, code and status (every sandbox category is active)
    let cats = list("product/category", json!({})).await;
    let code = cats[0]["code"].clone();
    let by_code = list("product/category", json!({"code": code})).await;
    assert_eq!(by_code.len(), 1);
    let name = cats[0]["name"].as_str().unwrap().to_string();
    assert!(!list("product/category", json!({"name": name}))
        .await
        .is_empty());
    assert!(list("product/category", json!({"status": 2}))
        .await
        .is_empty());
    // the small lists' own filters
    assert_eq!(list("order/source", json!({"ids": [2]})).await.len(), 1);
    assert!(list("business/department", json!({"status": 2}))
        .await
        .is_empty());
    assert_eq!(
        list("business/department", json!({"code": "KHO"}))
            .await
            .len(),
        1
    );
    let accounts = list("accounting/account", json!({"types": [1]})).await;
    assert!(!accounts.is_empty() && accounts.iter().all(|a| a["type"] == 1));
    assert!(list("ecom/shop", json!({"appIds": [8855]}))
        .await
        .is_empty());
    assert_eq!(list("ecom/shop", json!({"appIds": [8195]})).await.len(), 1);
    let tags = list("product/tags", json!({"name": "ưu tiên"})).await;
    assert!(tags.len() == 1 && tags[0]["id"] == 266, "{tags:?}");
    let brands = list("product/brand", json!({})).await;
    let one = list("product/brand", json!({"ids": [brands[0]["id"]]})).await;
    assert_eq!(one.len(), 1);
    let supplier = list("business/supplier", json!({"id": 40827})).await;
    assert_eq!(supplier.len(), 1);
    // order/list shippingAddress place ids
    let now = chrono::Utc::now().timestamp();
    let recent = json!({"createdAtFrom": now - 30 * 86_400, "createdAtTo": now});
    let orders = list("order/list", recent.clone()).await;
    let city = orders[0]["shippingAddress"]["cityId"].clone();
    let mut f = recent.clone();
    merge(&mut f, json!({"shippingAddress": {"cityId": city}}));
    let in_city = list("order/list", f).await;
    assert!(!in_city.is_empty());
    assert!(in_city
        .iter()
        .all(|o| o["shippingAddress"]["cityId"] == city));
}
