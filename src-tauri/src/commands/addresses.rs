//! The address picker: suggestions over the embedded official data, and the chosen address resolved to
//! the target account's own geo ids.
//! The bodies live in `shopdesk_app::addresses`; each command here is one call.
use addresses::picker::AddressOption;
use shopdesk_app::addresses::*;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use tauri::State;

/// Ward-level suggestions for a typed line, both the 2025 and the legacy form of each.
#[tauri::command]
#[specta::specta]
pub async fn address_suggest(query: String) -> Vec<AddressOption> {
    shopdesk_app::addresses::address_suggest(query).await
}

/// Resolve the picked address to the account's geo ids, in the model the vendor should receive.
#[tauri::command]
#[specta::specta]
pub async fn address_resolve(
    desk: State<'_, Desk>,
    account_id: String,
    address: AddressOption,
) -> Result<GeoMatch, AppError> {
    shopdesk_app::addresses::address_resolve(&desk, account_id, address).await
}
