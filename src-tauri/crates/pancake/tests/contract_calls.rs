//! Calls against a mock serving the spec's own examples: the client sends the documented path, query and
//! body, and reads the documented answer. Also every error example of the OpenAPI document, with its
//! HTTP status, maps to the expected taxonomy kind.

use std::path::Path;
use std::time::Duration;

use pancake::envelope::decode_response;
use pancake::{Error, PancakeClient, VariationQuery};
use secrecy::SecretString;
use serde_json::{json, Value};
use vendor_http::{RawResponse, Redactor};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn text(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.json"));
    std::fs::read_to_string(p).expect("fixture")
}

fn value(name: &str) -> Value {
    serde_json::from_str(&text(name)).expect("json")
}

fn client(server: &MockServer) -> PancakeClient {
    PancakeClient::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(SecretString::from("test-key-123"))
        .shop_id(20)
        .rate_limit(vendor_http::RateLimit::new(1000, Duration::from_secs(1)))
        .retry(vendor_http::RetryPolicy {
            max_retries: 0,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .expect("client")
}

async fn serve(server: &MockServer, verb: &str, p: &str, fixture: &str) {
    Mock::given(method(verb))
        .and(path(format!("/api/v1/shops/20{p}")))
        .respond_with(ResponseTemplate::new(200).set_body_string(text(fixture)))
        .expect(1)
        .mount(server)
        .await;
}

#[test]
fn every_openapi_error_example_maps_to_its_kind() {
    let red = Redactor::default();
    let cases: &[(&str, u16, &str)] = &[
        (
            "get_shop_orders_ORDER_ID_messages_200_authentication_required",
            200,
            "unauthorized",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_403_invalid_api_key",
            403,
            "unauthorized",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_403_missing_permission",
            403,
            "forbidden",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_400_example",
            400,
            "validation",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_404_example",
            404,
            "notFound",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_429_example",
            429,
            "rateLimited",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_502_example",
            502,
            "vendorRejected",
        ),
        (
            "get_shop_orders_ORDER_ID_messages_504_example",
            504,
            "vendorRejected",
        ),
    ];
    for (name, status, kind) in cases {
        let raw = RawResponse {
            status: *status,
            headers: Default::default(),
            body: text(&format!("oas/{name}")).into(),
        };
        let err = decode_response::<Value>(&raw, &red, Duration::from_secs(5)).expect_err(name);
        let got = serde_json::to_value(&err).expect("ser");
        assert_eq!(got["kind"], *kind, "{name}: {err:?}");
        assert!(
            err.vendor_code().is_some() || matches!(err, Error::Forbidden { .. }),
            "{name}"
        );
    }
    // the 5xx provider errors are transient and keep the vendor's name
    let raw = RawResponse {
        status: 504,
        headers: Default::default(),
        body: text("oas/get_shop_orders_ORDER_ID_messages_504_example").into(),
    };
    let err = decode_response::<Value>(&raw, &red, Duration::ZERO).expect_err("504");
    assert!(err.is_transient());
    assert_eq!(err.vendor_code(), Some("message_provider_timeout"));
}

#[tokio::test]
async fn read_calls_parse_the_documented_answers() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/customers/c1/load_customer_notes",
        "oas/get_shop_customers_CUSTOMER_ID_load_customer_notes_200",
    )
    .await;
    serve(
        &server,
        "GET",
        "/orders/tag_groups",
        "oas/get_shop_orders_tag_groups_200",
    )
    .await;
    serve(
        &server,
        "GET",
        "/bank_payments",
        "oas/get_shop_bank_payments_200",
    )
    .await;
    serve(&server, "GET", "/brand", "oas/get_shop_brand_200").await;
    serve(
        &server,
        "GET",
        "/materials_products",
        "oas/get_shop_materials_products_200",
    )
    .await;
    serve(&server, "GET", "/supplier", "oas/get_shop_supplier_200").await;
    serve(
        &server,
        "GET",
        "/transfers/get_status_history/t1",
        "oas/get_shop_transfers_get_status_history_TRANSFER_ID_200",
    )
    .await;
    serve(
        &server,
        "GET",
        "/analytics/sale",
        "oas/get_shop_analytics_sale_200",
    )
    .await;
    serve(
        &server,
        "GET",
        "/orders/9/messages",
        "oas/get_shop_orders_ORDER_ID_messages_200",
    )
    .await;
    let c = client(&server);
    let notes = c.customer_notes("c1").await.expect("notes");
    assert_eq!(notes[0].message.as_deref(), Some("Khách hàng thân thiết"));
    assert_eq!(
        notes[0].created_at.map(|t| t.timestamp()),
        Some(1_693_987_200),
        "epoch seconds here, milliseconds in the digest: both parse"
    );
    assert!(!c.order_tag_groups().await.expect("groups").is_empty());
    assert!(!c.bank_payments().await.expect("banks").is_empty());
    assert!(!c.brands().await.expect("brands").is_empty());
    assert!(!c.materials().await.expect("materials").is_empty());
    assert!(!c.suppliers().await.expect("suppliers").is_empty());
    let h = c.transfer_status_history("t1").await.expect("history");
    assert_eq!(h[0]["status"], 1);
    let sales = c
        .sales_statistics(&pancake::api::misc::SalesQuery {
            since: "2020-08-01 00:00:00".into(),
            until: "2020-08-20 00:00:00".into(),
            split_by: vec!["Time.day".into()],
            ..Default::default()
        })
        .await
        .expect("sales");
    assert_eq!(sales[0]["success"]["cod"], 1_710_000);
    let digest_sales = value("digest/analytics_sale");
    assert_eq!(digest_sales["data"][0]["Time.day"], sales[0]["Time.day"]);
    let msgs = c.order_messages("9", 0).await.expect("messages");
    assert!(msgs.is_object());
}

#[tokio::test]
async fn write_calls_send_the_documented_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/api/v1/shops/20/products/get_logistics_shipping_document",
        ))
        .and(query_param("document_type", "SL_PL"))
        .and(body_json(value("digest/shipping_document_request")))
        .respond_with(ResponseTemplate::new(200).set_body_string(text(
            "oas/post_shop_products_get_logistics_shipping_document_200",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/shops/20/variations/update_composite_product"))
        .and(body_json(value("digest/update_composite_request")))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"success\": true}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/shops/20/orders/arrange_shipment"))
        .and(body_json(json!({"order_id": "34123423498237", "pickup_shift": "closest", "pickup_method": "pick_up"})))
        .respond_with(ResponseTemplate::new(200).set_body_string(text("oas/post_shop_orders_arrange_shipment_200")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/shops/20/orders/get_tracking_url"))
        .and(body_json(json!({"system_id": 862})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(text("oas/post_shop_orders_get_tracking_url_200")),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/products/variations"))
        .and(query_param(
            "remainQuantity",
            value("digest/remain_quantity_filter").to_string(),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(text("oas/get_shop_products_variations_200")),
        )
        .expect(1)
        .mount(&server)
        .await;
    serve(
        &server,
        "POST",
        "/tags_products",
        "oas/post_shop_tags_products_200",
    )
    .await;
    serve(
        &server,
        "POST",
        "/categories",
        "oas/post_shop_categories_200",
    )
    .await;
    serve(
        &server,
        "POST",
        "/orders/tags",
        "oas/post_shop_orders_tags_200",
    )
    .await;
    serve(
        &server,
        "PUT",
        "/orders/tags/75",
        "oas/put_shop_orders_tags_TAG_ID_200",
    )
    .await;
    serve(
        &server,
        "POST",
        "/orders/1418/trigger_call",
        "oas/post_shop_orders_ORDER_ID_trigger_call_200",
    )
    .await;
    serve(
        &server,
        "POST",
        "/orders_returned",
        "oas/post_shop_orders_returned_200",
    )
    .await;
    serve(
        &server,
        "PUT",
        "/warehouses/w1/",
        "oas/put_shop_warehouses_WAREHOUSE_ID_200",
    )
    .await;

    let c = client(&server);
    let docs = c
        .shipping_documents(&["576551803772635228"], Some(pancake::DocumentType::SlPl))
        .await
        .expect("docs");
    assert_eq!(docs.len(), 1);
    let comp = value("digest/update_composite_request");
    c.update_composite(
        comp["variation_id"].as_str().unwrap_or_default(),
        &[("67b19856-3226-457e-a746-df26e4ec1360".to_string(), 1)],
    )
    .await
    .expect("composite");
    c.arrange_shipment("34123423498237", Some("closest"), Some("pick_up"))
        .await
        .expect("arrange");
    assert!(c.tracking_url(862).await.expect("url").is_some());
    let v = c
        .list_variations(&VariationQuery {
            remain_quantity: Some(value("digest/remain_quantity_filter")),
            ..Default::default()
        })
        .await
        .expect("filtered");
    assert!(!v.data.is_empty());
    let tag = c.create_product_tag("Sản phẩm dễ vỡ").await.expect("tag");
    assert_eq!(tag["id"], 368);
    let cat = c
        .create_category(&json!({"name": "Sản phẩm dễ vỡ"}))
        .await
        .expect("category");
    assert_eq!(cat["data"]["id"], 3299);
    c.create_order_tag(&json!({"name": "thẻ 4"}))
        .await
        .expect("order tag");
    c.update_order_tag(75, &json!({"name": "thẻ 5"}))
        .await
        .expect("order tag update");
    c.trigger_call("1418", "voice-1").await.expect("call");
    let ret = c
        .create_returned_order(&json!({"returned_items": []}))
        .await
        .expect("return");
    assert!(ret.is_object());
    let w = c
        .update_warehouse(
            "w1",
            &pancake::WarehouseInput {
                name: Some("kho test ecod".into()),
                ..Default::default()
            },
        )
        .await
        .expect("warehouse");
    assert!(w.is_some_and(|w| !w.id.is_empty()));
}

#[test]
fn order_and_warehouse_extras_round_trip() {
    let order: pancake::NewOrder = serde_json::from_value(json!({
        "warehouse_id": "w", "items": [], "shipping_address": {},
        "additional_info": value("digest/order_additional_info")
    }))
    .expect("order");
    assert_eq!(
        order
            .additional_info
            .as_ref()
            .and_then(|a| a.get("service_partner"))
            .and_then(Value::as_str),
        Some("instant")
    );
    let w: pancake::WarehouseInput = serde_json::from_value(json!({
        "name": "kho 2", "custom_shelf_config": value("digest/warehouse_custom_shelf_config")
    }))
    .expect("warehouse");
    let back = serde_json::to_value(&w).expect("ser");
    assert_eq!(back["custom_shelf_config"]["custom_config"]["0"], "1.1");
    let cfg: pancake::WebhookConfig =
        serde_json::from_value(json!({"webhook_headers": value("digest/webhook_headers")}))
            .expect("cfg");
    assert!(cfg
        .webhook_headers
        .is_some_and(|h| h.contains_key("X-API-KEY")));
    let promo = value("digest/promotion_product_request");
    assert_eq!(promo["promotion_product"]["discount_amount"], 600);
}

/// Reads the app does not make (transactions, transfers, stocktakings — also round-tripped against the
/// simulator in sim_rules.rs — point logs, customer levels) send the documented path and read the OpenAPI
/// examples.
#[tokio::test]
async fn fixture_only_reads_send_the_documented_call_and_read_the_example() {
    let server = MockServer::start().await;
    let c = client(&server);
    for (p, fixture) in [
        ("/transactions", "oas/get_shop_transactions_200"),
        ("/transfers", "oas/get_shop_transfers_200"),
        ("/stocktakings", "oas/get_shop_stocktakings_200"),
        (
            "/stocktakings/4d0f479d-feab-489b-bc82-4a656902a20b",
            "oas/get_shop_stocktakings_STOCKTAKING_ID_200",
        ),
        ("/customer_levels", "oas/get_shop_customer_levels_200"),
    ] {
        serve(&server, "GET", p, fixture).await;
    }
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/customers/point_logs"))
        .and(query_param("shop_customer_id", "c1"))
        .and(query_param("page_number", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(text("oas/get_shop_customers_point_logs_200")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let t = c
        .list_transactions(&Default::default())
        .await
        .expect("transactions");
    assert_eq!(
        t.data[0]
            .display_id
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("KH6815")
    );
    let tr = c
        .list_transfers(&Default::default())
        .await
        .expect("transfers");
    assert_eq!(tr.data[0].id, "5c9ef4a6-2411-4d5f-9a91-1bc22dbb7eb1");
    let st = c
        .list_stocktakings(&Default::default())
        .await
        .expect("stocktakings");
    assert_eq!(st.data[0].id, "4d0f479d-feab-489b-bc82-4a656902a20b");
    let one = c
        .get_stocktaking("4d0f479d-feab-489b-bc82-4a656902a20b")
        .await
        .expect("stocktaking");
    assert_eq!(one.status, Some(0));
    let levels = c.customer_levels().await.expect("levels");
    assert_eq!(levels[0].name.as_deref(), Some("cap 1"));
    let logs = c.point_logs("c1", 1, 30).await.expect("point logs");
    assert_eq!(logs.data[0].amount, Some(10.0));
}
