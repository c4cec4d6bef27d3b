//! Error paths against a mock server: envelopes, rate-limit locks per URL, retries, timeouts, odd bodies,
//! cursor walking and the 31-day split — and that no secret ever reaches an error or a log line.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Duration as CDuration, TimeZone, Utc};
use nhanh::customers::NewCustomer;
use nhanh::orders::OrderFilter;
use nhanh::products::ProductFilter;
use nhanh::{Client, Config, Credentials, OAuth, PageRequest};
use secrecy::SecretString;
use serde_json::{json, Value};
use vendor_http::Error;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "TOKEN-7HAh4AlUmvO9f67EhWaF-very-secret-value-0123456789";
const SECRET: &str = "APP-SECRET-KEY-never-show-me-42";

fn config(server: &MockServer) -> Config {
    let mut c = Config::new(76158).with_base_url(&server.uri()).unwrap();
    c.retry = vendor_http::RetryPolicy {
        max_retries: 3,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    c.total_timeout = Duration::from_secs(5);
    c
}

fn client(server: &MockServer) -> Client {
    client_with(config(server))
}

fn client_with(c: Config) -> Client {
    Client::new(
        c,
        Credentials {
            business_id: 110668,
            access_token: SecretString::from(TOKEN.to_string()),
        },
    )
    .unwrap()
}

fn ok_json(v: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(v)
}

fn assert_no_secret(e: &Error) {
    let s = format!("{e} {e:?} {}", serde_json::to_string(e).unwrap());
    assert!(!s.contains(TOKEN), "token leaked: {s}");
    assert!(!s.contains(SECRET), "secret leaked: {s}");
}

#[tokio::test]
async fn calls_are_posts_with_app_business_and_raw_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3.0/business/depot"))
        .and(query_param("appId", "76158"))
        .and(query_param("businessId", "110668"))
        .and(header("authorization", TOKEN))
        .and(header("content-type", "application/json"))
        .respond_with(ok_json(
            json!({"code": 1, "paginator": {"next": null}, "data": [{"id": 31010, "name": "Kho"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let depots = client(&server).depots().await.unwrap();
    assert_eq!(depots[0].id, 31010);
}

#[tokio::test]
async fn invalid_token_is_unauthorized_and_never_echoed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_json(
            json!({"code": 0, "errorCode": "ERR_INVALID_ACCESS_TOKEN",
            "messages": format!("Invalid access token {TOKEN}")}),
        ))
        .mount(&server)
        .await;
    let e = client(&server).depots().await.unwrap_err();
    assert!(
        matches!(e, Error::Unauthorized { ref vendor_code, .. } if vendor_code.as_deref() == Some("ERR_INVALID_ACCESS_TOKEN"))
    );
    assert_no_secret(&e);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "auth errors are not retried"
    );
}

#[tokio::test]
async fn permission_and_depot_errors_are_forbidden() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_403", "messages": "The app or accessToken is not authorized for this feature"})))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/inventory"))
        .respond_with(ok_json(
            json!({"code": 0, "errorCode": "ERR_INVALID_DEPOT_ID", "messages": "depot"}),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    assert!(matches!(
        c.products(&ProductFilter::default()).await.unwrap_err(),
        Error::Forbidden { .. }
    ));
    assert!(matches!(
        c.inventory(&Default::default()).await.unwrap_err(),
        Error::Forbidden { permission: Some(ref p), .. } if p == "depot"
    ));
}

#[tokio::test]
async fn form_field_map_and_string_messages() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/customer/add"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_INVALID_FORM_FIELDS",
            "messages": {"0.mobile": "mobile is required", "0.name": ["name is required", "name too short"]}})))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/order/cancelcarrier"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_ORDER_CARRIER_NOT_YET_SENT", "messages": "Đơn hàng chưa gửi sang hãng vận chuyển"})))
        .mount(&server)
        .await;
    let c = client(&server);
    match c
        .add_customers(&[NewCustomer {
            name: "".into(),
            mobile: "".into(),
            ..Default::default()
        }])
        .await
        .unwrap_err()
    {
        Error::Validation { fields, .. } => {
            assert_eq!(fields["0.mobile"], vec!["mobile is required"]);
            assert_eq!(fields["0.name"].len(), 2);
        }
        other => panic!("{other:?}"),
    }
    match c.cancel_carrier(1).await.unwrap_err() {
        Error::VendorRejected {
            vendor_code,
            message,
            ..
        } => {
            assert_eq!(vendor_code, "ERR_ORDER_CARRIER_NOT_YET_SENT");
            assert!(message.contains("chưa gửi"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn err_429_pauses_the_url_then_succeeds_without_calling_while_locked() {
    let server = MockServer::start().await;
    let unlock = Utc::now().timestamp() + 1;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_429", "message": "Your app exceeded the API Rate Limit",
            "data": {"lockedSeconds": 1, "unlockedAt": unlock}})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(
            json!({"code": 1, "paginator": {"next": null}, "data": [{"id": 1}]}),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let products = c.products(&ProductFilter::default()).await.unwrap();
    assert_eq!(products.len(), 1);
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2, "exactly one retry, no calls during the lock");
    assert!(
        Utc::now().timestamp() >= unlock,
        "the retry waited for unlockedAt"
    );
    assert_eq!(c.http().stats().rate_limited, 1);
}

#[tokio::test]
async fn a_lock_on_one_url_does_not_delay_another_url() {
    let server = MockServer::start().await;
    let unlock = Utc::now().timestamp() + 2;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_429", "data": {"lockedSeconds": 2, "unlockedAt": unlock}})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(json!({"code": 1, "data": []})))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/customer/list"))
        .respond_with(ok_json(json!({"code": 1, "data": [{"id": 7}]})))
        .mount(&server)
        .await;
    let c = client(&server);
    let locked = {
        let c = c.clone();
        tokio::spawn(async move { c.products(&ProductFilter::default()).await })
    };
    // wait until the product URL is locked
    let t0 = Instant::now();
    while c.locked_until("product/list").is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(2),
            "lock never registered"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let t1 = Instant::now();
    let customers = c.customers(&Default::default()).await.unwrap();
    assert_eq!(customers[0].id, 7);
    assert!(
        t1.elapsed() < Duration::from_millis(500),
        "other URL was delayed {:?}",
        t1.elapsed()
    );
    assert!(!locked.is_finished(), "product/list must still be waiting");
    assert!(c.locked_until("customer/list").is_none());
    locked.await.unwrap().unwrap();
    assert!(Utc::now().timestamp() >= unlock);
}

#[tokio::test]
async fn integer_429_and_http_429_also_pause() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/product/category"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": 429, "messages": "Your app exceeded the API Rate Limit", "data": {"lockedSeconds": 0}})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/category"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_string("Too Many Requests"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/category"))
        .respond_with(ok_json(
            json!({"code": 1, "data": [{"id": 1, "name": "Áo"}]}),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let cats = c.categories(&Default::default()).await.unwrap();
    assert_eq!(cats[0].name, "Áo");
    assert_eq!(c.http().stats().rate_limited, 2);
}

#[tokio::test]
async fn server_errors_retry_reads_only() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html><body>503</body></html>"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(json!({"code": 1, "data": [{"id": 5}]})))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/customer/add"))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .mount(&server)
        .await;
    let c = client(&server);
    assert_eq!(
        c.products(&ProductFilter::default()).await.unwrap()[0].id,
        5
    );
    let e = c
        .add_customers(&[NewCustomer {
            name: "A".into(),
            mobile: "0912345678".into(),
            ..Default::default()
        }])
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    let adds = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/v3.0/customer/add")
        .count();
    assert_eq!(adds, 1, "a create without idempotency is sent once");
}

#[tokio::test]
async fn html_pages_and_truncated_json() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/customer/detail"))
        .respond_with(ResponseTemplate::new(404).set_body_string(format!(
            "<!DOCTYPE html><html><body>Not found {TOKEN}</body></html>"
        )))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            "<html><body>Bảo trì hệ thống {TOKEN}</body></html>"
        )))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/category"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(format!(r#"{{"code":1,"data":[{{"id":1,"name":"{TOKEN}"#)),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    let e = c
        .read::<_, Value>("customer/detail", &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    let e = c.products(&ProductFilter::default()).await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert_no_secret(&e);
    let e = c.categories(&Default::default()).await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert_no_secret(&e);
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/order/add"))
        .respond_with(
            ok_json(json!({"code": 1, "data": {"id": 1}})).set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.total_timeout = Duration::from_millis(300);
    cfg.retry.max_retries = 0;
    let c = client_with(cfg);
    let order = nhanh::orders::NewOrder {
        channel: nhanh::orders::NewOrderChannel {
            app_order_id: "DESK-1".into(),
            source_name: None,
        },
        ..Default::default()
    };
    let t0 = Instant::now();
    let e = c.add_order(&order).await.unwrap_err();
    assert_eq!(e, Error::Timeout);
    assert!(e.outcome_unknown(), "the outbox must look the reference up");
    assert!(t0.elapsed() < Duration::from_secs(2));
}

/// Pages of irregular sizes behind opaque multi-key cursors; records every `next` it receives.
struct Pages {
    seen: Arc<Mutex<Vec<Value>>>,
}

const SIZES: [usize; 6] = [3, 1, 0, 2, 100, 4];

fn cursor(i: usize) -> Value {
    json!({"totalRevenue": format!("{}", 1000 - i), "productId": format!("p{i}"), "k": [i, "x"]})
}

impl Respond for Pages {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let next = body["paginator"].get("next").cloned();
        self.seen
            .lock()
            .unwrap()
            .push(next.clone().unwrap_or(Value::Null));
        let page = match next {
            None => 0,
            Some(n) => (0..SIZES.len())
                .find(|i| cursor(*i) == n)
                .map(|i| i + 1)
                .unwrap_or(usize::MAX),
        };
        if page == usize::MAX {
            return ok_json(
                json!({"code": 0, "errorCode": "ERR_INVALID_FORM_FIELDS", "messages": {"paginator.next": "invalid"}}),
            );
        }
        let start: usize = SIZES[..page].iter().sum();
        let items: Vec<Value> = (start..start + SIZES[page])
            .map(|i| json!({"id": i + 1}))
            .collect();
        let next = if page + 1 < SIZES.len() {
            cursor(page)
        } else {
            Value::Null
        };
        ok_json(json!({"code": 1, "paginator": {"next": next}, "data": items}))
    }
}

#[tokio::test]
async fn paginator_walks_irregular_pages_echoing_next_verbatim() {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    Mock::given(path("/v3.0/product/list"))
        .respond_with(Pages { seen: seen.clone() })
        .mount(&server)
        .await;
    let c = client(&server);
    let mut sizes = Vec::new();
    let mut all = Vec::new();
    c.walk(
        "product/list",
        &ProductFilter::default(),
        PageRequest::new(100),
        None,
        |items: Vec<nhanh::products::Product>| {
            sizes.push(items.len());
            all.extend(items.into_iter().map(|p| p.id));
        },
    )
    .await
    .unwrap();
    assert_eq!(
        sizes,
        SIZES.to_vec(),
        "short and empty pages are not the end"
    );
    let total: usize = SIZES.iter().sum();
    assert_eq!(all, (1..=total as i64).collect::<Vec<_>>());
    let seen = seen.lock().unwrap().clone();
    let mut expected = vec![Value::Null];
    expected.extend((0..SIZES.len() - 1).map(cursor));
    assert_eq!(
        seen, expected,
        "each next is the previous response's next, untouched"
    );
}

#[tokio::test]
async fn a_repeated_cursor_stops_instead_of_looping() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(
            json!({"code": 1, "paginator": {"next": {"id": 5}}, "data": [{"id": 5}]}),
        ))
        .mount(&server)
        .await;
    let e = client(&server)
        .products(&ProductFilter::default())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

struct Windows {
    seen: Arc<Mutex<Vec<(i64, i64)>>>,
}

impl Respond for Windows {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let f = &body["filters"];
        let (a, b) = (
            f["createdAtFrom"].as_i64().unwrap(),
            f["createdAtTo"].as_i64().unwrap(),
        );
        self.seen.lock().unwrap().push((a, b));
        if b - a > 31 * 86_400 {
            return ok_json(
                json!({"code": 0, "errorCode": "ERR_INVALID_FORM_FIELDS", "messages": {"filters.createdAtTo": "max 31 days"}}),
            );
        }
        ok_json(
            json!({"code": 1, "paginator": {"next": null}, "data": [{"info": {"id": a, "status": 54}}]}),
        )
    }
}

#[tokio::test]
async fn order_ranges_over_31_days_are_split() {
    let server = MockServer::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    Mock::given(path("/v3.0/order/list"))
        .respond_with(Windows { seen: seen.clone() })
        .mount(&server)
        .await;
    let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let to = from + CDuration::days(100);
    let orders = client(&server)
        .orders(&OrderFilter {
            created_at_from: Some(from.timestamp()),
            created_at_to: Some(to.timestamp()),
            ..Default::default()
        })
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    assert_eq!(orders.len(), 4);
    assert_eq!(seen[0].0, from.timestamp());
    assert_eq!(seen[3].1, to.timestamp());
    for w in seen.windows(2) {
        assert_eq!(w[0].1 + 1, w[1].0);
    }
}

#[tokio::test]
async fn exchange_posts_code_and_secret_without_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3.0/app/getaccesstoken"))
        .and(query_param("appId", "76158"))
        .respond_with(ok_json(json!({"code": 1, "data": {"accessToken": TOKEN, "version": "3.0",
            "expiredAt": 1785603599, "businessId": 110668, "depotIds": [31010], "pageIds": [], "permissions": []}})))
        .mount(&server)
        .await;
    let oauth = OAuth::new(config(&server), SecretString::from(SECRET.to_string())).unwrap();
    let grant = oauth
        .exchange("  https://shop.example/nhanh/callback?accessCode=CODE123abc \n")
        .await
        .unwrap();
    assert_eq!(
        (grant.business_id, grant.depot_ids.clone()),
        (110668, vec![31010])
    );
    let req = &server.received_requests().await.unwrap()[0];
    assert!(req.headers.get("authorization").is_none());
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(
        body,
        json!({"accessCode": "CODE123abc", "secretKey": SECRET})
    );
    let consent = oauth.consent_url("https://shop.example/nhanh/callback");
    assert_eq!(consent.host_str(), Some("nhanh.vn"));
    let q: Vec<(String, String)> = consent.query_pairs().into_owned().collect();
    assert!(q.contains(&("appId".into(), "76158".into())));
    assert!(q.contains(&(
        "returnLink".into(),
        "https://shop.example/nhanh/callback".into()
    )));
}

#[tokio::test]
async fn a_refused_exchange_is_sent_once_and_hides_the_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/app/getaccesstoken"))
        .respond_with(ok_json(
            json!({"code": 0, "errorCode": "ERR_INVALID_ACCESS_CODE",
            "messages": format!("accessCode CODE123abc used; secretKey {SECRET}")}),
        ))
        .mount(&server)
        .await;
    let oauth = OAuth::new(config(&server), SecretString::from(SECRET.to_string())).unwrap();
    let e = oauth.exchange("CODE123abc").await.unwrap_err();
    assert!(matches!(e, Error::Unauthorized { .. }), "{e:?}");
    assert_no_secret(&e);
    assert!(
        !format!("{e}").contains("CODE123abc"),
        "the one-time code is redacted too"
    );
    assert!(!format!("{oauth:?}").contains(SECRET));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// A `MakeWriter` collecting every log line.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_token_or_secret_in_any_log_line() {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!("boom {TOKEN}")))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/app/getaccesstoken"))
        .respond_with(ResponseTemplate::new(502).set_body_string(format!("echo {SECRET}")))
        .mount(&server)
        .await;
    let c = client(&server);
    let e = c.products(&ProductFilter::default()).await.unwrap_err();
    assert_no_secret(&e);
    let oauth = OAuth::new(config(&server), SecretString::from(SECRET.to_string())).unwrap();
    let e = oauth.exchange("CODEabc").await.unwrap_err();
    assert_no_secret(&e);
    tracing::info!(client = ?c, oauth = ?oauth, "debug output of the clients");
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("vendor_request"), "spans were logged: {text}");
    assert!(!text.contains(TOKEN), "token in logs");
    assert!(!text.contains(SECRET), "secret in logs");
}

#[tokio::test]
async fn odd_but_valid_data_shapes() {
    let server = MockServer::start().await;
    // a v2-style map keyed by id is still a list of depots
    Mock::given(path("/v3.0/business/depot"))
        .respond_with(ok_json(json!({"code": "1", "data": {"31010": {"id": "31010", "name": "Kho HN"}, "31011": {"id": 31011}}})))
        .mount(&server)
        .await;
    // PHP-style empty array for "nothing found"
    Mock::given(path("/v3.0/product/detail"))
        .respond_with(ok_json(json!({"code": 1, "data": []})))
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/product/category"))
        .respond_with(ok_json(json!({"code": 1, "data": "oops"})))
        .mount(&server)
        .await;
    let c = client(&server);
    let depots = c.depots().await.unwrap();
    assert_eq!(
        depots.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![31010, 31011]
    );
    assert!(matches!(
        c.product_detail(1).await.unwrap_err(),
        Error::NotFound { .. }
    ));
    assert!(matches!(
        c.categories(&Default::default()).await.unwrap_err(),
        Error::Decode { .. }
    ));
}

/// Locks the URL on the first call; records when every call arrived.
struct LockOnce {
    calls: Arc<Mutex<Vec<chrono::DateTime<Utc>>>>,
    unlock_at: i64,
}

impl Respond for LockOnce {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        let mut calls = self.calls.lock().unwrap();
        calls.push(Utc::now());
        if calls.len() == 1 {
            return ok_json(
                json!({"code": 0, "errorCode": "ERR_429", "message": "Your app exceeded the API Rate Limit",
                "data": {"lockedSeconds": 1, "unlockedAt": self.unlock_at}}),
            );
        }
        ok_json(json!({"code": 1, "data": [{"id": calls.len()}]}))
    }
}

/// A caller already queued behind the limiter when a lock arrives must not be sent during the lock
/// (`HttpClient::wait_ready` re-checks the key's pause after the limiter wait).
#[tokio::test]
async fn concurrent_callers_never_call_a_locked_url() {
    let server = MockServer::start().await;
    let calls = Arc::new(Mutex::new(Vec::new()));
    let unlock_at = Utc::now().timestamp() + 1;
    Mock::given(path("/v3.0/product/category"))
        .respond_with(LockOnce {
            calls: calls.clone(),
            unlock_at,
        })
        .mount(&server)
        .await;
    // the real pacing (150 per 30 s per URL): callers queue behind the limiter, then the lock
    let mut cfg = config(&server);
    cfg.rate_limit = nhanh::client::RATE_LIMIT;
    let c = client_with(cfg);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.categories(&Default::default()).await })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().len(), 1);
    }
    let calls = calls.lock().unwrap().clone();
    assert_eq!(
        calls.len(),
        5,
        "one locked answer, then one call per caller"
    );
    let unlock = Utc.timestamp_opt(unlock_at, 0).unwrap();
    for t in &calls[1..] {
        assert!(
            *t >= unlock,
            "a call arrived during the lock: {t} < {unlock}"
        );
    }
}

fn new_order(reference: &str) -> nhanh::orders::NewOrder {
    nhanh::orders::NewOrder {
        channel: nhanh::orders::NewOrderChannel {
            app_order_id: reference.into(),
            source_name: None,
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn order_add_is_sent_once_and_the_transient_failure_returned() {
    // retries are configured (3): a create still goes out once
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/order/add"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/order/add"))
        .respond_with(ok_json(json!({"code": 1, "data": {"id": 1}})))
        .mount(&server)
        .await;
    let c = client(&server);
    let e = c.add_order(&new_order("DESK-1")).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::VendorRejected {
                http_status: Some(503),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_transient() && e.outcome_unknown());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert_eq!(c.http().stats().attempts, 1);
    assert_eq!(c.http().stats().retries, 0);

    // and a timeout, the same
    let slow = MockServer::start().await;
    Mock::given(path("/v3.0/order/add"))
        .respond_with(
            ok_json(json!({"code": 1, "data": {"id": 1}})).set_delay(Duration::from_secs(3)),
        )
        .mount(&slow)
        .await;
    let mut cfg = config(&slow);
    cfg.total_timeout = Duration::from_millis(300);
    let c = client_with(cfg);
    let e = c.add_order(&new_order("DESK-2")).await.unwrap_err();
    assert_eq!(e, Error::Timeout);
    assert_eq!(slow.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_rate_limited_create_still_waits_and_retries() {
    // a lock answer means nothing was processed: waiting it out and sending again is safe
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/order/add"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_429",
            "data": {"lockedSeconds": 0, "unlockedAt": Utc::now().timestamp()}})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3.0/order/add"))
        .respond_with(ok_json(json!({"code": 1, "data": {"id": 42}})))
        .mount(&server)
        .await;
    let c = client(&server);
    let r = c.add_order(&new_order("DESK-3")).await.unwrap();
    assert_eq!(r.id, 42);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_absurd_lock_is_clamped_to_fifteen_minutes() {
    let server = MockServer::start().await;
    Mock::given(path("/v3.0/product/list"))
        .respond_with(ok_json(json!({"code": 0, "errorCode": "ERR_429",
            "data": {"lockedSeconds": i64::MAX, "unlockedAt": 99_999_999_999_i64}})))
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.max_rate_limit_wait = Duration::from_secs(1);
    let c = client_with(cfg);
    let e = c.products(&ProductFilter::default()).await.unwrap_err();
    match e {
        Error::RateLimited { retry_at, .. } => {
            assert!(
                retry_at <= Utc::now() + CDuration::minutes(15),
                "{retry_at}"
            );
            assert!(
                retry_at >= Utc::now() + CDuration::minutes(14),
                "{retry_at}"
            );
        }
        other => panic!("{other:?}"),
    }
    let until = c.locked_until("product/list");
    assert!(until.is_none_or(|t| t <= tokio::time::Instant::now() + vendor_http::MAX_VENDOR_WAIT));
}

/// A list that always hands out a fresh cursor.
struct EndlessCursor;

impl Respond for EndlessCursor {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let n = body["paginator"]["next"]["n"].as_i64().unwrap_or(0);
        ok_json(json!({"code": 1, "data": [{"id": n + 1}], "paginator": {"next": {"n": n + 1}}}))
    }
}

#[tokio::test]
async fn cursor_walks_stop_at_the_page_cap() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(EndlessCursor)
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.max_pages = 6;
    let c = client_with(cfg);
    assert_eq!(c.max_pages(), 6);
    let e = c.products(&ProductFilter::default()).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("TOO_MANY_PAGES"), "{e:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 6);
    // the lookup by reference is capped too, and says so instead of "not found"
    let e = c.find_order_by_reference("DESK-NOWHERE").await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("TOO_MANY_PAGES"), "{e:?}");
}

#[test]
fn addresses_must_be_https_unless_loopback() {
    assert!(Config::new(1)
        .with_base_url("https://pos.open.nhanh.vn")
        .is_ok());
    assert!(Config::new(1)
        .with_base_url("http://127.0.0.1:8080/nhanh")
        .is_ok());
    assert!(Config::new(1)
        .with_base_url("http://localhost:8080/nhanh")
        .is_ok());
    for bad in [
        "http://pos.open.nhanh.vn",
        "http://172.16.0.1/nhanh",
        "ftp://127.0.0.1/",
        "pos.open.nhanh.vn",
    ] {
        let e = Config::new(1).with_base_url(bad).unwrap_err();
        assert!(matches!(e, Error::Validation { .. }), "{bad}: {e:?}");
        let e = Config::new(1).with_oauth_url(bad).unwrap_err();
        assert!(matches!(e, Error::Validation { .. }), "{bad}: {e:?}");
    }
    // the fields are public: a client or OAuth built from an edited config checks them again
    let mut cfg = Config::new(1);
    cfg.base_url = vendor_http::Url::parse("http://pos.open.nhanh.vn/").unwrap();
    let e = Client::new(
        cfg.clone(),
        Credentials {
            business_id: 1,
            access_token: SecretString::from(TOKEN.to_string()),
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Validation { .. }), "{e:?}");
    let e = OAuth::new(cfg, SecretString::from(SECRET.to_string())).unwrap_err();
    assert!(matches!(e, Error::Validation { .. }), "{e:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_grant_that_fails_to_parse_never_shows_the_token() {
    const NEW_TOKEN: &str = "nX4tq9ZbV2fLw7Kc1mRp8sYd3gHj6aEu";
    const OTHER: &str = "Qz8rT2vN6pL4xW9kJ3";
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let bodies = [
        // cut off in the middle (malformed JSON), the token early in the snippet
        format!(
            r#"{{"code":1,"data":{{"accessToken":"{NEW_TOKEN}","businessId":110668,"expiredAt":17"#
        ),
        // valid JSON of the wrong shape: the serde message and the snippet both see the body
        format!(
            r#"{{"code":1,"data":{{"accessToken":"{NEW_TOKEN}","businessId":"x","expiredAt":"soon","note":"{OTHER}"}}}}"#
        ),
        // a number where the token should be, with the token under another key
        format!(r#"{{"code":1,"data":{{"accessToken":12,"token2":"{NEW_TOKEN}","expiredAt":1}}}}"#),
        // not JSON at all
        format!("accessToken={NEW_TOKEN}&businessId=1 <- proxy says hi"),
    ];
    for body in bodies {
        let server = MockServer::start().await;
        Mock::given(path("/v3.0/app/getaccesstoken"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
            .mount(&server)
            .await;
        let oauth = OAuth::new(config(&server), SecretString::from(SECRET.to_string())).unwrap();
        let e = oauth.exchange("CODE123abc").await.unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{body}: {e:?}");
        let shown = format!("{e} {e:?} {}", serde_json::to_string(&e).unwrap());
        assert!(!shown.contains(NEW_TOKEN), "token leaked: {shown}");
        assert!(!shown.contains(OTHER), "token-like value leaked: {shown}");
        assert!(
            !shown.contains(&NEW_TOKEN[..12]),
            "part of the token leaked: {shown}"
        );
        assert_no_secret(&e);
        tracing::warn!(error = %e, "exchange failed");
    }
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("exchange failed"));
    assert!(!text.contains(NEW_TOKEN), "token in logs: {text}");
}
