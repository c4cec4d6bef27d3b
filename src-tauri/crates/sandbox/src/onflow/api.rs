//! HTTP handlers of the Onflow simulator. Each is a thin adapter: parse, lock the store briefly (never
//! across an `.await`), answer with the envelope.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::store::{Store, WAREHOUSES};
use super::text::{self, ApiError, Lang};
use super::{Sim, UPLOAD_MAX_BYTES, UPLOAD_TYPES};

type Q = Query<HashMap<String, String>>;

impl Sim {
    fn answer(&self, r: Result<Value, ApiError>, status: StatusCode, lang: Lang) -> Response {
        match r {
            Ok(data) => text::ok(status, data, 1),
            Err(e) => e.into_response_lang(lang, self.log_id()),
        }
    }

    fn fail(&self, e: ApiError, lang: Lang) -> Response {
        e.into_response_lang(lang, self.log_id())
    }
}

fn parse_object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::bad_payload("body", "must be a JSON object")),
        Err(e) => Err(ApiError::bad_payload("body", &format!("invalid JSON: {e}"))),
    }
}

/// `page` (1-based) and `limit` (default 20, max 100) *(placeholder names)*.
fn paging(q: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let num = |key: &str, default: usize| -> Result<usize, ApiError> {
        match q.get(key) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(ApiError::bad_payload(key, "must be a positive integer")),
            },
        }
    };
    Ok((num("page", 1)?, num("limit", 20)?.min(100)))
}

/// Count every match, render only the requested page.
fn page_of<T>(
    items: impl Iterator<Item = T>,
    page: usize,
    limit: usize,
    render: impl Fn(T) -> Value,
) -> (Vec<Value>, usize) {
    let start = (page - 1).saturating_mul(limit);
    let end = start.saturating_add(limit);
    let mut total = 0usize;
    let mut out = Vec::new();
    for item in items {
        if total >= start && total < end {
            out.push(render(item));
        }
        total += 1;
    }
    (out, total)
}

fn list_answer(sim: &Sim, r: Result<(Vec<Value>, usize), ApiError>, lang: Lang) -> Response {
    match r {
        Ok((items, total)) => text::ok(StatusCode::OK, Value::Array(items), total),
        Err(e) => sim.fail(e, lang),
    }
}

fn matches(filter: Option<&String>, value: &str) -> bool {
    filter.is_none_or(|f| f.is_empty() || f == value)
}

fn no_filter(filter: Option<&String>) -> bool {
    filter.is_none_or(|f| f.is_empty())
}

fn eq_or_any<T: PartialEq>(filter: Option<T>, value: T) -> bool {
    filter.is_none_or(|f| f == value)
}

// ---------------------------------------------------------------------------------------------------------
// Middleware, fallbacks, admin
// ---------------------------------------------------------------------------------------------------------

/// Token check (the three documented `UNAUTHORIZED` messages), then the per-token rate limit.
pub async fn auth_and_limit(State(sim): State<Sim>, req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let variant = match req.headers().get(header::AUTHORIZATION) {
        None => Some(1),
        Some(v) => match v.to_str() {
            Ok(s) if s.trim().is_empty() => Some(1),
            Ok(s) if s == sim.inner.token => None,
            // a `Bearer ` prefix or any other malformed value
            Ok(s) if s.contains(char::is_whitespace) => Some(0),
            Ok(_) => Some(2),
            Err(_) => Some(0),
        },
    };
    if let Some(variant) = variant {
        return sim.fail(
            ApiError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED").variant(variant),
            lang,
        );
    }
    if let Err(wait) = sim.limiter().check(&sim.inner.token) {
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        return text::rate_limited(secs, lang);
    }
    next.run(req).await
}

pub async fn not_found(State(sim): State<Sim>, headers: HeaderMap) -> Response {
    sim.fail(
        ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND"),
        Lang::from_headers(&headers),
    )
}

pub async fn method_not_allowed(State(sim): State<Sim>, headers: HeaderMap) -> Response {
    sim.fail(
        ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED"),
        Lang::from_headers(&headers),
    )
}

/// `POST /__admin/advance` `{"code"?: "OASC…", "steps"?: 1, "short"?: 2}` (empty body = every open record,
/// one step; `short` makes a PO's last line come in that many units short).
pub async fn admin_advance(State(sim): State<Sim>, body: Bytes) -> Response {
    let req: Map<String, Value> = if body.is_empty() {
        Map::new()
    } else {
        match parse_object(&body) {
            Ok(m) => m,
            Err(e) => return sim.fail(e, Lang::En),
        }
    };
    let code = req.get("code").and_then(Value::as_str).map(str::to_string);
    let steps = req
        .get("steps")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .min(10) as u32;
    if let (Some(c), Some(short)) = (code.as_deref(), req.get("short").and_then(Value::as_i64)) {
        sim.set_po_short(c, short);
    }
    let changes = sim.advance(code.as_deref(), steps);
    Json(json!({
        "changes": changes
            .into_iter()
            .map(|(code, status)| json!({"code": code, "status": status}))
            .collect::<Vec<_>>()
    }))
    .into_response()
}

/// `PUT /__admin/rate-limit` `{"limit": 600, "window_ms": 60000}`.
pub async fn admin_rate_limit(State(sim): State<Sim>, body: Bytes) -> Response {
    let req = match parse_object(&body) {
        Ok(m) => m,
        Err(e) => return sim.fail(e, Lang::En),
    };
    let limit = req
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(super::RATE_LIMIT as u64) as usize;
    let window_ms = req
        .get("window_ms")
        .and_then(Value::as_u64)
        .unwrap_or(super::RATE_WINDOW.as_millis() as u64);
    sim.set_rate_limit(limit, std::time::Duration::from_millis(window_ms));
    Json(json!({"limit": limit, "window_ms": window_ms})).into_response()
}

pub async fn serve_file(State(sim): State<Sim>, Path(name): Path<String>) -> Response {
    let key = format!("ts/{name}");
    match sim.with_store(|s| s.file(&key).cloned()) {
        Some(f) => ([(header::CONTENT_TYPE, f.content_type)], f.bytes).into_response(),
        None => (StatusCode::NOT_FOUND, "NoSuchKey").into_response(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Config
// ---------------------------------------------------------------------------------------------------------

pub async fn warehouses() -> Response {
    let data: Vec<Value> = WAREHOUSES
        .iter()
        .map(|(code, name, address)| {
            json!({"warehouse_code": code, "name": name, "address": address})
        })
        .collect();
    let n = data.len();
    text::ok(StatusCode::OK, Value::Array(data), n)
}

pub async fn brands(State(sim): State<Sim>) -> Response {
    let data: Vec<Value> = sim.with_store(|s| {
        s.brands
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name}))
            .collect()
    });
    let n = data.len();
    text::ok(StatusCode::OK, Value::Array(data), n)
}

pub async fn provinces(State(sim): State<Sim>) -> Response {
    let data = sim.inner.geo.provinces.clone();
    let n = data.len();
    text::ok(StatusCode::OK, Value::Array(data), n)
}

fn by_parent(rows: &[(i64, Value)], parent: Option<&String>) -> Vec<Value> {
    let parent: Option<i64> = parent.and_then(|p| p.trim().parse().ok());
    rows.iter()
        .filter(|(pid, _)| eq_or_any(parent, *pid))
        .map(|(_, v)| v.clone())
        .collect()
}

pub async fn districts(State(sim): State<Sim>, Query(q): Q) -> Response {
    let data = by_parent(&sim.inner.geo.districts, q.get("province_id"));
    let n = data.len();
    text::ok(StatusCode::OK, Value::Array(data), n)
}

pub async fn wards(State(sim): State<Sim>, Query(q): Q) -> Response {
    let data = by_parent(&sim.inner.geo.wards, q.get("district_id"));
    let n = data.len();
    text::ok(StatusCode::OK, Value::Array(data), n)
}

/// Multipart upload, field `file`, streamed chunk by chunk; type and size checked (placeholders).
pub async fn upload(
    State(sim): State<Sim>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(_) => {
            return sim.fail(
                ApiError::bad_payload("file", "multipart/form-data with a `file` field expected"),
                lang,
            )
        }
    };
    // keep reading past the limit (discarding) so the client gets the answer instead of a reset
    const DRAIN_CAP: usize = 64 * 1024 * 1024;
    let mut found: Option<(String, Vec<u8>, usize)> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return sim.fail(ApiError::bad_payload("file", "broken multipart body"), lang)
            }
        };
        if field.name() != Some("file") || found.is_some() {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_string();
        let mut buf: Vec<u8> = Vec::new();
        let mut size = 0usize;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len();
                    if size <= UPLOAD_MAX_BYTES {
                        buf.extend_from_slice(&chunk);
                    } else if size > DRAIN_CAP {
                        break;
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    return sim.fail(ApiError::bad_payload("file", "broken multipart body"), lang)
                }
            }
        }
        found = Some((file_name, buf, size));
    }
    let Some((file_name, buf, size)) = found else {
        return sim.fail(
            ApiError::bad_payload("file", "This field is required."),
            lang,
        );
    };
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((_, content_type)) = UPLOAD_TYPES.iter().find(|(e, _)| *e == ext) else {
        return sim.fail(
            ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "FILE_TYPE_NOT_ALLOWED")
                .detail(json!({"file": [format!("type .{ext} is not allowed")]})),
            lang,
        );
    };
    if size > UPLOAD_MAX_BYTES {
        return sim.fail(
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE")
                .param(format!("{} MB", UPLOAD_MAX_BYTES / (1024 * 1024)))
                .detail(json!({"file": [format!("{size} bytes > {UPLOAD_MAX_BYTES} bytes")]})),
            lang,
        );
    }
    let key = sim.with_store(|s| s.store_file(&ext, Bytes::from(buf), content_type));
    text::ok(
        StatusCode::OK,
        json!({
            "url": sim.file_url(&key),
            "file_name": file_name,
            "size": size,
            "content_type": content_type,
        }),
        1,
    )
}

// ---------------------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------------------

pub async fn create_product(State(sim): State<Sim>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = parse_object(&body).and_then(|b| sim.with_store(|s| s.create_product(&b)));
    sim.answer(r, StatusCode::CREATED, lang)
}

pub async fn list_products(State(sim): State<Sim>, headers: HeaderMap, Query(q): Q) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = paging(&q).map(|(page, limit)| {
        sim.with_store(|s| {
            let it = s.products.iter().filter(|p| {
                matches(q.get("sku"), &p.sku)
                    && matches(q.get("status"), p.status)
                    && (no_filter(q.get("warehouse_code"))
                        || q.get("warehouse_code")
                            .is_some_and(|w| p.stock.contains_key(w)))
            });
            page_of(it, page, limit, |p| s.product_json(p))
        })
    });
    list_answer(&sim, r, lang)
}

fn stock_page(
    s: &Store,
    q: &HashMap<String, String>,
    oasin: Option<&str>,
    page: usize,
    limit: usize,
) -> (Vec<Value>, usize) {
    let it = s
        .products
        .iter()
        .filter(|p| {
            eq_or_any(oasin, p.oasin.as_str())
                && matches(q.get("oasin"), &p.oasin)
                && matches(q.get("sku"), &p.sku)
        })
        .flat_map(|p| p.stock.iter().map(move |(wh, c)| (p, wh, c)))
        .filter(|(_, wh, _)| matches(q.get("warehouse_code"), wh));
    page_of(it, page, limit, |(p, wh, c)| Store::stock_json(p, wh, c))
}

pub async fn list_stock(State(sim): State<Sim>, headers: HeaderMap, Query(q): Q) -> Response {
    let lang = Lang::from_headers(&headers);
    let r =
        paging(&q).map(|(page, limit)| sim.with_store(|s| stock_page(s, &q, None, page, limit)));
    list_answer(&sim, r, lang)
}

pub async fn product_stock(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(oasin): Path<String>,
    Query(q): Q,
) -> Response {
    let lang = Lang::from_headers(&headers);
    if sim.with_store(|s| s.product(&oasin).is_none()) {
        return sim.fail(
            ApiError::new(StatusCode::NOT_FOUND, "PRODUCT_NOT_FOUND"),
            lang,
        );
    }
    let r = paging(&q)
        .map(|(page, limit)| sim.with_store(|s| stock_page(s, &q, Some(&oasin), page, limit)));
    list_answer(&sim, r, lang)
}

pub async fn product_detail(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(oasin): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| {
        s.product(&oasin)
            .map(|p| s.product_json(p))
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "PRODUCT_NOT_FOUND"))
    });
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn assign_product(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(oasin): Path<String>,
    body: Bytes,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = parse_object(&body).and_then(|b| sim.with_store(|s| s.assign_product(&oasin, &b)));
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn deactivate_product(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(oasin): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| s.deactivate_product(&oasin));
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn delete_product(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(oasin): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| s.delete_product(&oasin));
    sim.answer(r, StatusCode::OK, lang)
}

// ---------------------------------------------------------------------------------------------------------
// POs
// ---------------------------------------------------------------------------------------------------------

pub async fn create_po(State(sim): State<Sim>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = parse_object(&body).and_then(|b| sim.with_store(|s| s.create_po(&b)));
    sim.answer(r, StatusCode::CREATED, lang)
}

pub async fn list_pos(State(sim): State<Sim>, headers: HeaderMap, Query(q): Q) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = paging(&q).map(|(page, limit)| {
        sim.with_store(|s| {
            let it = s.pos.iter().rev().filter(|p| {
                matches(q.get("status"), p.status)
                    && matches(q.get("warehouse_code"), &p.warehouse)
                    && matches(q.get("merchant_po_reference"), &p.reference)
            });
            page_of(it, page, limit, Store::po_json)
        })
    });
    list_answer(&sim, r, lang)
}

fn po_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "PO_NOT_FOUND")
}

pub async fn po_detail(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| s.po(&code).map(Store::po_json).ok_or_else(po_not_found));
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn po_bill(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| {
        let po = s.po(&code).cloned().ok_or_else(po_not_found)?;
        let key = s.bill_key(&po);
        Ok(key)
    });
    let r = r.map(|key| json!({"po_bill_url": sim.file_url(&key)}));
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn po_inspection(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    match sim.with_store(|s| s.inspection(&code)) {
        Ok(lines) => {
            let n = lines.len();
            text::ok(StatusCode::OK, Value::Array(lines), n)
        }
        Err(e) => sim.fail(e, lang),
    }
}

pub async fn cancel_po(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| s.cancel_po(&code));
    sim.answer(r, StatusCode::OK, lang)
}

// ---------------------------------------------------------------------------------------------------------
// Shipments
// ---------------------------------------------------------------------------------------------------------

pub async fn create_shipment(State(sim): State<Sim>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = Lang::from_headers(&headers);
    let dedupe = sim.faults().dedupes_reference();
    let r =
        parse_object(&body).and_then(|b| sim.with_store(|s| s.create_shipment(&b, lang, dedupe)));
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn list_shipments(State(sim): State<Sim>, headers: HeaderMap, Query(q): Q) -> Response {
    let lang = Lang::from_headers(&headers);
    let status: Option<i64> = q.get("status").and_then(|s| s.trim().parse().ok());
    // the `search_ignores_reference` switch: the (undocumented) reference filter is ignored
    let by_reference = sim.faults().search_matches_reference();
    let r = paging(&q).map(|(page, limit)| {
        sim.with_store(|s| {
            if let Some(reference) = q
                .get("merchant_tracking_code_reference")
                .filter(|r| by_reference && !r.is_empty())
            {
                // indexed lookup: the order outbox asks this after every timeout
                let hit: Vec<Value> = s
                    .shipment_by_reference(reference)
                    .filter(|sh| matches(q.get("warehouse_code"), &sh.warehouse))
                    .filter(|sh| eq_or_any(status, sh.status))
                    .map(|sh| Store::shipment_json(sh, lang))
                    .into_iter()
                    .collect();
                let n = hit.len();
                return (if page == 1 { hit } else { Vec::new() }, n);
            }
            let it = s.shipments.iter().rev().filter(|sh| {
                matches(q.get("warehouse_code"), &sh.warehouse) && eq_or_any(status, sh.status)
            });
            page_of(it, page, limit, |sh| Store::shipment_json(sh, lang))
        })
    });
    list_answer(&sim, r, lang)
}

pub async fn shipment_detail(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| {
        s.shipment(&code)
            .map(|sh| Store::shipment_json(sh, lang))
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "SHIPMENT_NOT_FOUND"))
    });
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn cancel_shipment(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| s.cancel_shipment(&code, lang));
    sim.answer(r, StatusCode::OK, lang)
}

// ---------------------------------------------------------------------------------------------------------
// Returns
// ---------------------------------------------------------------------------------------------------------

pub async fn create_return(State(sim): State<Sim>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = parse_object(&body).and_then(|b| sim.with_store(|s| s.create_return(&b, lang)));
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn list_returns(State(sim): State<Sim>, headers: HeaderMap, Query(q): Q) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = paging(&q).map(|(page, limit)| {
        sim.with_store(|s| {
            let it = s.returns.iter().rev().filter(|r| {
                matches(q.get("shipment_tracking_code"), &r.shipment)
                    && matches(q.get("warehouse_code"), &r.warehouse)
            });
            page_of(it, page, limit, |r| Store::return_json(r, lang))
        })
    });
    list_answer(&sim, r, lang)
}

pub async fn return_detail(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| {
        s.return_(&code)
            .map(|r| Store::return_json(r, lang))
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "RETURN_NOT_FOUND"))
    });
    sim.answer(r, StatusCode::OK, lang)
}

pub async fn cancel_return(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let r = sim.with_store(|s| s.cancel_return(&code, lang));
    sim.answer(r, StatusCode::OK, lang)
}
