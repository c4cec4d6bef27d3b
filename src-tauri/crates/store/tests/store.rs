mod common;

use common::*;
use store::{
    Account, Error, ErrorCode, GridQuery, GridSort, ListingRef, LogCode, LogLevel, MatchKind,
    MatchingQuery, RunCounts, RunError, RunStatus, SortField, Store, Vendor,
};

fn lref(account: &str, pid: &str) -> ListingRef {
    ListingRef {
        account_id: account.into(),
        vendor_product_id: pid.into(),
        vendor_variation_id: String::new(),
    }
}

fn all(s: &Store) -> store::GridPage {
    s.grid(&GridQuery {
        limit: 1000,
        ..GridQuery::default()
    })
    .unwrap()
}

fn row<'a>(page: &'a store::GridPage, sku: &str) -> &'a store::GridRow {
    page.rows
        .iter()
        .find(|r| r.sku.as_deref() == Some(sku))
        .unwrap_or_else(|| panic!("no row with sku {sku}"))
}

#[test]
fn migrates_from_empty_and_reopens_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), 8);
        assert_eq!(s.journal_mode().unwrap(), "wal");
        assert!(s.foreign_keys_enabled().unwrap());
        s.upsert_account(&Account {
            id: PC.into(),
            vendor: Vendor::Pancake,
            label: "Shop".into(),
            demo: true,
        })
        .unwrap();
        s.replace_listings(PC, &[listing("p1", Some("AT1"), None, "Áo")], &[])
            .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    assert_eq!(s.accounts().unwrap().len(), 1);
    assert!(s.accounts().unwrap()[0].demo);
    assert_eq!(s.listings(Some(PC)).unwrap().len(), 1);
    assert_eq!(all(&s).total_rows, 1);
}

/// Turns a current file back into what schema v5 wrote (V6 added the catalog search's column, indexes
/// and FTS table, and the masks index).
/// Undo v8 (the stock history): a current file as v7 left it.
pub const UNDO_V8: &str = "DROP TABLE stock_history; PRAGMA user_version = 7;";

/// Undo v7 (the low-stock tables): a file as v7 left it, as v6 left it.
pub const UNDO_V7: &str = "DROP TABLE stock_limits; DROP TABLE vendor_limits; DROP TABLE low_marks;
     PRAGMA user_version = 6;";

pub const UNDO_V6: &str = "DROP TRIGGER listings_fts_delete; DROP TABLE listing_fts;
     DROP INDEX listings_sku_upper; DROP INDEX listings_barcode; DROP INDEX listings_catalog_order;
     DROP INDEX groups_masks; ALTER TABLE listings DROP COLUMN sku_upper;
     PRAGMA user_version = 5;";

#[test]
fn refuses_a_database_from_a_newer_build() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(Error::NewerSchema {
            found: 999,
            supported: 8
        })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before, "left untouched");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    match Store::open(&path) {
        Err(Error::CorruptFile(why)) => assert!(!why.is_empty()),
        other => panic!("expected CorruptFile, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), garbage, "left untouched");
}

#[test]
fn account_vendor_cannot_change_and_unknown_account_is_not_found() {
    let mut s = store();
    let err = s
        .upsert_account(&Account {
            id: PC.into(),
            vendor: Vendor::Nhanh,
            label: "x".into(),
            demo: false,
        })
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert!(matches!(
        s.replace_listings("nope", &[], &[]),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn replace_listings_keeps_exactly_the_given_listings_and_stock() {
    let mut s = store();
    s.replace_listings(
        PC,
        &[
            listing("a", Some("A1"), None, "Áo A"),
            listing("b", Some("B1"), None, "Áo B"),
        ],
        &[stock("a", "1", 5, 4), stock("b", "1", 7, 7)],
    )
    .unwrap();
    let st = s
        .replace_listings(
            PC,
            &[
                listing("b", Some("B1"), None, "Áo B mới"),
                listing("c", Some("C1"), None, "Áo C"),
            ],
            &[stock("c", "1", 3, 3), stock("c", "new-wh", 1, 1)],
        )
        .unwrap();
    assert_eq!(st.listings_deleted, 1);
    let ls = s.listings(Some(PC)).unwrap();
    let pids: Vec<&str> = ls
        .iter()
        .map(|l| l.listing.vendor_product_id.as_str())
        .collect();
    assert_eq!(pids, ["b", "c"]);
    assert_eq!(ls[0].name, "Áo B mới");
    let cells = s.stock_rows(PC).unwrap();
    // b's old cell is gone (a full refresh replaces all stock); c has two cells, one in an auto-created warehouse.
    assert_eq!(cells.len(), 2);
    assert!(cells.iter().all(|c| c.listing.vendor_product_id == "c"));
    assert!(s
        .warehouses()
        .unwrap()
        .iter()
        .any(|w| w.vendor_wh_id == "new-wh" && w.account_id == PC));
    let page = all(&s);
    assert_eq!(page.total_rows, 2);
    assert_eq!(row(&page, "C1").total_on_hand, 4);
}

#[test]
fn upsert_listings_touches_only_given_rows_and_cells() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("a", Some("A1"), None, "A"),
            listing("b", Some("B1"), None, "B"),
        ],
        &[
            stock("a", "A", 5, 5),
            stock("a", "B", 2, 2),
            stock("b", "A", 1, 1),
        ],
    )
    .unwrap();
    // Price change for a, one stock cell for a, and a cell for b (stored earlier, not in this batch).
    let mut a = listing("a", Some("A1"), None, "A");
    a.price_vnd = Some(99_000);
    s.upsert_listings(OF, &[a], &[stock("a", "B", 9, 8), stock("b", "A", 0, 0)])
        .unwrap();
    let ls = s.listings(Some(OF)).unwrap();
    assert_eq!(ls.len(), 2);
    assert_eq!(ls[0].price_vnd, Some(99_000));
    let cells = s.stock_rows(OF).unwrap();
    let get = |pid: &str, wh: &str| {
        cells
            .iter()
            .find(|c| c.listing.vendor_product_id == pid && c.vendor_wh_id == wh)
            .map(|c| (c.on_hand, c.available))
    };
    assert_eq!(get("a", "A"), Some((Some(5), Some(5))));
    assert_eq!(get("a", "B"), Some((Some(9), Some(8))));
    assert_eq!(get("b", "A"), Some((Some(0), Some(0))));
    let page = all(&s);
    assert_eq!(row(&page, "A1").total_on_hand, 14);
    assert_eq!(row(&page, "A1").total_available, 13);
}

#[test]
fn groups_by_normalized_sku_then_barcode() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing(
                "o1",
                Some("AT0001-DEN-M"),
                Some("8930000000012"),
                "Áo thun Đen M",
            ),
            listing("o2", Some("QJ01"), Some("8930000000099"), "Quần jean"),
            listing("o3", None, None, "Không mã"),
        ],
        &[],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[
            // Same SKU written differently.
            listing("p1", Some(" at0001 den_m "), None, "Áo thun đen size M"),
            // No SKU, barcode of QJ01.
            listing("p2", None, Some("893 0000 000 099"), "Quần jean xanh"),
            // Placeholder barcode must not join anything.
            listing("p3", None, Some("0000000000000"), "Hàng lẻ"),
        ],
        &[],
    )
    .unwrap();
    s.replace_listings(
        NH,
        // Different SKU, same barcode as AT0001-DEN-M: joins through the barcode.
        &[listing(
            "n1",
            Some("ATDENM"),
            Some("8930000000012"),
            "Ao thun den M",
        )],
        &[],
    )
    .unwrap();
    let key = |acc: &str, pid: &str| {
        s.listings(Some(acc))
            .unwrap()
            .into_iter()
            .find(|l| l.listing.vendor_product_id == pid)
            .unwrap()
            .group_key
    };
    assert_eq!(key(OF, "o1"), "sku:AT0001-DEN-M");
    assert_eq!(key(PC, "p1"), key(OF, "o1"));
    assert_eq!(key(NH, "n1"), key(OF, "o1"));
    assert_eq!(key(PC, "p2"), key(OF, "o2"));
    assert_ne!(key(OF, "o3"), key(PC, "p3"));
    assert!(key(PC, "p3").starts_with("solo:"));
    let page = all(&s);
    assert_eq!(page.total_rows, 4);
    let at = row(&page, "at0001 den_m");
    assert_eq!(at.listings, 3);
    assert_eq!(at.vendors, [Vendor::Pancake, Vendor::Onflow, Vendor::Nhanh]);
    // Two different SKUs joined by a barcode: flagged for the matching page.
    assert!(at.flags.conflict);
    assert_eq!(
        s.group_members(&at.group_key).unwrap().len(),
        3,
        "detail view lists every member"
    );
}

#[test]
fn manual_match_and_unmatch_win_over_automatic_and_survive_refresh() {
    let mut s = store();
    let of = [
        listing("o1", Some("AT1"), None, "Áo thun"),
        listing("o2", Some("QJ1"), None, "Quần jean"),
    ];
    let pc = [
        listing("p1", Some("AT1"), None, "Áo thun"),
        listing("p2", Some("QJ-1-OLD"), None, "Quần jean cũ"),
    ];
    s.replace_listings(OF, &of, &[]).unwrap();
    s.replace_listings(PC, &pc, &[]).unwrap();
    assert_eq!(all(&s).total_rows, 3);

    // Match p2 into QJ1's group by hand; unmatch p1 from AT1.
    s.match_listing(&lref(PC, "p2"), "sku:QJ1").unwrap();
    s.unmatch_listing(&lref(PC, "p1")).unwrap();
    let page = all(&s);
    assert_eq!(page.total_rows, 3);
    assert_eq!(row(&page, "QJ1").listings, 2);
    let solo = page
        .rows
        .iter()
        .find(|r| r.group_key.starts_with("solo:"))
        .unwrap();
    assert_eq!(solo.listings, 1);

    // A full refresh with the same SKUs does not undo the manual decisions.
    s.replace_listings(PC, &pc, &[]).unwrap();
    let page = all(&s);
    assert_eq!(row(&page, "QJ1").listings, 2);
    assert_eq!(page.total_rows, 3);
    let (_, manual) = s
        .matching(&MatchingQuery {
            kind: MatchKind::Manual,
            ..MatchingQuery::default()
        })
        .unwrap();
    assert_eq!(manual.len(), 2);

    // Clearing restores automatic matching.
    s.clear_match(&lref(PC, "p1")).unwrap();
    s.clear_match(&lref(PC, "p2")).unwrap();
    let page = all(&s);
    assert_eq!(page.total_rows, 3);
    assert_eq!(row(&page, "AT1").listings, 2);
    assert!(matches!(
        s.match_listing(&lref(PC, "missing"), "sku:AT1"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn mismatch_and_low_flags() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("o1", Some("SAME"), None, "Khớp"),
            listing("o2", Some("DIFF"), None, "Lệch"),
            listing("o3", Some("ONLYWH"), None, "Chỉ kho"),
        ],
        &[
            stock("o1", "A", 6, 6),
            stock("o1", "B", 4, 4),
            stock("o2", "A", 10, 10),
            stock("o3", "A", 2, 1),
        ],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[
            listing("p1", Some("SAME"), None, "Khớp"),
            listing("p2", Some("DIFF"), None, "Lệch"),
        ],
        // SAME: Onflow sells 6+4 = 10 = Pancake sells 10 (on hand 12: reserved goods are not compared).
        // DIFF: Onflow sells 10 vs Pancake 8.
        &[stock("p1", "1", 12, 10), stock("p2", "1", 8, 8)],
    )
    .unwrap();
    let page = all(&s);
    assert!(!row(&page, "SAME").flags.mismatch);
    assert!(row(&page, "DIFF").flags.mismatch);
    assert!(!row(&page, "ONLYWH").flags.mismatch, "one side only");

    let mism = s
        .grid(&GridQuery {
            mismatches_only: true,
            ..GridQuery::default()
        })
        .unwrap();
    assert_eq!(mism.total_rows, 1);
    assert_eq!(mism.rows[0].sku.as_deref(), Some("DIFF"));

    let low = s
        .grid(&GridQuery {
            low_stock_only: true,
            low_threshold: 3,
            ..GridQuery::default()
        })
        .unwrap();
    assert_eq!(low.total_rows, 1);
    assert_eq!(low.rows[0].sku.as_deref(), Some("ONLYWH"));
    assert!(low.rows[0].flags.low);
    assert!(!row(&page, "SAME").flags.low);
}

#[test]
fn search_ignores_case_and_vietnamese_diacritics() {
    let mut s = store();
    s.replace_listings(
        PC,
        &[
            listing(
                "p1",
                Some("AT0001-DO-M"),
                Some("8930000000012"),
                "Áo thun Đỏ đô M",
            ),
            listing(
                "p2",
                Some("QJ0001"),
                Some("8930000000029"),
                "Quần jean ống suông",
            ),
            listing("p3", Some("KB0001"), Some("8930000000036"), "Khăn bảo hộ"),
        ],
        &[],
    )
    .unwrap();
    let find = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .grid(&GridQuery {
                search: q.into(),
                ..GridQuery::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .filter_map(|r| r.sku)
            .collect();
        v.sort();
        v
    };
    assert_eq!(find("ao"), ["AT0001-DO-M"]);
    assert_eq!(find("do do"), ["AT0001-DO-M"]);
    assert_eq!(find("ĐỎ ĐÔ"), ["AT0001-DO-M"]);
    assert_eq!(find("quan ong"), ["QJ0001"]);
    assert_eq!(find("qj0001"), ["QJ0001"]);
    assert_eq!(find("893000000003"), ["KB0001"]);
    assert_eq!(find("bao"), ["KB0001"]);
    assert!(find("xyz").is_empty());
    assert_eq!(find("   ").len(), 3, "blank search = no filter");
}

#[test]
fn sort_and_window_slices_match_the_full_sort() {
    let mut s = store();
    let names = [
        "Áo",
        "ao",
        "Bình",
        "Đèn",
        "Dép",
        "Ấm",
        "Zebra",
        "ốc",
        "Ổ cắm",
        "Quạt",
    ];
    let mut of = Vec::new();
    let mut pc = Vec::new();
    let mut sof = Vec::new();
    let mut spc = Vec::new();
    for i in 0..37 {
        let pid = format!("x{i}");
        let name = format!("{} {}", names[i % names.len()], i % 4);
        of.push(listing(
            &pid,
            Some(&format!("S{:03}", (i * 7) % 37)),
            None,
            &name,
        ));
        pc.push(listing(
            &pid,
            Some(&format!("S{:03}", (i * 7) % 37)),
            None,
            &name,
        ));
        sof.push(stock(&pid, "A", (i as i64 * 13) % 9, (i as i64 * 5) % 7));
        if i % 3 != 0 {
            spc.push(stock(&pid, "1", (i as i64 * 3) % 11, (i as i64 * 2) % 5));
        }
    }
    s.replace_listings(OF, &of, &sof).unwrap();
    s.replace_listings(PC, &pc, &spc).unwrap();
    let pancake_wh = s
        .warehouses()
        .unwrap()
        .into_iter()
        .find(|w| w.account_id == PC)
        .unwrap()
        .id;
    let sorts = [
        GridSort::Name,
        GridSort::Sku,
        GridSort::TotalOnHand,
        GridSort::TotalAvailable,
        GridSort::Column {
            warehouse_id: pancake_wh,
            field: SortField::OnHand,
        },
    ];
    for sort in sorts {
        for descending in [false, true] {
            let base = GridQuery {
                sort,
                descending,
                ..GridQuery::default()
            };
            let full = s
                .grid(&GridQuery {
                    limit: 1000,
                    ..base.clone()
                })
                .unwrap();
            assert_eq!(full.total_rows, 37);
            let keys: Vec<String> = full.rows.iter().map(|r| r.group_key.clone()).collect();
            // The full list really is sorted by the key.
            for w in full.rows.windows(2) {
                let ok = match sort {
                    GridSort::Name => true, // checked through folded names below
                    GridSort::Sku => (w[0].sku <= w[1].sku) != descending || w[0].sku == w[1].sku,
                    GridSort::TotalOnHand => {
                        (w[0].total_on_hand <= w[1].total_on_hand) != descending
                            || w[0].total_on_hand == w[1].total_on_hand
                    }
                    GridSort::TotalAvailable => {
                        (w[0].total_available <= w[1].total_available) != descending
                            || w[0].total_available == w[1].total_available
                    }
                    GridSort::Column { .. } => {
                        let col = full
                            .columns
                            .iter()
                            .position(|c| c.warehouse_id == pancake_wh)
                            .unwrap();
                        let a = w[0].cells[col].and_then(|c| c.on_hand);
                        let b = w[1].cells[col].and_then(|c| c.on_hand);
                        match (a, b) {
                            (Some(a), Some(b)) => (a <= b) != descending || a == b,
                            (Some(_), None) => true,
                            (None, Some(_)) => false, // missing cells go last
                            (None, None) => true,
                        }
                    }
                };
                assert!(ok, "{sort:?} desc={descending}: {:?} then {:?}", w[0], w[1]);
            }
            if sort == GridSort::Name {
                let folded: Vec<String> = full
                    .rows
                    .iter()
                    .map(|r| store::text::fold(&r.name))
                    .collect();
                let mut sorted = folded.clone();
                sorted.sort();
                if descending {
                    sorted.reverse();
                }
                assert_eq!(folded, sorted);
            }
            for (offset, limit) in [(0, 5), (5, 5), (10, 7), (30, 10), (36, 3), (40, 5)] {
                let page = s
                    .grid(&GridQuery {
                        offset,
                        limit,
                        ..base.clone()
                    })
                    .unwrap();
                let want: Vec<String> = keys
                    .iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .cloned()
                    .collect();
                let got: Vec<String> = page.rows.iter().map(|r| r.group_key.clone()).collect();
                assert_eq!(got, want, "{sort:?} desc={descending} offset={offset}");
                assert_eq!(page.total_rows, 37);
            }
        }
    }
}

#[test]
fn vendor_and_warehouse_filters_pick_columns_rows_and_totals() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("o1", Some("A1"), None, "A"),
            listing("o2", Some("ONLYOF"), None, "B"),
        ],
        &[
            stock("o1", "A", 5, 5),
            stock("o1", "B", 1, 1),
            stock("o2", "A", 2, 2),
        ],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[listing("p1", Some("A1"), None, "A")],
        &[stock("p1", "1", 6, 3)],
    )
    .unwrap();
    let page = all(&s);
    assert_eq!(page.columns.len(), 4, "A, B, 1, d1");
    assert_eq!(page.columns[0].vendor, Vendor::Onflow);
    assert_eq!(
        row(&page, "A1").total_on_hand,
        6,
        "the goods counted once: Onflow's 5 + 1, not plus Pancake's 6"
    );

    let pc = s
        .grid(&GridQuery {
            vendors: vec![Vendor::Pancake],
            ..GridQuery::default()
        })
        .unwrap();
    assert_eq!(pc.total_rows, 1);
    assert_eq!(pc.columns.len(), 1);
    assert_eq!(pc.rows[0].total_on_hand, 6);
    assert_eq!(pc.rows[0].total_available, 3);
    assert_eq!(pc.rows[0].cells.len(), 1);

    let wh_b = page.columns[1].warehouse_id;
    let b = s
        .grid(&GridQuery {
            warehouses: vec![wh_b],
            ..GridQuery::default()
        })
        .unwrap();
    assert_eq!(b.total_rows, 1);
    assert_eq!(b.rows[0].total_on_hand, 1);
    assert_eq!(
        b.rows[0].cells,
        [Some(store::GridCell {
            on_hand: Some(1),
            available: Some(1)
        })]
    );
}

#[test]
fn matching_page_lists_unmatched_and_conflicting() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("o1", Some("A1"), Some("8931111111111"), "Áo"),
            listing("o2", Some("LONE"), None, "Một mình"),
        ],
        &[],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[
            listing("p1", Some("A1"), None, "Áo"),
            listing("p2", Some("A1-OTHER"), Some("8931111111111"), "Áo khác mã"),
        ],
        &[],
    )
    .unwrap();
    let (n, items) = s.matching(&MatchingQuery::default()).unwrap();
    assert_eq!(n, 1);
    assert_eq!(items[0].listing, lref(OF, "o2"));
    let (n, items) = s
        .matching(&MatchingQuery {
            kind: MatchKind::Conflicting,
            ..MatchingQuery::default()
        })
        .unwrap();
    assert_eq!(n, 3);
    assert!(items.iter().all(|i| i.conflict && i.group_key == "sku:A1"));
    let (n, _) = s
        .matching(&MatchingQuery {
            kind: MatchKind::All,
            search: "khac ma".into(),
            ..MatchingQuery::default()
        })
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn mapping_csv_round_trips() {
    let setup = || {
        let mut s = store();
        s.replace_listings(
            OF,
            &[
                listing("o1", Some("AT1"), None, "Áo thun, \"đỏ\""),
                listing("o2", Some("QJ1"), None, "Quần"),
            ],
            &[],
        )
        .unwrap();
        s.replace_listings(
            PC,
            &[
                listing("p1", Some("AT1"), None, "Áo thun"),
                listing("p2", Some("QJ-OLD"), None, "Quần cũ"),
            ],
            &[],
        )
        .unwrap();
        s
    };
    let mut a = setup();
    a.match_listing(&lref(PC, "p2"), "sku:QJ1").unwrap();
    a.unmatch_listing(&lref(PC, "p1")).unwrap();
    let mut exported = Vec::new();
    a.export_mapping_csv(&mut exported).unwrap();
    let text = String::from_utf8(exported.clone()).unwrap();
    assert!(text.starts_with(
        "account_id,vendor_product_id,vendor_variation_id,group_key,source,sku,name\n"
    ));
    assert!(text.contains("pancake-1,p2,,sku:QJ1,manual,QJ-OLD,Quần cũ"));

    let mut b = setup();
    let before = all(&b).total_rows;
    let stats = b.import_mapping_csv(exported.as_slice()).unwrap();
    assert_eq!(stats.rows, 4);
    assert_eq!(stats.manual, 2);
    let mut again = Vec::new();
    b.export_mapping_csv(&mut again).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), text);
    assert_eq!(all(&b).total_rows, all(&a).total_rows);
    assert_eq!(row(&all(&b), "QJ1").listings, 2);

    // Importing the automatic mapping clears the manual overrides again.
    let mut auto_csv = Vec::new();
    setup().export_mapping_csv(&mut auto_csv).unwrap();
    let stats = b.import_mapping_csv(auto_csv.as_slice()).unwrap();
    assert_eq!(stats.cleared, 2);
    assert_eq!(all(&b).total_rows, before);
    assert_eq!(row(&all(&b), "QJ1").listings, 1);
    assert_eq!(row(&all(&b), "AT1").listings, 2);

    // A bad file changes nothing.
    let bad = "account_id,vendor_product_id,vendor_variation_id,group_key,source\npancake-1,p1,,x,maybe\n";
    assert!(matches!(
        b.import_mapping_csv(bad.as_bytes()),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        b.import_mapping_csv("a,b\n1,2\n".as_bytes()),
        Err(Error::Invalid(_))
    ));
    assert_eq!(all(&b).total_rows, before);
}

#[test]
fn sync_runs_and_their_log() {
    let s = store();
    let run = s.start_sync_run(PC, store::SyncMode::Full).unwrap();
    s.append_log(run, LogLevel::Info, None, LogCode::FullRefreshFirst, None)
        .unwrap();
    s.append_log(
        run,
        LogLevel::Warn,
        Some("variation:42"),
        LogCode::NoSku,
        None,
    )
    .unwrap();
    let other = s.start_sync_run(OF, store::SyncMode::Incremental).unwrap();
    s.append_log(other, LogLevel::Error, None, LogCode::RunFailed, Some("x"))
        .unwrap();
    let runs = s.sync_runs(Some(PC), 10).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Running);
    assert!(runs[0].finished_at.is_none());
    s.finish_sync_run(
        run,
        RunStatus::Partial,
        RunCounts {
            listings: 10,
            stock_rows: 20,
            warnings: 1,
            errors: 0,
        },
        None,
    )
    .unwrap();
    let r = &s.sync_runs(Some(PC), 10).unwrap()[0];
    assert_eq!(r.status, RunStatus::Partial);
    assert_eq!((&r.error, &r.message), (&None, &None));
    assert_eq!(r.counts.stock_rows, 20);
    assert!(r.finished_at.unwrap() >= r.started_at);
    let log = s.sync_log(run).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].level, LogLevel::Warn);
    assert_eq!(log[1].item_ref.as_deref(), Some("variation:42"));
    assert_eq!(log[1].code, Some(LogCode::NoSku));
    assert_eq!(log[1].message, None);
    // on the wire: a code the UI words in the user's language, never a sentence
    let v = serde_json::to_value(&log[1]).unwrap();
    assert_eq!(v["code"], "noSku");
    assert_eq!(v["message"], serde_json::Value::Null);
    assert_eq!(s.sync_runs(None, 10).unwrap()[0].id, other);
    assert!(matches!(
        s.finish_sync_run(9999, RunStatus::Ok, RunCounts::default(), None),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_failed_run_stores_a_code_and_the_detail_never_a_sentence() {
    let s = store();
    let run = s.start_sync_run(PC, store::SyncMode::Full).unwrap();
    let error = RunError::new(ErrorCode::Unauthorized, "unauthorized (ERR_TOKEN)");
    s.finish_sync_run(run, RunStatus::Failed, RunCounts::default(), Some(&error))
        .unwrap();
    let r = &s.sync_runs(Some(PC), 10).unwrap()[0];
    assert_eq!(r.error.as_ref(), Some(&error));
    assert_eq!(r.message, None);
    // on the wire: a code the UI localizes, the detail beside it
    let v = serde_json::to_value(r).unwrap();
    assert_eq!(v["error"]["code"], "unauthorized");
    assert_eq!(v["error"]["detail"], "unauthorized (ERR_TOKEN)");
}

#[test]
fn a_failed_runs_code_stored_in_the_earlier_casing_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        s.upsert_account(&Account {
            id: PC.into(),
            vendor: Vendor::Pancake,
            label: PC.into(),
            demo: false,
        })
        .unwrap();
    }
    // schema v4 files written before the one casing hold PascalCase code names
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO sync_runs (account_id, kind, started_at, finished_at, status, errors, error_code, error_detail)
         VALUES ('pancake-1', 'full', '2025-11-20T08:00:00Z', '2025-11-20T08:01:00Z', 'failed', 1,
                 'RateLimited', 'HTTP 429');",
    )
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    let r = &s.sync_runs(Some(PC), 10).unwrap()[0];
    assert_eq!(
        r.error,
        Some(RunError::new(ErrorCode::RateLimited, "HTTP 429"))
    );
    assert_eq!(
        serde_json::to_value(r).unwrap()["error"]["code"],
        "rateLimited"
    );
}

#[test]
fn a_failed_run_of_the_previous_schema_keeps_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        s.upsert_account(&Account {
            id: PC.into(),
            vendor: Vendor::Pancake,
            label: PC.into(),
            demo: false,
        })
        .unwrap();
    }
    // what schema v3 wrote for a failed run: a Vietnamese sentence, no code columns
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(UNDO_V8).unwrap();
    conn.execute_batch(UNDO_V7).unwrap();
    conn.execute_batch(UNDO_V6).unwrap();
    conn.execute_batch(
        "ALTER TABLE sync_runs DROP COLUMN error_code; ALTER TABLE sync_runs DROP COLUMN error_detail;
         ALTER TABLE sync_log DROP COLUMN code; ALTER TABLE sync_log DROP COLUMN detail;
         PRAGMA user_version = 3;
         INSERT INTO sync_runs (account_id, kind, started_at, finished_at, status, errors, message)
         VALUES ('pancake-1', 'full', '2025-11-20T08:00:00Z', '2025-11-20T08:01:00Z', 'failed', 1,
                 'Khóa truy cập không hợp lệ hoặc đã hết hạn (ERR_TOKEN)');",
    )
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    let old = &s.sync_runs(Some(PC), 10).unwrap()[0];
    assert_eq!(old.status, RunStatus::Failed);
    assert_eq!(old.error, None);
    assert_eq!(
        old.message.as_deref(),
        Some("Khóa truy cập không hợp lệ hoặc đã hết hạn (ERR_TOKEN)")
    );
    // a run after the migration stores its code
    let run = s.start_sync_run(PC, store::SyncMode::Full).unwrap();
    let error = RunError::new(ErrorCode::Network, "network error: connection reset");
    s.finish_sync_run(run, RunStatus::Failed, RunCounts::default(), Some(&error))
        .unwrap();
    let runs = s.sync_runs(Some(PC), 10).unwrap();
    assert_eq!(runs[0].error.as_ref(), Some(&error));
    assert_eq!(runs[0].message, None);
    assert!(runs[1].message.is_some(), "the old run is still there");
}

#[test]
fn a_log_line_of_the_previous_schema_keeps_its_sentence_and_new_lines_store_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    let run = {
        let mut s = Store::open(&path).unwrap();
        s.upsert_account(&Account {
            id: PC.into(),
            vendor: Vendor::Pancake,
            label: PC.into(),
            demo: false,
        })
        .unwrap();
        s.start_sync_run(PC, store::SyncMode::Full).unwrap()
    };
    // what schema v4 wrote: a Vietnamese sentence per line, no code columns
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(UNDO_V8).unwrap();
    conn.execute_batch(UNDO_V7).unwrap();
    conn.execute_batch(UNDO_V6).unwrap();
    conn.execute_batch(&format!(
        "ALTER TABLE sync_log DROP COLUMN code; ALTER TABLE sync_log DROP COLUMN detail;
         PRAGMA user_version = 4;
         INSERT INTO sync_log (run_id, at, level, item_ref, message)
         VALUES ({run}, '2025-11-20T08:00:00Z', 'warn', 'variation:7',
                 'biến thể không có SKU (mã mẫu mã): chỉ ghép được theo mã vạch');"
    ))
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    s.append_log(run, LogLevel::Warn, None, LogCode::MoreWarnings, Some("12"))
        .unwrap();
    let log = s.sync_log(run).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].code, None);
    assert_eq!(
        log[0].message.as_deref(),
        Some("biến thể không có SKU (mã mẫu mã): chỉ ghép được theo mã vạch")
    );
    assert_eq!(log[1].code, Some(LogCode::MoreWarnings));
    assert_eq!(log[1].detail.as_deref(), Some("12"));
    assert_eq!(log[1].message, None);
}

#[test]
fn deleting_an_account_removes_its_rows_from_the_grid() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[listing("o1", Some("A1"), None, "A")],
        &[stock("o1", "A", 3, 3)],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[listing("p1", Some("A1"), None, "A")],
        &[stock("p1", "1", 4, 4)],
    )
    .unwrap();
    s.unmatch_listing(&lref(PC, "p1")).unwrap();
    let run = s.start_sync_run(PC, store::SyncMode::Full).unwrap();
    s.append_log(run, LogLevel::Info, None, LogCode::FullRefreshFirst, None)
        .unwrap();
    s.delete_account(PC).unwrap();
    let page = all(&s);
    assert_eq!(page.total_rows, 1);
    assert_eq!(page.rows[0].total_on_hand, 3);
    assert!(page.columns.iter().all(|c| c.account_id != PC));
    assert!(s.sync_log(run).unwrap().is_empty());
    let mut csv = Vec::new();
    s.export_mapping_csv(&mut csv).unwrap();
    assert!(!String::from_utf8(csv).unwrap().contains(PC));
}

#[test]
fn small_changes_in_a_large_catalog_update_only_those_groups() {
    // Above 1,000 groups a refresh rewrites only the groups whose content changed.
    let mut s = store();
    let n = 1500;
    let of: Vec<_> = (0..n)
        .map(|i| {
            listing(
                &format!("o{i}"),
                Some(&format!("SKU{i:05}")),
                None,
                &format!("Áo số {i}"),
            )
        })
        .collect();
    let sof: Vec<_> = (0..n)
        .map(|i| stock(&format!("o{i}"), "A", 10, 10))
        .collect();
    s.replace_listings(OF, &of, &sof).unwrap();
    let pc: Vec<_> = (0..n)
        .map(|i| {
            listing(
                &format!("p{i}"),
                Some(&format!("SKU{i:05}")),
                None,
                &format!("Áo số {i}"),
            )
        })
        .collect();
    let spc: Vec<_> = (0..n)
        .map(|i| stock(&format!("p{i}"), "1", 10, 10))
        .collect();
    s.replace_listings(PC, &pc, &spc).unwrap();
    assert_eq!(all(&s).total_rows, n as u64);
    let mism = GridQuery {
        mismatches_only: true,
        ..GridQuery::default()
    };
    assert_eq!(s.grid(&mism).unwrap().total_rows, 0);

    // One stock change, one renamed listing, one new listing.
    s.upsert_listings(
        PC,
        &[
            listing("p7", Some("SKU00007"), None, "Đầm dạ hội"),
            listing("new", Some("NEW1"), None, "Mới"),
        ],
        &[stock("p3", "1", 4, 4)],
    )
    .unwrap();
    let page = s.grid(&mism).unwrap();
    assert_eq!(page.total_rows, 1);
    assert_eq!(page.rows[0].sku.as_deref(), Some("SKU00003"));
    assert_eq!(
        page.rows[0].total_on_hand, 10,
        "Onflow's figure, counted once"
    );
    assert_eq!(all_count(&s, "dam da hoi"), 1);
    let renamed = s
        .grid(&GridQuery {
            search: "dam da hoi".into(),
            ..GridQuery::default()
        })
        .unwrap();
    assert_eq!(renamed.rows[0].sku.as_deref(), Some("SKU00007"));
    assert_eq!(renamed.rows[0].name, "Đầm dạ hội", "Pancake name is shown");
    assert_eq!(all(&s).total_rows, n as u64 + 1);

    // Only a stock cell and a name change (no membership change): the touched groups are updated.
    let st = s
        .upsert_listings(
            PC,
            &[listing("p9", Some("SKU00009"), None, "Váy cưới")],
            &[stock("p3", "1", 10, 10), stock("p5", "1", 10, 10)],
        )
        .unwrap();
    assert_eq!(
        (st.listings_written, st.stock_written),
        (1, 1),
        "unchanged cell not rewritten"
    );
    assert_eq!(s.grid(&mism).unwrap().total_rows, 0);
    let vay = s
        .grid(&GridQuery {
            search: "vay cuoi".into(),
            ..GridQuery::default()
        })
        .unwrap();
    assert_eq!(vay.total_rows, 1);
    assert_eq!(vay.rows[0].sku.as_deref(), Some("SKU00009"));
    assert_eq!(all(&s).total_rows, n as u64 + 1);

    // Writing the same data again changes nothing and needs no refresh.
    let st = s
        .upsert_listings(
            PC,
            &[listing("p9", Some("SKU00009"), None, "Váy cưới")],
            &[],
        )
        .unwrap();
    assert_eq!(
        (st.listings_written, st.listings_unchanged, st.groups),
        (0, 1, None)
    );

    // The scoped refreshes above leave exactly what a full recomputation gives.
    let q = GridQuery {
        limit: 1000,
        sort: GridSort::TotalOnHand,
        descending: true,
        ..GridQuery::default()
    };
    let before = s.grid(&q).unwrap();
    s.clear_match(&lref(PC, "p1")).unwrap(); // no override there: just a full refresh
    assert_eq!(s.grid(&q).unwrap(), before);

    // A listing that disappears from a full refresh takes its group away (NEW1 was Pancake-only).
    let mut pc2 = pc.clone();
    pc2[7] = listing("p7", Some("SKU00007"), None, "Đầm dạ hội");
    s.replace_listings(PC, &pc2, &spc).unwrap();
    assert_eq!(all(&s).total_rows, n as u64);
    assert_eq!(all_count(&s, "moi"), 0);
    assert_eq!(s.grid(&mism).unwrap().total_rows, 0);
}

fn all_count(s: &Store, search: &str) -> u64 {
    s.grid(&GridQuery {
        search: search.into(),
        ..GridQuery::default()
    })
    .unwrap()
    .total_rows
}

#[test]
fn a_second_connection_reads_what_the_first_writes() {
    // The app may open one Store for the sync engine and one for UI reads (WAL allows both).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.grid(&GridQuery::default()).unwrap().total_rows, 0);
    assert!(reader
        .grid(&GridQuery::default())
        .unwrap()
        .columns
        .is_empty());
    writer
        .upsert_account(&Account {
            id: OF.into(),
            vendor: Vendor::Onflow,
            label: "Kho".into(),
            demo: false,
        })
        .unwrap();
    writer
        .replace_listings(
            OF,
            &[listing("o1", Some("A1"), None, "Áo")],
            &[stock("o1", "A", 2, 2)],
        )
        .unwrap();
    let page = reader.grid(&GridQuery::default()).unwrap();
    assert_eq!(page.total_rows, 1);
    assert_eq!(page.rows[0].total_on_hand, 2);
}

#[test]
fn a_version_1_file_gets_totals_that_count_the_goods_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        for (id, vendor) in [(OF, Vendor::Onflow), (PC, Vendor::Pancake)] {
            s.upsert_account(&Account {
                id: id.into(),
                vendor,
                label: id.into(),
                demo: false,
            })
            .unwrap();
        }
        s.replace_listings(
            OF,
            &[listing("o1", Some("A1"), None, "A")],
            &[stock("o1", "A", 5, 4)],
        )
        .unwrap();
        s.replace_listings(
            PC,
            &[listing("p1", Some("A1"), None, "A")],
            &[stock("p1", "1", 6, 3)],
        )
        .unwrap();
    }
    // what version 1 wrote: Onflow and Pancake added together (and no push check tables, from V3)
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(UNDO_V8).unwrap();
    conn.execute_batch(UNDO_V7).unwrap();
    conn.execute_batch(UNDO_V6).unwrap();
    conn.execute_batch(
        "UPDATE groups SET total_on_hand = 11, total_available = 7;
         DROP TABLE push_targets; DROP TABLE push_checks;
         ALTER TABLE sync_runs DROP COLUMN error_code; ALTER TABLE sync_runs DROP COLUMN error_detail;
         ALTER TABLE sync_log DROP COLUMN code; ALTER TABLE sync_log DROP COLUMN detail;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    let page = all(&s);
    let r = row(&page, "A1");
    assert_eq!((r.total_on_hand, r.total_available), (5, 4));
}

#[test]
fn a_search_with_many_hits_pages_like_the_same_search_with_another_filter() {
    // More hits than the grid walks its index for (2000), so a search alone reads its hits once and
    // walks the sort's index; with a filter that keeps every row it reads them through SQL.
    let mut s = store();
    let listings: Vec<store::ListingInput> = (0..2600)
        .map(|i| {
            let name = if i % 5 == 0 {
                "Quần jean"
            } else {
                "Áo thun"
            };
            listing(
                &format!("p{i}"),
                Some(&format!("SP{:04}", (i * 7919) % 2600)),
                None,
                &format!("{name} {}", i % 37),
            )
        })
        .collect();
    let cells: Vec<store::StockInput> = (0..2600)
        .map(|i| stock(&format!("p{i}"), "1", i % 11, i % 9))
        .collect();
    s.replace_listings(PC, &listings, &cells).unwrap();
    let keys = |p: &store::GridPage| {
        p.rows
            .iter()
            .map(|r| r.group_key.clone())
            .collect::<Vec<_>>()
    };
    for sort in [
        GridSort::Name,
        GridSort::Sku,
        GridSort::TotalOnHand,
        GridSort::TotalAvailable,
    ] {
        for descending in [false, true] {
            for offset in [0, 100, 1900, 2050] {
                let q = GridQuery {
                    search: "ao".into(),
                    sort,
                    descending,
                    offset,
                    ..GridQuery::default()
                };
                let walked = s.grid(&q).unwrap();
                let filtered = s
                    .grid(&GridQuery {
                        low_stock_only: true,
                        low_threshold: i64::MAX,
                        ..q.clone()
                    })
                    .unwrap();
                assert_eq!(walked.total_rows, 2080);
                assert_eq!(walked.total_rows, filtered.total_rows);
                assert_eq!(
                    keys(&walked),
                    keys(&filtered),
                    "{sort:?} {descending} {offset}"
                );
                assert_eq!(walked.rows.len(), if offset == 2050 { 30 } else { 100 });
                assert!(walked.rows.iter().all(|r| r.name.starts_with("Áo thun")));
            }
        }
    }
}

#[test]
fn a_version_5_file_gets_the_catalog_search_index_for_its_listings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        for (id, vendor) in [(OF, Vendor::Onflow), (PC, Vendor::Pancake)] {
            s.upsert_account(&Account {
                id: id.into(),
                vendor,
                label: id.into(),
                demo: false,
            })
            .unwrap();
        }
        s.replace_listings(
            OF,
            &[
                listing(
                    "o1",
                    Some("at0001-đen"),
                    Some("8930000000011"),
                    "Áo thun đen",
                ),
                listing("o2", Some("QJ0002"), None, "Quần jean"),
            ],
            &[stock("o1", "A", 5, 4)],
        )
        .unwrap();
        s.replace_listings(
            PC,
            &[listing("p1", Some("AT0001-ĐEN"), None, "Áo thun")],
            &[],
        )
        .unwrap();
    }
    // what schema v5 had: no sku_upper, no listing_fts, none of V6's indexes
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(UNDO_V8).unwrap();
    conn.execute_batch(UNDO_V7).unwrap();
    conn.execute_batch(UNDO_V6).unwrap();
    drop(conn);

    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    let pids = |s: &Store, q: &str| -> Vec<String> {
        s.catalog_search(OF, q, 10)
            .unwrap()
            .into_iter()
            .map(|i| i.vendor_product_id)
            .collect()
    };
    // the SKU's upper case (Unicode: đ → Đ) was computed for the stored rows
    assert_eq!(pids(&s, "AT0001-ĐEN"), ["o1"]);
    assert_eq!(pids(&s, "at0"), ["o1"], "SKU prefix");
    assert_eq!(pids(&s, "8930000000011"), ["o1"], "barcode");
    assert_eq!(pids(&s, "jean"), ["o2"], "a word");
    assert_eq!(pids(&s, "hun"), ["o1"], "inside a word");
    assert_eq!(pids(&s, "ao"), ["o1"], "not the other account's");
    assert_eq!(
        s.catalog_search(OF, "ao", 10).unwrap()[0].sellable_in("A"),
        Some(4)
    );
    // and it stays in step afterwards
    s.replace_listings(
        OF,
        &[listing("o2", Some("QJ0002"), None, "Quần short")],
        &[],
    )
    .unwrap();
    assert!(pids(&s, "hun").is_empty());
    assert!(pids(&s, "jean").is_empty());
    assert_eq!(pids(&s, "sho"), ["o2"]);
}

/// A current file holding one Onflow product ("SHIRT", 3 in warehouse A), in a temp dir; the caller undoes
/// migrations on it through the connection.
fn one_product_file() -> (tempfile::TempDir, std::path::PathBuf, rusqlite::Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        s.upsert_account(&Account {
            id: OF.into(),
            vendor: Vendor::Onflow,
            label: OF.into(),
            demo: false,
        })
        .unwrap();
        s.replace_listings(
            OF,
            &[listing("o1", Some("SHIRT"), None, "Áo")],
            &[stock("o1", "A", 3, 3)],
        )
        .unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    (dir, path, conn)
}

/// A v6 file (before low stock) opens as v8: its grid is kept and the limits can be set at once.
#[test]
fn a_version_6_file_gets_the_low_stock_tables() {
    let (_dir, path, conn) = one_product_file();
    conn.execute_batch(UNDO_V8).unwrap();
    conn.execute_batch(UNDO_V7).unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    let level = s.low_stock(5).unwrap();
    assert_eq!(level.len(), 1);
    assert_eq!(level[0].figure, 3);
    s.set_stock_limits(
        &level[0].group_key,
        store::Limits {
            min: Some(2),
            max: None,
        },
    )
    .unwrap();
    assert!(s.low_stock(5).unwrap().is_empty());
}

/// A v7 file (before the stock history) opens as v8 and records the next move.
#[test]
fn a_version_7_file_gets_the_stock_history() {
    let (_dir, path, conn) = one_product_file();
    conn.execute_batch(UNDO_V8).unwrap();
    drop(conn);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 8);
    s.upsert_listings(OF, &[], &[stock("o1", "A", 1, 1)])
        .unwrap();
    let key = all(&s).rows[0].group_key.clone();
    let history = s.group_detail(&key).unwrap().unwrap().history;
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].physical_before, history[0].physical_after),
        (3, 1)
    );
}
