//! Contract tests: every example JSON of the spec (`tests/fixtures/`, copied from shared/vendors/nhanh.md)
//! parses into the models, and our request types serialize to the documented keys.

use std::collections::BTreeSet;
use std::path::PathBuf;

use nhanh::auth::AccessGrant;
use nhanh::bills::{Bill, BillRef};
use nhanh::business::{Created, Depot};
use nhanh::customers::{Customer, CustomerRef, NewCustomer};
use nhanh::envelope::{decode, Envelope};
use nhanh::orders::{
    status, NewOrder, NewOrderAddress, NewOrderChannel, NewOrderInfo, NewOrderLine, OrderRef,
};
use nhanh::products::{InventoryItem, NewProduct, Product, ProductRef};
use nhanh::shipping::{Location, ShippingQuote};
use nhanh::webhooks::{decode_webhook, WebhookEvent};
use serde_json::Value;
use vendor_http::{Error, RawResponse, Redactor};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(dir().join(format!("{name}.json"))).unwrap()
}

fn json(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap()
}

fn raw(name: &str) -> RawResponse {
    RawResponse {
        status: 200,
        headers: Default::default(),
        body: text(name).into_bytes().into(),
    }
}

fn envelope<T: serde::de::DeserializeOwned>(name: &str) -> Envelope<T> {
    decode::<T>(&raw(name), &Redactor::default()).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn every_fixture_is_valid_json_and_covered_here() {
    // request examples are replayed against the simulator by spec_examples.rs
    let covered = [
        include_str!("contract.rs"),
        include_str!("spec_examples.rs"),
    ]
    .concat();
    let mut n = 0;
    for e in std::fs::read_dir(dir()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        serde_json::from_str::<Value>(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert!(
            covered.contains(&format!("\"{name}\"")),
            "fixture {name} is not used by a test"
        );
        n += 1;
    }
    assert!(n >= 50, "only {n} fixtures");
}

#[test]
fn oauth_exchange() {
    let env: Envelope<AccessGrant> = envelope("oauth_exchange_response");
    let g = env.data;
    assert_eq!(g.business_id, 110668);
    assert_eq!(g.expired_at.timestamp(), 1785603599);
    assert!(g.depot_ids.is_empty(), "empty = every depot");
    assert!(!format!("{g:?}").contains("7HAh4"));
    let req = json("oauth_exchange_request");
    assert_eq!(
        keys(&req),
        ["accessCode", "secretKey"].map(String::from).into()
    );
    assert_eq!(
        keys(&json("check_access_token_request")),
        ["secretKey".to_string()].into()
    );
}

#[test]
fn success_envelopes() {
    let env: Envelope<Vec<ProductRef>> = envelope("success_product_add_alpha");
    assert_eq!(env.data[0].id, 421509);
    assert_eq!(env.data[0].app_product_id, "X1aoCM");
    let env: Envelope<Value> = envelope("success_warning");
    assert!(env.data.is_null());
    assert!(env.warning.unwrap().to_string().contains("appOrderId"));
}

#[test]
fn error_envelopes() {
    let e = decode::<Value>(&raw("error_invalid_form_fields"), &Redactor::default()).unwrap_err();
    match e {
        Error::Validation {
            fields,
            vendor_code,
            ..
        } => {
            assert_eq!(vendor_code.as_deref(), Some("ERR_INVALID_FORM_FIELDS"));
            assert_eq!(
                fields["customer.email"],
                vec!["invalid customer.email".to_string()]
            );
        }
        other => panic!("{other:?}"),
    }
    // the docs' unlockedAt is in the past: the pause is "now", never negative
    match decode::<Value>(&raw("error_429"), &Redactor::default()).unwrap_err() {
        Error::RateLimited {
            retry_at,
            vendor_code,
        } => {
            assert_eq!(vendor_code.as_deref(), Some("ERR_429"));
            assert!((retry_at - chrono::Utc::now()).num_seconds().abs() <= 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode::<Value>(&raw("error_alpha_rate_limit"), &Redactor::default()).unwrap_err(),
        Error::RateLimited { .. }
    ));
    // the Alpha page's other sample: an integer 429, `message` (singular) and the lock data
    match decode::<Value>(&raw("error_alpha_429"), &Redactor::default()).unwrap_err() {
        Error::RateLimited { retry_at, .. } => {
            assert!((retry_at - chrono::Utc::now()).num_seconds().abs() <= 1)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn list_requests_have_the_documented_shape() {
    for name in [
        "list_request_typical",
        "product_list_request",
        "product_category_request",
        "product_inventory_request",
        "order_list_request",
        "bill_list_request",
        "customer_list_request",
        "shipping_location_request",
        "depot_request",
        "order_history_request",
    ] {
        let v = json(name);
        assert!(v.get("filters").is_some(), "{name}");
    }
    let mut p = nhanh::PageRequest::new(50).sort("id", "desc");
    p.next = json("product_list_request")["paginator"]["next"]
        .clone()
        .into();
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json("product_list_request")["paginator"]
    );
    assert_eq!(
        nhanh::PageRequest::new(500).size,
        100,
        "size is capped at 100"
    );
}

#[test]
fn depots() {
    let env: Envelope<Vec<Depot>> = envelope("depot_response");
    assert!(env.next.is_none());
    let d = &env.data[0];
    assert_eq!((d.id, d.code.as_str()), (31010, "KHO1"));
    assert_eq!(d.location.as_ref().unwrap().district_id, Some(321));
    assert_eq!(d.location_v2.as_ref().unwrap().district_id, None);
    assert_eq!(d.location_v2.as_ref().unwrap().ward_id, Some(1116));
}

#[test]
fn products() {
    let p: Product = serde_json::from_value(json("product_list_item")).unwrap();
    assert_eq!(p.id, 1231279582);
    assert_eq!(p.parent_id, -1);
    assert_eq!(p.prices.retail, 200000);
    assert_eq!(p.prices.avg_cost, 121000);
    let inv = p.inventory.unwrap();
    assert_eq!((inv.total.remain, inv.total.available), (10, 7));
    assert_eq!(inv.depot(31010).unwrap().holding, 2);
    assert_eq!(p.attributes[0].value, "Đỏ");
    assert_eq!(p.updated_at.unwrap().timestamp(), 1753981239);

    let i: InventoryItem = serde_json::from_value(json("product_inventory_item")).unwrap();
    assert_eq!(i.product_id, 1231279582);
    assert_eq!(i.inventory.depots[0].available, 7);
    assert_eq!(i.inventory.total.warranty.remain, 0);

    let env: Envelope<Vec<ProductRef>> = envelope("product_add_response");
    assert_eq!(env.data[0].barcode, "2000214262919");
    let env: Envelope<Vec<ProductRef>> = envelope("product_edit_response");
    assert_eq!(env.data[0].id, 12401);
    let env: Envelope<Vec<i64>> = envelope("product_externalimage_response");
    assert_eq!(env.data, vec![1231278559, 1231278553]);

    // our create body uses the documented keys
    let ours = serde_json::to_value([NewProduct {
        app_product_id: "PID001".into(),
        name: "Sản phẩm 1".into(),
        status: Some(1),
        import_price: Some(50000),
        price_vat_mode: Some(2),
        vat: Some(8),
        price: Some(100000),
        old_price: Some(120000),
        wholesale_price: Some(80000),
        shipping_weight: Some(300),
        description: Some("Mô tả ngắn 1".into()),
        content: Some("Nội dung sản phẩm 1".into()),
        tag_ids: vec![266, 265],
        ..Default::default()
    }])
    .unwrap();
    let doc = json("product_add_request");
    assert!(
        keys(&ours[0]).is_subset(&keys(&doc[0])),
        "{:?}",
        keys(&ours[0])
    );
    let edit = json("product_edit_request");
    assert!(edit.get("id").is_some());
    let images = json("product_externalimage_request");
    let ours = serde_json::to_value(nhanh::products::ProductImages {
        id: 1231278553,
        mode: nhanh::products::ImageMode::Deleteall,
        images: vec![],
    })
    .unwrap();
    assert_eq!(ours, images[1]);
}

#[test]
fn orders() {
    let env: Envelope<OrderRef> = envelope("order_add_response");
    assert_eq!(env.data.id, 14903497);
    let env: Envelope<OrderRef> = envelope("order_edit_response");
    assert_eq!(env.data.id, 14903497);
    let doc = json("order_add_request");
    let ours = serde_json::to_value(NewOrder {
        info: NewOrderInfo {
            type_id: Some(1),
            depot_id: Some(31010),
            description: Some("Giao giờ hành chính".into()),
            tag_ids: vec![266, 265],
            ..Default::default()
        },
        channel: NewOrderChannel {
            app_order_id: "DESK-000123".into(),
            source_name: Some("Desktop app".into()),
        },
        shipping_address: NewOrderAddress {
            name: "Nguyễn Văn Cường".into(),
            mobile: "0928937476".into(),
            city_id: Some(254),
            district_id: Some(321),
            ward_id: Some(1116),
            address: Some("170 La Thành".into()),
            location_version: Some("v1".into()),
            email: None,
        },
        products: vec![NewOrderLine {
            id: 1231281071,
            price: 189000,
            discount: Some(9000),
            quantity: 2,
            description: None,
        }],
        ..Default::default()
    })
    .unwrap();
    for part in ["info", "channel", "shippingAddress"] {
        assert!(keys(&ours[part]).is_subset(&keys(&doc[part])), "{part}");
        for k in keys(&ours[part]) {
            assert_eq!(ours[part][&k], doc[part][&k], "{part}.{k}");
        }
    }
    assert_eq!(ours["products"][0], doc["products"][0]);
    assert_eq!(
        doc["channel"]["appOrderId"], "DESK-000123",
        "our reference rides in appOrderId"
    );
    assert_eq!(
        json("order_edit_status_request")["info"]["status"],
        status::CONFIRMED
    );
    assert!(json("order_edit_address_request")["shippingAddress"].is_object());
    assert_eq!(
        json("order_cancel_request")["info"]["status"],
        status::CANCELED
    );
    assert_eq!(json("order_cancelcarrier_request")["orderId"], 14905641);
    let env: Envelope<Value> = envelope("order_cancelcarrier_response");
    assert!(env.data.is_object());
    assert_eq!(json("order_addcomplain_request")["reason"], 37);
    let env: Envelope<Value> = envelope("order_addcomplain_response");
    assert_eq!(env.data["complainId"], 5174985);
    let env: Envelope<Vec<Value>> = envelope("order_deleted_response");
    assert_eq!(
        env.next,
        Some(serde_json::json!({"id": "92220"})),
        "next kept verbatim (string id)"
    );
}

#[test]
fn shipping() {
    let req = json("shipping_fee_request");
    assert_eq!(req["filters"]["shippingFrom"]["locationVersion"], "v1");
    let env: Envelope<Vec<ShippingQuote>> = envelope("shipping_fee_response");
    let q = &env.data[0];
    assert_eq!((q.carrier.id, q.carrier.account_id), (8, 26));
    assert_eq!(q.carrier.shop_id, "808957");
    assert_eq!(
        (q.service.code.as_str(), q.ship_fee, q.customer_ship_fee),
        ("PHS", 30000, 30000)
    );
    let env: Envelope<Vec<Location>> = envelope("shipping_location_response");
    assert_eq!(env.data[0].other_name.as_deref(), Some("Đống Đa"));
    assert_eq!(env.data[1].other_name, None);
}

#[test]
fn bills_and_inventory() {
    let b: Bill = serde_json::from_value(json("bill_list_item")).unwrap();
    assert_eq!(
        (b.id, b.type_id, b.mode, b.depot_id),
        (5512345, 2, 2, 31010)
    );
    assert_eq!(b.products[0].amount, 216000);
    let env: Envelope<BillRef> = envelope("inventory_bill_response");
    assert_eq!((env.data.id, env.data.total_amount), (8812001, 90000));
    let env: Envelope<BillRef> = envelope("bill_addretail_response");
    assert_eq!(env.data.total_amount, 450000);
    let req = json("inventory_importsupplier_request");
    let ours = serde_json::to_value(nhanh::bills::NewInventoryBill {
        depot_id: 31010,
        supplier_id: Some(40827),
        description: Some("Nhập hàng".into()),
        products: vec![nhanh::bills::BillLine {
            id: 1231275955,
            quantity: 2,
            price: Some(50000),
            ..Default::default()
        }],
        update_import_price: Some(1),
        ..Default::default()
    })
    .unwrap();
    assert!(keys(&ours).is_subset(&keys(&req)));
    assert!(keys(&ours["products"][0]).is_subset(&keys(&req["products"][0])));
    assert!(json("bill_addretail_request")["products"].is_array());
    let env: Envelope<Created> = envelope("business_addsupplier_response");
    assert_eq!(env.data.id, 40827);
}

#[test]
fn customers() {
    let c: Customer = serde_json::from_value(json("customer_list_item")).unwrap();
    assert_eq!(
        (c.id, c.mobile.as_str(), c.total_amount),
        (7, "0789834300", 69735300)
    );
    assert_eq!(c.locations.unwrap().district_id, Some(320));
    assert_eq!(c.location.unwrap().district_id, None);
    let env: Envelope<Vec<CustomerRef>> = envelope("customer_add_response");
    assert_eq!(env.data[1].id, 20184483);
    let ours = serde_json::to_value(NewCustomer {
        name: "Nguyễn Văn B".into(),
        mobile: "098999997".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ours, json("customer_add_request")[1]);
}

#[test]
fn webhooks() {
    let w = decode_webhook(json("webhook_order_update")).unwrap();
    assert_eq!(w.business_id, Some(10000));
    match w.event {
        WebhookEvent::OrderUpdate(o) => {
            assert_eq!(o.info.id, 14903497);
            assert_eq!(o.info.status, status::CONFIRMED);
            assert_eq!(o.reference(), "DESK-000123");
            assert_eq!(o.shipping_address.id, 20184482, "string id normalized");
            assert_eq!(
                o.products[0].product_id, 1231281071,
                "webhook lines use `id`"
            );
        }
        other => panic!("{other:?}"),
    }
    match decode_webhook(json("webhook_inventory_change"))
        .unwrap()
        .event
    {
        WebhookEvent::InventoryChange(items) => {
            assert_eq!((items[0].id, items[0].available), (1231279582, 7));
            assert_eq!(items[0].depots[0].id, 31010);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        decode_webhook(json("webhook_enabled")).unwrap().event,
        WebhookEvent::WebhooksEnabled
    );
    let w = decode_webhook(json("webhook_app_uninstalled")).unwrap();
    assert_eq!(
        (w.business_id, w.event),
        (Some(64692), WebhookEvent::AppUninstalled)
    );
    assert_eq!(
        decode_webhook(json("webhook_product_delete"))
            .unwrap()
            .event,
        WebhookEvent::ProductDelete(vec![100, 101])
    );
    assert_eq!(
        decode_webhook(json("webhook_order_delete")).unwrap().event,
        WebhookEvent::OrderDelete(vec![12345, 12346])
    );
    // verification: v3 header or v2 body field, nothing else
    let body = text("webhook_enabled");
    let token = "VerifyToken1234567890";
    assert!(nhanh::webhooks::parse_webhook(Some(token), body.as_bytes(), token).is_ok());
    assert!(nhanh::webhooks::parse_webhook(Some("wrong"), body.as_bytes(), token).is_err());
    assert!(nhanh::webhooks::parse_webhook(None, body.as_bytes(), token).is_err());
    let v2 = format!(r#"{{"event":"webhooksEnabled","webhooksVerifyToken":"{token}"}}"#);
    assert!(nhanh::webhooks::parse_webhook(None, v2.as_bytes(), token).is_ok());
}

#[test]
fn typed_but_unimplemented_endpoints_still_decode() {
    let env: Envelope<Value> = envelope("zalo_sendzbs_response");
    assert_eq!(env.data["quota"]["dailyQuota"], 5000);
}

#[test]
fn odd_shapes_degrade_to_defaults_instead_of_failing() {
    let p: Product = serde_json::from_value(serde_json::json!({
        "id": "1231279582", "parentId": null, "prices": "n/a", "inventory": [], "images": null,
        "attributes": {"x": 1}, "status": "2", "createdAt": 0, "extraField": {"deep": true}
    }))
    .unwrap();
    assert_eq!(
        (p.id, p.parent_id, p.status, p.prices.retail),
        (1231279582, 0, 2, 0)
    );
    assert!(p.inventory.is_none() && p.attributes.is_empty() && p.created_at.is_none());
    let o: nhanh::orders::Order = serde_json::from_value(serde_json::json!({
        "info": {"id": "14903497", "status": 59}, "channel": null, "shippingAddress": [],
        "products": [{"productId": 1, "quantity": "2", "price": 189000.0}, "garbage"],
        "carrier": "none"
    }))
    .unwrap();
    assert_eq!(
        (o.info.id, o.products.len(), o.products[0].quantity),
        (14903497, 1, 2)
    );
    assert!(o.carrier.is_none() && o.reference().is_empty());
}
