//! `accounts`: the vendor accounts a shop owner connects.
//!
//! Metadata (vendor, label, shop/business ids, secret masks) goes to a [`MetaStore`] (the app's store file);
//! secrets go to the OS keyring through [`secrets::Secrets`] and never come back out to the UI — only masks
//! do. Adding an account tests the connection first: a wrong key saves nothing. With no account connected the
//! app can run the **demo workspace**: the three simulators in-process on 127.0.0.1 with demo accounts that
//! live only in memory and never mix with real ones.

mod connect;
mod demo;
mod file_meta;
pub mod model;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use rand::Rng;
use secrecy::SecretString;
use secrets::{SecretBundle, SecretError, Secrets};
use shopdesk_core::flight::Flights;
pub use shopdesk_core::ports::Adapter;
use shopdesk_core::{AppError, ErrorCode};

pub use connect::{nhanh_client, onflow_client, pancake_client};
pub use file_meta::FileMeta;
pub use model::*;
/// What one upload may be (files go to Onflow accounts only): the app's upload queue and its file
/// picker use these, so the app names no vendor crate.
pub use onflow::adapter::files::UPLOAD_LIMITS as FILE_UPLOAD_LIMITS;

/// A Nhanh token this close to expiry shows a warning.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// Where account metadata is persisted (the app uses tauri-plugin-store). Never given a secret.
pub trait MetaStore: Send + Sync + 'static {
    fn load(&self) -> Result<Vec<AccountMeta>, AppError>;
    fn save(&self, accounts: &[AccountMeta]) -> Result<(), AppError>;
    /// Entries (or a whole file) that could not be read and were kept aside, not dropped.
    fn unreadable(&self) -> u32 {
        0
    }
}

/// Metadata in memory, for tests.
#[derive(Default)]
pub struct MemoryMeta(Mutex<Vec<AccountMeta>>);

impl MetaStore for MemoryMeta {
    fn load(&self) -> Result<Vec<AccountMeta>, AppError> {
        Ok(self
            .0
            .lock()
            .map_err(|_| AppError::internal("poisoned"))?
            .clone())
    }
    fn save(&self, accounts: &[AccountMeta]) -> Result<(), AppError> {
        *self.0.lock().map_err(|_| AppError::internal("poisoned"))? = accounts.to_vec();
        Ok(())
    }
}

/// The keyring's failures as the UI explains them.
pub fn secret_error(e: SecretError) -> AppError {
    match e {
        SecretError::Unavailable(m) => AppError::new(ErrorCode::KeyringUnavailable, m),
        SecretError::Locked => AppError::new(ErrorCode::KeyringLocked, "the keyring is locked"),
        SecretError::Corrupt => AppError::internal("the stored credential is unreadable"),
        SecretError::Internal(m) => AppError::internal(m),
    }
}

/// A form field error: `code` is an i18n key under `validation.` in the UI.
pub fn field_error(field: &str, code: &str) -> AppError {
    AppError::field(field, code)
}

/// Which accounts the app is showing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    /// The demo workspace is active (no real account connected).
    pub demo: bool,
    pub accounts: Vec<AccountView>,
    /// Saved accounts this version could not read: kept in the file unchanged, shown as a warning.
    pub unreadable_accounts: u32,
}

/// The accounts, and the registry of their vendor clients: one client per account for the life of the
/// app (so an account's rate limiter really is per account), rebuilt when the account's secret or
/// settings change; and the single-flight set for per-account background jobs.
pub struct AccountService {
    meta: Arc<dyn MetaStore>,
    secrets: Secrets,
    demo: tokio::sync::Mutex<Option<demo::Demo>>,
    writes: tokio::sync::Mutex<()>,
    clients: Mutex<HashMap<String, (store::Account, Adapter)>>,
    flights: Flights,
}

impl AccountService {
    pub fn new(meta: Arc<dyn MetaStore>, secrets: Secrets) -> Self {
        AccountService {
            meta,
            secrets,
            demo: tokio::sync::Mutex::new(None),
            writes: tokio::sync::Mutex::new(()),
            clients: Mutex::new(HashMap::new()),
            flights: Flights::new(),
        }
    }

    /// Per-account background jobs running now (`stock:<id>`, `orders:<id>`): claim a key before
    /// starting one; the guard releases it however the job ends.
    pub fn flights(&self) -> &Flights {
        &self.flights
    }

    /// Forget the client of `id` (or every client): the next [`AccountService::client`] builds anew.
    fn forget_client(&self, id: Option<&str>) {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        match id {
            Some(id) => {
                clients.remove(id);
            }
            None => clients.clear(),
        }
    }

    /// Real accounts only.
    pub fn real_accounts(&self) -> Result<Vec<AccountMeta>, AppError> {
        self.meta.load()
    }

    /// What the UI shows: the real accounts, or the demo accounts while the demo workspace runs.
    pub async fn workspace(&self) -> Result<Workspace, AppError> {
        let real = self.meta.load()?;
        let demo = self.demo.lock().await;
        match (&*demo, real.is_empty()) {
            (Some(d), true) => Ok(Workspace {
                demo: true,
                accounts: d.accounts.iter().map(view).collect(),
                unreadable_accounts: self.meta.unreadable(),
            }),
            _ => Ok(Workspace {
                demo: false,
                accounts: real.iter().map(view).collect(),
                unreadable_accounts: self.meta.unreadable(),
            }),
        }
    }

    /// Start the simulators and the demo accounts (only when no real account exists).
    pub async fn start_demo(&self, options: sandbox::Options) -> Result<bool, AppError> {
        if !self.meta.load()?.is_empty() {
            return Ok(false);
        }
        let mut demo = self.demo.lock().await;
        if demo.is_none() {
            *demo = Some(demo::Demo::start(options).await?);
            self.forget_client(None);
        }
        Ok(true)
    }

    /// Stop the demo workspace (its simulators and accounts disappear).
    pub async fn leave_demo(&self) {
        self.demo.lock().await.take();
        self.forget_client(None);
    }

    /// The demo's clock: every open PO at the demo warehouse moves one step. Answers how many moved (0
    /// outside the demo).
    pub async fn demo_advance_pos(&self) -> usize {
        match self.demo.lock().await.as_ref() {
            Some(d) => d.sandbox.onflow.advance_open_pos(),
            None => 0,
        }
    }

    /// Set the demo warehouse's sellable stock of SKU `sku` to `sellable` (the low-stock test seam).
    /// Answers whether the demo has that SKU at its warehouse (`false` outside the demo).
    pub async fn demo_set_sellable(&self, sku: &str, sellable: i64) -> bool {
        match self.demo.lock().await.as_ref() {
            Some(d) => d
                .sandbox
                .onflow
                .set_sellable_by_sku(sku, sellable)
                .is_some(),
            None => false,
        }
    }

    /// Slow every answer of the demo simulators by `ms` (the start-up benchmark's seam: the stock rows it
    /// times must come from the local cache, before any vendor answers).
    pub async fn demo_latency(&self, ms: u64) {
        if let Some(d) = self.demo.lock().await.as_ref() {
            for vendor in ["pancake", "onflow", "nhanh"] {
                if let Some(f) = d.sandbox.faults(vendor) {
                    f.set(sandbox::FaultConfig {
                        latency_ms: ms,
                        ..Default::default()
                    });
                }
            }
        }
    }

    /// The base URL of the running demo simulators, if any (for tests and diagnostics).
    pub async fn demo_base_url(&self) -> Option<String> {
        self.demo
            .lock()
            .await
            .as_ref()
            .map(|d| d.sandbox.base_url())
    }

    /// The account (real or demo) and its secrets.
    pub async fn resolve(&self, id: &str) -> Result<(AccountMeta, SecretBundle), AppError> {
        if let Some(d) = self.demo.lock().await.as_ref() {
            if let Some(found) = d.get(id) {
                return Ok(found);
            }
        }
        let meta = self
            .meta
            .load()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no account {id}")))?;
        let bundle = self
            .secrets
            .get(id)
            .await
            .map_err(secret_error)?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Unauthorized,
                    "the keyring has no secret for this account",
                )
            })?;
        Ok((meta, bundle))
    }

    /// The account's vendor adapter (real or demo: its client, with one accessor per capability), and
    /// the account as the stock cache knows it. Every caller gets the same adapter (so the same rate
    /// limiter and pauses) until the account's secret or settings change; the keyring is read only
    /// when the client is built.
    pub async fn client(&self, id: &str) -> Result<(store::Account, Adapter), AppError> {
        if let Some(found) = self
            .clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
        {
            return Ok(found.clone());
        }
        let (meta, bundle) = self.resolve(id).await?;
        let client = connect::client(&meta, &bundle)?;
        let account = store::Account {
            id: meta.id.clone(),
            vendor: meta.config.vendor(),
            label: meta.label.clone(),
            demo: meta.demo,
        };
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        // two first callers may race: keep the first client built, so both share one limiter
        let entry = clients.entry(id.to_string()).or_insert((account, client));
        Ok(entry.clone())
    }

    /// The shops a Pancake api key can see (step one of adding a Pancake account).
    pub async fn pancake_shops(
        &self,
        api_key: &str,
        base_url: Option<String>,
    ) -> Result<Vec<ShopChoice>, AppError> {
        let key = connect::required_secret("apiKey", api_key)?;
        connect::pancake_shops(clean_url(base_url).as_deref(), key).await
    }

    /// The consent page a Nhanh user opens in the browser.
    pub fn nhanh_consent_url(
        &self,
        app_id: i64,
        return_link: &str,
        oauth_url: Option<&str>,
    ) -> Result<String, AppError> {
        let mut config = nhanh::Config::new(app_id);
        if let Some(u) = oauth_url {
            config = config.with_oauth_url(u)?;
        }
        let oauth = nhanh::OAuth::new(config, SecretString::from(String::new()))?;
        Ok(oauth.consent_url(return_link).to_string())
    }

    /// Connect an account: validate, test against the vendor, then keyring, then metadata. Nothing is saved
    /// when any step fails. Connecting a real account ends the demo workspace.
    pub async fn add(&self, input: NewAccount) -> Result<AccountView, AppError> {
        let label = input.label().trim().to_string();
        if label.is_empty() {
            return Err(field_error("label", "required"));
        }
        let (meta, bundle) = self.prepare(input, label).await?;
        connect::test(&meta, &bundle).await?;
        let _guard = self.writes.lock().await;
        let mut all = self.meta.load()?;
        self.secrets
            .set(&meta.id, bundle)
            .await
            .map_err(secret_error)?;
        all.push(meta.clone());
        if let Err(e) = self.meta.save(&all) {
            // do not leave an orphan secret behind
            let _ = self.secrets.delete(&meta.id).await;
            return Err(e);
        }
        drop(_guard);
        self.leave_demo().await;
        tracing::info!(account = %meta.id, vendor = meta.config.vendor().as_str(), "account connected");
        Ok(view(&meta))
    }

    async fn prepare(
        &self,
        input: NewAccount,
        label: String,
    ) -> Result<(AccountMeta, SecretBundle), AppError> {
        use model::secret_names as names;
        let now = Utc::now().to_rfc3339();
        let mut bundle = SecretBundle::new();
        let (config, base_url) = match input {
            NewAccount::Pancake {
                api_key,
                shop_id,
                base_url,
                ..
            } => {
                let key = connect::required_secret("apiKey", &api_key)?;
                let base_url = clean_url(base_url);
                let shops = connect::pancake_shops(base_url.as_deref(), key.clone()).await?;
                let shop = shops
                    .into_iter()
                    .find(|s| s.id == shop_id)
                    .ok_or_else(|| field_error("shopId", "shopNotVisible"))?;
                bundle.insert(names::API_KEY, key);
                (
                    AccountConfig::Pancake {
                        shop_id,
                        shop_name: Some(shop.name),
                    },
                    base_url,
                )
            }
            NewAccount::Onflow {
                token,
                environment,
                base_url,
                ..
            } => {
                bundle.insert(names::TOKEN, connect::required_secret("token", &token)?);
                (AccountConfig::Onflow { environment }, clean_url(base_url))
            }
            NewAccount::NhanhCode {
                app_id,
                secret_key,
                code_or_url,
                base_url,
                ..
            } => {
                let secret_key = connect::required_secret("secretKey", &secret_key)?;
                if code_or_url.trim().is_empty() {
                    return Err(field_error("codeOrUrl", "required"));
                }
                let base_url = clean_url(base_url);
                let config = connect::nhanh_config(base_url.as_deref(), app_id)?;
                let grant = nhanh::OAuth::new(config, secret_key.clone())?
                    .exchange(&code_or_url)
                    .await?;
                bundle.insert(names::ACCESS_TOKEN, grant.access_token.clone());
                bundle.insert(names::SECRET_KEY, secret_key);
                (
                    AccountConfig::Nhanh {
                        app_id,
                        business_id: grant.business_id,
                        expires_at: Some(grant.expired_at.to_rfc3339()),
                        depot_ids: grant.depot_ids.clone(),
                    },
                    base_url,
                )
            }
            NewAccount::NhanhToken {
                app_id,
                business_id,
                access_token,
                secret_key,
                base_url,
                ..
            } => {
                bundle.insert(
                    names::ACCESS_TOKEN,
                    connect::required_secret("accessToken", &access_token)?,
                );
                if let Some(sk) = secret_key.filter(|s| !s.trim().is_empty()) {
                    bundle.insert(
                        names::SECRET_KEY,
                        connect::required_secret("secretKey", &sk)?,
                    );
                }
                (
                    AccountConfig::Nhanh {
                        app_id,
                        business_id,
                        expires_at: None,
                        depot_ids: Vec::new(),
                    },
                    clean_url(base_url),
                )
            }
        };
        let masks = masks_of(&bundle);
        let meta = AccountMeta {
            id: new_id(config.vendor()),
            label,
            config,
            base_url,
            masks,
            demo: false,
            created_at: now,
        };
        Ok((meta, bundle))
    }

    /// Call the vendor with the stored credentials.
    pub async fn test(&self, id: &str) -> Result<ConnectionReport, AppError> {
        let (meta, bundle) = self.resolve(id).await?;
        connect::test(&meta, &bundle).await
    }

    pub async fn rename(&self, id: &str, label: &str) -> Result<AccountView, AppError> {
        let label = label.trim();
        if label.is_empty() {
            return Err(field_error("label", "required"));
        }
        let v = self.update_meta(id, |m| m.label = label.to_string()).await;
        self.forget_client(Some(id));
        v
    }

    /// Replace one secret (an explicit action). The new value is tested before it replaces the old one.
    pub async fn replace_secret(
        &self,
        id: &str,
        name: &str,
        value: &str,
    ) -> Result<AccountView, AppError> {
        let (meta, mut bundle) = self.resolve(id).await?;
        if meta.demo {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "demo accounts cannot be changed",
            ));
        }
        if bundle.get(name).is_none() && !allowed_secret(&meta.config, name) {
            return Err(field_error(name, "unknownSecret"));
        }
        bundle.insert(name, connect::required_secret(name, value)?);
        connect::test(&meta, &bundle).await?;
        let masks = masks_of(&bundle);
        let _guard = self.writes.lock().await;
        self.secrets.set(id, bundle).await.map_err(secret_error)?;
        self.forget_client(Some(id));
        drop(_guard);
        self.update_meta(id, move |m| m.masks = masks).await
    }

    /// Disconnect: the keyring entry first (so a failure leaves the account listed and retryable), then the
    /// metadata. The caller clears cached data.
    pub async fn remove(&self, id: &str) -> Result<(), AppError> {
        let _guard = self.writes.lock().await;
        let mut all = self.meta.load()?;
        let before = all.len();
        all.retain(|a| a.id != id);
        if all.len() == before {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("no account {id}"),
            ));
        }
        self.secrets.delete(id).await.map_err(secret_error)?;
        self.meta.save(&all)?;
        self.forget_client(Some(id));
        tracing::info!(account = %id, "account removed");
        Ok(())
    }

    async fn update_meta(
        &self,
        id: &str,
        f: impl FnOnce(&mut AccountMeta),
    ) -> Result<AccountView, AppError> {
        let _guard = self.writes.lock().await;
        let mut all = self.meta.load()?;
        let m = all
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no account {id}")))?;
        f(m);
        let v = view(m);
        self.meta.save(&all)?;
        Ok(v)
    }
}

fn allowed_secret(config: &AccountConfig, name: &str) -> bool {
    use model::secret_names as n;
    match config {
        AccountConfig::Pancake { .. } => name == n::API_KEY,
        AccountConfig::Onflow { .. } => name == n::TOKEN,
        AccountConfig::Nhanh { .. } => name == n::ACCESS_TOKEN || name == n::SECRET_KEY,
    }
}

fn masks_of(bundle: &SecretBundle) -> BTreeMap<String, String> {
    bundle
        .names()
        .filter_map(|n| bundle.mask(n).map(|m| (n.to_string(), m)))
        .collect()
}

fn clean_url(url: Option<String>) -> Option<String> {
    url.map(|u| u.trim().trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty())
}

fn new_id(vendor: Vendor) -> String {
    let n: u64 = rand::rng().random();
    format!("{}-{n:016x}", vendor.as_str())
}

/// The UI's view of an account: masks only, plus the expiry warning.
pub fn view(m: &AccountMeta) -> AccountView {
    let (warning, expired) = match &m.config {
        AccountConfig::Nhanh {
            expires_at: Some(at),
            ..
        } => match DateTime::parse_from_rfc3339(at) {
            Ok(t) => {
                let left = t.with_timezone(&Utc) - Utc::now();
                (
                    left <= chrono::Duration::days(EXPIRY_WARNING_DAYS),
                    left <= chrono::Duration::zero(),
                )
            }
            Err(_) => (false, false),
        },
        _ => (false, false),
    };
    AccountView {
        id: m.id.clone(),
        vendor: m.config.vendor(),
        label: m.label.clone(),
        config: m.config.clone(),
        base_url: m.base_url.clone(),
        masks: m
            .masks
            .iter()
            .map(|(name, mask)| SecretMask {
                name: name.clone(),
                mask: mask.clone(),
            })
            .collect(),
        demo: m.demo,
        expiry_warning: warning,
        expired,
    }
}
