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

    let run = s.start_sync_run(OF, "full").unwrap();
    s.finish_sync_run(run, store::RunStatus::Ok, store::RunCounts::default(), None)
        .unwrap();
    assert!(s.push_source(PC).unwrap().physical_as_of.is_some());
}
