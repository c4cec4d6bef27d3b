//! A stock grid row opened: its listings per vendor with their figures, and its stock history.
mod common;

use common::*;
use store::{GridQuery, Vendor};

fn key_of(s: &store::Store, sku: &str) -> String {
    s.grid(&GridQuery {
        limit: 100,
        ..GridQuery::default()
    })
    .unwrap()
    .rows
    .into_iter()
    .find(|r| {
        r.sku
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(sku))
    })
    .unwrap_or_else(|| panic!("no row {sku}"))
    .group_key
}

#[test]
fn a_row_lists_each_vendor_listing_with_its_figures_per_warehouse() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[listing("of-a", Some("AO-1"), None, "Áo thun")],
        &[stock("of-a", "A", 40, 38), stock("of-a", "B", 5, 5)],
    )
    .unwrap();
    let mut pc = stock("pc-a", "1", 30, 28);
    pc.incoming = Some(12);
    pc.returning = Some(2);
    s.replace_listings(
        PC,
        &[listing("pc-a", Some("ao-1"), Some("893"), "Áo thun trắng")],
        &[pc],
    )
    .unwrap();
    s.replace_listings(
        NH,
        &[listing("nh-other", Some("QUAN-9"), None, "Quần")],
        &[],
    )
    .unwrap();

    let key = key_of(&s, "AO-1");
    let d = s.group_detail(&key).unwrap().expect("the group exists");
    assert_eq!(d.physical, 45, "Onflow's goods, counted once");
    let vendors: Vec<Vendor> = d.listings.iter().map(|l| l.vendor).collect();
    assert_eq!(
        vendors,
        [Vendor::Pancake, Vendor::Onflow],
        "the Nhanh product is another row"
    );
    let pancake = &d.listings[0];
    assert_eq!(pancake.account_label, "Shop Pancake");
    assert_eq!(pancake.barcode.as_deref(), Some("893"));
    assert_eq!(pancake.image_urls, ["https://img.example/pc-a.jpg"]);
    assert_eq!(pancake.cells.len(), 1);
    assert_eq!(pancake.cells[0].incoming, Some(12));
    assert_eq!(pancake.cells[0].returning, Some(2));
    let onflow = &d.listings[1];
    let whs: Vec<(&str, Option<i64>)> = onflow
        .cells
        .iter()
        .map(|c| (c.warehouse.as_str(), c.on_hand))
        .collect();
    assert_eq!(whs, [("Kho A", Some(40)), ("Kho B", Some(5))]);
    assert!(d.history.is_empty(), "a first appearance is not a change");

    assert_eq!(s.group_detail("sku:nothing").unwrap(), None);
}

#[test]
fn a_move_of_physical_or_sellable_stock_is_recorded_once_with_before_and_after() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[listing("of-a", Some("AO-1"), None, "Áo")],
        &[stock("of-a", "A", 40, 40)],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[listing("pc-a", Some("AO-1"), None, "Áo")],
        &[stock("pc-a", "1", 40, 40)],
    )
    .unwrap();
    let key = key_of(&s, "AO-1");
    assert!(s.group_detail(&key).unwrap().unwrap().history.is_empty());

    // the warehouse ships 5
    s.upsert_listings(OF, &[], &[stock("of-a", "A", 35, 35)])
        .unwrap();
    // a price change only: no stock move, no history row
    let mut priced = listing("pc-a", Some("AO-1"), None, "Áo");
    priced.price_vnd = Some(99_000);
    s.upsert_listings(PC, &[priced], &[]).unwrap();
    // the POS is set to the warehouse's figure
    s.upsert_listings(PC, &[], &[stock("pc-a", "1", 35, 35)])
        .unwrap();

    let h = s.group_detail(&key).unwrap().unwrap().history;
    assert_eq!(h.len(), 2, "{h:?}");
    // newest first
    assert_eq!((h[0].pancake_before, h[0].pancake_after), (40, 35));
    assert_eq!((h[0].physical_before, h[0].physical_after), (35, 35));
    assert_eq!((h[1].physical_before, h[1].physical_after), (40, 35));
    assert_eq!((h[1].pancake_before, h[1].pancake_after), (40, 40));
    assert!(h[0].at >= h[1].at);
}
