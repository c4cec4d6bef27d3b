//! The recovery screen's commands (see `crate::recovery`).

use shopdesk_core::AppError;
use tauri::{AppHandle, Manager};

use crate::recovery::Recovery;
use shopdesk_app::{DataFile, RecoveryView};

/// `None` when every database opened; else what went wrong, for the recovery screen.
#[tauri::command]
#[specta::specta]
pub fn recovery_status(app: AppHandle) -> Option<RecoveryView> {
    app.try_state::<Recovery>().and_then(|r| r.view())
}

/// Open the databases again.
#[tauri::command]
#[specta::specta]
pub fn recovery_retry(app: AppHandle) -> Result<Option<RecoveryView>, AppError> {
    crate::recovery::retry(&app)
}

/// Set the damaged caches aside (kept, renamed) and start them empty; the next sync fills them.
#[tauri::command]
#[specta::specta]
pub fn recovery_rebuild_caches(app: AppHandle) -> Result<Option<RecoveryView>, AppError> {
    crate::recovery::rebuild_caches(&app)
}

/// The user's confirmed choice for the outbox or the file library: back up, set aside, start empty.
#[tauri::command]
#[specta::specta]
pub fn recovery_set_aside(
    app: AppHandle,
    file: DataFile,
) -> Result<Option<RecoveryView>, AppError> {
    crate::recovery::set_aside(&app, file)
}

#[tauri::command]
#[specta::specta]
pub fn recovery_quit(app: AppHandle) {
    app.exit(0);
}
