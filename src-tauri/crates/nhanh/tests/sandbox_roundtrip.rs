//! Client ↔ simulator round trips, one area at a time, including the full OAuth flow.

use std::time::Duration;

use chrono::{Duration as CDuration, Utc};
use nhanh::bills::{BillFilter, BillKind, BillLine, NewInventoryBill};
use nhanh::customers::{CustomerFilter, NewCustomer};
use nhanh::orders::{
    status, NewOrder, NewOrderAddress, NewOrderChannel, NewOrderInfo, NewOrderLine, OrderEdit,
    OrderEditInfo, OrderFilter,
};
use nhanh::products::{
    ImageMode, InventoryFilter, NewProduct, ProductEdit, ProductFilter, ProductImages,
};
use nhanh::shipping::{FeeAddress, FeeRequest, LocationType, LocationVersion};
use nhanh::{Client, Config, Credentials, OAuth, PageRequest};
use sandbox::nhanh::{SimConfig, DEPOT_HCM, DEPOT_HN};
use sandbox::{FaultConfig, Options, Sandbox};
use secrecy::SecretString;
use serde_json::{json, Value};
use vendor_http::{Error, RateLimit};

struct Env {
    sb: Sandbox,
    info: Value,
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
        let info = sb.info()["nhanh"].clone();
        Env { sb, info }
    }

    fn config(&self) -> Config {
        let mut c = Config::new(self.info["app_id"].as_i64().unwrap())
            .with_base_url(self.info["base_url"].as_str().unwrap())
            .unwrap()
            .with_oauth_url(&format!(
                "{}/oauth",
                self.info["base_url"].as_str().unwrap()
            ))
            .unwrap();
        // the simulator enforces the vendor budget; the tests do not need our pacing
        c.rate_limit = RateLimit::new(10_000, Duration::from_secs(1));
        c.retry.min_delay = Duration::from_millis(5);
        c.retry.max_delay = Duration::from_millis(20);
        c
    }

    fn client(&self) -> Client {
        self.client_with_token(self.info["access_token"].as_str().unwrap())
    }

    fn client_with_token(&self, token: &str) -> Client {
        Client::new(
            self.config(),
            Credentials {
                business_id: self.info["business_id"].as_i64().unwrap(),
                access_token: SecretString::from(token.to_string()),
            },
        )
        .unwrap()
    }

    fn oauth(&self) -> OAuth {
        OAuth::new(
            self.config(),
            SecretString::from(self.info["secret_key"].as_str().unwrap().to_string()),
        )
        .unwrap()
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/v3.0/{path}?appId={}&businessId={}",
            self.info["base_url"].as_str().unwrap(),
            self.info["app_id"],
            self.info["business_id"]
        )
    }

    async fn raw(&self, path: &str, body: Value) -> Value {
        reqwest::Client::new()
            .post(self.url(path))
            .header("Authorization", self.info["access_token"].as_str().unwrap())
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

fn new_order(reference: &str, product_id: i64, qty: i64) -> NewOrder {
    NewOrder {
        info: NewOrderInfo {
            depot_id: Some(DEPOT_HN),
            status: Some(status::NEW),
            ..Default::default()
        },
        channel: NewOrderChannel {
            app_order_id: reference.into(),
            source_name: Some("ShopDesk".into()),
        },
        shipping_address: NewOrderAddress {
            name: "Nguyễn Văn Cường".into(),
            mobile: "0928937476".into(),
            address: Some("170 La Thành".into()),
            city_id: Some(254),
            // required for v1 (3-level) addresses
            district_id: Some(321),
            location_version: Some("v1".into()),
            ..Default::default()
        },
        products: vec![NewOrderLine {
            id: product_id,
            price: 189_000,
            quantity: qty,
            ..Default::default()
        }],
        ..Default::default()
    }
}

async fn first_variant(c: &Client) -> nhanh::products::Product {
    c.products(&ProductFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.parent_id > 0)
        .unwrap()
}

#[tokio::test]
async fn full_oauth_flow_with_a_pasted_redirect_url() {
    let env = Env::start().await;
    let oauth = env.oauth();
    let consent = oauth.consent_url("https://shopdesk.app/nhanh/callback?state=abc");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = http.get(consent.as_str()).send().await.unwrap();
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("https://shopdesk.app/nhanh/callback?state=abc&accessCode="));
    // the user pastes the whole address bar, with stray whitespace
    let grant = oauth.exchange(&format!("  {location}\n")).await.unwrap();
    assert_eq!(grant.business_id, env.info["business_id"].as_i64().unwrap());
    assert!(grant.expired_at > Utc::now() + CDuration::days(360));
    let c = oauth.client(&grant).unwrap();
    assert_eq!(c.depots().await.unwrap().len(), 2, "the new token works");
    // the code is single-use
    let e = oauth.exchange(&location).await.unwrap_err();
    assert!(
        matches!(e, Error::Unauthorized { ref vendor_code, .. } if vendor_code.as_deref() == Some("ERR_INVALID_ACCESS_CODE")),
        "{e:?}"
    );
    // the previous token keeps working for 15 minutes
    assert_eq!(env.client().depots().await.unwrap().len(), 2);
    // the consent page can also be shown with an "Đồng ý" link
    let page = http
        .get(format!("{}&ui=1", consent))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Đồng ý") && page.contains("accessCode="));
}

#[tokio::test]
async fn expired_codes_and_wrong_secrets_are_refused() {
    let env = Env::start().await;
    env.sb.nhanh.set_config(SimConfig {
        code_ttl: Duration::from_millis(50),
        ..SimConfig::default()
    });
    let code = env.sb.nhanh.issue_access_code();
    tokio::time::sleep(Duration::from_millis(120)).await;
    let e = env.oauth().exchange(&code).await.unwrap_err();
    assert!(matches!(e, Error::Unauthorized { .. }), "{e:?}");
    let code = env.sb.nhanh.issue_access_code();
    let wrong = OAuth::new(
        env.config(),
        SecretString::from("not-the-secret".to_string()),
    )
    .unwrap();
    assert!(matches!(
        wrong.exchange(&code).await.unwrap_err(),
        Error::Unauthorized { .. }
    ));
}

#[tokio::test]
async fn auth_checks_and_unknown_paths() {
    let env = Env::start().await;
    let e = env
        .client_with_token("wrong-token-value")
        .depots()
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Unauthorized { ref vendor_code, .. } if vendor_code.as_deref() == Some("ERR_INVALID_ACCESS_TOKEN"))
    );
    let wrong_business = Client::new(
        env.config(),
        Credentials {
            business_id: 1,
            access_token: SecretString::from(
                env.info["access_token"].as_str().unwrap().to_string(),
            ),
        },
    )
    .unwrap();
    let e = wrong_business.depots().await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("ERR_INVALID_BUSINESS_ID"));
    let e = env
        .client()
        .read::<_, Value>("customer/detail", &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    let secret = SecretString::from(env.info["secret_key"].as_str().unwrap().to_string());
    let info = env.client().check_access_token(&secret).await.unwrap();
    assert!(info.expired_at.unwrap() > Utc::now());
}

#[tokio::test]
async fn business_depots_and_locations() {
    let env = Env::start().await;
    let c = env.client();
    let depots = c.depots().await.unwrap();
    assert_eq!(
        depots.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![DEPOT_HN, DEPOT_HCM]
    );
    let loc = depots[0].location.clone().unwrap();
    let v2 = depots[0].location_v2.clone().unwrap();
    assert!(loc.district_id.is_some() && v2.district_id.is_none());
    // v1: city → district → ward
    let cities = c
        .locations(LocationVersion::V1, LocationType::City, None)
        .await
        .unwrap();
    assert!(cities.iter().any(|x| x.name.contains("Hà Nội")));
    let districts = c
        .locations(LocationVersion::V1, LocationType::District, loc.city_id)
        .await
        .unwrap();
    assert!(districts.iter().any(|d| Some(d.id) == loc.district_id));
    let wards = c
        .locations(LocationVersion::V1, LocationType::Ward, loc.district_id)
        .await
        .unwrap();
    assert!(wards.iter().any(|w| Some(w.id) == loc.ward_id));
    // v2: city → ward
    let wards2 = c
        .locations(LocationVersion::V2, LocationType::Ward, v2.city_id)
        .await
        .unwrap();
    assert!(wards2.iter().any(|w| Some(w.id) == v2.ward_id));
    let e = c
        .locations(LocationVersion::V2, LocationType::District, v2.city_id)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation { .. }));
    // carriers and a fee quote
    let carriers = c.carriers().await.unwrap();
    assert!(carriers.iter().any(|x| x.id == 5));
    // type 1 (Nhanh's connection): every carrier quotes
    let quotes = c
        .shipping_fee(&FeeRequest {
            type_id: 1,
            depot_id: Some(DEPOT_HN),
            shipping_weight: 2100,
            price: Some(321_000),
            total_cod: Some(256_800),
            carrier: None,
            shipping_from: FeeAddress {
                city_id: loc.city_id.unwrap(),
                district_id: loc.district_id,
                ward_id: loc.ward_id,
                address: None,
                location_version: LocationVersion::V1,
            },
            shipping_to: FeeAddress {
                city_id: loc.city_id.unwrap(),
                district_id: loc.district_id,
                ward_id: None,
                address: None,
                location_version: LocationVersion::V1,
            },
        })
        .await
        .unwrap();
    assert!(quotes.len() >= 2 && quotes.iter().all(|q| q.ship_fee > 0));
    // type 2 (the shop's own accounts) needs carrier.id, and quotes only that carrier
    let own = |carrier: Option<Value>| FeeRequest {
        type_id: 2,
        depot_id: Some(DEPOT_HN),
        shipping_weight: 2100,
        price: None,
        total_cod: None,
        carrier,
        shipping_from: FeeAddress {
            city_id: loc.city_id.unwrap(),
            district_id: loc.district_id,
            ward_id: None,
            address: None,
            location_version: LocationVersion::V1,
        },
        shipping_to: FeeAddress {
            city_id: loc.city_id.unwrap(),
            district_id: loc.district_id,
            ward_id: None,
            address: None,
            location_version: LocationVersion::V1,
        },
    };
    let quotes = c.shipping_fee(&own(Some(json!({"id": 8})))).await.unwrap();
    assert!(!quotes.is_empty() && quotes.iter().all(|q| q.carrier.id == 8));
    match c.shipping_fee(&own(None)).await.unwrap_err() {
        Error::Validation { fields, .. } => assert!(fields.contains_key("filters.carrier.id")),
        e => panic!("{e:?}"),
    }
}

#[tokio::test]
async fn products_paging_detail_add_edit_images_categories() {
    let env = Env::start().await;
    let c = env.client();
    let all = c.products(&ProductFilter::default()).await.unwrap();
    let catalog = sandbox::common::catalog::catalog(&Options {
        products: 30,
        seed: 7,
    });
    let variants: usize = catalog.iter().map(|p| p.variations.len()).sum();
    assert_eq!(
        all.len(),
        variants + catalog.len(),
        "every parent and variant, no duplicates"
    );
    let mut ids: Vec<i64> = all.iter().map(|p| p.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
    // small pages: pages are irregular (a short page with a next cursor now and then)
    let mut sizes = Vec::new();
    c.walk(
        "product/list",
        &ProductFilter::default(),
        PageRequest::new(40),
        None,
        |items: Vec<nhanh::products::Product>| sizes.push(items.len()),
    )
    .await
    .unwrap();
    assert_eq!(sizes.iter().sum::<usize>(), all.len());
    assert!(sizes.iter().any(|s| *s < 40) && sizes.len() > 2);
    let first = c
        .products_page(&ProductFilter::default(), PageRequest::new(5))
        .await
        .unwrap();
    assert!(first
        .next
        .as_ref()
        .is_some_and(|n| n.is_object() && n.get("id").is_some()));

    // SKUs and barcodes are the shared catalog's
    let v = &catalog[0].variations[0];
    let found = c
        .products(&ProductFilter {
            name: Some(v.sku.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found[0].barcode, v.barcode);
    let detail = c.product_detail(found[0].parent_id).await.unwrap();
    assert_eq!(detail.parent_id, -2);
    assert!(detail.childs.iter().any(|ch| ch.code == v.sku));
    assert!(matches!(
        c.product_detail(42).await.unwrap_err(),
        Error::NotFound { .. }
    ));

    let added = c
        .add_products(&[NewProduct {
            app_product_id: "SD-1".into(),
            name: "Áo khoác gió".into(),
            code: Some("AK0001".into()),
            price: Some(350_000),
            ..Default::default()
        }])
        .await
        .unwrap();
    assert_eq!(added[0].app_product_id, "SD-1");
    assert_eq!(added[0].barcode.len(), 13, "barcode generated");
    c.edit_product(&ProductEdit {
        id: added[0].id,
        price: Some(320_000),
        ..Default::default()
    })
    .await
    .unwrap();
    let ids = c
        .set_external_images(&[ProductImages {
            id: added[0].id,
            mode: ImageMode::Update,
            images: vec![
                "https://cdn.example.com/ak1.jpg".into(),
                "https://cdn.example.com/ak2.jpg".into(),
            ],
        }])
        .await
        .unwrap();
    assert_eq!(ids, vec![added[0].id]);
    let d = c.product_detail(added[0].id).await.unwrap();
    assert_eq!(d.prices.retail, 320_000);
    assert_eq!(
        d.images.unwrap().avatar.as_deref(),
        Some("https://cdn.example.com/ak1.jpg")
    );
    let e = c
        .add_products(&[NewProduct {
            app_product_id: "SD-2".into(),
            name: " ".into(),
            ..Default::default()
        }])
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("0.name")),
        "{e:?}"
    );
    let cats = c.categories(&Default::default()).await.unwrap();
    assert!(cats.iter().any(|x| x.name == "Áo thun"));
}

#[tokio::test]
async fn inventory_per_depot_and_bills_change_stock() {
    let env = Env::start().await;
    let c = env.client();
    let p = first_variant(&c).await;
    let (remain0, _, avail0) = env.sb.nhanh.stock_of(&p.code, DEPOT_HN).unwrap();
    let stock = c
        .inventory(&InventoryFilter {
            ids: vec![p.id],
            depot_ids: vec![DEPOT_HN],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(stock[0].inventory.depot(DEPOT_HN).unwrap().remain, remain0);
    assert!(
        stock[0].inventory.depot(DEPOT_HCM).is_none(),
        "only the asked depot"
    );

    let bill = c
        .create_inventory_bill(
            BillKind::ImportOther,
            &NewInventoryBill {
                depot_id: DEPOT_HN,
                products: vec![BillLine {
                    id: p.id,
                    quantity: 5,
                    price: Some(100_000),
                    ..Default::default()
                }],
                description: Some("Nhập bù".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(bill.total_amount, 500_000);
    c.create_inventory_bill(
        BillKind::ExportOther,
        &NewInventoryBill {
            depot_id: DEPOT_HN,
            products: vec![BillLine {
                id: p.id,
                quantity: 2,
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let after = c
        .inventory(&InventoryFilter {
            ids: vec![p.id],
            ..Default::default()
        })
        .await
        .unwrap();
    let hn = after[0].inventory.depot(DEPOT_HN).unwrap();
    assert_eq!(hn.remain, remain0 + 3);
    // incremental stock sync: only products whose stock changed since a moment ago
    let changed = c
        .inventory(&InventoryFilter {
            updated_at_from: Some(Utc::now().timestamp() - 60),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(changed.iter().any(|i| i.product_id == p.id));
    assert!(changed.len() < after.len() + 30, "not the whole catalog");
    assert_eq!(hn.available, avail0 + 3);
    // supplier bills need a supplier; exporting more than available is refused
    let e = c
        .create_inventory_bill(
            BillKind::ImportSupplier,
            &NewInventoryBill {
                depot_id: DEPOT_HN,
                products: vec![BillLine {
                    id: p.id,
                    quantity: 1,
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("supplierId")));
    let supplier = c.suppliers().await.unwrap()[0].id;
    let e = c
        .create_inventory_bill(
            BillKind::ExportSupplier,
            &NewInventoryBill {
                depot_id: DEPOT_HN,
                supplier_id: Some(supplier),
                products: vec![BillLine {
                    id: p.id,
                    quantity: 1_000_000,
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("products.0.quantity"))
    );
    // the bills are listed (date range over 31 days is split)
    let today = Utc::now().date_naive();
    let bills = c
        .bills(&BillFilter {
            from_date: Some(today - CDuration::days(70)),
            to_date: Some(today),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(bills.len(), 2);
    assert!(bills.iter().any(|b| b.id == bill.id && b.type_id == 1));
}

#[tokio::test]
async fn orders_list_add_find_edit_cancel() {
    let env = Env::start().await;
    let c = env.client();
    let last_31 = c.orders(&OrderFilter::default()).await.unwrap();
    let since = Utc::now() - CDuration::days(70);
    let wide = c
        .orders(&OrderFilter {
            created_at_from: Some(since.timestamp()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(wide.len() >= 50, "{} orders", wide.len());
    assert!(
        wide.len() > last_31.len(),
        "the split reaches older windows"
    );
    let statuses: std::collections::BTreeSet<i64> = wide.iter().map(|o| o.info.status).collect();
    assert!(statuses.len() >= 5, "{statuses:?}");
    // the simulator enforces the window itself
    let raw = env
        .raw(
            "order/list",
            json!({"filters": {"createdAtFrom": since.timestamp(), "createdAtTo": Utc::now().timestamp()}}),
        )
        .await;
    assert_eq!(raw["errorCode"], "ERR_INVALID_FORM_FIELDS");

    let p = first_variant(&c).await;
    let (_, hold0, _) = env.sb.nhanh.stock_of(&p.code, DEPOT_HN).unwrap();
    let created = c
        .add_order(&new_order("DESK-000777", p.id, 2))
        .await
        .unwrap();
    let found = c
        .find_order_by_reference("DESK-000777")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.info.id, created.id);
    assert_eq!(found.info.status, status::NEW);
    assert_eq!(found.products[0].product_id, p.id);
    assert!(c
        .find_order_by_reference("DESK-404")
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        env.sb.nhanh.stock_of(&p.code, DEPOT_HN).unwrap().1,
        hold0 + 2,
        "reserved"
    );

    // sending the same reference again never makes a second order
    let again = c
        .add_order(&new_order("DESK-000777", p.id, 2))
        .await
        .unwrap();
    assert_eq!(again.id, created.id);
    assert_eq!(env.sb.nhanh.orders_with_reference("DESK-000777"), 1);

    let e = c
        .edit_order(&OrderEdit {
            info: OrderEditInfo {
                id: created.id,
                status: Some(status::SHIPPING),
                ..Default::default()
            },
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("info.status"))
    );
    c.cancel_order(created.id, true).await.unwrap();
    let o = c
        .find_order_by_reference("DESK-000777")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.info.status, status::CANCELED);
    assert_eq!(
        env.sb.nhanh.stock_of(&p.code, DEPOT_HN).unwrap().1,
        hold0,
        "released"
    );
    let e = c.cancel_carrier(created.id).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("ERR_ORDER_CARRIER_NOT_YET_SENT"));
    // invalid input comes back as a field map
    let mut bad = new_order("DESK-000778", p.id, 1);
    bad.shipping_address.mobile = " ".into();
    let e = c.add_order(&bad).await.unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("shippingAddress.mobile"))
    );
}

#[tokio::test]
async fn commit_then_drop_is_recovered_by_reference() {
    let env = Env::start().await;
    let c = env.client();
    let p = first_variant(&c).await;
    env.sb.nhanh.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    // the first answer is lost after the order was committed; the pipeline never re-sends a create
    // (retries are configured, yet one attempt), the caller gets the unknown outcome
    let attempts = c.http().stats().attempts;
    let e = c
        .add_order(&new_order("DESK-DROP-1", p.id, 1))
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(c.http().stats().attempts, attempts + 1, "sent once");
    // the journal's resend meets the vendor's dedupe and the client returns the order that exists
    let r = c
        .add_order(&new_order("DESK-DROP-1", p.id, 1))
        .await
        .unwrap();
    assert_eq!(env.sb.nhanh.orders_with_reference("DESK-DROP-1"), 1);
    let found = c
        .find_order_by_reference("DESK-DROP-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.info.id, r.id);
    // an outbox that crashed before hearing anything looks the reference up first
    env.sb.nhanh.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    let mut cfg = env.config();
    cfg.retry.max_retries = 0;
    let no_retry = Client::new(
        cfg,
        Credentials {
            business_id: env.info["business_id"].as_i64().unwrap(),
            access_token: SecretString::from(
                env.info["access_token"].as_str().unwrap().to_string(),
            ),
        },
    )
    .unwrap();
    let e = no_retry
        .add_order(&new_order("DESK-DROP-2", p.id, 1))
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    let found = c.find_order_by_reference("DESK-DROP-2").await.unwrap();
    assert!(
        found.is_some(),
        "the committed order is found by our reference"
    );
}

#[tokio::test]
async fn customers_list_and_add() {
    let env = Env::start().await;
    let c = env.client();
    let all = c.customers(&CustomerFilter::default()).await.unwrap();
    assert!(all.len() >= 40);
    let added = c
        .add_customers(&[NewCustomer {
            name: "Trần Thị Mai".into(),
            mobile: "0912000111".into(),
            ..Default::default()
        }])
        .await
        .unwrap();
    let found = c
        .customers(&CustomerFilter {
            mobile: Some("0912000111".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found[0].id, added[0].id);
    assert_eq!(found[0].name, "Trần Thị Mai");
    let e = c
        .add_customers(&[NewCustomer {
            name: "X".into(),
            mobile: "".into(),
            ..Default::default()
        }])
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("0.mobile")));

    // the docs' own request example, sent as written, gets the documented answer
    let example = env
        .raw(
            "customer/add",
            json!([{"name": "Nguyễn Văn A", "mobile": "0989999998", "locations": {"cityId": 254, "districtId": 320, "wardId": 1108}},
                   {"name": "Nguyễn Văn B", "mobile": "098999997"}]),
        )
        .await;
    assert_eq!(example["code"], 1, "{example}");
    let made = example["data"].as_array().unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[1]["mobile"], "098999997");
    assert!(made.iter().all(|m| m["id"].as_i64().is_some()));
}

#[tokio::test]
async fn the_per_url_limit_locks_only_that_url_and_the_client_waits_it_out() {
    let env = Env::start().await;
    env.sb.nhanh.set_config(SimConfig {
        rate_limit: 3,
        window: Duration::from_secs(2),
        lock_secs: 1,
        lock_penalty_secs: 1,
        ..SimConfig::default()
    });
    let c = env.client();
    for _ in 0..3 {
        c.categories(&Default::default()).await.unwrap();
    }
    // over budget: locked until the window has room again (2 s here, more than the 1 s lock), and
    // calling while locked grows the lock
    let r1 = env.raw("product/category", json!({})).await;
    assert_eq!(r1["errorCode"], "ERR_429");
    assert!(r1["data"]["lockedSeconds"].as_u64().unwrap() >= 2, "{r1}");
    let r2 = env.raw("product/category", json!({})).await;
    assert!(
        r2["data"]["lockedSeconds"].as_u64().unwrap()
            > r1["data"]["lockedSeconds"].as_u64().unwrap()
    );
    // another URL is not affected
    assert_eq!(c.depots().await.unwrap().len(), 2);
    // a call after `unlockedAt`, as the docs tell a client to wait, succeeds (not locked again)
    let unlocked_at = r2["data"]["unlockedAt"].as_i64().unwrap();
    let wait_ms = unlocked_at * 1000 - chrono::Utc::now().timestamp_millis();
    tokio::time::sleep(Duration::from_millis(wait_ms.max(0) as u64 + 50)).await;
    let r3 = env.raw("product/category", json!({})).await;
    assert_eq!(r3["code"], 1, "{r3}");

    // the client pauses the URL until unlockedAt by itself and then gets through
    for _ in 0..3 {
        env.raw("product/category", json!({})).await;
    }
    let t0 = std::time::Instant::now();
    let cats = c.categories(&Default::default()).await.unwrap();
    assert!(!cats.is_empty());
    assert!(
        t0.elapsed() >= Duration::from_millis(500),
        "waited for the unlock"
    );
    assert!(c.http().stats().rate_limited >= 1);
}

#[tokio::test]
async fn cursors_have_the_documented_shape_and_a_flattened_one_is_refused() {
    let env = Env::start().await;
    let first = env
        .raw("product/list", json!({"paginator": {"size": 5}}))
        .await;
    let next = first["paginator"]["next"].clone();
    let last = first["data"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    // `{"id": <last id>}`, as the docs give it for id-sorted lists
    assert_eq!(next, json!({ "id": last }));
    let second = env
        .raw(
            "product/list",
            json!({"paginator": {"size": 5, "next": next}}),
        )
        .await;
    assert_eq!(second["code"], 1);
    assert!(second["data"][0]["id"].as_i64().unwrap() > last);
    // the docs' own request example starts after id 100
    let example = env
        .raw(
            "product/list",
            json!({"paginator": {"size": 50, "sort": {"id": "desc"}, "next": {"id": 100}}}),
        )
        .await;
    assert_eq!(example["code"], 1);
    // the mistakes the docs call out: a flattened id, or another shape
    for bad in [
        next["id"].clone(),
        json!({"id": last, "page": 1}),
        json!("abc"),
    ] {
        let r = env
            .raw(
                "product/list",
                json!({"paginator": {"size": 5, "next": bad}}),
            )
            .await;
        assert_eq!(r["errorCode"], "ERR_INVALID_FORM_FIELDS", "{bad}");
    }
    let big = env
        .raw("product/list", json!({"paginator": {"size": 500}}))
        .await;
    assert_eq!(big["errorCode"], "ERR_INVALID_FORM_FIELDS");
}

#[tokio::test]
async fn other_documented_endpoints() {
    use nhanh::extras::{IdsFilter, NewRetailBill, RetailBillFilter, RetailLine};
    let env = Env::start().await;
    let c = env.client();
    assert!(!c.brands(&IdsFilter::default()).await.unwrap().is_empty());
    assert!(!c
        .internal_categories(&IdsFilter::default())
        .await
        .unwrap()
        .is_empty());
    for kind in ["product", "order", "customer"] {
        assert!(c
            .tags(kind, &IdsFilter::default())
            .await
            .unwrap()
            .iter()
            .any(|t| t.id == 266));
    }
    assert!(c.order_sources().await.unwrap().len() >= 2);
    assert_eq!(c.departments().await.unwrap().len(), 2);
    assert!(c.users().await.unwrap().iter().any(|u| u.id == 2054197));
    let s = c
        .add_supplier(&nhanh::business::NewSupplier {
            name: "Xưởng may Thủ Đức".into(),
            mobile: Some("0909000111".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(c.suppliers().await.unwrap().iter().any(|x| x.id == s.id));
    assert!(c
        .accounting_accounts()
        .await
        .unwrap()
        .iter()
        .any(|a| a.type_id == 1));
    assert_eq!(c.ecom_shops(&[]).await.unwrap()[0].app_id, 8195);
    let now = Utc::now().timestamp();
    assert!(c
        .deleted_orders(now - 86_400, now)
        .await
        .unwrap()
        .is_empty());

    // history of a shipped seeded order, and a carrier complaint on it
    let since = Utc::now() - CDuration::days(70);
    let orders = c
        .orders(&OrderFilter {
            created_at_from: Some(since.timestamp()),
            statuses: vec![status::SHIPPING],
            ..Default::default()
        })
        .await
        .unwrap();
    let shipped = &orders[0];
    let history = c.order_history(&[shipped.info.id]).await.unwrap();
    assert_eq!(
        history.last().unwrap().status.as_ref().unwrap().new,
        status::SHIPPING
    );
    assert!(
        c.add_complaint(shipped.info.id, 37, "Đến thu gom hàng giúp mình với")
            .await
            .unwrap()
            > 0
    );

    // a retail invoice takes stock out of the depot, with its per-line discount
    let p = c
        .products(&ProductFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.parent_id > 0 && env.sb.nhanh.stock_of(&p.code, DEPOT_HCM).unwrap().2 > 0)
        .unwrap();
    let (remain0, _, _) = env.sb.nhanh.stock_of(&p.code, DEPOT_HCM).unwrap();
    let bill = c
        .add_retail_bill(&NewRetailBill {
            depot_id: DEPOT_HCM,
            products: vec![RetailLine {
                id: p.id,
                quantity: 1,
                price: Some(500_000),
                discount: Some(nhanh::bills::Adjust {
                    kind: "percent".into(),
                    value: 10,
                }),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(bill.total_amount, 450_000);
    assert_eq!(
        env.sb.nhanh.stock_of(&p.code, DEPOT_HCM).unwrap().0,
        remain0 - 1
    );
    let retail = c
        .retail_bills(&RetailBillFilter {
            from_date: Some(Utc::now().date_naive() - CDuration::days(40)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(retail.len(), 1);
    assert_eq!(retail[0].id, bill.id);
}

#[tokio::test]
async fn fault_storms_and_the_alpha_rate_limit_form_are_waited_out() {
    let env = Env::start().await;
    let c = env.client();
    // a forced 429 storm (HTTP 200, code 0, ERR_429 with unlockedAt) on every URL
    env.sb.nhanh.faults().set(FaultConfig {
        rate_limit_for_secs: Some(1),
        ..Default::default()
    });
    let raw = env.raw("business/depot", json!({})).await;
    assert_eq!(raw["errorCode"], "ERR_429");
    assert!(raw["data"]["unlockedAt"].as_i64().unwrap() >= Utc::now().timestamp());
    let t0 = std::time::Instant::now();
    assert_eq!(c.depots().await.unwrap().len(), 2);
    assert!(t0.elapsed() >= Duration::from_millis(300));
    env.sb.nhanh.faults().clear();
    // the Alpha form: integer 429 with `messages`
    env.sb.nhanh.set_config(SimConfig {
        rate_limit: 1,
        lock_secs: 1,
        lock_penalty_secs: 0,
        alpha_rate_limit_form: true,
        ..SimConfig::default()
    });
    c.carriers().await.unwrap();
    let raw = env.raw("shipping/carrier", json!({})).await;
    assert_eq!(raw["errorCode"], 429);
    env.sb.nhanh.set_config(SimConfig {
        rate_limit: 100,
        lock_secs: 1,
        lock_penalty_secs: 0,
        alpha_rate_limit_form: true,
        ..SimConfig::default()
    });
    assert!(!c.carriers().await.unwrap().is_empty());
    assert!(c.http().stats().rate_limited >= 2);
}

#[tokio::test]
async fn permissions_depot_grants_and_disabled_api() {
    let env = Env::start().await;
    let c = env.client();
    let p = first_variant(&c).await;
    env.sb.nhanh.set_config(SimConfig {
        forbidden_paths: vec!["/v3.0/order/add".into()],
        granted_depots: vec![DEPOT_HN],
        ..SimConfig::default()
    });
    let e = c
        .add_order(&new_order("DESK-403", p.id, 1))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Forbidden { ref vendor_code, .. } if vendor_code.as_deref() == Some("ERR_403")),
        "{e:?}"
    );
    let e = c
        .inventory(&InventoryFilter {
            depot_ids: vec![DEPOT_HCM],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Forbidden { permission: Some(ref p), .. } if p == "depot"),
        "{e:?}"
    );
    assert!(c
        .inventory(&InventoryFilter {
            ids: vec![p.id],
            depot_ids: vec![DEPOT_HN],
            ..Default::default()
        })
        .await
        .is_ok());
    assert_eq!(env.sb.nhanh.orders_with_reference("DESK-403"), 0);
    env.sb.nhanh.set_config(SimConfig {
        api_enabled: false,
        ..SimConfig::default()
    });
    let e = c.depots().await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("ERR_BUSINESS_NOT_ENABLE_API"));
    assert!(matches!(e, Error::Forbidden { .. }));
}

#[tokio::test]
async fn an_external_image_is_added_keeping_the_others() {
    let env = Env::start().await;
    let c = env.client();
    let p = first_variant(&c).await;
    let first =
        "https://nhl.sgp1.cdn.digitaloceanspaces.com/ts/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg";
    let second =
        "https://nhl.sgp1.cdn.digitaloceanspaces.com/ts/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png";
    c.add_external_image(p.id, first).await.unwrap();
    let images = c.add_external_image(p.id, second).await.unwrap();
    assert!(
        images.ends_with(&[first.to_string(), second.to_string()]),
        "{images:?}"
    );
    let detail = c.product_detail(p.id).await.unwrap();
    let all: Vec<String> = detail
        .images
        .map(|i| i.avatar.into_iter().chain(i.others).collect())
        .unwrap_or_default();
    assert!(
        all.contains(&first.to_string()) && all.contains(&second.to_string()),
        "the first image is kept when the second is added: {all:?}"
    );
}

#[tokio::test]
async fn stock_limits_bill_lines_and_combos() {
    let env = Env::start().await;
    let c = env.client();

    // the seeded limits of three variants in Hà Nội, with the product's figures there
    let limits = c.stock_limits(&[], &[]).await.unwrap();
    assert_eq!(limits.len(), 3);
    for l in &limits {
        assert_eq!((l.min_remain, l.max_remain), (5, 200));
        assert_eq!(l.depot.id, DEPOT_HN);
        let (remain, _, available) = env.sb.nhanh.stock_of(&l.product.code, DEPOT_HN).unwrap();
        assert_eq!((l.product.remain, l.available), (remain, available));
    }
    assert!(c.stock_limits(&[], &[DEPOT_HCM]).await.unwrap().is_empty());
    let one = c.stock_limits(&[limits[1].product.id], &[]).await.unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].product.id, limits[1].product.id);
    // its documented caps: 50 per page, 100 product ids
    for body in [
        json!({"paginator": {"size": 51}}),
        json!({"filters": {"productIds": (1..=101).collect::<Vec<i64>>()}}),
    ] {
        let e = c
            .read::<_, Value>("inventory/archive", &body)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Validation { .. }), "{e:?}");
    }

    // the lines of a stock bill, found by its date and product
    let p = first_variant(&c).await;
    let bill = c
        .create_inventory_bill(
            BillKind::ImportOther,
            &NewInventoryBill {
                depot_id: DEPOT_HCM,
                products: vec![BillLine {
                    id: p.id,
                    quantity: 4,
                    price: Some(70_000),
                    ..Default::default()
                }],
                description: Some("SD-mark".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let today = Utc::now().date_naive();
    let lines = c
        .stock_movements(today - CDuration::days(1), today, Some(DEPOT_HCM))
        .await
        .unwrap();
    let line = lines.iter().find(|l| l.bill_id == bill.id).unwrap();
    assert_eq!(
        (line.product.id, line.quantity, line.product_price),
        (p.id, 4, 70_000)
    );
    assert_eq!((line.type_id, line.depot.id), (1, DEPOT_HCM));
    assert!(c
        .stock_movements(today - CDuration::days(1), today, Some(DEPOT_HN))
        .await
        .unwrap()
        .iter()
        .all(|l| l.bill_id != bill.id));

    // no combo until the shop makes one
    assert!(c.combos().await.unwrap().is_empty());
    let q = c
        .products(&ProductFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.parent_id > 0 && x.id != p.id)
        .unwrap();
    let id = env
        .sb
        .nhanh
        .add_combo("Combo áo + quần", "CB-01", &[(&p.code, 1), (&q.code, 2)])
        .unwrap();
    let combos = c.combos().await.unwrap();
    assert_eq!(combos.len(), 1);
    assert_eq!((combos[0].id, combos[0].combo_code.as_str()), (id, "CB-01"));
    let parts: Vec<(i64, i64)> = combos[0]
        .combo_items
        .iter()
        .map(|i| (i.id, i.qty))
        .collect();
    assert_eq!(parts, vec![(p.id, 1), (q.id, 2)]);
    let e = c
        .read::<_, Value>("product/combo", &json!({"paginator": {"size": 51}}))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Validation { ref fields, .. } if fields.contains_key("paginator.size")),
        "{e:?}"
    );
}

#[tokio::test]
async fn the_docs_supplier_import_example_totals_its_manual_discount() {
    let env = Env::start().await;
    let c = env.client();
    let p = first_variant(&c).await;
    let (remain0, _, _) = env.sb.nhanh.stock_of(&p.code, DEPOT_HN).unwrap();
    // the docs' importsupplier example, with a product of this shop in place of theirs
    let r = env
        .raw(
            "inventory/importsupplier",
            json!({"depotId": 31010, "supplierId": 40827, "description": "Nhập hàng",
                   "products": [{"id": p.id, "quantity": 2, "price": 50000, "discount": {"type": "cash", "value": 0},
                                 "vat": {"type": "cash", "value": 0}, "imeis": ["TestImei1", "TestImei2"]}],
                   "payment": {"manualDiscountType": "percent", "manualDiscount": 10,
                               "cash": {"value": 0, "accountId": 0}, "transfer": {"value": 500000, "accountId": 263475}},
                   "updateImportPrice": 1}),
        )
        .await;
    assert_eq!(r["code"], 1, "{r}");
    assert_eq!(r["data"]["totalAmount"], 90000, "the documented answer");
    assert_eq!(
        env.sb.nhanh.stock_of(&p.code, DEPOT_HN).unwrap().0,
        remain0 + 2
    );
    // a cash manual discount; per-line discounts are then ignored
    let r = env
        .raw(
            "inventory/importsupplier",
            json!({"depotId": 31010, "supplierId": 40827,
                   "products": [{"id": p.id, "quantity": 3, "price": 10000, "discount": {"type": "percent", "value": 50}}],
                   "payment": {"manualDiscountType": "cash", "manualDiscount": 5000}}),
        )
        .await;
    assert_eq!(r["data"]["totalAmount"], 25000, "{r}");
}

#[tokio::test]
async fn known_customers_come_with_their_street_and_named_v1_location() {
    use shopdesk_core::ports::order_sink::OrderSink;
    let env = Env::start().await;
    let c = env.client();
    let all = c.customers(&CustomerFilter::default()).await.unwrap();
    let known = all
        .iter()
        .find(|x| {
            x.locations.as_ref().is_some_and(|l| l.ward_id.is_some()) && !x.address.is_empty()
        })
        .expect("a seeded customer with a location");
    let phone = shopdesk_core::order::normalize_phone(&known.mobile).expect("a mobile");
    let ids = known.locations.clone().unwrap_or_default();
    let name_in = |list: Vec<nhanh::shipping::Location>, id: Option<i64>| {
        list.into_iter()
            .find(|l| Some(l.id) == id)
            .map(|l| l.name)
            .expect("named")
    };
    let v1 = LocationVersion::V1;
    let city = name_in(
        c.locations(v1, LocationType::City, None).await.unwrap(),
        ids.city_id,
    );
    let district = name_in(
        c.locations(v1, LocationType::District, ids.city_id)
            .await
            .unwrap(),
        ids.district_id,
    );
    let ward = name_in(
        c.locations(v1, LocationType::Ward, ids.district_id)
            .await
            .unwrap(),
        ids.ward_id,
    );

    let found = OrderSink::known_customers(&c, &phone).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].vendor_id, known.id.to_string());
    assert_eq!(found[0].name, known.name);
    assert_eq!(found[0].street.as_deref(), Some(known.address.as_str()));
    assert_eq!(
        found[0].address_line.as_deref(),
        Some(format!("{}, {ward}, {district}, {city}", known.address).as_str())
    );

    // a number nobody has: no offer
    let unknown = (0..1000)
        .map(|i| format!("0399{i:06}"))
        .find(|p| !all.iter().any(|x| &x.mobile == p))
        .unwrap();
    assert!(OrderSink::known_customers(&c, &unknown)
        .await
        .unwrap()
        .is_empty());
}
