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
//!
//! A created product is then **edited** (name, price, weight: [`ProductChange`]) or **retired**, once for
//! every account that holds it: the stored product takes the new values first, then one `changes` row
//! per account and kind is committed before its send. An edit and a retire write absolute values (a
//! variation's price, `is_hidden`, a status), so a send whose answer was lost is sent again as it is:
//! the vendor ends as after one send. A vendor whose API cannot change a field is shown as such in the
//! preview and left alone.

use std::collections::{BTreeMap, HashSet};
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
use shopdesk_core::product::{
    validate, ProductChange, ProductDraft, SharedField, Taken, VendorFields,
};
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

/// What a change of a created product does at one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    Edit,
    Retire,
}

impl ChangeKind {
    fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edit",
            ChangeKind::Retire => "retire",
        }
    }
}

/// Where a change stands at one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeState {
    /// Stored, not sent yet.
    Queued,
    /// Being sent, or its answer was lost, or the vendor could not be reached: sent again (absolute
    /// values) by the next drive.
    Sending,
    Done,
    /// The vendor refused it; the owner can retry.
    Failed,
}

impl ChangeState {
    fn parse(s: &str) -> ChangeState {
        match s {
            "queued" => ChangeState::Queued,
            "sending" => ChangeState::Sending,
            "done" => ChangeState::Done,
            _ => ChangeState::Failed,
        }
    }
}

/// A change of a created product at one account.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeRow {
    pub kind: ChangeKind,
    pub state: ChangeState,
    /// The fields an edit writes (empty for a retire).
    pub fields: Vec<SharedField>,
    pub error: Option<AppError>,
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
    /// Edits and the retire sent to this account since it was created.
    pub changes: Vec<ChangeRow>,
}

/// A product sent from ShopDesk, with each account's result.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductRow {
    pub reference: String,
    pub name: String,
    pub sku: String,
    pub variants: u32,
    /// The product's price (VND) and weight as they are now (after any edit).
    #[specta(type = specta_typescript::Number)]
    pub price: i64,
    #[specta(type = specta_typescript::Number)]
    pub weight_grams: i64,
    /// The images as they are now (the first the main one).
    pub images: Vec<String>,
    /// Each variant's SKU, options and barcode as they are now.
    pub codes: Vec<VariantCode>,
    /// Retired (stopped selling): no edit or retry any more.
    pub retired: bool,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    pub targets: Vec<TargetRow>,
}

/// A variant as the product's row shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantCode {
    pub sku: String,
    pub options: Vec<String>,
    pub barcode: Option<String>,
}

/// One field an edit changes, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "field", rename_all = "camelCase")]
pub enum FieldDiff {
    Name {
        before: String,
        after: String,
    },
    /// `before`: the variants' prices now, distinct, ascending.
    Price {
        #[specta(type = Vec<specta_typescript::Number>)]
        before: Vec<i64>,
        #[specta(type = specta_typescript::Number)]
        after: i64,
    },
    Weight {
        #[specta(type = specta_typescript::Number)]
        before: i64,
        #[specta(type = specta_typescript::Number)]
        after: i64,
    },
    Images {
        before: Vec<String>,
        after: Vec<String>,
    },
    /// One variant's barcode (one diff per variant whose barcode changes).
    Barcode {
        sku: String,
        before: Option<String>,
        after: Option<String>,
    },
}

/// What an edit does at one account.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EditTarget {
    pub account_id: String,
    pub vendor: Vendor,
    /// The vendor's records the edit writes to.
    pub records: u32,
    /// The changed fields sent to this account.
    pub sends: Vec<SharedField>,
    /// The changed fields the vendor's API cannot change (edited in its portal, if at all).
    pub cannot: Vec<SharedField>,
    /// Not created yet: its create will carry the new values.
    pub not_created: bool,
}

/// What an edit would change, and where; nothing is stored.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EditPreview {
    pub reference: String,
    pub diffs: Vec<FieldDiff>,
    pub targets: Vec<EditTarget>,
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

const MIGRATIONS: &[Migration] = &[
    Migration::Sql(
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
    ),
    Migration::Sql(
        r#"
ALTER TABLE products ADD COLUMN retired_at TEXT;
CREATE TABLE changes (
    product TEXT NOT NULL REFERENCES products(reference),
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('edit','retire')),
    fields TEXT NOT NULL DEFAULT '[]',
    revision INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','done','failed')),
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (product, account_id, kind)
);
CREATE INDEX changes_state ON changes(state);
"#,
    ),
];

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
    /// `(product, account, kind)` changes being sent now (one send at a time each).
    changing: Arc<Mutex<HashSet<ChangeKey>>>,
}

/// What a change's vendor can do (`None`: the account is gone or cannot create products).
pub type CapsOf<'a> = &'a dyn Fn(&str) -> Option<Caps>;

/// What an account's vendor can change on a product it holds (`ProductSink::editable`, `can_retire`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    pub editable: &'static [SharedField],
    pub can_retire: bool,
}

impl Caps {
    pub fn of(sink: &dyn ProductSink) -> Caps {
        Caps {
            editable: sink.editable(),
            can_retire: sink.can_retire(),
        }
    }
}

/// How far an account's records got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// Every record created (its listings may still be read back).
    Created,
    /// None sent yet, or refused: nothing of it is at the vendor; a create takes the stored draft.
    NotSent,
    /// A record may be at the vendor and is not settled: no change until it is.
    Busy,
}

/// A change in flight: `(product, account, kind)`.
type ChangeKey = (String, String, &'static str);

/// Releases a change's in-flight mark.
struct Changing<'a>(&'a Mutex<HashSet<ChangeKey>>, ChangeKey);

impl Drop for Changing<'_> {
    fn drop(&mut self) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.1);
    }
}

fn invalid(field: &str, code: &str) -> ProductError {
    let mut e = FieldErrors::default();
    e.add(field, code);
    ProductError::Invalid(e)
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
            changing: Arc::default(),
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
        self.drive_changes(reference, sink_of).await?;
        self.get(reference)
    }

    /// How far each account's records got, in the product's order.
    fn progress(&self, reference: &str) -> Result<Vec<(String, Vendor, Progress, u32)>> {
        let mut out: Vec<(String, Vendor, Progress, u32)> = Vec::new();
        for (unit, account, vendor) in self.units(reference)? {
            let p = match self.sends.get(&unit)?.state {
                SendState::Sent => Progress::Created,
                SendState::Queued | SendState::Failed => Progress::NotSent,
                _ => Progress::Busy,
            };
            match out.iter_mut().find(|(a, ..)| *a == account) {
                Some(row) => {
                    row.3 += 1;
                    row.2 = match (row.2, p) {
                        (Progress::Busy, _) | (_, Progress::Busy) => Progress::Busy,
                        (Progress::Created, Progress::Created) => Progress::Created,
                        // some records created, some not: the created ones are edited, the others
                        // are created with the new values
                        (Progress::Created, _) | (_, Progress::Created) => Progress::Created,
                        _ => Progress::NotSent,
                    };
                }
                None => out.push((account, vendor, p, 1)),
            }
        }
        Ok(out)
    }

    /// The listings an account holds of the product (every created record's).
    fn account_listings(&self, reference: &str, account_id: &str) -> Result<Vec<CreatedListing>> {
        let mut out = Vec::new();
        for (unit, account, _) in self.units(reference)? {
            if account != account_id {
                continue;
            }
            out.extend(
                self.listings_of(&unit)?
                    .into_iter()
                    .map(|(l, _, _)| CreatedListing {
                        sku: l.sku,
                        product_id: l.product_id,
                        variation_id: l.variation_id,
                        name: String::new(),
                    }),
            );
        }
        Ok(out)
    }

    fn retired(&self, reference: &str) -> Result<bool> {
        let retired: Option<Option<String>> = self
            .lock()
            .query_row(
                "SELECT retired_at FROM products WHERE reference = ?1",
                [reference],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        match retired {
            None => Err(ProductError::NotFound(reference.into())),
            Some(at) => Ok(at.is_some()),
        }
    }

    /// What `change` would do, and where (nothing stored). Refused when the product is retired or
    /// the change is not valid.
    pub fn preview_edit(
        &self,
        reference: &str,
        change: &ProductChange,
        taken: &dyn Taken,
        caps_of: CapsOf<'_>,
    ) -> Result<(EditPreview, ProductDraft, bool)> {
        if self.retired(reference)? {
            return Err(invalid("reference", "product.retired"));
        }
        let draft = self.draft(reference)?;
        change
            .validate(&draft, taken)
            .map_err(ProductError::Invalid)?;
        let (next, fields) = change.apply(&draft);
        let diffs = fields
            .iter()
            .flat_map(|f| match f {
                SharedField::Images => vec![FieldDiff::Images {
                    before: draft.images.clone(),
                    after: next.images.clone(),
                }],
                SharedField::Barcode => draft
                    .variants
                    .iter()
                    .zip(&next.variants)
                    .filter(|(a, b)| a.barcode != b.barcode)
                    .map(|(a, b)| FieldDiff::Barcode {
                        sku: a.sku.trim().to_string(),
                        before: a.barcode.clone(),
                        after: b.barcode.clone(),
                    })
                    .collect(),
                f => vec![match f {
                    SharedField::Name => FieldDiff::Name {
                        before: draft.name.trim().to_string(),
                        after: next.name.clone(),
                    },
                    SharedField::Price => {
                        let mut before: Vec<i64> =
                            draft.variants.iter().map(|v| draft.price_of(v)).collect();
                        before.sort_unstable();
                        before.dedup();
                        FieldDiff::Price {
                            before,
                            after: next.price,
                        }
                    }
                    SharedField::Weight => FieldDiff::Weight {
                        before: draft.weight_grams,
                        after: next.weight_grams,
                    },
                    _ => unreachable!("images and barcodes are matched above"),
                }],
            })
            .collect();
        let mut busy = false;
        let mut targets = Vec::new();
        for (account, vendor, progress, records) in self.progress(reference)? {
            busy |= progress == Progress::Busy;
            let editable = caps_of(&account).map(|c| c.editable).unwrap_or(&[]);
            let not_created = progress == Progress::NotSent;
            let (sends, cannot): (Vec<SharedField>, Vec<SharedField>) = if not_created {
                (fields.clone(), Vec::new())
            } else {
                fields.iter().partition(|f| editable.contains(f))
            };
            targets.push(EditTarget {
                account_id: account,
                vendor,
                records,
                sends,
                cannot,
                not_created,
            });
        }
        Ok((
            EditPreview {
                reference: reference.to_string(),
                diffs,
                targets,
            },
            next,
            busy,
        ))
    }

    /// Edit a created product: the stored product takes the new values (and so does every record not
    /// sent yet), then each account holding it gets one `edit` change with the fields its vendor can
    /// change, committed before the send. A change of an account still being sent is refused until it
    /// settles; an edit while an earlier one is pending merges into it.
    pub fn edit(
        &self,
        reference: &str,
        change: &ProductChange,
        taken: &dyn Taken,
        caps_of: CapsOf<'_>,
    ) -> Result<EditPreview> {
        let (preview, next, busy) = self.preview_edit(reference, change, taken, caps_of)?;
        if preview.diffs.is_empty() {
            return Err(invalid("change", "change.none"));
        }
        if busy {
            return Err(invalid("reference", "product.busy"));
        }
        let now = ts(Utc::now());
        let units = self.units(reference)?;
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE products SET draft = ?2 WHERE reference = ?1",
            params![reference, serde_json::to_string(&next)?],
        )?;
        for (unit, ..) in &units {
            let draft: String = tx.query_row(
                "SELECT draft FROM sends WHERE reference = ?1",
                [unit],
                |r| r.get(0),
            )?;
            let mut u: Unit = serde_json::from_str(&draft)?;
            u.draft = next.clone();
            tx.execute(
                "UPDATE sends SET draft = ?2 WHERE reference = ?1 AND state IN ('queued','failed')",
                params![unit, serde_json::to_string(&u)?],
            )?;
        }
        for t in &preview.targets {
            if t.not_created || t.sends.is_empty() {
                continue;
            }
            let old: Option<(String, String)> = tx
                .query_row(
                    "SELECT fields, state FROM changes WHERE product = ?1 AND account_id = ?2 AND kind = 'edit'",
                    params![reference, t.account_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            let mut fields: Vec<SharedField> = match &old {
                Some((f, state)) if state != "done" => serde_json::from_str(f)?,
                _ => Vec::new(),
            };
            fields.extend(t.sends.iter().copied());
            fields.sort_unstable();
            fields.dedup();
            tx.execute(
                "INSERT INTO changes (product, account_id, kind, fields, revision, state, updated_at)
                 VALUES (?1, ?2, 'edit', ?3, 1, 'queued', ?4)
                 ON CONFLICT (product, account_id, kind) DO UPDATE SET
                    fields = excluded.fields, revision = revision + 1, state = 'queued',
                    error = NULL, updated_at = excluded.updated_at",
                params![reference, t.account_id, serde_json::to_string(&fields)?, now],
            )?;
        }
        tx.commit()?;
        Ok(preview)
    }

    /// Retire a product: stop selling it at every account that holds it (Onflow deactivates it, the
    /// POS vendors hide it or stop selling it). Refused while a record may still be on its way; a
    /// record never created stays uncreated (its retry is refused from now on). Repeating it is a no-op.
    pub fn retire(&self, reference: &str, caps_of: CapsOf<'_>) -> Result<ProductRow> {
        if self.retired(reference)? {
            return self.get(reference);
        }
        let progress = self.progress(reference)?;
        if progress.iter().any(|(_, _, p, _)| *p == Progress::Busy)
            || self
                .units(reference)?
                .iter()
                .any(|(u, ..)| matches!(self.sends.get(u).map(|e| e.state), Ok(SendState::Queued)))
        {
            return Err(invalid("reference", "product.busy"));
        }
        let now = ts(Utc::now());
        {
            let mut conn = self.lock();
            let tx = conn.transaction()?;
            tx.execute(
                "UPDATE products SET retired_at = ?2 WHERE reference = ?1",
                params![reference, now],
            )?;
            for (account, ..) in progress
                .iter()
                .filter(|(_, _, p, _)| *p == Progress::Created)
            {
                if !caps_of(account).is_some_and(|c| c.can_retire) {
                    continue;
                }
                tx.execute(
                    "INSERT INTO changes (product, account_id, kind, state, updated_at)
                     VALUES (?1, ?2, 'retire', 'queued', ?3)
                     ON CONFLICT (product, account_id, kind) DO NOTHING",
                    params![reference, account, now],
                )?;
            }
            tx.commit()?;
        }
        self.get(reference)
    }

    /// Send the product's queued changes (and those whose send may not have arrived) to their accounts.
    async fn drive_changes(&self, reference: &str, sink_of: SinkOf<'_>) -> Result<()> {
        let rows: Vec<(String, String, String, i64)> = {
            let conn = self.lock();
            let mut stmt = conn.prepare(
                "SELECT account_id, kind, fields, revision FROM changes
                 WHERE product = ?1 AND state IN ('queued','sending')
                 ORDER BY kind, account_id",
            )?;
            let rows = stmt.query_map([reference], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if rows.is_empty() {
            return Ok(());
        }
        let draft = self.draft(reference)?;
        for (account, kind, fields, revision) in rows {
            let Some(sink) = sink_of(&account) else {
                continue;
            };
            let kind = if kind == "retire" {
                ChangeKind::Retire
            } else {
                ChangeKind::Edit
            };
            let key = (reference.to_string(), account.clone(), kind.as_str());
            if !self
                .changing
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key.clone())
            {
                continue;
            }
            let _guard = Changing(&self.changing, key);
            let fields: Vec<SharedField> = serde_json::from_str(&fields)?;
            let listings = self.account_listings(reference, &account)?;
            self.lock().execute(
                "UPDATE changes SET state = 'sending', attempts = attempts + 1, updated_at = ?4
                 WHERE product = ?1 AND account_id = ?2 AND kind = ?3",
                params![reference, account, kind.as_str(), ts(Utc::now())],
            )?;
            let sent = match kind {
                ChangeKind::Edit => sink.update_product(&draft, &listings, &fields).await,
                ChangeKind::Retire => sink.retire(&listings).await,
            };
            let (state, error) = match sent {
                Ok(()) => ("done", None),
                Err(e) => {
                    // absolute values: a send that may not have arrived is sent again as it is
                    let again = e.is_transient() || e.outcome_unknown();
                    let e = AppError::from(e);
                    tracing::warn!(
                        reference,
                        account,
                        kind = kind.as_str(),
                        code = e.code.as_str(),
                        "a product change was not applied"
                    );
                    (
                        if again { "sending" } else { "failed" },
                        Some(format!("{}\n{}", e.code.as_str(), e.message)),
                    )
                }
            };
            // a newer edit queued meanwhile stays queued
            self.lock().execute(
                "UPDATE changes SET state = ?4, error = ?5, updated_at = ?6
                 WHERE product = ?1 AND account_id = ?2 AND kind = ?3 AND revision = ?7",
                params![
                    reference,
                    account,
                    kind.as_str(),
                    state,
                    error,
                    ts(Utc::now()),
                    revision
                ],
            )?;
        }
        Ok(())
    }

    fn changes_of(&self, reference: &str, account_id: &str) -> Result<Vec<ChangeRow>> {
        let rows: Vec<(String, String, String, Option<String>)> = {
            let conn = self.lock();
            let mut stmt = conn.prepare(
                "SELECT kind, state, fields, error FROM changes
                 WHERE product = ?1 AND account_id = ?2 ORDER BY kind",
            )?;
            let rows = stmt.query_map(params![reference, account_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        rows.into_iter()
            .map(|(kind, state, fields, error)| {
                Ok(ChangeRow {
                    kind: if kind == "retire" {
                        ChangeKind::Retire
                    } else {
                        ChangeKind::Edit
                    },
                    state: ChangeState::parse(&state),
                    fields: serde_json::from_str(&fields)?,
                    error: error.as_deref().map(stored_error),
                })
            })
            .collect()
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
             UNION SELECT product FROM changes WHERE state IN ('queued','sending')
             ORDER BY 1",
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
        let mut n = self.lock().execute(
            "UPDATE changes SET state = 'queued', error = NULL
             WHERE product = ?1 AND account_id = ?2 AND state = 'failed'",
            params![reference, account_id],
        )?;
        if self.retired(reference)? {
            // a retired product is not created anywhere new
            return Ok(n);
        }
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
                    changes: Vec::new(),
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
            let finish_error = listings
                .iter()
                .find_map(|(_, _, e)| e.as_deref())
                .map(stored_error);
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
        for t in targets.values_mut() {
            t.changes = self.changes_of(reference, &t.account_id)?;
        }
        Ok(ProductRow {
            reference: reference.to_string(),
            name: draft.name.trim().to_string(),
            sku: draft.sku.trim().to_string(),
            variants: u32::try_from(draft.variants.len()).unwrap_or(u32::MAX),
            price: draft.price,
            weight_grams: draft.weight_grams,
            images: draft.images.clone(),
            codes: draft
                .variants
                .iter()
                .map(|v| VariantCode {
                    sku: v.sku.trim().to_string(),
                    options: v.options.clone(),
                    barcode: v.barcode.clone(),
                })
                .collect(),
            retired: self.retired(reference)?,
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

/// An error kept as `code\nmessage` (the message already redacted by the pipeline).
fn stored_error(e: &str) -> AppError {
    let (code, message) = e.split_once('\n').unwrap_or(("internal", e));
    AppError::new(
        ErrorCode::parse(code).unwrap_or(ErrorCode::Internal),
        message,
    )
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
