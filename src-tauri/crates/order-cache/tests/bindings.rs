//! The types the app hands to the UI export to TypeScript (no BigInt, numbers as `number`, amounts as
//! `Money`, itself a `number`).

use order_cache::{OrderDetail, OrderFilter, OrderPage, StatusCount};

#[test]
fn ipc_types_export_to_typescript() {
    let types = specta::Types::default()
        .register::<OrderDetail>()
        .register::<OrderFilter>()
        .register::<OrderPage>()
        .register::<StatusCount>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("exports");
    for needle in [
        "vendorOrderId: string",
        "total: Money",
        "cod: Money",
        "export type Money = number",
        "vendorStatusCode: number",
        "unitPrice: Money",
        "createdAt: string",
        "clientRef: string | null",
        "\"cancelled\"",
        "\"pancake\"",
        "accountIds?: string[]",
    ] {
        assert!(ts.contains(needle), "{needle} missing in:\n{ts}");
    }
    assert!(!ts.contains("bigint"), "{ts}");
}
