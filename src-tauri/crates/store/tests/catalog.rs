//! The order form's item picker reads one account's listings with that account's stock.

mod common;

use common::*;

#[test]
fn search_finds_by_sku_barcode_and_folded_name_with_stock_per_warehouse() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing(
                "p1",
                Some("AT0001-DEN-M"),
                Some("8930000000011"),
                "Áo thun đen M",
            ),
            listing("p2", Some("QJ0002-XANH-L"), None, "Quần jean xanh L"),
        ],
        &[stock("p1", "A", 10, 7), stock("p1", "B", 3, 3)],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[listing(
            "x1",
            Some("AT0001-DEN-M"),
            None,
            "Áo thun đen M (Pancake)",
        )],
        &[stock("x1", "1", 99, 99)],
    )
    .unwrap();

    let by_sku = s.catalog_search(OF, "at0001-den-m", 10).unwrap();
    assert_eq!(by_sku.len(), 1, "only the Onflow account's listing");
    let item = &by_sku[0];
    assert_eq!(item.vendor_product_id, "p1");
    assert_eq!(item.sellable_in("A"), Some(7));
    assert_eq!(item.sellable_in("B"), Some(3));
    assert_eq!(item.sellable_in("C"), None);

    let by_name = s.catalog_search(OF, "quan jean", 10).unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].sku.as_deref(), Some("QJ0002-XANH-L"));
    assert!(by_name[0].stock.is_empty());

    let by_barcode = s.catalog_search(OF, "8930000000011", 10).unwrap();
    assert_eq!(by_barcode[0].vendor_product_id, "p1");

    assert_eq!(
        s.catalog_search(OF, "", 1).unwrap().len(),
        1,
        "limit applies"
    );
    assert!(s.catalog_search(OF, "khong co", 10).unwrap().is_empty());

    let exact = s.catalog_by_sku(PC, " at0001-den-m ").unwrap().unwrap();
    assert_eq!(exact.vendor_product_id, "x1");
    assert_eq!(exact.price_vnd, Some(shopdesk_core::Money::vnd(150_000)));
    assert!(s.catalog_by_sku(PC, "QJ0002-XANH-L").unwrap().is_none());
}

#[test]
fn sku_prefix_ranks_before_a_name_that_merely_contains_the_letters() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("p1", Some("MP0007-50ML"), None, "Sữa rửa mặt trà xanh"),
            listing("p2", Some("AT0001-DEN-M"), None, "Áo thun đen M"),
        ],
        &[],
    )
    .unwrap();
    let hits = s.catalog_search(OF, "AT", 10).unwrap();
    assert_eq!(hits[0].sku.as_deref(), Some("AT0001-DEN-M"));
    assert_eq!(
        hits.len(),
        2,
        "the name containing 'at' still matches, after"
    );
}

#[test]
fn a_listing_view_shows_its_images_and_an_added_image_is_recorded() {
    let mut s = store();
    s.replace_listings(
        PC,
        &[listing("x1", Some("AT0001-DEN-M"), None, "Áo thun")],
        &[],
    )
    .unwrap();
    let r = store::ListingRef {
        account_id: PC.into(),
        vendor_product_id: "x1".into(),
        vendor_variation_id: String::new(),
    };
    let v = s.listing_view(&r).unwrap().unwrap();
    assert_eq!(v.images, vec!["https://img.example/x1.jpg".to_string()]);
    let urls = vec![
        v.images[0].clone(),
        "https://cdn.example/new.png".to_string(),
    ];
    s.set_listing_images(&r, &urls).unwrap();
    assert_eq!(s.listing_view(&r).unwrap().unwrap().images, urls);
    let missing = store::ListingRef {
        vendor_product_id: "nope".into(),
        ..r
    };
    assert!(s.listing_view(&missing).unwrap().is_none());
    assert!(s.set_listing_images(&missing, &urls).is_err());
}
