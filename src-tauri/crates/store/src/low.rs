//! Low stock ("Sắp hết"): per product group, the figure the rule reads, its minimum / maximum and
//! whether it is below; the once-per-crossing marks behind the desktop notification.
//!
//! The rule is the pure functions at the top ([`stock_figure`], [`effective_limits`], [`is_low`],
//! [`crossing`]); the store methods only read their inputs and keep the marks.

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use serde::{Deserialize, Serialize};
use shopdesk_core::ports::stock::VendorLimit;

use crate::model::Vendor;
use crate::{Error, Result, Store};

/// The largest minimum or maximum accepted (a bounded refusal beyond it).
pub const MAX_LIMIT: i64 = 1_000_000_000;

/// One account's sellable figure of a group: the sum over its warehouses of `available` (on hand where
/// the vendor reports no available figure); `None` when it reports neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFigure {
    pub vendor: Vendor,
    pub sellable: Option<i64>,
}

/// What a group's low-stock figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FigureBasis {
    /// The warehouse's physical figure (Onflow's available, all Onflow accounts together).
    Physical,
    /// The goods are only at POS accounts: the POS's own sellable figure.
    Pos,
}

/// The figure the low-stock rule reads for one group, never a sum of the warehouse and the POS (a POS
/// figure is the warehouse's goods offered for sale, not more goods):
/// - the group is at an Onflow account that reports a figure: the sum of the Onflow accounts' figures;
/// - otherwise (POS-only goods): the largest POS account's figure (two POS accounts selling the same
///   goods each show them; adding them would count the goods twice);
/// - no account reports one: `None` (not judged).
pub fn stock_figure(accounts: &[AccountFigure]) -> Option<(i64, FigureBasis)> {
    let physical: Vec<i64> = accounts
        .iter()
        .filter(|a| a.vendor == Vendor::Onflow)
        .filter_map(|a| a.sellable)
        .collect();
    if !physical.is_empty() {
        let sum = physical.iter().fold(0i64, |s, v| s.saturating_add(*v));
        return Some((sum, FigureBasis::Physical));
    }
    accounts
        .iter()
        .filter(|a| a.vendor != Vendor::Onflow)
        .filter_map(|a| a.sellable)
        .max()
        .map(|v| (v, FigureBasis::Pos))
}

/// A minimum and a maximum, each optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    #[specta(type = Option<specta_typescript::Number>)]
    pub min: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub max: Option<i64>,
}

/// Whose minimum is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LimitSource {
    /// Set by the user in ShopDesk for this product.
    Own,
    /// The vendor's own (Nhanh's `inventory/archive`).
    Vendor,
    /// The default minimum from Settings.
    Default,
}

/// The limits in force for one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective {
    pub min: i64,
    pub min_source: LimitSource,
    pub max: Option<i64>,
}

/// Ours wins where the user set one, then the vendor's, then (for the minimum) the Settings default;
/// each figure on its own (a user who set only a maximum keeps the vendor's minimum).
pub fn effective_limits(own: Limits, vendor: Limits, default_min: i64) -> Effective {
    let (min, min_source) = match (own.min, vendor.min) {
        (Some(m), _) => (m, LimitSource::Own),
        (None, Some(m)) => (m, LimitSource::Vendor),
        (None, None) => (default_min, LimitSource::Default),
    };
    Effective {
        min,
        min_source,
        max: own.max.or(vendor.max),
    }
}

/// Low = strictly below the minimum (a minimum of 0 never warns).
pub fn is_low(figure: i64, min: i64) -> bool {
    figure < min
}

/// Whether this check is a crossing to notify: the group was seen at or above its minimum last time
/// (`previous == Some(false)`) and is below it now. A group seen for the first time (`None`) only
/// sets the mark: the first sync of an account must not raise one notification per low product (the
/// "Sắp hết" view lists them); a group that stays low is not notified again until it has recovered.
pub fn crossing(previous: Option<bool>, low_now: bool) -> bool {
    previous == Some(false) && low_now
}

/// A suggested reorder quantity to start a purchase order from: up to the maximum when one is set,
/// else back to twice the minimum; never negative.
pub fn reorder_quantity(figure: i64, min: i64, max: Option<i64>) -> i64 {
    let target = max.unwrap_or_else(|| min.saturating_mul(2));
    target.saturating_sub(figure.max(0)).max(0)
}

/// One group as the low-stock rule sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StockLevel {
    pub group_key: String,
    pub name: String,
    pub sku: Option<String>,
    /// The figure the rule read (see [`stock_figure`]).
    #[specta(type = specta_typescript::Number)]
    pub figure: i64,
    pub basis: FigureBasis,
    /// The minimum in force, and whose it is.
    #[specta(type = specta_typescript::Number)]
    pub min: i64,
    pub min_source: LimitSource,
    #[specta(type = Option<specta_typescript::Number>)]
    pub max: Option<i64>,
    /// What the user set (each `None` when unset).
    pub own: Limits,
    /// The vendor's own limits (Nhanh), where set.
    pub vendor: Limits,
    pub low: bool,
}

/// What one check of the marks found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Crossings {
    /// Groups that went below their minimum since the last check (notify these, once).
    pub crossed: Vec<StockLevel>,
    /// Groups low now.
    pub low: usize,
}

impl Store {
    /// The user's own limits of a group (`None` figures clear it; both `None` removes the row).
    /// A minimum or maximum outside 0..=[`MAX_LIMIT`], or a maximum below the minimum, is refused.
    pub fn set_stock_limits(&self, group_key: &str, limits: Limits) -> Result<()> {
        for v in [limits.min, limits.max].into_iter().flatten() {
            if !(0..=MAX_LIMIT).contains(&v) {
                return Err(Error::Invalid(format!(
                    "a stock limit must be between 0 and {MAX_LIMIT}"
                )));
            }
        }
        if let (Some(min), Some(max)) = (limits.min, limits.max) {
            if max < min {
                return Err(Error::Invalid(
                    "the maximum is below the minimum".to_string(),
                ));
            }
        }
        if group_key.is_empty() || group_key.len() > 1000 {
            return Err(Error::Invalid("no such product group".to_string()));
        }
        if limits.min.is_none() && limits.max.is_none() {
            self.conn
                .execute("DELETE FROM stock_limits WHERE group_key = ?1", [group_key])?;
        } else {
            self.conn.execute(
                "INSERT INTO stock_limits (group_key, min_qty, max_qty) VALUES (?1, ?2, ?3)
                 ON CONFLICT (group_key) DO UPDATE SET min_qty = excluded.min_qty, max_qty = excluded.max_qty",
                params![group_key, limits.min, limits.max],
            )?;
        }
        Ok(())
    }

    /// Replace an account's vendor limits (after a sync read them).
    pub fn replace_vendor_limits(
        &mut self,
        account_id: &str,
        limits: &[VendorLimit],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM vendor_limits WHERE account_id = ?1",
            [account_id],
        )?;
        {
            let mut st = tx.prepare(
                "INSERT OR REPLACE INTO vendor_limits (account_id, item_id, min_qty, max_qty)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for l in limits {
                st.execute(params![account_id, l.item_id, l.min, l.max])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every group the rule can judge (a group no account reports a figure for is left out), with its
    /// figure, limits and whether it is low; `default_min` is the Settings default minimum.
    pub fn stock_levels(&self, default_min: i64) -> Result<Vec<StockLevel>> {
        let mut own: HashMap<String, Limits> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT group_key, min_qty, max_qty FROM stock_limits")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Limits {
                        min: r.get(1)?,
                        max: r.get(2)?,
                    },
                ))
            })?;
            for r in rows {
                let (k, l) = r?;
                own.insert(k, l);
            }
        }
        let mut vendor: HashMap<String, Limits> = HashMap::new();
        {
            let mut st = self.conn.prepare(
                "SELECT l.group_key, SUM(v.min_qty), SUM(v.max_qty)
                 FROM vendor_limits v JOIN listings l ON l.account_id = v.account_id
                  AND (CASE WHEN l.vendor_variation_id = '' THEN l.vendor_product_id
                            ELSE l.vendor_variation_id END) = v.item_id
                 GROUP BY l.group_key",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Limits {
                        min: r.get(1)?,
                        max: r.get(2)?,
                    },
                ))
            })?;
            for r in rows {
                let (k, l) = r?;
                vendor.insert(k, l);
            }
        }
        let mut st = self.conn.prepare(
            "SELECT g.key, g.name, g.sku, a.vendor,
                    SUM(COALESCE(c.available, c.on_hand)), COUNT(COALESCE(c.available, c.on_hand))
             FROM groups g
             JOIN group_cells c ON c.group_id = g.id
             JOIN warehouses w ON w.id = c.warehouse_id
             JOIN accounts a ON a.id = w.account_id
             GROUP BY g.id, w.account_id
             ORDER BY g.name_sort, g.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        let mut current: Option<(String, String, Option<String>, Vec<AccountFigure>)> = None;
        let mut finish = |g: Option<(String, String, Option<String>, Vec<AccountFigure>)>| {
            let Some((key, name, sku, figures)) = g else {
                return;
            };
            let Some((figure, basis)) = stock_figure(&figures) else {
                return;
            };
            let own_l = own.get(&key).copied().unwrap_or_default();
            let vendor_l = vendor.get(&key).copied().unwrap_or_default();
            let e = effective_limits(own_l, vendor_l, default_min);
            out.push(StockLevel {
                group_key: key,
                name,
                sku,
                figure,
                basis,
                min: e.min,
                min_source: e.min_source,
                max: e.max,
                own: own_l,
                vendor: vendor_l,
                low: is_low(figure, e.min),
            });
        };
        for r in rows {
            let (key, name, sku, vendor_s, sum, n) = r?;
            let Some(vendor) = Vendor::parse(&vendor_s) else {
                continue;
            };
            let fig = AccountFigure {
                vendor,
                sellable: (n > 0).then_some(sum.unwrap_or(0)),
            };
            match &mut current {
                Some(c) if c.0 == key => c.3.push(fig),
                _ => {
                    finish(current.take());
                    current = Some((key, name, sku, vec![fig]));
                }
            }
        }
        finish(current.take());
        Ok(out)
    }

    /// The groups below their minimum now, in name order.
    pub fn low_stock(&self, default_min: i64) -> Result<Vec<StockLevel>> {
        Ok(self
            .stock_levels(default_min)?
            .into_iter()
            .filter(|l| l.low)
            .collect())
    }

    /// Compare every group with its mark from the last check, store the new marks (one transaction),
    /// and answer the groups that crossed below their minimum (see [`crossing`]). Marks of groups that
    /// no longer exist are dropped.
    pub fn check_low_crossings(&mut self, default_min: i64) -> Result<Crossings> {
        let levels = self.stock_levels(default_min)?;
        let now = crate::now_text();
        let tx = self.conn.transaction()?;
        let mut marks: HashMap<String, bool> = HashMap::new();
        {
            let mut st = tx.prepare("SELECT group_key, low FROM low_marks")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?;
            for r in rows {
                let (k, l) = r?;
                marks.insert(k, l);
            }
        }
        let mut out = Crossings::default();
        let mut seen: HashSet<&str> = HashSet::new();
        {
            let mut put = tx.prepare(
                "INSERT INTO low_marks (group_key, low, since) VALUES (?1, ?2, ?3)
                 ON CONFLICT (group_key) DO UPDATE SET low = excluded.low, since = excluded.since",
            )?;
            for l in &levels {
                seen.insert(l.group_key.as_str());
                let previous = marks.get(&l.group_key).copied();
                if l.low {
                    out.low += 1;
                }
                if crossing(previous, l.low) {
                    out.crossed.push(l.clone());
                }
                if previous != Some(l.low) {
                    put.execute(params![l.group_key, l.low, now])?;
                }
            }
            let mut del = tx.prepare("DELETE FROM low_marks WHERE group_key = ?1")?;
            for k in marks.keys().filter(|k| !seen.contains(k.as_str())) {
                del.execute([k])?;
            }
        }
        tx.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(vendor: Vendor, sellable: Option<i64>) -> AccountFigure {
        AccountFigure { vendor, sellable }
    }

    #[test]
    fn the_figure_is_physical_where_onflow_reports_else_the_pos_never_a_sum_of_both() {
        use FigureBasis::*;
        use Vendor::*;
        type Case = (Vec<AccountFigure>, Option<(i64, FigureBasis)>);
        let cases: Vec<Case> = vec![
            (
                vec![acc(Onflow, Some(3)), acc(Pancake, Some(40))],
                Some((3, Physical)),
            ),
            (
                vec![
                    acc(Onflow, Some(3)),
                    acc(Onflow, Some(4)),
                    acc(Nhanh, Some(1)),
                ],
                Some((7, Physical)),
            ),
            // an Onflow account that reports nothing does not make the goods physical
            (
                vec![acc(Onflow, None), acc(Pancake, Some(8))],
                Some((8, Pos)),
            ),
            (
                vec![acc(Pancake, Some(8)), acc(Nhanh, Some(5))],
                Some((8, Pos)),
            ),
            (vec![acc(Pancake, Some(-2))], Some((-2, Pos))),
            (vec![acc(Pancake, None), acc(Onflow, None)], None),
            (vec![], None),
        ];
        for (input, want) in cases {
            assert_eq!(stock_figure(&input), want, "{input:?}");
        }
    }

    #[test]
    fn the_figure_never_exceeds_what_one_side_shows() {
        // property over every small mix: the figure is one side's own figure, never more
        let vendors = [Vendor::Onflow, Vendor::Pancake, Vendor::Nhanh];
        let values = [None, Some(0), Some(2), Some(9)];
        for a in 0..12 {
            for b in 0..12 {
                for c in 0..12 {
                    let figs: Vec<AccountFigure> = [a, b, c]
                        .iter()
                        .map(|i| acc(vendors[i % 3], values[i / 3]))
                        .collect();
                    let onflow: i64 = figs
                        .iter()
                        .filter(|f| f.vendor == Vendor::Onflow)
                        .filter_map(|f| f.sellable)
                        .sum();
                    let pos_max = figs
                        .iter()
                        .filter(|f| f.vendor != Vendor::Onflow)
                        .filter_map(|f| f.sellable)
                        .max();
                    match stock_figure(&figs) {
                        Some((v, FigureBasis::Physical)) => assert_eq!(v, onflow, "{figs:?}"),
                        Some((v, FigureBasis::Pos)) => assert_eq!(Some(v), pos_max, "{figs:?}"),
                        None => assert!(figs.iter().all(|f| f.sellable.is_none()), "{figs:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn ours_wins_then_the_vendors_then_the_default() {
        let l = |min, max| Limits { min, max };
        let e = effective_limits(l(Some(10), None), l(Some(5), Some(200)), 3);
        assert_eq!(
            (e.min, e.min_source, e.max),
            (10, LimitSource::Own, Some(200))
        );
        let e = effective_limits(l(None, Some(50)), l(Some(5), Some(200)), 3);
        assert_eq!(
            (e.min, e.min_source, e.max),
            (5, LimitSource::Vendor, Some(50))
        );
        let e = effective_limits(l(None, None), l(None, None), 3);
        assert_eq!(
            (e.min, e.min_source, e.max),
            (3, LimitSource::Default, None)
        );
        // an own minimum of 0 is a choice (never warn), not "unset"
        let e = effective_limits(l(Some(0), None), l(Some(5), None), 3);
        assert_eq!((e.min, e.min_source), (0, LimitSource::Own));
        assert!(!is_low(0, 0));
        assert!(is_low(4, 5));
        assert!(!is_low(5, 5));
    }

    #[test]
    fn a_crossing_is_notified_once_until_it_recovers() {
        // every sequence of checks up to 7 long: notifications = transitions from "not low" to "low"
        // after the first check
        for len in 1..=7u32 {
            for bits in 0..(1u32 << len) {
                let seq: Vec<bool> = (0..len).map(|i| bits & (1 << i) != 0).collect();
                let mut mark = None;
                let mut notified = 0;
                for &low in &seq {
                    if crossing(mark, low) {
                        notified += 1;
                    }
                    mark = Some(low);
                }
                let expected = seq.windows(2).filter(|w| !w[0] && w[1]).count();
                assert_eq!(notified, expected, "{seq:?}");
            }
        }
    }

    #[test]
    fn the_reorder_quantity_fills_up_to_the_maximum() {
        assert_eq!(reorder_quantity(3, 5, Some(50)), 47);
        assert_eq!(reorder_quantity(3, 5, None), 7);
        assert_eq!(reorder_quantity(-4, 5, Some(20)), 20);
        assert_eq!(reorder_quantity(60, 5, Some(50)), 0);
    }
}
