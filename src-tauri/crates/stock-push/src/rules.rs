//! The push rules: one pure function from a row's physical stock to the POS sellable target.
//!
//! ```text
//! target = max(0, min(cap, floor((physical − keep_back − unshipped) × percent / 100)))
//! ```
//! (the subtraction is floored at 0 before the percentage; `unshipped` only where the rule says so).
//! Every step that changed the figure is returned as a typed [`Step`]; the UI renders them ("Onflow 40 −
//! giữ lại 2 − 3 đơn chưa giao = 35").

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How one SKU's (or an account's default) sellable figure follows the physical one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Units held back from sale (negative values count as 0).
    #[specta(type = specta_typescript::Number)]
    pub keep_back: i64,
    /// Share of what is left that is offered, 0..=100 (larger values count as 100).
    pub percent: u8,
    /// Never offer more than this (negative values count as 0).
    #[specta(type = Option<specta_typescript::Number>)]
    pub cap: Option<i64>,
    /// Never pushed.
    pub excluded: bool,
    /// Subtract the POS orders taken but not shipped yet (Onflow still counts those units).
    pub subtract_unshipped: bool,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            keep_back: 0,
            percent: 100,
            cap: None,
            excluded: false,
            subtract_unshipped: true,
        }
    }
}

/// The rules of one POS account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleSet {
    pub default: Rule,
    /// Per SKU, keyed by [`sku_key`] (trimmed, upper-case).
    pub overrides: BTreeMap<String, Rule>,
    /// A physical figure older than this is not pushed ([`SkipReason::Stale`]); 0 or less: no limit.
    #[specta(type = specta_typescript::Number)]
    pub max_age_minutes: i64,
    /// Automatic mode: after every sync, push what changed without asking — unless the circuit breaker
    /// trips or another installation pushed to the account recently (off by default).
    #[serde(default)]
    pub automatic: bool,
    /// The circuit breaker of the automatic mode.
    #[serde(default)]
    pub breaker: crate::plan::BreakerSettings,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet {
            default: Rule::default(),
            overrides: BTreeMap::new(),
            max_age_minutes: 60,
            automatic: false,
            breaker: crate::plan::BreakerSettings::default(),
        }
    }
}

/// Per-SKU overrides one account may hold at most.
pub const MAX_OVERRIDES: usize = 5_000;
/// The longest SKU an override may name.
pub const MAX_SKU_LEN: usize = 100;
/// The largest figure a rule may name (units held back, cap).
pub const MAX_UNITS: i64 = 1_000_000_000;
/// The longest age limit (a year, in minutes).
pub const MAX_AGE_MINUTES: i64 = 525_600;

/// Why a rule set was refused: the field (`default.keepBack`, `overrides.<SKU>.percent`, …) and a code
/// the UI localizes (`push.rules.<code>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleProblem {
    pub field: String,
    pub code: String,
}

fn problem(field: impl Into<String>, code: &str) -> RuleProblem {
    RuleProblem {
        field: field.into(),
        code: code.into(),
    }
}

impl Rule {
    fn check(&self, at: &str) -> Result<(), RuleProblem> {
        if !(0..=MAX_UNITS).contains(&self.keep_back) {
            return Err(problem(format!("{at}.keepBack"), "range"));
        }
        if self.percent > 100 {
            return Err(problem(format!("{at}.percent"), "percent"));
        }
        if self.cap.is_some_and(|c| !(0..=MAX_UNITS).contains(&c)) {
            return Err(problem(format!("{at}.cap"), "range"));
        }
        Ok(())
    }
}

impl RuleSet {
    /// Whether the rules can be saved: every figure within its bounds, overrides bounded in number and
    /// keyed by a non-empty SKU of at most [`MAX_SKU_LEN`] characters in [`sku_key`] form.
    pub fn check(&self) -> Result<(), RuleProblem> {
        self.default.check("default")?;
        if !(0..=MAX_AGE_MINUTES).contains(&self.max_age_minutes) {
            return Err(problem("maxAgeMinutes", "range"));
        }
        if self.breaker.max_share_percent > 100 {
            return Err(problem("breaker.maxSharePercent", "percent"));
        }
        if !(0..=MAX_UNITS).contains(&self.breaker.max_move) {
            return Err(problem("breaker.maxMove", "range"));
        }
        if self.overrides.len() > MAX_OVERRIDES {
            return Err(problem("overrides", "tooMany"));
        }
        for (sku, rule) in &self.overrides {
            if sku.is_empty() || sku.chars().count() > MAX_SKU_LEN || *sku != sku_key(sku) {
                return Err(problem(format!("overrides.{sku}"), "sku"));
            }
            rule.check(&format!("overrides.{sku}"))?;
        }
        Ok(())
    }
}

/// The key of a SKU in [`RuleSet::overrides`]: trimmed, upper-case.
pub fn sku_key(sku: &str) -> String {
    sku.trim().to_uppercase()
}

impl RuleSet {
    /// The rule of a SKU: its override, else the default.
    pub fn rule_for(&self, sku: Option<&str>) -> &Rule {
        sku.map(sku_key)
            .filter(|k| !k.is_empty())
            .and_then(|k| self.overrides.get(&k))
            .unwrap_or(&self.default)
    }
}

/// What [`decide`] needs of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowInput {
    pub sku: Option<String>,
    /// Sum of the mapped Onflow warehouses' available figures (`None`: Onflow has none for this row).
    pub physical: Option<i64>,
    /// POS orders taken and not shipped yet.
    pub unshipped: i64,
    /// When the physical figure was read from Onflow.
    pub physical_as_of: Option<DateTime<Utc>>,
}

/// One step of the computation, in order. The UI renders them; no text here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Step {
    /// The physical figure the computation starts from.
    Physical {
        #[specta(type = specta_typescript::Number)]
        value: i64,
    },
    /// Minus the units held back.
    KeepBack {
        #[specta(type = specta_typescript::Number)]
        value: i64,
    },
    /// Minus the orders taken and not shipped.
    Unshipped {
        #[specta(type = specta_typescript::Number)]
        value: i64,
    },
    /// The subtraction went below zero: 0.
    FloorZero,
    /// Times `percent` / 100, rounded down: `after`.
    Percent {
        percent: u8,
        #[specta(type = specta_typescript::Number)]
        after: i64,
    },
    /// Lowered to the cap.
    Cap {
        #[specta(type = specta_typescript::Number)]
        value: i64,
    },
}

/// Why a row is not pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SkipReason {
    /// The rule excludes it.
    Excluded,
    /// Onflow has no figure for it.
    NoPhysical,
    /// The physical figure is older than the account's limit; `None`: its time is unknown.
    Stale {
        #[specta(type = Option<specta_typescript::Number>)]
        age_minutes: Option<i64>,
    },
    /// No Onflow warehouse feeds the listing's POS warehouse (set by [`crate::plan`], never by [`decide`]).
    NotMapped,
}

/// What to do with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Decision {
    Target {
        #[specta(type = specta_typescript::Number)]
        value: i64,
        steps: Vec<Step>,
    },
    Skip {
        reason: SkipReason,
    },
}

impl Decision {
    pub fn target(&self) -> Option<i64> {
        match self {
            Decision::Target { value, .. } => Some(*value),
            Decision::Skip { .. } => None,
        }
    }
}

/// The sellable target of one row under `rules`, or why it is skipped.
pub fn decide(input: &RowInput, rules: &RuleSet, now: DateTime<Utc>) -> Decision {
    let rule = rules.rule_for(input.sku.as_deref());
    if rule.excluded {
        return Decision::Skip {
            reason: SkipReason::Excluded,
        };
    }
    let Some(physical) = input.physical else {
        return Decision::Skip {
            reason: SkipReason::NoPhysical,
        };
    };
    if rules.max_age_minutes > 0 {
        let age = input.physical_as_of.map(|t| (now - t).num_minutes().max(0));
        if age.is_none_or(|a| a > rules.max_age_minutes) {
            return Decision::Skip {
                reason: SkipReason::Stale { age_minutes: age },
            };
        }
    }

    let mut steps = vec![Step::Physical { value: physical }];
    let mut value = physical;
    let keep_back = rule.keep_back.max(0);
    if keep_back > 0 {
        value = value.saturating_sub(keep_back);
        steps.push(Step::KeepBack { value: keep_back });
    }
    let unshipped = input.unshipped.max(0);
    if rule.subtract_unshipped && unshipped > 0 {
        value = value.saturating_sub(unshipped);
        steps.push(Step::Unshipped { value: unshipped });
    }
    if value < 0 {
        value = 0;
        steps.push(Step::FloorZero);
    }
    let percent = rule.percent.min(100);
    if percent < 100 {
        // value ≥ 0 here: integer division rounds down
        value = i64::try_from(i128::from(value) * i128::from(percent) / 100).unwrap_or(0);
        steps.push(Step::Percent {
            percent,
            after: value,
        });
    }
    if let Some(cap) = rule.cap {
        let cap = cap.max(0);
        if value > cap {
            value = cap;
            steps.push(Step::Cap { value: cap });
        }
    }
    Decision::Target { value, steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn input(physical: i64, unshipped: i64) -> RowInput {
        RowInput {
            sku: Some("ao-01".into()),
            physical: Some(physical),
            unshipped,
            physical_as_of: Some(now() - Duration::minutes(5)),
        }
    }

    fn rules(rule: Rule) -> RuleSet {
        RuleSet {
            default: rule,
            overrides: BTreeMap::new(),
            max_age_minutes: 60,
            ..RuleSet::default()
        }
    }

    #[test]
    fn plain_rule_pushes_physical_minus_unshipped() {
        let d = decide(&input(40, 0), &rules(Rule::default()), now());
        assert_eq!(
            d,
            Decision::Target {
                value: 40,
                steps: vec![Step::Physical { value: 40 }]
            }
        );
        let d = decide(&input(40, 3), &rules(Rule::default()), now());
        assert_eq!(d.target(), Some(37));
    }

    #[test]
    fn the_example_keep_back_and_unshipped() {
        let r = Rule {
            keep_back: 2,
            ..Rule::default()
        };
        assert_eq!(
            decide(&input(40, 3), &rules(r), now()),
            Decision::Target {
                value: 35,
                steps: vec![
                    Step::Physical { value: 40 },
                    Step::KeepBack { value: 2 },
                    Step::Unshipped { value: 3 },
                ]
            }
        );
    }

    #[test]
    fn unshipped_only_when_the_rule_says_so() {
        let r = Rule {
            subtract_unshipped: false,
            ..Rule::default()
        };
        assert_eq!(decide(&input(10, 4), &rules(r), now()).target(), Some(10));
    }

    #[test]
    fn percent_rounds_down() {
        let r = Rule {
            percent: 50,
            ..Rule::default()
        };
        assert_eq!(
            decide(&input(7, 0), &rules(r), now()),
            Decision::Target {
                value: 3,
                steps: vec![
                    Step::Physical { value: 7 },
                    Step::Percent {
                        percent: 50,
                        after: 3
                    }
                ]
            }
        );
        let r = Rule {
            percent: 0,
            ..Rule::default()
        };
        assert_eq!(decide(&input(7, 0), &rules(r), now()).target(), Some(0));
        let r = Rule {
            percent: 250,
            ..Rule::default()
        };
        assert_eq!(decide(&input(7, 0), &rules(r), now()).target(), Some(7));
    }

    #[test]
    fn cap_only_shown_when_it_lowers() {
        let r = Rule {
            cap: Some(5),
            ..Rule::default()
        };
        assert_eq!(
            decide(&input(9, 0), &rules(r), now()),
            Decision::Target {
                value: 5,
                steps: vec![Step::Physical { value: 9 }, Step::Cap { value: 5 }]
            }
        );
        assert_eq!(
            decide(&input(4, 0), &rules(r), now()),
            Decision::Target {
                value: 4,
                steps: vec![Step::Physical { value: 4 }]
            }
        );
    }

    #[test]
    fn never_below_zero() {
        let r = Rule {
            keep_back: 5,
            ..Rule::default()
        };
        assert_eq!(
            decide(&input(3, 1), &rules(r), now()),
            Decision::Target {
                value: 0,
                steps: vec![
                    Step::Physical { value: 3 },
                    Step::KeepBack { value: 5 },
                    Step::Unshipped { value: 1 },
                    Step::FloorZero
                ]
            }
        );
        // a negative Onflow figure (oversold) pushes 0
        assert_eq!(
            decide(&input(-4, 0), &rules(Rule::default()), now()).target(),
            Some(0)
        );
    }

    #[test]
    fn skips() {
        let r = Rule {
            excluded: true,
            ..Rule::default()
        };
        assert_eq!(
            decide(&input(3, 0), &rules(r), now()),
            Decision::Skip {
                reason: SkipReason::Excluded
            }
        );
        let mut i = input(3, 0);
        i.physical = None;
        assert_eq!(
            decide(&i, &rules(Rule::default()), now()),
            Decision::Skip {
                reason: SkipReason::NoPhysical
            }
        );
        let mut i = input(3, 0);
        i.physical_as_of = Some(now() - Duration::minutes(61));
        assert_eq!(
            decide(&i, &rules(Rule::default()), now()),
            Decision::Skip {
                reason: SkipReason::Stale {
                    age_minutes: Some(61)
                }
            }
        );
        i.physical_as_of = None;
        assert_eq!(
            decide(&i, &rules(Rule::default()), now()),
            Decision::Skip {
                reason: SkipReason::Stale { age_minutes: None }
            }
        );
        // no age limit
        let mut rs = rules(Rule::default());
        rs.max_age_minutes = 0;
        assert_eq!(decide(&i, &rs, now()).target(), Some(3));
    }

    #[test]
    fn overrides_match_folded_sku() {
        let mut rs = rules(Rule::default());
        rs.overrides.insert(
            sku_key(" ao-01 "),
            Rule {
                excluded: true,
                ..Rule::default()
            },
        );
        let mut i = input(3, 0);
        i.sku = Some("Ao-01  ".into());
        assert!(matches!(decide(&i, &rs, now()), Decision::Skip { .. }));
        i.sku = Some("ao-02".into());
        assert_eq!(decide(&i, &rs, now()).target(), Some(3));
        i.sku = None;
        assert_eq!(decide(&i, &rs, now()).target(), Some(3));
    }

    fn any_rule() -> impl Strategy<Value = Rule> {
        (
            -5i64..50,
            0u8..=120,
            proptest::option::of(-5i64..200),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(keep_back, percent, cap, excluded, subtract_unshipped)| Rule {
                    keep_back,
                    percent,
                    cap,
                    excluded,
                    subtract_unshipped,
                },
            )
    }

    fn target(physical: i64, unshipped: i64, rule: Rule) -> Option<i64> {
        decide(&input(physical, unshipped), &rules(rule), now()).target()
    }

    proptest! {
        #[test]
        fn target_is_bounded(physical in -100i64..100_000, unshipped in -5i64..500, rule in any_rule()) {
            if let Some(t) = target(physical, unshipped, rule) {
                prop_assert!(t >= 0);
                prop_assert!(t <= physical.max(0));
                if let Some(cap) = rule.cap {
                    prop_assert!(t <= cap.max(0));
                }
            }
        }

        #[test]
        fn monotone_in_physical(physical in -100i64..100_000, more in 0i64..1000, unshipped in 0i64..500, rule in any_rule()) {
            if let (Some(a), Some(b)) = (target(physical, unshipped, rule), target(physical + more, unshipped, rule)) {
                prop_assert!(a <= b);
            }
        }

        #[test]
        fn keep_back_and_unshipped_never_increase(physical in 0i64..100_000, unshipped in 0i64..500, extra in 0i64..100, rule in any_rule()) {
            let base = target(physical, unshipped, rule);
            prop_assert!(target(physical, unshipped + extra, rule) <= base);
            let more_kept = Rule { keep_back: rule.keep_back.max(0) + extra, ..rule };
            prop_assert!(target(physical, unshipped, more_kept) <= base);
        }

        #[test]
        fn excluded_always_skips(physical in proptest::option::of(-100i64..1000), rule in any_rule()) {
            let r = Rule { excluded: true, ..rule };
            let mut i = input(0, 0);
            i.physical = physical;
            prop_assert_eq!(decide(&i, &rules(r), now()), Decision::Skip { reason: SkipReason::Excluded });
        }

        #[test]
        fn last_step_value_is_the_target(physical in -100i64..100_000, unshipped in 0i64..500, rule in any_rule()) {
            if let Decision::Target { value, steps } = decide(&input(physical, unshipped), &rules(Rule { excluded: false, ..rule }), now()) {
                let mut v = 0i64;
                for s in &steps {
                    match *s {
                        Step::Physical { value } => v = value,
                        Step::KeepBack { value } | Step::Unshipped { value } => v -= value,
                        Step::FloorZero => v = 0,
                        Step::Percent { after, .. } => v = after,
                        Step::Cap { value } => v = value,
                    }
                }
                prop_assert_eq!(v, value);
            }
        }
    }
}
