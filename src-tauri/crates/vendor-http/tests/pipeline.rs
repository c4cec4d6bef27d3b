//! Behaviour of the shared pipeline against a real HTTP server (wiremock): vendor pauses, retry safety,
//! timeouts, HTML answers, pacing and secret hygiene in errors and logs.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use tokio::time::Instant;
use vendor_http::{
    decode_json, Error, HttpClient, Policy, RateLimit, RawResponse, RequestSpec, RetryPolicy,
    Safety, Url,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "pk_live_5ecret_KEY_0123456789";
const BEARER: &str = "tok_BEARER_secret_abcdef987654";

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(20),
    }
}

fn client_with(policy: Policy) -> HttpClient {
    HttpClient::new(
        policy,
        vendor_http::Redactor::new([API_KEY.to_string(), BEARER.to_string()]),
    )
    .expect("client builds")
}

fn fast_policy() -> Policy {
    let mut p = Policy::new("test", RateLimit::new(1000, Duration::from_secs(1)));
    p.retry = fast_retry();
    p.total_timeout = Duration::from_secs(5);
    p
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}?api_key={API_KEY}&page=1", server.uri())).expect("url")
}

/// A decoder in the style of the vendor clients: 429 → RateLimited, other non-2xx → taxonomy, else JSON.
fn decode_value(
    pause: Duration,
) -> impl Fn(&RawResponse) -> vendor_http::Result<serde_json::Value> {
    move |raw: &RawResponse| {
        if raw.status == 429 {
            return Err(Error::RateLimited {
                retry_at: raw.retry_after().unwrap_or_else(|| {
                    Utc::now() + chrono::Duration::from_std(pause).unwrap_or_default()
                }),
                vendor_code: Some("106".into()),
            });
        }
        if raw.status >= 300 {
            return Err(Error::from_status(raw.status, None, None));
        }
        decode_json(
            raw,
            &vendor_http::Redactor::new([API_KEY.to_string(), BEARER.to_string()]),
        )
    }
}

#[tokio::test]
async fn rate_limit_answer_pauses_the_key_and_the_retry_succeeds_after_the_pause() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(429).set_body_string("{\"success\":false}"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"ok\":1}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(fast_policy());
    let t0 = Instant::now();
    let v = client
        .send(
            RequestSpec::get(url(&server, "/items")),
            decode_value(Duration::from_millis(400)),
        )
        .await
        .expect("succeeds after the pause");
    let elapsed = t0.elapsed();
    assert_eq!(v["ok"], 1);
    assert!(
        elapsed >= Duration::from_millis(350),
        "retried before the pause ended: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_secs(3),
        "waited too long: {elapsed:?}"
    );
    let stats = client.stats();
    // exactly one rate-limited attempt and one good one: the pause sleeps, it does not spin
    assert_eq!(stats.attempts, 2);
    assert_eq!(stats.rate_limited, 1);
    assert_eq!(stats.retries, 0);
}

#[tokio::test]
async fn a_paused_key_holds_back_other_calls_on_that_key_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let client = client_with(fast_policy());
    client.pause_until("shop-1", Utc::now() + chrono::Duration::milliseconds(400));
    assert!(client.paused_until("shop-1").is_some());
    assert!(client.paused_until("shop-2").is_none());
    let t0 = Instant::now();
    client
        .send(
            RequestSpec::get(url(&server, "/a")).limit_key("shop-2"),
            decode_value(Duration::ZERO),
        )
        .await
        .expect("other key is free");
    assert!(t0.elapsed() < Duration::from_millis(300));
    client
        .send(
            RequestSpec::get(url(&server, "/a")).limit_key("shop-1"),
            decode_value(Duration::ZERO),
        )
        .await
        .expect("paused key proceeds later");
    assert!(t0.elapsed() >= Duration::from_millis(350));
}

async fn count_5xx_attempts(safety: Safety) -> (usize, Error) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("unavailable"))
        .mount(&server)
        .await;
    let client = client_with(fast_policy());
    let spec = RequestSpec::post(url(&server, "/orders"))
        .json(&serde_json::json!({"a": 1}))
        .expect("body")
        .safety(safety);
    let err = client
        .send(spec, decode_value(Duration::ZERO))
        .await
        .expect_err("always 503");
    let n = server.received_requests().await.map_or(0, |r| r.len());
    (n, err)
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_and_idempotent_writes_only() {
    let (reads, err) = count_5xx_attempts(Safety::Read).await;
    assert_eq!(reads, 3, "1 try + 2 retries");
    assert!(matches!(
        err,
        Error::VendorRejected {
            http_status: Some(503),
            ..
        }
    ));
    let (idem, _) = count_5xx_attempts(Safety::IdempotentWrite).await;
    assert_eq!(idem, 3);
    let (writes, err) = count_5xx_attempts(Safety::Write).await;
    assert_eq!(writes, 1, "a plain write is sent once");
    assert!(err.outcome_unknown());
}

#[tokio::test]
async fn a_transient_5xx_then_success_is_invisible_to_the_caller() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[1,2]"))
        .mount(&server)
        .await;
    let client = client_with(fast_policy());
    let v = client
        .send(
            RequestSpec::get(url(&server, "/x")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect("recovers");
    assert_eq!(v, serde_json::json!([1, 2]));
    assert_eq!(client.stats().retries, 1);
}

#[tokio::test]
async fn a_slow_answer_maps_to_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let mut policy = fast_policy();
    policy.total_timeout = Duration::from_millis(200);
    let client = client_with(policy);
    let t0 = Instant::now();
    let err = client
        .send(
            RequestSpec::post(url(&server, "/slow")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect_err("times out");
    assert_eq!(err, Error::Timeout);
    assert!(err.outcome_unknown());
    assert!(t0.elapsed() < Duration::from_secs(2));
    // a per-request timeout overrides the policy
    let err = client
        .send(
            RequestSpec::post(url(&server, "/slow")).timeout(Duration::from_millis(100)),
            decode_value(Duration::ZERO),
        )
        .await
        .expect_err("times out");
    assert_eq!(err, Error::Timeout);
}

#[tokio::test]
async fn an_html_page_maps_to_decode_with_a_redacted_snippet() {
    let server = MockServer::start().await;
    let page = format!(
        "<!DOCTYPE html><html><body><h1>Bad gateway</h1><p>request /x?api_key={API_KEY}</p>{}</body></html>",
        "padding ".repeat(100)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(page.clone()))
        .mount(&server)
        .await;
    assert!(vendor_http::looks_like_html(page.as_bytes()));
    let client = client_with(fast_policy());
    let err = client
        .send(
            RequestSpec::get(url(&server, "/x")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect_err("html is not json");
    match &err {
        Error::Decode { snippet, .. } => {
            assert!(snippet.starts_with("<!DOCTYPE html>"), "{snippet}");
            assert!(!snippet.contains(API_KEY));
            assert!(snippet.chars().count() <= 201, "snippet is short");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(!err.to_string().contains(API_KEY));
}

#[tokio::test]
async fn the_limiter_paces_requests_at_the_configured_rate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let mut rl = RateLimit::new(10, Duration::from_secs(1));
    rl.fraction = 1.0;
    let client = client_with(Policy {
        rate_limit: rl,
        ..fast_policy()
    });
    let t0 = Instant::now();
    for _ in 0..6 {
        client
            .send(
                RequestSpec::get(url(&server, "/p")),
                decode_value(Duration::ZERO),
            )
            .await
            .expect("ok");
    }
    let elapsed = t0.elapsed();
    // burst 1: the first goes at once, the next five are spaced 100 ms apart
    assert!(
        elapsed >= Duration::from_millis(480),
        "not paced: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_millis(1500),
        "too slow: {elapsed:?}"
    );
    assert_eq!(rl.interval(), Duration::from_millis(100));

    // concurrent callers share the budget too
    let t0 = Instant::now();
    let calls = (0..5).map(|_| {
        let c = client.clone();
        let u = url(&server, "/p");
        async move {
            c.send(RequestSpec::get(u), decode_value(Duration::ZERO))
                .await
        }
    });
    for r in futures::future::join_all(calls).await {
        r.expect("ok");
    }
    assert!(t0.elapsed() >= Duration::from_millis(380));
}

/// A `MakeWriter` that appends every log line into a shared buffer.
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
async fn secrets_never_appear_in_errors_or_in_tracing_output() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let echo = format!("{{\"error\":\"bad key {API_KEY} / {BEARER}\"");
    Mock::given(path("/echo500"))
        .respond_with(ResponseTemplate::new(500).set_body_string(echo.clone()))
        .mount(&server)
        .await;
    Mock::given(path("/echo200"))
        .respond_with(ResponseTemplate::new(200).set_body_string(echo.clone()))
        .mount(&server)
        .await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;

    let client = client_with(fast_policy());
    let mut errors: Vec<Error> = Vec::new();
    let with_auth = |p: &str| {
        RequestSpec::get(url(&server, p))
            .authorization(&format!("Bearer {BEARER}"))
            .expect("header")
    };
    // 5xx (retried, logged), truncated JSON echoing the secrets, 429 then success, connection refused
    errors.push(
        client
            .send(with_auth("/echo500"), decode_value(Duration::ZERO))
            .await
            .expect_err("500"),
    );
    errors.push(
        client
            .send(with_auth("/echo200"), decode_value(Duration::ZERO))
            .await
            .expect_err("truncated json"),
    );
    client
        .send(with_auth("/limited"), decode_value(Duration::ZERO))
        .await
        .expect("recovers");
    let dead = Url::parse(&format!("http://127.0.0.1:9/x?api_key={API_KEY}")).expect("url");
    errors.push(
        client
            .send(
                RequestSpec::get(dead)
                    .authorization(&format!("Bearer {BEARER}"))
                    .expect("header")
                    .safety(Safety::Write),
                decode_value(Duration::ZERO),
            )
            .await
            .expect_err("nothing listens on port 9"),
    );
    assert!(matches!(errors[1], Error::Decode { .. }));
    assert!(
        matches!(errors[2], Error::Network { .. }),
        "{:?}",
        errors[2]
    );
    // the request spec's Debug output is safe to log as well
    let spec_debug = format!("{:?}", with_auth("/x"));

    drop(_guard);
    let logs = String::from_utf8_lossy(&capture.0.lock().expect("buffer").clone()).to_string();
    assert!(
        logs.contains("vendor_request"),
        "the capture saw the pipeline's spans:\n{logs}"
    );
    assert!(logs.contains("api_key=***"), "the URL is logged redacted");
    for secret in [API_KEY, BEARER] {
        for e in &errors {
            assert!(!e.to_string().contains(secret), "{e}");
            assert!(!format!("{e:?}").contains(secret), "{e:?}");
            let json = serde_json::to_string(e).expect("errors serialize");
            assert!(!json.contains(secret), "{json}");
        }
        assert!(!spec_debug.contains(secret), "{spec_debug}");
        assert!(!logs.contains(secret), "secret in logs:\n{logs}");
    }
}

#[tokio::test]
async fn a_pause_longer_than_the_policy_allows_returns_rate_limited_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let mut policy = fast_policy();
    policy.max_rate_limit_wait = Duration::from_secs(1);
    let client = client_with(policy);
    let t0 = Instant::now();
    let err = client
        .send(
            RequestSpec::get(url(&server, "/x")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect_err("gives up");
    assert!(
        t0.elapsed() < Duration::from_millis(500),
        "did not sleep an hour"
    );
    match err {
        Error::RateLimited { retry_at, .. } => {
            // the vendor asked for an hour: honoured up to the 15-minute clamp
            assert!(
                retry_at > Utc::now() + chrono::Duration::minutes(14),
                "vendor time kept up to the clamp"
            );
            assert!(retry_at <= Utc::now() + chrono::Duration::minutes(15));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(client.stats().attempts, 1);
}

#[tokio::test]
async fn an_absurd_retry_after_is_clamped_and_never_panics() {
    for header in [
        "99999999999999",
        "99999999999999999999999999",
        "-5",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "soon",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", header))
            .mount(&server)
            .await;
        let mut policy = fast_policy();
        // no pause at all is accepted, so the first answer comes straight back
        policy.max_rate_limit_wait = Duration::ZERO;
        policy.max_rate_limit_retries = 0;
        let client = client_with(policy);
        let err = client
            .send(
                RequestSpec::get(url(&server, "/x")),
                decode_value(Duration::from_secs(1)),
            )
            .await
            .expect_err("rate limited");
        match err {
            Error::RateLimited { retry_at, .. } => {
                assert!(
                    retry_at <= Utc::now() + chrono::Duration::minutes(15),
                    "{header}: {retry_at}"
                );
                assert!(
                    retry_at >= Utc::now() - chrono::Duration::seconds(5),
                    "{header}: {retry_at}"
                );
            }
            other => panic!("{header}: expected RateLimited, got {other:?}"),
        }
    }
    // and a pause asked for directly is clamped as well
    let client = client_with(fast_policy());
    client.pause_until("k", chrono::DateTime::<Utc>::MAX_UTC);
    let until = client.paused_until("k").expect("paused");
    assert!(until <= Instant::now() + vendor_http::MAX_VENDOR_WAIT);
}

#[tokio::test]
async fn a_body_over_the_cap_is_a_decode_error_not_an_allocation() {
    let server = MockServer::start().await;
    Mock::given(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096)))
        .mount(&server)
        .await;
    Mock::given(path("/fits"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(format!("\"{}\"", "y".repeat(1022))),
        )
        .mount(&server)
        .await;
    let mut policy = fast_policy();
    policy.max_body_bytes = 1024;
    let client = client_with(policy);
    let err = client
        .send(
            RequestSpec::get(url(&server, "/big")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect_err("over the cap");
    match &err {
        Error::Decode { message, .. } => {
            assert!(message.contains("larger than the 1024 bytes"), "{message}")
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(
        err.outcome_unknown(),
        "a create answered this way needs a lookup"
    );
    assert_eq!(
        server.received_requests().await.map_or(0, |r| r.len()),
        1,
        "not retried"
    );
    // exactly at the cap is fine
    let v = client
        .send(
            RequestSpec::get(url(&server, "/fits")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect("1024 bytes fit");
    assert_eq!(v.as_str().map(str::len), Some(1022));
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_cap() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // a server that declares no length and never stops sending
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let Ok((mut sock, _)) = listener.accept().await else {
            return;
        };
        let mut req = [0u8; 4096];
        let _ = sock.read(&mut req).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if sock.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 8192, "z".repeat(8192));
        // until the client hangs up (at most ~800 MiB, far beyond the test cap)
        for _ in 0..100_000 {
            if sock.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    let mut policy = fast_policy();
    policy.max_body_bytes = 256 * 1024;
    let client = client_with(policy);
    let u = Url::parse(&format!("http://{addr}/stream")).expect("url");
    let t0 = Instant::now();
    let err = client
        .send(RequestSpec::get(u), decode_value(Duration::ZERO))
        .await
        .expect_err("over the cap");
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("larger than")),
        "{err:?}"
    );
    assert!(t0.elapsed() < Duration::from_secs(5));
    server.abort();
}

#[tokio::test]
async fn a_redirect_is_an_error_and_the_target_never_hears_of_the_key() {
    let target = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&target)
        .await;
    let vendor = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/stolen?api_key={API_KEY}", target.uri()),
        ))
        .mount(&vendor)
        .await;
    let client = client_with(fast_policy());
    let err = client
        .send(
            RequestSpec::get(url(&vendor, "/items")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect_err("redirects are not followed");
    match &err {
        Error::VendorRejected {
            http_status,
            message,
            vendor_code,
        } => {
            assert_eq!(*http_status, Some(302));
            assert_eq!(vendor_code, "HTTP_302");
            assert!(message.contains("does not follow redirects"), "{message}");
        }
        other => panic!("expected VendorRejected, got {other:?}"),
    }
    assert!(!err.is_transient(), "not retried");
    assert!(!err.to_string().contains(API_KEY));
    assert_eq!(
        target
            .received_requests()
            .await
            .map_or(usize::MAX, |r| r.len()),
        0,
        "the redirect target received nothing"
    );
    assert_eq!(
        vendor.received_requests().await.map_or(0, |r| r.len()),
        1,
        "asked once, no retry"
    );
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused_before_sending() {
    let client = client_with(fast_policy());
    for u in [
        format!("http://example.com/x?api_key={API_KEY}"),
        "ftp://127.0.0.1/x".to_string(),
    ] {
        let err = client
            .send(
                RequestSpec::get(Url::parse(&u).expect("url")),
                decode_value(Duration::ZERO),
            )
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::Validation { .. }), "{err:?}");
        assert!(!err.to_string().contains(API_KEY));
    }
    assert_eq!(client.stats().attempts, 0, "nothing was sent");
}

/// A background lane at 25% of a 20 requests/s account goes at 5/s, while a request sent outside the lane
/// (the owner's order or push) at the same moment is paced by the account alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lane_uses_its_share_and_leaves_the_rest_to_calls_outside_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let mut policy = fast_policy();
    policy.rate_limit = RateLimit::new(20, Duration::from_secs(1));
    let client = client_with(policy);
    let t0 = Instant::now();
    let background = {
        let (client, u) = (client.clone(), url(&server, "/sync"));
        tokio::spawn(vendor_http::lane::within(0.25, async move {
            for _ in 0..6 {
                client
                    .send(RequestSpec::get(u.clone()), decode_value(Duration::ZERO))
                    .await
                    .expect("sync page");
            }
            t0.elapsed()
        }))
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = Instant::now();
    client
        .send(
            RequestSpec::get(url(&server, "/orders")),
            decode_value(Duration::ZERO),
        )
        .await
        .expect("order call");
    let order_wait = asked.elapsed();
    let lane_took = background.await.expect("task");
    // 6 lane requests at ~5.2/s: at least 5 intervals of ~193 ms
    assert!(
        lane_took >= Duration::from_millis(900),
        "the lane went faster than its share: {lane_took:?}"
    );
    assert!(
        order_wait < Duration::from_millis(150),
        "a call outside the lane waited for it: {order_wait:?}"
    );
    // outside any lane the same six requests take about 5 account intervals (~260 ms)
    let t1 = Instant::now();
    for _ in 0..6 {
        client
            .send(
                RequestSpec::get(url(&server, "/sync")),
                decode_value(Duration::ZERO),
            )
            .await
            .expect("page");
    }
    assert!(
        t1.elapsed() < Duration::from_millis(700),
        "{:?}",
        t1.elapsed()
    );
}
