//! The sync engine's write API: accounts, warehouses, listings + stock, sync runs and their log.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rusqlite::{params, OptionalExtension, Transaction};

use crate::model::*;
use crate::text::{fold, normalize_barcode, normalize_sku};
use crate::{group, now_text, parse_time, time_text, Error, Result, Store};

/// Sync runs kept per account (with their logs); older ones are deleted as new ones start.
pub const KEEP_SYNC_RUNS: i64 = 200;

type Key = (String, String);

/// (listing id, warehouse id) -> ([on_hand, available, incoming, returning], seen in this write).
type StoredCells = HashMap<(i64, i64), ([Option<i64>; 4], bool)>;

/// Above this many touched groups a full refresh (sequential scans) beats per-group lookups.
const SCOPED_REFRESH_MAX: usize = 5000;

struct Stored {
    id: i64,
    row_hash: i64,
    seen: bool,
    /// (sku_norm, barcode_norm): what automatic matching joins on.
    match_keys: (Option<String>, Option<String>),
    group_key: String,
}

impl Store {
    /// Inserts or updates an account (id, vendor, label, demo flag). Changing the vendor of an
    /// existing id is refused: ids are per vendor.
    pub fn upsert_account(&mut self, account: &Account) -> Result<()> {
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT vendor FROM accounts WHERE id = ?1",
                [&account.id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(v) = existing {
            if v != account.vendor.as_str() {
                return Err(Error::Invalid(format!(
                    "account {} is a {v} account, not {}",
                    account.id,
                    account.vendor.as_str()
                )));
            }
        }
        self.conn.execute(
            "INSERT INTO accounts (id, vendor, label, demo) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET label = excluded.label, demo = excluded.demo",
            params![
                account.id,
                account.vendor.as_str(),
                account.label,
                account.demo
            ],
        )?;
        Ok(())
    }

    /// All accounts, by vendor then label.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, vendor, label, demo FROM accounts ORDER BY vendor, label, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, vendor, label, demo) = row?;
            if let Some(vendor) = Vendor::parse(&vendor) {
                out.push(Account {
                    id,
                    vendor,
                    label,
                    demo,
                });
            }
        }
        Ok(out)
    }

    /// Removes an account with its warehouses, listings, stock, runs, logs and manual matches.
    pub fn delete_account(&mut self, account_id: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM sku_matches WHERE account_id = ?1",
            [account_id],
        )?;
        tx.execute(
            "DELETE FROM stock WHERE listing_id IN (SELECT id FROM listings WHERE account_id = ?1)",
            [account_id],
        )?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", [account_id])?;
        group::refresh(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Inserts or updates the account's warehouses (matched on the vendor's warehouse id). Warehouses
    /// not listed are kept (their stock stays until the next full listings refresh).
    pub fn upsert_warehouses(
        &mut self,
        account_id: &str,
        warehouses: &[WarehouseInput],
    ) -> Result<Vec<Warehouse>> {
        let tx = self.conn.transaction()?;
        account_vendor(&tx, account_id)?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO warehouses (account_id, vendor_wh_id, name, code) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, vendor_wh_id) DO UPDATE SET name = excluded.name, code = excluded.code",
            )?;
            for w in warehouses {
                st.execute(params![account_id, w.vendor_wh_id, w.name, w.code])?;
            }
        }
        tx.commit()?;
        Ok(self
            .warehouses()?
            .into_iter()
            .filter(|w| w.account_id == account_id)
            .collect())
    }

    /// All warehouses (grid column order: vendor, account label, warehouse name).
    pub fn warehouses(&self) -> Result<Vec<Warehouse>> {
        let mut st = self.conn.prepare_cached(
            "SELECT w.id, w.account_id, a.vendor, w.vendor_wh_id, w.name, w.code
             FROM warehouses w JOIN accounts a ON a.id = w.account_id
             ORDER BY CASE a.vendor WHEN 'onflow' THEN 0 WHEN 'pancake' THEN 1 ELSE 2 END,
                      a.label, a.id, w.name, w.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, account_id, vendor, vendor_wh_id, name, code) = row?;
            if let Some(vendor) = Vendor::parse(&vendor) {
                out.push(Warehouse {
                    id,
                    account_id,
                    vendor,
                    vendor_wh_id,
                    name,
                    code,
                });
            }
        }
        Ok(out)
    }

    /// Full refresh of one account's catalog: afterwards the account has exactly `listings`, and
    /// exactly the stock cells in `stock` (cells of other warehouses are gone). Stock rows whose
    /// listing is not in `listings` are ignored; unknown warehouse ids are created with the id as
    /// name. One transaction, groups and grid aggregates refreshed inside it.
    pub fn replace_listings(
        &mut self,
        account_id: &str,
        listings: &[ListingInput],
        stock: &[StockInput],
    ) -> Result<WriteStats> {
        self.write_listings(account_id, listings, stock, true)
    }

    /// Incremental write: listings are inserted or updated (others untouched); each given stock cell
    /// replaces that (listing, warehouse) cell; stock may name listings stored earlier. One
    /// transaction, groups and grid aggregates refreshed inside it.
    pub fn upsert_listings(
        &mut self,
        account_id: &str,
        listings: &[ListingInput],
        stock: &[StockInput],
    ) -> Result<WriteStats> {
        self.write_listings(account_id, listings, stock, false)
    }

    fn write_listings(
        &mut self,
        account_id: &str,
        listings: &[ListingInput],
        stock: &[StockInput],
        replace: bool,
    ) -> Result<WriteStats> {
        let tx = self.conn.transaction()?;
        account_vendor(&tx, account_id)?;
        let mut stats = WriteStats::default();
        // What is stored now, so unchanged rows cost a hash comparison and no write.
        let mut stored: HashMap<Key, Stored> = HashMap::new();
        {
            let mut st = tx.prepare_cached(
                "SELECT vendor_product_id, vendor_variation_id, id, row_hash, sku_norm, barcode_norm, group_key
                 FROM listings WHERE account_id = ?1",
            )?;
            let mut q = st.query([account_id])?;
            while let Some(r) = q.next()? {
                stored.insert(
                    (r.get(0)?, r.get(1)?),
                    Stored {
                        id: r.get(2)?,
                        row_hash: r.get(3)?,
                        seen: false,
                        match_keys: (r.get(4)?, r.get(5)?),
                        group_key: r.get(6)?,
                    },
                );
            }
        }
        // Groups whose aggregates must be recomputed; `None` once membership may have changed
        // (a listing added, removed, or its SKU / barcode key changed): then everything is.
        let mut dirty: Option<HashSet<String>> = Some(HashSet::new());
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO listings (account_id, vendor_product_id, vendor_variation_id, sku, barcode,
                     name, price_vnd, image_urls, updated_at, sku_norm, barcode_norm, search_folded, row_hash,
                     group_key, sku_upper)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            let mut update = tx.prepare_cached(
                "UPDATE listings SET sku = ?2, barcode = ?3, name = ?4, price_vnd = ?5, image_urls = ?6,
                     updated_at = ?7, sku_norm = ?8, barcode_norm = ?9, search_folded = ?10, row_hash = ?11,
                     sku_upper = ?12
                 WHERE id = ?1",
            )?;
            // The catalog search's index (schema V6): rewritten with the row.
            let mut ins_fts =
                tx.prepare_cached("INSERT INTO listing_fts (rowid, text) VALUES (?1, ?2)")?;
            let mut del_fts = tx.prepare_cached("DELETE FROM listing_fts WHERE rowid = ?1")?;
            let mut search = String::new();
            for l in listings {
                let sku = l.sku.as_deref().map(str::trim).filter(|s| !s.is_empty());
                let barcode = l
                    .barcode
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                let images =
                    serde_json::to_string(&l.image_urls).unwrap_or_else(|_| "[]".to_string());
                let updated_at = l.updated_at.map(time_text);
                let row_hash = {
                    let mut h = DefaultHasher::new();
                    (sku, barcode, &l.name, l.price_vnd, &images, &updated_at).hash(&mut h);
                    h.finish() as i64
                };
                let key = (l.vendor_product_id.clone(), l.vendor_variation_id.clone());
                if let Some(old) = stored.get_mut(&key) {
                    old.seen = true;
                    if old.row_hash == row_hash {
                        stats.listings_unchanged += 1;
                        continue;
                    }
                }
                search.clear();
                search.push_str(&l.name);
                for extra in [sku, barcode].into_iter().flatten() {
                    search.push(' ');
                    search.push_str(extra);
                }
                let folded = fold(&search);
                let sku_norm = sku.and_then(normalize_sku);
                let barcode_norm = barcode.and_then(normalize_barcode);
                let sku_upper = sku.map(crate::schema::sku_upper);
                let fts_text = crate::schema::listing_fts_text(account_id, &folded);
                match stored.get_mut(&key) {
                    Some(old) => {
                        update.execute(params![
                            old.id,
                            sku,
                            barcode,
                            l.name,
                            l.price_vnd,
                            images,
                            updated_at,
                            sku_norm,
                            barcode_norm,
                            folded,
                            row_hash,
                            sku_upper,
                        ])?;
                        del_fts.execute([old.id])?;
                        ins_fts.execute(params![old.id, fts_text])?;
                        old.row_hash = row_hash;
                        if old.match_keys != (sku_norm, barcode_norm) {
                            dirty = None;
                        } else if let Some(d) = dirty.as_mut() {
                            d.insert(old.group_key.clone());
                        }
                    }
                    None => {
                        // The likely group; the refresh below corrects it (saves an update per
                        // new row in the common case).
                        let guess = match (&sku_norm, &barcode_norm) {
                            (Some(s), _) => format!("sku:{s}"),
                            (None, Some(b)) => format!("bc:{b}"),
                            (None, None) => group::solo_key(&ListingRef {
                                account_id: account_id.to_string(),
                                vendor_product_id: l.vendor_product_id.clone(),
                                vendor_variation_id: l.vendor_variation_id.clone(),
                            }),
                        };
                        insert.execute(params![
                            account_id,
                            l.vendor_product_id,
                            l.vendor_variation_id,
                            sku,
                            barcode,
                            l.name,
                            l.price_vnd,
                            images,
                            updated_at,
                            sku_norm,
                            barcode_norm,
                            folded,
                            row_hash,
                            guess,
                            sku_upper,
                        ])?;
                        let id = tx.last_insert_rowid();
                        ins_fts.execute(params![id, fts_text])?;
                        stored.insert(
                            key,
                            Stored {
                                id,
                                row_hash,
                                seen: true,
                                match_keys: (None, None),
                                group_key: String::new(),
                            },
                        );
                        dirty = None;
                    }
                }
                stats.listings_written += 1;
            }
        }
        if replace {
            let gone: Vec<Key> = stored
                .iter()
                .filter(|(_, v)| !v.seen)
                .map(|(k, _)| k.clone())
                .collect();
            let mut del = tx.prepare_cached("DELETE FROM listings WHERE id = ?1")?;
            let mut del_stock = tx.prepare_cached("DELETE FROM stock WHERE listing_id = ?1")?;
            for k in gone {
                if let Some(old) = stored.remove(&k) {
                    del_stock.execute([old.id])?;
                    stats.listings_deleted += del.execute([old.id])?;
                    dirty = None;
                }
            }
        }
        let ids: HashMap<Key, i64> = stored.iter().map(|(k, v)| (k.clone(), v.id)).collect();
        let touched = write_stock(&tx, account_id, &ids, stock, replace, &mut stats)?;
        if let Some(d) = dirty.as_mut() {
            let key_of: HashMap<i64, &str> = stored
                .values()
                .map(|v| (v.id, v.group_key.as_str()))
                .collect();
            for id in touched {
                if let Some(k) = key_of.get(&id) {
                    d.insert((*k).to_string());
                }
            }
        }
        if stats.listings_written
            + stats.listings_deleted
            + stats.stock_written
            + stats.stock_deleted
            > 0
        {
            let scope = dirty.filter(|d| d.len() <= SCOPED_REFRESH_MAX && !d.contains(""));
            stats.groups = Some(group::refresh_in(&tx, scope.as_ref())?);
        }
        tx.commit()?;
        Ok(stats)
    }

    /// The listings of one account (or all when `None`), by id.
    pub fn listings(&self, account_id: Option<&str>) -> Result<Vec<Listing>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.id, l.account_id, l.vendor_product_id, l.vendor_variation_id, a.vendor, l.sku,
                    l.barcode, l.name, l.price_vnd, l.image_urls, l.updated_at, l.group_key
             FROM listings l JOIN accounts a ON a.id = l.account_id
             WHERE ?1 IS NULL OR l.account_id = ?1 ORDER BY l.id",
        )?;
        let rows = st.query_map([account_id], |r| {
            let vendor: String = r.get(4)?;
            let images: String = r.get(9)?;
            let updated: Option<String> = r.get(10)?;
            Ok(Listing {
                id: r.get(0)?,
                listing: ListingRef {
                    account_id: r.get(1)?,
                    vendor_product_id: r.get(2)?,
                    vendor_variation_id: r.get(3)?,
                },
                vendor: Vendor::parse(&vendor).unwrap_or(Vendor::Pancake),
                sku: r.get(5)?,
                barcode: r.get(6)?,
                name: r.get(7)?,
                price_vnd: r.get(8)?,
                image_urls: serde_json::from_str(&images).unwrap_or_default(),
                updated_at: updated.as_deref().and_then(parse_time),
                group_key: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stored stock cells of one account, by listing then warehouse.
    pub fn stock_rows(&self, account_id: &str) -> Result<Vec<StockRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.vendor_product_id, l.vendor_variation_id, s.warehouse_id, w.vendor_wh_id,
                    s.on_hand, s.available, s.incoming, s.returning_qty
             FROM stock s JOIN listings l ON l.id = s.listing_id JOIN warehouses w ON w.id = s.warehouse_id
             WHERE l.account_id = ?1 ORDER BY l.id, s.warehouse_id",
        )?;
        let rows = st.query_map([account_id], |r| {
            Ok(StockRow {
                listing: ListingRef {
                    account_id: account_id.to_string(),
                    vendor_product_id: r.get(0)?,
                    vendor_variation_id: r.get(1)?,
                },
                warehouse_id: r.get(2)?,
                vendor_wh_id: r.get(3)?,
                on_hand: r.get(4)?,
                available: r.get(5)?,
                incoming: r.get(6)?,
                returning: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Opens a sync run for an account (`kind`: e.g. "full", "incremental"). Returns its id.
    pub fn start_sync_run(&self, account_id: &str, kind: SyncMode) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO sync_runs (account_id, kind, started_at, status) VALUES (?1, ?2, ?3, 'running')",
            params![account_id, kind.as_str(), now_text()],
        )?;
        let id = self.conn.last_insert_rowid();
        // a sync every minute would grow the history forever: keep the newest runs of the account (their
        // logs go with them), and always the last successful full one
        self.conn.execute(
            "DELETE FROM sync_runs WHERE account_id = ?1 AND id <= ?2 - ?3
               AND id NOT IN (SELECT id FROM sync_runs WHERE account_id = ?1 AND kind = 'full'
                              AND status = 'ok' ORDER BY id DESC LIMIT 1)
               AND id NOT IN (SELECT id FROM sync_runs WHERE account_id = ?1
                              ORDER BY id DESC LIMIT ?3)",
            params![account_id, id, KEEP_SYNC_RUNS],
        )?;
        Ok(id)
    }

    /// When the account's last successful run of `kind` (`None` = either) started.
    pub fn last_ok_start(
        &self,
        account_id: &str,
        kind: Option<SyncMode>,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        let started: Option<String> = self
            .conn
            .query_row(
                "SELECT started_at FROM sync_runs WHERE account_id = ?1 AND status = 'ok'
                   AND (?2 IS NULL OR kind = ?2) ORDER BY id DESC LIMIT 1",
                params![account_id, kind.map(SyncMode::as_str)],
                |r| r.get(0),
            )
            .optional()?;
        Ok(started.as_deref().and_then(parse_time))
    }

    /// Closes a run with its final status and counts, and why it failed (a code, never a sentence).
    pub fn finish_sync_run(
        &self,
        run_id: i64,
        status: RunStatus,
        counts: RunCounts,
        error: Option<&RunError>,
    ) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE sync_runs SET finished_at = ?2, status = ?3, listings = ?4, stock_rows = ?5,
                 warnings = ?6, errors = ?7, error_code = ?8, error_detail = ?9, message = NULL
             WHERE id = ?1",
            params![
                run_id,
                now_text(),
                status.as_str(),
                counts.listings,
                counts.stock_rows,
                counts.warnings,
                counts.errors,
                error.map(|e| e.code.as_str()),
                error.and_then(|e| e.detail.as_deref()),
            ],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("sync run {run_id}")));
        }
        Ok(())
    }

    /// Appends one line to a run's log. `item_ref` names the vendor item concerned, if any.
    pub fn append_log(
        &self,
        run_id: i64,
        level: LogLevel,
        item_ref: Option<&str>,
        code: LogCode,
        detail: Option<&str>,
    ) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "INSERT INTO sync_log (run_id, at, level, item_ref, message, code, detail)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6)",
        )?;
        st.execute(params![
            run_id,
            now_text(),
            level.as_str(),
            item_ref,
            code.as_str(),
            detail
        ])?;
        Ok(())
    }

    /// The most recent runs (newest first), of one account or all.
    pub fn sync_runs(&self, account_id: Option<&str>, limit: u32) -> Result<Vec<SyncRun>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, account_id, kind, started_at, finished_at, status, listings, stock_rows,
                    warnings, errors, message, error_code, error_detail
             FROM sync_runs WHERE ?1 IS NULL OR account_id = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = st.query_map(params![account_id, limit], |r| {
            let started: String = r.get(3)?;
            let finished: Option<String> = r.get(4)?;
            let status: String = r.get(5)?;
            let kind: String = r.get(2)?;
            let code: Option<String> = r.get(11)?;
            let detail: Option<String> = r.get(12)?;
            Ok(SyncRun {
                id: r.get(0)?,
                account_id: r.get(1)?,
                kind: SyncMode::parse(&kind),
                started_at: parse_time(&started).unwrap_or_default(),
                finished_at: finished.as_deref().and_then(parse_time),
                status: RunStatus::parse(&status),
                counts: RunCounts {
                    listings: r.get(6)?,
                    stock_rows: r.get(7)?,
                    warnings: r.get(8)?,
                    errors: r.get(9)?,
                },
                // a code this build does not know (none today: a newer file is refused) reads as Internal
                error: code.map(|c| RunError {
                    code: ErrorCode::parse(&c).unwrap_or(ErrorCode::Internal),
                    detail,
                }),
                message: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A run's log, oldest line first.
    pub fn sync_log(&self, run_id: i64) -> Result<Vec<LogLine>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, run_id, at, level, item_ref, message, code, detail
             FROM sync_log WHERE run_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([run_id], |r| {
            let at: String = r.get(2)?;
            let level: String = r.get(3)?;
            let message: String = r.get(5)?;
            let code: Option<String> = r.get(6)?;
            Ok(LogLine {
                id: r.get(0)?,
                run_id: r.get(1)?,
                at: parse_time(&at).unwrap_or_default(),
                level: LogLevel::parse(&level),
                item_ref: r.get(4)?,
                code: code.as_deref().and_then(LogCode::parse),
                detail: r.get(7)?,
                message: (!message.is_empty()).then_some(message),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn account_vendor(tx: &Transaction<'_>, account_id: &str) -> Result<Vendor> {
    let v: Option<String> = tx
        .query_row(
            "SELECT vendor FROM accounts WHERE id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?;
    v.as_deref()
        .and_then(Vendor::parse)
        .ok_or_else(|| Error::NotFound(format!("account {account_id}")))
}

fn write_stock(
    tx: &Transaction<'_>,
    account_id: &str,
    ids: &HashMap<Key, i64>,
    stock: &[StockInput],
    replace: bool,
    stats: &mut WriteStats,
) -> Result<Vec<i64>> {
    let mut touched = Vec::new();
    let mut warehouses: HashMap<String, i64> = HashMap::new();
    {
        let mut st =
            tx.prepare_cached("SELECT vendor_wh_id, id FROM warehouses WHERE account_id = ?1")?;
        let rows = st.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (k, v) = row?;
            warehouses.insert(k, v);
        }
    }
    // Stored cells of the account: (listing id, warehouse id) -> values, seen.
    let mut cells: StoredCells = HashMap::new();
    {
        let mut st = tx.prepare_cached(
            "SELECT s.listing_id, s.warehouse_id, s.on_hand, s.available, s.incoming, s.returning_qty
             FROM stock s JOIN listings l ON l.id = s.listing_id WHERE l.account_id = ?1",
        )?;
        let mut q = st.query([account_id])?;
        while let Some(r) = q.next()? {
            cells.insert(
                (r.get(0)?, r.get(1)?),
                ([r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?], false),
            );
        }
    }
    let mut new_wh = tx.prepare_cached(
        "INSERT INTO warehouses (account_id, vendor_wh_id, name) VALUES (?1, ?2, ?2) RETURNING id",
    )?;
    let mut put = tx.prepare_cached(
        "INSERT OR REPLACE INTO stock (listing_id, warehouse_id, on_hand, available, incoming, returning_qty)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut key: Key = (String::new(), String::new());
    for s in stock {
        key.0.clone_from(&s.vendor_product_id);
        key.1.clone_from(&s.vendor_variation_id);
        let Some(&listing_id) = ids.get(&key) else {
            continue;
        };
        let wh = match warehouses.get(&s.vendor_wh_id) {
            Some(id) => *id,
            None => {
                let id: i64 =
                    new_wh.query_row(params![account_id, s.vendor_wh_id], |r| r.get(0))?;
                warehouses.insert(s.vendor_wh_id.clone(), id);
                id
            }
        };
        let values = [s.on_hand, s.available, s.incoming, s.returning];
        if let Some((old, seen)) = cells.get_mut(&(listing_id, wh)) {
            let same = *old == values;
            *seen = true;
            *old = values;
            if same {
                continue;
            }
        } else {
            cells.insert((listing_id, wh), (values, true));
        }
        put.execute(params![
            listing_id,
            wh,
            s.on_hand,
            s.available,
            s.incoming,
            s.returning
        ])?;
        stats.stock_written += 1;
        touched.push(listing_id);
    }
    if replace {
        let mut del =
            tx.prepare_cached("DELETE FROM stock WHERE listing_id = ?1 AND warehouse_id = ?2")?;
        for ((lid, wid), (_, seen)) in cells {
            if !seen {
                stats.stock_deleted += del.execute([lid, wid])?;
                touched.push(lid);
            }
        }
    }
    Ok(touched)
}
