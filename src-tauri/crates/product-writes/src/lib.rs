//! `product-writes`: a product born once for every vendor. The owner's product is stored with one journal
//! entry per record each chosen account will hold (Onflow and Nhanh: one per variant; Pancake: one for the
//! whole product, `ports::products::ProductLayout`), and each entry is brought to its vendor exactly once
//! through the shared [`send_journal`]:
//! 1. our reference first: the product and its entries are stored before anything is sent;
//! 2. a journal row before the send: an entry is committed as `sending` (`synchronous = FULL`);
//! 3. a lookup before any resend: an entry that may be at the vendor is looked up by its SKUs (each
//!    record's own code at the vendor); only a lookup that found none of them lets it be sent again,
//!    and a record found under another name is someone else's, never adopted (`needsAttention`).
//!
//! A sent record's listings (the vendor's ids per SKU) are read back and kept, so the app can match them
//! at once; then what follows a create (Onflow: the warehouse mapping) runs until it succeeds. Partial
//! success is normal: each account has its own state, and a retry sends only the refused records.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use localdb::{Migration, Spec, Synchronous};
use rusqlite::{params, Connection};
use send_journal::{ts, JournalError, SendState, Sender, Table};
use serde::{Deserialize, Serialize};
use shopdesk_core::order::FieldErrors;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope};
use shopdesk_core::ports::products::{CreatedListing, ProductLayout, ProductSink};
use shopdesk_core::product::{validate, ProductDraft, Taken, VendorFields};
use shopdesk_core::text::fold;
use shopdesk_core::{AppError, ErrorCode, ErrorDetails, Vendor};

/// One record to create at one account: the product, the account's fields and the variants it holds.
/// The journal's draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// The product's reference.
    pub product: String,
    pub account_id: String,
    pub fields: VendorFields,
    /// Indices into `draft.variants`.
    pub variants: Vec<usize>,
    pub draft: ProductDraft,
}

impl Unit {
    pub fn skus(&self) -> Vec<String> {
        self.variants
            .iter()
            .filter_map(|i| self.draft.variants.get(*i))
            .map(|v| v.sku.trim().to_string())
            .collect()
    }

    /// Whether a found record's name is ours: the variant's name for a record of one variant, or the
    /// product's (compared without case or diacritics).
    fn is_ours(&self, name: &str) -> bool {
        let name = fold(name);
        let mut ours = vec![fold(&self.draft.name)];
        if let [i] = self.variants[..] {
            if let Some(v) = self.draft.variants.get(i) {
                ours.push(fold(&self.draft.variant_name(v)));
            }
        }
        ours.contains(&name)
    }
}

/// Where one account stands with the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TargetState {
    /// Stored, not sent yet.
    Queued,
    /// Being sent, or sent and its answer lost: looked up before anything is sent again.
    Sending,
    /// The vendor refused a record: nothing of it was created; the owner can fix and retry.
    Failed,
    /// A lookup could not tell (a record with the SKU under another name): the owner checks.
    NeedsAttention,
    /// Created; what follows (Onflow's warehouse mapping) is not done yet.
    Finishing,
    /// Every record created and finished.
    Created,
}

/// One created listing: its SKU and the vendor's ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListingRow {
    pub sku: String,
    pub product_id: String,
    pub variation_id: String,
}

/// One account's result.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TargetRow {
    pub account_id: String,
    pub vendor: Vendor,
    pub state: TargetState,
    /// Why it is not created (the first refused or unclear record's reason).
    pub error: Option<AppError>,
    /// Records at this vendor, and how many are created.
    pub records: u32,
    pub created: u32,
    pub listings: Vec<ListingRow>,
}

/// A product sent from ShopDesk, with each account's result.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductRow {
    pub reference: String,
    pub name: String,
    pub sku: String,
    pub variants: u32,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    pub targets: Vec<TargetRow>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    #[error("the product is not valid: {0}")]
    Invalid(FieldErrors),
    #[error("no product with reference {0}")]
    NotFound(String),
    #[error("the products file was written by a newer ShopDesk (schema {found}, this one reads {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("the products file is damaged: {0}")]
    CorruptFile(String),
    #[error("products database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("a stored product could not be read: {0}")]
    Stored(#[from] serde_json::Error),
}

pub type Result<T, E = ProductError> = std::result::Result<T, E>;

impl From<localdb::OpenError> for ProductError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                ProductError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => ProductError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => ProductError::Db(e),
        }
    }
}

impl From<JournalError> for ProductError {
    fn from(e: JournalError) -> Self {
        match e {
            JournalError::NotFound(r) => ProductError::NotFound(r),
            JournalError::Db(e) => ProductError::Db(e),
            JournalError::Stored(e) => ProductError::Stored(e),
        }
    }
}

impl From<ProductError> for AppError {
    fn from(e: ProductError) -> Self {
        match e {
            ProductError::Invalid(fields) => {
                AppError::new(ErrorCode::Validation, fields.to_string()).with_details(
                    ErrorDetails {
                        fields: fields.0.into_iter().collect(),
                        ..Default::default()
                    },
                )
            }
            ProductError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
            other => AppError::internal(other.to_string()),
        }
    }
}

const MIGRATIONS: &[Migration] = &[Migration::Sql(
    r#"
CREATE TABLE sends (
    reference TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    draft TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','failed','needs_attention','sent')),
    record_id TEXT,
    error_code TEXT,
    vendor_code TEXT,
    error_detail TEXT,
    line_errors TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    first_sent_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX sends_state ON sends(state);
CREATE TABLE products (
    reference TEXT PRIMARY KEY,
    draft TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE units (
    unit TEXT PRIMARY KEY,
    product TEXT NOT NULL REFERENCES products(reference),
    account_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX units_product ON units(product, position);
CREATE TABLE listings (
    unit TEXT NOT NULL REFERENCES units(unit),
    sku TEXT NOT NULL,
    product_id TEXT NOT NULL,
    variation_id TEXT NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0,
    finish_error TEXT,
    PRIMARY KEY (unit, sku)
);
"#,
)];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// WAL + `synchronous = FULL`: an entry committed as `sending` survives a power cut before the request
/// leaves.
const DB: Spec = Spec::new(MIGRATIONS)
    .synchronous(Synchronous::Full)
    .quick_check();

const TABLE: Table = Table {
    name: "sends",
    id_column: "record_id",
};

/// A fresh reference for a new product (`SD-SP-…`, sortable by time).
pub fn new_reference(now: DateTime<Utc>) -> String {
    shopdesk_core::reference::new_reference("SD-SP-", now)
}

/// The port as the shared journal sends through it: create the record, look it up by its SKUs.
struct UnitSender<'a>(&'a dyn ProductSink);

impl Sender<Unit> for UnitSender<'_> {
    fn create<'a>(
        &'a self,
        unit: &'a Unit,
        _reference: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<String>> {
        self.0
            .create_product(&unit.draft, &unit.fields, &unit.variants)
    }

    fn find<'a>(
        &'a self,
        unit: &'a Unit,
        _reference: &'a str,
        _scope: LookupScope,
    ) -> BoxFuture<'a, vendor_http::Result<Lookup>> {
        Box::pin(async move {
            let skus = unit.skus();
            let found = self.0.find_skus(&skus).await?;
            Ok(match found.len() {
                0 => Lookup::NotFound,
                n if n == skus.len() && found.iter().all(|l| unit.is_ours(&l.name)) => {
                    Lookup::Found(found[0].product_id.clone())
                }
                n if n == skus.len() => Lookup::Inconclusive(format!(
                    "the vendor already holds SKU {} under another name ({})",
                    found[0].sku, found[0].name
                )),
                _ => Lookup::Inconclusive(format!(
                    "the vendor holds {} of the {} SKUs of this record",
                    found.len(),
                    skus.len()
                )),
            })
        })
    }

    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        self.0.is_duplicate_sku(err)
    }
}

/// Products sent from ShopDesk, their journal and their listings, in `products.sqlite`. Cheap to clone.
#[derive(Clone)]
pub struct ProductWrites {
    sends: send_journal::Journal<Unit>,
}

/// The sink of an account (`None`: the account is gone or cannot create products).
pub type SinkOf<'a> = &'a (dyn Fn(&str) -> Option<Arc<dyn ProductSink>> + Send + Sync);

impl ProductWrites {
    pub fn open(path: impl AsRef<Path>) -> Result<ProductWrites> {
        Ok(Self::with(localdb::open(path, &DB)?))
    }

    /// In memory (tests, the demo workspace).
    pub fn open_in_memory() -> Result<ProductWrites> {
        Ok(Self::with(localdb::open_in_memory(&DB)?))
    }

    fn with(conn: Connection) -> ProductWrites {
        ProductWrites {
            sends: send_journal::Journal::new(Arc::new(Mutex::new(conn)), TABLE),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.sends.lock()
    }

    /// Check the product (against what the accounts already hold) and store it with one entry per record
    /// each account will hold (`queued`). `layout_of` answers each target account's layout (`None`: it
    /// cannot create products, refused on that target).
    pub fn submit(
        &self,
        draft: &ProductDraft,
        taken: &dyn Taken,
        layout_of: &dyn Fn(&str) -> Option<(Vendor, ProductLayout)>,
    ) -> Result<ProductRow> {
        let mut errors = match validate(draft, taken) {
            Ok(()) => FieldErrors::default(),
            Err(e) => e,
        };
        let reference = draft.reference.trim().to_string();
        let exists: bool = self.lock().query_row(
            "SELECT EXISTS(SELECT 1 FROM products WHERE reference = ?1)",
            [&reference],
            |r| r.get(0),
        )?;
        if exists {
            errors.add("reference", "reference.duplicate");
        }
        let mut plan = Vec::new();
        for (i, t) in draft.targets.iter().enumerate() {
            match layout_of(t.account_id.trim()) {
                Some((vendor, layout)) if vendor == t.fields.vendor() => {
                    plan.push((t, vendor, layout))
                }
                Some(_) => errors.add(format!("targets.{i}.fields"), "fields.wrongVendor"),
                None => errors.add(format!("targets.{i}.accountId"), "account.cannotCreate"),
            }
        }
        if !errors.is_empty() {
            return Err(ProductError::Invalid(errors));
        }
        let mut stored = draft.clone();
        stored.reference = reference.clone();
        let now = Utc::now();
        {
            let conn = self.lock();
            conn.execute(
                "INSERT INTO products (reference, draft, created_at) VALUES (?1, ?2, ?3)",
                params![reference, serde_json::to_string(&stored)?, ts(now)],
            )?;
        }
        let mut position = 0;
        for (t, vendor, layout) in plan {
            let groups: Vec<Vec<usize>> = match layout {
                ProductLayout::PerVariant => (0..stored.variants.len()).map(|i| vec![i]).collect(),
                ProductLayout::Grouped => vec![(0..stored.variants.len()).collect()],
            };
            for variants in groups {
                let unit = Unit {
                    product: reference.clone(),
                    account_id: t.account_id.trim().to_string(),
                    fields: t.fields.clone(),
                    variants,
                    draft: stored.clone(),
                };
                let key = format!(
                    "{reference}/{}/{}",
                    unit.account_id,
                    unit.skus().first().cloned().unwrap_or_default()
                );
                self.sends.insert(&key, &unit.account_id, &unit, None)?;
                self.lock().execute(
                    "INSERT INTO units (unit, product, account_id, vendor, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![key, reference, unit.account_id, vendor.as_str(), position],
                )?;
                position += 1;
            }
        }
        self.get(&reference)
    }

    /// The journal keys of a product's records, in order, with their account and vendor.
    fn units(&self, reference: &str) -> Result<Vec<(String, String, Vendor)>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT unit, account_id, vendor FROM units WHERE product = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([reference], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (unit, account, vendor) = r?;
            let vendor = Vendor::parse(&vendor).unwrap_or(Vendor::Onflow);
            out.push((unit, account, vendor));
        }
        Ok(out)
    }

    fn listings_of(&self, unit: &str) -> Result<Vec<(ListingRow, bool, Option<String>)>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT sku, product_id, variation_id, finished, finish_error FROM listings WHERE unit = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([unit], |r| {
            Ok((
                ListingRow {
                    sku: r.get(0)?,
                    product_id: r.get(1)?,
                    variation_id: r.get(2)?,
                },
                r.get::<_, i64>(3)? != 0,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Bring every record of the product to its vendor (each exactly once), read back the listings of
    /// the created ones and finish them. Accounts without a sink are left as they are.
    pub async fn drive(&self, reference: &str, sink_of: SinkOf<'_>) -> Result<ProductRow> {
        for (unit, account, _) in self.units(reference)? {
            let Some(sink) = sink_of(&account) else {
                continue;
            };
            let state = self.sends.drive(&unit, &UnitSender(sink.as_ref())).await?;
            if state == SendState::Sent {
                self.complete(&unit, sink.as_ref()).await?;
            }
        }
        self.get(reference)
    }

    /// A created record: learn its listings (once), then run its finishing step until it succeeds.
    async fn complete(&self, unit: &str, sink: &dyn ProductSink) -> Result<()> {
        let entry = self.sends.get(unit)?;
        if self.listings_of(unit)?.is_empty() {
            let skus = entry.draft.skus();
            match sink.find_skus(&skus).await {
                Ok(found) => self.keep_listings(unit, &found)?,
                Err(e) => {
                    tracing::warn!(unit, error = %e, "a created product's listings could not be read yet");
                    return Ok(());
                }
            }
        }
        let open: Vec<CreatedListing> = self
            .listings_of(unit)?
            .into_iter()
            .filter(|(_, finished, _)| !finished)
            .map(|(l, _, _)| CreatedListing {
                sku: l.sku,
                product_id: l.product_id,
                variation_id: l.variation_id,
                name: String::new(),
            })
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        // stored as `code\nmessage` (the message is already redacted by the pipeline)
        let error = match sink.finish(&entry.draft.fields, &open).await {
            Ok(()) => None,
            Err(e) => {
                let e = AppError::from(e);
                Some(format!("{}\n{}", e.code.as_str(), e.message))
            }
        };
        let conn = self.lock();
        for l in &open {
            conn.execute(
                "UPDATE listings SET finished = ?3, finish_error = ?4 WHERE unit = ?1 AND sku = ?2",
                params![unit, l.sku, error.is_none(), error],
            )?;
        }
        Ok(())
    }

    fn keep_listings(&self, unit: &str, found: &[CreatedListing]) -> Result<()> {
        let conn = self.lock();
        for l in found {
            conn.execute(
                "INSERT OR IGNORE INTO listings (unit, sku, product_id, variation_id) VALUES (?1, ?2, ?3, ?4)",
                params![unit, l.sku, l.product_id, l.variation_id],
            )?;
        }
        Ok(())
    }

    /// Products with work left: a record stored or possibly sent, or created and not finished. What a
    /// restart (and the minute timer) drives again.
    pub fn pending(&self) -> Result<Vec<String>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT DISTINCT u.product FROM units u JOIN sends s ON s.reference = u.unit
             WHERE s.state IN ('queued','sending','unknown')
                OR (s.state = 'sent' AND (NOT EXISTS (SELECT 1 FROM listings l WHERE l.unit = u.unit)
                    OR EXISTS (SELECT 1 FROM listings l WHERE l.unit = u.unit AND l.finished = 0)))
             ORDER BY u.product",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Drive every product with work left; answers how many were driven.
    pub async fn resume(&self, sink_of: SinkOf<'_>) -> Result<usize> {
        let pending = self.pending()?;
        for reference in &pending {
            self.drive(reference, sink_of).await?;
        }
        Ok(pending.len())
    }

    /// Send an account's refused records again (after the owner fixed what the vendor refused), and its
    /// unclear ones after a lookup; the other accounts are not touched. Answers how many were requeued.
    pub fn retry(&self, reference: &str, account_id: &str) -> Result<usize> {
        let mut n = 0;
        for (unit, account, _) in self.units(reference)? {
            if account != account_id {
                continue;
            }
            if self.sends.requeue(&unit)? {
                n += 1;
            } else if self.sends.get(&unit)?.state == SendState::NeedsAttention {
                // looked up again by the next drive (never sent blind)
                self.lock().execute(
                    "UPDATE sends SET state = 'unknown' WHERE reference = ?1 AND state = 'needs_attention'",
                    [&unit],
                )?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The product as stored, with each account's result.
    pub fn get(&self, reference: &str) -> Result<ProductRow> {
        let (draft, created_at): (String, String) = self
            .lock()
            .query_row(
                "SELECT draft, created_at FROM products WHERE reference = ?1",
                [reference],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => ProductError::NotFound(reference.into()),
                e => ProductError::Db(e),
            })?;
        let draft: ProductDraft = serde_json::from_str(&draft)?;
        let mut targets: BTreeMap<(usize, String), TargetRow> = BTreeMap::new();
        let order: Vec<String> = draft
            .targets
            .iter()
            .map(|t| t.account_id.trim().to_string())
            .collect();
        for (unit, account, vendor) in self.units(reference)? {
            let entry = self.sends.get(&unit)?;
            let listings = self.listings_of(&unit)?;
            let at = order
                .iter()
                .position(|a| *a == account)
                .unwrap_or(usize::MAX);
            let t = targets
                .entry((at, account.clone()))
                .or_insert_with(|| TargetRow {
                    account_id: account.clone(),
                    vendor,
                    state: TargetState::Created,
                    error: None,
                    records: 0,
                    created: 0,
                    listings: Vec::new(),
                });
            t.records += 1;
            let state = match entry.state {
                SendState::Queued => TargetState::Queued,
                SendState::Sending | SendState::Unknown => TargetState::Sending,
                SendState::Failed => TargetState::Failed,
                SendState::NeedsAttention => TargetState::NeedsAttention,
                SendState::Sent => {
                    t.created += 1;
                    if listings.is_empty() || listings.iter().any(|(_, f, _)| !f) {
                        TargetState::Finishing
                    } else {
                        TargetState::Created
                    }
                }
            };
            let finish_error = listings.iter().find_map(|(_, _, e)| e.as_deref()).map(|e| {
                let (code, message) = e.split_once('\n').unwrap_or(("internal", e));
                AppError::new(
                    ErrorCode::parse(code).unwrap_or(ErrorCode::Internal),
                    message,
                )
            });
            if t.error.is_none() {
                t.error = entry
                    .error
                    .clone()
                    .filter(|_| state != TargetState::Created)
                    .or(finish_error);
            }
            if rank(state) > rank(t.state) {
                t.state = state;
            }
            t.listings.extend(listings.into_iter().map(|(l, _, _)| l));
        }
        Ok(ProductRow {
            reference: reference.to_string(),
            name: draft.name.trim().to_string(),
            sku: draft.sku.trim().to_string(),
            variants: u32::try_from(draft.variants.len()).unwrap_or(u32::MAX),
            created_at: send_journal::parse_ts(Some(created_at)).unwrap_or_else(Utc::now),
            targets: targets.into_values().collect(),
        })
    }

    /// Every product sent from ShopDesk, newest first.
    pub fn list(&self) -> Result<Vec<ProductRow>> {
        let refs: Vec<String> = {
            let conn = self.lock();
            let mut stmt = conn.prepare(
                "SELECT reference FROM products ORDER BY created_at DESC, reference DESC",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        refs.iter().map(|r| self.get(r)).collect()
    }

    /// The stored draft (to open it again in the form).
    pub fn draft(&self, reference: &str) -> Result<ProductDraft> {
        let draft: String = self
            .lock()
            .query_row(
                "SELECT draft FROM products WHERE reference = ?1",
                [reference],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => ProductError::NotFound(reference.into()),
                e => ProductError::Db(e),
            })?;
        Ok(serde_json::from_str(&draft)?)
    }
}

/// Which state an account shows when its records differ: the one that needs the owner most.
fn rank(s: TargetState) -> u8 {
    match s {
        TargetState::Created => 0,
        TargetState::Finishing => 1,
        TargetState::Queued => 2,
        TargetState::Sending => 3,
        TargetState::NeedsAttention => 4,
        TargetState::Failed => 5,
    }
}
