//! Bulk order import: the template, a preview with row-level errors (nothing sent), sending the valid
//! orders through the same outbox, and the result report.
//! The bodies live in `shopdesk_app::import`; each command here is one call.
use order_import::ReportRow;
use shopdesk_app::import::*;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use store::ExportFormat;
use tauri::State;

/// Save the template (Vietnamese headers, an instructions sheet) where the user chooses.
#[tauri::command]
#[specta::specta]
pub async fn import_template(
    desk: State<'_, Desk>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::import::import_template(&desk, format).await
}

/// Choose an .xlsx or .csv file (dialog, or the `SHOPDESK_PICK_FILE` seam) and check every row for the
/// target: columns, numbers, SKUs in the account's catalog, the order rules, and the address against
/// the vendor's geo lists. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_preview(
    desk: State<'_, Desk>,
    account_id: String,
    warehouse_id: String,
) -> Result<Option<ImportView>, AppError> {
    shopdesk_app::import::import_preview(&desk, account_id, warehouse_id).await
}

/// Store every order in the outbox (each validated again, with its own reference), then send them one
/// after another in the background; progress is the outbox state of these ids.
#[tauri::command]
#[specta::specta]
pub async fn import_send(
    desk: State<'_, Desk>,
    orders: Vec<ImportSend>,
) -> Result<Vec<ImportQueued>, AppError> {
    shopdesk_app::import::import_send(&desk, orders).await
}

/// Save the result report (one line per order: created with the vendor id, refused with why, or not
/// sent because of its rows' errors).
#[tauri::command]
#[specta::specta]
pub async fn import_report(
    desk: State<'_, Desk>,
    rows: Vec<ReportRow>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::import::import_report(&desk, rows, format).await
}
