//! The in-memory twin of the keyring, for unit tests of code that stores credentials.

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::{CredentialStore, SecretBundle, SecretError};

/// Holds entries in memory, in the same serialized form the keyring gets. Can simulate a locked keyring.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Zeroizing<String>>>,
    locked: Mutex<bool>,
}

impl MemoryStore {
    /// Make every later call fail with `Locked` (or succeed again with `false`).
    pub fn set_locked(&self, locked: bool) {
        *self.locked.lock().unwrap_or_else(|p| p.into_inner()) = locked;
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check(&self) -> Result<(), SecretError> {
        if *self.locked.lock().unwrap_or_else(|p| p.into_inner()) {
            Err(SecretError::Locked)
        } else {
            Ok(())
        }
    }
}

impl CredentialStore for MemoryStore {
    fn set(&self, account_id: &str, secrets: &SecretBundle) -> Result<(), SecretError> {
        self.check()?;
        let json = secrets.to_json()?;
        self.entries
            .lock()
            .map_err(|_| SecretError::Internal("poisoned".into()))?
            .insert(account_id.to_string(), json);
        Ok(())
    }

    fn get(&self, account_id: &str) -> Result<Option<SecretBundle>, SecretError> {
        self.check()?;
        let entries = self
            .entries
            .lock()
            .map_err(|_| SecretError::Internal("poisoned".into()))?;
        entries
            .get(account_id)
            .map(|j| SecretBundle::from_json(j))
            .transpose()
    }

    fn delete(&self, account_id: &str) -> Result<(), SecretError> {
        self.check()?;
        self.entries
            .lock()
            .map_err(|_| SecretError::Internal("poisoned".into()))?
            .remove(account_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use secrecy::{ExposeSecret, SecretString};

    use crate::{MemoryStore, SecretBundle, SecretError, Secrets};

    #[tokio::test]
    async fn set_get_delete_per_account() {
        let store = Arc::new(MemoryStore::default());
        let s = Secrets::new(store.clone());
        s.set(
            "acc-1",
            SecretBundle::new().with("apiKey", SecretString::from("k1")),
        )
        .await
        .expect("set");
        s.set(
            "acc-2",
            SecretBundle::new().with("apiKey", SecretString::from("k2")),
        )
        .await
        .expect("set");
        let got = s.get("acc-1").await.expect("get").expect("present");
        assert_eq!(
            got.get("apiKey").map(|v| v.expose_secret().to_string()),
            Some("k1".into())
        );
        s.delete("acc-1").await.expect("delete");
        assert!(s.get("acc-1").await.expect("get").is_none());
        assert!(
            s.get("acc-2").await.expect("get").is_some(),
            "other accounts untouched"
        );
        s.delete("acc-1")
            .await
            .expect("deleting a missing entry is fine");
        assert_eq!(store.len(), 1);
    }

    #[tokio::test]
    async fn a_locked_store_refuses_and_keeps_nothing() {
        let store = Arc::new(MemoryStore::default());
        store.set_locked(true);
        let s = Secrets::new(store.clone());
        let err = s
            .set(
                "a",
                SecretBundle::new().with("apiKey", SecretString::from("k")),
            )
            .await
            .expect_err("locked");
        assert_eq!(err, SecretError::Locked);
        store.set_locked(false);
        assert!(store.is_empty());
    }
}
