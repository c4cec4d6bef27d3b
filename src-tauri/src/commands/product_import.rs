//! Bulk products from Excel / CSV: the template, a preview with row-level errors for the chosen accounts
//! (nothing stored), the valid products stored and sent (each vendor record exactly once), and the result
//! report. The bodies live in `shopdesk_app::product_import`; each command here is one call.
use order_import::ReportRow;
use shopdesk_app::product_import::{ProductImportQueued, ProductImportView};
use shopdesk_app::Desk;
use shopdesk_core::product::{ProductDraft, ProductTarget};
use shopdesk_core::AppError;
use store::ExportFormat;
use tauri::State;

/// Save the product template (Vietnamese headers, an instructions sheet) where the user chooses.
#[tauri::command]
#[specta::specta]
pub async fn product_import_template(
    desk: State<'_, Desk>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::product_import::product_import_template(&desk, format).await
}

/// Choose an .xlsx or .csv file and check every product for the chosen accounts. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn product_import_preview(
    desk: State<'_, Desk>,
    targets: Vec<ProductTarget>,
) -> Result<Option<ProductImportView>, AppError> {
    shopdesk_app::product_import::product_import_preview(&desk, targets).await
}

/// Store each valid product, then send them in the background (`data-changed {products}`).
#[tauri::command]
#[specta::specta]
pub async fn product_import_send(
    desk: State<'_, Desk>,
    drafts: Vec<ProductDraft>,
) -> Result<Vec<ProductImportQueued>, AppError> {
    shopdesk_app::product_import::product_import_send(&desk, drafts).await
}

/// Save the result report where the user chooses.
#[tauri::command]
#[specta::specta]
pub async fn product_import_report(
    desk: State<'_, Desk>,
    rows: Vec<ReportRow>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::product_import::product_import_report(&desk, rows, format).await
}
