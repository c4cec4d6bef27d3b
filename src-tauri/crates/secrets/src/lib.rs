//! `secrets`: where ShopDesk keeps API keys, tokens and secret keys — the OS keyring and nowhere else.
//!
//! One keyring entry per account: service `shopdesk` (release) or `shopdesk-dev` (dev builds), user = the
//! account id, value = a small JSON object of that account's named secrets (e.g. Nhanh's `accessToken` and
//! `secretKey`). There is no plaintext fallback: without a keyring the call fails with
//! [`SecretError::Unavailable`] or [`SecretError::Locked`], which the app shows with how to fix it.
//!
//! The keyring is a blocking API (D-Bus on Linux); [`Secrets`] runs every call on tokio's blocking pool.

mod keyring_store;
mod memory;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use keyring_store::KeyringStore;
pub use memory::MemoryStore;

/// Why a credential could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keyring service exists (e.g. Linux without a Secret Service such as gnome-keyring or KWallet).
    #[error("no keyring is available: {0}")]
    Unavailable(String),
    /// The keyring exists but is locked (the user has to unlock it).
    #[error("the keyring is locked")]
    Locked,
    /// The stored entry is not ShopDesk's format (never shows the value).
    #[error("the stored credential is unreadable")]
    Corrupt,
    #[error("keyring error: {0}")]
    Internal(String),
}

/// An account's secrets by name. Debug never shows values; values are zeroized on drop.
#[derive(Clone, Default)]
pub struct SecretBundle {
    values: BTreeMap<String, SecretString>,
}

impl fmt::Debug for SecretBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretBundle")
            .field("names", &self.values.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl SecretBundle {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, name: &str, value: SecretString) -> Self {
        self.insert(name, value);
        self
    }

    pub fn insert(&mut self, name: &str, value: SecretString) {
        self.values.insert(name.to_string(), value);
    }

    pub fn get(&self, name: &str) -> Option<&SecretString> {
        self.values.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// The last four characters of a secret, for the write-only UI (`••••abcd`). Short secrets show less.
    pub fn mask(&self, name: &str) -> Option<String> {
        self.get(name).map(|s| mask(s.expose_secret()))
    }

    fn to_json(&self) -> Result<Zeroizing<String>, SecretError> {
        #[derive(Serialize)]
        struct Wire<'a>(BTreeMap<&'a str, &'a str>);
        let wire = Wire(
            self.values
                .iter()
                .map(|(k, v)| (k.as_str(), v.expose_secret()))
                .collect(),
        );
        serde_json::to_string(&wire)
            .map(Zeroizing::new)
            .map_err(|e| SecretError::Internal(format!("could not encode: {e}")))
    }

    fn from_json(text: &str) -> Result<Self, SecretError> {
        #[derive(Deserialize)]
        struct Wire(BTreeMap<String, String>);
        let Wire(map) = serde_json::from_str(text).map_err(|_| SecretError::Corrupt)?;
        Ok(SecretBundle {
            values: map
                .into_iter()
                .map(|(k, v)| (k, SecretString::from(v)))
                .collect(),
        })
    }
}

/// `••••` followed by the last four characters (fewer when the secret is short, none under 8).
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let shown = match chars.len() {
        0..=7 => 0,
        8..=11 => 2,
        _ => 4,
    };
    let tail: String = chars[chars.len() - shown..].iter().collect();
    format!("••••{tail}")
}

/// A blocking credential backend. Implementations: [`KeyringStore`] (the OS keyring) and [`MemoryStore`].
pub trait CredentialStore: Send + Sync + 'static {
    /// Replace the account's secrets.
    fn set(&self, account_id: &str, secrets: &SecretBundle) -> Result<(), SecretError>;
    /// The account's secrets, or `None` when it has no entry.
    fn get(&self, account_id: &str) -> Result<Option<SecretBundle>, SecretError>;
    /// Remove the account's entry; removing a missing entry is not an error.
    fn delete(&self, account_id: &str) -> Result<(), SecretError>;
}

/// The async face of a credential store: every call runs on the blocking pool, off the async runtime.
#[derive(Clone)]
pub struct Secrets {
    store: Arc<dyn CredentialStore>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secrets")
    }
}

impl Secrets {
    pub fn new(store: Arc<dyn CredentialStore>) -> Self {
        Secrets { store }
    }

    /// The OS keyring, namespaced by build: `shopdesk` for release builds, `shopdesk-dev` otherwise.
    pub fn os_keyring(release: bool) -> Self {
        let service = if release { "shopdesk" } else { "shopdesk-dev" };
        Self::new(Arc::new(KeyringStore::new(service)))
    }

    pub fn in_memory() -> Self {
        Self::new(Arc::new(MemoryStore::default()))
    }

    pub async fn set(&self, account_id: &str, secrets: SecretBundle) -> Result<(), SecretError> {
        let store = self.store.clone();
        let id = account_id.to_string();
        blocking(move || store.set(&id, &secrets)).await
    }

    pub async fn get(&self, account_id: &str) -> Result<Option<SecretBundle>, SecretError> {
        let store = self.store.clone();
        let id = account_id.to_string();
        blocking(move || store.get(&id)).await
    }

    pub async fn delete(&self, account_id: &str) -> Result<(), SecretError> {
        let store = self.store.clone();
        let id = account_id.to_string();
        blocking(move || store.delete(&id)).await
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SecretError> + Send + 'static,
) -> Result<T, SecretError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SecretError::Internal(format!("keyring task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_show_at_most_the_last_four_characters() {
        assert_eq!(mask("pk_live_1234567890abcd"), "••••abcd");
        assert_eq!(mask("12345678"), "••••78");
        assert_eq!(mask("short"), "••••");
        assert_eq!(mask("Mật-khẩu-dài-quá"), "••••-quá");
    }

    #[test]
    fn bundle_debug_shows_names_not_values() {
        let b = SecretBundle::new().with("apiKey", SecretString::from("super-secret-value"));
        let d = format!("{b:?}");
        assert!(d.contains("apiKey"));
        assert!(!d.contains("super-secret-value"));
    }

    #[test]
    fn bundle_round_trips_through_json() {
        let b = SecretBundle::new()
            .with("accessToken", SecretString::from("tok-123"))
            .with("secretKey", SecretString::from("sk-456"));
        let text = b.to_json().expect("encodes");
        let back = SecretBundle::from_json(&text).expect("decodes");
        assert_eq!(
            back.get("secretKey").map(|s| s.expose_secret().to_string()),
            Some("sk-456".to_string())
        );
        assert_eq!(
            SecretBundle::from_json("not json").err(),
            Some(SecretError::Corrupt)
        );
    }
}
