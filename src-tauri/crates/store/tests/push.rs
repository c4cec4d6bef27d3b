//! What a stock push reads from the cache: one POS account's cells with the warehouse's figures of
//! the same goods.

mod common;

use common::*;

#[test]
fn a_pos_cell_comes_with_its_groups_onflow_available_per_warehouse() {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("p1", Some("AT0001"), None, "Áo thun"),
            listing("p2", Some("QJ0002"), None, "Quần jean"),
        ],
        &[
            stock("p1", "A", 10, 7),
            stock("p1", "B", 3, 2),
            stock("p2", "A", 5, 5),
        ],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[
            listing("x1", Some("at0001"), None, "Áo thun (Pancake)"),
            listing("x9", Some("ONLY-POS"), None, "Chỉ có ở Pancake"),
        ],
        &[stock("x1", "1", 99, 40), stock("x9", "1", 4, 4)],
    )
    .unwrap();

    let src = s.push_source(PC).unwrap();
    assert_eq!(src.pos_warehouses.len(), 1);
    assert_eq!(src.onflow_warehouses.len(), 2);
    assert_eq!(src.groups, 2, "both Pancake listings count for the breaker");
    assert_eq!(
        src.cells.len(),
        1,
        "a listing the warehouse does not stock is not pushed"
    );
    let cell = &src.cells[0];
    assert_eq!(cell.vendor_product_id, "x1");
    assert_eq!(cell.vendor_wh_id, "1");
    assert_eq!(
        cell.current,
        Some(40),
        "the POS figure is its sellable (available) one"
    );
    let mut physical: Vec<i64> = cell.physical_by_wh.iter().filter_map(|(_, a)| *a).collect();
    physical.sort();
    assert_eq!(
        physical,
        vec![2, 7],
        "Onflow's available, per warehouse, not on hand"
    );
    assert_eq!(
        src.physical_as_of, None,
        "the Onflow account never finished a sync"
    );

    let run = s.start_sync_run(OF, store::SyncMode::Full).unwrap();
    s.finish_sync_run(run, store::RunStatus::Ok, store::RunCounts::default(), None)
        .unwrap();
    assert!(s.push_source(PC).unwrap().physical_as_of.is_some());
}

fn mismatched(s: &store::Store) -> Vec<String> {
    let page = s
        .grid(&store::GridQuery {
            mismatches_only: true,
            ..store::GridQuery::default()
        })
        .unwrap();
    let mut skus: Vec<String> = page.rows.iter().filter_map(|r| r.sku.clone()).collect();
    skus.sort();
    skus
}

fn target(s: &store::Store, sku: &str, wh: &str, target: i64) -> store::PushTarget {
    let key = s
        .push_source(PC)
        .unwrap()
        .cells
        .into_iter()
        .find(|c| c.sku.as_deref() == Some(sku))
        .unwrap()
        .group_key;
    store::PushTarget {
        group_key: key,
        vendor_wh_id: wh.into(),
        target,
    }
}

#[test]
fn after_a_push_check_a_group_is_flagged_when_a_push_would_change_it_not_when_it_differs_from_onflow(
) {
    let mut s = store();
    s.replace_listings(
        OF,
        &[
            listing("o1", Some("KEEP"), None, "Giữ lại 2"),
            listing("o2", Some("SAME"), None, "Bằng Onflow"),
            listing("o3", Some("NHANH"), None, "Nhanh lệch"),
        ],
        &[
            stock("o1", "A", 10, 10),
            stock("o2", "A", 5, 5),
            stock("o3", "A", 4, 4),
        ],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[
            listing("p1", Some("KEEP"), None, "Giữ lại 2"),
            listing("p2", Some("SAME"), None, "Bằng Onflow"),
            listing("p3", Some("NHANH"), None, "Nhanh lệch"),
        ],
        // KEEP: Pancake offers 8 of Onflow's 10 (2 kept back); SAME: 5 of 5
        &[
            stock("p1", "1", 8, 8),
            stock("p2", "1", 5, 5),
            stock("p3", "1", 4, 4),
        ],
    )
    .unwrap();
    s.replace_listings(
        NH,
        &[listing("n3", Some("NHANH"), None, "Nhanh lệch")],
        &[stock("n3", "d1", 9, 9)],
    )
    .unwrap();
    assert_eq!(
        mismatched(&s),
        vec!["KEEP", "NHANH"],
        "before any check: compared with Onflow"
    );
    assert_eq!(s.push_checked_at(PC).unwrap(), None);

    // the check under "keep back 2": KEEP's target is 8 (what Pancake has), SAME's is 3 (a push would change it)
    let targets = vec![
        target(&s, "KEEP", "1", 8),
        target(&s, "SAME", "1", 3),
        target(&s, "NHANH", "1", 2),
    ];
    s.set_push_targets(PC, &targets).unwrap();
    assert!(s.push_checked_at(PC).unwrap().is_some());
    assert_eq!(mismatched(&s), vec!["NHANH", "SAME"]);

    // the push sets SAME to 3 and NHANH to 2; the next sync brings the figures: only Nhanh still differs
    s.upsert_listings(PC, &[], &[stock("p2", "1", 5, 3), stock("p3", "1", 4, 2)])
        .unwrap();
    assert_eq!(
        mismatched(&s),
        vec!["NHANH"],
        "the sync re-reads the targets"
    );

    // a rule change: keep back nothing; the check's new targets flag what differs now
    let targets = vec![
        target(&s, "KEEP", "1", 10),
        target(&s, "SAME", "1", 5),
        target(&s, "NHANH", "1", 4),
    ];
    assert_eq!(
        s.set_push_targets(PC, &targets).unwrap(),
        3,
        "three groups re-flagged"
    );
    assert_eq!(mismatched(&s), vec!["KEEP", "NHANH", "SAME"]);
    // the same check again changes nothing
    assert_eq!(s.set_push_targets(PC, &targets).unwrap(), 0);

    // a row the push skips (an excluded SKU) has no target: not flagged for this account
    let targets = vec![target(&s, "SAME", "1", 5), target(&s, "NHANH", "1", 4)];
    s.set_push_targets(PC, &targets).unwrap();
    assert_eq!(mismatched(&s), vec!["NHANH", "SAME"]);

    // the account leaves: its targets go with it
    s.delete_account(PC).unwrap();
    assert_eq!(mismatched(&s), vec!["NHANH"]);
}

#[test]
fn a_first_check_of_a_large_shop_flags_every_group_in_one_pass() {
    let mut s = store();
    let n = 6_000;
    let skus: Vec<String> = (0..n).map(|i| format!("SKU{i:05}")).collect();
    let of: Vec<_> = skus
        .iter()
        .map(|k| listing(&format!("o{k}"), Some(k), None, k))
        .collect();
    let of_stock: Vec<_> = skus
        .iter()
        .map(|k| stock(&format!("o{k}"), "A", 10, 10))
        .collect();
    s.replace_listings(OF, &of, &of_stock).unwrap();
    let pc: Vec<_> = skus
        .iter()
        .map(|k| listing(&format!("p{k}"), Some(k), None, k))
        .collect();
    // every Pancake figure is 10, Onflow's too: nothing differs before the check
    let pc_stock: Vec<_> = skus
        .iter()
        .map(|k| stock(&format!("p{k}"), "1", 10, 10))
        .collect();
    s.replace_listings(PC, &pc, &pc_stock).unwrap();
    assert!(mismatched(&s).is_empty());
    // the check keeps back 1 on every other SKU
    let targets: Vec<store::PushTarget> = s
        .push_source(PC)
        .unwrap()
        .cells
        .into_iter()
        .enumerate()
        .map(|(i, c)| store::PushTarget {
            group_key: c.group_key,
            vendor_wh_id: c.vendor_wh_id,
            target: if i % 2 == 0 { 9 } else { 10 },
        })
        .collect();
    assert_eq!(s.set_push_targets(PC, &targets).unwrap(), n);
    assert_eq!(mismatched_count(&s), n as u64 / 2);
    // the next check with the same targets changes nothing
    assert_eq!(s.set_push_targets(PC, &targets).unwrap(), 0);
    assert_eq!(mismatched_count(&s), n as u64 / 2);
}

fn mismatched_count(s: &store::Store) -> u64 {
    s.grid(&store::GridQuery {
        mismatches_only: true,
        ..store::GridQuery::default()
    })
    .unwrap()
    .total_rows
}
