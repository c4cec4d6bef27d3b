//! User preferences that are not secrets (persisted by the app shell in the store file).

use serde::{Deserialize, Serialize};

/// UI language. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Vi,
    En,
}

/// Preferences the UI reads at start-up.
/// The default automatic sync interval: figures on screen within about a minute of a change at
/// Pancake or Nhanh (`bench freshness`).
pub const DEFAULT_SYNC_INTERVAL_SECONDS: u32 = 30;
/// The shortest automatic sync interval the settings accept (0 turns it off).
pub const MIN_SYNC_INTERVAL_SECONDS: u32 = 15;
/// The longest: one day.
pub const MAX_SYNC_INTERVAL_SECONDS: u32 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    pub language: Language,
    /// The user left the demo workspace (or connected a real account): do not start it again.
    pub demo_dismissed: bool,
    /// The grid flags a row "low" when its total available stock is at or below this; it is also the
    /// default minimum of the low-stock rule ("Sắp hết": below it, where no product minimum is set).
    pub low_stock_threshold: u32,
    /// Seconds between automatic (incremental) syncs, counted from the end of the last one; 0 = only at
    /// start and on demand. Each runs in the rate-budget share below, so a short interval costs the
    /// vendors only what changed (Pancake's and Nhanh's movement lists) — Onflow is re-read whole.
    pub sync_interval_seconds: u32,
    /// The update version the user answered "Để sau" to: the start-up check does not offer it again.
    pub update_skipped_version: Option<String>,
    /// Share (percent, 5–100) of each account's API rate budget the scheduled syncs may use; the rest
    /// stays free for orders and stock pushes. A sync the owner asks for uses the whole budget.
    pub sync_budget_percent: u32,
    /// No desktop notification when a product goes below its minimum ("Sắp hết" still lists it).
    pub low_stock_muted: bool,
}

/// The smallest and default background-sync shares of an account's rate budget, in percent.
pub const MIN_SYNC_BUDGET_PERCENT: u32 = 5;
pub const DEFAULT_SYNC_BUDGET_PERCENT: u32 = 30;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::Vi,
            demo_dismissed: false,
            low_stock_threshold: 5,
            sync_interval_seconds: DEFAULT_SYNC_INTERVAL_SECONDS,
            update_skipped_version: None,
            sync_budget_percent: DEFAULT_SYNC_BUDGET_PERCENT,
            low_stock_muted: false,
        }
    }
}
