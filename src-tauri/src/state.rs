//! App state shared by the commands, and the store-file backed account metadata.

use std::sync::Arc;

use accounts::{AccountMeta, AccountService, MetaStore};
use shopdesk_core::AppError;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

pub struct AppState {
    pub accounts: Arc<AccountService>,
}

const ACCOUNTS_FILE: &str = "accounts.json";
const ACCOUNTS_KEY: &str = "accounts";

/// Account metadata in `accounts.json` (tauri-plugin-store, app config dir). Masks only, never secrets.
pub struct StoreMeta<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> StoreMeta<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        StoreMeta { app }
    }
}

impl<R: Runtime> MetaStore for StoreMeta<R> {
    fn load(&self) -> Result<Vec<AccountMeta>, AppError> {
        let store = self
            .app
            .store(ACCOUNTS_FILE)
            .map_err(|e| AppError::internal(format!("could not open the accounts file: {e}")))?;
        Ok(store
            .get(ACCOUNTS_KEY)
            .and_then(|v| serde_json::from_value::<Vec<AccountMeta>>(v).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !a.demo)
            .collect())
    }

    fn save(&self, accounts: &[AccountMeta]) -> Result<(), AppError> {
        let real: Vec<&AccountMeta> = accounts.iter().filter(|a| !a.demo).collect();
        let store = self
            .app
            .store(ACCOUNTS_FILE)
            .map_err(|e| AppError::internal(format!("could not open the accounts file: {e}")))?;
        let value = serde_json::to_value(real)
            .map_err(|e| AppError::internal(format!("could not encode accounts: {e}")))?;
        store.set(ACCOUNTS_KEY, value);
        store
            .save()
            .map_err(|e| AppError::internal(format!("could not save the accounts file: {e}")))
    }
}

pub fn shared(accounts: AccountService) -> AppState {
    AppState {
        accounts: Arc::new(accounts),
    }
}
