//! Start-up that always opens a window. The local databases are opened here; when one cannot be
//! (damaged, written by a newer ShopDesk, held by another process), the app starts in recovery mode:
//! the UI shows what happened, where the file is, and the way out. Caches can be rebuilt (the broken
//! file is renamed, never deleted); the order outbox and the file library are changed only by the
//! user's explicit choice, and backed up first.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use shopdesk_core::{AppError, ErrorCode};
use tauri::{AppHandle, Manager};

use crate::state::{AppState, OrdersState, StockState};

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

/// Recovery mode: `Some` while the app runs without its state.
pub struct Recovery {
    view: Mutex<Option<RecoveryView>>,
    accounts: Arc<accounts::AccountService>,
    data_dir: PathBuf,
}

impl Recovery {
    pub fn view(&self) -> Option<RecoveryView> {
        self.view.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// A problem with `file`, from the error its crate reported.
pub fn problem(data_dir: &Path, file: DataFile, kind: ProblemKind) -> StoreProblem {
    StoreProblem {
        file,
        path: data_dir.join(file.file_name()).display().to_string(),
        kind,
    }
}

/// Open every database; every failure is collected, so the screen lists them all at once.
fn open_all(
    app: &AppHandle,
    data_dir: &Path,
    accounts: Arc<accounts::AccountService>,
) -> Result<AppState, Vec<StoreProblem>> {
    std::fs::create_dir_all(data_dir).map_err(|_| {
        vec![problem(
            data_dir,
            DataFile::StockCache,
            ProblemKind::Unreadable,
        )]
    })?;
    let mut problems = Vec::new();
    let stock = StockState::open(data_dir)
        .map_err(|p| problems.push(p))
        .ok();
    let orders = OrdersState::open(data_dir)
        .map_err(|p| problems.extend(p))
        .ok();
    let files = crate::state::FilesState::open(app, data_dir)
        .map_err(|p| problems.push(p))
        .ok();
    let push = crate::state::PushState::open(data_dir)
        .map_err(|p| problems.push(p))
        .ok();
    match (stock, orders, files, push) {
        (Some(stock), Some(orders), Some(files), Some(push)) if problems.is_empty() => {
            Ok(crate::state::shared(accounts, stock, orders, files, push))
        }
        _ => Err(problems),
    }
}

/// At start-up: the app's state, or recovery mode. Either way the window opens.
pub fn start(app: &AppHandle, data_dir: PathBuf, accounts: Arc<accounts::AccountService>) {
    let outcome = open_all(app, &data_dir, accounts.clone());
    let view = match outcome {
        Ok(state) => {
            app.manage(state);
            None
        }
        Err(problems) => {
            tracing::error!(
                ?problems,
                "a local database could not be opened: recovery mode"
            );
            Some(RecoveryView {
                data_dir: data_dir.display().to_string(),
                problems,
            })
        }
    };
    let running = view.is_none();
    app.manage(Recovery {
        view: Mutex::new(view),
        accounts,
        data_dir,
    });
    if running {
        crate::start_background(app.clone());
    }
}

/// Try to open everything again (after the user closed another ShopDesk, or after a fix).
pub fn retry(app: &AppHandle) -> Result<Option<RecoveryView>, AppError> {
    let recovery = app.state::<Recovery>();
    if recovery.view().is_none() {
        return Ok(None);
    }
    match open_all(app, &recovery.data_dir, recovery.accounts.clone()) {
        Ok(state) => {
            app.manage(state);
            *recovery.view.lock().unwrap_or_else(|p| p.into_inner()) = None;
            crate::start_background(app.clone());
            Ok(None)
        }
        Err(problems) => {
            let view = RecoveryView {
                data_dir: recovery.data_dir.display().to_string(),
                problems,
            };
            *recovery.view.lock().unwrap_or_else(|p| p.into_inner()) = Some(view.clone());
            Ok(Some(view))
        }
    }
}

/// Rename `file` (and its `-wal` / `-shm`) to `<name>.broken-<time>` beside it: nothing is deleted.
fn move_aside(data_dir: &Path, file: DataFile) -> Result<PathBuf, AppError> {
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
    Ok(aside)
}

/// Rebuild every cache that could not be opened (the damaged files are kept beside the new ones).
pub fn rebuild_caches(app: &AppHandle) -> Result<Option<RecoveryView>, AppError> {
    let recovery = app.state::<Recovery>();
    let Some(view) = recovery.view() else {
        return Ok(None);
    };
    for p in view.problems.iter().filter(|p| p.file.is_cache()) {
        if p.kind != ProblemKind::Locked {
            move_aside(&recovery.data_dir, p.file)?;
        }
    }
    retry(app)
}

/// The user's explicit choice for a journal (the outbox, the file library): back it up, move it aside
/// and start an empty one.
pub fn set_aside(app: &AppHandle, file: DataFile) -> Result<Option<RecoveryView>, AppError> {
    let recovery = app.state::<Recovery>();
    let Some(view) = recovery.view() else {
        return Ok(None);
    };
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
    let path = recovery.data_dir.join(file.file_name());
    if file == DataFile::Outbox {
        let backup = orders::backup(&path)
            .map_err(|e| AppError::internal(format!("could not back up the outbox: {e}")))?;
        tracing::warn!(backup = %backup.display(), "outbox backed up before it was set aside");
    }
    move_aside(&recovery.data_dir, file)?;
    retry(app)
}
