//! The order outbox: SQLite rows plus the state machine that sends each order exactly once.
//!
//! ```text
//! queued ──send──▶ sending ──ok──────────────▶ created
//!                     │ ──validation / 4xx──▶ failed
//!                     │ ──429 (not processed, no attempt counted, wait retry_at)──▶ unknown
//!                     │ ──timeout / network / 5xx / decode / crash──▶ unknown
//! unknown ──lookup──▶ found ▶ created | not found ▶ sending (again) | N unknowns ▶ needs_attention
//! sending ──"reference already exists"──lookup──▶ found ▶ created | otherwise ▶ needs_attention
//! ```
//!
//! The file is guarded by an exclusive OS lock on a sidecar `<file>.lock` for the life of the
//! [`Outbox`], so a second process can never resume this one's `sending` rows.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use localdb::{FileLock, Migration, Spec, Synchronous};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use shopdesk_core::order::{validate, FieldErrors, OrderDraft, Vendor};
use shopdesk_core::ports::order_sink::{Lookup, LookupScope, OrderSink};
use shopdesk_core::Money;

use crate::failure::{SendCode, SendError};
use crate::ports::Ports;

/// Row id of an outbox entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
pub struct OrderId(#[specta(type = specta_typescript::Number)] pub i64);

/// camelCase on the wire like every IPC enum; [`State::as_str`] is what the outbox stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum State {
    /// Stored, never sent.
    Queued,
    /// A send is (or was, before a crash) in flight.
    Sending,
    /// Sent, answer lost: the vendor may have it. Looked up before any new send.
    Unknown,
    Created,
    /// The vendor refused it (validation, 4xx): `error` says why. Nothing was created.
    Failed,
    /// Still unknown after the configured number of attempts, or the lookup itself is refused.
    NeedsAttention,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Sending => "sending",
            State::Unknown => "unknown",
            State::Created => "created",
            State::Failed => "failed",
            State::NeedsAttention => "needs_attention",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => State::Queued,
            "sending" => State::Sending,
            "unknown" => State::Unknown,
            "created" => State::Created,
            "failed" => State::Failed,
            "needs_attention" => State::NeedsAttention,
            _ => return None,
        })
    }

    /// No more work for the engine.
    pub fn is_final(self) -> bool {
        matches!(self, State::Created | State::Failed | State::NeedsAttention)
    }
}

/// One order as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    pub id: OrderId,
    pub client_ref: String,
    pub account_id: String,
    pub vendor: Vendor,
    pub draft: OrderDraft,
    /// What the customer pays ([`OrderDraft::total`], computed here so the UI keeps no copy of the rule).
    pub total: Money,
    /// What the order collects on delivery ([`OrderDraft::cod_amount`]: the typed COD, else the total).
    pub cod: Money,
    pub state: State,
    pub attempts: u32,
    pub vendor_order_id: Option<String>,
    /// Why it failed / needs attention / is being checked: a code the UI localizes, and the redacted
    /// vendor detail.
    pub error: Option<SendError>,
    /// The English sentence a version before schema v3 stored instead of `error` (shown as it is).
    pub last_error: Option<String>,
    #[specta(type = Option<String>)]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    #[specta(type = String)]
    pub updated_at: DateTime<Utc>,
    /// The references this order was sent under before, oldest first: a refused entry fixed and sent
    /// again ([`Outbox::resend`]) keeps its old reference here.
    pub previous_refs: Vec<String>,
    /// The reference of the entry that replaced this one (fixed and sent again); it is done.
    pub superseded_by: Option<String>,
    /// When the user dismissed this entry (a refused order they will not send): it leaves the
    /// attention count.
    #[specta(type = Option<String>)]
    pub dismissed_at: Option<DateTime<Utc>>,
}

impl OutboxEntry {
    /// Whether the user still has something to do about it: refused or needing attention, neither
    /// replaced by a fixed copy nor dismissed.
    pub fn needs_action(&self) -> bool {
        matches!(self.state, State::Failed | State::NeedsAttention)
            && self.superseded_by.is_none()
            && self.dismissed_at.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// Sends + failed lookups whose outcome stayed unknown before the entry needs attention.
    pub max_attempts: u32,
    /// Wait after an unknown outcome before the lookup (lets a slow vendor finish committing).
    pub settle_delay: Duration,
    /// Wait after a failed lookup.
    pub retry_delay: Duration,
    /// Longest a `submit`/`resume` call sleeps for one entry's next attempt; longer waits are left to
    /// the next `resume`.
    pub max_inline_wait: Duration,
    /// Entries driven at the same time by `resume`.
    pub concurrency: usize,
    /// A lookup reads the vendor's orders created since the entry's first send minus this margin
    /// (clock differences between this machine and the vendor).
    pub lookup_margin: Duration,
    /// Pages of recent orders a lookup reads at most before it answers "inconclusive".
    pub lookup_max_pages: u32,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            max_attempts: 6,
            settle_delay: Duration::from_secs(5),
            retry_delay: Duration::from_secs(2),
            max_inline_wait: Duration::from_secs(60),
            concurrency: 4,
            lookup_margin: Duration::from_secs(3600),
            lookup_max_pages: 20,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("the order is not valid: {0}")]
    Invalid(FieldErrors),
    #[error("account {account_id} is not a connected {vendor} account")]
    NoPort { account_id: String, vendor: Vendor },
    #[error("order {0:?} not found")]
    NotFound(OrderId),
    /// A resend or dismiss on an entry that does not allow it (only a refused entry is sent again
    /// under a new reference; only refused or needs-attention entries are dismissed; never twice).
    #[error("order {id:?} is {state:?}: it cannot be {action}")]
    WrongState {
        id: OrderId,
        state: State,
        action: &'static str,
    },
    #[error("outbox database: {0}")]
    Db(#[from] rusqlite::Error),
    /// One row could not be read (listing and resume skip such rows and report them).
    #[error("outbox row unreadable: {0}")]
    Corrupt(String),
    /// Another `Outbox` (in this process or another one) holds the file's lock.
    #[error("the order outbox {} is in use by another ShopDesk process", .path.display())]
    Locked { path: PathBuf },
    /// The file was written by a newer ShopDesk: it is left untouched.
    #[error("the order outbox was written by a newer ShopDesk (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a SQLite database, or SQLite reports it corrupt (`NOTADB`, `CORRUPT`,
    /// a failed `quick_check`). It is left untouched.
    #[error("the order outbox file is damaged: {0}")]
    CorruptFile(String),
    /// The lock file or a backup could not be written.
    #[error("outbox file: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = OutboxError> = std::result::Result<T, E>;

/// What a `resume` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResumeReport {
    /// Rows found in `sending` (a crash mid-send), turned into `unknown`.
    pub interrupted: usize,
    pub created: usize,
    pub failed: usize,
    pub needs_attention: usize,
    /// Still queued/unknown (waiting for a rate limit or a disconnected account).
    pub pending: usize,
    /// Pending rows that could not be read: skipped (and logged), see [`Outbox::list`].
    pub unreadable: Vec<OrderId>,
}

/// A row of the outbox that could not be read (a damaged draft, timestamp, value type …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UnreadableRow {
    pub id: OrderId,
    /// Our reference, when that column at least could be read.
    pub client_ref: Option<String>,
    pub reason: String,
}

/// Every entry of the outbox, newest first, and the rows that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OutboxListing {
    pub entries: Vec<OutboxEntry>,
    pub unreadable: Vec<UnreadableRow>,
}

const MIGRATIONS: &[Migration] = &[
    Migration::Sql(
        r#"
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_ref TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    draft TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','created','failed','needs_attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    vendor_order_id TEXT,
    last_error TEXT,
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox(state);
"#,
    ),
    // when the entry was first sent: a lookup reads the vendor's orders created since then
    Migration::Sql("ALTER TABLE outbox ADD COLUMN first_sent_at TEXT;"),
    // why it failed as a code (`SendCode`) and the redacted detail; `last_error` keeps the sentences of
    // rows written before and is left empty from now on
    Migration::Sql(
        "ALTER TABLE outbox ADD COLUMN error_code TEXT; ALTER TABLE outbox ADD COLUMN error_detail TEXT;",
    ),
    // a refused entry fixed and sent again: the new row keeps the old references (JSON list, oldest
    // first), the old row the new reference; a dismissed entry its time
    Migration::Sql(
        "ALTER TABLE outbox ADD COLUMN previous_refs TEXT; \
         ALTER TABLE outbox ADD COLUMN superseded_by TEXT; \
         ALTER TABLE outbox ADD COLUMN dismissed_at TEXT;",
    ),
];

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How the outbox file is opened: WAL + `synchronous = FULL` (a row committed as `sending` survives a
/// power cut before the request leaves), SQLite's `quick_check` before anything is written (cheap at
/// outbox sizes), 5 s busy timeout.
const DB: Spec = Spec::new(MIGRATIONS)
    .synchronous(Synchronous::Full)
    .quick_check();

/// What the lock's warning calls this file.
const WHAT: &str = "order outbox";

impl From<localdb::OpenError> for OutboxError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                OutboxError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => OutboxError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => OutboxError::Db(e),
        }
    }
}

impl From<localdb::LockError> for OutboxError {
    fn from(e: localdb::LockError) -> Self {
        match e {
            localdb::LockError::Locked { path } => OutboxError::Locked { path },
            localdb::LockError::Io(e) => OutboxError::Io(e),
        }
    }
}

/// `SD-` + a time-sortable random id: our reference of a new order.
pub fn new_client_ref(now: DateTime<Utc>) -> String {
    shopdesk_core::reference::new_reference("SD-", now)
}

struct Inner {
    conn: Mutex<Connection>,
    config: OutboxConfig,
    inflight: Mutex<HashSet<i64>>,
    /// The exclusive lock on `<file>.lock`, released when the last clone is dropped.
    _lock: Option<FileLock>,
}

/// Copy the outbox file at `path` (and its `-wal` / `-shm` companions when present) byte for byte to a
/// timestamped sibling, e.g. `orders.sqlite.backup-20260302T101500123Z` (+ `-wal`, `-shm`), and answer
/// its path. The file is not opened as a database, so a damaged or newer file is kept exactly as it is;
/// the recovery screen calls this before it ever moves the outbox aside. Takes the outbox lock while
/// copying: fails with [`OutboxError::Locked`] while an [`Outbox`] is open on `path`.
pub fn backup(path: impl AsRef<Path>) -> Result<PathBuf> {
    let path = path.as_ref();
    let _lock = FileLock::acquire(path, WHAT)?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%3fZ").to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "orders.sqlite".into());
    let mut n = 0u32;
    let (dest, mut out) = loop {
        let candidate = if n == 0 {
            path.with_file_name(format!("{name}.backup-{stamp}"))
        } else {
            path.with_file_name(format!("{name}.backup-{stamp}-{n}"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(f) => break (candidate, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e.into()),
        }
    };
    let copy = |from: &Path, to: &mut File| -> std::io::Result<()> {
        let mut src = File::open(from)?;
        std::io::copy(&mut src, to)?;
        to.sync_all()
    };
    if let Err(e) = copy(path, &mut out) {
        drop(out);
        let _ = std::fs::remove_file(&dest);
        return Err(e.into());
    }
    for suffix in ["-wal", "-shm"] {
        let mut from = path.as_os_str().to_owned();
        from.push(suffix);
        let from = PathBuf::from(from);
        if from.exists() {
            let mut to = dest.as_os_str().to_owned();
            to.push(suffix);
            let mut f = File::create(PathBuf::from(to))?;
            copy(&from, &mut f)?;
        }
    }
    tracing::info!(from = %path.display(), to = %dest.display(), "outbox backed up");
    Ok(dest)
}

/// The order outbox. Cheap to clone; one per app data dir.
#[derive(Clone)]
pub struct Outbox {
    inner: Arc<Inner>,
}

/// Removes an entry from the in-flight set when its driver ends (or is dropped mid-send).
struct Claim {
    inner: Arc<Inner>,
    id: i64,
}

impl Drop for Claim {
    fn drop(&mut self) {
        lock(&self.inner.inflight).remove(&self.id);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| OutboxError::Corrupt(format!("timestamp {s:?}: {e}")))
}

const COLUMNS: &str =
    "id, client_ref, account_id, vendor, draft, state, attempts, vendor_order_id, \
                       last_error, next_attempt_at, created_at, updated_at, error_code, error_detail, \
                       previous_refs, superseded_by, dismissed_at";

/// Run `sql` (selecting [`COLUMNS`]) and read every row, keeping the unreadable ones apart (logged).
fn read_rows(conn: &Connection, sql: &str) -> Result<(Vec<OutboxEntry>, Vec<UnreadableRow>)> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?; // the INTEGER PRIMARY KEY is always an integer
        match raw_row(r).map_err(OutboxError::from).and_then(entry) {
            Ok(e) => good.push(e),
            Err(err) => {
                let client_ref = r.get::<_, String>(1).ok();
                tracing::warn!(id, ?client_ref, error = %err, "outbox row unreadable: skipped");
                bad.push(UnreadableRow {
                    id: OrderId(id),
                    client_ref,
                    reason: err.to_string(),
                });
            }
        }
    }
    Ok((good, bad))
}

type RawRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
        r.get(14)?,
        r.get(15)?,
        r.get(16)?,
    ))
}

fn entry(raw: RawRow) -> Result<OutboxEntry> {
    let (
        id,
        client_ref,
        account_id,
        vendor,
        draft,
        state,
        attempts,
        vid,
        legacy,
        next,
        c,
        u,
        code,
        detail,
        previous,
        superseded_by,
        dismissed,
    ) = raw;
    let previous_refs: Vec<String> = previous
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| OutboxError::Corrupt(format!("previous references of {id}: {e}")))?
        .unwrap_or_default();
    let error = code
        .map(|code| {
            SendCode::parse(&code)
                .map(|code| SendError { code, detail })
                .ok_or_else(|| OutboxError::Corrupt(format!("error code {code:?}")))
        })
        .transpose()?;
    // a previous version stored the draft with snake_case keys: both read
    let draft = OrderDraft::from_stored_json(&draft)
        .map_err(|e| OutboxError::Corrupt(format!("draft of {id}: {e}")))?;
    Ok(OutboxEntry {
        id: OrderId(id),
        client_ref,
        account_id,
        vendor: Vendor::parse(&vendor)
            .ok_or_else(|| OutboxError::Corrupt(format!("vendor {vendor:?}")))?,
        total: draft.total(),
        cod: draft.cod_amount(),
        draft,
        state: State::parse(&state)
            .ok_or_else(|| OutboxError::Corrupt(format!("state {state:?}")))?,
        attempts: attempts.max(0) as u32,
        vendor_order_id: vid,
        error,
        last_error: legacy,
        next_attempt_at: next.as_deref().map(parse_ts).transpose()?,
        created_at: parse_ts(&c)?,
        updated_at: parse_ts(&u)?,
        previous_refs,
        superseded_by,
        dismissed_at: dismissed.as_deref().map(parse_ts).transpose()?,
    })
}

/// Insert a validated draft with a fresh reference (drawn again on the rare collision).
fn insert_new(conn: &Connection, draft: &OrderDraft, previous: &[String]) -> Result<OrderId> {
    let json =
        serde_json::to_string(draft).map_err(|e| OutboxError::Corrupt(format!("draft: {e}")))?;
    let previous = if previous.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(previous)
                .map_err(|e| OutboxError::Corrupt(format!("previous references: {e}")))?,
        )
    };
    loop {
        let now = Utc::now();
        let reference = new_client_ref(now);
        let r = conn.execute(
            "INSERT INTO outbox (client_ref, account_id, vendor, draft, state, attempts, created_at, updated_at, previous_refs)
             VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, ?5, ?6)",
            params![
                reference,
                draft.target.account_id,
                draft.target.vendor.as_str(),
                json,
                ts(now),
                previous
            ],
        );
        match r {
            Ok(_) => return Ok(OrderId(conn.last_insert_rowid())),
            // a reference collision (same millisecond and random bits): draw again
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// What one step of the state machine decided.
enum Step {
    Continue,
    /// Leave the entry for a later `resume` (long rate-limit pause, budget spent).
    Park,
}

impl Outbox {
    /// Open (or create) the outbox database at `path` and run its migrations.
    ///
    /// First takes the exclusive lock on `<path>.lock` (held until the last clone is dropped):
    /// [`OutboxError::Locked`] when another `Outbox` has it. A file that is not a database or is damaged
    /// answers [`OutboxError::CorruptFile`], one from a newer ShopDesk [`OutboxError::NewerSchema`];
    /// neither is modified.
    pub fn open(path: impl AsRef<Path>, config: OutboxConfig) -> Result<Self> {
        let path = path.as_ref();
        let lock = FileLock::acquire(path, WHAT)?;
        let conn = localdb::open(path, &DB)?;
        Ok(Self::with_connection(conn, config, Some(lock)))
    }

    pub fn open_in_memory(config: OutboxConfig) -> Result<Self> {
        let conn = localdb::open_in_memory(&DB)?;
        Ok(Self::with_connection(conn, config, None))
    }

    fn with_connection(conn: Connection, config: OutboxConfig, lock: Option<FileLock>) -> Self {
        Outbox {
            inner: Arc::new(Inner {
                conn: Mutex::new(conn),
                config,
                inflight: Mutex::new(HashSet::new()),
                _lock: lock,
            }),
        }
    }

    pub fn config(&self) -> &OutboxConfig {
        &self.inner.config
    }

    /// Validate and store a draft with a fresh client reference (one transaction); nothing is sent.
    pub fn enqueue(&self, draft: &OrderDraft) -> Result<OrderId> {
        validate(draft).map_err(OutboxError::Invalid)?;
        let conn = lock(&self.inner.conn);
        insert_new(&conn, draft, &[])
    }

    /// A refused entry (`failed`: the vendor created nothing), fixed by the user and sent again: the
    /// fixed draft is validated and stored under a **new** reference that keeps the old ones in its
    /// [`OutboxEntry::previous_refs`], and the old entry is marked [`OutboxEntry::superseded_by`] the new
    /// one, both in one transaction. Nothing is sent here: drive the answered id like any new entry
    /// (the same exactly-once path). An entry that needs attention may exist at the vendor, so it is
    /// never sent again under a new reference ([`OutboxError::WrongState`]; its "try again" is
    /// [`Outbox::retry`]); neither is an entry already replaced or dismissed.
    pub fn resend(&self, id: OrderId, draft: &OrderDraft) -> Result<OrderId> {
        validate(draft).map_err(OutboxError::Invalid)?;
        let old = self.get(id)?;
        if old.state != State::Failed || old.superseded_by.is_some() || old.dismissed_at.is_some() {
            return Err(OutboxError::WrongState {
                id,
                state: old.state,
                action: "sent again under a new reference",
            });
        }
        let mut conn = lock(&self.inner.conn);
        let tx = conn.transaction()?;
        let mut previous = old.previous_refs.clone();
        previous.push(old.client_ref.clone());
        let new_id = insert_new(&tx, draft, &previous)?;
        let new_ref: String = tx.query_row(
            "SELECT client_ref FROM outbox WHERE id = ?1",
            [new_id.0],
            |r| r.get(0),
        )?;
        // compare-and-set: a second resend of the same entry (two clicks) changes nothing
        let n = tx.execute(
            "UPDATE outbox SET superseded_by = ?2, updated_at = ?3
             WHERE id = ?1 AND state = 'failed' AND superseded_by IS NULL AND dismissed_at IS NULL",
            params![id.0, new_ref, ts(Utc::now())],
        )?;
        if n == 0 {
            return Err(OutboxError::WrongState {
                id,
                state: old.state,
                action: "sent again under a new reference",
            });
        }
        tx.commit()?;
        Ok(new_id)
    }

    /// The user's "dismiss" on a refused entry or one that needs attention: it stays in the list (and
    /// in the history of any entry that replaced it) but no longer asks for action. Nothing is sent or
    /// cancelled at the vendor.
    pub fn dismiss(&self, id: OrderId) -> Result<OutboxEntry> {
        let n = lock(&self.inner.conn).execute(
            "UPDATE outbox SET dismissed_at = ?2, updated_at = ?2
             WHERE id = ?1 AND state IN ('failed', 'needs_attention')
               AND superseded_by IS NULL AND dismissed_at IS NULL",
            params![id.0, ts(Utc::now())],
        )?;
        let e = self.get(id)?;
        if n == 0 {
            return Err(OutboxError::WrongState {
                id,
                state: e.state,
                action: "dismissed",
            });
        }
        Ok(e)
    }

    /// Validate, store, then send through `port` until the order is created, refused, or parked.
    /// Answers the outbox id; read the outcome with [`Outbox::get`].
    pub async fn submit(&self, draft: OrderDraft, port: &dyn OrderSink) -> Result<OrderId> {
        if port.vendor() != draft.target.vendor {
            return Err(OutboxError::NoPort {
                account_id: draft.target.account_id.clone(),
                vendor: draft.target.vendor,
            });
        }
        let id = self.enqueue(&draft)?;
        self.drive(id, port).await?;
        Ok(id)
    }

    pub fn get(&self, id: OrderId) -> Result<OutboxEntry> {
        let raw = lock(&self.inner.conn)
            .query_row(
                &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
                [id.0],
                raw_row,
            )
            .optional()?
            .ok_or(OutboxError::NotFound(id))?;
        entry(raw)
    }

    /// Every entry, newest first, plus the rows that could not be read (one damaged row never hides
    /// the others).
    pub fn list(&self) -> Result<OutboxListing> {
        let conn = lock(&self.inner.conn);
        let (entries, unreadable) = read_rows(
            &conn,
            &format!("SELECT {COLUMNS} FROM outbox ORDER BY id DESC"),
        )?;
        Ok(OutboxListing {
            entries,
            unreadable,
        })
    }

    /// Entries the engine still has work for (queued, sending, unknown), oldest first. Unreadable rows
    /// are skipped (logged).
    pub fn pending(&self) -> Result<Vec<OutboxEntry>> {
        Ok(self.pending_rows()?.0)
    }

    fn pending_rows(&self) -> Result<(Vec<OutboxEntry>, Vec<UnreadableRow>)> {
        let conn = lock(&self.inner.conn);
        read_rows(
            &conn,
            &format!(
                "SELECT {COLUMNS} FROM outbox WHERE state IN ('queued', 'sending', 'unknown') ORDER BY id"
            ),
        )
    }

    /// The user's "try again" on an entry that needs attention: it goes back to `unknown`, so the
    /// next drive looks it up first, with a fresh attempt budget.
    pub fn retry(&self, id: OrderId) -> Result<OutboxEntry> {
        let n = lock(&self.inner.conn).execute(
            "UPDATE outbox SET state = 'unknown', attempts = 0, next_attempt_at = NULL, updated_at = ?2
             WHERE id = ?1 AND state = 'needs_attention'",
            params![id.0, ts(Utc::now())],
        )?;
        let e = self.get(id)?;
        if n == 0 && e.state != State::Unknown {
            tracing::debug!(id = id.0, state = e.state.as_str(), "retry ignored");
        }
        Ok(e)
    }

    /// Start-up (and periodic) recovery: rows left in `sending` by a crash become `unknown`, then
    /// every queued/unknown entry of a connected account is driven.
    pub async fn resume(&self, ports: &Ports) -> Result<ResumeReport> {
        let mut report = ResumeReport::default();
        let pending: Vec<OutboxEntry> = {
            let (rows, unreadable) = self.pending_rows()?;
            report.unreadable = unreadable.into_iter().map(|u| u.id).collect();
            let mut out = Vec::new();
            for e in rows {
                if e.state == State::Sending && self.recover_interrupted(e.id)? {
                    report.interrupted += 1;
                }
                if matches!(e.state, State::Queued | State::Sending | State::Unknown) {
                    out.push(e);
                }
            }
            out
        };
        let results: Vec<Result<State>> =
            futures::stream::iter(pending.into_iter().map(|e| async move {
                match ports.get(&e.account_id, e.vendor) {
                    Some(port) => self.drive(e.id, port.as_ref()).await,
                    None => Ok(e.state),
                }
            }))
            .buffer_unordered(self.inner.config.concurrency.max(1))
            .collect()
            .await;
        for r in results {
            match r? {
                State::Created => report.created += 1,
                State::Failed => report.failed += 1,
                State::NeedsAttention => report.needs_attention += 1,
                _ => report.pending += 1,
            }
        }
        Ok(report)
    }

    /// A row in `sending` that no driver of this process holds was left by a crash: its request may
    /// have landed, so it becomes `unknown` (looked up before any new send). Answers whether it did.
    fn recover_interrupted(&self, id: OrderId) -> Result<bool> {
        let inflight = lock(&self.inner.inflight);
        if inflight.contains(&id.0) {
            return Ok(false);
        }
        let n = lock(&self.inner.conn).execute(
            "UPDATE outbox SET state = 'unknown', error_code = ?3, error_detail = NULL, last_error = NULL,
             updated_at = ?2 WHERE id = ?1 AND state = 'sending'",
            params![id.0, ts(Utc::now()), SendCode::Interrupted.as_str()],
        )?;
        Ok(n == 1)
    }

    fn claim(&self, id: OrderId) -> Option<Claim> {
        let mut set = lock(&self.inner.inflight);
        set.insert(id.0).then(|| Claim {
            inner: self.inner.clone(),
            id: id.0,
        })
    }

    /// Move to `state`; a new `error` replaces the last one (and an older version's sentence), none keeps it.
    fn set_state(
        &self,
        id: OrderId,
        state: State,
        error: Option<SendError>,
        next: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let code = error.as_ref().map(|e| e.code.as_str());
        let detail = error.as_ref().and_then(|e| e.detail.as_deref());
        lock(&self.inner.conn).execute(
            "UPDATE outbox SET state = ?2, next_attempt_at = ?4, updated_at = ?5,
             error_code = COALESCE(?3, error_code),
             error_detail = CASE WHEN ?3 IS NULL THEN error_detail ELSE ?6 END,
             last_error = CASE WHEN ?3 IS NULL THEN last_error END
             WHERE id = ?1",
            params![
                id.0,
                state.as_str(),
                code,
                next.map(ts),
                ts(Utc::now()),
                detail
            ],
        )?;
        Ok(())
    }

    fn mark_created(&self, id: OrderId, vendor_order_id: &str) -> Result<()> {
        lock(&self.inner.conn).execute(
            "UPDATE outbox SET state = 'created', vendor_order_id = ?2, next_attempt_at = NULL,
             updated_at = ?3 WHERE id = ?1",
            params![id.0, vendor_order_id, ts(Utc::now())],
        )?;
        Ok(())
    }

    /// Count one attempt whose outcome stayed unknown; past the budget the entry needs attention.
    fn unknown_outcome(&self, id: OrderId, reason: &SendError) -> Result<()> {
        let now = Utc::now();
        let next = now + self.inner.config.settle_delay;
        let conn = lock(&self.inner.conn);
        conn.execute(
            "UPDATE outbox SET state = CASE WHEN attempts >= ?3 THEN 'needs_attention' ELSE 'unknown' END,
             error_code = ?2, error_detail = ?6, last_error = NULL, next_attempt_at = ?4, updated_at = ?5
             WHERE id = ?1",
            params![
                id.0,
                reason.code.as_str(),
                self.inner.config.max_attempts,
                ts(next),
                ts(now),
                reason.detail,
            ],
        )?;
        Ok(())
    }

    /// Drive one entry until it is final or parked. A no-op when another driver holds it.
    pub async fn drive(&self, id: OrderId, port: &dyn OrderSink) -> Result<State> {
        let Some(_claim) = self.claim(id) else {
            return Ok(self.get(id)?.state);
        };
        // bounded: each step either ends the entry or spends an attempt / waits for the vendor
        for _ in 0..(self.inner.config.max_attempts * 4 + 8) {
            let e = self.get(id)?;
            if e.state.is_final() {
                return Ok(e.state);
            }
            if let Step::Park = self.step(&e, port).await? {
                return Ok(self.get(id)?.state);
            }
        }
        Ok(self.get(id)?.state)
    }

    async fn step(&self, e: &OutboxEntry, port: &dyn OrderSink) -> Result<Step> {
        let cfg = &self.inner.config;
        if let Some(at) = e.next_attempt_at {
            let wait = (at - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            if wait > cfg.max_inline_wait {
                return Ok(Step::Park);
            }
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        let mut from = e.state;
        if from == State::Sending {
            // only reachable for a row left by a crashed process: its send may have landed
            self.set_state(
                e.id,
                State::Unknown,
                Some(SendError::new(SendCode::Interrupted)),
                None,
            )?;
            from = State::Unknown;
        }
        if from == State::Unknown {
            match port
                .find_by_reference(&e.client_ref, self.lookup_scope(e.id)?)
                .await
            {
                Ok(Lookup::Found(vendor_id)) => {
                    tracing::info!(reference = %e.client_ref, vendor_id, "found at the vendor");
                    self.mark_created(e.id, &vendor_id)?;
                    return Ok(Step::Continue);
                }
                Ok(Lookup::NotFound) => {}
                Ok(Lookup::Inconclusive(why)) => {
                    let why = SendError::with_detail(SendCode::LookupInconclusive, why);
                    self.lookup_failed(e.id, &why)?;
                    return Ok(Step::Continue);
                }
                Err(err @ vendor_http::Error::RateLimited { retry_at, .. }) => {
                    let why = SendError::lookup(&err);
                    self.set_state(e.id, State::Unknown, Some(why), Some(retry_at))?;
                    return Ok(Step::Continue);
                }
                Err(err) if err.is_transient() || err.outcome_unknown() => {
                    self.lookup_failed(e.id, &SendError::lookup(&err))?;
                    return Ok(Step::Continue);
                }
                Err(err) => {
                    let why = SendError::lookup(&err);
                    self.set_state(e.id, State::NeedsAttention, Some(why), None)?;
                    return Ok(Step::Continue);
                }
            }
        }
        // the send: `sending` is committed before the request leaves
        let now = ts(Utc::now());
        let claimed = lock(&self.inner.conn).execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = NULL,
             first_sent_at = COALESCE(first_sent_at, ?3), updated_at = ?3 WHERE id = ?1 AND state = ?2",
            params![e.id.0, from.as_str(), now],
        )?;
        if claimed != 1 {
            return Ok(Step::Continue);
        }
        match port.create(&e.draft, &e.client_ref).await {
            Ok(vendor_id) => self.mark_created(e.id, &vendor_id)?,
            Err(err @ vendor_http::Error::RateLimited { retry_at, .. }) => {
                // The vendor throttled the create: not processed, so the attempt does not count and
                // the entry waits until `retry_at`. It still goes to `unknown`, not back to `queued`:
                // a client may have retried inside its pipeline (Nhanh, Onflow) before the 429, so the
                // next send is preceded by a lookup like every other re-send.
                let why = SendError::from(&err);
                lock(&self.inner.conn).execute(
                    "UPDATE outbox SET state = 'unknown', attempts = MAX(attempts - 1, 0), error_code = ?2,
                     error_detail = ?5, last_error = NULL, next_attempt_at = ?3, updated_at = ?4
                     WHERE id = ?1",
                    params![
                        e.id.0,
                        why.code.as_str(),
                        ts(retry_at),
                        ts(Utc::now()),
                        why.detail
                    ],
                )?;
            }
            Err(err) if err.outcome_unknown() || err.is_transient() => {
                self.unknown_outcome(e.id, &SendError::from(&err))?;
            }
            Err(err) if port.is_duplicate_reference(&err) => {
                self.after_duplicate_refusal(e, port, &err).await?;
            }
            Err(err) => {
                self.set_state(e.id, State::Failed, Some(SendError::from(&err)), None)?;
            }
        }
        Ok(Step::Continue)
    }

    /// The vendor refused the create because it already holds our reference: the order exists (or
    /// the vendor is confused), so it is never sent again. Found by the lookup → created; anything else
    /// → needs attention (never `failed`: something may well have been created).
    async fn after_duplicate_refusal(
        &self,
        e: &OutboxEntry,
        port: &dyn OrderSink,
        refusal: &vendor_http::Error,
    ) -> Result<()> {
        let found = port
            .find_by_reference(&e.client_ref, self.lookup_scope(e.id)?)
            .await;
        let why = match found {
            Ok(Lookup::Found(vendor_id)) => {
                tracing::info!(reference = %e.client_ref, vendor_id, "already at the vendor");
                return self.mark_created(e.id, &vendor_id);
            }
            Ok(Lookup::NotFound) => "the lookup did not find it".to_string(),
            Ok(Lookup::Inconclusive(why)) => format!("the lookup was inconclusive: {why}"),
            Err(err) => format!("the lookup failed: {err}"),
        };
        tracing::warn!(reference = %e.client_ref, %refusal, %why, "duplicate reference refused, not found");
        let detail = format!("{refusal}; {why}");
        self.set_state(
            e.id,
            State::NeedsAttention,
            Some(SendError::with_detail(SendCode::DuplicateNotFound, detail)),
            None,
        )
    }

    /// Where a lookup of `id` reads: the vendor's orders created since its first send (its creation,
    /// for rows written before that was recorded) minus the configured margin.
    fn lookup_scope(&self, id: OrderId) -> Result<LookupScope> {
        let first: String = lock(&self.inner.conn).query_row(
            "SELECT COALESCE(first_sent_at, created_at) FROM outbox WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )?;
        let margin = chrono::Duration::from_std(self.inner.config.lookup_margin)
            .unwrap_or_else(|_| chrono::Duration::hours(1));
        Ok(LookupScope::since(
            parse_ts(&first)? - margin,
            self.inner.config.lookup_max_pages,
        ))
    }

    /// The lookup failed (or could not read its whole window): still unknown, counts against the budget.
    fn lookup_failed(&self, id: OrderId, reason: &SendError) -> Result<()> {
        lock(&self.inner.conn).execute(
            "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1",
            [id.0],
        )?;
        self.unknown_outcome(id, reason)?;
        let next = Utc::now() + self.inner.config.retry_delay;
        lock(&self.inner.conn).execute(
            "UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1 AND state = 'unknown'",
            params![id.0, ts(next)],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_refs_are_short_unique_and_time_ordered() {
        let t0 = Utc::now();
        let refs: HashSet<String> = (0..10_000).map(|_| new_client_ref(t0)).collect();
        assert_eq!(refs.len(), 10_000);
        for r in refs.iter().take(50) {
            assert_eq!(r.len(), 19, "{r}");
            assert!(r.starts_with("SD-"));
            assert!(
                r[3..]
                    .bytes()
                    .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b)),
                "{r}"
            );
        }
        let later = new_client_ref(t0 + chrono::Duration::milliseconds(1));
        let earlier = new_client_ref(t0);
        assert!(later[..12] > earlier[..12], "{earlier} < {later}");
    }

    #[test]
    fn states_round_trip_through_their_column_value() {
        // the column keeps its names; the wire is camelCase like every IPC enum
        for (s, wire) in [
            (State::Queued, "queued"),
            (State::Sending, "sending"),
            (State::Unknown, "unknown"),
            (State::Created, "created"),
            (State::Failed, "failed"),
            (State::NeedsAttention, "needsAttention"),
        ] {
            assert_eq!(State::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(wire));
        }
        assert_eq!(State::NeedsAttention.as_str(), "needs_attention");
    }
}
