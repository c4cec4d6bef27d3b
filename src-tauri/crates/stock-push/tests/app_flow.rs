//! The app's push flow against the three simulators: sync every account into the stock cache, plan the
//! Pancake push from the cache (as the shell's `push_preview` does), apply it, sync again: Pancake then
//! offers exactly what Onflow can sell, and no group Pancake differed on is flagged for Pancake any more.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use shopdesk_core::ports::Adapter;
use shopdesk_core::Vendor;
use stock_push::{
    default_mapping, plan, Cell, Journal, PlanInput, PlanRowInput, PushRunStatus, Pusher, RuleSet,
    WhInfo,
};
use stock_sync::{Mode, SyncEngine};
use store::{Account, Store};
use testkit::Sims;

fn account(id: &str, vendor: Vendor) -> Account {
    Account {
        id: id.into(),
        vendor,
        label: id.into(),
        demo: true,
    }
}

async fn sync_all(engine: &SyncEngine, accounts: &[(Account, Adapter)]) {
    for (a, adapter) in accounts {
        engine
            .sync_account(a, adapter.as_ref(), Mode::Full, &|_| {})
            .await
            .unwrap_or_else(|e| panic!("sync {}: {e}", a.id));
    }
}

fn preview(db: &Store, account: &Account) -> stock_push::Plan {
    let source = db.push_source(&account.id).expect("push source");
    let info = |w: &store::Warehouse| WhInfo {
        id: w.id,
        vendor_wh_id: w.vendor_wh_id.clone(),
        name: w.name.clone(),
    };
    let pos: Vec<WhInfo> = source.pos_warehouses.iter().map(info).collect();
    let onflow: Vec<WhInfo> = source.onflow_warehouses.iter().map(info).collect();
    let proposal = default_mapping(&pos, &onflow);
    assert!(proposal.needs_choice.is_empty(), "{proposal:?}");
    let rows = source
        .cells
        .into_iter()
        .map(|c| PlanRowInput {
            group_key: c.group_key,
            sku: c.sku,
            name: c.name,
            cell: Cell {
                vendor_product_id: c.vendor_product_id,
                vendor_variation_id: c.vendor_variation_id,
                vendor_wh_id: c.vendor_wh_id,
            },
            current: c.current,
            physical_by_wh: c.physical_by_wh,
            unshipped: 0,
            physical_as_of: source.physical_as_of,
        })
        .collect();
    let input = PlanInput {
        account_id: account.id.clone(),
        vendor: account.vendor,
        rows,
    };
    plan(&input, &proposal.mapping, &RuleSet::default(), Utc::now())
}

/// Per group: (Pancake's sellable total, Onflow's sellable total), from the stock cache.
fn totals(db: &Store) -> BTreeMap<String, (i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let listings = db.listings(None).expect("listings");
    for a in ["pc-1", "of-1"] {
        for s in db.stock_rows(a).expect("stock") {
            let Some(l) = listings.iter().find(|l| l.listing == s.listing) else {
                continue;
            };
            let e = out.entry(l.group_key.clone()).or_default();
            let n = s.available.or(s.on_hand).unwrap_or(0);
            if a == "pc-1" {
                e.0 += n;
            } else {
                e.1 += n;
            }
        }
    }
    out
}

#[tokio::test]
async fn after_a_pancake_push_and_a_sync_pancake_offers_what_onflow_can_sell() {
    let sims = Sims::start().await;
    let accounts = vec![
        (
            account("pc-1", Vendor::Pancake),
            sims.adapter(Vendor::Pancake),
        ),
        (
            account("of-1", Vendor::Onflow),
            sims.adapter(Vendor::Onflow),
        ),
        (account("nh-1", Vendor::Nhanh), sims.adapter(Vendor::Nhanh)),
    ];
    let db = Arc::new(Mutex::new(Store::open_in_memory().expect("store")));
    let engine = SyncEngine::new(db.clone());
    sync_all(&engine, &accounts).await;

    let pancake = &accounts[0];
    let plan = {
        let db = db.lock().expect("db");
        preview(&db, &pancake.0)
    };
    let selected: Vec<u32> = plan.changes().map(|r| r.idx).collect();
    assert!(
        !selected.is_empty(),
        "the seeded data has Pancake figures to correct"
    );
    let pusher = Pusher::new(Journal::open_in_memory().expect("journal"), "testdesk1");
    let run = pusher.create_run(&plan, &selected, false).expect("run");
    let writer = pancake.1.stock_writer().expect("writer");
    let report = pusher
        .apply(run, writer.as_ref(), &|_| {}, &AtomicBool::new(false))
        .await
        .expect("apply");
    assert_eq!(report.status, PushRunStatus::Done, "{report:?}");

    sync_all(&engine, &accounts).await;
    let db = db.lock().expect("db");
    assert_eq!(
        preview(&db, &pancake.0).changes().count(),
        0,
        "nothing left to push"
    );
    let differ: Vec<(String, (i64, i64))> = totals(&db)
        .into_iter()
        .filter(|(_, (pc, of))| pc != of)
        .collect();
    assert!(
        differ.is_empty(),
        "Pancake still differs from Onflow: {differ:?}"
    );
}
