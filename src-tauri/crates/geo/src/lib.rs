//! Vietnamese administrative units for ShopDesk.
//!
//! * [`data()`]: the embedded official lists — the 2025 model (34 provinces, 3,321 wards, no
//!   district level) and the legacy model (63 provinces, 696 districts, 10,035 wards) — with
//!   lookups by code and the legacy → 2025 ward mapping ([`GeoData::legacy_to_new`],
//!   [`GeoData::new_to_legacy`]); split wards carry a default candidate.
//! * [`normalize`] and [`search`]: diacritics-insensitive, prefix- and abbreviation-aware search
//!   over both models (`TP.HCM`, `SG`, `HN`, `Q.1`, `P.`, `F.`, `TX.`, `H.`, `TT.`, `X.`).
//! * [`parse_address`]: comma-separated address lines → candidate readings in both models.
//! * [`resolve`], [`resolve_legacy`], [`resolve_new`]: match a vendor's own geo list (name, id,
//!   parent id) against a canonical address; ambiguity is reported, never guessed.
//!
//! ```
//! let d = geo::data();
//! assert_eq!((d.provinces.len(), d.wards.len(), d.legacy_provinces.len()), (34, 3321, 63));
//!
//! // Legacy "Phường Bến Nghé, Quận 1" became "Phường Sài Gòn".
//! let conv = d.legacy_to_new("26740").unwrap();
//! assert_eq!(conv.default_ward().unwrap().name, "Phường Sài Gòn");
//!
//! let hits = geo::search("TP.HCM", &geo::SearchOptions::default());
//! assert_eq!(hits[0].name, "Thành phố Hồ Chí Minh");
//!
//! let parsed = geo::parse_address("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM");
//! let best = parsed.best().unwrap();
//! assert_eq!(best.ward.as_ref().unwrap().name, "Phường Bến Nghé");
//! assert_eq!(best.street.as_deref(), Some("12 Lê Lợi"));
//! ```
//!
//! No network, no database: the data is compiled in (`data/units.tsv.gz`, ~150 KB) and
//! decompressed on first use. See `DATA_SOURCE.md` and `src-tauri/crates/geo/scripts/regenerate.py`.

mod address;
mod data;
mod normalize;
mod resolve;
mod search;

pub use address::{parse_address, AddressCandidate, ParsedAddress, UnitRef};
pub use data::{
    data, Candidate, Conversion, GeoData, LegacyDistrict, LegacyOrigin, LegacyProvince, LegacyWard,
    Level, LoadError, Model, Province, Source, UnitType, Ward,
};
pub use normalize::normalize;
pub use resolve::{
    resolve, resolve_legacy, resolve_new, Canonical, ConvertedAddress, LegacyAddress, Matched,
    NewAddress, Resolution, Unresolved, UnresolvedReason, VendorUnit,
};
pub use search::{search, Hit, SearchOptions};
