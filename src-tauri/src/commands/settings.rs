use shopdesk_core::{AppError, Language, Settings};

#[tauri::command]
#[specta::specta]
pub fn get_settings(app: tauri::AppHandle) -> Settings {
    crate::settings::load(&app)
}

#[tauri::command]
#[specta::specta]
pub fn set_language(app: tauri::AppHandle, language: Language) -> Result<Settings, AppError> {
    crate::settings::set_language(&app, language)
}

/// Stock preferences: the low-stock threshold and the automatic sync interval (0 = off).
#[tauri::command]
#[specta::specta]
pub fn set_stock_settings(
    app: tauri::AppHandle,
    low_stock_threshold: u32,
    sync_interval_minutes: u32,
) -> Result<Settings, AppError> {
    crate::settings::set_stock_settings(&app, low_stock_threshold, sync_interval_minutes)
}
