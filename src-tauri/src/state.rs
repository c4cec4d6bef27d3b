//! App state shared by the commands, and the store-file backed account metadata.

use std::sync::Arc;

use accounts::AccountService;
use std::collections::HashMap;
use std::sync::Mutex;

use files::{JobUpdate, Library, UploadQueue, Uploader};
use shopdesk_core::AppError;
use tauri_specta::Event;

use crate::recovery::{problem, DataFile, ProblemKind, StoreProblem};
use tauri::{AppHandle, Runtime};

pub struct AppState {
    pub accounts: Arc<AccountService>,
    pub stock: StockState,
    pub orders: OrdersState,
    pub files: FilesState,
    pub push: PushState,
}

pub fn shared(
    accounts: Arc<AccountService>,
    stock: StockState,
    orders: OrdersState,
    files: FilesState,
    push: PushState,
) -> AppState {
    AppState {
        accounts,
        stock,
        orders,
        files,
        push,
    }
}

/// The stock-push journals: real accounts in the app data dir, the demo workspace in memory. One
/// installation id for both (it names this desktop in every marker a push leaves at a vendor).
pub struct PushState {
    pub real: Arc<stock_push::Pusher>,
    pub demo: Arc<stock_push::Pusher>,
    cancels: Mutex<HashMap<(bool, i64), Arc<std::sync::atomic::AtomicBool>>>,
    /// The last plan previewed per account, by the id the preview answered: `push_apply` applies what
    /// was shown, never a plan the webview sends back.
    previews: Mutex<HashMap<(bool, String), (u32, stock_push::Plan)>>,
    next_preview: std::sync::atomic::AtomicU32,
    /// The automatic mode's last outcome per account (the Stock page shows a held or stood-down one).
    autos: Mutex<HashMap<(bool, String), crate::commands::push::PushAuto>>,
    /// Set while the sync that follows a push runs: that sync does not start an automatic push (a row that
    /// keeps failing would otherwise be pushed again and again).
    after_push_sync: std::sync::atomic::AtomicBool,
}

impl PushState {
    pub fn open(data_dir: &std::path::Path) -> Result<Self, StoreProblem> {
        let file = DataFile::PushJournal;
        let installation = installation_id(data_dir)
            .map_err(|_| problem(data_dir, file, ProblemKind::Unreadable))?;
        let real = stock_push::Journal::open(data_dir.join(file.file_name()))
            .map_err(|e| problem(data_dir, file, push_kind(&e)))?;
        let demo = stock_push::Journal::open_in_memory()
            .map_err(|_| problem(data_dir, file, ProblemKind::Unreadable))?;
        Ok(PushState {
            real: Arc::new(stock_push::Pusher::new(real, installation.clone())),
            demo: Arc::new(stock_push::Pusher::new(demo, installation)),
            cancels: Mutex::new(HashMap::new()),
            previews: Mutex::new(HashMap::new()),
            next_preview: std::sync::atomic::AtomicU32::new(1),
            autos: Mutex::new(HashMap::new()),
            after_push_sync: std::sync::atomic::AtomicBool::new(false),
        })
    }

    pub fn active(&self, demo: bool) -> Arc<stock_push::Pusher> {
        if demo {
            self.demo.clone()
        } else {
            self.real.clone()
        }
    }

    /// The cancel flag of a run being applied (created on first use).
    pub fn cancel_flag(
        &self,
        demo: bool,
        run: stock_push::RunId,
    ) -> Arc<std::sync::atomic::AtomicBool> {
        self.cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((demo, run.0))
            .or_default()
            .clone()
    }

    pub fn cancel(&self, demo: bool, run: stock_push::RunId) {
        self.cancel_flag(demo, run)
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Keep `plan` as its account's current preview (replacing an older one); answers its id.
    pub fn remember_preview(&self, demo: bool, plan: stock_push::Plan) -> u32 {
        let id = self
            .next_preview
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.previews
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert((demo, plan.account_id.clone()), (id, plan));
        id
    }

    /// The plan previewed under `id`, taken (applied once); `None` when a newer preview replaced it or it
    /// was already applied.
    pub fn take_preview(&self, demo: bool, id: u32) -> Option<stock_push::Plan> {
        let mut previews = self.previews.lock().unwrap_or_else(|p| p.into_inner());
        let key = previews
            .iter()
            .find(|((d, _), (pid, _))| *d == demo && *pid == id)
            .map(|(k, _)| k.clone())?;
        previews.remove(&key).map(|(_, plan)| plan)
    }

    /// Keep the automatic mode's latest outcome for its account.
    pub fn remember_auto(&self, demo: bool, auto: crate::commands::push::PushAuto) {
        self.autos
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert((demo, auto.account_id.clone()), auto);
    }

    /// The automatic mode's latest outcome of every account of the workspace, by account id.
    pub fn autos(&self, demo: bool) -> Vec<crate::commands::push::PushAuto> {
        let mut all: Vec<_> = self
            .autos
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|((d, _), _)| *d == demo)
            .map(|(_, a)| a.clone())
            .collect();
        all.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        all
    }

    /// Mark the next sync as the one that follows a push (it starts no automatic push).
    pub fn mark_after_push_sync(&self) {
        self.after_push_sync
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether the sync that just finished followed a push (and clear the mark).
    pub fn take_after_push_sync(&self) -> bool {
        self.after_push_sync
            .swap(false, std::sync::atomic::Ordering::SeqCst)
    }

    pub fn forget(&self, demo: bool, run: stock_push::RunId) {
        self.cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&(demo, run.0));
    }
}

/// This installation's id: random, made on first start, kept in `installation-id` beside the databases.
/// Not a secret: it only tells two desktops' pushes apart.
fn installation_id(data_dir: &std::path::Path) -> std::io::Result<String> {
    let path = data_dir.join("installation-id");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let id = text.trim();
        if !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(id.to_string());
        }
    }
    use rand::Rng;
    let id: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(12)
        .map(char::from)
        .collect::<String>()
        .to_lowercase();
    std::fs::write(&path, &id)?;
    Ok(id)
}

fn push_kind(e: &stock_push::PushError) -> ProblemKind {
    match e {
        stock_push::PushError::NewerSchema { .. } => ProblemKind::Newer,
        stock_push::PushError::Corrupt(_) => ProblemKind::Corrupt,
        stock_push::PushError::Locked { .. } => ProblemKind::Locked,
        _ => ProblemKind::Unreadable,
    }
}

/// The order outbox and the vendors' address lists, for real accounts (in the app data dir) and for the
/// demo workspace (in memory, like its simulators).
pub struct OrdersState {
    pub real: orders::Outbox,
    pub demo: orders::Outbox,
    pub geo_real: Arc<addresses::Resolver>,
    pub geo_demo: Arc<addresses::Resolver>,
    /// Orders pulled from the vendors (the Orders page reads only from here).
    pub list_real: Arc<order_list::OrderCache>,
    pub list_demo: Arc<order_list::OrderCache>,
}

impl OrdersState {
    pub fn open(data_dir: &std::path::Path) -> Result<Self, Vec<StoreProblem>> {
        let config = orders::OutboxConfig::default();
        let mut problems = Vec::new();
        let at = |file: DataFile| data_dir.join(file.file_name());
        let real = orders::Outbox::open(at(DataFile::Outbox), config.clone())
            .map_err(|e| problems.push(problem(data_dir, DataFile::Outbox, outbox_kind(&e))))
            .ok();
        let geo_real = addresses::GeoCache::open(at(DataFile::AddressCache))
            .map_err(|e| problems.push(problem(data_dir, DataFile::AddressCache, geo_kind(&e))))
            .ok();
        let list_real = order_list::OrderCache::open(at(DataFile::OrdersList))
            .map_err(|e| problems.push(problem(data_dir, DataFile::OrdersList, list_kind(&e))))
            .ok();
        let memory = |file| vec![problem(data_dir, file, ProblemKind::Unreadable)];
        let demo = orders::Outbox::open_in_memory(config).map_err(|_| memory(DataFile::Outbox))?;
        let geo_demo =
            addresses::GeoCache::open_in_memory().map_err(|_| memory(DataFile::AddressCache))?;
        let list_demo =
            order_list::OrderCache::open_in_memory().map_err(|_| memory(DataFile::OrdersList))?;
        match (real, geo_real, list_real) {
            (Some(real), Some(geo_real), Some(list_real)) => Ok(OrdersState {
                real,
                demo,
                geo_real: Arc::new(addresses::Resolver::new(geo_real)),
                geo_demo: Arc::new(addresses::Resolver::new(geo_demo)),
                list_real: Arc::new(list_real),
                list_demo: Arc::new(list_demo),
            }),
            _ => Err(problems),
        }
    }

    pub fn outbox(&self, demo: bool) -> &orders::Outbox {
        if demo {
            &self.demo
        } else {
            &self.real
        }
    }

    pub fn list(&self, demo: bool) -> Arc<order_list::OrderCache> {
        if demo {
            self.list_demo.clone()
        } else {
            self.list_real.clone()
        }
    }

    pub fn geo(&self, demo: bool) -> Arc<addresses::Resolver> {
        if demo {
            self.geo_demo.clone()
        } else {
            self.geo_real.clone()
        }
    }
}

/// The two caches: real accounts in the app data dir, the demo workspace in memory (never mixed, gone at
/// exit).
pub struct StockState {
    pub real: Arc<std::sync::Mutex<store::Store>>,
    pub demo: Arc<std::sync::Mutex<store::Store>>,
}

impl StockState {
    pub fn open(data_dir: &std::path::Path) -> Result<Self, StoreProblem> {
        let file = DataFile::StockCache;
        let real = store::Store::open(data_dir.join(file.file_name()))
            .map_err(|e| problem(data_dir, file, store_kind(&e)))?;
        let demo = store::Store::open_in_memory()
            .map_err(|_| problem(data_dir, file, ProblemKind::Unreadable))?;
        Ok(StockState {
            real: Arc::new(std::sync::Mutex::new(real)),
            demo: Arc::new(std::sync::Mutex::new(demo)),
        })
    }

    pub fn active(&self, demo: bool) -> Arc<std::sync::Mutex<store::Store>> {
        if demo {
            self.demo.clone()
        } else {
            self.real.clone()
        }
    }
}

// What each store's open error means for the recovery screen.
fn store_kind(e: &store::Error) -> ProblemKind {
    match e {
        store::Error::NewerSchema { .. } => ProblemKind::Newer,
        store::Error::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn outbox_kind(e: &orders::OutboxError) -> ProblemKind {
    match e {
        orders::OutboxError::NewerSchema { .. } => ProblemKind::Newer,
        orders::OutboxError::CorruptFile(_) => ProblemKind::Corrupt,
        orders::OutboxError::Locked { .. } => ProblemKind::Locked,
        _ => ProblemKind::Unreadable,
    }
}
fn list_kind(e: &order_list::CacheError) -> ProblemKind {
    match e {
        order_list::CacheError::NewerSchema { .. } => ProblemKind::Newer,
        order_list::CacheError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn geo_kind(e: &addresses::Error) -> ProblemKind {
    match e {
        addresses::Error::NewerSchema { .. } => ProblemKind::Newer,
        addresses::Error::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn files_kind(e: &files::LibraryError) -> ProblemKind {
    match e {
        files::LibraryError::NewerSchema { .. } => ProblemKind::Newer,
        files::LibraryError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}

pub fn store_error(e: store::Error) -> AppError {
    match e {
        store::Error::NotFound(m) => AppError::new(shopdesk_core::ErrorCode::NotFound, m),
        store::Error::Invalid(m) => AppError::new(shopdesk_core::ErrorCode::Validation, m),
        other => AppError::internal(other.to_string()),
    }
}

/// Lock one stock cache.
pub fn lock(
    db: &std::sync::Mutex<store::Store>,
) -> Result<std::sync::MutexGuard<'_, store::Store>, AppError> {
    db.lock()
        .map_err(|_| AppError::internal("the stock cache is unavailable"))
}

impl AppState {
    /// Run `f` on the cache of the workspace being shown (demo or real).
    pub async fn with_stock<T>(
        &self,
        f: impl FnOnce(&mut store::Store) -> Result<T, store::Error>,
    ) -> Result<T, AppError> {
        let demo = self.accounts.workspace().await?.demo;
        let db = self.stock.active(demo);
        let mut guard = lock(&db)?;
        f(&mut guard).map_err(store_error)
    }
}

/// A test seam's value. The seams exist only in builds with the `test-seams` feature (the end-to-end
/// suite and the benchmarks build it); a shipped build never reads these variables.
pub fn seam(name: &str) -> Option<std::ffi::OsString> {
    if cfg!(feature = "test-seams") {
        std::env::var_os(name)
    } else {
        None
    }
}

/// Where to save an exported file: the native save dialog, or — when `SHOPDESK_EXPORT_DIR` is set, the
/// documented seam for end-to-end tests, which cannot drive native dialogs — that folder. `None` when the
/// user cancelled.
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    extension: &str,
) -> Result<Option<std::path::PathBuf>, AppError> {
    if let Some(dir) = seam("SHOPDESK_EXPORT_DIR") {
        return Ok(Some(std::path::PathBuf::from(dir).join(name)));
    }
    use tauri_plugin_dialog::DialogExt;
    let dialog = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(extension.to_uppercase(), &[extension]);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| AppError::internal(format!("the save dialog failed: {e}")))?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// Files the user chose to open: the native open dialog, or — when `SHOPDESK_PICK_FILE` names a file,
/// the documented seam for end-to-end tests, which cannot drive native dialogs — the first line of that
/// file (paths separated by `|`), which is then removed. `None` when the user cancelled (or the seam
/// file has no line left).
pub async fn pick_paths<R: Runtime>(
    app: &AppHandle<R>,
    extensions: &[String],
    multiple: bool,
) -> Result<Option<Vec<std::path::PathBuf>>, AppError> {
    if let Some(seam) = seam("SHOPDESK_PICK_FILE") {
        let text = std::fs::read_to_string(&seam).unwrap_or_default();
        let mut lines = text.lines();
        let first = lines.next().map(str::to_string);
        let rest: Vec<&str> = lines.collect();
        std::fs::write(&seam, rest.join("\n"))
            .map_err(|e| AppError::internal(format!("test seam file: {e}")))?;
        return Ok(first
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('|').map(std::path::PathBuf::from).collect()));
    }
    use tauri_plugin_dialog::DialogExt;
    let exts: Vec<&str> = extensions.iter().map(String::as_str).collect();
    let dialog = app.dialog().file().add_filter("ShopDesk", &exts);
    let picked = tauri::async_runtime::spawn_blocking(move || {
        if multiple {
            dialog.blocking_pick_files()
        } else {
            dialog.blocking_pick_file().map(|p| vec![p])
        }
    })
    .await
    .map_err(|e| AppError::internal(format!("the open dialog failed: {e}")))?;
    Ok(picked.map(|v| v.into_iter().filter_map(|p| p.into_path().ok()).collect()))
}

/// The library and the queue of one workspace side (real accounts or the demo).
pub struct FilesSide {
    pub library: Arc<Library>,
    pub queue: UploadQueue,
    pub(crate) uploaders: Arc<Mutex<HashMap<String, Arc<dyn Uploader>>>>,
}

pub struct FilesState {
    pub real: FilesSide,
    pub demo: FilesSide,
}

impl FilesState {
    pub fn open<R: Runtime>(
        app: &AppHandle<R>,
        data_dir: &std::path::Path,
    ) -> Result<Self, StoreProblem> {
        let file = DataFile::FileLibrary;
        let real = Library::open(&data_dir.join(file.file_name()))
            .map_err(|e| problem(data_dir, file, files_kind(&e)))?;
        let demo =
            Library::open_in_memory().map_err(|e| problem(data_dir, file, files_kind(&e)))?;
        Ok(FilesState {
            real: side(app, real),
            demo: side(app, demo),
        })
    }

    pub fn side(&self, demo: bool) -> &FilesSide {
        if demo {
            &self.demo
        } else {
            &self.real
        }
    }
}

fn side<R: Runtime>(app: &AppHandle<R>, library: Library) -> FilesSide {
    let library = Arc::new(library);
    let uploaders: Arc<Mutex<HashMap<String, Arc<dyn Uploader>>>> = Arc::default();
    let lookup = {
        let uploaders = uploaders.clone();
        Arc::new(move |account: &str| -> Option<Arc<dyn Uploader>> {
            uploaders.lock().ok().and_then(|m| m.get(account).cloned())
        })
    };
    let app = app.clone();
    let on_update = move |u: JobUpdate| {
        if matches!(u.state, files::JobState::Done | files::JobState::Reused) {
            crate::events::changed(&app, crate::events::DataKind::Files);
        }
        let _ = crate::commands::files::FileJob {
            job_id: u.job_id,
            account_id: u.account_id,
            name: u.name,
            state: u.state,
            sent: u.sent,
            total: u.total,
        }
        .emit(&app);
    };
    let queue = UploadQueue::new(
        tauri::async_runtime::handle().inner().clone(),
        library.clone(),
        onflow::adapter::files::UPLOAD_LIMITS,
        lookup,
        on_update,
    );
    FilesSide {
        library,
        queue,
        uploaders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(account: &str) -> stock_push::Plan {
        stock_push::Plan {
            account_id: account.to_string(),
            vendor: shopdesk_core::Vendor::Pancake,
            created_at: chrono::Utc::now(),
            rows: Vec::new(),
            in_sync: 0,
        }
    }

    #[test]
    fn a_preview_is_applied_once_and_a_newer_one_replaces_it() {
        let dir = std::env::temp_dir().join(format!("shopdesk-previews-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let push = PushState::open(&dir).expect("push state");
        let first = push.remember_preview(false, plan("a"));
        let other = push.remember_preview(false, plan("b"));
        let newer = push.remember_preview(false, plan("a"));
        assert_ne!(first, newer);
        assert!(
            push.take_preview(false, first).is_none(),
            "replaced by the newer preview"
        );
        assert!(
            push.take_preview(true, newer).is_none(),
            "the demo side has its own previews"
        );
        assert_eq!(
            push.take_preview(false, newer).map(|p| p.account_id),
            Some("a".into())
        );
        assert!(push.take_preview(false, newer).is_none(), "applied once");
        assert_eq!(
            push.take_preview(false, other).map(|p| p.account_id),
            Some("b".into())
        );
        drop(push);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
