//! Low stock over a real store: the figure read per group (physical, or the POS figure for POS-only
//! goods), the limits in force (ours, Nhanh's, the default), and the once-per-crossing marks across a
//! restart.

mod common;

use common::*;
use shopdesk_core::ports::stock::VendorLimit;
use store::{Account, FigureBasis, LimitSource, Limits, Store, Vendor, WarehouseInput};

fn open(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).unwrap();
    for (id, vendor, whs) in [
        (OF, Vendor::Onflow, &["A", "B"][..]),
        (PC, Vendor::Pancake, &["1"][..]),
        (NH, Vendor::Nhanh, &["d1"][..]),
    ] {
        s.upsert_account(&Account {
            id: id.into(),
            vendor,
            label: id.into(),
            demo: false,
        })
        .unwrap();
        let whs: Vec<WarehouseInput> = whs
            .iter()
            .map(|w| WarehouseInput {
                vendor_wh_id: w.to_string(),
                name: w.to_string(),
                code: None,
            })
            .collect();
        s.upsert_warehouses(id, &whs).unwrap();
    }
    s
}

/// SHIRT: Onflow sells 3 + 1, Pancake shows 40 (its own figure, not more goods). CAP: only at Pancake
/// (4) and Nhanh (2). MUG: Onflow 30.
fn fill(s: &mut Store, shirt_a: i64) {
    s.replace_listings(
        OF,
        &[
            listing("o1", Some("SHIRT"), None, "Áo"),
            listing("o2", Some("MUG"), None, "Cốc"),
        ],
        &[
            stock("o1", "A", shirt_a, shirt_a),
            stock("o1", "B", 1, 1),
            stock("o2", "A", 30, 30),
        ],
    )
    .unwrap();
    s.replace_listings(
        PC,
        &[
            listing("p1", Some("SHIRT"), None, "Áo"),
            listing("p2", Some("CAP"), None, "Mũ"),
        ],
        &[stock("p1", "1", 40, 40), stock("p2", "1", 4, 4)],
    )
    .unwrap();
    s.replace_listings(
        NH,
        &[listing("n2", Some("CAP"), None, "Mũ")],
        &[stock("n2", "d1", 2, 2)],
    )
    .unwrap();
}

fn level<'a>(levels: &'a [store::StockLevel], sku: &str) -> &'a store::StockLevel {
    levels
        .iter()
        .find(|l| l.sku.as_deref() == Some(sku))
        .unwrap_or_else(|| panic!("no level for {sku}"))
}

#[test]
fn figures_limits_and_whose_minimum_is_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("db.sqlite"));
    fill(&mut s, 3);
    let levels = s.stock_levels(5).unwrap();
    let shirt = level(&levels, "SHIRT");
    // physical 3 + 1 = 4, never 44 with the POS figure
    assert_eq!((shirt.figure, shirt.basis), (4, FigureBasis::Physical));
    assert!(shirt.low);
    let cap = level(&levels, "CAP");
    assert_eq!((cap.figure, cap.basis), (4, FigureBasis::Pos));
    assert!(cap.low);
    assert!(!level(&levels, "MUG").low);

    // Nhanh's own limits for its CAP listing (item id = its product id: no variation)
    s.replace_vendor_limits(
        NH,
        &[VendorLimit {
            item_id: "n2".into(),
            min: Some(3),
            max: Some(50),
        }],
    )
    .unwrap();
    let cap = level(&s.stock_levels(5).unwrap(), "CAP").clone();
    assert_eq!(
        (cap.min, cap.min_source, cap.max),
        (3, LimitSource::Vendor, Some(50))
    );
    assert!(!cap.low, "4 is not below Nhanh's 3");

    // ours wins
    s.set_stock_limits(
        &cap.group_key,
        Limits {
            min: Some(10),
            max: None,
        },
    )
    .unwrap();
    let cap = level(&s.stock_levels(5).unwrap(), "CAP").clone();
    assert_eq!(
        (cap.min, cap.min_source, cap.max),
        (10, LimitSource::Own, Some(50))
    );
    assert!(cap.low);
    assert_eq!(
        s.low_stock(5)
            .unwrap()
            .iter()
            .filter(|l| l.sku.as_deref() == Some("CAP"))
            .count(),
        1
    );

    // cleared: back to the vendor's
    s.set_stock_limits(&cap.group_key, Limits::default())
        .unwrap();
    assert_eq!(
        level(&s.stock_levels(5).unwrap(), "CAP").min_source,
        LimitSource::Vendor
    );

    // hostile input is refused
    assert!(s
        .set_stock_limits(
            &cap.group_key,
            Limits {
                min: Some(-1),
                max: None
            }
        )
        .is_err());
    assert!(s
        .set_stock_limits(
            &cap.group_key,
            Limits {
                min: Some(9),
                max: Some(2)
            }
        )
        .is_err());
    assert!(s
        .set_stock_limits(
            &cap.group_key,
            Limits {
                min: Some(i64::MAX),
                max: None
            }
        )
        .is_err());
}

#[test]
fn one_crossing_one_notice_and_a_restart_does_not_repeat_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let mut s = open(&path);
    fill(&mut s, 10);
    // the first check only sets the marks (CAP is low already: listed, not notified)
    let first = s.check_low_crossings(5).unwrap();
    assert!(first.crossed.is_empty());
    assert_eq!(first.low, 1);

    fill(&mut s, 3); // SHIRT: 11 → 4, below 5
    let c = s.check_low_crossings(5).unwrap();
    let crossed: Vec<_> = c.crossed.iter().filter_map(|l| l.sku.clone()).collect();
    assert_eq!(crossed, vec!["SHIRT".to_string()]);
    assert!(
        s.check_low_crossings(5).unwrap().crossed.is_empty(),
        "still low: no second notice"
    );
    drop(s);

    let mut s = open(&path);
    assert!(
        s.check_low_crossings(5).unwrap().crossed.is_empty(),
        "a restart does not notify again"
    );
    fill(&mut s, 9); // recovered
    assert!(s.check_low_crossings(5).unwrap().crossed.is_empty());
    fill(&mut s, 0); // crosses again
    let again = s.check_low_crossings(5).unwrap();
    assert_eq!(again.crossed.len(), 1);
    assert_eq!(again.crossed[0].sku.as_deref(), Some("SHIRT"));
}
