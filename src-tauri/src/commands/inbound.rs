//! Goods in: inbound POs at the warehouse. The bodies live in `shopdesk_app::inbound`; each command here
//! is one call.
use shopdesk_app::inbound::{InboundTarget, PoDetail, PoRow};
use shopdesk_app::Desk;
use shopdesk_core::inbound::{LineCheck, PoDraft};
use shopdesk_core::AppError;
use tauri::State;

/// The accounts that take inbound POs (Onflow), each with its warehouses.
#[tauri::command]
#[specta::specta]
pub async fn inbound_targets(desk: State<'_, Desk>) -> Result<Vec<InboundTarget>, AppError> {
    shopdesk_app::inbound::inbound_targets(&desk).await
}

/// Whether each product can go into a PO for the warehouse (ACTIVE and mapped to it).
#[tauri::command]
#[specta::specta]
pub async fn inbound_check_lines(
    desk: State<'_, Desk>,
    account_id: String,
    warehouse_code: String,
    oasins: Vec<String>,
) -> Result<Vec<LineCheck>, AppError> {
    shopdesk_app::inbound::inbound_check_lines(&desk, account_id, warehouse_code, oasins).await
}

/// A fresh reference for a new PO.
#[tauri::command]
#[specta::specta]
pub fn po_new_reference() -> String {
    shopdesk_app::inbound::po_new_reference()
}

/// Validate, store under its reference and send once in the background (`data-changed {inbound}`).
#[tauri::command]
#[specta::specta]
pub async fn po_submit(desk: State<'_, Desk>, draft: PoDraft) -> Result<PoRow, AppError> {
    shopdesk_app::inbound::po_submit(&desk, draft).await
}

/// Every PO: being sent, then the warehouse's, newest first (from the local journal and cache).
#[tauri::command]
#[specta::specta]
pub async fn po_list(desk: State<'_, Desk>) -> Result<Vec<PoRow>, AppError> {
    shopdesk_app::inbound::po_list(&desk).await
}

/// Re-read every account's POs from the warehouse.
#[tauri::command]
#[specta::specta]
pub async fn po_sync(desk: State<'_, Desk>) -> Result<(), AppError> {
    shopdesk_app::inbound::po_sync(&desk).await
}

/// One PO with its packages and, once complete, the inspection result.
#[tauri::command]
#[specta::specta]
pub async fn po_detail(
    desk: State<'_, Desk>,
    account_id: String,
    po_code: String,
) -> Result<PoDetail, AppError> {
    shopdesk_app::inbound::po_detail(&desk, account_id, po_code).await
}

/// The URL of the PO's printable bill (PDF).
#[tauri::command]
#[specta::specta]
pub async fn po_bill(
    desk: State<'_, Desk>,
    account_id: String,
    po_code: String,
) -> Result<String, AppError> {
    shopdesk_app::inbound::po_bill(&desk, account_id, po_code).await
}

/// Cancel a PO while it is in transit.
#[tauri::command]
#[specta::specta]
pub async fn po_cancel(
    desk: State<'_, Desk>,
    account_id: String,
    po_code: String,
) -> Result<PoDetail, AppError> {
    shopdesk_app::inbound::po_cancel(&desk, account_id, po_code).await
}

/// Look a PO whose answer was lost up at the warehouse, and send it only if the warehouse lacks it.
#[tauri::command]
#[specta::specta]
pub async fn po_retry(desk: State<'_, Desk>, reference: String) -> Result<PoRow, AppError> {
    shopdesk_app::inbound::po_retry(&desk, reference).await
}

/// Remove a PO the warehouse refused.
#[tauri::command]
#[specta::specta]
pub async fn po_discard(desk: State<'_, Desk>, reference: String) -> Result<(), AppError> {
    shopdesk_app::inbound::po_discard(&desk, reference).await
}
