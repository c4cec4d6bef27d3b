//! `send-journal`: the exactly-once send journal shared by the engines that create records at a vendor
//! (goods-in POs, return shipments). Generic over the draft it stores and the port that sends it.
//!
//! Exactly once, by construction (the same principle as the order outbox):
//! 1. our reference is written first: [`Journal::insert`] stores the draft under it (`queued`);
//! 2. a journal row before the send: the entry is committed as `sending` before the request leaves (the
//!    owning store opens its file with `synchronous = FULL`);
//! 3. a lookup before any resend: an entry that may have reached the vendor (`sending` after a crash,
//!    `unknown` after a lost answer) is looked up by its reference first; only a lookup that read the
//!    whole window and found nothing lets it be sent again. An inconclusive lookup ends in
//!    `needsAttention`, never in a second record. The client never retries a create on its own.
//!
//! The journal lives in a table of the owning engine's SQLite file ([`Table`] names it and the column of
//! the vendor's id); that engine keeps its own caches beside it in the same connection.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shopdesk_core::inbound::LineError;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope};
use shopdesk_core::{AppError, ErrorCode, ErrorDetails};

/// How far before the first send a lookup starts reading the vendor's records, and how many pages it
/// reads.
pub const LOOKUP_MARGIN_MINUTES: i64 = 10;
pub const LOOKUP_MAX_PAGES: u32 = 20;

/// Where an entry of the journal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SendState {
    /// Stored, not sent yet.
    Queued,
    /// Committed before the request left; after a crash it is looked up before anything else.
    Sending,
    /// The vendor's answer was lost (timeout, network, 5xx): looked up before any resend.
    Unknown,
    /// The vendor refused it: nothing was created.
    Failed,
    /// The lookup could not tell whether the vendor holds it: the owner checks at the vendor.
    NeedsAttention,
    /// The vendor holds it (`vendor_id`).
    Sent,
}

impl SendState {
    pub fn as_str(self) -> &'static str {
        match self {
            SendState::Queued => "queued",
            SendState::Sending => "sending",
            SendState::Unknown => "unknown",
            SendState::Failed => "failed",
            SendState::NeedsAttention => "needs_attention",
            SendState::Sent => "sent",
        }
    }

    fn parse(s: &str) -> SendState {
        match s {
            "queued" => SendState::Queued,
            "sending" => SendState::Sending,
            "unknown" => SendState::Unknown,
            "failed" => SendState::Failed,
            "sent" => SendState::Sent,
            _ => SendState::NeedsAttention,
        }
    }

    /// Whether a send may have reached the vendor (a lookup comes before anything else).
    fn maybe_at_vendor(self) -> bool {
        matches!(
            self,
            SendState::Sending | SendState::Unknown | SendState::NeedsAttention
        )
    }
}

/// One entry of the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<D> {
    pub reference: String,
    pub account_id: String,
    pub draft: D,
    pub state: SendState,
    /// The vendor's id of the record once it holds it.
    pub vendor_id: Option<String>,
    /// Why it is not sent (yet): a code, the vendor's code, a redacted detail.
    pub error: Option<AppError>,
    pub line_errors: Vec<LineError>,
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub first_sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("no entry with reference {0}")]
    NotFound(String),
    #[error("journal database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("a stored entry could not be read: {0}")]
    Stored(#[from] serde_json::Error),
}

pub type Result<T, E = JournalError> = std::result::Result<T, E>;

/// What the journal sends through: create with our reference, find by it. Each engine implements it on
/// its port (a thin wrapper), so the port traits in `shopdesk-core` stay as they are.
pub trait Sender<D>: Send + Sync {
    /// Create the record carrying `reference`; answers the vendor's id.
    fn create<'a>(
        &'a self,
        draft: &'a D,
        reference: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<String>>;

    /// Look for the record carrying `reference` (the entry's `draft` may narrow where to look) among
    /// those created within `scope`.
    fn find<'a>(
        &'a self,
        draft: &'a D,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, vendor_http::Result<Lookup>>;

    /// The lines of `draft` a refusal names.
    fn line_errors(&self, draft: &D, err: &vendor_http::Error) -> Vec<LineError> {
        let _ = (draft, err);
        Vec::new()
    }

    /// Whether `err`, answered to a create, may say that the vendor already holds this reference (the
    /// journal then looks it up and never re-sends it).
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        let _ = err;
        false
    }
}

/// The journal's table in the owning engine's file: its name and the column of the vendor's id. The
/// table has the columns of [`Table::create_sql`].
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub id_column: &'static str,
}

impl Table {
    /// The `CREATE TABLE` of a journal table, for the owning engine's migrations (its own copy of the
    /// SQL stays in its migration list, which must never change once shipped).
    pub fn create_sql(&self) -> String {
        format!(
            "CREATE TABLE {t} (
    reference TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    draft TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','failed','needs_attention','sent')),
    {id} TEXT,
    error_code TEXT,
    vendor_code TEXT,
    error_detail TEXT,
    line_errors TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    first_sent_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX {t}_state ON {t}(state);",
            t = self.name,
            id = self.id_column
        )
    }
}

/// The journal over one table of a shared connection. Cheap to clone.
pub struct Journal<D> {
    conn: Arc<Mutex<Connection>>,
    table: Table,
    /// References being driven right now: a second drive of one of them (the resume while a submit
    /// sends it) returns at once instead of racing the first.
    inflight: Arc<Mutex<HashSet<String>>>,
    _draft: PhantomData<fn() -> D>,
}

impl<D> Clone for Journal<D> {
    fn clone(&self) -> Self {
        Journal {
            conn: self.conn.clone(),
            table: self.table,
            inflight: self.inflight.clone(),
            _draft: PhantomData,
        }
    }
}

/// Removes a reference from the in-flight set when its drive ends, however it ends.
struct InFlight<'a>(&'a Mutex<HashSet<String>>, String);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.1);
    }
}

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

pub fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl<D: Serialize + DeserializeOwned> Journal<D> {
    pub fn new(conn: Arc<Mutex<Connection>>, table: Table) -> Self {
        Journal {
            conn,
            table,
            inflight: Arc::default(),
            _draft: PhantomData,
        }
    }

    /// The shared connection (the owning engine's caches live beside the journal).
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Store `draft` under `reference` (`queued`), unless the reference is in the journal already or
    /// `also_taken` (SQL answering one boolean, `?1` the reference, `?2` the account) says the vendor's
    /// records hold it. Answers `None` when the reference is taken.
    pub fn insert(
        &self,
        reference: &str,
        account_id: &str,
        draft: &D,
        also_taken: Option<&str>,
    ) -> Result<Option<Entry<D>>> {
        let conn = self.lock();
        let t = self.table.name;
        let mut taken: bool = conn
            .query_row(
                &format!("SELECT EXISTS(SELECT 1 FROM {t} WHERE reference = ?1)"),
                [reference],
                |r| r.get(0),
            )
            .unwrap_or(false);
        if let Some(sql) = also_taken {
            taken |= conn
                .query_row(sql, params![reference, account_id], |r| r.get(0))
                .unwrap_or(false);
        }
        if taken {
            return Ok(None);
        }
        let now = ts(Utc::now());
        conn.execute(
            &format!(
                "INSERT INTO {t} (reference, account_id, draft, state, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'queued', ?4, ?4)"
            ),
            params![reference, account_id, serde_json::to_string(draft)?, now],
        )?;
        drop(conn);
        self.get(reference).map(Some)
    }

    pub fn get(&self, reference: &str) -> Result<Entry<D>> {
        self.lock()
            .query_row(
                &format!("{} WHERE reference = ?1", self.select()),
                [reference],
                row_entry,
            )
            .optional()?
            .ok_or_else(|| JournalError::NotFound(reference.to_string()))?
    }

    /// Every entry not yet at the vendor, newest first (sent ones are shown from the owner's cache).
    pub fn open_entries(&self) -> Result<Vec<Entry<D>>> {
        self.entries("WHERE state <> 'sent' ORDER BY created_at DESC")
    }

    /// Entries a restart picks up: stored or possibly sent, never refused or waiting for the owner.
    pub fn pending(&self) -> Result<Vec<Entry<D>>> {
        self.entries("WHERE state IN ('queued','sending','unknown') ORDER BY created_at")
    }

    /// Entries selected by an SQL tail (`WHERE … ORDER BY …`, the table named by its own name).
    pub fn entries(&self, tail: &str) -> Result<Vec<Entry<D>>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(&format!("{} {tail}", self.select()))?;
        let rows = stmt.query_map([], row_entry)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r??);
        }
        Ok(out)
    }

    /// Drop a refused entry (nothing exists at the vendor). Any other state is kept.
    pub fn discard(&self, reference: &str) -> Result<bool> {
        Ok(self.lock().execute(
            &format!(
                "DELETE FROM {} WHERE reference = ?1 AND state = 'failed'",
                self.table.name
            ),
            [reference],
        )? > 0)
    }

    /// Send a refused entry again (the owner fixed what the vendor refused): back to `queued`, its error
    /// cleared. A refusal created nothing at the vendor, so no lookup is owed. Any other state is kept.
    pub fn requeue(&self, reference: &str) -> Result<bool> {
        Ok(self.lock().execute(
            &format!(
                "UPDATE {} SET state = 'queued', error_code = NULL, vendor_code = NULL,
                     error_detail = NULL, line_errors = NULL, updated_at = ?2
                 WHERE reference = ?1 AND state = 'failed'",
                self.table.name
            ),
            params![reference, ts(Utc::now())],
        )? > 0)
    }

    fn select(&self) -> String {
        format!(
            "SELECT reference, account_id, draft, state, {}, error_code, vendor_code,
             error_detail, line_errors, attempts, created_at, first_sent_at FROM {}",
            self.table.id_column, self.table.name
        )
    }

    fn set(
        &self,
        reference: &str,
        state: SendState,
        vendor_id: Option<&str>,
        error: Option<&AppError>,
        line_errors: &[LineError],
    ) -> Result<()> {
        let (code, vendor_code, detail) = match error {
            Some(e) => (
                Some(e.code.as_str()),
                e.details.as_ref().and_then(|d| d.vendor_code.clone()),
                Some(e.message.clone()),
            ),
            None => (None, None, None),
        };
        let lines = (!line_errors.is_empty())
            .then(|| serde_json::to_string(line_errors))
            .transpose()?;
        let Table { name, id_column } = self.table;
        self.lock().execute(
            &format!(
                "UPDATE {name} SET state = ?2, {id_column} = COALESCE(?3, {id_column}), error_code = ?4,
                     vendor_code = ?5, error_detail = ?6, line_errors = ?7, updated_at = ?8
                 WHERE reference = ?1"
            ),
            params![
                reference,
                state.as_str(),
                vendor_id,
                code,
                vendor_code,
                detail,
                lines,
                ts(Utc::now())
            ],
        )?;
        Ok(())
    }

    /// Commit the entry as `sending` (first send time kept) before the request leaves.
    fn mark_sending(&self, reference: &str) -> Result<()> {
        let now = ts(Utc::now());
        self.lock().execute(
            &format!(
                "UPDATE {} SET state = 'sending', attempts = attempts + 1,
                     first_sent_at = COALESCE(first_sent_at, ?2), updated_at = ?2
                 WHERE reference = ?1",
                self.table.name
            ),
            params![reference, now],
        )?;
        Ok(())
    }

    /// Bring one entry to the vendor exactly once; answers where it ended. An entry that may be at the
    /// vendor is looked up first; a refused or sent one is left as it is.
    pub async fn drive(&self, reference: &str, port: &dyn Sender<D>) -> Result<SendState> {
        if !self
            .inflight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(reference.to_string())
        {
            return Ok(self.get(reference)?.state);
        }
        let _guard = InFlight(&self.inflight, reference.to_string());
        let entry = self.get(reference)?;
        match entry.state {
            SendState::Sent | SendState::Failed => return Ok(entry.state),
            s if s.maybe_at_vendor() => {
                if let Some(done) = self.look_up(&entry, port).await? {
                    return Ok(done);
                }
            }
            _ => {}
        }
        self.mark_sending(reference)?;
        match port.create(&entry.draft, reference).await {
            Ok(id) => {
                self.set(reference, SendState::Sent, Some(&id), None, &[])?;
                Ok(SendState::Sent)
            }
            Err(e) if port.is_duplicate_reference(&e) => {
                // the vendor already holds this reference: never send it again
                let entry = self.get(reference)?;
                match self.look_up(&entry, port).await? {
                    Some(s) => Ok(s),
                    None => {
                        let err = AppError::from(e);
                        self.set(reference, SendState::NeedsAttention, None, Some(&err), &[])?;
                        Ok(SendState::NeedsAttention)
                    }
                }
            }
            Err(e) if e.outcome_unknown() => {
                tracing::warn!(
                    reference,
                    table = self.table.name,
                    "create: the answer was lost; looked up before any resend"
                );
                self.set(
                    reference,
                    SendState::Unknown,
                    None,
                    Some(&AppError::from(e)),
                    &[],
                )?;
                Ok(SendState::Unknown)
            }
            Err(e) => {
                let lines = port.line_errors(&entry.draft, &e);
                self.set(
                    reference,
                    SendState::Failed,
                    None,
                    Some(&AppError::from(e)),
                    &lines,
                )?;
                Ok(SendState::Failed)
            }
        }
    }

    /// Look the entry up at the vendor: `Some(state)` when that settles it (found → `sent`, unclear →
    /// `needsAttention`, the lookup failed → `unknown`), `None` when the vendor holds no such record.
    async fn look_up(&self, entry: &Entry<D>, port: &dyn Sender<D>) -> Result<Option<SendState>> {
        let since = entry.first_sent_at.unwrap_or(entry.created_at)
            - chrono::Duration::minutes(LOOKUP_MARGIN_MINUTES);
        let scope = LookupScope::since(since, LOOKUP_MAX_PAGES);
        let r = &entry.reference;
        match port.find(&entry.draft, r, scope).await {
            Ok(Lookup::Found(id)) => {
                self.set(r, SendState::Sent, Some(&id), None, &[])?;
                Ok(Some(SendState::Sent))
            }
            Ok(Lookup::NotFound) => Ok(None),
            Ok(Lookup::Inconclusive(why)) => {
                let e = AppError::new(ErrorCode::Conflict, why);
                self.set(r, SendState::NeedsAttention, None, Some(&e), &[])?;
                Ok(Some(SendState::NeedsAttention))
            }
            Err(e) => {
                self.set(r, SendState::Unknown, None, Some(&AppError::from(e)), &[])?;
                Ok(Some(SendState::Unknown))
            }
        }
    }
}

#[allow(clippy::type_complexity)]
fn row_entry<D: DeserializeOwned>(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Entry<D>>> {
    let draft: String = r.get(2)?;
    let error_code: Option<String> = r.get(5)?;
    let vendor_code: Option<String> = r.get(6)?;
    let detail: Option<String> = r.get(7)?;
    let lines: Option<String> = r.get(8)?;
    let error = error_code.map(|c| {
        let e = AppError::new(
            ErrorCode::parse(&c).unwrap_or(ErrorCode::Internal),
            detail.unwrap_or_default(),
        );
        match vendor_code {
            Some(v) => e.with_details(ErrorDetails {
                vendor_code: Some(v),
                ..Default::default()
            }),
            None => e,
        }
    });
    let reference: String = r.get(0)?;
    let account_id: String = r.get(1)?;
    let state: String = r.get(3)?;
    let vendor_id: Option<String> = r.get(4)?;
    let attempts: i64 = r.get(9)?;
    let created_at = parse_ts(r.get(10)?).unwrap_or_else(Utc::now);
    let first_sent_at = parse_ts(r.get(11)?);
    Ok((|| {
        Ok(Entry {
            reference,
            account_id,
            draft: serde_json::from_str(&draft)?,
            state: SendState::parse(&state),
            vendor_id,
            error,
            line_errors: lines
                .map(|l| serde_json::from_str(&l))
                .transpose()?
                .unwrap_or_default(),
            attempts: u32::try_from(attempts).unwrap_or(0),
            created_at,
            first_sent_at,
        })
    })())
}
