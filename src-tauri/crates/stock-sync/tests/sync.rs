//! The sync engine against the three simulators.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use common::*;
use sandbox::FaultConfig;
use stock_sync::{Mode, Phase, Progress, SyncEngine};
use store::{GridQuery, RunStatus, Vendor};

/// (vendor warehouse id, on hand, available) per stock cell.
type Cell = (String, Option<i64>, Option<i64>);

fn stock_by_sku(env: &Env, account: &str) -> HashMap<String, Vec<Cell>> {
    let db = env.store.lock().expect("store");
    let listings = db.listings(Some(account)).expect("listings");
    let sku_of: HashMap<_, _> = listings
        .iter()
        .map(|l| (l.listing.clone(), l.sku.clone().unwrap_or_default()))
        .collect();
    let mut out: HashMap<String, Vec<_>> = HashMap::new();
    for r in db.stock_rows(account).expect("stock") {
        let sku = sku_of.get(&r.listing).cloned().unwrap_or_default();
        out.entry(sku)
            .or_default()
            .push((r.vendor_wh_id, r.on_hand, r.available));
    }
    out
}

#[tokio::test]
async fn full_sync_stores_every_sku_and_stock_cell_of_each_vendor() {
    let env = start().await;
    let events = Mutex::new(Vec::<Progress>::new());
    let record = |p: Progress| events.lock().expect("events").push(p);
    let results = env
        .engine
        .sync_all(env.accounts(), Mode::Full, &record)
        .await;
    let cat = catalog();
    assert!(cat.len() >= 100, "{} variations", cat.len());

    for (id, r) in &results {
        let s = r.as_ref().unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(s.listings, cat.len(), "{id}: one listing per catalog SKU");
        assert_eq!(s.warnings, 0, "{id}");
        assert_eq!(s.mode, Mode::Full);
        assert_eq!(s.http.rate_limited, 0);
    }
    let db = env.store.lock().expect("store");
    // Pancake: 3 warehouses, every variation stocked in each; Nhanh: 2 depots; Onflow: 2 or 3 per SKU
    let expected_cells = [("pc-1", 3 * cat.len()), ("nh-1", 2 * cat.len())];
    for (account, cells) in expected_cells {
        assert_eq!(db.listings(Some(account)).expect("l").len(), cat.len());
        assert_eq!(db.stock_rows(account).expect("s").len(), cells, "{account}");
    }
    assert_eq!(db.listings(Some("of-1")).expect("l").len(), cat.len());
    let of_cells = db.stock_rows("of-1").expect("s").len();
    assert!(of_cells >= 2 * cat.len() && of_cells <= 3 * cat.len());
    let whs = db.warehouses().expect("wh");
    for (account, n) in [("pc-1", 3), ("nh-1", 2), ("of-1", 3)] {
        assert_eq!(
            whs.iter().filter(|w| w.account_id == account).count(),
            n,
            "{account}"
        );
    }
    // each run is logged as ok with its counts
    for (account, _) in &results {
        let run = &db.sync_runs(Some(account), 1).expect("runs")[0];
        assert_eq!(run.status, RunStatus::Ok);
        assert_eq!(run.kind, store::SyncMode::Full);
        assert_eq!(run.counts.listings as usize, cat.len());
        assert!(run.finished_at.is_some());
    }
    drop(db);

    // listing content: SKU, barcode, name, price and stock as the simulators hold them
    let v = &cat[5];
    let db = env.store.lock().expect("store");
    for account in ["pc-1", "nh-1", "of-1"] {
        let l = db
            .listings(Some(account))
            .expect("l")
            .into_iter()
            .find(|l| l.sku.as_deref() == Some(v.sku.as_str()))
            .unwrap_or_else(|| panic!("{account} has {}", v.sku));
        assert_eq!(l.barcode.as_deref(), Some(v.barcode.as_str()), "{account}");
        assert_eq!(l.price_vnd, Some(v.retail_price), "{account}");
        assert!(l.name.starts_with(&v.name[..10]), "{account}: {}", l.name);
    }
    drop(db);
    let nh = stock_by_sku(&env, "nh-1");
    for (wh, on_hand, available) in &nh[&v.sku] {
        let depot: i64 = wh.parse().expect("depot id");
        let (remain, _, avail) = env.sb.nhanh.stock_of(&v.sku, depot).expect("sim");
        assert_eq!((*on_hand, *available), (Some(remain), Some(avail)));
    }

    // progress: every phase reported for every account, ending with Done
    let events = events.into_inner().expect("events");
    for (account, _) in &results {
        let mine: Vec<_> = events.iter().filter(|e| &e.account_id == account).collect();
        for phase in [
            Phase::Warehouses,
            Phase::Catalog,
            Phase::Stock,
            Phase::Saving,
        ] {
            assert!(mine.iter().any(|e| e.phase == phase), "{account} {phase:?}");
        }
        assert_eq!(mine.last().map(|e| e.phase), Some(Phase::Done));
    }
}

#[tokio::test]
async fn the_grid_joins_the_three_vendors_by_sku_and_totals_mostly_agree() {
    let env = start().await;
    let results = env
        .engine
        .sync_all(env.accounts(), Mode::Full, &no_progress())
        .await;
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    let cat = catalog();
    let db = env.store.lock().expect("store");
    let page = db
        .grid(&GridQuery {
            limit: 1000,
            ..GridQuery::default()
        })
        .expect("grid");
    assert_eq!(page.total_rows as usize, cat.len(), "one row per SKU");
    assert_eq!(page.columns.len(), 3 + 3 + 2);
    for row in &page.rows {
        assert_eq!(row.vendors.len(), 3, "{:?} is at every vendor", row.sku);
        assert!(!row.flags.conflict, "{:?}", row.sku);
    }
    let row = db
        .grid(&GridQuery {
            search: cat[0].sku.clone(),
            ..GridQuery::default()
        })
        .expect("search")
        .rows
        .into_iter()
        .find(|r| r.sku.as_deref() == Some(cat[0].sku.as_str()))
        .expect("row by SKU");
    assert_eq!(row.listings, 3);
    // demo data: on-hand totals equal the base stock except ~1 SKU in 8, but the flag compares what each
    // vendor can *sell*, and each holds back its own open orders (Onflow's reservations, Nhanh's holding,
    // Pancake's waiting orders): most groups differ somewhere, not every one
    let mismatches = db
        .grid(&GridQuery {
            mismatches_only: true,
            limit: 1000,
            ..GridQuery::default()
        })
        .expect("mismatches")
        .total_rows as usize;
    assert!(
        mismatches > 0 && mismatches < cat.len(),
        "{mismatches} mismatches of {}",
        cat.len()
    );
    drop(db);
    let total = |cells: &Vec<Cell>| -> i64 { cells.iter().map(|c| c.1.unwrap_or(0)).sum() };
    let (of, nh) = (stock_by_sku(&env, "of-1"), stock_by_sku(&env, "nh-1"));
    let agree = cat
        .iter()
        .filter(|v| total(&of[&v.sku]) == total(&nh[&v.sku]))
        .count();
    assert!(
        agree * 100 >= cat.len() * 80 && agree < cat.len(),
        "Onflow and Nhanh totals agree for {agree} of {}",
        cat.len()
    );
}

#[tokio::test]
async fn stock_changed_at_each_vendor_appears_after_an_incremental_sync() {
    let env = start().await;
    let accounts = env.accounts();
    let first = env
        .engine
        .sync_all(accounts.clone(), Mode::Full, &no_progress())
        .await;
    assert!(first.iter().all(|(_, r)| r.is_ok()));
    let cat = catalog();
    let sku = cat[3].sku.clone();
    let find = |account: &str| {
        let db = env.store.lock().expect("store");
        let l = db
            .listings(Some(account))
            .expect("l")
            .into_iter()
            .find(|l| l.sku.as_deref() == Some(sku.as_str()))
            .expect("listing");
        let cell = db
            .stock_rows(account)
            .expect("s")
            .into_iter()
            .find(|r| r.listing == l.listing)
            .expect("cell");
        (l.listing, cell.vendor_wh_id, cell.on_hand.unwrap_or(0))
    };

    // Pancake: absolute on-hand quantity through the stock API
    let (pc_ref, pc_wh, _) = find("pc-1");
    env.pancake()
        .update_variation_stock(
            &pc_ref.vendor_variation_id,
            pancake::StockKind::OnHand,
            &[pancake::StockSet {
                variation_id: None,
                warehouse_id: pc_wh.clone(),
                remain_quantity: 777,
            }],
        )
        .await
        .expect("pancake stock");
    // Nhanh: an "import other" inventory bill of 9 units
    let (nh_ref, nh_wh, nh_before) = find("nh-1");
    env.nhanh()
        .create_inventory_bill(
            nhanh::bills::BillKind::ImportOther,
            &nhanh::bills::NewInventoryBill {
                depot_id: nh_wh.parse().expect("depot"),
                products: vec![nhanh::bills::BillLine {
                    id: nh_ref.vendor_variation_id.parse().expect("id"),
                    quantity: 9,
                    price: Some(100_000),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .await
        .expect("nhanh bill");
    // Onflow: an inbound PO of 50 units, received (the simulator moves it along its flow)
    let (of_ref, of_wh, of_before) = find("of-1");
    let po = env
        .onflow()
        .create_po(&onflow::NewPurchaseOrder {
            warehouse_code: of_wh.clone(),
            vas: vec![],
            merchant_po_reference: "SD-SYNC-1".into(),
            packages: vec![onflow::PoPackage {
                package_code: "PKG_1".into(),
                items: vec![onflow::PoItem {
                    oasin: of_ref.vendor_product_id.clone(),
                    product_quantity: 50,
                }],
                ..Default::default()
            }],
            estimated_arrival_time: chrono::Utc::now() + chrono::Duration::days(2),
            po_documents: vec![],
            note: None,
        })
        .await
        .expect("po");
    env.sb.onflow.advance(Some(&po.po_code), 2);

    let second = env
        .engine
        .sync_all(accounts, Mode::Incremental, &no_progress())
        .await;
    let by_id: HashMap<_, _> = second
        .into_iter()
        .map(|(id, r)| (id, r.expect("incremental ok")))
        .collect();
    assert_eq!(by_id["nh-1"].mode, Mode::Incremental);
    assert!(
        by_id["nh-1"].listings < cat.len() / 2,
        "Nhanh fetched only what changed: {}",
        by_id["nh-1"].listings
    );
    assert_eq!(by_id["pc-1"].mode, Mode::Incremental);
    assert!(
        by_id["pc-1"].listings < cat.len() / 2,
        "Pancake re-read only the variations its inventory history names: {}",
        by_id["pc-1"].listings
    );
    assert_eq!(
        by_id["pc-1"].requests.get("inventory_histories"),
        Some(&1),
        "{:?}",
        by_id["pc-1"].requests
    );
    assert_eq!(by_id["of-1"].mode, Mode::Incremental);
    assert_eq!(
        by_id["of-1"].requests.get("products"),
        None,
        "Onflow read only its stock list (every OASIN was stored): {:?}",
        by_id["of-1"].requests
    );

    assert_eq!(find("pc-1").2, 777);
    assert_eq!(find("nh-1").2, nh_before + 9);
    assert_eq!(find("of-1").2, of_before + 50);
    let db = env.store.lock().expect("store");
    assert_eq!(
        db.listings(Some("nh-1")).expect("l").len(),
        cat.len(),
        "an incremental upsert keeps the unchanged listings"
    );
    let run = &db.sync_runs(Some("nh-1"), 1).expect("runs")[0];
    assert_eq!(
        (run.kind.as_str(), run.status),
        ("incremental", RunStatus::Ok)
    );
    assert_eq!(
        db.listings(Some("pc-1")).expect("l").len(),
        cat.len(),
        "Pancake's incremental upsert keeps the unchanged listings"
    );
    assert_eq!(
        db.listings(Some("of-1")).expect("l").len(),
        cat.len(),
        "Onflow's incremental upsert keeps every listing"
    );
}

#[tokio::test]
async fn a_forced_rate_limit_window_mid_sync_pauses_and_the_run_completes() {
    let env = start().await;
    let engine = SyncEngine::new(env.store.clone()).with_page_size(10);
    let tripped = [AtomicBool::new(false), AtomicBool::new(false)];
    let sb = &env.sb;
    let on_progress = |p: Progress| {
        if p.phase != Phase::Catalog || p.done == 0 {
            return;
        }
        let (flag, faults) = match p.account_id.as_str() {
            "pc-1" => (&tripped[0], sb.pancake.faults()),
            "nh-1" => (&tripped[1], sb.nhanh.faults()),
            _ => return,
        };
        if !flag.swap(true, Ordering::SeqCst) {
            faults.set(FaultConfig {
                rate_limit_for_secs: Some(1),
                ..FaultConfig::default()
            });
        }
    };
    let accounts: Vec<_> = env
        .accounts()
        .into_iter()
        .filter(|(a, _)| a.vendor != Vendor::Onflow)
        .collect();
    let started = std::time::Instant::now();
    let results = engine.sync_all(accounts, Mode::Full, &on_progress).await;
    assert!(started.elapsed() < Duration::from_secs(20));
    let cat = catalog();
    for (id, r) in results {
        let s = r.unwrap_or_else(|e| panic!("{id}: the run must not fail: {e}"));
        assert!(s.http.rate_limited >= 1, "{id} met the 429 window");
        assert_eq!(s.listings, cat.len(), "{id}");
        let db = env.store.lock().expect("store");
        assert_eq!(db.listings(Some(&id)).expect("l").len(), cat.len());
        assert_eq!(
            db.sync_runs(Some(&id), 1).expect("r")[0].status,
            RunStatus::Ok
        );
    }
    assert!(tripped.iter().all(|t| t.load(Ordering::SeqCst)));
}

#[tokio::test]
async fn a_vendor_error_fails_only_that_accounts_run() {
    let env = start().await;
    let mut accounts = env.accounts();
    accounts[1].1 = std::sync::Arc::new(env.onflow_with_token("onf_wrong_token"));
    let results = env
        .engine
        .sync_all(accounts, Mode::Full, &no_progress())
        .await;
    let cat = catalog();
    for (id, r) in &results {
        if id == "of-1" {
            let e = r.as_ref().expect_err("wrong token");
            assert!(matches!(
                e.vendor_error(),
                Some(vendor_http::Error::Unauthorized { .. })
            ));
            assert!(!e.to_string().contains("onf_wrong_token"));
        } else {
            assert_eq!(r.as_ref().expect("others continue").listings, cat.len());
        }
    }
    let db = env.store.lock().expect("store");
    let run = &db.sync_runs(Some("of-1"), 1).expect("runs")[0];
    assert_eq!(run.status, RunStatus::Failed);
    // a code the UI localizes, never a sentence; the detail is the redacted vendor error
    assert_eq!(run.message, None);
    let error = run.error.as_ref().expect("a stored error");
    assert_eq!(error.code, store::ErrorCode::Unauthorized);
    let detail = error.detail.as_deref().unwrap_or_default();
    assert!(detail.starts_with("unauthorized"), "{detail}");
    assert!(!detail.contains("onf_wrong_token"));
    assert_eq!(db.listings(Some("of-1")).expect("l").len(), 0);
}

#[tokio::test]
async fn a_client_of_another_vendor_is_refused() {
    let env = start().await;
    let e = env
        .engine
        .sync_account(
            &account("pc-9", Vendor::Pancake),
            &env.nhanh(),
            Mode::Full,
            &no_progress(),
        )
        .await
        .expect_err("mismatch");
    assert!(matches!(e, stock_sync::SyncError::WrongClient { .. }));
}

#[test]
fn sync_futures_are_send_so_the_app_can_spawn_them() {
    fn assert_send<T: Send>(_: &T) {}
    let store = std::sync::Arc::new(Mutex::new(store::Store::open_in_memory().expect("db")));
    let engine = SyncEngine::new(store);
    let progress = |_: Progress| {};
    let fut = engine.sync_all(Vec::new(), Mode::Full, &progress);
    assert_send(&fut);
}

/// An incremental schedule still refreshes everything when the last full refresh is older than the
/// engine's period (what a window missed is repaired), and says why in the run's log; the run history is
/// bounded.
#[tokio::test]
async fn an_old_full_refresh_turns_the_next_incremental_run_into_a_full_one() {
    let env = start().await;
    let accounts: Vec<_> = env
        .accounts()
        .into_iter()
        .filter(|(a, _)| a.id == "pc-1")
        .collect();
    let first = env
        .engine
        .sync_all(accounts.clone(), Mode::Full, &no_progress())
        .await;
    assert!(first[0].1.is_ok());
    let recent = env
        .engine
        .sync_all(accounts.clone(), Mode::Incremental, &no_progress())
        .await;
    assert_eq!(recent[0].1.as_ref().expect("ok").mode, Mode::Incremental);

    let due = SyncEngine::new(env.store.clone()).with_full_every(chrono::Duration::zero());
    let r = due
        .sync_all(accounts, Mode::Incremental, &no_progress())
        .await;
    assert_eq!(r[0].1.as_ref().expect("ok").mode, Mode::Full);
    let db = env.store.lock().expect("store");
    let run = &db.sync_runs(Some("pc-1"), 1).expect("runs")[0];
    assert_eq!(run.kind, store::SyncMode::Full);
    let log = db.sync_log(run.id).expect("log");
    assert!(
        log.iter()
            .any(|l| l.code == Some(store::LogCode::FullRefreshScheduled)),
        "{log:?}"
    );
    // the history keeps the newest runs only, and the last good full refresh
    for _ in 0..store::KEEP_SYNC_RUNS + 5 {
        db.start_sync_run("pc-1", store::SyncMode::Incremental)
            .expect("run");
    }
    let runs = db.sync_runs(Some("pc-1"), 1000).expect("runs");
    assert_eq!(runs.len() as i64, store::KEEP_SYNC_RUNS + 1);
    assert!(db
        .last_ok_start("pc-1", Some(store::SyncMode::Full))
        .expect("query")
        .is_some());
}
