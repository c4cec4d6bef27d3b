//! The sidecar lock: an exclusive OS lock on `<file>.lock`, held for the life of a [`FileLock`], so a
//! second process (or a second opener in this one) can never work on the same file (resume another's
//! `sending` rows, say). Taken before the database is opened; the lock file's content is never
//! written, and it is left in place when the lock is released.

use std::fs::File;
use std::path::{Path, PathBuf};

/// Why [`FileLock::acquire`] failed.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another holder (in this process or another one) has the lock; `path` is the lock file.
    #[error("{} is held by another process", .path.display())]
    Locked { path: PathBuf },
    /// The lock file could not be created or locked.
    #[error("lock file: {0}")]
    Io(#[from] std::io::Error),
}

/// `<path>.lock`, beside the database file.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

/// The exclusive lock on a database file's `<file>.lock`, released on drop.
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
    /// `None` where the file system cannot lock at all (the opener went on without it, logged).
    file: Option<File>,
}

impl FileLock {
    /// Takes the exclusive OS lock guarding the database file at `db_path`: [`LockError::Locked`] when
    /// another holder has it. Where the file system cannot lock at all, answers a `FileLock` that holds
    /// nothing ([`FileLock::is_held`] false) and logs a warning naming `what` ("order outbox").
    pub fn acquire(db_path: &Path, what: &str) -> Result<FileLock, LockError> {
        let path = lock_path(db_path);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(FileLock {
                path,
                file: Some(file),
            }),
            Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Locked { path }),
            Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "file locks unsupported here: {what} opened without its lock"
                );
                Ok(FileLock { path, file: None })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the OS lock is really held (false only where the file system cannot lock).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }
}
