//! What a stock push of one POS account stands on: that account's stock cells with their cached sellable
//! figure, and for each cell's group the warehouse's (Onflow's) available figure per warehouse.
//!
//! Only groups that hold at least one Onflow listing are returned: a group the warehouse does not stock
//! has no physical figure to push.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use crate::model::{Vendor, Warehouse};
use crate::{group, now_text, parse_time, Result, Store};

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

/// Above this many re-flagged groups a push check refreshes every group in one pass instead.
const SCOPED_REFRESH_MAX: usize = 5_000;

/// What a push would set one of the POS account's listings to in one of its warehouses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTarget {
    pub group_key: String,
    pub vendor_wh_id: String,
    pub target: i64,
}

impl Store {
    /// Records the push check of `account_id`: the target of every listing a push would set (the
    /// account's previous targets are replaced; rows the push skips have none). From now on the mismatch
    /// rule compares the account's cells with these targets; the groups whose targets changed are
    /// re-flagged here. Returns how many of them there were.
    pub fn set_push_targets(&mut self, account_id: &str, targets: &[PushTarget]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let first = tx
            .query_row(
                "SELECT 1 FROM push_checks WHERE account_id = ?1",
                [account_id],
                |_| Ok(()),
            )
            .optional()?
            .is_none();
        let mut old: HashMap<(String, i64), i64> = HashMap::new();
        {
            let mut st = tx.prepare_cached(
                "SELECT group_key, warehouse_id, target FROM push_targets WHERE account_id = ?1",
            )?;
            let rows = st.query_map([account_id], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
            for row in rows {
                let (k, v) = row?;
                old.insert(k, v);
            }
        }
        let mut wh: HashMap<String, i64> = HashMap::new();
        {
            let mut st =
                tx.prepare_cached("SELECT vendor_wh_id, id FROM warehouses WHERE account_id = ?1")?;
            let rows = st.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (k, v) = row?;
                wh.insert(k, v);
            }
        }
        // several listings of one group in one warehouse add up, like their stock
        let mut new: HashMap<(String, i64), i64> = HashMap::new();
        for t in targets {
            if let Some(&wid) = wh.get(&t.vendor_wh_id) {
                let v = new.entry((t.group_key.clone(), wid)).or_insert(0);
                *v = v.saturating_add(t.target);
            }
        }
        let mut scope: HashSet<String> = HashSet::new();
        if first {
            // every group of the account leaves the physical comparison
            let mut st =
                tx.prepare_cached("SELECT DISTINCT group_key FROM listings WHERE account_id = ?1")?;
            let rows = st.query_map([account_id], |r| r.get::<_, String>(0))?;
            for row in rows {
                scope.insert(row?);
            }
        }
        for (k, v) in &old {
            if new.get(k) != Some(v) {
                scope.insert(k.0.clone());
            }
        }
        for (k, v) in &new {
            if old.get(k) != Some(v) {
                scope.insert(k.0.clone());
            }
        }
        tx.execute(
            "DELETE FROM push_targets WHERE account_id = ?1",
            [account_id],
        )?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO push_targets (group_key, warehouse_id, account_id, target)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for ((key, wid), target) in &new {
                st.execute(params![key, wid, account_id, target])?;
            }
        }
        tx.execute(
            "INSERT INTO push_checks (account_id, checked_at) VALUES (?1, ?2)
             ON CONFLICT (account_id) DO UPDATE SET checked_at = excluded.checked_at",
            params![account_id, now_text()],
        )?;
        if scope.len() > SCOPED_REFRESH_MAX {
            // one pass over everything is cheaper than a lookup per group (a first check of a large shop)
            group::refresh(&tx)?;
        } else if !scope.is_empty() {
            group::refresh_in(&tx, Some(&scope))?;
        }
        tx.commit()?;
        Ok(scope.len())
    }

    /// When the last push check of `account_id` was recorded.
    pub fn push_checked_at(&self, account_id: &str) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT checked_at FROM push_checks WHERE account_id = ?1",
                [account_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(at.as_deref().and_then(parse_time))
    }

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
