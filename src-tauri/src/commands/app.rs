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
    if crate::state::seam("SHOPDESK_BENCH").is_some() {
        println!("SHOPDESK_READY {ms}");
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
    if let Some(state) = app.try_state::<crate::state::AppState>() {
        sections.extend(state_sections(&state).await);
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
    let Some(out) = crate::state::save_path(&app, &name, "zip").await? else {
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

async fn state_sections(state: &crate::state::AppState) -> Vec<(&'static str, serde_json::Value)> {
    let mut out = Vec::new();
    let workspace = state.accounts.workspace().await;
    let demo = workspace.as_ref().map(|w| w.demo).unwrap_or(false);
    out.push((
        "accounts",
        match &workspace {
            Ok(w) => serde_json::json!({
                "demo": w.demo,
                "unreadable": w.unreadable_accounts,
                "accounts": w.accounts.iter().map(|a| serde_json::json!({
                    "id": a.id, "vendor": a.vendor, "label": a.label,
                    "expiryWarning": a.expiry_warning, "expired": a.expired,
                })).collect::<Vec<_>>(),
            }),
            Err(e) => serde_json::json!({ "error": e.message }),
        },
    ));
    let runs = state.with_stock(|s| s.sync_runs(None, 100)).await;
    out.push((
        "sync-runs",
        match runs {
            Ok(r) => serde_json::to_value(r).unwrap_or_default(),
            Err(e) => serde_json::json!({ "error": e.message }),
        },
    ));
    // the outbox's states, without the drafts (customers' names, phones and addresses stay home)
    let outbox = state.orders.outbox(demo).list();
    out.push((
        "outbox",
        match outbox {
            Ok(l) => serde_json::json!({
                "unreadableRows": l.unreadable.len(),
                "entries": l.entries.iter().map(|e| serde_json::json!({
                    "id": e.id, "reference": e.client_ref, "accountId": e.account_id,
                    "vendor": e.vendor, "state": e.state, "attempts": e.attempts,
                    "vendorOrderId": e.vendor_order_id, "error": e.error, "lastError": e.last_error,
                    "createdAt": e.created_at, "updatedAt": e.updated_at,
                })).collect::<Vec<_>>(),
            }),
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        },
    ));
    out
}
