//! Preferences persisted with tauri-plugin-store (`settings.json` in the app config dir). Never secrets.

use shopdesk_core::{AppError, Language, Settings};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

const STORE_FILE: &str = "settings.json";
const KEY_LANGUAGE: &str = "language";

pub fn load<R: Runtime>(app: &AppHandle<R>) -> Settings {
    let language = app
        .store(STORE_FILE)
        .ok()
        .and_then(|s| s.get(KEY_LANGUAGE))
        .and_then(|v| serde_json::from_value::<Language>(v).ok())
        .unwrap_or_default();
    Settings { language }
}

pub fn set_language<R: Runtime>(app: &AppHandle<R>, language: Language) -> Result<Settings, AppError> {
    let store = app
        .store(STORE_FILE)
        .map_err(|e| AppError::internal(format!("could not open the settings store: {e}")))?;
    let value = serde_json::to_value(language)
        .map_err(|e| AppError::internal(format!("could not encode the language: {e}")))?;
    store.set(KEY_LANGUAGE, value);
    store
        .save()
        .map_err(|e| AppError::internal(format!("could not save the settings: {e}")))?;
    Ok(load(app))
}
