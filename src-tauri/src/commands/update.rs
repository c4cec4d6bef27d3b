//! Updates (tauri-plugin-updater): check the configured endpoint, download with progress, verify the
//! signature against the public key in the config, install and restart. "Để sau" remembers the version.

use serde::Serialize;
use shopdesk_core::{AppError, ErrorCode};
use tauri::AppHandle;
use tauri_plugin_updater::UpdaterExt;
use tauri_specta::Event;

use crate::settings::TauriHost;

/// What the running version is and what the update endpoint offers.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatus {
    pub current: String,
    pub available: Option<AvailableUpdate>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    pub version: String,
    /// The release notes, as published (Vietnamese first).
    pub notes: Option<String>,
    /// RFC 3339 publication date.
    pub date: Option<String>,
    /// The user chose "Để sau" for this version: the start-up check stays quiet about it.
    pub skipped: bool,
}

/// Download progress of the update being installed.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProgress {
    pub version: String,
    #[specta(type = specta_typescript::Number)]
    pub downloaded: u64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub total: Option<u64>,
    /// The download is complete and verified; the installer is running.
    pub installing: bool,
}

/// Why an update did not install. The running version keeps running in every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum UpdateFailure {
    /// The update server could not be reached or the download broke off.
    Network,
    /// The download's signature does not match the public key: it was tampered with or damaged.
    Signature,
    /// The endpoint no longer offers this version (or offers another one): check again.
    Changed,
    /// The installer refused (permissions, disk, package manager).
    Install,
}

fn failure(e: &tauri_plugin_updater::Error) -> UpdateFailure {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion
        | E::InvalidUpdaterFormat => UpdateFailure::Signature,
        E::Reqwest(_) | E::Network(_) | E::Http(_) => UpdateFailure::Network,
        _ => UpdateFailure::Install,
    }
}

fn check_error(e: tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    let code = match &e {
        E::Reqwest(r) if r.is_timeout() => ErrorCode::Timeout,
        E::Reqwest(_) | E::Network(_) | E::Http(_) => ErrorCode::Network,
        _ => ErrorCode::VendorRejected,
    };
    AppError::new(code, format!("the update check failed: {e}"))
}

async fn find(app: &AppHandle) -> Result<Option<tauri_plugin_updater::Update>, AppError> {
    let updater = app
        .updater_builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .map_err(check_error)?;
    updater.check().await.map_err(check_error)
}

/// Ask the update endpoint whether a newer version exists.
#[tauri::command]
#[specta::specta]
pub async fn update_check(app: AppHandle) -> Result<UpdateStatus, AppError> {
    let current = app.package_info().version.to_string();
    let found = find(&app).await?;
    let skipped = shopdesk_app::settings::load(&TauriHost::new(&app)).update_skipped_version;
    if let Some(u) = &found {
        tracing::info!(current, available = %u.version, "an update is available");
    }
    Ok(UpdateStatus {
        current,
        available: found.map(|u| AvailableUpdate {
            skipped: skipped.as_deref() == Some(u.version.as_str()),
            version: u.version,
            notes: u.body,
            date: u.date.map(|d| d.to_string()),
        }),
    })
}

/// "Để sau": do not offer this version again at start-up (a manual check still shows it).
#[tauri::command]
#[specta::specta]
pub fn update_skip(app: AppHandle, version: String) -> Result<shopdesk_core::Settings, AppError> {
    shopdesk_app::settings::set_update_skipped(&TauriHost::new(&app), &version)
}

/// Download `version`, verify its signature, install it and restart into it. Returns only when the
/// update did not install, saying why; the running version keeps running.
#[tauri::command]
#[specta::specta]
pub async fn update_install(app: AppHandle, version: String) -> Result<UpdateFailure, AppError> {
    let update = match find(&app).await {
        Ok(Some(u)) if u.version == version => u,
        Ok(_) => return Ok(UpdateFailure::Changed),
        Err(e) => {
            tracing::warn!(error = %e.message, "update check before install failed");
            return Ok(UpdateFailure::Network);
        }
    };
    let mut downloaded = 0u64;
    let progress = |downloaded: u64, total: Option<u64>, installing: bool| {
        let _ = UpdateProgress {
            version: version.clone(),
            downloaded,
            total,
            installing,
        }
        .emit(&app);
    };
    // `download` verifies the signature against the configured public key before it returns the bytes
    let bytes = match update
        .download(
            |chunk, total| {
                downloaded += chunk as u64;
                progress(downloaded, total, false);
            },
            || {},
        )
        .await
    {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(version, error = %e, "the update download was refused");
            return Ok(failure(&e));
        }
    };
    progress(bytes.len() as u64, Some(bytes.len() as u64), true);
    // the installer blocks (on Linux `dpkg -i` through pkexec or sudo): off the async workers
    let installed = tauri::async_runtime::spawn_blocking(move || update.install(bytes))
        .await
        .map_err(|e| AppError::internal(format!("the installer task failed: {e}")))?;
    if let Err(e) = installed {
        tracing::error!(version, error = %e, "the update did not install");
        return Ok(failure(&e));
    }
    tracing::info!(version, "update installed; restarting into it");
    app.restart()
}
