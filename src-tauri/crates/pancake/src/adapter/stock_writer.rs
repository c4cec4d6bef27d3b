//! Pancake POS: the `shopdesk_core::ports::stock_writer` port on [`PancakeClient`].
//!
//! - **Write** (`POST /variations/update_quantity`, digest §3.7.5): one request per batch, each row
//!   `{variation_id, warehouse_id, remain_quantity}` with the **absolute** target, and
//!   `is_actual_remain_quantity: false` always sent (§3.7.4: false sets the sellable quantity; the
//!   default is undocumented). The sellable quantity is the per-warehouse `remain_quantity` of the
//!   variation list (§3.7.3), the figure the stock source stores as `available` — a push followed by a
//!   sync shows the target.
//! - **Read**: `GET /products/variations` filtered by `variation_ids[]` (§3.7.3, [oas]), the
//!   per-warehouse `remain_quantity`.
//! - **Lookup**: an absolute write keeps no note at Pancake (the `variations_warehouses` webhook of §3.23
//!   and the inventory history of §3.16 carry no free text of ours), so [`StockWriter::find`] answers
//!   `NotFound` and [`StockWriter::recent_markers`] nothing: resending the same absolute target after a
//!   re-read is harmless.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock_writer::{
    SeenMarker, StockBatch, StockCell, StockWriteReceipt, StockWriter, WriteKind, WriteLimits,
};
use shopdesk_core::Vendor;
use vendor_http::Result;

use crate::{PancakeClient, StockKind, StockSet, VariationQuery};

/// Rows per `variations/update_quantity` request. Pancake documents no batch limit (§3.7.5: "No
/// batch-size limit is documented"), so this is our own conservative cap: one request stays small
/// (≈100 rows of JSON) and a refusal or timeout puts few rows in doubt. Raise it here, nowhere else.
pub const MAX_WRITE_BATCH: usize = 100;

/// Variations per read. The largest `page_size` shown in Pancake's documentation is 100 (§6 Gaps:
/// "100 is documented in an example"), and one page of the filtered list answers a whole read.
pub const MAX_READ: usize = 100;

/// The sellable figure (`remain_quantity`, §3.7.3) of `warehouse_id` on a listed variation, `None` when
/// the variation has no row for that warehouse or the key may not see its quantities
/// (`not_permission_view_quantity`, §3.7.3: "quantities hidden/zeroed").
fn sellable(v: &crate::Variation, warehouse_id: &str) -> Option<i64> {
    if v.is_removed == Some(true) {
        return None;
    }
    v.variations_warehouses
        .iter()
        .find(|w| w.warehouse_id == warehouse_id)
        .filter(|w| w.not_permission_view_quantity != Some(true))
        .map(|w| w.remain_quantity)
}

async fn read(c: &PancakeClient, cells: &[StockCell]) -> Result<Vec<Option<i64>>> {
    let mut wanted: Vec<String> = cells
        .iter()
        .map(|c| c.vendor_variation_id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect();
    wanted.sort();
    wanted.dedup();
    let mut found: HashMap<String, crate::Variation> = HashMap::new();
    for ids in wanted.chunks(MAX_READ) {
        let size = MAX_READ as u32;
        let mut query = VariationQuery {
            variation_ids: ids.to_vec(),
            page_size: Some(size),
            ..VariationQuery::default()
        };
        // One page answers a filtered read; the walk only continues if the vendor ignored the filter
        // (then the rows are matched here, within the client's page cap).
        for page in 1u32.. {
            if page > c.max_pages() {
                return Err(vendor_http::Error::too_many_pages(
                    "products/variations",
                    c.max_pages(),
                ));
            }
            query.page_number = Some(page);
            let p = c.list_variations(&query).await?;
            let more = p.has_more(size) && !p.data.is_empty();
            for v in p.data {
                if ids.contains(&v.id) {
                    found.insert(v.id.clone(), v);
                }
            }
            if !more || ids.iter().all(|id| found.contains_key(id)) {
                break;
            }
        }
    }
    Ok(cells
        .iter()
        .map(|cell| {
            found
                .get(cell.vendor_variation_id.trim())
                .and_then(|v| sellable(v, &cell.vendor_wh_id))
        })
        .collect())
}

/// The rows of one batch: every change whose target differs from the figure read before it.
fn rows(batch: &StockBatch) -> Vec<StockSet> {
    batch
        .changes
        .iter()
        .filter(|c| c.to != c.from)
        .map(|c| StockSet {
            variation_id: Some(c.cell.vendor_variation_id.clone()),
            warehouse_id: c.cell.vendor_wh_id.clone(),
            remain_quantity: c.to,
        })
        .collect()
}

impl StockWriter for PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    /// §3.7.4: "The value is an absolute quantity, not a delta".
    fn kind(&self) -> WriteKind {
        WriteKind::Absolute
    }

    fn limits(&self) -> WriteLimits {
        WriteLimits {
            max_batch: MAX_WRITE_BATCH,
            max_read: MAX_READ,
        }
    }

    fn read<'a>(&'a self, cells: &'a [StockCell]) -> BoxFuture<'a, Result<Vec<Option<i64>>>> {
        Box::pin(read(self, cells))
    }

    /// One `variations/update_quantity` request for the whole batch (§3.7.5), sellable quantity
    /// (`is_actual_remain_quantity: false`, §3.7.4). Pancake answers `{"success": true}` and no ids.
    fn write<'a>(&'a self, batch: &'a StockBatch) -> BoxFuture<'a, Result<StockWriteReceipt>> {
        Box::pin(async move {
            let rows = rows(batch);
            if rows.is_empty() {
                return Ok(StockWriteReceipt::default());
            }
            if rows.len() > MAX_WRITE_BATCH {
                return Err(vendor_http::Error::Internal {
                    message: format!(
                        "Pancake stock batch of {} rows exceeds {MAX_WRITE_BATCH}",
                        rows.len()
                    ),
                });
            }
            if let Some(bad) = rows.iter().find(|r| {
                r.warehouse_id.trim().is_empty()
                    || r.variation_id
                        .as_deref()
                        .is_none_or(|v| v.trim().is_empty())
            }) {
                return Err(vendor_http::Error::Internal {
                    message: format!("Pancake stock row without a variation or warehouse: {bad:?}"),
                });
            }
            self.update_stock(StockKind::Sellable, &rows).await?;
            Ok(StockWriteReceipt::default())
        })
    }

    fn find<'a>(
        &'a self,
        _marker: &'a str,
        _since: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async { Ok(Lookup::NotFound) })
    }

    fn recent_markers(&self, _since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<SeenMarker>>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::VariationWarehouse;
    use shopdesk_core::ports::stock_writer::StockChange;

    fn change(v: &str, from: i64, to: i64) -> StockChange {
        StockChange {
            cell: StockCell {
                vendor_product_id: "p".into(),
                vendor_variation_id: v.into(),
                vendor_wh_id: "w1".into(),
            },
            from,
            to,
        }
    }

    #[test]
    fn unchanged_targets_are_not_sent_and_rows_carry_the_absolute_target() {
        let batch = StockBatch {
            marker: "ShopDesk#a:1:1".into(),
            changes: vec![change("v1", 5, 5), change("v2", 5, 2)],
        };
        let r = rows(&batch);
        assert_eq!(
            r,
            vec![StockSet {
                variation_id: Some("v2".into()),
                warehouse_id: "w1".into(),
                remain_quantity: 2,
            }]
        );
    }

    #[test]
    fn the_sellable_figure_is_the_warehouse_remain_quantity_unless_hidden() {
        let mut v = crate::Variation {
            id: "v1".into(),
            variations_warehouses: vec![VariationWarehouse {
                warehouse_id: "w1".into(),
                remain_quantity: 7,
                actual_remain_quantity: Some(9),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(sellable(&v, "w1"), Some(7));
        assert_eq!(sellable(&v, "w2"), None);
        v.variations_warehouses[0].not_permission_view_quantity = Some(true);
        assert_eq!(sellable(&v, "w1"), None);
    }
}
