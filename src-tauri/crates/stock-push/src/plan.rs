//! The preview of a push: each listing's current POS figure, its target and the steps to it; rows
//! already at their target are only counted. And the circuit breaker of the automatic mode.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopdesk_core::ports::stock_writer::StockCell;
use shopdesk_core::Vendor;

use crate::mapping::Mapping;
use crate::rules::{decide, sku_key, Decision, RowInput, RuleSet, SkipReason, Step};

/// One listing in one POS warehouse, in the vendor's ids (the UI-facing twin of [`StockCell`]).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub vendor_product_id: String,
    /// Empty where the vendor has no variations.
    pub vendor_variation_id: String,
    pub vendor_wh_id: String,
}

impl From<Cell> for StockCell {
    fn from(c: Cell) -> Self {
        StockCell {
            vendor_product_id: c.vendor_product_id,
            vendor_variation_id: c.vendor_variation_id,
            vendor_wh_id: c.vendor_wh_id,
        }
    }
}

impl From<StockCell> for Cell {
    fn from(c: StockCell) -> Self {
        Cell {
            vendor_product_id: c.vendor_product_id,
            vendor_variation_id: c.vendor_variation_id,
            vendor_wh_id: c.vendor_wh_id,
        }
    }
}

/// What the planner needs of one POS listing in one POS warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRowInput {
    /// The stock grid's group (matched SKU across vendors).
    pub group_key: String,
    pub sku: Option<String>,
    pub name: String,
    pub cell: Cell,
    /// The POS sellable figure now, from the stock cache.
    pub current: Option<i64>,
    /// Onflow local warehouse id → its available figure of this listing (`None`: not stocked there).
    pub physical_by_wh: Vec<(i64, Option<i64>)>,
    /// POS orders taken and not shipped yet.
    pub unshipped: i64,
    pub physical_as_of: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInput {
    pub account_id: String,
    pub vendor: Vendor,
    pub rows: Vec<PlanRowInput>,
}

/// One row of the preview: a change to make or a row skipped (with why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    /// Position in [`Plan::rows`]: what the user selects.
    pub idx: u32,
    pub group_key: String,
    pub sku: Option<String>,
    pub name: String,
    pub cell: Cell,
    #[specta(type = Option<specta_typescript::Number>)]
    pub current: Option<i64>,
    /// The summed physical figure the target starts from.
    #[specta(type = Option<specta_typescript::Number>)]
    pub physical: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub target: Option<i64>,
    /// `target − current` (`None` when either is unknown).
    #[specta(type = Option<specta_typescript::Number>)]
    pub delta: Option<i64>,
    pub steps: Vec<Step>,
    pub skip: Option<SkipReason>,
}

/// The preview of one account's push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub account_id: String,
    pub vendor: Vendor,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    /// Changes and skipped rows.
    pub rows: Vec<PlanRow>,
    /// Rows already at their target (not listed).
    pub in_sync: u32,
}

impl Plan {
    /// Rows with a target that differs from the current figure.
    pub fn changes(&self) -> impl Iterator<Item = &PlanRow> {
        self.rows.iter().filter(|r| r.target.is_some())
    }
}

/// One row's physical figure under `mapping` and what the rules decide for it.
fn decide_row(
    r: &PlanRowInput,
    mapping: &Mapping,
    rules: &RuleSet,
    now: DateTime<Utc>,
) -> (Option<i64>, Decision) {
    let physical = mapping.physical(&r.cell.vendor_wh_id, &r.physical_by_wh);
    let decision = if mapping.is_mapped(&r.cell.vendor_wh_id) {
        decide(
            &RowInput {
                sku: r.sku.clone(),
                physical,
                unshipped: r.unshipped,
                physical_as_of: r.physical_as_of,
            },
            rules,
            now,
        )
    } else {
        Decision::Skip {
            reason: SkipReason::NotMapped,
        }
    };
    (physical, decision)
}

/// What a push would set one listing to in one POS warehouse (rows the rules skip have none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowTarget {
    pub group_key: String,
    pub cell: Cell,
    pub target: i64,
}

/// The target of every row of `input` a push would set, in sync or not: what the stock grid's mismatch
/// flag compares the POS figures with.
pub fn targets(
    input: &PlanInput,
    mapping: &Mapping,
    rules: &RuleSet,
    now: DateTime<Utc>,
) -> Vec<RowTarget> {
    input
        .rows
        .iter()
        .filter_map(|r| match decide_row(r, mapping, rules, now).1 {
            Decision::Target { value, .. } => Some(RowTarget {
                group_key: r.group_key.clone(),
                cell: r.cell.clone(),
                target: value,
            }),
            Decision::Skip { .. } => None,
        })
        .collect()
}

/// The preview of `input` under `mapping` and `rules`.
pub fn plan(input: &PlanInput, mapping: &Mapping, rules: &RuleSet, now: DateTime<Utc>) -> Plan {
    let mut rows = Vec::new();
    let mut in_sync = 0u32;
    for r in &input.rows {
        let (physical, decision) = decide_row(r, mapping, rules, now);
        let (target, steps, skip) = match decision {
            Decision::Target { value, steps } => (Some(value), steps, None),
            Decision::Skip { reason } => (None, Vec::new(), Some(reason)),
        };
        if target.is_some() && target == r.current {
            in_sync += 1;
            continue;
        }
        let delta = match (target, r.current) {
            (Some(t), Some(c)) => Some(t.saturating_sub(c)),
            _ => None,
        };
        rows.push(PlanRow {
            idx: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            group_key: r.group_key.clone(),
            sku: r.sku.clone(),
            name: r.name.clone(),
            cell: r.cell.clone(),
            current: r.current,
            physical,
            target,
            delta,
            steps,
            skip,
        });
    }
    Plan {
        account_id: input.account_id.clone(),
        vendor: input.vendor,
        created_at: now,
        rows,
        in_sync,
    }
}

/// Limits of an automatic run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BreakerSettings {
    /// A run changing more than this share of the account's SKUs trips.
    pub max_share_percent: u8,
    /// A run moving any listing by more than this trips.
    #[specta(type = specta_typescript::Number)]
    pub max_move: i64,
}

impl Default for BreakerSettings {
    /// An automatic run waits for the user when it would change more than a fifth of the account's SKUs,
    /// or move any listing by more than 50 units.
    fn default() -> Self {
        BreakerSettings {
            max_share_percent: 20,
            max_move: 50,
        }
    }
}

/// Why an automatic run was stopped before it sent anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Trip {
    TooManySkus {
        changing: u32,
        total: u32,
        max_share_percent: u8,
    },
    TooLargeMove {
        idx: u32,
        sku: Option<String>,
        #[specta(type = Option<specta_typescript::Number>)]
        current: Option<i64>,
        #[specta(type = specta_typescript::Number)]
        target: i64,
        #[specta(type = specta_typescript::Number)]
        max_move: i64,
    },
}

/// The circuit breaker of the automatic mode: `Some` when the plan changes too many of the account's
/// `total_skus` SKUs, or moves any listing by more than `max_move` (a listing with no current figure
/// moves by its whole target).
pub fn breaker(plan: &Plan, total_skus: u32, settings: BreakerSettings) -> Option<Trip> {
    let mut changing: BTreeSet<String> = BTreeSet::new();
    for r in plan.changes() {
        let Some(target) = r.target else { continue };
        let moved = target
            .saturating_sub(r.current.unwrap_or(0))
            .saturating_abs();
        if moved > settings.max_move.max(0) {
            return Some(Trip::TooLargeMove {
                idx: r.idx,
                sku: r.sku.clone(),
                current: r.current,
                target,
                max_move: settings.max_move,
            });
        }
        let key = r
            .sku
            .as_deref()
            .map(sku_key)
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| format!("group:{}", r.group_key));
        changing.insert(key);
    }
    let changing = u32::try_from(changing.len()).unwrap_or(u32::MAX);
    let share = u64::from(settings.max_share_percent.min(100));
    // changing / total > share / 100
    if changing > 0 && u64::from(changing) * 100 > u64::from(total_skus) * share {
        return Some(Trip::TooManySkus {
            changing,
            total: total_skus,
            max_share_percent: settings.max_share_percent,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;
    use chrono::Duration;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn row(sku: &str, wh: &str, current: Option<i64>, physical: Option<i64>) -> PlanRowInput {
        PlanRowInput {
            group_key: format!("g-{sku}"),
            sku: Some(sku.into()),
            name: format!("Áo {sku}"),
            cell: Cell {
                vendor_product_id: format!("p-{sku}"),
                vendor_variation_id: String::new(),
                vendor_wh_id: wh.into(),
            },
            current,
            physical_by_wh: vec![(10, physical), (11, Some(1))],
            unshipped: 0,
            physical_as_of: Some(now() - Duration::minutes(1)),
        }
    }

    fn mapping() -> Mapping {
        let mut m = Mapping::default();
        m.feeds.insert("w1".into(), vec![10]);
        m
    }

    /// The default rules, with `sku` excluded.
    fn excluding(sku: &str) -> RuleSet {
        let mut rules = RuleSet::default();
        rules.overrides.insert(
            sku.into(),
            Rule {
                excluded: true,
                ..Rule::default()
            },
        );
        rules
    }

    fn input(rows: Vec<PlanRowInput>) -> PlanInput {
        PlanInput {
            account_id: "acc".into(),
            vendor: Vendor::Nhanh,
            rows,
        }
    }

    #[test]
    fn in_sync_rows_are_counted_not_listed() {
        let p = plan(
            &input(vec![
                row("A", "w1", Some(5), Some(5)),
                row("B", "w1", Some(5), Some(8)),
                row("C", "w1", None, Some(2)),
            ]),
            &mapping(),
            &RuleSet::default(),
            now(),
        );
        assert_eq!(p.in_sync, 1);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].sku.as_deref(), Some("B"));
        assert_eq!(p.rows[0].idx, 0);
        assert_eq!(p.rows[0].target, Some(8));
        assert_eq!(p.rows[0].delta, Some(3));
        assert_eq!(p.rows[1].idx, 1);
        assert_eq!(p.rows[1].delta, None);
        assert_eq!(p.rows[1].target, Some(2));
    }

    #[test]
    fn skipped_rows_are_listed_with_their_reason() {
        let rules = excluding("X");
        let p = plan(
            &input(vec![
                row("x", "w1", Some(5), Some(8)),
                row("B", "w2", Some(5), Some(8)),
                // Onflow has no figure for C in any warehouse
                PlanRowInput {
                    physical_by_wh: vec![(10, None), (11, None)],
                    ..row("C", "w1", Some(5), None)
                },
            ]),
            &mapping(),
            &rules,
            now(),
        );
        let skips: Vec<_> = p.rows.iter().map(|r| r.skip).collect();
        assert_eq!(
            skips,
            vec![
                Some(SkipReason::Excluded),
                Some(SkipReason::NotMapped),
                Some(SkipReason::NoPhysical)
            ]
        );
        assert!(p.rows.iter().all(|r| r.target.is_none()));
        assert_eq!(p.changes().count(), 0);
    }

    #[test]
    fn targets_cover_in_sync_and_changing_rows_and_agree_with_the_plan() {
        let rules = excluding("X");
        let inp = input(vec![
            row("A", "w1", Some(5), Some(5)),
            row("B", "w1", Some(5), Some(8)),
            row("x", "w1", Some(5), Some(8)),
            row("C", "w2", Some(5), Some(8)),
        ]);
        let t = targets(&inp, &mapping(), &rules, now());
        let got: Vec<(&str, i64)> = t.iter().map(|r| (r.group_key.as_str(), r.target)).collect();
        // A is in sync (target 5), B changes; excluded x and unmapped C have none
        assert_eq!(got, vec![("g-A", 5), ("g-B", 8)]);
        let p = plan(&inp, &mapping(), &rules, now());
        for c in p.changes() {
            assert!(t
                .iter()
                .any(|r| r.cell == c.cell && Some(r.target) == c.target));
        }
    }

    #[test]
    fn breaker_trips_on_share_and_move() {
        let p = plan(
            &input(vec![
                row("A", "w1", Some(5), Some(6)),
                row("B", "w1", Some(5), Some(7)),
            ]),
            &mapping(),
            &RuleSet::default(),
            now(),
        );
        let s = BreakerSettings {
            max_share_percent: 20,
            max_move: 10,
        };
        assert_eq!(breaker(&p, 10, s), None);
        assert_eq!(
            breaker(&p, 5, s),
            Some(Trip::TooManySkus {
                changing: 2,
                total: 5,
                max_share_percent: 20
            })
        );
        let s = BreakerSettings {
            max_share_percent: 100,
            max_move: 1,
        };
        assert!(matches!(
            breaker(&p, 10, s),
            Some(Trip::TooLargeMove {
                idx: 1,
                target: 7,
                ..
            })
        ));
        // no current figure: the whole target moves
        let p = plan(
            &input(vec![row("A", "w1", None, Some(50))]),
            &mapping(),
            &RuleSet::default(),
            now(),
        );
        let s = BreakerSettings {
            max_share_percent: 100,
            max_move: 20,
        };
        assert!(matches!(
            breaker(&p, 10, s),
            Some(Trip::TooLargeMove { .. })
        ));
    }
}
