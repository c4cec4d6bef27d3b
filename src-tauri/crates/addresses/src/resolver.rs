//! Level-by-level resolution: convert the address to the target model, then walk province →
//! (district →) ward, fetching (or reading from the cache) only the list under the parent just
//! matched, and matching each level with `geo::resolve`.

use chrono::Utc;
use geo::{Level, VendorUnit};
use shopdesk_core::ports::geo::GeoSource;

use crate::cache::{GeoCache, ListKey};
use crate::fetch::fetch;
use crate::{CanonicalAddress, Error, Model, Reason, Unresolved, VendorId, VendorResolution};

/// Resolves canonical addresses to vendor ids. Share it (e.g. in an `Arc`) across tasks.
#[derive(Debug)]
pub struct Resolver {
    cache: GeoCache,
}

/// One level to resolve in the target model.
#[derive(Debug, Clone)]
struct Step {
    level: Level,
    /// Codes (in the target model) the address may be at this level. One = a plain lookup;
    /// several = the model conversion leaves a choice (`many`); none = unknown code.
    options: Vec<String>,
    many: Reason,
    /// What the user entered (in the address's own model), for the report.
    source_code: String,
    source_name: String,
}

fn name_of(model: Model, level: Level, code: &str) -> String {
    let d = geo::data();
    let n = match (model, level) {
        (Model::Legacy, Level::Province) => d.legacy_province(code).map(|u| &u.name),
        (Model::Legacy, Level::District) => d.legacy_district(code).map(|u| &u.name),
        (Model::Legacy, Level::Ward) => d.legacy_ward(code).map(|u| &u.name),
        (Model::New2025, Level::Province) => d.province(code).map(|u| &u.name),
        (Model::New2025, Level::District) => None,
        (Model::New2025, Level::Ward) => d.ward(code).map(|u| &u.name),
    };
    n.cloned().unwrap_or_default()
}

fn step(level: Level, options: Vec<String>, many: Reason, src_model: Model, src: &str) -> Step {
    Step {
        level,
        options,
        many,
        source_code: src.to_string(),
        source_name: name_of(src_model, level, src),
    }
}

fn dedup(v: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The levels to resolve for `addr` in `target`, converting between the models when needed.
fn plan(addr: &CanonicalAddress, target: Model) -> Vec<Step> {
    let d = geo::data();
    match (addr, target) {
        (CanonicalAddress::Legacy(a), Model::Legacy) => {
            let one = |level, code: &str| {
                step(
                    level,
                    vec![code.to_string()],
                    Reason::Ambiguous,
                    Model::Legacy,
                    code,
                )
            };
            let mut s = vec![one(Level::Province, &a.province_code)];
            s.extend(a.district_code.as_deref().map(|c| one(Level::District, c)));
            s.extend(a.ward_code.as_deref().map(|c| one(Level::Ward, c)));
            s
        }
        (CanonicalAddress::New2025(a), Model::New2025) => {
            let one = |level, code: &str| {
                step(
                    level,
                    vec![code.to_string()],
                    Reason::Ambiguous,
                    Model::New2025,
                    code,
                )
            };
            let mut s = vec![one(Level::Province, &a.province_code)];
            s.extend(a.ward_code.as_deref().map(|c| one(Level::Ward, c)));
            s
        }
        (CanonicalAddress::Legacy(a), Model::New2025) => {
            let province = d
                .legacy_province_to_new(&a.province_code)
                .map(|p| vec![p.code.clone()])
                .unwrap_or_default();
            let mut s = vec![step(
                Level::Province,
                province,
                Reason::Merged,
                Model::Legacy,
                &a.province_code,
            )];
            if let Some(w) = &a.ward_code {
                let options: Vec<String> = d
                    .legacy_to_new(w)
                    .map(|conv| {
                        let mut c = conv.candidates();
                        // the official default candidate first
                        c.sort_by_key(|c| !c.is_default);
                        c.into_iter().map(|c| c.ward.code.clone()).collect()
                    })
                    .unwrap_or_default();
                s.push(step(
                    Level::Ward,
                    dedup(options),
                    Reason::SplitWard,
                    Model::Legacy,
                    w,
                ));
            } else if let Some(island) = a
                .district_code
                .as_deref()
                .and_then(|c| d.legacy_district_to_new(c))
            {
                // island districts without wards became a special zone (ward level)
                let mut st = step(
                    Level::Ward,
                    vec![island.code.clone()],
                    Reason::Ambiguous,
                    Model::New2025,
                    &island.code,
                );
                st.source_code = a.district_code.clone().unwrap_or_default();
                s.push(st);
            }
            s
        }
        (CanonicalAddress::New2025(a), Model::Legacy) => {
            let Some(w) = &a.ward_code else {
                let provinces = d
                    .new_province_to_legacy(&a.province_code)
                    .into_iter()
                    .map(|p| p.code.clone());
                return vec![step(
                    Level::Province,
                    dedup(provinces),
                    Reason::Merged,
                    Model::New2025,
                    &a.province_code,
                )];
            };
            let origins = d.new_to_legacy(w);
            let provinces = dedup(origins.iter().map(|o| o.ward.province_code.clone()));
            let districts = dedup(origins.iter().map(|o| o.ward.district_code.clone()));
            let wards = dedup(origins.iter().map(|o| o.ward.code.clone()));
            let mut p = step(
                Level::Province,
                provinces,
                Reason::Merged,
                Model::New2025,
                &a.province_code,
            );
            if p.options.is_empty() {
                // unknown ward: still resolve the province the user gave
                p.options = dedup(
                    d.new_province_to_legacy(&a.province_code)
                        .into_iter()
                        .map(|p| p.code.clone()),
                );
            }
            let mut dstep = step(
                Level::District,
                districts,
                Reason::Merged,
                Model::New2025,
                w,
            );
            dstep.source_name = name_of(Model::New2025, Level::Ward, w);
            vec![
                p,
                dstep,
                step(Level::Ward, wards, Reason::Merged, Model::New2025, w),
            ]
        }
    }
}

/// The canonical address (target model) made of the matched parents plus `code` at `level`.
fn canonical(
    model: Model,
    parents: &[(Level, String, VendorUnit)],
    level: Level,
    code: &str,
) -> geo::Canonical {
    let at = |l: Level| {
        if l == level {
            Some(code.to_string())
        } else {
            parents
                .iter()
                .find(|(pl, _, _)| *pl == l)
                .map(|(_, c, _)| c.clone())
        }
    };
    match model {
        Model::Legacy => geo::Canonical::Legacy(geo::LegacyAddress {
            province_code: at(Level::Province).unwrap_or_default(),
            district_code: at(Level::District),
            ward_code: at(Level::Ward),
        }),
        Model::New2025 => geo::Canonical::New(geo::NewAddress {
            province_code: at(Level::Province).unwrap_or_default(),
            ward_code: at(Level::Ward),
        }),
    }
}

/// The level and official code of the unit above `code` (in `model`).
fn parent_of(model: Model, level: Level, code: &str) -> Option<(Level, String)> {
    let d = geo::data();
    match (model, level) {
        (Model::Legacy, Level::Ward) => d
            .legacy_ward(code)
            .map(|w| (Level::District, w.district_code.clone())),
        (Model::Legacy, Level::District) => d
            .legacy_district(code)
            .map(|x| (Level::Province, x.province_code.clone())),
        (Model::New2025, Level::Ward) => d
            .ward(code)
            .map(|w| (Level::Province, w.province_code.clone())),
        _ => None,
    }
}

fn reason_of(r: geo::UnresolvedReason) -> Reason {
    match r {
        geo::UnresolvedReason::NotFound => Reason::NotFound,
        geo::UnresolvedReason::Ambiguous => Reason::Ambiguous,
        geo::UnresolvedReason::ParentUnresolved => Reason::ParentUnresolved,
        geo::UnresolvedReason::UnknownCode => Reason::UnknownCode,
    }
}

/// A matched vendor unit, or why not and the candidates.
type MatchResult = Result<VendorUnit, (Reason, Vec<VendorUnit>)>;

/// Matches one code at `level` against the vendor's `list` (already scoped to the parent).
fn match_one(
    model: Model,
    parents: &[(Level, String, VendorUnit)],
    level: Level,
    code: &str,
    list: &[VendorUnit],
) -> MatchResult {
    let mut units: Vec<VendorUnit> = parents.iter().map(|(_, _, u)| u.clone()).collect();
    units.extend(list.iter().cloned());
    let res = geo::resolve(&units, &canonical(model, parents, level, code));
    if let Some(id) = res.vendor_id(level) {
        if let Some(u) = list.iter().find(|u| u.id == id) {
            return Ok(u.clone());
        }
    }
    match res.unresolved.into_iter().find(|u| u.level == level) {
        Some(u) => Err((reason_of(u.reason), u.candidates)),
        None => Err((Reason::NotFound, Vec::new())),
    }
}

impl Resolver {
    pub fn new(cache: GeoCache) -> Resolver {
        Resolver { cache }
    }

    pub fn cache(&self) -> &GeoCache {
        &self.cache
    }

    /// Drops the cached lists of one vendor account; the next resolution refetches them.
    pub fn refresh(&self, vendor: shopdesk_core::Vendor, account_id: &str) -> Result<usize, Error> {
        self.cache.refresh(vendor, account_id)
    }

    /// The vendor's list of `level` under `parent`, from the cache or fetched (then cached).
    async fn list(
        &self,
        source: &dyn GeoSource,
        account_id: &str,
        model: Model,
        level: Level,
        province: Option<&str>,
        parent: Option<&str>,
    ) -> Result<Vec<VendorUnit>, Error> {
        let key = ListKey {
            vendor: source.vendor(),
            account_id,
            model,
            level,
            parent_id: parent,
        };
        if let Some(units) = self.cache.get(&key, Utc::now())? {
            return Ok(units);
        }
        let units = fetch(source, model, level, province, parent).await?;
        // An empty answer is not kept for the whole TTL: it may be a vendor hiccup.
        if !units.is_empty() {
            self.cache.put(&key, &units, Utc::now())?;
        }
        Ok(units)
    }

    /// Finds the vendor's own ids for `addr` in `model`. Parts that do not match exactly one
    /// vendor unit are listed in `unresolved` (with the reason and the candidates); an `Err` is
    /// only a failed vendor call, a cache failure, or a model the vendor does not have. `account_id`
    /// keys the cached lists (each account of a vendor has its own).
    pub async fn resolve(
        &self,
        source: &dyn GeoSource,
        account_id: &str,
        addr: &CanonicalAddress,
        model: Model,
    ) -> Result<VendorResolution, Error> {
        if !source.supports(model) {
            return Err(Error::ModelNotSupported {
                vendor: source.vendor(),
                model,
            });
        }
        let mut out = VendorResolution {
            vendor: source.vendor(),
            model,
            province: None,
            district: None,
            ward: None,
            unresolved: Vec::new(),
        };
        let mut parents: Vec<(Level, String, VendorUnit)> = Vec::new();
        // Several possible units left at the level above by a model conversion: (code, unit).
        let mut choice: Option<Vec<(String, VendorUnit)>> = None;
        let mut failed = false;
        for st in plan(addr, model) {
            let report = |reason, candidates| Unresolved {
                level: st.level,
                reason,
                canonical_code: st.source_code.clone(),
                canonical_name: st.source_name.clone(),
                candidates,
            };
            if failed {
                out.unresolved
                    .push(report(Reason::ParentUnresolved, Vec::new()));
                continue;
            }
            if st.options.is_empty() {
                out.unresolved.push(report(Reason::UnknownCode, Vec::new()));
                failed = true;
                continue;
            }
            let province_id = parents
                .iter()
                .find(|(l, _, _)| *l == Level::Province)
                .map(|(_, _, u)| u.id.clone());
            if let Some(above) = choice.take() {
                // The level above is the user's choice: resolve each option under its own parent
                // so this level lists concrete vendor units too. Nothing below is searched.
                let mut cands: Vec<VendorUnit> = Vec::new();
                for code in &st.options {
                    let Some((plevel, pcode)) = parent_of(model, st.level, code) else {
                        continue;
                    };
                    let Some((_, punit)) = above.iter().find(|(c, _)| *c == pcode) else {
                        continue;
                    };
                    let mut ps = parents.clone();
                    ps.push((plevel, pcode.clone(), punit.clone()));
                    let province = match plevel {
                        Level::Province => Some(punit.id.clone()),
                        _ => province_id.clone(),
                    };
                    let list = self
                        .list(
                            source,
                            account_id,
                            model,
                            st.level,
                            province.as_deref(),
                            Some(&punit.id),
                        )
                        .await?;
                    if let Ok(u) = match_one(model, &ps, st.level, code, &list) {
                        if !cands.iter().any(|c| c.id == u.id) {
                            cands.push(u);
                        }
                    }
                }
                out.unresolved.push(report(st.many, cands));
                failed = true;
                continue;
            }
            let parent_id = parents.last().map(|(_, _, u)| u.id.clone());
            let list = self
                .list(
                    source,
                    account_id,
                    model,
                    st.level,
                    province_id.as_deref(),
                    parent_id.as_deref(),
                )
                .await?;
            let results: Vec<(String, MatchResult)> = st
                .options
                .iter()
                .map(|code| {
                    (
                        code.clone(),
                        match_one(model, &parents, st.level, code, &list),
                    )
                })
                .collect();
            let matched: Option<(String, VendorUnit)> = match results.as_slice() {
                [(code, Ok(u))] => Some((code.clone(), u.clone())),
                [(_, Err((reason, cands)))] => {
                    out.unresolved.push(report(*reason, cands.clone()));
                    None
                }
                many => {
                    let mut found: Vec<(String, VendorUnit)> = Vec::new();
                    for (code, r) in many {
                        if let Ok(u) = r {
                            if !found.iter().any(|(_, c)| c.id == u.id) {
                                found.push((code.clone(), u.clone()));
                            }
                        }
                    }
                    let all_ok = many.iter().all(|(_, r)| r.is_ok());
                    match (found.as_slice(), all_ok) {
                        // every option is the same vendor unit: no choice to make
                        ([one], true) => Some(one.clone()),
                        // none of the options is in the vendor's list
                        ([], _) => {
                            let first = many.iter().find_map(|(_, r)| r.as_ref().err());
                            let (reason, cands) =
                                first.cloned().unwrap_or((Reason::NotFound, Vec::new()));
                            out.unresolved.push(report(reason, cands));
                            None
                        }
                        _ => {
                            let cands = found.iter().map(|(_, u)| u.clone()).collect();
                            out.unresolved.push(report(st.many, cands));
                            choice = Some(found);
                            None
                        }
                    }
                }
            };
            match matched {
                Some((code, u)) => {
                    let id = Some(VendorId {
                        id: u.id.clone(),
                        name: u.name.clone(),
                    });
                    match st.level {
                        Level::Province => out.province = id,
                        Level::District => out.district = id,
                        Level::Ward => out.ward = id,
                    }
                    parents.push((st.level, code, u));
                }
                None if choice.is_some() => {}
                None => failed = true,
            }
        }
        Ok(out)
    }
}
