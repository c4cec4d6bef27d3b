//! Nhanh.vn: depots, `product/list` and `product/inventory` (stock per depot). The two lists have their
//! own per-URL budgets, so they are walked concurrently. Incremental: both lists accept
//! `updatedAtFrom` (product changes / stock changes), and the result is upserted.

use std::collections::HashMap;

use crate::products::{InventoryFilter, InventoryItem, Product, ProductFilter};
use crate::{Client, PageRequest};
use shopdesk_core::ports::stock::{ListingInput, StockInput, WarehouseInput};

use futures::future::BoxFuture;
use shopdesk_core::ports::stock::{warn, Phase, PullError, PullRequest, Snapshot, Warning};
use shopdesk_core::ports::stock::{Incremental, LogCode, StockSource, VendorLimit};
use shopdesk_core::text::non_empty;
use shopdesk_core::Vendor;

/// Nhanh's `parentId` of a parent product (not sellable itself; its variants are).
const PARENT: i64 = -2;

async fn fetch(c: &Client, ctx: &PullRequest<'_>) -> Result<Snapshot, PullError> {
    let mut f = Snapshot {
        full: ctx.since.is_none(),
        ..Snapshot::default()
    };
    ctx.emit(Phase::Warehouses, 0, None);
    let mut depot_pages = 0u64;
    let depots = c
        .walk(
            "business/depot",
            &serde_json::json!({ "ids": [] }),
            PageRequest::new(100),
            None,
            |items: Vec<crate::business::Depot>| {
                depot_pages += 1;
                for d in items {
                    f.warehouses.push(WarehouseInput {
                        vendor_wh_id: d.id.to_string(),
                        name: non_empty(Some(&d.name)).unwrap_or_else(|| d.id.to_string()),
                        code: non_empty(Some(&d.code)),
                    });
                }
            },
        )
        .await;
    if let Err(e) = depots {
        return Err(PullError::new(e, f.warnings));
    }
    f.requests.insert("business/depot".into(), depot_pages);
    let n = f.warehouses.len() as u64;
    ctx.emit(Phase::Warehouses, n, Some(n));

    let since = ctx.since.map(|t| t.timestamp());
    let size = PageRequest::new(ctx.page_size);
    let product_filter = ProductFilter {
        updated_at_from: since,
        ..ProductFilter::default()
    };
    let inventory_filter = InventoryFilter {
        updated_at_from: since,
        ..InventoryFilter::default()
    };

    let mut products: Vec<Product> = Vec::new();
    let mut product_pages = 0u64;
    let mut items: Vec<InventoryItem> = Vec::new();
    let mut inventory_pages = 0u64;
    let (p_res, i_res) = futures::future::join(
        c.walk(
            "product/list",
            &product_filter,
            size.clone(),
            None,
            |page: Vec<Product>| {
                product_pages += 1;
                products.extend(page);
                ctx.emit(Phase::Catalog, products.len() as u64, None);
            },
        ),
        c.walk(
            "product/inventory",
            &inventory_filter,
            size,
            None,
            |page: Vec<InventoryItem>| {
                inventory_pages += 1;
                items.extend(page);
                ctx.emit(Phase::Stock, items.len() as u64, None);
            },
        ),
    )
    .await;
    if let Err(e) = p_res.and(i_res) {
        return Err(PullError::new(e, f.warnings));
    }
    f.requests.insert("product/list".into(), product_pages);
    f.requests
        .insert("product/inventory".into(), inventory_pages);

    assemble(&products, &items, ctx.known.clone(), &mut f);
    Ok(f)
}

/// Listings from the catalog (parents skipped), stock cells from the inventory rows; problems become
/// warnings.
fn assemble(
    products: &[Product],
    items: &[InventoryItem],
    known: HashMap<String, (String, String)>,
    f: &mut Snapshot,
) {
    // own id → (listing product id, variation id), from this run's catalog and (incremental) the store
    let mut ids = known;
    let mut parents: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for p in products {
        if p.id <= 0 {
            f.warnings.push(warn("product", LogCode::ItemNoId));
            continue;
        }
        if p.parent_id == PARENT {
            parents.insert(p.id);
            continue;
        }
        let key = if p.parent_id > 0 {
            (p.parent_id.to_string(), p.id.to_string())
        } else {
            (p.id.to_string(), String::new())
        };
        ids.insert(p.id.to_string(), key.clone());
        f.listings.push(listing(p, key, &mut f.warnings));
    }
    for it in items {
        let own = it.product_id.to_string();
        let Some((pid, vid)) = ids.get(&own) else {
            if !parents.contains(&it.product_id) {
                f.warnings
                    .push(warn(format!("product:{own}"), LogCode::StockUnknownItem));
            }
            continue;
        };
        for d in &it.inventory.depots {
            if d.id <= 0 {
                f.warnings
                    .push(warn(format!("product:{own}"), LogCode::StockNoWarehouse));
                continue;
            }
            f.stock.push(StockInput {
                vendor_product_id: pid.clone(),
                vendor_variation_id: vid.clone(),
                vendor_wh_id: d.id.to_string(),
                on_hand: Some(d.remain),
                available: Some(d.available),
                incoming: None,
                returning: None,
            });
        }
    }
}

fn listing(p: &Product, (pid, vid): (String, String), warnings: &mut Vec<Warning>) -> ListingInput {
    let sku = non_empty(Some(&p.code));
    if sku.is_none() {
        warnings.push(warn(format!("product:{}", p.id), LogCode::NoSku));
    }
    let mut images = Vec::new();
    if let Some(img) = &p.images {
        images.extend(non_empty(img.avatar.as_deref()));
        images.extend(img.others.iter().filter_map(|u| non_empty(Some(u))));
    }
    ListingInput {
        vendor_product_id: pid,
        vendor_variation_id: vid,
        name: non_empty(Some(&p.name))
            .or_else(|| sku.clone())
            .unwrap_or_else(|| p.id.to_string()),
        sku,
        barcode: non_empty(Some(&p.barcode)),
        price_vnd: (p.prices.retail > 0).then_some(p.prices.retail),
        image_urls: images,
        updated_at: p.updated_at,
    }
}

impl StockSource for Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn incremental(&self) -> Incremental {
        Incremental::Supported
    }

    fn pull<'a>(&'a self, req: &'a PullRequest<'a>) -> BoxFuture<'a, Result<Snapshot, PullError>> {
        Box::pin(fetch(self, req))
    }

    /// `inventory/archive`: the min/max set in Nhanh's screens, per depot, summed per product.
    fn stock_limits(&self) -> BoxFuture<'_, Result<Option<Vec<VendorLimit>>, vendor_http::Error>> {
        Box::pin(async move { Ok(Some(limits(&self.stock_limits(&[], &[]).await?))) })
    }
}

/// Nhanh's limit rows (one per product × depot) as one limit per product: the depots' figures added
/// up; a 0 (Nhanh's "not set") or a negative figure counts as unset; rows without a product id are
/// skipped.
fn limits(rows: &[crate::extras::StockLimit]) -> Vec<VendorLimit> {
    let mut by_item: std::collections::BTreeMap<i64, (Option<i64>, Option<i64>)> =
        std::collections::BTreeMap::new();
    let add = |acc: Option<i64>, v: i64| {
        if v > 0 {
            Some(acc.unwrap_or(0).saturating_add(v))
        } else {
            acc
        }
    };
    for r in rows.iter().filter(|r| r.product.id > 0) {
        let e = by_item.entry(r.product.id).or_default();
        e.0 = add(e.0, r.min_remain);
        e.1 = add(e.1, r.max_remain);
    }
    by_item
        .into_iter()
        .filter(|(_, (min, max))| min.is_some() || max.is_some())
        .map(|(id, (min, max))| VendorLimit {
            item_id: id.to_string(),
            min,
            max,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::{Inventory, Stock};

    fn product(id: i64, parent: i64, code: &str) -> Product {
        Product {
            id,
            parent_id: parent,
            code: code.into(),
            name: format!("SP {code}"),
            ..Default::default()
        }
    }

    fn item(id: i64, depot: i64, remain: i64) -> InventoryItem {
        InventoryItem {
            product_id: id,
            inventory: Inventory {
                depots: vec![Stock {
                    id: depot,
                    remain,
                    available: remain - 1,
                    ..Default::default()
                }],
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn limits_add_up_per_product_and_a_zero_is_unset() {
        use crate::extras::{StockLimit, StockLimitProduct};
        let row = |id: i64, min: i64, max: i64| StockLimit {
            product: StockLimitProduct {
                id,
                ..StockLimitProduct::default()
            },
            min_remain: min,
            max_remain: max,
            ..StockLimit::default()
        };
        let got = limits(&[
            row(7, 5, 200),
            row(7, 3, 0),
            row(8, 0, 0),
            row(0, 9, 9),
            row(9, 0, 40),
        ]);
        assert_eq!(
            got,
            vec![
                VendorLimit {
                    item_id: "7".into(),
                    min: Some(8),
                    max: Some(200)
                },
                VendorLimit {
                    item_id: "9".into(),
                    min: None,
                    max: Some(40)
                },
            ]
        );
    }

    #[test]
    fn parents_are_skipped_variants_keep_their_parent_and_unknown_stock_warns() {
        let products = vec![
            product(10, PARENT, "AT01"),
            product(11, 10, "AT01-M"),
            product(20, -1, "PK02"),
        ];
        let items = vec![
            item(11, 31010, 5),
            item(20, 31011, 3),
            item(10, 31010, 0),
            item(99, 31010, 1),
        ];
        let mut f = Snapshot::default();
        assemble(&products, &items, HashMap::new(), &mut f);
        let keys: Vec<_> = f
            .listings
            .iter()
            .map(|l| (l.vendor_product_id.as_str(), l.vendor_variation_id.as_str()))
            .collect();
        assert_eq!(keys, vec![("10", "11"), ("20", "")]);
        assert_eq!(f.stock.len(), 2);
        assert_eq!(
            (f.stock[0].on_hand, f.stock[0].available),
            (Some(5), Some(4))
        );
        assert_eq!(f.stock[0].vendor_wh_id, "31010");
        // the parent's row is silent, the unknown product warns
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.warnings[0].item.as_deref(), Some("product:99"));
    }

    #[test]
    fn incremental_stock_finds_listings_stored_earlier() {
        let known: HashMap<String, (String, String)> =
            [("11".to_string(), ("10".to_string(), "11".to_string()))].into();
        let mut f = Snapshot::default();
        assemble(&[], &[item(11, 31010, 7)], known, &mut f);
        assert!(f.warnings.is_empty());
        assert_eq!(f.stock[0].vendor_variation_id, "11");
        assert_eq!(f.stock[0].on_hand, Some(7));
    }
}
