use shopdesk_core::{AppError, Language, Settings};

use crate::settings::TauriHost;

#[tauri::command]
#[specta::specta]
pub fn get_settings(app: tauri::AppHandle) -> Settings {
    shopdesk_app::settings::load(&TauriHost::new(&app))
}

#[tauri::command]
#[specta::specta]
pub fn set_language(app: tauri::AppHandle, language: Language) -> Result<Settings, AppError> {
    shopdesk_app::settings::set_language(&TauriHost::new(&app), language)
}

/// Stock preferences: the low-stock threshold, the automatic sync interval in seconds (0 = off, else 15 s to a day) and the share of
/// each account's rate budget the scheduled syncs may use (percent, 5–100).
#[tauri::command]
#[specta::specta]
pub fn set_stock_settings(
    app: tauri::AppHandle,
    low_stock_threshold: u32,
    sync_interval_seconds: u32,
    sync_budget_percent: u32,
) -> Result<Settings, AppError> {
    shopdesk_app::settings::set_stock_settings(
        &TauriHost::new(&app),
        low_stock_threshold,
        sync_interval_seconds,
        sync_budget_percent,
    )
}
