//! The diagnostics zip: every log file (newest first, capped), then one JSON file per section the shell
//! passes in (versions, sync runs, outbox states …). Every entry is scrubbed of known secrets once more
//! on the way in, and the zip is written beside its destination and renamed, so a half-written file
//! never carries the final name.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use zip::write::SimpleFileOptions;

/// At most this much of one log file (its end: the newest lines).
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// At most this much log text in one bundle.
pub const MAX_TOTAL_BYTES: u64 = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("the diagnostics file could not be written: {0}")]
    Io(#[from] std::io::Error),
    #[error("the diagnostics file could not be written: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("a diagnostics section could not be encoded: {0}")]
    Json(#[from] serde_json::Error),
}

/// What went into a bundle.
#[derive(Debug, Clone, Serialize)]
pub struct BundleSummary {
    pub path: PathBuf,
    /// Entry names, in order.
    pub entries: Vec<String>,
    /// Log bytes left out by the caps.
    pub truncated_bytes: u64,
}

/// Write the bundle to `out`: the `.log` files of `log_dir` under `logs/`, then `<name>.json` per
/// section.
pub fn write_bundle(
    out: &Path,
    log_dir: &Path,
    sections: &[(&str, serde_json::Value)],
) -> Result<BundleSummary, BundleError> {
    let tmp = out.with_extension("zip.part");
    let result = write_to(&tmp, log_dir, sections);
    match result {
        Ok((entries, truncated_bytes)) => {
            std::fs::rename(&tmp, out)?;
            Ok(BundleSummary {
                path: out.to_path_buf(),
                entries,
                truncated_bytes,
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn write_to(
    tmp: &Path,
    log_dir: &Path,
    sections: &[(&str, serde_json::Value)],
) -> Result<(Vec<String>, u64), BundleError> {
    let file = std::fs::File::create(tmp)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut entries = Vec::new();
    let mut budget = MAX_TOTAL_BYTES;
    let mut truncated = 0u64;
    for (path, len) in log_files(log_dir) {
        let take = len.min(MAX_FILE_BYTES).min(budget);
        truncated += len - take;
        if take == 0 {
            continue;
        }
        budget -= take;
        let mut f = std::fs::File::open(&path)?;
        f.seek(SeekFrom::Start(len - take))?;
        let mut bytes = Vec::with_capacity(take as usize);
        f.take(take).read_to_end(&mut bytes)?;
        let text = vendor_http::redact_known(&String::from_utf8_lossy(&bytes));
        let name = format!(
            "logs/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("log")
        );
        zip.start_file(name.as_str(), options)?;
        zip.write_all(text.as_bytes())?;
        entries.push(name);
    }
    for (name, value) in sections {
        let text = vendor_http::redact_known(&serde_json::to_string_pretty(value)?);
        let name = format!("{name}.json");
        zip.start_file(name.as_str(), options)?;
        zip.write_all(text.as_bytes())?;
        entries.push(name);
    }
    zip.finish()?.sync_all()?;
    Ok((entries, truncated))
}

/// The `.log` files in `dir` with their sizes, newest first (a missing directory has none).
fn log_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, u64, std::time::SystemTime)> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let path = e.path();
            let is_log = path.extension().and_then(|x| x.to_str()) == Some("log");
            (meta.is_file() && is_log).then(|| {
                let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                (path, meta.len(), modified)
            })
        })
        .collect();
    files.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    files.into_iter().map(|(p, l, _)| (p, l)).collect()
}
