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
