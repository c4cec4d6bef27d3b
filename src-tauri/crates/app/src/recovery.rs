//! Start-up that always opens a window. When a local database cannot be opened (damaged, written by a
//! newer ShopDesk, held by another process), the app starts in recovery mode: the UI shows what happened,
//! where the file is, and the way out. Caches can be rebuilt (the broken file is renamed, never
//! deleted); the order outbox and the file library are changed only by the user's explicit choice, and
//! backed up first. The shell keeps the recovery state; the file work is here.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use shopdesk_core::{AppError, ErrorCode};

/// One of ShopDesk's local databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DataFile {
    StockCache,
    Outbox,
    OrdersList,
    AddressCache,
    FileLibrary,
    PushJournal,
    /// Goods in: the PO journal and the warehouse's POs.
    Inbound,
    /// Returns: the return-request journal and the vendors' returns.
    Returns,
    /// Products sent from ShopDesk: their journal and the listings they created.
    Products,
}

impl DataFile {
    pub fn file_name(self) -> &'static str {
        match self {
            DataFile::StockCache => "shopdesk.sqlite",
            DataFile::Outbox => "orders.sqlite",
            DataFile::OrdersList => "orders-list.sqlite",
            DataFile::AddressCache => "geo-cache.sqlite",
            DataFile::FileLibrary => "files.sqlite",
            DataFile::PushJournal => "push.sqlite",
            DataFile::Inbound => "inbound.sqlite",
            DataFile::Returns => "returns.sqlite",
            DataFile::Products => "products.sqlite",
        }
    }

    /// Only a copy of what the vendors hold: rebuilt by the next sync.
    pub fn is_cache(self) -> bool {
        matches!(
            self,
            DataFile::StockCache | DataFile::OrdersList | DataFile::AddressCache
        )
    }
}

/// Why a database could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ProblemKind {
    /// Not a database, or damaged.
    Corrupt,
    /// Its schema is newer than this version knows.
    Newer,
    /// Another ShopDesk process holds it.
    Locked,
    /// Any other failure to read it (permissions, disk).
    Unreadable,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreProblem {
    pub file: DataFile,
    pub path: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryView {
    pub data_dir: String,
    pub problems: Vec<StoreProblem>,
}

/// A problem with `file`, from the error its crate reported.
pub fn problem(data_dir: &Path, file: DataFile, kind: ProblemKind) -> StoreProblem {
    StoreProblem {
        file,
        path: data_dir.join(file.file_name()).display().to_string(),
        kind,
    }
}

/// Rename `file` (and its `-wal` / `-shm`) to `<name>.broken-<time>` beside it: nothing is deleted.
fn move_aside(data_dir: &Path, file: DataFile) -> Result<(), AppError> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let path = data_dir.join(file.file_name());
    let aside = data_dir.join(format!("{}.broken-{stamp}", file.file_name()));
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", path.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}{suffix}", aside.display()));
            std::fs::rename(&from, &to).map_err(|e| {
                AppError::internal(format!("could not move {} aside: {e}", from.display()))
            })?;
        }
    }
    tracing::warn!(from = %path.display(), to = %aside.display(), "database moved aside");
    Ok(())
}

/// Set aside every cache the view lists as broken (the damaged files are kept beside the new ones);
/// the caller opens the stores again.
pub fn rebuild_caches(data_dir: &Path, view: &RecoveryView) -> Result<(), AppError> {
    for p in view.problems.iter().filter(|p| p.file.is_cache()) {
        if p.kind != ProblemKind::Locked {
            move_aside(data_dir, p.file)?;
        }
    }
    Ok(())
}

/// The user's explicit choice for a journal (the outbox, the file library): back it up, move it aside;
/// the caller opens the stores again (an empty one starts).
pub fn set_aside(data_dir: &Path, view: &RecoveryView, file: DataFile) -> Result<(), AppError> {
    let Some(p) = view.problems.iter().find(|p| p.file == file) else {
        return Err(AppError::new(
            ErrorCode::NotFound,
            "that file has no problem",
        ));
    };
    if p.kind == ProblemKind::Locked {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "another ShopDesk is using this file; close it first",
        ));
    }
    let path = data_dir.join(file.file_name());
    if file == DataFile::Outbox {
        let backup = order_outbox::backup(&path)
            .map_err(|e| AppError::internal(format!("could not back up the outbox: {e}")))?;
        tracing::warn!(backup = %backup.display(), "outbox backed up before it was set aside");
    }
    move_aside(data_dir, file)
}
