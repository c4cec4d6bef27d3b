//! Files: upload to an Onflow account through the queue (progress as `file-job` events), the local
//! library of uploaded files.

use std::path::PathBuf;

use files::{FileKind, JobId, JobUpdate, LibraryFile, LibraryFilter};
use serde::Serialize;
use shopdesk_core::{AppError, ErrorCode, Vendor};

use crate::{Desk, FilesSide};

/// What the upload accepts (one constant for the size).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FilesConfig {
    #[specta(type = specta_typescript::Number)]
    pub max_bytes: u64,
    pub kinds: Vec<FileKind>,
    pub extensions: Vec<String>,
}

async fn side_of(desk: &Desk) -> Result<&FilesSide, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    Ok(&desk.side_for(demo).files)
}

/// Register the account's Onflow client with the queue (files go to Onflow only).
async fn ready_uploader(desk: &Desk, account_id: &str) -> Result<(), AppError> {
    let (account, client) = desk.accounts.client(account_id).await?;
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
    let side = side_of(desk).await?;
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

pub fn files_config() -> FilesConfig {
    FilesConfig {
        max_bytes: accounts::FILE_UPLOAD_LIMITS.max_bytes,
        kinds: FileKind::ALL.to_vec(),
        extensions: FileKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .chain(["jpg".to_string()])
            .collect(),
    }
}

/// Choose files with the native dialog (or the test seam, see the shell's `Host::pick_paths`) and queue them for
/// the Onflow account. Answers the job ids (empty when the user cancelled).
pub async fn files_upload_pick(desk: &Desk, account_id: String) -> Result<Vec<u32>, AppError> {
    ready_uploader(desk, &account_id).await?;
    let exts: Vec<String> = files_config().extensions;
    let Some(paths) = desk.host().pick_paths(&exts, true).await? else {
        return Ok(Vec::new());
    };
    Ok(ids(side_of(desk).await?.queue.enqueue(&account_id, paths)))
}

/// Queue files dropped on the window (their paths; the webview never holds the bytes).
pub async fn files_upload_paths(
    desk: &Desk,
    account_id: String,
    paths: Vec<String>,
) -> Result<Vec<u32>, AppError> {
    ready_uploader(desk, &account_id).await?;
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    Ok(ids(side_of(desk).await?.queue.enqueue(&account_id, paths)))
}

/// Every job of this session (newest last), with its desk, progress, file and error.
pub async fn files_jobs(desk: &Desk) -> Result<Vec<JobUpdate>, AppError> {
    Ok(side_of(desk).await?.queue.jobs())
}

pub async fn files_cancel(desk: &Desk, job_id: u32) -> Result<bool, AppError> {
    Ok(side_of(desk).await?.queue.cancel(JobId::from(job_id)))
}

pub async fn files_retry(desk: &Desk, job_id: u32) -> Result<bool, AppError> {
    Ok(side_of(desk).await?.queue.retry(JobId::from(job_id)))
}

pub async fn files_clear_finished(desk: &Desk) -> Result<(), AppError> {
    side_of(desk).await?.queue.clear_finished();
    Ok(())
}

/// The library: uploaded files, newest first; search without diacritics, filter by account and type.
pub async fn files_list(desk: &Desk, filter: LibraryFilter) -> Result<Vec<LibraryFile>, AppError> {
    Ok(side_of(desk).await?.library.list(&filter)?)
}

/// Remove a file from the library (the local record only; Onflow keeps the file).
pub async fn files_remove(desk: &Desk, id: u32) -> Result<bool, AppError> {
    let removed = side_of(desk).await?.library.remove(i64::from(id))?;
    desk.changed(crate::DataKind::Files);
    Ok(removed)
}

/// Open the file's URL in the system's viewer (PDF, DOCX, XLSX; images preview in the app).
pub async fn files_open(desk: &Desk, id: u32) -> Result<(), AppError> {
    let file = side_of(desk)
        .await?
        .library
        .get(i64::from(id))?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "file not in the library"))?;
    let url = shopdesk_core::links::openable(&file.url)?;
    desk.host().open_url(url.as_str())
}
