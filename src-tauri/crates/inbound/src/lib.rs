//! `inbound`: goods in. Inbound purchase orders created exactly once at a fulfilment warehouse, and the
//! warehouse's POs read back into a local cache (the Goods-in page reads only from here).
//!
//! Exactly once, by construction (the same principle as the order outbox):
//! 1. our reference is written first: [`Journal::enqueue`] stores the draft under it (`queued`);
//! 2. a journal row before the send: the entry is committed as `sending` (`synchronous = FULL`) before
//!    the request leaves;
//! 3. a lookup before any resend: an entry that may have reached the vendor (`sending` after a crash,
//!    `unknown` after a lost answer) is looked up by its reference first; only a lookup that read the
//!    whole window and found nothing lets it be sent again. An inconclusive lookup ends in
//!    `needsAttention`, never in a second PO. The client never retries a create on its own.
//!
//! The port ([`InboundSink`]) lives in `shopdesk-core`; each vendor crate implements it on its client.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use localdb::{Migration, Spec, Synchronous};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use shopdesk_core::inbound::{FetchedPo, LineError, PoDraft};
use shopdesk_core::order::FieldErrors;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope};
use shopdesk_core::{AppError, ErrorCode, ErrorDetails};

pub use shopdesk_core::inbound::{validate, InspectionRow, LineCheck, LineState, PoStage};
pub use shopdesk_core::ports::inbound::{InboundSink, PoPage};

/// How far before the first send a lookup starts reading the vendor's POs, and how many pages it reads.
pub const LOOKUP_MARGIN_MINUTES: i64 = 10;
pub const LOOKUP_MAX_PAGES: u32 = 20;
/// Pages of POs a refresh reads per account at most.
pub const REFRESH_MAX_PAGES: u32 = 50;

/// Where a PO of the journal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SendState {
    /// Stored, not sent yet.
    Queued,
    /// Committed before the request left; after a crash it is looked up before anything else.
    Sending,
    /// The vendor's answer was lost (timeout, network, 5xx): looked up before any resend.
    Unknown,
    /// The vendor refused it: no PO was created.
    Failed,
    /// The lookup could not tell whether the vendor holds it: the owner checks at the vendor.
    NeedsAttention,
    /// The vendor holds it (`po_code`).
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

/// One PO of the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub reference: String,
    pub account_id: String,
    pub draft: PoDraft,
    pub state: SendState,
    pub po_code: Option<String>,
    /// Why it is not sent (yet): a code, the vendor's code, a redacted detail.
    pub error: Option<AppError>,
    pub line_errors: Vec<LineError>,
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub first_sent_at: Option<DateTime<Utc>>,
}

/// A PO read from the warehouse, with its account.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedPo {
    pub account_id: String,
    pub po: FetchedPo,
}

#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    #[error("the PO is not valid: {0}")]
    Invalid(FieldErrors),
    #[error("no PO with reference {0}")]
    NotFound(String),
    #[error("the goods-in file was written by a newer ShopDesk (schema {found}, this one reads {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("the goods-in file is damaged: {0}")]
    CorruptFile(String),
    #[error("goods-in database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("a stored PO could not be read: {0}")]
    Stored(#[from] serde_json::Error),
}

pub type Result<T, E = InboundError> = std::result::Result<T, E>;

impl From<localdb::OpenError> for InboundError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                InboundError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => InboundError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => InboundError::Db(e),
        }
    }
}

impl From<InboundError> for AppError {
    fn from(e: InboundError) -> Self {
        match e {
            InboundError::Invalid(fields) => {
                AppError::new(ErrorCode::Validation, fields.to_string()).with_details(
                    ErrorDetails {
                        fields: fields.0.into_iter().collect(),
                        ..Default::default()
                    },
                )
            }
            InboundError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
            other => AppError::internal(other.to_string()),
        }
    }
}

const MIGRATIONS: &[Migration] = &[Migration::Sql(
    r#"
CREATE TABLE journal (
    reference TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    draft TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','failed','needs_attention','sent')),
    po_code TEXT,
    error_code TEXT,
    vendor_code TEXT,
    error_detail TEXT,
    line_errors TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    first_sent_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX journal_state ON journal(state);
CREATE TABLE pos (
    account_id TEXT NOT NULL,
    po_code TEXT NOT NULL,
    reference TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT,
    PRIMARY KEY (account_id, po_code)
);
"#,
)];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// WAL + `synchronous = FULL`: a row committed as `sending` survives a power cut before the request
/// leaves.
const DB: Spec = Spec::new(MIGRATIONS)
    .synchronous(Synchronous::Full)
    .quick_check();

/// A fresh reference for a new PO (`SD-PO-…`, sortable by time).
pub fn new_reference(now: DateTime<Utc>) -> String {
    shopdesk_core::reference::new_reference("SD-PO-", now)
}

/// The journal of POs sent from ShopDesk and the cache of the warehouse's POs. Cheap to clone.
#[derive(Clone)]
pub struct Journal {
    conn: Arc<Mutex<Connection>>,
    /// References being driven right now: a second drive of one of them (the resume while a submit
    /// sends it) returns at once instead of racing the first.
    inflight: Arc<Mutex<HashSet<String>>>,
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

/// Whether the journal or the account's cached POs hold `reference`.
fn taken(conn: &Connection, account_id: &str, reference: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM journal WHERE reference = ?1)
             OR EXISTS(SELECT 1 FROM pos WHERE account_id = ?2 AND reference = ?1)",
        params![reference, account_id],
        |r| r.get(0),
    )
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl Journal {
    pub fn open(path: impl AsRef<Path>) -> Result<Journal> {
        Ok(Self::with(localdb::open(path, &DB)?))
    }

    /// A journal in memory (tests, the demo workspace).
    pub fn open_in_memory() -> Result<Journal> {
        Ok(Self::with(localdb::open_in_memory(&DB)?))
    }

    fn with(conn: Connection) -> Journal {
        Journal {
            conn: Arc::new(Mutex::new(conn)),
            inflight: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Validate the draft (against `today`, the owner's day) and store it under its reference
    /// (`queued`). A reference already in the journal or in the warehouse's POs is refused: it is what
    /// a lost answer is looked up by.
    pub fn enqueue(&self, draft: &PoDraft, today: chrono::NaiveDate) -> Result<Entry> {
        validate(draft, today).map_err(InboundError::Invalid)?;
        let reference = draft.reference.trim().to_string();
        let conn = self.lock();
        if taken(&conn, &draft.account_id, &reference).unwrap_or(false) {
            let mut f = FieldErrors::default();
            f.add("reference", "reference.duplicate");
            return Err(InboundError::Invalid(f));
        }
        let mut stored = draft.clone();
        stored.reference = reference.clone();
        let now = ts(Utc::now());
        conn.execute(
            "INSERT INTO journal (reference, account_id, draft, state, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'queued', ?4, ?4)",
            params![
                reference,
                draft.account_id,
                serde_json::to_string(&stored)?,
                now
            ],
        )?;
        drop(conn);
        self.get(&reference)
    }

    /// Whether `reference` is already used: in the journal, or by one of the account's POs at the
    /// warehouse ([`Journal::enqueue`] refuses it). The bulk import's preview asks before anything is
    /// stored.
    pub fn reference_taken(&self, account_id: &str, reference: &str) -> Result<bool> {
        Ok(taken(&self.lock(), account_id, reference.trim())?)
    }

    pub fn get(&self, reference: &str) -> Result<Entry> {
        self.lock()
            .query_row(
                &format!("{SELECT_ENTRY} WHERE reference = ?1"),
                [reference],
                row_entry,
            )
            .optional()?
            .ok_or_else(|| InboundError::NotFound(reference.to_string()))?
    }

    /// Every entry not yet at the vendor, newest first (sent ones are shown from the cache).
    pub fn open_entries(&self) -> Result<Vec<Entry>> {
        self.entries("WHERE state <> 'sent' ORDER BY created_at DESC")
    }

    /// Entries a restart picks up: stored or possibly sent, never refused or waiting for the owner.
    pub fn pending(&self) -> Result<Vec<Entry>> {
        self.entries("WHERE state IN ('queued','sending','unknown') ORDER BY created_at")
    }

    /// Entries sent whose PO is not in the cache yet (read back after a send).
    pub fn sent_not_cached(&self) -> Result<Vec<Entry>> {
        self.entries(
            "WHERE state = 'sent' AND NOT EXISTS (SELECT 1 FROM pos p WHERE p.account_id = journal.account_id AND p.po_code = journal.po_code) ORDER BY created_at",
        )
    }

    fn entries(&self, tail: &str) -> Result<Vec<Entry>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(&format!("{SELECT_ENTRY} {tail}"))?;
        let rows = stmt.query_map([], row_entry)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r??);
        }
        Ok(out)
    }

    /// Drop a refused entry (no PO exists at the vendor). Any other state is kept.
    pub fn discard(&self, reference: &str) -> Result<bool> {
        Ok(self.lock().execute(
            "DELETE FROM journal WHERE reference = ?1 AND state = 'failed'",
            [reference],
        )? > 0)
    }

    fn set(
        &self,
        reference: &str,
        state: SendState,
        po_code: Option<&str>,
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
        self.lock().execute(
            "UPDATE journal SET state = ?2, po_code = COALESCE(?3, po_code), error_code = ?4,
                 vendor_code = ?5, error_detail = ?6, line_errors = ?7, updated_at = ?8
             WHERE reference = ?1",
            params![
                reference,
                state.as_str(),
                po_code,
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
            "UPDATE journal SET state = 'sending', attempts = attempts + 1,
                 first_sent_at = COALESCE(first_sent_at, ?2), updated_at = ?2
             WHERE reference = ?1",
            params![reference, now],
        )?;
        Ok(())
    }

    /// Bring one entry to the vendor exactly once; answers where it ended. An entry that may be at the
    /// vendor is looked up first; a refused or sent one is left as it is.
    pub async fn drive(&self, reference: &str, port: &dyn InboundSink) -> Result<SendState> {
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
        match port.create_po(&entry.draft, reference).await {
            Ok(code) => {
                self.set(reference, SendState::Sent, Some(&code), None, &[])?;
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
                    "PO create: the answer was lost; looked up before any resend"
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
    /// `needsAttention`, the lookup failed → `unknown`), `None` when the vendor holds no such PO.
    async fn look_up(&self, entry: &Entry, port: &dyn InboundSink) -> Result<Option<SendState>> {
        let since = entry.first_sent_at.unwrap_or(entry.created_at)
            - chrono::Duration::minutes(LOOKUP_MARGIN_MINUTES);
        let scope = LookupScope::since(since, LOOKUP_MAX_PAGES);
        let r = &entry.reference;
        match port.find_po_by_reference(r, scope).await {
            Ok(Lookup::Found(code)) => {
                self.set(r, SendState::Sent, Some(&code), None, &[])?;
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

    // ---------------------------------------------------------------------------------------------------
    // The cache of the warehouse's POs
    // ---------------------------------------------------------------------------------------------------

    /// Store one PO as the vendor answered it.
    pub fn put_po(&self, account_id: &str, po: &FetchedPo) -> Result<()> {
        put(&self.lock(), account_id, po)
    }

    /// Replace an account's POs with a complete read of them.
    pub fn replace_pos(&self, account_id: &str, pos: &[FetchedPo]) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM pos WHERE account_id = ?1", [account_id])?;
        for po in pos {
            put(&tx, account_id, po)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forget an account's POs (the account was removed).
    pub fn forget_account(&self, account_id: &str) -> Result<()> {
        self.lock()
            .execute("DELETE FROM pos WHERE account_id = ?1", [account_id])?;
        Ok(())
    }

    /// Every cached PO, newest first.
    pub fn pos(&self) -> Result<Vec<CachedPo>> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare("SELECT account_id, body FROM pos ORDER BY created_at DESC, po_code DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for r in rows {
            let (account_id, body) = r?;
            match serde_json::from_str::<FetchedPo>(&body) {
                Ok(po) => out.push(CachedPo { account_id, po }),
                Err(e) => tracing::warn!(error = %e, "an unreadable cached PO was skipped"),
            }
        }
        Ok(out)
    }

    pub fn po(&self, account_id: &str, po_code: &str) -> Result<Option<FetchedPo>> {
        let body: Option<String> = self
            .lock()
            .query_row(
                "SELECT body FROM pos WHERE account_id = ?1 AND po_code = ?2",
                [account_id, po_code],
                |r| r.get(0),
            )
            .optional()?;
        Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
    }
}

fn put(conn: &Connection, account_id: &str, po: &FetchedPo) -> Result<()> {
    conn.execute(
        "INSERT INTO pos (account_id, po_code, reference, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (account_id, po_code) DO UPDATE SET reference = ?3, body = ?4, created_at = ?5",
        params![
            account_id,
            po.po_code,
            po.reference,
            serde_json::to_string(po)?,
            po.created_at.map(ts)
        ],
    )?;
    Ok(())
}

const SELECT_ENTRY: &str =
    "SELECT reference, account_id, draft, state, po_code, error_code, vendor_code,
    error_detail, line_errors, attempts, created_at, first_sent_at FROM journal";

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Entry>> {
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
    let po_code: Option<String> = r.get(4)?;
    let attempts: i64 = r.get(9)?;
    let created_at = parse_ts(r.get(10)?).unwrap_or_else(Utc::now);
    let first_sent_at = parse_ts(r.get(11)?);
    Ok((|| {
        Ok(Entry {
            reference,
            account_id,
            draft: serde_json::from_str(&draft)?,
            state: SendState::parse(&state),
            po_code,
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

/// Read every page of an account's POs (at most [`REFRESH_MAX_PAGES`]) and replace its cache with them.
pub async fn refresh_account(
    journal: &Journal,
    account_id: &str,
    port: &dyn InboundSink,
) -> Result<usize, AppError> {
    let mut all = Vec::new();
    for page in 1..=REFRESH_MAX_PAGES {
        let p = port.list_pos(page).await?;
        let more = p.has_more && !p.items.is_empty();
        all.extend(p.items);
        if !more {
            break;
        }
    }
    all.sort_by(|a, b| a.po_code.cmp(&b.po_code));
    all.dedup_by(|a, b| a.po_code == b.po_code);
    journal.replace_pos(account_id, &all)?;
    Ok(all.len())
}
