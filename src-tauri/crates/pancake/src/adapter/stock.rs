//! Pancake POS: warehouses, then `GET /products/variations` page by page (each variation carries its
//! product and its `variations_warehouses` stock).
//!
//! Incremental (a `since`): `start_time_update` filters on the *product's* update time, which a stock
//! change does not move, so the stock movements come from `GET /inventory_histories` (movements since a
//! time); only the variations it names, and the products edited since, are read again.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::api::inventory::InventoryHistoryQuery;
use crate::{PancakeClient, Variation, VariationQuery};
use shopdesk_core::ports::stock::{ListingInput, StockInput, WarehouseInput};

use futures::future::BoxFuture;
use shopdesk_core::ports::stock::{warn, Phase, PullError, PullRequest, Snapshot};
use shopdesk_core::ports::stock::{Incremental, LogCode, StockSource};
use shopdesk_core::text::non_empty;
use shopdesk_core::Vendor;

/// Variation ids asked in one `products/variations?variation_ids[]=…` request (a URL of about 3 KB).
const IDS_PER_REQUEST: usize = 50;

async fn fetch(c: &PancakeClient, ctx: &PullRequest<'_>) -> Result<Snapshot, PullError> {
    let mut f = Snapshot {
        full: ctx.since.is_none(),
        ..Snapshot::default()
    };
    ctx.emit(Phase::Warehouses, 0, None);
    let warehouses = match c.warehouses().await {
        Ok(w) => w,
        Err(e) => return Err(PullError::new(e, f.warnings)),
    };
    *f.requests.entry("warehouses".into()).or_default() += 1;
    for w in &warehouses {
        if w.id.is_empty() {
            f.warnings.push(warn("warehouse", LogCode::WarehouseNoId));
            continue;
        }
        f.warehouses.push(WarehouseInput {
            vendor_wh_id: w.id.clone(),
            name: non_empty(w.name.as_deref()).unwrap_or_else(|| w.id.clone()),
            code: non_empty(w.custom_id.as_deref()),
        });
    }
    let n = f.warehouses.len() as u64;
    ctx.emit(Phase::Warehouses, n, Some(n));
    let mut walk = Walk {
        known_wh: f
            .warehouses
            .iter()
            .map(|w| w.vendor_wh_id.clone())
            .collect(),
        unknown_wh: HashSet::new(),
        seen: HashSet::new(),
    };
    match ctx.since {
        None => {
            let q = VariationQuery::default();
            if let Err(e) = walk.variations(c, ctx, q, &mut f).await {
                return Err(PullError::new(e, f.warnings));
            }
        }
        Some(since) => {
            // 1. the variations whose stock moved since then (Pancake's inventory history)
            let moved = match moved_since(c, ctx, since, &mut f).await {
                Ok(m) => m,
                Err(e) => return Err(PullError::new(e, f.warnings)),
            };
            // 2. the products edited since then (new ones, names, prices), with their stock
            let q = VariationQuery {
                start_time_update: Some(since),
                ..VariationQuery::default()
            };
            if let Err(e) = walk.variations(c, ctx, q, &mut f).await {
                return Err(PullError::new(e, f.warnings));
            }
            // 3. re-read just the moved variations not read in 2
            let rest: Vec<String> = moved
                .into_iter()
                .filter(|id| !walk.seen.contains(id))
                .collect();
            for ids in rest.chunks(IDS_PER_REQUEST) {
                let q = VariationQuery {
                    variation_ids: ids.to_vec(),
                    ..VariationQuery::default()
                };
                if let Err(e) = walk.variations(c, ctx, q, &mut f).await {
                    return Err(PullError::new(e, f.warnings));
                }
            }
        }
    }
    let rows = f.stock.len() as u64;
    ctx.emit(Phase::Stock, rows, Some(rows));
    Ok(f)
}

/// Ids of the variations with a stock movement since `since`, in the order Pancake lists them.
async fn moved_since(
    c: &PancakeClient,
    ctx: &PullRequest<'_>,
    since: DateTime<Utc>,
    f: &mut Snapshot,
) -> vendor_http::Result<Vec<String>> {
    let size = ctx.page_size;
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    let mut page = 1u32;
    loop {
        if page > c.max_pages() {
            return Err(vendor_http::Error::too_many_pages(
                "inventory_histories",
                c.max_pages(),
            ));
        }
        let q = InventoryHistoryQuery {
            page: Some(page),
            page_size: Some(size),
            start_date: Some(since),
            ..InventoryHistoryQuery::default()
        };
        let p = c.inventory_histories(&q).await?;
        *f.requests.entry("inventory_histories".into()).or_default() += 1;
        for h in &p.data {
            match h.variation_now.get("id").and_then(|v| v.as_str()) {
                Some(id) if !id.is_empty() => {
                    if seen.insert(id.to_string()) {
                        ids.push(id.to_string());
                    }
                }
                _ => f.warnings.push(warn(
                    format!("inventory_history:{}", h.id),
                    LogCode::HistoryNoVariation,
                )),
            }
        }
        ctx.emit(Phase::Stock, ids.len() as u64, None);
        if !p.has_more(size) || p.data.is_empty() {
            return Ok(ids);
        }
        page = page.saturating_add(1);
    }
}

/// One walk over `products/variations` pages, remembering which variations it has read.
struct Walk {
    known_wh: HashSet<String>,
    unknown_wh: HashSet<String>,
    seen: HashSet<String>,
}

impl Walk {
    async fn variations(
        &mut self,
        c: &PancakeClient,
        ctx: &PullRequest<'_>,
        base: VariationQuery,
        f: &mut Snapshot,
    ) -> vendor_http::Result<()> {
        let size = ctx.page_size;
        let mut page = 1u32;
        let mut prev_first: Option<String> = None;
        loop {
            let q = VariationQuery {
                page_number: Some(page),
                page_size: Some(size),
                ..base.clone()
            };
            if page > c.max_pages() {
                return Err(vendor_http::Error::too_many_pages(
                    "products/variations",
                    c.max_pages(),
                ));
            }
            let p = c.list_variations(&q).await?;
            *f.requests.entry("products/variations".into()).or_default() += 1;
            let first = p.data.first().map(|v| v.id.clone());
            if page > 1 && first.is_some() && first == prev_first {
                // a server ignoring page_number would repeat page 1 forever
                f.warnings
                    .push(warn(format!("page:{page}"), LogCode::PageRepeated));
                return Ok(());
            }
            let more = p.has_more(size);
            let total = p.total_entries.and_then(|t| u64::try_from(t).ok());
            for v in &p.data {
                if self.seen.insert(v.id.clone()) {
                    map_variation(v, &self.known_wh, &mut self.unknown_wh, f);
                }
            }
            ctx.emit(Phase::Catalog, f.listings.len() as u64, total);
            if !more || p.data.is_empty() {
                return Ok(());
            }
            page = page.saturating_add(1);
            prev_first = first;
        }
    }
}

fn map_variation(
    v: &Variation,
    known_wh: &HashSet<String>,
    unknown_wh: &mut HashSet<String>,
    f: &mut Snapshot,
) {
    let item = format!("variation:{}", v.id);
    if v.id.is_empty() {
        f.warnings.push(warn("variation", LogCode::ItemNoId));
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
        f.warnings.push(warn(item.clone(), LogCode::NoSku));
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
                .push(warn(item.clone(), LogCode::StockNoWarehouse));
            continue;
        }
        if !known_wh.contains(&w.warehouse_id) && unknown_wh.insert(w.warehouse_id.clone()) {
            f.warnings.push(warn(
                format!("warehouse:{}", w.warehouse_id),
                LogCode::StockUnknownWarehouse,
            ));
        }
        let hidden = w.not_permission_view_quantity == Some(true);
        if hidden {
            f.warnings.push(warn(item.clone(), LogCode::StockHidden));
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

impl StockSource for PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn incremental(&self) -> Incremental {
        Incremental::Supported
    }

    fn pull<'a>(&'a self, req: &'a PullRequest<'a>) -> BoxFuture<'a, Result<Snapshot, PullError>> {
        Box::pin(fetch(self, req))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::products::ProductSummary;
    use crate::{AttributeValue, VariationWarehouse};

    fn variation(id: &str, sku: Option<&str>, wh: &str) -> Variation {
        Variation {
            id: id.into(),
            product_id: Some("p1".into()),
            display_id: sku.map(str::to_string),
            barcode: Some("8930000000017".into()),
            retail_price: Some(199_000),
            fields: vec![
                AttributeValue {
                    name: "Màu".into(),
                    value: "Đen".into(),
                    ..Default::default()
                },
                AttributeValue {
                    name: "Size".into(),
                    value: "M".into(),
                    ..Default::default()
                },
            ],
            product: Some(ProductSummary {
                name: Some("Áo thun".into()),
                image: Some("https://img/a.jpg".into()),
                ..Default::default()
            }),
            variations_warehouses: vec![VariationWarehouse {
                warehouse_id: wh.into(),
                remain_quantity: 8,
                actual_remain_quantity: Some(10),
                waiting_quantity: Some(3),
                returning_quantity: Some(1),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_variation_maps_to_a_listing_and_its_stock_cells() {
        let known: HashSet<String> = ["w1".to_string()].into();
        let mut f = Snapshot::default();
        map_variation(
            &variation("v1", Some("AT-DEN-M"), "w1"),
            &known,
            &mut HashSet::new(),
            &mut f,
        );
        assert!(f.warnings.is_empty());
        let l = &f.listings[0];
        assert_eq!(l.name, "Áo thun - Đen / M");
        assert_eq!(l.sku.as_deref(), Some("AT-DEN-M"));
        assert_eq!(l.price_vnd, Some(199_000));
        assert_eq!(l.image_urls, vec!["https://img/a.jpg".to_string()]);
        let s = &f.stock[0];
        assert_eq!(
            (s.on_hand, s.available, s.incoming, s.returning),
            (Some(10), Some(8), Some(3), Some(1))
        );
    }

    #[test]
    fn missing_sku_and_unknown_warehouse_are_warnings_not_failures() {
        let known: HashSet<String> = ["w1".to_string()].into();
        let mut unknown = HashSet::new();
        let mut f = Snapshot::default();
        map_variation(&variation("v1", None, "w9"), &known, &mut unknown, &mut f);
        map_variation(
            &variation("v2", Some(" "), "w9"),
            &known,
            &mut unknown,
            &mut f,
        );
        assert_eq!(f.listings.len(), 2, "still stored (barcode can match)");
        assert_eq!(f.stock.len(), 2);
        // two missing SKUs, one unknown warehouse (reported once)
        assert_eq!(f.warnings.len(), 3, "{:?}", f.warnings);
        assert_eq!(f.warnings[0].item.as_deref(), Some("variation:v1"));
    }

    #[test]
    fn removed_variations_are_skipped_and_hidden_quantities_are_unknown() {
        let known: HashSet<String> = ["w1".to_string()].into();
        let mut f = Snapshot::default();
        let mut removed = variation("v1", Some("A"), "w1");
        removed.is_removed = Some(true);
        map_variation(&removed, &known, &mut HashSet::new(), &mut f);
        assert!(f.listings.is_empty());
        let mut hidden = variation("v2", Some("B"), "w1");
        hidden.variations_warehouses[0].not_permission_view_quantity = Some(true);
        map_variation(&hidden, &known, &mut HashSet::new(), &mut f);
        assert_eq!(f.stock[0].on_hand, None);
        assert_eq!(f.stock[0].available, None);
        assert_eq!(f.warnings.len(), 1);
    }
}
