//! Accounts: connect, test, rename, replace a secret, remove; the demo workspace.

use accounts::{AccountView, ConnectionReport, NewAccount, ShopChoice, Workspace};
use shopdesk_core::AppError;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::state::AppState;

fn changed(app: &AppHandle) {
    crate::events::changed(app, crate::events::DataKind::Accounts);
}

#[tauri::command]
#[specta::specta]
pub async fn workspace(state: State<'_, AppState>) -> Result<Workspace, AppError> {
    state.accounts.workspace().await
}

/// The Pancake shops an api key can see (to pick the shop).
#[tauri::command]
#[specta::specta]
pub async fn pancake_shops(
    state: State<'_, AppState>,
    api_key: String,
    base_url: Option<String>,
) -> Result<Vec<ShopChoice>, AppError> {
    state.accounts.pancake_shops(&api_key, base_url).await
}

/// Open Nhanh's consent page in the system browser.
#[tauri::command]
#[specta::specta]
pub async fn nhanh_open_consent(
    app: AppHandle,
    state: State<'_, AppState>,
    app_id: u32,
    return_link: String,
    base_url: Option<String>,
) -> Result<String, AppError> {
    let oauth = base_url
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| format!("{}/oauth", b.trim_end_matches('/')));
    let url = state.accounts.nhanh_consent_url(
        i64::from(app_id),
        return_link.trim(),
        oauth.as_deref(),
    )?;
    let url = shopdesk_core::links::openable(&url)?.to_string();
    app.opener()
        .open_url(url.clone(), None::<&str>)
        .map_err(|e| AppError::internal(format!("could not open the browser: {e}")))?;
    Ok(url)
}

#[tauri::command]
#[specta::specta]
pub async fn account_add(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewAccount,
) -> Result<AccountView, AppError> {
    let view = state.accounts.add(input).await?;
    crate::settings::set_demo_dismissed(&app, true)?;
    changed(&app);
    crate::sync_runner::spawn(app.clone(), sync::Mode::Full);
    Ok(view)
}

#[tauri::command]
#[specta::specta]
pub async fn account_test(
    state: State<'_, AppState>,
    id: String,
) -> Result<ConnectionReport, AppError> {
    state.accounts.test(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn account_rename(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    label: String,
) -> Result<AccountView, AppError> {
    let v = state.accounts.rename(&id, &label).await?;
    changed(&app);
    Ok(v)
}

/// Replace one secret (explicit action); the new value is tested before it is stored.
#[tauri::command]
#[specta::specta]
pub async fn account_replace_secret(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    name: String,
    value: String,
) -> Result<AccountView, AppError> {
    let v = state.accounts.replace_secret(&id, &name, &value).await?;
    changed(&app);
    Ok(v)
}

#[tauri::command]
#[specta::specta]
pub async fn account_remove(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<(), AppError> {
    state.accounts.remove(&id).await?;
    // and its cached listings, stock and sync history (real accounts only ever live in the real cache)
    crate::state::lock(&state.stock.real)?
        .delete_account(&id)
        .map_err(crate::state::store_error)?;
    // and its cached orders (what was sent from ShopDesk stays in the outbox as the record)
    if let Err(e) = state.orders.list_real.delete_account(&id) {
        tracing::warn!(error = %e, "cached orders of the removed account not deleted");
    }
    changed(&app);
    crate::events::changed(&app, crate::events::DataKind::Stock);
    crate::events::changed(&app, crate::events::DataKind::Orders);
    Ok(())
}

/// Start the demo workspace (only when no real account exists).
#[tauri::command]
#[specta::specta]
pub async fn demo_start(app: AppHandle, state: State<'_, AppState>) -> Result<Workspace, AppError> {
    crate::settings::set_demo_dismissed(&app, false)?;
    state
        .accounts
        .start_demo(sandbox::Options::default())
        .await?;
    changed(&app);
    state.accounts.workspace().await
}

/// Leave the demo workspace (remembered across restarts).
#[tauri::command]
#[specta::specta]
pub async fn demo_leave(app: AppHandle, state: State<'_, AppState>) -> Result<Workspace, AppError> {
    crate::settings::set_demo_dismissed(&app, true)?;
    state.accounts.leave_demo().await;
    changed(&app);
    state.accounts.workspace().await
}
