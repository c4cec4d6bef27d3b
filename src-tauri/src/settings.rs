//! Preferences persisted with tauri-plugin-store (`settings.json` in the app config dir). Never secrets.

use shopdesk_core::{AppError, Language, Settings};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

const STORE_FILE: &str = "settings.json";
const KEY_LANGUAGE: &str = "language";
const KEY_DEMO_DISMISSED: &str = "demoDismissed";
const KEY_LOW_STOCK: &str = "lowStockThreshold";
const KEY_SYNC_INTERVAL: &str = "syncIntervalMinutes";
const KEY_UPDATE_SKIPPED: &str = "updateSkippedVersion";
const KEY_SYNC_BUDGET: &str = "syncBudgetPercent";

pub fn load<R: Runtime>(app: &AppHandle<R>) -> Settings {
    let store = app.store(STORE_FILE).ok();
    let get = |key: &str| store.as_ref().and_then(|s| s.get(key));
    let defaults = Settings::default();
    let number = |key: &str, default: u32| {
        get(key)
            .and_then(|v| v.as_u64())
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(default)
    };
    Settings {
        low_stock_threshold: number(KEY_LOW_STOCK, defaults.low_stock_threshold),
        sync_interval_minutes: number(KEY_SYNC_INTERVAL, defaults.sync_interval_minutes),
        sync_budget_percent: number(KEY_SYNC_BUDGET, defaults.sync_budget_percent)
            .clamp(shopdesk_core::settings::MIN_SYNC_BUDGET_PERCENT, 100),
        language: get(KEY_LANGUAGE)
            .and_then(|v| serde_json::from_value::<Language>(v).ok())
            .unwrap_or_default(),
        demo_dismissed: get(KEY_DEMO_DISMISSED)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        update_skipped_version: get(KEY_UPDATE_SKIPPED)
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|v| !v.is_empty() && v.len() <= 64),
    }
}

fn put<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
    value: serde_json::Value,
) -> Result<Settings, AppError> {
    let store = app
        .store(STORE_FILE)
        .map_err(|e| AppError::internal(format!("could not open the settings store: {e}")))?;
    store.set(key, value);
    store
        .save()
        .map_err(|e| AppError::internal(format!("could not save the settings: {e}")))?;
    Ok(load(app))
}

pub fn set_language<R: Runtime>(
    app: &AppHandle<R>,
    language: Language,
) -> Result<Settings, AppError> {
    let value = serde_json::to_value(language)
        .map_err(|e| AppError::internal(format!("could not encode the language: {e}")))?;
    put(app, KEY_LANGUAGE, value)
}

pub fn set_update_skipped<R: Runtime>(
    app: &AppHandle<R>,
    version: &str,
) -> Result<Settings, AppError> {
    if version.is_empty() || version.len() > 64 {
        return Err(accounts::field_error("version", "invalid"));
    }
    put(
        app,
        KEY_UPDATE_SKIPPED,
        serde_json::Value::from(version.to_string()),
    )
}

pub fn set_demo_dismissed<R: Runtime>(
    app: &AppHandle<R>,
    dismissed: bool,
) -> Result<Settings, AppError> {
    put(app, KEY_DEMO_DISMISSED, serde_json::Value::Bool(dismissed))
}

pub fn set_stock_settings<R: Runtime>(
    app: &AppHandle<R>,
    low_stock_threshold: u32,
    sync_interval_minutes: u32,
    sync_budget_percent: u32,
) -> Result<Settings, AppError> {
    if !(shopdesk_core::settings::MIN_SYNC_BUDGET_PERCENT..=100).contains(&sync_budget_percent) {
        return Err(accounts::field_error("syncBudgetPercent", "invalid"));
    }
    put(
        app,
        KEY_SYNC_BUDGET,
        serde_json::Value::from(sync_budget_percent),
    )?;
    put(
        app,
        KEY_LOW_STOCK,
        serde_json::Value::from(low_stock_threshold),
    )?;
    put(
        app,
        KEY_SYNC_INTERVAL,
        serde_json::Value::from(sync_interval_minutes),
    )
}
