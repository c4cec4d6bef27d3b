//! The window side of the app ([`shopdesk_app::Host`]): events through tauri-specta, preferences in
//! tauri-plugin-store (`settings.json` in the app config dir, never secrets), the native file dialogs
//! and the system opener.

use std::path::PathBuf;

use futures::future::BoxFuture;
use shopdesk_core::AppError;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

const STORE_FILE: &str = "settings.json";

/// The shell's [`shopdesk_app::Host`].
pub struct TauriHost<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> TauriHost<R> {
    pub fn new(app: &AppHandle<R>) -> Self {
        TauriHost { app: app.clone() }
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

/// A test seam given as a launch argument (`--name=value`), for what one end-to-end spec needs and the
/// others must not get (the driver starts each launch with its own arguments). Builds with `test-seams`
/// only.
pub fn seam_arg(name: &str) -> Option<String> {
    if !cfg!(feature = "test-seams") {
        return None;
    }
    let prefix = format!("--{name}=");
    std::env::args().find_map(|a| a.strip_prefix(&prefix).map(str::to_string))
}

/// The notification test seam: with `SHOPDESK_NOTIFY_LOG=<file>` (test-seams builds only) every desktop
/// notification the app shows is also appended to that file as one JSON line (`kind`, `title`, `body`,
/// `skus`), so the end-to-end suite can count them.
fn log_notice(notice: &shopdesk_app::Notice) {
    let Some(file) = seam("SHOPDESK_NOTIFY_LOG") else {
        return;
    };
    let line = match serde_json::to_string(notice) {
        Ok(l) => l,
        Err(e) => return tracing::warn!(error = %e, "notice not logged"),
    };
    use std::io::Write;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        tracing::warn!(error = %e, "notice not logged");
    }
}

impl<R: Runtime> shopdesk_app::Host for TauriHost<R> {
    /// A desktop notification through tauri-plugin-notification (best effort: a system without a
    /// notification service shows none, and that is logged).
    fn notify(&self, notice: &shopdesk_app::Notice) {
        log_notice(notice);
        use tauri_plugin_notification::NotificationExt;
        let shown = self
            .app
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.body)
            .show();
        if let Err(e) = shown {
            tracing::info!(error = %e, "the desktop notification was not shown");
        }
    }

    fn emit(&self, event: shopdesk_app::Event) {
        crate::events::emit(&self.app, event);
    }

    fn setting(&self, key: &str) -> Option<serde_json::Value> {
        self.app.store(STORE_FILE).ok().and_then(|s| s.get(key))
    }

    fn put_setting(&self, key: &str, value: serde_json::Value) -> Result<(), AppError> {
        let store = self
            .app
            .store(STORE_FILE)
            .map_err(|e| AppError::internal(format!("could not open the settings store: {e}")))?;
        store.set(key, value);
        store
            .save()
            .map_err(|e| AppError::internal(format!("could not save the settings: {e}")))
    }

    /// The native save dialog, or — when `SHOPDESK_EXPORT_DIR` is set, the documented seam for
    /// end-to-end tests, which cannot drive native dialogs — that folder.
    fn save_path<'a>(
        &'a self,
        name: &'a str,
        extension: &'a str,
    ) -> BoxFuture<'a, Result<Option<PathBuf>, AppError>> {
        Box::pin(async move {
            if let Some(dir) = seam("SHOPDESK_EXPORT_DIR") {
                return Ok(Some(PathBuf::from(dir).join(name)));
            }
            use tauri_plugin_dialog::DialogExt;
            let dialog = self
                .app
                .dialog()
                .file()
                .set_file_name(name)
                .add_filter(extension.to_uppercase(), &[extension]);
            let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
                .await
                .map_err(|e| AppError::internal(format!("the save dialog failed: {e}")))?;
            Ok(picked.and_then(|p| p.into_path().ok()))
        })
    }

    /// The native open dialog, or — when `SHOPDESK_PICK_FILE` names a file, the documented seam for
    /// end-to-end tests — the first line of that file (paths separated by `|`), which is then removed.
    fn pick_paths<'a>(
        &'a self,
        extensions: &'a [String],
        multiple: bool,
    ) -> BoxFuture<'a, Result<Option<Vec<PathBuf>>, AppError>> {
        Box::pin(async move {
            if let Some(seam) = seam("SHOPDESK_PICK_FILE") {
                let text = std::fs::read_to_string(&seam).unwrap_or_default();
                let mut lines = text.lines();
                let first = lines.next().map(str::to_string);
                let rest: Vec<&str> = lines.collect();
                std::fs::write(&seam, rest.join("\n"))
                    .map_err(|e| AppError::internal(format!("test seam file: {e}")))?;
                return Ok(first
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.split('|').map(PathBuf::from).collect()));
            }
            use tauri_plugin_dialog::DialogExt;
            let exts: Vec<&str> = extensions.iter().map(String::as_str).collect();
            let dialog = self.app.dialog().file().add_filter("ShopDesk", &exts);
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
        })
    }

    fn open_url(&self, url: &str) -> Result<(), AppError> {
        use tauri_plugin_opener::OpenerExt;
        self.app
            .opener()
            .open_url(url, None::<&str>)
            .map_err(|e| AppError::internal(format!("could not open {url}: {e}")))
    }

    /// Written to the app's cache folder (`print/`) and opened in the system's PDF viewer, from
    /// where it prints — or, when `SHOPDESK_PRINT_DIR` is set (the documented print seam for
    /// end-to-end tests, which cannot drive a viewer), written into that folder and not opened.
    fn open_document(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, AppError> {
        let write = |dir: PathBuf| -> Result<PathBuf, AppError> {
            std::fs::create_dir_all(&dir).map_err(|e| {
                AppError::internal(format!("could not create {}: {e}", dir.display()))
            })?;
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| {
                AppError::internal(format!("could not write {}: {e}", path.display()))
            })?;
            Ok(path)
        };
        if let Some(dir) = self.print_capture_dir() {
            return write(dir);
        }
        use tauri::Manager;
        use tauri_plugin_opener::OpenerExt;
        let dir = self
            .app
            .path()
            .app_cache_dir()
            .map_err(|e| AppError::internal(format!("no cache folder: {e}")))?
            .join("print");
        let path = write(dir)?;
        self.app
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| AppError::internal(format!("could not open {}: {e}", path.display())))?;
        Ok(path)
    }

    /// The `SHOPDESK_PRINT_DIR` seam (test builds only).
    fn print_capture_dir(&self) -> Option<PathBuf> {
        seam("SHOPDESK_PRINT_DIR").map(PathBuf::from)
    }
}
