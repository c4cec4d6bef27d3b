//! Onflow Open API simulator, mounted at `/onflow` (base URL `http://HOST/onflow`).
//!
//! Follows `shared/vendors/onflow.md`: raw-token `Authorization` (the three documented `UNAUTHORIZED`
//! messages), the `{data, error, error_code, log_id, messages, total, version, error_detail}` envelope with
//! documented codes and vi/en messages by `Accept-Language`, `OASIN`/`OAPO`/`OASC`/`OARSC` ids, the status
//! flows (product NEW→ACTIVE→INACTIVE; PO TRANSIT→RECEIVING→COMPLETED, cancel only in TRANSIT; shipment
//! 100→200→250→300, cancel → 400/500 before handover; return 100→200→300→400, 350 problem), stock that
//! moves with shipments, POs and returns, file upload served back from memory, 600 requests/minute per
//! token (configurable), the marketplace-only rule for B2C shipments, and the field rules of the create
//! bodies (`rules.rs`: required fields, documented enum values, no negative number). Everything the docs do not show
//! is a placeholder (paths other than the documented ones, pagination `page`/`limit`, status codes other
//! than 300/350/500, the 429 answer).
//!
//! Extra endpoints (not part of Onflow): `POST /__admin/advance` `{"code"?: "...", "steps"?: n, "short"?: n}` moves
//! statuses forward; `PUT /__admin/rate-limit` `{"limit": n, "window_ms": ms}`; uploaded files are served at
//! `GET /files/ts/<name>`.

mod api;
mod rules;
mod store;
mod text;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::Method;
use axum::response::Response;
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde_json::{json, Value};

use crate::limits::WindowLimiter;
use crate::{Faults, Options};

pub use store::WAREHOUSES;

/// Largest accepted upload *(placeholder: the real limit is undocumented)*.
pub const UPLOAD_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Accepted upload extensions *(placeholder)* and the content type each file is served with.
pub const UPLOAD_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];
/// Documented rate limit: 600 requests per minute, "equivalent to 10 requests per second" — both are
/// enforced (a burst of 600 in a second is refused).
pub const RATE_LIMIT: usize = 600;
pub const RATE_WINDOW: Duration = Duration::from_secs(60);

/// The enforced limiter: `limit` per `window`, and for a window longer than a second the same pace per
/// second as well (600/60 s → 10/s).
fn limiter_for(limit: usize, window: Duration) -> WindowLimiter {
    let l = WindowLimiter::new(limit, window);
    let secs = window.as_secs_f64();
    if secs > 1.0 {
        let per_second = (limit as f64 / secs).ceil().max(1.0) as usize;
        l.also(per_second, Duration::from_secs(1))
    } else {
        l
    }
}

#[derive(Clone)]
pub struct Sim {
    inner: Arc<Inner>,
    faults: Faults,
}

struct Inner {
    store: Mutex<store::Store>,
    token: String,
    public_base: String,
    limiter: RwLock<Arc<WindowLimiter>>,
    geo: Geo,
    log_seq: AtomicU64,
}

/// The address directory with Onflow-style numeric ids on top of the official codes.
struct Geo {
    provinces: Vec<Value>,
    /// (province id, district)
    districts: Vec<(i64, Value)>,
    /// (district id, ward)
    wards: Vec<(i64, Value)>,
}

fn build_geo() -> Geo {
    let mut provinces = Vec::new();
    let mut districts = Vec::new();
    let mut wards = Vec::new();
    let mut district_id = 2000i64;
    let mut ward_id = 200_000i64;
    for (pi, p) in crate::common::geo_seed::PROVINCES.iter().enumerate() {
        let province_id = 201 + pi as i64;
        provinces.push(json!({"id": province_id, "name": p.name, "code": p.code}));
        for d in p.districts {
            district_id += 1;
            districts.push((
                province_id,
                json!({"id": district_id, "name": d.name, "code": d.code, "province_id": province_id}),
            ));
            for (code, name, _) in d.wards {
                ward_id += 1;
                wards.push((
                    district_id,
                    json!({"id": ward_id, "name": name, "code": code, "district_id": district_id}),
                ));
            }
        }
    }
    Geo {
        provinces,
        districts,
        wards,
    }
}

/// The rate-limit answer for the fault knob (HTTP 429 + `TOO_MANY_REQUESTS` envelope, *placeholder*).
fn rate_limited(secs: u64) -> Response {
    text::rate_limited(secs, text::Lang::Vi)
}

/// Creates, for "commit then drop the connection": every `POST …/create` (shipments, products, POs,
/// returns).
fn is_create(m: &Method, path: &str) -> bool {
    m == Method::POST && path.trim_end_matches('/').ends_with("/create")
}

impl Sim {
    pub fn new(options: &Options, public_base: &str) -> Self {
        let token = format!(
            "onf_sandbox_{:016x}",
            options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x0F10
        );
        Sim {
            inner: Arc::new(Inner {
                store: Mutex::new(store::Store::seed(options)),
                token,
                public_base: public_base.trim_end_matches('/').to_string(),
                limiter: RwLock::new(Arc::new(limiter_for(RATE_LIMIT, RATE_WINDOW))),
                geo: build_geo(),
                log_seq: AtomicU64::new(options.seed.wrapping_mul(7919) % 1_000_000),
            }),
            faults: Faults::new(options.seed, rate_limited, is_create),
        }
    }

    pub fn router(&self) -> Router {
        let upload_route = post(api::upload).layer(DefaultBodyLimit::disable());
        let v1 = Router::new()
            .route("/api/v1/warehouses", get(api::warehouses))
            .route("/api/v1/brands", get(api::brands))
            .route("/api/v1/provinces", get(api::provinces))
            .route("/api/v1/districts", get(api::districts))
            .route("/api/v1/wards", get(api::wards))
            .route("/api/v1/files/upload", upload_route)
            .route("/api/v1/products/create", post(api::create_product))
            .route("/api/v1/products", get(api::list_products))
            .route("/api/v1/products/list", get(api::list_products))
            .route("/api/v1/products/stock", get(api::list_stock))
            .route("/api/v1/products/{oasin}/detail", get(api::product_detail))
            .route("/api/v1/products/{oasin}/stock", get(api::product_stock))
            .route("/api/v1/products/{oasin}/assign", put(api::assign_product))
            .route(
                "/api/v1/products/{oasin}/deactivate",
                put(api::deactivate_product),
            )
            .route("/api/v1/products/{oasin}", delete(api::delete_product))
            .route("/api/v1/purchase-orders/create", post(api::create_po))
            .route("/api/v1/purchase-orders", get(api::list_pos))
            .route("/api/v1/purchase-orders/list", get(api::list_pos))
            .route(
                "/api/v1/purchase-orders/{po_code}/detail",
                get(api::po_detail),
            )
            .route(
                "/api/v1/purchase-orders/{po_code}/export-po-bill",
                get(api::po_bill),
            )
            .route(
                "/v1/purchase-orders/{po_code}/export-po-bill",
                get(api::po_bill),
            )
            .route(
                "/api/v1/purchase-orders/{po_code}/inspection-list",
                get(api::po_inspection),
            )
            .route(
                "/v1/purchase-orders/{po_code}/inspection-list",
                get(api::po_inspection),
            )
            .route(
                "/api/v1/purchase-orders/{po_code}/cancel",
                put(api::cancel_po),
            )
            .route("/api/v1/shipments/b2c/create", post(api::create_shipment))
            .route("/api/v1/shipments/b2c", get(api::list_shipments))
            .route("/api/v1/shipments/b2c/list", get(api::list_shipments))
            .route(
                "/api/v1/shipments/b2c/{tracking_code}/detail",
                get(api::shipment_detail),
            )
            .route(
                "/api/v1/shipments/{tracking_code}/detail",
                get(api::shipment_detail),
            )
            .route(
                "/api/v1/shipments/b2c/{tracking_code}/cancel",
                put(api::cancel_shipment),
            )
            .route(
                "/api/v1/return-shipments/b2c/create",
                post(api::create_return),
            )
            .route("/api/v1/return-shipments/b2c", get(api::list_returns))
            .route("/api/v1/return-shipments/b2c/list", get(api::list_returns))
            .route(
                "/api/v1/return-shipments/b2c/{return_tracking_code}/detail",
                get(api::return_detail),
            )
            .route(
                "/api/v1/return-shipments/b2c/{return_tracking_code}/cancel",
                put(api::cancel_return),
            )
            .fallback(api::not_found)
            .method_not_allowed_fallback(api::method_not_allowed)
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                api::auth_and_limit,
            ))
            .layer(axum::middleware::from_fn_with_state(
                self.faults.clone(),
                crate::faults::apply,
            ));
        Router::new()
            .route("/files/ts/{name}", get(api::serve_file))
            .route("/__admin/advance", post(api::admin_advance))
            .route("/__admin/rate-limit", put(api::admin_rate_limit))
            .merge(v1)
            .with_state(self.clone())
    }

    /// `{"base_url", "token"}`, as the standalone binary prints it.
    pub fn info(&self, base_url: &str) -> serde_json::Value {
        json!({ "base_url": base_url, "token": self.inner.token })
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The access token this simulator accepts.
    pub fn token(&self) -> &str {
        &self.inner.token
    }

    /// Change the enforced rate limit (tests shrink it); the documented one is 600 per 60 s and 10 per
    /// second.
    pub fn set_rate_limit(&self, limit: usize, window: Duration) {
        let mut l = self
            .inner
            .limiter
            .write()
            .unwrap_or_else(|p| p.into_inner());
        *l = Arc::new(limiter_for(limit, window));
    }

    /// Move one record (`OAPO…`, `OASC…`, `OARSC…`) or every open record `steps` steps along its flow.
    /// Returns `(code, new status)` per change.
    pub fn advance(&self, code: Option<&str>, steps: u32) -> Vec<(String, Value)> {
        self.with_store(|s| s.advance(code, steps))
    }

    /// Move every open PO one step along its flow (the demo's clock: a new user sees a PO go from
    /// TRANSIT to COMPLETED). Answers how many moved.
    pub fn advance_open_pos(&self) -> usize {
        self.with_store(|s| s.advance_open_pos())
    }

    /// Make a PO come in `short` units short on its last line (its inspection shows the difference).
    pub fn set_po_short(&self, code: &str, short: i64) {
        self.with_store(|s| s.set_po_short(code, short))
    }

    /// Stock of an OASIN in a warehouse as `(on hand, reserved)`, for tests and the demo.
    pub fn stock(&self, oasin: &str, warehouse: &str) -> Option<(i64, i64)> {
        self.with_store(|s| {
            s.product(oasin)
                .and_then(|p| p.stock.get(warehouse))
                .map(|c| (c.on_hand, c.reserved))
        })
    }

    /// Move the on-hand stock of an OASIN in a warehouse by `delta`, as the warehouse's own count would
    /// (benchmarks and tests of freshness). Returns the new on-hand figure.
    pub fn adjust_stock(&self, oasin: &str, warehouse: &str, delta: i64) -> Option<i64> {
        self.with_store(|s| {
            let c = s.cell_mut(oasin, warehouse)?;
            c.on_hand = (c.on_hand + delta).max(c.reserved);
            Some(c.on_hand)
        })
    }

    /// Set the sellable stock of the product with SKU `sku` to `sellable` (see
    /// `Store::set_sellable_by_sku`). Answers its OASIN, `None` when no product has that SKU.
    pub fn set_sellable_by_sku(&self, sku: &str, sellable: i64) -> Option<String> {
        self.with_store(|s| s.set_sellable_by_sku(sku, sellable))
    }

    fn with_store<R>(&self, f: impl FnOnce(&mut store::Store) -> R) -> R {
        let mut s = self.inner.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut s)
    }

    fn limiter(&self) -> Arc<WindowLimiter> {
        self.inner
            .limiter
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn log_id(&self) -> String {
        let n = self.inner.log_seq.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn file_url(&self, key: &str) -> String {
        format!("{}/files/{key}", self.inner.public_base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_deterministic_and_ids_follow_onflow_formats() {
        let opts = Options {
            products: 12,
            seed: 7,
        };
        let a = Sim::new(&opts, "http://x/onflow");
        let b = Sim::new(&opts, "http://x/onflow");
        assert_eq!(a.token(), b.token());
        let (pa, sa) = a.with_store(|s| (s.products[0].oasin.clone(), s.shipments.len()));
        let (pb, sb) = b.with_store(|s| (s.products[0].oasin.clone(), s.shipments.len()));
        assert_eq!((pa.clone(), sa), (pb, sb));
        assert!(pa.starts_with("OASIN") && pa.len() == 12, "{pa}");
        a.with_store(|s| {
            assert!(s
                .pos
                .iter()
                .all(|p| p.code.len() == 13 && p.code.starts_with("OAPO")));
            assert!(s
                .shipments
                .iter()
                .all(|p| p.code.len() == 12 && p.code.starts_with("OASC")));
            assert!(s
                .returns
                .iter()
                .all(|p| p.code.len() == 14 && p.code.starts_with("OARSC")));
            assert!(s
                .products
                .iter()
                .all(|p| p.status == "ACTIVE" && (2..=3).contains(&p.stock.len())));
            let statuses: std::collections::BTreeSet<i64> =
                s.shipments.iter().map(|x| x.status).collect();
            assert!(statuses.len() >= 4, "{statuses:?}");
        });
    }

    /// A shipment body the simulator accepts (one unit of a product in stock).
    fn shipment_body(sim: &Sim, reference: &str) -> serde_json::Map<String, Value> {
        let (oasin, wh) = sim.with_store(|s| {
            s.products
                .iter()
                .find_map(|p| {
                    p.stock
                        .iter()
                        .find(|(_, c)| c.on_hand - c.reserved >= 5)
                        .map(|(w, _)| (p.oasin.clone(), w.clone()))
                })
                .expect("a product in stock")
        });
        let body = json!({"platform": "shopee", "merchant_tracking_code_reference": reference,
            "warehouse_code": wh, "items": [{"oasin": oasin, "quantity": 1}]});
        body.as_object().cloned().expect("object")
    }

    #[test]
    fn a_repeated_reference_is_refused_unless_the_no_dedupe_switch_is_on() {
        let sim = Sim::new(
            &Options {
                products: 12,
                seed: 7,
            },
            "http://x/onflow",
        );
        let body = shipment_body(&sim, "SD-REF-1");
        let lang = text::Lang::En;
        assert!(sim.faults().dedupes_reference());
        let dedupe = sim.faults().dedupes_reference();
        assert!(sim
            .with_store(|s| s.create_shipment(&body, lang, dedupe))
            .is_ok());
        assert!(sim
            .with_store(|s| s.create_shipment(&body, lang, dedupe))
            .is_err());
        sim.faults().set(crate::FaultConfig {
            no_reference_dedupe: true,
            ..Default::default()
        });
        let dedupe = sim.faults().dedupes_reference();
        assert!(!dedupe);
        assert!(sim
            .with_store(|s| s.create_shipment(&body, lang, dedupe))
            .is_ok());
        let n = sim.with_store(|s| {
            s.shipments
                .iter()
                .filter(|x| x.reference == "SD-REF-1")
                .count()
        });
        assert_eq!(n, 2, "a second shipment with the same reference");
    }

    #[test]
    fn creates_are_posts_to_create_paths() {
        assert!(is_create(&Method::POST, "/api/v1/shipments/b2c/create"));
        assert!(is_create(&Method::POST, "/onflow/api/v1/products/create"));
        assert!(!is_create(&Method::GET, "/api/v1/shipments/b2c/create"));
        assert!(!is_create(&Method::POST, "/api/v1/files/upload"));
    }

    #[test]
    fn seeding_ten_thousand_variations_is_fast() {
        let t = std::time::Instant::now();
        let sim = Sim::new(
            &Options {
                products: 2500,
                seed: 1,
            },
            "http://x/onflow",
        );
        let n = sim.with_store(|s| s.products.len());
        assert!(n >= 7_000, "{n}");
        // generous bound for debug builds on a busy 2-core machine
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    }
}
