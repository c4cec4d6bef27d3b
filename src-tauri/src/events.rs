//! The typed events on the wire (`data-changed`, `sync-progress`, `file-job`, `push-progress`,
//! `push-auto`). Each wraps the app's payload unchanged
//! (`transparent`), so the UI sees the app's types.

use serde::{Deserialize, Serialize};
use shopdesk_app::events as app;
use tauri_specta::Event;

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
#[tauri_specta(event_name = "data-changed")]
pub struct DataChangedEvent(pub app::DataChanged);

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
#[tauri_specta(event_name = "sync-progress")]
pub struct SyncProgressEvent(pub app::SyncProgress);

#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
#[tauri_specta(event_name = "file-job")]
pub struct FileJobEvent(pub app::FileJob);

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
#[tauri_specta(event_name = "push-progress")]
pub struct PushProgressEvent(pub app::PushProgress);

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
#[tauri_specta(event_name = "push-auto")]
pub struct PushAutoEvent(pub app::PushAuto);

/// Send one of the app's events to the window.
pub fn emit<R: tauri::Runtime>(handle: &tauri::AppHandle<R>, event: shopdesk_app::Event) {
    use shopdesk_app::Event as E;
    let sent = match event {
        E::DataChanged(e) => DataChangedEvent(e).emit(handle),
        E::SyncProgress(e) => SyncProgressEvent(e).emit(handle),
        E::FileJob(e) => FileJobEvent(e).emit(handle),
        E::PushProgress(e) => PushProgressEvent(e).emit(handle),
        E::PushAuto(e) => PushAutoEvent(e).emit(handle),
    };
    if let Err(e) = sent {
        tracing::debug!(error = %e, "an event was not delivered");
    }
}
