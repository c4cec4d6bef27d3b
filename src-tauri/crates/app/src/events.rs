//! The typed events the UI listens to. The shell names each one for the wire (`data-changed`,
//! `sync-progress`, `file-job`, `push-progress`, `push-auto`); the app emits them through its [`Host`].
//!
//! [`Host`]: crate::Host

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stock_push::{AutoOutcome, PushRunStatus, RowCounts, RunId};

/// What changed: each kind is the first part of the UI's query keys for that data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DataKind {
    Accounts,
    Stock,
    Orders,
    Files,
    /// Goods in: POs sent or read from the warehouse.
    Inbound,
    /// Returns: requests sent or returns read from the vendors.
    Returns,
    /// Products sent from ShopDesk to the vendors.
    Products,
}

/// Something the UI caches changed in the backend; the UI refetches queries of that kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DataChanged {
    pub kind: DataKind,
}

/// Where an account's sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SyncPhase {
    Warehouses,
    Catalog,
    Stock,
    Saving,
    Done,
    Failed,
    /// The orders list, pulled right after the stock.
    Orders,
}

impl From<stock_sync::Phase> for SyncPhase {
    fn from(p: stock_sync::Phase) -> Self {
        match p {
            stock_sync::Phase::Warehouses => SyncPhase::Warehouses,
            stock_sync::Phase::Catalog => SyncPhase::Catalog,
            stock_sync::Phase::Stock => SyncPhase::Stock,
            stock_sync::Phase::Saving => SyncPhase::Saving,
            stock_sync::Phase::Done => SyncPhase::Done,
        }
    }
}

/// Progress of one account's sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub account_id: String,
    pub phase: SyncPhase,
    pub done: u32,
    pub total: u32,
}

/// One upload job changed (queued, checking, uploading with progress, done, reused, failed …).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileJob {
    #[specta(type = specta_typescript::Number)]
    pub job_id: files::JobId,
    pub account_id: String,
    pub name: String,
    pub state: files::JobState,
    #[specta(type = specta_typescript::Number)]
    pub sent: u64,
    #[specta(type = specta_typescript::Number)]
    pub total: u64,
}

/// Progress and end of a push run (`finished` once the run has no more work).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PushProgress {
    pub run: RunId,
    pub account_id: String,
    pub rows_total: u32,
    pub rows_settled: u32,
    pub counts: RowCounts,
    pub status: PushRunStatus,
    pub finished: bool,
}

/// The automatic mode's latest outcome for one POS account (event `push-auto`, and kept for
/// `push_auto_status`).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PushAuto {
    pub account_id: String,
    #[specta(type = String)]
    pub at: DateTime<Utc>,
    pub outcome: AutoOutcome,
}

/// Every event the app emits.
#[derive(Debug, Clone)]
pub enum Event {
    DataChanged(DataChanged),
    SyncProgress(SyncProgress),
    FileJob(FileJob),
    PushProgress(PushProgress),
    PushAuto(PushAuto),
}
