//! `addresses`: from a canonical Vietnamese address to each vendor's own geo ids.
//!
//! * [`CanonicalAddress`]: a legacy (province → district → ward) or 2025 (province → ward)
//!   address in the official codes of the `geo` crate.
//! * [`Resolver::resolve`]: finds the vendor's province / district / ward ids for an address in
//!   the [`Model`] the vendor should receive, converting between the models with `geo`'s official
//!   mapping. A part that does not match exactly one vendor unit is reported in
//!   [`VendorResolution::unresolved`] with the reason and the vendor's candidates — never guessed.
//! * [`GeoCache`]: the vendors' geo lists, fetched lazily per parent (provinces once, districts of
//!   one province, wards of one district / province) through the vendor's [`GeoSource`] (the
//!   `shopdesk_core` port each vendor crate implements) and kept in SQLite with a TTL.
//!
//! Which model each vendor gets is documented in `README.md` ([`GeoSource::recommended_model`]).

mod app_error;
mod cache;
mod fetch;
pub mod picker;
mod resolver;

use serde::{Deserialize, Serialize};
use shopdesk_core::Vendor;

pub use cache::{GeoCache, ListKey, DEFAULT_TTL_DAYS, SCHEMA_VERSION};
pub use geo::{Level, VendorUnit};
pub use resolver::Resolver;

/// The administrative model the vendor ids should be in (the geo port's [`GeoModel`]): which models a
/// vendor has and which one it gets by default are the vendor adapter's answers
/// ([`GeoSource::supports`], [`GeoSource::recommended_model`]).
pub use shopdesk_core::ports::geo::GeoModel as Model;
pub use shopdesk_core::ports::geo::{GeoError, GeoSource};

/// An address in the official codes of the `geo` crate, in either model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CanonicalAddress {
    Legacy(geo::LegacyAddress),
    New2025(geo::NewAddress),
}

impl CanonicalAddress {
    /// A legacy address from GSO codes (e.g. `"79"`, `"760"`, `"26740"`).
    pub fn legacy(province: &str, district: Option<&str>, ward: Option<&str>) -> Self {
        CanonicalAddress::Legacy(geo::LegacyAddress {
            province_code: province.to_string(),
            district_code: district.map(str::to_string),
            ward_code: ward.map(str::to_string),
        })
    }

    /// A 2025 address from official codes.
    pub fn new2025(province: &str, ward: Option<&str>) -> Self {
        CanonicalAddress::New2025(geo::NewAddress {
            province_code: province.to_string(),
            ward_code: ward.map(str::to_string),
        })
    }

    /// From one reading of [`geo::parse_address`].
    pub fn from_candidate(c: &geo::AddressCandidate) -> Option<Self> {
        match c.model {
            geo::Model::Legacy => c.legacy_address().map(CanonicalAddress::Legacy),
            geo::Model::New => c.new_address().map(CanonicalAddress::New2025),
        }
    }

    /// The model the address is written in.
    pub fn model(&self) -> Model {
        match self {
            CanonicalAddress::Legacy(_) => Model::Legacy,
            CanonicalAddress::New2025(_) => Model::New2025,
        }
    }
}

impl From<geo::Canonical> for CanonicalAddress {
    fn from(c: geo::Canonical) -> Self {
        match c {
            geo::Canonical::Legacy(a) => CanonicalAddress::Legacy(a),
            geo::Canonical::New(a) => CanonicalAddress::New2025(a),
        }
    }
}

/// A vendor's own id for a unit, with the vendor's name for it (to show in the order form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorId {
    pub id: String,
    pub name: String,
}

impl VendorId {
    /// The id as an integer (Nhanh's ids are numbers).
    pub fn as_i64(&self) -> Option<i64> {
        self.id.parse().ok()
    }
}

/// Why a level has no vendor id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// No unit of the vendor's list (under the resolved parent) has this name; `candidates` are
    /// near names, if any.
    NotFound,
    /// Several vendor units match equally; the user chooses among `candidates`.
    Ambiguous,
    /// The level above is unresolved, so the vendor list to search is unknown.
    ParentUnresolved,
    /// The canonical code is not in the official data (or has no counterpart in the other model).
    UnknownCode,
    /// The legacy ward was split between several 2025 wards; `candidates` are the vendor's units
    /// for each (the official default first). The user chooses.
    SplitWard,
    /// The 2025 unit was formed from several legacy units; `candidates` are the vendor's units for
    /// each. The user chooses (or enters a legacy address).
    Merged,
}

/// A level the user has to settle before the order can be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    pub level: Level,
    pub reason: Reason,
    /// The official code / name that was looked for (in the address's own model).
    pub canonical_code: String,
    pub canonical_name: String,
    /// Vendor units the user may pick from (at most 10 per looked-up name).
    pub candidates: Vec<VendorUnit>,
}

/// The vendor ids of one address in one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorResolution {
    pub vendor: Vendor,
    pub model: Model,
    pub province: Option<VendorId>,
    /// Always `None` in the 2025 model.
    pub district: Option<VendorId>,
    pub ward: Option<VendorId>,
    pub unresolved: Vec<Unresolved>,
}

impl VendorResolution {
    /// Every level present in the address got a vendor id.
    pub fn is_complete(&self) -> bool {
        self.unresolved.is_empty()
    }
}

/// Errors of [`Resolver::resolve`] (an unresolved part is not an error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The vendor call failed (rate limit, network, auth …), in the shared taxonomy.
    #[error(transparent)]
    Vendor(#[from] vendor_http::Error),
    #[error("geo cache: {0}")]
    Cache(#[from] rusqlite::Error),
    #[error("geo cache encoding: {0}")]
    Encoding(#[from] serde_json::Error),
    /// The cache file was written by a newer ShopDesk; it is left untouched.
    #[error("the address cache was written by a newer ShopDesk (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The cache file is not a SQLite database or SQLite reports it damaged (`NOTADB`, `CORRUPT`)
    /// while opening; it is left untouched.
    #[error("the address cache file is damaged: {0}")]
    CorruptFile(String),
    /// The vendor has no geo list in this model (Onflow has no 2025 list).
    #[error("{} has no {} address list", .vendor.as_str(), .model.as_str())]
    ModelNotSupported { vendor: Vendor, model: Model },
    /// A parent id that the vendor's own list gave us cannot be sent back (e.g. a non-numeric
    /// Nhanh id).
    #[error("{} id {id:?} cannot be used as a parent id", .vendor.as_str())]
    BadVendorId { vendor: Vendor, id: String },
}

impl From<GeoError> for Error {
    fn from(e: GeoError) -> Self {
        match e {
            GeoError::Vendor(v) => Error::Vendor(v),
            GeoError::ModelNotSupported { vendor, model } => {
                Error::ModelNotSupported { vendor, model }
            }
            GeoError::BadVendorId { vendor, id } => Error::BadVendorId { vendor, id },
        }
    }
}
