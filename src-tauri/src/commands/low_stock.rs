//! Low stock ("Sắp hết"): the view, the per-product limits, the export, the mute setting and (test
//! builds only) the demo seam. The bodies live in `shopdesk_app::low_stock`.
use shopdesk_app::low_stock::LowStockView;
use shopdesk_app::stock::ExportResult;
use shopdesk_app::Desk;
use shopdesk_core::{AppError, Settings};
use store::{ExportFormat, Limits, StockLevel};
use tauri::State;

use crate::settings::TauriHost;

/// The products below their minimum, with their sales speed and a suggested quantity to order.
#[tauri::command]
#[specta::specta]
pub async fn low_stock_view(desk: State<'_, Desk>) -> Result<LowStockView, AppError> {
    shopdesk_app::low_stock::low_stock_view(&desk).await
}

/// One product group's limits: the user's, the vendor's (Nhanh) and those in force.
#[tauri::command]
#[specta::specta]
pub async fn stock_limits(
    desk: State<'_, Desk>,
    group_key: String,
) -> Result<Option<StockLevel>, AppError> {
    shopdesk_app::low_stock::stock_limits(&desk, group_key).await
}

/// Set (both `None`: clear) the user's own minimum / maximum of a product group.
#[tauri::command]
#[specta::specta]
pub async fn set_stock_limits(
    desk: State<'_, Desk>,
    group_key: String,
    limits: Limits,
) -> Result<(), AppError> {
    shopdesk_app::low_stock::set_stock_limits(&desk, group_key, limits).await
}

/// Export the "Sắp hết" list to CSV or XLSX (where the user chooses); `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn low_stock_export(
    desk: State<'_, Desk>,
    format: ExportFormat,
) -> Result<Option<ExportResult>, AppError> {
    shopdesk_app::low_stock::low_stock_export(&desk, format).await
}

/// Mute (or not) the desktop notification of a product going below its minimum.
#[tauri::command]
#[specta::specta]
pub fn set_low_stock_muted(app: tauri::AppHandle, muted: bool) -> Result<Settings, AppError> {
    shopdesk_app::settings::set_low_stock_muted(&TauriHost::new(&app), muted)
}

/// Test seam (`test-seams` builds only; a shipped build refuses): in the demo, lower the warehouse's
/// stock of `sku` (or of the first product above its minimum) to one below its minimum. Answers the SKU.
#[tauri::command]
#[specta::specta]
pub async fn seam_demo_lower_stock(
    desk: State<'_, Desk>,
    sku: Option<String>,
) -> Result<String, AppError> {
    if !cfg!(feature = "test-seams") {
        return Err(AppError::internal("not available in this build"));
    }
    shopdesk_app::low_stock::demo_lower_stock(&desk, sku).await
}
