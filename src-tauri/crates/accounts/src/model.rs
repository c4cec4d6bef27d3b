//! What the app knows about a connected account (never a secret), and what crosses IPC.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
pub use shopdesk_core::Vendor;

/// Onflow environments. Production's host is not documented yet: it is set by URL when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum OnflowEnvironment {
    Staging,
    Production,
}

/// Vendor-specific, non-secret settings of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "vendor", rename_all = "camelCase")]
pub enum AccountConfig {
    #[serde(rename_all = "camelCase")]
    Pancake {
        // ids and amounts crossing IPC stay far below 2^53: safe as JS numbers
        #[specta(type = specta_typescript::Number)]
        shop_id: i64,
        shop_name: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Onflow { environment: OnflowEnvironment },
    #[serde(rename_all = "camelCase")]
    Nhanh {
        #[specta(type = specta_typescript::Number)]
        app_id: i64,
        #[specta(type = specta_typescript::Number)]
        business_id: i64,
        /// RFC 3339. Nhanh tokens live one year and cannot be refreshed.
        expires_at: Option<String>,
        #[specta(type = Vec<specta_typescript::Number>)]
        depot_ids: Vec<i64>,
    },
}

impl AccountConfig {
    pub fn vendor(&self) -> Vendor {
        match self {
            AccountConfig::Pancake { .. } => Vendor::Pancake,
            AccountConfig::Onflow { .. } => Vendor::Onflow,
            AccountConfig::Nhanh { .. } => Vendor::Nhanh,
        }
    }
}

/// One connected account as persisted in the store file. Secrets are in the keyring under `id`; only their
/// masks (`••••abcd`) are kept here, so listing accounts never touches the keyring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountMeta {
    pub id: String,
    pub label: String,
    pub config: AccountConfig,
    /// `None` = the vendor's default host.
    pub base_url: Option<String>,
    /// Secret name → mask.
    pub masks: BTreeMap<String, String>,
    /// Part of the demo workspace (simulators), never persisted.
    #[serde(default)]
    pub demo: bool,
    /// RFC 3339.
    pub created_at: String,
}

/// What the Accounts page shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: String,
    pub vendor: Vendor,
    pub label: String,
    pub config: AccountConfig,
    pub base_url: Option<String>,
    pub masks: Vec<SecretMask>,
    pub demo: bool,
    /// Nhanh: the token expires within 30 days (or has expired): the user should run the consent again.
    pub expiry_warning: bool,
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SecretMask {
    pub name: String,
    pub mask: String,
}

/// What "test connection" found.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    /// Shop or business name, when the vendor tells it.
    pub name: Option<String>,
    /// Warehouses (Pancake, Onflow) or depots (Nhanh).
    pub warehouses: Vec<WarehouseInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WarehouseInfo {
    pub id: String,
    pub name: String,
}

/// A Pancake shop the api key can see (to pick `SHOP_ID`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ShopChoice {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub name: String,
}

/// What the user entered to connect an account. Secrets arrive here once and go straight to the keyring.
#[derive(Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum NewAccount {
    #[serde(rename_all = "camelCase")]
    Pancake {
        label: String,
        api_key: String,
        #[specta(type = specta_typescript::Number)]
        shop_id: i64,
        base_url: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Onflow {
        label: String,
        token: String,
        environment: OnflowEnvironment,
        base_url: Option<String>,
    },
    /// Nhanh with an access code (or the whole redirect URL) from the consent page.
    #[serde(rename_all = "camelCase")]
    NhanhCode {
        label: String,
        #[specta(type = specta_typescript::Number)]
        app_id: i64,
        secret_key: String,
        code_or_url: String,
        base_url: Option<String>,
    },
    /// Nhanh with an access token the user already has.
    #[serde(rename_all = "camelCase")]
    NhanhToken {
        label: String,
        #[specta(type = specta_typescript::Number)]
        app_id: i64,
        #[specta(type = specta_typescript::Number)]
        business_id: i64,
        access_token: String,
        secret_key: Option<String>,
        base_url: Option<String>,
    },
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            NewAccount::Pancake { .. } => "Pancake",
            NewAccount::Onflow { .. } => "Onflow",
            NewAccount::NhanhCode { .. } => "NhanhCode",
            NewAccount::NhanhToken { .. } => "NhanhToken",
        };
        write!(f, "NewAccount::{kind}(***)")
    }
}

impl NewAccount {
    pub fn label(&self) -> &str {
        match self {
            NewAccount::Pancake { label, .. }
            | NewAccount::Onflow { label, .. }
            | NewAccount::NhanhCode { label, .. }
            | NewAccount::NhanhToken { label, .. } => label,
        }
    }
}

/// Names of the secrets kept per vendor.
pub mod secret_names {
    pub const API_KEY: &str = "apiKey";
    pub const TOKEN: &str = "token";
    pub const ACCESS_TOKEN: &str = "accessToken";
    pub const SECRET_KEY: &str = "secretKey";
}
