// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // before any thread exists: the environment is read by the web process WebKitGTK starts from ours
    #[cfg(target_os = "linux")]
    {
        shopdesk_lib::webview::tune_javascript_heap();
        shopdesk_lib::webview::tune_compositing();
    }
    shopdesk_lib::run();
}
