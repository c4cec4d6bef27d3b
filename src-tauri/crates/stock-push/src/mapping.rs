//! Which Onflow warehouses feed each POS warehouse of one POS account, and the proposed default.
//!
//! Default: a POS account with one warehouse is fed by every Onflow warehouse. With several, each POS
//! warehouse is matched one-to-one by the region its name names (folded, diacritics removed: "Kho Hà
//! Nội", "HN", "TP.HCM", "Sài Gòn", "Đà Nẵng" …); a POS warehouse whose region matches exactly one
//! Onflow warehouse (and no other POS warehouse) is mapped, every other one is listed in
//! [`MappingProposal::needs_choice`] for the user to choose.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shopdesk_core::text::fold;

/// A warehouse as the mapping sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WhInfo {
    /// The local warehouse id (the stock cache's).
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub vendor_wh_id: String,
    pub name: String,
}

/// POS `vendor_wh_id` → the local ids of the Onflow warehouses whose available figures are summed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    #[specta(type = BTreeMap<String, Vec<specta_typescript::Number>>)]
    pub feeds: BTreeMap<String, Vec<i64>>,
}

impl Mapping {
    /// The physical figure of a POS warehouse: the sum of its mapped Onflow warehouses' figures.
    /// `None` when the POS warehouse is not mapped ([`Self::is_mapped`]) or Onflow reports no figure for
    /// the goods in any warehouse (it does not stock them). Once Onflow stocks the goods somewhere, a
    /// mapped warehouse without a figure holds none of them: it counts 0 (a POS warehouse fed only by
    /// such warehouses is pushed to 0, not left at what it offered before).
    pub fn physical(&self, pos_wh: &str, by_wh: &[(i64, Option<i64>)]) -> Option<i64> {
        let feeds = self.feeds.get(pos_wh)?;
        if feeds.is_empty() || by_wh.iter().all(|(_, n)| n.is_none()) {
            return None;
        }
        Some(
            by_wh
                .iter()
                .filter(|(wh, _)| feeds.contains(wh))
                .filter_map(|(_, n)| *n)
                .fold(0i64, |sum, n| sum.saturating_add(n)),
        )
    }

    pub fn is_mapped(&self, pos_wh: &str) -> bool {
        self.feeds.get(pos_wh).is_some_and(|f| !f.is_empty())
    }

    /// Whether a saved mapping is within bounds: at most [`MAX_POS_WAREHOUSES`] POS warehouses, ids of at
    /// most 100 characters, at most [`MAX_FEEDS`] Onflow warehouses each. A refusal names the field
    /// (`mapping.<POS warehouse>`) and a code the UI localizes (`pushRules.<code>`).
    pub fn check(&self) -> Result<(), crate::rules::RuleProblem> {
        let problem = |field: String, code: &str| crate::rules::RuleProblem {
            field,
            code: code.into(),
        };
        if self.feeds.len() > MAX_POS_WAREHOUSES {
            return Err(problem("mapping".into(), "tooManyWarehouses"));
        }
        for (wh, feeds) in &self.feeds {
            if wh.is_empty() || wh.chars().count() > 100 {
                return Err(problem(format!("mapping.{wh}"), "warehouse"));
            }
            if feeds.len() > MAX_FEEDS {
                return Err(problem(format!("mapping.{wh}"), "tooManyWarehouses"));
            }
        }
        Ok(())
    }

    /// The mapping a push uses: for each POS warehouse of `pos`, the owner's saved choice (`saved`, kept
    /// to the Onflow warehouses that still exist; an empty choice means "fed by none") or else the
    /// default proposal's.
    pub fn effective(
        saved: Option<&Mapping>,
        proposal: &Mapping,
        pos: &[WhInfo],
        onflow: &[WhInfo],
    ) -> Mapping {
        let mut out = Mapping::default();
        for w in pos {
            let chosen = saved.and_then(|s| s.feeds.get(&w.vendor_wh_id)).map(|f| {
                f.iter()
                    .copied()
                    .filter(|id| onflow.iter().any(|o| o.id == *id))
                    .collect::<Vec<_>>()
            });
            if let Some(f) = chosen.or_else(|| proposal.feeds.get(&w.vendor_wh_id).cloned()) {
                out.feeds.insert(w.vendor_wh_id.clone(), f);
            }
        }
        out
    }
}

/// POS warehouses a saved mapping may name.
pub const MAX_POS_WAREHOUSES: usize = 500;
/// Onflow warehouses one POS warehouse may be fed by.
pub const MAX_FEEDS: usize = 100;

/// A region a warehouse name can name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Region {
    /// Hà Nội (and "miền Bắc").
    HaNoi,
    HaiPhong,
    /// Đà Nẵng (and "miền Trung").
    DaNang,
    /// TP. Hồ Chí Minh / Sài Gòn (and "miền Nam").
    Hcm,
    CanTho,
    BinhDuong,
    DongNai,
    /// Khánh Hòa / Nha Trang.
    KhanhHoa,
}

/// Folded phrases (whole words) naming each region.
const REGION_WORDS: &[(Region, &[&str])] = &[
    (
        Region::HaNoi,
        &["ha noi", "hanoi", "hn", "mien bac", "north"],
    ),
    (Region::HaiPhong, &["hai phong", "haiphong", "hp"]),
    (
        Region::DaNang,
        &["da nang", "danang", "dng", "mien trung", "central"],
    ),
    (
        Region::Hcm,
        &[
            "ho chi minh",
            "hochiminh",
            "hcm",
            "tphcm",
            "hcmc",
            "sai gon",
            "saigon",
            "sgn",
            "mien nam",
            "south",
        ],
    ),
    (Region::CanTho, &["can tho", "cantho"]),
    (Region::BinhDuong, &["binh duong", "binhduong"]),
    (Region::DongNai, &["dong nai", "dongnai", "bien hoa"]),
    (Region::KhanhHoa, &["khanh hoa", "nha trang", "nhatrang"]),
];

/// The one region a warehouse name names; `None` when it names none or several.
pub fn detect_region(name: &str) -> Option<Region> {
    let folded = format!(" {} ", fold(name));
    let mut found: Option<Region> = None;
    for (region, words) in REGION_WORDS {
        if words.iter().any(|w| folded.contains(&format!(" {w} "))) {
            if found.is_some_and(|r| r != *region) {
                return None;
            }
            found = Some(*region);
        }
    }
    found
}

/// The proposed default mapping and what the user still has to choose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MappingProposal {
    pub mapping: Mapping,
    /// POS `vendor_wh_id`s left unmapped: the UI asks which Onflow warehouses feed them.
    pub needs_choice: Vec<String>,
    /// The region each POS warehouse matched on (the UI shows why).
    pub matched_by: BTreeMap<String, Region>,
}

/// The default mapping of one POS account's warehouses to the Onflow warehouses.
pub fn default_mapping(pos: &[WhInfo], onflow: &[WhInfo]) -> MappingProposal {
    let mut out = MappingProposal::default();
    if onflow.is_empty() {
        out.needs_choice = pos.iter().map(|w| w.vendor_wh_id.clone()).collect();
        return out;
    }
    if let [only] = pos {
        out.mapping.feeds.insert(
            only.vendor_wh_id.clone(),
            onflow.iter().map(|w| w.id).collect(),
        );
        return out;
    }
    let pos_regions: Vec<Option<Region>> = pos.iter().map(|w| detect_region(&w.name)).collect();
    let onflow_regions: Vec<Option<Region>> =
        onflow.iter().map(|w| detect_region(&w.name)).collect();
    for (w, region) in pos.iter().zip(&pos_regions) {
        let matched = region.and_then(|r| {
            let same_pos = pos_regions.iter().filter(|x| **x == Some(r)).count();
            let mut same_onflow = onflow
                .iter()
                .zip(&onflow_regions)
                .filter(|(_, x)| **x == Some(r));
            match (same_pos, same_onflow.next(), same_onflow.next()) {
                (1, Some((o, _)), None) => Some((r, o.id)),
                _ => None,
            }
        });
        match matched {
            Some((r, id)) => {
                out.mapping.feeds.insert(w.vendor_wh_id.clone(), vec![id]);
                out.matched_by.insert(w.vendor_wh_id.clone(), r);
            }
            None => out.needs_choice.push(w.vendor_wh_id.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wh(id: i64, name: &str) -> WhInfo {
        WhInfo {
            id,
            vendor_wh_id: format!("v{id}"),
            name: name.into(),
        }
    }

    #[test]
    fn regions_from_names() {
        assert_eq!(detect_region("Kho Hà Nội"), Some(Region::HaNoi));
        assert_eq!(detect_region("KHO HN - Cầu Giấy"), Some(Region::HaNoi));
        assert_eq!(detect_region("TP.HCM Q7"), Some(Region::Hcm));
        assert_eq!(detect_region("Kho TP. Hồ Chí Minh"), Some(Region::Hcm));
        assert_eq!(detect_region("Sài Gòn"), Some(Region::Hcm));
        assert_eq!(detect_region("Đà Nẵng"), Some(Region::DaNang));
        assert_eq!(detect_region("Kho miền Bắc"), Some(Region::HaNoi));
        assert_eq!(detect_region("Kho chính"), None);
        // "hn" inside a word is not Hà Nội
        assert_eq!(detect_region("Kho Hnx"), None);
        // two regions: ambiguous
        assert_eq!(detect_region("Kho HN + HCM"), None);
    }

    #[test]
    fn the_owners_choice_wins_per_warehouse_and_the_proposal_fills_the_rest() {
        let pos = [wh(1, "Kho Hà Nội"), wh(2, "Kho HCM"), wh(3, "Kho Cần Thơ")];
        let onflow = [wh(10, "Onflow HN"), wh(11, "Onflow HCM")];
        let proposal = default_mapping(&pos, &onflow).mapping;
        assert_eq!(proposal.feeds.get("v1"), Some(&vec![10]));
        let mut saved = Mapping::default();
        // Hà Nội fed by both; HCM explicitly by none; a gone Onflow warehouse (99) dropped
        saved.feeds.insert("v1".into(), vec![10, 11, 99]);
        saved.feeds.insert("v2".into(), vec![]);
        saved.feeds.insert("gone".into(), vec![10]);
        let m = Mapping::effective(Some(&saved), &proposal, &pos, &onflow);
        assert_eq!(m.feeds.get("v1"), Some(&vec![10, 11]));
        assert!(!m.is_mapped("v2"), "the owner said: fed by none");
        assert_eq!(m.feeds.get("v3"), proposal.feeds.get("v3"));
        assert!(
            !m.feeds.contains_key("gone"),
            "a POS warehouse that no longer exists"
        );
        assert_eq!(m.physical("v1", &[(10, Some(4)), (11, Some(6))]), Some(10));
        assert_eq!(Mapping::effective(None, &proposal, &pos, &onflow), proposal);
    }

    #[test]
    fn a_saved_mapping_is_bounded() {
        let mut m = Mapping::default();
        m.feeds.insert("v1".into(), vec![1; MAX_FEEDS + 1]);
        assert_eq!(
            m.check().map_err(|p| p.code),
            Err("tooManyWarehouses".to_string())
        );
        let mut m = Mapping::default();
        m.feeds.insert(String::new(), vec![1]);
        assert_eq!(m.check().map_err(|p| p.code), Err("warehouse".to_string()));
        let mut m = Mapping::default();
        m.feeds.insert("v1".into(), vec![1, 2]);
        assert_eq!(m.check(), Ok(()));
    }

    #[test]
    fn one_pos_warehouse_is_fed_by_all() {
        let p = default_mapping(&[wh(1, "Kho tổng")], &[wh(10, "HN"), wh(11, "HCM")]);
        assert_eq!(p.mapping.feeds.get("v1"), Some(&vec![10, 11]));
        assert!(p.needs_choice.is_empty());
    }

    #[test]
    fn several_pos_warehouses_match_by_region() {
        let p = default_mapping(
            &[
                wh(1, "Chi nhánh Hà Nội"),
                wh(2, "Chi nhánh Sài Gòn"),
                wh(3, "Kho online"),
            ],
            &[
                wh(10, "Onflow HCM"),
                wh(11, "Onflow HN"),
                wh(12, "Onflow Đà Nẵng"),
            ],
        );
        assert_eq!(p.mapping.feeds.get("v1"), Some(&vec![11]));
        assert_eq!(p.mapping.feeds.get("v2"), Some(&vec![10]));
        assert_eq!(p.needs_choice, vec!["v3".to_string()]);
        assert_eq!(p.matched_by.get("v2"), Some(&Region::Hcm));
    }

    #[test]
    fn ambiguous_regions_need_a_choice() {
        // two Onflow warehouses in Hà Nội
        let p = default_mapping(
            &[wh(1, "HN"), wh(2, "HCM")],
            &[wh(10, "Hà Nội 1"), wh(11, "Hà Nội 2"), wh(12, "HCM")],
        );
        assert_eq!(p.needs_choice, vec!["v1".to_string()]);
        assert_eq!(p.mapping.feeds.get("v2"), Some(&vec![12]));
        // two POS warehouses in the same region
        let p = default_mapping(&[wh(1, "HN 1"), wh(2, "HN 2")], &[wh(10, "Hà Nội")]);
        assert_eq!(p.needs_choice, vec!["v1".to_string(), "v2".to_string()]);
        assert!(p.mapping.feeds.is_empty());
    }

    #[test]
    fn no_onflow_warehouse_everything_needs_a_choice() {
        let p = default_mapping(&[wh(1, "Kho")], &[]);
        assert_eq!(p.needs_choice, vec!["v1".to_string()]);
    }

    #[test]
    fn physical_sums_mapped_warehouses() {
        let mut m = Mapping::default();
        m.feeds.insert("a".into(), vec![1, 2]);
        assert_eq!(
            m.physical("a", &[(1, Some(3)), (2, Some(4)), (3, Some(100))]),
            Some(7)
        );
        assert_eq!(m.physical("a", &[(1, Some(3)), (2, None)]), Some(3));
        // Onflow stocks the goods, but not in the warehouses that feed "a": there are none to sell
        assert_eq!(m.physical("a", &[(1, None), (3, Some(5))]), Some(0));
        assert_eq!(
            m.physical("a", &[(1, None), (2, None)]),
            None,
            "Onflow has no figure at all"
        );
        assert_eq!(m.physical("b", &[(1, Some(3))]), None);
        assert!(m.is_mapped("a"));
        assert!(!m.is_mapped("b"));
    }
}
