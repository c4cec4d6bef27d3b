//! Every example request of the Nhanh spec (`shared/vendors/nhanh.md`, and the seed dump's Postman samples),
//! copied into `tests/fixtures/`, replayed against the simulator: the example as documented is accepted, and
//! dropping each of its documented required fields is refused the documented way (`code: 0`,
//! `errorCode: "ERR_INVALID_FORM_FIELDS"`, `messages` keyed by the field's path).
//!
//! The docs' example ids are illustrative (spec §0): before sending, the ids of products and orders are
//! rebound to entities of the simulator (`rebind`), and the OAuth placeholders to a fresh code and the
//! sandbox secret. Nothing else in the example changes. The example responses are parsed by `contract.rs`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use sandbox::nhanh::DEPOT_HN;
use sandbox::{Options, Sandbox};
use serde_json::{json, Value};

/// One example request: fixture, `resource/action`, and the documented required fields (dotted paths;
/// numbers index arrays). Conditional requirements the example meets count too (e.g. `districtId` of a v1
/// address, `carrier.serviceCode` with `sendCarrierType` 2).
struct Example {
    fixture: &'static str,
    path: &'static str,
    /// spec line of the example
    line: &'static str,
    required: &'static [&'static str],
}

const EXAMPLES: &[Example] = &[
    Example {
        fixture: "oauth_exchange_request",
        path: "app/getaccesstoken",
        line: "L87",
        required: &["accessCode", "secretKey"],
    },
    Example {
        fixture: "check_access_token_request",
        path: "app/checkaccesstoken",
        line: "L135",
        required: &["secretKey"],
    },
    Example {
        fixture: "list_request_typical",
        path: "product/list",
        line: "L150-156",
        required: &[],
    },
    Example {
        fixture: "product_list_curl_request",
        path: "product/list",
        line: "L158-162",
        required: &[],
    },
    Example {
        fixture: "seed_product_list_request",
        path: "product/list",
        line: "seed 004 L51-63",
        required: &[],
    },
    Example {
        fixture: "depot_request",
        path: "business/depot",
        line: "L619-621",
        required: &[],
    },
    Example {
        fixture: "product_list_request",
        path: "product/list",
        line: "L684-687",
        required: &[],
    },
    Example {
        fixture: "product_add_request",
        path: "product/add",
        line: "L747-752",
        required: &["0.appProductId", "0.name"],
    },
    Example {
        fixture: "seed_product_add_request",
        path: "product/add",
        line: "seed 004 L65-83",
        required: &["0.appProductId", "0.name", "1.appProductId", "1.name"],
    },
    Example {
        fixture: "product_edit_request",
        path: "product/edit",
        line: "L775",
        required: &["id"],
    },
    Example {
        fixture: "product_detail_request",
        path: "product/detail",
        line: "L779",
        required: &[],
    },
    Example {
        fixture: "product_inventory_request",
        path: "product/inventory",
        line: "L796",
        required: &[],
    },
    Example {
        fixture: "product_externalimage_request",
        path: "product/externalimage",
        line: "L818-821",
        required: &["0.id", "1.id"],
    },
    Example {
        fixture: "product_category_request",
        path: "product/category",
        line: "L827",
        required: &[],
    },
    Example {
        fixture: "order_list_request",
        path: "order/list",
        line: "L894-897",
        required: &[],
    },
    Example {
        fixture: "order_add_request",
        path: "order/add",
        line: "L1101-1118",
        required: &[
            "channel.appOrderId",
            "shippingAddress.name",
            "shippingAddress.mobile",
            "shippingAddress.districtId",
            "carrier.serviceCode",
            "carrier.accountId",
            "products.0.id",
            "products.0.price",
            "products.0.quantity",
            "products.1.id",
            "products.1.price",
            "products.1.quantity",
        ],
    },
    Example {
        fixture: "order_edit_status_request",
        path: "order/edit",
        line: "L1134",
        required: &["info.id"],
    },
    Example {
        fixture: "order_edit_address_request",
        path: "order/edit",
        line: "L1137-1139",
        required: &["info.id"],
    },
    Example {
        fixture: "order_cancel_request",
        path: "order/edit",
        line: "L1141",
        required: &["info.id"],
    },
    Example {
        fixture: "order_cancelcarrier_request",
        path: "order/cancelcarrier",
        line: "L1149",
        required: &["orderId"],
    },
    Example {
        fixture: "order_addcomplain_request",
        path: "order/addcomplain",
        line: "L1158",
        required: &["id", "reason"],
    },
    Example {
        fixture: "order_history_request",
        path: "order/history",
        line: "L1174",
        required: &["filters.orderIds"],
    },
    Example {
        fixture: "shipping_location_request",
        path: "shipping/location",
        line: "L1192",
        // `type` is required with a documented default (CITY): dropping it is not an error
        required: &["filters.locationVersion"],
    },
    Example {
        fixture: "shipping_fee_request",
        path: "shipping/fee",
        line: "L1210-1215",
        required: &[
            "filters.type",
            "filters.shippingWeight",
            "filters.shippingFrom",
            "filters.shippingFrom.cityId",
            "filters.shippingFrom.districtId",
            "filters.shippingFrom.locationVersion",
            "filters.shippingTo",
            "filters.shippingTo.cityId",
            "filters.shippingTo.districtId",
            "filters.shippingTo.locationVersion",
            "filters.carrier.id",
        ],
    },
    Example {
        fixture: "bill_list_request",
        path: "bill/list",
        line: "L1247",
        required: &[],
    },
    Example {
        fixture: "bill_addretail_request",
        path: "bill/addretail",
        line: "L1302-1311",
        required: &["depotId", "products.0.id", "products.0.quantity"],
    },
    Example {
        fixture: "bill_imexs_request",
        path: "bill/imexs",
        line: "L1327",
        required: &[],
    },
    Example {
        fixture: "inventory_importsupplier_request",
        path: "inventory/importsupplier",
        line: "L1364-1371",
        required: &[
            "depotId",
            "supplierId",
            "products.0.id",
            "products.0.quantity",
        ],
    },
    Example {
        fixture: "customer_list_request",
        path: "customer/list",
        line: "L1400",
        required: &[],
    },
    Example {
        fixture: "customer_add_request",
        path: "customer/add",
        line: "L1433",
        required: &["0.name", "0.mobile", "1.name", "1.mobile"],
    },
];

fn fixture(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

struct Env {
    sb: Sandbox,
    info: Value,
    http: reqwest::Client,
    n: std::sync::atomic::AtomicU32,
}

impl Env {
    async fn start() -> Env {
        let sb = sandbox::start(
            "127.0.0.1:0".parse().unwrap(),
            Options {
                products: 30,
                seed: 7,
            },
        )
        .await
        .unwrap();
        // the budget is tested elsewhere; here every example and violation is one call
        sb.nhanh.set_rate_limit(1_000_000, Duration::from_secs(1));
        let info = sb.info()["nhanh"].clone();
        Env {
            sb,
            info,
            http: reqwest::Client::new(),
            n: Default::default(),
        }
    }

    async fn post_raw(&self, path: &str, body: String) -> Value {
        // getaccesstoken takes only appId (and no Authorization)
        let mut url = format!(
            "{}/v3.0/{path}?appId={}",
            self.info["base_url"].as_str().unwrap(),
            self.info["app_id"]
        );
        let mut req = self.http.post(&url);
        if path != "app/getaccesstoken" {
            url.push_str(&format!("&businessId={}", self.info["business_id"]));
            req = self
                .http
                .post(&url)
                .header("Authorization", self.info["access_token"].as_str().unwrap());
        }
        let resp = req
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        resp.json().await.unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        self.post_raw(path, body.to_string()).await
    }

    /// Variants with stock in the Hà Nội depot (the docs' depot 31010), most available first.
    async fn stocked_products(&self) -> Vec<i64> {
        let r = self
            .post(
                "product/inventory",
                &json!({"filters": {"depotIds": [DEPOT_HN]}, "paginator": {"size": 100}}),
            )
            .await;
        let mut rows: Vec<(i64, i64)> = r["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["inventory"]["depots"][0]["available"]
                        .as_i64()
                        .unwrap_or(0),
                    i["productId"].as_i64().unwrap(),
                )
            })
            .filter(|(a, _)| *a >= 3)
            .collect();
        rows.sort_by(|a, b| b.cmp(a));
        rows.into_iter().map(|(_, id)| id).collect()
    }

    /// A new order of `product` in Hà Nội; `sent`: pushed to GHN (`autoSend`), so it carries a tracking code.
    async fn order(&self, product: i64, sent: bool) -> i64 {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut body = json!({
            "info": {"depotId": DEPOT_HN},
            "channel": {"appOrderId": format!("SPEC-{n}")},
            "shippingAddress": {"name": "Nguyễn Văn Cường", "mobile": "0928937476"},
            "products": [{"id": product, "price": 189000, "quantity": 1}]
        });
        if sent {
            body["carrier"] =
                json!({"id": 5, "sendCarrierType": 1, "serviceId": 51, "autoSend": 1});
        }
        let r = self.post("order/add", &body).await;
        assert_eq!(r["code"], 1, "{r}");
        if sent {
            assert!(
                r["data"]["carrierCode"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty()),
                "{r}"
            );
        }
        r["data"]["id"].as_i64().unwrap()
    }

    /// The simulator's stand-ins for the ids and placeholders of one example.
    async fn bindings(&self, path: &str, products: &[i64]) -> HashMap<Value, Value> {
        let (p1, p2, p3) = (products[0], products[1], products[2]);
        let mut m: HashMap<Value, Value> = HashMap::new();
        for (doc, ours) in [
            (1231279582, p1),
            (1231275955, p2),
            (1231281071, p1),
            (1231253490, p2),
            (1231279483, p3),
            (1231278559, p1),
            (1231278553, p2),
        ] {
            m.insert(json!(doc), json!(ours));
        }
        m.insert(json!("12401"), json!(p1.to_string()));
        m.insert(json!(123), json!(p1));
        let secret = self.info["secret_key"].clone();
        m.insert(json!("APP_SECRET_KEY"), secret.clone());
        m.insert(json!("APP SECRET KEY"), secret);
        if path == "app/getaccesstoken" {
            m.insert(
                json!("0DECuIHCpplrYkvp..."),
                json!(self.sb.nhanh.issue_access_code()),
            );
        }
        if path == "order/edit" {
            m.insert(json!(14903497), json!(self.order(p1, false).await));
        }
        if path == "order/cancelcarrier" {
            m.insert(json!(14905641), json!(self.order(p1, true).await));
        }
        if path == "order/addcomplain" {
            m.insert(json!(14889262), json!(self.order(p1, true).await));
        }
        m
    }
}

/// Replace every value equal to a key of `m` (ids, placeholders) by its binding.
fn rebind(v: &mut Value, m: &HashMap<Value, Value>) {
    if let Some(x) = m.get(v) {
        *v = x.clone();
        return;
    }
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| rebind(x, m)),
        Value::Object(o) => o.values_mut().for_each(|x| rebind(x, m)),
        _ => {}
    }
}

/// Remove the field at a dotted path (numbers index arrays); `false` when the path is not in `v`.
fn drop_field(v: &mut Value, path: &str) -> bool {
    let parts: Vec<&str> = path.split('.').collect();
    let (last, parents) = parts.split_last().unwrap();
    let mut cur = v;
    for p in parents {
        let next = match cur {
            Value::Array(a) => p.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            Value::Object(o) => o.get_mut(*p),
            _ => None,
        };
        let Some(next) = next else { return false };
        cur = next;
    }
    cur.as_object_mut().and_then(|o| o.remove(*last)).is_some()
}

#[tokio::test]
async fn every_example_request_is_accepted_and_each_required_field_is_enforced() {
    let env = Env::start().await;
    let products = env.stocked_products().await;
    assert!(products.len() >= 3, "{products:?}");
    let (mut replayed, mut violations) = (0, 0);
    for ex in EXAMPLES {
        let m = env.bindings(ex.path, &products).await;
        let mut body = fixture(ex.fixture);
        rebind(&mut body, &m);
        // each documented required field, dropped: refused, keyed by its path
        for field in ex.required {
            let mut broken = body.clone();
            assert!(
                drop_field(&mut broken, field),
                "{} ({}): no {field} in the example",
                ex.fixture,
                ex.line
            );
            let r = env.post(ex.path, &broken).await;
            assert_eq!(r["code"], 0, "{} without {field}: {r}", ex.fixture);
            assert_eq!(
                r["errorCode"], "ERR_INVALID_FORM_FIELDS",
                "{} without {field}: {r}",
                ex.fixture
            );
            assert!(
                r["messages"].get(*field).is_some(),
                "{} without {field}: the refusal names another field: {r}",
                ex.fixture
            );
            violations += 1;
        }
        // the example itself
        let r = env.post(ex.path, &body).await;
        assert_eq!(r["code"], 1, "{} ({}): {r}", ex.fixture, ex.line);
        replayed += 1;
    }
    // shipping/carrier's documented body is empty (`--data ''`, L1229)
    let r = env.post_raw("shipping/carrier", String::new()).await;
    assert_eq!(r["code"], 1, "{r}");
    replayed += 1;
    assert_eq!(replayed, EXAMPLES.len() + 1);
    let documented: usize = EXAMPLES.iter().map(|e| e.required.len()).sum();
    assert_eq!(violations, documented);
    eprintln!("nhanh spec examples: {replayed} requests replayed, {violations} required-field violations refused");
}

/// The examples' answers keep the documented shape of their endpoint (what the client parses).
#[tokio::test]
async fn the_examples_answers_have_the_documented_shape() {
    let env = Env::start().await;
    let products = env.stocked_products().await;
    let send = |name: &'static str, path: &'static str| {
        let env = &env;
        let products = &products;
        async move {
            let m = env.bindings(path, products).await;
            let mut body = fixture(name);
            rebind(&mut body, &m);
            env.post(path, &body).await
        }
    };
    // order/add: id and trackingUrl (no carrierCode without autoSend)
    let r = send("order_add_request", "order/add").await;
    assert!(
        r["data"]["id"].as_i64().is_some() && r["data"]["trackingUrl"].is_string(),
        "{r}"
    );
    assert!(r["data"].get("carrierCode").is_none(), "{r}");
    // product/add: one {id, appProductId, barcode} per product, a barcode generated when none is sent
    let r = send("product_add_request", "product/add").await;
    assert_eq!(r["data"][0]["appProductId"], "PID001", "{r}");
    assert_eq!(
        r["data"][0]["barcode"].as_str().map(str::len),
        Some(13),
        "{r}"
    );
    let r = send("seed_product_add_request", "product/add").await;
    assert_eq!(r["data"][1]["barcode"], "2000214262889", "{r}");
    // inventory/importsupplier: the docs' example totals 90000 (manual discount 10 % of 2 × 50000)
    let r = send(
        "inventory_importsupplier_request",
        "inventory/importsupplier",
    )
    .await;
    assert_eq!(r["data"]["totalAmount"], 90000, "{r}");
    // bill/addretail: 500000 less 10 % = 450000, the docs' answer
    let r = send("bill_addretail_request", "bill/addretail").await;
    assert_eq!(r["data"]["totalAmount"], 450000, "{r}");
    // customer/add: the two customers with their mobiles
    let r = send("customer_add_request", "customer/add").await;
    assert_eq!(r["data"][1]["mobile"], "098999997", "{r}");
    // shipping/fee type 2 with carrier 8: quotes of that carrier only
    let r = send("shipping_fee_request", "shipping/fee").await;
    assert!(
        r["data"]
            .as_array()
            .is_some_and(|q| !q.is_empty() && q.iter().all(|q| q["carrier"]["id"] == 8)),
        "{r}"
    );
    // lists: a paginator and a data array
    for (name, path) in [
        ("product_list_request", "product/list"),
        ("order_list_request", "order/list"),
        ("bill_list_request", "bill/list"),
        ("customer_list_request", "customer/list"),
        ("depot_request", "business/depot"),
    ] {
        let r = send(name, path).await;
        assert!(
            r["data"].is_array() && r["paginator"].is_object(),
            "{name}: {r}"
        );
    }
}
