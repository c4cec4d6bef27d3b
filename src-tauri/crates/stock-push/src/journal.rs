//! The push journal: runs, their rows and the batches sent, in one SQLite file of its own
//! (`push.sqlite`), written and committed before any request leaves.
//!
//! The file is guarded by an exclusive OS lock on a sidecar `<file>.lock` for the life of the
//! [`Journal`] (as the order outbox), so a second process never resumes this one's `sending` batches.
//! WAL mode; `PRAGMA user_version` migrations; a newer schema is refused untouched.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use localdb::{FileLock, Migration, Spec, Synchronous};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use shopdesk_core::Vendor;

use crate::plan::Cell;
use crate::rules::{SkipReason, Step};

/// Row id of a run.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
pub struct RunId(#[specta(type = specta_typescript::Number)] pub i64);

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("push journal database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A stored value could not be read back.
    #[error("push journal row unreadable: {0}")]
    Corrupt(String),
    /// Another process (or another `Journal` in this one) holds the file's lock.
    #[error("the push journal {} is in use by another ShopDesk process", .path.display())]
    Locked { path: PathBuf },
    #[error("the push journal was written by a newer ShopDesk (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a SQLite database, or SQLite reports it damaged: left untouched.
    #[error("the push journal file is damaged: {0}")]
    CorruptFile(String),
    #[error("push journal file: {0}")]
    Io(#[from] std::io::Error),
    #[error("run {0:?} not found")]
    NotFound(RunId),
    /// The run is being applied or recovered by this process right now.
    #[error("run {0:?} is busy")]
    Busy(RunId),
    /// The writer is not the run's vendor.
    #[error("run {run:?} is for {expected}, the writer is {got}")]
    WrongWriter {
        run: RunId,
        expected: Vendor,
        got: Vendor,
    },
    /// An undo of a run whose batches are still unsettled, or with nothing done.
    #[error("run {0:?} cannot be undone now")]
    NotUndoable(RunId),
    /// Rules the user entered are out of bounds: the field and the code of the problem.
    #[error("invalid push rules: {0:?}")]
    InvalidRules(crate::rules::RuleProblem),
    /// A vendor call outside a batch (the two-desktops check) failed.
    #[error("vendor: {0}")]
    Vendor(#[from] vendor_http::Error),
}

pub type Result<T, E = PushError> = std::result::Result<T, E>;

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        // camelCase on the wire like every IPC enum; `as_str` is what the journal stores
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        #[serde(rename_all = "camelCase")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} {s:?}", stringify!($name)).into(),
                ))
            }
        }
    };
}

str_enum!(
    /// A push, or the undo of one.
    RunKind { Push = "push", Undo = "undo" }
);

str_enum!(
    /// ```text
    /// planned ──apply──▶ running ──▶ done | partial | failed | cancelled
    /// ```
    /// (Named apart from the stock sync's `PushRunStatus`: both reach the UI's bindings.)
    PushRunStatus {
        Planned = "planned",
        Running = "running",
        /// Every selected row is done or already at its target.
        Done = "done",
        /// Some rows done, others failed / need attention / still uncertain (`finished_at` unset
        /// while a batch is unsettled).
        Partial = "partial",
        Cancelled = "cancelled",
        /// Nothing landed: every selected row failed.
        Failed = "failed",
    }
);

str_enum!(
    /// The state of one row (see the README's diagram).
    RowState {
        /// Selected, not sent yet.
        Planned = "planned",
        /// Not selected, skipped by the rules, or left by a cancel.
        Skipped = "skipped",
        /// In a batch whose outcome is not settled.
        Sending = "sending",
        Done = "done",
        /// The vendor's figure already equalled the target: nothing sent.
        Already = "already",
        /// Certainly not applied (`error_code` says why).
        Failed = "failed",
        /// May or may not have landed: never resent by the engine; a person checks.
        NeedsAttention = "needs_attention",
    }
);

str_enum!(
    /// The state of one batch (one vendor request, resent only by the engine, with the same marker).
    BatchState {
        /// Committed before the request leaves; found in this state after a crash → uncertain.
        Sending = "sending",
        /// The answer was lost (timeout, dropped connection, 5xx, unreadable): looked up before anything.
        Uncertain = "uncertain",
        Done = "done",
        Failed = "failed",
        NeedsAttention = "needs_attention",
    }
);

/// Rows of a run by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowCounts {
    pub planned: u32,
    pub skipped: u32,
    pub sending: u32,
    pub done: u32,
    pub already: u32,
    pub failed: u32,
    pub needs_attention: u32,
}

impl RowCounts {
    fn add(&mut self, state: RowState, n: u32) {
        let slot = match state {
            RowState::Planned => &mut self.planned,
            RowState::Skipped => &mut self.skipped,
            RowState::Sending => &mut self.sending,
            RowState::Done => &mut self.done,
            RowState::Already => &mut self.already,
            RowState::Failed => &mut self.failed,
            RowState::NeedsAttention => &mut self.needs_attention,
        };
        *slot = slot.saturating_add(n);
    }

    /// Rows selected for sending (every state but skipped).
    pub fn selected(&self) -> u32 {
        self.planned + self.sending + self.done + self.already + self.failed + self.needs_attention
    }

    /// Rows the engine has no more work for.
    pub fn settled(&self) -> u32 {
        self.done + self.already + self.failed + self.needs_attention
    }
}

/// One run as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    pub id: RunId,
    pub account_id: String,
    pub vendor: Vendor,
    pub kind: RunKind,
    pub undo_of: Option<RunId>,
    /// The ShopDesk installation that made it.
    pub installation: String,
    pub automatic: bool,
    /// Rows already at their target when planned.
    pub in_sync: u32,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    #[specta(type = Option<String>)]
    pub finished_at: Option<DateTime<Utc>>,
    pub status: PushRunStatus,
    pub counts: RowCounts,
}

/// One row of a run, for the audit view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunRow {
    pub idx: u32,
    pub group_key: String,
    pub sku: Option<String>,
    pub name: String,
    pub cell: Cell,
    /// The POS figure the preview showed.
    #[specta(type = Option<specta_typescript::Number>)]
    pub planned_before: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub target: Option<i64>,
    pub steps: Vec<Step>,
    pub skip: Option<SkipReason>,
    pub selected: bool,
    pub state: RowState,
    /// The vendor's figure re-read right before our first send that landed (what an undo restores).
    #[specta(type = Option<specta_typescript::Number>)]
    pub vendor_before: Option<i64>,
    /// The `from` of the last send (a delta moves by `target − sent_from`).
    #[specta(type = Option<specta_typescript::Number>)]
    pub sent_from: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub vendor_after: Option<i64>,
    pub batch: Option<u32>,
    pub error_code: Option<String>,
    /// The vendor's (redacted) message, for support; the UI shows the localized `error_code`.
    pub error_detail: Option<String>,
}

/// One batch of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BatchView {
    pub batch: u32,
    pub marker: String,
    pub state: BatchState,
    #[specta(type = String)]
    pub first_sent_at: DateTime<Utc>,
    #[specta(type = String)]
    pub last_sent_at: DateTime<Utc>,
    pub attempts: u32,
    pub vendor_refs: Vec<String>,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
}

/// A run with its rows and batches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunDetail {
    pub summary: RunSummary,
    pub rows: Vec<RunRow>,
    pub batches: Vec<BatchView>,
}

/// A run to store.
#[derive(Debug, Clone)]
pub(crate) struct NewRun {
    pub account_id: String,
    pub vendor: Vendor,
    pub kind: RunKind,
    pub undo_of: Option<RunId>,
    pub installation: String,
    pub automatic: bool,
    pub in_sync: u32,
}

/// A row to store.
#[derive(Debug, Clone)]
pub(crate) struct NewRow {
    pub idx: u32,
    pub group_key: String,
    pub sku: Option<String>,
    pub name: String,
    pub cell: Cell,
    pub planned_before: Option<i64>,
    pub target: Option<i64>,
    pub steps: Vec<Step>,
    pub skip: Option<SkipReason>,
    pub selected: bool,
}

/// A row the engine sends: its cell, the `from` of its last send, its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WorkRow {
    pub idx: u32,
    pub cell: Cell,
    pub sent_from: Option<i64>,
    pub target: i64,
}

const MIGRATIONS: &[Migration] = &[
    Migration::Sql(
        r#"
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('push','undo')),
    undo_of INTEGER REFERENCES runs(id),
    installation TEXT NOT NULL,
    automatic INTEGER NOT NULL DEFAULT 0,
    in_sync INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned','running','done','partial','cancelled','failed'))
);
CREATE INDEX runs_account ON runs(account_id, id);
CREATE TABLE rows (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    idx INTEGER NOT NULL,
    group_key TEXT NOT NULL,
    sku TEXT,
    name TEXT NOT NULL,
    cell TEXT NOT NULL,
    planned_before INTEGER,
    target INTEGER,
    steps TEXT NOT NULL,
    skip TEXT,
    selected INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('planned','skipped','sending','done','already','failed','needs_attention')),
    vendor_before INTEGER,
    sent_from INTEGER,
    vendor_after INTEGER,
    batch INTEGER,
    error_code TEXT,
    error_detail TEXT,
    PRIMARY KEY (run_id, idx)
);
CREATE TABLE batches (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    batch INTEGER NOT NULL,
    marker TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('sending','uncertain','done','failed','needs_attention')),
    first_sent_at TEXT NOT NULL,
    last_sent_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    vendor_refs TEXT NOT NULL DEFAULT '[]',
    error_code TEXT,
    error_detail TEXT,
    PRIMARY KEY (run_id, batch)
);
CREATE INDEX batches_open ON batches(state);
-- run ids start at the creation time in seconds: a journal deleted and created again never reuses the
-- run id (hence the marker) of an earlier life whose bills a lookup could still find
INSERT INTO sqlite_sequence (name, seq) VALUES ('runs', CAST(strftime('%s', 'now') AS INTEGER));
"#,
    ),
    Migration::Sql(
        r#"
-- each POS account's push rules (a `RuleSet` as JSON); an account without a row uses the defaults
CREATE TABLE rules (
    account_id TEXT PRIMARY KEY,
    rules TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#,
    ),
    Migration::Sql(
        r#"
-- each POS account's warehouse mapping as the owner saved it (a `Mapping` as JSON); POS warehouses it
-- does not name follow the default proposal
CREATE TABLE mappings (
    account_id TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#,
    ),
];

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How the journal file is opened: WAL + `synchronous = FULL` (a batch committed as `sending` survives a
/// power cut before the request leaves), SQLite's `quick_check` before anything is written, foreign keys
/// on, 5 s busy timeout.
const DB: Spec = Spec::new(MIGRATIONS)
    .synchronous(Synchronous::Full)
    .foreign_keys()
    .quick_check();

/// What the lock's warning calls this file.
const WHAT: &str = "push journal";

impl From<localdb::OpenError> for PushError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                PushError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => PushError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => PushError::Db(e),
        }
    }
}

impl From<localdb::LockError> for PushError {
    fn from(e: localdb::LockError) -> Self {
        match e {
            localdb::LockError::Locked { path } => PushError::Locked { path },
            localdb::LockError::Io(e) => PushError::Io(e),
        }
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| PushError::Corrupt(format!("timestamp {s:?}: {e}")))
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| PushError::Corrupt(e.to_string()))
}

fn from_json<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| PushError::Corrupt(format!("{e}: {s}")))
}

/// A row's skip reason: a previous version journaled its fields in snake_case (`age_minutes`), see
/// `shopdesk_core::stored`. (Only here: the rules and mappings are keyed by SKU and warehouse ids.)
fn skip_from_json(s: &str) -> Result<SkipReason> {
    shopdesk_core::stored::from_stored_json(s).map_err(|e| PushError::Corrupt(format!("{e}: {s}")))
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn u32_of(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The push journal. One per app data dir.
pub struct Journal {
    conn: Mutex<Connection>,
    /// The exclusive lock on `<file>.lock`, released on drop.
    _lock: Option<FileLock>,
}

impl Journal {
    /// Open (or create) the journal at `path`, taking its lock. A damaged file or one of a newer
    /// schema is refused and left untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let lock = FileLock::acquire(path, WHAT)?;
        Ok(Journal {
            conn: Mutex::new(localdb::open(path, &DB)?),
            _lock: Some(lock),
        })
    }

    /// A journal in memory (tests, the demo workspace).
    pub fn open_in_memory() -> Result<Self> {
        Ok(Journal {
            conn: Mutex::new(localdb::open_in_memory(&DB)?),
            _lock: None,
        })
    }

    fn tx<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.conn);
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn create_run(&self, run: &NewRun, rows: &[NewRow]) -> Result<RunId> {
        self.tx(|tx| {
            tx.execute(
                "INSERT INTO runs (account_id, vendor, kind, undo_of, installation, automatic, in_sync,
                 created_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'planned')",
                params![
                    run.account_id,
                    run.vendor.as_str(),
                    run.kind.as_str(),
                    run.undo_of.map(|r| r.0),
                    run.installation,
                    run.automatic,
                    run.in_sync,
                    ts(Utc::now()),
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut stmt = tx.prepare(
                "INSERT INTO rows (run_id, idx, group_key, sku, name, cell, planned_before, target,
                 steps, skip, selected, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for r in rows {
                let state = if r.selected {
                    RowState::Planned
                } else {
                    RowState::Skipped
                };
                stmt.execute(params![
                    id,
                    r.idx,
                    r.group_key,
                    r.sku,
                    r.name,
                    to_json(&r.cell)?,
                    r.planned_before,
                    r.target,
                    to_json(&r.steps)?,
                    r.skip.as_ref().map(to_json).transpose()?,
                    r.selected,
                    state.as_str(),
                ])?;
            }
            Ok(RunId(id))
        })
    }

    fn counts(conn: &Connection, run: RunId) -> Result<RowCounts> {
        let mut stmt = conn
            .prepare_cached("SELECT state, COUNT(*) FROM rows WHERE run_id = ?1 GROUP BY state")?;
        let mut counts = RowCounts::default();
        let rows = stmt.query_map([run.0], |r| {
            Ok((r.get::<_, RowState>(0)?, r.get::<_, i64>(1)?))
        })?;
        for r in rows {
            let (state, n) = r?;
            counts.add(state, u32_of(n));
        }
        Ok(counts)
    }

    fn summary_of(conn: &Connection, r: &rusqlite::Row<'_>) -> Result<RunSummary> {
        let id = RunId(r.get(0)?);
        let vendor: String = r.get(2)?;
        let created: String = r.get(9)?;
        let finished: Option<String> = r.get(10)?;
        Ok(RunSummary {
            id,
            account_id: r.get(1)?,
            vendor: Vendor::parse(&vendor)
                .ok_or_else(|| PushError::Corrupt(format!("vendor {vendor:?}")))?,
            kind: r.get(3)?,
            undo_of: r.get::<_, Option<i64>>(4)?.map(RunId),
            installation: r.get(5)?,
            automatic: r.get(6)?,
            in_sync: u32_of(r.get(7)?),
            status: r.get(8)?,
            created_at: parse_ts(&created)?,
            finished_at: finished.as_deref().map(parse_ts).transpose()?,
            counts: Self::counts(conn, id)?,
        })
    }

    const RUN_COLUMNS: &'static str = "id, account_id, vendor, kind, undo_of, installation, automatic, in_sync, status, created_at, finished_at";

    pub fn run(&self, run: RunId) -> Result<RunSummary> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM runs WHERE id = ?1",
            Self::RUN_COLUMNS
        ))?;
        let mut rows = stmt.query([run.0])?;
        match rows.next()? {
            Some(r) => Self::summary_of(&conn, r),
            None => Err(PushError::NotFound(run)),
        }
    }

    /// The push rules of `account_id` (the defaults when none were saved).
    pub fn rules(&self, account_id: &str) -> Result<crate::rules::RuleSet> {
        let text: Option<String> = lock(&self.conn)
            .query_row(
                "SELECT rules FROM rules WHERE account_id = ?1",
                params![account_id],
                |r| r.get(0),
            )
            .optional()?;
        match text {
            Some(t) => from_json(&t),
            None => Ok(crate::rules::RuleSet::default()),
        }
    }

    /// Save the push rules of `account_id` (checked by [`crate::rules::RuleSet::check`] first).
    pub fn set_rules(&self, account_id: &str, rules: &crate::rules::RuleSet) -> Result<()> {
        rules.check().map_err(PushError::InvalidRules)?;
        let text = to_json(rules)?;
        lock(&self.conn).execute(
            "INSERT INTO rules (account_id, rules, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
            params![account_id, text, Utc::now().to_rfc3339()],
        )?;
        Ok(())
    }

    /// The warehouse mapping the owner saved for `account_id` (`None`: the default proposal applies).
    pub fn mapping(&self, account_id: &str) -> Result<Option<crate::mapping::Mapping>> {
        let text: Option<String> = lock(&self.conn)
            .query_row(
                "SELECT mapping FROM mappings WHERE account_id = ?1",
                params![account_id],
                |r| r.get(0),
            )
            .optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    /// Save the warehouse mapping of `account_id` (checked by [`crate::mapping::Mapping::check`] first);
    /// `None` forgets it (back to the default proposal).
    pub fn set_mapping(
        &self,
        account_id: &str,
        mapping: Option<&crate::mapping::Mapping>,
    ) -> Result<()> {
        let Some(mapping) = mapping else {
            lock(&self.conn).execute(
                "DELETE FROM mappings WHERE account_id = ?1",
                params![account_id],
            )?;
            return Ok(());
        };
        mapping.check().map_err(PushError::InvalidRules)?;
        let text = to_json(mapping)?;
        lock(&self.conn).execute(
            "INSERT INTO mappings (account_id, mapping, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
            params![account_id, text, Utc::now().to_rfc3339()],
        )?;
        Ok(())
    }

    /// An account's runs, newest first.
    pub fn history(&self, account_id: &str) -> Result<Vec<RunSummary>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM runs WHERE account_id = ?1 ORDER BY id DESC",
            Self::RUN_COLUMNS
        ))?;
        let mut rows = stmt.query([account_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(Self::summary_of(&conn, r)?);
        }
        Ok(out)
    }

    /// Every row of a run, in order.
    pub fn rows(&self, run: RunId) -> Result<Vec<RunRow>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(
            "SELECT idx, group_key, sku, name, cell, planned_before, target, steps, skip, selected, state,
             vendor_before, sent_from, vendor_after, batch, error_code, error_detail
             FROM rows WHERE run_id = ?1 ORDER BY idx",
        )?;
        let mut rows = stmt.query([run.0])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let cell: String = r.get(4)?;
            let steps: String = r.get(7)?;
            let skip: Option<String> = r.get(8)?;
            out.push(RunRow {
                idx: r.get(0)?,
                group_key: r.get(1)?,
                sku: r.get(2)?,
                name: r.get(3)?,
                cell: from_json(&cell)?,
                planned_before: r.get(5)?,
                target: r.get(6)?,
                steps: from_json(&steps)?,
                skip: skip.as_deref().map(skip_from_json).transpose()?,
                selected: r.get(9)?,
                state: r.get(10)?,
                vendor_before: r.get(11)?,
                sent_from: r.get(12)?,
                vendor_after: r.get(13)?,
                batch: r.get(14)?,
                error_code: r.get(15)?,
                error_detail: r.get(16)?,
            });
        }
        Ok(out)
    }

    /// Every batch of a run, in order.
    pub fn batches(&self, run: RunId) -> Result<Vec<BatchView>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(
            "SELECT batch, marker, state, first_sent_at, last_sent_at, attempts, vendor_refs, error_code,
             error_detail FROM batches WHERE run_id = ?1 ORDER BY batch",
        )?;
        let mut rows = stmt.query([run.0])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(Self::batch_of(r)?);
        }
        Ok(out)
    }

    fn batch_of(r: &rusqlite::Row<'_>) -> Result<BatchView> {
        let first: String = r.get(3)?;
        let last: String = r.get(4)?;
        let refs: String = r.get(6)?;
        Ok(BatchView {
            batch: r.get(0)?,
            marker: r.get(1)?,
            state: r.get(2)?,
            first_sent_at: parse_ts(&first)?,
            last_sent_at: parse_ts(&last)?,
            attempts: u32_of(r.get(5)?),
            vendor_refs: from_json(&refs)?,
            error_code: r.get(7)?,
            error_detail: r.get(8)?,
        })
    }

    pub(crate) fn batch(&self, run: RunId, batch: u32) -> Result<BatchView> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(
            "SELECT batch, marker, state, first_sent_at, last_sent_at, attempts, vendor_refs, error_code,
             error_detail FROM batches WHERE run_id = ?1 AND batch = ?2",
        )?;
        let mut rows = stmt.query(params![run.0, batch])?;
        match rows.next()? {
            Some(r) => Self::batch_of(r),
            None => Err(PushError::Corrupt(format!(
                "batch {batch} of run {}",
                run.0
            ))),
        }
    }

    pub(crate) fn set_run_status(
        &self,
        run: RunId,
        status: PushRunStatus,
        finished: bool,
    ) -> Result<()> {
        lock(&self.conn).execute(
            "UPDATE runs SET status = ?2, finished_at = CASE WHEN ?3 THEN COALESCE(finished_at, ?4) ELSE NULL END
             WHERE id = ?1",
            params![run.0, status.as_str(), finished, ts(Utc::now())],
        )?;
        Ok(())
    }

    /// Selected rows in `state`, in order.
    pub(crate) fn work_rows(
        &self,
        run: RunId,
        state: RowState,
        batch: Option<u32>,
    ) -> Result<Vec<WorkRow>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(
            "SELECT idx, cell, sent_from, target FROM rows
             WHERE run_id = ?1 AND state = ?2 AND (?3 IS NULL OR batch = ?3) AND target IS NOT NULL
             ORDER BY idx",
        )?;
        let mut rows = stmt.query(params![run.0, state.as_str(), batch])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let cell: String = r.get(1)?;
            out.push(WorkRow {
                idx: r.get(0)?,
                cell: from_json(&cell)?,
                sent_from: r.get(2)?,
                target: r.get(3)?,
            });
        }
        Ok(out)
    }

    pub(crate) fn next_batch(&self, run: RunId) -> Result<u32> {
        let n: i64 = lock(&self.conn).query_row(
            "SELECT COALESCE(MAX(batch), 0) + 1 FROM batches WHERE run_id = ?1",
            [run.0],
            |r| r.get(0),
        )?;
        Ok(u32_of(n))
    }

    /// Record a batch as `sending` with the figure each row was read at, in one transaction: committed
    /// before the request leaves.
    pub(crate) fn begin_batch(
        &self,
        run: RunId,
        batch: u32,
        marker: &str,
        rows: &[(u32, i64)],
    ) -> Result<()> {
        let now = ts(Utc::now());
        self.tx(|tx| {
            tx.execute(
                "INSERT INTO batches (run_id, batch, marker, state, first_sent_at, last_sent_at, attempts)
                 VALUES (?1, ?2, ?3, 'sending', ?4, ?4, 1)",
                params![run.0, batch, marker, now],
            )?;
            for (idx, from) in rows {
                tx.execute(
                    "UPDATE rows SET state = 'sending', batch = ?3, vendor_before = ?4, sent_from = ?4,
                     error_code = NULL, error_detail = NULL WHERE run_id = ?1 AND idx = ?2",
                    params![run.0, idx, batch, from],
                )?;
            }
            Ok(())
        })
    }

    /// Record a resend of a batch (same marker) with each remaining row's fresh `from`, committed before
    /// it leaves. `count` spends an attempt (a resend after a rate-limit answer does not). `rebase`
    /// also moves `vendor_before` (a delta whose earlier send certainly did not land).
    pub(crate) fn resend_batch(
        &self,
        run: RunId,
        batch: u32,
        rows: &[(u32, i64)],
        count: bool,
        rebase: bool,
    ) -> Result<()> {
        let now = ts(Utc::now());
        self.tx(|tx| {
            tx.execute(
                "UPDATE batches SET state = 'sending', last_sent_at = ?3,
                 attempts = attempts + CASE WHEN ?4 THEN 1 ELSE 0 END WHERE run_id = ?1 AND batch = ?2",
                params![run.0, batch, now, count],
            )?;
            for (idx, from) in rows {
                tx.execute(
                    "UPDATE rows SET sent_from = ?3,
                     vendor_before = CASE WHEN ?4 THEN ?3 ELSE vendor_before END
                     WHERE run_id = ?1 AND idx = ?2",
                    params![run.0, idx, from, rebase],
                )?;
            }
            Ok(())
        })
    }

    pub(crate) fn set_batch_state(
        &self,
        run: RunId,
        batch: u32,
        state: BatchState,
        code: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        lock(&self.conn).execute(
            "UPDATE batches SET state = ?3, error_code = COALESCE(?4, error_code),
             error_detail = COALESCE(?5, error_detail) WHERE run_id = ?1 AND batch = ?2",
            params![run.0, batch, state.as_str(), code, detail],
        )?;
        Ok(())
    }

    /// The batch landed: its `sending` rows are done at their target, the batch is done.
    pub(crate) fn batch_done(&self, run: RunId, batch: u32, refs: &[String]) -> Result<()> {
        let refs = to_json(&refs)?;
        self.tx(|tx| {
            tx.execute(
                "UPDATE rows SET state = 'done', vendor_after = target, error_code = NULL, error_detail = NULL
                 WHERE run_id = ?1 AND batch = ?2 AND state = 'sending'",
                params![run.0, batch],
            )?;
            tx.execute(
                "UPDATE batches SET state = 'done', error_code = NULL, error_detail = NULL,
                 vendor_refs = ?3 WHERE run_id = ?1 AND batch = ?2",
                params![run.0, batch, refs],
            )?;
            Ok(())
        })
    }

    /// The batch ended without landing (`failed`) or may have landed (`needs_attention`): its
    /// `sending` rows take the same state and code.
    pub(crate) fn batch_settled(
        &self,
        run: RunId,
        batch: u32,
        state: BatchState,
        code: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        let row_state = match state {
            BatchState::NeedsAttention => RowState::NeedsAttention,
            BatchState::Done => RowState::Done,
            _ => RowState::Failed,
        };
        self.tx(|tx| {
            tx.execute(
                "UPDATE rows SET state = ?3, error_code = ?4, error_detail = ?5
                 WHERE run_id = ?1 AND batch = ?2 AND state = 'sending'",
                params![run.0, batch, row_state.as_str(), code, detail],
            )?;
            tx.execute(
                "UPDATE batches SET state = ?3, error_code = ?4, error_detail = ?5
                 WHERE run_id = ?1 AND batch = ?2",
                params![run.0, batch, state.as_str(), code, detail],
            )?;
            Ok(())
        })
    }

    /// Settle one row: `figure` (the vendor's, when known) goes to `vendor_after` (and to
    /// `vendor_before` for a row found already at its target before any send).
    pub(crate) fn settle_row(
        &self,
        run: RunId,
        idx: u32,
        state: RowState,
        figure: Option<i64>,
        code: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        lock(&self.conn).execute(
            "UPDATE rows SET state = ?3, vendor_after = COALESCE(?4, vendor_after),
             vendor_before = CASE WHEN ?3 = 'already' AND batch IS NULL THEN ?4 ELSE vendor_before END,
             error_code = ?5, error_detail = ?6 WHERE run_id = ?1 AND idx = ?2",
            params![run.0, idx, state.as_str(), figure, code, detail],
        )?;
        Ok(())
    }

    /// Rows still planned are skipped with `code` (a cancelled run).
    pub(crate) fn skip_planned(&self, run: RunId, code: &str) -> Result<()> {
        lock(&self.conn).execute(
            "UPDATE rows SET state = 'skipped', error_code = ?2 WHERE run_id = ?1 AND state = 'planned'",
            params![run.0, code],
        )?;
        Ok(())
    }

    /// Batches left `sending` or `uncertain` (of one account), oldest first.
    pub(crate) fn open_batches(&self, account_id: Option<&str>) -> Result<Vec<(RunId, u32)>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(
            "SELECT b.run_id, b.batch FROM batches b JOIN runs r ON r.id = b.run_id
             WHERE b.state IN ('sending', 'uncertain') AND (?1 IS NULL OR r.account_id = ?1)
             ORDER BY b.run_id, b.batch",
        )?;
        let rows = stmt.query_map(params![account_id], |r| {
            Ok((RunId(r.get(0)?), r.get::<_, u32>(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Runs of an account that are not finished (a crash mid-run), oldest first.
    pub(crate) fn unfinished_runs(&self, account_id: &str) -> Result<Vec<RunId>> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM runs WHERE account_id = ?1 AND status IN ('running', 'partial')
             AND finished_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([account_id], |r| Ok(RunId(r.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub(crate) fn run_counts(&self, run: RunId) -> Result<RowCounts> {
        Self::counts(&lock(&self.conn), run)
    }

    /// Whether the run has an undo that is not cancelled or failed.
    pub(crate) fn has_live_undo(&self, run: RunId) -> Result<bool> {
        let n: Option<i64> = lock(&self.conn)
            .query_row(
                "SELECT id FROM runs WHERE undo_of = ?1 AND status NOT IN ('cancelled', 'failed') LIMIT 1",
                [run.0],
                |r| r.get(0),
            )
            .optional()?;
        Ok(n.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip() {
        for s in [
            RowState::Planned,
            RowState::Skipped,
            RowState::Sending,
            RowState::Done,
            RowState::Already,
            RowState::Failed,
            RowState::NeedsAttention,
        ] {
            assert_eq!(RowState::parse(s.as_str()), Some(s));
            // the wire is camelCase like every IPC enum; the journal keeps its column names
            let wire = serde_json::to_value(s).ok();
            let camel = s.as_str().replace("_a", "A");
            assert_eq!(wire, Some(serde_json::json!(camel)));
        }
        assert_eq!(
            serde_json::to_value(BatchState::NeedsAttention).ok(),
            Some(serde_json::json!("needsAttention"))
        );
        assert_eq!(BatchState::NeedsAttention.as_str(), "needs_attention");
        for s in [
            BatchState::Sending,
            BatchState::Uncertain,
            BatchState::Done,
            BatchState::Failed,
            BatchState::NeedsAttention,
        ] {
            assert_eq!(BatchState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_skip_reason_journaled_in_snake_case_still_reads() -> Result<()> {
        let j = Journal::open_in_memory()?;
        let run = j.create_run(
            &NewRun {
                account_id: "pancake-1".into(),
                vendor: Vendor::Pancake,
                kind: RunKind::Push,
                undo_of: None,
                installation: "test".into(),
                automatic: false,
                in_sync: 0,
            },
            &[NewRow {
                idx: 0,
                group_key: "g".into(),
                sku: Some("SKU-1".into()),
                name: "Áo".into(),
                cell: crate::plan::Cell {
                    vendor_product_id: "p".into(),
                    vendor_variation_id: String::new(),
                    vendor_wh_id: "w".into(),
                },
                planned_before: Some(3),
                target: None,
                steps: vec![],
                skip: Some(SkipReason::Stale {
                    age_minutes: Some(42),
                }),
                selected: false,
            }],
        )?;
        let stored: String =
            lock(&j.conn).query_row("SELECT skip FROM rows WHERE run_id = ?1", [run.0], |r| {
                r.get(0)
            })?;
        assert_eq!(stored, r#"{"kind":"stale","ageMinutes":42}"#);
        // what a previous version journaled
        lock(&j.conn).execute(
            r#"UPDATE rows SET skip = '{"kind":"stale","age_minutes":42}' WHERE run_id = ?1"#,
            [run.0],
        )?;
        let rows = j.rows(run)?;
        assert_eq!(
            rows[0].skip,
            Some(SkipReason::Stale {
                age_minutes: Some(42)
            })
        );
        Ok(())
    }

    #[test]
    fn a_second_open_of_the_same_file_is_locked_out() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("push.sqlite");
        let j = Journal::open(&path)?;
        assert!(matches!(
            Journal::open(&path),
            Err(PushError::Locked { .. })
        ));
        drop(j);
        let _again = Journal::open(&path)?;
        Ok(())
    }

    #[test]
    fn a_damaged_file_is_refused_untouched() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("push.sqlite");
        let junk = vec![0x42u8; 8192];
        std::fs::write(&path, &junk)?;
        assert!(matches!(
            Journal::open(&path),
            Err(PushError::CorruptFile(_))
        ));
        assert_eq!(std::fs::read(&path)?, junk);
        Ok(())
    }

    #[test]
    fn a_newer_schema_is_refused() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("push.sqlite");
        {
            let conn = Connection::open(&path)?;
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)?;
        }
        assert!(matches!(
            Journal::open(&path),
            Err(PushError::NewerSchema { .. })
        ));
        Ok(())
    }
}
