//! Error paths against a mock Pancake (wiremock): every documented failure maps into the shared taxonomy
//! with Pancake's own code kept, rate limits pause and recover, and the API key never leaks.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pancake::{Error, OrderQuery, PancakeClient};
use secrecy::SecretString;
use serde_json::json;
use tokio::time::Instant;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "pk_TEST_9f8e7d6c5b4a3210";

fn client(server: &MockServer) -> PancakeClient {
    PancakeClient::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(SecretString::from(KEY))
        .shop_id(20)
        .rate_limit(vendor_http::RateLimit::new(1000, Duration::from_secs(1)))
        .rate_limit_pause(Duration::from_millis(300))
        .retry(vendor_http::RetryPolicy {
            max_retries: 2,
            min_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(20),
        })
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client")
}

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/{name}.json"));
    std::fs::read_to_string(p).expect("fixture")
}

async fn mount(server: &MockServer, status: u16, body: &str) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status).set_body_string(body.to_string()))
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_key_travels_as_the_api_key_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/shops"))
        .and(query_param("api_key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_string(fixture("digest/shops")))
        .expect(1)
        .mount(&server)
        .await;
    let shops = client(&server).shops().await.expect("shops");
    assert_eq!(shops[0].id, 20);
}

#[tokio::test]
async fn a_bad_key_is_unauthorized_with_code_105() {
    let server = MockServer::start().await;
    mount(&server, 403, &fixture("digest/error_105")).await;
    let err = client(&server).shops().await.expect_err("bad key");
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.vendor_code(), Some("105"));
    assert_eq!(
        server.received_requests().await.map(|r| r.len()),
        Some(1),
        "not retried"
    );
}

#[tokio::test]
async fn a_missing_key_answered_with_http_200_is_still_unauthorized_101() {
    let server = MockServer::start().await;
    mount(&server, 200, &fixture("digest/error_101")).await;
    let err = client(&server).shops().await.expect_err("success:false");
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.vendor_code(), Some("101"));
}

#[tokio::test]
async fn a_missing_permission_names_it() {
    let server = MockServer::start().await;
    mount(&server, 403, &fixture("digest/error_permission")).await;
    let err = client(&server)
        .list_orders(&OrderQuery::default())
        .await
        .expect_err("forbidden");
    match err {
        Error::Forbidden { permission, .. } => {
            assert_eq!(permission.as_deref(), Some("ql_donhang"))
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

#[tokio::test]
async fn not_found_and_invalid_parameters_keep_the_vendor_name() {
    let server = MockServer::start().await;
    mount(&server, 404, &fixture("digest/error_order_not_found")).await;
    let err = client(&server).get_order("999").await.expect_err("404");
    assert!(matches!(err, Error::NotFound { .. }));
    assert_eq!(err.vendor_code(), Some("order_not_found"));

    let server = MockServer::start().await;
    mount(&server, 400, &fixture("digest/error_invalid_parameters")).await;
    let err = client(&server).get_order("x").await.expect_err("400");
    assert!(matches!(err, Error::Validation { .. }));
    assert_eq!(err.vendor_code(), Some("invalid_parameters"));
}

#[tokio::test]
async fn http_200_with_success_false_is_an_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        200,
        r#"{"success":false,"message":"product not found"}"#,
    )
    .await;
    let err = client(&server)
        .get_product("SKU-1")
        .await
        .expect_err("not found");
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");

    let server = MockServer::start().await;
    mount(
        &server,
        200,
        r#"{"success":false,"message":"Kho không tồn tại","message_code":"W01"}"#,
    )
    .await;
    let err = client(&server).warehouses().await.expect_err("rejected");
    assert_eq!(err.vendor_code(), Some("W01"));
    assert!(err.to_string().contains("Kho không tồn tại"));
}

#[tokio::test]
async fn a_429_pauses_then_the_call_completes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_string(fixture("digest/error_106")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, &fixture("digest/warehouses")).await;
    let c = client(&server);
    let t0 = Instant::now();
    let w = c.warehouses().await.expect("recovers");
    assert_eq!(w.len(), 1);
    // no Retry-After: the configured default pause (300 ms) applies
    assert!(
        t0.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(c.http().stats().rate_limited, 1);
}

#[tokio::test]
async fn error_code_106_in_a_200_also_pauses_and_retry_after_wins() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("retry-after", "1")
                .set_body_string(fixture("digest/error_106")),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, &fixture("digest/warehouses")).await;
    let c = client(&server);
    let t0 = Instant::now();
    c.warehouses().await.expect("recovers");
    assert!(
        t0.elapsed() >= Duration::from_millis(900),
        "Retry-After: 1 s"
    );
}

#[tokio::test]
async fn a_5xx_on_a_read_is_retried_but_a_create_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("{\"success\":false}"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, 200, &fixture("digest/orders_list")).await;
    let page = client(&server)
        .list_orders(&OrderQuery::default())
        .await
        .expect("retried");
    assert_eq!(page.data.len(), 1);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let order: pancake::NewOrder =
        serde_json::from_str(&fixture("digest/order_create_request")).expect("request");
    let err = client(&server).create_order(&order).await.expect_err("502");
    assert!(err.outcome_unknown(), "{err:?}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}

#[tokio::test]
async fn an_html_page_with_200_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    mount(
        &server,
        200,
        &format!("<!DOCTYPE html><html><body>Maintenance {KEY}</body></html>"),
    )
    .await;
    let err = client(&server).shops().await.expect_err("html");
    match &err {
        Error::Decode { snippet, message } => {
            assert!(snippet.contains("Maintenance"));
            assert!(message.contains("HTML"));
            assert!(!snippet.contains(KEY));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = MockServer::start().await;
    let full = fixture("digest/orders_list");
    mount(&server, 200, &full[..full.len() / 2]).await;
    let err = client(&server)
        .list_orders(&OrderQuery::default())
        .await
        .expect_err("truncated");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("digest/shops"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let c = PancakeClient::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(SecretString::from(KEY))
        .timeout(Duration::from_millis(150))
        .retry(vendor_http::RetryPolicy {
            max_retries: 0,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .expect("client");
    let err = c.shops().await.expect_err("slow");
    assert_eq!(err, Error::Timeout);
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn the_api_key_never_appears_in_errors_or_logs() {
    let cap = Capture::default();
    let sub = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(cap.clone())
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(sub);

    let server = MockServer::start().await;
    let echo = json!({"success": false, "message": format!("api_key {KEY} is invalid"), "error_code": 105}).to_string();
    Mock::given(path("/api/v1/shops"))
        .respond_with(ResponseTemplate::new(403).set_body_string(echo))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/shops/20/warehouses"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!("<html>{KEY}</html>")))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/shops/20/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{{\"data\": [\"{KEY}")))
        .mount(&server)
        .await;
    let c = client(&server);
    let mut errs = vec![
        c.shops().await.expect_err("403"),
        c.warehouses().await.expect_err("500"),
        c.list_orders(&OrderQuery::default())
            .await
            .expect_err("truncated"),
    ];
    let dead = PancakeClient::builder()
        .base_url("http://127.0.0.1:9/api/v1")
        .api_key(SecretString::from(KEY))
        .shop_id(1)
        .retry(vendor_http::RetryPolicy {
            max_retries: 0,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .expect("client");
    errs.push(dead.users().await.expect_err("refused"));
    let debug_client = format!("{c:?}");
    drop(guard);

    let logs = String::from_utf8_lossy(&cap.0.lock().expect("logs").clone()).to_string();
    assert!(logs.contains("vendor_request"), "logs were captured");
    for e in &errs {
        let texts = [
            e.to_string(),
            format!("{e:?}"),
            serde_json::to_string(e).expect("ser"),
        ];
        for t in texts {
            assert!(!t.contains(KEY), "key leaked: {t}");
        }
    }
    assert!(!debug_client.contains(KEY));
    assert!(!logs.contains(KEY), "key in logs:\n{logs}");
}

#[tokio::test]
async fn order_filters_are_sent_in_pancake_spelling() {
    use chrono::TimeZone;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/orders"))
        .and(query_param("page_number", "2"))
        .and(query_param("page_size", "100"))
        .and(query_param("filter_status[]", "1"))
        .and(query_param("filter_status[]", "6"))
        .and(query_param("updateStatus", "updated_at"))
        .and(query_param("startDateTime", "1699635600"))
        .and(query_param("option_sort", "last_updated_order_asc"))
        .and(query_param("include_removed", "1"))
        .and(query_param("fields[]", "id"))
        .and(query_param("partner_id[]", "5"))
        .and(query_param("order_sources[]", "[\"-1\",\"314\"]"))
        .and(query_param("search", "Ma 0001"))
        .respond_with(ResponseTemplate::new(200).set_body_string(fixture("digest/orders_list")))
        .expect(1)
        .mount(&server)
        .await;
    let q = OrderQuery {
        page_number: Some(2),
        page_size: Some(100),
        filter_status: vec![1, 6],
        update_status: Some("updated_at".into()),
        start_date_time: chrono::Utc.timestamp_opt(1_699_635_600, 0).single(),
        option_sort: Some("last_updated_order_asc".into()),
        include_removed: Some(true),
        fields: vec!["id".into()],
        partner_id: vec![5],
        order_sources: vec![vec!["-1".into(), "314".into()]],
        search: Some("Ma 0001".into()),
        ..Default::default()
    };
    let p = client(&server).list_orders(&q).await.expect("matched");
    assert_eq!(p.data.len(), 1);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_number_does_not_loop_the_walk_forever() {
    let server = MockServer::start().await;
    // a full page, no total_pages, the same rows whatever the page
    let rows: Vec<serde_json::Value> = (0..3).map(|i| json!({"id": format!("v{i}")})).collect();
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/products/variations"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(json!({"data": rows, "success": true}).to_string()),
        )
        .mount(&server)
        .await;
    let all = client(&server)
        .list_all_variations(&pancake::VariationQuery {
            page_size: Some(3),
            ..Default::default()
        })
        .await
        .expect("terminates");
    assert_eq!(all.len(), 3);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[tokio::test]
async fn the_custom_id_lookup_falls_back_to_the_order_path_and_demands_an_exact_match() {
    let server = MockServer::start().await;
    // search finds nothing (the real search may not index custom_id)
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            json!({"data": [], "page_number": 1, "total_pages": 0, "success": true}).to_string(),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/orders/Ma0001"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(
                json!({"id": 1418, "custom_id": "Ma0001", "status": 0}).to_string(),
            ),
        )
        .mount(&server)
        .await;
    // a numeric code that happens to be another order's id is not a match
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/orders/77"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(json!({"id": 77, "custom_id": "OTHER", "status": 0}).to_string()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/shops/20/orders/NOPE"))
        .respond_with(
            ResponseTemplate::new(404).set_body_string(fixture("digest/error_order_not_found")),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    let found = c.find_order_by_custom_id("Ma0001").await.expect("lookup");
    assert_eq!(found.map(|o| o.id.to_string()), Some("1418".to_string()));
    assert!(c
        .find_order_by_custom_id("77")
        .await
        .expect("lookup")
        .is_none());
    assert!(c
        .find_order_by_custom_id("NOPE")
        .await
        .expect("lookup")
        .is_none());
}

#[tokio::test]
async fn a_create_that_times_out_is_sent_once_and_the_timeout_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/shops/20/orders"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(json!({"success": true, "data": {"id": 1}}).to_string())
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let order: pancake::NewOrder =
        serde_json::from_str(&fixture("digest/order_create_request")).expect("request");
    let c = client(&server);
    let err = c.create_order(&order).await.expect_err("times out");
    assert_eq!(err, Error::Timeout);
    assert!(err.is_transient() && err.outcome_unknown());
    assert_eq!(
        server.received_requests().await.map(|r| r.len()),
        Some(1),
        "the pipeline never re-sends a create"
    );
    assert_eq!(c.http().stats().retries, 0);
}

/// A page that always announces another one, with fresh ids each time (so the repeat detector cannot
/// end the walk): only the page cap can.
struct EndlessPages;

impl wiremock::Respond for EndlessPages {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        let page: i64 = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "page_number" || k == "page")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        let rows: Vec<serde_json::Value> = (0..2)
            .map(|i| json!({"id": format!("p{page}-{i}")}))
            .collect();
        ResponseTemplate::new(200).set_body_string(
            json!({"data": rows, "page_number": page, "total_pages": 1_000_000_000, "success": true})
                .to_string(),
        )
    }
}

#[tokio::test]
async fn walks_stop_at_the_page_cap_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(EndlessPages)
        .mount(&server)
        .await;
    let c = PancakeClient::builder()
        .base_url(format!("{}/api/v1", server.uri()))
        .api_key(SecretString::from(KEY))
        .shop_id(20)
        .rate_limit(vendor_http::RateLimit::new(1000, Duration::from_secs(1)))
        .max_pages(4)
        .build()
        .expect("client");
    assert_eq!(c.max_pages(), 4);
    let err = c
        .list_all_orders(&OrderQuery::default())
        .await
        .expect_err("capped");
    assert_eq!(err.vendor_code(), Some("TOO_MANY_PAGES"), "{err:?}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(4));

    let err = c
        .list_all_variations(&pancake::VariationQuery::default())
        .await
        .expect_err("capped");
    assert_eq!(err.vendor_code(), Some("TOO_MANY_PAGES"), "{err:?}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(8));
}

#[test]
fn the_base_url_must_be_https_unless_it_is_this_machine() {
    let build = |url: &str| {
        PancakeClient::builder()
            .base_url(url)
            .api_key(SecretString::from(KEY))
            .build()
    };
    assert!(build("https://pos.pages.fm/api/v1").is_ok());
    assert!(build("http://127.0.0.1:8080/api/v1").is_ok());
    assert!(build("http://localhost:8080/api/v1").is_ok());
    assert!(build("http://[::1]:8080/api/v1").is_ok());
    for bad in [
        "http://pos.pages.fm/api/v1",
        "http://192.168.1.10/api/v1",
        "ftp://127.0.0.1/api/v1",
        "pos.pages.fm/api/v1",
    ] {
        let err = build(bad).expect_err(bad);
        assert!(matches!(err, Error::Validation { .. }), "{bad}: {err:?}");
    }
}

#[tokio::test]
async fn a_redirect_never_carries_the_api_key_to_another_server() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(fixture("digest/shops")))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/api/v1/shops", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let err = client(&server).shops().await.expect_err("not followed");
    assert!(
        matches!(
            err,
            Error::VendorRejected {
                http_status: Some(302),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!format!("{err:?}").contains(KEY));
    assert_eq!(
        elsewhere.received_requests().await.map(|r| r.len()),
        Some(0)
    );
}

#[tokio::test]
async fn marketplace_pickup_bookings_are_sent_once_plain_updates_retry() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let c = client(&server);
    let count = || async { server.received_requests().await.map_or(0, |r| r.len()) };
    // a plain status update sets a value: retried (1 + 2)
    c.update_order(
        "1",
        &pancake::OrderUpdate {
            status: Some(1),
            ..Default::default()
        },
    )
    .await
    .expect_err("502");
    assert_eq!(count().await, 3);
    // asking the marketplace to arrange the shipment books a pickup: once
    c.update_order(
        "1",
        &pancake::OrderUpdate {
            arrange_shipment_marketplace: Some(true),
            ..Default::default()
        },
    )
    .await
    .expect_err("502");
    assert_eq!(count().await, 4);
    c.arrange_shipment("1", Some("closest"), None)
        .await
        .expect_err("502");
    assert_eq!(count().await, 5);
}
