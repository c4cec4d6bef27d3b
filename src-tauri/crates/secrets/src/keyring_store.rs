//! The OS keyring backend (macOS Keychain, Windows Credential Manager, Linux Secret Service).

use crate::{CredentialStore, SecretBundle, SecretError};

/// Entries live under `service` (e.g. `shopdesk-dev`) with the account id as the user name.
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: &str) -> Self {
        KeyringStore {
            service: service.to_string(),
        }
    }

    fn entry(&self, account_id: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, account_id).map_err(map_err)
    }
}

/// Keyring failures as the app explains them: a locked keyring is the user's to unlock; a missing service
/// is a set-up problem (install gnome-keyring or KWallet on Linux).
fn map_err(e: keyring::Error) -> SecretError {
    let text = e.to_string();
    let locked = text.contains("IsLocked") || text.to_ascii_lowercase().contains("locked");
    match e {
        keyring::Error::NoStorageAccess(_) if locked => SecretError::Locked,
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            if locked {
                SecretError::Locked
            } else {
                SecretError::Unavailable(text)
            }
        }
        keyring::Error::BadEncoding(_) => SecretError::Corrupt,
        other => SecretError::Internal(other.to_string()),
    }
}

impl CredentialStore for KeyringStore {
    fn set(&self, account_id: &str, secrets: &SecretBundle) -> Result<(), SecretError> {
        let json = secrets.to_json()?;
        self.entry(account_id)?
            .set_password(json.as_str())
            .map_err(map_err)
    }

    fn get(&self, account_id: &str) -> Result<Option<SecretBundle>, SecretError> {
        match self.entry(account_id)?.get_password() {
            Ok(text) => {
                let text = zeroize::Zeroizing::new(text);
                SecretBundle::from_json(&text).map(Some)
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_err(e)),
        }
    }

    fn delete(&self, account_id: &str) -> Result<(), SecretError> {
        match self.entry(account_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform(msg: &str) -> keyring::Error {
        keyring::Error::PlatformFailure(Box::new(std::io::Error::other(msg.to_string())))
    }

    #[test]
    fn keyring_failures_map_to_what_the_user_can_do() {
        assert!(matches!(
            map_err(platform("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided")),
            SecretError::Unavailable(m) if m.contains("ServiceUnknown")
        ));
        let locked = keyring::Error::NoStorageAccess(Box::new(std::io::Error::other(
            "org.freedesktop.Secret.Error.IsLocked",
        )));
        assert_eq!(map_err(locked), SecretError::Locked);
        assert!(matches!(
            map_err(platform("no session bus")),
            SecretError::Unavailable(_)
        ));
    }
}
