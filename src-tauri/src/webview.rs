//! The main window, opened by the app itself (`"create": false` in the config) so that its webview's
//! settings are in place before its page loads (#21: idle memory near an empty window), and the web
//! process's JavaScript heap sizing.
//!
//! Linux (WebKitGTK), measured with the start-up benchmark and the soak (README, "Memory"):
//! - the smallest cache model: every page is a local asset, nothing is worth a memory cache;
//! - JavaScriptCore sized for 256 MB of RAM: it collects sooner, and the soak's growth halves.
//!
//! Measured and not shipped: hardware acceleration off (`HardwareAccelerationPolicy::Never`) bought the
//! most (idle ratio 1.82 → 1.26, first rows 1.4 s → 0.75 s under Xvfb, where every composited layer is
//! drawn by a software GL in RAM), but in that mode WebKitGTK 2.50's snapshot never answers when the page
//! is idle (WebDriver screenshots time out, and the window then cannot close), so it stays off until that
//! is understood. WebKitGTK's memory-pressure settings reach only the network process through Tauri (web
//! processes take them from a `WebContext` constructor Tauri owns).

use tauri::{App, Runtime, WebviewWindowBuilder};

/// Open the windows the config describes with `"create": false`, with the settings above.
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
            use webkit2gtk::{WebContextExt, WebViewExt};
            let view = pw.inner();
            if let Some(ctx) = view.context() {
                ctx.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
            }
        })?;
        #[cfg(not(target_os = "linux"))]
        let _ = window;
    }
    Ok(())
}

/// The RAM size JavaScriptCore sizes its heap by in our web process (bytes). JSC grows the heap between
/// collections in proportion to the machine's RAM; sized for 256 MB it collects sooner, and the soak's
/// growth (every page 50 times, 20 syncs) fell by about half at no visible cost (README, "Memory").
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
