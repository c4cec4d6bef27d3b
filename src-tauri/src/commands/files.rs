//! Files: upload to an Onflow account through the queue (progress as `file-job` events), the local
//! library of uploaded files.
//! The bodies live in `shopdesk_app::files`; each command here is one call.
use files::{JobUpdate, LibraryFile, LibraryFilter};
use shopdesk_app::files::*;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn files_config() -> FilesConfig {
    shopdesk_app::files::files_config()
}

/// Choose files with the native dialog (or the test seam, see `state::pick_paths`) and queue them for
/// the Onflow account. Answers the job ids (empty when the user cancelled).
#[tauri::command]
#[specta::specta]
pub async fn files_upload_pick(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<Vec<u32>, AppError> {
    shopdesk_app::files::files_upload_pick(&desk, account_id).await
}

/// Queue files dropped on the window (their paths; the webview never holds the bytes).
#[tauri::command]
#[specta::specta]
pub async fn files_upload_paths(
    desk: State<'_, Desk>,
    account_id: String,
    paths: Vec<String>,
) -> Result<Vec<u32>, AppError> {
    shopdesk_app::files::files_upload_paths(&desk, account_id, paths).await
}

/// Every job of this session (newest last), with its state, progress, file and error.
#[tauri::command]
#[specta::specta]
pub async fn files_jobs(desk: State<'_, Desk>) -> Result<Vec<JobUpdate>, AppError> {
    shopdesk_app::files::files_jobs(&desk).await
}

#[tauri::command]
#[specta::specta]
pub async fn files_cancel(desk: State<'_, Desk>, job_id: u32) -> Result<bool, AppError> {
    shopdesk_app::files::files_cancel(&desk, job_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn files_retry(desk: State<'_, Desk>, job_id: u32) -> Result<bool, AppError> {
    shopdesk_app::files::files_retry(&desk, job_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn files_clear_finished(desk: State<'_, Desk>) -> Result<(), AppError> {
    shopdesk_app::files::files_clear_finished(&desk).await
}

/// The library: uploaded files, newest first; search without diacritics, filter by account and type.
#[tauri::command]
#[specta::specta]
pub async fn files_list(
    desk: State<'_, Desk>,
    filter: LibraryFilter,
) -> Result<Vec<LibraryFile>, AppError> {
    shopdesk_app::files::files_list(&desk, filter).await
}

/// Remove a file from the library (the local record only; Onflow keeps the file).
#[tauri::command]
#[specta::specta]
pub async fn files_remove(desk: State<'_, Desk>, id: u32) -> Result<bool, AppError> {
    shopdesk_app::files::files_remove(&desk, id).await
}

/// Open the file's URL in the system's viewer (PDF, DOCX, XLSX; images preview in the app).
#[tauri::command]
#[specta::specta]
pub async fn files_open(desk: State<'_, Desk>, id: u32) -> Result<(), AppError> {
    shopdesk_app::files::files_open(&desk, id).await
}
