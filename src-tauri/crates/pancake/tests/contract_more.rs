//! Contract tests for the secondary areas: stock documents, money, promotions, call-backs, customer
//! extras — every digest example and the matching OpenAPI examples.

use std::path::PathBuf;

use pancake::api::finance::{NewTransaction, Transaction};
use pancake::api::inventory::{
    Export, ExportInput, InventoryHistory, Purchase, PurchaseInput, Stocktaking, Transfer,
};
use pancake::api::misc::{
    CallLater, CustomerLevel, CustomerNote, FeeQuote, FeeQuoteRequest, NewCallLater, PointLog,
};
use pancake::api::promotions::{NewVoucher, PromotionAdvance, Voucher};
use pancake::envelope::Data;
use pancake::Page;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn load<T: DeserializeOwned>(sub: &str, name: &str) -> T {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sub)
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{sub}/{name}: {e}"))
}

fn inner<T: DeserializeOwned>(name: &str, key: &str) -> T {
    let v: Value = load("digest", name);
    serde_json::from_value(v[key].clone()).unwrap_or_else(|e| panic!("{name}.{key}: {e}"))
}

#[test]
fn transactions() {
    let t: Transaction = load("digest", "transaction_row");
    assert_eq!(t.amount, -70_000);
    assert_eq!(
        t.tag_ids,
        vec!["193a-e877-359a-b340-01d8-4d2e-2050".to_string()]
    );
    assert!(t.time_incurred.is_some());
    let p: Page<Transaction> = load("oas", "get_shop_transactions_200");
    assert!(!p.data.is_empty());
    let n = NewTransaction {
        name: "Chi phí ship".into(),
        amount: Some(-30_000),
        payments: vec!["cash".into()],
        ..Default::default()
    };
    let v = serde_json::to_value(&n).expect("ser");
    assert_eq!(v["amount"], -30_000);
    assert!(v.get("note").is_none(), "unset fields are not sent");
}

#[test]
fn purchases_exports_transfers_stocktakings_history() {
    let p: Purchase = load("digest", "purchase_row");
    assert_eq!(p.items[0].imported_price, 200_000);
    assert_eq!(p.created_type.as_deref(), Some("actual_purchase"));
    let req: PurchaseInput = inner("purchase_create_request", "purchase");
    assert_eq!(req.received_at, Some(1_651_683_600));
    assert_eq!(req.items[0].quantity, 1);
    let _: Page<Purchase> = load("oas", "get_shop_purchases_200");

    let e: Export = load("digest", "export_row");
    assert_eq!(e.export_items[0].quantity, 1);
    assert_eq!(e.kind, Some(0));
    let req: ExportInput = inner("export_create_request", "export_list");
    assert_eq!(req.export_items[0].imported_price, 100_000);
    let _: Page<Export> = load("oas", "get_shop_export_200");

    let t: Transfer = load("digest", "transfer_row");
    assert_eq!(t.items[0].quantity, 3);
    assert_eq!(t.shipping_fee, Some(30_000));
    let _: Page<Transfer> = load("oas", "get_shop_transfers_200");

    let s: Stocktaking = load("digest", "stocktaking_row");
    assert!(s.items.is_empty(), "items: null is accepted");
    assert_eq!(s.stocktaking_by_value, vec!["1315".to_string()]);
    let _: Page<Stocktaking> = load("oas", "get_shop_stocktakings_200");
    let one: Data<Stocktaking> = load("oas", "get_shop_stocktakings_STOCKTAKING_ID_200");
    assert!(!one.data.id.is_empty());

    let h: InventoryHistory = load("digest", "inventory_history_row");
    assert_eq!(h.quantity, -1);
    assert_eq!(h.remain_quantity, Some(3387));
    assert_eq!(h.table_name.as_deref(), Some("warehouse_transfers"));
    assert!(h.inserted_at.is_some());
    let _: Page<InventoryHistory> = load("oas", "get_shop_inventory_histories_200");
}

#[test]
fn vouchers_and_promotions() {
    let v: Voucher = load("digest", "voucher_row");
    assert_eq!(v.promo_code_info.discount, 1_234_560);
    assert_eq!(v.customer_tags.len(), 2);
    let n: NewVoucher = load("digest", "voucher_create_request");
    assert_eq!(n.name.as_deref(), Some("test_voucher_5"));
    let back = serde_json::to_value(&n).expect("ser");
    assert_eq!(back["start_time"], "2021-12-09T04:27:23");
    let _: Page<Voucher> = load("oas", "get_shop_vouchers_200");
    let _: Voucher = load("oas", "get_shop_vouchers_VOUCHER_ID_200");
    let p: PromotionAdvance = inner("promotion_advance_request", "promotion_advance");
    assert_eq!(p.kind.as_deref(), Some("discount_by_product"));
    assert_eq!(p.warehouse_ids, vec!["-1".to_string()]);
    let page: Page<PromotionAdvance> = load("oas", "get_shop_promotion_advance_200");
    assert!(!page.data.is_empty());
}

#[test]
fn call_laters_fee_quotes_and_customer_extras() {
    let c: Page<CallLater> = load("digest", "call_laters");
    assert_eq!(
        c.data[0].order_id.as_ref().and_then(|i| i.as_i64()),
        Some(106_703)
    );
    assert_eq!(
        c.data[0].order_display_id.as_deref(),
        Some("SOICUN-12943-02")
    );
    let _: Page<CallLater> = load("oas", "get_shop_order_call_laters_200");
    let n: Value = load("digest", "call_later_create_request");
    let typed = NewCallLater {
        needs_call_at: vendor_http::lenient::UtcText::parse("2024-08-29T05:50:31.700Z"),
        phone_number: "0929911922".into(),
        status: 0,
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&typed).expect("ser")["needs_call_at"],
        n["order_call_later"]["needs_call_at"]
    );

    let q: FeeQuoteRequest = load("digest", "price_comparing_request");
    assert_eq!(q.des_commune, "8051125");
    let a: Data<Vec<FeeQuote>> = load("digest", "price_comparing_response");
    assert_eq!(a.data[2].partner_fee, 82_500);

    let notes: Value = load("digest", "customer_notes");
    let n: CustomerNote =
        serde_json::from_value(notes["customer_notes"][0]["notes"][0].clone()).expect("note");
    assert_eq!(
        n.created_at.map(|t| t.timestamp_millis()),
        Some(1_678_075_407_193),
        "epoch milliseconds"
    );
    let l: PointLog = load("digest", "point_log_row");
    assert_eq!(l.current_point, Some(20.0));
    let lv: CustomerLevel = load("digest", "customer_level_row");
    assert_eq!(lv.discount_type, Some(3));
    let _: Page<CustomerLevel> = load("oas", "get_shop_customer_levels_200");
    let _: Page<PointLog> = load("oas", "get_shop_customers_point_logs_200");
}
