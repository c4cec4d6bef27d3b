//! Matching a vendor's own geo list (name + id + parent id) against canonical units.
//!
//! Nothing is guessed: a level is matched only when exactly one vendor unit in scope has an
//! exact name match (diacritics-, case-, spacing- and type-prefix-insensitive, known aliases
//! such as "TP HCM"); otherwise it is reported unresolved with the candidates.

use serde::{Deserialize, Serialize};

use crate::data::{data, Level};
use crate::search::{NameKey, Query, STRONG};

/// One unit of a vendor's geo list (the geo port's neutral type, ids as strings).
pub use shopdesk_core::ports::geo::VendorUnit;

/// A canonical address in the legacy model (codes from [`crate::data()`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyAddress {
    pub province_code: String,
    pub district_code: Option<String>,
    pub ward_code: Option<String>,
}

/// A canonical address in the 2025 model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAddress {
    pub province_code: String,
    pub ward_code: Option<String>,
}

/// A canonical address in either model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Canonical {
    Legacy(LegacyAddress),
    New(NewAddress),
}

/// A level that was matched to exactly one vendor unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    pub level: Level,
    pub canonical_code: String,
    pub canonical_name: String,
    pub vendor_id: String,
    pub vendor_name: String,
}

/// Why a level could not be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnresolvedReason {
    /// No vendor unit in scope has this name; `candidates` holds near names, if any.
    NotFound,
    /// Several vendor units in scope match equally; the user must choose among `candidates`.
    Ambiguous,
    /// The parent level is unresolved, so the scope is unknown; `candidates` are exact-name
    /// matches anywhere in the vendor's list.
    ParentUnresolved,
    /// The canonical code is not in the embedded data.
    UnknownCode,
}

/// A level that needs the user's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    pub level: Level,
    pub canonical_code: String,
    pub canonical_name: String,
    pub reason: UnresolvedReason,
    pub candidates: Vec<VendorUnit>,
}

/// Outcome of matching one canonical address against a vendor's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub matched: Vec<Matched>,
    pub unresolved: Vec<Unresolved>,
}

impl Resolution {
    /// Every requested level matched.
    pub fn is_complete(&self) -> bool {
        self.unresolved.is_empty()
    }

    /// The vendor id matched at a level.
    pub fn vendor_id(&self, level: Level) -> Option<&str> {
        self.matched
            .iter()
            .find(|m| m.level == level)
            .map(|m| m.vendor_id.as_str())
    }
}

struct Target {
    level: Level,
    code: String,
    name: Option<(String, NameKey)>,
}

/// Resolves a canonical address against a vendor's geo list given as one slice (levels are
/// taken from [`VendorUnit::level`]).
pub fn resolve(units: &[VendorUnit], canonical: &Canonical) -> Resolution {
    let d = data();
    let mut targets = Vec::new();
    match canonical {
        Canonical::Legacy(a) => {
            targets.push(Target {
                level: Level::Province,
                code: a.province_code.clone(),
                name: d.legacy_province(&a.province_code).map(|u| {
                    (
                        u.name.clone(),
                        NameKey::new(&u.short_name, Some(u.unit_type)),
                    )
                }),
            });
            if let Some(c) = &a.district_code {
                targets.push(Target {
                    level: Level::District,
                    code: c.clone(),
                    name: d.legacy_district(c).map(|u| {
                        (
                            u.name.clone(),
                            NameKey::new(&u.short_name, Some(u.unit_type)),
                        )
                    }),
                });
            }
            if let Some(c) = &a.ward_code {
                targets.push(Target {
                    level: Level::Ward,
                    code: c.clone(),
                    name: d.legacy_ward(c).map(|u| {
                        (
                            u.name.clone(),
                            NameKey::new(&u.short_name, Some(u.unit_type)),
                        )
                    }),
                });
            }
        }
        Canonical::New(a) => {
            targets.push(Target {
                level: Level::Province,
                code: a.province_code.clone(),
                name: d.province(&a.province_code).map(|u| {
                    (
                        u.name.clone(),
                        NameKey::new(&u.short_name, Some(u.unit_type)),
                    )
                }),
            });
            if let Some(c) = &a.ward_code {
                targets.push(Target {
                    level: Level::Ward,
                    code: c.clone(),
                    name: d.ward(c).map(|u| {
                        (
                            u.name.clone(),
                            NameKey::new(&u.short_name, Some(u.unit_type)),
                        )
                    }),
                });
            }
        }
    }

    let mut res = Resolution::default();
    // Vendor id of the previous level: Ok(Some(id)) matched, Ok(None) top level, Err(()) unresolved.
    let mut parent: Result<Option<String>, ()> = Ok(None);
    for t in targets {
        let Some((canonical_name, key)) = &t.name else {
            res.unresolved.push(Unresolved {
                level: t.level,
                canonical_code: t.code,
                canonical_name: String::new(),
                reason: UnresolvedReason::UnknownCode,
                candidates: Vec::new(),
            });
            parent = Err(());
            continue;
        };
        let level_units: Vec<&VendorUnit> = units.iter().filter(|u| u.level == t.level).collect();
        // A flat list (no parent ids at this level) is searched whole.
        let flat = level_units.iter().all(|u| u.parent_id.is_none());
        let scoped: Vec<&VendorUnit> = match &parent {
            Ok(Some(pid)) if !flat => level_units
                .iter()
                .copied()
                .filter(|u| u.parent_id.as_deref() == Some(pid.as_str()))
                .collect(),
            _ => level_units.clone(),
        };
        let mut scored: Vec<(i32, &VendorUnit)> = scoped
            .iter()
            .filter_map(|u| {
                Query::parse(&u.name)
                    .match_score(key, t.level, &t.code)
                    .map(|s| (s, *u))
            })
            .collect();
        scored.sort_by_key(|x| std::cmp::Reverse(x.0));
        let strong: Vec<&VendorUnit> = scored
            .iter()
            .filter(|(s, _)| *s >= STRONG)
            .map(|(_, u)| *u)
            .collect();
        let unresolved = |reason, candidates: Vec<&VendorUnit>| Unresolved {
            level: t.level,
            canonical_code: t.code.clone(),
            canonical_name: canonical_name.clone(),
            reason,
            candidates: candidates.into_iter().take(10).cloned().collect(),
        };
        if parent.is_err() && !flat {
            res.unresolved
                .push(unresolved(UnresolvedReason::ParentUnresolved, strong));
            continue;
        }
        match strong.as_slice() {
            [one] => {
                res.matched.push(Matched {
                    level: t.level,
                    canonical_code: t.code.clone(),
                    canonical_name: canonical_name.clone(),
                    vendor_id: one.id.clone(),
                    vendor_name: one.name.clone(),
                });
                parent = Ok(Some(one.id.clone()));
            }
            [] => {
                let near = scored.iter().map(|(_, u)| *u).collect();
                res.unresolved
                    .push(unresolved(UnresolvedReason::NotFound, near));
                parent = Err(());
            }
            many => {
                res.unresolved
                    .push(unresolved(UnresolvedReason::Ambiguous, many.to_vec()));
                parent = Err(());
            }
        }
    }
    res
}

/// Resolves a legacy address against a vendor's legacy province / district / ward lists.
pub fn resolve_legacy(
    provinces: &[VendorUnit],
    districts: &[VendorUnit],
    wards: &[VendorUnit],
    address: &LegacyAddress,
) -> Resolution {
    let units: Vec<VendorUnit> = with_level(provinces, Level::Province)
        .chain(with_level(districts, Level::District))
        .chain(with_level(wards, Level::Ward))
        .collect();
    resolve(&units, &Canonical::Legacy(address.clone()))
}

/// Resolves a 2025 address against a vendor's 2025 province / ward lists.
pub fn resolve_new(
    provinces: &[VendorUnit],
    wards: &[VendorUnit],
    address: &NewAddress,
) -> Resolution {
    let units: Vec<VendorUnit> = with_level(provinces, Level::Province)
        .chain(with_level(wards, Level::Ward))
        .collect();
    resolve(&units, &Canonical::New(address.clone()))
}

fn with_level(units: &[VendorUnit], level: Level) -> impl Iterator<Item = VendorUnit> + '_ {
    units.iter().map(move |u| VendorUnit { level, ..u.clone() })
}

/// A legacy address converted to the 2025 model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConvertedAddress {
    /// The address with the exact ward, or the default candidate of a split ward.
    pub address: NewAddress,
    /// All 2025 ward codes the legacy ward may now be in (more than one = the user should choose).
    pub ward_candidates: Vec<String>,
}

impl LegacyAddress {
    /// Converts to the 2025 model. `None` when the province code is unknown.
    pub fn to_new(&self) -> Option<ConvertedAddress> {
        let d = data();
        let province = d.legacy_province_to_new(&self.province_code)?;
        let mut out = ConvertedAddress {
            address: NewAddress {
                province_code: province.code.clone(),
                ward_code: None,
            },
            ward_candidates: Vec::new(),
        };
        if let Some(w) = &self.ward_code {
            let conv = d.legacy_to_new(w)?;
            out.address.ward_code = conv.default_ward().map(|w| w.code.clone());
            out.ward_candidates = conv
                .candidates()
                .iter()
                .map(|c| c.ward.code.clone())
                .collect();
        } else if let Some(island) = self
            .district_code
            .as_deref()
            .and_then(|c| d.legacy_district_to_new(c))
        {
            out.address.ward_code = Some(island.code.clone());
            out.ward_candidates = vec![island.code.clone()];
        }
        Some(out)
    }
}
