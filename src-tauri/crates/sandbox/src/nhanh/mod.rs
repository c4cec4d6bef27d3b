//! Nhanh.vn POS Open API v3.0 simulator, mounted at `/nhanh` (base URL `http://HOST/nhanh`).
//!
//! - `POST /v3.0/{resource}/{action}?appId&businessId` with `Authorization: <accessToken>`; every API-level
//!   error is HTTP 200 with `{"code":0,"errorCode",...}`; unknown paths answer an HTML 404 page.
//! - Checks in the documented order: appId → businessId → token → rate limit → JSON body → fields.
//! - 150 calls / 30 s per appId + businessId + URL (configurable); over budget → `ERR_429` with
//!   `lockedSeconds`/`unlockedAt`; calling while locked extends the lock.
//! - OAuth: `GET /oauth?appId&returnLink` 302-redirects to `returnLink?accessCode=…` (add `&ui=1` for a
//!   small consent page with an "Đồng ý" link); codes are single-use and expire after 10 minutes;
//!   `/v3.0/app/getaccesstoken` issues a 1-year token and leaves the previous one 15 more minutes.
//! - Cursor paging with the documented `next` = `{"id": <last id>}` (a flattened id is refused); some pages are short.

// handlers return the vendor's error answer as the `Err` value; boxing it would only add noise
#![allow(clippy::result_large_err)]

mod api;
mod data;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use tokio::time::Instant;

use crate::limits::WindowLimiter;
use crate::{Faults, Options};

pub use data::{DEPOT_HCM, DEPOT_HN};

/// The sandbox app and business.
pub const APP_ID: i64 = 76158;
pub const BUSINESS_ID: i64 = 110668;

/// Knobs tests may tighten.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Calls allowed per `window` per appId + businessId + URL.
    pub rate_limit: usize,
    pub window: Duration,
    /// The lock given when the budget is exceeded.
    pub lock_secs: u64,
    /// Added to the lock on every call made while locked.
    pub lock_penalty_secs: u64,
    /// Lifetime of an access code.
    pub code_ttl: Duration,
    /// Answer rate limits in the Alpha form (`"errorCode": 429`, `message`, `data`) instead of `ERR_429`.
    pub alpha_rate_limit_form: bool,
    /// Answer rate limits with the older code the docs still list: `"errorCode": "ERR_EXCEEDED_RATE_LIMIT"`,
    /// `messages`, no `data` (the Alpha page's other sample); wins over `alpha_rate_limit_form`.
    pub legacy_rate_limit_code: bool,
    /// Every Nth page of a list is short (fewer rows than `size`, `next` still set); 0 = never.
    pub short_page_every: usize,
    /// The merchant switched "Allow Open API connection" on; off → `ERR_BUSINESS_NOT_ENABLE_API`.
    pub api_enabled: bool,
    /// Paths (`/v3.0/order/add`) the token was not granted → `ERR_403`.
    pub forbidden_paths: Vec<String>,
    /// Depots granted to the token; empty = every depot. Others → `ERR_INVALID_DEPOT_ID`.
    pub granted_depots: Vec<i64>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            rate_limit: 150,
            window: Duration::from_secs(30),
            lock_secs: 10,
            lock_penalty_secs: 5,
            code_ttl: Duration::from_secs(600),
            alpha_rate_limit_form: false,
            legacy_rate_limit_code: false,
            short_page_every: 3,
            api_enabled: true,
            forbidden_paths: Vec::new(),
            granted_depots: Vec::new(),
        }
    }
}

struct Token {
    expires_at: i64,
    /// `"3.0"`, or `"2.0"` for a v2 token (refused on v3 with `ERR_INVALID_VERSION`).
    version: &'static str,
}

struct Code {
    issued: Instant,
    used: bool,
}

struct Auth {
    tokens: HashMap<String, Token>,
    codes: HashMap<String, Code>,
    rng: StdRng,
}

struct Inner {
    data: Mutex<data::Data>,
    auth: Mutex<Auth>,
    config: Mutex<SimConfig>,
    limiter: Mutex<Arc<WindowLimiter>>,
    locks: Mutex<HashMap<String, Instant>>,
    access_token: String,
    secret_key: String,
}

#[derive(Clone)]
pub struct Sim {
    inner: Arc<Inner>,
    faults: Faults,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn random_token(rng: &mut StdRng, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The documented rate-limit answer (HTTP 200, code 0); `alpha`: the Alpha page's form (`"errorCode": 429`).
pub fn rate_limit_body(locked_secs: u64, alpha: bool) -> Value {
    // rounded up: a client that waits until `unlockedAt` (whole seconds) never comes back early
    let unlocked_at = (Utc::now().timestamp_millis() + locked_secs as i64 * 1000 + 999) / 1000;
    if alpha {
        json!({"code": 0, "message": "Your app exceeded the API Rate Limit", "errorCode": 429,
               "data": {"lockedSeconds": locked_secs, "unlockedAt": unlocked_at}})
    } else {
        json!({"code": 0, "errorCode": "ERR_429", "message": "Your app exceeded the API Rate Limit",
               "data": {"lockedSeconds": locked_secs, "unlockedAt": unlocked_at}})
    }
}

fn rate_limited(secs: u64) -> Response {
    Json(rate_limit_body(secs, false)).into_response()
}

/// The rate-limit answer in the form `config` asks for.
fn rate_limit_answer(secs: u64, config: &SimConfig) -> Response {
    if config.legacy_rate_limit_code {
        return Json(json!({"code": 0, "errorCode": "ERR_EXCEEDED_RATE_LIMIT",
                           "messages": "Your app exceeded the API Rate Limit"}))
        .into_response();
    }
    Json(rate_limit_body(secs, config.alpha_rate_limit_form)).into_response()
}

const CREATE_PATHS: &[&str] = &[
    "/v3.0/order/add",
    "/v3.0/product/add",
    "/v3.0/customer/add",
    "/v3.0/bill/addretail",
    "/v3.0/business/addsupplier",
    "/v3.0/inventory/importsupplier",
    "/v3.0/inventory/exportsupplier",
    "/v3.0/inventory/importother",
    "/v3.0/inventory/exportother",
];

fn is_create(m: &Method, path: &str) -> bool {
    m == Method::POST && CREATE_PATHS.iter().any(|p| path.ends_with(p))
}

/// `{"code":0,"errorCode":…,"messages":…}`.
pub(crate) fn fail(code: &str, messages: Value) -> Response {
    Json(json!({"code": 0, "errorCode": code, "messages": messages})).into_response()
}

pub(crate) fn ok(data: Value) -> Response {
    Json(json!({"code": 1, "data": data})).into_response()
}

fn not_found_page() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Không tìm thấy trang</h1></body></html>"),
    )
        .into_response()
}

impl Sim {
    pub fn new(options: &Options) -> Self {
        let mut rng = StdRng::seed_from_u64(options.seed ^ 0x006E_6861_6E68);
        let access_token = random_token(&mut rng, 160);
        let secret_key = format!("sandbox-secret-{}", random_token(&mut rng, 24));
        let mut tokens = HashMap::new();
        tokens.insert(
            access_token.clone(),
            Token {
                expires_at: Utc::now().timestamp() + 365 * 86_400,
                version: "3.0",
            },
        );
        let config = SimConfig::default();
        let limiter = Arc::new(WindowLimiter::new(config.rate_limit, config.window));
        Sim {
            inner: Arc::new(Inner {
                data: Mutex::new(data::Data::seed(options)),
                auth: Mutex::new(Auth {
                    tokens,
                    codes: HashMap::new(),
                    rng,
                }),
                config: Mutex::new(config),
                limiter: Mutex::new(limiter),
                locks: Mutex::new(HashMap::new()),
                access_token,
                secret_key,
            }),
            faults: Faults::new(options.seed, rate_limited, is_create),
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/v3.0/{resource}/{action}", post(api_call))
            .route("/oauth", get(consent))
            .fallback(|| async { not_found_page() })
            .with_state(self.clone())
            .layer(axum::middleware::from_fn_with_state(
                self.faults.clone(),
                crate::faults::apply,
            ))
    }

    pub fn info(&self, base_url: &str) -> Value {
        json!({
            "base_url": base_url,
            "app_id": APP_ID,
            "business_id": BUSINESS_ID,
            "access_token": self.inner.access_token,
            "secret_key": self.inner.secret_key,
        })
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    pub fn config(&self) -> SimConfig {
        lock(&self.inner.config).clone()
    }

    /// Replace the knobs (a new rate-limit budget starts a fresh window; current locks are kept).
    pub fn set_config(&self, config: SimConfig) {
        *lock(&self.inner.limiter) = Arc::new(WindowLimiter::new(config.rate_limit, config.window));
        *lock(&self.inner.config) = config;
    }

    /// Shorthand for tests: `limit` calls per `window` per URL.
    pub fn set_rate_limit(&self, limit: usize, window: Duration) {
        let mut c = self.config();
        c.rate_limit = limit;
        c.window = window;
        self.set_config(c);
    }

    /// Issue a one-time access code as the consent page would (for tests that skip the browser step).
    pub fn issue_access_code(&self) -> String {
        let mut auth = lock(&self.inner.auth);
        let code = random_token(&mut auth.rng, 48);
        auth.codes.insert(
            code.clone(),
            Code {
                issued: Instant::now(),
                used: false,
            },
        );
        code
    }

    /// Available stock of a variant by SKU in a depot (tests check stock movements with it).
    pub fn stock_of(&self, sku: &str, depot_id: i64) -> Option<(i64, i64, i64)> {
        let d = lock(&self.inner.data);
        let di = data::depot_index(depot_id)?;
        d.products.iter().find(|p| p.code == sku).map(|p| {
            (
                p.stock[di].remain,
                p.stock[di].holding,
                p.stock[di].available(),
            )
        })
    }

    /// Move the stock of a variant (by SKU) in a depot by `delta`, as a stock count in Nhanh's own screens
    /// would (its `product/inventory` update time moves). Returns the new `remain`.
    pub fn adjust_stock(&self, sku: &str, depot_id: i64, delta: i64) -> Option<i64> {
        let mut d = lock(&self.inner.data);
        let di = data::depot_index(depot_id)?;
        let p = d.products.iter_mut().find(|p| p.code == sku)?;
        let floor = p.stock[di].holding;
        p.stock[di].remain = (p.stock[di].remain + delta).max(floor);
        p.stock_updated_at = chrono::Utc::now().timestamp();
        Some(p.stock[di].remain)
    }

    /// Create a combo product of existing variants (by SKU, with their quantity), as the shop would in
    /// Nhanh's screens; `product/combo` lists it. `None` when a SKU is unknown.
    pub fn add_combo(&self, name: &str, code: &str, items: &[(&str, i64)]) -> Option<i64> {
        let mut d = lock(&self.inner.data);
        let mut parts = Vec::new();
        for (sku, qty) in items {
            parts.push((d.products.iter().find(|p| p.code == *sku)?.id, *qty));
        }
        let id = 9_100_001 + d.combos.len() as i64;
        d.combos.insert(
            id,
            data::Combo {
                id,
                name: name.into(),
                code: code.into(),
                status: 1,
                updated_at: chrono::Utc::now().timestamp(),
                items: parts,
            },
        );
        Some(id)
    }

    /// Issue a v2.0 token for this business, as v2's exchange would: v3 endpoints refuse it with
    /// `ERR_INVALID_VERSION` (tokens are version-bound).
    pub fn issue_v2_token(&self) -> String {
        let mut auth = lock(&self.inner.auth);
        let token = random_token(&mut auth.rng, 160);
        auth.tokens.insert(
            token.clone(),
            Token {
                expires_at: Utc::now().timestamp() + 365 * 86_400,
                version: "2.0",
            },
        );
        token
    }

    /// Whether the token may touch `depot_id` (known depot, and granted).
    pub(crate) fn depot_granted(&self, depot_id: i64) -> bool {
        let granted = lock(&self.inner.config).granted_depots.clone();
        data::depot_index(depot_id).is_some() && (granted.is_empty() || granted.contains(&depot_id))
    }

    /// Number of orders carrying our reference (duplicate detection in tests).
    pub fn orders_with_reference(&self, reference: &str) -> usize {
        lock(&self.inner.data)
            .orders
            .values()
            .filter(|o| o.app_order_id == reference)
            .count()
    }

    fn check_rate(&self, path: &str) -> Option<Response> {
        let key = format!("{APP_ID}:{BUSINESS_ID}:{path}");
        let cfg = self.config();
        let now = Instant::now();
        let mut locks = lock(&self.inner.locks);
        if let Some(until) = locks.get_mut(&key) {
            if *until > now {
                *until += Duration::from_secs(cfg.lock_penalty_secs);
                let secs = (*until - now).as_secs_f64().ceil() as u64;
                return Some(rate_limit_answer(secs, &cfg));
            }
        }
        let limiter = lock(&self.inner.limiter).clone();
        if let Err(room_in) = limiter.check(&key) {
            // the lock lasts until the window has room again: a call after `unlockedAt` succeeds, as the
            // docs tell clients to wait until then
            let secs = cfg.lock_secs.max(room_in.as_secs_f64().ceil() as u64);
            let until = now + Duration::from_secs(secs);
            locks.insert(key, until);
            return Some(rate_limit_answer(secs, &cfg));
        }
        None
    }

    fn exchange(&self, body: &Value) -> Response {
        let code = body.get("accessCode").and_then(Value::as_str).unwrap_or("");
        let secret = body.get("secretKey").and_then(Value::as_str).unwrap_or("");
        let mut fields = serde_json::Map::new();
        if code.is_empty() {
            fields.insert("accessCode".into(), "accessCode is required".into());
        }
        if secret.is_empty() {
            fields.insert("secretKey".into(), "secretKey is required".into());
        }
        if !fields.is_empty() {
            return fail("ERR_INVALID_FORM_FIELDS", Value::Object(fields));
        }
        if secret != self.inner.secret_key {
            return fail("ERR_INVALID_SECRET_KEY", json!("secretKey is invalid"));
        }
        let ttl = self.config().code_ttl;
        let mut auth = lock(&self.inner.auth);
        match auth.codes.get_mut(code) {
            Some(c) if !c.used && c.issued.elapsed() < ttl => c.used = true,
            _ => {
                return fail(
                    "ERR_INVALID_ACCESS_CODE",
                    json!("accessCode is invalid, expired or already used"),
                )
            }
        }
        let now = Utc::now().timestamp();
        // one token per app + business: the previous ones live 15 more minutes
        for t in auth.tokens.values_mut() {
            t.expires_at = t.expires_at.min(now + 15 * 60);
        }
        let len = auth.rng.random_range(128..=256);
        let token = random_token(&mut auth.rng, len);
        let expired_at = now + 365 * 86_400;
        auth.tokens.insert(
            token.clone(),
            Token {
                expires_at: expired_at,
                version: "3.0",
            },
        );
        ok(json!({
            "accessToken": token, "version": "3.0", "expiredAt": expired_at,
            "businessId": BUSINESS_ID, "depotIds": [], "pageIds": [],
            "permissions": ["product.list", "product.add", "order.list", "order.add", "order.edit",
                            "customer.list", "customer.add", "inventory.bill"]
        }))
    }

    /// `(expiry, version)` of a live token.
    fn token_valid(&self, token: &str) -> Option<(i64, &'static str)> {
        let auth = lock(&self.inner.auth);
        auth.tokens
            .get(token)
            .filter(|t| t.expires_at > Utc::now().timestamp())
            .map(|t| (t.expires_at, t.version))
    }

    /// The `paginator.next` of a page whose last row is `last_id`: `{"id": <last id>}`, the shape the docs
    /// give for id-sorted lists (and send in their request examples).
    pub(crate) fn cursor(&self, last_id: i64) -> Value {
        json!({ "id": last_id })
    }

    /// Read an echoed cursor: `Ok(None)` for the first page (absent, `null` or `""`, as the docs' samples
    /// send), `Ok(Some(last_id))` after. The documented shape is `{"id": …}` (a number, or digits in a
    /// string as some samples show); a flattened id (`"next": 10`, the mistake the docs call out) or any
    /// other shape is refused.
    pub(crate) fn read_cursor(&self, next: Option<&Value>) -> Result<Option<i64>, Response> {
        let bad = || {
            fail(
                "ERR_INVALID_FORM_FIELDS",
                json!({"paginator.next": "invalid paginator.next: send back exactly the previous response's paginator.next"}),
            )
        };
        let Some(next) = next else { return Ok(None) };
        match next {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            Value::Object(m) if m.len() == 1 => match m.get("id") {
                Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(bad),
                Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }
}

async fn consent(State(sim): State<Sim>, Query(q): Query<HashMap<String, String>>) -> Response {
    let app_ok = q.get("appId").and_then(|a| a.trim().parse::<i64>().ok()) == Some(APP_ID);
    let Some(return_link) = q.get("returnLink").filter(|r| !r.trim().is_empty()) else {
        return (
            StatusCode::BAD_REQUEST,
            Html("<!DOCTYPE html><html><body><p>Thiếu returnLink.</p></body></html>"),
        )
            .into_response();
    };
    if !app_ok {
        return (
            StatusCode::BAD_REQUEST,
            Html("<!DOCTYPE html><html><body><p>Ứng dụng không hợp lệ (appId).</p></body></html>"),
        )
            .into_response();
    }
    let Ok(mut target) = url_parse(return_link) else {
        return (
            StatusCode::BAD_REQUEST,
            Html("<!DOCTYPE html><html><body><p>returnLink không hợp lệ.</p></body></html>"),
        )
            .into_response();
    };
    let code = sim.issue_access_code();
    target.push(if target.contains('?') { '&' } else { '?' });
    target.push_str("accessCode=");
    target.push_str(&code);
    if q.get("ui").is_some_and(|v| v == "1") {
        let escaped = target.replace('&', "&amp;").replace('"', "&quot;");
        return Html(format!(
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Nhanh.vn – Cấp quyền</title></head>\
             <body><h1>Cấp quyền cho ứng dụng</h1><p>Ứng dụng #{APP_ID} muốn truy cập dữ liệu doanh nghiệp #{BUSINESS_ID} (sandbox).</p>\
             <a id=\"agree\" href=\"{escaped}\">Đồng ý</a></body></html>"
        ))
        .into_response();
    }
    (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
}

/// The docs require an https `returnLink`; plain http is accepted only for a loopback host
/// (`127.0.0.1`, `localhost`, `[::1]`) — a sandbox-only affordance so the demo and the tests, which run on
/// `http://127.0.0.1`, can complete the flow. Strips a fragment.
fn url_parse(s: &str) -> Result<String, ()> {
    let s = s.trim();
    if s.contains(char::is_whitespace) {
        return Err(());
    }
    let host_of = |rest: &str| -> String {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        if host_port.starts_with('[') {
            host_port
                .split(']')
                .next()
                .map(|h| format!("{h}]"))
                .unwrap_or_default()
        } else {
            host_port
                .split(':')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        }
    };
    let ok = if let Some(rest) = s.strip_prefix("https://") {
        !host_of(rest).is_empty()
    } else if let Some(rest) = s.strip_prefix("http://") {
        matches!(host_of(rest).as_str(), "127.0.0.1" | "localhost" | "[::1]")
    } else {
        false
    };
    if !ok {
        return Err(());
    }
    Ok(s.split('#').next().unwrap_or(s).to_string())
}

async fn api_call(
    State(sim): State<Sim>,
    Path((resource, action)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("/v3.0/{resource}/{action}");
    let known = api::is_known(&path);
    if !known {
        return not_found_page();
    }
    let app_ok = q.get("appId").and_then(|a| a.trim().parse::<i64>().ok()) == Some(APP_ID);
    if !app_ok {
        return fail("ERR_INVALID_APP_ID", json!("Invalid appId"));
    }
    let parsed = || -> Result<Value, Response> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        serde_json::from_slice::<Value>(&body).map_err(|_| {
            fail(
                "ERR_INVALID_DATA",
                json!("Invalid data: the body is not valid JSON"),
            )
        })
    };
    if path == "/v3.0/app/getaccesstoken" {
        if let Some(r) = sim.check_rate(&path) {
            return r;
        }
        return match parsed() {
            Ok(b) => sim.exchange(&b),
            Err(r) => r,
        };
    }
    let business_ok = q
        .get("businessId")
        .and_then(|a| a.trim().parse::<i64>().ok())
        == Some(BUSINESS_ID);
    if !business_ok {
        return fail("ERR_INVALID_BUSINESS_ID", json!("Invalid businessId"));
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    let Some((expires_at, version)) = sim.token_valid(token) else {
        return fail("ERR_INVALID_ACCESS_TOKEN", json!("Invalid access token"));
    };
    if version != "3.0" {
        return fail(
            "ERR_INVALID_VERSION",
            json!("The access token was issued for another API version"),
        );
    }
    let cfg = sim.config();
    if !cfg.api_enabled {
        return fail(
            "ERR_BUSINESS_NOT_ENABLE_API",
            json!("The business has not enabled the Open API connection"),
        );
    }
    if cfg.forbidden_paths.iter().any(|p| p == &path) {
        return fail(
            "ERR_403",
            json!("The app or accessToken is not authorized for this feature"),
        );
    }
    if let Some(r) = sim.check_rate(&path) {
        return r;
    }
    let body = match parsed() {
        Ok(b) => b,
        Err(r) => return r,
    };
    if path == "/v3.0/app/checkaccesstoken" {
        let secret = body.get("secretKey").and_then(Value::as_str).unwrap_or("");
        if secret.is_empty() {
            return fail(
                "ERR_INVALID_FORM_FIELDS",
                json!({"secretKey": "secretKey is required"}),
            );
        }
        if secret != sim.inner.secret_key.as_str() {
            return fail("ERR_INVALID_SECRET_KEY", json!("secretKey is invalid"));
        }
        return ok(
            json!({"businessId": BUSINESS_ID, "expiredAt": expires_at, "version": "3.0",
                         "depotIds": [], "pageIds": [], "permissions": []}),
        );
    }
    api::dispatch(&sim, &path, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_shares_the_catalog_and_has_orders_in_several_statuses() {
        let options = Options {
            products: 40,
            seed: 11,
        };
        let d = data::Data::seed(&options);
        let catalog = crate::common::catalog::catalog(&options);
        let v = &catalog[3].variations[1];
        let p = d
            .products
            .iter()
            .find(|p| p.code == v.sku)
            .expect("variant by SKU");
        assert_eq!(p.barcode, v.barcode);
        assert_eq!(
            p.stock[0].remain,
            crate::common::catalog::vendor_stock_in(v, "nhanh", 0, p.stock.len(), options.seed)
        );
        assert!(d.orders.len() >= 50);
        let statuses: std::collections::BTreeSet<i64> =
            d.orders.values().map(|o| o.status).collect();
        assert!(statuses.len() >= 6, "{statuses:?}");
        // open orders reserve stock: holding never negative, and some is held
        assert!(d
            .products
            .iter()
            .all(|p| p.stock.iter().all(|s| s.holding >= 0)));
        assert!(d
            .products
            .iter()
            .any(|p| p.stock.iter().any(|s| s.holding > 0)));
        // same seed, same data
        let again = data::Data::seed(&options);
        assert_eq!(again.products.len(), d.products.len());
        assert_eq!(
            again
                .orders
                .values()
                .map(|o| o.mobile.clone())
                .collect::<Vec<_>>(),
            d.orders
                .values()
                .map(|o| o.mobile.clone())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn seeding_ten_thousand_products_is_fast() {
        let t0 = std::time::Instant::now();
        let d = data::Data::seed(&Options {
            products: 10_000,
            seed: 1,
        });
        assert!(d.products.len() > 20_000, "{}", d.products.len());
        // generous for debug builds on a busy CI box; release is far below 1 s
        assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
    }

    #[test]
    fn geo_ids_cover_both_location_versions() {
        let g = data::Geo::build();
        assert_eq!(g.cities.len(), crate::common::geo_seed::PROVINCES.len());
        assert!(g.wards_v1.len() > 80);
        assert!(
            g.wards_v2.len() < g.wards_v1.len(),
            "2025 wards merge legacy ones"
        );
        assert!(g
            .wards_v1
            .iter()
            .all(|w| g.wards_v2.iter().any(|v| v.0 == w.3)));
    }

    #[test]
    fn a_repeated_app_order_id_is_refused_unless_the_no_dedupe_switch_is_on() {
        let sim = Sim::new(&Options {
            products: 12,
            seed: 3,
        });
        let product = lock(&sim.inner.data)
            .products
            .iter()
            .find(|p| p.parent_id > 0)
            .map(|p| p.id)
            .expect("a variant");
        let body = json!({
            "channel": {"appOrderId": "SD-REF-2"},
            "shippingAddress": {"name": "Trần Văn Bình", "mobile": "0901234567"},
            "products": [{"id": product, "quantity": 1, "price": 100000}]
        });
        assert!(api::dispatch(&sim, "/v3.0/order/add", &body)
            .status()
            .is_success());
        let refused = api::dispatch(&sim, "/v3.0/order/add", &body);
        assert_eq!(sim.orders_with_reference("SD-REF-2"), 1, "{refused:?}");
        sim.faults().set(crate::FaultConfig {
            no_reference_dedupe: true,
            ..Default::default()
        });
        assert!(api::dispatch(&sim, "/v3.0/order/add", &body)
            .status()
            .is_success());
        assert_eq!(sim.orders_with_reference("SD-REF-2"), 2);
    }

    #[test]
    fn cursors_have_the_documented_shape() {
        let sim = Sim::new(&Options {
            products: 2,
            seed: 3,
        });
        let c = sim.cursor(10);
        assert_eq!(c, json!({"id": 10}));
        assert_eq!(sim.read_cursor(Some(&c)).ok().flatten(), Some(10));
        // the docs' own request example, and an id sent as digits
        assert_eq!(
            sim.read_cursor(Some(&json!({"id": 100}))).ok().flatten(),
            Some(100)
        );
        assert_eq!(
            sim.read_cursor(Some(&json!({"id": "7"}))).ok().flatten(),
            Some(7)
        );
        for first in [None, Some(json!(null)), Some(json!(""))] {
            assert_eq!(sim.read_cursor(first.as_ref()).ok().flatten(), None);
        }
        // flattened, or another shape
        for bad in [
            json!(10),
            json!("10"),
            json!({"id": 10, "page": 1}),
            json!({"id": "x"}),
            json!([10]),
        ] {
            assert!(sim.read_cursor(Some(&bad)).is_err(), "{bad}");
        }
    }
}
