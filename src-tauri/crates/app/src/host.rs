//! What the app needs from its window, and nothing more: emit an event, read and write a preference,
//! ask the user for a path, open a URL. The Tauri shell implements it; tests use [`MemoryHost`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use futures::future::BoxFuture;
use shopdesk_core::AppError;

use crate::events::Event;

/// The window side of the app.
pub trait Host: Send + Sync + 'static {
    /// Send a typed event to the UI.
    fn emit(&self, event: Event);
    /// A stored preference (`None` when unset or unreadable).
    fn setting(&self, key: &str) -> Option<serde_json::Value>;
    /// Store a preference durably.
    fn put_setting(&self, key: &str, value: serde_json::Value) -> Result<(), AppError>;
    /// Where to save a file named `name` (the native save dialog); `None` when the user cancelled.
    fn save_path<'a>(
        &'a self,
        name: &'a str,
        extension: &'a str,
    ) -> BoxFuture<'a, Result<Option<PathBuf>, AppError>>;
    /// Files the user chose to open; `None` when cancelled.
    fn pick_paths<'a>(
        &'a self,
        extensions: &'a [String],
        multiple: bool,
    ) -> BoxFuture<'a, Result<Option<Vec<PathBuf>>, AppError>>;
    /// Open a checked `http(s)` URL in the system browser or viewer.
    fn open_url(&self, url: &str) -> Result<(), AppError>;
    /// Show a desktop notification (best effort: a system without a notification service shows none).
    fn notify(&self, notice: &Notice);
    /// Write a document the app fetched (a shipping label's PDF) to a file named `name` and open it in
    /// the system viewer, from where it prints; answers the file's path.
    fn open_document(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, AppError>;
    /// Where printing is captured instead of shown (the end-to-end print seam): `Some(dir)` makes the
    /// window's own print (the packing slip) write its page there.
    fn print_capture_dir(&self) -> Option<PathBuf>;
}

/// A desktop notification: what it says, and (for the record) the SKUs it is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    /// Which feature raised it (`lowStock`).
    pub kind: String,
    pub title: String,
    pub body: String,
    pub skus: Vec<String>,
}

/// A host for tests: events are recorded, preferences kept in memory, saves go to a folder and picks
/// come from a queue.
#[derive(Default)]
pub struct MemoryHost {
    events: Mutex<Vec<Event>>,
    settings: Mutex<HashMap<String, serde_json::Value>>,
    save_dir: Mutex<Option<PathBuf>>,
    picks: Mutex<Vec<Vec<PathBuf>>>,
    opened: Mutex<Vec<String>>,
    notices: Mutex<Vec<Notice>>,
}

impl MemoryHost {
    /// Saves go to `dir`.
    pub fn saving_to(dir: &Path) -> Self {
        let host = MemoryHost::default();
        *host.save_dir.lock().unwrap_or_else(|p| p.into_inner()) = Some(dir.to_path_buf());
        host
    }
    /// The next pick answers `paths`.
    pub fn will_pick(&self, paths: Vec<PathBuf>) {
        self.picks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(paths);
    }
    /// Every event emitted so far.
    pub fn events(&self) -> Vec<Event> {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    /// Every desktop notification shown so far.
    pub fn notices(&self) -> Vec<Notice> {
        self.notices
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    /// Every URL opened so far.
    pub fn opened(&self) -> Vec<String> {
        self.opened
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Host for MemoryHost {
    fn emit(&self, event: Event) {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(event);
    }
    fn setting(&self, key: &str) -> Option<serde_json::Value> {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }
    fn put_setting(&self, key: &str, value: serde_json::Value) -> Result<(), AppError> {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_string(), value);
        Ok(())
    }
    fn save_path<'a>(
        &'a self,
        name: &'a str,
        _extension: &'a str,
    ) -> BoxFuture<'a, Result<Option<PathBuf>, AppError>> {
        let dir = self
            .save_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Box::pin(async move { Ok(dir.map(|d| d.join(name))) })
    }
    fn pick_paths<'a>(
        &'a self,
        _extensions: &'a [String],
        _multiple: bool,
    ) -> BoxFuture<'a, Result<Option<Vec<PathBuf>>, AppError>> {
        let mut picks = self.picks.lock().unwrap_or_else(|p| p.into_inner());
        let next = (!picks.is_empty()).then(|| picks.remove(0));
        Box::pin(async move { Ok(next) })
    }
    fn open_url(&self, url: &str) -> Result<(), AppError> {
        self.opened
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(url.to_string());
        Ok(())
    }
    fn notify(&self, notice: &Notice) {
        self.notices
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(notice.clone());
    }
    /// Written into the save folder (else the system temp folder) and recorded as opened.
    fn open_document(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, AppError> {
        let dir = self
            .save_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .unwrap_or_else(std::env::temp_dir);
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| AppError::internal(format!("could not write {}: {e}", path.display())))?;
        self.opened
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(path.display().to_string());
        Ok(path)
    }
    /// The save folder, when one was given.
    fn print_capture_dir(&self) -> Option<PathBuf> {
        self.save_dir
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
