//! Diacritics-insensitive, prefix- and abbreviation-aware search over both models.

use std::sync::LazyLock;

use serde::Serialize;

use crate::data::{data, GeoData, Level, Model, UnitType};
use crate::normalize::{compact, key};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub model: Model,
    pub level: Level,
    pub code: String,
    /// Official full name ("Phường Bến Nghé").
    pub name: String,
    /// Code of the parent unit (province for a 2025 ward or legacy district, district for a
    /// legacy ward), `None` for provinces.
    pub parent_code: Option<String>,
    /// Full path for display: "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh".
    pub path: String,
    /// Relevance, higher is better. Only comparable within one result list.
    pub score: i32,
}

/// Search filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    pub limit: usize,
    pub model: Option<Model>,
    pub level: Option<Level>,
    /// Only units whose parent (or grand-parent for legacy wards) has this code in the unit's model.
    pub within: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            model: None,
            level: None,
            within: None,
        }
    }
}

/// Score from which a name match counts as exact (equal names, spacing variants, known aliases).
pub(crate) const STRONG: i32 = 900;

/// Precomputed match keys of one name.
#[derive(Debug, Clone)]
pub(crate) struct NameKey {
    pub key: String,
    pub compact: String,
    pub tokens: Vec<String>,
    pub unit_type: Option<UnitType>,
}

impl NameKey {
    pub(crate) fn new(short_name: &str, unit_type: Option<UnitType>) -> NameKey {
        let k = key(short_name);
        NameKey {
            compact: compact(&k),
            tokens: k.split(' ').map(str::to_string).collect(),
            key: k,
            unit_type,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub model: Model,
    pub level: Level,
    /// Index into the matching vector of [`GeoData`].
    pub idx: usize,
    pub name: NameKey,
    pub parent: String,
    pub province: String,
}

pub(crate) struct Index {
    pub entries: Vec<Entry>,
}

pub(crate) static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(data()));

impl Index {
    fn build(d: &GeoData) -> Index {
        let mut entries = Vec::with_capacity(
            d.provinces.len()
                + d.wards.len()
                + d.legacy_provinces.len()
                + d.legacy_districts.len()
                + d.legacy_wards.len(),
        );
        for (idx, p) in d.provinces.iter().enumerate() {
            entries.push(Entry {
                model: Model::New,
                level: Level::Province,
                idx,
                name: NameKey::new(&p.short_name, Some(p.unit_type)),
                parent: String::new(),
                province: p.code.clone(),
            });
        }
        for (idx, p) in d.legacy_provinces.iter().enumerate() {
            entries.push(Entry {
                model: Model::Legacy,
                level: Level::Province,
                idx,
                name: NameKey::new(&p.short_name, Some(p.unit_type)),
                parent: String::new(),
                province: p.code.clone(),
            });
        }
        for (idx, u) in d.legacy_districts.iter().enumerate() {
            entries.push(Entry {
                model: Model::Legacy,
                level: Level::District,
                idx,
                name: NameKey::new(&u.short_name, Some(u.unit_type)),
                parent: u.province_code.clone(),
                province: u.province_code.clone(),
            });
        }
        for (idx, u) in d.wards.iter().enumerate() {
            entries.push(Entry {
                model: Model::New,
                level: Level::Ward,
                idx,
                name: NameKey::new(&u.short_name, Some(u.unit_type)),
                parent: u.province_code.clone(),
                province: u.province_code.clone(),
            });
        }
        for (idx, u) in d.legacy_wards.iter().enumerate() {
            entries.push(Entry {
                model: Model::Legacy,
                level: Level::Ward,
                idx,
                name: NameKey::new(&u.short_name, Some(u.unit_type)),
                parent: u.district_code.clone(),
                province: u.province_code.clone(),
            });
        }
        Index { entries }
    }

    pub(crate) fn hit(&self, e: &Entry, score: i32) -> Hit {
        let d = data();
        let (name, parent_code, path) = match (e.model, e.level) {
            (Model::New, Level::Province) => {
                let p = &d.provinces[e.idx];
                (p.name.clone(), None, p.name.clone())
            }
            (Model::Legacy, Level::Province) => {
                let p = &d.legacy_provinces[e.idx];
                (p.name.clone(), None, p.name.clone())
            }
            (Model::New, _) => {
                let w = &d.wards[e.idx];
                let prov = d.province(&w.province_code).map_or("", |p| p.name.as_str());
                (
                    w.name.clone(),
                    Some(w.province_code.clone()),
                    format!("{}, {prov}", w.name),
                )
            }
            (Model::Legacy, Level::District) => {
                let u = &d.legacy_districts[e.idx];
                let prov = d
                    .legacy_province(&u.province_code)
                    .map_or("", |p| p.name.as_str());
                (
                    u.name.clone(),
                    Some(u.province_code.clone()),
                    format!("{}, {prov}", u.name),
                )
            }
            (Model::Legacy, Level::Ward) => {
                let u = &d.legacy_wards[e.idx];
                let dist = d
                    .legacy_district(&u.district_code)
                    .map_or("", |p| p.name.as_str());
                let prov = d
                    .legacy_province(&u.province_code)
                    .map_or("", |p| p.name.as_str());
                (
                    u.name.clone(),
                    Some(u.district_code.clone()),
                    format!("{}, {dist}, {prov}", u.name),
                )
            }
        };
        Hit {
            model: e.model,
            level: e.level,
            code: self.code(e).to_string(),
            name,
            parent_code,
            path,
            score,
        }
    }

    pub(crate) fn code(&self, e: &Entry) -> &'static str {
        let d: &'static GeoData = data();
        match (e.model, e.level) {
            (Model::New, Level::Province) => &d.provinces[e.idx].code,
            (Model::Legacy, Level::Province) => &d.legacy_provinces[e.idx].code,
            (Model::New, _) => &d.wards[e.idx].code,
            (Model::Legacy, Level::District) => &d.legacy_districts[e.idx].code,
            (Model::Legacy, Level::Ward) => &d.legacy_wards[e.idx].code,
        }
    }
}

/// Well-known short forms of province names: (normalized alias, province code). A code applies
/// to whichever model has it (01, 31, 46, 48, 79 exist in both; 77 is legacy only).
const ALIASES: &[(&str, &str)] = &[
    ("hcm", "79"),
    ("tphcm", "79"),
    ("hcmc", "79"),
    ("tp hcm", "79"),
    ("sg", "79"),
    ("sai gon", "79"),
    ("ho chi minh city", "79"),
    ("hn", "01"),
    ("tphn", "01"),
    ("hp", "31"),
    ("dng", "48"),
    ("tth", "46"),
    ("thua thien hue", "46"),
    ("brvt", "77"),
    ("ba ria", "77"),
    ("vung tau", "77"),
];

/// A parsed query (or vendor name): optional unit-type prefix and the remaining name.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    /// Interpretation with a recognised type prefix removed, then the raw one.
    pub variants: Vec<NameKey>,
    pub aliases: Vec<&'static str>,
}

fn prefix_type(tokens: &[&str]) -> Option<(UnitType, usize)> {
    let two = if tokens.len() >= 2 {
        match (tokens[0], tokens[1]) {
            ("thanh", "pho") => Some(UnitType::ThanhPho),
            ("thi", "xa") => Some(UnitType::ThiXa),
            ("thi", "tran") => Some(UnitType::ThiTran),
            ("dac", "khu") => Some(UnitType::DacKhu),
            _ => None,
        }
    } else {
        None
    };
    if let Some(t) = two {
        return Some((t, 2));
    }
    let t = match *tokens.first()? {
        "tinh" | "t" => UnitType::Tinh,
        "tp" => UnitType::ThanhPho,
        "quan" | "q" => UnitType::Quan,
        "huyen" | "h" => UnitType::Huyen,
        "tx" => UnitType::ThiXa,
        "phuong" | "p" | "f" | "ph" => UnitType::Phuong,
        "xa" | "x" => UnitType::Xa,
        "tt" | "ttr" => UnitType::ThiTran,
        "dk" => UnitType::DacKhu,
        _ => return None,
    };
    Some((t, 1))
}

/// Splits glued abbreviations: "q1" → "q 1", "p12" → "p 12", "f7" → "f 7".
fn unglue(k: &str) -> String {
    let mut out = Vec::new();
    for tok in k.split(' ') {
        let letters = tok.trim_end_matches(|c: char| c.is_ascii_digit());
        if !letters.is_empty()
            && letters.len() < tok.len()
            && matches!(letters, "q" | "p" | "f" | "x" | "h" | "ph")
        {
            out.push(letters.to_string());
            let digits = tok[letters.len()..].trim_start_matches('0');
            out.push(if digits.is_empty() { "0" } else { digits }.to_string());
        } else {
            out.push(tok.to_string());
        }
    }
    out.join(" ")
}

impl Query {
    pub(crate) fn parse(text: &str) -> Query {
        let k = unglue(&key(text));
        let tokens: Vec<&str> = k.split(' ').filter(|t| !t.is_empty()).collect();
        let mut variants = Vec::with_capacity(2);
        if let Some((t, n)) = prefix_type(&tokens) {
            if tokens.len() > n {
                variants.push(NameKey::new(&tokens[n..].join(" "), Some(t)));
            }
        }
        variants.push(NameKey::new(&k, None));
        let mut aliases = Vec::new();
        for v in &variants {
            for (a, code) in ALIASES {
                if (v.key == *a || v.compact == *a) && !aliases.contains(code) {
                    aliases.push(*code);
                }
            }
        }
        Query { variants, aliases }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.variants.iter().all(|v| v.key.is_empty())
    }

    /// Best score of this query against a unit name; `None` when it does not match at all.
    /// Scores ≥ [`STRONG`] are exact matches (equal name, spacing variant, known alias).
    pub(crate) fn match_score(&self, target: &NameKey, level: Level, code: &str) -> Option<i32> {
        let mut best: Option<i32> = None;
        if level == Level::Province && self.aliases.contains(&code) {
            best = Some(1000 + type_adjust(self.variants[0].unit_type, target.unit_type).max(0));
        }
        for v in &self.variants {
            if let Some(s) = name_score(v, target) {
                let s = s + type_adjust(v.unit_type, target.unit_type);
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        }
        best
    }

    /// [`Query::match_score`] with a small bonus for larger units (ties favour provinces).
    pub(crate) fn score(&self, target: &NameKey, level: Level, code: &str) -> Option<i32> {
        self.match_score(target, level, code).map(|s| {
            s + match level {
                Level::Province => 30,
                Level::District => 20,
                Level::Ward => 0,
            }
        })
    }
}

fn type_adjust(query: Option<UnitType>, target: Option<UnitType>) -> i32 {
    match (query, target) {
        (Some(q), Some(t)) if q == t => 50,
        // A different type word: still offered, but below every exact match.
        (Some(_), Some(_)) => -300,
        _ => 0,
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn name_score(q: &NameKey, t: &NameKey) -> Option<i32> {
    if q.key.is_empty() {
        return None;
    }
    if q.key == t.key {
        return Some(1000);
    }
    if q.compact == t.compact {
        return Some(950);
    }
    let len_penalty = (t.key.len().saturating_sub(q.key.len()) as i32).min(60);
    // Whole-token prefix: "ben" → "ben nghe", "ho chi" → "ho chi minh".
    if t.key.starts_with(&q.key) && t.key.as_bytes().get(q.key.len()) == Some(&b' ') {
        return Some(800 - len_penalty);
    }
    // Token-wise prefix from the start, the last token may be partial: "ben ngh" → "ben nghe".
    if q.tokens.len() <= t.tokens.len()
        && q.tokens
            .iter()
            .zip(&t.tokens)
            .enumerate()
            .all(|(i, (a, b))| {
                if is_digits(a) || i + 1 < q.tokens.len() {
                    a == b
                } else {
                    b.starts_with(a.as_str())
                }
            })
    {
        return Some(700 - len_penalty);
    }
    // Spaceless prefix: "saigo" → "sai gon", "daklak" → "dak lak".
    if !q.key.bytes().last().is_some_and(|b| b.is_ascii_digit())
        && q.compact.len() >= 3
        && t.compact.starts_with(&q.compact)
    {
        return Some(600 - len_penalty);
    }
    // Every query token is a prefix of a later token, in order: "nghe" → "ben nghe".
    let mut pos = 0;
    for a in &q.tokens {
        let digits = is_digits(a);
        match t.tokens[pos..].iter().position(|b| {
            if digits {
                a == b
            } else {
                b.starts_with(a.as_str())
            }
        }) {
            Some(p) => pos += p + 1,
            None => return None,
        }
    }
    if q.tokens.iter().map(String::len).sum::<usize>() < 2 {
        return None;
    }
    Some(400 - len_penalty)
}

/// Searches every unit of both models (or those selected by `opts`), best first.
///
/// Accepts full names, names without diacritics, prefixes and the usual abbreviations:
/// `TP.HCM`, `HCM`, `Sài Gòn`, `SG`, `HN`, `Q.1`/`Q1`/`Quận 1`, `P.`/`F.`/`Phường`, `TX.`, `H.`,
/// `TT.`, `X.`.
pub fn search(query: &str, opts: &SearchOptions) -> Vec<Hit> {
    let q = Query::parse(query);
    if q.is_empty() && q.aliases.is_empty() {
        return Vec::new();
    }
    let index = &*INDEX;
    let mut scored: Vec<(i32, &Entry)> = Vec::new();
    for e in &index.entries {
        if opts.model.is_some_and(|m| m != e.model) || opts.level.is_some_and(|l| l != e.level) {
            continue;
        }
        if let Some(w) = &opts.within {
            if &e.parent != w && &e.province != w {
                continue;
            }
        }
        let code = index.code(e);
        if let Some(s) = q.score(&e.name, e.level, code) {
            scored.push((s, e));
        }
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| model_rank(a.1.model).cmp(&model_rank(b.1.model)))
            .then_with(|| a.1.name.key.cmp(&b.1.name.key))
    });
    scored
        .into_iter()
        .take(opts.limit)
        .map(|(s, e)| index.hit(e, s))
        .collect()
}

fn model_rank(m: Model) -> u8 {
    match m {
        Model::New => 0,
        Model::Legacy => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unglues_abbreviations() {
        assert_eq!(unglue("q1"), "q 1");
        assert_eq!(unglue("p 12"), "p 12");
        assert_eq!(unglue("f07"), "f 7");
        assert_eq!(unglue("hoa"), "hoa");
        assert_eq!(unglue("q10 hcm"), "q 10 hcm");
    }

    #[test]
    fn prefix_is_optional_interpretation() {
        let q = Query::parse("Quan Hoa");
        assert_eq!(q.variants.len(), 2);
        assert_eq!(q.variants[0].key, "hoa");
        assert_eq!(q.variants[1].key, "quan hoa");
    }
}
