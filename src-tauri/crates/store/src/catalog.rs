//! The order form's item picker: one account's listings by SKU, barcode or name, with that account's
//! stock per warehouse.

use rusqlite::params;
use serde::Serialize;
use shopdesk_core::Money;

use crate::text::fold;
use crate::{Result, Store};

/// Stock of one listing in one warehouse of its account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogStock {
    pub vendor_wh_id: String,
    pub warehouse_name: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub available: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub on_hand: Option<i64>,
}

/// One sellable listing of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogItem {
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    /// The listing's selling price (whole đồng), when the vendor gives one.
    pub price_vnd: Option<Money>,
    pub stock: Vec<CatalogStock>,
}

impl CatalogItem {
    /// What can be sold from one warehouse (`available`, else `on_hand`); `None` = not reported.
    pub fn sellable_in(&self, vendor_wh_id: &str) -> Option<i64> {
        self.stock
            .iter()
            .find(|s| s.vendor_wh_id == vendor_wh_id)
            .and_then(|s| s.available.or(s.on_hand))
    }
}

impl Store {
    /// Listings of `account_id` whose SKU or barcode equals `query` (case-insensitive) first, then
    /// those whose name/SKU/barcode contains every word of it (diacritics-insensitive). Empty query:
    /// the first `limit` listings by name.
    pub fn catalog_search(
        &self,
        account_id: &str,
        query: &str,
        limit: usize,
    ) -> Result<Vec<CatalogItem>> {
        let folded = fold(query);
        let exact = query.trim().to_uppercase();
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut st = self.conn.prepare_cached(
            "SELECT id, vendor_product_id, vendor_variation_id, sku, barcode, name, price_vnd,
                    search_folded
             FROM listings WHERE account_id = ?1",
        )?;
        let mut rows = st.query(params![account_id])?;
        // rank: 0 exact SKU/barcode, 1 SKU prefix, 2 every word starts a word, 3 every word inside
        let mut hits: Vec<(u8, i64, CatalogItem)> = Vec::new();
        while let Some(r) = rows.next()? {
            let searchable: String = r.get(7)?;
            let sku: Option<String> = r.get(3)?;
            let barcode: Option<String> = r.get(4)?;
            let sku_up = sku.as_deref().map(|s| s.trim().to_uppercase());
            let rank = if exact.is_empty() {
                3
            } else if sku_up.as_deref() == Some(exact.as_str())
                || barcode.as_deref().map(str::trim) == Some(exact.as_str())
            {
                0
            } else if sku_up.as_deref().is_some_and(|s| s.starts_with(&exact)) {
                1
            } else if words
                .iter()
                .all(|w| searchable.starts_with(w) || searchable.contains(&format!(" {w}")))
            {
                2
            } else if words.iter().all(|w| searchable.contains(w)) {
                3
            } else {
                continue;
            };
            hits.push((
                rank,
                r.get(0)?,
                CatalogItem {
                    vendor_product_id: r.get(1)?,
                    vendor_variation_id: r.get(2)?,
                    sku,
                    barcode,
                    name: r.get(5)?,
                    price_vnd: r.get::<_, Option<i64>>(6)?.map(Money::vnd),
                    stock: Vec::new(),
                },
            ));
        }
        hits.sort_by(|a, b| (a.0, &a.2.sku, &a.2.name).cmp(&(b.0, &b.2.sku, &b.2.name)));
        hits.truncate(limit);
        let mut stock = self.conn.prepare_cached(
            "SELECT w.vendor_wh_id, w.name, s.available, s.on_hand
             FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
             WHERE s.listing_id = ?1 ORDER BY w.name, w.id",
        )?;
        for (_, id, item) in &mut hits {
            let rows = stock.query_map(params![*id], |r| {
                Ok(CatalogStock {
                    vendor_wh_id: r.get(0)?,
                    warehouse_name: r.get(1)?,
                    available: r.get(2)?,
                    on_hand: r.get(3)?,
                })
            })?;
            for s in rows {
                item.stock.push(s?);
            }
        }
        Ok(hits.into_iter().map(|(_, _, i)| i).collect())
    }

    /// The listing of `account_id` with exactly this SKU (case-insensitive), for the bulk import.
    pub fn catalog_by_sku(&self, account_id: &str, sku: &str) -> Result<Option<CatalogItem>> {
        let wanted = sku.trim().to_uppercase();
        if wanted.is_empty() {
            return Ok(None);
        }
        Ok(self
            .catalog_search(account_id, sku, 50)?
            .into_iter()
            .find(|i| i.sku.as_deref().map(|s| s.trim().to_uppercase()) == Some(wanted.clone())))
    }
}

/// One listing as its detail view shows it (with its image URLs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListingView {
    pub listing: crate::ListingRef,
    pub vendor: crate::Vendor,
    pub name: String,
    pub sku: Option<String>,
    pub images: Vec<String>,
}

impl Store {
    /// One listing with its images, `None` when it is not (or no longer) cached.
    pub fn listing_view(&self, r: &crate::ListingRef) -> Result<Option<ListingView>> {
        use rusqlite::OptionalExtension;
        let row = self
            .conn
            .query_row(
                "SELECT a.vendor, l.name, l.sku, l.image_urls
                 FROM listings l JOIN accounts a ON a.id = l.account_id
                 WHERE l.account_id = ?1 AND l.vendor_product_id = ?2 AND l.vendor_variation_id = ?3",
                params![r.account_id, r.vendor_product_id, r.vendor_variation_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.and_then(|(vendor, name, sku, images)| {
            Some(ListingView {
                listing: r.clone(),
                vendor: crate::Vendor::parse(&vendor)?,
                name,
                sku,
                images: serde_json::from_str(&images).unwrap_or_default(),
            })
        }))
    }

    /// Record the images the vendor now reports for a listing (after ShopDesk added one), until the next
    /// sync refreshes the whole row.
    pub fn set_listing_images(&mut self, r: &crate::ListingRef, urls: &[String]) -> Result<()> {
        let json = serde_json::to_string(urls).map_err(|e| crate::Error::Invalid(e.to_string()))?;
        let n = self.conn.execute(
            "UPDATE listings SET image_urls = ?4
             WHERE account_id = ?1 AND vendor_product_id = ?2 AND vendor_variation_id = ?3",
            params![
                r.account_id,
                r.vendor_product_id,
                r.vendor_variation_id,
                json
            ],
        )?;
        if n == 0 {
            return Err(crate::Error::NotFound(format!(
                "listing {}/{}",
                r.vendor_product_id, r.vendor_variation_id
            )));
        }
        Ok(())
    }
}
