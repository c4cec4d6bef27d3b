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
fn a_new_products_codes_are_checked_against_every_accounts_listings_by_their_keys() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[listing(
            "p1",
            Some("AT0001-DEN-M"),
            Some("8930000000011"),
            "Áo thun đen M",
        )],
        &[],
    )
    .unwrap();
    s.replace_listings(PC, &[listing("x1", Some("QJ0002"), None, "Quần")], &[])
        .unwrap();
    let held = s
        .held_codes(
            &[" at0001 den m ", "QJ0002", "MOI-01", ""],
            &["893-0000-000011", "8930000000028", "0000000"],
        )
        .unwrap();
    // the same grouping key counts as held, at any account; a new code and an empty one do not
    assert_eq!(
        held.skus,
        [" at0001 den m ".to_string(), "QJ0002".to_string()].into()
    );
    assert_eq!(held.barcodes, ["893-0000-000011".to_string()].into());
    assert_eq!(s.held_codes(&[], &[]).unwrap(), Default::default());
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

#[test]
fn a_word_starting_a_word_ranks_before_a_word_inside_one() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("p1", Some("QJ-1"), None, "Quần jean"),
            listing("p2", Some("AT-2"), None, "Áo thun đen"),
            listing("p3", Some("AB-3"), None, "Áo thunder"),
            listing("p4", Some("AC-4"), None, "Khăn chun"),
        ],
        &[],
    )
    .unwrap();
    let pids = |q: &str| -> Vec<String> {
        s.catalog_search(OF, q, 10)
            .unwrap()
            .into_iter()
            .map(|i| i.vendor_product_id)
            .collect()
    };
    // "thun" starts a word of "áo thun" and of "áo thunder" (rank 2, by SKU)
    assert_eq!(pids("thun"), ["p3", "p2"]);
    // "hun" only sits inside words (rank 3): "thun", "thunder" and "chun"
    assert_eq!(pids("hun"), ["p3", "p4", "p2"]);
    // one word starts a word, the other is inside: rank 3 for the listing
    assert_eq!(pids("ao hun"), ["p3", "p2"]);
    // "un" inside, "u" inside; "qu" starts "quan"
    assert_eq!(pids("un"), ["p3", "p4", "p2"]);
    assert_eq!(pids("QU"), ["p1"]);
    // diacritics-insensitive both ways, and a word across the SKU
    assert_eq!(pids("ÁO THUN ĐEN"), ["p2"]);
    assert_eq!(pids("at 2"), ["p2"]);
    assert!(pids("thunx").is_empty());
}

/// The search as it was before it used indexes: every listing of the account in stored order (the
/// vendor ids), ranked in Rust, sorted by (rank, SKU, name). The indexed search must give the same.
fn scan_search(s: &store::Store, account: &str, query: &str, limit: usize) -> Vec<String> {
    use store::text::fold;
    let folded = fold(query);
    let exact = query.trim().to_uppercase();
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut listings = s.listings(Some(account)).unwrap();
    listings.sort_by(|a, b| {
        (&a.listing.vendor_product_id, &a.listing.vendor_variation_id)
            .cmp(&(&b.listing.vendor_product_id, &b.listing.vendor_variation_id))
    });
    let mut hits: Vec<(u8, Option<String>, String, String)> = Vec::new();
    for l in listings {
        let mut text = l.name.clone();
        for extra in [&l.sku, &l.barcode].into_iter().flatten() {
            text.push(' ');
            text.push_str(extra);
        }
        let searchable = fold(&text);
        let sku_up = l.sku.as_deref().map(|s| s.trim().to_uppercase());
        let rank = if exact.is_empty() {
            3
        } else if sku_up.as_deref() == Some(exact.as_str())
            || l.barcode.as_deref().map(str::trim) == Some(exact.as_str())
        {
            0
        } else if sku_up.as_deref().is_some_and(|s| s.starts_with(&exact)) {
            1
        } else if words
            .iter()
            .all(|w| searchable.starts_with(w) || searchable.contains(&format!(" {w}")))
        {
            2
        } else if words.iter().all(|w| searchable.contains(w)) {
            3
        } else {
            continue;
        };
        hits.push((rank, l.sku, l.name, l.listing.vendor_product_id));
    }
    hits.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    hits.truncate(limit);
    hits.into_iter().map(|h| h.3).collect()
}

fn generated(n: usize, seed: u64) -> Vec<store::ListingInput> {
    const NAMES: &[&str] = &[
        "Áo thun cổ tròn",
        "Áo sơ mi",
        "Quần jean ống suông",
        "Đỏ đô thun",
        "Khăn chun",
        "Straße ßport",
        "Giày sneaker",
        "çà va",
        "Mũ lưỡi trai",
        "AT thun",
    ];
    const SKUS: &[&str] = &["AT", "at", "QJ", "ß", "sp", "Ao", "AT0", "  at1 "];
    let mut x = seed;
    let mut next = move |m: usize| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) as usize) % m
    };
    (0..n)
        .map(|i| {
            let name = format!(
                "{} {} {}",
                NAMES[next(NAMES.len())],
                if next(3) == 0 { "mẫu" } else { "màu" },
                next(40)
            );
            let sku = match next(6) {
                0 => None,
                // duplicate SKUs (and names): ties keep the vendor ids' order
                1 => Some("AT0001-DEN".to_string()),
                _ => Some(format!(
                    "{}{:04}-{}",
                    SKUS[next(SKUS.len())],
                    next(3000),
                    next(4)
                )),
            };
            let barcode = match next(4) {
                0 => None,
                1 => Some(format!("abc{:05}", next(100))),
                _ => Some(format!("893{:07}", next(5000))),
            };
            let mut l = listing(&format!("p{i:05}"), None, None, &name);
            l.sku = sku;
            l.barcode = barcode;
            l
        })
        .collect()
}

const QUERIES: &[&str] = &[
    "",
    "   ",
    "--",
    "AT",
    "at",
    "at0",
    "AT0001-DEN",
    "at0001-den",
    "  AT0001-DEN ",
    "ß",
    "SS",
    "ss",
    "ao",
    "ao thun",
    "thun",
    "hun",
    "un",
    "n",
    "o",
    "Áo THUN",
    "đỏ",
    "do do",
    "893",
    "8930000012",
    "abc00012",
    "ABC00012",
    "mau 12",
    "12",
    "0",
    "ç",
    "ca va",
    "xyz",
    "ao xyz",
    "aoth",
    "sneak",
    "neake",
    "port",
    "stra",
    "tra",
    "Straße",
];

fn assert_same_as_scan(s: &store::Store, account: &str) {
    for q in QUERIES {
        for limit in [0, 1, 20, 5000] {
            let got: Vec<String> = s
                .catalog_search(account, q, limit)
                .unwrap()
                .into_iter()
                .map(|i| i.vendor_product_id)
                .collect();
            assert_eq!(
                got,
                scan_search(s, account, q, limit),
                "query {q:?} limit {limit}"
            );
        }
    }
}

#[test]
fn the_indexed_search_gives_what_the_full_scan_gave() {
    let mut s = store();
    // more than the candidate cap (1000) for the broad queries, so both ways of reading a rank run
    let of = generated(2500, 7);
    s.replace_listings(OF, &of, &[]).unwrap();
    s.replace_listings(PC, &generated(300, 11), &[]).unwrap();
    assert_same_as_scan(&s, OF);
    assert_same_as_scan(&s, PC);

    // changes keep the index in step: renamed and re-coded listings, removed ones, a deleted account
    let mut changed = generated(2000, 7);
    for l in changed.iter_mut().step_by(3) {
        l.name = format!("Váy hoa nhí {}", l.name);
        l.sku = l.sku.as_ref().map(|s| format!("V{s}"));
    }
    s.replace_listings(OF, &changed, &[]).unwrap();
    s.upsert_listings(PC, &generated(50, 13), &[]).unwrap();
    assert_same_as_scan(&s, OF);
    assert_same_as_scan(&s, PC);
    for q in ["vay", "hoa nhi", "VAT", "ay"] {
        assert_eq!(
            s.catalog_search(OF, q, 20)
                .unwrap()
                .into_iter()
                .map(|i| i.vendor_product_id)
                .collect::<Vec<_>>(),
            scan_search(&s, OF, q, 20),
            "query {q:?}"
        );
    }
    s.delete_account(PC).unwrap();
    assert!(s.catalog_search(PC, "ao", 20).unwrap().is_empty());
    assert!(s.catalog_search(PC, "", 20).unwrap().is_empty());
    assert_same_as_scan(&s, OF);
}
