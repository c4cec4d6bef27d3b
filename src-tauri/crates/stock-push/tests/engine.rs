//! The engine against a deterministic vendor double: exactly-once under faults, crash recovery, cancel,
//! undo, two installations.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock_writer::{StockWriter, WriteKind};
use stock_push::{
    codes, ApplyProgress, Journal, PushError, PushRunStatus, Pusher, RowState, RunKind, RunReport,
};

fn no_progress(_: ApplyProgress) {}

async fn apply(p: &Pusher, run: stock_push::RunId, w: &FakeVendor) -> RunReport {
    p.apply(run, w, &no_progress, &AtomicBool::new(false))
        .await
        .expect("apply")
}

fn row_states(p: &Pusher, run: stock_push::RunId) -> Vec<RowState> {
    p.journal()
        .rows(run)
        .expect("rows")
        .iter()
        .map(|r| r.state)
        .collect()
}

/// A run setting each of `figures` (cell, vendor figure now) to `targets`.
fn setup(w: &FakeVendor, p: &Pusher, figures: &[(u32, i64)], targets: &[i64]) -> stock_push::RunId {
    let rows: Vec<_> = figures
        .iter()
        .zip(targets)
        .map(|((i, now), t)| {
            w.set(&cell(*i), *now);
            (cell(*i), Some(*now), *t)
        })
        .collect();
    let plan = plan_for(w.vendor(), &rows);
    p.create_run(&plan, &all(&plan), false).expect("run")
}

#[tokio::test]
async fn delta_push_in_batches_with_progress() {
    let w = FakeVendor::new(WriteKind::Delta, 2);
    let p = pusher("desk-a");
    let run = setup(
        &w,
        &p,
        &[(1, 5), (2, 10), (3, 0), (4, 7), (5, 1)],
        &[8, 3, 4, 7, 2],
    );
    let seen = Mutex::new(Vec::new());
    let progress = |a: ApplyProgress| seen.lock().expect("lock").push(a);
    let report = p
        .apply(run, &*w, &progress, &AtomicBool::new(false))
        .await
        .expect("apply");
    assert_eq!(report.status, PushRunStatus::Done);
    // the (1,7)→7 row was in sync in the plan: not listed, not sent
    assert_eq!(report.counts.done, 4);
    for (i, t) in [(1, 8), (2, 3), (3, 4), (4, 7), (5, 2)] {
        assert_eq!(w.get(&cell(i)), Some(t));
    }
    assert_eq!(w.write_count(), 2);
    assert_eq!(w.max_applied(), 1);
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].rows_settled, 4);
    let detail = p.run_detail(run).expect("detail");
    assert!(detail.rows.iter().all(|r| r.vendor_before.is_some()));
    assert_eq!(detail.batches.len(), 2);
    assert_eq!(
        detail.batches[0].marker,
        format!("ShopDesk#desk-a:{}:1", run.0)
    );
    assert!(detail.summary.finished_at.is_some());
    assert_eq!(detail.summary.in_sync, 1);
}

#[tokio::test]
async fn delta_commit_then_timeout_is_found_not_resent() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 10)], &[8, 3]);
    w.script(Fault::CommitThenTimeout);
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.get(&cell(1)), Some(8));
    assert_eq!(w.get(&cell(2)), Some(3));
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.max_applied(), 1);
    let b = &p.journal().batches(run).expect("batches")[0];
    assert_eq!(b.vendor_refs, vec!["bill-1".to_string()]);
}

#[tokio::test]
async fn delta_5xx_before_commit_is_resent_with_the_same_marker_from_a_fresh_read() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    // a sale happens while the first attempt fails: the resend must start from the new figure
    w.script_with_change(&cell(1), -2, Fault::ServerErrorBeforeCommit);
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.get(&cell(1)), Some(8));
    let st = w.state();
    assert_eq!(st.writes.len(), 2);
    assert_eq!(st.writes[0].marker, st.writes[1].marker);
    assert_eq!(st.writes[0].changes[0].from, 5);
    assert_eq!(st.writes[1].changes[0].from, 3);
    assert_eq!(st.bills.len(), 1);
    drop(st);
    let row = &p.journal().rows(run).expect("rows")[0];
    assert_eq!(row.vendor_before, Some(3));
    assert_eq!(p.journal().batches(run).expect("b")[0].attempts, 2);
}

#[tokio::test]
async fn delta_attempts_are_bounded() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    for _ in 0..5 {
        w.script(Fault::ServerErrorBeforeCommit);
    }
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Partial);
    assert_eq!(row_states(&p, run), vec![RowState::NeedsAttention]);
    assert_eq!(w.write_count(), 3);
    assert_eq!(w.get(&cell(1)), Some(5));
    let row = &p.journal().rows(run).expect("rows")[0];
    assert_eq!(row.error_code.as_deref(), Some(codes::ATTEMPTS_EXHAUSTED));
}

#[tokio::test]
async fn inconclusive_lookup_needs_attention_and_is_never_resent() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    w.script(Fault::ServerErrorBeforeCommit);
    w.lookup_answers(Lookup::Inconclusive("page budget".into()));
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Partial);
    assert_eq!(report.counts.needs_attention, 1);
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.get(&cell(1)), Some(5));
    let row = &p.journal().rows(run).expect("rows")[0];
    assert_eq!(row.error_code.as_deref(), Some(codes::LOOKUP_INCONCLUSIVE));
    // a recovery leaves it alone too
    let rec = p.recover(ACCOUNT, &*w).await.expect("recover");
    assert_eq!(rec.batches, 0);
    assert_eq!(w.write_count(), 1);
}

#[tokio::test]
async fn a_refusal_fails_the_batch_and_changes_nothing() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 1)], &[8, 2]);
    w.script(Fault::Refuse);
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Failed);
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.state().finds, 0);
    assert_eq!(w.get(&cell(1)), Some(5));
    let rows = p.journal().rows(run).expect("rows");
    assert!(rows
        .iter()
        .all(|r| r.error_code.as_deref() == Some(codes::VENDOR_VALIDATION)));
}

#[tokio::test]
async fn rate_limited_write_is_retried_after_the_pause() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    w.script(Fault::RateLimited);
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.write_count(), 2);
    assert_eq!(w.get(&cell(1)), Some(8));
    assert_eq!(w.state().finds, 0);
    assert_eq!(p.journal().batches(run).expect("b")[0].attempts, 1);
}

#[tokio::test]
async fn already_at_target_and_missing_cells_send_nothing() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 1)], &[8, 2]);
    // since the preview: someone set cell 1 to its target, cell 2's listing is gone
    w.set(&cell(1), 8);
    w.remove(&cell(2));
    let report = apply(&p, run, &w).await;
    assert_eq!(w.write_count(), 0);
    assert_eq!(report.status, PushRunStatus::Partial);
    assert_eq!(
        row_states(&p, run),
        vec![RowState::Already, RowState::Failed]
    );
    let rows = p.journal().rows(run).expect("rows");
    assert_eq!(rows[1].error_code.as_deref(), Some(codes::CELL_MISSING));
    assert_eq!(rows[0].vendor_before, Some(8));
}

#[tokio::test]
async fn delta_with_a_concurrent_sale_keeps_the_sale() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    // a second writer sells one between our read and our write: the delta (+3) lands once, the sale
    // stays counted
    w.script_with_change(&cell(1), -1, Fault::None);
    apply(&p, run, &w).await;
    assert_eq!(w.get(&cell(1)), Some(7));
    assert_eq!(w.max_applied(), 1);
}

#[tokio::test]
async fn absolute_with_a_concurrent_change_lands_the_target() {
    let w = FakeVendor::new(WriteKind::Absolute, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    w.script_with_change(&cell(1), -1, Fault::None);
    apply(&p, run, &w).await;
    assert_eq!(w.get(&cell(1)), Some(8));
}

#[tokio::test]
async fn absolute_resend_after_timeout_lands_exactly_the_target() {
    let w = FakeVendor::new(WriteKind::Absolute, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 9)], &[8, 2]);
    w.script_with_change(&cell(1), -3, Fault::TimeoutBeforeCommit);
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.write_count(), 2);
    assert_eq!(w.get(&cell(1)), Some(8));
    assert_eq!(w.get(&cell(2)), Some(2));
    // undo restores the figure read before the first send
    let rows = p.journal().rows(run).expect("rows");
    assert_eq!(rows[0].vendor_before, Some(5));
}

#[tokio::test]
async fn absolute_commit_then_timeout_is_settled_by_the_re_read() {
    let w = FakeVendor::new(WriteKind::Absolute, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    w.script(Fault::CommitThenTimeout);
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(report.counts.done, 1);
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.get(&cell(1)), Some(8));
}

/// Apply until the vendor hangs, then "crash": the future and the pusher are dropped.
async fn crash_during_send(
    path: &std::path::Path,
    w: &FakeVendor,
    fault: Fault,
) -> stock_push::RunId {
    let p = Pusher::new(Journal::open(path).expect("journal"), "desk-a").with_config(fast_config());
    let run = setup(w, &p, &[(1, 5), (2, 10)], &[8, 3]);
    w.script(fault);
    let cancel = AtomicBool::new(false);
    let r = tokio::time::timeout(
        std::time::Duration::from_millis(200),
        p.apply(run, w, &no_progress, &cancel),
    )
    .await;
    assert!(r.is_err(), "the apply should hang in the send");
    assert_eq!(
        row_states(&p, run),
        vec![RowState::Sending, RowState::Sending],
        "the journal row is committed before the send"
    );
    drop(p);
    run
}

#[tokio::test]
async fn delta_crash_after_commit_is_recovered_without_a_second_bill() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("push.sqlite");
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let run = crash_during_send(&path, &w, Fault::CommitThenHang).await;
    assert_eq!(w.get(&cell(1)), Some(8));

    let p = Pusher::new(Journal::open(&path).expect("reopen"), "desk-a").with_config(fast_config());
    let rec = p.recover(ACCOUNT, &*w).await.expect("recover");
    assert_eq!(rec.batches, 1);
    assert_eq!(rec.runs.len(), 1);
    assert_eq!(rec.runs[0].status, PushRunStatus::Done);
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.max_applied(), 1);
    assert_eq!(w.get(&cell(1)), Some(8));
    assert_eq!(w.get(&cell(2)), Some(3));
    let s = p.journal().run(run).expect("run");
    assert_eq!(s.status, PushRunStatus::Done);
    assert!(s.finished_at.is_some());
    // a second recovery has nothing to do
    let again = p.recover(ACCOUNT, &*w).await.expect("recover");
    assert_eq!(again.batches, 0);
    assert_eq!(w.write_count(), 1);
}

#[tokio::test]
async fn delta_crash_before_commit_is_resent_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("push.sqlite");
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let run = crash_during_send(&path, &w, Fault::HangBeforeCommit).await;
    assert_eq!(w.get(&cell(1)), Some(5));

    let p = Pusher::new(Journal::open(&path).expect("reopen"), "desk-a").with_config(fast_config());
    let rec = p.recover(ACCOUNT, &*w).await.expect("recover");
    assert_eq!(rec.runs[0].status, PushRunStatus::Done);
    assert_eq!(w.write_count(), 2);
    assert_eq!(w.max_applied(), 1);
    assert_eq!(w.get(&cell(1)), Some(8));
    assert_eq!(w.get(&cell(2)), Some(3));
    assert_eq!(
        p.journal().run(run).expect("run").status,
        PushRunStatus::Done
    );
}

#[tokio::test]
async fn a_crashed_run_is_also_settled_by_apply() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("push.sqlite");
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let run = crash_during_send(&path, &w, Fault::CommitThenHang).await;
    let p = Pusher::new(Journal::open(&path).expect("reopen"), "desk-a").with_config(fast_config());
    let report = apply(&p, run, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.max_applied(), 1);
    assert_eq!(w.get(&cell(1)), Some(8));
}

#[tokio::test]
async fn cancel_stops_after_the_batch_in_flight() {
    let w = FakeVendor::new(WriteKind::Delta, 1);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 5), (3, 5)], &[6, 7, 8]);
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    // the user presses cancel while the first batch is at the vendor
    w.script(Fault::Hook(Arc::new(move || {
        flag.store(true, Ordering::SeqCst)
    })));
    let report = p
        .apply(run, &*w, &no_progress, &cancel)
        .await
        .expect("apply");
    assert!(report.cancelled);
    assert_eq!(report.status, PushRunStatus::Cancelled);
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.get(&cell(1)), Some(6));
    assert_eq!(w.get(&cell(2)), Some(5));
    assert_eq!(
        row_states(&p, run),
        vec![RowState::Done, RowState::Skipped, RowState::Skipped]
    );
    let rows = p.journal().rows(run).expect("rows");
    assert_eq!(rows[1].error_code.as_deref(), Some(codes::RUN_CANCELLED));
}

async fn undo_restores(kind: WriteKind) {
    let w = FakeVendor::new(kind, 2);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 10), (3, 4)], &[8, 3, 0]);
    // cell 3 is already at 0 when applied: nothing to undo there
    w.set(&cell(3), 0);
    apply(&p, run, &w).await;
    assert_eq!(w.get(&cell(1)), Some(8));
    let undo = p.undo(run).expect("undo");
    let s = p.journal().run(undo).expect("run");
    assert_eq!(s.kind, RunKind::Undo);
    assert_eq!(s.undo_of, Some(run));
    assert_eq!(p.journal().rows(undo).expect("rows").len(), 2);
    let report = apply(&p, undo, &w).await;
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.get(&cell(1)), Some(5));
    assert_eq!(w.get(&cell(2)), Some(10));
    assert_eq!(w.get(&cell(3)), Some(0));
    assert_eq!(w.max_applied(), 1);
    // one live undo per run
    assert!(matches!(p.undo(run), Err(PushError::NotUndoable(_))));
    let history = p.history(ACCOUNT).expect("history");
    assert_eq!(
        history.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![undo, run]
    );
}

#[tokio::test]
async fn undo_restores_previous_figures_delta() {
    undo_restores(WriteKind::Delta).await;
}

#[tokio::test]
async fn undo_restores_previous_figures_absolute() {
    undo_restores(WriteKind::Absolute).await;
}

#[tokio::test]
async fn two_installations_one_account() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let a = pusher("desk-a");
    let b = pusher("desk-b");
    // both desktops preview from the same cache (5 → 8)
    w.set(&cell(1), 5);
    let plan = plan_for(w.vendor(), &[(cell(1), Some(5), 8)]);
    let run_a = a.create_run(&plan, &all(&plan), false).expect("a");
    let run_b = b.create_run(&plan, &all(&plan), false).expect("b");
    apply(&a, run_a, &w).await;
    assert_eq!(w.get(&cell(1)), Some(8));
    let report = apply(&b, run_b, &w).await;
    assert_eq!(report.counts.already, 1);
    assert_eq!(report.status, PushRunStatus::Done);
    assert_eq!(w.write_count(), 1);
    assert_eq!(w.get(&cell(1)), Some(8));

    let window = chrono::Duration::minutes(10);
    let seen = b
        .other_installation_recent(&*w, window)
        .await
        .expect("check")
        .expect("desk-a seen");
    assert_eq!(seen.installation, "desk-a");
    assert_eq!(seen.marker, format!("ShopDesk#desk-a:{}:1", run_a.0));
    assert_eq!(
        a.other_installation_recent(&*w, window)
            .await
            .expect("check"),
        None
    );
}

#[tokio::test]
async fn the_wrong_writer_and_a_busy_run_are_refused() {
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let other = FakeVendor::new(WriteKind::Absolute, 10);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5)], &[8]);
    let r = p
        .apply(run, &*other, &no_progress, &AtomicBool::new(false))
        .await;
    assert!(matches!(r, Err(PushError::WrongWriter { .. })));
    assert_eq!(other.write_count(), 0);
    assert!(matches!(p.undo(run), Err(PushError::NotUndoable(_))));
}

#[test]
fn the_apply_future_is_send() {
    fn is_send<T: Send>(_: &T) {}
    let p = pusher("desk-a");
    let w = FakeVendor::new(WriteKind::Delta, 1);
    let cancel = AtomicBool::new(false);
    let fut = p.apply(stock_push::RunId(1), &*w, &no_progress, &cancel);
    is_send(&fut);
    let rec = p.recover(ACCOUNT, &*w);
    is_send(&rec);
}

#[tokio::test]
async fn a_finished_run_applied_again_sends_nothing() {
    let w = FakeVendor::new(WriteKind::Delta, 1);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 5)], &[6, 7]);
    let cancel = AtomicBool::new(true);
    let report = p
        .apply(run, &*w, &no_progress, &cancel)
        .await
        .expect("apply");
    assert_eq!(report.status, PushRunStatus::Cancelled);
    let again = apply(&p, run, &w).await;
    assert_eq!(again.status, PushRunStatus::Cancelled);
    assert_eq!(w.write_count(), 0);
}

#[tokio::test]
async fn run_ids_do_not_restart_with_a_new_journal() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("push.sqlite");
    let w = FakeVendor::new(WriteKind::Delta, 1);
    let first = {
        let p = Pusher::new(Journal::open(&path).expect("journal"), "desk-a");
        setup(&w, &p, &[(1, 5)], &[6])
    };
    assert!(first.0 > 1_700_000_000, "{first:?}");
    std::fs::remove_file(&path).expect("rm");
    let p = Pusher::new(Journal::open(&path).expect("journal"), "desk-a");
    let second = setup(&w, &p, &[(1, 5)], &[6]);
    assert!(second.0 >= first.0, "{first:?} {second:?}");
}

#[tokio::test]
async fn a_failed_lookup_leaves_the_batch_uncertain_until_recovery() {
    let w = FakeVendor::new(WriteKind::Delta, 1);
    let p = pusher("desk-a");
    let run = setup(&w, &p, &[(1, 5), (2, 5)], &[6, 7]);
    w.script(Fault::CommitThenTimeout);
    w.lookup_fails();
    let report = apply(&p, run, &w).await;
    // the second batch went on; the first stays unsettled (never resent blindly)
    assert_eq!(report.status, PushRunStatus::Partial);
    assert_eq!(row_states(&p, run), vec![RowState::Sending, RowState::Done]);
    assert_eq!(w.write_count(), 2);
    let s = p.journal().run(run).expect("run");
    assert!(s.finished_at.is_none());
    let b = &p.journal().batches(run).expect("batches")[0];
    assert_eq!(b.error_code.as_deref(), Some(codes::LOOKUP_FAILED));

    let rec = p.recover(ACCOUNT, &*w).await.expect("recover");
    assert_eq!(rec.batches, 1);
    assert_eq!(rec.runs[0].status, PushRunStatus::Done);
    assert_eq!(w.write_count(), 2);
    assert_eq!(w.max_applied(), 1);
    assert_eq!(w.get(&cell(1)), Some(6));
    assert!(p.journal().run(run).expect("run").finished_at.is_some());
}

/// Automatic mode: a small change is stored as an automatic run and lands; a plan with nothing to change
/// stores nothing; a move past the breaker holds for the user and sends nothing; another installation's
/// recent delta push makes this one stand down and send nothing.
#[tokio::test]
async fn automatic_mode_starts_holds_and_stands_down() {
    let breaker = stock_push::BreakerSettings {
        max_share_percent: 100,
        max_move: 10,
    };
    let w = FakeVendor::new(WriteKind::Delta, 10);
    let a = pusher("desk-a");

    let in_sync = plan_for(w.vendor(), &[(cell(1), Some(5), 5)]);
    assert_eq!(
        a.auto_prepare(&in_sync, 1, breaker, &*w)
            .await
            .expect("auto"),
        stock_push::AutoOutcome::NothingToDo
    );
    assert!(a.history(ACCOUNT).expect("history").is_empty());

    w.set(&cell(1), 5);
    let small = plan_for(w.vendor(), &[(cell(1), Some(5), 8)]);
    let run = match a.auto_prepare(&small, 1, breaker, &*w).await.expect("auto") {
        stock_push::AutoOutcome::Started { run } => run,
        other => panic!("not started: {other:?}"),
    };
    assert!(a.run_detail(run).expect("run").summary.automatic);
    apply(&a, run, &w).await;
    assert_eq!(w.get(&cell(1)), Some(8));

    w.set(&cell(2), 0);
    let large = plan_for(w.vendor(), &[(cell(2), Some(0), 40)]);
    match a.auto_prepare(&large, 1, breaker, &*w).await.expect("auto") {
        stock_push::AutoOutcome::Held {
            trip: stock_push::Trip::TooLargeMove { target, .. },
        } => assert_eq!(target, 40),
        other => panic!("not held: {other:?}"),
    }
    assert_eq!(
        a.history(ACCOUNT).expect("history").len(),
        1,
        "no run stored"
    );
    assert_eq!(w.get(&cell(2)), Some(0));

    let b = pusher("desk-b");
    let writes = w.write_count();
    match b.auto_prepare(&small, 1, breaker, &*w).await.expect("auto") {
        stock_push::AutoOutcome::StoodDown { other } => assert_eq!(other.installation, "desk-a"),
        other => panic!("did not stand down: {other:?}"),
    }
    assert!(b.history(ACCOUNT).expect("history").is_empty());
    assert_eq!(w.write_count(), writes);
}
