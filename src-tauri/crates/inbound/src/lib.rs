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

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use localdb::{Migration, Spec, Synchronous};
use rusqlite::{params, Connection, OptionalExtension};
use send_journal::{ts, JournalError, Sender, Table};
use shopdesk_core::inbound::{FetchedPo, LineError, PoDraft};
use shopdesk_core::order::FieldErrors;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope};
use shopdesk_core::{AppError, ErrorCode, ErrorDetails};

pub use shopdesk_core::inbound::{validate, InspectionRow, LineCheck, LineState, PoStage};
pub use shopdesk_core::ports::inbound::{InboundSink, PoPage};

pub use send_journal::{SendState, LOOKUP_MARGIN_MINUTES, LOOKUP_MAX_PAGES};
/// Pages of POs a refresh reads per account at most.
pub const REFRESH_MAX_PAGES: u32 = 50;

/// One PO of the journal (`vendor_id` is the `po_code`).
pub type Entry = send_journal::Entry<PoDraft>;

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

impl From<JournalError> for InboundError {
    fn from(e: JournalError) -> Self {
        match e {
            JournalError::NotFound(r) => InboundError::NotFound(r),
            JournalError::Db(e) => InboundError::Db(e),
            JournalError::Stored(e) => InboundError::Stored(e),
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

/// The journal's table in `inbound.sqlite`.
const TABLE: Table = Table {
    name: "journal",
    id_column: "po_code",
};

/// The journal of POs sent from ShopDesk (the shared [`send_journal::Journal`]) and the cache of the
/// warehouse's POs, in one file. Cheap to clone.
#[derive(Clone)]
pub struct Journal {
    sends: send_journal::Journal<PoDraft>,
}

/// The port as the shared journal sends through it.
struct PoSender<'a>(&'a dyn InboundSink);

impl Sender<PoDraft> for PoSender<'_> {
    fn create<'a>(
        &'a self,
        draft: &'a PoDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<String>> {
        self.0.create_po(draft, reference)
    }

    fn find<'a>(
        &'a self,
        _draft: &'a PoDraft,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, vendor_http::Result<Lookup>> {
        self.0.find_po_by_reference(reference, scope)
    }

    fn line_errors(&self, draft: &PoDraft, err: &vendor_http::Error) -> Vec<LineError> {
        self.0.line_errors(draft, err)
    }

    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        self.0.is_duplicate_reference(err)
    }
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
            sends: send_journal::Journal::new(Arc::new(Mutex::new(conn)), TABLE),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.sends.lock()
    }

    /// Validate the draft (against `today`, the owner's day) and store it under its reference
    /// (`queued`). A reference already in the journal or in the warehouse's POs is refused: it is what
    /// a lost answer is looked up by.
    pub fn enqueue(&self, draft: &PoDraft, today: chrono::NaiveDate) -> Result<Entry> {
        validate(draft, today).map_err(InboundError::Invalid)?;
        let reference = draft.reference.trim().to_string();
        let mut stored = draft.clone();
        stored.reference = reference.clone();
        self.sends
            .insert(
                &reference,
                &draft.account_id,
                &stored,
                Some("SELECT EXISTS(SELECT 1 FROM pos WHERE account_id = ?2 AND reference = ?1)"),
            )?
            .ok_or_else(|| {
                let mut f = FieldErrors::default();
                f.add("reference", "reference.duplicate");
                InboundError::Invalid(f)
            })
    }

    /// Whether `reference` is already used: in the journal, or by one of the account's POs at the
    /// warehouse ([`Journal::enqueue`] refuses it). The bulk import's preview asks before anything is
    /// stored.
    pub fn reference_taken(&self, account_id: &str, reference: &str) -> Result<bool> {
        Ok(self.lock().query_row(
            "SELECT EXISTS(SELECT 1 FROM journal WHERE reference = ?1)
                 OR EXISTS(SELECT 1 FROM pos WHERE account_id = ?2 AND reference = ?1)",
            rusqlite::params![reference.trim(), account_id],
            |r| r.get(0),
        )?)
    }

    pub fn get(&self, reference: &str) -> Result<Entry> {
        Ok(self.sends.get(reference)?)
    }

    /// Every entry not yet at the vendor, newest first (sent ones are shown from the cache).
    pub fn open_entries(&self) -> Result<Vec<Entry>> {
        Ok(self.sends.open_entries()?)
    }

    /// Entries a restart picks up: stored or possibly sent, never refused or waiting for the owner.
    pub fn pending(&self) -> Result<Vec<Entry>> {
        Ok(self.sends.pending()?)
    }

    /// Entries sent whose PO is not in the cache yet (read back after a send).
    pub fn sent_not_cached(&self) -> Result<Vec<Entry>> {
        Ok(self.sends.entries(
            "WHERE state = 'sent' AND NOT EXISTS (SELECT 1 FROM pos p WHERE p.account_id = journal.account_id AND p.po_code = journal.po_code) ORDER BY created_at",
        )?)
    }

    /// Drop a refused entry (no PO exists at the vendor). Any other state is kept.
    pub fn discard(&self, reference: &str) -> Result<bool> {
        Ok(self.sends.discard(reference)?)
    }

    /// Bring one entry to the vendor exactly once; answers where it ended. An entry that may be at the
    /// vendor is looked up first; a refused or sent one is left as it is.
    pub async fn drive(&self, reference: &str, port: &dyn InboundSink) -> Result<SendState> {
        Ok(self.sends.drive(reference, &PoSender(port)).await?)
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
