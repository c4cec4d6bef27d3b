//! The main window, opened by the app itself (`"create": false` in the config) so that its webview's
//! memory levers are set before the first page loads (#21: idle memory near an empty window).
//!
//! Linux (WebKitGTK), measured with the start-up benchmark (README, "Memory"):
//! - hardware acceleration off: without a GPU (and under Xvfb) WebKitGTK composites every layer in main
//!   memory, and the app's layers (the navigation, the virtualized stock grid, its sticky header) cost
//!   ~110 MB of the web process at idle; drawing without compositing costs none of it, and a table of
//!   text scrolls smoothly without it;
//! - the smallest cache model: every page is a local asset, nothing is worth a memory cache.
//!
//! (WebKitGTK's memory-pressure settings reach only the network process through Tauri's webview —
//! web processes take them from a `WebContext` constructor Tauri owns — and changed nothing measurable.)

use tauri::{App, Runtime, WebviewWindowBuilder};

/// Open the windows the config describes with `"create": false`, with the levers above.
pub fn open_windows<R: Runtime>(app: &mut App<R>) -> tauri::Result<()> {
    let configs: Vec<_> = app
        .config()
        .app
        .windows
        .iter()
        .filter(|w| !w.create)
        .cloned()
        .collect();
    for config in configs {
        let window = WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
        #[cfg(target_os = "linux")]
        window.with_webview(|pw| {
            use webkit2gtk::{SettingsExt, WebContextExt, WebViewExt};
            let view = pw.inner();
            if let Some(ctx) = view.context() {
                ctx.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
            }
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_hardware_acceleration_policy(
                    webkit2gtk::HardwareAccelerationPolicy::Never,
                );
            }
        })?;
        #[cfg(not(target_os = "linux"))]
        let _ = window;
    }
    Ok(())
}

/// The RAM size JavaScriptCore sizes its heap by in our web process (bytes). JSC grows the heap between
/// collections in proportion to the machine's RAM; sized for 256 MB it collects sooner, and the soak's
/// growth (every page 50 times, 20 syncs) fell from ~31 % to ~12 % at no visible cost (README, "Memory").
#[cfg(target_os = "linux")]
const JS_HEAP_RAM_BYTES: &str = "268435456";

/// JavaScriptCore's own option (`JSC_forceRAMSize`), set in our environment for the web process WebKitGTK
/// starts, unless the user set it. Call first thing in `main`, while the process has one thread.
#[cfg(target_os = "linux")]
pub fn tune_javascript_heap() {
    if std::env::var_os("JSC_forceRAMSize").is_none() {
        std::env::set_var("JSC_forceRAMSize", JS_HEAP_RAM_BYTES);
    }
}
