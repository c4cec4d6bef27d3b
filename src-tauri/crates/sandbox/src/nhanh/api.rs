//! The simulated endpoints. Each takes the parsed body and answers the v3 envelope.

// handlers return the vendor's error answer as the `Err` value; boxing it would only add noise
#![allow(clippy::result_large_err)]

use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use serde_json::{json, Map, Value};

use super::data::{self, Bill, Order, OrderLine, DEPOTS, OPEN_STATUSES};
use super::{fail, lock, ok, Sim};

const PATHS: &[&str] = &[
    "/v3.0/app/getaccesstoken",
    "/v3.0/app/checkaccesstoken",
    "/v3.0/business/depot",
    "/v3.0/business/user",
    "/v3.0/business/department",
    "/v3.0/business/supplier",
    "/v3.0/business/addsupplier",
    "/v3.0/product/list",
    "/v3.0/product/detail",
    "/v3.0/product/add",
    "/v3.0/product/edit",
    "/v3.0/product/externalimage",
    "/v3.0/product/category",
    "/v3.0/product/inventory",
    "/v3.0/order/list",
    "/v3.0/order/add",
    "/v3.0/order/edit",
    "/v3.0/order/cancelcarrier",
    "/v3.0/shipping/location",
    "/v3.0/shipping/fee",
    "/v3.0/shipping/carrier",
    "/v3.0/customer/list",
    "/v3.0/customer/add",
    "/v3.0/inventory/importsupplier",
    "/v3.0/inventory/exportsupplier",
    "/v3.0/inventory/importother",
    "/v3.0/inventory/exportother",
    "/v3.0/bill/list",
    "/v3.0/bill/retail",
    "/v3.0/bill/addretail",
    "/v3.0/bill/deleted",
    "/v3.0/product/brand",
    "/v3.0/product/internalcategory",
    "/v3.0/product/tags",
    "/v3.0/order/tags",
    "/v3.0/customer/tags",
    "/v3.0/order/source",
    "/v3.0/order/deleted",
    "/v3.0/order/history",
    "/v3.0/order/addcomplain",
    "/v3.0/accounting/account",
    "/v3.0/ecom/shop",
    "/v3.0/bill/imexs",
    "/v3.0/inventory/archive",
    "/v3.0/product/combo",
];

const WINDOW_SECS: i64 = 31 * 86_400;

/// Documented: "ids"-type filters take at most 100 ids (§6).
const IDS_CAP: usize = 100;

/// Documented: product/add takes at most 30 tag ids across the whole request; product/edit 30 per product.
const TAG_IDS_CAP: usize = 30;

/// Inferred: carriers with no cancel API at Nhanh's side (`order/cancelcarrier` →
/// `ERR_ORDER_CARRIER_NO_API_CANCEL`): self-delivery (12) has no carrier system to call.
const CARRIERS_WITHOUT_CANCEL_API: &[i64] = &[12];

/// Placeholder: the page size when `paginator.size` is omitted (the docs leave the default open).
const DEFAULT_PAGE_SIZE: i64 = 50;

/// Inferred: an order created without `info.status` is New (54).
const DEFAULT_ORDER_STATUS: i64 = 54;

/// Inferred: the status after `order/cancelcarrier` succeeds — "Cancelled by carrier" (the docs leave it
/// open; the client mirrors it in `nhanh::assumptions`).
const STATUS_AFTER_CARRIER_CANCEL: i64 = 58;

/// Lists whose only filter the simulator serves statically, with a documented 100-id cap on `ids`.
const STATIC_LISTS_WITH_IDS_CAP: &[&str] = &[
    "/v3.0/business/user",
    "/v3.0/product/brand",
    "/v3.0/product/internalcategory",
    "/v3.0/order/source",
];

pub fn is_known(path: &str) -> bool {
    PATHS.contains(&path)
}

/// Field errors collected while validating one body.
#[derive(Default)]
struct Fields(Map<String, Value>);

impl Fields {
    fn add(&mut self, field: impl Into<String>, msg: impl Into<String>) {
        self.0.insert(field.into(), Value::String(msg.into()));
    }
    fn into_result(self) -> Result<(), Response> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(fail("ERR_INVALID_FORM_FIELDS", Value::Object(self.0)))
        }
    }
}

fn form_error(field: &str, msg: &str) -> Response {
    let mut f = Fields::default();
    f.add(field, msg);
    match f.into_result() {
        Err(r) => r,
        Ok(()) => ok(Value::Null),
    }
}

fn i64_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn ids_of(v: Option<&Value>) -> Vec<i64> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| i64_of(Some(x))).collect(),
        Some(other) => i64_of(Some(other)).into_iter().collect(),
        None => Vec::new(),
    }
}

fn filters(body: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    body.get("filters").unwrap_or(&EMPTY)
}

pub fn dispatch(sim: &Sim, path: &str, body: &Value) -> Response {
    if STATIC_LISTS_WITH_IDS_CAP.contains(&path) {
        if let Err(r) = capped_ids(filters(body), "ids", IDS_CAP) {
            return r;
        }
    }
    let result = match path {
        "/v3.0/business/depot" => depots(sim, body),
        "/v3.0/business/user" => Ok(static_list(
            body,
            json!([
                {"id": 2054197, "username": "chushop", "fullName": "Chủ shop", "email": "", "mobile": "0987654321", "roleName": "Giám đốc", "depots": []},
                {"id": 2054198, "username": "nvbanhang", "fullName": "Nhân viên bán hàng", "email": "", "mobile": "0912345678", "roleName": "Bán hàng", "depots": [{"id": data::DEPOT_HN, "name": "Kho Hà Nội"}]}
            ]),
        )),
        "/v3.0/business/department" => Ok(static_list(
            body,
            json!([
                {"id": 1, "parentId": 0, "code": "BH", "name": "Bán hàng", "status": 1, "createdAt": 1751302800},
                {"id": 2, "parentId": 0, "code": "KHO", "name": "Kho vận", "status": 1, "createdAt": 1751302800}
            ]),
        )),
        "/v3.0/business/supplier" => {
            let d = lock(&sim.inner.data);
            Ok(static_list(
                body,
                Value::Array(
                    d.suppliers
                        .iter()
                        .map(|s| json!({"id": s.0, "name": s.1, "mobile": s.2}))
                        .collect(),
                ),
            ))
        }
        "/v3.0/business/addsupplier" => add_supplier(sim, body),
        "/v3.0/product/list" => product_list(sim, body),
        "/v3.0/product/detail" => product_detail(sim, body),
        "/v3.0/product/add" => product_add(sim, body),
        "/v3.0/product/edit" => product_edit(sim, body),
        "/v3.0/product/externalimage" => external_images(sim, body),
        "/v3.0/product/category" => categories(sim, body),
        "/v3.0/product/inventory" => inventory(sim, body),
        "/v3.0/order/list" => order_list(sim, body),
        "/v3.0/order/add" => order_add(sim, body),
        "/v3.0/order/edit" => order_edit(sim, body),
        "/v3.0/order/cancelcarrier" => cancel_carrier(sim, body),
        "/v3.0/shipping/location" => locations(sim, body),
        "/v3.0/shipping/fee" => shipping_fee(body),
        "/v3.0/shipping/carrier" => Ok(ok(carriers())),
        "/v3.0/customer/list" => customer_list(sim, body),
        "/v3.0/customer/add" => customer_add(sim, body),
        "/v3.0/inventory/importsupplier" => inventory_bill(sim, body, 1, true),
        "/v3.0/inventory/exportsupplier" => inventory_bill(sim, body, 2, true),
        "/v3.0/inventory/importother" => inventory_bill(sim, body, 1, false),
        "/v3.0/inventory/exportother" => inventory_bill(sim, body, 2, false),
        "/v3.0/bill/list" => bill_list(sim, body, None),
        "/v3.0/bill/retail" => bill_list(sim, body, Some(2)),
        "/v3.0/bill/addretail" => add_retail(sim, body),
        "/v3.0/bill/imexs" => bill_lines(sim, body),
        "/v3.0/inventory/archive" => stock_limits(sim, body),
        "/v3.0/product/combo" => combos(sim, body),
        "/v3.0/bill/deleted" | "/v3.0/order/deleted" => Ok(static_list(body, json!([]))),
        "/v3.0/product/brand" => {
            let d = lock(&sim.inner.data);
            Ok(static_list(body, Value::Array(
                d.brands
                    .iter()
                    .map(|(id, name)| json!({"id": id, "code": format!("TH{id}"), "name": name, "status": 1, "parentId": 0, "createdAt": 1751302800}))
                    .collect(),
            )))
        }
        "/v3.0/product/internalcategory" => Ok(static_list(
            body,
            json!([
                {"id": 3, "parentId": 0, "name": "Hàng may mặc", "code": "MM"},
                {"id": 4, "parentId": 0, "name": "Hàng mỹ phẩm", "code": "MP"}
            ]),
        )),
        "/v3.0/product/tags" | "/v3.0/order/tags" | "/v3.0/customer/tags" => Ok(static_list(
            body,
            json!([
                {"id": 265, "businessId": super::BUSINESS_ID, "name": "Hàng mới", "status": 1, "bgColor": "#e8f5e9", "textColor": "#1b5e20", "createdAt": 1751302800},
                {"id": 266, "businessId": super::BUSINESS_ID, "name": "Ưu tiên", "status": 1, "bgColor": "#fff3e0", "textColor": "#e65100", "createdAt": 1751302800}
            ]),
        )),
        "/v3.0/order/source" => Ok(static_list(
            body,
            json!([
                {"id": 1, "name": "Admin", "status": 1, "createdAt": 1751302800},
                {"id": 2, "name": "Facebook", "status": 1, "createdAt": 1751302800},
                {"id": 3, "name": "ShopDesk", "status": 1, "createdAt": 1751302800}
            ]),
        )),
        "/v3.0/order/history" => order_history(sim, body),
        "/v3.0/order/addcomplain" => add_complain(sim, body),
        "/v3.0/accounting/account" => Ok(static_list(
            body,
            json!([
                {"id": 1, "parentId": 0, "type": 3, "code": "TM", "name": "Quỹ tiền mặt", "status": 1, "label": "", "level": 1, "depotId": data::DEPOT_HN, "createdById": 2054197, "createdAt": 1751302800},
                {"id": 263475, "parentId": 0, "type": 1, "code": "VCB", "name": "Vietcombank", "status": 1, "label": "", "level": 1, "depotId": 0, "createdById": 2054197, "createdAt": 1751302800}
            ]),
        )),
        "/v3.0/ecom/shop" => Ok(static_list(
            body,
            json!([
                {"appId": 8195, "shop": {"id": "808957123", "name": "Shop Sài Gòn Local (Shopee)"}, "expriredAt": Utc::now().timestamp() + 200 * 86_400, "createdAt": 1751302800}
            ]),
        )),
        _ => Err(form_error("path", "unsupported")),
    };
    result.unwrap_or_else(|r| r)
}

/// A statically served list, narrowed by the documented filters it has: `ids`/`id` (row id), `name`
/// (contains, any case), `code`, `status` (one value or several), `types` (row `type`), `appIds` (row `appId`).
fn static_list(body: &Value, items: Value) -> Response {
    let f = filters(body);
    let ids = ids_of(f.get("ids"));
    let id = i64_of(f.get("id"));
    let name = str_of(f.get("name"))
        .filter(|n| !n.is_empty())
        .map(|n| n.to_lowercase());
    let code = str_of(f.get("code")).filter(|c| !c.is_empty());
    let statuses = ids_of(f.get("status"));
    let types = ids_of(f.get("types"));
    let apps = ids_of(f.get("appIds"));
    let keep = |row: &Value| {
        let num = |k: &str| i64_of(row.get(k));
        (ids.is_empty() || num("id").is_some_and(|x| ids.contains(&x)))
            && id.is_none_or(|x| num("id") == Some(x))
            && name.as_ref().is_none_or(|n| {
                str_of(row.get("name")).is_some_and(|v| v.to_lowercase().contains(n))
            })
            && code
                .as_ref()
                .is_none_or(|c| str_of(row.get("code")).as_ref() == Some(c))
            && (statuses.is_empty() || num("status").is_some_and(|x| statuses.contains(&x)))
            && (types.is_empty() || num("type").is_some_and(|x| types.contains(&x)))
            && (apps.is_empty() || num("appId").is_some_and(|x| apps.contains(&x)))
    };
    let rows = match items {
        Value::Array(a) => a.into_iter().filter(|r| keep(r)).collect(),
        other => vec![other],
    };
    page_static(Value::Array(rows))
}

fn page_static(items: Value) -> Response {
    axum::Json(json!({"code": 1, "paginator": {"next": null}, "data": items})).into_response()
}

/// Select one page out of the matching ids (already in ascending id order).
fn paginate(
    sim: &Sim,
    body: &Value,
    mut ids: Vec<i64>,
    default_desc: bool,
) -> Result<(Vec<i64>, Option<Value>), Response> {
    let p = body.get("paginator");
    let size = match p.and_then(|p| p.get("size")) {
        None | Some(Value::Null) => DEFAULT_PAGE_SIZE,
        Some(v) => i64_of(Some(v))
            .ok_or_else(|| form_error("paginator.size", "size must be an integer"))?,
    };
    if !(1..=100).contains(&size) {
        return Err(form_error(
            "paginator.size",
            "size must be between 1 and 100",
        ));
    }
    let desc = match p.and_then(|p| p.get("sort")).and_then(Value::as_object) {
        Some(m) => m
            .values()
            .any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("desc"))),
        None => default_desc,
    };
    if desc {
        ids.reverse();
    }
    let start = match sim.read_cursor(p.and_then(|p| p.get("next")))? {
        None => 0,
        Some(last) => ids
            .iter()
            .position(|id| if desc { *id < last } else { *id > last })
            .unwrap_or(ids.len()),
    };
    let page_no = start / size as usize;
    let every = sim.config().short_page_every;
    let mut take = size as usize;
    if every > 0 && (page_no + 1).is_multiple_of(every) {
        take = (take / 2).max(1);
    }
    let end = (start + take).min(ids.len());
    let page: Vec<i64> = ids[start..end].to_vec();
    let next = if end < ids.len() {
        page.last().map(|last| sim.cursor(*last))
    } else {
        None
    };
    Ok((page, next))
}

fn page_response(items: Vec<Value>, next: Option<Value>) -> Response {
    axum::Json(json!({"code": 1, "paginator": {"next": next}, "data": items})).into_response()
}

fn depots(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let want = ids_of(filters(body).get("ids"));
    let ids: Vec<i64> = DEPOTS
        .iter()
        .map(|d| d.id)
        .filter(|id| want.is_empty() || want.contains(id))
        .collect();
    let (page, next) = paginate(sim, body, ids, false)?;
    let d = lock(&sim.inner.data);
    let items = DEPOTS
        .iter()
        .filter(|x| page.contains(&x.id))
        .map(|x| d.geo.depot_json(x))
        .collect();
    Ok(page_response(items, next))
}

fn add_supplier(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let name = str_of(body.get("name")).unwrap_or_default();
    if name.trim().is_empty() {
        return Err(form_error("name", "name is required"));
    }
    let mut d = lock(&sim.inner.data);
    let id = d.next_supplier;
    d.next_supplier += 1;
    let mobile = str_of(body.get("mobile")).unwrap_or_default();
    d.suppliers.push((id, name, mobile));
    Ok(ok(json!({"id": id, "status": 1})))
}

fn matches_text(p: &data::Product, q: &str) -> bool {
    let q = q.to_lowercase();
    p.name.to_lowercase().contains(&q) || p.code.to_lowercase().contains(&q) || p.barcode == q
}

fn product_list(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let ids = capped_ids(f, "ids", IDS_CAP)?;
    let name = str_of(f.get("name")).filter(|s| !s.is_empty());
    let parent = i64_of(f.get("parentId"));
    let gpid = i64_of(f.get("gpid"));
    let brands = ids_of(f.get("brandIds"));
    // the sandbox has no IMEI-tracked products: an IMEI matches none
    let imei = str_of(f.get("imei")).filter(|s| !s.is_empty());
    let cats = ids_of(f.get("categoryIds"));
    let statuses = ids_of(f.get("status"));
    let upd_from = i64_of(f.get("updatedAtFrom"));
    let upd_to = i64_of(f.get("updatedAtTo"));
    let price_from = i64_of(f.get("price").and_then(|p| p.get("from")));
    let price_to = i64_of(f.get("price").and_then(|p| p.get("to")));
    let d = lock(&sim.inner.data);
    let matching: Vec<i64> = d
        .products
        .iter()
        .filter(|p| ids.is_empty() || ids.contains(&p.id))
        .filter(|p| name.as_deref().is_none_or(|q| matches_text(p, q)))
        .filter(|p| parent.is_none_or(|x| p.parent_id == x))
        .filter(|p| gpid.is_none_or(|g| in_group(p.parent_id, g)))
        .filter(|p| brands.is_empty() || brands.contains(&p.brand_id))
        .filter(|_| imei.is_none())
        .filter(|p| cats.is_empty() || cats.contains(&p.category_id))
        .filter(|p| {
            if statuses.is_empty() {
                p.status != 3 || !ids.is_empty()
            } else {
                statuses.contains(&p.status)
            }
        })
        .filter(|p| {
            upd_from.is_none_or(|t| p.updated_at >= t) && upd_to.is_none_or(|t| p.updated_at <= t)
        })
        .filter(|p| {
            price_from.is_none_or(|x| p.retail >= x) && price_to.is_none_or(|x| p.retail <= x)
        })
        .map(|p| p.id)
        .collect();
    let (page, next) = paginate(sim, body, matching, false)?;
    let items = page
        .iter()
        .filter_map(|id| d.product(*id))
        .map(data::Product::list_json)
        .collect();
    Ok(page_response(items, next))
}

/// product/list `gpid`: -1 standalone, -2 parent, 1 child, 2 parent + standalone, 3 child + standalone.
fn in_group(parent_id: i64, gpid: i64) -> bool {
    let (standalone, parent, child) = (parent_id == -1, parent_id == -2, parent_id > 0);
    match gpid {
        -1 => standalone,
        -2 => parent,
        1 => child,
        2 => parent || standalone,
        3 => child || standalone,
        _ => true,
    }
}

fn product_detail(sim: &Sim, body: &Value) -> Result<Response, Response> {
    // the docs mark no field required: without an id, as with an unknown one, there is no product
    let d = lock(&sim.inner.data);
    let Some(p) = i64_of(filters(body).get("id")).and_then(|id| d.product(id)) else {
        return Ok(ok(Value::Null));
    };
    let id = p.id;
    let children = if p.parent_id == -2 {
        d.products
            .iter()
            .filter(|c| c.parent_id == id)
            .map(|c| c.detail_json(&d.categories, Vec::new()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ok(p.detail_json(&d.categories, children)))
}

fn product_add(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let Some(items) = body.as_array() else {
        return Err(fail(
            "ERR_INVALID_DATA",
            json!("the body must be an array of products"),
        ));
    };
    if items.is_empty() || items.len() > 100 {
        return Err(form_error("products", "send between 1 and 100 products"));
    }
    let mut f = Fields::default();
    for (i, it) in items.iter().enumerate() {
        if str_of(it.get("appProductId")).is_none_or(|s| s.trim().is_empty()) {
            f.add(format!("{i}.appProductId"), "appProductId is required");
        }
        if str_of(it.get("name")).is_none_or(|s| s.trim().is_empty()) {
            f.add(format!("{i}.name"), "name is required");
        }
        if i64_of(it.get("price")).is_some_and(|p| p < 0) {
            f.add(format!("{i}.price"), "price must be >= 0");
        }
    }
    let tags: usize = items
        .iter()
        .map(|it| {
            it.get("tagIds")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
        .sum();
    if tags > TAG_IDS_CAP {
        f.add("tagIds", format!("at most {TAG_IDS_CAP} tags per request"));
    }
    f.into_result()?;
    let now = Utc::now().timestamp();
    let mut d = lock(&sim.inner.data);
    let mut out = Vec::new();
    for it in items {
        let id = d.next_product;
        d.next_product += 1;
        let barcode = str_of(it.get("barcode"))
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| {
                crate::common::catalog::ean13(&format!("200{:09}", id % 1_000_000_000))
            });
        let p = data::Product {
            id,
            parent_id: -1,
            app_product_id: str_of(it.get("appProductId")).unwrap_or_default(),
            code: str_of(it.get("code")).unwrap_or_default(),
            barcode: barcode.clone(),
            name: str_of(it.get("name")).unwrap_or_default(),
            status: i64_of(it.get("status")).unwrap_or(1),
            category_id: i64_of(it.get("categoryId")).unwrap_or(0),
            brand_id: 0,
            retail: i64_of(it.get("price")).unwrap_or(0),
            import: i64_of(it.get("importPrice")).unwrap_or(0),
            wholesale: i64_of(it.get("wholesalePrice")).unwrap_or(0),
            old: i64_of(it.get("oldPrice")).unwrap_or(0),
            weight: i64_of(it.get("shippingWeight")).unwrap_or(0),
            attributes: Vec::new(),
            avatar: None,
            images: it
                .get("externalImages")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            description: str_of(it.get("description")).unwrap_or_default(),
            stock: [Default::default(), Default::default()],
            created_at: now,
            updated_at: now,
            stock_updated_at: now,
        };
        out.push(json!({"id": id, "appProductId": p.app_product_id, "barcode": barcode}));
        let idx = d.products.len();
        d.product_index.insert(id, idx);
        d.products.push(p);
    }
    Ok(ok(Value::Array(out)))
}

fn product_edit(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let Some(id) = i64_of(body.get("id")) else {
        return Err(form_error("id", "id is required"));
    };
    if body
        .get("tagIds")
        .and_then(Value::as_array)
        .is_some_and(|t| t.len() > TAG_IDS_CAP)
    {
        return Err(form_error(
            "tagIds",
            &format!("at most {TAG_IDS_CAP} tags per product"),
        ));
    }
    let mut d = lock(&sim.inner.data);
    let Some(p) = d.product_mut(id) else {
        return Err(form_error("id", "product not found"));
    };
    if let Some(v) = str_of(body.get("name")) {
        if v.trim().is_empty() {
            return Err(form_error("name", "name cannot be empty"));
        }
        p.name = v;
    }
    if let Some(v) = str_of(body.get("code")) {
        p.code = v;
    }
    if let Some(v) = str_of(body.get("barcode")) {
        p.barcode = v;
    }
    if let Some(v) = i64_of(body.get("price")) {
        p.retail = v;
    }
    if let Some(v) = i64_of(body.get("importPrice")) {
        p.import = v;
    }
    if let Some(v) = i64_of(body.get("wholesalePrice")) {
        p.wholesale = v;
    }
    if let Some(v) = i64_of(body.get("oldPrice")) {
        p.old = v;
    }
    if let Some(v) = i64_of(body.get("status")) {
        if !(1..=4).contains(&v) {
            return Err(form_error("status", "invalid status"));
        }
        p.status = v;
    }
    if let Some(v) = i64_of(body.get("shippingWeight")) {
        p.weight = v;
    }
    p.updated_at = Utc::now().timestamp();
    Ok(ok(
        json!([{"id": p.id, "appProductId": p.app_product_id, "barcode": p.barcode}]),
    ))
}

fn external_images(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let Some(items) = body.as_array() else {
        return Err(fail("ERR_INVALID_DATA", json!("the body must be an array")));
    };
    if items.len() > 30 {
        return Err(form_error("products", "at most 30 products per request"));
    }
    let mut f = Fields::default();
    let mut d = lock(&sim.inner.data);
    for (i, it) in items.iter().enumerate() {
        let Some(id) = i64_of(it.get("id")) else {
            f.add(format!("{i}.id"), "id is required");
            continue;
        };
        let urls: Vec<String> = it
            .get("images")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if urls.len() > 20 {
            f.add(format!("{i}.images"), "at most 20 images per product");
            continue;
        }
        if urls
            .iter()
            .any(|u| !(u.starts_with("http://") || u.starts_with("https://")))
        {
            f.add(format!("{i}.images"), "images must be http(s) URLs");
            continue;
        }
        if d.product(id).is_none() {
            f.add(format!("{i}.id"), "product not found");
        }
    }
    f.into_result()?;
    let mut out = Vec::new();
    for it in items {
        let id = i64_of(it.get("id")).unwrap_or(0);
        let delete_all = it.get("mode").and_then(Value::as_str) == Some("deleteall");
        let urls: Vec<String> = it
            .get("images")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(p) = d.product_mut(id) {
            if delete_all {
                p.images.clear();
                p.avatar = None;
            } else {
                p.avatar = urls.first().cloned().or(p.avatar.take());
                p.images = urls.into_iter().skip(1).collect();
            }
            p.updated_at = Utc::now().timestamp();
            out.push(json!(id));
        }
    }
    Ok(ok(Value::Array(out)))
}

fn categories(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let want = capped_ids(f, "ids", IDS_CAP)?;
    let name = str_of(f.get("name")).map(|n| n.to_lowercase());
    let code = str_of(f.get("code")).filter(|c| !c.is_empty());
    // every sandbox category is active (1)
    let status = i64_of(f.get("status"));
    let d = lock(&sim.inner.data);
    let ids: Vec<i64> = d
        .categories
        .iter()
        .filter(|c| {
            name.as_ref()
                .is_none_or(|n| c.name.to_lowercase().contains(n))
        })
        .filter(|c| code.as_ref().is_none_or(|x| &c.code == x))
        .filter(|_| status.is_none_or(|s| s == 1))
        .map(|c| c.id)
        .filter(|id| want.is_empty() || want.contains(id))
        .collect();
    let (page, next) = paginate(sim, body, ids, false)?;
    let items = d
        .categories
        .iter()
        .filter(|c| page.contains(&c.id))
        .map(|c| json!({"id": c.id, "parentId": 0, "code": c.code, "name": c.name, "order": c.id, "image": null, "content": "", "status": 1}))
        .collect();
    Ok(page_response(items, next))
}

fn inventory(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let ids = capped_ids(f, "ids", IDS_CAP)?;
    let statuses = ids_of(f.get("status"));
    let brands = ids_of(f.get("brandIds"));
    let depots = ids_of(f.get("depotIds"));
    if let Some(bad) = depots.iter().find(|d| !sim.depot_granted(**d)) {
        return Err(fail(
            "ERR_INVALID_DEPOT_ID",
            json!(format!("depot {bad} is not granted")),
        ));
    }
    let name = str_of(f.get("name")).filter(|s| !s.is_empty());
    let cat = i64_of(f.get("categoryId"));
    let upd_from = i64_of(f.get("updatedAtFrom"));
    let upd_to = i64_of(f.get("updatedAtTo"));
    let d = lock(&sim.inner.data);
    let matching: Vec<i64> = d
        .products
        .iter()
        .filter(|p| p.parent_id != -2)
        .filter(|p| {
            upd_from.is_none_or(|t| p.stock_updated_at >= t)
                && upd_to.is_none_or(|t| p.stock_updated_at <= t)
        })
        .filter(|p| ids.is_empty() || ids.contains(&p.id))
        .filter(|p| name.as_deref().is_none_or(|q| matches_text(p, q)))
        .filter(|p| cat.is_none_or(|c| p.category_id == c))
        .filter(|p| statuses.is_empty() || statuses.contains(&p.status))
        .filter(|p| brands.is_empty() || brands.contains(&p.brand_id))
        .map(|p| p.id)
        .collect();
    let (page, next) = paginate(sim, body, matching, true)?;
    let items = page
        .iter()
        .filter_map(|id| d.product(*id))
        .map(|p| {
            json!({"productId": p.id, "code": p.code, "barcode": p.barcode, "name": p.name,
                   "prices": {"retail": p.retail, "wholesale": p.wholesale, "import": p.import, "avgCost": p.import},
                   "inventory": p.inventory_json(&depots)})
        })
        .collect();
    Ok(page_response(items, next))
}

/// Resolve the 31-day window of a list: `(field, from, to)` or an error when wider.
fn window(f: &Value, from_key: &str, to_key: &str) -> Result<Option<(i64, i64)>, Response> {
    let from = i64_of(f.get(from_key));
    let to = i64_of(f.get(to_key));
    match (from, to) {
        (None, None) => Ok(None),
        (from, to) => {
            let to = to.unwrap_or_else(|| Utc::now().timestamp());
            let from = from.unwrap_or(to - WINDOW_SECS);
            if to < from {
                return Err(form_error(
                    &format!("filters.{to_key}"),
                    "must not be before the start",
                ));
            }
            if to - from > WINDOW_SECS {
                return Err(form_error(
                    &format!("filters.{to_key}"),
                    "the time range must not exceed 31 days",
                ));
            }
            Ok(Some((from, to)))
        }
    }
}

fn order_list(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let ids = ids_of(f.get("ids"));
    let customer_id = i64_of(f.get("shippingAddress").and_then(|s| s.get("id")));
    let mobile = str_of(f.get("shippingAddress").and_then(|s| s.get("mobile")));
    let bypass = !ids.is_empty() || customer_id.is_some() || mobile.is_some();
    // ids and the customer lift the 31-day window (documented)
    let range = |a: &str, b: &str| match (i64_of(f.get(a)), i64_of(f.get(b))) {
        (None, None) => None,
        (x, y) => Some((x.unwrap_or(i64::MIN), y.unwrap_or(i64::MAX))),
    };
    let (created, updated) = if bypass {
        (
            range("createdAtFrom", "createdAtTo"),
            range("updatedAtFrom", "updatedAtTo"),
        )
    } else {
        (
            window(f, "createdAtFrom", "createdAtTo")?,
            window(f, "updatedAtFrom", "updatedAtTo")?,
        )
    };
    let created = match (created, updated, bypass) {
        (None, None, false) => {
            let now = Utc::now().timestamp();
            Some((now - WINDOW_SECS, now))
        }
        (c, _, _) => c,
    };
    let statuses = ids_of(f.get("statuses"));
    let channels = ids_of(f.get("saleChannels"));
    let depots = ids_of(f.get("depotIds"));
    let type_id = i64_of(f.get("type"));
    // the docs state no window for deliveryAt
    let (dlv_from, dlv_to) = (
        i64_of(f.get("deliveryAtFrom")),
        i64_of(f.get("deliveryAtTo")),
    );
    // no order of the sandbox is on a handover note: a handover filter matches none
    let handover = i64_of(f.get("handoverId"));
    let place = |k: &str| i64_of(f.get("shippingAddress").and_then(|s| s.get(k)));
    let (city, district, ward) = (place("cityId"), place("districtId"), place("wardId"));
    let carrier_id = i64_of(f.get("carrier").and_then(|c| c.get("id")));
    let carrier_code =
        str_of(f.get("carrier").and_then(|c| c.get("code"))).filter(|c| !c.is_empty());
    let d = lock(&sim.inner.data);
    let matching: Vec<i64> = d
        .orders
        .values()
        .filter(|_| handover.is_none())
        .filter(|o| type_id.is_none_or(|t| o.type_id == t))
        .filter(|o| {
            (dlv_from.is_none() && dlv_to.is_none())
                || o.delivered_at().is_some_and(|t| {
                    dlv_from.is_none_or(|a| t >= a) && dlv_to.is_none_or(|b| t <= b)
                })
        })
        .filter(|o| city.is_none_or(|c| o.city_id == Some(c)))
        .filter(|o| district.is_none_or(|c| o.district_id == Some(c)))
        .filter(|o| ward.is_none_or(|c| o.ward_id == Some(c)))
        .filter(|o| carrier_id.is_none_or(|c| o.carrier_id == c))
        .filter(|o| carrier_code.as_deref().is_none_or(|c| o.carrier_code == c))
        .filter(|o| ids.is_empty() || ids.contains(&o.id))
        .filter(|o| customer_id.is_none_or(|c| o.customer_id == c))
        .filter(|o| mobile.as_deref().is_none_or(|m| o.mobile == m))
        .filter(|o| created.is_none_or(|(a, b)| o.created_at >= a && o.created_at <= b))
        .filter(|o| updated.is_none_or(|(a, b)| o.updated_at >= a && o.updated_at <= b))
        .filter(|o| statuses.is_empty() || statuses.contains(&o.status))
        .filter(|o| channels.is_empty() || channels.contains(&o.sale_channel))
        .filter(|o| depots.is_empty() || depots.contains(&o.depot_id))
        .map(|o| o.id)
        .collect();
    let (page, next) = paginate(sim, body, matching, false)?;
    let items = page
        .iter()
        .filter_map(|id| d.orders.get(id))
        .map(|o| d.order_json(o))
        .collect();
    Ok(page_response(items, next))
}

fn order_add(sim: &Sim, body: &Value) -> Result<Response, Response> {
    // Nhanh dedupes on appId + appOrderId (documented); off under the `no_reference_dedupe` switch
    let dedupe = sim.faults().dedupes_reference();
    let info = body.get("info").cloned().unwrap_or(Value::Null);
    let channel = body.get("channel").cloned().unwrap_or(Value::Null);
    let addr = body.get("shippingAddress").cloned().unwrap_or(Value::Null);
    let lines = body
        .get("products")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut f = Fields::default();
    let app_order_id = str_of(channel.get("appOrderId")).unwrap_or_default();
    if app_order_id.trim().is_empty() {
        f.add("channel.appOrderId", "channel.appOrderId is required");
    }
    let name = str_of(addr.get("name")).unwrap_or_default();
    let mobile = str_of(addr.get("mobile")).unwrap_or_default();
    if name.trim().is_empty() {
        f.add("shippingAddress.name", "shippingAddress.name is required");
    }
    // required; the docs state no format for it
    if mobile.trim().is_empty() {
        f.add(
            "shippingAddress.mobile",
            "shippingAddress.mobile is required",
        );
    }
    let status = i64_of(info.get("status")).unwrap_or(DEFAULT_ORDER_STATUS);
    if ![54, 55, 56, 57].contains(&status) {
        f.add("info.status", "status must be one of 54, 55, 56, 57");
    }
    let depot_id = i64_of(info.get("depotId"));
    if let Some(dep) = depot_id {
        if !sim.depot_granted(dep) {
            return Err(fail(
                "ERR_INVALID_DEPOT_ID",
                json!(format!("depot {dep} is not granted")),
            ));
        }
    }
    let explicit_version = str_of(addr.get("locationVersion"));
    let version = explicit_version.clone().unwrap_or_else(|| "v1".into());
    if version != "v1" && version != "v2" {
        f.add(
            "shippingAddress.locationVersion",
            "locationVersion must be v1 or v2",
        );
    }
    // documented: districtId is required for v1 (3-level) addresses; an address given by its text only
    // (no location ids) has nothing to locate
    let located = i64_of(addr.get("cityId")).is_some() || i64_of(addr.get("wardId")).is_some();
    if explicit_version.as_deref() == Some("v1")
        && located
        && i64_of(addr.get("districtId")).is_none()
    {
        f.add(
            "shippingAddress.districtId",
            "shippingAddress.districtId is required for v1 (3-level) addresses",
        );
    }
    let carrier = body.get("carrier");
    check_carrier(carrier, depot_id.is_some(), &mut f);
    if lines.is_empty() {
        f.add("products", "products is required");
    }
    if lines.len() > 500 {
        f.add("products", "at most 500 products");
    }
    let mut d = lock(&sim.inner.data);
    let mut parsed = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let id = i64_of(l.get("id"));
        let qty = i64_of(l.get("quantity"));
        let price = i64_of(l.get("price"));
        match id {
            Some(id) if d.product(id).is_some_and(|p| p.parent_id != -2) => {}
            Some(_) => f.add(format!("products.{i}.id"), "product not found"),
            None => f.add(format!("products.{i}.id"), "products.id is required"),
        }
        if qty.is_none_or(|q| q <= 0) {
            f.add(format!("products.{i}.quantity"), "quantity must be > 0");
        }
        if price.is_none_or(|p| p < 0) {
            f.add(format!("products.{i}.price"), "price is required");
        }
        parsed.push(OrderLine {
            product_id: id.unwrap_or(0),
            quantity: qty.unwrap_or(0),
            price: price.unwrap_or(0),
            discount: i64_of(l.get("discount")).unwrap_or(0),
        });
    }
    f.into_result()?;
    if let Some(existing) = d.order_refs.get(app_order_id.trim()).filter(|_| dedupe) {
        return Err(form_error(
            "channel.appOrderId",
            &format!(
                "appOrderId {} already exists (order {existing})",
                app_order_id.trim()
            ),
        ));
    }
    let now = Utc::now().timestamp();
    let city = i64_of(addr.get("cityId"));
    let district = i64_of(addr.get("districtId"));
    let ward = i64_of(addr.get("wardId"));
    let address = str_of(addr.get("address")).unwrap_or_default();
    let customer_id = d.upsert_customer(&name, &mobile, &address, None, now);
    let id = d.next_order;
    d.next_order += 1;
    let carrier_id = i64_of(carrier.and_then(|c| c.get("id"))).unwrap_or(0);
    let carrier_code = if auto_send(carrier) {
        carrier_code_for(carrier_id, id)
    } else {
        String::new()
    };
    let order = Order {
        id,
        app_order_id: app_order_id.trim().to_string(),
        sale_channel: 10,
        source_name: str_of(channel.get("sourceName")).unwrap_or_else(|| "API".into()),
        depot_id: depot_id.unwrap_or(0),
        type_id: i64_of(info.get("type")).unwrap_or(1),
        status,
        reason: 0,
        description: str_of(info.get("description")).unwrap_or_default(),
        private_description: str_of(info.get("privateDescription")).unwrap_or_default(),
        created_at: now,
        updated_at: now,
        customer_id,
        name,
        mobile,
        email: str_of(addr.get("email")).unwrap_or_default(),
        address,
        city_id: city,
        district_id: district,
        ward_id: ward,
        location_version: version,
        lines: parsed,
        carrier_id,
        carrier_code: carrier_code.clone(),
        ship_fee: 0,
        customer_ship_fee: i64_of(carrier.and_then(|c| c.get("customerShipFee"))).unwrap_or(0),
        deposit: i64_of(body.get("payment").and_then(|p| p.get("depositAmount"))).unwrap_or(0),
        transfer: i64_of(body.get("payment").and_then(|p| p.get("transferAmount"))).unwrap_or(0),
    };
    d.apply_hold(&order, 1);
    d.order_refs.insert(order.app_order_id.clone(), id);
    d.orders.insert(id, order);
    Ok(ok(created_order(id, &carrier_code)))
}

/// `{id, trackingUrl}` plus `carrierCode` when the order was sent to the carrier (`autoSend: 1`).
fn created_order(id: i64, carrier_code: &str) -> Value {
    let mut v = json!({"id": id, "trackingUrl": format!("https://nhanh.vn/tracking/{id}")});
    if !carrier_code.is_empty() {
        v["carrierCode"] = json!(carrier_code);
    }
    v
}

fn auto_send(carrier: Option<&Value>) -> bool {
    i64_of(carrier.and_then(|c| c.get("autoSend"))) == Some(1)
}

/// The tracking number a carrier answers when an order is pushed to it (format inferred).
fn carrier_code_for(carrier_id: i64, order_id: i64) -> String {
    let prefix = match carrier_id {
        2 => "VTP",
        5 => "GHN",
        8 => "GHTK",
        12 => "TVC",
        _ => "NV",
    };
    format!("{prefix}{order_id:09}")
}

/// The documented carrier block of order/add and order/edit: `sendCarrierType` 1 (Nhanh's connection)
/// needs `serviceId` and `info.depotId`; 2 (the shop's own account) needs `serviceCode` and `accountId`.
fn check_carrier(carrier: Option<&Value>, has_depot: bool, f: &mut Fields) {
    let Some(c) = carrier.filter(|c| !c.is_null()) else {
        return;
    };
    match i64_of(c.get("sendCarrierType")) {
        None => {}
        Some(1) => {
            if i64_of(c.get("serviceId")).is_none() {
                f.add(
                    "carrier.serviceId",
                    "carrier.serviceId is required when sendCarrierType = 1",
                );
            }
            if !has_depot {
                f.add(
                    "info.depotId",
                    "info.depotId is required when sendCarrierType = 1",
                );
            }
        }
        Some(2) => {
            if str_of(c.get("serviceCode")).is_none_or(|s| s.trim().is_empty()) {
                f.add(
                    "carrier.serviceCode",
                    "carrier.serviceCode is required when sendCarrierType = 2",
                );
            }
            if i64_of(c.get("accountId")).is_none() {
                f.add(
                    "carrier.accountId",
                    "carrier.accountId is required when sendCarrierType = 2",
                );
            }
        }
        Some(_) => f.add("carrier.sendCarrierType", "sendCarrierType must be 1 or 2"),
    }
}

fn order_edit(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let info = body.get("info").cloned().unwrap_or(Value::Null);
    let Some(id) = i64_of(info.get("id")) else {
        return Err(form_error("info.id", "info.id is required"));
    };
    if body.get("products").is_some() {
        return Err(form_error("products", "product lines cannot be edited"));
    }
    let mut d = lock(&sim.inner.data);
    let Some(order) = d.orders.get(&id).cloned() else {
        return Err(form_error("info.id", "order not found"));
    };
    if matches!(order.status, 60 | 72) || !order.carrier_code.is_empty() {
        return Err(form_error(
            "info.id",
            "the order is already with a carrier or finished and cannot be edited",
        ));
    }
    let mut updated = order.clone();
    let carrier = body.get("carrier");
    let mut f = Fields::default();
    check_carrier(carrier, order.depot_id != 0, &mut f);
    f.into_result()?;
    if let Some(c) = i64_of(carrier.and_then(|c| c.get("id"))) {
        updated.carrier_id = c;
    }
    if let Some(fee) = i64_of(carrier.and_then(|c| c.get("customerShipFee"))) {
        updated.customer_ship_fee = fee;
    }
    if auto_send(carrier) {
        updated.carrier_code = carrier_code_for(updated.carrier_id, id);
    }
    if let Some(s) = i64_of(info.get("status")) {
        if ![56, 63, 64, 60, 72].contains(&s) {
            return Err(form_error(
                "info.status",
                "status must be one of 56, 63, 64, 60, 72",
            ));
        }
        if matches!(s, 63 | 64) && !OPEN_STATUSES.contains(&order.status) {
            return Err(form_error(
                "info.status",
                "only open orders can be cancelled",
            ));
        }
        updated.status = s;
        if matches!(s, 63 | 64) {
            updated.reason = 16;
        }
    }
    if let Some(v) = str_of(info.get("description")) {
        updated.description = v;
    }
    if let Some(v) = str_of(info.get("privateDescription")) {
        updated.private_description = v;
    }
    if let Some(a) = body.get("shippingAddress") {
        if let Some(v) = str_of(a.get("name")) {
            updated.name = v;
        }
        if let Some(v) = str_of(a.get("mobile")) {
            updated.mobile = v;
        }
        if let Some(v) = str_of(a.get("address")) {
            updated.address = v;
        }
        updated.city_id = i64_of(a.get("cityId")).or(updated.city_id);
        updated.district_id = i64_of(a.get("districtId"));
        updated.ward_id = i64_of(a.get("wardId")).or(updated.ward_id);
        if let Some(v) = str_of(a.get("locationVersion")) {
            updated.location_version = v;
        }
    }
    updated.updated_at = Utc::now().timestamp();
    // stock: release the reservation, then apply the new state (success takes the goods out)
    d.apply_hold(&order, -1);
    if updated.status == 60 {
        if let Some(di) = data::depot_index(updated.depot_id) {
            for l in &updated.lines {
                if let Some(p) = d.product_mut(l.product_id) {
                    p.stock[di].remain = (p.stock[di].remain - l.quantity).max(0);
                    p.stock_updated_at = Utc::now().timestamp();
                }
            }
        }
    }
    d.apply_hold(&updated, 1);
    let code = updated.carrier_code.clone();
    d.orders.insert(id, updated);
    Ok(ok(created_order(id, &code)))
}

fn cancel_carrier(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let id = i64_of(body.get("orderId")).or_else(|| ids_of(body.get("orderId")).first().copied());
    let Some(id) = id else {
        return Err(form_error("orderId", "orderId is required"));
    };
    let mut d = lock(&sim.inner.data);
    let Some(o) = d.orders.get_mut(&id) else {
        return Err(form_error("orderId", "order not found"));
    };
    if o.carrier_code.is_empty() {
        return Err(fail(
            "ERR_ORDER_CARRIER_NOT_YET_SENT",
            json!("The order has not been sent to a carrier"),
        ));
    }
    if CARRIERS_WITHOUT_CANCEL_API.contains(&o.carrier_id) {
        return Err(fail(
            "ERR_ORDER_CARRIER_NO_API_CANCEL",
            json!("The carrier has no cancel API"),
        ));
    }
    if o.status == 60 || o.status == 72 {
        return Err(fail(
            "ERR_ORDER_CARRIER_REJECT",
            json!("The carrier refused to cancel a delivered order"),
        ));
    }
    let before = o.clone();
    o.carrier_code.clear();
    o.status = STATUS_AFTER_CARRIER_CANCEL;
    o.updated_at = Utc::now().timestamp();
    let after = o.clone();
    d.apply_hold(&before, -1);
    d.apply_hold(&after, 1);
    Ok(ok(json!({})))
}

fn locations(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let version = str_of(f.get("locationVersion")).unwrap_or_default();
    if version != "v1" && version != "v2" {
        return Err(form_error(
            "filters.locationVersion",
            "locationVersion must be v1 or v2",
        ));
    }
    let kind = str_of(f.get("type")).unwrap_or_else(|| "CITY".into());
    let parent = i64_of(f.get("parentId"));
    let d = lock(&sim.inner.data);
    let g = &d.geo;
    let items: Vec<Value> = match (kind.as_str(), version.as_str()) {
        ("CITY", _) => g
            .cities
            .iter()
            .map(|c| json!({"id": c.0, "name": c.1, "otherName": c.2}))
            .collect(),
        // parentId is optional in the docs: without it, every place of that level
        ("DISTRICT", "v1") => g
            .districts
            .iter()
            .filter(|x| parent.is_none_or(|p| x.1 == p))
            .map(|x| json!({"id": x.0, "name": x.2}))
            .collect(),
        ("DISTRICT", _) => return Err(form_error("filters.type", "v2 has no DISTRICT level")),
        ("WARD", "v1") => g
            .wards_v1
            .iter()
            .filter(|x| parent.is_none_or(|p| x.1 == p))
            .map(|x| json!({"id": x.0, "name": x.2}))
            .collect(),
        ("WARD", _) => g
            .wards_v2
            .iter()
            .filter(|x| parent.is_none_or(|p| x.1 == p))
            .map(|x| json!({"id": x.0, "name": x.2}))
            .collect(),
        _ => {
            return Err(form_error(
                "filters.type",
                "type must be CITY, DISTRICT or WARD",
            ))
        }
    };
    Ok(ok(Value::Array(items)))
}

fn carriers() -> Value {
    json!([
        {"id": 2, "name": "Viettel Post", "shortName": "VTP", "logo": "https://nhanh.vn/img/carrier/vtp.png", "status": 1,
         "services": [{"id": 21, "name": "Chuyển phát nhanh", "description": "VCN"}, {"id": 22, "name": "Tiết kiệm", "description": "VTK"}]},
        {"id": 5, "name": "Giao hàng nhanh", "shortName": "GHN", "logo": "https://nhanh.vn/img/carrier/ghn.png", "status": 1,
         "services": [{"id": 51, "name": "Chuẩn", "description": ""}]},
        {"id": 8, "name": "Giao hàng tiết kiệm", "shortName": "GHTK", "logo": "https://nhanh.vn/img/carrier/ghtk.png", "status": 1,
         "services": [{"id": 81, "name": "Chuẩn", "description": ""}, {"id": 82, "name": "Hỏa tốc", "description": ""}]},
        {"id": 12, "name": "Tự vận chuyển", "shortName": "TVC", "logo": "", "status": 1, "services": []}
    ])
}

fn shipping_fee(body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let mut errs = Fields::default();
    let type_id = i64_of(f.get("type"));
    if !matches!(type_id, Some(1) | Some(2)) {
        errs.add("filters.type", "type must be 1 or 2");
    }
    if type_id == Some(2) && i64_of(f.get("carrier").and_then(|c| c.get("id"))).is_none() {
        errs.add("filters.carrier.id", "carrier.id is required for type 2");
    }
    let weight = i64_of(f.get("shippingWeight"));
    if weight.is_none_or(|w| w <= 0) {
        errs.add("filters.shippingWeight", "shippingWeight is required");
    }
    for end in ["shippingFrom", "shippingTo"] {
        let a = f.get(end);
        if a.is_none() {
            errs.add(format!("filters.{end}"), format!("{end} is required"));
            continue;
        }
        if i64_of(a.and_then(|a| a.get("cityId"))).is_none() {
            errs.add(format!("filters.{end}.cityId"), "cityId is required");
        }
        let v = str_of(a.and_then(|a| a.get("locationVersion"))).unwrap_or_default();
        if v == "v1" && i64_of(a.and_then(|a| a.get("districtId"))).is_none() {
            errs.add(
                format!("filters.{end}.districtId"),
                "districtId is required for v1",
            );
        }
        if v == "v2" && i64_of(a.and_then(|a| a.get("wardId"))).is_none() {
            errs.add(format!("filters.{end}.wardId"), "wardId is required for v2");
        }
        if v != "v1" && v != "v2" {
            errs.add(
                format!("filters.{end}.locationVersion"),
                "locationVersion must be v1 or v2",
            );
        }
    }
    errs.into_result()?;
    let weight = weight.unwrap_or(0);
    let same_city = i64_of(f.get("shippingFrom").and_then(|a| a.get("cityId")))
        == i64_of(f.get("shippingTo").and_then(|a| a.get("cityId")));
    let cod = i64_of(f.get("totalCod")).unwrap_or(0);
    let only = i64_of(f.get("carrier").and_then(|c| c.get("id")));
    let extra = ((weight - 1).max(0) / 500) * 5_000;
    let quotes: Vec<Value> = [(2, 21, "Chuyển phát nhanh", "VCN", 25_000), (5, 51, "Chuẩn", "GHN", 22_000), (8, 81, "Chuẩn", "PHS", 20_000)]
        .iter()
        .filter(|c| only.is_none_or(|o| o == c.0))
        .map(|(cid, sid, sname, scode, base)| {
            let ship = base + extra + if same_city { 0 } else { 10_000 };
            let cod_fee = if cod > 3_000_000 { cod / 200 } else { 0 };
            json!({"logo": format!("https://nhanh.vn/img/carrier/{cid}.png"),
                   "carrier": {"id": cid, "accountId": 26, "accountName": "Tài khoản shop", "shopId": "808957"},
                   "service": {"id": sid, "name": sname, "code": scode, "description": ""},
                   "shipFee": ship, "codFee": cod_fee, "declaredFee": 0, "customerShipFee": ship + cod_fee})
        })
        .collect();
    Ok(ok(Value::Array(quotes)))
}

fn customer_list(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let ids = capped_ids(f, "ids", IDS_CAP)?;
    let single = i64_of(f.get("id"));
    let mobile = str_of(f.get("mobile")).filter(|m| !m.is_empty());
    let type_id = i64_of(f.get("type"));
    let upd_from = i64_of(f.get("updatedAtFrom"));
    let upd_to = i64_of(f.get("updatedAtTo"));
    let date =
        |k: &str| str_of(f.get(k)).and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let (bought_from, bought_to) = (date("lastBoughtDateFrom"), date("lastBoughtDateTo"));
    let d = lock(&sim.inner.data);
    // last purchase date per customer, from their orders
    let mut last_bought: std::collections::HashMap<i64, NaiveDate> = Default::default();
    if bought_from.is_some() || bought_to.is_some() {
        for o in d.orders.values() {
            if let Some(day) =
                chrono::DateTime::from_timestamp(o.created_at, 0).map(|t| t.date_naive())
            {
                let e = last_bought.entry(o.customer_id).or_insert(day);
                *e = (*e).max(day);
            }
        }
    }
    let matching: Vec<i64> = d
        .customers
        .values()
        .filter(|c| upd_to.is_none_or(|t| c.updated_at <= t))
        .filter(|c| {
            (bought_from.is_none() && bought_to.is_none())
                || last_bought.get(&c.id).is_some_and(|day| {
                    bought_from.is_none_or(|a| *day >= a) && bought_to.is_none_or(|b| *day <= b)
                })
        })
        .filter(|c| ids.is_empty() || ids.contains(&c.id))
        .filter(|c| single.is_none_or(|x| c.id == x))
        .filter(|c| mobile.as_deref().is_none_or(|m| c.mobile == m))
        .filter(|c| type_id.is_none_or(|t| c.type_id == t))
        .filter(|c| upd_from.is_none_or(|t| c.updated_at >= t))
        .map(|c| c.id)
        .collect();
    let (page, next) = paginate(sim, body, matching, false)?;
    let items = page
        .iter()
        .filter_map(|id| d.customers.get(id))
        .map(|c| d.customer_json(c))
        .collect();
    Ok(page_response(items, next))
}

fn customer_add(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let Some(items) = body.as_array() else {
        return Err(fail(
            "ERR_INVALID_DATA",
            json!("the body must be an array of customers"),
        ));
    };
    if items.is_empty() || items.len() > 100 {
        return Err(form_error("customers", "send between 1 and 100 customers"));
    }
    let mut f = Fields::default();
    for (i, it) in items.iter().enumerate() {
        if str_of(it.get("name")).is_none_or(|s| s.trim().is_empty()) {
            f.add(format!("{i}.name"), "name is required");
        }
        // required; the docs give no format (their own example sends the 9-digit "098999997")
        if str_of(it.get("mobile")).is_none_or(|m| m.trim().is_empty()) {
            f.add(format!("{i}.mobile"), "mobile is required");
        }
    }
    f.into_result()?;
    let now = Utc::now().timestamp();
    let mut d = lock(&sim.inner.data);
    let mut out = Vec::new();
    for it in items {
        let mobile = str_of(it.get("mobile")).unwrap_or_default();
        let loc = it.get("locations");
        let city = i64_of(loc.and_then(|l| l.get("cityId")));
        let id = d.upsert_customer(
            &str_of(it.get("name")).unwrap_or_default(),
            &mobile,
            &str_of(it.get("address")).unwrap_or_default(),
            None,
            now,
        );
        if let Some(c) = d.customers.get_mut(&id) {
            c.email = str_of(it.get("email")).unwrap_or_default();
            c.type_id = i64_of(it.get("type")).unwrap_or(1);
            c.gender = i64_of(it.get("gender")).unwrap_or(0);
            if city.is_some() {
                c.city_id = city;
                c.district_id = i64_of(loc.and_then(|l| l.get("districtId")));
                c.ward_id = i64_of(loc.and_then(|l| l.get("wardId")));
            }
            c.updated_at = now;
        }
        out.push(json!({"id": id, "mobile": mobile}));
    }
    Ok(ok(Value::Array(out)))
}

fn inventory_bill(
    sim: &Sim,
    body: &Value,
    type_id: i64,
    supplier: bool,
) -> Result<Response, Response> {
    let (id, total) = create_bill(sim, body, type_id, supplier, false)?;
    Ok(ok(json!({"id": id, "totalAmount": total})))
}

/// Unit price after a line's `discount` `{type: percent|cash, value}`.
fn discounted(price: i64, discount: Option<&Value>) -> i64 {
    let Some(d) = discount else { return price };
    let v = i64_of(d.get("value")).unwrap_or(0);
    match d.get("type").and_then(Value::as_str) {
        Some("percent") => price * (100 - v.clamp(0, 100)) / 100,
        Some("cash") => (price - v).max(0),
        _ => price,
    }
}

/// A bill's total: the lines at their discounted prices, or, when `payment.manualDiscount` is set, the
/// lines at their list prices less that discount (`manualDiscountType` `percent` or `cash`): the docs say
/// per-line discounts are then ignored.
fn bill_total(body: &Value, parsed: &[(i64, i64, i64)]) -> i64 {
    let payment = body.get("payment");
    let Some(manual) = i64_of(payment.and_then(|p| p.get("manualDiscount"))) else {
        return parsed.iter().map(|(_, q, p)| q * p).sum();
    };
    let list: i64 = body
        .get("products")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    i64_of(l.get("quantity")).unwrap_or(0) * i64_of(l.get("price")).unwrap_or(0)
                })
                .sum()
        })
        .unwrap_or(0);
    match payment
        .and_then(|p| p.get("manualDiscountType"))
        .and_then(Value::as_str)
    {
        Some("percent") => list * (100 - manual.clamp(0, 100)) / 100,
        _ => (list - manual).max(0),
    }
}

/// Validate and book a stock movement; returns (bill id, total amount).
fn create_bill(
    sim: &Sim,
    body: &Value,
    type_id: i64,
    supplier: bool,
    retail: bool,
) -> Result<(i64, i64), Response> {
    let mut f = Fields::default();
    let depot_id = i64_of(body.get("depotId"));
    let di = match depot_id {
        None => {
            f.add("depotId", "depotId is required");
            None
        }
        Some(dep) => match data::depot_index(dep).filter(|_| sim.depot_granted(dep)) {
            Some(i) => Some(i),
            None => {
                return Err(fail(
                    "ERR_INVALID_DEPOT_ID",
                    json!(format!("depot {dep} is not granted")),
                ))
            }
        },
    };
    let mut d = lock(&sim.inner.data);
    let supplier_id = i64_of(body.get("supplierId"));
    if supplier {
        match supplier_id {
            None => f.add("supplierId", "supplierId is required"),
            Some(s) if !d.suppliers.iter().any(|x| x.0 == s) => {
                f.add("supplierId", "supplier not found")
            }
            _ => {}
        }
    }
    let lines = body
        .get("products")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if lines.is_empty() {
        f.add("products", "products is required");
    }
    let mut parsed = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let id = i64_of(l.get("id"));
        let qty = i64_of(l.get("quantity"));
        match id.and_then(|id| d.product(id)) {
            Some(p) if p.parent_id == -2 => {
                f.add(format!("products.{i}.id"), "a parent product has no stock")
            }
            Some(p) => {
                if let (Some(q), Some(di)) = (qty, di) {
                    if type_id == 2 && q > p.stock[di].available() {
                        f.add(
                            format!("products.{i}.quantity"),
                            "not enough stock in the depot",
                        );
                    }
                }
            }
            None => f.add(format!("products.{i}.id"), "product not found"),
        }
        if qty.is_none_or(|q| q <= 0) {
            f.add(format!("products.{i}.quantity"), "quantity must be > 0");
        }
        parsed.push((
            id.unwrap_or(0),
            qty.unwrap_or(0),
            discounted(i64_of(l.get("price")).unwrap_or(0), l.get("discount")),
        ));
    }
    f.into_result()?;
    let Some(di) = di else {
        return Err(form_error("depotId", "depotId is required"));
    };
    for (pid, q, price) in &parsed {
        if let Some(p) = d.product_mut(*pid) {
            p.stock_updated_at = Utc::now().timestamp();
            let s = &mut p.stock[di];
            if type_id == 1 {
                s.remain += q;
            } else {
                s.remain = (s.remain - q).max(0);
            }
            if type_id == 1
                && body.get("updateImportPrice").and_then(|v| i64_of(Some(v))) == Some(1)
                && *price > 0
            {
                p.import = *price;
            }
        }
    }
    let id = d.next_bill;
    d.next_bill += 1;
    let total = bill_total(body, &parsed);
    let now = Utc::now();
    d.bills.insert(
        id,
        Bill {
            id,
            type_id,
            mode: match (retail, supplier) {
                (true, _) => 2,
                (false, true) => 5,
                (false, false) => 10,
            },
            depot_id: DEPOTS[di].id,
            order_id: 0,
            date: now.format("%Y-%m-%d").to_string(),
            supplier_id: supplier_id.unwrap_or(0),
            customer_id: i64_of(body.get("customer").and_then(|c| c.get("id"))).unwrap_or(0),
            description: str_of(body.get("description")).unwrap_or_default(),
            lines: parsed,
            created_at: now.timestamp(),
        },
    );
    Ok((id, total))
}

fn bill_list(sim: &Sim, body: &Value, mode: Option<i64>) -> Result<Response, Response> {
    let f = filters(body);
    let mut ids = capped_ids(f, "ids", IDS_CAP)?;
    if let Some(id) = i64_of(f.get("id")) {
        ids.push(id);
    }
    let orders = capped_ids(f, "orderIds", IDS_CAP)?;
    let customer = i64_of(f.get("customerId"));
    let mobile = str_of(f.get("customerMobile")).filter(|m| !m.trim().is_empty());
    let bypass = !ids.is_empty() || customer.is_some() || mobile.is_some();
    let date =
        |k: &str| str_of(f.get(k)).and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let today = Utc::now().date_naive();
    let (from, to) = match (date("fromDate"), date("toDate")) {
        // ids and the customer lift the 31-day window (documented)
        (a, b) if bypass => (a, b),
        (a, b) => {
            let to = b.unwrap_or(today);
            let from = a.unwrap_or(to - chrono::Duration::days(30));
            if (to - from).num_days() > 30 {
                return Err(form_error(
                    "filters.toDate",
                    "the date range must not exceed 31 days",
                ));
            }
            (Some(from), Some(to))
        }
    };
    let type_id = i64_of(f.get("type"));
    let modes = ids_of(f.get("modes"));
    let depots = ids_of(f.get("depotIds"));
    let d = lock(&sim.inner.data);
    let by_mobile: Option<Vec<i64>> = mobile.as_deref().map(|m| {
        d.customers
            .values()
            .filter(|c| c.mobile == m.trim())
            .map(|c| c.id)
            .collect()
    });
    let matching: Vec<i64> = d
        .bills
        .values()
        .filter(|b| ids.is_empty() || ids.contains(&b.id))
        .filter(|b| orders.is_empty() || orders.contains(&b.order_id))
        .filter(|b| customer.is_none_or(|c| b.customer_id == c))
        .filter(|b| {
            by_mobile
                .as_ref()
                .is_none_or(|m| m.contains(&b.customer_id))
        })
        .filter(|b| {
            let bd = NaiveDate::parse_from_str(&b.date, "%Y-%m-%d").ok();
            from.is_none_or(|x| bd.is_some_and(|bd| bd >= x))
                && to.is_none_or(|x| bd.is_some_and(|bd| bd <= x))
        })
        .filter(|b| type_id.is_none_or(|t| b.type_id == t))
        .filter(|b| mode.is_none_or(|m| b.mode == m))
        .filter(|b| modes.is_empty() || modes.contains(&b.mode))
        .filter(|b| depots.is_empty() || depots.contains(&b.depot_id))
        .map(|b| b.id)
        .collect();
    let (page, next) = paginate(sim, body, matching, false)?;
    let items = page
        .iter()
        .filter_map(|id| d.bills.get(id))
        .map(|b| d.bill_json(b))
        .collect();
    Ok(page_response(items, next))
}

fn order_history(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let ids = ids_of(filters(body).get("orderIds"));
    if ids.is_empty() {
        return Err(form_error("filters.orderIds", "orderIds is required"));
    }
    if ids.len() > 100 {
        return Err(form_error("filters.orderIds", "at most 100 orders"));
    }
    let d = lock(&sim.inner.data);
    let mut items = Vec::new();
    for id in ids {
        if let Some(o) = d.orders.get(&id) {
            items.push(json!({"logId": format!("{id}-1"), "orderId": id, "step": 1,
                              "status": {"old": 0, "new": 54}, "createdAt": o.created_at,
                              "createdById": 2054197, "createdBy": "Chủ shop"}));
            if o.status != 54 {
                items.push(json!({"logId": format!("{id}-2"), "orderId": id, "step": 7,
                                  "status": {"old": 54, "new": o.status}, "createdAt": o.updated_at,
                                  "createdById": 2054197, "createdBy": "Chủ shop"}));
            }
        }
    }
    Ok(page_static(Value::Array(items)))
}

fn add_complain(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let mut f = Fields::default();
    let id = i64_of(body.get("id"));
    let reason = i64_of(body.get("reason"));
    if id.is_none() {
        f.add("id", "id is required");
    }
    if !reason.is_some_and(|r| [6, 7, 8, 9, 10, 33, 34, 35, 36, 37, 38].contains(&r)) {
        f.add("reason", "invalid reason");
    }
    f.into_result()?;
    let d = lock(&sim.inner.data);
    let Some(o) = id.and_then(|id| d.orders.get(&id)) else {
        return Err(form_error("id", "order not found"));
    };
    if o.carrier_code.is_empty() {
        return Err(fail(
            "ERR_ORDER_CARRIER_NOT_YET_SENT",
            json!("The order has not been sent to a carrier"),
        ));
    }
    Ok(ok(json!({"complainId": 5_174_000 + o.id % 1000})))
}

fn add_retail(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let lines = body
        .get("products")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if lines > 100 {
        return Err(form_error("products", "at most 100 products"));
    }
    // the sandbox business has no e-invoice set up (the first documented invoice error)
    if body.get("invoice").is_some_and(|i| !i.is_null()) {
        return Err(fail(
            "ERR_INVOICE_NO_SETTING",
            json!("The business has not set up e-invoices"),
        ));
    }
    // a retail invoice is an export from the depot (mode 2) with per-line discounts
    let mut export = body.clone();
    if let Some(o) = export.as_object_mut() {
        o.remove("supplierId");
    }
    let (id, total) = create_bill(sim, &export, 2, false, true)?;
    // the buyer is matched (or created) by mobile, so bill/list finds the bill by customerId / customerMobile
    let buyer = body.get("customer");
    let mobile = str_of(buyer.and_then(|c| c.get("mobile"))).filter(|m| !m.trim().is_empty());
    if let (Some(mobile), None) = (mobile, i64_of(buyer.and_then(|c| c.get("id")))) {
        let mut d = lock(&sim.inner.data);
        let name = str_of(buyer.and_then(|c| c.get("name"))).unwrap_or_default();
        let address = str_of(buyer.and_then(|c| c.get("address"))).unwrap_or_default();
        let cid = d.upsert_customer(&name, mobile.trim(), &address, None, Utc::now().timestamp());
        if let Some(b) = d.bills.get_mut(&id) {
            b.customer_id = cid;
        }
    }
    Ok(ok(json!({"id": id, "totalAmount": total})))
}

/// An endpoint whose own page maximum is below the common 100 (`product/combo`, `inventory/archive`: 50).
fn max_page_size(body: &Value, max: i64) -> Result<(), Response> {
    let size = body
        .get("paginator")
        .and_then(|p| p.get("size"))
        .and_then(|v| i64_of(Some(v)));
    if size.is_some_and(|n| n > max) {
        return Err(form_error(
            "paginator.size",
            &format!("size must be between 1 and {max}"),
        ));
    }
    Ok(())
}

/// A list filter with a documented maximum length.
fn capped_ids(f: &Value, key: &str, max: usize) -> Result<Vec<i64>, Response> {
    let ids = ids_of(f.get(key));
    if ids.len() > max {
        return Err(form_error(
            &format!("filters.{key}"),
            &format!("at most {max} ids"),
        ));
    }
    Ok(ids)
}

fn depot_ref(id: i64) -> Value {
    let name = DEPOTS
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name)
        .unwrap_or("");
    json!({"id": id, "name": name})
}

/// `bill/imexs`: one row per product line of the stock bills ("Sản phẩm xuất nhập kho"). The docs give
/// no date window for it (unlike `bill/list`), so none is enforced.
fn bill_lines(sim: &Sim, body: &Value) -> Result<Response, Response> {
    let f = filters(body);
    let date =
        |k: &str| str_of(f.get(k)).and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let (from, to) = (date("fromDate"), date("toDate"));
    let mut orders = capped_ids(f, "orderIds", 100)?;
    orders.extend(i64_of(f.get("orderId")));
    let line = i64_of(f.get("id"));
    let bill = i64_of(f.get("billId"));
    let type_id = i64_of(f.get("type"));
    let mode = i64_of(f.get("mode"));
    let depot = i64_of(f.get("depotId"));
    let supplier = i64_of(f.get("supplierId"));
    let product = i64_of(f.get("product").and_then(|p| p.get("id")));
    let d = lock(&sim.inner.data);
    let mut ids = Vec::new();
    for b in d.bills.values() {
        let bd = NaiveDate::parse_from_str(&b.date, "%Y-%m-%d").ok();
        let keep = bill.is_none_or(|x| b.id == x)
            && from.is_none_or(|x| bd.is_some_and(|bd| bd >= x))
            && to.is_none_or(|x| bd.is_some_and(|bd| bd <= x))
            && type_id.is_none_or(|t| b.type_id == t)
            && mode.is_none_or(|m| b.mode == m)
            && depot.is_none_or(|x| b.depot_id == x)
            && supplier.is_none_or(|x| b.supplier_id == x)
            && (orders.is_empty() || orders.contains(&b.order_id));
        if !keep {
            continue;
        }
        for (i, (pid, _, _)) in b.lines.iter().enumerate() {
            let id = data::imex_id(b.id, i);
            if line.is_none_or(|x| x == id) && product.is_none_or(|x| x == *pid) {
                ids.push(id);
            }
        }
    }
    let (page, next) = paginate(sim, body, ids, false)?;
    let items = page
        .iter()
        .filter_map(|id| {
            let b = d.bills.get(&(id / 1000))?;
            let (pid, qty, price) = *b.lines.get(usize::try_from(id % 1000).ok()?)?;
            let p = d.product(pid);
            let supplier = d.suppliers.iter().find(|s| s.0 == b.supplier_id);
            Some(json!({
                "id": id, "billId": b.id, "type": b.type_id, "mode": b.mode, "date": b.date,
                "reference": {"orderId": b.order_id, "requirementBillId": 0, "inventoryCheckId": 0, "warrantyBillId": 0},
                "depot": depot_ref(b.depot_id),
                "relatedDepot": {"id": 0, "name": ""},
                "supplier": {"id": b.supplier_id, "name": supplier.map(|s| s.1.as_str()).unwrap_or(""),
                             "mobile": supplier.map(|s| s.2.as_str()).unwrap_or("")},
                "product": {"id": pid, "code": p.map(|p| p.code.as_str()).unwrap_or(""),
                            "barcode": p.map(|p| p.barcode.as_str()).unwrap_or(""),
                            "name": p.map(|p| p.name.as_str()).unwrap_or(""),
                            "prices": {"retail": p.map(|p| p.retail).unwrap_or(0),
                                       "import": p.map(|p| p.import).unwrap_or(0),
                                       "avgCost": p.map(|p| p.import).unwrap_or(0)}},
                "imei": {"id": 0, "code": ""},
                "avgCost": p.map(|p| p.import).unwrap_or(0), "productPrice": price, "quantity": qty,
                "vat": 0, "vatPercent": 0, "discount": 0, "description": b.description,
                "points": 0, "usedPoints": 0, "usedPointAmount": 0, "createdAt": b.created_at,
            }))
        })
        .collect();
    Ok(page_response(items, next))
}

/// `inventory/archive`: the min/max stock limits set per depot, with the product's figures there.
fn stock_limits(sim: &Sim, body: &Value) -> Result<Response, Response> {
    max_page_size(body, 50)?;
    let f = filters(body);
    let products = capped_ids(f, "productIds", 100)?;
    let depots = capped_ids(f, "depotIds", 500)?;
    let category = i64_of(f.get("categoryId"));
    let brands = ids_of(f.get("brandId"));
    let range = |k: &str| i64_of(f.get(k));
    let (c_from, c_to) = (range("createdAtFrom"), range("createdAtTo"));
    let (u_from, u_to) = (range("updatedAtFrom"), range("updatedAtTo"));
    let d = lock(&sim.inner.data);
    // the archive's own row ids: its rows in (product, depot) order
    let rows: Vec<(i64, &(i64, i64), &data::StockLimit)> = d
        .stock_limits
        .iter()
        .enumerate()
        .map(|(i, (k, v))| (i as i64 + 1, k, v))
        .collect();
    let ids: Vec<i64> = rows
        .iter()
        .filter(|(_, (pid, depot), l)| {
            let p = d.product(*pid);
            (products.is_empty() || products.contains(pid))
                && (depots.is_empty() || depots.contains(depot))
                && category.is_none_or(|c| p.is_some_and(|p| p.category_id == c))
                && (brands.is_empty() || p.is_some_and(|p| brands.contains(&p.brand_id)))
                && c_from.is_none_or(|x| l.created_at >= x)
                && c_to.is_none_or(|x| l.created_at <= x)
                && u_from.is_none_or(|x| l.updated_at >= x)
                && u_to.is_none_or(|x| l.updated_at <= x)
        })
        .map(|(id, _, _)| *id)
        .collect();
    let (page, next) = paginate(sim, body, ids, false)?;
    let items = page
        .iter()
        .filter_map(|id| {
            let (_, (pid, depot), l) = rows.get(usize::try_from(id - 1).ok()?)?;
            let p = d.product(*pid)?;
            let stock = p.stock.get(data::depot_index(*depot)?)?;
            Some(json!({
                "depot": depot_ref(*depot),
                "product": {"id": p.id, "barcode": p.barcode, "code": p.code, "name": p.name, "remain": stock.remain},
                "minRemain": l.min_remain, "maxRemain": l.max_remain, "waiting": 0,
                "available": stock.available(),
                "createdBy": {"id": 2054197, "name": "Chủ shop"},
                "createdAt": l.created_at, "updatedAt": l.updated_at,
            }))
        })
        .collect();
    Ok(page_response(items, next))
}

/// `product/combo`: combo products and their components.
fn combos(sim: &Sim, body: &Value) -> Result<Response, Response> {
    max_page_size(body, 50)?;
    let f = filters(body);
    let parents = capped_ids(f, "productParentIds", 50)?;
    let name = str_of(f.get("name")).map(|s| s.to_lowercase());
    let status = i64_of(f.get("status"));
    let (u_from, u_to) = (i64_of(f.get("updatedAtFrom")), i64_of(f.get("updatedAtTo")));
    let d = lock(&sim.inner.data);
    let ids: Vec<i64> = d
        .combos
        .values()
        .filter(|c| parents.is_empty() || parents.contains(&c.id))
        .filter(|c| {
            name.as_ref()
                .is_none_or(|n| c.name.to_lowercase().contains(n))
        })
        .filter(|c| status.is_none_or(|s| c.status == s))
        .filter(|c| {
            u_from.is_none_or(|x| c.updated_at >= x) && u_to.is_none_or(|x| c.updated_at <= x)
        })
        .map(|c| c.id)
        .collect();
    let (page, next) = paginate(sim, body, ids, false)?;
    let items = page
        .iter()
        .filter_map(|id| d.combos.get(id))
        .map(|c| {
            let parts: Vec<Value> = c
                .items
                .iter()
                .filter_map(|(pid, qty)| {
                    let p = d.product(*pid)?;
                    Some(json!({"id": p.id, "code": p.code, "name": p.name, "avgCost": p.import,
                                "price": p.retail, "qty": qty}))
                })
                .collect();
            let avg: i64 = c
                .items
                .iter()
                .filter_map(|(pid, qty)| d.product(*pid).map(|p| p.import * qty))
                .sum();
            json!({"id": c.id, "comboName": c.name, "comboCode": c.code, "avgCost": avg, "comboItems": parts})
        })
        .collect();
    Ok(page_response(items, next))
}
