//! The stock writer port against the Pancake and Nhanh simulators, through `adapter.stock_writer()`:
//! a write reaches the figure the stock source syncs as sellable, Nhanh's bills carry the batch marker
//! and are found by it, and a dropped connection after a bill is committed never moves a figure twice.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sandbox::FaultConfig;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock::{Phase, PullRequest, StockInput};
use shopdesk_core::ports::stock_writer::{
    marker, marker_installation, StockBatch, StockCell, StockChange, StockWriter, WriteKind,
};
use shopdesk_core::ports::Adapter;
use shopdesk_core::Vendor;
use testkit::Sims;

fn cell(s: &StockInput) -> StockCell {
    StockCell {
        vendor_product_id: s.vendor_product_id.clone(),
        vendor_variation_id: s.vendor_variation_id.clone(),
        vendor_wh_id: s.vendor_wh_id.clone(),
    }
}

/// Every stock cell's sellable figure as a full pull of the stock source sees it.
async fn synced(adapter: &Adapter) -> HashMap<StockCell, Option<i64>> {
    let nothing = |_: Phase, _: u64, _: Option<u64>| {};
    let req = PullRequest {
        page_size: 50,
        since: None,
        known: Default::default(),
        progress: &nothing,
    };
    let snap = adapter
        .stock_source()
        .expect("stock source")
        .pull(&req)
        .await
        .unwrap_or_else(|e| panic!("{:?}: {}", adapter.vendor(), e.error));
    snap.stock.iter().map(|s| (cell(s), s.available)).collect()
}

/// Cells with a sellable figure of at least `min`, in a stable order.
fn cells_with(stock: &HashMap<StockCell, Option<i64>>, min: i64) -> Vec<(StockCell, i64)> {
    let mut out: Vec<(StockCell, i64)> = stock
        .iter()
        .filter_map(|(c, a)| a.filter(|a| *a >= min).map(|a| (c.clone(), a)))
        .collect();
    out.sort();
    out
}

fn changes(cells: &[(StockCell, i64)], targets: &[i64]) -> Vec<StockChange> {
    cells
        .iter()
        .zip(targets)
        .map(|((c, from), to)| StockChange {
            cell: c.clone(),
            from: *from,
            to: *to,
        })
        .collect()
}

async fn read(w: &dyn StockWriter, cells: &[StockCell]) -> Vec<Option<i64>> {
    w.read(cells)
        .await
        .unwrap_or_else(|e| panic!("{:?} read: {e}", w.vendor()))
}

fn only_cells(cs: &[(StockCell, i64)]) -> Vec<StockCell> {
    cs.iter().map(|(c, _)| c.clone()).collect()
}

/// Pancake: an absolute write sets the sellable figure the variation list shows and the sync stores;
/// a resend of the same targets changes nothing; there is no marker to look up.
#[tokio::test]
async fn pancake_sets_the_sellable_figure_the_sync_reads() {
    let sims = Sims::start().await;
    let adapter = sims.adapter(Vendor::Pancake);
    let w = adapter.stock_writer().expect("Pancake writes stock");
    assert_eq!(w.vendor(), Vendor::Pancake);
    assert_eq!(w.kind(), WriteKind::Absolute);
    assert!(w.limits().max_batch >= 1 && w.limits().max_read >= 1);

    let before = synced(&adapter).await;
    let picked: Vec<(StockCell, i64)> = cells_with(&before, 0).into_iter().take(3).collect();
    assert_eq!(picked.len(), 3);
    let cells = only_cells(&picked);
    let figures: Vec<Option<i64>> = picked.iter().map(|(_, a)| Some(*a)).collect();
    assert_eq!(
        read(w.as_ref(), &cells).await,
        figures,
        "read = synced figure"
    );

    let targets: Vec<i64> = picked
        .iter()
        .enumerate()
        .map(|(i, (_, a))| if i == 1 { *a } else { a + 7 + i as i64 })
        .collect();
    let batch = StockBatch {
        marker: marker("desk-p", 1, 1),
        changes: changes(&picked, &targets),
    };
    let receipt = w.write(&batch).await.expect("write");
    assert!(receipt.vendor_refs.is_empty(), "Pancake answers no ids");
    let want: Vec<Option<i64>> = targets.iter().map(|t| Some(*t)).collect();
    assert_eq!(read(w.as_ref(), &cells).await, want, "read after write");
    // absolute: the same batch again leaves the same figures
    w.write(&batch).await.expect("resend");
    assert_eq!(
        read(w.as_ref(), &cells).await,
        want,
        "a resend changes nothing"
    );

    let after = synced(&adapter).await;
    for (c, t) in cells.iter().zip(&targets) {
        assert_eq!(after.get(c).copied().flatten(), Some(*t), "sync sees {c:?}");
    }
    let since = Utc::now() - Duration::hours(1);
    assert_eq!(
        w.find(&batch.marker, since).await.expect("find"),
        Lookup::NotFound
    );
    assert!(w.recent_markers(since).await.expect("markers").is_empty());
    let unknown = StockCell {
        vendor_product_id: "x".into(),
        vendor_variation_id: "no-such-variation".into(),
        vendor_wh_id: cells[0].vendor_wh_id.clone(),
    };
    assert_eq!(read(w.as_ref(), &[unknown]).await, vec![None]);
}

/// Nhanh: a batch becomes export/import bills carrying the marker; the depot's `available` moves by each
/// delta, the sync sees it, `bill/list` holds the bills and `find` finds the marker.
#[tokio::test]
async fn nhanh_moves_the_available_figure_by_bills_carrying_the_marker() {
    let sims = Sims::start().await;
    let adapter = sims.adapter(Vendor::Nhanh);
    let w = adapter.stock_writer().expect("Nhanh writes stock");
    assert_eq!(w.vendor(), Vendor::Nhanh);
    assert_eq!(w.kind(), WriteKind::Delta);
    assert_eq!(w.limits().max_read, 100, "product/inventory ids: max 100");
    let since = Utc::now() - Duration::minutes(5);

    let before = synced(&adapter).await;
    let avail = cells_with(&before, 3);
    // two cells in one depot (one up, one down) and one in another depot (up)
    let depot_a = avail[0].0.vendor_wh_id.clone();
    let in_a: Vec<(StockCell, i64)> = avail
        .iter()
        .filter(|(c, _)| c.vendor_wh_id == depot_a)
        .take(2)
        .cloned()
        .collect();
    let in_b = avail
        .iter()
        .find(|(c, _)| c.vendor_wh_id != depot_a)
        .cloned()
        .expect("a second depot with stock");
    let picked: Vec<(StockCell, i64)> = vec![in_a[0].clone(), in_a[1].clone(), in_b];
    let cells = only_cells(&picked);
    let figures: Vec<Option<i64>> = picked.iter().map(|(_, a)| Some(*a)).collect();
    assert_eq!(
        read(w.as_ref(), &cells).await,
        figures,
        "read = synced figure"
    );

    let targets = vec![picked[0].1 + 4, picked[1].1 - 2, picked[2].1 + 1];
    let m = marker("desk-a", 11, 1);
    let batch = StockBatch {
        marker: m.clone(),
        changes: changes(&picked, &targets),
    };
    let receipt = w.write(&batch).await.expect("write");
    assert_eq!(
        receipt.vendor_refs.len(),
        3,
        "export A, import A, import B: {receipt:?}"
    );
    let want: Vec<Option<i64>> = targets.iter().map(|t| Some(*t)).collect();
    assert_eq!(read(w.as_ref(), &cells).await, want, "read after write");
    let after = synced(&adapter).await;
    for (c, t) in cells.iter().zip(&targets) {
        assert_eq!(after.get(c).copied().flatten(), Some(*t), "sync sees {c:?}");
    }

    // the bills as bill/list shows them: type 1/2, mode 10 (other), today, our description and lines
    let client = sims.nhanh();
    let ids: Vec<i64> = receipt
        .vendor_refs
        .iter()
        .map(|r| r.parse().expect("bill id"))
        .collect();
    let bills = client
        .bills(&nhanh::bills::BillFilter {
            ids: ids.clone(),
            ..Default::default()
        })
        .await
        .expect("bill/list");
    assert_eq!(bills.len(), 3);
    let mut types: Vec<i64> = bills.iter().map(|b| b.type_id).collect();
    types.sort();
    assert_eq!(types, vec![1, 1, 2]);
    for b in &bills {
        assert_eq!(b.mode, 10, "other import/export (§9.11)");
        assert!(b.description.contains(&m), "{}", b.description);
        assert!(!b.products.is_empty());
        assert!(!b.date.is_empty());
    }
    let export = bills.iter().find(|b| b.type_id == 2).expect("export");
    assert_eq!(export.products[0].quantity, 2);

    match w.find(&m, since).await.expect("find") {
        Lookup::Found(refs) => {
            for id in &ids {
                assert!(refs.split(',').any(|r| r == id.to_string()), "{refs}");
            }
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        w.find(&marker("desk-a", 11, 2), since).await.expect("find"),
        Lookup::NotFound
    );
    let seen = w.recent_markers(since).await.expect("recent markers");
    let ours = seen.iter().find(|s| s.marker == m).expect("our marker");
    assert_eq!(marker_installation(&ours.marker), Some("desk-a"));
    assert!(ours.at.is_some());

    // nothing to move: no bill at all
    let idle = StockBatch {
        marker: marker("desk-a", 11, 3),
        changes: changes(&picked[..1], &[targets[0]])
            .into_iter()
            .map(|mut c| {
                c.from = c.to;
                c
            })
            .collect(),
    };
    assert!(w.write(&idle).await.expect("idle").vendor_refs.is_empty());
}

/// Nhanh, exactly once: the bill commits and the connection drops. The write fails, the lookup finds
/// the marker, and the figure moved once.
#[tokio::test]
async fn nhanh_a_dropped_answer_is_found_by_its_marker_and_moved_once() {
    let sims = Sims::start().await;
    let adapter = sims.adapter(Vendor::Nhanh);
    let w = adapter.stock_writer().expect("writer");
    let since = Utc::now() - Duration::minutes(5);
    let before = synced(&adapter).await;
    let picked: Vec<(StockCell, i64)> = cells_with(&before, 1).into_iter().take(1).collect();
    let cells = only_cells(&picked);
    let from = picked[0].1;
    let m = marker("desk-a", 12, 1);
    let batch = StockBatch {
        marker: m.clone(),
        changes: changes(&picked, &[from + 5]),
    };
    sims.nhanh.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..FaultConfig::default()
    });
    assert!(w.write(&batch).await.is_err(), "the answer was lost");
    sims.nhanh.faults().clear();
    assert!(
        matches!(w.find(&m, since).await.expect("find"), Lookup::Found(_)),
        "the committed bill is found"
    );
    assert_eq!(
        read(w.as_ref(), &cells).await,
        vec![Some(from + 5)],
        "moved exactly once"
    );
}

/// Nhanh, a batch of two bills whose first commits and drops: the marker is not found (the batch is not
/// whole), the re-read shows the first bill's move, and the recomputed resend moves only the rest —
/// every figure ends at its target, none moved twice.
#[tokio::test]
async fn nhanh_a_half_sent_batch_is_not_found_and_its_resend_never_doubles() {
    let sims = Sims::start().await;
    let adapter = sims.adapter(Vendor::Nhanh);
    let w = adapter.stock_writer().expect("writer");
    let since = Utc::now() - Duration::minutes(5);
    let before = synced(&adapter).await;
    let avail = cells_with(&before, 3);
    let depot = avail[0].0.vendor_wh_id.clone();
    let picked: Vec<(StockCell, i64)> = avail
        .into_iter()
        .filter(|(c, _)| c.vendor_wh_id == depot)
        .take(2)
        .collect();
    let cells = only_cells(&picked);
    // down first (the export is sent first), then up
    let targets = [picked[0].1 - 3, picked[1].1 + 6];
    let m = marker("desk-a", 13, 1);
    let batch = StockBatch {
        marker: m.clone(),
        changes: changes(&picked, &targets),
    };
    sims.nhanh.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..FaultConfig::default()
    });
    assert!(w.write(&batch).await.is_err());
    sims.nhanh.faults().clear();
    assert_eq!(
        w.find(&m, since).await.expect("find"),
        Lookup::NotFound,
        "half a batch is not the batch"
    );

    // the engine's recovery: re-read, recompute from the new figures, resend what still differs
    let now = read(w.as_ref(), &cells).await;
    assert_eq!(
        now,
        vec![Some(targets[0]), Some(picked[1].1)],
        "the export alone"
    );
    let again: Vec<StockChange> = cells
        .iter()
        .zip(now.iter().zip(targets))
        .filter_map(|(c, (from, to))| {
            let from = (*from)?;
            (from != to).then(|| StockChange {
                cell: c.clone(),
                from,
                to,
            })
        })
        .collect();
    assert_eq!(again.len(), 1);
    let receipt = w
        .write(&StockBatch {
            marker: m.clone(),
            changes: again,
        })
        .await
        .expect("resend");
    assert_eq!(receipt.vendor_refs.len(), 1, "only the import");
    assert!(matches!(
        w.find(&m, since).await.expect("find"),
        Lookup::Found(_)
    ));
    let want: Vec<Option<i64>> = targets.iter().map(|t| Some(*t)).collect();
    assert_eq!(read(w.as_ref(), &cells).await, want, "each moved once");
}

/// Onflow sets no stock.
#[tokio::test]
async fn onflow_has_no_stock_writer() {
    let sims = Sims::start().await;
    assert!(sims.adapter(Vendor::Onflow).stock_writer().is_none());
}

/// The Pancake simulator's `update_quantity` (§3.7.4 single, §3.7.5 batch): `is_actual_remain_quantity`
/// false sets the warehouse's sellable `remain_quantity`, true its on-hand `actual_remain_quantity`, as
/// the variation list reports them.
#[tokio::test]
async fn pancake_simulator_sets_sellable_or_on_hand_by_the_flag() {
    use pancake::{StockKind, StockSet, VariationQuery};
    let sims = Sims::start().await;
    let client = sims.pancake();
    let page = client
        .list_variations(&VariationQuery {
            page_size: Some(1),
            page_number: Some(1),
            ..Default::default()
        })
        .await
        .expect("variations");
    let v = page.data.first().expect("a variation");
    let wh = v.variations_warehouses[0].warehouse_id.clone();
    let row = |q: i64, with_id: bool| StockSet {
        variation_id: with_id.then(|| v.id.clone()),
        warehouse_id: wh.clone(),
        remain_quantity: q,
    };
    let figures = || async {
        let p = client
            .list_variations(&VariationQuery {
                variation_ids: vec![v.id.clone()],
                ..Default::default()
            })
            .await
            .expect("variations");
        let w = p.data[0]
            .variations_warehouses
            .iter()
            .find(|w| w.warehouse_id == wh)
            .cloned()
            .expect("warehouse row");
        (w.remain_quantity, w.actual_remain_quantity)
    };
    client
        .update_stock(StockKind::Sellable, &[row(41, true)])
        .await
        .expect("batch sellable");
    assert_eq!(figures().await.0, 41);
    client
        .update_variation_stock(&v.id, StockKind::Sellable, &[row(42, false)])
        .await
        .expect("single sellable");
    assert_eq!(figures().await.0, 42);
    client
        .update_stock(StockKind::OnHand, &[row(90, true)])
        .await
        .expect("batch on hand");
    assert_eq!(figures().await.1, Some(90));
    client
        .update_variation_stock(&v.id, StockKind::OnHand, &[row(91, false)])
        .await
        .expect("single on hand");
    assert_eq!(figures().await.1, Some(91));
}
