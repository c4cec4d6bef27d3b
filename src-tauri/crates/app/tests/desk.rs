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
