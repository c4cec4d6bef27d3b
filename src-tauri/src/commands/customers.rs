//! The order form's customer lookup by phone. The body lives in `shopdesk_app::customers`.
use shopdesk_app::customers::CustomerLookup;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use tauri::State;

/// The customers the workspace's vendors (Pancake, Nhanh) know by this phone, each with its address in
/// the picker's form; a vendor that cannot be asked is named in `unavailable`, never an error.
#[tauri::command]
#[specta::specta]
pub async fn customer_lookup(
    desk: State<'_, Desk>,
    phone: String,
) -> Result<CustomerLookup, AppError> {
    shopdesk_app::customers::customer_lookup(&desk, phone).await
}
