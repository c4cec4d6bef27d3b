//! The log a shop owner can send: a daily rotating log file in the app's log directory (every line
//! scrubbed of known secrets, like the HTTP pipeline's errors), a panic report written beside it, and the
//! diagnostics zip ("Xuất gói chẩn đoán") with the logs, versions, sync runs and outbox states.
//!
//! No Tauri here: the shell passes the log directory and the data sections in.

mod bundle;
mod log;
mod panic;

pub use bundle::{write_bundle, BundleError, BundleSummary, MAX_FILE_BYTES, MAX_TOTAL_BYTES};
pub use log::{file_writer, init, Logging, Redacting, RedactingWriter, KEEP_FILES, LOG_PREFIX};
pub use panic::{install_panic_hook, panic_report};
