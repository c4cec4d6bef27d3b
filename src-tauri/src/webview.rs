//! The main window, opened by the app itself (`"create": false` in the config) so that its webview's
//! settings are in place before its page loads (#21: idle memory near an empty window), and the web
//! process's JavaScript heap sizing.
//!
//! Linux (WebKitGTK), measured with the start-up benchmark and the soak (README, "Memory"):
//! - the smallest cache model: every page is a local asset, nothing is worth a memory cache;
//! - JavaScriptCore sized for 256 MB of RAM, without its last JIT tier and optimizing later
//!   ([`JSC_OPTIONS`]): it collects sooner and keeps less compiled code.
//!
//! - no compositing where there is no GPU ([`tune_compositing`]): every composited layer would be drawn by a
//!   software GL in RAM. It bought the most (idle ratio 1.82 → 1.26, first rows 1.4 s → 0.75 s under Xvfb).
//!
//! WebKitGTK's memory-pressure settings reach only the network process through Tauri (web processes take
//! them from a `WebContext` constructor Tauri owns).

use std::time::Duration;

use tauri::webview::PageLoadEvent;
use tauri::{App, Manager, Runtime, WebviewWindowBuilder};

/// How long a window may stay hidden while its page loads: past this it is shown anyway (a page that never
/// reports its load must still give the owner a window).
const SHOW_AT_LATEST: Duration = Duration::from_secs(4);

/// Open the windows the config describes with `"create": false`, with the settings above.
///
/// A window the config shows is opened hidden and shown once its page has loaded ([`shown_on_load`]).
/// Drawn before its web process is up, WebKitGTK (without compositing) blocks the app's main thread up to
/// half a second waiting for the page's first frame, and the page's own requests wait behind it: measured,
/// that was most of the start-up time on most launches (README, "Memory").
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
        let mut builder = WebviewWindowBuilder::from_config(app.handle(), &config)?;
        if config.visible {
            builder = builder.visible(false).on_page_load(|window, payload| {
                if shown_on_load(payload.event()) {
                    let _ = window.show();
                }
            });
            let handle = app.handle().clone();
            let label = config.label.clone();
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(SHOW_AT_LATEST).await;
                if let Some(window) = handle.get_webview_window(&label) {
                    if !window.is_visible().unwrap_or(true) {
                        tracing::warn!(window = %label, "the page did not load in time; showing the window anyway");
                        let _ = window.show();
                    }
                }
            });
        }
        let window = builder.build()?;
        trim_when_minimized(&window);
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

/// Whether the webview should be asked to hold as little memory as it can: while its window is minimized
/// or hidden, nobody is looking at it.
fn memory_target_low(minimized: bool, visible: bool) -> bool {
    minimized || !visible
}

/// Follow the window's state with the webview's memory target level: low while minimized or hidden, normal
/// again when restored. Windows (WebView2's `MemoryUsageTargetLevel`, runtime 1.0.1774 and later); other
/// platforms have no such level and nothing is done there.
fn trim_when_minimized<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    if !cfg!(windows) {
        return;
    }
    let low = Arc::new(AtomicBool::new(false));
    let watched = window.clone();
    window.on_window_event(move |event| {
        if !matches!(
            event,
            tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Focused(_)
        ) {
            return;
        }
        let now = memory_target_low(
            watched.is_minimized().unwrap_or(false),
            watched.is_visible().unwrap_or(true),
        );
        if low.swap(now, Ordering::Relaxed) != now {
            set_memory_target(&watched, now);
        }
    });
}

#[cfg(windows)]
fn set_memory_target<R: Runtime>(window: &tauri::WebviewWindow<R>, low: bool) {
    use webview2_com::Microsoft::Web::WebView2::Win32::{
        ICoreWebView2_19, COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW,
        COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL,
    };
    use windows_core::Interface;
    let level = if low {
        COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW
    } else {
        COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL
    };
    let _ = window.with_webview(move |pw| {
        // SAFETY: COM calls on the controller Tauri hands us, on the thread it calls us on; an older runtime
        // without the level (no `ICoreWebView2_19`) is left as it is
        unsafe {
            let Ok(core) = pw.controller().CoreWebView2() else {
                return;
            };
            let Ok(core) = core.cast::<ICoreWebView2_19>() else {
                return;
            };
            if let Err(e) = core.SetMemoryUsageTargetLevel(level) {
                tracing::debug!(error = %e, "the webview's memory target level was not set");
            }
        }
    });
}

#[cfg(not(windows))]
fn set_memory_target<R: Runtime>(_window: &tauri::WebviewWindow<R>, _low: bool) {}

/// Whether a page-load event is the one that shows a window opened hidden: the load has finished (its
/// scripts have run), so the web process can draw the first frame at once.
fn shown_on_load(event: PageLoadEvent) -> bool {
    matches!(event, PageLoadEvent::Finished)
}

/// JavaScriptCore's own options for our web process (Linux), each set in our environment unless the user
/// set it; WebKitGTK's web process inherits them. Measured with the soak (every page 50 times, 20 syncs)
/// and the UI's own latencies, runs interleaved (README, "Memory"):
/// - `JSC_forceRAMSize`, 256 MB: JSC grows the heap between collections in proportion to the machine's
///   RAM; sized for 256 MB it collects sooner, and the soak's growth fell by about half;
/// - `JSC_useFTLJIT`, off: the last JIT tier compiles the hottest functions again with an optimizing
///   backend whose code and compiler memory stay with the process; a form-and-table UI runs no long numeric
///   loops it is for. Nothing measured got slower;
/// - the optimizing (DFG) tier after 20,000 executions of a function instead of 1,000: fewer functions are
///   compiled twice. Page opening and sorting took no longer.
///
/// Together the soak's window ends about 20 MB lower (README, "Memory").
pub const JSC_OPTIONS: [(&str, &str); 5] = [
    ("JSC_forceRAMSize", "268435456"),
    ("JSC_useFTLJIT", "0"),
    ("JSC_thresholdForOptimizeAfterWarmUp", "20000"),
    ("JSC_thresholdForOptimizeAfterLongWarmUp", "20000"),
    ("JSC_thresholdForOptimizeSoon", "20000"),
];

/// The [`JSC_OPTIONS`] to set: those the user has not set (`is_set` tells).
pub fn jsc_options_to_set(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    JSC_OPTIONS
        .into_iter()
        .filter(|(name, _)| !is_set(name))
        .collect()
}

/// Set [`JSC_OPTIONS`] in our environment for the web process WebKitGTK starts. Call first thing in
/// `main`, while the process has one thread.
#[cfg(target_os = "linux")]
pub fn tune_javascript_heap() {
    for (name, value) in jsc_options_to_set(|name| std::env::var_os(name).is_some()) {
        std::env::set_var(name, value);
    }
}

/// Whether the web process should draw without compositing: where the machine has no GPU render node
/// (`/dev/dri/renderD*`: a VM, a remote or headless session), compositing would draw every layer with a
/// software GL in RAM, the largest share of the web process's memory above an empty window and of the time
/// to the first figures. `SHOPDESK_COMPOSITING=on|off` overrides the choice; anything else is ignored.
pub fn compositing_off(has_render_node: bool, choice: Option<&str>) -> bool {
    match choice.map(str::trim) {
        Some("off") => true,
        Some("on") => false,
        _ => !has_render_node,
    }
}

/// Turn WebKitGTK's compositing off (its own `WEBKIT_DISABLE_COMPOSITING_MODE`) when [`compositing_off`]
/// says so, unless the user set that variable. Call first thing in `main`, while the process has one
/// thread: WebKitGTK reads it when it starts.
#[cfg(target_os = "linux")]
pub fn tune_compositing() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some() {
        return;
    }
    let has_render_node = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    let choice = std::env::var("SHOPDESK_COMPOSITING").ok();
    if compositing_off(has_render_node, choice.as_deref()) {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

#[cfg(test)]
mod tests {
    use super::{compositing_off, jsc_options_to_set, memory_target_low, shown_on_load};
    use tauri::webview::PageLoadEvent;

    #[test]
    fn the_webview_holds_little_memory_only_while_nobody_sees_it() {
        assert!(!memory_target_low(false, true), "on screen: normal");
        assert!(memory_target_low(true, true), "minimized: low");
        assert!(memory_target_low(false, false), "hidden: low");
    }

    #[test]
    fn a_hidden_window_is_shown_when_its_page_has_loaded() {
        assert!(shown_on_load(PageLoadEvent::Finished));
        assert!(
            !shown_on_load(PageLoadEvent::Started),
            "drawn before the page loads, WebKitGTK blocks the main thread"
        );
    }

    #[test]
    fn javascript_core_options_are_ours_unless_the_user_set_them() {
        let ours = jsc_options_to_set(|_| false);
        assert!(
            ours.contains(&("JSC_forceRAMSize", "268435456")),
            "a small heap"
        );
        assert!(ours.contains(&("JSC_useFTLJIT", "0")), "no FTL tier");
        assert!(ours.contains(&("JSC_thresholdForOptimizeAfterWarmUp", "20000")));
        let theirs = jsc_options_to_set(|name| name == "JSC_useFTLJIT");
        assert_eq!(theirs.len(), ours.len() - 1);
        assert!(
            theirs.iter().all(|(name, _)| *name != "JSC_useFTLJIT"),
            "the user's own choice stays"
        );
    }

    #[test]
    fn compositing_is_off_only_without_a_gpu_unless_chosen() {
        assert!(
            compositing_off(false, None),
            "no GPU: drawn in software, so off"
        );
        assert!(!compositing_off(true, None), "a GPU composites");
        assert!(compositing_off(true, Some("off")));
        assert!(!compositing_off(false, Some(" on ")));
        assert!(
            compositing_off(false, Some("yes")),
            "an unknown choice is ignored"
        );
        assert!(!compositing_off(true, Some("")));
    }
}
