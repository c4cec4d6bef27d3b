//! ShopDesk's one way to open a local SQLite file (the stock cache, the order outbox, the orders cache,
//! the file library, the push journal, the geo cache).
//!
//! [`open`] (or [`open_in_memory`]) with a [`Spec`]:
//!
//! 1. the first read of the file is its `PRAGMA user_version`: a file that is not a database fails
//!    here ([`OpenError::Corrupt`]) and one written by a newer build ([`OpenError::NewerSchema`]) is
//!    refused, both before anything is written to it;
//! 2. optionally SQLite's `quick_check` (a damaged file is [`OpenError::Corrupt`], still untouched);
//! 3. WAL (files only) and the spec's pragmas;
//! 4. the pending [`Migration`]s, each in its own transaction together with its `user_version` bump,
//!    so a crash never leaves half a migration.
//!
//! A store that must never be opened twice at once takes a [`FileLock`] on `<file>.lock` first.
//!
//! Why not `rusqlite_migration`: its releases are pinned to one rusqlite minor each, our needs are a
//! handful of forward-only steps, and the whole mechanism is short enough to test directly here.

mod lock;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use lock::{lock_path, FileLock, LockError};

/// One step of a schema: migration `i` (0-based, its place in [`Spec::migrations`]) brings the file
/// from version `i` to `i + 1`. A released step is never edited: append a new one.
#[derive(Debug, Clone, Copy)]
pub enum Migration {
    /// A SQL script (any number of statements).
    Sql(&'static str),
    /// Rust code, for a step a script alone cannot say (it may run SQL of its own on the transaction).
    Code(fn(&Transaction<'_>) -> rusqlite::Result<()>),
}

/// `PRAGMA synchronous`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synchronous {
    Off,
    /// Enough for a cache in WAL mode: a power cut may lose the last commits, never the file.
    Normal,
    /// Every commit is on disk before it returns (a journal written before a request leaves).
    Full,
}

impl Synchronous {
    fn as_str(self) -> &'static str {
        match self {
            Synchronous::Off => "OFF",
            Synchronous::Normal => "NORMAL",
            Synchronous::Full => "FULL",
        }
    }
}

/// How one store's file is opened: its migrations and its pragmas. Built with [`Spec::new`] and the
/// `const` setters, so a store declares it as a `const`.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The ordered steps; their number is the schema version this build writes.
    pub migrations: &'static [Migration],
    /// `journal_mode = WAL` (a file only; an in-memory database has no journal file). Default on.
    pub wal: bool,
    /// `PRAGMA synchronous`; `None` leaves SQLite's default. Default `None`.
    pub synchronous: Option<Synchronous>,
    /// `PRAGMA foreign_keys = ON`, said explicitly for a schema that relies on it. Default: SQLite's
    /// (the bundled build enables them already).
    pub foreign_keys: bool,
    /// How long a statement waits for another connection's lock. Default 5 s.
    pub busy_timeout: Duration,
    /// Run `PRAGMA quick_check(1)` before anything is written (cheap at journal sizes, not at a
    /// large cache's). Default off.
    pub quick_check: bool,
    /// Further pragmas (a SQL batch) run after the ones above, before the migrations. Default none.
    pub tuning: &'static str,
}

impl Spec {
    /// WAL, a 5 s busy timeout and SQLite's defaults for the rest.
    pub const fn new(migrations: &'static [Migration]) -> Spec {
        Spec {
            migrations,
            wal: true,
            synchronous: None,
            foreign_keys: false,
            busy_timeout: Duration::from_secs(5),
            quick_check: false,
            tuning: "",
        }
    }

    pub const fn synchronous(mut self, mode: Synchronous) -> Spec {
        self.synchronous = Some(mode);
        self
    }

    pub const fn foreign_keys(mut self) -> Spec {
        self.foreign_keys = true;
        self
    }

    pub const fn quick_check(mut self) -> Spec {
        self.quick_check = true;
        self
    }

    /// Keep SQLite's default rollback journal.
    pub const fn without_wal(mut self) -> Spec {
        self.wal = false;
        self
    }

    pub const fn tuning(mut self, pragmas: &'static str) -> Spec {
        self.tuning = pragmas;
        self
    }

    /// The schema version this build writes: the number of migrations.
    pub const fn version(&self) -> i64 {
        self.migrations.len() as i64
    }
}

/// What can go wrong while opening. Each store maps it into its own error (`From`), keeping its own
/// variants.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file was written by a newer build; it is left untouched.
    #[error("the database was written by a newer version (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a SQLite database, or SQLite reports it damaged (`NOTADB`, `CORRUPT`, a failed
    /// `quick_check`, a negative schema version). Left untouched when found before the migrations.
    #[error("the database file is damaged: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

/// "Damaged" apart from every other database error.
impl From<rusqlite::Error> for OpenError {
    fn from(e: rusqlite::Error) -> Self {
        if is_corrupt(&e) {
            OpenError::Corrupt(e.to_string())
        } else {
            OpenError::Sqlite(e)
        }
    }
}

/// SQLite's answers for a file that is not a database or is damaged.
pub fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Opens (creating if needed) the database file at `path` as `spec` says and brings its schema up to
/// date. A file from a newer build answers [`OpenError::NewerSchema`], one that is not a database (or
/// is damaged) [`OpenError::Corrupt`]; neither is modified.
pub fn open(path: impl AsRef<Path>, spec: &Spec) -> Result<Connection, OpenError> {
    setup(Connection::open(path)?, spec, true)
}

/// A private in-memory database, set up and migrated like a file (without WAL).
pub fn open_in_memory(spec: &Spec) -> Result<Connection, OpenError> {
    setup(Connection::open_in_memory()?, spec, false)
}

fn setup(mut conn: Connection, spec: &Spec, file: bool) -> Result<Connection, OpenError> {
    conn.busy_timeout(spec.busy_timeout)?;
    // the first read of the file (a file that is not a database fails here), before any write
    refuse_newer(user_version(&conn)?, spec.version())?;
    if spec.quick_check {
        let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(OpenError::Corrupt(check));
        }
    }
    if spec.wal && file {
        // answers the resulting mode; a query, not an update
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    }
    if let Some(mode) = spec.synchronous {
        conn.pragma_update(None, "synchronous", mode.as_str())?;
    }
    if spec.foreign_keys {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    if !spec.tuning.is_empty() {
        conn.execute_batch(spec.tuning)?;
    }
    migrate(&mut conn, spec.migrations)?;
    Ok(conn)
}

/// `PRAGMA user_version`.
pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn refuse_newer(found: i64, supported: i64) -> Result<(), OpenError> {
    if found > supported {
        return Err(OpenError::NewerSchema { found, supported });
    }
    Ok(())
}

/// Applies every pending migration and answers the resulting schema version. Each step reads the
/// version inside an IMMEDIATE transaction and commits its changes with the version bump, so two
/// connections opening the same file at once cannot both apply one step, and a failed step leaves
/// neither its changes nor the bump (the next open resumes at that step).
pub fn migrate(conn: &mut Connection, migrations: &[Migration]) -> Result<i64, OpenError> {
    let target = migrations.len() as i64;
    // fast path without taking the write lock (another connection may be mid-write)
    let current = user_version(conn)?;
    if current == target {
        return Ok(current);
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        refuse_newer(version, target)?;
        if version == target {
            return Ok(version);
        }
        let step = usize::try_from(version)
            .ok()
            .and_then(|i| migrations.get(i))
            .ok_or_else(|| OpenError::Corrupt(format!("schema version {version}")))?;
        match step {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Code(run) => run(&tx)?,
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests;
