//! Error paths against wiremock: every vendor failure ends in the shared taxonomy with Onflow's code kept,
//! retries happen only where safe, and the token never shows up in an error or a log line.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use onflow::*;
use secrecy::SecretString;
use serde_json::json;
use vendor_http::{RateLimit, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok_SECRET_9f8e7d6c5b4a";

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

fn client(server: &MockServer) -> OnflowClient {
    OnflowClient::builder()
        .base_url(server.uri())
        .token(SecretString::from(TOKEN))
        .retry(fast_retry())
        .rate_limit(RateLimit::new(10_000, Duration::from_secs(1)))
        .timeout(Duration::from_millis(400))
        .build()
        .expect("client")
}

fn envelope_error(code: &str, message: &str, detail: serde_json::Value) -> serde_json::Value {
    json!({
        "data": null, "error": true, "error_code": code, "log_id": "log-1",
        "messages": message, "total": 0, "version": "1.0.3", "error_detail": detail
    })
}

async fn mount(server: &MockServer, m: &str, p: &str, resp: ResponseTemplate) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(resp)
        .mount(server)
        .await;
}

const DETAIL: &str = "/api/v1/products/OASIN1/detail";

fn product_ok() -> serde_json::Value {
    json!({"data": {"oasin": "OASIN1", "sku": "A", "status": "ACTIVE", "price": "1000.00"},
           "error": false, "error_code": null, "log_id": null, "messages": "OK",
           "total": 1, "version": "1.0.3", "error_detail": null})
}

#[tokio::test]
async fn unauthorized_keeps_code_and_message() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(401).set_body_json(envelope_error(
            "UNAUTHORIZED",
            "Token không hợp lệ. Mã xác thực không được tìm thấy.",
            json!(null),
        )),
    )
    .await;
    let c = client(&server);
    let err = c.product("OASIN1").await.expect_err("401");
    assert_eq!(
        err,
        Error::Unauthorized {
            vendor_code: Some("UNAUTHORIZED".into()),
            message: Some("Token không hợp lệ. Mã xác thực không được tìm thấy.".into()),
        }
    );
    assert_eq!(c.stats().attempts, 1, "401 is not retried");
}

#[tokio::test]
async fn forbidden_and_not_found_map_by_code() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(403).set_body_json(envelope_error(
            "FORBIDDEN",
            "User does not have access permission",
            json!(null),
        )),
    )
    .await;
    mount(
        &server,
        "GET",
        "/api/v1/products/OASIN404/detail",
        ResponseTemplate::new(404).set_body_json(envelope_error(
            "PRODUCT_NOT_FOUND",
            "Không tìm thấy sản phẩm",
            json!(null),
        )),
    )
    .await;
    let c = client(&server);
    let err = c.product("OASIN1").await.expect_err("403");
    assert!(
        matches!(err, Error::Forbidden { ref vendor_code, .. } if vendor_code.as_deref() == Some("FORBIDDEN"))
    );
    let err = c.product("OASIN404").await.expect_err("404");
    assert!(
        matches!(err, Error::NotFound { ref vendor_code, ref message }
        if vendor_code.as_deref() == Some("PRODUCT_NOT_FOUND") && message.as_deref() == Some("Không tìm thấy sản phẩm"))
    );
    // a bare 404 with no envelope is NotFound too
    let err = c.product("OASIN_NOPE").await.expect_err("bare 404");
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

fn small_product() -> NewProduct {
    NewProduct {
        sku: "A".into(),
        name: "Áo".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn validation_error_detail_becomes_field_errors() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/api/v1/products/create",
        ResponseTemplate::new(422).set_body_json(envelope_error(
            "INVALID_PAYLOAD",
            "Invalid request payload",
            json!({"sku": ["This field is required."], "weight": "must be positive"}),
        )),
    )
    .await;
    let err = client(&server)
        .create_product(&small_product())
        .await
        .expect_err("422");
    match err {
        Error::Validation {
            fields,
            vendor_code,
            ..
        } => {
            assert_eq!(vendor_code.as_deref(), Some("INVALID_PAYLOAD"));
            assert_eq!(fields["sku"], vec!["This field is required."]);
            assert_eq!(fields["weight"], vec!["must be positive"]);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn business_codes_map_to_validation_or_rejection() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/api/v1/products/create",
        ResponseTemplate::new(422).set_body_json(envelope_error(
            "DUPLICATE_BARCODE",
            "Mã vạch đã tồn tại trong cùng doanh nghiệp",
            json!(null),
        )),
    )
    .await;
    mount(
        &server,
        "PUT",
        "/api/v1/products/OASIN1/assign",
        ResponseTemplate::new(422).set_body_json(envelope_error(
            "PRODUCT_WAREHOUSE_CONFLICT",
            "Sản phẩm đã được gán với kho này",
            json!(null),
        )),
    )
    .await;
    let c = client(&server);
    let err = c.create_product(&small_product()).await.expect_err("dup");
    match err {
        Error::Validation { fields, .. } => {
            assert_eq!(
                fields["product_barcodes"],
                vec!["Mã vạch đã tồn tại trong cùng doanh nghiệp"]
            )
        }
        other => panic!("{other:?}"),
    }
    let err = c
        .assign_product("OASIN1", &["ONF_WH_HN_LB".into()])
        .await
        .expect_err("conflict");
    assert_eq!(
        err,
        Error::VendorRejected {
            vendor_code: "PRODUCT_WAREHOUSE_CONFLICT".into(),
            message: "Sản phẩm đã được gán với kho này".into(),
            http_status: Some(422),
        }
    );
}

#[tokio::test]
async fn error_flag_on_http_200_is_still_an_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(200).set_body_json(envelope_error(
            "PRODUCTS_INACTIVE",
            "Mã sản phẩm OASIN1 phải ở trạng thái ACTIVE để thực hiện thao tác này",
            json!(null),
        )),
    )
    .await;
    let err = client(&server).product("OASIN1").await.expect_err("error");
    assert_eq!(err.vendor_code(), Some("PRODUCTS_INACTIVE"));
    assert!(matches!(err, Error::Validation { .. }));
}

#[tokio::test]
async fn rate_limit_answer_pauses_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DETAIL))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(envelope_error(
                    "TOO_MANY_REQUESTS",
                    "Too many requests",
                    json!(null),
                )),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(200).set_body_json(product_ok()),
    )
    .await;
    let c = client(&server);
    let t0 = Instant::now();
    let p = c.product("OASIN1").await.expect("succeeds after the pause");
    assert_eq!(p.price, Some(1000));
    assert!(
        t0.elapsed() >= Duration::from_millis(900),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(c.stats().rate_limited, 1);
}

#[tokio::test]
async fn rate_limit_without_retry_after_uses_the_default_wait() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(429).set_body_string("Too Many Requests"),
    )
    .await;
    let c = OnflowClient::builder()
        .base_url(server.uri())
        .token(SecretString::from(TOKEN))
        .max_rate_limit_wait(Duration::from_millis(100))
        .build()
        .expect("client");
    let before = chrono::Utc::now();
    let err = c.product("OASIN1").await.expect_err("gives up");
    match err {
        Error::RateLimited {
            retry_at,
            vendor_code,
        } => {
            assert_eq!(vendor_code.as_deref(), Some("TOO_MANY_REQUESTS"));
            let wait = (retry_at - before).num_seconds();
            assert!((8..=12).contains(&wait), "{wait}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn server_errors_are_retried_on_reads_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DETAIL))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html><body>503</body></html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(200).set_body_json(product_ok()),
    )
    .await;
    mount(
        &server,
        "POST",
        "/api/v1/products/create",
        ResponseTemplate::new(500).set_body_json(envelope_error(
            "INTERNAL_SERVER_ERROR",
            "Internal server error",
            json!(null),
        )),
    )
    .await;
    let c = client(&server);
    c.product("OASIN1").await.expect("read retried");
    assert_eq!(c.stats().attempts, 2);
    assert_eq!(c.stats().retries, 1);

    let err = c
        .create_product(&small_product())
        .await
        .expect_err("write not retried");
    assert_eq!(c.stats().attempts, 3, "exactly one attempt for the create");
    assert!(
        matches!(err, Error::VendorRejected { http_status: Some(500), ref vendor_code, .. } if vendor_code == "INTERNAL_SERVER_ERROR")
    );
    assert!(err.outcome_unknown());
}

#[tokio::test]
async fn a_shipment_create_is_sent_once_and_the_transient_failure_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/shipments/b2c/create"))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(
        &server,
        "POST",
        "/api/v1/shipments/b2c/create",
        ResponseTemplate::new(200).set_body_json(json!({
            "data": {"tracking_code": "OASC12345678"}, "error": false, "error_code": null,
            "log_id": null, "messages": "OK", "total": 1, "version": "1.0.3", "error_detail": null
        })),
    )
    .await;
    let c = client(&server);
    let shipment = NewShipment {
        warehouse_code: "ONF_WH_HN_LB".into(),
        platform: Platform::Shopee,
        merchant_tracking_code_reference: "SD-1".into(),
        courier_tracking_code: None,
        items: vec![],
        documents: vec![],
        note: None,
    };
    let err = c
        .create_shipment(&shipment)
        .await
        .expect_err("the 502 is returned, not retried");
    assert!(
        matches!(
            err,
            Error::VendorRejected {
                http_status: Some(502),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_transient() && err.outcome_unknown());
    assert_eq!(c.stats().attempts, 1, "exactly one attempt");
    assert_eq!(c.stats().retries, 0);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));

    // a timeout is returned the same way, after one attempt
    let slow = MockServer::start().await;
    mount(
        &slow,
        "POST",
        "/api/v1/shipments/b2c/create",
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": {"tracking_code": "OASC1"}, "error": false}))
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let c = client(&slow);
    let err = c.create_shipment(&shipment).await.expect_err("timeout");
    assert_eq!(err, Error::Timeout);
    assert_eq!(slow.received_requests().await.map(|r| r.len()), Some(1));
}

#[tokio::test]
async fn html_pages_and_truncated_json_are_decode_errors() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html><html><body>Maintenance</body></html>",
            "text/html",
        ),
    )
    .await;
    mount(
        &server,
        "GET",
        "/api/v1/products/OASIN2/detail",
        ResponseTemplate::new(200).set_body_raw(
            r#"{"data": {"oasin": "OASIN2", "sku": "A"#,
            "application/json",
        ),
    )
    .await;
    mount(
        &server,
        "GET",
        "/api/v1/products/OASIN3/detail",
        ResponseTemplate::new(502)
            .set_body_raw("<html><body>Bad gateway</body></html>", "text/html"),
    )
    .await;
    let c = client(&server);
    let err = c.product("OASIN1").await.expect_err("html");
    assert!(
        matches!(err, Error::Decode { ref message, .. } if message.contains("HTML")),
        "{err:?}"
    );
    let err = c.product("OASIN2").await.expect_err("truncated");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.outcome_unknown());
    let err = c.product("OASIN3").await.expect_err("502 html");
    assert!(
        matches!(
            err,
            Error::VendorRejected {
                http_status: Some(502),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(200)
            .set_body_json(product_ok())
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let c = OnflowClient::builder()
        .base_url(server.uri())
        .token(SecretString::from(TOKEN))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy {
            max_retries: 1,
            min_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(10),
        })
        .build()
        .expect("client");
    let t0 = Instant::now();
    let err = c.product("OASIN1").await.expect_err("timeout");
    assert_eq!(err, Error::Timeout);
    assert!(t0.elapsed() < Duration::from_secs(2));
}

/// A tracing writer that keeps everything written, to search it afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn the_token_never_appears_in_errors_or_logs() {
    let server = MockServer::start().await;
    // a hostile or buggy server echoing the token back everywhere
    mount(
        &server,
        "GET",
        DETAIL,
        ResponseTemplate::new(401).set_body_json(envelope_error(
            "UNAUTHORIZED",
            &format!("Invalid token {TOKEN}"),
            json!({"authorization": [format!("got {TOKEN}")]}),
        )),
    )
    .await;
    mount(
        &server,
        "GET",
        "/api/v1/products/OASIN2/detail",
        ResponseTemplate::new(200).set_body_raw(format!("<html>{TOKEN}</html>"), "text/html"),
    )
    .await;
    mount(
        &server,
        "POST",
        "/api/v1/products/create",
        ResponseTemplate::new(422).set_body_json(envelope_error(
            "INVALID_PAYLOAD",
            &format!("bad {TOKEN}"),
            json!({"sku": [format!("echo {TOKEN}")]}),
        )),
    )
    .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let c = client(&server);
    let mut texts = vec![format!("{c:?}")];
    for err in [
        c.product("OASIN1").await.expect_err("401"),
        c.product("OASIN2").await.expect_err("html"),
        c.create_product(&small_product()).await.expect_err("422"),
    ] {
        texts.push(format!("{err}"));
        texts.push(format!("{err:?}"));
        texts.push(serde_json::to_string(&err).expect("serializable"));
    }
    let logs = String::from_utf8_lossy(&captured.0.lock().expect("lock")).to_string();
    assert!(logs.contains("vendor_request"), "spans are logged: {logs}");
    assert!(!logs.contains(TOKEN), "token in logs: {logs}");
    for t in &texts {
        assert!(!t.contains(TOKEN), "token leaked: {t}");
    }
    assert!(
        texts.iter().any(|t| t.contains("***")),
        "redaction marker present"
    );
}

#[tokio::test]
async fn reference_lookup_scans_all_pages_when_the_filter_is_ignored() {
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    let ship = |code: &str, reference: &str| {
        json!({"tracking_code": code, "merchant_tracking_code_reference": reference,
               "status_info": {"value": 100, "label": "Mới tạo"}})
    };
    let page = |items: Vec<serde_json::Value>| {
        json!({"data": items, "error": false, "error_code": null, "log_id": null,
               "messages": "OK", "total": 3, "version": "1.0.3", "error_detail": null})
    };
    Mock::given(method("GET"))
        .and(path("/api/v1/shipments/b2c"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(vec![ship("OASC3", "SD-3")])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/shipments/b2c"))
        .and(query_param("page", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(vec![ship("OASC1", "SD-1"), ship("OASC2", "SD-2")])),
        )
        .mount(&server)
        .await;
    let c = OnflowClient::builder()
        .base_url(server.uri())
        .token(SecretString::from(TOKEN))
        .pagination(onflow::assumptions::Pagination {
            page_size: 2,
            ..Default::default()
        })
        .build()
        .expect("client");
    let found = c
        .find_shipment_by_reference("SD-3")
        .await
        .expect("lookup")
        .expect("found on page 2");
    assert_eq!(found.tracking_code, "OASC3");
    assert_eq!(
        c.find_shipment_by_reference("SD-9").await.expect("lookup"),
        None
    );
}

#[tokio::test]
async fn a_walk_that_never_ends_stops_at_the_page_cap() {
    // every page full, no total: "more" forever
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/api/v1/products/stock",
        ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"oasin": "OASIN1", "warehouse_code": "WH"}, {"oasin": "OASIN2", "warehouse_code": "WH"}],
            "error": false, "error_code": null, "messages": "OK"
        })),
    )
    .await;
    let c = OnflowClient::builder()
        .base_url(server.uri())
        .token(SecretString::from(TOKEN))
        .rate_limit(RateLimit::new(10_000, Duration::from_secs(1)))
        .pagination(onflow::assumptions::Pagination {
            page_size: 2,
            ..Default::default()
        })
        .max_pages(5)
        .build()
        .expect("client");
    assert_eq!(c.max_pages(), 5);
    let err = c
        .list_all_stock(&StockQuery::default())
        .await
        .expect_err("capped");
    assert_eq!(err.vendor_code(), Some("TOO_MANY_PAGES"), "{err:?}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(5));
}

#[test]
fn base_urls_must_be_https_unless_loopback_and_the_environment_picks_the_host() {
    let build = |b: OnflowClientBuilder| b.token(SecretString::from(TOKEN)).build();
    let staging = build(OnflowClient::builder()).expect("default staging");
    assert_eq!(
        staging.base_url().as_str(),
        format!("{}/", onflow::assumptions::STAGING_BASE_URL)
    );
    let env = build(OnflowClient::builder().environment(Environment::Staging)).expect("staging");
    assert_eq!(env.base_url(), staging.base_url());
    // production's host is unknown: an explicit address is required, never a guess
    assert_eq!(
        Environment::Production.base_url(),
        onflow::assumptions::PRODUCTION_BASE_URL
    );
    if onflow::assumptions::PRODUCTION_BASE_URL.is_none() {
        let err = build(OnflowClient::builder().environment(Environment::Production))
            .expect_err("no production host known");
        assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    }
    let prod = build(
        OnflowClient::builder()
            .environment(Environment::Production)
            .base_url("https://api.example.vn"),
    )
    .expect("explicit address wins");
    assert_eq!(prod.base_url().as_str(), "https://api.example.vn/");
    for ok in [
        "http://127.0.0.1:9/onflow",
        "http://localhost:9",
        "http://[::1]:9",
    ] {
        build(OnflowClient::builder().base_url(ok)).expect(ok);
    }
    for bad in [
        "http://stg-open-api.onflow.vn",
        "http://10.1.2.3/onflow",
        "ftp://127.0.0.1/",
        "stg-open-api.onflow.vn",
    ] {
        let err = build(OnflowClient::builder().base_url(bad)).expect_err(bad);
        assert!(matches!(err, Error::Validation { .. }), "{bad}: {err:?}");
    }
}

/// `REQUEST_TIMEOUT` (documented code, §6.1 L152): the simulator never sends it (its trigger is not
/// documented), so the client's reading is proven here — a timeout, whatever status it comes with.
#[tokio::test]
async fn a_request_timeout_envelope_is_a_timeout() {
    let server = MockServer::start().await;
    for (p, status) in [
        ("/api/v1/products/OASIN408/detail", 408),
        ("/api/v1/products/OASIN200/detail", 200),
    ] {
        mount(
            &server,
            "GET",
            p,
            ResponseTemplate::new(status).set_body_json(envelope_error(
                "REQUEST_TIMEOUT",
                "Request timeout",
                json!(null),
            )),
        )
        .await;
    }
    let c = client(&server);
    for oasin in ["OASIN408", "OASIN200"] {
        let err = c.product(oasin).await.expect_err("timeout");
        assert!(matches!(err, Error::Timeout), "{oasin}: {err:?}");
    }
}
