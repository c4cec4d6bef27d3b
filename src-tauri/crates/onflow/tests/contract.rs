//! Every example JSON of `shared/vendors/onflow.md` (copied into `tests/fixtures/`) parses into the models,
//! and the documented request examples are exactly what the client sends.

use chrono::{TimeZone, Utc};
use onflow::*;
use secrecy::SecretString;
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok_contract_0123456789";

fn fixture(name: &str) -> String {
    let p = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).expect("fixture is JSON")
}

fn client(server: &MockServer) -> OnflowClient {
    OnflowClient::builder()
        .base_url(server.uri())
        .token(SecretString::from(TOKEN))
        .language(Lang::Vi)
        .build()
        .expect("client")
}

async fn serve(server: &MockServer, m: &str, p: &str, status: u16, body: &str) {
    Mock::given(method(m))
        .and(path(p))
        .and(header("authorization", TOKEN))
        .and(header("accept-language", "vi"))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json"),
        )
        .mount(server)
        .await;
}

fn ts(secs: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().expect("valid time")
}

#[test]
fn the_documented_success_envelope_decodes() {
    let raw = vendor_http::RawResponse {
        status: 200,
        headers: Default::default(),
        body: fixture("envelope_ok.json").into_bytes().into(),
    };
    let env = decode_envelope::<Value>(&raw, &vendor_http::Redactor::default()).expect("ok");
    assert_eq!(env.total, Some(1));
    assert_eq!(env.version.as_deref(), Some("1.0.3"));
    assert!(env.data.as_object().is_some_and(|m| m.is_empty()));
}

#[tokio::test]
async fn the_documented_error_envelope_keeps_code_and_message() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/api/v1/purchase-orders/create",
        422,
        &fixture("error_not_mapped.json"),
    )
    .await;
    let po = NewPurchaseOrder {
        warehouse_code: "ONF_WH_HN_LB".into(),
        vas: vec![],
        merchant_po_reference: "PO-1".into(),
        packages: vec![],
        estimated_arrival_time: ts(1_791_173_499),
        po_documents: vec![],
        note: None,
    };
    let err = client(&server).create_po(&po).await.expect_err("refused");
    match &err {
        Error::Validation {
            fields,
            vendor_code,
            message,
        } => {
            assert_eq!(
                vendor_code.as_deref(),
                Some("PRODUCTS_NOT_MAPPED_IN_WAREHOUSE")
            );
            assert_eq!(
                message.as_deref(),
                Some("Mã sản phẩm OASIN2200579 chưa được gắn với mã kho yêu cầu")
            );
            assert!(fields.contains_key("items"), "{fields:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn example_product() -> NewProduct {
    NewProduct {
        sku: "111111".into(),
        name: "onflow".into(),
        brand_id: Some(2240),
        product_type: Some("PHYSICAL".into()),
        product_unit: Some("PACKAGE".into()),
        product_barcodes: vec!["11111".into()],
        weight: Some(10.0),
        length: Some(10.0),
        width: Some(10.0),
        height: Some(10.0),
        product_size: Some("Nhỏ".into()),
        product_color: Some("Đỏ".into()),
        product_price: Some(200_000),
        product_image_url_main: Some("https://cf.shopee.vn/file/image.jpg".into()),
        product_image_url_secondary: Some("https://cf.shopee.vn/file/image.jpg".into()),
        product_characteristics: vec!["HIGH_VALUE".into()],
        min_stock_warning: Some(10),
        storage_method: Some("NORMAL".into()),
        inventory_tracking_type: Some("NONE".into()),
        outbound_strategy: Some("FIFO".into()),
        shelf_life: Some(180),
        min_shelf_life_inbound: Some(160),
        min_shelf_life_outbound: Some(120),
    }
}

#[tokio::test]
async fn create_product_sends_the_documented_body_and_reads_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/products/create"))
        .and(header("authorization", TOKEN))
        .and(body_json(fixture_json("product_create_request.json")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(fixture("product_create_response.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .create_product(&example_product())
        .await
        .expect("created");
    assert_eq!(created.oasin, "OASIN1470562");
    assert_eq!(created.sku, "111111");
    assert_eq!(created.status, ProductStatus::New);
}

#[tokio::test]
async fn product_detail_example_parses_with_money_and_times() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/api/v1/products/OASIN1470562/detail",
        200,
        &fixture("product_detail.json"),
    )
    .await;
    let p = client(&server)
        .product("OASIN1470562")
        .await
        .expect("detail");
    assert_eq!(p.oasin, "OASIN1470562");
    assert_eq!(p.sku, "SKU-1769593324447");
    assert_eq!(p.status, ProductStatus::New);
    assert_eq!(p.price, Some(500_000));
    assert_eq!(p.currency.as_deref(), Some("VND"));
    assert_eq!(p.created_time, Some(ts(1_769_593_324)));
    assert_eq!(
        p.brand,
        Some(Brand {
            id: 2240,
            name: "Tamron".into()
        })
    );
    assert_eq!(p.barcodes, vec!["1769593324447"]);
    assert_eq!(p.weight, Some(200.0));
    assert_eq!(p.product_characteristics, vec!["FRAGILE"]);
    assert_eq!(p.outbound_strategy.as_deref(), Some("LIFO"));
    assert_eq!(p.shelf_life, None);
}

fn example_po() -> NewPurchaseOrder {
    NewPurchaseOrder {
        warehouse_code: "ONF_WH_HN_LB".into(),
        vas: vec!["CO_INSPECTION".into()],
        merchant_po_reference: "PO-1774835393".into(),
        packages: vec![PoPackage {
            package_code: "PKG_01".into(),
            weight: Some(100.0),
            length: Some(1.0),
            width: Some(1.0),
            height: Some(1.0),
            items: vec![PoItem {
                oasin: "OASIN2200579".into(),
                product_quantity: 1000,
            }],
            package_note: Some("Note package".into()),
        }],
        estimated_arrival_time: ts(1_791_173_499),
        po_documents: vec![Document {
            document_type: "INVOICE".into(),
            document_url:
                "https://nhl.sgp1.cdn.digitaloceanspaces.com/ts/11b8565e514a42ab9eca71ad8a254489.docx"
                    .into(),
            print_quantity: 1,
        }],
        note: Some("Inbound note".into()),
    }
}

#[tokio::test]
async fn po_examples_round_trip() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/purchase-orders/create"))
        .and(body_json(fixture_json("po_create_request.json")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(fixture("po_create_response.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    serve(
        &server,
        "GET",
        "/api/v1/purchase-orders/OAPO232716061/export-po-bill",
        200,
        &fixture("po_bill.json"),
    )
    .await;
    serve(
        &server,
        "GET",
        "/api/v1/purchase-orders/OAPO232716061/inspection-list",
        200,
        &fixture("po_inspection.json"),
    )
    .await;
    serve(
        &server,
        "PUT",
        "/api/v1/purchase-orders/OAPO232716061/cancel",
        200,
        &fixture("po_cancel.json"),
    )
    .await;
    let c = client(&server);
    let created = c.create_po(&example_po()).await.expect("created");
    assert_eq!(created.po_code, "OAPO232716061");
    assert_eq!(created.status, PoStatus::Transit);

    let bill = c.po_bill("OAPO232716061").await.expect("bill");
    assert!(bill
        .po_bill_url
        .ends_with("afe6612ec6a845a7b9c5cb013dc0261f.pdf"));

    let lines = c.po_inspection("OAPO232716061").await.expect("inspection");
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert_eq!(l.package_code, "P1");
    assert_eq!(l.oasin, "OASIN2393470");
    assert_eq!(l.volume.as_deref(), Some("20.0x30.0x20.0"));
    assert_eq!(l.weight, Some(200.0));
    assert_eq!((l.inbound_quantity, l.putaway_quantity), (2, 2));
    assert!(l.is_putaway_completed);
    assert_eq!(l.stock_level.as_deref(), Some("A"));
    assert_eq!(l.batch_lot_code.as_deref(), Some("468"));
    assert_eq!(l.manufacturing_date, None, "0.0 means not set");

    let cancelled = c.cancel_po("OAPO232716061").await.expect("cancel");
    assert!(cancelled.success);
    assert_eq!(cancelled.po_code, "OAPO232716061");
}

#[tokio::test]
async fn shipment_examples_round_trip() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/shipments/b2c/create"))
        .and(body_json(fixture_json("shipment_create_request.json")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("shipment_create_response.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    serve(
        &server,
        "GET",
        "/api/v1/shipments/OASC51090555/detail",
        200,
        &fixture("shipment_detail.json"),
    )
    .await;
    serve(
        &server,
        "PUT",
        "/api/v1/shipments/b2c/OASC51090555/cancel",
        200,
        &fixture("shipment_cancel.json"),
    )
    .await;
    let c = client(&server);
    let created = c
        .create_shipment(&NewShipment {
            warehouse_code: "ONF_WH_HN_LB".into(),
            platform: Platform::Lazada,
            merchant_tracking_code_reference: "MERCHANT1773367142".into(),
            courier_tracking_code: Some("COURIER1773367142".into()),
            items: vec![ShipmentItem {
                oasin: "OASIN2200579".into(),
                quantity: 1,
                sku: None,
            }],
            documents: vec![],
            note: None,
        })
        .await
        .expect("created");
    assert_eq!(created.tracking_code, "OASC51090555");
    assert_eq!(
        created.status_info.map(|s| s.shipment_status()),
        Some(ShipmentStatus::New)
    );

    let s = c.shipment("OASC51090555").await.expect("detail");
    assert_eq!(s.status(), Some(ShipmentStatus::HandedOver));
    let info = s.status_info.clone().expect("status");
    assert_eq!(info.label, "Đã bàn giao");
    assert_eq!(info.updated_time, Some(ts(1_773_367_614)));
    assert_eq!(s.merchant_tracking_code_reference, "MERCHANT1773367142");
    assert_eq!(
        s.courier_tracking_code.as_deref(),
        Some("COURIER1773367142")
    );
    assert_eq!(s.created_time, Some(ts(1_773_367_142)));
    assert_eq!(s.picked_time, Some(ts(1_773_367_301)));
    assert_eq!(s.packed_time, Some(ts(1_773_367_311)));
    assert_eq!(s.handover_time, Some(ts(1_773_367_614)));
    assert_eq!(s.cancelled_time, None);

    let cancel = c.cancel_shipment("OASC51090555").await.expect("cancel");
    assert!(cancel.success);
    assert_eq!(
        cancel.status_info.map(|s| s.shipment_status()),
        Some(ShipmentStatus::CancelledAfterPack)
    );
    assert_eq!(cancel.cancelled_time, Some(ts(1_774_426_854)));
}

#[tokio::test]
async fn return_detail_example_parses() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/api/v1/return-shipments/b2c/OARSC220807475/detail",
        200,
        &fixture("return_detail.json"),
    )
    .await;
    let r = client(&server)
        .return_shipment("OARSC220807475")
        .await
        .expect("detail");
    assert_eq!(r.status(), Some(ReturnStatus::Problem));
    assert_eq!(r.shipment_tracking_code, "OASC51090555");
    assert_eq!(
        r.merchant_return_tracking_code_reference,
        "MERCHANT-1773642318"
    );
    assert_eq!(
        r.partner_tracking_code.as_deref(),
        Some("PARTNER1773367142")
    );
    assert_eq!(
        r.return_courier_tracking_code.as_deref(),
        Some("RCTC-1773642318")
    );
    assert_eq!(r.warehouse_code, "ONF_WH_HN_LB");
}

#[test]
fn stock_webhook_example_parses() {
    let ev = WebhookEvent::parse(fixture("webhook_stock.json").as_bytes()).expect("parses");
    let WebhookEvent::Stock(s) = ev else {
        panic!("not a stock event: {ev:?}")
    };
    assert_eq!(s.meta.user_id, "343");
    assert_eq!(s.meta.business_id, "454");
    assert_eq!(s.meta.instance_id, "1facbc8f-6fc1-4335-8e2e-fc16587c8a8d");
    assert_eq!(s.transaction_id, "74697");
    assert_eq!(s.transaction_type, "PUTAWAY");
    assert_eq!(s.transaction_created_time, Some(ts(1_774_835_393)));
    assert_eq!(s.reference_code, "OAPO227434053");
    assert_eq!(s.oasin, "OASIN1899572");
    assert_eq!((s.movement_quantity, s.remaining_stock), (20, 40));
    assert_eq!(s.stock_level.as_deref(), Some("D3"));
    assert!(!s.is_abnormal);
}

#[test]
fn inferred_webhooks_dispatch_on_event_code() {
    let ev = WebhookEvent::parse(
        r#"{"user_id":1,"business_id":2,"instance_id":"x","event_code":"shipment.update_status",
            "tracking_code":"OASC1","merchant_tracking_code_reference":"R1",
            "status_info":{"value":300,"label":"Đã bàn giao","updated_time":1773367614}}"#
            .as_bytes(),
    )
    .expect("parses");
    match ev {
        WebhookEvent::Shipment(s) => {
            assert_eq!(s.tracking_code, "OASC1");
            assert_eq!(
                s.status_info.map(|i| i.shipment_status()),
                Some(ShipmentStatus::HandedOver)
            );
        }
        other => panic!("{other:?}"),
    }
    let ev = WebhookEvent::parse(
        br#"{"event_code":"purchase_order.update_status","po_code":"OAPO1","status":"COMPLETED"}"#,
    )
    .expect("parses");
    assert!(matches!(ev, WebhookEvent::Po(ref p) if p.status == PoStatus::Completed));
    let ev = WebhookEvent::parse(br#"{"event_code":"something.new","x":1}"#).expect("parses");
    assert!(matches!(ev, WebhookEvent::Unknown { ref raw, .. } if raw.contains_key("x")));
    assert!(WebhookEvent::parse(b"not json").is_err());
}

#[test]
fn language_tags_pick_the_header_value() {
    assert_eq!(Lang::from_tag("vi-VN").as_str(), "vi");
    assert_eq!(Lang::from_tag("en-US").as_str(), "en");
    assert_eq!(Lang::from_tag("").as_str(), "vi");
}

#[test]
fn platform_is_forward_compatible() {
    let p: Platform = serde_json::from_str("\"lazada\"").expect("p");
    assert_eq!(p, Platform::Lazada);
    let p: Platform = serde_json::from_str("\"TikTok Shop\"").expect("p");
    assert_eq!(p, Platform::TikTok);
    let p: Platform = serde_json::from_str("\"website\"").expect("p");
    assert_eq!(p, Platform::Unknown("website".into()));
    assert_eq!(serde_json::to_string(&p).expect("s"), "\"website\"");
    assert_eq!(
        serde_json::to_string(&Platform::Shopee).expect("s"),
        "\"shopee\""
    );
    assert!(!p.is_marketplace());
}
