//! Returns: every vendor's returns, return requests at the warehouse. The bodies live in
//! `shopdesk_app::returns`; each command here is one call.
use shopdesk_app::returns::{ReturnDetail, ReturnRow};
use shopdesk_app::Desk;
use shopdesk_core::returns::ReturnDraft;
use shopdesk_core::AppError;
use tauri::State;

/// A fresh reference for a new return request.
#[tauri::command]
#[specta::specta]
pub fn return_new_reference() -> String {
    shopdesk_app::returns::return_new_reference()
}

/// Validate, store under its reference and send once in the background (`data-changed {returns}`).
#[tauri::command]
#[specta::specta]
pub async fn return_submit(
    desk: State<'_, Desk>,
    draft: ReturnDraft,
) -> Result<ReturnRow, AppError> {
    shopdesk_app::returns::return_submit(&desk, draft).await
}

/// Every return: requests being sent, then the vendors', newest first (from the local list).
#[tauri::command]
#[specta::specta]
pub async fn return_list(desk: State<'_, Desk>) -> Result<Vec<ReturnRow>, AppError> {
    shopdesk_app::returns::return_list(&desk).await
}

/// The returns of one order.
#[tauri::command]
#[specta::specta]
pub async fn returns_for_order(
    desk: State<'_, Desk>,
    account_id: String,
    vendor_order_id: String,
) -> Result<Vec<ReturnRow>, AppError> {
    shopdesk_app::returns::returns_for_order(&desk, account_id, vendor_order_id).await
}

/// Re-read every account's returns from the vendors.
#[tauri::command]
#[specta::specta]
pub async fn returns_sync(desk: State<'_, Desk>) -> Result<(), AppError> {
    shopdesk_app::returns::returns_sync(&desk).await
}

/// One return with its lines and its order.
#[tauri::command]
#[specta::specta]
pub async fn return_detail(
    desk: State<'_, Desk>,
    account_id: String,
    return_id: String,
) -> Result<ReturnDetail, AppError> {
    shopdesk_app::returns::return_detail(&desk, account_id, return_id).await
}

/// Cancel a return at the vendor.
#[tauri::command]
#[specta::specta]
pub async fn return_cancel(
    desk: State<'_, Desk>,
    account_id: String,
    return_id: String,
) -> Result<ReturnDetail, AppError> {
    shopdesk_app::returns::return_cancel(&desk, account_id, return_id).await
}

/// Look a request up at the vendor and send it only if the vendor does not hold it.
#[tauri::command]
#[specta::specta]
pub async fn return_retry(desk: State<'_, Desk>, reference: String) -> Result<ReturnRow, AppError> {
    shopdesk_app::returns::return_retry(&desk, reference).await
}

/// Remove a request the vendor refused.
#[tauri::command]
#[specta::specta]
pub async fn return_discard(desk: State<'_, Desk>, reference: String) -> Result<(), AppError> {
    shopdesk_app::returns::return_discard(&desk, reference).await
}
