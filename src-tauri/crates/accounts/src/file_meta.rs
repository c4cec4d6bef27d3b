//! Account metadata in `accounts.json` (the app data dir), written so that no save can lose an account:
//! each save goes to a temporary file that replaces the old one in one rename, and an entry this
//! version cannot decode is kept aside (written back unchanged on every save) and reported, never
//! dropped. A file that is not JSON at all is moved aside to `accounts.json.unreadable-<time>`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;
use shopdesk_core::AppError;

use crate::{AccountMeta, MetaStore};

const KEY: &str = "accounts";

pub struct FileMeta {
    path: PathBuf,
    /// Entries read from the file that this version cannot decode, kept to be written back.
    kept: Mutex<Vec<Value>>,
    /// A whole file that could not be read was moved here.
    moved_aside: Mutex<Option<PathBuf>>,
}

impl FileMeta {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileMeta {
            path: path.into(),
            kept: Mutex::new(Vec::new()),
            moved_aside: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<Vec<Value>, AppError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(AppError::internal(format!(
                    "could not read the accounts file: {e}"
                )))
            }
        };
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(mut o)) => match o.remove(KEY) {
                Some(Value::Array(items)) => Ok(items),
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(other) => Ok(vec![other]),
            },
            _ => {
                // not ours to interpret: keep the bytes under another name and start a new list
                let aside = self.path.with_extension(format!(
                    "json.unreadable-{}",
                    chrono::Utc::now().format("%Y%m%d-%H%M%S")
                ));
                std::fs::rename(&self.path, &aside).map_err(|e| {
                    AppError::internal(format!("could not move the unreadable accounts file: {e}"))
                })?;
                tracing::error!(path = %aside.display(), "accounts file unreadable; moved aside");
                *self.moved_aside.lock().unwrap_or_else(|p| p.into_inner()) = Some(aside);
                Ok(Vec::new())
            }
        }
    }

    fn write(&self, items: Vec<Value>) -> Result<(), AppError> {
        let fail = |e: std::io::Error| {
            AppError::internal(format!("could not save the accounts file: {e}"))
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let body = serde_json::to_vec_pretty(&serde_json::json!({ KEY: items }))
            .map_err(|e| AppError::internal(format!("could not encode accounts: {e}")))?;
        let tmp = self.path.with_extension("json.tmp");
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(fail)?;
            f.write_all(&body).map_err(fail)?;
            f.sync_all().map_err(fail)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(fail)
    }
}

impl MetaStore for FileMeta {
    fn load(&self) -> Result<Vec<AccountMeta>, AppError> {
        let mut good = Vec::new();
        let mut kept = Vec::new();
        for item in self.read()? {
            match serde_json::from_value::<AccountMeta>(item.clone()) {
                Ok(m) if !m.demo => good.push(m),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "an account entry could not be read; it is kept unchanged");
                    kept.push(item);
                }
            }
        }
        *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = kept;
        Ok(good)
    }

    fn save(&self, accounts: &[AccountMeta]) -> Result<(), AppError> {
        let mut items = Vec::new();
        for a in accounts.iter().filter(|a| !a.demo) {
            items.push(
                serde_json::to_value(a)
                    .map_err(|e| AppError::internal(format!("could not encode accounts: {e}")))?,
            );
        }
        items.extend(
            self.kept
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .cloned(),
        );
        self.write(items)
    }

    fn unreadable(&self) -> u32 {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner()).len();
        let file = usize::from(
            self.moved_aside
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_some(),
        );
        u32::try_from(kept + file).unwrap_or(u32::MAX)
    }
}
