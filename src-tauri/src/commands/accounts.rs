//! Accounts: connect, test, rename, replace a secret, remove; the demo workspace.
//! The bodies live in `shopdesk_app::accounts`; each command here is one call.
use accounts::{AccountView, ConnectionReport, NewAccount, ShopChoice, Workspace};
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn workspace(desk: State<'_, Desk>) -> Result<Workspace, AppError> {
    shopdesk_app::accounts::workspace(&desk).await
}

/// The Pancake shops an api key can see (to pick the shop).
#[tauri::command]
#[specta::specta]
pub async fn pancake_shops(
    desk: State<'_, Desk>,
    api_key: String,
    base_url: Option<String>,
) -> Result<Vec<ShopChoice>, AppError> {
    shopdesk_app::accounts::pancake_shops(&desk, api_key, base_url).await
}

/// Open Nhanh's consent page in the system browser.
#[tauri::command]
#[specta::specta]
pub async fn nhanh_open_consent(
    desk: State<'_, Desk>,
    app_id: u32,
    return_link: String,
    base_url: Option<String>,
) -> Result<String, AppError> {
    shopdesk_app::accounts::nhanh_open_consent(&desk, app_id, return_link, base_url).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_add(
    desk: State<'_, Desk>,
    input: NewAccount,
) -> Result<AccountView, AppError> {
    shopdesk_app::accounts::account_add(&desk, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_test(desk: State<'_, Desk>, id: String) -> Result<ConnectionReport, AppError> {
    shopdesk_app::accounts::account_test(&desk, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_rename(
    desk: State<'_, Desk>,
    id: String,
    label: String,
) -> Result<AccountView, AppError> {
    shopdesk_app::accounts::account_rename(&desk, id, label).await
}

/// Replace one secret (explicit action); the new value is tested before it is stored.
#[tauri::command]
#[specta::specta]
pub async fn account_replace_secret(
    desk: State<'_, Desk>,
    id: String,
    name: String,
    value: String,
) -> Result<AccountView, AppError> {
    shopdesk_app::accounts::account_replace_secret(&desk, id, name, value).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_remove(desk: State<'_, Desk>, id: String) -> Result<(), AppError> {
    shopdesk_app::accounts::account_remove(&desk, id).await
}

/// Start the demo workspace (only when no real account exists).
#[tauri::command]
#[specta::specta]
pub async fn demo_start(desk: State<'_, Desk>) -> Result<Workspace, AppError> {
    shopdesk_app::accounts::demo_start(&desk).await
}

/// Leave the demo workspace (remembered across restarts).
#[tauri::command]
#[specta::specta]
pub async fn demo_leave(desk: State<'_, Desk>) -> Result<Workspace, AppError> {
    shopdesk_app::accounts::demo_leave(&desk).await
}
