//! The demo workspace: the three simulators in-process on 127.0.0.1 and one demo account each. Demo
//! accounts and their (public, simulator-issued) keys live only in memory: never in the store file or the
//! keyring, so they cannot mix with real accounts.

use std::collections::BTreeMap;

use chrono::Utc;
use secrecy::SecretString;
use secrets::SecretBundle;
use serde_json::Value;
use shopdesk_core::AppError;

use crate::model::{secret_names as names, AccountConfig, AccountMeta, OnflowEnvironment};

pub struct Demo {
    pub sandbox: sandbox::Sandbox,
    pub accounts: Vec<AccountMeta>,
    secrets: BTreeMap<String, SecretBundle>,
}

fn text(v: &Value, key: &str) -> Result<String, AppError> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(AppError::internal(format!(
            "the demo simulators did not report {key}"
        ))),
    }
}

fn int(v: &Value, key: &str) -> Result<i64, AppError> {
    text(v, key)?.parse().map_err(|_| {
        AppError::internal(format!("the demo simulators reported a non-numeric {key}"))
    })
}

impl Demo {
    pub async fn start(options: sandbox::Options) -> Result<Self, AppError> {
        let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let sb = sandbox::start_demo(listen, options)
            .await
            .map_err(|e| AppError::internal(format!("could not start the demo simulators: {e}")))?;
        let info = sb.info();
        let now = Utc::now().to_rfc3339();
        let mut accounts = Vec::new();
        let mut secrets = BTreeMap::new();
        let mut add = |id: &str, config: AccountConfig, base: String, bundle: SecretBundle| {
            let masks = bundle
                .names()
                .filter_map(|n| bundle.mask(n).map(|m| (n.to_string(), m)))
                .collect();
            accounts.push(AccountMeta {
                id: id.to_string(),
                // the UI shows a localized demo label for demo accounts
                label: String::new(),
                config,
                base_url: Some(base),
                masks,
                demo: true,
                created_at: now.clone(),
            });
            secrets.insert(id.to_string(), bundle);
        };

        let p = &info["pancake"];
        add(
            "demo-pancake",
            AccountConfig::Pancake {
                shop_id: int(p, "shop_id")?,
                shop_name: None,
            },
            text(p, "base_url")?,
            SecretBundle::new().with(names::API_KEY, SecretString::from(text(p, "api_key")?)),
        );
        let o = &info["onflow"];
        add(
            "demo-onflow",
            AccountConfig::Onflow {
                environment: OnflowEnvironment::Staging,
            },
            text(o, "base_url")?,
            SecretBundle::new().with(names::TOKEN, SecretString::from(text(o, "token")?)),
        );
        let n = &info["nhanh"];
        add(
            "demo-nhanh",
            AccountConfig::Nhanh {
                app_id: int(n, "app_id")?,
                business_id: int(n, "business_id")?,
                expires_at: Some((Utc::now() + chrono::Duration::days(365)).to_rfc3339()),
                depot_ids: Vec::new(),
            },
            text(n, "base_url")?,
            SecretBundle::new()
                .with(
                    names::ACCESS_TOKEN,
                    SecretString::from(text(n, "access_token")?),
                )
                .with(
                    names::SECRET_KEY,
                    SecretString::from(text(n, "secret_key")?),
                ),
        );
        tracing::info!(base = %sb.base_url(), "demo workspace started");
        Ok(Demo {
            sandbox: sb,
            accounts,
            secrets,
        })
    }

    pub fn get(&self, id: &str) -> Option<(AccountMeta, SecretBundle)> {
        let meta = self.accounts.iter().find(|a| a.id == id)?.clone();
        let bundle = self.secrets.get(id)?.clone();
        Some((meta, bundle))
    }
}
