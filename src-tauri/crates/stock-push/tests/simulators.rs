//! The push engine against the real simulators (through each vendor's adapter): a plan's targets land,
//! a Nhanh bill whose answer is lost after the commit is found by its marker and never sent twice, and an
//! undo brings the figures back.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicBool;

use chrono::Utc;
use sandbox::FaultConfig;
use shopdesk_core::ports::stock::{Phase, PullRequest};
use shopdesk_core::ports::stock_writer::{StockCell, StockWriter};
use shopdesk_core::ports::Adapter;
use shopdesk_core::Vendor;
use stock_push::{
    plan, Cell, Journal, Mapping, PlanInput, PlanRowInput, PushRunStatus, Pusher, RuleSet,
};
use testkit::Sims;

/// Sellable figures of every cell, as the stock source syncs them.
async fn synced(adapter: &Adapter) -> BTreeMap<StockCell, i64> {
    let nothing = |_: Phase, _: u64, _: Option<u64>| {};
    let req = PullRequest {
        page_size: 50,
        since: None,
        known: HashMap::new(),
        progress: &nothing,
    };
    let snap = match adapter
        .stock_source()
        .expect("stock source")
        .pull(&req)
        .await
    {
        Ok(s) => s,
        Err(e) => panic!("pull: {}", e.error),
    };
    snap.stock
        .iter()
        .filter_map(|s| {
            s.available.map(|a| {
                (
                    StockCell {
                        vendor_product_id: s.vendor_product_id.clone(),
                        vendor_variation_id: s.vendor_variation_id.clone(),
                        vendor_wh_id: s.vendor_wh_id.clone(),
                    },
                    a,
                )
            })
        })
        .collect()
}

/// A plan that moves each of `cells` to its target: one Onflow warehouse (local id 1) feeds every POS
/// warehouse and holds exactly the target, under the default rules.
fn plan_for(account: &str, vendor: Vendor, cells: &[(StockCell, i64, i64)]) -> stock_push::Plan {
    let mut feeds = BTreeMap::new();
    for (c, _, _) in cells {
        feeds.insert(c.vendor_wh_id.clone(), vec![1]);
    }
    let rows = cells
        .iter()
        .map(|(c, current, target)| PlanRowInput {
            group_key: format!("g:{}/{}", c.vendor_product_id, c.vendor_wh_id),
            sku: Some(format!("SKU-{}", c.vendor_product_id)),
            name: "Sản phẩm".into(),
            cell: Cell::from(c.clone()),
            current: Some(*current),
            physical_by_wh: vec![(1, Some(*target))],
            unshipped: 0,
            physical_as_of: Some(Utc::now()),
        })
        .collect();
    let input = PlanInput {
        account_id: account.into(),
        vendor,
        rows,
    };
    plan(&input, &Mapping { feeds }, &RuleSet::default(), Utc::now())
}

async fn figures(w: &dyn StockWriter, cells: &[StockCell]) -> Vec<Option<i64>> {
    w.read(cells).await.expect("read")
}

async fn push_and_undo(vendor: Vendor, drop_first_write: bool) {
    let sims = Sims::start().await;
    let adapter = sims.adapter(vendor);
    let writer = adapter.stock_writer().expect("a POS vendor has a writer");
    let stock = synced(&adapter).await;
    // six cells with stock: three go down by 2, three go up by 3
    let picked: Vec<(StockCell, i64, i64)> = stock
        .iter()
        .filter(|(_, a)| **a >= 3)
        .take(6)
        .enumerate()
        .map(|(i, (c, a))| (c.clone(), *a, if i % 2 == 0 { a - 2 } else { a + 3 }))
        .collect();
    assert_eq!(picked.len(), 6, "the simulator has cells with stock");
    let cells: Vec<StockCell> = picked.iter().map(|(c, _, _)| c.clone()).collect();

    let dir = tempfile::tempdir().expect("tmp");
    let pusher = Pusher::new(
        Journal::open(dir.path().join("push.sqlite")).expect("journal"),
        "testdesk1",
    );
    let plan = plan_for("acc-1", vendor, &picked);
    assert_eq!(plan.changes().count(), 6);
    let all: Vec<u32> = plan.changes().map(|r| r.idx).collect();
    let run = pusher.create_run(&plan, &all, false).expect("run");

    let name = match vendor {
        Vendor::Pancake => "pancake",
        Vendor::Nhanh => "nhanh",
        Vendor::Onflow => "onflow",
    };
    let faults = sims.faults(name).expect("the simulator has fault knobs");
    if drop_first_write {
        // the first write is committed, then its answer is lost: the engine must find it, not resend it
        faults.set(FaultConfig {
            drop_next_creates: 1,
            ..FaultConfig::default()
        });
    }
    let cancel = AtomicBool::new(false);
    let report = pusher
        .apply(run, writer.as_ref(), &|_| {}, &cancel)
        .await
        .expect("apply");
    faults.clear();
    assert_eq!(report.status, PushRunStatus::Done, "{report:?}");
    let want: Vec<Option<i64>> = picked.iter().map(|(_, _, t)| Some(*t)).collect();
    assert_eq!(
        figures(writer.as_ref(), &cells).await,
        want,
        "every target landed once"
    );
    let after_sync = synced(&adapter).await;
    for (c, _, t) in &picked {
        assert_eq!(
            after_sync.get(c),
            Some(t),
            "the sync sees the pushed figure"
        );
    }

    let undo = pusher.undo(run).expect("undo");
    let report = pusher
        .apply(undo, writer.as_ref(), &|_| {}, &cancel)
        .await
        .expect("apply undo");
    assert_eq!(report.status, PushRunStatus::Done, "{report:?}");
    let before: Vec<Option<i64>> = picked.iter().map(|(_, a, _)| Some(*a)).collect();
    assert_eq!(
        figures(writer.as_ref(), &cells).await,
        before,
        "the undo restored every figure"
    );
}

#[tokio::test]
async fn pancake_push_lands_and_undoes() {
    push_and_undo(Vendor::Pancake, false).await;
}

#[tokio::test]
async fn nhanh_push_lands_and_undoes() {
    push_and_undo(Vendor::Nhanh, false).await;
}

#[tokio::test]
async fn a_nhanh_bill_whose_answer_is_lost_is_found_by_its_marker_not_sent_twice() {
    push_and_undo(Vendor::Nhanh, true).await;
}
