//! ShopDesk's local SQLite cache (rusqlite, bundled SQLite).
//!
//! The sync engine writes accounts, warehouses, listings and stock here; the UI reads only from here
//! (the unified stock grid, the matching page, sync logs), so the app opens instantly and works
//! offline. This crate never sees secrets: accounts are ids and labels only. See README.md for the
//! schema, the grouping and mismatch rules and the API.

mod app_error;
mod catalog;
mod detail;
pub mod export;
mod grid;
mod group;
mod low;
mod model;
mod push;
mod schema;
pub mod text;
mod write;

use std::path::Path;

use rusqlite::Connection;

pub use catalog::{CatalogItem, CatalogStock, HeldCodes, ListingView};
pub use detail::{
    DetailCell, DetailListing, GroupDetail, StockChange, HISTORY_DAYS, HISTORY_SHOWN,
};
pub use export::ExportFormat;
pub use grid::{Column, GridCell, GridFlags, GridPage, GridQuery, GridRow, GridSort, SortField};
pub use group::{
    is_mismatch, AccountStock, ImportStats, MatchItem, MatchKind, MatchSource, MatchingQuery,
    MAPPING_CSV_HEADER,
};
pub use low::{
    crossing, effective_limits, is_low, reorder_quantity, stock_figure, AccountFigure, Crossings,
    Effective, FigureBasis, LimitSource, Limits, StockLevel, MAX_LIMIT,
};
pub use model::*;
pub use push::{PushCell, PushSource, PushTarget};
pub use write::KEEP_SYNC_RUNS;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("CSV error: {0}")]
    Csv(#[from] csv::Error),
    /// The file was written by a newer ShopDesk; it is left untouched.
    #[error("the database was written by a newer ShopDesk (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a SQLite database or SQLite reports it damaged (`NOTADB`, `CORRUPT`) while
    /// opening; it is left untouched.
    #[error("the database file is damaged: {0}")]
    CorruptFile(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("invalid input: {0}")]
    Invalid(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The open database. One per app; wrap it in a `Mutex` to share (writes take `&mut self`).
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database file at `path` — the app passes a file inside its data
    /// dir — and applies pending migrations. WAL mode, foreign keys on, 5 s busy timeout.
    ///
    /// A file from a newer ShopDesk answers [`Error::NewerSchema`], one that is not a database (or is
    /// damaged) [`Error::CorruptFile`]; neither is modified.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Ok(Store {
            conn: localdb::open(path, &schema::DB)?,
        })
    }

    /// A private in-memory database (tests, throw-away demo data).
    pub fn open_in_memory() -> Result<Store> {
        Ok(Store {
            conn: localdb::open_in_memory(&schema::DB)?,
        })
    }

    /// The schema version (`PRAGMA user_version`) after migrations.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The journal mode in force (`wal` for a file database).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// Whether foreign keys are enforced on this connection.
    pub fn foreign_keys_enabled(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0))?
            == 1)
    }
}

/// A failure while opening: a newer schema, a damaged file, or another database error.
impl From<localdb::OpenError> for Error {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                Error::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => Error::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => Error::Sqlite(e),
        }
    }
}

pub(crate) fn now_text() -> String {
    time_text(chrono::Utc::now())
}

pub(crate) fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// `EXPLAIN QUERY PLAN` of one statement: its plan's lines (`detail` column), one per line.
pub(crate) fn explain(
    conn: &Connection,
    sql: &str,
    args: &[rusqlite::types::Value],
) -> Result<String> {
    let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let rows = st.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        r.get::<_, String>(3)
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
}
