use serde::Serialize;

/// What the UI shows about this build.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// `release` or `dev`; keyring entries are namespaced by it.
    pub channel: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "ShopDesk".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        channel: if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        }
        .into(),
    }
}

/// The UI calls this once its first screen is rendered: logs the start-up time, and prints a marker the
/// start-up benchmark waits for when `SHOPDESK_BENCH` is set.
#[tauri::command]
#[specta::specta]
pub fn ui_ready() {
    let ms = crate::started().elapsed().as_millis() as u64;
    tracing::info!(startup_ms = ms, "UI ready");
    if crate::state::seam("SHOPDESK_BENCH").is_some() {
        println!("SHOPDESK_READY {ms}");
    }
}
