//! `returns`: returns ("Hoàn hàng"). Return requests created exactly once at a fulfilment warehouse
//! (Onflow's B2C return shipments), and every vendor's returns read back into one local list (the
//! Returns page reads only from here).
//!
//! Exactly once through the shared [`send_journal`] (the goods-in PO journal's state machine): our
//! reference first ([`Journal::enqueue`]), a row committed as `sending` before the request leaves, a
//! lookup by the reference before any resend (the returns of the order first, then a bounded scan);
//! an inconclusive lookup ends in `needsAttention`, never in a second return. No pipeline retry of a
//! create.
//!
//! The ports ([`ReturnSource`], [`ReturnSink`]) live in `shopdesk-core`; each vendor crate implements
//! them on its client.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use localdb::{Migration, Spec, Synchronous};
use rusqlite::{params, Connection, OptionalExtension};
use send_journal::{ts, JournalError, Sender, Table};
use shopdesk_core::order::FieldErrors;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope};
use shopdesk_core::returns::{validate, FetchedReturn, ReturnDraft};
use shopdesk_core::{AppError, ErrorCode, ErrorDetails, Vendor};

pub use send_journal::SendState;
pub use shopdesk_core::ports::returns::{ReturnPage, ReturnSink, ReturnSource};
pub use shopdesk_core::returns::{ReturnLine, ReturnStage};

/// Pages of returns a refresh reads per account at most.
pub const REFRESH_MAX_PAGES: u32 = 50;

/// One return request of the journal (`vendor_id` is the vendor's return id).
pub type Entry = send_journal::Entry<ReturnDraft>;

/// A return read from a vendor, with its account and vendor.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedReturn {
    pub account_id: String,
    pub vendor: Vendor,
    pub ret: FetchedReturn,
}

#[derive(Debug, thiserror::Error)]
pub enum ReturnsError {
    #[error("the return is not valid: {0}")]
    Invalid(FieldErrors),
    #[error("no return with reference {0}")]
    NotFound(String),
    #[error("the returns file was written by a newer ShopDesk (schema {found}, this one reads {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("the returns file is damaged: {0}")]
    CorruptFile(String),
    #[error("returns database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("a stored return could not be read: {0}")]
    Stored(#[from] serde_json::Error),
}

pub type Result<T, E = ReturnsError> = std::result::Result<T, E>;

impl From<localdb::OpenError> for ReturnsError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                ReturnsError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => ReturnsError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => ReturnsError::Db(e),
        }
    }
}

impl From<JournalError> for ReturnsError {
    fn from(e: JournalError) -> Self {
        match e {
            JournalError::NotFound(r) => ReturnsError::NotFound(r),
            JournalError::Db(e) => ReturnsError::Db(e),
            JournalError::Stored(e) => ReturnsError::Stored(e),
        }
    }
}

impl From<ReturnsError> for AppError {
    fn from(e: ReturnsError) -> Self {
        match e {
            ReturnsError::Invalid(fields) => {
                AppError::new(ErrorCode::Validation, fields.to_string()).with_details(
                    ErrorDetails {
                        fields: fields.0.into_iter().collect(),
                        ..Default::default()
                    },
                )
            }
            ReturnsError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
            other => AppError::internal(other.to_string()),
        }
    }
}

/// The journal's table in `returns.sqlite`.
const TABLE: Table = Table {
    name: "journal",
    id_column: "return_id",
};

const MIGRATIONS: &[Migration] = &[Migration::Sql(
    r#"
CREATE TABLE journal (
    reference TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    draft TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','failed','needs_attention','sent')),
    return_id TEXT,
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
CREATE TABLE returns (
    account_id TEXT NOT NULL,
    return_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    vendor_order_id TEXT NOT NULL,
    reference TEXT,
    body TEXT NOT NULL,
    created_at TEXT,
    PRIMARY KEY (account_id, return_id)
);
CREATE INDEX returns_order ON returns(account_id, vendor_order_id);
"#,
)];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// WAL + `synchronous = FULL`: a row committed as `sending` survives a power cut before the request
/// leaves.
const DB: Spec = Spec::new(MIGRATIONS)
    .synchronous(Synchronous::Full)
    .quick_check();

/// A fresh reference for a new return request (`SD-RT-…`, sortable by time).
pub fn new_reference(now: DateTime<Utc>) -> String {
    shopdesk_core::reference::new_reference("SD-RT-", now)
}

/// The port as the shared journal sends through it.
struct ReturnSender<'a>(&'a dyn ReturnSink);

impl Sender<ReturnDraft> for ReturnSender<'_> {
    fn create<'a>(
        &'a self,
        draft: &'a ReturnDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<String>> {
        self.0.create_return(draft, reference)
    }

    fn find<'a>(
        &'a self,
        draft: &'a ReturnDraft,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, vendor_http::Result<Lookup>> {
        self.0.find_return_by_reference(draft, reference, scope)
    }

    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        self.0.is_duplicate_reference(err)
    }
}

/// The journal of return requests sent from ShopDesk and the list of every vendor's returns, in one
/// file. Cheap to clone.
#[derive(Clone)]
pub struct Journal {
    sends: send_journal::Journal<ReturnDraft>,
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

    /// Validate the request and store it under its reference (`queued`). A reference already in the
    /// journal or on a listed return of the account is refused: it is what a lost answer is looked up by.
    pub fn enqueue(&self, draft: &ReturnDraft) -> Result<Entry> {
        validate(draft).map_err(ReturnsError::Invalid)?;
        let reference = draft.reference.trim().to_string();
        let mut stored = draft.clone();
        stored.reference = reference.clone();
        stored.vendor_order_id = draft.vendor_order_id.trim().to_string();
        self.sends
            .insert(
                &reference,
                &draft.account_id,
                &stored,
                Some(
                    "SELECT EXISTS(SELECT 1 FROM returns WHERE account_id = ?2 AND reference = ?1)",
                ),
            )?
            .ok_or_else(|| {
                let mut f = FieldErrors::default();
                f.add("reference", "reference.duplicate");
                ReturnsError::Invalid(f)
            })
    }

    pub fn get(&self, reference: &str) -> Result<Entry> {
        Ok(self.sends.get(reference)?)
    }

    /// Every request not yet at the vendor, newest first (sent ones are listed from the cache).
    pub fn open_entries(&self) -> Result<Vec<Entry>> {
        Ok(self.sends.open_entries()?)
    }

    /// Requests a restart picks up: stored or possibly sent, never refused or waiting for the owner.
    pub fn pending(&self) -> Result<Vec<Entry>> {
        Ok(self.sends.pending()?)
    }

    /// Requests sent whose return is not in the list yet (read back after a send).
    pub fn sent_not_cached(&self) -> Result<Vec<Entry>> {
        Ok(self.sends.entries(
            "WHERE state = 'sent' AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.account_id = journal.account_id AND r.return_id = journal.return_id) ORDER BY created_at",
        )?)
    }

    /// Drop a refused request (no return exists at the vendor). Any other state is kept.
    pub fn discard(&self, reference: &str) -> Result<bool> {
        Ok(self.sends.discard(reference)?)
    }

    /// Bring one request to the vendor exactly once; answers where it ended.
    pub async fn drive(&self, reference: &str, port: &dyn ReturnSink) -> Result<SendState> {
        Ok(self.sends.drive(reference, &ReturnSender(port)).await?)
    }

    // ---------------------------------------------------------------------------------------------------
    // Every vendor's returns
    // ---------------------------------------------------------------------------------------------------

    /// Store one return as the vendor answered it.
    pub fn put_return(&self, account_id: &str, vendor: Vendor, r: &FetchedReturn) -> Result<()> {
        put(&self.sends.lock(), account_id, vendor, r)
    }

    /// Replace an account's returns with a complete read of them.
    pub fn replace_returns(
        &self,
        account_id: &str,
        vendor: Vendor,
        list: &[FetchedReturn],
    ) -> Result<()> {
        let mut conn = self.sends.lock();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM returns WHERE account_id = ?1", [account_id])?;
        for r in list {
            put(&tx, account_id, vendor, r)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forget an account's returns (the account was removed).
    pub fn forget_account(&self, account_id: &str) -> Result<()> {
        self.sends
            .lock()
            .execute("DELETE FROM returns WHERE account_id = ?1", [account_id])?;
        Ok(())
    }

    /// Every listed return, newest first.
    pub fn returns(&self) -> Result<Vec<CachedReturn>> {
        self.select("ORDER BY created_at DESC, return_id DESC", params![])
    }

    /// The returns of one order of an account, newest first.
    pub fn for_order(&self, account_id: &str, vendor_order_id: &str) -> Result<Vec<CachedReturn>> {
        self.select(
            "WHERE account_id = ?1 AND vendor_order_id = ?2 ORDER BY created_at DESC, return_id DESC",
            params![account_id, vendor_order_id],
        )
    }

    pub fn get_return(&self, account_id: &str, return_id: &str) -> Result<Option<CachedReturn>> {
        Ok(self
            .select(
                "WHERE account_id = ?1 AND return_id = ?2",
                params![account_id, return_id],
            )?
            .pop())
    }

    fn select(&self, tail: &str, p: impl rusqlite::Params) -> Result<Vec<CachedReturn>> {
        let conn = self.sends.lock();
        let mut stmt = conn.prepare(&format!(
            "SELECT account_id, vendor, body FROM returns {tail}"
        ))?;
        let rows = stmt.query_map(p, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (account_id, vendor, body) = r?;
            let parsed = serde_json::from_str::<Vendor>(&vendor)
                .and_then(|v| serde_json::from_str::<FetchedReturn>(&body).map(|ret| (v, ret)));
            match parsed {
                Ok((vendor, ret)) => out.push(CachedReturn {
                    account_id,
                    vendor,
                    ret,
                }),
                Err(e) => tracing::warn!(error = %e, "an unreadable cached return was skipped"),
            }
        }
        Ok(out)
    }

    /// The vendor's id of a sent request (`None` while not sent).
    pub fn sent_id(&self, reference: &str) -> Result<Option<String>> {
        Ok(self
            .sends
            .lock()
            .query_row(
                "SELECT return_id FROM journal WHERE reference = ?1 AND state = 'sent'",
                [reference],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}

fn put(conn: &Connection, account_id: &str, vendor: Vendor, r: &FetchedReturn) -> Result<()> {
    conn.execute(
        "INSERT INTO returns (account_id, return_id, vendor, vendor_order_id, reference, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account_id, return_id) DO UPDATE SET vendor = ?3, vendor_order_id = ?4,
             reference = ?5, body = ?6, created_at = ?7",
        params![
            account_id,
            r.return_id,
            serde_json::to_string(&vendor)?,
            r.vendor_order_id,
            r.reference,
            serde_json::to_string(r)?,
            r.created_at.map(ts)
        ],
    )?;
    Ok(())
}

/// Read every page of an account's returns (at most [`REFRESH_MAX_PAGES`]) and replace its list with
/// them.
pub async fn refresh_account(
    journal: &Journal,
    account_id: &str,
    vendor: Vendor,
    port: &dyn ReturnSource,
) -> Result<usize, AppError> {
    let mut all = Vec::new();
    for page in 1..=REFRESH_MAX_PAGES {
        let p = port.list_returns(page).await?;
        let more = p.has_more && !p.items.is_empty();
        all.extend(p.items);
        if !more {
            break;
        }
    }
    all.sort_by(|a, b| a.return_id.cmp(&b.return_id));
    all.dedup_by(|a, b| a.return_id == b.return_id);
    journal.replace_returns(account_id, vendor, &all)?;
    Ok(all.len())
}
