//! The types the UI sees export to TypeScript (no BigInt, numbers as `number`, camelCase fields).

use stock_push::engine::{OtherPush, RecoverReport};
use stock_push::mapping::Region;
use stock_push::{
    ApplyProgress, BreakerSettings, Decision, MappingProposal, Plan, RuleSet, RunDetail, RunReport,
    RunSummary, Trip,
};

#[test]
fn ui_types_export_to_typescript() {
    let types = specta::Types::default()
        .register::<RuleSet>()
        .register::<Decision>()
        .register::<MappingProposal>()
        .register::<Region>()
        .register::<Plan>()
        .register::<BreakerSettings>()
        .register::<Trip>()
        .register::<RunSummary>()
        .register::<RunDetail>()
        .register::<ApplyProgress>()
        .register::<RunReport>()
        .register::<RecoverReport>()
        .register::<OtherPush>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("exports");
    for needle in [
        "keepBack: number",
        "maxAgeMinutes: number",
        "subtractUnshipped: boolean",
        "\"keepBack\"",
        "\"floorZero\"",
        "needsChoice",
        "vendorWhId",
        "inSync: number",
        "vendorBefore",
        "\"needsAttention\"",
        "errorCode",
        "rowsSettled: number",
        "\"tooManySkus\"",
        "ageMinutes",
        "maxSharePercent",
        "maxMove",
    ] {
        assert!(ts.contains(needle), "{needle} missing in:\n{ts}");
    }
    for snake in [
        "age_minutes",
        "max_share_percent",
        "max_move",
        "needs_attention",
    ] {
        assert!(!ts.contains(snake), "{snake} in:\n{ts}");
    }
    assert!(!ts.contains("bigint"), "{ts}");
}
