//! The stock grid (read from the local cache), its export, and sync status.

use serde::Serialize;
use shopdesk_core::AppError;
use store::{ExportFormat, GridPage, GridQuery};
use tauri::{AppHandle, State};

use crate::state::{store_error, AppState};

async fn active_store(
    state: &AppState,
) -> Result<std::sync::Arc<std::sync::Mutex<store::Store>>, AppError> {
    let demo = state.accounts.workspace().await?.demo;
    Ok(state.stock.active(demo))
}

fn locked(
    s: &std::sync::Mutex<store::Store>,
) -> Result<std::sync::MutexGuard<'_, store::Store>, AppError> {
    s.lock()
        .map_err(|_| AppError::internal("the stock cache is unavailable"))
}

/// One window of the unified stock grid: filtered, sorted and windowed in SQLite.
#[tauri::command]
#[specta::specta]
pub async fn stock_grid(
    state: State<'_, AppState>,
    query: GridQuery,
) -> Result<GridPage, AppError> {
    let db = active_store(&state).await?;
    let page = locked(&db)?.grid(&query).map_err(store_error)?;
    Ok(page)
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub path: String,
    pub rows: u32,
}

/// Export the current view (every row, same filters and sort) to CSV or XLSX. Asks where to save, unless
/// `SHOPDESK_EXPORT_DIR` is set (the documented seam for end-to-end tests, which cannot drive the native
/// dialog). `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn stock_export(
    app: AppHandle,
    state: State<'_, AppState>,
    query: GridQuery,
    format: ExportFormat,
) -> Result<Option<ExportResult>, AppError> {
    let name = format!(
        "ton-kho-{}.{}",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        format.extension()
    );
    let path = match std::env::var_os("SHOPDESK_EXPORT_DIR") {
        Some(dir) => Some(std::path::PathBuf::from(dir).join(&name)),
        None => {
            use tauri_plugin_dialog::DialogExt;
            let dialog = app
                .dialog()
                .file()
                .set_file_name(&name)
                .add_filter(format.extension().to_uppercase(), &[format.extension()]);
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
                .await
                .map_err(|e| AppError::internal(format!("the save dialog failed: {e}")))?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else { return Ok(None) };
    let db = active_store(&state).await?;
    let rows = locked(&db)?
        .export_grid(&query, format, &path)
        .map_err(store_error)?;
    Ok(Some(ExportResult {
        path: path.display().to_string(),
        rows: u32::try_from(rows).unwrap_or(u32::MAX),
    }))
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountSyncStatus {
    pub account_id: String,
    pub running: bool,
    /// RFC 3339 end of the last finished run.
    pub last_finished_at: Option<String>,
    /// `ok`, `partial`, `failed`, `cancelled`.
    pub last_status: Option<String>,
    pub last_message: Option<String>,
}

/// Per account: is a sync running, and when and how did the last one end.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<Vec<AccountSyncStatus>, AppError> {
    let ws = state.accounts.workspace().await?;
    let db = state.stock.active(ws.demo);
    let running = state
        .stock
        .running
        .lock()
        .map(|r| r.clone())
        .unwrap_or_default();
    let db = locked(&db)?;
    ws.accounts
        .iter()
        .map(|a| {
            let last = db
                .sync_runs(Some(&a.id), 10)
                .map_err(store_error)?
                .into_iter()
                .find(|r| r.finished_at.is_some());
            Ok(AccountSyncStatus {
                account_id: a.id.clone(),
                running: running.contains(&a.id),
                last_finished_at: last
                    .as_ref()
                    .and_then(|r| r.finished_at)
                    .map(|t| t.to_rfc3339()),
                last_status: last.as_ref().map(|r| r.status.as_str().to_string()),
                last_message: last.and_then(|r| r.message),
            })
        })
        .collect()
}

/// Sync every account of the workspace now (in the background; progress arrives as `sync-progress`).
#[tauri::command]
#[specta::specta]
pub fn sync_now(app: AppHandle) {
    crate::sync_runner::spawn(app, sync::Mode::Incremental);
}
