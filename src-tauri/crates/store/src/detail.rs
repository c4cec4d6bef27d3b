//! One stock grid row opened: the product group's listings per vendor account (with their images, prices
//! and every stock figure the vendor reported, per warehouse) and its stock history (`stock_history`,
//! appended by the group refresh when a figure moves).

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::model::Vendor;
use crate::{parse_time, Result, Store};

/// How many days of stock history are kept.
pub const HISTORY_DAYS: i64 = 90;
/// The most history rows one detail answers (newest first).
pub const HISTORY_SHOWN: usize = 50;

/// One warehouse's figures of one listing, as the vendor reported them (`None`: not reported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DetailCell {
    pub warehouse: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub on_hand: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub available: Option<i64>,
    /// Pancake: goods on their way in.
    #[specta(type = Option<specta_typescript::Number>)]
    pub incoming: Option<i64>,
    /// Pancake: goods on their way back.
    #[specta(type = Option<specta_typescript::Number>)]
    pub returning: Option<i64>,
}

/// One vendor listing of the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DetailListing {
    pub account_id: String,
    pub account_label: String,
    pub vendor: Vendor,
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub price_vnd: Option<i64>,
    pub image_urls: Vec<String>,
    #[specta(type = Option<String>)]
    pub updated_at: Option<DateTime<Utc>>,
    pub cells: Vec<DetailCell>,
}

/// One recorded move of the group's figures: physical stock, and Pancake's and Nhanh's sellable figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StockChange {
    #[specta(type = String)]
    pub at: DateTime<Utc>,
    #[specta(type = specta_typescript::Number)]
    pub physical_before: i64,
    #[specta(type = specta_typescript::Number)]
    pub physical_after: i64,
    #[specta(type = specta_typescript::Number)]
    pub pancake_before: i64,
    #[specta(type = specta_typescript::Number)]
    pub pancake_after: i64,
    #[specta(type = specta_typescript::Number)]
    pub nhanh_before: i64,
    #[specta(type = specta_typescript::Number)]
    pub nhanh_after: i64,
}

/// A stock grid row's detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupDetail {
    pub group_key: String,
    pub name: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    /// Physical stock, counted once (as the grid's total).
    #[specta(type = specta_typescript::Number)]
    pub physical: i64,
    /// Pancake before Nhanh before Onflow, then by account and id.
    pub listings: Vec<DetailListing>,
    /// Newest first, at most [`HISTORY_SHOWN`].
    pub history: Vec<StockChange>,
}

impl Store {
    /// The detail of the grid row `group_key`; `None` when no such group exists (any more).
    pub fn group_detail(&self, group_key: &str) -> Result<Option<GroupDetail>> {
        let head = self
            .conn
            .prepare_cached("SELECT name, sku, barcode, total_on_hand FROM groups WHERE key = ?1")?
            .query_row([group_key], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((name, sku, barcode, physical)) = head else {
            return Ok(None);
        };
        let mut listings: Vec<(i64, DetailListing)> = Vec::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT l.id, l.account_id, a.label, a.vendor, l.vendor_product_id, l.vendor_variation_id,
                        l.sku, l.barcode, l.name, l.price_vnd, l.image_urls, l.updated_at
                 FROM listings l JOIN accounts a ON a.id = l.account_id
                 WHERE l.group_key = ?1",
            )?;
            let mut q = st.query([group_key])?;
            while let Some(r) = q.next()? {
                let vendor: String = r.get(3)?;
                let images: String = r.get(10)?;
                let updated: Option<String> = r.get(11)?;
                listings.push((
                    r.get(0)?,
                    DetailListing {
                        account_id: r.get(1)?,
                        account_label: r.get(2)?,
                        vendor: Vendor::parse(&vendor).unwrap_or(Vendor::Pancake),
                        vendor_product_id: r.get(4)?,
                        vendor_variation_id: r.get(5)?,
                        sku: r.get(6)?,
                        barcode: r.get(7)?,
                        name: r.get(8)?,
                        price_vnd: r.get(9)?,
                        // stored by the sync as a JSON list; a damaged value shows no images
                        image_urls: serde_json::from_str(&images).unwrap_or_default(),
                        updated_at: updated.as_deref().and_then(parse_time),
                        cells: Vec::new(),
                    },
                ));
            }
        }
        {
            let mut st = self.conn.prepare_cached(
                "SELECT w.name, s.on_hand, s.available, s.incoming, s.returning_qty
                 FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
                 WHERE s.listing_id = ?1 ORDER BY w.name, w.id",
            )?;
            for (id, l) in &mut listings {
                let mut q = st.query([*id])?;
                while let Some(r) = q.next()? {
                    l.cells.push(DetailCell {
                        warehouse: r.get(0)?,
                        on_hand: r.get(1)?,
                        available: r.get(2)?,
                        incoming: r.get(3)?,
                        returning: r.get(4)?,
                    });
                }
            }
        }
        listings.sort_by(|(a_id, a), (b_id, b)| {
            (crate::group::vendor_rank(a.vendor), &a.account_label, a_id).cmp(&(
                crate::group::vendor_rank(b.vendor),
                &b.account_label,
                b_id,
            ))
        });
        let mut history = Vec::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT at, physical_before, physical_after, pancake_before, pancake_after,
                        nhanh_before, nhanh_after
                 FROM stock_history WHERE group_key = ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let mut q = st.query(params![group_key, HISTORY_SHOWN as i64])?;
            while let Some(r) = q.next()? {
                let at: String = r.get(0)?;
                let Some(at) = parse_time(&at) else { continue };
                history.push(StockChange {
                    at,
                    physical_before: r.get(1)?,
                    physical_after: r.get(2)?,
                    pancake_before: r.get(3)?,
                    pancake_after: r.get(4)?,
                    nhanh_before: r.get(5)?,
                    nhanh_after: r.get(6)?,
                });
            }
        }
        Ok(Some(GroupDetail {
            group_key: group_key.to_string(),
            name,
            sku,
            barcode,
            physical,
            listings: listings.into_iter().map(|(_, l)| l).collect(),
            history,
        }))
    }
}
