//! A panic leaves a report in the log directory (`panic-<UTC time>.log`) and a line in the log, both
//! scrubbed of known secrets; then the previous hook runs as before.

use std::backtrace::Backtrace;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};

/// The report text for one panic (redacted).
pub fn panic_report(info: &PanicHookInfo<'_>, version: &str, backtrace: &Backtrace) -> String {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    let location = info
        .location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_default();
    let thread = std::thread::current()
        .name()
        .unwrap_or("(unnamed)")
        .to_string();
    let text = format!(
        "ShopDesk {version} panicked\ntime: {}\nos: {} {}\nthread: {thread}\nat: {location}\nmessage: {message}\n\nbacktrace:\n{backtrace}\n",
        chrono::Utc::now().to_rfc3339(),
        std::env::consts::OS,
        std::env::consts::ARCH,
    );
    vendor_http::redact_known(&text)
}

/// Install the hook: each panic writes its report into `dir` and logs it, then calls the hook that was
/// installed before (the default one prints to stderr).
pub fn install_panic_hook(dir: PathBuf, version: &'static str) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let report = panic_report(info, version, &Backtrace::force_capture());
        let path = write_report(&dir, &report);
        tracing::error!(report = ?path, "ShopDesk panicked: {}", first_line(&report, info));
        previous(info);
    }));
}

fn first_line(report: &str, _info: &PanicHookInfo<'_>) -> String {
    report
        .lines()
        .find_map(|l| l.strip_prefix("message: "))
        .unwrap_or("")
        .chars()
        .take(300)
        .collect()
}

fn write_report(dir: &Path, report: &str) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let path = dir.join(format!("panic-{stamp}.log"));
    std::fs::write(&path, report).ok()?;
    Some(path)
}
