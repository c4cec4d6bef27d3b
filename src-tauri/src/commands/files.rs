//! Files: upload to an Onflow account through the queue (progress as `file-job` events), the local
//! library of uploaded files.

use std::path::PathBuf;

use files::{FileKind, JobId, JobUpdate, LibraryFile, LibraryFilter};
use serde::Serialize;
use shopdesk_core::{AppError, ErrorCode, Vendor};
use tauri::{AppHandle, State};

use crate::state::{AppState, FilesSide};

/// One upload job changed (queued, checking, uploading with progress, done, reused, failed …).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct FileJob {
    #[specta(type = specta_typescript::Number)]
    pub job_id: JobId,
    pub account_id: String,
    pub name: String,
    pub state: files::JobState,
    #[specta(type = specta_typescript::Number)]
    pub sent: u64,
    #[specta(type = specta_typescript::Number)]
    pub total: u64,
}

/// What the upload accepts (one constant for the size).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FilesConfig {
    #[specta(type = specta_typescript::Number)]
    pub max_bytes: u64,
    pub kinds: Vec<FileKind>,
    pub extensions: Vec<String>,
}

async fn side_of<'a>(state: &'a State<'_, AppState>) -> Result<&'a FilesSide, AppError> {
    let demo = state.accounts.workspace().await?.demo;
    Ok(state.files.side(demo))
}

/// Register the account's Onflow client with the queue (files go to Onflow only).
async fn ready_uploader(state: &State<'_, AppState>, account_id: &str) -> Result<(), AppError> {
    let (account, client) = state.accounts.client(account_id).await?;
    let Some(store) = client.file_store() else {
        return Err(AppError::new(
            ErrorCode::Validation,
            format!("{} is not an Onflow account", account.id),
        )
        .with_details(shopdesk_core::ErrorDetails {
            fields: [("account".to_string(), vec!["files.onflowOnly".to_string()])].into(),
            ..Default::default()
        }));
    };
    debug_assert_eq!(account.vendor, Vendor::Onflow);
    let side = side_of(state).await?;
    if let Ok(mut m) = side.uploaders.lock() {
        m.insert(account_id.to_string(), store);
    }
    Ok(())
}

/// Job ids as the UI gets them (a session never queues 4 billion files).
fn ids(jobs: Vec<JobId>) -> Vec<u32> {
    jobs.into_iter()
        .map(|j| u32::try_from(j).unwrap_or(u32::MAX))
        .collect()
}

#[tauri::command]
#[specta::specta]
pub fn files_config() -> FilesConfig {
    FilesConfig {
        max_bytes: onflow::adapter::files::UPLOAD_LIMITS.max_bytes,
        kinds: FileKind::ALL.to_vec(),
        extensions: FileKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .chain(["jpg".to_string()])
            .collect(),
    }
}

/// Choose files with the native dialog (or the test seam, see `state::pick_paths`) and queue them for
/// the Onflow account. Answers the job ids (empty when the user cancelled).
#[tauri::command]
#[specta::specta]
pub async fn files_upload_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
) -> Result<Vec<u32>, AppError> {
    ready_uploader(&state, &account_id).await?;
    let exts: Vec<String> = files_config().extensions;
    let Some(paths) = crate::state::pick_paths(&app, &exts, true).await? else {
        return Ok(Vec::new());
    };
    Ok(ids(side_of(&state)
        .await?
        .queue
        .enqueue(&account_id, paths)))
}

/// Queue files dropped on the window (their paths; the webview never holds the bytes).
#[tauri::command]
#[specta::specta]
pub async fn files_upload_paths(
    state: State<'_, AppState>,
    account_id: String,
    paths: Vec<String>,
) -> Result<Vec<u32>, AppError> {
    ready_uploader(&state, &account_id).await?;
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    Ok(ids(side_of(&state)
        .await?
        .queue
        .enqueue(&account_id, paths)))
}

/// Every job of this session (newest last), with its state, progress, file and error.
#[tauri::command]
#[specta::specta]
pub async fn files_jobs(state: State<'_, AppState>) -> Result<Vec<JobUpdate>, AppError> {
    Ok(side_of(&state).await?.queue.jobs())
}

#[tauri::command]
#[specta::specta]
pub async fn files_cancel(state: State<'_, AppState>, job_id: u32) -> Result<bool, AppError> {
    Ok(side_of(&state).await?.queue.cancel(JobId::from(job_id)))
}

#[tauri::command]
#[specta::specta]
pub async fn files_retry(state: State<'_, AppState>, job_id: u32) -> Result<bool, AppError> {
    Ok(side_of(&state).await?.queue.retry(JobId::from(job_id)))
}

#[tauri::command]
#[specta::specta]
pub async fn files_clear_finished(state: State<'_, AppState>) -> Result<(), AppError> {
    side_of(&state).await?.queue.clear_finished();
    Ok(())
}

/// The library: uploaded files, newest first; search without diacritics, filter by account and type.
#[tauri::command]
#[specta::specta]
pub async fn files_list(
    state: State<'_, AppState>,
    filter: LibraryFilter,
) -> Result<Vec<LibraryFile>, AppError> {
    Ok(side_of(&state).await?.library.list(&filter)?)
}

/// Remove a file from the library (the local record only; Onflow keeps the file).
#[tauri::command]
#[specta::specta]
pub async fn files_remove(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u32,
) -> Result<bool, AppError> {
    let removed = side_of(&state).await?.library.remove(i64::from(id))?;
    crate::events::changed(&app, crate::events::DataKind::Files);
    Ok(removed)
}

/// Open the file's URL in the system's viewer (PDF, DOCX, XLSX; images preview in the app).
#[tauri::command]
#[specta::specta]
pub async fn files_open(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u32,
) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    let file = side_of(&state)
        .await?
        .library
        .get(i64::from(id))?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "file not in the library"))?;
    let url = shopdesk_core::links::openable(&file.url)?;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| AppError::internal(format!("could not open the file: {e}")))
}
