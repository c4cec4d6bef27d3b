//! App state shared by the commands, and the store-file backed account metadata.

use std::sync::Arc;

use accounts::{AccountMeta, AccountService, MetaStore};
use shopdesk_core::AppError;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

pub struct AppState {
    pub accounts: Arc<AccountService>,
    pub stock: StockState,
    pub orders: OrdersState,
    pub files: crate::commands::files::FilesState,
}

const ACCOUNTS_FILE: &str = "accounts.json";
const ACCOUNTS_KEY: &str = "accounts";

/// Account metadata in `accounts.json` (tauri-plugin-store, app config dir). Masks only, never secrets.
pub struct StoreMeta<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> StoreMeta<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        StoreMeta { app }
    }
}

impl<R: Runtime> MetaStore for StoreMeta<R> {
    fn load(&self) -> Result<Vec<AccountMeta>, AppError> {
        let store = self
            .app
            .store(ACCOUNTS_FILE)
            .map_err(|e| AppError::internal(format!("could not open the accounts file: {e}")))?;
        Ok(store
            .get(ACCOUNTS_KEY)
            .and_then(|v| serde_json::from_value::<Vec<AccountMeta>>(v).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !a.demo)
            .collect())
    }

    fn save(&self, accounts: &[AccountMeta]) -> Result<(), AppError> {
        let real: Vec<&AccountMeta> = accounts.iter().filter(|a| !a.demo).collect();
        let store = self
            .app
            .store(ACCOUNTS_FILE)
            .map_err(|e| AppError::internal(format!("could not open the accounts file: {e}")))?;
        let value = serde_json::to_value(real)
            .map_err(|e| AppError::internal(format!("could not encode accounts: {e}")))?;
        store.set(ACCOUNTS_KEY, value);
        store
            .save()
            .map_err(|e| AppError::internal(format!("could not save the accounts file: {e}")))
    }
}

pub fn shared(
    accounts: AccountService,
    stock: StockState,
    orders: OrdersState,
    files: crate::commands::files::FilesState,
) -> AppState {
    AppState {
        accounts: Arc::new(accounts),
        stock,
        orders,
        files,
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
    pub fn open(data_dir: &std::path::Path) -> Result<Self, AppError> {
        let config = orders::OutboxConfig::default();
        let outbox_error = |e: orders::OutboxError| {
            AppError::internal(format!("could not open the order outbox: {e}"))
        };
        let geo_error = |e: addresses::Error| {
            AppError::internal(format!("could not open the address cache: {e}"))
        };
        Ok(OrdersState {
            real: orders::Outbox::open(data_dir.join("orders.sqlite"), config.clone())
                .map_err(outbox_error)?,
            demo: orders::Outbox::open_in_memory(config).map_err(outbox_error)?,
            geo_real: Arc::new(addresses::Resolver::new(
                addresses::GeoCache::open(data_dir.join("geo-cache.sqlite")).map_err(geo_error)?,
            )),
            geo_demo: Arc::new(addresses::Resolver::new(
                addresses::GeoCache::open_in_memory().map_err(geo_error)?,
            )),
            list_real: Arc::new(
                order_list::OrderCache::open(data_dir.join("orders-list.sqlite"))
                    .map_err(list_error)?,
            ),
            list_demo: Arc::new(order_list::OrderCache::open_in_memory().map_err(list_error)?),
        })
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
    /// Accounts whose sync is running now.
    pub running: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl StockState {
    pub fn open(data_dir: &std::path::Path) -> Result<Self, AppError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| AppError::internal(format!("could not create the data folder: {e}")))?;
        let real = store::Store::open(data_dir.join("shopdesk.sqlite")).map_err(store_error)?;
        let demo = store::Store::open_in_memory().map_err(store_error)?;
        Ok(StockState {
            real: Arc::new(std::sync::Mutex::new(real)),
            demo: Arc::new(std::sync::Mutex::new(demo)),
            running: std::sync::Mutex::new(Default::default()),
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

fn list_error(e: order_list::CacheError) -> AppError {
    AppError::internal(format!("could not open the orders cache: {e}"))
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

/// Where to save an exported file: the native save dialog, or — when `SHOPDESK_EXPORT_DIR` is set, the
/// documented seam for end-to-end tests, which cannot drive native dialogs — that folder. `None` when the
/// user cancelled.
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    extension: &str,
) -> Result<Option<std::path::PathBuf>, AppError> {
    if let Some(dir) = std::env::var_os("SHOPDESK_EXPORT_DIR") {
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
    if let Some(seam) = std::env::var_os("SHOPDESK_PICK_FILE") {
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
