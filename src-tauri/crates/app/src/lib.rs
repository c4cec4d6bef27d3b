//! ShopDesk without its window: the app's state (one [`Side`] of stores for real accounts, one for the
//! demo workspace), every command's body, and the work that runs beside the window (syncs on their
//! schedule, the outbox's resume, the push recovery). It is written against [`Host`] — emit an event,
//! keep a preference, ask for a path, open a URL — so all of it runs in tests without Tauri. The shell
//! (`src-tauri/src`) implements `Host` and turns each command into one call here.

pub mod accounts;
pub mod addresses;
pub mod customers;
pub mod diagnostics;
pub mod events;
pub mod files;
pub mod home;
mod host;
mod i18n;
pub mod import;
pub mod inbound;
pub mod low_stock;
pub mod orders;
pub mod po_import;
pub mod product_create;
pub mod product_import;
pub mod products;
pub mod push;
pub mod recovery;
pub mod returns;
pub mod settings;
mod side;
pub mod stock;
pub mod sync;

use std::ops::Deref;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use shopdesk_core::AppError;

pub use events::{DataKind, Event};
pub use host::{Host, MemoryHost, Notice};
pub use recovery::{DataFile, ProblemKind, RecoveryView, StoreProblem};
pub use side::{FilesSide, Side};

/// The app: cheap to clone (one shared state), handed to every command and background task.
#[derive(Clone)]
pub struct Desk(Arc<Inner>);

pub struct Inner {
    pub accounts: Arc<::accounts::AccountService>,
    real: Side,
    demo: Side,
    host: Arc<dyn Host>,
    rt: tokio::runtime::Handle,
    /// Set while the sync that follows a push runs: that sync does not start an automatic push (a row
    /// that keeps failing would otherwise be pushed again and again).
    after_push_sync: AtomicBool,
}

impl Deref for Desk {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Desk {
    /// Open every local store (the real side's in `data_dir`, the demo side's in memory); background
    /// work runs on `rt`. Every failure is collected, for the recovery screen.
    pub fn open(
        data_dir: &Path,
        accounts: Arc<::accounts::AccountService>,
        host: Arc<dyn Host>,
        rt: tokio::runtime::Handle,
    ) -> Result<Desk, Vec<StoreProblem>> {
        Desk::open_at(data_dir, None, accounts, host, rt)
    }

    /// As [`Desk::open`], with the demo side's stores in files under `demo_dir` instead of memory: the
    /// start-up benchmark's seam, so that a demo launched again finds its stock cache filled, as an owner
    /// with real accounts does.
    pub fn open_at(
        data_dir: &Path,
        demo_dir: Option<&Path>,
        accounts: Arc<::accounts::AccountService>,
        host: Arc<dyn Host>,
        rt: tokio::runtime::Handle,
    ) -> Result<Desk, Vec<StoreProblem>> {
        let unreadable = |file| vec![recovery::problem(data_dir, file, ProblemKind::Unreadable)];
        std::fs::create_dir_all(data_dir).map_err(|_| unreadable(DataFile::StockCache))?;
        let installation =
            side::installation_id(data_dir).map_err(|_| unreadable(DataFile::PushJournal))?;
        let real = Side::open(
            side::Place::Files,
            data_dir,
            installation.clone(),
            host.clone(),
            &rt,
        )?;
        let demo = Side::open(
            if demo_dir.is_some() {
                side::Place::Files
            } else {
                side::Place::Memory
            },
            demo_dir.unwrap_or(data_dir),
            installation,
            host.clone(),
            &rt,
        )?;
        Ok(Desk(Arc::new(Inner {
            accounts,
            real,
            demo,
            host,
            rt,
            after_push_sync: AtomicBool::new(false),
        })))
    }

    /// The side of the demo workspace (`true`) or of the real accounts.
    pub fn side_for(&self, demo: bool) -> &Side {
        if demo {
            &self.demo
        } else {
            &self.real
        }
    }

    /// Whether the workspace shown is the demo.
    pub async fn demo(&self) -> Result<bool, AppError> {
        Ok(self.accounts.workspace().await?.demo)
    }

    /// The side of the workspace shown.
    pub async fn side(&self) -> Result<&Side, AppError> {
        Ok(self.side_for(self.demo().await?))
    }

    /// The real accounts' side (an account removal cleans only there).
    pub fn real(&self) -> &Side {
        &self.real
    }

    pub fn host(&self) -> &dyn Host {
        self.host.as_ref()
    }

    pub fn emit(&self, event: Event) {
        self.host.emit(event);
    }

    /// Tell the UI that data of `kind` changed.
    pub fn changed(&self, kind: DataKind) {
        self.emit(Event::DataChanged(events::DataChanged { kind }));
    }

    /// Run `work` in the background.
    pub fn spawn<F>(&self, work: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.rt.spawn(work);
    }

    /// After start-up and every minute, run `work` (a journal's resume); a failure is logged as `what`
    /// and tried again at the next minute.
    pub fn every_minute<F, Fut>(&self, what: &'static str, work: F)
    where
        F: Fn(Desk) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<(), AppError>> + Send,
    {
        let d = self.clone();
        self.spawn(async move {
            loop {
                if let Err(e) = work(d.clone()).await {
                    tracing::warn!(error = %e, "{what} failed");
                }
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            }
        });
    }

    /// Run `f` on the cache of the workspace being shown (demo or real).
    pub async fn with_stock<T>(
        &self,
        f: impl FnOnce(&mut store::Store) -> Result<T, store::Error>,
    ) -> Result<T, AppError> {
        let side = self.side().await?;
        let mut guard = lock(&side.stock)?;
        f(&mut guard).map_err(AppError::from)
    }

    /// After a push: a full sync, so the grid shows the vendors' new figures. It is marked as the one
    /// that follows a push, so it starts no automatic push (a row that keeps failing would otherwise be
    /// pushed again and again). The push module asks for it here, so `push` never calls into `sync`
    /// (which calls the push check after every sync): the two modules do not import each other.
    pub fn resync_after_push(&self) {
        self.after_push_sync.store(true, Ordering::SeqCst);
        self::sync::spawn(self, ::stock_sync::Mode::Full);
    }

    /// Whether the sync that just finished followed a push (and clear the mark).
    pub fn take_after_push_sync(&self) -> bool {
        self.after_push_sync.swap(false, Ordering::SeqCst)
    }

    /// The work that runs beside the window once the app's state is open: the start-up sync and (when
    /// `scheduled_syncs`) the ones on the settings' interval, the order outbox's resume and the push
    /// recovery, the PO journal's resume, and (with the scheduled syncs) the demo's clock that moves its POs.
    pub fn start_background(&self, scheduled_syncs: bool) {
        self::sync::schedule(self, scheduled_syncs);
        self::orders::schedule_resume(self);
        self::inbound::schedule_resume(self);
        if scheduled_syncs {
            self::inbound::schedule_demo_clock(self);
        }
        self::returns::schedule_resume(self);
        self::product_create::schedule_resume(self);
        push::schedule_recover(self);
    }
}

/// Lock one stock cache.
pub fn lock(db: &Mutex<store::Store>) -> Result<MutexGuard<'_, store::Store>, AppError> {
    db.lock()
        .map_err(|_| AppError::internal("the stock cache is unavailable"))
}
