//! `files`: uploads to Onflow with a local library.
//!
//! - [`check`]: type (by extension *and* content), size (one constant, [`UPLOAD_MAX_BYTES`]) and
//!   readability of a file on disk, with a stable [`Rejection::code`] per refusal; [`sha256_file`].
//! - [`Library`]: every uploaded file in its own SQLite database, unique per (account, SHA-256), searchable
//!   without diacritics.
//! - [`UploadQueue`]: several files queued, at most two uploading, progress, cancel, retry, and reuse of
//!   the existing URL when the account already has the same content. Reports every change as a
//!   [`JobUpdate`].
//! - [`Uploader`]: the vendor seam, implemented for [`onflow::OnflowClient`].
//!
//! The webview never holds file bytes: the app passes paths; files stream from disk to the socket.

pub mod check;
pub mod library;
pub mod queue;
pub mod uploader;

pub use check::{
    check, sha256_file, sniff, CheckedFile, FileKind, Rejection, Sniffed, UPLOAD_MAX_BYTES,
};
pub use library::{
    Library, LibraryError, LibraryFile, LibraryFilter, LibraryResult, NewLibraryFile,
};
pub use queue::{
    JobError, JobId, JobState, JobUpdate, UpdateFn, UploadQueue, UploaderLookup,
    MAX_CONCURRENT_UPLOADS, PROGRESS_INTERVAL,
};
pub use uploader::{ProgressFn, Uploader};
