//! The stock grid (read from the local cache), its export, and sync status.
//! The bodies live in `shopdesk_app::stock`; each command here is one call.
use shopdesk_app::stock::*;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use store::{ExportFormat, GridPage, GridQuery, GroupDetail};
use tauri::State;

/// One window of the unified stock grid: filtered, sorted and windowed in SQLite.
#[tauri::command]
#[specta::specta]
pub async fn stock_grid(desk: State<'_, Desk>, query: GridQuery) -> Result<GridPage, AppError> {
    shopdesk_app::stock::stock_grid(&desk, query).await
}

/// One grid row opened: its listings per vendor account with their figures per warehouse, and its stock
/// history. `None` when the group no longer exists.
#[tauri::command]
#[specta::specta]
pub async fn stock_detail(
    desk: State<'_, Desk>,
    group_key: String,
) -> Result<Option<GroupDetail>, AppError> {
    shopdesk_app::stock::stock_detail(&desk, group_key).await
}

/// Export the current view (every row, same filters and sort) to CSV or XLSX, where the user chooses
/// (see `state::save_path`). `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn stock_export(
    desk: State<'_, Desk>,
    query: GridQuery,
    format: ExportFormat,
) -> Result<Option<ExportResult>, AppError> {
    shopdesk_app::stock::stock_export(&desk, query, format).await
}

/// Per account: is a sync running, and when and how did the last one end.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(desk: State<'_, Desk>) -> Result<Vec<AccountSyncStatus>, AppError> {
    shopdesk_app::stock::sync_status(&desk).await
}

/// Sync every account of the workspace now (in the background; progress arrives as `sync-progress`).
#[tauri::command]
#[specta::specta]
pub fn sync_now(desk: State<'_, Desk>) {
    shopdesk_app::stock::sync_now(&desk)
}
