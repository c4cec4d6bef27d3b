//! The local orders cache: its own SQLite file (WAL, schema versioned by `PRAGMA user_version`).
//! The UI reads only from here; the sync and the cancel write into it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, TimeZone, Utc};
use localdb::{Migration, Spec, Synchronous};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use shopdesk_core::text::fold;
use shopdesk_core::{Money, Vendor};

use shopdesk_core::order::{
    FetchedOrder, OrderDetail, OrderLine, OrderRow, OrderStatus, StatusEvent,
};

use crate::model::{OrderFilter, OrderPage, StatusCount};

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("orders database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("orders cache row unreadable: {0}")]
    Corrupt(String),
    /// The file was written by a newer ShopDesk; it is left untouched.
    #[error("the orders cache was written by a newer ShopDesk (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a SQLite database or SQLite reports it damaged (`NOTADB`, `CORRUPT`) while
    /// opening; it is left untouched.
    #[error("the orders cache file is damaged: {0}")]
    CorruptFile(String),
    /// `upsert` of an order whose `row.account_id` is empty (set it with `OrderDetail::for_account`).
    #[error("order {0} has no account id")]
    NoAccount(String),
}

pub type Result<T, E = CacheError> = std::result::Result<T, E>;

/// The normalized statuses of an order taken and not handed to the carrier yet (see
/// [`OrderCache::unshipped_units`]).
pub const UNSHIPPED: [OrderStatus; 3] = [
    OrderStatus::New,
    OrderStatus::Confirmed,
    OrderStatus::Packing,
];

/// Rows per page when the filter says 0.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page.
pub const MAX_LIMIT: u32 = 1000;

/// How much of an account's orders a fetch covered, so the cache knows which missing orders are gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every order of the account: orders not in the fetch are removed.
    Full,
    /// Every order created at or after this time: missing orders created since then are removed,
    /// older ones kept.
    CreatedSince(DateTime<Utc>),
    /// Some orders only (e.g. an incremental fetch): nothing is removed.
    Partial,
}

/// What `replace_account` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReplaceReport {
    pub upserted: usize,
    pub removed: usize,
}

const MIGRATIONS: &[Migration] = &[
    Migration::Sql(
        r#"
CREATE TABLE orders (
    account_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    vendor_order_id TEXT NOT NULL,
    client_ref TEXT,
    customer_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    total INTEGER NOT NULL,
    cod INTEGER NOT NULL,
    status TEXT NOT NULL,
    vendor_status TEXT NOT NULL,
    vendor_status_code INTEGER NOT NULL,
    created_at INTEGER NOT NULL, -- unix microseconds
    updated_at INTEGER NOT NULL,
    item_count INTEGER NOT NULL,
    cancellable INTEGER NOT NULL,
    name_fold TEXT NOT NULL,
    phone_key TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (account_id, vendor_order_id)
) WITHOUT ROWID;
CREATE INDEX orders_newest ON orders(created_at DESC, account_id, vendor_order_id);
CREATE INDEX orders_account_newest ON orders(account_id, created_at DESC);
CREATE INDEX orders_status_newest ON orders(status, created_at DESC);
"#,
    ),
    Migration::Sql(
        r#"
CREATE TABLE sync_marks (
    account_id TEXT PRIMARY KEY,
    last_full INTEGER NOT NULL,  -- unix microseconds: start of the last full fetch
    last_sync INTEGER NOT NULL   -- start of the last fetch of any kind
) WITHOUT ROWID;
"#,
    ),
];

/// The current schema version (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How the cache file is opened: WAL, `synchronous = NORMAL` (a cache: a power cut may cost the last
/// sync, never the file), 5 s busy timeout.
const DB: Spec = Spec::new(MIGRATIONS).synchronous(Synchronous::Normal);

impl From<localdb::OpenError> for CacheError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                CacheError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => CacheError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => CacheError::Db(e),
        }
    }
}

/// The detail data kept as JSON beside the row columns.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct DetailBlob {
    items: Vec<OrderLine>,
    history: Vec<StatusEvent>,
    carrier: Option<String>,
    tracking_code: Option<String>,
}

/// When an account's orders were last fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncMarks {
    pub last_full: DateTime<Utc>,
    pub last_sync: DateTime<Utc>,
}

/// One account's orders of one local day in one normalized status ([`OrderCache::day_totals`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayTotal {
    pub account_id: String,
    pub day: chrono::NaiveDate,
    pub status: OrderStatus,
    pub orders: u32,
    /// Σ of the orders' `total`.
    pub total: Money,
}

/// The orders cache. Cheap to clone (one connection behind a mutex; every call is short).
#[derive(Clone)]
pub struct OrderCache {
    conn: Arc<Mutex<Connection>>,
}

impl OrderCache {
    /// Open (or create) the cache file and bring its schema up to date. A file from a newer ShopDesk
    /// answers [`CacheError::NewerSchema`], one that is not a database (or is damaged)
    /// [`CacheError::CorruptFile`]; neither is modified.
    pub fn open(path: impl AsRef<Path>) -> Result<OrderCache> {
        Ok(Self::with(localdb::open(path, &DB)?))
    }

    /// A cache that lives in memory (tests, the demo workspace).
    pub fn open_in_memory() -> Result<OrderCache> {
        Ok(Self::with(localdb::open_in_memory(&DB)?))
    }

    fn with(conn: Connection) -> OrderCache {
        OrderCache {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .lock()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Replace the account's orders with a full fetch (one transaction): every fetched order is
    /// written, every cached order of the account that the fetch did not return is removed.
    pub fn replace_account(
        &self,
        account_id: &str,
        vendor: Vendor,
        orders: Vec<FetchedOrder>,
    ) -> Result<ReplaceReport> {
        self.replace_account_with(account_id, vendor, orders, Coverage::Full)
    }

    /// [`Self::replace_account`] for a fetch that covered `coverage` only: missing orders are removed
    /// only inside what the fetch covered.
    pub fn replace_account_with(
        &self,
        account_id: &str,
        vendor: Vendor,
        orders: Vec<FetchedOrder>,
        coverage: Coverage,
    ) -> Result<ReplaceReport> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut report = ReplaceReport::default();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        {
            let mut stmt = tx.prepare_cached(UPSERT_SQL)?;
            for mut o in orders {
                o.row.account_id = account_id.to_string();
                o.row.vendor = vendor;
                seen.insert(o.row.vendor_order_id.clone());
                upsert_with(&mut stmt, &o)?;
                report.upserted += 1;
            }
        }
        if coverage != Coverage::Partial {
            let existing: Vec<(String, i64)> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT vendor_order_id, created_at FROM orders WHERE account_id = ?1",
                )?;
                let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let since = match coverage {
                Coverage::CreatedSince(t) => Some(t.timestamp_micros()),
                _ => None,
            };
            let mut del = tx.prepare_cached(
                "DELETE FROM orders WHERE account_id = ?1 AND vendor_order_id = ?2",
            )?;
            for (id, created) in existing {
                if seen.contains(&id) || since.is_some_and(|s| created < s) {
                    continue;
                }
                report.removed += del.execute(params![account_id, id])?;
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// Write one order (after a create, a cancel or a single re-read). Its `row.account_id` must be set.
    pub fn upsert(&self, order: &OrderDetail) -> Result<()> {
        if order.row.account_id.is_empty() {
            return Err(CacheError::NoAccount(order.row.vendor_order_id.clone()));
        }
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(UPSERT_SQL)?;
        upsert_with(&mut stmt, order)
    }

    /// Remove every order of an account (the account was disconnected).
    pub fn delete_account(&self, account_id: &str) -> Result<usize> {
        let conn = self.lock();
        conn.execute("DELETE FROM sync_marks WHERE account_id = ?1", [account_id])?;
        Ok(conn.execute("DELETE FROM orders WHERE account_id = ?1", [account_id])?)
    }

    /// When the account's last full fetch and last fetch of any kind started, if it was ever synced.
    pub fn sync_marks(&self, account_id: &str) -> Result<Option<SyncMarks>> {
        let row: Option<(i64, i64)> = self
            .lock()
            .query_row(
                "SELECT last_full, last_sync FROM sync_marks WHERE account_id = ?1",
                [account_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(full, any)| {
            Some(SyncMarks {
                last_full: DateTime::from_timestamp_micros(full)?,
                last_sync: DateTime::from_timestamp_micros(any)?,
            })
        }))
    }

    /// Record a fetch that started at `started` (`full`: it covered every order of the window).
    pub fn mark_synced(&self, account_id: &str, started: DateTime<Utc>, full: bool) -> Result<()> {
        let t = started.timestamp_micros();
        self.lock().execute(
            "INSERT INTO sync_marks (account_id, last_full, last_sync) VALUES (?1, ?2, ?2)
             ON CONFLICT(account_id) DO UPDATE SET last_sync = ?2,
                 last_full = CASE WHEN ?3 THEN ?2 ELSE last_full END",
            params![account_id, t, full],
        )?;
        Ok(())
    }

    /// One page of matching rows, newest first (ties by account and id), and the match count.
    pub fn list(&self, filter: &OrderFilter) -> Result<OrderPage> {
        let (where_sql, args) = where_clause(filter, true);
        let conn = self.lock();
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM orders{where_sql}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let limit = match filter.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM orders{where_sql} \
             ORDER BY created_at DESC, account_id, vendor_order_id LIMIT {limit} OFFSET {}",
            filter.offset
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let rows = rows.into_iter().collect::<Result<Vec<_>>>()?;
        Ok(OrderPage {
            rows,
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }

    /// Matching orders per normalized status, ignoring `filter.statuses` (so every tab gets its count),
    /// `limit` and `offset`. Statuses with no order are left out; the order is [`OrderStatus::ALL`]'s.
    pub fn status_counts(&self, filter: &OrderFilter) -> Result<Vec<StatusCount>> {
        let (where_sql, args) = where_clause(filter, false);
        let conn = self.lock();
        let mut stmt = conn.prepare(&format!(
            "SELECT status, COUNT(*) FROM orders{where_sql} GROUP BY status"
        ))?;
        let counts: HashMap<String, i64> = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(OrderStatus::ALL
            .into_iter()
            .filter_map(|s| {
                counts.get(s.as_str()).map(|c| StatusCount {
                    status: s,
                    count: u32::try_from(*c).unwrap_or(u32::MAX),
                })
            })
            .collect())
    }

    /// The detail of one order, if cached.
    pub fn detail(&self, account_id: &str, vendor_order_id: &str) -> Result<Option<OrderDetail>> {
        let conn = self.lock();
        let found = conn
            .query_row(
                &format!(
                    "SELECT {ROW_COLUMNS}, detail FROM orders \
                     WHERE account_id = ?1 AND vendor_order_id = ?2"
                ),
                params![account_id, vendor_order_id],
                |r| {
                    let row = read_row(r)?;
                    let blob: String = r.get(16)?;
                    Ok((row, blob))
                },
            )
            .optional()?;
        let Some((row, blob)) = found else {
            return Ok(None);
        };
        let row = row?;
        let blob: DetailBlob = serde_json::from_str(&blob)
            .map_err(|e| CacheError::Corrupt(format!("detail of {vendor_order_id}: {e}")))?;
        Ok(Some(OrderDetail {
            row,
            items: blob.items,
            history: blob.history,
            carrier: blob.carrier,
            tracking_code: blob.tracking_code,
        }))
    }

    /// The units of each SKU in `account_id`'s orders that are taken and not handed to the carrier yet
    /// (normalized status [`UNSHIPPED`]: new, confirmed, packing), keyed by the SKU trimmed and
    /// upper-cased (`stock_push::sku_key`). Lines with no SKU or a quantity ≤ 0 are left out. The stock
    /// push subtracts these from the warehouse's figure: the warehouse still counts the units.
    pub fn unshipped_units(&self, account_id: &str) -> Result<HashMap<String, i64>> {
        let conn = self.lock();
        let statuses: Vec<String> = UNSHIPPED
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT vendor_order_id, detail FROM orders WHERE account_id = ?1 AND status IN ({})",
            statuses.join(", ")
        ))?;
        let rows = stmt
            .query_map([account_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut units: HashMap<String, i64> = HashMap::new();
        for (id, blob) in rows {
            let blob: DetailBlob = serde_json::from_str(&blob)
                .map_err(|e| CacheError::Corrupt(format!("detail of {id}: {e}")))?;
            for line in blob.items {
                let key = line.sku.trim().to_uppercase();
                if key.is_empty() || line.quantity <= 0 {
                    continue;
                }
                let n = units.entry(key).or_insert(0);
                *n = n.saturating_add(line.quantity);
            }
        }
        Ok(units)
    }

    /// Orders created in `[from, to)`, per account, local day and normalized status: how many and the sum
    /// of their totals. The day is the calendar day `offset_secs` east of UTC (Vietnam: `7 * 3600`), so a
    /// home page can show today's, this week's and each day's figures without reading every row.
    pub fn day_totals(
        &self,
        from: DateTime<Utc>,
        to: Option<DateTime<Utc>>,
        offset_secs: i32,
    ) -> Result<Vec<DayTotal>> {
        let to = to.map_or(i64::MAX, |t| t.timestamp_micros());
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT account_id, created_at, status, total FROM orders \
             WHERE created_at >= ?1 AND created_at < ?2",
        )?;
        let rows = stmt
            .query_map(params![from.timestamp_micros(), to], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut sums: HashMap<(String, chrono::NaiveDate, OrderStatus), (u32, i64)> =
            HashMap::new();
        for (account_id, created, status, total) in rows {
            let secs = created
                .div_euclid(1_000_000)
                .saturating_add(i64::from(offset_secs));
            let status = OrderStatus::parse(&status)
                .ok_or_else(|| CacheError::Corrupt(format!("status {status:?}")))?;
            let day = chrono::DateTime::from_timestamp(secs - secs.rem_euclid(86_400), 0)
                .map(|t| t.date_naive())
                .ok_or_else(|| CacheError::Corrupt(format!("created_at {secs}")))?;
            let e = sums.entry((account_id, day, status)).or_insert((0, 0));
            e.0 = e.0.saturating_add(1);
            e.1 = e.1.saturating_add(total);
        }
        let mut out: Vec<DayTotal> = sums
            .into_iter()
            .map(|((account_id, day, status), (orders, total))| DayTotal {
                account_id,
                day,
                status,
                orders,
                total: Money::vnd(total),
            })
            .collect();
        out.sort_by(|a, b| {
            (a.day, &a.account_id, a.status.as_str()).cmp(&(
                b.day,
                &b.account_id,
                b.status.as_str(),
            ))
        });
        Ok(out)
    }

    /// Units sold per SKU in every account's orders created at or after `since` (the low-stock view's
    /// sales speed), keyed like [`OrderCache::unshipped_units`] (the SKU trimmed and upper-cased).
    /// Cancelled orders do not count; lines with no SKU or a quantity ≤ 0 are left out.
    pub fn sold_units_since(&self, since: DateTime<Utc>) -> Result<HashMap<String, i64>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT vendor_order_id, detail FROM orders WHERE created_at >= ?1 AND status <> ?2",
        )?;
        let rows = stmt
            .query_map(
                rusqlite::params![since.timestamp_micros(), OrderStatus::Cancelled.as_str()],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut units: HashMap<String, i64> = HashMap::new();
        for (id, blob) in rows {
            let blob: DetailBlob = serde_json::from_str(&blob)
                .map_err(|e| CacheError::Corrupt(format!("detail of {id}: {e}")))?;
            for line in blob.items {
                let key = line.sku.trim().to_uppercase();
                if key.is_empty() || line.quantity <= 0 {
                    continue;
                }
                let n = units.entry(key).or_insert(0);
                *n = n.saturating_add(line.quantity);
            }
        }
        Ok(units)
    }

    /// How many orders an account has in the cache.
    pub fn count_account(&self, account_id: &str) -> Result<usize> {
        let n: i64 = self.lock().query_row(
            "SELECT COUNT(*) FROM orders WHERE account_id = ?1",
            [account_id],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

const UPSERT_SQL: &str = "INSERT INTO orders (account_id, vendor, vendor_order_id, client_ref, \
    customer_name, phone, address, total, cod, status, vendor_status, vendor_status_code, created_at, \
    updated_at, item_count, cancellable, name_fold, phone_key, detail) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) \
    ON CONFLICT(account_id, vendor_order_id) DO UPDATE SET vendor = excluded.vendor, \
    client_ref = excluded.client_ref, customer_name = excluded.customer_name, phone = excluded.phone, \
    address = excluded.address, total = excluded.total, cod = excluded.cod, status = excluded.status, \
    vendor_status = excluded.vendor_status, vendor_status_code = excluded.vendor_status_code, \
    created_at = excluded.created_at, updated_at = excluded.updated_at, \
    item_count = excluded.item_count, cancellable = excluded.cancellable, \
    name_fold = excluded.name_fold, phone_key = excluded.phone_key, detail = excluded.detail";

const ROW_COLUMNS: &str = "account_id, vendor, vendor_order_id, client_ref, customer_name, phone, \
    address, total, cod, status, vendor_status, vendor_status_code, created_at, updated_at, item_count, \
    cancellable";

fn upsert_with(stmt: &mut rusqlite::CachedStatement<'_>, o: &OrderDetail) -> Result<()> {
    let r = &o.row;
    let blob = DetailBlob {
        items: o.items.clone(),
        history: o.history.clone(),
        carrier: o.carrier.clone(),
        tracking_code: o.tracking_code.clone(),
    };
    let blob = serde_json::to_string(&blob).map_err(|e| CacheError::Corrupt(e.to_string()))?;
    stmt.execute(params![
        r.account_id,
        r.vendor.as_str(),
        r.vendor_order_id,
        r.client_ref,
        r.customer_name,
        r.phone,
        r.address,
        r.total.dong(),
        r.cod.dong(),
        r.status.as_str(),
        r.vendor_status,
        r.vendor_status_code,
        r.created_at.timestamp_micros(),
        r.updated_at.timestamp_micros(),
        r.item_count,
        r.cancellable,
        fold(&r.customer_name),
        phone_key(&r.phone),
        blob,
    ])?;
    Ok(())
}

fn micros(us: i64) -> DateTime<Utc> {
    Utc.timestamp_micros(us).single().unwrap_or_default()
}

/// Reads the [`ROW_COLUMNS`]; an unreadable vendor/status is a `Corrupt` error, not a panic.
fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<OrderRow>> {
    let vendor: String = r.get(1)?;
    let status: String = r.get(9)?;
    let (Some(vendor), Some(status)) = (Vendor::parse(&vendor), OrderStatus::parse(&status)) else {
        return Ok(Err(CacheError::Corrupt(format!(
            "vendor {vendor:?} / status {status:?}"
        ))));
    };
    Ok(Ok(OrderRow {
        account_id: r.get(0)?,
        vendor,
        vendor_order_id: r.get(2)?,
        client_ref: r.get(3)?,
        customer_name: r.get(4)?,
        phone: r.get(5)?,
        address: r.get(6)?,
        total: Money::vnd(r.get(7)?),
        cod: Money::vnd(r.get(8)?),
        status,
        vendor_status: r.get(10)?,
        vendor_status_code: r.get(11)?,
        created_at: micros(r.get(12)?),
        updated_at: micros(r.get(13)?),
        item_count: r.get(14)?,
        cancellable: r.get(15)?,
    }))
}

/// A phone number's search key: its digits in national form without the leading `0` / `84` / `+84`
/// (`+84 912 345 678`, `84912345678` and `0912345678` all give `912345678`).
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("84").filter(|_| digits.len() >= 11) {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_string()
    } else {
        digits
    }
}

/// How a typed search matches a phone: `(key, anchored)`. A needle that starts like a phone number
/// (`0…`, `+84…`, `84` + 9 digits) is a prefix of the national form; bare digits match anywhere.
fn phone_needle(search: &str) -> Option<(String, bool)> {
    let t = search.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')'))
    {
        return None;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 3 {
        return None;
    }
    if t.starts_with('+') {
        let rest = digits.strip_prefix("84").unwrap_or(&digits);
        return Some((rest.to_string(), true));
    }
    if let Some(rest) = digits.strip_prefix('0') {
        return Some((rest.to_string(), true));
    }
    if digits.len() >= 11 {
        if let Some(rest) = digits.strip_prefix("84") {
            return Some((rest.to_string(), true));
        }
    }
    Some((digits, false))
}

fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn where_clause(filter: &OrderFilter, with_statuses: bool) -> (String, Vec<SqlValue>) {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    let placeholder = |args: &mut Vec<SqlValue>, v: SqlValue| {
        args.push(v);
        format!("?{}", args.len())
    };
    if !filter.account_ids.is_empty() {
        let ps: Vec<String> = filter
            .account_ids
            .iter()
            .map(|a| placeholder(&mut args, SqlValue::Text(a.clone())))
            .collect();
        conds.push(format!("account_id IN ({})", ps.join(", ")));
    }
    if with_statuses && !filter.statuses.is_empty() {
        let ps: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| placeholder(&mut args, SqlValue::Text(s.as_str().to_string())))
            .collect();
        conds.push(format!("status IN ({})", ps.join(", ")));
    }
    if let Some(from) = filter.from {
        let p = placeholder(&mut args, SqlValue::Integer(from.timestamp_micros()));
        conds.push(format!("created_at >= {p}"));
    }
    if let Some(to) = filter.to {
        let p = placeholder(&mut args, SqlValue::Integer(to.timestamp_micros()));
        conds.push(format!("created_at < {p}"));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let mut any: Vec<String> = Vec::new();
        let raw = like_escape(search);
        let p = placeholder(&mut args, SqlValue::Text(format!("{raw}%")));
        any.push(format!("vendor_order_id LIKE {p} ESCAPE '\\'"));
        any.push(format!("client_ref LIKE {p} ESCAPE '\\'"));
        let folded = fold(search);
        if !folded.is_empty() {
            // at the start of a word of the name: "ha" finds "Đặng Thu Hà", not "Phạm"
            let f = like_escape(&folded);
            let p1 = placeholder(&mut args, SqlValue::Text(format!("{f}%")));
            let p2 = placeholder(&mut args, SqlValue::Text(format!("% {f}%")));
            any.push(format!(
                "name_fold LIKE {p1} ESCAPE '\\' OR name_fold LIKE {p2} ESCAPE '\\'"
            ));
        }
        if let Some((key, anchored)) = phone_needle(search) {
            let pattern = if anchored {
                format!("{key}%")
            } else {
                format!("%{key}%")
            };
            let p = placeholder(&mut args, SqlValue::Text(pattern));
            any.push(format!("phone_key LIKE {p}"));
        }
        conds.push(format!("({})", any.join(" OR ")));
    }
    if conds.is_empty() {
        (String::new(), args)
    } else {
        (format!(" WHERE {}", conds.join(" AND ")), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_keys_agree_across_spellings() {
        for p in [
            "+84 912 345 678",
            "84912345678",
            "0912.345.678",
            "(091) 234-5678",
        ] {
            assert_eq!(phone_key(p), "912345678", "{p}");
        }
        assert_eq!(phone_needle("0912"), Some(("912".into(), true)));
        assert_eq!(phone_needle("+84 91"), Some(("91".into(), true)));
        assert_eq!(phone_needle("5678"), Some(("5678".into(), false)));
        assert_eq!(phone_needle("Lan"), None);
        assert_eq!(phone_needle("12"), None);
    }
}
