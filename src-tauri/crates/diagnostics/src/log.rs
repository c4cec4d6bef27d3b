//! The tracing set-up: stderr from the first line, the log file once the app knows its log directory.

use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, reload, EnvFilter, Registry};

/// Log files are `shopdesk.YYYY-MM-DD.log`.
pub const LOG_PREFIX: &str = "shopdesk";
/// Daily files kept; older ones are deleted when a new day starts.
pub const KEEP_FILES: usize = 7;

/// A [`MakeWriter`] whose writers scrub every secret this process knows
/// ([`vendor_http::redact_known`]) from each formatted event before it is written.
#[derive(Clone, Debug)]
pub struct Redacting<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

/// See [`Redacting`]. The fmt layer hands over one whole event per `write`, so a secret is never split
/// across two calls.
pub struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0
            .write_all(vendor_http::redact_known(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The daily rotating log file in `dir` (created if missing). Writes are synchronous: a crash right
/// after a line still leaves it on disk, which is what a diagnostics log is for.
pub fn file_writer(dir: &Path) -> io::Result<RollingFileAppender> {
    std::fs::create_dir_all(dir)?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(io::Error::other)
}

type Base = tracing_subscriber::layer::Layered<EnvFilter, Registry>;
type FileLayer = fmt::Layer<
    Base,
    fmt::format::DefaultFields,
    fmt::format::Format<fmt::format::Full>,
    Redacting<RollingFileAppender>,
>;

/// The process's logging: installed once by [`init`]; [`Logging::attach_dir`] adds the file.
pub struct Logging {
    file: reload::Handle<Option<FileLayer>, Base>,
}

static LOGGING: OnceLock<Logging> = OnceLock::new();

/// Install the global subscriber: `filter` for both outputs, stderr now (redacted too), the file layer
/// empty until [`Logging::attach_dir`]. Returns `None` when a subscriber was already installed (tests).
pub fn init(filter: EnvFilter) -> Option<&'static Logging> {
    let (file, handle) = reload::Layer::new(None::<FileLayer>);
    let stderr = fmt::layer().with_writer(Redacting(io::stderr));
    Registry::default()
        .with(filter)
        .with(file)
        .with(stderr)
        .try_init()
        .ok()?;
    Some(LOGGING.get_or_init(|| Logging { file: handle }))
}

impl Logging {
    /// The installed logging, if [`init`] ran in this process.
    pub fn get() -> Option<&'static Logging> {
        LOGGING.get()
    }

    /// Start writing the log file in `dir` (from then on; earlier lines went to stderr only).
    pub fn attach_dir(&self, dir: &Path) -> io::Result<()> {
        let layer = fmt::layer()
            .with_ansi(false)
            .with_writer(Redacting(file_writer(dir)?));
        self.file
            .reload(Some(layer))
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_reach_the_file_without_the_secrets_this_process_knows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secret = "pk_diag_unit_5a4b3c2d1e";
        let _client = vendor_http::Redactor::new([secret.to_string()]);
        let layer = fmt::layer()
            .with_ansi(false)
            .with_writer(Redacting(file_writer(dir.path()).expect("writer")));
        let subscriber = Registry::default().with(layer);
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(
                url = %format!("https://pos.example/api/v1/shops?api_key={secret}&page=1"),
                "calling with {secret}"
            );
            tracing::warn!(access_token = "short-lived-tok-777", "plain");
        });
        let mut text = String::new();
        for e in std::fs::read_dir(dir.path()).expect("dir") {
            let p = e.expect("entry").path();
            assert!(
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(LOG_PREFIX) && n.ends_with(".log")),
                "{p:?}"
            );
            text.push_str(&std::fs::read_to_string(p).expect("read"));
        }
        assert!(text.contains("calling with ***"), "{text}");
        assert!(text.contains("api_key=***&page=1"), "{text}");
        assert!(!text.contains(secret), "{text}");
        // a value the process never saw as a secret is caught by its secret-looking field name
        assert!(text.contains("access_token=\"***\""), "{text}");
        assert!(!text.contains("short-lived-tok-777"), "{text}");
    }
}
