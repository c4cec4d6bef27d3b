//! Accounts: connect, test, rename, replace a secret, remove; the demo workspace.

use accounts::{AccountView, ConnectionReport, NewAccount, ShopChoice, Workspace};
use shopdesk_core::AppError;

use crate::Desk;

fn changed(desk: &Desk) {
    desk.changed(crate::DataKind::Accounts);
}

pub async fn workspace(desk: &Desk) -> Result<Workspace, AppError> {
    desk.accounts.workspace().await
}

/// The Pancake shops an api key can see (to pick the shop).
pub async fn pancake_shops(
    desk: &Desk,
    api_key: String,
    base_url: Option<String>,
) -> Result<Vec<ShopChoice>, AppError> {
    desk.accounts.pancake_shops(&api_key, base_url).await
}

/// Open Nhanh's consent page in the system browser.
pub async fn nhanh_open_consent(
    desk: &Desk,
    app_id: u32,
    return_link: String,
    base_url: Option<String>,
) -> Result<String, AppError> {
    let oauth = base_url
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| format!("{}/oauth", b.trim_end_matches('/')));
    let url =
        desk.accounts
            .nhanh_consent_url(i64::from(app_id), return_link.trim(), oauth.as_deref())?;
    let url = shopdesk_core::links::openable(&url)?.to_string();
    desk.host().open_url(&url)?;
    Ok(url)
}

pub async fn account_add(desk: &Desk, input: NewAccount) -> Result<AccountView, AppError> {
    let view = desk.accounts.add(input).await?;
    crate::settings::set_demo_dismissed(desk.host(), true)?;
    changed(desk);
    crate::sync::spawn(desk, ::stock_sync::Mode::Full);
    Ok(view)
}

pub async fn account_test(desk: &Desk, id: String) -> Result<ConnectionReport, AppError> {
    desk.accounts.test(&id).await
}

pub async fn account_rename(
    desk: &Desk,
    id: String,
    label: String,
) -> Result<AccountView, AppError> {
    let v = desk.accounts.rename(&id, &label).await?;
    changed(desk);
    Ok(v)
}

/// Replace one secret (explicit action); the new value is tested before it is stored.
pub async fn account_replace_secret(
    desk: &Desk,
    id: String,
    name: String,
    value: String,
) -> Result<AccountView, AppError> {
    let v = desk.accounts.replace_secret(&id, &name, &value).await?;
    changed(desk);
    Ok(v)
}

pub async fn account_remove(desk: &Desk, id: String) -> Result<(), AppError> {
    desk.accounts.remove(&id).await?;
    // and its cached listings, stock and sync history (real accounts only ever live in the real cache)
    crate::lock(&desk.real().stock)?
        .delete_account(&id)
        .map_err(AppError::from)?;
    // and its cached orders (what was sent from ShopDesk stays in the outbox as the record)
    if let Err(e) = desk.real().orders.delete_account(&id) {
        tracing::warn!(error = %e, "cached orders of the removed account not deleted");
    }
    changed(desk);
    desk.changed(crate::DataKind::Stock);
    desk.changed(crate::DataKind::Orders);
    Ok(())
}

/// Start the demo workspace (only when no real account exists).
pub async fn demo_start(desk: &Desk) -> Result<Workspace, AppError> {
    crate::settings::set_demo_dismissed(desk.host(), false)?;
    desk.accounts
        .start_demo(sandbox::Options::default())
        .await?;
    changed(desk);
    desk.accounts.workspace().await
}

/// Leave the demo workspace (remembered across restarts).
pub async fn demo_leave(desk: &Desk) -> Result<Workspace, AppError> {
    crate::settings::set_demo_dismissed(desk.host(), true)?;
    desk.accounts.leave_demo().await;
    changed(desk);
    desk.accounts.workspace().await
}
