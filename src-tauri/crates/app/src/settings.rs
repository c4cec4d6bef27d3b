//! Preferences, kept by the host (the shell: `settings.json` in the app config dir). Never secrets.

use shopdesk_core::settings::{MAX_SYNC_INTERVAL_SECONDS, MIN_SYNC_INTERVAL_SECONDS};
use shopdesk_core::{AppError, Language, Settings};

use crate::Host;

const KEY_LANGUAGE: &str = "language";
const KEY_DEMO_DISMISSED: &str = "demoDismissed";
const KEY_LOW_STOCK: &str = "lowStockThreshold";
const KEY_SYNC_INTERVAL: &str = "syncIntervalSeconds";
/// What versions before the seconds setting stored (minutes).
const KEY_SYNC_INTERVAL_MINUTES: &str = "syncIntervalMinutes";
const KEY_UPDATE_SKIPPED: &str = "updateSkippedVersion";
const KEY_SYNC_BUDGET: &str = "syncBudgetPercent";
const KEY_LOW_STOCK_MUTED: &str = "lowStockMuted";

/// The preferences, each one's default where it is unset or out of bounds.
pub fn load(host: &dyn Host) -> Settings {
    let defaults = Settings::default();
    let number = |key: &str, default: u32| {
        host.setting(key)
            .and_then(|v| v.as_u64())
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(default)
    };
    Settings {
        low_stock_threshold: number(KEY_LOW_STOCK, defaults.low_stock_threshold),
        sync_interval_seconds: host
            .setting(KEY_SYNC_INTERVAL)
            .and_then(|v| v.as_u64())
            .or_else(|| {
                host.setting(KEY_SYNC_INTERVAL_MINUTES)
                    .and_then(|v| v.as_u64())
                    .map(|m| m.saturating_mul(60))
            })
            .and_then(|n| u32::try_from(n).ok())
            .map(|n| n.min(MAX_SYNC_INTERVAL_SECONDS))
            .unwrap_or(defaults.sync_interval_seconds),
        sync_budget_percent: number(KEY_SYNC_BUDGET, defaults.sync_budget_percent)
            .clamp(shopdesk_core::settings::MIN_SYNC_BUDGET_PERCENT, 100),
        language: host
            .setting(KEY_LANGUAGE)
            .and_then(|v| serde_json::from_value::<Language>(v).ok())
            .unwrap_or_default(),
        demo_dismissed: host
            .setting(KEY_DEMO_DISMISSED)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        update_skipped_version: host
            .setting(KEY_UPDATE_SKIPPED)
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|v| !v.is_empty() && v.len() <= 64),
        low_stock_muted: host
            .setting(KEY_LOW_STOCK_MUTED)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    }
}

fn put(host: &dyn Host, key: &str, value: serde_json::Value) -> Result<Settings, AppError> {
    host.put_setting(key, value)?;
    Ok(load(host))
}

pub fn set_language(host: &dyn Host, language: Language) -> Result<Settings, AppError> {
    let value = serde_json::to_value(language)
        .map_err(|e| AppError::internal(format!("could not encode the language: {e}")))?;
    put(host, KEY_LANGUAGE, value)
}

pub fn set_update_skipped(host: &dyn Host, version: &str) -> Result<Settings, AppError> {
    if version.is_empty() || version.len() > 64 {
        return Err(accounts::field_error("version", "invalid"));
    }
    put(
        host,
        KEY_UPDATE_SKIPPED,
        serde_json::Value::from(version.to_string()),
    )
}

/// Mute (or not) the desktop notification of a product going below its minimum.
pub fn set_low_stock_muted(host: &dyn Host, muted: bool) -> Result<Settings, AppError> {
    put(host, KEY_LOW_STOCK_MUTED, serde_json::Value::Bool(muted))
}

pub fn set_demo_dismissed(host: &dyn Host, dismissed: bool) -> Result<Settings, AppError> {
    put(host, KEY_DEMO_DISMISSED, serde_json::Value::Bool(dismissed))
}

/// Stock preferences: the low-stock threshold, the automatic sync interval in seconds (0 = off, else
/// 15 s to a day) and the share of each account's rate budget the scheduled syncs may use (percent,
/// 5–100).
pub fn set_stock_settings(
    host: &dyn Host,
    low_stock_threshold: u32,
    sync_interval_seconds: u32,
    sync_budget_percent: u32,
) -> Result<Settings, AppError> {
    if !(shopdesk_core::settings::MIN_SYNC_BUDGET_PERCENT..=100).contains(&sync_budget_percent) {
        return Err(accounts::field_error("syncBudgetPercent", "invalid"));
    }
    if sync_interval_seconds != 0
        && !(MIN_SYNC_INTERVAL_SECONDS..=MAX_SYNC_INTERVAL_SECONDS).contains(&sync_interval_seconds)
    {
        return Err(accounts::field_error("syncIntervalSeconds", "invalid"));
    }
    put(
        host,
        KEY_SYNC_BUDGET,
        serde_json::Value::from(sync_budget_percent),
    )?;
    put(
        host,
        KEY_LOW_STOCK,
        serde_json::Value::from(low_stock_threshold),
    )?;
    put(
        host,
        KEY_SYNC_INTERVAL,
        serde_json::Value::from(sync_interval_seconds),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryHost;

    #[test]
    fn a_budget_below_the_floor_is_refused_and_nothing_is_stored() {
        let host = MemoryHost::default();
        let floor = shopdesk_core::settings::MIN_SYNC_BUDGET_PERCENT;
        assert!(set_stock_settings(&host, 3, 30, floor - 1).is_err());
        assert!(set_stock_settings(&host, 3, 5, 50).is_err(), "below 15 s");
        assert_eq!(load(&host), Settings::default());
        let s = set_stock_settings(&host, 3, 0, 50).expect("off is allowed");
        assert_eq!(s.sync_interval_seconds, 0);
        let s = set_stock_settings(&host, 3, 600, 50).expect("saved");
        assert_eq!(
            (
                s.low_stock_threshold,
                s.sync_interval_seconds,
                s.sync_budget_percent
            ),
            (3, 600, 50)
        );
    }

    #[test]
    fn an_unreadable_stored_value_falls_back_to_its_default() {
        let host = MemoryHost::default();
        host.put_setting(KEY_SYNC_BUDGET, serde_json::json!(1)).ok();
        host.put_setting(KEY_LANGUAGE, serde_json::json!("klingon"))
            .ok();
        let s = load(&host);
        assert_eq!(
            s.sync_budget_percent,
            shopdesk_core::settings::MIN_SYNC_BUDGET_PERCENT
        );
        assert_eq!(s.language, Language::default());
    }

    #[test]
    fn an_interval_saved_in_minutes_by_an_older_version_is_read_in_seconds() {
        let host = MemoryHost::default();
        assert_eq!(
            load(&host).sync_interval_seconds,
            shopdesk_core::settings::DEFAULT_SYNC_INTERVAL_SECONDS
        );
        host.put_setting(KEY_SYNC_INTERVAL_MINUTES, serde_json::json!(30))
            .ok();
        assert_eq!(load(&host).sync_interval_seconds, 1800);
        host.put_setting(KEY_SYNC_INTERVAL, serde_json::json!(45))
            .ok();
        assert_eq!(load(&host).sync_interval_seconds, 45, "the new key wins");
    }
}
