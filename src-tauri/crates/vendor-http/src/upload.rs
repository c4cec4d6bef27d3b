//! Streamed multipart file parts with a progress callback (the webview never holds the bytes).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures::StreamExt;

use crate::{Error, Result};

/// Called with (bytes sent so far, total bytes). Reaches (total, total) when the whole file went out.
pub type ProgressFn = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// A multipart part that streams `path` from disk, reporting progress as chunks are handed to the socket.
/// Opening happens here (synchronously, cheap) so a missing file fails before any request is made.
pub fn file_part(
    path: &Path,
    file_name: &str,
    mime: &str,
    progress: Option<ProgressFn>,
) -> Result<reqwest::multipart::Part> {
    let std_file = std::fs::File::open(path).map_err(|e| Error::Internal {
        message: format!("could not open the file to upload: {e}"),
    })?;
    let total = std_file
        .metadata()
        .map_err(|e| Error::Internal {
            message: format!("could not read the file size: {e}"),
        })?
        .len();
    let file = tokio::fs::File::from_std(std_file);
    let sent = Arc::new(AtomicU64::new(0));
    let stream = tokio_util::io::ReaderStream::with_capacity(file, 64 * 1024).map(move |chunk| {
        if let Ok(bytes) = &chunk {
            let now = sent.fetch_add(bytes.len() as u64, Ordering::Relaxed) + bytes.len() as u64;
            if let Some(p) = &progress {
                p(now, total);
            }
        }
        chunk
    });
    let body = reqwest::Body::wrap_stream(stream);
    reqwest::multipart::Part::stream_with_length(body, total)
        .file_name(file_name.to_string())
        .mime_str(mime)
        .map_err(|e| Error::Internal {
            message: format!("invalid content type {mime}: {}", e.without_url()),
        })
}

/// A factory for [`crate::RequestSpec::multipart`] that streams one file under `field`.
pub fn single_file_form(
    field: &'static str,
    path: PathBuf,
    file_name: String,
    mime: String,
    progress: Option<ProgressFn>,
) -> crate::MultipartFactory {
    Arc::new(move || {
        let part = file_part(&path, &file_name, &mime, progress.clone())?;
        Ok(reqwest::multipart::Form::new().part(field, part))
    })
}
