//! What a stock push of one POS account stands on: that account's stock cells with their cached sellable
//! figure, and for each cell's group the warehouse's (Onflow's) available figure per warehouse.
//!
//! Only groups that hold at least one Onflow listing are returned: a group the warehouse does not stock
//! has no physical figure to push.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::model::{Vendor, Warehouse};
use crate::{Result, Store};

/// One stock cell of the POS account, with its group's physical figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushCell {
    pub group_key: String,
    pub sku: Option<String>,
    pub name: String,
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
    pub vendor_wh_id: String,
    /// The POS account's sellable figure in the cache (`available`).
    pub current: Option<i64>,
    /// Per Onflow warehouse (local id): the group's available figure there (`None`: not reported).
    pub physical_by_wh: Vec<(i64, Option<i64>)>,
}

/// Everything a push plan of one POS account reads from the cache.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PushSource {
    pub pos_warehouses: Vec<Warehouse>,
    pub onflow_warehouses: Vec<Warehouse>,
    pub cells: Vec<PushCell>,
    /// The end of the oldest last successful stock sync among the Onflow accounts (`None`: an Onflow
    /// account never synced, or there is none).
    pub physical_as_of: Option<DateTime<Utc>>,
    /// Groups that hold a listing of this account (the breaker's denominator).
    pub groups: usize,
}

impl Store {
    /// The cells and physical figures of a push to `account_id` (a Pancake or Nhanh account).
    pub fn push_source(&self, account_id: &str) -> Result<PushSource> {
        let warehouses = self.warehouses()?;
        let pos_warehouses: Vec<Warehouse> = warehouses
            .iter()
            .filter(|w| w.account_id == account_id)
            .cloned()
            .collect();
        let onflow_warehouses: Vec<Warehouse> = warehouses
            .iter()
            .filter(|w| w.vendor == Vendor::Onflow)
            .cloned()
            .collect();

        // Physical figures per group: the materialised group cells of Onflow warehouses.
        let mut physical: HashMap<String, Vec<(i64, Option<i64>)>> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT g.key, gc.warehouse_id, gc.available
                 FROM group_cells gc
                 JOIN groups g ON g.id = gc.group_id
                 JOIN warehouses w ON w.id = gc.warehouse_id
                 JOIN accounts a ON a.id = w.account_id
                 WHERE a.vendor = 'onflow'
                 ORDER BY g.key, gc.warehouse_id",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })?;
            for row in rows {
                let (key, wh, available) = row?;
                physical.entry(key).or_default().push((wh, available));
            }
        }

        let mut cells = Vec::new();
        let mut groups = std::collections::HashSet::new();
        {
            let mut st = self.conn.prepare_cached(
                "SELECT l.group_key, l.sku, l.name, l.vendor_product_id, l.vendor_variation_id,
                        w.vendor_wh_id, s.available
                 FROM listings l
                 JOIN stock s ON s.listing_id = l.id
                 JOIN warehouses w ON w.id = s.warehouse_id
                 WHERE l.account_id = ?1
                 ORDER BY l.name, l.id, w.name, w.id",
            )?;
            let rows = st.query_map(params![account_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ))
            })?;
            for row in rows {
                let (group_key, sku, name, product, variation, wh, current) = row?;
                groups.insert(group_key.clone());
                let Some(by_wh) = physical.get(&group_key) else {
                    continue;
                };
                cells.push(PushCell {
                    group_key,
                    sku,
                    name,
                    vendor_product_id: product,
                    vendor_variation_id: variation,
                    vendor_wh_id: wh,
                    current,
                    physical_by_wh: by_wh.clone(),
                });
            }
        }

        Ok(PushSource {
            pos_warehouses,
            onflow_warehouses,
            cells,
            physical_as_of: self.physical_as_of()?,
            groups: groups.len(),
        })
    }

    /// The oldest "last successful stock sync" over the Onflow accounts.
    fn physical_as_of(&self) -> Result<Option<DateTime<Utc>>> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, (SELECT MAX(r.finished_at) FROM sync_runs r
                           WHERE r.account_id = a.id AND r.status IN ('ok', 'partial'))
             FROM accounts a WHERE a.vendor = 'onflow'",
        )?;
        let rows = st.query_map([], |r| r.get::<_, Option<String>>(1))?;
        let mut oldest: Option<DateTime<Utc>> = None;
        let mut any = false;
        for row in rows {
            any = true;
            let Some(text) = row? else { return Ok(None) };
            let Ok(at) = DateTime::parse_from_rfc3339(&text) else {
                return Ok(None);
            };
            let at = at.with_timezone(&Utc);
            oldest = Some(oldest.map_or(at, |o| o.min(at)));
        }
        Ok(if any { oldest } else { None })
    }
}
