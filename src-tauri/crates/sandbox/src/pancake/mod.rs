//! Pancake POS Open API simulator, mounted at the server root: paths `/api/v1/…`, base URL
//! `http://HOST/api/v1` (digest `shared/vendors/pancake.md`).
//!
//! - Auth: query parameter `api_key` ([`DEMO_API_KEY`]). Missing → HTTP **200**
//!   `{"success":false,"message":"Missing access_token","error_code":101}`; wrong → HTTP 403 `error_code` 105.
//!   The geo endpoints also answer without a key (the dump shows none on them).
//! - Every answer is a Pancake envelope: `success`, `data`, paging (`page_number`, `page_size`,
//!   `total_entries`, `total_pages`), bare objects for one order / one product, `{"shops": …}`.
//!   Errors: 400 `invalid_parameters`, 404 `order_not_found`, HTTP 200 `success:false` "product not found".
//! - Rate limit: [`RATE_LIMIT_REQUESTS`] per [`RATE_LIMIT_WINDOW`] per key (Pancake publishes no numbers:
//!   this value is inferred and configurable with [`Sim::set_rate_limit`]); over it → HTTP 429
//!   `error_code` 106, without `Retry-After` (none is documented).
//! - Orders: per-shop ids, flat create body, `custom_id` stored and matched by the list's `search`
//!   parameter (Pancake documents no lookup by `custom_id`; `search` is how clients find it) and by
//!   `GET /orders/{custom_id}`; status moves follow an inferred graph ([`data::transition_allowed`]);
//!   sellable stock is reserved on create, on-hand stock leaves on shipping, cancel/return give it back.
//! - [`backoffice`]: call-backs, purchases, exports, transactions, transfers, stocktakings, vouchers,
//!   promotions, kits, fee quotes, product tags, `update_hide`, `trigger_call` and `arrange_shipment`, with the OpenAPI `required` fields; [`labels`]: print and tracking links served as
//!   real PDF / HTML documents by this server. Rules table: `crates/sandbox/RULES.md`.

mod backoffice;
pub mod data;
mod handlers;
mod labels;

use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::json;

use crate::limits::WindowLimiter;
use crate::{Faults, Options};

pub use data::{DEMO_API_KEY, SECOND_SHOP_ID, SHOP_ID};

/// Requests per window per API key before HTTP 429 / `error_code` 106. **Inferred** (Pancake publishes no
/// numbers; field reports suggest a slow, single-lane client): the one place this value lives, equal to the
/// client's conservative default (`pancake::DEFAULT_RATE_LIMIT`) so both sides assume the same budget.
pub const RATE_LIMIT_REQUESTS: usize = 120;
/// The window of [`RATE_LIMIT_REQUESTS`].
pub const RATE_LIMIT_WINDOW: Duration = Duration::from_secs(60);

pub(crate) struct Inner {
    pub shops: Vec<data::Shop>,
    pub geo: data::Geo,
    pub seed: u64,
    /// Call-backs, purchases, exports, vouchers, promotions and kits per shop id (`backoffice`).
    pub books: std::collections::HashMap<i64, backoffice::Books>,
}

#[derive(Clone)]
pub struct Sim {
    pub(crate) state: Arc<Mutex<Inner>>,
    limiter: Arc<RwLock<Arc<WindowLimiter>>>,
    faults: Faults,
    /// POS permissions the key's user lacks ([`Sim::deny_permission`]); none by default.
    denied: Arc<RwLock<Vec<String>>>,
}

/// Which POS permission guards which paths. The docs name one permission, `ql_donhang` (order
/// management), in their 403 example (digest §1.2, §1.5); it guards the order paths.
pub const PERMISSIONS: &[(&str, &str)] = &[("ql_donhang", "/orders")];

/// The 429 answer (also used by the fault knob's forced rate-limit window).
fn rate_limited(_secs: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({"success": false, "message": "You have reached the limit of requests", "error_code": 106})),
    )
        .into_response()
}

/// "Commit then drop" applies to order creation.
fn is_create(m: &Method, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    m == Method::POST && (path.ends_with("/orders") || path.ends_with("/products"))
}

impl Sim {
    pub fn new(options: &Options) -> Self {
        let geo = data::build_geo();
        let main = data::seed_main_shop(options, &geo);
        let second = data::seed_second_shop(options.seed, &geo);
        Sim {
            state: Arc::new(Mutex::new(Inner {
                shops: vec![main, second],
                geo,
                seed: options.seed,
                books: std::collections::HashMap::new(),
            })),
            limiter: Arc::new(RwLock::new(Arc::new(WindowLimiter::new(
                RATE_LIMIT_REQUESTS,
                RATE_LIMIT_WINDOW,
            )))),
            faults: Faults::new(options.seed, rate_limited, is_create),
            denied: Arc::new(RwLock::new(Vec::new())),
        }
    }

    /// Change the rate limit (tests shrink it); counting starts afresh.
    pub fn set_rate_limit(&self, requests: usize, window: Duration) {
        let l = Arc::new(WindowLimiter::new(requests, window));
        match self.limiter.write() {
            Ok(mut g) => *g = l,
            Err(p) => *p.into_inner() = l,
        }
    }

    /// Take a POS permission (one of [`PERMISSIONS`]) away from the demo key's user: its paths answer the
    /// documented HTTP 403 `{"success": false, "message": "Insufficient permissions", "permission": …}`.
    pub fn deny_permission(&self, permission: &str) {
        match self.denied.write() {
            Ok(mut g) => g.push(permission.to_string()),
            Err(p) => p.into_inner().push(permission.to_string()),
        }
    }

    /// Give every permission back.
    pub fn allow_all_permissions(&self) {
        match self.denied.write() {
            Ok(mut g) => g.clear(),
            Err(p) => p.into_inner().clear(),
        }
    }

    fn missing_permission(&self, path: &str) -> Option<&'static str> {
        let denied = match self.denied.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        };
        PERMISSIONS
            .iter()
            .find(|(perm, guarded)| denied.iter().any(|d| d == perm) && path.contains(guarded))
            .map(|(perm, _)| *perm)
    }

    /// (requests, window) currently enforced.
    pub fn rate_limit(&self) -> (usize, Duration) {
        let l = self.current_limiter();
        (l.limit(), l.window())
    }

    fn current_limiter(&self) -> Arc<WindowLimiter> {
        match self.limiter.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Number of live variations of the seeded shop (what a full catalog walk must return).
    pub fn variation_count(&self) -> usize {
        let s = self.lock();
        s.shops
            .iter()
            .find(|x| x.id == SHOP_ID)
            .map_or(0, |x| x.variations.iter().filter(|v| !v.removed).count())
    }

    /// Number of orders of a shop, removed ones included.
    pub fn order_count(&self, shop_id: i64) -> usize {
        self.lock()
            .shops
            .iter()
            .find(|x| x.id == shop_id)
            .map_or(0, |x| x.orders.len())
    }

    /// (sellable, on hand) of a variation (id or SKU) in a warehouse of the seeded shop.
    pub fn stock(&self, variation: &str, warehouse_id: &str) -> Option<(i64, i64)> {
        let s = self.lock();
        let shop = s.shops.iter().find(|x| x.id == SHOP_ID)?;
        let v = shop.find_variation(variation)?;
        let w = shop.warehouse_index(warehouse_id)?;
        let st = shop.variations[v].stock.get(w)?;
        Some((st.remain, st.actual))
    }

    /// Move the on-hand and sellable stock of a variation (id or SKU) in a warehouse of the seeded shop by
    /// `delta`, as a stocktaking in Pancake's own screens would, logged in its inventory history. Returns the
    /// new (sellable, on hand), or `None` for an unknown variation or warehouse.
    pub fn adjust_stock(
        &self,
        variation: &str,
        warehouse_id: &str,
        delta: i64,
    ) -> Option<(i64, i64)> {
        let mut s = self.lock();
        let shop = s.shops.iter_mut().find(|x| x.id == SHOP_ID)?;
        let v = shop.find_variation(variation)?;
        let w = shop.warehouse_index(warehouse_id)?;
        let st = shop.variations[v].stock.get_mut(w)?;
        let before = *st;
        st.remain += delta;
        st.actual += delta;
        let after = (st.remain, st.actual);
        shop.record_stock(v, w, before, "stocktakings", "Kiểm kho".to_string(), None);
        Some(after)
    }

    /// Ids of the seeded shop's live variations and of its warehouses (benchmarks pick from them).
    pub fn ids(&self) -> (Vec<String>, Vec<String>) {
        let s = self.lock();
        let Some(shop) = s.shops.iter().find(|x| x.id == SHOP_ID) else {
            return (Vec::new(), Vec::new());
        };
        (
            shop.variations
                .iter()
                .filter(|v| !v.removed)
                .map(|v| v.id.clone())
                .collect(),
            shop.warehouses.iter().map(|w| w.id.clone()).collect(),
        )
    }

    pub fn router(&self) -> Router {
        let shop = Router::new()
            .route("/", put(handlers::put_shop))
            .route(
                "/orders",
                get(handlers::list_orders).post(handlers::create_order),
            )
            .route("/orders/tags", get(handlers::order_tags))
            .route("/orders/get_tracking_url", post(labels::tracking_url))
            .route(
                "/orders/arrange_shipment",
                post(backoffice::arrange_shipment),
            )
            .route("/orders/price_comparing", post(backoffice::price_comparing))
            .route(
                "/order_call_laters",
                get(backoffice::list_call_laters).post(backoffice::create_call_later),
            )
            .route(
                "/purchases",
                get(backoffice::list_purchases).post(backoffice::create_purchase),
            )
            .route(
                "/export",
                get(backoffice::list_exports).post(backoffice::create_export),
            )
            .route(
                "/vouchers",
                get(backoffice::list_vouchers).post(backoffice::create_voucher),
            )
            .route("/vouchers/create_multi", post(backoffice::create_vouchers))
            .route("/vouchers/{voucher_id}", get(backoffice::get_voucher))
            .route(
                "/promotion_advance",
                get(backoffice::list_promotions).post(backoffice::create_promotion),
            )
            .route(
                "/promotion_products",
                get(backoffice::list_simple_promotions).post(backoffice::create_simple_promotion),
            )
            .route(
                "/variations/update_composite_product",
                post(backoffice::update_composite),
            )
            .route("/tags_products", post(backoffice::create_product_tag))
            .route(
                "/transactions",
                get(backoffice::list_transactions).post(backoffice::create_transaction),
            )
            .route("/transfers", get(backoffice::list_transfers))
            .route("/transfers/multi", post(backoffice::create_transfers))
            .route("/transfers/{transfer_id}", put(backoffice::update_transfer))
            .route(
                "/stocktakings",
                get(backoffice::list_stocktakings).post(backoffice::create_stocktaking),
            )
            .route(
                "/stocktakings/{stocktaking_id}",
                get(backoffice::get_stocktaking).put(backoffice::update_stocktaking),
            )
            .route("/purchases/separate", post(backoffice::separate_purchase))
            .route("/purchases/{purchase_id}", put(backoffice::update_purchase))
            .route("/export/{export_id}", put(backoffice::update_export))
            .route(
                "/promotion_products/{promotion_id}",
                put(backoffice::update_simple_promotion),
            )
            .route("/products/update_hide", put(backoffice::update_hide))
            .route(
                "/promotion_advance/{promotion_id}",
                put(backoffice::update_promotion),
            )
            .route(
                "/promotion_advance/create_multi",
                post(backoffice::create_customer_promotion),
            )
            .route("/adv_costs", post(backoffice::create_advertising_cost))
            .route(
                "/promotion_advance/delete_multi",
                post(backoffice::promotions_action),
            )
            .route(
                "/orders/{order_id}/trigger_call",
                post(backoffice::trigger_call),
            )
            .route(
                "/orders/{order_id}",
                get(handlers::get_order).put(handlers::update_order),
            )
            .route("/order_source", get(handlers::order_sources))
            .route("/orders_returned", get(handlers::returned_orders))
            .route(
                "/warehouses",
                get(handlers::list_warehouses).post(handlers::create_warehouse),
            )
            .route(
                "/warehouses/{warehouse_id}",
                put(handlers::update_warehouse),
            )
            .route(
                "/warehouses/{warehouse_id}/",
                put(handlers::update_warehouse),
            )
            .route("/users", get(handlers::users))
            .route("/partners", get(handlers::partners))
            .route("/products", post(handlers::create_product))
            .route("/products/variations", get(handlers::list_variations))
            .route("/inventory_histories", get(handlers::inventory_histories))
            .route(
                "/products/get_logistics_shipping_document",
                post(labels::shipping_documents),
            )
            .route(
                "/products/{product}",
                get(handlers::get_product).put(handlers::update_product),
            )
            .route(
                "/variations/update_quantity",
                post(handlers::update_stock_multi),
            )
            .route(
                "/variations/{variation_id}/update_quantity",
                post(handlers::update_stock_one),
            )
            .route("/categories", get(handlers::categories))
            .route(
                "/product_measurements/get_measure",
                get(handlers::measurements),
            )
            .route(
                "/customers",
                get(handlers::list_customers).post(handlers::create_customer),
            )
            .route(
                "/customers/{customer_id}",
                get(handlers::get_customer).put(handlers::update_customer),
            );
        let api = Router::new()
            .route("/shops", get(handlers::shops))
            .route("/geo/provinces", get(handlers::provinces))
            .route("/geo/districts", get(handlers::districts))
            .route("/geo/communes", get(handlers::communes))
            .nest("/shops/{shop_id}", shop)
            .fallback(handlers::not_found)
            .with_state(self.clone())
            .layer(axum::middleware::from_fn_with_state(self.clone(), guard));
        // the links handed out by the print and tracking calls: public, no `api_key` (labels.rs)
        let links = Router::new()
            .route(
                "/content.pancake.vn/sandbox/{shop_id}/{file}",
                get(labels::document),
            )
            .route("/pke.gg/{code}", get(labels::tracking_page))
            .with_state(self.clone());
        Router::new()
            .nest("/api/v1", api)
            .merge(links)
            .layer(axum::middleware::from_fn_with_state(
                self.faults.clone(),
                crate::faults::apply,
            ))
    }

    pub fn info(&self, base_url: &str) -> serde_json::Value {
        json!({
            "base_url": format!("{}/api/v1", base_url.trim_end_matches('/')),
            "api_key": DEMO_API_KEY,
            "shop_id": SHOP_ID,
        })
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }
}

/// Auth (`api_key` query parameter) and the per-key rate limit, before any handler.
async fn guard(State(sim): State<Sim>, req: Request, next: Next) -> Response {
    let q = handlers::Q::parse(req.uri().query());
    let is_geo = req.uri().path().contains("/geo/");
    let key = q.get("api_key").map(str::to_string);
    match key.as_deref() {
        None | Some("") if !is_geo => {
            return Json(
                json!({"success": false, "message": "Missing access_token", "error_code": 101}),
            )
            .into_response();
        }
        Some(k) if !k.is_empty() && k != DEMO_API_KEY => {
            return (
                StatusCode::FORBIDDEN,
                Json(json!({"success": false, "message": "api_key is invalid", "error_code": 105})),
            )
                .into_response();
        }
        _ => {}
    }
    if let Some(permission) = sim.missing_permission(req.uri().path()) {
        return (
            StatusCode::FORBIDDEN,
            Json(json!({"success": false, "message": "Insufficient permissions", "permission": permission})),
        )
            .into_response();
    }
    let who = key.unwrap_or_else(|| "anonymous".to_string());
    if sim.current_limiter().check(&who).is_err() {
        return rate_limited(0);
    }
    next.run(req).await
}
