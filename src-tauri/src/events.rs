//! Typed events the UI listens to (tauri-specta).

use serde::{Deserialize, Serialize};

/// Something the UI caches changed in the backend; the UI refetches queries of that kind.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct DataChanged {
    /// `accounts`, later `stock`, `orders`, `files`.
    pub kind: String,
}

/// Progress of one account's sync.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub account_id: String,
    /// `warehouses`, `catalog`, `stock`, `saving`, `done`, `failed`.
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

/// Tell the UI that data of `kind` changed.
pub fn changed<R: tauri::Runtime>(app: &tauri::AppHandle<R>, kind: &str) {
    use tauri_specta::Event;
    let _ = DataChanged { kind: kind.into() }.emit(app);
}
