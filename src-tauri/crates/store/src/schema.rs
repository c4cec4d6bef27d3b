//! Versioned migrations: an ordered list of steps run by `localdb` (each in its own transaction with
//! the `user_version` bump); `PRAGMA user_version` holds how many ran. Never edit a released step:
//! append a new one.

use localdb::{Migration, Spec, Synchronous};
use rusqlite::Transaction;

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[
    Migration::Code(v1),
    Migration::Sql(V2),
    Migration::Sql(V3),
    Migration::Sql(V4),
    Migration::Sql(V5),
    Migration::Code(v6),
    Migration::Sql(V7),
    Migration::Sql(V8),
];

/// How the stock cache is opened: WAL, foreign keys on, `synchronous = NORMAL`, temp tables in memory
/// and a 64 MiB page cache (the grid's refreshes), 5 s busy timeout.
pub(crate) const DB: Spec = Spec::new(MIGRATIONS)
    .synchronous(Synchronous::Normal)
    .foreign_keys()
    .tuning(
        "PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    );

/// V1: the tables, then the grid's indexes on `groups` from [`GROUP_INDEXES`] (the one list a bulk
/// refresh also drops and re-creates them from).
fn v1(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V1)?;
    for (_, create) in GROUP_INDEXES {
        tx.execute_batch(create)?;
    }
    Ok(())
}

const V1: &str = r#"
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    vendor      TEXT NOT NULL CHECK (vendor IN ('pancake', 'onflow', 'nhanh')),
    label       TEXT NOT NULL,
    demo        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE warehouses (
    id            INTEGER PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    vendor_wh_id  TEXT NOT NULL,
    name          TEXT NOT NULL,
    code          TEXT,
    UNIQUE (account_id, vendor_wh_id)
);

CREATE TABLE listings (
    id                  INTEGER PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    vendor_product_id   TEXT NOT NULL,
    vendor_variation_id TEXT NOT NULL DEFAULT '',
    sku                 TEXT,
    barcode             TEXT,
    name                TEXT NOT NULL,
    price_vnd           INTEGER,
    image_urls          TEXT NOT NULL DEFAULT '[]',
    updated_at          TEXT,
    sku_norm            TEXT,
    barcode_norm        TEXT,
    search_folded       TEXT NOT NULL DEFAULT '',
    group_key           TEXT NOT NULL DEFAULT '',
    row_hash            INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, vendor_product_id, vendor_variation_id)
);
-- Matching runs in Rust over all rows (no index on sku_norm / barcode_norm needed).
CREATE INDEX listings_group_key ON listings (group_key);

CREATE TABLE stock (
    listing_id    INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
    warehouse_id  INTEGER NOT NULL REFERENCES warehouses(id) ON DELETE CASCADE,
    on_hand       INTEGER,
    available     INTEGER,
    incoming      INTEGER,
    returning_qty INTEGER,
    PRIMARY KEY (listing_id, warehouse_id)
) WITHOUT ROWID;
CREATE INDEX stock_warehouse ON stock (warehouse_id);

CREATE TABLE sync_runs (
    id            INTEGER PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'cancelled')),
    listings      INTEGER NOT NULL DEFAULT 0,
    stock_rows    INTEGER NOT NULL DEFAULT 0,
    warnings      INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    message       TEXT
);
CREATE INDEX sync_runs_account ON sync_runs (account_id, id);

CREATE TABLE sync_log (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    level     TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
    item_ref  TEXT,
    message   TEXT NOT NULL
);
CREATE INDEX sync_log_run ON sync_log (run_id, id);

-- Overrides keyed by the listing's natural key, so they survive a full refresh that re-creates rows.
CREATE TABLE sku_matches (
    account_id          TEXT NOT NULL,
    vendor_product_id   TEXT NOT NULL,
    vendor_variation_id TEXT NOT NULL DEFAULT '',
    group_key           TEXT NOT NULL,
    source              TEXT NOT NULL CHECK (source IN ('auto', 'manual')),
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (account_id, vendor_product_id, vendor_variation_id)
);

-- Materialised per-group rows, rebuilt after every sync write (never per query).
CREATE TABLE groups (
    id                INTEGER PRIMARY KEY,
    key               TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    sku               TEXT,
    barcode           TEXT,
    name_sort         TEXT NOT NULL,
    sku_sort          TEXT NOT NULL,
    vendor_mask       INTEGER NOT NULL,
    accounts          INTEGER NOT NULL,
    listings          INTEGER NOT NULL,
    oh_onflow         INTEGER NOT NULL DEFAULT 0,
    oh_pancake        INTEGER NOT NULL DEFAULT 0,
    oh_nhanh          INTEGER NOT NULL DEFAULT 0,
    av_onflow         INTEGER NOT NULL DEFAULT 0,
    av_pancake        INTEGER NOT NULL DEFAULT 0,
    av_nhanh          INTEGER NOT NULL DEFAULT 0,
    total_on_hand     INTEGER NOT NULL,
    total_available   INTEGER NOT NULL,
    mismatch          INTEGER NOT NULL,
    conflict          INTEGER NOT NULL,
    hash              INTEGER NOT NULL DEFAULT 0,
    text_hash         INTEGER NOT NULL DEFAULT 0,
    wh_bits           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE group_cells (
    group_id      INTEGER NOT NULL,
    warehouse_id  INTEGER NOT NULL,
    on_hand       INTEGER,
    available     INTEGER,
    PRIMARY KEY (group_id, warehouse_id)
) WITHOUT ROWID;

-- rowid = groups.id; `text` is folded in Rust (fold()), so đ/Đ → d is handled before SQLite sees it.
-- Contentless (we only need rowids back) with cheap deletes by rowid.
CREATE VIRTUAL TABLE group_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    detail = none,
    prefix = '2'
);
"#;

/// V2: a group's totals count the goods once (Onflow's figure where it holds the group, else the largest
/// POS account's: `group::physical_total`), and the mismatch rule compares sellable figures. The totals
/// are recomputed here; `hash = 0` makes the next refresh rewrite every group (and its mismatch flag).
const V2: &str = r#"
UPDATE groups SET
    total_on_hand = CASE WHEN (vendor_mask & 4) <> 0 THEN oh_onflow ELSE MAX(oh_pancake, oh_nhanh) END,
    total_available = CASE WHEN (vendor_mask & 4) <> 0 THEN av_onflow ELSE MAX(av_pancake, av_nhanh) END,
    hash = 0;
"#;

/// V3: what the last push check of a POS account would set each of its listings to, per warehouse. Once an
/// account has a check, the mismatch rule compares its cells with these targets instead of with the
/// physical sum (`group::is_mismatch`), so "Lệch tồn" means "a push would change this" and clears once a
/// push has set it. Several listings of one account in one group and warehouse add up, like their stock.
const V3: &str = r#"
CREATE TABLE push_checks (
    account_id  TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    checked_at  TEXT NOT NULL
);
CREATE TABLE push_targets (
    group_key     TEXT NOT NULL,
    warehouse_id  INTEGER NOT NULL REFERENCES warehouses(id) ON DELETE CASCADE,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    target        INTEGER NOT NULL,
    PRIMARY KEY (group_key, warehouse_id)
) WITHOUT ROWID;
CREATE INDEX push_targets_account ON push_targets (account_id);
"#;

/// V7: low stock. `stock_limits`: the user's own minimum / maximum per product group (the grid row's
/// `group_key`; kept when the group's listings come and go, like `sku_matches`). `vendor_limits`: a
/// vendor's own limits (Nhanh's `inventory/archive`) per account and item (the listing's variation id,
/// or its product id when it has none), replaced after each sync. `low_marks`: per group, whether the
/// last check found it below its minimum, so a crossing is notified once (also across restarts).
const V7: &str = r#"
CREATE TABLE stock_limits (
    group_key  TEXT PRIMARY KEY,
    min_qty    INTEGER CHECK (min_qty IS NULL OR min_qty >= 0),
    max_qty    INTEGER CHECK (max_qty IS NULL OR max_qty >= 0)
) WITHOUT ROWID;
CREATE TABLE vendor_limits (
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    item_id     TEXT NOT NULL,
    min_qty     INTEGER,
    max_qty     INTEGER,
    PRIMARY KEY (account_id, item_id)
) WITHOUT ROWID;
CREATE TABLE low_marks (
    group_key  TEXT PRIMARY KEY,
    low        INTEGER NOT NULL,
    since      TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// V8: a product group's stock history for its detail view. A refresh that changes a group's physical
/// figure (`total_on_hand`) or a POS vendor's sellable figure (`av_pancake`, `av_nhanh`) appends one row
/// with the figures before and after; a group's first appearance is not a change. Rows older than
/// [`crate::HISTORY_DAYS`] are dropped by the refresh.
const V8: &str = r#"
CREATE TABLE stock_history (
    id               INTEGER PRIMARY KEY,
    group_key        TEXT NOT NULL,
    at               TEXT NOT NULL,
    physical_before  INTEGER NOT NULL,
    physical_after   INTEGER NOT NULL,
    pancake_before   INTEGER NOT NULL,
    pancake_after    INTEGER NOT NULL,
    nhanh_before     INTEGER NOT NULL,
    nhanh_after      INTEGER NOT NULL
);
CREATE INDEX stock_history_group ON stock_history (group_key, id);
CREATE INDEX stock_history_at ON stock_history (at);
"#;

/// V4: a failed sync run stores why as a stable code (`shopdesk_core::ErrorCode`, which the UI localizes) and
/// the redacted detail behind it, no longer as a Vietnamese sentence in `message`. Older runs keep their
/// sentence (shown as it is); new runs leave `message` empty.
const V4: &str = r#"
ALTER TABLE sync_runs ADD COLUMN error_code TEXT;
ALTER TABLE sync_runs ADD COLUMN error_detail TEXT;
"#;

/// V5: a sync run's log line stores what it says as a stable code (`shopdesk_core::ports::stock::LogCode`, which
/// the UI localizes) and its detail, no longer as a Vietnamese sentence in `message`. Older lines keep their
/// sentence; new lines leave `message` empty.
const V5: &str = r#"
ALTER TABLE sync_log ADD COLUMN code TEXT;
ALTER TABLE sync_log ADD COLUMN detail TEXT;
"#;

/// V6: the order form's catalog search and the grid's vendor filter use indexes instead of scanning.
/// `listings.sku_upper` (the SKU as the search compares it: trimmed, Unicode upper case, computed in
/// Rust) with `(account_id, sku_upper)` for exact and prefix SKU, `(account_id, barcode)` for an exact
/// barcode, `(account_id, sku, name)` for the search's order; `listing_fts` (contentless, rowid =
/// `listings.id`, text from [`listing_fts_text`]: the account's token, the folded words and every
/// word's 3-letter grams) for "every word starts a word" and "every word is inside a word"; a trigger
/// removes a listing's FTS row with the listing (also when an account's deletion cascades). Existing
/// listings get both here, in Rust.
fn v6(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V6)?;
    for (_, create) in GROUP_INDEXES {
        tx.execute_batch(create)?;
    }
    let rows: Vec<(i64, String, Option<String>, String)> = {
        let mut st = tx.prepare("SELECT id, account_id, sku, search_folded FROM listings")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut upd = tx.prepare("UPDATE listings SET sku_upper = ?2 WHERE id = ?1")?;
    let mut ins = tx.prepare("INSERT INTO listing_fts (rowid, text) VALUES (?1, ?2)")?;
    for (id, account_id, sku, folded) in rows {
        upd.execute(rusqlite::params![id, sku.as_deref().map(sku_upper)])?;
        ins.execute(rusqlite::params![
            id,
            listing_fts_text(&account_id, &folded)
        ])?;
    }
    Ok(())
}

const V6: &str = r#"
ALTER TABLE listings ADD COLUMN sku_upper TEXT;
CREATE INDEX listings_sku_upper ON listings (account_id, sku_upper);
CREATE INDEX listings_barcode ON listings (account_id, barcode);
CREATE INDEX listings_catalog_order ON listings (account_id, sku, name);

-- rowid = listings.id; `text` is built in Rust (listing_fts_text): only ASCII letters/digits and `_` reach
-- the searches that use it, and every hit is checked again in Rust.
CREATE VIRTUAL TABLE listing_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'",
    detail = none,
    prefix = '1 2 3'
);
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
    DELETE FROM listing_fts WHERE rowid = old.id;
END;
"#;

/// The SKU as the catalog search compares it: trimmed, upper case (Unicode, as Rust does it).
pub(crate) fn sku_upper(sku: &str) -> String {
    sku.trim().to_uppercase()
}

/// The account's token in `listing_fts`: `__` and a stable 64-bit FNV-1a hash of its id in hex (a
/// collision only widens a candidate set that is checked again).
pub(crate) fn account_token(account_id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in account_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("__{h:016x}")
}

/// A listing's `listing_fts` text from its folded search text: the account's token, every distinct
/// word, and for every letter of every word the `_`-marked gram of up to 3 letters starting there
/// (`thun` → `_thu _hun _un _n`), distinct. With the table's 1–3 letter prefix indexes, `"ao"*` finds
/// a word starting with `ao`, `"_hu"*` a word containing `hu`, `"_hun"` a word containing `hun`.
pub(crate) fn listing_fts_text(account_id: &str, folded: &str) -> String {
    let mut tokens: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        tokens.insert(word.to_string());
        let chars: Vec<char> = word.chars().collect();
        for i in 0..chars.len() {
            let end = (i + 3).min(chars.len());
            let mut g = String::with_capacity(1 + 4 * (end - i));
            g.push('_');
            g.extend(&chars[i..end]);
            tokens.insert(g);
        }
    }
    let mut text = account_token(account_id);
    for t in tokens {
        text.push(' ');
        text.push_str(&t);
    }
    text
}

/// The grid's sort/filter indexes on `groups`. They are part of the schema (created by V1 right
/// after the table) and are dropped and re-created by a bulk group refresh, so this list is the
/// single definition: a later migration that changes one must update it here too.
pub(crate) const GROUP_INDEXES: [(&str, &str); 8] = [
    (
        "groups_name",
        "CREATE INDEX IF NOT EXISTS groups_name ON groups (name_sort, id);",
    ),
    (
        "groups_sku",
        "CREATE INDEX IF NOT EXISTS groups_sku ON groups (sku_sort, id);",
    ),
    (
        "groups_total_on_hand",
        "CREATE INDEX IF NOT EXISTS groups_total_on_hand ON groups (total_on_hand, id);",
    ),
    (
        "groups_total_available",
        "CREATE INDEX IF NOT EXISTS groups_total_available ON groups (total_available, id);",
    ),
    (
        "groups_mismatch_name",
        "CREATE INDEX IF NOT EXISTS groups_mismatch_name ON groups (name_sort, id) WHERE mismatch = 1;",
    ),
    (
        "groups_unmatched_name",
        "CREATE INDEX IF NOT EXISTS groups_unmatched_name ON groups (name_sort, id) WHERE accounts = 1;",
    ),
    (
        "groups_conflict_name",
        "CREATE INDEX IF NOT EXISTS groups_conflict_name ON groups (name_sort, id) WHERE conflict = 1;",
    ),
    // From V6: counting the rows of a vendor or warehouse filter reads this small index, not the wide
    // table.
    (
        "groups_masks",
        "CREATE INDEX IF NOT EXISTS groups_masks ON groups (vendor_mask, wh_bits);",
    ),
];
