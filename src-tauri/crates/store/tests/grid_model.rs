//! The grid's SQL filters and sorts checked against a plain in-Rust model computed from the
//! unfiltered grid, on pseudo-random data.

mod common;

use common::*;
use store::text::fold;
use store::{GridPage, GridQuery, GridRow, GridSort, ListingInput, SortField, Store, Vendor};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "Áo", "thun", "Đỏ", "đô", "Quần", "jean", "Váy", "hoa", "Giày", "da",
];

fn build(seed: u64) -> Store {
    let mut rng = Lcg(seed);
    let mut s = store();
    for (acc, whs) in [(OF, &["A", "B"][..]), (PC, &["1"][..]), (NH, &["d1"][..])] {
        let mut ls: Vec<ListingInput> = Vec::new();
        let mut st = Vec::new();
        for i in 0..60 {
            if rng.below(4) == 0 {
                continue; // not every account sells everything
            }
            let pid = format!("{acc}-{i}");
            let name = format!(
                "{} {} {}",
                WORDS[rng.below(WORDS.len() as u64) as usize],
                WORDS[rng.below(WORDS.len() as u64) as usize],
                i
            );
            ls.push(listing(&pid, Some(&format!("SKU-{i:03}")), None, &name));
            for wh in whs {
                if rng.below(5) > 0 {
                    let mut cell = stock(&pid, wh, rng.below(12) as i64, rng.below(12) as i64);
                    if rng.below(10) == 0 {
                        cell.on_hand = None;
                    }
                    st.push(cell);
                }
            }
        }
        s.replace_listings(acc, &ls, &st).unwrap();
    }
    s
}

fn everything(s: &Store) -> GridPage {
    s.grid(&GridQuery {
        limit: 1000,
        ..GridQuery::default()
    })
    .unwrap()
}

/// Words of all listings of a row, folded.
fn words(s: &Store, row: &GridRow) -> Vec<String> {
    s.group_members(&row.group_key)
        .unwrap()
        .iter()
        .flat_map(|l| {
            let text = format!(
                "{} {} {}",
                l.name,
                l.sku.clone().unwrap_or_default(),
                l.barcode.clone().unwrap_or_default()
            );
            fold(&text)
                .split(' ')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn sql_filters_and_sorts_agree_with_a_plain_model() {
    for seed in [1u64, 7, 42] {
        let s = build(seed);
        let full = everything(&s);
        let cols = &full.columns;
        assert_eq!(cols.len(), 4);
        let mut rng = Lcg(seed ^ 0xABCD);
        for _ in 0..40 {
            let vendors: Vec<Vendor> = Vendor::ALL
                .into_iter()
                .filter(|_| rng.below(3) == 0)
                .collect();
            let warehouses: Vec<i64> = if rng.below(4) == 0 {
                vec![cols[rng.below(cols.len() as u64) as usize].warehouse_id]
            } else {
                vec![]
            };
            let search = match rng.below(4) {
                0 => WORDS[rng.below(WORDS.len() as u64) as usize].to_lowercase(),
                1 => "do d".to_string(),
                _ => String::new(),
            };
            let sort = match rng.below(5) {
                0 => GridSort::Name,
                1 => GridSort::Sku,
                2 => GridSort::TotalOnHand,
                3 => GridSort::TotalAvailable,
                _ => GridSort::Column {
                    warehouse_id: cols[rng.below(cols.len() as u64) as usize].warehouse_id,
                    field: SortField::Available,
                },
            };
            let q = GridQuery {
                search: search.clone(),
                vendors: vendors.clone(),
                warehouses: warehouses.clone(),
                mismatches_only: rng.below(4) == 0,
                low_stock_only: rng.below(4) == 0,
                low_threshold: rng.below(15) as i64,
                sort,
                descending: rng.below(2) == 0,
                offset: 0,
                limit: 1000,
            };
            let got = s.grid(&q).unwrap();

            // Model: shown columns, then per-row totals over them, filters, sort.
            let shown: Vec<usize> = (0..cols.len())
                .filter(|&i| vendors.is_empty() || vendors.contains(&cols[i].vendor))
                .filter(|&i| warehouses.is_empty() || warehouses.contains(&cols[i].warehouse_id))
                .collect();
            assert_eq!(
                got.columns
                    .iter()
                    .map(|c| c.warehouse_id)
                    .collect::<Vec<_>>(),
                shown
                    .iter()
                    .map(|&i| cols[i].warehouse_id)
                    .collect::<Vec<_>>()
            );
            let terms: Vec<String> = fold(&search)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            let mut want: Vec<(&GridRow, i64, i64)> = full
                .rows
                .iter()
                .filter(|r| vendors.is_empty() || r.vendors.iter().any(|v| vendors.contains(v)))
                .filter(|r| warehouses.is_empty() || shown.iter().any(|&i| r.cells[i].is_some()))
                .filter(|r| !q.mismatches_only || r.flags.mismatch)
                .filter(|r| {
                    terms.is_empty() || {
                        let w = words(&s, r);
                        terms
                            .iter()
                            .all(|t| w.iter().any(|x| x.starts_with(t.as_str())))
                    }
                })
                .map(|r| {
                    // totals count the goods once: a warehouse filter sums the chosen columns; otherwise
                    // Onflow's figure where it is shown and holds the group, else the largest shown POS
                    // vendor's figure
                    let sum_of = |v: Option<Vendor>, on_hand: bool| -> i64 {
                        shown
                            .iter()
                            .filter(|&&i| v.is_none_or(|v| cols[i].vendor == v))
                            .filter_map(|&i| {
                                r.cells[i]
                                    .and_then(|c| if on_hand { c.on_hand } else { c.available })
                            })
                            .sum()
                    };
                    let total = |on_hand: bool| -> i64 {
                        let shown_v = |v: Vendor| vendors.is_empty() || vendors.contains(&v);
                        if !warehouses.is_empty() {
                            sum_of(None, on_hand)
                        } else if shown_v(Vendor::Onflow) && r.vendors.contains(&Vendor::Onflow) {
                            sum_of(Some(Vendor::Onflow), on_hand)
                        } else {
                            [Vendor::Pancake, Vendor::Nhanh]
                                .into_iter()
                                .filter(|&v| shown_v(v))
                                .map(|v| sum_of(Some(v), on_hand))
                                .max()
                                .unwrap_or(0)
                        }
                    };
                    (r, total(true), total(false))
                })
                .filter(|(_, _, av)| !q.low_stock_only || *av <= q.low_threshold)
                .collect();
            let key = |r: &GridRow, oh: i64, av: i64| -> (Option<i64>, String) {
                match sort {
                    GridSort::Name => (None, fold(&r.name)),
                    GridSort::Sku => (None, r.sku.clone().unwrap_or_default()),
                    GridSort::TotalOnHand => (Some(oh), String::new()),
                    GridSort::TotalAvailable => (Some(av), String::new()),
                    GridSort::Column { warehouse_id, .. } => {
                        let i = cols
                            .iter()
                            .position(|c| c.warehouse_id == warehouse_id)
                            .unwrap();
                        (r.cells[i].and_then(|c| c.available), String::new())
                    }
                }
            };
            want.sort_by(|a, b| {
                let (ka, kb) = (key(a.0, a.1, a.2), key(b.0, b.1, b.2));
                let nulls_last = matches!(sort, GridSort::Column { .. });
                match (ka.0, kb.0) {
                    (None, Some(_)) if nulls_last => std::cmp::Ordering::Greater,
                    (Some(_), None) if nulls_last => std::cmp::Ordering::Less,
                    _ if q.descending => kb.cmp(&ka),
                    _ => ka.cmp(&kb),
                }
            });

            let ctx = format!("seed {seed} query {q:?}");
            assert_eq!(got.total_rows as usize, want.len(), "{ctx}");
            // Same rows, same order of sort keys (ties may be broken differently), same totals.
            let mut got_keys: Vec<&str> = got.rows.iter().map(|r| r.group_key.as_str()).collect();
            let mut want_keys: Vec<&str> = want.iter().map(|w| w.0.group_key.as_str()).collect();
            // Cells of `got` follow the shown columns; take the sort key from the full row.
            let got_sort: Vec<_> = got
                .rows
                .iter()
                .map(|r| {
                    let f = full
                        .rows
                        .iter()
                        .find(|f| f.group_key == r.group_key)
                        .unwrap();
                    key(f, r.total_on_hand, r.total_available)
                })
                .collect();
            let want_sort: Vec<_> = want.iter().map(|w| key(w.0, w.1, w.2)).collect();
            assert_eq!(got_sort, want_sort, "{ctx}");
            got_keys.sort_unstable();
            want_keys.sort_unstable();
            assert_eq!(got_keys, want_keys, "{ctx}");
            for r in &got.rows {
                let w = want.iter().find(|w| w.0.group_key == r.group_key).unwrap();
                assert_eq!((r.total_on_hand, r.total_available), (w.1, w.2), "{ctx}");
                assert_eq!(r.flags.low, w.2 <= q.low_threshold, "{ctx}");
            }
        }
    }
}
