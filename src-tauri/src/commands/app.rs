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
pub fn app_info(app: tauri::AppHandle) -> AppInfo {
    AppInfo {
        name: "ShopDesk".into(),
        // the configured version (what the updater compares), not the crate's
        version: app.package_info().version.to_string(),
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
    if crate::settings::seam("SHOPDESK_BENCH").is_some() {
        println!("SHOPDESK_READY {ms}");
    }
}

/// The stock grid painted its first rows: logs the time since launch, and prints the start-up benchmark's
/// second marker (`first_rows_ms`) when `SHOPDESK_BENCH` is set.
#[tauri::command]
#[specta::specta]
pub fn ui_first_rows() {
    let ms = crate::started().elapsed().as_millis() as u64;
    tracing::info!(first_rows_ms = ms, "first stock rows on screen");
    if crate::settings::seam("SHOPDESK_BENCH").is_some() {
        println!("SHOPDESK_FIRST_ROWS {ms}");
    }
}

/// Where the diagnostics zip went.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticsExport {
    pub path: String,
    /// Entry names in the zip.
    pub entries: Vec<String>,
}

/// "Xuất gói chẩn đoán": a zip with the app's logs (and any panic report), versions, accounts (vendor
/// and name only), recent sync runs and the order outbox's states, never a secret or a customer's
/// details. Asks where to save it (the `SHOPDESK_EXPORT_DIR` seam in tests). `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics_export(
    app: tauri::AppHandle,
) -> Result<Option<DiagnosticsExport>, shopdesk_core::AppError> {
    use shopdesk_core::AppError;
    use tauri::Manager;
    let log_dir = app
        .path()
        .app_log_dir()
        .map_err(|e| AppError::internal(format!("no log directory: {e}")))?;
    let mut sections = vec![("versions", versions(&app))];
    if let Some(state) = app.try_state::<shopdesk_app::Desk>() {
        sections.extend(shopdesk_app::diagnostics::sections(&state).await);
    } else {
        sections.push((
            "state",
            serde_json::json!({ "open": false, "note": "the recovery screen was showing" }),
        ));
    }
    let name = format!(
        "shopdesk-chan-doan-{}.zip",
        chrono::Local::now().format("%Y%m%d-%H%M%S")
    );
    let host = crate::settings::TauriHost::new(&app);
    let Some(out) = shopdesk_app::Host::save_path(&host, &name, "zip").await? else {
        return Ok(None);
    };
    let summary = tauri::async_runtime::spawn_blocking(move || {
        diagnostics::write_bundle(&out, &log_dir, &sections)
    })
    .await
    .map_err(|e| AppError::internal(format!("the diagnostics task failed: {e}")))?
    .map_err(|e| AppError::internal(e.to_string()))?;
    tracing::info!(path = %summary.path.display(), entries = summary.entries.len(), "diagnostics exported");
    Ok(Some(DiagnosticsExport {
        path: summary.path.display().to_string(),
        entries: summary.entries,
    }))
}

fn versions(app: &tauri::AppHandle) -> serde_json::Value {
    let os_release = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        });
    serde_json::json!({
        "app": app.package_info().version.to_string(),
        "channel": if cfg!(debug_assertions) { "dev" } else { "release" },
        "tauri": tauri::VERSION,
        "webview": tauri::webview_version().ok(),
        "os": std::env::consts::OS,
        "arch": std::env::consts::ARCH,
        "osRelease": os_release,
        "exportedAt": chrono::Utc::now().to_rfc3339(),
    })
}
