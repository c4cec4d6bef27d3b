//! Print links and tracking links, simulated end to end (digest §3.3.8, §3.3.9).
//!
//! - `POST /shops/{SHOP_ID}/products/get_logistics_shipping_document` (`document_type` `SL_PL` /
//!   `SHIPPING_LABEL` / `PICK_LIST` in the query, `params[].order_id` in the body) answers
//!   `{"data": [url…], "success": true}`, one URL per order, in the order asked. Each URL is served by the
//!   simulator itself at `http://HOST/content.pancake.vn/sandbox/{shop}/{kind}-{system_id}.pdf` (no
//!   `api_key`: Pancake's are public CDN links) and is a real one-page PDF: the order, the recipient, the
//!   carrier and its tracking code, the lines.
//! - `POST /shops/{SHOP_ID}/orders/get_tracking_url` (`system_id` required) answers
//!   `{"url": …, "success": true}`; the URL (`http://HOST/pke.gg/{code}`, Pancake's short links live on
//!   `pke.gg`) serves an HTML page with the order's current status and carrier tracking code.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::data::{self, Order, Shop};
use super::handlers::{
    as_i64, as_text, body_object, find_order, invalid, not_found_named, respond, Q,
};
use super::Sim;

/// `document_type` values (§3.3.8). Omitted → `SL_PL` (label + pick list; inferred default, the docs make
/// it optional outside marketplace print templates).
pub const DOCUMENT_TYPES: &[&str] = &["SL_PL", "SHIPPING_LABEL", "PICK_LIST"];
/// Orders one print request may name. **Inferred** bound (the docs give none); keeps a request bounded.
pub const MAX_DOCUMENT_ORDERS: usize = 100;

/// `http://HOST` of the request (the simulator serves the links it hands out), else Pancake's CDN.
fn origin(headers: &HeaderMap, fallback: &str) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .map_or_else(|| fallback.to_string(), |h| format!("http://{h}"))
}

fn tracking_code(shop_id: i64, system_id: i64) -> String {
    format!("sb{shop_id:x}g{system_id:x}")
}

pub(crate) async fn shipping_documents(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let q = Q::parse(raw.as_deref());
    let base = origin(&headers, "https://content.pancake.vn");
    respond(super::handlers::with_shop(&sim, &shop_id, |shop, _, _| {
        let kind = q.text("document_type").unwrap_or_else(|| "SL_PL".into());
        if !DOCUMENT_TYPES.contains(&kind.as_str()) {
            return Err(invalid(
                "document_type must be SL_PL, SHIPPING_LABEL or PICK_LIST",
            ));
        }
        let b = body_object(&body)?;
        let params = b
            .get("params")
            .and_then(Value::as_array)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| invalid("params must be a non-empty list"))?;
        if params.len() > MAX_DOCUMENT_ORDERS {
            return Err(invalid(&format!(
                "at most {MAX_DOCUMENT_ORDERS} orders per request"
            )));
        }
        let mut urls = Vec::new();
        for (n, p) in params.iter().enumerate() {
            let id = p
                .get("order_id")
                .and_then(as_text)
                .ok_or_else(|| invalid(&format!("params[{n}].order_id is required")))?;
            let i = find_order(shop, &id).ok_or_else(|| not_found_named("order_not_found"))?;
            urls.push(json!(format!(
                "{base}/content.pancake.vn/sandbox/{}/{}-{}.pdf",
                shop.id,
                kind.to_lowercase(),
                shop.orders[i].system_id
            )));
        }
        Ok(json!({"data": urls, "success": true}))
    }))
}

pub(crate) async fn tracking_url(
    State(sim): State<Sim>,
    Path(shop_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = origin(&headers, "https://pke.gg");
    respond(super::handlers::with_shop(&sim, &shop_id, |shop, _, _| {
        let b = body_object(&body)?;
        let sid = b
            .get("system_id")
            .and_then(as_i64)
            .ok_or_else(|| invalid("system_id is required"))?;
        if !shop.orders.iter().any(|o| o.system_id == sid) {
            return Err(not_found_named("order_not_found"));
        }
        Ok(
            json!({"url": format!("{base}/pke.gg/{}", tracking_code(shop.id, sid)), "success": true}),
        )
    }))
}

// ---------------------------------------------------------------- the served documents

fn missing() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// `GET /content.pancake.vn/sandbox/{shop}/{kind}-{system_id}.pdf`
pub(crate) async fn document(
    State(sim): State<Sim>,
    Path((shop_id, file)): Path<(i64, String)>,
) -> Response {
    let Some((kind, sid)) = file
        .strip_suffix(".pdf")
        .and_then(|f| f.rsplit_once('-'))
        .and_then(|(k, s)| Some((k.to_uppercase(), s.parse::<i64>().ok()?)))
    else {
        return missing();
    };
    if !DOCUMENT_TYPES.contains(&kind.as_str()) {
        return missing();
    }
    let g = sim.lock();
    let Some(shop) = g.shops.iter().find(|s| s.id == shop_id) else {
        return missing();
    };
    let Some(o) = shop.orders.iter().find(|o| o.system_id == sid) else {
        return missing();
    };
    let pdf = pdf_page(&document_lines(shop, o, &kind));
    drop(g);
    ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response()
}

fn text_of(v: &Value, k: &str) -> String {
    v.get(k).and_then(as_text).unwrap_or_default()
}

fn document_lines(shop: &Shop, o: &Order, kind: &str) -> Vec<String> {
    let title = match kind {
        "SHIPPING_LABEL" => "PHIEU GUI HANG (SHIPPING LABEL)",
        "PICK_LIST" => "PHIEU SOAN HANG (PICK LIST)",
        _ => "PHIEU GUI HANG + SOAN HANG (SL_PL)",
    };
    let a = &o.shipping_address;
    let mut lines = vec![
        title.to_string(),
        format!("Shop: {} (#{})", shop.name, shop.id),
        format!(
            "Don hang: #{}  system_id {}  ma rieng {}",
            o.id,
            o.system_id,
            o.custom_id.as_deref().unwrap_or("-")
        ),
        format!(
            "Trang thai: {} ({})",
            o.status,
            data::status_name(o.status).unwrap_or("unknown")
        ),
    ];
    if kind != "PICK_LIST" {
        lines.push(format!(
            "Nguoi nhan: {}  {}",
            text_of(a, "full_name"),
            text_of(a, "phone_number")
        ));
        lines.push(format!("Dia chi: {}", text_of(a, "full_address")));
        lines.push(format!(
            "Van chuyen: {}  ma van don {}",
            text_of(&o.partner, "partner_name"),
            text_of(&o.partner, "extend_code")
        ));
        let goods = o.lines.iter().fold(0i64, |a, l| {
            a.saturating_add(
                l.retail_price
                    .saturating_sub(l.discount_each_product)
                    .saturating_mul(l.quantity),
            )
        });
        let cod = goods
            .saturating_add(o.shipping_fee)
            .saturating_sub(o.total_discount)
            .saturating_sub(o.prepaid)
            .max(0);
        lines.push(format!("Thu ho (COD): {cod} VND"));
        if let Some(n) = &o.note_print {
            lines.push(format!("Ghi chu: {n}"));
        }
    }
    if let Some(w) = shop.warehouses.get(o.warehouse) {
        lines.push(format!("Kho: {}", w.name));
    }
    for l in &o.lines {
        if let Some(v) = shop.variations.get(l.variation) {
            lines.push(format!("- {} x {}  {}", l.quantity, v.sku, v.name));
        }
    }
    lines
}

/// Fold Vietnamese to ASCII for the PDF's standard font (WinAnsi has no Vietnamese letters).
fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'À' | 'Á' | 'Ả' | 'Ã' | 'Ạ' | 'Ă' | 'Ằ' | 'Ắ' | 'Ẳ' | 'Ẵ' | 'Ặ' | 'Â' | 'Ầ' | 'Ấ'
            | 'Ẩ' | 'Ẫ' | 'Ậ' => 'A',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'È' | 'É' | 'Ẻ' | 'Ẽ' | 'Ẹ' | 'Ê' | 'Ề' | 'Ế' | 'Ể' | 'Ễ' | 'Ệ' => {
                'E'
            }
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'Ì' | 'Í' | 'Ỉ' | 'Ĩ' | 'Ị' => 'I',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'Ò' | 'Ó' | 'Ỏ' | 'Õ' | 'Ọ' | 'Ô' | 'Ồ' | 'Ố' | 'Ổ' | 'Ỗ' | 'Ộ' | 'Ơ' | 'Ờ' | 'Ớ'
            | 'Ở' | 'Ỡ' | 'Ợ' => 'O',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'Ù' | 'Ú' | 'Ủ' | 'Ũ' | 'Ụ' | 'Ư' | 'Ừ' | 'Ứ' | 'Ử' | 'Ữ' | 'Ự' => {
                'U'
            }
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ' => 'Y',
            'đ' => 'd',
            'Đ' => 'D',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            _ => '?',
        })
        .collect()
}

/// A one-page PDF (A6 label size) with `lines` in Helvetica.
fn pdf_page(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 9 Tf 12 TL 16 400 Td\n");
    for l in lines {
        let esc = ascii(l)
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({esc}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for off in offsets {
        out.push_str(&format!("{off:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// `GET /pke.gg/{code}`: the customer's confirmation / tracking page.
pub(crate) async fn tracking_page(State(sim): State<Sim>, Path(code): Path<String>) -> Response {
    let Some((shop_id, sid)) = code
        .strip_prefix("sb")
        .and_then(|c| c.split_once('g'))
        .and_then(|(s, o)| {
            Some((
                i64::from_str_radix(s, 16).ok()?,
                i64::from_str_radix(o, 16).ok()?,
            ))
        })
    else {
        return missing();
    };
    let g = sim.lock();
    let Some(shop) = g.shops.iter().find(|s| s.id == shop_id) else {
        return missing();
    };
    let Some(o) = shop.orders.iter().find(|o| o.system_id == sid) else {
        return missing();
    };
    let esc = |s: String| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let page = format!(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Đơn hàng #{id}</title>\
         <h1>{shop} — đơn hàng #{id}</h1>\
         <p data-status=\"{status}\">Trạng thái: {name}</p>\
         <p data-carrier>Vận chuyển: {carrier} {code}</p>\
         <p data-partner-status>{pstatus}</p></html>",
        id = o.id,
        shop = esc(shop.name.clone()),
        status = o.status,
        name = data::status_name(o.status).unwrap_or("unknown"),
        carrier = esc(text_of(&o.partner, "partner_name")),
        code = esc(text_of(&o.partner, "extend_code")),
        pstatus = esc(text_of(&o.partner, "partner_status")),
    );
    drop(g);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}
