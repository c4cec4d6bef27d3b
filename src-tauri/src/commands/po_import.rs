//! Bulk inbound POs from Excel / CSV: the template, a preview with row-level errors (nothing stored),
//! sending the valid POs through the PO journal (each exactly once), and the result report.
//! The bodies live in `shopdesk_app::po_import`; each command here is one call.
use order_import::ReportRow;
use shopdesk_app::po_import::{PoImportQueued, PoImportView};
use shopdesk_app::Desk;
use shopdesk_core::inbound::PoDraft;
use shopdesk_core::AppError;
use store::ExportFormat;
use tauri::State;

/// Save the PO template (Vietnamese headers, an instructions sheet) where the user chooses.
#[tauri::command]
#[specta::specta]
pub async fn po_import_template(
    desk: State<'_, Desk>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::po_import::po_import_template(&desk, format).await
}

/// Choose an .xlsx or .csv file (dialog, or the `SHOPDESK_PICK_FILE` seam) and check every row for the
/// account (warehouses, SKUs, dates, references not used yet). `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn po_import_preview(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<Option<PoImportView>, AppError> {
    shopdesk_app::po_import::po_import_preview(&desk, account_id).await
}

/// Store each valid PO in the journal under its reference, then send them one after another, each once.
#[tauri::command]
#[specta::specta]
pub async fn po_import_send(
    desk: State<'_, Desk>,
    pos: Vec<PoDraft>,
) -> Result<Vec<PoImportQueued>, AppError> {
    shopdesk_app::po_import::po_import_send(&desk, pos).await
}

/// Save the result report (one line per PO).
#[tauri::command]
#[specta::specta]
pub async fn po_import_report(
    desk: State<'_, Desk>,
    rows: Vec<ReportRow>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::po_import::po_import_report(&desk, rows, format).await
}
