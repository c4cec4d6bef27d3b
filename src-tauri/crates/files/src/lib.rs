//! `files`: uploads to Onflow with a local library.
//!
//! - [`check`]: type (by extension *and* content), size (the store's [`UploadLimits`]) and
//!   readability of a file on disk, with a stable [`Rejection::code`] per refusal; [`sha256_file`].
//! - [`Library`]: every uploaded file in its own SQLite database, unique per (account, SHA-256), searchable
//!   without diacritics.
//! - [`UploadQueue`]: several files queued, at most two uploading, progress, cancel, retry, and reuse of
//!   the existing URL when the account already has the same content. Reports every change as a
//!   [`JobUpdate`].
//! - [`Uploader`]: the vendor seam, `shopdesk_core`'s file store port ([`FileStore`]), implemented by the
//!   Onflow client in `onflow::adapter::files` (with its `UPLOAD_LIMITS`).
//!
//! The webview never holds file bytes: the app passes paths; files stream from disk to the socket.

pub mod check;
pub mod library;
pub mod queue;

pub use check::{check, sha256_file, sniff, CheckedFile, FileKind, Rejection, Sniffed};
pub use library::{
    Library, LibraryError, LibraryFile, LibraryFilter, LibraryResult, NewLibraryFile,
};
pub use queue::{
    JobError, JobId, JobState, JobUpdate, UpdateFn, UploadQueue, UploaderLookup,
    MAX_CONCURRENT_UPLOADS, PROGRESS_INTERVAL,
};
/// The queue's name for the store it uploads to.
pub use shopdesk_core::ports::files::FileStore as Uploader;
pub use shopdesk_core::ports::files::{FileStore, ProgressFn, UploadLimits, UploadedFile};
