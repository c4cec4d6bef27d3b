//! The unified stock grid: one row per product group, one column per (account × warehouse).
//! Filtering, sorting and windowing run in SQL over the materialised `groups` table; only the
//! requested window is read back.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::model::Vendor;
use crate::text::fts_query;
use crate::{Result, Store};

/// Sort keys of the grid.
// The grid types cross IPC as they are (tauri-specta generates the TypeScript). Counts and stock figures
// stay far below 2^53, so they are safe as JS numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "by")]
pub enum GridSort {
    /// Display name, diacritics-insensitive.
    #[default]
    Name,
    /// Normalised SKU.
    Sku,
    TotalOnHand,
    TotalAvailable,
    /// One column (warehouse id); rows without stock in that column come last in both directions.
    Column {
        #[specta(type = specta_typescript::Number)]
        warehouse_id: i64,
        field: SortField,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SortField {
    OnHand,
    Available,
}

/// What the grid shows. `Default` = every row, by name, first 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct GridQuery {
    /// Words matched as prefixes of words in name / SKU / barcode of any listing of the group,
    /// diacritics- and case-insensitive ("ao" finds "Áo thun", "do do" finds "Đỏ đô").
    pub search: String,
    /// Only these vendors' columns, and only groups present at one of them. Empty = all.
    pub vendors: Vec<Vendor>,
    /// Only these columns (warehouse ids), and only groups with a cell in one of them. Empty = all.
    #[specta(type = Vec<specta_typescript::Number>)]
    pub warehouses: Vec<i64>,
    pub mismatches_only: bool,
    /// Only rows whose total available (over the shown columns) is at or below `low_threshold`.
    pub low_stock_only: bool,
    #[specta(type = specta_typescript::Number)]
    pub low_threshold: i64,
    pub sort: GridSort,
    pub descending: bool,
    pub offset: u32,
    /// 0 means 100; capped at 1000.
    pub limit: u32,
}

impl Default for GridQuery {
    fn default() -> Self {
        GridQuery {
            search: String::new(),
            vendors: Vec::new(),
            warehouses: Vec::new(),
            mismatches_only: false,
            low_stock_only: false,
            low_threshold: 5,
            sort: GridSort::Name,
            descending: false,
            offset: 0,
            limit: 100,
        }
    }
}

/// A grid column: one warehouse of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    #[specta(type = specta_typescript::Number)]
    pub warehouse_id: i64,
    pub account_id: String,
    pub account_label: String,
    pub vendor: Vendor,
    pub warehouse_name: String,
    pub warehouse_code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GridCell {
    #[specta(type = Option<specta_typescript::Number>)]
    pub on_hand: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub available: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GridFlags {
    /// See README "Mismatch": a POS account's on-hand differs from Onflow's physical on-hand.
    pub mismatch: bool,
    /// Total available over the shown columns is at or below the query's threshold.
    pub low: bool,
    /// The group joins different SKUs or holds two listings of one account (check the matching page).
    pub conflict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GridRow {
    pub group_key: String,
    pub name: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    /// Parallel to `GridPage::columns`; `None` = the group has no listing/stock there.
    pub cells: Vec<Option<GridCell>>,
    /// The goods counted once (unknown figures count as 0): Onflow's figure where it is shown and holds the
    /// group, else the largest shown POS vendor's; with a warehouse filter, the sum of the chosen columns.
    #[specta(type = specta_typescript::Number)]
    pub total_on_hand: i64,
    #[specta(type = specta_typescript::Number)]
    pub total_available: i64,
    pub flags: GridFlags,
    pub vendors: Vec<Vendor>,
    #[specta(type = specta_typescript::Number)]
    pub listings: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GridPage {
    /// Rows matching the filters (before windowing).
    #[specta(type = specta_typescript::Number)]
    pub total_rows: u64,
    pub rows: Vec<GridRow>,
    pub columns: Vec<Column>,
}

const VENDOR_COLS: [(Vendor, &str, &str); 3] = [
    (Vendor::Pancake, "g.oh_pancake", "g.av_pancake"),
    (Vendor::Nhanh, "g.oh_nhanh", "g.av_nhanh"),
    (Vendor::Onflow, "g.oh_onflow", "g.av_onflow"),
];

fn window_value(v: &Value) -> usize {
    match v {
        Value::Integer(n) => usize::try_from(*n).unwrap_or(0),
        _ => 0,
    }
}

/// Above this many search hits the window is read in the sort's index order (see `rows_sql_dense`).
const DENSE_SEARCH: i64 = 2000;

/// The statements of one grid query: what `grid` runs, and what the plan test explains.
struct GridSql {
    columns: Vec<Column>,
    count_sql: String,
    /// The window's rows; `params` end with its LIMIT and OFFSET.
    rows_sql: String,
    /// With a search and an indexed order: the same rows read in that index's order, each checked
    /// against the search's hits (used when the search matches more than [`DENSE_SEARCH`] rows, where
    /// reading every hit and sorting them costs more than walking the index to the window).
    rows_sql_dense: Option<String>,
    /// A search alone with an indexed order: every group id in that order (`groups`' index only), to
    /// walk in Rust against the search's hits (read once, also for the count) when they are many.
    search_walk: Option<String>,
    /// The window's rows by id (`{ids}` is replaced by the list), in the query's order.
    rows_by_ids: String,
    params: Vec<Value>,
}

impl Store {
    /// One window of the stock grid.
    pub fn grid(&self, q: &GridQuery) -> Result<GridPage> {
        let GridSql {
            columns,
            count_sql,
            rows_sql,
            rows_sql_dense,
            search_walk,
            rows_by_ids,
            mut params,
        } = self.grid_sql(q)?;
        let window = params.split_off(params.len() - 2);
        let mut walked: Option<Vec<i64>> = None;
        let total: i64 = match &search_walk {
            Some(walk_sql) => {
                // The hits once: their number is the count, and a dense search walks the order.
                let mut hits_st = self.conn.prepare_cached(&count_sql)?;
                let hits: HashSet<i64> = hits_st
                    .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let total = hits.len() as i64;
                if total > DENSE_SEARCH {
                    let (limit, offset) = (window_value(&window[0]), window_value(&window[1]));
                    let mut walk = self.conn.prepare_cached(walk_sql)?;
                    let mut order = walk.query([])?;
                    let (mut skipped, mut ids) = (0, Vec::new());
                    while ids.len() < limit {
                        let Some(r) = order.next()? else { break };
                        let id: i64 = r.get(0)?;
                        if hits.contains(&id) {
                            if skipped < offset {
                                skipped += 1;
                            } else {
                                ids.push(id);
                            }
                        }
                    }
                    walked = Some(ids);
                }
                total
            }
            None => self
                .conn
                .prepare_cached(&count_sql)?
                .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?,
        };
        params.extend(window);
        let (rows_sql, params) = match walked {
            Some(ids) => {
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                (rows_by_ids.replace("{ids}", &list), Vec::new())
            }
            None => match rows_sql_dense {
                Some(dense) if total > DENSE_SEARCH => (dense, params),
                _ => (rows_sql, params),
            },
        };
        let mut st = self.conn.prepare_cached(&rows_sql)?;
        let mut ids: Vec<i64> = Vec::new();
        let mut rows: Vec<GridRow> = Vec::new();
        let mut q_rows = st.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = q_rows.next()? {
            let mask: i64 = r.get(9)?;
            let total_available: i64 = r.get(6)?;
            ids.push(r.get(0)?);
            rows.push(GridRow {
                group_key: r.get(1)?,
                name: r.get(2)?,
                sku: r.get(3)?,
                barcode: r.get(4)?,
                cells: vec![None; columns.len()],
                total_on_hand: r.get(5)?,
                total_available,
                flags: GridFlags {
                    mismatch: r.get(7)?,
                    low: total_available <= q.low_threshold,
                    conflict: r.get(8)?,
                },
                vendors: Vendor::ALL
                    .into_iter()
                    .filter(|v| mask & crate::model::vendor_bit(*v) != 0)
                    .collect(),
                listings: r.get(10)?,
            });
        }

        // Cells of the window only.
        if !ids.is_empty() && !columns.is_empty() {
            let col_pos: HashMap<i64, usize> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.warehouse_id, i))
                .collect();
            let row_pos: HashMap<i64, usize> =
                ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let mut st = self.conn.prepare(&format!(
                "SELECT group_id, warehouse_id, on_hand, available FROM group_cells WHERE group_id IN ({id_list})"
            ))?;
            let mut cells = st.query([])?;
            while let Some(r) = cells.next()? {
                let gid: i64 = r.get(0)?;
                let wid: i64 = r.get(1)?;
                if let (Some(&ri), Some(&ci)) = (row_pos.get(&gid), col_pos.get(&wid)) {
                    rows[ri].cells[ci] = Some(GridCell {
                        on_hand: r.get(2)?,
                        available: r.get(3)?,
                    });
                }
            }
        }

        Ok(GridPage {
            total_rows: total as u64,
            rows,
            columns,
        })
    }

    /// The count and window statements of a grid query, with their parameters.
    fn grid_sql(&self, q: &GridQuery) -> Result<GridSql> {
        // Columns shown.
        let vendor_filter =
            !q.vendors.is_empty() && !Vendor::ALL.iter().all(|v| q.vendors.contains(v));
        let labels: HashMap<String, String> = self
            .accounts()?
            .into_iter()
            .map(|a| (a.id, a.label))
            .collect();
        let columns: Vec<Column> = self
            .warehouses()?
            .into_iter()
            .filter(|w| !vendor_filter || q.vendors.contains(&w.vendor))
            .filter(|w| q.warehouses.is_empty() || q.warehouses.contains(&w.id))
            .map(|w| Column {
                account_label: labels.get(&w.account_id).cloned().unwrap_or_default(),
                warehouse_id: w.id,
                account_id: w.account_id,
                vendor: w.vendor,
                warehouse_name: w.name,
                warehouse_code: w.code,
            })
            .collect();
        let col_list = columns
            .iter()
            .map(|c| c.warehouse_id.to_string())
            .collect::<Vec<_>>()
            .join(",");

        // Totals over the shown columns: precomputed when all columns are shown, per-vendor sums for
        // a vendor filter, a per-row sum over group_cells for a warehouse filter.
        let (oh_expr, av_expr) = if !q.warehouses.is_empty() {
            if col_list.is_empty() {
                // Not a bare `0`: in ORDER BY that would mean "column 0".
                (
                    "CAST(0 AS INTEGER)".to_string(),
                    "CAST(0 AS INTEGER)".to_string(),
                )
            } else {
                let sum = |f: &str| {
                    format!(
                        "(SELECT COALESCE(SUM(c.{f}), 0) FROM group_cells c \
                         WHERE c.group_id = g.id AND c.warehouse_id IN ({col_list}))"
                    )
                };
                (sum("on_hand"), sum("available"))
            }
        } else if vendor_filter {
            // the goods once: Onflow's figure where it is shown and holds the group, else the largest
            // shown POS account's (see `group::physical_total`)
            let onflow_bit = crate::model::vendor_bit(Vendor::Onflow);
            let pick = |oh: bool| {
                let col =
                    |(_, o, a): &(Vendor, &'static str, &'static str)| if oh { *o } else { *a };
                let pos: Vec<&str> = VENDOR_COLS
                    .iter()
                    .filter(|(v, _, _)| v.is_pos() && q.vendors.contains(v))
                    .map(col)
                    .collect();
                // a one-argument MAX() would be SQLite's aggregate: use the column itself
                let pos = match pos.as_slice() {
                    [] => "CAST(0 AS INTEGER)".to_string(),
                    [one] => (*one).to_string(),
                    many => format!("MAX({})", many.join(", ")),
                };
                if q.vendors.contains(&Vendor::Onflow) {
                    let onflow = VENDOR_COLS
                        .iter()
                        .find(|(v, _, _)| *v == Vendor::Onflow)
                        .map(col)
                        .unwrap_or("g.oh_onflow");
                    format!("(CASE WHEN (g.vendor_mask & {onflow_bit}) <> 0 THEN {onflow} ELSE {pos} END)")
                } else {
                    format!("({pos})")
                }
            };
            (pick(true), pick(false))
        } else {
            (
                "g.total_on_hand".to_string(),
                "g.total_available".to_string(),
            )
        };

        // Filters.
        let mut conds: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let mut fts_only = false;
        // A vendor filter's masks (`vendor_mask` values) holding one of the vendors, and the others.
        let mut count_only: Option<(String, String)> = None;
        if let Some(fts) = fts_query(&q.search) {
            fts_only = true;
            params.push(Value::Text(fts));
            conds.push(format!(
                "g.id IN (SELECT rowid FROM group_fts WHERE group_fts MATCH ?{})",
                params.len()
            ));
        }
        if vendor_filter {
            let mask: i64 = q
                .vendors
                .iter()
                .fold(0, |m, v| m | crate::model::vendor_bit(*v));
            // Every `vendor_mask` a group can have, listed so the count reads ranges of `groups_masks`
            // (the rows keep the bit test and the name order).
            let masks: Vec<i64> = (1..1i64 << Vendor::ALL.len())
                .map(|m| {
                    Vendor::ALL
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| m & (1 << i) != 0)
                        .fold(0, |acc, (_, v)| acc | crate::model::vendor_bit(*v))
                })
                .collect();
            let list = |inside: bool| {
                masks
                    .iter()
                    .filter(|m| (*m & mask != 0) == inside)
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            conds.push(format!("(g.vendor_mask & {mask}) <> 0"));
            count_only = Some((list(true), list(false)));
        }
        if !q.warehouses.is_empty() {
            if col_list.is_empty() {
                conds.push("0".into());
            } else {
                let ids: Vec<i64> = columns.iter().map(|c| c.warehouse_id).collect();
                if ids
                    .iter()
                    .all(|id| (1..=crate::group::WH_BITS_MAX).contains(id))
                {
                    let bits = crate::group::wh_bits(ids.into_iter());
                    conds.push(format!("(g.wh_bits & {bits}) <> 0"));
                } else {
                    conds.push(format!(
                        "g.id IN (SELECT group_id FROM group_cells WHERE warehouse_id IN ({col_list}))"
                    ));
                }
            }
        }
        if q.mismatches_only {
            conds.push("g.mismatch = 1".into());
        }
        if q.low_stock_only {
            params.push(Value::Integer(q.low_threshold));
            conds.push(format!("{av_expr} <= ?{}", params.len()));
        }
        let where_sql = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };

        let dir = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            GridSort::Name => format!("g.name_sort {dir}, g.id {dir}"),
            GridSort::Sku => format!("g.sku_sort {dir}, g.id {dir}"),
            GridSort::TotalOnHand => format!("{oh_expr} {dir}, g.id {dir}"),
            GridSort::TotalAvailable => format!("{av_expr} {dir}, g.id {dir}"),
            GridSort::Column {
                warehouse_id,
                field,
            } => {
                let f = match field {
                    SortField::OnHand => "on_hand",
                    SortField::Available => "available",
                };
                let cell = format!(
                    "(SELECT c.{f} FROM group_cells c WHERE c.group_id = g.id AND c.warehouse_id = {warehouse_id})"
                );
                // One lookup per row: a missing cell becomes a sentinel that sorts last either way.
                let missing = if q.descending { i64::MIN } else { i64::MAX };
                format!("COALESCE({cell}, {missing}) {dir}, g.name_sort {dir}, g.id {dir}")
            }
        };

        let indexed_order = match q.sort {
            GridSort::Name | GridSort::Sku => true,
            GridSort::TotalOnHand | GridSort::TotalAvailable => {
                !vendor_filter && q.warehouses.is_empty()
            }
            GridSort::Column { .. } => false,
        };
        // Search alone: every FTS row is a group, so count there without touching `groups` (with an
        // indexed order, `grid` reads the hits themselves and counts them).
        let search_only = conds.len() == 1 && params.len() == 1 && fts_only;
        let count_sql = if search_only && indexed_order {
            "SELECT rowid FROM group_fts WHERE group_fts MATCH ?1".to_string()
        } else if search_only {
            "SELECT COUNT(*) FROM group_fts WHERE group_fts MATCH ?1".to_string()
        } else if let (true, Some((_, outside))) = (conds.len() == 1, &count_only) {
            // A vendor filter alone: every group, less those at none of the vendors (usually few).
            format!(
                "SELECT (SELECT COUNT(*) FROM groups) - (SELECT COUNT(*) FROM groups WHERE vendor_mask IN ({outside}))"
            )
        } else {
            match &count_only {
                Some((inside, _)) => format!(
                    "SELECT COUNT(*) FROM groups g {where_sql} AND g.vendor_mask IN ({inside})"
                ),
                None => format!("SELECT COUNT(*) FROM groups g {where_sql}"),
            }
        };
        let cols = format!(
            "SELECT g.id, g.key, g.name, g.sku, g.barcode, {oh_expr}, {av_expr}, g.mismatch, g.conflict,
                    g.vendor_mask, g.listings
             FROM groups g"
        );
        let search_walk = (search_only && indexed_order)
            .then(|| format!("SELECT g.id FROM groups g ORDER BY {order}"));
        let rows_by_ids = format!("{cols} WHERE g.id IN ({{ids}}) ORDER BY {order}");

        let limit = if q.limit == 0 { 100 } else { q.limit.min(1000) };
        let mut sql = format!(
            "SELECT g.id, g.key, g.name, g.sku, g.barcode, {oh_expr}, {av_expr}, g.mismatch, g.conflict,
                    g.vendor_mask, g.listings
             FROM groups g {where_sql} ORDER BY {order}"
        );
        // Window as parameters, so paging reuses the cached statement.
        let _ = write!(
            sql,
            " LIMIT ?{} OFFSET ?{}",
            params.len() + 1,
            params.len() + 2
        );
        params.push(Value::Integer(i64::from(limit)));
        params.push(Value::Integer(i64::from(q.offset)));
        // `+g.id`: the hits are a list to check, not the rows to start from.
        let rows_sql_dense = (fts_only && indexed_order).then(|| {
            sql.replacen(
                "g.id IN (SELECT rowid FROM group_fts",
                "+g.id IN (SELECT rowid FROM group_fts",
                1,
            )
        });
        Ok(GridSql {
            columns,
            count_sql,
            rows_sql: sql,
            rows_sql_dense,
            search_walk,
            rows_by_ids,
            params,
        })
    }

    /// `EXPLAIN QUERY PLAN` of a grid query's count, of its rows, and of its rows when a search matches
    /// many (`None` without a search or an indexed order), for the plan test.
    #[doc(hidden)]
    pub fn explain_grid(&self, q: &GridQuery) -> Result<(String, String, Option<String>)> {
        let g = self.grid_sql(q)?;
        let count_params = &g.params[..g.params.len() - 2];
        let dense = match (&g.search_walk, &g.rows_sql_dense) {
            (Some(walk), _) => Some(format!(
                "{}\n{}",
                crate::explain(&self.conn, walk, &[])?,
                crate::explain(&self.conn, &g.rows_by_ids.replace("{ids}", "1,2"), &[])?
            )),
            (None, Some(sql)) => Some(crate::explain(&self.conn, sql, &g.params)?),
            (None, None) => None,
        };
        Ok((
            crate::explain(&self.conn, &g.count_sql, count_params)?,
            crate::explain(&self.conn, &g.rows_sql, &g.params)?,
            dense,
        ))
    }
}
