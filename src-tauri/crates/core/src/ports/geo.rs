//! Port: geo. A vendor's own province / district / ward lists, one list per call, in the vendor's ids.
//!
//! The `addresses` engine matches official units against these lists (with `geo`) and caches them; each
//! vendor crate implements [`GeoSource`] on its client in `adapter::geo`, where the vendor's knowledge lives:
//! which administrative models it has lists in, which one ShopDesk sends it, and how each list is fetched.

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

use crate::Vendor;

/// Level of a unit in its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    Province,
    District,
    Ward,
}

/// One unit of a vendor's geo list (province, district or ward) with the vendor's own ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorUnit {
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "opt_id_string")]
    pub parent_id: Option<String>,
    pub level: Level,
}

/// Vendor ids arrive as JSON numbers or strings; both become strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawId {
    S(String),
    I(i64),
    U(u64),
}

impl From<RawId> for String {
    fn from(r: RawId) -> String {
        match r {
            RawId::S(s) => s,
            RawId::I(i) => i.to_string(),
            RawId::U(u) => u.to_string(),
        }
    }
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    RawId::deserialize(d).map(String::from)
}

fn opt_id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<RawId>::deserialize(d).map(|o| o.map(String::from))
}

/// The administrative model a vendor's geo list (and the ids sent to it) is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GeoModel {
    /// Until 30 June 2025: province → district → ward (Pancake default, Onflow, Nhanh `v1`).
    Legacy,
    /// Since 1 July 2025: province → ward (Pancake `is_new`, Nhanh `v2`).
    New2025,
}

impl GeoModel {
    pub fn as_str(self) -> &'static str {
        match self {
            GeoModel::Legacy => "legacy",
            GeoModel::New2025 => "new2025",
        }
    }
}

/// Why a vendor list could not be had.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The vendor call failed (rate limit, network, auth …), in the shared taxonomy.
    #[error(transparent)]
    Vendor(#[from] vendor_http::Error),
    /// The vendor has no geo list in this model (Onflow has no 2025 list).
    #[error("{} has no {} address list", .vendor.as_str(), .model.as_str())]
    ModelNotSupported { vendor: Vendor, model: GeoModel },
    /// A parent id that the vendor's own list gave us cannot be sent back (e.g. a non-numeric Nhanh id).
    #[error("{} id {id:?} cannot be used as a parent id", .vendor.as_str())]
    BadVendorId { vendor: Vendor, id: String },
}

/// A vendor's geo lists. Implemented by each vendor client (`<vendor>::adapter::geo`).
pub trait GeoSource: Send + Sync {
    /// The vendor whose lists these are.
    fn vendor(&self) -> Vendor;

    /// Whether the vendor has geo lists in `model`.
    fn supports(&self, model: GeoModel) -> bool;

    /// The model ShopDesk sends this vendor by default.
    fn recommended_model(&self) -> GeoModel;

    /// The vendor's units of `level` in `model` under `parent` (the vendor id of the unit above; `None` for
    /// provinces). `province` is the vendor's province id when fetching below it (some vendors want it next
    /// to the district id). Every unit has `parent_id` = `parent` and `level` = `level`, whether or not the
    /// vendor's answer carries them. A model the vendor does not have is [`GeoError::ModelNotSupported`].
    fn units<'a>(
        &'a self,
        model: GeoModel,
        level: Level,
        province: Option<&'a str>,
        parent: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<VendorUnit>, GeoError>>;
}

/// A unit of `level` fetched under `parent`, for the adapters.
pub fn unit(id: String, name: String, parent: Option<&str>, level: Level) -> VendorUnit {
    VendorUnit {
        id,
        name,
        parent_id: parent.map(str::to_string),
        level,
    }
}
