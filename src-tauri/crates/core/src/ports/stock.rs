//! Port: a vendor account's warehouses, catalog and stock, pulled as one [`Snapshot`].
//!
//! The `sync` engine asks a [`StockSource`] for a snapshot and writes it to the store; each vendor's
//! adapter (in its own crate) walks that vendor's lists and maps them to the neutral inputs below.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

use crate::Vendor;

/// A warehouse / depot as the vendor reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseInput {
    pub vendor_wh_id: String,
    pub name: String,
    pub code: Option<String>,
}

/// One sellable item at one account: a variation (or a product without variations, then
/// `vendor_variation_id` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListingInput {
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    pub price_vnd: Option<i64>,
    pub image_urls: Vec<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Stock of one listing in one warehouse of the same account. `None` = the vendor does not report it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockInput {
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
    pub vendor_wh_id: String,
    pub on_hand: Option<i64>,
    pub available: Option<i64>,
    pub incoming: Option<i64>,
    pub returning: Option<i64>,
}

/// Where a pull is. `Saving` and `Done` are the engine's own (after the pull).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Warehouses,
    Catalog,
    Stock,
    Saving,
    Done,
}

/// What one line of a sync run's log says: a stable code the UI words in the user's language (stored
/// as [`LogCode::as_str`] in the stock cache's `sync_log.code`), with the line's item and detail beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LogCode {
    /// The periodic full refresh, which repairs what a quick sync may have missed.
    FullRefreshScheduled,
    /// No successful sync yet: the first run is a full refresh.
    FullRefreshFirst,
    /// The vendor cannot say what changed since a time: every run is a full refresh.
    FullRefreshOnly,
    /// A warehouse without an id: skipped.
    WarehouseNoId,
    /// A product or variation without a usable id: skipped.
    ItemNoId,
    /// An item without a SKU: it can only be matched by barcode.
    NoSku,
    /// An Onflow product without an OASIN: skipped.
    NoOasin,
    /// A stock-history line without its variation: skipped.
    HistoryNoVariation,
    /// The vendor answered the same page twice: paging stopped there.
    PageRepeated,
    /// A stock line without a warehouse: skipped.
    StockNoWarehouse,
    /// Stock in a warehouse the vendor's warehouse list does not have.
    StockUnknownWarehouse,
    /// Stock of an item the catalog does not list: skipped.
    StockUnknownItem,
    /// The key may not see this warehouse's quantities.
    StockHidden,
    /// More warnings than the log keeps; `detail` is how many more.
    MoreWarnings,
    /// The run failed; `detail` is the redacted error.
    RunFailed,
}

impl LogCode {
    pub const ALL: [LogCode; 15] = [
        LogCode::FullRefreshScheduled,
        LogCode::FullRefreshFirst,
        LogCode::FullRefreshOnly,
        LogCode::WarehouseNoId,
        LogCode::ItemNoId,
        LogCode::NoSku,
        LogCode::NoOasin,
        LogCode::HistoryNoVariation,
        LogCode::PageRepeated,
        LogCode::StockNoWarehouse,
        LogCode::StockUnknownWarehouse,
        LogCode::StockUnknownItem,
        LogCode::StockHidden,
        LogCode::MoreWarnings,
        LogCode::RunFailed,
    ];

    /// The code's name as serde writes it (`"noSku"`), which is also what the store keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            LogCode::FullRefreshScheduled => "fullRefreshScheduled",
            LogCode::FullRefreshFirst => "fullRefreshFirst",
            LogCode::FullRefreshOnly => "fullRefreshOnly",
            LogCode::WarehouseNoId => "warehouseNoId",
            LogCode::ItemNoId => "itemNoId",
            LogCode::NoSku => "noSku",
            LogCode::NoOasin => "noOasin",
            LogCode::HistoryNoVariation => "historyNoVariation",
            LogCode::PageRepeated => "pageRepeated",
            LogCode::StockNoWarehouse => "stockNoWarehouse",
            LogCode::StockUnknownWarehouse => "stockUnknownWarehouse",
            LogCode::StockUnknownItem => "stockUnknownItem",
            LogCode::StockHidden => "stockHidden",
            LogCode::MoreWarnings => "moreWarnings",
            LogCode::RunFailed => "runFailed",
        }
    }

    /// The inverse of [`LogCode::as_str`]; `None` for a name this version does not know.
    pub fn parse(s: &str) -> Option<LogCode> {
        LogCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A per-item problem: logged as a warning of the run, the run continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub item: Option<String>,
    pub code: LogCode,
    /// What the vendor sent that the code refers to, when it helps (an id, a count).
    pub detail: Option<String>,
}

/// A warning about `item` (e.g. `variation:123`).
pub fn warn(item: impl Into<String>, code: LogCode) -> Warning {
    Warning {
        item: Some(item.into()),
        code,
        detail: None,
    }
}

/// What a pull produced, ready for the store.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub warehouses: Vec<WarehouseInput>,
    pub listings: Vec<ListingInput>,
    pub stock: Vec<StockInput>,
    /// `true`: replace the account's listings and stock; `false`: upsert what changed.
    pub full: bool,
    pub warnings: Vec<Warning>,
    /// Answered requests per endpoint (e.g. `product/list`): the pages the pull needed.
    pub requests: BTreeMap<String, u64>,
}

/// A failed pull, with the warnings gathered before it.
#[derive(Debug)]
pub struct PullError {
    pub error: vendor_http::Error,
    pub warnings: Vec<Warning>,
}

impl PullError {
    pub fn new(error: vendor_http::Error, warnings: Vec<Warning>) -> Self {
        PullError { error, warnings }
    }
}

/// Progress of a pull: phase, items done, the vendor's announced total when it gives one.
pub type PullProgress<'a> = &'a (dyn Fn(Phase, u64, Option<u64>) + Send + Sync);

/// What the engine asks of a pull.
pub struct PullRequest<'a> {
    /// Page size asked of vendors whose lists take one (capped by each client).
    pub page_size: u32,
    /// Incremental window start; `None` = a full refresh. Only set for a source whose
    /// [`StockSource::incremental`] is [`Incremental::Supported`].
    pub since: Option<DateTime<Utc>>,
    /// Incremental pulls: stored listings by the vendor's own product id → (product id, variation id).
    pub known: HashMap<String, (String, String)>,
    pub progress: PullProgress<'a>,
}

impl PullRequest<'_> {
    pub fn emit(&self, phase: Phase, done: u64, total: Option<u64>) {
        (self.progress)(phase, done, total);
    }
}

/// Whether a vendor can tell what changed since a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incremental {
    Supported,
    /// Every pull is a full refresh (logged as [`LogCode::FullRefreshOnly`]).
    Unsupported,
}

/// A stock limit the vendor itself keeps for one item (Nhanh's `inventory/archive`: the minimum and
/// maximum a depot should hold), summed over the account's warehouses. Ours (the user's, per product
/// group) wins where both are set; this one is shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorLimit {
    /// The listing it belongs to: its variation id, or its product id when it has no variation
    /// (the vendor's own id of the sellable item).
    pub item_id: String,
    /// `None` = not set at the vendor.
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// A vendor account's warehouses, catalog and stock.
pub trait StockSource: Send + Sync {
    fn vendor(&self) -> Vendor;
    fn incremental(&self) -> Incremental;
    fn pull<'a>(&'a self, req: &'a PullRequest<'a>) -> BoxFuture<'a, Result<Snapshot, PullError>>;
    /// The vendor's own min/max stock limits (read after each pull). `None`: the vendor keeps none
    /// (Onflow, Pancake); `Some(list)`: the account's whole list (an item missing from it has none).
    fn stock_limits(&self) -> BoxFuture<'_, Result<Option<Vec<VendorLimit>>, vendor_http::Error>> {
        Box::pin(async { Ok(None) })
    }
}
