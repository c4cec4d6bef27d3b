//! Parsing comma-separated Vietnamese address lines into units of either model.

use serde::Serialize;

use crate::data::{data, Level, Model};
use crate::normalize::key;
use crate::resolve::{LegacyAddress, NewAddress};
use crate::search::{Entry, Query, INDEX, STRONG};

/// A unit picked out of an address line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

/// One consistent reading of an address line in one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddressCandidate {
    pub model: Model,
    pub province: Option<UnitRef>,
    /// Legacy model only.
    pub district: Option<UnitRef>,
    pub ward: Option<UnitRef>,
    /// The leading parts that are not administrative units (house number, street, hamlet …).
    pub street: Option<String>,
    /// Higher is better; only comparable within one [`ParsedAddress`].
    pub score: i32,
}

impl AddressCandidate {
    /// The canonical legacy address (for vendors on the three-level model).
    pub fn legacy_address(&self) -> Option<LegacyAddress> {
        if self.model != Model::Legacy {
            return None;
        }
        Some(LegacyAddress {
            province_code: self.province.as_ref()?.code.clone(),
            district_code: self.district.as_ref().map(|u| u.code.clone()),
            ward_code: self.ward.as_ref().map(|u| u.code.clone()),
        })
    }

    /// The canonical 2025 address (for vendors on the two-level model).
    pub fn new_address(&self) -> Option<NewAddress> {
        if self.model != Model::New {
            return None;
        }
        Some(NewAddress {
            province_code: self.province.as_ref()?.code.clone(),
            ward_code: self.ward.as_ref().map(|u| u.code.clone()),
        })
    }
}

/// Readings of an address line, best first. Empty when no province could be recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedAddress {
    pub candidates: Vec<AddressCandidate>,
}

impl ParsedAddress {
    pub fn best(&self) -> Option<&AddressCandidate> {
        self.candidates.first()
    }

    /// The best reading in a given model.
    pub fn best_in(&self, model: Model) -> Option<&AddressCandidate> {
        self.candidates.iter().find(|c| c.model == model)
    }
}

/// Minimum score for a part to be taken as a unit name (whole-token prefix or better).
const PART_MIN: i32 = 740;

fn matches(
    part: &str,
    model: Model,
    level: Level,
    parent: Option<&str>,
    province: Option<&str>,
    min: i32,
) -> Vec<(i32, &'static Entry)> {
    let index = &*INDEX;
    let q = Query::parse(part);
    if q.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(i32, &'static Entry)> = index
        .entries
        .iter()
        .filter(|e| e.model == model && e.level == level)
        .filter(|e| parent.is_none() || parent == Some(e.parent.as_str()))
        .filter(|e| province.is_none() || province == Some(e.province.as_str()))
        .filter_map(|e| {
            q.match_score(&e.name, level, index.code(e))
                .filter(|s| *s >= min)
                .map(|s| (s, e))
        })
        .collect();
    out.sort_by_key(|x| std::cmp::Reverse(x.0));
    // Keep only the best score (ties are real ambiguity and all are kept, at most 3).
    if let Some(top) = out.first().map(|x| x.0) {
        out.retain(|x| x.0 == top);
    }
    out.truncate(3);
    out
}

fn unit(e: &Entry) -> UnitRef {
    let d = data();
    let name = match (e.model, e.level) {
        (Model::New, Level::Province) => &d.provinces[e.idx].name,
        (Model::Legacy, Level::Province) => &d.legacy_provinces[e.idx].name,
        (Model::New, _) => &d.wards[e.idx].name,
        (Model::Legacy, Level::District) => &d.legacy_districts[e.idx].name,
        (Model::Legacy, Level::Ward) => &d.legacy_wards[e.idx].name,
    };
    UnitRef {
        code: INDEX.code(e).to_string(),
        name: name.clone(),
    }
}

fn street(parts: &[&str]) -> Option<String> {
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Parses an address line such as `"12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM"` (legacy) or
/// `"12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh"` (2025) into candidate readings in both models.
///
/// Parts are separated by commas (or semicolons / new lines); the last part must name the
/// province ("Việt Nam" at the end is ignored). Ambiguous parts yield several candidates.
pub fn parse_address(line: &str) -> ParsedAddress {
    let mut parts: Vec<&str> = line
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    while parts
        .last()
        .is_some_and(|p| matches!(key(p).as_str(), "viet nam" | "vietnam" | "vn"))
    {
        parts.pop();
    }
    let mut out = Vec::new();
    let Some((&last, rest)) = parts.split_last() else {
        return ParsedAddress { candidates: out };
    };

    // Legacy: province ← district ← ward ← street.
    for (ps, p) in matches(last, Model::Legacy, Level::Province, None, None, PART_MIN) {
        let pcode = INDEX.code(p);
        let base = AddressCandidate {
            model: Model::Legacy,
            province: Some(unit(p)),
            district: None,
            ward: None,
            street: street(rest),
            score: ps,
        };
        let Some((&dpart, before_d)) = rest.split_last() else {
            out.push(base);
            continue;
        };
        let districts = matches(
            dpart,
            Model::Legacy,
            Level::District,
            Some(pcode),
            None,
            PART_MIN,
        );
        if districts.is_empty() {
            // No district part: a ward named directly under the province (strong matches only).
            let wards = matches(dpart, Model::Legacy, Level::Ward, None, Some(pcode), STRONG);
            for (ws, w) in &wards {
                let d = data().legacy_district(&w.parent);
                out.push(AddressCandidate {
                    district: d.map(|d| UnitRef {
                        code: d.code.clone(),
                        name: d.name.clone(),
                    }),
                    ward: Some(unit(w)),
                    street: street(before_d),
                    score: ps + ws - 200,
                    ..base.clone()
                });
            }
            if wards.is_empty() {
                out.push(base);
            }
            continue;
        }
        for (ds, d) in districts {
            let dcode = INDEX.code(d);
            let with_d = AddressCandidate {
                district: Some(unit(d)),
                street: street(before_d),
                score: ps + ds,
                ..base.clone()
            };
            let Some((&wpart, before_w)) = before_d.split_last() else {
                out.push(with_d);
                continue;
            };
            let wards = matches(
                wpart,
                Model::Legacy,
                Level::Ward,
                Some(dcode),
                None,
                PART_MIN,
            );
            if wards.is_empty() {
                out.push(with_d.clone());
            }
            for (ws, w) in wards {
                out.push(AddressCandidate {
                    ward: Some(unit(w)),
                    street: street(before_w),
                    score: ps + ds + ws,
                    ..with_d.clone()
                });
            }
        }
    }

    // 2025: province ← ward ← street.
    for (ps, p) in matches(last, Model::New, Level::Province, None, None, PART_MIN) {
        let pcode = INDEX.code(p);
        let base = AddressCandidate {
            model: Model::New,
            province: Some(unit(p)),
            district: None,
            ward: None,
            street: street(rest),
            score: ps,
        };
        let Some((&wpart, before_w)) = rest.split_last() else {
            out.push(base);
            continue;
        };
        let wards = matches(wpart, Model::New, Level::Ward, Some(pcode), None, PART_MIN);
        if wards.is_empty() {
            out.push(base.clone());
        }
        for (ws, w) in wards {
            out.push(AddressCandidate {
                ward: Some(unit(w)),
                street: street(before_w),
                score: ps + ws,
                ..base.clone()
            });
        }
    }

    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| (a.model == Model::Legacy).cmp(&(b.model == Model::Legacy)))
    });
    ParsedAddress { candidates: out }
}
