//! Onflow: warehouses, the product list (one OASIN per SKU) and the stock list (one row per OASIN and
//! warehouse). The API has no updated-since filter or cursor (stock changes are only pushed by the
//! "Updated Stock" webhook, which a desktop cannot receive), so every run reads the whole stock list; an
//! incremental run skips the product list when every OASIN of the stock list is stored already (the
//! cheapest the documented calls allow) and upserts.

use std::collections::{HashMap, HashSet};

use crate::{OnflowClient, Product, ProductQuery, StockQuery, StockRow};
use shopdesk_core::ports::stock::{ListingInput, StockInput, WarehouseInput};

use futures::future::BoxFuture;
use shopdesk_core::ports::stock::{warn, Phase, PullError, PullRequest, Snapshot, Warning};
use shopdesk_core::ports::stock::{Incremental, LogCode, StockSource};
use shopdesk_core::text::non_empty;
use shopdesk_core::Vendor;

async fn fetch(c: &OnflowClient, ctx: &PullRequest<'_>) -> Result<Snapshot, PullError> {
    let incremental = ctx.since.is_some() && !ctx.known.is_empty();
    let mut f = Snapshot {
        full: !incremental,
        ..Snapshot::default()
    };
    ctx.emit(Phase::Warehouses, 0, None);
    let warehouses = match c.warehouses().await {
        Ok(w) => w,
        Err(e) => return Err(PullError::new(e, f.warnings)),
    };
    *f.requests.entry("warehouses".into()).or_default() += 1;
    for w in &warehouses {
        if w.warehouse_code.is_empty() {
            f.warnings.push(warn("warehouse", LogCode::WarehouseNoId));
            continue;
        }
        f.warehouses.push(WarehouseInput {
            vendor_wh_id: w.warehouse_code.clone(),
            name: non_empty(Some(&w.name)).unwrap_or_else(|| w.warehouse_code.clone()),
            code: Some(w.warehouse_code.clone()),
        });
    }
    let n = f.warehouses.len() as u64;
    ctx.emit(Phase::Warehouses, n, Some(n));

    let mut pages = 0u64;
    let rows = c
        .list_all_stock_with_progress(&StockQuery::default(), |done, total| {
            pages += 1;
            ctx.emit(Phase::Stock, done as u64, total);
        })
        .await;
    let rows = match rows {
        Ok(r) => r,
        Err(e) => return Err(PullError::new(e, f.warnings)),
    };
    f.requests.insert("products/stock".into(), pages);

    // the product list: always for a full refresh; for an incremental run only when the stock list
    // names an OASIN not stored yet (a new product)
    let products = if !incremental || rows.iter().any(|r| !ctx.known.contains_key(&r.oasin)) {
        let mut pages = 0u64;
        let products = c
            .list_all_products_with_progress(&ProductQuery::default(), |done, total| {
                pages += 1;
                ctx.emit(Phase::Catalog, done as u64, total);
            })
            .await;
        let products = match products {
            Ok(p) => p,
            Err(e) => return Err(PullError::new(e, f.warnings)),
        };
        f.requests.insert("products".into(), pages);
        products
    } else {
        Vec::new()
    };
    let known = if incremental {
        ctx.known.keys().map(String::as_str).collect()
    } else {
        HashSet::new()
    };
    assemble(&products, &rows, &known, &mut f);
    Ok(f)
}

/// Listings from the products, stock cells from the stock rows; problems become warnings.
/// `known`: OASINs stored by earlier runs (incremental runs without the product list).
fn assemble(products: &[Product], rows: &[StockRow], known: &HashSet<&str>, f: &mut Snapshot) {
    let mut by_oasin: HashMap<&str, usize> = HashMap::with_capacity(products.len());
    for p in products {
        if p.oasin.is_empty() {
            f.warnings
                .push(warn(format!("sku:{}", p.sku), LogCode::NoOasin));
            continue;
        }
        if by_oasin.insert(&p.oasin, f.listings.len()).is_some() {
            continue;
        }
        f.listings.push(listing(p, &mut f.warnings));
    }
    for r in rows {
        if !by_oasin.contains_key(r.oasin.as_str()) && !known.contains(r.oasin.as_str()) {
            f.warnings.push(warn(
                format!("oasin:{}", r.oasin),
                LogCode::StockUnknownItem,
            ));
            continue;
        }
        if r.warehouse_code.is_empty() {
            f.warnings.push(warn(
                format!("oasin:{}", r.oasin),
                LogCode::StockNoWarehouse,
            ));
            continue;
        }
        f.stock.push(StockInput {
            vendor_product_id: r.oasin.clone(),
            vendor_variation_id: String::new(),
            vendor_wh_id: r.warehouse_code.clone(),
            on_hand: Some(r.on_hand_quantity),
            available: Some(r.available_quantity),
            incoming: None,
            returning: None,
        });
    }
}

fn listing(p: &Product, warnings: &mut Vec<Warning>) -> ListingInput {
    let sku = non_empty(Some(&p.sku));
    if sku.is_none() {
        warnings.push(warn(format!("oasin:{}", p.oasin), LogCode::NoSku));
    }
    let images = [&p.product_image_url_main, &p.product_image_url_secondary]
        .into_iter()
        .filter_map(|u| non_empty(u.as_deref()))
        .collect();
    ListingInput {
        vendor_product_id: p.oasin.clone(),
        vendor_variation_id: String::new(),
        name: non_empty(Some(&p.name))
            .or_else(|| sku.clone())
            .unwrap_or_else(|| p.oasin.clone()),
        sku,
        barcode: p.barcodes.iter().find_map(|b| non_empty(Some(b))),
        price_vnd: p.price,
        image_urls: images,
        updated_at: p.updated_time,
    }
}

impl StockSource for OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
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

    #[test]
    fn stock_of_an_unknown_oasin_is_a_warning_and_is_skipped() {
        let products = vec![
            Product {
                oasin: "OA1".into(),
                sku: "AT-1".into(),
                name: "Áo".into(),
                price: Some(150_000),
                barcodes: vec!["".into(), "8930000000017".into()],
                product_image_url_main: Some("https://img/1.jpg".into()),
                ..Default::default()
            },
            Product {
                oasin: "OA2".into(),
                name: "Không mã".into(),
                ..Default::default()
            },
        ];
        let rows = vec![
            StockRow {
                oasin: "OA1".into(),
                warehouse_code: "HN".into(),
                on_hand_quantity: 10,
                available_quantity: 7,
                ..Default::default()
            },
            StockRow {
                oasin: "OA9".into(),
                warehouse_code: "HN".into(),
                on_hand_quantity: 4,
                ..Default::default()
            },
        ];
        let mut f = Snapshot::default();
        assemble(&products, &rows, &HashSet::new(), &mut f);
        assert_eq!(f.listings.len(), 2);
        assert_eq!(f.listings[0].barcode.as_deref(), Some("8930000000017"));
        assert_eq!(f.listings[0].image_urls.len(), 1);
        assert_eq!(f.stock.len(), 1);
        assert_eq!(
            (f.stock[0].on_hand, f.stock[0].available),
            (Some(10), Some(7))
        );
        let items: Vec<_> = f.warnings.iter().filter_map(|w| w.item.clone()).collect();
        assert_eq!(
            items,
            vec!["oasin:OA2".to_string(), "oasin:OA9".to_string()]
        );
    }

    #[test]
    fn an_incremental_run_places_the_stock_of_stored_oasins_without_the_product_list() {
        let rows = vec![StockRow {
            oasin: "OA1".into(),
            warehouse_code: "HN".into(),
            on_hand_quantity: 12,
            available_quantity: 9,
            ..Default::default()
        }];
        let mut f = Snapshot::default();
        assemble(&[], &rows, &HashSet::from(["OA1"]), &mut f);
        assert!(f.listings.is_empty());
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.stock[0].vendor_product_id, "OA1");
        assert_eq!(f.stock[0].on_hand, Some(12));
    }
}
