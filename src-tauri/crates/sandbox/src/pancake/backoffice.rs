//! The Pancake endpoints around orders and stock that the first simulator did not serve: call-backs
//! (`order_call_laters`), purchases (goods receipts), exports (goods issues), transactions, transfers,
//! stocktakings, vouchers, advanced and simple
//! promotions (and `delete_multi`), kit contents (`update_composite_product`), fee quotes (`price_comparing`),
//! product tags, `update_hide`, `trigger_call` and the marketplace `arrange_shipment`. Each one holds the required fields of the OpenAPI `required` lists and the digest's
//! field tables (`shared/vendors/pancake.md` §3.3.11, §3.7.6, §3.12, §3.13, §3.17-3.19, §3.21, §4), stores
//! what it accepts per shop and lists it in its documented GET. Refusals are the documented 400
//! `invalid_parameters`; a value the docs leave open is accepted.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{json, Map, Value};

use super::data::{self, ts, Shop};
use super::handlers::{
    as_bool, as_i64, as_text, body_object, bounded, find_order, invalid, not_found_named,
    page_params, paged, respond, ApiErr, Q,
};
use super::{Inner, Sim};

/// What one shop holds of these documents (rendered rows, newest last).
#[derive(Debug, Default)]
pub(crate) struct Books {
    call_laters: Vec<Value>,
    purchases: Vec<Value>,
    exports: Vec<Value>,
    vouchers: Vec<Value>,
    promotions: Vec<Value>,
    simple_promotions: Vec<Value>,
    /// kit variation id → `composite_products` as last sent.
    composites: HashMap<String, Vec<Value>>,
    product_tags: Vec<Value>,
    transactions: Vec<Value>,
    transfers: Vec<Value>,
    stocktakings: Vec<Value>,
    next: u64,
}

impl Books {
    fn next_n(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

/// Order sources that are marketplaces (`arrange_shipment` is for them only, digest §3.3.7 item 6, §4):
/// Shopee -3 and Tiktok -7 as the simulator's `order_source` lists them; Lazada's id is not documented.
/// **Inferred** ids.
pub const MARKETPLACE_SOURCES: &[i64] = &[-3, -7];
/// Call-later statuses (digest §3.3.11): 0 pending, 3 calling, 1 done, 2 failed, 7 deleted.
const CALL_LATER_STATUSES: &[i64] = &[0, 1, 2, 3, 7];
/// Purchase statuses (§3.12): -1 new, 0 confirmed, 1 received into stock, 2 cancelled.
const PURCHASE_STATUSES: &[i64] = &[-1, 0, 1, 2];
/// Export statuses (§3.13): 0 new / defective, 1 completed / discarded, 2 cancelled; types 0 normal, 1 defective.
const EXPORT_STATUSES: &[i64] = &[0, 1, 2];
const EXPORT_TYPES: &[i64] = &[0, 1];
/// `promotion_advance.type` (§3.19).
pub const PROMOTION_TYPES: &[&str] = &[
    "discount_by_coupon_id",
    "discount_by_product",
    "fixed_prices",
    "coupon",
    "double_reward_point",
    "discount_by_entire_or_category_product",
    "discount_by_order_price",
];
/// Fee quotes: the carriers of the docs' example answer (§3.21) and, **inferred**, a base fee plus a fee per
/// started 500 g, cheaper inside the warehouse's province.
const QUOTE_CARRIERS: &[(i64, &str, i64)] = &[
    (0, "Snappy", 25_000),
    (1, "GHTK", 22_000),
    (5, "GHN", 30_000),
    (16, "Best Express", 20_000),
];
const QUOTE_PER_HALF_KG: i64 = 5_000;
const QUOTE_INTRA_PROVINCE_DISCOUNT: i64 = 10_000;

/// The creator the simulator stamps on documents (the seeded manager).
fn creator(seed: u64) -> Value {
    json!({"id": data::uuid(seed, "user", 0), "name": "Nguyễn Văn Quản Lý"})
}

/// Run `f` on the shop of the path and its books, or answer the documented 404 for an unknown shop.
fn with_books<T>(
    sim: &Sim,
    shop_id: &str,
    f: impl FnOnce(&mut Shop, &mut Books, u64) -> Result<T, ApiErr>,
) -> Result<T, ApiErr> {
    let mut g = sim.lock();
    let Inner {
        shops, seed, books, ..
    } = &mut *g;
    let id: i64 = shop_id
        .trim()
        .parse()
        .map_err(|_| invalid("SHOP_ID must be an integer"))?;
    let shop = shops
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| not_found_named("order_not_found"))?;
    f(shop, books.entry(id).or_default(), *seed)
}

// ---------------------------------------------------------------- field checks

/// The object wrapped under `key` (`{"purchase": {...}}`), required.
fn wrapped(b: &Map<String, Value>, key: &str) -> Result<Map<String, Value>, ApiErr> {
    match b.get(key) {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => Err(invalid(&format!("{key} is required"))),
    }
}

fn present<'a>(m: &'a Map<String, Value>, key: &str, at: &str) -> Result<&'a Value, ApiErr> {
    m.get(key)
        .filter(|v| !v.is_null())
        .ok_or_else(|| invalid(&format!("{at}{key} is required")))
}

fn req_int(m: &Map<String, Value>, key: &str, at: &str) -> Result<i64, ApiErr> {
    as_i64(present(m, key, at)?).ok_or_else(|| invalid(&format!("{at}{key} must be an integer")))
}

fn req_text(m: &Map<String, Value>, key: &str, at: &str) -> Result<String, ApiErr> {
    as_text(present(m, key, at)?)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| invalid(&format!("{at}{key} is required")))
}

fn req_list<'a>(m: &'a Map<String, Value>, key: &str, at: &str) -> Result<&'a [Value], ApiErr> {
    present(m, key, at)?
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| invalid(&format!("{at}{key} must be a list")))
}

fn objects<'a>(
    list: &'a [Value],
    at: &str,
) -> impl Iterator<Item = Result<(usize, &'a Map<String, Value>), ApiErr>> + 'a {
    let at = at.to_string();
    list.iter().enumerate().map(move |(n, v)| {
        v.as_object()
            .map(|m| (n, m))
            .ok_or_else(|| invalid(&format!("{at}[{n}] must be an object")))
    })
}

fn opt_enum(
    m: &Map<String, Value>,
    key: &str,
    allowed: &[i64],
    default: i64,
) -> Result<i64, ApiErr> {
    match m.get(key).filter(|v| !v.is_null()) {
        None => Ok(default),
        Some(v) => as_i64(v)
            .filter(|s| allowed.contains(s))
            .ok_or_else(|| invalid(&format!("{key} must be one of {allowed:?}"))),
    }
}

/// A documented ISO-8601 time (`2024-08-29T05:50:31.700Z`, or naive UTC).
fn iso_time(v: &Value, key: &str) -> Result<DateTime<Utc>, ApiErr> {
    let s = v
        .as_str()
        .ok_or_else(|| invalid(&format!("{key} must be an ISO-8601 time")))?;
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").map(|t| t.and_utc()))
        .map_err(|_| invalid(&format!("{key} must be an ISO-8601 time")))
}

fn warehouse_of(shop: &Shop, m: &Map<String, Value>, at: &str) -> Result<usize, ApiErr> {
    let wid = req_text(m, "warehouse_id", at)?;
    // inferred: the shop's own warehouses only (as on orders)
    shop.warehouse_index(&wid)
        .ok_or_else(|| invalid(&format!("{at}warehouse_id {wid} does not exist")))
}

fn variation_of(shop: &Shop, key: &str, at: &str) -> Result<usize, ApiErr> {
    shop.find_variation(key)
        .ok_or_else(|| invalid(&format!("{at} {key} does not exist")))
}

/// Move the sellable and on-hand stock of variation `v` in warehouse `w` by `delta`, logged in the inventory
/// history under `table_name`.
fn move_both(
    shop: &mut Shop,
    v: usize,
    w: usize,
    delta: i64,
    table_name: &'static str,
    kind: String,
    reference: String,
) {
    let Some(st) = shop.variations.get_mut(v).and_then(|x| x.stock.get_mut(w)) else {
        return;
    };
    let before = *st;
    st.remain = st.remain.saturating_add(delta);
    st.actual = st.actual.saturating_add(delta);
    shop.record_stock(v, w, before, table_name, kind, Some(reference));
}

fn now_text() -> String {
    ts(Utc::now())
}

fn filter_status(rows: &[Value], status: Option<i64>, all: i64) -> Vec<Value> {
    rows.iter()
        .rev()
        .filter(|r| status.is_none_or(|s| s == all || r["status"].as_i64() == Some(s)))
        .cloned()
        .collect()
}

// ---------------------------------------------------------------- call-backs (§3.3.11)

pub(crate) async fn list_call_laters(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let (page, size) = page_params(&q, "page_number")?;
        // `key` is a time bucket whose values other than `today` are undocumented: echoed, not applied
        let key = q.text("key").unwrap_or_else(|| "today".into());
        let rows = filter_status(&books.call_laters, q.int("status")?, -1);
        let mut out = paged(&rows, page, size, Value::clone);
        out["key"] = json!(key);
        Ok(out)
    }))
}

pub(crate) async fn create_call_later(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let c = wrapped(&body_object(&body)?, "order_call_later")?;
        let at = "order_call_later.";
        let needs = iso_time(present(&c, "needs_call_at", at)?, "needs_call_at")?;
        let phone = req_text(&c, "phone_number", at)?;
        // required in the dump's table, optional in docs25 and the OpenAPI: optional, 0 by default
        let status = opt_enum(&c, "status", CALL_LATER_STATUSES, 0)?;
        let order_ids: Vec<Value> = c
            .get("order_ids")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let first = order_ids.first().and_then(as_text);
        let order = first
            .as_deref()
            .and_then(|k| find_order(shop, k))
            .map(|i| &shop.orders[i]);
        let n = books.next_n();
        let row = json!({
            "id": data::uuid(seed, &format!("call_later{}", shop.id), n),
            "display_id": n, "type": "call", "status": status,
            "order_id": first.as_deref().and_then(|s| s.parse::<i64>().ok()),
            "order_display_id": order.map(|o| o.custom_id.clone().unwrap_or_else(|| o.display_id.to_string())),
            "order_ids": order_ids,
            "phone_number": phone,
            "needs_call_at": ts(needs), "called_at": null,
            "notice_created": c.get("notice_created").cloned().unwrap_or(Value::Null),
            "need_notify_users": c.get("need_notify_users").cloned().unwrap_or_else(|| json!([])),
            "creator": creator(seed), "shop_id": shop.id, "inserted_at": now_text()
        });
        books.call_laters.push(row.clone());
        Ok(json!({"data": row, "success": true}))
    }))
}

// ---------------------------------------------------------------- purchases (§3.12)

pub(crate) async fn list_purchases(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        // the docs mark page/page_size required and give defaults 1/30: the defaults apply
        let (page, size) = page_params(&q, "page")?;
        let rows = filter_status(&books.purchases, q.int("status")?, -2);
        Ok(paged(&rows, page, size, Value::clone))
    }))
}

pub(crate) async fn create_purchase(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let p = wrapped(&body_object(&body)?, "purchase")?;
        let at = "purchase.";
        let status = req_int(&p, "status", at)?;
        if !PURCHASE_STATUSES.contains(&status) {
            return Err(invalid(&format!(
                "purchase.status must be one of {PURCHASE_STATUSES:?}"
            )));
        }
        let wh = warehouse_of(shop, &p, at)?;
        let mut lines = Vec::new();
        for it in objects(req_list(&p, "items", at)?, "purchase.items") {
            let (n, it) = it?;
            let at = format!("purchase.items[{n}].");
            let price = req_int(it, "imported_price", &at)?;
            let qty = bounded(req_int(it, "quantity", &at)?, &format!("{at}quantity"))?;
            let v = match it.get("variation_id").and_then(as_text) {
                Some(k) => Some(variation_of(shop, &k, &format!("{at}variation_id"))?),
                None => None,
            };
            lines.push((v, qty, price, it.clone()));
        }
        let n = books.next_n();
        let id = data::uuid(seed, &format!("purchase{}", shop.id), n);
        if status == 1 {
            for (v, qty, _, _) in &lines {
                if let Some(v) = v {
                    move_both(
                        shop,
                        *v,
                        wh,
                        *qty,
                        "purchases",
                        format!("Nhập hàng #{n}"),
                        n.to_string(),
                    );
                }
            }
        }
        let items: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, (v, qty, price, raw))| {
                json!({
                    "id": data::uuid(seed, &format!("purchase_item{}", shop.id), n * 1000 + i as u64),
                    "variation_id": v.map(|v| shop.variations[v].id.clone()),
                    "product_name": v.map(|v| shop.variations[v].name.clone()),
                    "quantity": qty, "imported_price": price,
                    "gross_price": raw.get("gross_price").cloned().unwrap_or(json!(price)),
                    "discount": raw.get("discount").cloned().unwrap_or(json!(0)),
                    "note_purchase": raw.get("note_purchase").cloned().unwrap_or(Value::Null)
                })
            })
            .collect();
        let total_quantity = lines.iter().fold(0i64, |a, l| a.saturating_add(l.1));
        let total_price = lines
            .iter()
            .fold(0i64, |a, l| a.saturating_add(l.1.saturating_mul(l.2)));
        let row = json!({
            "id": id, "display_id": n, "status": status,
            "warehouse_id": shop.warehouses[wh].id,
            "supplier_products_id": p.get("supplier_products_id").cloned().unwrap_or(Value::Null),
            "created_type": "actual_purchase", "items": items,
            "total_quantity": total_quantity, "total_remain_quantity": total_quantity,
            "total_price": total_price, "total_remain_price": total_price,
            "transport_fee": p.get("transport_fee").cloned().unwrap_or(json!(0)),
            "discount": p.get("discount").cloned().unwrap_or(json!(0)),
            "auto_create_debts": p.get("auto_create_debts").and_then(as_bool).unwrap_or(false),
            "not_create_transaction": p.get("not_create_transaction").and_then(as_bool).unwrap_or(false),
            "tags": p.get("tags").cloned().unwrap_or_else(|| json!([])),
            "images": p.get("images").cloned().unwrap_or_else(|| json!([])),
            "note": p.get("note").cloned().unwrap_or(Value::Null),
            "user_id": data::uuid(seed, "user", 0),
            "received_at": p.get("received_at").and_then(as_i64)
                .and_then(|s| DateTime::from_timestamp(s, 0)).map(ts),
            "inserted_at": now_text(), "updated_at": now_text()
        });
        books.purchases.push(row);
        Ok(json!({"success": true}))
    }))
}

// ---------------------------------------------------------------- exports (§3.13)

pub(crate) async fn list_exports(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let (page, size) = page_params(&q, "page")?;
        let kind = q.int("type")?.unwrap_or(0);
        let rows: Vec<Value> = filter_status(&books.exports, q.int("status")?, -1)
            .into_iter()
            .filter(|r| r["type"].as_i64() == Some(kind))
            .collect();
        Ok(paged(&rows, page, size, Value::clone))
    }))
}

pub(crate) async fn create_export(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let e = wrapped(&body_object(&body)?, "export_list")?;
        let at = "export_list.";
        let status = req_int(&e, "status", at)?;
        if !EXPORT_STATUSES.contains(&status) {
            return Err(invalid(&format!(
                "export_list.status must be one of {EXPORT_STATUSES:?}"
            )));
        }
        let kind = opt_enum(&e, "type", EXPORT_TYPES, 0)?;
        let wh = warehouse_of(shop, &e, at)?;
        let mut lines = Vec::new();
        for it in objects(
            req_list(&e, "export_items", at)?,
            "export_list.export_items",
        ) {
            let (n, it) = it?;
            let at = format!("export_list.export_items[{n}].");
            let key = req_text(it, "variation_id", &at)?;
            let v = variation_of(shop, &key, &format!("{at}variation_id"))?;
            let qty = bounded(req_int(it, "quantity", &at)?, &format!("{at}quantity"))?;
            let price = req_int(it, "imported_price", &at)?;
            lines.push((v, qty, price));
        }
        let n = books.next_n();
        if status == 1 {
            for (v, qty, _) in &lines {
                move_both(
                    shop,
                    *v,
                    wh,
                    qty.saturating_neg(),
                    "export",
                    format!("Xuất kho #{n}"),
                    n.to_string(),
                );
            }
        }
        let now = now_text();
        let items: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, (v, qty, price))| {
                json!({
                    "id": data::uuid(seed, &format!("export_item{}", shop.id), n * 1000 + i as u64),
                    "variation_id": shop.variations[*v].id, "quantity": qty,
                    "imported_price": price, "display_id": i, "inserted_at": now
                })
            })
            .collect();
        let row = json!({
            "id": data::uuid(seed, &format!("export{}", shop.id), n),
            "display_id": n, "type": kind, "status": status,
            "warehouse_id": shop.warehouses[wh].id,
            "supplier_products_id": e.get("supplier_products_id").cloned().unwrap_or(Value::Null),
            "note": e.get("note").cloned().unwrap_or(Value::Null),
            "tags": e.get("tags").cloned().unwrap_or_else(|| json!([])),
            "images": e.get("images").cloned().unwrap_or_else(|| json!([])),
            "total": lines.iter().fold(0i64, |a, l| a.saturating_add(l.1)),
            "total_price": lines.iter().fold(0i64, |a, l| a.saturating_add(l.1.saturating_mul(l.2))),
            "export_items": items,
            "user_id": data::uuid(seed, "user", 0), "user": creator(seed),
            "inserted_at": now, "updated_at": now
        });
        books.exports.push(row);
        Ok(json!({"success": true}))
    }))
}

// ---------------------------------------------------------------- vouchers (§3.17)

pub(crate) async fn list_vouchers(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let (page, size) = match q.get("page") {
            Some(_) => page_params(&q, "page")?,
            None => page_params(&q, "page_number")?,
        };
        let rows: Vec<Value> = books.vouchers.iter().rev().cloned().collect();
        Ok(paged(&rows, page, size, Value::clone))
    }))
}

pub(crate) async fn get_voucher(
    State(sim): State<Sim>,
    Path((shop_id, voucher_id)): Path<(String, String)>,
) -> Response {
    respond(with_books(&sim, &shop_id, |_, books, _| {
        books
            .vouchers
            .iter()
            .find(|v| v["id"] == voucher_id.as_str())
            .cloned()
            .ok_or_else(|| not_found_named("not_found"))
    }))
}

/// The voucher fields the OpenAPI marks required, but the code (`name`) or the count
/// (`create_multi_voucher`) given by the caller.
fn voucher_checks(b: &Map<String, Value>) -> Result<Map<String, Value>, ApiErr> {
    let info = match present(b, "promo_code_info", "")? {
        Value::Object(m) => m.clone(),
        _ => return Err(invalid("promo_code_info must be an object")),
    };
    req_int(&info, "discount", "promo_code_info.")?;
    as_bool(present(&info, "is_percent", "promo_code_info.")?)
        .ok_or_else(|| invalid("promo_code_info.is_percent must be a boolean"))?;
    for k in ["start_time", "end_time"] {
        iso_time(present(b, k, "")?, k)?;
    }
    Ok(info)
}

fn voucher_row(
    b: &Map<String, Value>,
    info: Map<String, Value>,
    name: String,
    id: String,
    n: u64,
    shop_id: i64,
    seed: u64,
) -> Value {
    json!({
        "id": id, "display_id": n, "name": name, "type": "discount_by_coupon_id",
        "promo_code_info": info,
        "is_free_shipping": b.get("is_free_shipping").and_then(as_bool).unwrap_or(false),
        "is_activated": b.get("is_activated").and_then(as_bool).unwrap_or(false),
        "is_used": null,
        "customer_tags": b.get("customer_tags").cloned().unwrap_or_else(|| json!([])),
        "start_time": b.get("start_time").cloned().unwrap_or(Value::Null),
        "end_time": b.get("end_time").cloned().unwrap_or(Value::Null),
        "creator_id": data::uuid(seed, "user", 0), "shop_id": shop_id,
        "inserted_at": now_text(), "updated_at": now_text()
    })
}

/// `POST /vouchers`: one voucher named `name`, or (the dump's bulk form) `create_multi_voucher` of them.
pub(crate) async fn create_voucher(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let b = body_object(&body)?;
        if b.contains_key("create_multi_voucher") && !b.contains_key("name") {
            return create_many(shop.id, books, seed, &b);
        }
        let name = req_text(&b, "name", "")?;
        let info = voucher_checks(&b)?;
        if books.vouchers.iter().any(|v| v["name"] == name.as_str()) {
            // inferred: a voucher code is what the customer types, one voucher per code
            return Err(invalid(&format!("voucher {name} already exists")));
        }
        let n = books.next_n();
        let id = data::uuid(seed, &format!("voucher{}", shop.id), n);
        let row = voucher_row(&b, info, name, id, n, shop.id, seed);
        books.vouchers.push(row.clone());
        Ok(json!({"data": row, "success": true}))
    }))
}

/// Bulk vouchers: `create_multi_voucher` (a count, at most [`MAX_MULTI_VOUCHERS`], inferred bound) codes.
pub const MAX_MULTI_VOUCHERS: i64 = 1000;

fn create_many(
    shop_id: i64,
    books: &mut Books,
    seed: u64,
    b: &Map<String, Value>,
) -> Result<Value, ApiErr> {
    let count = req_int(b, "create_multi_voucher", "")?;
    if !(1..=MAX_MULTI_VOUCHERS).contains(&count) {
        return Err(invalid(&format!(
            "create_multi_voucher must be 1..{MAX_MULTI_VOUCHERS}"
        )));
    }
    let info = voucher_checks(b)?;
    for _ in 0..count {
        let n = books.next_n();
        let id = data::uuid(seed, &format!("voucher{shop_id}"), n);
        let name: String = id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect::<String>()
            .to_uppercase();
        let row = voucher_row(b, info.clone(), name, id, n, shop_id, seed);
        books.vouchers.push(row);
    }
    Ok(json!({"success": true}))
}

pub(crate) async fn create_vouchers(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        create_many(shop.id, books, seed, &body_object(&body)?)
    }))
}

// ---------------------------------------------------------------- promotions (§3.18, §3.19)

pub(crate) async fn list_promotions(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let page = q.int("page")?.unwrap_or(1);
        // documented default 10 here (§1.7)
        let size = q.int("page_size")?.unwrap_or(10);
        if page < 1 || size < 1 {
            return Err(invalid("page and page_size must be positive"));
        }
        let needle = q.text("textSearch").map(|s| s.to_lowercase());
        let rows: Vec<Value> = books
            .promotions
            .iter()
            .rev()
            .filter(|r| {
                needle.as_deref().is_none_or(|n| {
                    r["name"]
                        .as_str()
                        .is_some_and(|s| s.to_lowercase().contains(n))
                })
            })
            .cloned()
            .collect();
        Ok(paged(&rows, page, size, Value::clone))
    }))
}

pub(crate) async fn create_promotion(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let mut p = wrapped(&body_object(&body)?, "promotion_advance")?;
        let at = "promotion_advance.";
        req_text(&p, "name", at)?;
        let kind = req_text(&p, "type", at)?;
        if !PROMOTION_TYPES.contains(&kind.as_str()) {
            return Err(invalid(&format!(
                "promotion_advance.type must be one of {PROMOTION_TYPES:?}"
            )));
        }
        // a UI-state flag of the docs' example, not stored
        p.remove("isLoadingItem");
        let n = books.next_n();
        p.insert(
            "id".into(),
            json!(data::uuid(seed, &format!("promotion{}", shop.id), n)),
        );
        p.insert("display_id".into(), json!(n));
        p.entry("is_used").or_insert(Value::Null);
        p.insert("creator_id".into(), json!(data::uuid(seed, "user", 0)));
        p.insert("shop_id".into(), json!(shop.id));
        p.insert("inserted_at".into(), json!(now_text()));
        p.insert("updated_at".into(), json!(now_text()));
        books.promotions.push(Value::Object(p));
        Ok(json!({"success": true}))
    }))
}

pub(crate) async fn list_simple_promotions(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let needle = q.text("textSearch").map(|s| s.to_lowercase());
        let rows: Vec<Value> = books
            .simple_promotions
            .iter()
            .rev()
            .filter(|r| {
                needle.as_deref().is_none_or(|n| {
                    r["name"]
                        .as_str()
                        .is_some_and(|s| s.to_lowercase().contains(n))
                })
            })
            .cloned()
            .collect();
        Ok(json!({"data": rows, "success": true}))
    }))
}

/// `promotion_products` is absent from the OpenAPI and its table marks nothing required: any object under
/// `promotion_product` is accepted (docs silent → lenient).
pub(crate) async fn create_simple_promotion(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let mut p = wrapped(&body_object(&body)?, "promotion_product")?;
        let n = books.next_n();
        p.insert("id".into(), json!(n));
        p.insert("creator_id".into(), json!(data::uuid(seed, "user", 0)));
        p.insert("shop_id".into(), json!(shop.id));
        p.insert("inserted_at".into(), json!(now_text()));
        p.insert("updated_at".into(), json!(now_text()));
        books.simple_promotions.push(Value::Object(p));
        Ok(json!({"success": true}))
    }))
}

// ---------------------------------------------------------------- kits (§3.7.6)

pub(crate) async fn update_composite(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, _| {
        let b = body_object(&body)?;
        let key = req_text(&b, "variation_id", "")?;
        let kit = variation_of(shop, &key, "variation_id")?;
        let mut parts = Vec::new();
        for it in objects(
            req_list(&b, "composite_products", "")?,
            "composite_products",
        ) {
            let (n, it) = it?;
            let at = format!("composite_products[{n}].");
            let qty = req_int(it, "quantity", &at)?;
            let c = req_text(it, "component_id", &at)?;
            let ci = variation_of(shop, &c, &format!("{at}component_id"))?;
            if ci == kit {
                return Err(invalid("a kit cannot contain itself"));
            }
            parts.push(json!({"component_id": shop.variations[ci].id, "quantity": qty}));
        }
        books
            .composites
            .insert(shop.variations[kit].id.clone(), parts);
        Ok(json!({"success": true}))
    }))
}

// ---------------------------------------------------------------- fee quotes (§3.21)

/// Every field of the docs' table marked required, each a string (the docs: "All values are strings").
pub const QUOTE_REQUIRED: &[&str] = &[
    "des_province",
    "des_district",
    "des_commune",
    "weight",
    "warehouse_id",
    "shop_id",
    "quantity",
    "price_product",
    "cod",
];

pub(crate) async fn price_comparing(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        for k in QUOTE_REQUIRED {
            match b.get(*k) {
                Some(Value::String(_)) => {}
                None | Some(Value::Null) => return Err(invalid(&format!("{k} is required"))),
                Some(_) => return Err(invalid(&format!("{k} must be a string"))),
            }
        }
        let text = |k: &str| {
            b.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let number = |k: &str| -> Result<i64, ApiErr> {
            let t = text(k);
            if t.is_empty() {
                return Ok(0);
            }
            t.parse::<i64>()
                .map_err(|_| invalid(&format!("{k} must hold a whole number")))
        };
        let wid = text("warehouse_id");
        let wh = shop
            .warehouse_index(&wid)
            .ok_or_else(|| invalid(&format!("warehouse_id {wid} does not exist")))?;
        let weight = number("weight")?.max(0);
        number("quantity")?;
        number("price_product")?;
        number("cod")?;
        let intra = shop.warehouses[wh].province_id == text("des_province");
        let halves = weight.saturating_add(499) / 500;
        let quotes: Vec<Value> = QUOTE_CARRIERS
            .iter()
            .map(|(id, name, base)| {
                let discount = if intra {
                    QUOTE_INTRA_PROVINCE_DISCOUNT
                } else {
                    0
                };
                let fee = base
                    .saturating_add(halves.saturating_mul(QUOTE_PER_HALF_KG))
                    .saturating_sub(discount);
                json!({"partner_id": id, "partner_name": name, "partner_fee": fee.max(0)})
            })
            .collect();
        Ok(json!({"data": quotes, "success": true}))
    }))
}

// ---------------------------------------------------------------- marketplace pickup (§4)

pub(crate) async fn arrange_shipment(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let id = req_text(&b, "order_id", "")?;
        if let Some(s) = b.get("pickup_shift").filter(|v| !v.is_null()) {
            if !matches!(s.as_str(), Some("closest" | "farthest")) {
                return Err(invalid("pickup_shift must be closest or farthest"));
            }
        }
        if let Some(m) = b.get("pickup_method").filter(|v| !v.is_null()) {
            if !matches!(m.as_str(), Some("pick_up" | "drop_off")) {
                return Err(invalid("pickup_method must be pick_up or drop_off"));
            }
        }
        let i = find_order(shop, &id).ok_or_else(|| not_found_named("order_not_found"))?;
        let o = &mut shop.orders[i];
        if !as_i64(&o.account).is_some_and(|a| MARKETPLACE_SOURCES.contains(&a)) {
            return Err(invalid("arrange_shipment is for marketplace orders only"));
        }
        for k in ["pickup_shift", "pickup_method"] {
            if let Some(v) = b.get(k) {
                o.extra.insert(k.to_string(), v.clone());
            }
        }
        Ok(json!({"message": "Arrange shipment successfully", "success": true}))
    }))
}

// ---------------------------------------------------------------- §4: tags, hiding, promotion actions, calls

/// `POST /tags_products` (`name` required, OpenAPI) → `{"data": {id, name, note, shop_id, inserted_at}}`.
pub(crate) async fn create_product_tag(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, _| {
        let b = body_object(&body)?;
        let name = req_text(&b, "name", "")?;
        let n = books.next_n();
        let tag = json!({"id": 300 + n, "name": name, "note": name, "shop_id": shop.id, "inserted_at": now_text()});
        books.product_tags.push(tag.clone());
        Ok(json!({"data": tag, "success": true}))
    }))
}

/// `PUT /products/update_hide` (`is_hide`, `product_ids` required, OpenAPI): every variation of those
/// products gets that `is_hidden` (what the variation list shows). Unknown products → 400 (inferred).
pub(crate) async fn update_hide(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let hide = as_bool(present(&b, "is_hide", "")?)
            .ok_or_else(|| invalid("is_hide must be a boolean"))?;
        let mut products = Vec::new();
        for (n, id) in req_list(&b, "product_ids", "")?.iter().enumerate() {
            let id = as_text(id)
                .ok_or_else(|| invalid(&format!("product_ids[{n}] must be a string")))?;
            let pi = shop
                .products
                .iter()
                .position(|p| p.id == id || p.code == id)
                .ok_or_else(|| invalid(&format!("product_ids[{n}] {id} does not exist")))?;
            products.push(pi);
        }
        for pi in products {
            for vi in shop.products[pi].variations.clone() {
                if let Some(v) = shop.variations.get_mut(vi) {
                    v.hidden = hide;
                }
            }
        }
        Ok(json!({"success": true}))
    }))
}

/// `type_action` of `POST /promotion_advance/delete_multi` (OpenAPI enum).
pub const PROMOTION_ACTIONS: &[&str] = &[
    "DEACTIVE_PROMOTIONS",
    "ACTIVE_PROMOTIONS",
    "DELETE_PROMOTIONS",
];

/// `POST /promotion_advance/delete_multi` (`ids`, `type_action` required). Ids the shop does not hold are
/// skipped (docs silent → lenient).
pub(crate) async fn promotions_action(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let b = body_object(&body)?;
        let ids: Vec<String> = req_list(&b, "ids", "")?
            .iter()
            .filter_map(as_text)
            .collect();
        let action = req_text(&b, "type_action", "")?;
        match action.as_str() {
            "DELETE_PROMOTIONS" => books
                .promotions
                .retain(|p| !ids.iter().any(|i| p["id"] == i.as_str())),
            "ACTIVE_PROMOTIONS" | "DEACTIVE_PROMOTIONS" => {
                let on = action == "ACTIVE_PROMOTIONS";
                for p in books.promotions.iter_mut() {
                    if ids.iter().any(|i| p["id"] == i.as_str()) {
                        p["is_activated"] = json!(on);
                    }
                }
            }
            _ => {
                return Err(invalid(&format!(
                    "type_action must be one of {PROMOTION_ACTIONS:?}"
                )))
            }
        }
        Ok(json!({"success": true}))
    }))
}

/// `POST /orders/{ORDER_ID}/trigger_call` (`voice_id` required, OpenAPI): the order must exist (404
/// `order_not_found`); the call's result would come by the `auto_call` webhook, which the simulator does not
/// deliver. Voice ids are not listed by any documented call: any is accepted.
pub(crate) async fn trigger_call(
    State(sim): State<Sim>,
    Path((shop_id, order_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        req_text(&b, "voice_id", "")?;
        find_order(shop, &order_id).ok_or_else(|| not_found_named("order_not_found"))?;
        Ok(json!({"success": true}))
    }))
}

// ---------------------------------------------------------------- updates of the stored documents

fn doc_index(rows: &[Value], id: &str) -> Result<usize, ApiErr> {
    rows.iter()
        .position(|r| r["id"] == id || r["id"].as_i64().is_some_and(|n| n.to_string() == id))
        .ok_or_else(|| not_found_named("not_found"))
}

/// Copy the plain fields of `b` (all but `skip`) onto the stored row.
fn merge(row: &mut Value, b: &Map<String, Value>, skip: &[&str]) {
    for (k, v) in b {
        if !skip.contains(&k.as_str()) {
            row[k.as_str()] = v.clone();
        }
    }
    row["updated_at"] = json!(now_text());
}

/// `PUT /purchases/{PURCHASE_ID}` (`purchase`, `purchase.warehouse_id`, `items[].imported_price` required,
/// OpenAPI). Entering status 1 (received) adds the lines to stock (inferred, as on create).
pub(crate) async fn update_purchase(
    State(sim): State<Sim>,
    Path((shop_id, purchase_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let p = wrapped(&body_object(&body)?, "purchase")?;
        let at = "purchase.";
        let wh = warehouse_of(shop, &p, at)?;
        let i = doc_index(&books.purchases, &purchase_id)?;
        let status = opt_enum(
            &p,
            "status",
            PURCHASE_STATUSES,
            books.purchases[i]["status"].as_i64().unwrap_or(-1),
        )?;
        let mut lines = Vec::new();
        if let Some(items) = p.get("items").filter(|v| !v.is_null()) {
            let items = items
                .as_array()
                .ok_or_else(|| invalid("purchase.items must be a list"))?;
            for it in objects(items, "purchase.items") {
                let (n, it) = it?;
                let at = format!("purchase.items[{n}].");
                let price = req_int(it, "imported_price", &at)?;
                let qty = bounded(
                    it.get("quantity").and_then(as_i64).unwrap_or(0),
                    &format!("{at}quantity"),
                )?;
                let v = match it.get("variation_id").and_then(as_text) {
                    Some(k) => Some(variation_of(shop, &k, &format!("{at}variation_id"))?),
                    None => None,
                };
                lines.push((v, qty, price, n));
            }
        }
        let was = books.purchases[i]["status"].as_i64();
        let n = books.purchases[i]["display_id"]
            .as_u64()
            .unwrap_or_default();
        if !lines.is_empty() {
            books.purchases[i]["items"] = Value::Array(
                lines
                    .iter()
                    .map(|(v, qty, price, k)| {
                        json!({
                            "id": data::uuid(seed, &format!("purchase_item{}", shop.id), n * 1000 + *k as u64),
                            "variation_id": v.map(|v| shop.variations[v].id.clone()),
                            "product_name": v.map(|v| shop.variations[v].name.clone()),
                            "quantity": qty, "imported_price": price
                        })
                    })
                    .collect(),
            );
        }
        if status == 1 && was != Some(1) {
            let stored: Vec<(usize, i64)> = books.purchases[i]["items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|it| {
                            let v = shop.find_variation(it["variation_id"].as_str()?)?;
                            Some((v, it["quantity"].as_i64().unwrap_or(0)))
                        })
                        .collect()
                })
                .unwrap_or_default();
            for (v, qty) in stored {
                move_both(
                    shop,
                    v,
                    wh,
                    qty,
                    "purchases",
                    format!("Nhập hàng #{n}"),
                    n.to_string(),
                );
            }
        }
        let row = &mut books.purchases[i];
        merge(
            row,
            &p,
            &["items", "status", "warehouse_id", "id", "display_id"],
        );
        row["status"] = json!(status);
        row["warehouse_id"] = json!(shop.warehouses[wh].id);
        Ok(json!({"success": true}))
    }))
}

/// `PUT /export/{EXPORT_ID}` (`export_list`, `export_items[]` with `id`, `variation_id`, `quantity`,
/// `imported_price` required, OpenAPI and the dump's table). Each line names one of the export's lines;
/// entering status 1 issues the stock (inferred, as on create).
pub(crate) async fn update_export(
    State(sim): State<Sim>,
    Path((shop_id, export_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, _| {
        let e = wrapped(&body_object(&body)?, "export_list")?;
        let i = doc_index(&books.exports, &export_id)?;
        let status = opt_enum(
            &e,
            "status",
            EXPORT_STATUSES,
            books.exports[i]["status"].as_i64().unwrap_or(0),
        )?;
        let kind = opt_enum(
            &e,
            "type",
            EXPORT_TYPES,
            books.exports[i]["type"].as_i64().unwrap_or(0),
        )?;
        let mut updates = Vec::new();
        if let Some(items) = e.get("export_items").filter(|v| !v.is_null()) {
            let items = items
                .as_array()
                .ok_or_else(|| invalid("export_list.export_items must be a list"))?;
            for it in objects(items, "export_list.export_items") {
                let (n, it) = it?;
                let at = format!("export_list.export_items[{n}].");
                let line = req_text(it, "id", &at)?;
                let key = req_text(it, "variation_id", &at)?;
                let v = variation_of(shop, &key, &format!("{at}variation_id"))?;
                let qty = bounded(req_int(it, "quantity", &at)?, &format!("{at}quantity"))?;
                let price = req_int(it, "imported_price", &at)?;
                let known = books.exports[i]["export_items"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x["id"] == line.as_str()));
                if !known {
                    return Err(invalid(&format!(
                        "{at}id {line} is not a line of this export"
                    )));
                }
                updates.push((line, v, qty, price));
            }
        }
        let was = books.exports[i]["status"].as_i64();
        let wh = books.exports[i]["warehouse_id"]
            .as_str()
            .and_then(|w| shop.warehouse_index(w))
            .unwrap_or(0);
        let n = books.exports[i]["display_id"].as_u64().unwrap_or_default();
        if let Some(lines) = books.exports[i]["export_items"].as_array_mut() {
            for (line, v, qty, price) in &updates {
                for x in lines.iter_mut().filter(|x| x["id"] == line.as_str()) {
                    x["variation_id"] = json!(shop.variations[*v].id);
                    x["quantity"] = json!(qty);
                    x["imported_price"] = json!(price);
                }
            }
        }
        if status == 1 && was != Some(1) {
            let stored: Vec<(usize, i64)> = books.exports[i]["export_items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|it| {
                            let v = shop.find_variation(it["variation_id"].as_str()?)?;
                            Some((v, it["quantity"].as_i64().unwrap_or(0)))
                        })
                        .collect()
                })
                .unwrap_or_default();
            for (v, qty) in stored {
                move_both(
                    shop,
                    v,
                    wh,
                    qty.saturating_neg(),
                    "export",
                    format!("Xuất kho #{n}"),
                    n.to_string(),
                );
            }
        }
        let row = &mut books.exports[i];
        merge(
            row,
            &e,
            &[
                "export_items",
                "status",
                "type",
                "warehouse_id",
                "id",
                "display_id",
            ],
        );
        row["status"] = json!(status);
        row["type"] = json!(kind);
        Ok(json!({"success": true}))
    }))
}

/// `PUT /promotion_products/{ID}` (legacy; nothing documented as required but the wrapper).
pub(crate) async fn update_simple_promotion(
    State(sim): State<Sim>,
    Path((shop_id, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let p = wrapped(&body_object(&body)?, "promotion_product")?;
        let i = doc_index(&books.simple_promotions, &id)?;
        merge(
            &mut books.simple_promotions[i],
            &p,
            &["id", "shop_id", "creator_id", "inserted_at"],
        );
        Ok(json!({"success": true}))
    }))
}

// ---------------------------------------------------------------- transactions, transfers, stocktakings

/// `payments` values of a transaction (digest §3.11).
pub const PAYMENTS: &[&str] = &[
    "cash",
    "transfer_money",
    "charged_by_card",
    "charged_by_momo",
    "charged_by_vnpay",
    "charged_by_kredivo",
    "charged_by_fundiin",
    "charged_by_qrpay",
];
/// Transfer statuses (§3.14): 0 waiting to ship, 1 in transit, 2 completed (the cancelled code is unknown).
const TRANSFER_STATUSES: &[i64] = &[0, 1, 2];
/// Stocktaking statuses (§3.15): -1 being created, 0 counting, 1 counted, 2 cancelled.
const STOCKTAKING_STATUSES: &[i64] = &[-1, 0, 1, 2];

pub(crate) async fn list_transactions(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let (page, size) = page_params(&q, "page")?;
        let from = q.int("startDateTime")?;
        let to = q.int("endDateTime")?;
        let rows: Vec<Value> = filter_status(&books.transactions, q.int("status")?, -1)
            .into_iter()
            .filter(|r| {
                let t = r["inserted_at_unix"].as_i64().unwrap_or(0);
                from.is_none_or(|f| t >= f) && to.is_none_or(|e| t <= e)
            })
            .collect();
        Ok(paged(&rows, page, size, |r| {
            let mut r = r.clone();
            if let Some(m) = r.as_object_mut() {
                m.remove("inserted_at_unix");
            }
            r
        }))
    }))
}

/// `POST /transactions` (`transaction`, `transaction.name` required; `payments` from the documented list).
pub(crate) async fn create_transaction(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let t = wrapped(&body_object(&body)?, "transaction")?;
        let name = req_text(&t, "name", "transaction.")?;
        if let Some(p) = t.get("payments").filter(|v| !v.is_null()) {
            let list = p
                .as_array()
                .ok_or_else(|| invalid("transaction.payments must be a list"))?;
            if let Some(bad) = list
                .iter()
                .find(|x| !x.as_str().is_some_and(|s| PAYMENTS.contains(&s)))
            {
                return Err(invalid(&format!(
                    "transaction.payments: {bad} is not one of {PAYMENTS:?}"
                )));
            }
        }
        let n = books.next_n();
        let now = Utc::now();
        let mut row = json!({
            "id": data::uuid(seed, &format!("transaction{}", shop.id), n),
            "display_id": format!("KH{n}"), "name": name, "status": 0,
            "amount": 0, "payments": [], "tag_ids": [], "images": [],
            "is_accounting": false, "is_canceled": false, "is_locked": false,
            "payment_debts_to_suppliers": false, "supplier_products_id": null, "table_name": null,
            "advertising_cost_id": null, "creator_id": data::uuid(seed, "user", 0), "shop_id": shop.id,
            "inserted_at": ts(now), "time_incurred": ts(now), "inserted_at_unix": now.timestamp()
        });
        merge(
            &mut row,
            &t,
            &[
                "id",
                "display_id",
                "status",
                "shop_id",
                "creator_id",
                "inserted_at",
            ],
        );
        books.transactions.push(row);
        Ok(json!({"success": true}))
    }))
}

/// The lines of a transfer (`variation_id`, `quantity` each required).
fn transfer_items(shop: &Shop, items: &[Value], at: &str) -> Result<Vec<(usize, i64)>, ApiErr> {
    let mut out = Vec::new();
    for it in objects(items, at) {
        let (n, it) = it?;
        let a = format!("{at}[{n}].");
        let key = req_text(it, "variation_id", &a)?;
        let v = variation_of(shop, &key, &format!("{a}variation_id"))?;
        let qty = bounded(req_int(it, "quantity", &a)?, &format!("{a}quantity"))?;
        out.push((v, qty));
    }
    Ok(out)
}

fn transfer_lines_json(shop: &Shop, lines: &[(usize, i64)], seed: u64, n: u64) -> Value {
    Value::Array(
        lines
            .iter()
            .enumerate()
            .map(|(i, (v, qty))| {
                let var = &shop.variations[*v];
                json!({
                    "id": data::uuid(seed, &format!("transfer_item{}", shop.id), n * 1000 + i as u64),
                    "variation_id": var.id, "variation_display_id": var.sku,
                    "product_display_id": shop.products[var.product].code,
                    "product_name": shop.products[var.product].name, "quantity": qty,
                    "variation_fields": var.fields.iter().map(|(k, val)| json!({"name": k, "value": val, "keyValue": val})).collect::<Vec<_>>()
                })
            })
            .collect(),
    )
}

pub(crate) async fn list_transfers(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let (page, size) = page_params(&q, "page")?;
        // documented default: 1 (in transit)
        let status = q.int("status")?.unwrap_or(1);
        let rows: Vec<Value> = books
            .transfers
            .iter()
            .rev()
            .filter(|r| r["status"].as_i64() == Some(status))
            .cloned()
            .collect();
        Ok(paged(&rows, page, size, Value::clone))
    }))
}

/// `POST /transfers/multi` (`transfer` with `from_warehouse_id`, `to_warehouse_ids`, `items[]` required):
/// one transfer per destination, waiting to ship (status 0, inferred).
pub(crate) async fn create_transfers(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let t = wrapped(&body_object(&body)?, "transfer")?;
        let at = "transfer.";
        let from = warehouse_of(shop, &wrap_key(&t, "from_warehouse_id"), at)?;
        let to: Vec<usize> = req_list(&t, "to_warehouse_ids", at)?
            .iter()
            .map(|w| {
                as_text(w)
                    .and_then(|w| shop.warehouse_index(&w))
                    .ok_or_else(|| {
                        invalid(&format!("transfer.to_warehouse_ids: {w} does not exist"))
                    })
            })
            .collect::<Result<_, _>>()?;
        if to.is_empty() {
            return Err(invalid("transfer.to_warehouse_ids must name a warehouse"));
        }
        let lines = transfer_items(shop, req_list(&t, "items", at)?, "transfer.items")?;
        for w in to {
            let n = books.next_n();
            let mut row = json!({
                "id": data::uuid(seed, &format!("transfer{}", shop.id), n), "display_id": n, "status": 0,
                "from_warehouse_id": shop.warehouses[from].id, "from_warehouse_name": shop.warehouses[from].name,
                "to_warehouse_id": shop.warehouses[w].id, "to_warehouse_name": shop.warehouses[w].name,
                "shipping_fee": 0, "note": null, "images": [],
                "total_quantity": lines.iter().fold(0i64, |a, l| a.saturating_add(l.1)),
                "items": transfer_lines_json(shop, &lines, seed, n),
                "creator_id": data::uuid(seed, "user", 0), "shop_id": shop.id,
                "inserted_at": now_text(), "updated_status_at": now_text()
            });
            merge(
                &mut row,
                &t,
                &[
                    "items",
                    "to_warehouse_ids",
                    "from_warehouse_id",
                    "id",
                    "status",
                    "inserted_at",
                ],
            );
            books.transfers.push(row);
        }
        Ok(json!({"success": true}))
    }))
}

/// `{"warehouse_id": m[key]}`: lets [`warehouse_of`] read another key.
fn wrap_key(m: &Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(v) = m.get(key) {
        out.insert("warehouse_id".into(), v.clone());
    }
    out
}

/// `PUT /transfers/{TRANSFER_ID}` (`status`, `from_warehouse_id` required; `items[]` each `variation_id`,
/// `quantity`; `change_inserted_at` required when `inserted_at` is sent). Entering status 2 (completed) moves
/// the stock from the source to the destination once (inferred).
pub(crate) async fn update_transfer(
    State(sim): State<Sim>,
    Path((shop_id, transfer_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let t = wrapped(&body_object(&body)?, "transfer")?;
        let at = "transfer.";
        let status = req_int(&t, "status", at)?;
        if !TRANSFER_STATUSES.contains(&status) {
            return Err(invalid(&format!(
                "transfer.status must be one of {TRANSFER_STATUSES:?}"
            )));
        }
        let from = warehouse_of(shop, &wrap_key(&t, "from_warehouse_id"), at)?;
        if t.get("inserted_at").is_some_and(|v| !v.is_null())
            && t.get("change_inserted_at").and_then(as_bool) != Some(true)
        {
            return Err(invalid(
                "transfer.change_inserted_at is required with inserted_at",
            ));
        }
        let i = doc_index(&books.transfers, &transfer_id)?;
        let n = books.transfers[i]["display_id"]
            .as_u64()
            .unwrap_or_default();
        if let Some(items) = t.get("items").filter(|v| !v.is_null()) {
            let items = items
                .as_array()
                .ok_or_else(|| invalid("transfer.items must be a list"))?;
            let lines = transfer_items(shop, items, "transfer.items")?;
            books.transfers[i]["items"] = transfer_lines_json(shop, &lines, seed, n);
        }
        let was = books.transfers[i]["status"].as_i64();
        let to = books.transfers[i]["to_warehouse_id"]
            .as_str()
            .and_then(|w| shop.warehouse_index(w));
        if status == 2 && was != Some(2) {
            let moved: Vec<(usize, i64)> = books.transfers[i]["items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|it| {
                            Some((
                                shop.find_variation(it["variation_id"].as_str()?)?,
                                it["quantity"].as_i64()?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(to) = to {
                for (v, qty) in moved {
                    move_both(
                        shop,
                        v,
                        from,
                        qty.saturating_neg(),
                        "warehouse_transfers",
                        format!("Chuyển kho #{n}"),
                        n.to_string(),
                    );
                    move_both(
                        shop,
                        v,
                        to,
                        qty,
                        "warehouse_transfers",
                        format!("Chuyển kho #{n}"),
                        n.to_string(),
                    );
                }
            }
        }
        let row = &mut books.transfers[i];
        merge(
            row,
            &t,
            &[
                "items",
                "status",
                "id",
                "display_id",
                "change_inserted_at",
                "from_warehouse_id",
            ],
        );
        row["status"] = json!(status);
        row["from_warehouse_id"] = json!(shop.warehouses[from].id);
        row["updated_status_at"] = json!(now_text());
        Ok(json!({"success": true}))
    }))
}

/// The counted lines of a stocktaking (`variation_id`, `changed_quantity` required; `id` required on update).
fn stocktaking_items(
    shop: &Shop,
    items: &[Value],
    update: bool,
) -> Result<Vec<(Option<String>, usize, i64)>, ApiErr> {
    let mut out = Vec::new();
    for it in objects(items, "stocktaking.items") {
        let (n, it) = it?;
        let at = format!("stocktaking.items[{n}].");
        let key = req_text(it, "variation_id", &at)?;
        let v = variation_of(shop, &key, &format!("{at}variation_id"))?;
        let d = bounded(
            req_int(it, "changed_quantity", &at)?,
            &format!("{at}changed_quantity"),
        )?;
        let id = if update {
            Some(req_text(it, "id", &at)?)
        } else {
            None
        };
        out.push((id, v, d));
    }
    Ok(out)
}

fn count_stock(shop: &mut Shop, wh: usize, lines: &[(usize, i64)], n: u64) {
    for (v, d) in lines {
        move_both(
            shop,
            *v,
            wh,
            *d,
            "stocktakings",
            format!("Kiểm kho #{n}"),
            n.to_string(),
        );
    }
}

pub(crate) async fn list_stocktakings(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let (page, size) = page_params(&q, "page")?;
        let rows = filter_status(&books.stocktakings, q.int("status")?, -2);
        Ok(paged(&rows, page, size, Value::clone))
    }))
}

pub(crate) async fn get_stocktaking(
    State(sim): State<Sim>,
    Path((shop_id, id)): Path<(String, String)>,
) -> Response {
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let i = doc_index(&books.stocktakings, &id)?;
        Ok(json!({"data": books.stocktakings[i], "success": true}))
    }))
}

fn stocktaking_lines_json(
    shop: &Shop,
    lines: &[(Option<String>, usize, i64)],
    seed: u64,
    n: u64,
) -> Value {
    Value::Array(
        lines
            .iter()
            .enumerate()
            .map(|(i, (id, v, d))| {
                json!({
                    "id": id.clone().unwrap_or_else(|| data::uuid(seed, &format!("stocktaking_item{}", shop.id), n * 1000 + i as u64)),
                    "variation_id": shop.variations[*v].id, "changed_quantity": d
                })
            })
            .collect(),
    )
}

/// `POST /stocktakings` (`stocktaking` with `warehouse_id`, `items[]` (`variation_id`, `changed_quantity`),
/// `status` required). Status 1 (counted) applies the differences to stock (inferred).
pub(crate) async fn create_stocktaking(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let st = wrapped(&body_object(&body)?, "stocktaking")?;
        let at = "stocktaking.";
        let wh = warehouse_of(shop, &st, at)?;
        let status = req_int(&st, "status", at)?;
        if !STOCKTAKING_STATUSES.contains(&status) {
            return Err(invalid(&format!(
                "stocktaking.status must be one of {STOCKTAKING_STATUSES:?}"
            )));
        }
        let lines = stocktaking_items(shop, req_list(&st, "items", at)?, false)?;
        let n = books.next_n();
        if status == 1 {
            let moves: Vec<(usize, i64)> = lines.iter().map(|l| (l.1, l.2)).collect();
            count_stock(shop, wh, &moves, n);
        }
        let mut row = json!({
            "id": data::uuid(seed, &format!("stocktaking{}", shop.id), n), "display_id": n,
            "status": status, "progress": 0, "warehouse_id": shop.warehouses[wh].id, "note": null,
            "stocktaking_at": null, "stocktaking_by": null, "stocktaking_by_value": [],
            "items": stocktaking_lines_json(shop, &lines, seed, n),
            "creator_id": data::uuid(seed, "user", 0), "shop_id": shop.id,
            "inserted_at": now_text(), "updated_status_at": now_text()
        });
        merge(
            &mut row,
            &st,
            &["items", "status", "warehouse_id", "id", "display_id"],
        );
        books.stocktakings.push(row);
        Ok(json!({"success": true}))
    }))
}

/// `PUT /stocktakings/{STOCKTAKING_ID}` (`stocktaking` with `id`, `items[]` (`id`, `variation_id`,
/// `changed_quantity`), `status` required). Entering status 1 applies the differences once (inferred).
pub(crate) async fn update_stocktaking(
    State(sim): State<Sim>,
    Path((shop_id, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let st = wrapped(&body_object(&body)?, "stocktaking")?;
        let at = "stocktaking.";
        req_text(&st, "id", at)?;
        let status = req_int(&st, "status", at)?;
        if !STOCKTAKING_STATUSES.contains(&status) {
            return Err(invalid(&format!(
                "stocktaking.status must be one of {STOCKTAKING_STATUSES:?}"
            )));
        }
        let lines = stocktaking_items(shop, req_list(&st, "items", at)?, true)?;
        let i = doc_index(&books.stocktakings, &id)?;
        let n = books.stocktakings[i]["display_id"]
            .as_u64()
            .unwrap_or_default();
        let wh = books.stocktakings[i]["warehouse_id"]
            .as_str()
            .and_then(|w| shop.warehouse_index(w))
            .unwrap_or(0);
        let was = books.stocktakings[i]["status"].as_i64();
        if status == 1 && was != Some(1) {
            let moves: Vec<(usize, i64)> = lines.iter().map(|l| (l.1, l.2)).collect();
            count_stock(shop, wh, &moves, n);
        }
        books.stocktakings[i]["items"] = stocktaking_lines_json(shop, &lines, seed, n);
        let row = &mut books.stocktakings[i];
        merge(
            row,
            &st,
            &[
                "items",
                "status",
                "warehouse_id",
                "id",
                "display_id",
                "creator_id",
            ],
        );
        row["status"] = json!(status);
        row["updated_status_at"] = json!(now_text());
        Ok(json!({"success": true}))
    }))
}

/// `POST /promotion_advance/create_multi` — a promotion for named customers (`promotion_advance` with
/// `promotion` (`type`, `is_activated`, `promo_code_info.discount`, `.is_percent` required) and
/// `shop_customer_ids` required, OpenAPI and the digest's table). Unknown customers → 400 (inferred). Listed by
/// `GET /promotion_advance`.
pub(crate) async fn create_customer_promotion(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let w = wrapped(&body_object(&body)?, "promotion_advance")?;
        let mut p = wrapped(&w, "promotion")?;
        let at = "promotion_advance.promotion.";
        let kind = req_text(&p, "type", at)?;
        if !PROMOTION_TYPES.contains(&kind.as_str()) {
            return Err(invalid(&format!(
                "{at}type must be one of {PROMOTION_TYPES:?}"
            )));
        }
        as_bool(present(&p, "is_activated", at)?)
            .ok_or_else(|| invalid(&format!("{at}is_activated must be a boolean")))?;
        let info = match present(&p, "promo_code_info", at)? {
            Value::Object(m) => m.clone(),
            _ => return Err(invalid(&format!("{at}promo_code_info must be an object"))),
        };
        req_int(&info, "discount", &format!("{at}promo_code_info."))?;
        as_bool(present(
            &info,
            "is_percent",
            &format!("{at}promo_code_info."),
        )?)
        .ok_or_else(|| invalid(&format!("{at}promo_code_info.is_percent must be a boolean")))?;
        let mut customers = Vec::new();
        for c in req_list(&w, "shop_customer_ids", "promotion_advance.")? {
            let id = as_text(c).unwrap_or_default();
            if !shop.customers.iter().any(|x| x.id == id) {
                return Err(invalid(&format!(
                    "promotion_advance.shop_customer_ids: {id} does not exist"
                )));
            }
            customers.push(json!(id));
        }
        let n = books.next_n();
        p.insert(
            "id".into(),
            json!(data::uuid(seed, &format!("promotion{}", shop.id), n)),
        );
        p.insert("display_id".into(), json!(n));
        p.entry("name")
            .or_insert_with(|| json!(format!("Khuyến mãi khách hàng #{n}")));
        p.insert("shop_customer_ids".into(), Value::Array(customers));
        p.insert("creator_id".into(), json!(data::uuid(seed, "user", 0)));
        p.insert("shop_id".into(), json!(shop.id));
        p.insert("inserted_at".into(), json!(now_text()));
        p.insert("updated_at".into(), json!(now_text()));
        books.promotions.push(Value::Object(p));
        Ok(json!({"success": true}))
    }))
}

/// `POST /adv_costs` — an advertising cost (`params` with `cost_date`, `transaction` (`name`, `status`),
/// `items[].cost` required, OpenAPI and the digest's table): recorded as an expense transaction carrying an
/// `advertising_cost_id`, listed by `GET /transactions`.
pub(crate) async fn create_advertising_cost(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let params = wrapped(&body_object(&body)?, "params")?;
        let at = "params.";
        let date = req_text(&params, "cost_date", at)?;
        let t = wrapped(&params, "transaction")
            .map_err(|_| invalid("params.transaction is required"))?;
        let name = req_text(&t, "name", "params.transaction.")?;
        let status = req_text(&t, "status", "params.transaction.")?;
        let mut total = 0i64;
        for it in objects(req_list(&params, "items", at)?, "params.items") {
            let (n, it) = it?;
            let cost = req_int(it, "cost", &format!("params.items[{n}]."))?;
            total = total.saturating_add(cost);
        }
        let n = books.next_n();
        let now = Utc::now();
        books.transactions.push(json!({
            "id": data::uuid(seed, &format!("transaction{}", shop.id), n),
            "display_id": format!("KH{n}"), "name": name, "note": t.get("note").cloned().unwrap_or(Value::Null),
            "amount": total.saturating_neg(), "status": status.parse::<i64>().unwrap_or(0),
            "payments": [], "tag_ids": [], "images": [], "is_accounting": false, "is_canceled": false,
            "is_locked": t.get("is_locked").and_then(as_bool).unwrap_or(false),
            "payment_debts_to_suppliers": false, "supplier_products_id": null, "table_name": "adv_costs",
            "advertising_cost_id": data::uuid(seed, &format!("adv_cost{}", shop.id), n),
            "cost_date": date, "creator_id": data::uuid(seed, "user", 0), "shop_id": shop.id,
            "inserted_at": ts(now), "time_incurred": t.get("time_incurred").cloned().unwrap_or_else(|| json!(ts(now))),
            "inserted_at_unix": now.timestamp()
        }));
        Ok(json!({"success": true}))
    }))
}

/// `POST /purchases/separate` — split a purchase (`newPurchase`, `oldPurchase` required; on both `status`,
/// `warehouse_id`, `items[]` with `variation_id`, `quantity`, `imported_price`; `oldPurchase.id` required and
/// the shop's). The old purchase keeps the lines it is sent with, the new one is created (listed by
/// `GET /purchases`); no stock moves (quantities move between the two documents).
pub(crate) async fn separate_purchase(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |shop, books, seed| {
        let b = body_object(&body)?;
        let new = wrapped(&b, "newPurchase")?;
        let old = wrapped(&b, "oldPurchase")?;
        let old_id = req_text(&old, "id", "oldPurchase.")?;
        let mut parsed = Vec::new();
        for (p, at) in [(&new, "newPurchase."), (&old, "oldPurchase.")] {
            let status = req_int(p, "status", at)?;
            if !PURCHASE_STATUSES.contains(&status) {
                return Err(invalid(&format!(
                    "{at}status must be one of {PURCHASE_STATUSES:?}"
                )));
            }
            let wh = warehouse_of(shop, p, at)?;
            let mut items = Vec::new();
            for it in objects(req_list(p, "items", at)?, &format!("{at}items")) {
                let (n, it) = it?;
                let a = format!("{at}items[{n}].");
                let price = req_int(it, "imported_price", &a)?;
                let qty = bounded(req_int(it, "quantity", &a)?, &format!("{a}quantity"))?;
                let key = req_text(it, "variation_id", &a)?;
                let v = variation_of(shop, &key, &format!("{a}variation_id"))?;
                items.push(json!({
                    "variation_id": shop.variations[v].id, "product_name": shop.variations[v].name,
                    "quantity": qty, "imported_price": price
                }));
            }
            parsed.push((status, wh, items));
        }
        let i = doc_index(&books.purchases, &old_id)?;
        let (old_status, old_wh, old_items) = parsed.pop().unwrap_or((0, 0, Vec::new()));
        let (new_status, new_wh, new_items) = parsed.pop().unwrap_or((0, 0, Vec::new()));
        let row = &mut books.purchases[i];
        merge(
            row,
            &old,
            &["items", "status", "warehouse_id", "id", "display_id"],
        );
        row["items"] = Value::Array(old_items);
        row["status"] = json!(old_status);
        row["warehouse_id"] = json!(shop.warehouses[old_wh].id);
        let n = books.next_n();
        let mut created = json!({
            "id": data::uuid(seed, &format!("purchase{}", shop.id), n), "display_id": n,
            "status": new_status, "warehouse_id": shop.warehouses[new_wh].id,
            "created_type": "actual_purchase", "items": new_items,
            "separate_by_display_ids": [books.purchases[i]["display_id"].clone()],
            "user_id": data::uuid(seed, "user", 0), "inserted_at": now_text()
        });
        merge(
            &mut created,
            &new,
            &["items", "status", "warehouse_id", "id", "display_id"],
        );
        books.purchases.push(created);
        Ok(json!({"success": true}))
    }))
}

/// `PUT /promotion_advance/{ID}` (`promotion_advance` required, OpenAPI): the fields sent replace the
/// stored ones; read-only ones (`id`, `display_id`, `shop_id`, `creator_id`, `inserted_at`) are ignored;
/// `type` stays one of the documented values.
pub(crate) async fn update_promotion(
    State(sim): State<Sim>,
    Path((shop_id, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_books(&sim, &shop_id, |_, books, _| {
        let p = wrapped(&body_object(&body)?, "promotion_advance")?;
        if let Some(t) = p.get("type").filter(|v| !v.is_null()) {
            if !t.as_str().is_some_and(|t| PROMOTION_TYPES.contains(&t)) {
                return Err(invalid(&format!(
                    "promotion_advance.type must be one of {PROMOTION_TYPES:?}"
                )));
            }
        }
        let i = doc_index(&books.promotions, &id)?;
        merge(
            &mut books.promotions[i],
            &p,
            &[
                "id",
                "display_id",
                "shop_id",
                "creator_id",
                "inserted_at",
                "updated_at",
                "isLoadingItem",
            ],
        );
        Ok(json!({"success": true}))
    }))
}
