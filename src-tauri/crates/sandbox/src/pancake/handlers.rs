//! Handlers of the Pancake simulator. Each one locks the state briefly (never across an `.await`).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::data::{self, ts, Order, OrderLine, Shop, Stock};
use super::{Inner, Sim};

// ---------------------------------------------------------------- helpers

/// A parsed query string that keeps repeated keys (`filter_status[]=1&filter_status[]=2`).
pub(crate) struct Q(Vec<(String, String)>);

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Q {
    pub(crate) fn parse(raw: Option<&str>) -> Q {
        Q(raw
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect())
    }
    pub(crate) fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
    pub(crate) fn all(&self, k: &str) -> Vec<&str> {
        let bracket = format!("{k}[]");
        self.0
            .iter()
            .filter(|(key, _)| *key == bracket || key == k)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub(crate) fn int(&self, k: &str) -> Result<Option<i64>, ApiErr> {
        match self.get(k).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| invalid(&format!("{k} must be an integer"))),
        }
    }
    pub(crate) fn flag(&self, k: &str) -> bool {
        matches!(self.get(k), Some("1" | "true"))
    }
    pub(crate) fn text(&self, k: &str) -> Option<String> {
        self.get(k)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }
}

/// An error answer: HTTP status + Pancake error envelope (small, unlike `Response`).
pub(crate) struct ApiErr(StatusCode, Value);

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

pub(super) fn invalid(message: &str) -> ApiErr {
    ApiErr(
        StatusCode::BAD_REQUEST,
        json!({"success": false, "error": "invalid_parameters", "message": message}),
    )
}

pub(super) fn not_found_named(error: &str) -> ApiErr {
    ApiErr(
        StatusCode::NOT_FOUND,
        json!({"success": false, "error": error}),
    )
}

pub(super) fn ok(v: Value) -> Response {
    Json(v).into_response()
}

pub(crate) async fn not_found() -> Response {
    not_found_named("not_found").into_response()
}

pub(super) fn body_object(body: &Bytes) -> Result<Map<String, Value>, ApiErr> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(invalid("the body must be a JSON object")),
    }
}

pub(super) fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    }
}

/// The largest quantity (order line, stock figure, document line) the simulator takes: a bound of its own
/// (**inferred**; Pancake documents none) so that hostile numbers get a 400, not an overflow.
pub const MAX_QUANTITY: i64 = 1_000_000_000;

/// `q` if within ±[`MAX_QUANTITY`], else the documented 400.
pub(super) fn bounded(q: i64, what: &str) -> Result<i64, ApiErr> {
    if !(-MAX_QUANTITY..=MAX_QUANTITY).contains(&q) {
        return Err(invalid(&format!("{what} must be within ±{MAX_QUANTITY}")));
    }
    Ok(q)
}

/// Run `f` on the shop of the path, or answer 404 for a shop the key cannot see.
pub(super) fn with_shop<T>(
    sim: &Sim,
    shop_id: &str,
    f: impl FnOnce(&mut Shop, &data::Geo, u64) -> Result<T, ApiErr>,
) -> Result<T, ApiErr> {
    let mut g = sim.lock();
    let Inner {
        shops, geo, seed, ..
    } = &mut *g;
    let id: i64 = shop_id
        .trim()
        .parse()
        .map_err(|_| invalid("SHOP_ID must be an integer"))?;
    let shop = shops
        .iter_mut()
        .find(|s| s.id == id)
        // the docs give one 404 for an unknown shop or order: `order_not_found`
        .ok_or_else(|| not_found_named("order_not_found"))?;
    f(shop, geo, *seed)
}

pub(super) fn respond(r: Result<Value, ApiErr>) -> Response {
    match r {
        Ok(v) => ok(v),
        Err(e) => e.into_response(),
    }
}

/// Page `items` with 1-based `page` and `size`, adding Pancake's paging fields.
/// Only the rows of the requested page are rendered.
pub(super) fn paged<T>(items: &[T], page: i64, size: i64, render: impl Fn(&T) -> Value) -> Value {
    let total = items.len() as i64;
    let size = size.clamp(1, 1000);
    let page = page.max(1);
    let total_pages = (total + size - 1) / size;
    let start = ((page - 1) * size).min(total) as usize;
    let end = (start + size as usize).min(items.len());
    let data: Vec<Value> = items[start..end].iter().map(render).collect();
    json!({
        "data": data, "page_number": page, "page_size": size,
        "total_entries": total, "total_pages": total_pages, "success": true
    })
}

pub(super) fn page_params(q: &Q, page_key: &str) -> Result<(i64, i64), ApiErr> {
    let page = q.int(page_key)?.unwrap_or(1);
    let size = q.int("page_size")?.unwrap_or(30);
    if page < 1 || size < 1 {
        return Err(invalid("page and page_size must be positive"));
    }
    Ok((page, size))
}

// ---------------------------------------------------------------- rendering

fn variation_warehouses_json(shop: &Shop, vi: usize) -> Vec<Value> {
    let v = &shop.variations[vi];
    shop.warehouses
        .iter()
        .zip(&v.stock)
        .map(|(w, st)| {
            let reserved = st.actual.saturating_sub(st.remain).max(0);
            json!({
                "variation_id": v.id, "warehouse_id": w.id, "shop_id": shop.id,
                "remain_quantity": st.remain, "actual_remain_quantity": st.actual,
                "available_quantity": st.remain.max(0), "total_quantity": st.actual,
                "pending_quantity": 0, "waitting_quantity": reserved, "shipping_quantity": 0,
                "returning_quantity": 0, "transfer_quantity": 0, "defect_quantity": 0,
                "avg_price": v.last_imported_price, "batch_position": null, "shelf_position": null,
                "nearly_out": st.remain <= 3, "not_permission_view_quantity": false,
                "selling_avg": 0, "selling_status": "normal"
            })
        })
        .collect()
}

/// `product_attributes` of a product: each attribute name with the values its variations use.
fn attributes_json(shop: &Shop, pi: usize) -> Value {
    let mut attrs: Vec<(String, Vec<String>)> = Vec::new();
    for vi in &shop.products[pi].variations {
        for (k, val) in &shop.variations[*vi].fields {
            match attrs.iter_mut().find(|(n, _)| n == k) {
                Some((_, vals)) if !vals.contains(val) => vals.push(val.clone()),
                Some(_) => {}
                None => attrs.push((k.clone(), vec![val.clone()])),
            }
        }
    }
    Value::Array(
        attrs
            .into_iter()
            .map(|(name, values)| json!({"name": name, "values": values}))
            .collect(),
    )
}

fn variation_json(shop: &Shop, vi: usize, with_product: bool) -> Value {
    let v = &shop.variations[vi];
    let p = &shop.products[v.product];
    // saturating: stock figures come from callers (hostile input must not panic the server)
    let remain = v.stock.iter().fold(0i64, |a, s| a.saturating_add(s.remain));
    let actual = v.stock.iter().fold(0i64, |a, s| a.saturating_add(s.actual));
    let fields: Vec<Value> = v
        .fields
        .iter()
        .enumerate()
        .map(|(i, (k, val))| {
            json!({"id": data::uuid(vi as u64, "field", i as u64), "name": k, "value": val, "keyValue": val})
        })
        .collect();
    let mut out = json!({
        "id": v.id, "product_id": p.id, "display_id": v.sku, "custom_id": v.sku,
        "barcode": v.barcode, "fields": fields, "images": v.images,
        "retail_price": v.retail_price, "price_at_counter": v.retail_price,
        "last_imported_price": v.last_imported_price, "wholesale_price": [],
        "remain_quantity": remain, "total_purchase_price": actual.max(0).saturating_mul(v.last_imported_price),
        "weight": v.weight, "is_hidden": v.hidden, "is_locked": false, "is_removed": v.removed,
        "is_sell_negative_variation": true, "inserted_at": ts(v.inserted_at),
        "updated_at": ts(p.updated_at), "average_imported_price": v.last_imported_price,
        "keyword": v.sku, "price_table": data::price_table_json(v), "size": data::size_json(v),
        "variations_warehouses": variation_warehouses_json(shop, vi)
    });
    if with_product {
        out["product"] = json!({
            "id": p.id, "name": p.name, "display_id": p.code, "custom_id": p.code,
            "note_product": p.note_product, "image": p.image, "inserted_at": ts(p.inserted_at),
            "categories": [{"id": p.category_id, "name": p.category}], "tags": data::product_tags_json(p), "is_published": true,
            "note": null, "measure_group_id": null, "supplier_product_ids": [],
            "manipulation_warehouses": [], "bonus_products": [], "product_attributes": attributes_json(shop, v.product)
        });
    }
    out
}

fn product_json(shop: &Shop, pi: usize) -> Value {
    let p = &shop.products[pi];
    let vars: Vec<Value> = p
        .variations
        .iter()
        .filter(|v| !shop.variations[**v].removed)
        .map(|v| variation_json(shop, *v, false))
        .collect();
    json!({
        "id": p.id, "name": p.name, "display_id": p.code, "custom_id": p.code, "weight": p.weight,
        "category_ids": [p.category_id], "note_product": p.note_product, "image": p.image,
        "is_published": true, "variations": vars,
        "inserted_at": ts(p.inserted_at), "updated_at": ts(p.updated_at)
    })
}

fn line_json(shop: &Shop, l: &OrderLine) -> Value {
    let v = &shop.variations[l.variation];
    let p = &shop.products[v.product];
    let detail: Vec<String> = v
        .fields
        .iter()
        .map(|(k, val)| format!("{k}: {val}"))
        .collect();
    json!({
        "id": l.item_id, "product_id": p.id, "variation_id": v.id, "quantity": l.quantity,
        "discount_each_product": l.discount_each_product, "is_bonus_product": l.is_bonus_product,
        "is_discount_percent": false, "is_wholesale": false, "one_time_product": false,
        "is_composite": false, "measure_group_id": null, "note": l.note, "returned_count": 0,
        "note_product": null, "assigning_seller_id": null, "inserted_at": null,
        "quantity_by_combo_products": [],
        "variation_info": {
            "id": v.sku, "name": v.name, "product_id": p.code, "retail_price": l.retail_price,
            "detail": detail.join(", "), "images": v.images, "barcode": v.barcode,
            "display_id": v.sku, "product_display_id": p.code, "weight": v.weight,
            "measure_info": null, "avg_price": v.last_imported_price, "brand_id": null,
            "category_ids": [p.category_id], "is_upsale_product": false,
            "last_imported_price": v.last_imported_price,
            "fields": v.fields.iter().enumerate().map(|(i, (k, val))| json!({"id": data::uuid(l.variation as u64, "field", i as u64), "name": k, "value": val, "keyValue": val})).collect::<Vec<_>>()
        },
        "components": []
    })
}

fn order_totals(o: &Order) -> (i64, i64, i64) {
    let qty = o
        .lines
        .iter()
        .fold(0i64, |a, l| a.saturating_add(l.quantity));
    let price = o
        .lines
        .iter()
        .filter(|l| !l.is_bonus_product)
        .fold(0i64, |a, l| {
            a.saturating_add(
                l.retail_price
                    .saturating_sub(l.discount_each_product)
                    .max(0)
                    .saturating_mul(l.quantity),
            )
        });
    let fee = if o.is_free_shipping {
        0
    } else {
        o.shipping_fee
    };
    let cod = price
        .saturating_sub(o.total_discount)
        .saturating_add(fee)
        .saturating_sub(o.prepaid)
        .max(0);
    (qty, price, cod)
}

const ORDER_NULL_FIELDS: &[&str] = &[
    "ad_id",
    "additional_info",
    "ads_source",
    "advanced_platform_fee",
    "assigning_care",
    "assigning_care_id",
    "assigning_seller",
    "assigning_seller_id",
    "creator",
    "creator_id",
    "estimate_delivery_date",
    "last_editor",
    "last_editor_id",
    "link",
    "lock_order_by_user",
    "marketer",
    "marketplace_id",
    "order_returned_ids",
    "p_utm_campaign",
    "p_utm_content",
    "p_utm_medium",
    "p_utm_source",
    "p_utm_term",
    "pke_mkter",
    "post_id",
    "returned_reason",
    "shop_customer_address_id",
    "shop_partner_id",
    "shopify_abandon_checkout_id",
    "shopify_draft_order_id",
    "shopify_order_id",
    "time_assign_care",
    "time_assign_marketer",
    "time_send_partner",
    "tracking_link",
];
const ORDER_ZERO_FIELDS: &[&str] = &[
    "charged_by_card",
    "charged_by_fundiin",
    "charged_by_kredivo",
    "charged_by_momo",
    "charged_by_qrpay",
    "charged_by_vnpay",
    "cost_surcharge",
    "discount",
    "discount_by_customer_level",
    "fee_marketplace",
    "printing_count",
    "tax",
];
const ORDER_FALSE_FIELDS: &[&str] = &[
    "duplicated_customer",
    "duplicated_phone",
    "is_abandoned_order",
    "is_from_ecommerce",
    "is_live_shopping",
    "is_livestream",
    "is_locked",
    "is_smc",
];
const ORDER_LIST_FIELDS: &[&str] = &[
    "activated_promotion_advances",
    "bank_transfer_images",
    "call_laters",
    "einvoices",
    "histories",
    "invoice_info_list",
    "note_image",
    "payment_purchase_histories",
    "transfer_proofs",
    "viewing",
];

fn order_json(shop: &Shop, o: &Order) -> Value {
    let (qty, price, cod) = order_totals(o);
    let w = &shop.warehouses[o.warehouse.min(shop.warehouses.len().saturating_sub(1))];
    let mut out = Map::new();
    let head = json!({
        "id": o.id, "system_id": o.system_id, "shop_id": shop.id, "display_id": o.display_id,
        "custom_id": o.custom_id, "status": o.status, "status_name": data::status_name(o.status),
        "sub_status": null,
        "inserted_at": ts(o.inserted_at), "updated_at": ts(o.updated_at),
        "last_update_status_at": ts(o.updated_at),
        "bill_full_name": o.bill_full_name, "bill_phone_number": o.bill_phone_number,
        "bill_email": o.bill_email,
        "customer": o.shop_customer_id.as_ref().map(|id| json!({"id": id, "name": o.bill_full_name, "fb_id": null, "page_id": null})),
        "shop_customer_id": o.shop_customer_id,
        "shipping_address": o.shipping_address,
        "warehouse_id": w.id,
        "warehouse_info": {
            "name": w.name, "phone_number": w.phone_number, "address": w.address,
            "province_id": w.province_id, "district_id": w.district_id, "commune_id": w.commune_id,
            "full_address": w.full_address, "custom_id": w.custom_id,
            "affiliate_id": null, "ffm_id": null, "has_snappy_service": false
        },
        "items": o.lines.iter().map(|l| line_json(shop, l)).collect::<Vec<_>>()
    });
    let money = json!({
        "total_quantity": qty, "total_price": price,
        "total_price_after_sub_discount": (price - o.total_discount).max(0),
        "total_discount": o.total_discount, "shipping_fee": o.shipping_fee, "partner_fee": 0,
        "surcharge": 0, "cod": cod, "money_to_collect": cod, "cash": 0, "transfer_money": o.prepaid,
        "is_free_shipping": o.is_free_shipping, "customer_pay_fee": !o.is_free_shipping,
        "received_at_shop": o.received_at_shop
    });
    let tail = json!({
        "partner": o.partner, "tags": o.tags, "note": o.note, "note_print": o.note_print,
        "account": o.account, "account_name": o.account_name,
        "page_id": o.extra.get("page_id").cloned().unwrap_or(Value::Null),
        "conversation_id": o.extra.get("conversation_id").cloned().unwrap_or(Value::Null),
        "order_sources": as_text(&o.account), "order_sources_name": o.account_name,
        "order_currency": "VND", "status_history": o.status_history.iter().map(|h| {
            let mut h = h.clone();
            if let Value::Object(m) = &mut h {
                for k in ["editor_id", "editor_fb", "name", "avatar_url"] {
                    m.entry(k).or_insert(Value::Null);
                }
            }
            h
        }).collect::<Vec<_>>(),
        "link_confirm_order": format!("https://order.pke.gg/tracking?id={}", o.system_id)
    });
    // the rest of the documented order fields ([oas] `Order`), with neutral values
    let mut rest = Map::new();
    for k in ORDER_NULL_FIELDS {
        rest.insert((*k).to_string(), Value::Null);
    }
    for k in ORDER_ZERO_FIELDS {
        rest.insert((*k).to_string(), json!(0));
    }
    for k in ORDER_FALSE_FIELDS {
        rest.insert((*k).to_string(), json!(false));
    }
    for k in ORDER_LIST_FIELDS {
        rest.insert((*k).to_string(), json!([]));
    }
    let reports = match o.bill_phone_number.as_deref() {
        Some(p) if p.starts_with('0') => {
            json!({ format!("+84{}", &p[1..]): {"order_fail": 0, "order_success": 1, "warning": 0} })
        }
        _ => json!({}),
    };
    rest.insert("reports_by_phone".into(), reports);
    rest.insert("is_linked_partner".into(), json!(!o.partner.is_null()));
    // [oas] `activated_combo_products` is an object (the older docs show `[]` when none)
    rest.insert("activated_combo_products".into(), json!({}));
    // the documented neutral values, then what the order holds (seed or body), then the computed fields
    out.extend(rest);
    out.extend(o.extra.clone());
    for part in [head, money, tail] {
        if let Value::Object(m) = part {
            out.extend(m);
        }
    }
    out.extend(data::order_people(shop, o));
    Value::Object(out)
}

fn customer_json(c: &data::Customer) -> Value {
    let mut addr = c.address.clone();
    if let Value::Object(m) = &mut addr {
        m.insert("id".into(), json!(data::uuid(0, &c.id, 1)));
    }
    json!({
        "id": c.id, "customer_id": data::uuid(1, &c.id, 0), "name": c.name,
        "phone_numbers": [c.phone], "emails": c.emails, "gender": c.gender,
        "date_of_birth": c.date_of_birth, "reward_point": 0, "order_count": c.order_count,
        "succeed_order_count": 0, "returned_order_count": 0, "purchased_amount": 0,
        "last_order_at": null, "referral_code": null, "tags": c.tags, "is_block": false,
        // [oas] responses use the singular name (the older docs' table says `shop_customer_addresses`)
        "shop_customer_address": if addr.is_null() { json!([]) } else { json!([addr]) },
        "assigned_user_id": null, "conversation_link": null, "fb_id": null,
        "is_discount_by_level": true, "level_id": null, "notes": [], "pages_customers": [],
        "inserted_at": ts(c.inserted_at), "updated_at": ts(c.updated_at)
    })
}

fn warehouse_json(shop_id: i64, w: &data::Warehouse) -> Value {
    json!({
        "id": w.id, "name": w.name, "phone_number": w.phone_number, "address": w.address,
        "full_address": w.full_address, "province_id": w.province_id, "district_id": w.district_id,
        "commune_id": w.commune_id, "country_code": "84", "custom_id": w.custom_id,
        "shop_id": shop_id, "allow_create_order": w.allow_create_order,
        "affiliate_shop_id": null, "affiliate_warehouse": null,
        "shelf_config": w.shelf_config
    })
}

// ---------------------------------------------------------------- shops and geo

pub(crate) async fn shops(State(sim): State<Sim>) -> Response {
    let g = sim.lock();
    let shops: Vec<Value> = g
        .shops
        .iter()
        .map(|s| {
            json!({
                "id": s.id, "name": s.name,
                "avatar_url": format!("https://picsum.photos/seed/shop{}/200", s.id),
                "pages": [{"id": format!("10443818122{}", s.id), "name": s.name, "platform": "facebook",
                           "settings": {"auto_create_order": true}, "shop_id": s.id}],
                "link_post_marketer": data::link_post_marketer_json(s, g.seed)
            })
        })
        .collect();
    ok(json!({"shops": shops, "success": true}))
}

pub(crate) async fn put_shop(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let Some(Value::Object(cfg)) = b.get("shop") else {
            return Err(invalid("the body must be {\"shop\": {...}}"));
        };
        if cfg.get("webhook_enable").and_then(as_bool) == Some(true)
            && cfg
                .get("webhook_url")
                .and_then(Value::as_str)
                .is_none_or(|u| !u.starts_with("http"))
        {
            return Err(invalid(
                "webhook_url is required when webhook_enable is true",
            ));
        }
        if let Value::Object(current) = &mut shop.webhook {
            for (k, v) in cfg {
                current.insert(k.clone(), v.clone());
            }
        }
        Ok(json!({"shop": shop.webhook, "success": true}))
    }))
}

pub(crate) async fn provinces(State(sim): State<Sim>, RawQuery(raw): RawQuery) -> Response {
    let q = Q::parse(raw.as_deref());
    if q.get("country_code").is_some_and(|c| c != "84") {
        return ok(json!({"data": [], "success": true}));
    }
    let g = sim.lock();
    let new = q.flag("is_new");
    let all = q.flag("all");
    let mut out: Vec<Value> = Vec::new();
    if !new || all {
        out.extend(
            g.geo
                .provinces
                .iter()
                .map(|p| data::province_json(p, false)),
        );
    }
    if new || all {
        out.extend(g.geo.provinces.iter().map(|p| data::province_json(p, true)));
    }
    ok(json!({"data": out, "success": true}))
}

pub(crate) async fn districts(State(sim): State<Sim>, RawQuery(raw): RawQuery) -> Response {
    let q = Q::parse(raw.as_deref());
    let Some(pid) = q.text("province_id") else {
        return invalid("province_id is required").into_response();
    };
    let g = sim.lock();
    let out: Vec<Value> = g
        .geo
        .districts
        .iter()
        .filter(|d| d.province_id == pid)
        .map(data::district_json)
        .collect();
    ok(json!({"data": out, "success": true}))
}

pub(crate) async fn communes(State(sim): State<Sim>, RawQuery(raw): RawQuery) -> Response {
    let q = Q::parse(raw.as_deref());
    let pid = q.text("province_id");
    let did = q.text("district_id");
    if pid.is_none() && did.is_none() {
        return invalid("district_id or province_id is required").into_response();
    }
    let g = sim.lock();
    let out: Vec<Value> = match (&did, &pid) {
        (Some(d), _) => g
            .geo
            .communes
            .iter()
            .filter(|c| c.district_id.as_deref() == Some(d.as_str()))
            .map(data::commune_json)
            .collect(),
        (None, Some(p)) if p.starts_with("84_") => g
            .geo
            .new_communes
            .iter()
            .filter(|c| &c.province_id == p)
            .map(data::commune_json)
            .collect(),
        (None, Some(p)) => g
            .geo
            .communes
            .iter()
            .filter(|c| &c.province_id == p)
            .map(data::commune_json)
            .collect(),
        (None, None) => Vec::new(),
    };
    ok(json!({"data": out, "success": true}))
}

// ---------------------------------------------------------------- orders

/// The list's `search`: phone, name, note, order id, and (inferred, unless the
/// `search_ignores_reference` switch is on) `custom_id`.
fn order_matches_search(o: &Order, needle: &str, custom_id: bool) -> bool {
    let n = needle.to_lowercase();
    let has = |s: &Option<String>| s.as_deref().is_some_and(|v| v.to_lowercase().contains(&n));
    (custom_id
        && (o
            .custom_id
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(needle))
            || has(&o.custom_id)))
        || has(&o.bill_phone_number)
        || has(&o.bill_full_name)
        || has(&o.note)
        || o.id.to_string() == needle
}

/// `option_sort` keys (digest §3.3.1), each with `_asc` / `_desc`.
const ORDER_SORTS: &[&str] = &[
    "inserted_at",
    "last_updated_order",
    "last_update_status_at",
    "order_valuation",
    "product_quantity",
    "product_name",
    "sub_status_sort",
    "first_undeliverable_at",
    "customer_sort",
    "estimate_delivery_date",
    "order_source",
];

/// `updateStatus` named windows (digest §3.3.1) besides a status code and `-1`.
const WINDOW_NAMES: &[&str] = &[
    "inserted_at",
    "updated_at",
    "partner_inserted_at",
    "paid_at",
    "estimate_delivery_date",
    "picked_up_at",
    "first_delivery_at",
    "transfer_proof",
    "time_assign_seller",
    "time_assign_care",
    "time_assign_marketer",
];
/// Status codes `updateStatus` accepts (digest §3.3.1).
const WINDOW_STATUSES: &[i64] = &[0, 11, 20, 1, 12, 13, 8, 9, 2, 3, 16, 4, 15, 5];

/// Which time of an order the list's window filters on.
enum WindowOn {
    Inserted,
    Updated,
    /// `partner_inserted_at`: the carrier's first answer (`partner.updated_at`; inferred).
    Partner,
    /// `paid_at`: `partner.paid_at`.
    Paid,
    /// `-1`: the last status change.
    LastStatus,
    /// a status code: when the order entered it.
    Entered(i64),
    /// a documented time the simulator never sets (assignments, pickups, proofs…): no order has it.
    Never,
}

fn parse_time(v: &Value) -> Option<DateTime<Utc>> {
    let s = v.as_str()?;
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

impl WindowOn {
    fn parse(w: &str) -> Result<Self, ApiErr> {
        Ok(match w {
            "inserted_at" => WindowOn::Inserted,
            "updated_at" => WindowOn::Updated,
            "partner_inserted_at" => WindowOn::Partner,
            "paid_at" => WindowOn::Paid,
            "-1" => WindowOn::LastStatus,
            w if WINDOW_NAMES.contains(&w) => WindowOn::Never,
            w => match w.parse::<i64>() {
                Ok(s) if WINDOW_STATUSES.contains(&s) => WindowOn::Entered(s),
                _ => return Err(invalid("updateStatus is not one of the documented values")),
            },
        })
    }

    fn time(&self, o: &Order) -> Option<DateTime<Utc>> {
        match self {
            WindowOn::Inserted => Some(o.inserted_at),
            WindowOn::Updated => Some(o.updated_at),
            WindowOn::Partner => o.partner.get("updated_at").and_then(parse_time),
            WindowOn::Paid => o.partner.get("paid_at").and_then(parse_time),
            WindowOn::LastStatus => o
                .status_history
                .last()
                .and_then(|h| parse_time(&h["updated_at"])),
            WindowOn::Entered(s) => o
                .status_history
                .iter()
                .rev()
                .find(|h| h["status"].as_i64() == Some(*s))
                .and_then(|h| parse_time(&h["updated_at"])),
            WindowOn::Never => None,
        }
    }
}

/// Compare two orders on an `option_sort` key (ties broken by id by the caller).
fn order_sort_cmp(shop: &Shop, key: &str, a: &Order, b: &Order) -> std::cmp::Ordering {
    let last_status = |o: &Order| WindowOn::LastStatus.time(o);
    let value = |o: &Order| order_totals(o).1;
    let qty = |o: &Order| {
        o.lines
            .iter()
            .fold(0i64, |a, l| a.saturating_add(l.quantity))
    };
    let first_name = |o: &Order| {
        o.lines
            .first()
            .and_then(|l| shop.variations.get(l.variation))
            .map(|v| v.name.clone())
    };
    match key {
        "last_updated_order" => a.updated_at.cmp(&b.updated_at),
        "last_update_status_at" => last_status(a).cmp(&last_status(b)),
        "order_valuation" => value(a).cmp(&value(b)),
        "product_quantity" => qty(a).cmp(&qty(b)),
        "product_name" => first_name(a).cmp(&first_name(b)),
        "sub_status_sort" => a.status.cmp(&b.status),
        "customer_sort" => a.bill_full_name.cmp(&b.bill_full_name),
        "order_source" => a.account.to_string().cmp(&b.account.to_string()),
        // no undeliverable or estimated-delivery times in the simulator: creation order
        _ => a.inserted_at.cmp(&b.inserted_at),
    }
}

pub(crate) async fn list_orders(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    let search_custom_id = sim.faults().search_matches_reference();
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let (page, size) = page_params(&q, "page_number")?;
        let mut statuses: Vec<i64> = Vec::new();
        if let Some(s) = q.int("status")?.filter(|s| *s >= 0) {
            statuses.push(s);
        }
        for s in q.all("filter_status") {
            statuses.push(
                s.parse()
                    .map_err(|_| invalid("filter_status must hold integers"))?,
            );
        }
        let include_removed = q.flag("include_removed") || statuses.contains(&7);
        let search = q.text("search");
        let customer = q.text("customer_id");
        let start = q.int("startDateTime")?;
        let end = q.int("endDateTime")?;
        let window_on = match q.text("updateStatus") {
            None => WindowOn::Inserted,
            Some(w) => WindowOn::parse(&w)?,
        };
        let sort = q
            .text("option_sort")
            .unwrap_or_else(|| "inserted_at_desc".into());
        let (sort_key, descending) = match sort.rsplit_once('_') {
            Some((k, "desc")) if ORDER_SORTS.contains(&k) => (k.to_string(), true),
            Some((k, "asc")) if ORDER_SORTS.contains(&k) => (k.to_string(), false),
            _ => return Err(invalid("option_sort is not one of the documented values")),
        };
        let mut hits: Vec<&Order> = shop
            .orders
            .iter()
            .filter(|o| statuses.is_empty() || statuses.contains(&o.status))
            .filter(|o| include_removed || o.status != 7)
            .filter(|o| {
                search
                    .as_deref()
                    .is_none_or(|s| order_matches_search(o, s, search_custom_id))
            })
            .filter(|o| customer.is_none() || o.shop_customer_id == customer)
            .filter(|o| {
                if start.is_none() && end.is_none() {
                    return true;
                }
                // an order without that time (never pushed, never in that status…) is outside any window
                window_on.time(o).is_some_and(|t| {
                    let t = t.timestamp();
                    start.is_none_or(|s| t >= s) && end.is_none_or(|e| t <= e)
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            let c = order_sort_cmp(shop, &sort_key, a, b).then(a.id.cmp(&b.id));
            if descending {
                c.reverse()
            } else {
                c
            }
        });
        let fields: Vec<&str> = q.all("fields");
        let render = |o: &&Order| {
            let full = order_json(shop, o);
            if fields.is_empty() {
                return full;
            }
            let mut m = Map::new();
            for f in &fields {
                if let Some(v) = full.get(*f) {
                    m.insert((*f).to_string(), v.clone());
                }
            }
            Value::Object(m)
        };
        Ok(paged(&hits, page, size, render))
    }))
}

pub(super) fn find_order(shop: &Shop, key: &str) -> Option<usize> {
    find_order_by(shop, key, true)
}

/// The order whose id is `key`, or (inferred, when `custom_id` is set) whose `custom_id` is `key`.
fn find_order_by(shop: &Shop, key: &str, custom_id: bool) -> Option<usize> {
    if let Ok(id) = key.parse::<i64>() {
        if let Some(i) = shop.order_index.get(&id) {
            return Some(*i);
        }
    }
    if !custom_id {
        return None;
    }
    // inferred: the ORDER_ID path parameter also accepts the shop's own code
    shop.orders
        .iter()
        .position(|o| o.custom_id.as_deref() == Some(key))
}

pub(crate) async fn get_order(
    State(sim): State<Sim>,
    Path((shop_id, order_id)): Path<(String, String)>,
) -> Response {
    // the `search_ignores_reference` switch also turns off the inferred lookup by `custom_id` here
    let by_custom_id = sim.faults().search_matches_reference();
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let i = find_order_by(shop, &order_id, by_custom_id)
            .ok_or_else(|| not_found_named("order_not_found"))?;
        Ok(order_json(shop, &shop.orders[i]))
    }))
}

/// Parse `items` of a create/update body into order lines.
fn parse_lines(shop: &mut Shop, items: &Value) -> Result<Vec<OrderLine>, ApiErr> {
    let Some(items) = items.as_array().filter(|a| !a.is_empty()) else {
        return Err(invalid("items must be a non-empty list"));
    };
    let mut lines = Vec::with_capacity(items.len());
    for (n, it) in items.iter().enumerate() {
        let key = it
            .get("variation_id")
            .and_then(as_text)
            .ok_or_else(|| invalid(&format!("items[{n}].variation_id is required")))?;
        let vi = shop
            .find_variation(&key)
            .ok_or_else(|| invalid(&format!("items[{n}].variation_id {key} does not exist")))?;
        let quantity = it
            .get("quantity")
            .and_then(as_i64)
            .filter(|q| *q > 0)
            .ok_or_else(|| invalid(&format!("items[{n}].quantity must be a positive integer")))?;
        let quantity = bounded(quantity, &format!("items[{n}].quantity"))?;
        let retail_price = it
            .get("variation_info")
            .and_then(|vi| vi.get("retail_price"))
            .and_then(as_i64)
            .unwrap_or(shop.variations[vi].retail_price);
        let item_id = shop.next_item_id;
        shop.next_item_id += 1;
        lines.push(OrderLine {
            item_id,
            variation: vi,
            quantity,
            discount_each_product: it
                .get("discount_each_product")
                .and_then(as_i64)
                .unwrap_or(0),
            retail_price,
            is_bonus_product: it
                .get("is_bonus_product")
                .and_then(as_bool)
                .unwrap_or(false),
            note: it.get("note").and_then(as_text),
        });
    }
    Ok(lines)
}

/// Statuses a new order may start in (**inferred**: the pre-shipping ones; the docs show only 0).
const CREATE_STATUSES: &[i64] = &[0, 17, 11, 12, 20, 1, 10, 21];
const ORDER_FIELDS: &[&str] = &[
    "shop_id",
    "items",
    "warehouse_id",
    "custom_id",
    "status",
    "bill_full_name",
    "bill_phone_number",
    "bill_email",
    "shipping_address",
    "shipping_fee",
    "total_discount",
    "note",
    "note_print",
    "is_free_shipping",
    "received_at_shop",
    "account",
    "account_name",
    "tags",
    "partner",
    "cash",
    "transfer_money",
    "shop_customer_id",
];

pub(crate) async fn create_order(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        if b.contains_key("order") && !b.contains_key("items") {
            return Err(invalid(
                "the order body is flat: do not wrap it in \"order\"",
            ));
        }
        // required in the OpenAPI schema and the docs' field table, and the shop of the path
        match b.get("shop_id").and_then(as_i64) {
            None => return Err(invalid("shop_id is required")),
            Some(id) if id != shop.id => {
                return Err(invalid("shop_id does not match the shop in the path"))
            }
            Some(_) => {}
        }
        // required in the docs' field table (the recipient)
        if !b.get("shipping_address").is_some_and(Value::is_object) {
            return Err(invalid("shipping_address is required"));
        }
        let wid = b
            .get("warehouse_id")
            .and_then(as_text)
            .ok_or_else(|| invalid("warehouse_id is required"))?;
        let wh = shop
            .warehouse_index(&wid)
            .ok_or_else(|| invalid("warehouse_id does not exist"))?;
        if !shop.warehouses[wh].allow_create_order {
            return Err(invalid("orders cannot be created from this warehouse"));
        }
        let status = b.get("status").and_then(as_i64).unwrap_or(0);
        if !CREATE_STATUSES.contains(&status) {
            return Err(invalid(&format!(
                "a new order cannot start in status {status}"
            )));
        }
        let lines = parse_lines(shop, b.get("items").unwrap_or(&Value::Null))?;
        let now = Utc::now();
        let id = shop.next_order_id;
        shop.next_order_id += 1;
        let address = match b.get("shipping_address") {
            Some(Value::Object(m)) => Value::Object(m.clone()),
            _ => json!({}),
        };
        let extra: Map<String, Value> = b
            .iter()
            .filter(|(k, _)| !ORDER_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let order = Order {
            id,
            system_id: shop.id * 100_000 + id,
            display_id: id,
            custom_id: b
                .get("custom_id")
                .and_then(as_text)
                .filter(|s| !s.is_empty()),
            status,
            warehouse: wh,
            lines,
            bill_full_name: b.get("bill_full_name").and_then(as_text),
            bill_phone_number: b.get("bill_phone_number").and_then(as_text),
            bill_email: b.get("bill_email").and_then(as_text),
            shop_customer_id: b.get("shop_customer_id").and_then(as_text),
            shipping_address: address,
            shipping_fee: b.get("shipping_fee").and_then(as_i64).unwrap_or(0),
            total_discount: b.get("total_discount").and_then(as_i64).unwrap_or(0),
            prepaid: b.get("cash").and_then(as_i64).unwrap_or(0)
                + b.get("transfer_money").and_then(as_i64).unwrap_or(0),
            note: b.get("note").and_then(as_text),
            note_print: b.get("note_print").and_then(as_text),
            is_free_shipping: b.get("is_free_shipping").and_then(as_bool).unwrap_or(false),
            received_at_shop: b.get("received_at_shop").and_then(as_bool).unwrap_or(false),
            account: b.get("account").cloned().unwrap_or(Value::Null),
            account_name: b.get("account_name").and_then(as_text),
            tags: b
                .get("tags")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            partner: b.get("partner").cloned().unwrap_or(Value::Null),
            status_history: vec![
                json!({"status": status, "old_status": null, "updated_at": ts(now)}),
            ],
            inserted_at: now,
            updated_at: now,
            extra,
        };
        let idx = shop.add_order(order);
        Ok(order_json(shop, &shop.orders[idx]))
    }))
}

fn transition_error(from: i64, to: i64) -> ApiErr {
    ApiErr(
        StatusCode::BAD_REQUEST,
        json!({
            "success": false, "error": "invalid_parameters",
            "message": format!("Không thể chuyển trạng thái đơn hàng từ {from} sang {to}"),
            "message_code": "invalid_status_transition"
        }),
    )
}

pub(crate) async fn update_order(
    State(sim): State<Sim>,
    Path((shop_id, order_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let i = find_order(shop, &order_id).ok_or_else(|| not_found_named("order_not_found"))?;
        let old = shop.orders[i].status;
        if let Some(v) = b.get("status") {
            let to = as_i64(v).ok_or_else(|| invalid("status must be an integer"))?;
            if !data::KNOWN_STATUSES.contains(&to) {
                return Err(invalid(&format!("unknown status {to}")));
            }
            if !data::transition_allowed(old, to) {
                return Err(transition_error(old, to));
            }
        }
        if let Some(items) = b.get("items") {
            if data::shipped(old) || !data::reserves(old) {
                return Err(invalid("items can only change before the order ships"));
            }
            let lines = parse_lines(shop, items)?;
            shop.move_stock(i, Some(old), None);
            shop.orders[i].lines = lines;
            shop.move_stock(i, None, Some(old));
        }
        if let Some(wid) = b.get("warehouse_id").and_then(as_text) {
            let wh = shop
                .warehouse_index(&wid)
                .ok_or_else(|| invalid("warehouse_id does not exist"))?;
            if wh != shop.orders[i].warehouse {
                if data::shipped(old) {
                    return Err(invalid("the warehouse cannot change after shipping"));
                }
                shop.move_stock(i, Some(old), None);
                shop.orders[i].warehouse = wh;
                shop.move_stock(i, None, Some(old));
            }
        }
        let now = Utc::now();
        if let Some(to) = b.get("status").and_then(as_i64) {
            if to != old {
                shop.move_stock(i, Some(old), Some(to));
                let o = &mut shop.orders[i];
                o.status = to;
                o.status_history
                    .push(json!({"status": to, "old_status": old, "updated_at": ts(now)}));
            }
        }
        let o = &mut shop.orders[i];
        for (k, v) in &b {
            match k.as_str() {
                "status" | "items" | "warehouse_id" | "shop_id" => {}
                "custom_id" => o.custom_id = as_text(v).filter(|s| !s.is_empty()),
                "bill_full_name" => o.bill_full_name = as_text(v),
                "bill_phone_number" => o.bill_phone_number = as_text(v),
                "bill_email" => o.bill_email = as_text(v),
                "note" => o.note = as_text(v),
                "note_print" => o.note_print = as_text(v),
                "shipping_fee" => o.shipping_fee = as_i64(v).unwrap_or(o.shipping_fee),
                "total_discount" => o.total_discount = as_i64(v).unwrap_or(o.total_discount),
                "is_free_shipping" => o.is_free_shipping = as_bool(v).unwrap_or(false),
                "tags" => o.tags = v.as_array().cloned().unwrap_or_default(),
                "partner" => o.partner = v.clone(),
                "shipping_address" => {
                    if let (Value::Object(cur), Value::Object(new)) = (&mut o.shipping_address, v) {
                        for (ak, av) in new {
                            cur.insert(ak.clone(), av.clone());
                        }
                    } else if v.is_object() {
                        o.shipping_address = v.clone();
                    }
                }
                _ => {
                    o.extra.insert(k.clone(), v.clone());
                }
            }
        }
        o.updated_at = now;
        Ok(order_json(shop, &shop.orders[i]))
    }))
}

pub(crate) async fn order_sources(State(sim): State<Sim>, Path(shop_id): Path<String>) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let t = "2024-04-08T03:11:25";
        Ok(json!({"data": [
            {"id": -1, "name": "Facebook", "parent_id": null, "shop_id": shop.id, "inserted_at": t, "updated_at": t},
            {"id": -3, "name": "Shopee", "parent_id": null, "shop_id": shop.id, "inserted_at": t, "updated_at": t},
            {"id": -7, "name": "Tiktok", "parent_id": null, "shop_id": shop.id, "inserted_at": t, "updated_at": t},
            {"id": format!("10443818122{}", shop.id), "name": shop.name, "parent_id": -1, "shop_id": shop.id, "inserted_at": t, "updated_at": t},
            // a Webcake landing page's fixed source link ([oas] `link`)
            {"id": format!("98765{}", shop.id), "name": "Landing khuyến mãi", "parent_id": -7, "shop_id": shop.id, "inserted_at": t, "updated_at": t,
             "link": format!("https://landing.thoitrangsaigon.vn/khuyen-mai?source={}", shop.id)}
        ], "success": true}))
    }))
}

pub(crate) async fn order_tags(State(sim): State<Sim>, Path(shop_id): Path<String>) -> Response {
    respond(with_shop(&sim, &shop_id, |_, _, _| {
        Ok(json!({"data": [
            {"id": 1, "name": "Giao không thành", "color": "#f04134", "is_system_tag": true, "groups": [{"id": -1, "name": "Delivery Group"}]},
            {"id": 2, "name": "Chờ cọc", "color": "#123123", "groups": []},
            {"id": 3, "name": "Khách quen", "color": "#87d068", "groups": []}
        ], "success": true}))
    }))
}

pub(crate) async fn returned_orders(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let (page, size) = page_params(&q, "page")?;
        let status = q.int("status")?.unwrap_or(-1);
        let hits: Vec<(usize, &Order, i64)> = shop
            .orders
            .iter()
            .filter(|o| matches!(o.status, 5 | 15))
            .enumerate()
            .map(|(n, o)| (n, o, if o.status == 5 { 1 } else { 0 }))
            .filter(|(_, _, rs)| status < 0 || *rs == status)
            .collect();
        let render = |&(n, o, rs): &(usize, &Order, i64)| {
            let items: Vec<Value> = o
                    .lines
                    .iter()
                    .map(|l| {
                        let v = &shop.variations[l.variation];
                        json!({"id": l.item_id, "product_id": shop.products[v.product].id,
                               "variation_id": v.id, "returned_quantity": l.quantity,
                               "discount_each_product": l.discount_each_product, "is_discount_percent": false,
                               "variation_info": {"name": v.name, "retail_price": l.retail_price, "weight": v.weight}})
                    })
                    .collect();
            json!({
                "id": 1000 + n, "display_id": 500 + n, "status": rs, "order_id": o.id,
                "order_id_to_returned": o.id, "shop_id": shop.id,
                "warehouse_id": shop.warehouses[o.warehouse].id,
                "shop_customer_id": o.shop_customer_id, "bill_full_name": o.bill_full_name,
                "bill_phone_number": o.bill_phone_number, "custom_id": null, "discount": 0,
                "discount_from_order_to_returned": 0, "returned_fee": 0, "tags": [],
                "returned_items": items,
                "creator_id": o.status_history.first().and_then(|h| h.get("editor_id")).cloned(),
                // the simulator makes no separate return order: `order_id` and `order` are the returned
                // order itself, like `order_to_returned` ([oas] `ReturnOrder`: full orders, integer ids)
                "order": returned_order_json(shop, o),
                "order_to_returned": returned_order_json(shop, o),
                "status_histories": [{
                    "id": data::uuid(o.system_id as u64, "return_status", 0), "status": rs, "old_status": null,
                    "editor_id": o.status_history.first().and_then(|h| h.get("editor_id")).cloned(),
                    "inserted_at": ts(o.updated_at), "updated_at": ts(o.updated_at)
                }],
                "inserted_at": ts(o.updated_at), "updated_at": ts(o.updated_at)
            })
        };
        Ok(paged(&hits, page, size, render))
    }))
}

fn returned_order_json(shop: &Shop, o: &Order) -> Value {
    let mut v = order_json(shop, o);
    v["is_exchange_order"] = json!(false);
    v
}

// ---------------------------------------------------------------- warehouses, users, partners

pub(crate) async fn list_warehouses(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let rows: Vec<Value> = shop
            .warehouses
            .iter()
            .map(|w| warehouse_json(shop.id, w))
            .collect();
        Ok(json!({"data": rows, "success": true}))
    }))
}

fn apply_warehouse(w: &mut data::Warehouse, b: &Map<String, Value>, geo: &data::Geo) {
    let text = |k: &str| b.get(k).and_then(as_text);
    if let Some(v) = text("name") {
        w.name = v;
    }
    if let Some(v) = text("phone_number") {
        w.phone_number = v;
    }
    if let Some(v) = text("address") {
        w.address = v;
    }
    if let Some(v) = text("province_id") {
        w.province_id = v;
    }
    if let Some(v) = text("district_id") {
        w.district_id = v;
    }
    if let Some(v) = text("commune_id") {
        w.commune_id = v;
    }
    if let Some(v) = text("custom_id") {
        w.custom_id = Some(v);
    }
    if let Some(v) = b.get("shelf_config") {
        w.shelf_config = v.clone();
    }
    if let Some(v) = b.get("allow_create_order").and_then(as_bool) {
        w.allow_create_order = v;
    }
    let name = |list: &[(String, String)], id: &str| {
        list.iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let communes: Vec<(String, String)> = geo
        .communes
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let districts: Vec<(String, String)> = geo
        .districts
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let provinces: Vec<(String, String)> = geo
        .provinces
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    w.full_address = [
        w.address.clone(),
        name(&communes, &w.commune_id),
        name(&districts, &w.district_id),
        name(&provinces, &w.province_id),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
}

pub(crate) async fn create_warehouse(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, geo, seed| {
        let b = body_object(&body)?;
        if b.get("name")
            .and_then(as_text)
            .is_none_or(|n| n.trim().is_empty())
        {
            return Err(invalid("name is required"));
        }
        if !b.get("shelf_config").is_some_and(Value::is_object) {
            return Err(invalid("shelf_config is required"));
        }
        let n = shop.warehouses.len() as u64;
        let mut w = data::Warehouse {
            id: data::uuid(seed ^ shop.id as u64, "warehouse-new", n),
            name: String::new(),
            phone_number: String::new(),
            address: String::new(),
            province_id: String::new(),
            district_id: String::new(),
            commune_id: String::new(),
            full_address: String::new(),
            custom_id: None,
            allow_create_order: true,
            shelf_config: json!({}),
        };
        apply_warehouse(&mut w, &b, geo);
        for v in &mut shop.variations {
            v.stock.push(Stock::default());
        }
        let out = warehouse_json(shop.id, &w);
        shop.warehouses.push(w);
        Ok(out)
    }))
}

pub(crate) async fn update_warehouse(
    State(sim): State<Sim>,
    Path((shop_id, warehouse_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, geo, _| {
        let b = body_object(&body)?;
        // the same two fields as a create: required on the PUT too (digest §3.5 table, OpenAPI `required`)
        if b.get("name")
            .and_then(as_text)
            .is_none_or(|n| n.trim().is_empty())
        {
            return Err(invalid("name is required"));
        }
        if !b.get("shelf_config").is_some_and(Value::is_object) {
            return Err(invalid("shelf_config is required"));
        }
        let i = shop
            .warehouse_index(&warehouse_id)
            .ok_or_else(|| not_found_named("warehouse_not_found"))?;
        apply_warehouse(&mut shop.warehouses[i], &b, geo);
        Ok(warehouse_json(shop.id, &shop.warehouses[i]))
    }))
}

pub(crate) async fn users(State(sim): State<Sim>, Path(shop_id): Path<String>) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let depts = [(1, "Quản lý"), (933, "Sales"), (934, "Kho vận")];
        let rows: Vec<Value> = shop.staff.iter().zip(depts).map(|(s, dept)| {
            json!({"shop_id": shop.id, "user_id": s.id,
                   "user": {"id": s.id, "name": s.name, "email": s.email, "fb_id": s.fb_id, "phone_number": s.phone_number},
                   "department": {"id": dept.0, "name": dept.1}, "sale_group": {"id": 30, "name": "Ca sáng"}})
        }).collect();
        Ok(json!({"data": rows, "success": true}))
    }))
}

pub(crate) async fn partners(State(sim): State<Sim>, Path(shop_id): Path<String>) -> Response {
    respond(with_shop(&sim, &shop_id, |_, _, _| {
        Ok(json!({"data": [
            {"id": 1, "name": "Giao hàng tiết kiệm", "country_code": "84", "accounts": [{"id": 46036, "name": "ghtk-sandbox"}]},
            {"id": 3, "name": "VTP", "country_code": "84", "accounts": []},
            {"id": 5, "name": "Giao hàng nhanh", "country_code": "84", "accounts": [{"id": 46037, "name": "ghn-sandbox"}]},
            {"id": 15, "name": "J&T", "country_code": "84", "accounts": []},
            {"id": 17, "name": "VN Post v2", "country_code": "84", "accounts": []}
        ], "success": true}))
    }))
}

// ---------------------------------------------------------------- products and stock

/// `selling_status` values (digest §3.7.3: `star` in the OpenAPI, `good` in docs25). The simulator has
/// no sales speed: every variation sells at a `normal` pace (**inferred**), so `normal` keeps all, the
/// others none.
const SELLING_STATUSES: &[&str] = &["none", "bad", "normal", "star", "good"];

/// The variation list's stock and status filters (`selling_status`, `product_status`, `remainQuantity`).
struct VariationFilters {
    selling: Option<String>,
    locked: Option<bool>,
    /// (min, max) on the sellable quantity, summed over `warehouses` or (with `isFilterTotal` false) any one.
    remain: Option<(i64, i64, Vec<usize>, bool)>,
}

impl VariationFilters {
    fn parse(q: &Q, shop: &Shop) -> Result<Self, ApiErr> {
        let selling = q.text("selling_status");
        if let Some(s) = &selling {
            if !SELLING_STATUSES.contains(&s.as_str()) {
                return Err(invalid(&format!(
                    "selling_status must be one of {SELLING_STATUSES:?}"
                )));
            }
        }
        let locked = match q.text("product_status").as_deref() {
            None => None,
            Some("locked") => Some(true),
            Some("not_locked") => Some(false),
            Some(_) => return Err(invalid("product_status must be locked or not_locked")),
        };
        let remain = match q.text("remainQuantity") {
            None => None,
            Some(raw) => Some(Self::remain(&raw, shop)?),
        };
        Ok(VariationFilters {
            selling,
            locked,
            remain,
        })
    }

    /// `{"type": "greaterOrEqual"|"smallerOrEqual"|"between", "value"|"minValue"+"maxValue", "warehouseId":
    /// "all"|uuid|[uuid], "isFilterTotal": bool}` (OpenAPI).
    fn remain(raw: &str, shop: &Shop) -> Result<(i64, i64, Vec<usize>, bool), ApiErr> {
        let bad = || invalid("remainQuantity must be the documented JSON object");
        let v: Value = serde_json::from_str(raw).map_err(|_| bad())?;
        let num = |k: &str| v.get(k).and_then(as_i64).ok_or_else(bad);
        let (min, max) = match v.get("type").and_then(Value::as_str) {
            Some("greaterOrEqual") => (num("value")?, i64::MAX),
            Some("smallerOrEqual") => (i64::MIN, num("value")?),
            Some("between") => (num("minValue")?, num("maxValue")?),
            _ => return Err(bad()),
        };
        let ids: Vec<String> = match v.get("warehouseId") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) if s == "all" => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a.iter().filter_map(as_text).collect(),
            Some(_) => return Err(bad()),
        };
        let mut whs = Vec::new();
        for id in &ids {
            whs.push(shop.warehouse_index(id).ok_or_else(|| {
                invalid(&format!("remainQuantity.warehouseId {id} does not exist"))
            })?);
        }
        if whs.is_empty() {
            whs = (0..shop.warehouses.len()).collect();
        }
        let total = v.get("isFilterTotal").and_then(as_bool).unwrap_or(true);
        Ok((min, max, whs, total))
    }

    fn keeps(&self, shop: &Shop, i: usize) -> bool {
        if self.selling.as_deref().is_some_and(|s| s != "normal") {
            return false;
        }
        // no product of the simulator is locked (inactive)
        if self.locked == Some(true) {
            return false;
        }
        let Some((min, max, whs, total)) = &self.remain else {
            return true;
        };
        let stock = &shop.variations[i].stock;
        let at = |w: &usize| stock.get(*w).map_or(0, |s| s.remain);
        if *total {
            let sum = whs.iter().fold(0i64, |a, w| a.saturating_add(at(w)));
            (*min..=*max).contains(&sum)
        } else {
            whs.iter().any(|w| (*min..=*max).contains(&at(w)))
        }
    }
}

pub(crate) async fn list_variations(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let (page, size) = page_params(&q, "page_number")?;
        let search = q.text("search").map(|s| s.to_lowercase());
        let ids: Vec<&str> = q.all("variation_ids");
        let cats: Vec<i64> = q
            .all("category_id")
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect();
        let upd_from = q.int("start_time_update")?;
        let upd_to = q.int("end_time_update")?;
        let new_from = q.int("startDate")?;
        let new_to = q.int("endDate")?;
        let filters = VariationFilters::parse(&q, shop)?;
        let hits: Vec<usize> = (0..shop.variations.len())
            .filter(|i| !shop.variations[*i].removed)
            .filter(|i| ids.is_empty() || ids.contains(&shop.variations[*i].id.as_str()))
            .filter(|i| {
                let v = &shop.variations[*i];
                let p = &shop.products[v.product];
                cats.is_empty() || cats.contains(&p.category_id)
            })
            .filter(|i| {
                let p = &shop.products[shop.variations[*i].product];
                let t = p.updated_at.timestamp();
                upd_from.is_none_or(|f| t >= f) && upd_to.is_none_or(|e| t <= e)
            })
            .filter(|i| {
                let p = &shop.products[shop.variations[*i].product];
                let t = p.inserted_at.timestamp();
                new_from.is_none_or(|f| t >= f) && new_to.is_none_or(|e| t <= e)
            })
            .filter(|i| filters.keeps(shop, *i))
            .filter(|i| {
                let Some(s) = &search else { return true };
                let v = &shop.variations[*i];
                v.sku.to_lowercase().contains(s)
                    || v.name.to_lowercase().contains(s)
                    || v.barcode.as_deref().is_some_and(|b| b.contains(s.as_str()))
            })
            .collect();
        // page before rendering: only the requested rows are built
        let total = hits.len() as i64;
        let size = size.clamp(1, 1000);
        let start = ((page - 1) * size).min(total) as usize;
        let end = (start + size as usize).min(hits.len());
        let rows: Vec<Value> = hits[start..end]
            .iter()
            .map(|i| variation_json(shop, *i, true))
            .collect();
        Ok(json!({
            "data": rows, "page_number": page, "page_size": size, "total_entries": total,
            "total_pages": (total + size - 1) / size, "success": true
        }))
    }))
}

/// `GET /shops/{SHOP_ID}/inventory_histories`: `page` / `page_size`, `warehouse_id`, `variation_ids[]`,
/// `startDate` / `endDate` (unix seconds, on `inserted_at`); newest first (inferred).
pub(crate) async fn inventory_histories(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        // the one list whose `page` and `page_size` the dump's table and the OpenAPI both mark required
        for k in ["page", "page_size"] {
            if q.text(k).is_none() {
                return Err(invalid(&format!("{k} is required")));
            }
        }
        let (page, size) = page_params(&q, "page")?;
        let from = q.int("startDate")?;
        let to = q.int("endDate")?;
        let ids: Vec<&str> = q.all("variation_ids");
        let wh = q.text("warehouse_id");
        let hits: Vec<&data::History> = shop
            .histories
            .iter()
            .rev()
            .filter(|h| {
                let t = h.at.timestamp();
                from.is_none_or(|f| t >= f) && to.is_none_or(|e| t <= e)
            })
            .filter(|h| {
                wh.as_deref()
                    .is_none_or(|w| shop.warehouses[h.warehouse].id == w)
            })
            .filter(|h| ids.is_empty() || ids.contains(&shop.variations[h.variation].id.as_str()))
            .collect();
        Ok(paged(&hits, page, size, |h| history_json(shop, h)))
    }))
}

fn history_json(shop: &Shop, h: &data::History) -> Value {
    let v = &shop.variations[h.variation];
    let w = &shop.warehouses[h.warehouse];
    let st = v.stock.get(h.warehouse).copied().unwrap_or_default();
    let mut wj = warehouse_json(shop.id, w);
    if let Some(m) = wj.as_object_mut() {
        // the history's warehouse also names its fulfilment link ([oas] example)
        m.entry("ffm_id").or_insert(Value::Null);
    }
    json!({
        "id": h.id, "quantity": h.quantity, "remain_quantity": h.remain_after,
        "avg_price": v.last_imported_price, "table_name": h.table_name, "type": h.kind,
        "ref_display_id": h.ref_display_id, "editor_id": null,
        "inserted_at": h.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        "current_inventory": [{
            "id": w.id, "name": w.name, "remain_quantity": st.remain,
            "actual_remain_quantity": st.actual, "total_quantity": st.actual,
            "avg_price": v.last_imported_price
        }],
        "variation_now": variation_json(shop, h.variation, false),
        "warehouse": wj
    })
}

fn find_product(shop: &Shop, key: &str) -> Option<usize> {
    shop.products
        .iter()
        .position(|p| p.id == key || p.code == key)
        .or_else(|| shop.find_variation(key).map(|v| shop.variations[v].product))
}

fn product_not_found() -> ApiErr {
    // [field]: "product not found" comes back as HTTP 200 with success:false
    ApiErr(
        StatusCode::OK,
        json!({"success": false, "message": "product not found"}),
    )
}

pub(crate) async fn get_product(
    State(sim): State<Sim>,
    Path((shop_id, key)): Path<(String, String)>,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let i = find_product(shop, &key).ok_or_else(product_not_found)?;
        Ok(product_json(shop, i))
    }))
}

fn fields_of(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| {
                    Some((
                        f.get("name").and_then(as_text)?,
                        f.get("value").and_then(as_text)?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Create or update one variation from a product write body.
fn upsert_variation(
    shop: &mut Shop,
    pi: usize,
    body: &Value,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<(), ApiErr> {
    let existing = body
        .get("id")
        .and_then(as_text)
        .filter(|s| !s.is_empty())
        .map(|id| {
            shop.variation_index
                .get(&id)
                .copied()
                .filter(|v| shop.variations[*v].product == pi)
                .ok_or_else(|| invalid(&format!("variation {id} does not belong to this product")))
        })
        .transpose()?;
    let vi = match existing {
        Some(vi) => vi,
        None => {
            let retail = body
                .get("retail_price")
                .and_then(as_i64)
                .ok_or_else(|| invalid("variations[].retail_price is required"))?;
            // required for a new variation in the docs' field table
            if body.get("weight").and_then(as_i64).is_none() {
                return Err(invalid("variations[].weight is required"));
            }
            let idx = shop.variations.len();
            let p = &shop.products[pi];
            let sku = body
                .get("custom_id")
                .and_then(as_text)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("{}-{}", p.code, p.variations.len() + 1));
            if shop.find_variation(&sku).is_some() {
                return Err(invalid(&format!("custom_id {sku} already exists")));
            }
            let id = data::uuid(seed ^ 0x5EED, "variation-new", idx as u64);
            shop.variations.push(data::Variation {
                id: id.clone(),
                product: pi,
                sku: sku.clone(),
                barcode: None,
                name: p.name.clone(),
                fields: Vec::new(),
                retail_price: retail,
                last_imported_price: 0,
                weight: p.weight,
                images: Vec::new(),
                stock: vec![Stock::default(); shop.warehouses.len()],
                removed: false,
                hidden: false,
                inserted_at: now,
            });
            shop.variation_index.insert(id, idx);
            shop.variation_index.insert(sku, idx);
            shop.products[pi].variations.push(idx);
            idx
        }
    };
    if body.get("is_removed").and_then(as_bool) == Some(true) {
        shop.variations[vi].removed = true;
        return Ok(());
    }
    let name = shop.products[pi].name.clone();
    if let Some(sku) = body
        .get("custom_id")
        .and_then(as_text)
        .filter(|s| !s.is_empty())
    {
        if shop.variations[vi].sku != sku {
            if shop.find_variation(&sku).is_some() {
                return Err(invalid(&format!("custom_id {sku} already exists")));
            }
            shop.variation_index.insert(sku.clone(), vi);
            shop.variations[vi].sku = sku;
        }
    }
    let v = &mut shop.variations[vi];
    if let Some(p) = body.get("retail_price").and_then(as_i64) {
        v.retail_price = p;
    }
    if let Some(p) = body.get("last_imported_price").and_then(as_i64) {
        v.last_imported_price = p;
    }
    if let Some(w) = body.get("weight").and_then(as_i64) {
        v.weight = w;
    }
    if let Some(b) = body.get("barcode") {
        v.barcode = as_text(b);
    }
    if let Some(h) = body.get("is_hidden").and_then(as_bool) {
        v.hidden = h;
    }
    if let Some(f) = body.get("fields") {
        v.fields = fields_of(f);
    }
    if let Some(imgs) = body.get("images").and_then(Value::as_array) {
        v.images = imgs.iter().filter_map(as_text).collect();
    }
    let label: Vec<&str> = v.fields.iter().map(|(_, val)| val.as_str()).collect();
    v.name = if label.is_empty() {
        name
    } else {
        format!("{name} - {}", label.join(" / "))
    };
    if let Some(rows) = body.get("variations_warehouses").and_then(Value::as_array) {
        for r in rows {
            let wid = r.get("warehouse_id").and_then(as_text).unwrap_or_default();
            let w = shop
                .warehouse_index(&wid)
                .ok_or_else(|| invalid(&format!("warehouse {wid} does not exist")))?;
            let q = r.get("remain_quantity").and_then(as_i64).unwrap_or(0);
            let q = bounded(q, "variations_warehouses[].remain_quantity")?;
            let before = shop.variations[vi].stock[w];
            shop.variations[vi].stock[w] = Stock {
                remain: q,
                actual: q,
            };
            shop.record_stock(
                vi,
                w,
                before,
                "products",
                "Cập nhật sản phẩm".to_string(),
                None,
            );
        }
    }
    Ok(())
}

fn product_body(body: &Bytes) -> Result<Map<String, Value>, ApiErr> {
    let b = body_object(body)?;
    match b.get("product") {
        Some(Value::Object(p)) => Ok(p.clone()),
        _ => Err(invalid("the body must be {\"product\": {...}}")),
    }
}

pub(crate) async fn create_product(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, seed| {
        let p = product_body(&body)?;
        let name = p
            .get("name")
            .and_then(as_text)
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| invalid("product.name is required"))?;
        let weight = p
            .get("weight")
            .and_then(as_i64)
            .ok_or_else(|| invalid("product.weight is required"))?;
        let pi = shop.products.len();
        let code = p
            .get("custom_id")
            .and_then(as_text)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("SP{:05}", pi + 1));
        if shop.products.iter().any(|x| x.code == code) {
            return Err(invalid(&format!("custom_id {code} already exists")));
        }
        let now = Utc::now();
        shop.products.push(data::Product {
            id: data::uuid(seed ^ 0x5EED, "product-new", pi as u64),
            code,
            name,
            category_id: p
                .get("category_ids")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(as_i64)
                .unwrap_or(0),
            category: String::new(),
            image: String::new(),
            weight,
            note_product: p.get("note_product").and_then(as_text),
            variations: Vec::new(),
            inserted_at: now,
            updated_at: now,
        });
        let vars = p
            .get("variations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for v in &vars {
            if let Err(e) = upsert_variation(shop, pi, v, seed, now) {
                // all or nothing: forget the half-made product
                for vi in shop.products[pi].variations.clone() {
                    shop.variations[vi].removed = true;
                }
                shop.products.pop();
                return Err(e);
            }
        }
        Ok(json!({"success": true}))
    }))
}

pub(crate) async fn update_product(
    State(sim): State<Sim>,
    Path((shop_id, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, seed| {
        let p = product_body(&body)?;
        let pi = shop
            .products
            .iter()
            .position(|x| x.id == key || x.code == key)
            .ok_or_else(product_not_found)?;
        let now = Utc::now();
        if let Some(n) = p.get("name").and_then(as_text).filter(|n| !n.is_empty()) {
            // a variation's name is its product's and its options'
            for vi in shop.products[pi].variations.clone() {
                let v = &mut shop.variations[vi];
                let label: Vec<&str> = v.fields.iter().map(|(_, val)| val.as_str()).collect();
                v.name = if label.is_empty() {
                    n.clone()
                } else {
                    format!("{n} - {}", label.join(" / "))
                };
            }
            shop.products[pi].name = n;
        }
        if let Some(w) = p.get("weight").and_then(as_i64) {
            shop.products[pi].weight = w;
        }
        if let Some(n) = p.get("note_product").and_then(as_text) {
            shop.products[pi].note_product = Some(n);
        }
        if let Some(vars) = p.get("variations").and_then(Value::as_array) {
            for v in vars {
                upsert_variation(shop, pi, v, seed, now)?;
            }
        }
        shop.products[pi].updated_at = now;
        Ok(json!({"success": true}))
    }))
}

/// Set absolute stock. The reserved amount (on hand − sellable) stays as it is, so setting one quantity
/// moves the other with it. Without `is_actual_remain_quantity` the sellable quantity is set (inferred).
fn set_stock(shop: &mut Shop, vi: usize, row: &Value, on_hand: bool) -> Result<(), ApiErr> {
    let wid = row
        .get("warehouse_id")
        .and_then(as_text)
        .ok_or_else(|| invalid("variations_warehouses[].warehouse_id is required"))?;
    let w = shop
        .warehouse_index(&wid)
        .ok_or_else(|| invalid(&format!("warehouse {wid} does not exist")))?;
    let q = row
        .get("remain_quantity")
        .and_then(as_i64)
        .ok_or_else(|| invalid("variations_warehouses[].remain_quantity must be an integer"))?;
    let q = bounded(q, "variations_warehouses[].remain_quantity")?;
    let st = &mut shop.variations[vi].stock[w];
    let before = *st;
    let reserved = st.actual.saturating_sub(st.remain);
    if on_hand {
        st.actual = q;
        st.remain = q.saturating_sub(reserved);
    } else {
        st.remain = q;
        st.actual = q.saturating_add(reserved);
    }
    shop.record_stock(
        vi,
        w,
        before,
        "variations_warehouses",
        "Cập nhật số lượng tồn kho".to_string(),
        None,
    );
    Ok(())
}

fn stock_rows(b: &Map<String, Value>) -> Result<Vec<Value>, ApiErr> {
    b.get("variations_warehouses")
        .and_then(Value::as_array)
        .filter(|r| !r.is_empty())
        .cloned()
        .ok_or_else(|| invalid("variations_warehouses must be a non-empty list"))
}

pub(crate) async fn update_stock_one(
    State(sim): State<Sim>,
    Path((shop_id, variation_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let vi = shop
            .find_variation(&variation_id)
            .ok_or_else(|| invalid(&format!("variation {variation_id} does not exist")))?;
        let on_hand = b
            .get("is_actual_remain_quantity")
            .and_then(as_bool)
            .unwrap_or(false);
        let rows = stock_rows(&b)?;
        let before = shop.variations[vi].stock.clone();
        let logged = shop.histories.len();
        for r in &rows {
            if let Err(e) = set_stock(shop, vi, r, on_hand) {
                shop.variations[vi].stock = before;
                shop.histories.truncate(logged);
                return Err(e);
            }
        }
        Ok(json!({"success": true}))
    }))
}

pub(crate) async fn update_stock_multi(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let on_hand = b
            .get("is_actual_remain_quantity")
            .and_then(as_bool)
            .unwrap_or(false);
        let rows = stock_rows(&b)?;
        // validate everything first: all or nothing
        let mut targets = Vec::with_capacity(rows.len());
        for r in &rows {
            let vid = r
                .get("variation_id")
                .and_then(as_text)
                .ok_or_else(|| invalid("variations_warehouses[].variation_id is required"))?;
            let vi = shop
                .find_variation(&vid)
                .ok_or_else(|| invalid(&format!("variation {vid} does not exist")))?;
            targets.push(vi);
        }
        let before: Vec<(usize, Vec<Stock>)> = targets
            .iter()
            .map(|vi| (*vi, shop.variations[*vi].stock.clone()))
            .collect();
        let logged = shop.histories.len();
        for (vi, r) in targets.iter().zip(&rows) {
            if let Err(e) = set_stock(shop, *vi, r, on_hand) {
                for (vi, st) in before {
                    shop.variations[vi].stock = st;
                }
                shop.histories.truncate(logged);
                return Err(e);
            }
        }
        Ok(json!({"success": true}))
    }))
}

pub(crate) async fn categories(State(sim): State<Sim>, Path(shop_id): Path<String>) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        Ok(json!({"data": data::categories_json(shop), "success": true}))
    }))
}

pub(crate) async fn measurements(State(sim): State<Sim>, Path(shop_id): Path<String>) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        Ok(
            json!({"data": [{"id": 58, "name": "Dung tích", "shop_id": shop.id, "nodes": [
            {"id": 61, "name": "50 ml", "exchange_value": 50, "is_default": true, "parent_id": 58},
            {"id": 62, "name": "100 ml", "exchange_value": 100, "is_default": false, "parent_id": 58}
        ]}], "success": true}),
        )
    }))
}

// ---------------------------------------------------------------- customers

pub(crate) async fn list_customers(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = Q::parse(raw.as_deref());
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let (page, size) = page_params(&q, "page_number")?;
        let search = q.text("search").map(|s| s.to_lowercase());
        let ids: Vec<String> = q
            .text("customer_ids")
            .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
            .unwrap_or_default();
        let from = q.int("start_time_updated_at")?;
        let to = q.int("end_time_updated_at")?;
        let created_from = q.int("start_time_inserted_at")?;
        let created_to = q.int("end_time_inserted_at")?;
        let hits: Vec<&data::Customer> = shop
            .customers
            .iter()
            .filter(|c| ids.is_empty() || ids.contains(&c.id))
            .filter(|c| {
                search
                    .as_deref()
                    .is_none_or(|s| c.name.to_lowercase().contains(s) || c.phone.contains(s))
            })
            .filter(|c| {
                let t = c.updated_at.timestamp();
                from.is_none_or(|f| t >= f) && to.is_none_or(|e| t <= e)
            })
            .filter(|c| {
                let t = c.inserted_at.timestamp();
                created_from.is_none_or(|f| t >= f) && created_to.is_none_or(|e| t <= e)
            })
            .collect();
        Ok(paged(&hits, page, size, |c| customer_json(c)))
    }))
}

pub(crate) async fn get_customer(
    State(sim): State<Sim>,
    Path((shop_id, customer_id)): Path<(String, String)>,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let c = shop
            .customers
            .iter()
            .find(|c| c.id == customer_id)
            .ok_or_else(|| not_found_named("customer_not_found"))?;
        Ok(json!({"data": customer_json(c), "success": true}))
    }))
}

pub(crate) async fn create_customer(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, seed| {
        let b = body_object(&body)?;
        let name = b
            .get("name")
            .and_then(as_text)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| invalid("name is required"))?;
        let phone = b
            .get("phoneNumber")
            .and_then(as_text)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| invalid("phoneNumber is required"))?;
        // required in the docs' field table (what to do when the phone number already exists)
        let create_type = b
            .get("createType")
            .and_then(as_text)
            .ok_or_else(|| invalid("createType is required"))?;
        if !["ignore", "update", "force"].contains(&create_type.as_str()) {
            return Err(invalid("createType must be ignore, update or force"));
        }
        let now = Utc::now();
        if create_type != "force" {
            if let Some(i) = shop.customers.iter().position(|c| c.phone == phone) {
                if create_type == "update" {
                    shop.customers[i].name = name;
                    shop.customers[i].updated_at = now;
                }
                return Ok(json!({"data": customer_json(&shop.customers[i]), "success": true}));
            }
        }
        let address = b
            .get("shop_customer_address")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .cloned()
            .unwrap_or(Value::Null);
        let n = shop.customers.len() as u64;
        let c = data::Customer {
            id: data::uuid(seed ^ 0xC057, "customer-new", n),
            name,
            phone,
            address,
            date_of_birth: b.get("dateOfBirth").and_then(as_text),
            gender: None,
            emails: Vec::new(),
            tags: Vec::new(),
            order_count: 0,
            inserted_at: now,
            updated_at: now,
        };
        let out = json!({"data": customer_json(&c), "success": true});
        shop.customers.push(c);
        Ok(out)
    }))
}

pub(crate) async fn update_customer(
    State(sim): State<Sim>,
    Path((shop_id, customer_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    respond(with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let Some(Value::Object(u)) = b.get("customer") else {
            return Err(invalid("the body must be {\"customer\": {...}}"));
        };
        let c = shop
            .customers
            .iter_mut()
            .find(|c| c.id == customer_id)
            .ok_or_else(|| not_found_named("customer_not_found"))?;
        if let Some(n) = u.get("name").and_then(as_text).filter(|s| !s.is_empty()) {
            c.name = n;
        }
        if let Some(g) = u.get("gender").and_then(as_text) {
            if g != "male" && g != "female" {
                return Err(invalid("gender must be male or female"));
            }
            c.gender = Some(g);
        }
        if let Some(d) = u.get("date_of_birth").and_then(as_text) {
            c.date_of_birth = Some(d);
        }
        if let Some(e) = u.get("emails").and_then(Value::as_array) {
            c.emails = e.iter().filter_map(as_text).collect();
        }
        if let Some(t) = u.get("tags").and_then(Value::as_array) {
            c.tags = t.iter().filter_map(as_text).collect();
        }
        if let Some(p) = u
            .get("phone_numbers")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(as_text)
        {
            c.phone = p;
        }
        if let Some(a) = u
            .get("shop_customer_addresses")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            c.address = a.clone();
        }
        c.updated_at = Utc::now();
        Ok(json!({"success": true}))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_keep_repeated_bracket_keys_and_decode() {
        let q = Q::parse(Some(
            "filter_status%5B%5D=1&filter_status[]=6&search=Ma+01%2F2&api_key=k",
        ));
        assert_eq!(q.all("filter_status"), vec!["1", "6"]);
        assert_eq!(q.get("search"), Some("Ma 01/2"));
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%C3%A1"), "á");
    }

    #[test]
    fn the_search_ignores_reference_switch_hides_custom_id_from_search_and_get() {
        let sim = Sim::new(&crate::Options {
            products: 8,
            seed: 5,
        });
        let g = sim.lock();
        let shop = g
            .shops
            .iter()
            .find(|s| s.id == crate::pancake::SHOP_ID)
            .expect("shop");
        let (i, o) = shop
            .orders
            .iter()
            .enumerate()
            .find(|(_, o)| o.custom_id.is_some())
            .expect("an order with a custom_id");
        let code = o.custom_id.clone().unwrap_or_default();
        assert!(order_matches_search(o, &code, true));
        assert!(!order_matches_search(o, &code, false));
        assert_eq!(find_order_by(shop, &code, true), Some(i));
        assert_eq!(find_order_by(shop, &code, false), None);
        assert_eq!(find_order_by(shop, &o.id.to_string(), false), Some(i));
    }
}
