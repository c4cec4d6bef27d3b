//! Orders: the form's targets and item picker, submission through the outbox, the outbox list.
//! The bodies live in `shopdesk_app::orders`; each command here is one call.
use order_cache::{OrderDetail, OrderFilter, OrderPage, StatusCount};
use order_outbox::{OrderDraft, OrderId, OutboxEntry, OutboxListing};
use shopdesk_app::orders::*;
use shopdesk_app::Desk;
use shopdesk_core::order::OrderOptions;
use shopdesk_core::AppError;
use store::{CatalogItem, ExportFormat};
use tauri::State;

/// The accounts of the workspace being shown, each with its warehouses.
#[tauri::command]
#[specta::specta]
pub async fn order_targets(desk: State<'_, Desk>) -> Result<Vec<OrderTarget>, AppError> {
    shopdesk_app::orders::order_targets(&desk).await
}

/// The target account's listings by SKU, barcode or name, with that account's stock per warehouse.
#[tauri::command]
#[specta::specta]
pub async fn catalog_search(
    desk: State<'_, Desk>,
    account_id: String,
    query: String,
) -> Result<Vec<CatalogItem>, AppError> {
    shopdesk_app::orders::catalog_search(&desk, account_id, query).await
}

/// Validate the draft in Rust (field errors come back as `Validation` with `details.fields`), store it
/// in the outbox with its client reference, and send it in the background. Answers the entry at once
/// (state `queued`); `data-changed {kind: "orders"}` follows every state change.
#[tauri::command]
#[specta::specta]
pub async fn order_submit(
    desk: State<'_, Desk>,
    draft: OrderDraft,
) -> Result<OutboxEntry, AppError> {
    shopdesk_app::orders::order_submit(&desk, draft).await
}

/// Every order entered in ShopDesk (the outbox), newest first, with its sending state.
#[tauri::command]
#[specta::specta]
pub async fn order_outbox(desk: State<'_, Desk>) -> Result<OutboxListing, AppError> {
    shopdesk_app::orders::order_outbox(&desk).await
}

/// "Try again" on an order that needs attention: it is looked up at the vendor first, then re-sent
/// only if the vendor does not have it.
#[tauri::command]
#[specta::specta]
pub async fn order_retry(desk: State<'_, Desk>, id: OrderId) -> Result<OutboxEntry, AppError> {
    shopdesk_app::orders::order_retry(&desk, id).await
}

/// One page of the orders list across accounts, from the local cache.
#[tauri::command]
#[specta::specta]
pub async fn orders_list(
    desk: State<'_, Desk>,
    filter: OrderFilter,
) -> Result<OrderPage, AppError> {
    shopdesk_app::orders::orders_list(&desk, filter).await
}

/// How many orders per normalized status (the status filter ignored), for the status tabs.
#[tauri::command]
#[specta::specta]
pub async fn orders_status_counts(
    desk: State<'_, Desk>,
    filter: OrderFilter,
) -> Result<Vec<StatusCount>, AppError> {
    shopdesk_app::orders::orders_status_counts(&desk, filter).await
}

/// One order with its items and the vendor's status history (from the cache).
#[tauri::command]
#[specta::specta]
pub async fn order_detail(
    desk: State<'_, Desk>,
    account_id: String,
    vendor_order_id: String,
) -> Result<Option<OrderDetail>, AppError> {
    shopdesk_app::orders::order_detail(&desk, account_id, vendor_order_id).await
}

/// Cancel at the vendor (Pancake status change, Nhanh cancel / carrier cancel, Onflow cancel); the
/// order as the vendor reports it afterwards is stored and answered. A refusal keeps the vendor's code.
#[tauri::command]
#[specta::specta]
pub async fn order_cancel(
    desk: State<'_, Desk>,
    account_id: String,
    vendor_order_id: String,
) -> Result<OrderDetail, AppError> {
    shopdesk_app::orders::order_cancel(&desk, account_id, vendor_order_id).await
}

/// Pull every account's orders into the cache now (also runs after each stock sync).
#[tauri::command]
#[specta::specta]
pub async fn orders_sync(desk: State<'_, Desk>) -> Result<(), AppError> {
    shopdesk_app::orders::orders_sync(&desk).await
}

#[tauri::command]
#[specta::specta]
pub async fn order_options(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<OrderOptions, AppError> {
    shopdesk_app::orders::order_options(&desk, account_id).await
}

/// Send a refused order again, fixed, under a new reference (the old one kept in its history, the old
/// entry marked as replaced); sent in the background like a new order.
#[tauri::command]
#[specta::specta]
pub async fn order_resend(
    desk: State<'_, Desk>,
    id: OrderId,
    draft: OrderDraft,
) -> Result<OutboxEntry, AppError> {
    shopdesk_app::orders::order_resend(&desk, id, draft).await
}

/// Dismiss a refused order or one that needs attention (nothing is sent or cancelled at the vendor).
#[tauri::command]
#[specta::specta]
pub async fn order_dismiss(desk: State<'_, Desk>, id: OrderId) -> Result<OutboxEntry, AppError> {
    shopdesk_app::orders::order_dismiss(&desk, id).await
}

/// The order's tracking page, read from the vendor now; `None` when the vendor gives none.
#[tauri::command]
#[specta::specta]
pub async fn order_tracking_link(
    desk: State<'_, Desk>,
    account_id: String,
    vendor_order_id: String,
) -> Result<Option<String>, AppError> {
    shopdesk_app::orders::order_tracking_link(&desk, account_id, vendor_order_id).await
}

/// Open the order's tracking page in the system browser; answers the link opened.
#[tauri::command]
#[specta::specta]
pub async fn order_open_tracking(
    desk: State<'_, Desk>,
    account_id: String,
    vendor_order_id: String,
) -> Result<String, AppError> {
    shopdesk_app::orders::order_open_tracking(&desk, account_id, vendor_order_id).await
}

/// Fetch the order's shipping label (a PDF) from the vendor and open it to print; answers the file.
#[tauri::command]
#[specta::specta]
pub async fn order_print_label(
    desk: State<'_, Desk>,
    account_id: String,
    vendor_order_id: String,
) -> Result<String, AppError> {
    shopdesk_app::orders::order_print_label(&desk, account_id, vendor_order_id).await
}

/// `true` when the print seam captured the packing slip's page (the window then does not print).
#[tauri::command]
#[specta::specta]
pub async fn order_slip_capture(
    desk: State<'_, Desk>,
    vendor_order_id: String,
    html: String,
) -> Result<bool, AppError> {
    shopdesk_app::orders::order_slip_capture(&desk, vendor_order_id, html).await
}

/// Save the filtered orders list (every matching row) as CSV or Excel; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn orders_export(
    desk: State<'_, Desk>,
    filter: OrderFilter,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    shopdesk_app::orders::orders_export(&desk, filter, format).await
}
