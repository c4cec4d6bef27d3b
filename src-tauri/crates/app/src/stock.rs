//! The stock grid (read from the local cache), its export, and sync status.

use serde::Serialize;
use shopdesk_core::AppError;
use store::{ExportFormat, GridPage, GridQuery, GroupDetail};

use crate::Desk;

/// One window of the unified stock grid: filtered, sorted and windowed in SQLite.
pub async fn stock_grid(desk: &Desk, query: GridQuery) -> Result<GridPage, AppError> {
    desk.with_stock(|s| s.grid(&query)).await
}

/// One grid row opened: its listings per vendor account, their figures per warehouse, its stock history.
/// `None` when the row's group no longer exists (a sync regrouped it while the detail was open).
pub async fn stock_detail(desk: &Desk, group_key: String) -> Result<Option<GroupDetail>, AppError> {
    desk.with_stock(move |s| s.group_detail(&group_key)).await
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub path: String,
    pub rows: u32,
}

/// Export the current view (every row, same filters and sort) to CSV or XLSX, where the user chooses
/// (see `desk::save_path`). `None` when the user cancelled.
pub async fn stock_export(
    desk: &Desk,
    query: GridQuery,
    format: ExportFormat,
) -> Result<Option<ExportResult>, AppError> {
    let name = format!(
        "ton-kho-{}.{}",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        format.extension()
    );
    let path = desk.host().save_path(&name, format.extension()).await?;
    let Some(path) = path else { return Ok(None) };
    let rows = desk
        .with_stock(|s| s.export_grid(&query, format, &path))
        .await?;
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
    /// How the last finished run ended.
    pub last_status: Option<store::RunStatus>,
    /// Why the last run failed: a code the UI localizes, and the vendor's redacted detail.
    pub last_error: Option<store::RunError>,
    /// The sentence a failed run stored before schema v4 (shown as it is).
    pub last_message: Option<String>,
    /// RFC 3339 start of the account's last completed orders sync (set once it has stored its orders; the
    /// push subtracts the unshipped ones), `None` before the first.
    pub orders_synced_at: Option<String>,
    /// RFC 3339 time of the account's last push check (a POS account's, after each sync and each change of
    /// its push rules or mapping): the grid's mismatch flag follows it. `None` before the first.
    pub push_checked_at: Option<String>,
}

/// Per account: is a sync running, and when and how did the last one end.
pub async fn sync_status(desk: &Desk) -> Result<Vec<AccountSyncStatus>, AppError> {
    let ws = desk.accounts.workspace().await?;
    let db = desk.side_for(ws.demo).stock.clone();
    let flights = desk.accounts.flights();
    let orders = desk.side_for(ws.demo).orders.clone();
    let db = crate::lock(&db)?;
    ws.accounts
        .iter()
        .map(|a| {
            let last = db
                .sync_runs(Some(&a.id), 10)
                .map_err(AppError::from)?
                .into_iter()
                .find(|r| r.finished_at.is_some());
            Ok(AccountSyncStatus {
                account_id: a.id.clone(),
                running: flights.is_running(&crate::sync::flight_key(&a.id)),
                last_finished_at: last
                    .as_ref()
                    .and_then(|r| r.finished_at)
                    .map(|t| t.to_rfc3339()),
                last_status: last.as_ref().map(|r| r.status),
                last_error: last.as_ref().and_then(|r| r.error.clone()),
                last_message: last.and_then(|r| r.message),
                orders_synced_at: orders
                    .sync_marks(&a.id)
                    .map_err(AppError::from)?
                    .map(|m| m.last_sync.to_rfc3339()),
                push_checked_at: db
                    .push_checked_at(&a.id)
                    .map_err(AppError::from)?
                    .map(|t| t.to_rfc3339()),
            })
        })
        .collect()
}

/// Sync every account of the workspace now (in the background; progress arrives as `sync-progress`).
pub fn sync_now(desk: &Desk) {
    crate::sync::spawn(desk, ::stock_sync::Mode::Incremental);
}
