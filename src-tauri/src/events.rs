//! Typed events the UI listens to (tauri-specta).

use serde::{Deserialize, Serialize};

/// What changed: each kind is the first part of the UI's query keys for that data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DataKind {
    Accounts,
    Stock,
    Orders,
    Files,
}

/// Something the UI caches changed in the backend; the UI refetches queries of that kind.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
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

impl From<sync::Phase> for SyncPhase {
    fn from(p: sync::Phase) -> Self {
        match p {
            sync::Phase::Warehouses => SyncPhase::Warehouses,
            sync::Phase::Catalog => SyncPhase::Catalog,
            sync::Phase::Stock => SyncPhase::Stock,
            sync::Phase::Saving => SyncPhase::Saving,
            sync::Phase::Done => SyncPhase::Done,
        }
    }
}

/// Progress of one account's sync.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub account_id: String,
    pub phase: SyncPhase,
    pub done: u32,
    pub total: u32,
}

/// Tell the UI that data of `kind` changed.
pub fn changed<R: tauri::Runtime>(app: &tauri::AppHandle<R>, kind: DataKind) {
    use tauri_specta::Event;
    let _ = DataChanged { kind }.emit(app);
}
