//! The request pipeline: limiter → pause check → send with timeouts → vendor decode → retry policy.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use tokio::time::Instant;
use tracing::Instrument;

use crate::{Error, Redactor, Result};

/// A vendor's request budget: at most `requests` per `per`, for one key (an account, or an account + URL).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
    /// How many requests may go out back to back before pacing starts. Keep `burst` small: the limiter
    /// guarantees `burst + requests·(fraction)` per window, and vendors count fixed windows.
    pub burst: u32,
    /// Fraction of the vendor's budget we use (0 < f ≤ 1); a margin for clock skew between us and the vendor.
    pub fraction: f64,
}

impl RateLimit {
    pub const fn new(requests: u32, per: Duration) -> Self {
        RateLimit {
            requests,
            per,
            burst: 1,
            fraction: 0.97,
        }
    }

    /// The time between two requests at the paced rate.
    pub fn interval(&self) -> Duration {
        let fraction = if self.fraction.is_finite() {
            self.fraction.clamp(0.01, 1.0)
        } else {
            1.0
        };
        let allowed = (f64::from(self.requests.max(1)) * fraction).max(0.01);
        Duration::try_from_secs_f64(self.per.as_secs_f64() / allowed)
            .unwrap_or(Duration::from_secs(1))
    }

    /// Requests per second actually allowed by the vendor (the floor benchmarks divide by).
    pub fn vendor_rate_per_sec(&self) -> f64 {
        f64::from(self.requests) / self.per.as_secs_f64()
    }

    pub(crate) fn quota(&self) -> Quota {
        let burst = NonZeroU32::new(self.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let interval = self.interval().max(Duration::from_nanos(1));
        Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

/// When retrying a failed request is acceptable.
///
/// Rate-limit answers (nothing was processed) are waited out and retried whatever the safety. Transient
/// failures (network, timeout, 5xx) — where the vendor may have processed the request — are retried only
/// for `Read` and `IdempotentWrite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Reads: always safe to repeat.
    Read,
    /// A write whose repeat leaves the same state as one send: it *sets* a whole value (a PUT of the
    /// full record, absolute stock figures, a status such as cancelled). **Never a create**, even one
    /// carrying our reference: the pipeline never re-sends a create; the caller's journal looks the
    /// reference up first.
    IdempotentWrite,
    /// Any other write, and every create: sent once; transient failures are returned to the caller
    /// (`Error::outcome_unknown()` says when to look the request up before re-sending).
    Write,
}

impl Safety {
    fn may_retry(self) -> bool {
        !matches!(self, Safety::Write)
    }
}

/// Backoff for transient failures (network, timeout, 5xx) of safe requests.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_retries: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// Per-vendor settings of the pipeline.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Short vendor name for spans and errors: "pancake", "onflow", "nhanh".
    pub vendor: &'static str,
    pub connect_timeout: Duration,
    pub total_timeout: Duration,
    pub rate_limit: RateLimit,
    pub retry: RetryPolicy,
    /// The longest a single call waits for vendor rate-limit pauses in total before giving up with
    /// `RateLimited`.
    pub max_rate_limit_wait: Duration,
    /// How many rate-limit answers one call accepts before giving up.
    pub max_rate_limit_retries: usize,
    /// The largest response body read, in bytes (default [`crate::DEFAULT_MAX_BODY_BYTES`], 64 MiB);
    /// a larger answer is an [`Error::body_too_large`] error, never read into memory.
    pub max_body_bytes: u64,
    /// The most pages one list walk of a vendor client fetches (default [`crate::DEFAULT_MAX_PAGES`]);
    /// reaching it while the vendor still announces more is [`Error::too_many_pages`].
    pub max_pages: u32,
}

impl Policy {
    pub fn new(vendor: &'static str, rate_limit: RateLimit) -> Self {
        Policy {
            vendor,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            rate_limit,
            retry: RetryPolicy::default(),
            max_rate_limit_wait: Duration::from_secs(300),
            max_rate_limit_retries: 20,
            max_body_bytes: crate::DEFAULT_MAX_BODY_BYTES,
            max_pages: crate::DEFAULT_MAX_PAGES,
        }
    }
}

/// A body factory for multipart uploads: called once per attempt, because a form can only be sent once.
pub type MultipartFactory = Arc<dyn Fn() -> Result<reqwest::multipart::Form> + Send + Sync>;

#[derive(Clone)]
pub enum Body {
    None,
    Json(Bytes),
    Form(Vec<(String, String)>),
    Multipart(MultipartFactory),
}

/// One request, described before it is sent (so it can be sent again).
#[derive(Clone)]
pub struct RequestSpec {
    pub method: Method,
    pub url: url::Url,
    pub headers: HeaderMap,
    pub body: Body,
    pub safety: Safety,
    /// The limiter key within this client (e.g. the URL path for Nhanh). Empty = the account itself.
    pub limit_key: String,
    /// Overrides the policy's total timeout (uploads).
    pub timeout: Option<Duration>,
}

impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("url", &crate::redact_query_values(self.url.as_str()))
            .field("headers", &headers)
            .field("safety", &self.safety)
            .field("limit_key", &self.limit_key)
            .finish_non_exhaustive()
    }
}

impl RequestSpec {
    pub fn new(method: Method, url: url::Url) -> Self {
        let safety = if method == Method::GET || method == Method::HEAD {
            Safety::Read
        } else {
            Safety::Write
        };
        RequestSpec {
            method,
            url,
            headers: HeaderMap::new(),
            body: Body::None,
            safety,
            limit_key: String::new(),
            timeout: None,
        }
    }
    pub fn get(url: url::Url) -> Self {
        Self::new(Method::GET, url)
    }
    pub fn post(url: url::Url) -> Self {
        Self::new(Method::POST, url)
    }
    pub fn put(url: url::Url) -> Self {
        Self::new(Method::PUT, url)
    }
    pub fn delete(url: url::Url) -> Self {
        Self::new(Method::DELETE, url)
    }

    /// Serialize `body` as the JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Internal {
            message: format!("could not encode the request body: {e}"),
        })?;
        self.body = Body::Json(Bytes::from(bytes));
        Ok(self)
    }

    pub fn form(mut self, fields: Vec<(String, String)>) -> Self {
        self.body = Body::Form(fields);
        self
    }

    pub fn multipart(mut self, factory: MultipartFactory) -> Self {
        self.body = Body::Multipart(factory);
        self
    }

    /// Add a header; invalid names or values are an internal error (they come from our own code).
    pub fn header(mut self, name: &'static str, value: &str) -> Result<Self> {
        let v = HeaderValue::from_str(value).map_err(|_| Error::Internal {
            message: format!("invalid value for header {name}"),
        })?;
        self.headers.insert(HeaderName::from_static(name), v);
        Ok(self)
    }

    /// Add a secret header (e.g. `Authorization`): marked sensitive so reqwest and our Debug never show it.
    pub fn secret_header(mut self, name: &'static str, value: &str) -> Result<Self> {
        let mut v = HeaderValue::from_str(value).map_err(|_| Error::Internal {
            message: format!("invalid value for header {name}"),
        })?;
        v.set_sensitive(true);
        self.headers.insert(HeaderName::from_static(name), v);
        Ok(self)
    }

    pub fn authorization(self, value: &str) -> Result<Self> {
        let name = AUTHORIZATION.as_str();
        // `AUTHORIZATION` is a static standard name; lower-case literal keeps `from_static` happy.
        debug_assert_eq!(name, "authorization");
        self.secret_header("authorization", value)
    }

    pub fn safety(mut self, safety: Safety) -> Self {
        self.safety = safety;
        self
    }

    pub fn limit_key(mut self, key: impl Into<String>) -> Self {
        self.limit_key = key.into();
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// What came back, before the vendor's decoder looks at it.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    /// `Retry-After` as an absolute time (delay seconds or an HTTP date), when present and readable.
    /// Clamped to `[now, now + MAX_VENDOR_WAIT]`: a negative delay or a past date means "now", a huge
    /// delay or a far-future date means 15 minutes. Never panics, whatever the header holds.
    pub fn retry_after(&self) -> Option<DateTime<Utc>> {
        let v = self
            .headers
            .get(reqwest::header::RETRY_AFTER)?
            .to_str()
            .ok()?
            .trim();
        let digits = v.strip_prefix('-').unwrap_or(v);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // too many digits for an i64 is still "a very long time" (or, negative, "now")
            let secs = v
                .parse::<i64>()
                .unwrap_or(if v.starts_with('-') { 0 } else { i64::MAX });
            return Some(crate::retry_at_in_secs(secs));
        }
        DateTime::parse_from_rfc2822(v)
            .ok()
            .map(|d| crate::clamp_retry_at(d.with_timezone(&Utc)))
    }
}

/// Counters a test or benchmark can read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub attempts: u64,
    pub rate_limited: u64,
    pub retries: u64,
}

#[derive(Default)]
struct Counters {
    attempts: AtomicU64,
    rate_limited: AtomicU64,
    retries: AtomicU64,
}

struct Inner {
    http: reqwest::Client,
    policy: Policy,
    limiter: DefaultKeyedRateLimiter<String>,
    pauses: Mutex<HashMap<String, Instant>>,
    redactor: Redactor,
    counters: Counters,
}

/// The shared HTTP pipeline, one per vendor account. Cheap to clone; clones share limiter and pauses.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("vendor", &self.inner.policy.vendor)
            .field("rate_limit", &self.inner.policy.rate_limit)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// Build the pipeline. `redactor` knows this account's secret values.
    pub fn new(policy: Policy, redactor: Redactor) -> Result<Self> {
        let http = reqwest::Client::builder()
            // a redirect could take the credential (Pancake's is in the query string) to another host:
            // a 3xx is an error (`Error::redirected`), and no Referer is ever sent
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.total_timeout)
            .user_agent(concat!("ShopDesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Internal {
                message: format!("could not build the HTTP client: {}", e.without_url()),
            })?;
        let limiter = RateLimiter::keyed(policy.rate_limit.quota());
        Ok(HttpClient {
            inner: Arc::new(Inner {
                http,
                policy,
                limiter,
                pauses: Mutex::new(HashMap::new()),
                redactor,
                counters: Counters::default(),
            }),
        })
    }

    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    pub fn redactor(&self) -> &Redactor {
        &self.inner.redactor
    }

    pub fn stats(&self) -> Stats {
        let c = &self.inner.counters;
        Stats {
            attempts: c.attempts.load(Ordering::Relaxed),
            rate_limited: c.rate_limited.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
        }
    }

    /// Pause `key` until `until` (vendor rate-limit signal), at most [`crate::MAX_VENDOR_WAIT`] from
    /// now. Later pauses never shorten earlier ones.
    pub fn pause_until(&self, key: &str, until: DateTime<Utc>) {
        let wait = crate::wait_until(until);
        let now = Instant::now();
        let at = now.checked_add(wait).unwrap_or(now);
        if let Ok(mut p) = self.inner.pauses.lock() {
            let e = p.entry(key.to_string()).or_insert(at);
            if *e < at {
                *e = at;
            }
        }
    }

    /// When `key` may be called again, if it is paused now.
    pub fn paused_until(&self, key: &str) -> Option<Instant> {
        let p = self.inner.pauses.lock().ok()?;
        p.get(key).copied().filter(|t| *t > Instant::now())
    }

    async fn wait_ready(&self, key: &str) {
        // a vendor pause first (sleep, never spin), then our own pacing; a pause that started while we
        // waited for the limiter (another request of the key got a rate-limit answer) is honoured too
        loop {
            while let Some(until) = self.paused_until(key) {
                tokio::time::sleep_until(until).await;
            }
            // the task's lane (a background sync's share) first, then the account's own pace
            let id = Arc::as_ptr(&self.inner) as usize;
            crate::lane::wait(id, &self.inner.policy.rate_limit, key).await;
            self.inner.limiter.until_key_ready(&key.to_string()).await;
            if self.paused_until(key).is_none() {
                return;
            }
        }
    }

    /// Send `spec`, let `decode` turn the raw answer into a value or a taxonomy error, and apply the
    /// retry rules: rate-limit answers pause the key and retry (nothing was processed); transient failures
    /// are retried with backoff and jitter only when `spec.safety` allows it.
    pub async fn send<T, D>(&self, spec: RequestSpec, decode: D) -> Result<T>
    where
        D: Fn(&RawResponse) -> Result<T>,
    {
        let policy = &self.inner.policy;
        let mut delays = ExponentialBuilder::default()
            .with_min_delay(policy.retry.min_delay)
            .with_max_delay(policy.retry.max_delay)
            .with_max_times(policy.retry.max_retries)
            .with_jitter()
            .build();
        crate::check_base_url(&spec.url)?;
        let started = Instant::now();
        let mut rate_limited = 0usize;
        let mut attempt = 0u32;
        loop {
            attempt = attempt.saturating_add(1);
            self.wait_ready(&spec.limit_key).await;
            let result = match self.attempt(&spec, attempt).await {
                Ok(raw) => decode(&raw),
                Err(e) => Err(e),
            };
            let err = match result {
                Ok(v) => return Ok(v),
                // whatever a decoder computed from vendor data, a pause is at most MAX_VENDOR_WAIT
                Err(Error::RateLimited {
                    retry_at,
                    vendor_code,
                }) => Error::RateLimited {
                    retry_at: crate::clamp_retry_at(retry_at),
                    vendor_code,
                },
                Err(e) => e,
            };
            match &err {
                Error::RateLimited { retry_at, .. } => {
                    self.inner
                        .counters
                        .rate_limited
                        .fetch_add(1, Ordering::Relaxed);
                    rate_limited += 1;
                    let wait = crate::wait_until(*retry_at);
                    if rate_limited > policy.max_rate_limit_retries
                        || started.elapsed().saturating_add(wait) > policy.max_rate_limit_wait
                    {
                        return Err(err);
                    }
                    tracing::info!(vendor = policy.vendor, key = %spec.limit_key, wait_ms = wait.as_millis() as u64, "vendor rate limit: pausing key");
                    self.pause_until(&spec.limit_key, *retry_at);
                }
                e if e.is_transient() && spec.safety.may_retry() => match delays.next() {
                    Some(d) => {
                        self.inner.counters.retries.fetch_add(1, Ordering::Relaxed);
                        tracing::info!(vendor = policy.vendor, attempt, delay_ms = d.as_millis() as u64, error = %e, "retrying");
                        tokio::time::sleep(d).await;
                    }
                    None => return Err(err),
                },
                _ => return Err(err),
            }
        }
    }

    async fn attempt(&self, spec: &RequestSpec, attempt: u32) -> Result<RawResponse> {
        let inner = &self.inner;
        inner.counters.attempts.fetch_add(1, Ordering::Relaxed);
        let shown_url = inner.redactor.url(&spec.url);
        let span = tracing::info_span!(
            "vendor_request",
            vendor = inner.policy.vendor,
            method = %spec.method,
            url = %shown_url,
            attempt,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        async {
            let t0 = Instant::now();
            let mut rb = inner
                .http
                .request(spec.method.clone(), spec.url.clone())
                .headers(spec.headers.clone());
            if let Some(t) = spec.timeout {
                rb = rb.timeout(t);
            }
            rb = match &spec.body {
                Body::None => rb,
                Body::Json(b) => rb
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b.clone()),
                Body::Form(f) => rb.form(f),
                Body::Multipart(factory) => rb.multipart(factory()?),
            };
            let resp = rb.send().await.map_err(|e| self.transport_error(e))?;
            let status = resp.status().as_u16();
            let span = tracing::Span::current();
            span.record("status", status);
            if (300..400).contains(&status) {
                // never followed (the client has no redirect policy): the body is not even read
                tracing::warn!(status, "vendor answered with a redirect; not followed");
                return Err(Error::redirected(status));
            }
            let headers = resp.headers().clone();
            let body = self.read_body(resp, status).await?;
            span.record("elapsed_ms", t0.elapsed().as_millis() as u64);
            tracing::debug!(bytes = body.len(), "vendor answered");
            Ok(RawResponse {
                status,
                headers,
                body,
            })
        }
        .instrument(span)
        .await
    }

    /// Read the body, at most `policy.max_body_bytes`: a larger declared length is refused before
    /// reading, a larger actual body stops at the cap (memory stays bounded either way).
    async fn read_body(&self, mut resp: reqwest::Response, status: u16) -> Result<Bytes> {
        let limit = self.inner.policy.max_body_bytes;
        if let Some(declared) = resp.content_length() {
            if declared > limit {
                tracing::warn!(declared, limit, "vendor answer too large; not read");
                return Err(Error::body_too_large(limit, status));
            }
        }
        // the declared length is vendor data: never allocate more than a modest start from it
        let start = resp
            .content_length()
            .unwrap_or(0)
            .min(limit)
            .min(1024 * 1024);
        let mut buf = bytes::BytesMut::with_capacity(usize::try_from(start).unwrap_or(0));
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport_error(e))? {
            let total = (buf.len() as u64).saturating_add(chunk.len() as u64);
            if total > limit {
                tracing::warn!(
                    read = total,
                    limit,
                    "vendor answer too large; reading stopped"
                );
                return Err(Error::body_too_large(limit, status));
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf.freeze())
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout;
        }
        let e = e.without_url();
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        if msg.contains("operation timed out") || msg.contains("timed out") {
            return Error::Timeout;
        }
        Error::Network {
            message: self.inner.redactor.redact(&msg),
        }
    }
}
