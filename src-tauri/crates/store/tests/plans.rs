//! Every grid view and the order form's catalog search use their indexes: `EXPLAIN QUERY PLAN` of the
//! exact statements they run (`Store::explain_grid`, `Store::explain_catalog_search`), over a filled
//! store. Dropping one of those indexes fails `plans_use_their_indexes`; `a_dropped_index_is_noticed`
//! drops each in turn and checks that the check notices.

mod common;

use common::*;
use store::{GridQuery, GridSort, ListingInput, SortField, Store, Vendor};

fn fill(s: &mut Store) {
    for (account, wh) in [(OF, "A"), (PC, "1"), (NH, "d1")] {
        let listings: Vec<ListingInput> = (0..300)
            .map(|i| {
                listing(
                    &format!("p{i}"),
                    Some(&format!("AT{i:04}-M")),
                    Some(&format!("893{i:010}")),
                    &format!("Áo thun mẫu {i}"),
                )
            })
            .collect();
        let cells: Vec<_> = (0..300)
            .map(|i| stock(&format!("p{i}"), wh, i % 7, i % 5))
            .collect();
        s.replace_listings(account, &listings, &cells).unwrap();
    }
}

/// Each grid view with what its count and its rows must use (`dense`: the rows of a search with many
/// hits, read in the sort's index order: for a search alone, the walk over the index and the window's
/// rows by id).
struct View {
    name: &'static str,
    query: GridQuery,
    count: &'static [&'static str],
    rows: &'static [&'static str],
    dense: &'static [&'static str],
}

fn views(wh: i64) -> Vec<View> {
    let q = GridQuery::default;
    let search = |s: &str| GridQuery {
        search: s.into(),
        ..q()
    };
    vec![
        View {
            name: "none",
            query: q(),
            count: &["USING COVERING INDEX"],
            rows: &["USING INDEX groups_name"],
            dense: &[],
        },
        View {
            name: "search_ao",
            query: search("ao"),
            count: &["SCAN group_fts VIRTUAL TABLE"],
            rows: &["group_fts VIRTUAL TABLE"],
            dense: &[
                "SCAN g USING COVERING INDEX groups_name",
                "SEARCH g USING INTEGER PRIMARY KEY",
            ],
        },
        View {
            name: "search_sku",
            query: GridQuery {
                sort: GridSort::Sku,
                ..search("at0001")
            },
            count: &["SCAN group_fts VIRTUAL TABLE"],
            rows: &["group_fts VIRTUAL TABLE"],
            dense: &[
                "SCAN g USING COVERING INDEX groups_sku",
                "SEARCH g USING INTEGER PRIMARY KEY",
            ],
        },
        View {
            name: "mismatches",
            query: GridQuery {
                mismatches_only: true,
                ..q()
            },
            count: &["USING COVERING INDEX groups_mismatch_name"],
            rows: &["USING INDEX groups_mismatch_name"],
            dense: &[],
        },
        View {
            name: "sort_total_desc",
            query: GridQuery {
                sort: GridSort::TotalOnHand,
                descending: true,
                ..q()
            },
            count: &["USING COVERING INDEX"],
            rows: &["USING INDEX groups_total_on_hand"],
            dense: &[],
        },
        View {
            name: "sort_total_available",
            query: GridQuery {
                sort: GridSort::TotalAvailable,
                ..q()
            },
            count: &["USING COVERING INDEX"],
            rows: &["USING INDEX groups_total_available"],
            dense: &[],
        },
        View {
            name: "vendor_pancake",
            query: GridQuery {
                vendors: vec![Vendor::Pancake],
                ..q()
            },
            count: &["USING COVERING INDEX groups_masks"],
            rows: &["USING INDEX groups_name"],
            dense: &[],
        },
        View {
            name: "search_vendor",
            query: GridQuery {
                vendors: vec![Vendor::Pancake],
                ..search("ao")
            },
            count: &["group_fts VIRTUAL TABLE"],
            rows: &["group_fts VIRTUAL TABLE"],
            dense: &["USING INDEX groups_name", "group_fts VIRTUAL TABLE"],
        },
        View {
            name: "warehouse_filter",
            query: GridQuery {
                warehouses: vec![wh],
                ..q()
            },
            count: &["USING COVERING INDEX groups_masks"],
            rows: &["USING INDEX groups_name"],
            dense: &[],
        },
        View {
            name: "low_stock",
            query: GridQuery {
                low_stock_only: true,
                low_threshold: 10,
                ..q()
            },
            count: &["USING COVERING INDEX groups_total_available"],
            rows: &["USING INDEX groups_name"],
            dense: &[],
        },
    ]
}

/// A table read whole without an index: `SCAN g` / `SCAN groups` / `SCAN listings` with nothing after.
fn full_scans(plan: &str) -> Vec<&str> {
    plan.lines()
        .map(str::trim)
        .filter(|l| {
            ["g", "groups", "listings", "l"]
                .iter()
                .any(|t| *l == format!("SCAN {t}"))
        })
        .collect()
}

/// What is wrong with the plans of `s` (empty = every statement uses what it should).
fn plan_problems(s: &Store) -> Vec<String> {
    let wh = s.warehouses().unwrap()[0].id;
    let mut problems = Vec::new();
    let check = |problems: &mut Vec<String>, what: String, plan: &str, wanted: &[&str]| {
        for w in wanted {
            if !plan.contains(w) {
                problems.push(format!("{what}: no `{w}` in\n{plan}"));
            }
        }
        for scan in full_scans(plan) {
            problems.push(format!("{what}: `{scan}` in\n{plan}"));
        }
    };
    for v in views(wh) {
        let (count, rows, dense) = s.explain_grid(&v.query).unwrap();
        check(
            &mut problems,
            format!("grid {} count", v.name),
            &count,
            v.count,
        );
        check(
            &mut problems,
            format!("grid {} rows", v.name),
            &rows,
            v.rows,
        );
        match dense {
            Some(dense) => check(
                &mut problems,
                format!("grid {} dense rows", v.name),
                &dense,
                v.dense,
            ),
            None if !v.dense.is_empty() => problems.push(format!("grid {}: no dense form", v.name)),
            None => {}
        }
    }
    for (name, plan) in s.explain_catalog_search().unwrap() {
        let wanted: &[&str] = match name {
            "exact" => &[
                "USING COVERING INDEX listings_sku_upper (account_id=? AND sku_upper=?)",
                "USING COVERING INDEX listings_barcode (account_id=? AND barcode=?)",
            ],
            "prefix" => &[
                "USING COVERING INDEX listings_sku_upper (account_id=? AND sku_upper>? AND sku_upper<?)",
            ],
            "fts" => &["SCAN listing_fts VIRTUAL TABLE"],
            "row" => &["USING INTEGER PRIMARY KEY (rowid=?)"],
            "walk" => &["USING INDEX listings_catalog_order (account_id=?)"],
            other => {
                problems.push(format!("catalog: unexpected statement {other}"));
                &[]
            }
        };
        check(&mut problems, format!("catalog {name}"), &plan, wanted);
    }
    problems
}

#[test]
fn plans_use_their_indexes() {
    let mut s = store();
    fill(&mut s);
    let problems = plan_problems(&s);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // the column sort has no index (one cell lookup per row): it is the one grid view that scans
    let wh = s.warehouses().unwrap()[0].id;
    let (_, rows, _) = s
        .explain_grid(&GridQuery {
            sort: GridSort::Column {
                warehouse_id: wh,
                field: SortField::OnHand,
            },
            ..GridQuery::default()
        })
        .unwrap();
    assert!(rows.contains("SEARCH c USING PRIMARY KEY"), "{rows}");
}

#[test]
fn a_dropped_index_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shopdesk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        for (id, vendor) in [
            (OF, Vendor::Onflow),
            (PC, Vendor::Pancake),
            (NH, Vendor::Nhanh),
        ] {
            s.upsert_account(&store::Account {
                id: id.into(),
                vendor,
                label: id.into(),
                demo: false,
            })
            .unwrap();
        }
        fill(&mut s);
    }
    for index in [
        "groups_name",
        "groups_sku",
        "groups_total_on_hand",
        "groups_total_available",
        "groups_mismatch_name",
        "groups_masks",
        "listings_sku_upper",
        "listings_barcode",
        "listings_catalog_order",
    ] {
        let copy = dir.path().join(format!("{index}.sqlite"));
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
            .unwrap();
        drop(conn);
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.execute_batch(&format!("DROP INDEX {index};")).unwrap();
        drop(conn);
        let s = Store::open(&copy).unwrap();
        let problems = plan_problems(&s);
        assert!(
            problems.iter().any(|p| p.contains(index)),
            "dropping {index} went unnoticed"
        );
    }
}
