//! Pancake POS: warehouses, then `GET /products/variations` page by page (each variation carries its
//! product and its `variations_warehouses` stock). Always a full refresh: `start_time_update` filters on
//! the *product's* update time, which a stock change does not move.

use std::collections::HashSet;

use pancake::{PancakeClient, Variation, VariationQuery};
use store::{ListingInput, StockInput, WarehouseInput};

use crate::{non_empty, warn, Ctx, FetchError, Fetched, Phase};

pub(crate) async fn fetch(c: &PancakeClient, ctx: &Ctx<'_>) -> Result<Fetched, FetchError> {
    let mut f = Fetched {
        full: true,
        ..Fetched::default()
    };
    ctx.emit(Phase::Warehouses, 0, None);
    let warehouses = match c.warehouses().await {
        Ok(w) => w,
        Err(e) => return Err((e, f.warnings)),
    };
    *f.requests.entry("warehouses".into()).or_default() += 1;
    for w in &warehouses {
        if w.id.is_empty() {
            f.warnings.push(warn("warehouse", "kho không có mã (id): bỏ qua"));
            continue;
        }
        f.warehouses.push(WarehouseInput {
            vendor_wh_id: w.id.clone(),
            name: non_empty(w.name.as_deref()).unwrap_or_else(|| w.id.clone()),
            code: non_empty(w.custom_id.as_deref()),
        });
    }
    let known_wh: HashSet<String> = f.warehouses.iter().map(|w| w.vendor_wh_id.clone()).collect();
    let n = f.warehouses.len() as u64;
    ctx.emit(Phase::Warehouses, n, Some(n));

    let size = ctx.page_size;
    let mut page = 1u32;
    let mut prev_first: Option<String> = None;
    let mut unknown_wh: HashSet<String> = HashSet::new();
    loop {
        let q = VariationQuery {
            page_number: Some(page),
            page_size: Some(size),
            ..VariationQuery::default()
        };
        let p = match c.list_variations(&q).await {
            Ok(p) => p,
            Err(e) => return Err((e, f.warnings)),
        };
        *f.requests.entry("products/variations".into()).or_default() += 1;
        let first = p.data.first().map(|v| v.id.clone());
        if page > 1 && first.is_some() && first == prev_first {
            // a server ignoring page_number would repeat page 1 forever
            f.warnings.push(warn(
                format!("page:{page}"),
                "Pancake trả lại cùng một trang: dừng phân trang",
            ));
            break;
        }
        let more = p.has_more(size);
        let total = p.total_entries.and_then(|t| u64::try_from(t).ok());
        for v in &p.data {
            map_variation(v, &known_wh, &mut unknown_wh, &mut f);
        }
        ctx.emit(Phase::Catalog, f.listings.len() as u64, total);
        if !more || p.data.is_empty() {
            break;
        }
        page = page.saturating_add(1);
        prev_first = first;
    }
    let rows = f.stock.len() as u64;
    ctx.emit(Phase::Stock, rows, Some(rows));
    Ok(f)
}

fn map_variation(
    v: &Variation,
    known_wh: &HashSet<String>,
    unknown_wh: &mut HashSet<String>,
    f: &mut Fetched,
) {
    let item = format!("variation:{}", v.id);
    if v.id.is_empty() {
        f.warnings
            .push(warn("variation", "biến thể không có id: bỏ qua"));
        return;
    }
    if v.is_removed == Some(true) {
        return;
    }
    let product = v.product.as_ref();
    let product_id = non_empty(v.product_id.as_deref())
        .or_else(|| product.and_then(|p| non_empty(p.id.as_deref())))
        .unwrap_or_default();
    let sku = non_empty(v.sku());
    if sku.is_none() {
        f.warnings.push(warn(
            item.clone(),
            "biến thể không có SKU (mã mẫu mã): chỉ ghép được theo mã vạch",
        ));
    }
    let product_name = product.and_then(|p| non_empty(p.name.as_deref()));
    let values: Vec<&str> = v
        .fields
        .iter()
        .map(|a| a.value.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let name = match (product_name, values.is_empty()) {
        (Some(n), true) => n,
        (Some(n), false) => format!("{n} - {}", values.join(" / ")),
        (None, _) => sku.clone().unwrap_or_else(|| v.id.clone()),
    };
    let mut images: Vec<String> = v
        .images
        .iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect();
    if images.is_empty() {
        images.extend(product.and_then(|p| non_empty(p.image.as_deref())));
    }
    f.listings.push(ListingInput {
        vendor_product_id: product_id.clone(),
        vendor_variation_id: v.id.clone(),
        sku,
        barcode: non_empty(v.barcode.as_deref()),
        name,
        price_vnd: v.retail_price,
        image_urls: images,
        updated_at: v.updated_at,
    });
    for w in &v.variations_warehouses {
        if w.warehouse_id.is_empty() {
            f.warnings
                .push(warn(item.clone(), "dòng tồn kho không có mã kho: bỏ qua"));
            continue;
        }
        if !known_wh.contains(&w.warehouse_id) && unknown_wh.insert(w.warehouse_id.clone()) {
            f.warnings.push(warn(
                format!("warehouse:{}", w.warehouse_id),
                "tồn kho ở một kho không có trong danh sách kho",
            ));
        }
        let hidden = w.not_permission_view_quantity == Some(true);
        if hidden {
            f.warnings.push(warn(
                item.clone(),
                "khóa API không được xem số lượng tồn kho của kho này",
            ));
        }
        let q = |x: Option<i64>| if hidden { None } else { x };
        f.stock.push(StockInput {
            vendor_product_id: product_id.clone(),
            vendor_variation_id: v.id.clone(),
            vendor_wh_id: w.warehouse_id.clone(),
            on_hand: q(w.actual_remain_quantity),
            available: q(Some(w.remain_quantity)),
            incoming: q(w.waiting_quantity),
            returning: q(w.returning_quantity),
        });
    }
}
