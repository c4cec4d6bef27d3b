//! The app's command bodies without a window: the demo workspace on its simulators, a `MemoryHost` in
//! place of Tauri. Each test waits on the app's own signals (its events, a run's status), never a sleep.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use shopdesk_app::events::{PushProgress, SyncPhase};
use shopdesk_app::sync::Trigger;
use shopdesk_app::{DataFile, DataKind, Desk, Event, MemoryHost, ProblemKind};
use shopdesk_core::ErrorCode;
use store::{ExportFormat, GridQuery};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "shopdesk-app-{tag}-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn accounts_in(dir: &Path) -> Arc<accounts::AccountService> {
    Arc::new(accounts::AccountService::new(
        Arc::new(accounts::FileMeta::new(dir.join("accounts.json"))),
        secrets::Secrets::in_memory(),
    ))
}

/// The demo workspace opened without a window, synced once.
async fn synced_demo(tag: &str) -> (Desk, Arc<MemoryHost>, PathBuf) {
    let dir = temp_dir(tag);
    let host = Arc::new(MemoryHost::saving_to(&dir));
    let accounts = accounts_in(&dir);
    let desk = Desk::open(
        &dir,
        accounts,
        host.clone(),
        tokio::runtime::Handle::current(),
    )
    .expect("stores open");
    shopdesk_app::accounts::demo_start(&desk)
        .await
        .expect("demo starts");
    shopdesk_app::sync::sync_workspace(&desk, stock_sync::Mode::Full, Trigger::Owner)
        .await
        .expect("sync runs");
    (desk, host, dir)
}

/// Wait until an event matching `found` was emitted (the app's own signal), at most `limit`.
async fn wait_for(host: &MemoryHost, limit: Duration, found: impl Fn(&Event) -> bool) -> Event {
    let start = Instant::now();
    loop {
        if let Some(e) = host.events().into_iter().find(|e| found(e)) {
            return e;
        }
        assert!(start.elapsed() < limit, "no such event within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_without_a_window_fills_the_grid_and_tells_the_ui_each_step() {
    let (desk, host, dir) = synced_demo("sync").await;
    let ws = shopdesk_app::accounts::workspace(&desk).await.expect("ws");
    assert!(ws.demo && ws.accounts.len() >= 3);
    let events = host.events();
    for a in &ws.accounts {
        assert!(
            events.iter().any(|e| matches!(e, Event::SyncProgress(p)
                if p.account_id == a.id && p.phase == SyncPhase::Done)),
            "{} reported its end",
            a.id
        );
    }
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::DataChanged(c) if c.kind == DataKind::Stock)));
    let page = shopdesk_app::stock::stock_grid(&desk, GridQuery::default())
        .await
        .expect("grid");
    assert!(page.total_rows > 0, "the grid has the demo's rows");
    let status = shopdesk_app::stock::sync_status(&desk)
        .await
        .expect("status");
    for s in &status {
        assert!(!s.running);
        assert_eq!(
            s.last_status,
            Some(store::RunStatus::Ok),
            "{}",
            s.account_id
        );
        let pos = ws
            .accounts
            .iter()
            .any(|a| a.id == s.account_id && a.vendor.is_pos());
        assert_eq!(s.push_checked_at.is_some(), pos, "{}", s.account_id);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_asks_the_host_where_and_writes_every_row() {
    let (desk, _host, dir) = synced_demo("export").await;
    let total = shopdesk_app::stock::stock_grid(&desk, GridQuery::default())
        .await
        .expect("grid")
        .total_rows;
    let done = shopdesk_app::stock::stock_export(&desk, GridQuery::default(), ExportFormat::Csv)
        .await
        .expect("export")
        .expect("the host chose a path");
    assert_eq!(u64::from(done.rows), total);
    let text = std::fs::read_to_string(&done.path).expect("written");
    assert!(Path::new(&done.path).starts_with(&dir));
    assert_eq!(
        text.lines().count() as u64,
        total + 1,
        "a header and every row"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_is_applied_once_with_progress_to_its_end() {
    let (desk, host, dir) = synced_demo("push").await;
    let ws = shopdesk_app::accounts::workspace(&desk).await.expect("ws");
    let pos = ws
        .accounts
        .iter()
        .find(|a| a.vendor == shopdesk_core::Vendor::Pancake)
        .expect("a Pancake demo account");
    let preview = shopdesk_app::push::push_preview(&desk, pos.id.clone())
        .await
        .expect("preview");
    let changes: Vec<u32> = preview.plan.changes().map(|r| r.idx).collect();
    assert!(
        !changes.is_empty(),
        "the demo's figures differ from Onflow's"
    );
    let run = shopdesk_app::push::push_apply(&desk, preview.preview_id, changes.clone())
        .await
        .expect("applied");
    let again = shopdesk_app::push::push_apply(&desk, preview.preview_id, changes).await;
    assert_eq!(
        again.expect_err("a preview is applied once").code,
        ErrorCode::Conflict
    );
    let end = wait_for(&host, Duration::from_secs(60), |e| {
        matches!(e, Event::PushProgress(PushProgress { run: r, finished: true, .. }) if *r == run)
    })
    .await;
    let Event::PushProgress(end) = end else {
        unreachable!()
    };
    assert_eq!(end.status, stock_push::PushRunStatus::Done);
    assert_eq!(end.counts.settled(), end.rows_total);
    let history = shopdesk_app::push::push_history(&desk, pos.id.clone())
        .await
        .expect("history");
    assert_eq!(history.first().map(|r| r.id), Some(run));
    // after the push the vendors are read again: Pancake now offers what the rules say, nothing is left
    shopdesk_app::sync::sync_workspace(&desk, stock_sync::Mode::Full, Trigger::Owner)
        .await
        .expect("sync runs");
    let start = Instant::now();
    while shopdesk_app::stock::sync_status(&desk)
        .await
        .expect("status")
        .iter()
        .any(|s| s.running)
    {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "a sync never ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let after = shopdesk_app::push::push_preview(&desk, pos.id.clone())
        .await
        .expect("preview");
    assert_eq!(after.plan.changes().count(), 0, "nothing is left to push");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_from_a_newer_version_opens_recovery_and_a_rebuild_keeps_the_file() {
    let dir = temp_dir("recovery");
    newer_file(&dir.join(DataFile::StockCache.file_name()));
    let host = Arc::new(MemoryHost::default());
    let open = || {
        Desk::open(
            &dir,
            accounts_in(&dir),
            host.clone(),
            tokio::runtime::Handle::current(),
        )
    };
    let problems = open().err().expect("recovery mode");
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].file, problems[0].kind),
        (DataFile::StockCache, ProblemKind::Newer)
    );
    let view = shopdesk_app::RecoveryView {
        data_dir: dir.display().to_string(),
        problems,
    };
    shopdesk_app::recovery::rebuild_caches(&dir, &view).expect("set aside");
    assert!(open().is_ok(), "a fresh cache opens");
    let kept = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".broken-"));
    assert!(kept, "the newer file is kept beside the new one");
    let _ = std::fs::remove_dir_all(dir);
}

/// A database file whose schema version is far ahead of this build's.
fn newer_file(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("a database");
    conn.pragma_update(None, "user_version", 9_999)
        .expect("version set");
}

fn plan(account: &str) -> stock_push::Plan {
    stock_push::Plan {
        account_id: account.to_string(),
        vendor: shopdesk_core::Vendor::Pancake,
        created_at: chrono::Utc::now(),
        rows: Vec::new(),
        in_sync: 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_is_taken_once_and_a_newer_one_replaces_it() {
    let dir = temp_dir("previews");
    let desk = Desk::open(
        &dir,
        accounts_in(&dir),
        Arc::new(MemoryHost::default()),
        tokio::runtime::Handle::current(),
    )
    .expect("stores open");
    let (real, demo) = (desk.side_for(false), desk.side_for(true));
    let first = real.remember_preview(plan("a"));
    let other = real.remember_preview(plan("b"));
    let newer = real.remember_preview(plan("a"));
    assert_ne!(first, newer);
    assert!(
        real.take_preview(first).is_none(),
        "replaced by the newer preview"
    );
    assert!(
        demo.take_preview(newer).is_none(),
        "the demo side has its own previews"
    );
    assert_eq!(
        real.take_preview(newer).map(|p| p.account_id),
        Some("a".into())
    );
    assert!(real.take_preview(newer).is_none(), "applied once");
    assert_eq!(
        real.take_preview(other).map(|p| p.account_id),
        Some("b".into())
    );
    drop(desk);
    let _ = std::fs::remove_dir_all(dir);
}

/// The PO list once a row carrying `reference` satisfies `ok` (polled: the send runs in the background).
async fn wait_po(
    desk: &Desk,
    reference: &str,
    ok: impl Fn(&shopdesk_app::inbound::PoRow) -> bool,
) -> Vec<shopdesk_app::inbound::PoRow> {
    let start = Instant::now();
    loop {
        let rows = shopdesk_app::inbound::po_list(desk).await.expect("list");
        if rows.iter().any(|r| r.reference == reference && ok(r)) {
            return rows;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the PO {reference} did not get there"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_po_entered_in_the_demo_is_sent_once_and_the_demo_clock_completes_it() {
    use shopdesk_app::inbound as po;
    use shopdesk_core::inbound::{LineState, PoDraft, PoLine, PoPackageDraft};
    let (desk, _host, _dir) = synced_demo("inbound").await;
    // the sync read the warehouse's POs too: the list has them without a refresh of its own
    let seeded = po::po_list(&desk).await.expect("list");
    for status in ["TRANSIT", "RECEIVING", "COMPLETED", "CANCELLED"] {
        assert!(
            seeded.iter().any(|r| r.status.as_deref() == Some(status)),
            "a {status} PO after the sync"
        );
    }
    let targets = po::inbound_targets(&desk).await.expect("targets");
    assert_eq!(targets.len(), 1, "only the warehouse account takes POs");
    let target = &targets[0];
    let wh = target.warehouses[0].id.clone();
    let items = desk
        .with_stock(|s| s.catalog_search(&target.account_id, "AT0", 20))
        .await
        .expect("catalog");
    let lines: Vec<PoLine> = items
        .iter()
        .filter(|i| i.stock.iter().any(|c| c.vendor_wh_id == wh))
        .take(2)
        .zip([12, 5])
        .map(|(i, q)| PoLine {
            oasin: i.vendor_product_id.clone(),
            sku: i.sku.clone(),
            name: i.name.clone(),
            quantity: q,
        })
        .collect();
    assert_eq!(lines.len(), 2);
    let oasins: Vec<String> = lines.iter().map(|l| l.oasin.clone()).collect();
    let checks = po::inbound_check_lines(&desk, target.account_id.clone(), wh.clone(), oasins)
        .await
        .expect("checks");
    assert!(
        checks.iter().all(|c| c.state == LineState::Ready),
        "{checks:?}"
    );
    let package = |code: &str, line: &PoLine| PoPackageDraft {
        code: code.into(),
        weight: Some(800.0),
        length: None,
        width: None,
        height: None,
        note: None,
        items: vec![line.clone()],
    };
    let reference = po::po_new_reference();
    let draft = PoDraft {
        account_id: target.account_id.clone(),
        warehouse_code: wh,
        reference: reference.clone(),
        estimated_arrival: ((chrono::Utc::now() + chrono::Duration::hours(31)).date_naive())
            .format("%Y-%m-%d")
            .to_string(),
        co_inspection: false,
        packages: vec![package("PKG_01", &lines[0]), package("PKG_02", &lines[1])],
        documents: vec![],
        note: None,
    };
    let row = po::po_submit(&desk, draft.clone())
        .await
        .expect("submitted");
    assert_eq!(row.send, Some(inbound::SendState::Queued));
    assert_eq!(row.units, 17);
    // the same reference again is a field error, not a second PO
    let again = po::po_submit(&desk, draft).await.expect_err("refused");
    assert_eq!(again.code, ErrorCode::Validation);
    let rows = wait_po(&desk, &reference, |r| {
        r.status.as_deref() == Some("TRANSIT")
    })
    .await;
    let mine: Vec<_> = rows.iter().filter(|r| r.reference == reference).collect();
    assert_eq!(mine.len(), 1, "one row, from the warehouse");
    assert_eq!(mine[0].send, None);
    let code = mine[0].po_code.clone().expect("po code");
    // the demo's clock: TRANSIT → RECEIVING → COMPLETED
    assert!(po::demo_tick(&desk).await.expect("tick"));
    assert!(po::demo_tick(&desk).await.expect("tick"));
    wait_po(&desk, &reference, |r| {
        r.status.as_deref() == Some("COMPLETED")
    })
    .await;
    let detail = po::po_detail(&desk, target.account_id.clone(), code)
        .await
        .expect("detail");
    assert!(!detail.cancellable);
    let inspection = detail.inspection.expect("the inspection result");
    assert_eq!(inspection.iter().map(|r| r.declared).sum::<i64>(), 17);
    assert_eq!(
        detail.packages[0].items[0].name, lines[0].name,
        "names from our draft"
    );
}

/// Wait until the journal row of every reference has reached the warehouse (or failed), at most
/// `limit`; answers the rows.
async fn po_rows_settled(
    desk: &Desk,
    references: &[&str],
    limit: Duration,
) -> Vec<shopdesk_app::inbound::PoRow> {
    let start = Instant::now();
    loop {
        let rows = shopdesk_app::inbound::po_list(desk).await.expect("list");
        let mine: Vec<_> = rows
            .into_iter()
            .filter(|r| references.contains(&r.reference.as_str()))
            .collect();
        let done = |r: &shopdesk_app::inbound::PoRow| {
            r.po_code.is_some() || r.send == Some(inbound::SendState::Failed)
        };
        if mine.len() >= references.len() && mine.iter().all(done) {
            return mine;
        }
        assert!(
            start.elapsed() < limit,
            "the POs did not settle within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_po_file_is_previewed_with_its_bad_row_and_its_valid_pos_are_sent_once() {
    let (desk, host, dir) = synced_demo("po-import").await;
    let target = shopdesk_app::inbound::inbound_targets(&desk)
        .await
        .expect("targets")
        .into_iter()
        .next()
        .expect("the demo has an Onflow account");
    let account = target.account_id.clone();
    let warehouse = target.warehouses[0].id.clone();
    // two products the warehouse takes (ACTIVE and mapped to it), by SKU
    let listings = desk
        .with_stock(|s| s.listings(Some(&account)))
        .await
        .expect("catalog");
    let oasins: Vec<String> = listings
        .iter()
        .filter(|l| l.sku.is_some())
        .map(|l| l.listing.vendor_product_id.clone())
        .take(40)
        .collect();
    let checks = shopdesk_app::inbound::inbound_check_lines(
        &desk,
        account.clone(),
        warehouse.clone(),
        oasins,
    )
    .await
    .expect("checks");
    let ready: Vec<String> = checks
        .iter()
        .filter(|c| c.state == shopdesk_core::inbound::LineState::Ready)
        .filter_map(|c| {
            listings
                .iter()
                .find(|l| l.listing.vendor_product_id == c.oasin)
                .and_then(|l| l.sku.clone())
        })
        .take(2)
        .collect();
    assert_eq!(ready.len(), 2, "the demo warehouse takes two products");
    let (a, b) = (&ready[0], &ready[1]);
    let arrival = (chrono::Utc::now() + chrono::Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    let tag = rand_suffix() % 1_000_000;
    let (ra, rb, rc) = (
        format!("PI-{tag}-A"),
        format!("PI-{tag}-B"),
        format!("PI-{tag}-C"),
    );
    let csv = format!(
        "\u{feff}Mã phiếu,Kho,Ngày dự kiến đến,Kiểm hàng cùng,Mã kiện,Cân nặng (g),SKU,Số lượng\n\
         {ra},{warehouse},{arrival},có,K1,2000,{a},5\n\
         {ra},,,,K1,,{b},3\n\
         {ra},,,,K2,1000,{a},2\n\
         {rb},{warehouse},{arrival},không,K1,,{b},4\n\
         {rc},{warehouse},{arrival},,K1,,KHONG-CO-SKU,1\n"
    );
    let file = dir.join("phieu-nhap.csv");
    std::fs::write(&file, csv).expect("file written");
    host.will_pick(vec![file.clone()]);
    let view = shopdesk_app::po_import::po_import_preview(&desk, account.clone())
        .await
        .expect("preview")
        .expect("a file was picked");
    let p = &view.preview;
    assert_eq!(view.file_name, "phieu-nhap.csv");
    assert_eq!((p.valid_count, p.invalid_count), (2, 1));
    assert_eq!((p.pos[0].packages, p.pos[0].units), (2, 10));
    let bad = &p.pos[2].errors;
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!((bad[0].row, bad[0].code.as_str()), (6, "sku.unknown"));

    let drafts: Vec<_> = p.pos.iter().filter_map(|po| po.draft.clone()).collect();
    let queued = shopdesk_app::po_import::po_import_send(&desk, drafts.clone())
        .await
        .expect("send");
    assert!(queued.iter().all(|q| q.row.is_some() && q.error.is_none()));
    let rows = po_rows_settled(&desk, &[&ra, &rb], Duration::from_secs(60)).await;
    assert!(rows.iter().all(|r| r.po_code.is_some()), "{rows:?}");

    // the warehouse holds each PO once; sending the same file again stores and sends nothing
    shopdesk_app::inbound::po_sync(&desk).await.expect("sync");
    let again = shopdesk_app::po_import::po_import_send(&desk, drafts)
        .await
        .expect("send again");
    for q in &again {
        let e = q.error.as_ref().expect("refused");
        let fields = &e.details.as_ref().expect("details").fields;
        assert_eq!(fields["reference"], vec!["reference.duplicate".to_string()]);
    }
    let list = shopdesk_app::inbound::po_list(&desk).await.expect("list");
    for r in [&ra, &rb] {
        assert_eq!(list.iter().filter(|x| &x.reference == r).count(), 1, "{r}");
    }
    // and a new preview of the file says so on each PO's first row
    host.will_pick(vec![file]);
    let view = shopdesk_app::po_import::po_import_preview(&desk, account)
        .await
        .expect("preview")
        .expect("picked");
    assert_eq!(view.preview.valid_count, 0);
    assert!(view.preview.pos[0]
        .errors
        .iter()
        .any(|e| e.row == 2 && e.code == "reference.duplicate"));
    let _ = std::fs::remove_dir_all(dir);
}

/// Poll `read` until it answers `Some`, at most `limit` (each answer comes from the app's own store).
async fn until<T, F: std::future::Future<Output = Option<T>>>(
    limit: Duration,
    mut read: impl FnMut() -> F,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = read().await {
            return v;
        }
        assert!(start.elapsed() < limit, "not reached within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_requested_for_a_handed_over_order_is_created_once_and_linked_both_ways() {
    use shopdesk_core::order::OrderStatus;
    use shopdesk_core::returns::{ReturnDraft, ReturnStage};
    use shopdesk_core::Vendor;
    let (desk, host, _dir) = synced_demo("returns").await;
    shopdesk_app::orders::orders_sync(&desk)
        .await
        .expect("orders sync");
    let page = shopdesk_app::orders::orders_list(
        &desk,
        order_cache::OrderFilter {
            statuses: vec![OrderStatus::Shipping],
            limit: 500,
            ..Default::default()
        },
    )
    .await
    .expect("orders");
    let order = page
        .rows
        .into_iter()
        .find(|r| r.vendor == Vendor::Onflow)
        .expect("a handed-over Onflow shipment in the demo");
    let reference = shopdesk_app::returns::return_new_reference();
    let row = shopdesk_app::returns::return_submit(
        &desk,
        ReturnDraft {
            account_id: order.account_id.clone(),
            vendor_order_id: order.vendor_order_id.clone(),
            reference: reference.clone(),
            items: vec![],
            reason: Some("change_mind".into()),
            courier_tracking_code: None,
            note: None,
        },
    )
    .await
    .expect("stored");
    assert!(row.send.is_some() && row.return_id.is_none());
    // the order lists its return once the warehouse holds it
    let linked = until(Duration::from_secs(30), || {
        let (desk, account, id, reference) = (
            desk.clone(),
            order.account_id.clone(),
            order.vendor_order_id.clone(),
            reference.clone(),
        );
        async move {
            let rows = shopdesk_app::returns::returns_for_order(&desk, account, id)
                .await
                .ok()?;
            rows.into_iter()
                .find(|r| r.reference.as_deref() == Some(reference.as_str()) && r.send.is_none())
        }
    })
    .await;
    assert!(host
        .events()
        .iter()
        .any(|e| matches!(e, Event::DataChanged(c) if c.kind == DataKind::Returns)));
    let return_id = linked.return_id.clone().expect("the warehouse's id");
    assert_eq!(linked.stage, ReturnStage::Requested);
    // once in the list, and the return shows its order
    let all = shopdesk_app::returns::return_list(&desk)
        .await
        .expect("list");
    assert_eq!(
        all.iter()
            .filter(|r| r.reference.as_deref() == Some(reference.as_str()))
            .count(),
        1
    );
    let detail =
        shopdesk_app::returns::return_detail(&desk, order.account_id.clone(), return_id.clone())
            .await
            .expect("detail");
    assert_eq!(
        detail.order.map(|o| o.vendor_order_id),
        Some(order.vendor_order_id.clone())
    );
    assert!(detail.row.cancellable);
    let cancelled = shopdesk_app::returns::return_cancel(&desk, order.account_id, return_id)
        .await
        .expect("cancelled");
    assert_eq!(cancelled.row.stage, ReturnStage::Cancelled);
    assert!(!cancelled.row.cancellable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_entered_in_the_demo_is_created_once_at_every_vendor_and_matched_at_once() {
    use shopdesk_app::product_create as pc;
    use shopdesk_app::product_create::TargetState;
    use shopdesk_core::product::{ProductAttribute, ProductDraft, ProductTarget, VendorFields};
    use shopdesk_core::Vendor;
    let (desk, host, dir) = synced_demo("products").await;
    let accounts = pc::product_accounts(&desk).await.expect("accounts");
    let pick = |v: Vendor| {
        accounts
            .iter()
            .find(|a| a.vendor == v)
            .unwrap_or_else(|| panic!("a demo {v:?} account"))
    };
    let onflow = pick(Vendor::Onflow);
    assert!(
        !onflow.warehouses.is_empty(),
        "Onflow's warehouses from the cache"
    );
    let attributes = vec![ProductAttribute {
        name: "Màu".into(),
        values: vec!["Đen".into(), "Trắng".into()],
    }];
    let targets: Vec<ProductTarget> = [Vendor::Onflow, Vendor::Pancake, Vendor::Nhanh]
        .into_iter()
        .map(|v| {
            let mut fields = VendorFields::blank(v);
            if let VendorFields::Onflow(f) = &mut fields {
                f.warehouse_codes = vec![onflow.warehouses[0].id.clone()];
            }
            ProductTarget {
                account_id: pick(v).account_id.clone(),
                fields,
            }
        })
        .collect();
    let mut draft = ProductDraft {
        reference: pc::product_new_reference(),
        name: "Áo khoác ShopDesk".into(),
        sku: "SDK-01".into(),
        price: 390_000,
        weight_grams: 600,
        length_cm: None,
        width_cm: None,
        height_cm: None,
        description: None,
        images: vec![],
        variants: pc::product_variants("SDK-01".into(), attributes.clone(), vec![]),
        attributes,
        targets,
    };
    let skus = draft.variant_skus();
    assert_eq!(skus, ["SDK-01-DEN", "SDK-01-TRANG"]);

    // a SKU the shop already sells is refused before anything is stored or sent
    let existing = desk
        .with_stock(|s| s.listings(None))
        .await
        .expect("listings")
        .into_iter()
        .find_map(|l| l.sku)
        .expect("the demo catalog has SKUs");
    let mut taken = draft.clone();
    taken.variants[1].sku = existing;
    let e = pc::product_submit(&desk, taken).await.expect_err("taken");
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.details.as_ref().is_some_and(|d| d
            .fields
            .get("variants.1.sku")
            .is_some_and(|c| c.contains(&"sku.taken".to_string()))),
        "{e:?}"
    );
    assert!(pc::product_list(&desk).await.expect("list").is_empty());

    let row = pc::product_submit(&desk, draft.clone())
        .await
        .expect("submit");
    assert_eq!(row.targets.len(), 3);
    let done = until(Duration::from_secs(30), || {
        let desk = desk.clone();
        async move {
            let rows = pc::product_list(&desk).await.ok()?;
            let r = rows.into_iter().next()?;
            r.targets
                .iter()
                .all(|t| t.state == TargetState::Created)
                .then_some(r)
        }
    })
    .await;
    assert!(
        done.targets.iter().all(|t| t.listings.len() == 2),
        "{done:?}"
    );
    assert!(host
        .events()
        .iter()
        .any(|e| matches!(e, Event::DataChanged(c) if c.kind == DataKind::Products)));

    // the new listings are in the stock cache at once, one group per variant across the three vendors
    let grouped = |desk: Desk| async move {
        let listings = desk
            .with_stock(|s| s.listings(None))
            .await
            .expect("listings");
        skus_groups(&listings, &["SDK-01-DEN", "SDK-01-TRANG"])
    };
    let before = until(Duration::from_secs(10), || {
        let desk = desk.clone();
        async move {
            let g = grouped(desk).await;
            g.iter().all(|(_, vendors)| vendors.len() == 3).then_some(g)
        }
    })
    .await;
    // a sync reads them back from the vendors under the same ids: still one group each
    shopdesk_app::sync::sync_workspace(&desk, stock_sync::Mode::Full, Trigger::Owner)
        .await
        .expect("sync runs");
    let after = grouped(desk.clone()).await;
    assert_eq!(after, before);

    // an edit of the price reaches the vendors whose API can edit; a sync reads it back from them
    let change = shopdesk_core::product::ProductChange {
        price: Some(420_000),
        ..Default::default()
    };
    let preview = pc::product_edit_preview(&desk, done.reference.clone(), change.clone())
        .await
        .expect("preview");
    assert_eq!(preview.diffs.len(), 1);
    pc::product_edit(&desk, done.reference.clone(), change)
        .await
        .expect("edit");
    let settled = |kind: pc::ChangeKind, vendors: &'static [Vendor]| {
        let desk = desk.clone();
        async move {
            until(Duration::from_secs(30), || {
                let desk = desk.clone();
                async move {
                    let r = pc::product_list(&desk).await.ok()?.into_iter().next()?;
                    r.targets
                        .iter()
                        .filter(|t| vendors.contains(&t.vendor))
                        .all(|t| {
                            t.changes
                                .iter()
                                .any(|c| c.kind == kind && c.state == pc::ChangeState::Done)
                        })
                        .then_some(r)
                }
            })
            .await
        }
    };
    let edited = settled(pc::ChangeKind::Edit, &[Vendor::Pancake, Vendor::Nhanh]).await;
    assert_eq!(edited.price, 420_000);
    shopdesk_app::sync::sync_workspace(&desk, stock_sync::Mode::Full, Trigger::Owner)
        .await
        .expect("sync runs");
    let prices: Vec<(String, Option<i64>)> = desk
        .with_stock(|s| s.listings(None))
        .await
        .expect("listings")
        .into_iter()
        .filter(|l| l.sku.as_deref().is_some_and(|s| s.starts_with("SDK-01-")))
        .filter(|l| l.vendor != Vendor::Onflow)
        .map(|l| (format!("{:?}", l.vendor), l.price_vnd))
        .collect();
    assert_eq!(prices.len(), 4, "{prices:?}");
    assert!(
        prices.iter().all(|(_, p)| *p == Some(420_000)),
        "{prices:?}"
    );

    // a barcode some listing of the shop already carries is refused before anything is stored
    let held = desk
        .with_stock(|s| s.listings(None))
        .await
        .expect("listings")
        .into_iter()
        .filter_map(|l| l.barcode)
        .find(|b| shopdesk_core::product::check_barcode(b).is_ok())
        .expect("the demo catalog has barcodes");
    let e = pc::product_edit(
        &desk,
        done.reference.clone(),
        shopdesk_core::product::ProductChange {
            barcodes: Some(vec![shopdesk_core::product::VariantBarcode {
                sku: "SDK-01-DEN".into(),
                barcode: Some(held),
            }]),
            ..Default::default()
        },
    )
    .await
    .expect_err("held elsewhere");
    assert!(
        e.details.as_ref().is_some_and(|d| d
            .fields
            .get("barcodes.0")
            .is_some_and(|c| c.contains(&"barcode.taken".to_string()))),
        "{e:?}"
    );

    // retired: stopped selling at every vendor, and no edit any more
    let row = pc::product_retire(&desk, done.reference.clone())
        .await
        .expect("retire");
    assert!(row.retired);
    settled(pc::ChangeKind::Retire, &Vendor::ALL).await;
    let e = pc::product_edit_preview(
        &desk,
        done.reference.clone(),
        shopdesk_core::product::ProductChange {
            price: Some(1),
            ..Default::default()
        },
    )
    .await
    .expect_err("retired");
    assert_eq!(e.code, ErrorCode::Validation);

    // the same product again is refused (its reference and its SKUs are taken)
    draft.reference = pc::product_new_reference();
    let e = pc::product_submit(&desk, draft)
        .await
        .expect_err("sent once");
    assert_eq!(e.code, ErrorCode::Validation);
    let _ = std::fs::remove_dir_all(dir);
}

/// Per SKU: its group and the vendors holding it.
fn skus_groups(listings: &[store::Listing], skus: &[&str]) -> Vec<(String, Vec<String>)> {
    skus.iter()
        .map(|sku| {
            let of: Vec<&store::Listing> = listings
                .iter()
                .filter(|l| l.sku.as_deref() == Some(*sku))
                .collect();
            let groups: std::collections::BTreeSet<&str> =
                of.iter().map(|l| l.group_key.as_str()).collect();
            assert!(groups.len() <= 1, "{sku}: one group, not {groups:?}");
            let mut vendors: Vec<String> = of.iter().map(|l| format!("{:?}", l.vendor)).collect();
            vendors.sort();
            (
                groups.into_iter().next().unwrap_or_default().to_string(),
                vendors,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_from_a_spreadsheet_are_checked_row_by_row_created_once_and_refused_when_sent_again(
) {
    use shopdesk_app::product_create as pc;
    use shopdesk_app::product_import as pi;
    use shopdesk_core::product::{ProductTarget, VendorFields};
    use shopdesk_core::Vendor;
    let (desk, host, dir) = synced_demo("product-import").await;
    let accounts = pc::product_accounts(&desk).await.expect("accounts");
    let targets: Vec<ProductTarget> = accounts
        .iter()
        .filter(|a| a.vendor != Vendor::Onflow)
        .map(|a| ProductTarget {
            account_id: a.account_id.clone(),
            fields: VendorFields::blank(a.vendor),
        })
        .collect();
    assert_eq!(targets.len(), 2, "the demo's Pancake and Nhanh accounts");
    let existing = desk
        .with_stock(|s| s.listings(None))
        .await
        .expect("listings")
        .into_iter()
        .find_map(|l| l.sku)
        .expect("the demo catalog has SKUs");
    let tag = rand_suffix() % 1_000_000;
    let (a, b, c) = (
        format!("XL{tag}A"),
        format!("XL{tag}B"),
        format!("XL{tag}C"),
    );
    // A: two colours; B: one variant whose SKU a shop already sells; C: a price that is not a number
    let csv = format!(
        "\u{feff}Mã sản phẩm,Tên sản phẩm,Giá bán,Khối lượng (g),Thuộc tính 1,Giá trị 1,SKU biến thể\n\
         {a},Áo Excel,199000,300,Màu,Đen,\n\
         {a},,,,Màu,Trắng,\n\
         {b},Quần Excel,250000,400,,,{existing}\n\
         {c},Mũ Excel,mười nghìn,100,,,\n"
    );
    let file = dir.join("san-pham.csv");
    std::fs::write(&file, csv).expect("file written");
    host.will_pick(vec![file.clone()]);
    let view = pi::product_import_preview(&desk, targets.clone())
        .await
        .expect("preview")
        .expect("a file was picked");
    let p = &view.preview;
    assert_eq!((p.valid_count, p.invalid_count), (1, 2), "{p:?}");
    let draft = p.products[0].draft.clone().expect("A is valid");
    assert_eq!(
        draft.variant_skus(),
        [format!("{a}-DEN"), format!("{a}-TRANG")]
    );
    assert_eq!(draft.targets, targets);
    assert!(p.products[1]
        .errors
        .iter()
        .any(|e| e.row == 4 && e.code == "sku.taken"));
    assert!(p.products[2]
        .errors
        .iter()
        .any(|e| e.row == 5 && e.column.as_deref() == Some("Giá bán")));

    let queued = pi::product_import_send(&desk, vec![draft.clone()])
        .await
        .expect("send");
    assert!(
        queued[0].row.is_some() && queued[0].error.is_none(),
        "{queued:?}"
    );
    let reference = queued[0].row.as_ref().map(|r| r.reference.clone());
    until(Duration::from_secs(30), || {
        let desk = desk.clone();
        let reference = reference.clone();
        async move {
            let rows = pc::product_list(&desk).await.ok()?;
            let r = rows
                .into_iter()
                .find(|r| Some(&r.reference) == reference.as_ref())?;
            r.targets
                .iter()
                .all(|t| t.state == pc::TargetState::Created)
                .then_some(())
        }
    })
    .await;
    // the same preview sent again stores nothing: its reference is taken
    let again = pi::product_import_send(&desk, vec![draft])
        .await
        .expect("send again");
    let e = again[0].error.as_ref().expect("refused");
    assert!(e
        .details
        .as_ref()
        .is_some_and(|d| d.fields.contains_key("reference")));
    assert_eq!(pc::product_list(&desk).await.expect("list").len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

/// The home page's figures in the demo, each compared with the list it opens (same filter, same store).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_figures_match_the_lists_they_open() {
    use order_cache::{OrderFilter, OrderStatus};
    use shopdesk_core::inbound::PoStage;
    use shopdesk_core::returns::ReturnStage;
    let (desk, _host, dir) = synced_demo("home").await;
    // the warehouse's POs and every vendor's returns in the local stores, as the pages read them
    shopdesk_app::inbound::po_sync(&desk)
        .await
        .expect("po sync");
    let _ = shopdesk_app::returns::returns_sync(&desk).await;
    let ws = shopdesk_app::accounts::workspace(&desk).await.expect("ws");
    let home = shopdesk_app::home::home_summary(&desk).await.expect("home");
    let parse = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("rfc 3339")
            .with_timezone(&chrono::Utc)
    };
    let (today, week, until) = (
        parse(&home.today_from),
        parse(&home.week_from),
        parse(&home.until),
    );
    assert_eq!(until - today, chrono::Duration::days(1));
    let listed = |accounts: Vec<String>, statuses: Vec<OrderStatus>, from, to| {
        let desk = desk.clone();
        async move {
            shopdesk_app::orders::orders_list(
                &desk,
                OrderFilter {
                    account_ids: accounts,
                    statuses,
                    from,
                    to,
                    ..Default::default()
                },
            )
            .await
            .expect("list")
        }
    };
    // today's and this week's orders: the list with the same dates, for the shop and each account
    let t = listed(vec![], vec![], Some(today), Some(until)).await;
    assert_eq!(home.today.orders, t.total);
    let w = listed(vec![], vec![], Some(week), Some(until)).await;
    assert_eq!(home.week.orders, w.total);
    assert_eq!(home.accounts.len(), ws.accounts.len());
    for a in &home.accounts {
        let t = listed(vec![a.account_id.clone()], vec![], Some(today), Some(until)).await;
        assert_eq!(a.today.orders, t.total, "{}", a.account_id);
        let w = listed(vec![a.account_id.clone()], vec![], Some(week), Some(until)).await;
        assert_eq!(a.week.orders, w.total, "{}", a.account_id);
        let revenue: i64 = w
            .rows
            .iter()
            .filter(|r| r.status != OrderStatus::Cancelled)
            .map(|r| r.total.dong())
            .sum();
        assert!(w.rows.len() as u32 == w.total, "one page holds the week");
        assert_eq!(a.week.revenue.dong(), revenue, "{}", a.account_id);
        assert!(
            a.sync.last_finished_at.is_some(),
            "freshness of {}",
            a.account_id
        );
    }
    // the chart's days add up to the list over the same 14 days, and the demo has orders in them
    let first = parse(&home.series[0].from);
    let span = listed(vec![], vec![], Some(first), Some(until)).await;
    assert_eq!(
        home.series.iter().map(|d| d.orders).sum::<u32>(),
        span.total
    );
    assert!(span.total > 0, "the demo has orders in the last 14 days");
    // orders waiting, per stage: the list's status tabs
    for (figure, status) in [
        (home.waiting.confirm, OrderStatus::New),
        (home.waiting.pack, OrderStatus::Confirmed),
        (home.waiting.ship, OrderStatus::Packing),
    ] {
        assert_eq!(
            figure,
            listed(vec![], vec![status], None, None).await.total,
            "{status:?}"
        );
    }
    assert!(home.waiting.confirm + home.waiting.pack + home.waiting.ship > 0);
    // low stock: the "Sắp hết" view the figure opens
    let low = shopdesk_app::low_stock::low_stock_view(&desk)
        .await
        .expect("low stock");
    assert_eq!(home.low_stock, low.rows.len() as u64);
    // POs and returns: the pages' groups
    let pos = shopdesk_app::inbound::po_list(&desk).await.expect("pos");
    let po_group = |s: PoStage| {
        pos.iter()
            .filter(|r| r.send.is_none() && r.stage == s)
            .count() as u32
    };
    assert_eq!(home.arriving.transit, po_group(PoStage::Transit));
    assert_eq!(home.arriving.receiving, po_group(PoStage::Receiving));
    let back = shopdesk_app::returns::return_list(&desk)
        .await
        .expect("returns");
    let r_group = |s: ReturnStage| {
        back.iter()
            .filter(|r| r.send.is_none() && r.stage == s)
            .count() as u32
    };
    assert_eq!(home.returns.requested, r_group(ReturnStage::Requested));
    assert_eq!(home.returns.in_transit, r_group(ReturnStage::InTransit));
    // nothing sent from ShopDesk yet: nothing to act on
    assert_eq!(home.outbox_attention, 0);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_typed_in_the_order_form_offers_the_known_customer_with_their_address() {
    let dir = temp_dir("customers");
    let host = Arc::new(MemoryHost::saving_to(&dir));
    let desk = Desk::open(
        &dir,
        accounts_in(&dir),
        host.clone(),
        tokio::runtime::Handle::current(),
    )
    .expect("stores open");
    shopdesk_app::accounts::demo_start(&desk)
        .await
        .expect("demo starts");
    shopdesk_app::orders::orders_sync(&desk)
        .await
        .expect("orders sync");
    let ws = shopdesk_app::accounts::workspace(&desk).await.expect("ws");
    for vendor in [shopdesk_core::Vendor::Pancake, shopdesk_core::Vendor::Nhanh] {
        let account = ws
            .accounts
            .iter()
            .find(|a| a.vendor == vendor)
            .expect("a demo account of the vendor");
        let page = shopdesk_app::orders::orders_list(
            &desk,
            order_cache::OrderFilter {
                account_ids: vec![account.id.clone()],
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .expect("orders");
        let row = page
            .rows
            .iter()
            .find(|r| shopdesk_core::order::normalize_phone(&r.phone).is_some())
            .expect("an order with a mobile number");
        let phone = shopdesk_core::order::normalize_phone(&row.phone).unwrap_or_default();
        // typed the way a user might: with the country code and spaces
        let typed = format!("+84 {} {}", &phone[1..4], &phone[4..]);
        let found = shopdesk_app::customers::customer_lookup(&desk, typed)
            .await
            .expect("lookup");
        assert_eq!(found.phone.as_deref(), Some(phone.as_str()));
        assert!(found.unavailable.is_empty(), "{:?}", found.unavailable);
        let offer = found
            .offers
            .iter()
            .find(|o| o.vendor == vendor && o.account_id == account.id)
            .unwrap_or_else(|| panic!("{vendor:?} offers the customer: {found:?}"));
        assert_eq!(offer.customer.phone, phone);
        assert!(!offer.customer.name.is_empty());
        let address = offer
            .address
            .as_ref()
            .unwrap_or_else(|| panic!("the vendor's address reads as a ward: {offer:?}"));
        assert!(address.new.is_some() || !address.new_choices.is_empty());
        assert_eq!(address.street, offer.customer.street);
    }
    // not a mobile number: no vendor is asked, nothing is offered
    let none = shopdesk_app::customers::customer_lookup(&desk, "0912".into())
        .await
        .expect("lookup");
    assert!(none.phone.is_none() && none.offers.is_empty());
}
