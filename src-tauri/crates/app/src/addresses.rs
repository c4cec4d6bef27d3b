//! The address picker: suggestions over the embedded official data, and the chosen address resolved to
//! the target account's own geo ids.

use addresses::picker::AddressOption;
use addresses::{GeoSource, Reason};
use serde::Serialize;
use shopdesk_core::AppError;

use crate::Desk;

/// Ward-level suggestions for a typed line, both the 2025 and the legacy form of each.
pub async fn address_suggest(query: String) -> Vec<AddressOption> {
    addresses::picker::suggest(&query, 12)
}

/// One vendor unit (id + the vendor's name).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GeoUnit {
    pub id: String,
    pub name: String,
}

/// A level the vendor could not match to exactly one of its units (never guessed).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GeoProblem {
    /// `province`, `district`, `ward`.
    pub level: String,
    /// `notFound`, `ambiguous`, `parentUnresolved`, `unknownCode`, `splitWard`, `merged`.
    pub reason: String,
    /// What the user picked, in the official name.
    pub name: String,
    pub candidates: Vec<GeoUnit>,
}

/// The chosen address in the target account's own geo ids.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GeoMatch {
    pub complete: bool,
    pub province: Option<GeoUnit>,
    pub district: Option<GeoUnit>,
    pub ward: Option<GeoUnit>,
    pub problems: Vec<GeoProblem>,
}

fn level_name(l: addresses::Level) -> &'static str {
    match l {
        addresses::Level::Province => "province",
        addresses::Level::District => "district",
        addresses::Level::Ward => "ward",
    }
}

fn reason_name(r: Reason) -> &'static str {
    match r {
        Reason::NotFound => "notFound",
        Reason::Ambiguous => "ambiguous",
        Reason::ParentUnresolved => "parentUnresolved",
        Reason::UnknownCode => "unknownCode",
        Reason::SplitWard => "splitWard",
        Reason::Merged => "merged",
    }
}

/// Resolve the picked address to the account's geo ids, in the model the vendor should receive.
pub async fn address_resolve(
    desk: &Desk,
    account_id: String,
    address: AddressOption,
) -> Result<GeoMatch, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let (_, client) = desk.accounts.client(&account_id).await?;
    let Some(canonical) = address.canonical() else {
        return Err(accounts::field_error("address", "address.choose"));
    };
    let geo: &dyn GeoSource = client
        .geo_source()
        .ok_or_else(|| accounts::field_error("account", "account.vendorUnsupported"))?;
    let r = desk
        .side_for(demo)
        .geo
        .clone()
        .resolve(geo, &account_id, &canonical, geo.recommended_model())
        .await
        .map_err(AppError::from)?;
    let unit = |v: Option<addresses::VendorId>| {
        v.map(|v| GeoUnit {
            id: v.id,
            name: v.name,
        })
    };
    Ok(GeoMatch {
        complete: r.unresolved.is_empty(),
        problems: r
            .unresolved
            .iter()
            .map(|u| GeoProblem {
                level: level_name(u.level).into(),
                reason: reason_name(u.reason).into(),
                name: u.canonical_name.clone(),
                candidates: u
                    .candidates
                    .iter()
                    .map(|c| GeoUnit {
                        id: c.id.clone(),
                        name: c.name.clone(),
                    })
                    .collect(),
            })
            .collect(),
        province: unit(r.province),
        district: unit(r.district),
        ward: unit(r.ward),
    })
}
