//! Plain data types of the store's API (no secrets anywhere: accounts are ids and labels only).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a sync run's log line says (stored in `sync_log.code`).
pub use shopdesk_core::ports::stock::LogCode;
/// The stable code of a failure (the IPC error's), what a failed run stores.
pub use shopdesk_core::ErrorCode;
/// The three vendors ShopDesk talks to (the domain type, shared with the rest of the app).
pub use shopdesk_core::Vendor;

/// Bit used in `groups.vendor_mask`.
pub(crate) fn vendor_bit(v: Vendor) -> i64 {
    match v {
        Vendor::Pancake => 1,
        Vendor::Nhanh => 2,
        Vendor::Onflow => 4,
    }
}

/// A connected account (or a demo-workspace account). Never holds credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub vendor: Vendor,
    pub label: String,
    pub demo: bool,
}

pub use shopdesk_core::ports::stock::{ListingInput, StockInput, WarehouseInput};

/// A stored warehouse; `id` is the stable local id used as a grid column id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warehouse {
    pub id: i64,
    pub account_id: String,
    pub vendor: Vendor,
    pub vendor_wh_id: String,
    pub name: String,
    pub code: Option<String>,
}

/// Identifies a listing across refreshes (the natural key, not the local row id).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct ListingRef {
    pub account_id: String,
    pub vendor_product_id: String,
    pub vendor_variation_id: String,
}

impl ListingRef {
    /// The id the vendor sells this listing under: the variation id when there is one, else the
    /// product id (a Nhanh variant is a product of its own).
    pub fn own_id(&self) -> &str {
        if self.vendor_variation_id.is_empty() {
            &self.vendor_product_id
        } else {
            &self.vendor_variation_id
        }
    }
}

/// A stored listing with its current group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub id: i64,
    pub listing: ListingRef,
    pub vendor: Vendor,
    pub sku: Option<String>,
    pub barcode: Option<String>,
    pub name: String,
    pub price_vnd: Option<i64>,
    pub image_urls: Vec<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub group_key: String,
}

/// Counts returned by a listings write. Unchanged rows are compared (by hash) and not rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WriteStats {
    /// Listings inserted or changed.
    pub listings_written: usize,
    pub listings_unchanged: usize,
    pub listings_deleted: usize,
    /// Stock cells inserted or changed.
    pub stock_written: usize,
    pub stock_deleted: usize,
    /// Number of groups after the refresh, or `None` when nothing changed (no refresh needed).
    pub groups: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Running,
    Ok,
    Partial,
    Failed,
    Cancelled,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Ok => "ok",
            RunStatus::Partial => "partial",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }

    pub(crate) fn parse(s: &str) -> RunStatus {
        match s {
            "ok" => RunStatus::Ok,
            "partial" => RunStatus::Partial,
            "failed" => RunStatus::Failed,
            "cancelled" => RunStatus::Cancelled,
            _ => RunStatus::Running,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunCounts {
    #[specta(type = specta_typescript::Number)]
    pub listings: i64,
    #[specta(type = specta_typescript::Number)]
    pub stock_rows: i64,
    #[specta(type = specta_typescript::Number)]
    pub warnings: i64,
    #[specta(type = specta_typescript::Number)]
    pub errors: i64,
}

/// Why a run failed: a stable code (the UI shows its text in the user's language) and the redacted detail
/// behind it (the vendor's own words or code, for support; shown as secondary text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunError {
    pub code: ErrorCode,
    pub detail: Option<String>,
}

impl RunError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        RunError {
            code,
            detail: Some(detail.into()),
        }
    }
}

/// What a sync run was: a full refresh, or only what changed since the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SyncMode {
    Full,
    Incremental,
}

impl SyncMode {
    /// The name the wire and `sync_runs.kind` use.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncMode::Full => "full",
            SyncMode::Incremental => "incremental",
        }
    }

    /// The inverse of [`SyncMode::as_str`] (an unknown name reads as a full refresh).
    pub fn parse(s: &str) -> SyncMode {
        if s == "incremental" {
            SyncMode::Incremental
        } else {
            SyncMode::Full
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncRun {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub account_id: String,
    pub kind: SyncMode,
    #[specta(type = String)]
    pub started_at: DateTime<Utc>,
    #[specta(type = Option<String>)]
    pub finished_at: Option<DateTime<Utc>>,
    pub status: RunStatus,
    pub counts: RunCounts,
    /// Why the run failed (runs written since schema v4).
    pub error: Option<RunError>,
    /// The sentence a version before schema v4 stored for a failed run (Vietnamese, shown as it is).
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Info,
    Warn,
    Error,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }

    pub(crate) fn parse(s: &str) -> LogLevel {
        match s {
            "warn" => LogLevel::Warn,
            "error" => LogLevel::Error,
            _ => LogLevel::Info,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    #[specta(type = specta_typescript::Number)]
    pub run_id: i64,
    #[specta(type = String)]
    pub at: DateTime<Utc>,
    pub level: LogLevel,
    pub item_ref: Option<String>,
    /// What the line says (lines written since schema v5); the UI words it in the user's language.
    pub code: Option<LogCode>,
    /// The vendor's id, count or redacted error the code refers to.
    pub detail: Option<String>,
    /// The sentence a version before schema v5 stored (Vietnamese, shown as it is).
    pub message: Option<String>,
}

/// A stored stock cell of one listing in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRow {
    pub listing: ListingRef,
    pub warehouse_id: i64,
    pub vendor_wh_id: String,
    pub on_hand: Option<i64>,
    pub available: Option<i64>,
    pub incoming: Option<i64>,
    pub returning: Option<i64>,
}
