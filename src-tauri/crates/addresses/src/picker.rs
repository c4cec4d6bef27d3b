//! What the address picker shows: one typed line → ward-level options in both models at once.
//!
//! The user types a free line ("12 Lê Lợi, P. Bến Nghé, Q.1, HCM" or just "ben nghe"). Each option
//! carries the 2025 form (province → ward) and the legacy form (province → district → ward) side by
//! side. When the conversion is not one-to-one the option lists the choices instead of guessing:
//! `new_choices` for a legacy ward that was split across several 2025 wards (the official default
//! marked), `legacy_choices` for a 2025 ward made of several legacy wards.

use serde::{Deserialize, Serialize};

use crate::{CanonicalAddress, Error, GeoSource, Resolver};

/// The 2025 (two-level) form of an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewForm {
    pub province_code: String,
    pub province_name: String,
    pub ward_code: String,
    pub ward_name: String,
    /// For a split legacy ward: the official default among the choices.
    #[serde(default)]
    pub is_default: bool,
}

/// The legacy (three-level) form of an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LegacyForm {
    pub province_code: String,
    pub province_name: String,
    pub district_code: String,
    pub district_name: String,
    pub ward_code: String,
    pub ward_name: String,
}

/// Which model the user's text matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TypedModel {
    Legacy,
    New2025,
}

/// One suggestion of the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AddressOption {
    /// Stable id of the option (`L:<legacy ward code>` or `N:<2025 ward code>`).
    pub key: String,
    pub typed: TypedModel,
    /// House number and street, when the line had one.
    pub street: Option<String>,
    /// The 2025 form; `None` when a split legacy ward needs the user's choice among `new_choices`.
    pub new: Option<NewForm>,
    /// The legacy form; `None` when the 2025 ward came from several legacy wards (`legacy_choices`).
    pub legacy: Option<LegacyForm>,
    pub new_choices: Vec<NewForm>,
    pub legacy_choices: Vec<LegacyForm>,
}

impl AddressOption {
    /// Whether the user still has to choose before the address is complete in both models.
    pub fn needs_choice(&self) -> bool {
        self.new.is_none() || self.legacy.is_none()
    }

    /// The address to resolve at a vendor: the legacy form when there is one (the vendors' lists are
    /// legacy today), else the 2025 form; `None` while neither is settled.
    pub fn canonical(&self) -> Option<CanonicalAddress> {
        match (&self.legacy, &self.new) {
            (Some(l), _) => Some(CanonicalAddress::legacy(
                &l.province_code,
                Some(&l.district_code),
                Some(&l.ward_code),
            )),
            (None, Some(n)) => Some(CanonicalAddress::new2025(
                &n.province_code,
                Some(&n.ward_code),
            )),
            (None, None) => None,
        }
    }
}

/// What a written ward / district / province line (e.g. from an imported spreadsheet) resolves to at
/// one vendor. Nothing is guessed: anything but one exact match is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextMatch {
    /// The vendor's own ids.
    Ids {
        province_id: Option<String>,
        district_id: Option<String>,
        ward_id: Option<String>,
    },
    /// No official unit matches the text.
    Unknown,
    /// A 2025 ward made of several legacy wards, for a vendor that takes legacy ids: the old address
    /// is needed.
    Ambiguous,
    /// The vendor's lists do not have exactly one unit for some level.
    Unresolved,
}

impl TextMatch {
    /// A stable code for the user's message (`address.unknown` …); `None` for a match.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            TextMatch::Ids { .. } => None,
            TextMatch::Unknown => Some("address.unknown"),
            TextMatch::Ambiguous => Some("address.ambiguous"),
            TextMatch::Unresolved => Some("address.unresolved"),
        }
    }
}

/// Resolve a written line to the vendor's ids: the best [`suggest`]ion, then [`Resolver::resolve`] in
/// the vendor's recommended model. `Err` only for a failed vendor call or cache. `account_id` keys the
/// cached lists.
pub async fn resolve_text(
    resolver: &Resolver,
    source: &dyn GeoSource,
    account_id: &str,
    line: &str,
) -> Result<TextMatch, Error> {
    let Some(option) = suggest(line, 1).into_iter().next() else {
        return Ok(TextMatch::Unknown);
    };
    let model = source.recommended_model();
    let canonical = match option.canonical() {
        Some(c) if c.model() == model || option.legacy.is_some() => c,
        Some(_) => return Ok(TextMatch::Ambiguous),
        None => return Ok(TextMatch::Unknown),
    };
    let r = resolver
        .resolve(source, account_id, &canonical, model)
        .await?;
    if !r.unresolved.is_empty() {
        return Ok(TextMatch::Unresolved);
    }
    Ok(TextMatch::Ids {
        province_id: r.province.map(|v| v.id),
        district_id: r.district.map(|v| v.id),
        ward_id: r.ward.map(|v| v.id),
    })
}

fn new_form(w: &geo::Ward, is_default: bool) -> Option<NewForm> {
    let p = geo::data().province(&w.province_code)?;
    Some(NewForm {
        province_code: p.code.clone(),
        province_name: p.name.clone(),
        ward_code: w.code.clone(),
        ward_name: w.name.clone(),
        is_default,
    })
}

fn legacy_form(w: &geo::LegacyWard) -> Option<LegacyForm> {
    let d = geo::data();
    let p = d.legacy_province(&w.province_code)?;
    let dist = d.legacy_district(&w.district_code)?;
    Some(LegacyForm {
        province_code: p.code.clone(),
        province_name: p.name.clone(),
        district_code: dist.code.clone(),
        district_name: dist.name.clone(),
        ward_code: w.code.clone(),
        ward_name: w.name.clone(),
    })
}

/// The option for a legacy ward code (with its 2025 form or the split choices).
pub fn from_legacy_ward(code: &str, street: Option<String>) -> Option<AddressOption> {
    let d = geo::data();
    let w = d.legacy_ward(code)?;
    let legacy = legacy_form(w)?;
    let (new, new_choices) = match d.legacy_to_new(code) {
        Some(geo::Conversion::Exact(nw)) => (new_form(nw, true), Vec::new()),
        Some(conv @ geo::Conversion::Split(_)) => (
            None,
            conv.candidates()
                .iter()
                .filter_map(|c| new_form(c.ward, c.is_default))
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    Some(AddressOption {
        key: format!("L:{code}"),
        typed: TypedModel::Legacy,
        street,
        new,
        legacy: Some(legacy),
        new_choices,
        legacy_choices: Vec::new(),
    })
}

/// The option for a 2025 ward code (with its legacy form or the legacy wards it came from).
pub fn from_new_ward(code: &str, street: Option<String>) -> Option<AddressOption> {
    let d = geo::data();
    let w = d.ward(code)?;
    let new = new_form(w, true)?;
    let origins: Vec<LegacyForm> = d
        .new_to_legacy(code)
        .iter()
        .filter_map(|o| legacy_form(o.ward))
        .collect();
    let (legacy, legacy_choices) = match origins.len() {
        1 => (origins.into_iter().next(), Vec::new()),
        _ => (None, origins),
    };
    Some(AddressOption {
        key: format!("N:{code}"),
        typed: TypedModel::New2025,
        street,
        new: Some(new),
        legacy,
        new_choices: Vec::new(),
        legacy_choices,
    })
}

/// Ward-level options for a typed line, best first, without duplicates. Diacritics-insensitive and
/// abbreviation-aware through `geo::parse_address` / `geo::search` (TP.HCM, Q.1, P., H., TX. …).
pub fn suggest(line: &str, limit: usize) -> Vec<AddressOption> {
    let mut out: Vec<AddressOption> = Vec::new();
    let push = |o: Option<AddressOption>, out: &mut Vec<AddressOption>| {
        if let Some(o) = o {
            if !out.iter().any(|x| x.key == o.key) {
                out.push(o);
            }
        }
    };
    let parsed = geo::parse_address(line);
    for c in &parsed.candidates {
        let Some(ward) = &c.ward else { continue };
        let o = match c.model {
            geo::Model::Legacy => from_legacy_ward(&ward.code, c.street.clone()),
            geo::Model::New => from_new_ward(&ward.code, c.street.clone()),
        };
        push(o, &mut out);
        if out.len() >= limit {
            return out;
        }
    }
    // Type-ahead without commas ("ben nghe quan 1", "p ben nghe q1 hcm"): the longest leading words
    // that name a ward, the words after them narrowing by district or province.
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let opts = geo::SearchOptions {
        limit: limit * 3,
        level: Some(geo::Level::Ward),
        ..Default::default()
    };
    for k in (1..=words.len()).rev() {
        let head = words[..k].join(" ");
        let rest = &words[k..];
        let mut found = false;
        for h in geo::search(&head, &opts) {
            let o = match h.model {
                geo::Model::Legacy => from_legacy_ward(&h.code, None),
                geo::Model::New => from_new_ward(&h.code, None),
            };
            let Some(o) = o else { continue };
            if !rest.is_empty() && !context_matches(&o, rest) {
                continue;
            }
            found = true;
            push(Some(o), &mut out);
            if out.len() >= limit {
                return out;
            }
        }
        if found {
            break;
        }
    }
    out
}

/// Whether every remaining word group names the option's district or province (either model).
fn context_matches(o: &AddressOption, rest: &[&str]) -> bool {
    let mut codes: Vec<&str> = Vec::new();
    if let Some(l) = &o.legacy {
        codes.extend([l.district_code.as_str(), l.province_code.as_str()]);
    }
    for l in &o.legacy_choices {
        codes.extend([l.district_code.as_str(), l.province_code.as_str()]);
    }
    if let Some(n) = &o.new {
        codes.push(n.province_code.as_str());
    }
    for n in &o.new_choices {
        codes.push(n.province_code.as_str());
    }
    let names = |q: &str| -> bool {
        let opts = geo::SearchOptions {
            limit: 200,
            ..Default::default()
        };
        geo::search(q, &opts)
            .iter()
            .any(|h| h.level != geo::Level::Ward && codes.contains(&h.code.as_str()))
    };
    // greedy: the longest run of words that names one of the option's units, then the rest
    let mut i = 0;
    while i < rest.len() {
        let mut j = rest.len();
        while j > i && !names(&rest[i..j].join(" ")) {
            j -= 1;
        }
        if j == i {
            return false;
        }
        i = j;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_line_gives_both_forms() {
        let opts = suggest("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", 5);
        let o = opts.first().expect("an option");
        let legacy = o.legacy.as_ref().expect("legacy form");
        assert_eq!(legacy.ward_name, "Phường Bến Nghé");
        assert_eq!(legacy.district_name, "Quận 1");
        assert_eq!(o.street.as_deref(), Some("12 Lê Lợi"));
        let new = o
            .new
            .as_ref()
            .expect("Bến Nghé went wholly into one 2025 ward");
        assert_eq!(new.province_name, "Thành phố Hồ Chí Minh");
        assert_eq!(new.ward_name, "Phường Sài Gòn");
        assert!(!o.needs_choice());
    }

    #[test]
    fn bare_name_without_diacritics_is_found() {
        let opts = suggest("ben nghe", 10);
        assert!(opts.iter().any(|o| o
            .legacy
            .as_ref()
            .is_some_and(|l| l.ward_name == "Phường Bến Nghé")));
    }

    #[test]
    fn split_legacy_ward_asks_with_the_default_marked() {
        let d = geo::data();
        let split = d
            .legacy_wards
            .iter()
            .find(|w| d.legacy_to_new(&w.code).is_some_and(|c| c.is_split()))
            .expect("the data has split wards");
        let o = from_legacy_ward(&split.code, None).expect("option");
        assert!(o.new.is_none() && o.needs_choice());
        assert!(o.new_choices.len() >= 2);
        assert_eq!(o.new_choices.iter().filter(|c| c.is_default).count(), 1);
    }

    #[test]
    fn new_ward_from_several_legacy_wards_lists_them() {
        let o = from_new_ward_with_many_origins().expect("such a ward exists");
        assert!(o.legacy.is_none() && o.needs_choice());
        assert!(o.legacy_choices.len() >= 2);
        assert!(o.new.is_some());
    }

    fn from_new_ward_with_many_origins() -> Option<AddressOption> {
        let d = geo::data();
        let p = d.province("79")?;
        d.wards_of(&p.code)
            .find(|w| d.new_to_legacy(&w.code).len() > 1)
            .and_then(|w| from_new_ward(&w.code, None))
    }
}

#[cfg(test)]
mod typeahead {
    use super::*;

    fn first_legacy_ward(q: &str) -> Option<String> {
        suggest(q, 5)
            .into_iter()
            .find_map(|o| o.legacy.map(|l| l.ward_name))
    }

    #[test]
    fn words_after_the_ward_narrow_by_district_and_province() {
        for q in [
            "ben nghe quan 1",
            "p ben nghe q1 hcm",
            "Bến Nghé, Q1",
            "ben nghe ho chi minh",
        ] {
            assert_eq!(
                first_legacy_ward(q).as_deref(),
                Some("Phường Bến Nghé"),
                "{q}"
            );
        }
        assert!(
            suggest("ben nghe ha noi", 5).is_empty(),
            "no Bến Nghé in Hà Nội"
        );
    }
}
