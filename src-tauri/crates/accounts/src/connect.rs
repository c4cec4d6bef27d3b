//! Building a vendor client from an account's metadata and secrets, and "test connection".

use secrecy::SecretString;
use secrets::SecretBundle;
use std::sync::Arc;

use shopdesk_core::ports::Adapter;
use shopdesk_core::AppError;

use crate::model::{
    secret_names as names, AccountConfig, AccountMeta, ConnectionReport, OnflowEnvironment,
    ShopChoice, WarehouseInfo,
};

fn secret(bundle: &SecretBundle, name: &str) -> Result<SecretString, AppError> {
    bundle.get(name).cloned().ok_or_else(|| {
        AppError::new(
            shopdesk_core::ErrorCode::Unauthorized,
            format!("no {name} is stored for this account"),
        )
    })
}

pub fn pancake_client(
    base_url: Option<&str>,
    api_key: SecretString,
    shop_id: Option<i64>,
) -> Result<pancake::PancakeClient, AppError> {
    let mut b = pancake::PancakeClient::builder().api_key(api_key);
    if let Some(id) = shop_id {
        b = b.shop_id(id);
    }
    if let Some(url) = base_url {
        b = b.base_url(url);
    }
    Ok(b.build()?)
}

/// An Onflow client: an explicit address wins, else the account's environment picks the host.
pub fn onflow_client(
    base_url: Option<&str>,
    environment: OnflowEnvironment,
    token: SecretString,
) -> Result<onflow::OnflowClient, AppError> {
    let env = match environment {
        OnflowEnvironment::Staging => onflow::Environment::Staging,
        OnflowEnvironment::Production => onflow::Environment::Production,
    };
    let mut b = onflow::OnflowClient::builder()
        .environment(env)
        .token(token);
    if let Some(url) = base_url {
        b = b.base_url(url);
    }
    Ok(b.build()?)
}

pub fn nhanh_config(base_url: Option<&str>, app_id: i64) -> Result<nhanh::Config, AppError> {
    let config = nhanh::Config::new(app_id);
    Ok(match base_url {
        Some(url) => config.with_base_url(url)?,
        None => config,
    })
}

pub fn nhanh_client(
    base_url: Option<&str>,
    app_id: i64,
    business_id: i64,
    access_token: SecretString,
) -> Result<nhanh::Client, AppError> {
    let config = nhanh_config(base_url, app_id)?;
    Ok(nhanh::Client::new(
        config,
        nhanh::Credentials {
            business_id,
            access_token,
        },
    )?)
}

/// The shops a Pancake api key can see.
pub async fn pancake_shops(
    base_url: Option<&str>,
    api_key: SecretString,
) -> Result<Vec<ShopChoice>, AppError> {
    let client = pancake_client(base_url, api_key, None)?;
    let shops = client.shops().await?;
    Ok(shops
        .into_iter()
        .map(|s| ShopChoice {
            id: s.id,
            name: s.name.unwrap_or_else(|| format!("#{}", s.id)),
        })
        .collect())
}

/// The vendor adapter (its client) for an account and its secrets. The one place that knows which
/// crate serves which vendor: a new vendor is one more arm here.
pub fn client(meta: &AccountMeta, bundle: &SecretBundle) -> Result<Adapter, AppError> {
    let base = meta.base_url.as_deref();
    Ok(match &meta.config {
        AccountConfig::Pancake { shop_id, .. } => Arc::new(pancake_client(
            base,
            secret(bundle, names::API_KEY)?,
            Some(*shop_id),
        )?),
        AccountConfig::Onflow { environment } => Arc::new(onflow_client(
            base,
            *environment,
            secret(bundle, names::TOKEN)?,
        )?),
        AccountConfig::Nhanh {
            app_id,
            business_id,
            ..
        } => Arc::new(nhanh_client(
            base,
            *app_id,
            *business_id,
            secret(bundle, names::ACCESS_TOKEN)?,
        )?),
    })
}

/// Call the vendor with the stored credentials and say what was found.
pub async fn test(meta: &AccountMeta, bundle: &SecretBundle) -> Result<ConnectionReport, AppError> {
    let base = meta.base_url.as_deref();
    match &meta.config {
        AccountConfig::Pancake { shop_id, .. } => {
            let key = secret(bundle, names::API_KEY)?;
            let shops = pancake_shops(base, key.clone()).await?;
            let name = shops
                .iter()
                .find(|s| s.id == *shop_id)
                .map(|s| s.name.clone());
            if name.is_none() {
                return Err(AppError::new(
                    shopdesk_core::ErrorCode::NotFound,
                    format!("the api key cannot see shop {shop_id}"),
                ));
            }
            let client = pancake_client(base, key, Some(*shop_id))?;
            let warehouses = client
                .warehouses()
                .await?
                .into_iter()
                .map(|w| WarehouseInfo {
                    name: w.name.clone().unwrap_or_else(|| w.id.clone()),
                    id: w.id,
                })
                .collect();
            Ok(ConnectionReport { name, warehouses })
        }
        AccountConfig::Onflow { environment } => {
            let client = onflow_client(base, *environment, secret(bundle, names::TOKEN)?)?;
            let warehouses = client
                .warehouses()
                .await?
                .into_iter()
                .map(|w| WarehouseInfo {
                    name: if w.name.is_empty() {
                        w.warehouse_code.clone()
                    } else {
                        w.name.clone()
                    },
                    id: w.warehouse_code,
                })
                .collect();
            Ok(ConnectionReport {
                name: None,
                warehouses,
            })
        }
        AccountConfig::Nhanh {
            app_id,
            business_id,
            ..
        } => {
            let client = nhanh_client(
                base,
                *app_id,
                *business_id,
                secret(bundle, names::ACCESS_TOKEN)?,
            )?;
            let warehouses = client
                .depots()
                .await?
                .into_iter()
                .map(|d| WarehouseInfo {
                    id: d.id.to_string(),
                    name: d.name,
                })
                .collect();
            Ok(ConnectionReport {
                name: Some(format!("Business #{business_id}")),
                warehouses,
            })
        }
    }
}

/// Trimmed secret input; empty input is a field error.
pub fn required_secret(field: &str, value: &str) -> Result<SecretString, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(crate::field_error(field, "required"));
    }
    Ok(SecretString::from(v.to_string()))
}
