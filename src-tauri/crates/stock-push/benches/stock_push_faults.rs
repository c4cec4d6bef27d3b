//! `cargo bench -p stock-push --bench stock_push_faults`: 1,000 cell pushes (800 Nhanh cells in 4 runs
//! of 200 = 2 batches each, 200 Pancake cells in 2 runs of 100) through the engine against the
//! simulators with faults on: 5xx before the handler (`error_rate`), commit-then-drop of Nhanh's bills
//! (`drop_after_commit_rate`), latency, a rate-limit window on each vendor mid-run, and three crashes (the
//! apply future dropped a few ms after a batch's send started; a NEW `Pusher` opened on the same journal
//! file runs `recover` then `apply`). A second installation (its own journal) pushes the same Nhanh cells
//! to the same targets right after each of the first one's runs, from its stale cache (the figures
//! before any push), while the first one goes on with its next run.
//!
//! Then faults off, both journals recovered until nothing is open, and every cell re-read:
//! `bench stock-push-faults pushes=<n> final_wrong=<n> double_applied=<n>` where `final_wrong` counts
//! cells not at their target (rows a journal marks needs-attention excluded and reported apart), and
//! `double_applied` cells that moved by more than |target − original|: for Nhanh from the signed sum of
//! every bill carrying a ShopDesk marker per product and depot (`bill/list`) and from the re-read figure;
//! for Pancake from the figure. Then `bench stock-push-faults detail …`. Exit 1 unless both are 0.

#[path = "common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{
    all, nhanh_key, nhanh_raw, plan_of, products_for, read_all, sellable_cells, Counting,
};
use sandbox::{FaultConfig, Options};
use shopdesk_core::ports::stock_writer::{marker_installation, StockCell};
use shopdesk_core::Vendor;
use stock_push::{ApplyProgress, Journal, PushConfig, Pusher, RowState, RunId};
use testkit::Sims;

const NHANH_ACCOUNT: &str = "nhanh-shop";
const PANCAKE_ACCOUNT: &str = "pancake-shop";
const SEED: u64 = 11;
const NHANH_CELLS: usize = 800;
const NHANH_RUN: usize = 200;
const PANCAKE_CELLS: usize = 200;
const PANCAKE_RUN: usize = 100;

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("stock-push-faults bench: {msg}");
    std::process::exit(1);
}

fn chaos() -> FaultConfig {
    FaultConfig {
        latency_ms: 3,
        latency_jitter_ms: 20,
        error_rate: 0.08,
        drop_after_commit_rate: 0.12,
        ..FaultConfig::default()
    }
}

/// The engine's defaults, but a short settle delay (the simulators commit before they answer).
fn config() -> PushConfig {
    PushConfig {
        settle_delay: Duration::from_millis(30),
        ..PushConfig::default()
    }
}

fn open(path: &Path, installation: &str) -> Pusher {
    let journal =
        Journal::open(path).unwrap_or_else(|e| fail(format!("journal {}: {e}", path.display())));
    Pusher::new(journal, installation).with_config(config())
}

fn quiet(_: ApplyProgress) {}

async fn apply(p: &Pusher, run: RunId, w: &Counting) {
    if let Err(e) = p.apply(run, w, &quiet, &AtomicBool::new(false)).await {
        fail(format!("apply {run:?}: {e}"));
    }
}

/// Apply `run` and drop the apply `delay` after its next send started. `true` when it was dropped
/// mid-flight (not finished before).
async fn crash_apply(p: &Pusher, run: RunId, w: &Counting, delay: Duration) -> bool {
    let cancel = AtomicBool::new(false);
    let crashed = tokio::select! {
        biased;
        _ = async {
            w.next_write_started().await;
            tokio::time::sleep(delay).await;
        } => true,
        r = p.apply(run, w, &quiet, &cancel) => {
            if let Err(e) = r {
                fail(format!("apply {run:?}: {e}"));
            }
            false
        }
    };
    w.disarm();
    crashed
}

/// Recover `account` until nothing is open, applying runs left with unsent rows. Returns the batches
/// recovery found open.
async fn settle(p: &Pusher, account: &str, w: &Counting) -> u32 {
    let mut open_batches = 0;
    for _ in 0..20 {
        let r = p
            .recover(account, w)
            .await
            .unwrap_or_else(|e| fail(format!("recover {account}: {e}")));
        open_batches += r.batches;
        for run in &r.resumable {
            apply(p, *run, w).await;
        }
        if r.batches == 0 && r.resumable.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    open_batches
}

/// A deterministic target ≠ `original`, ≥ 0 (what the rules give): mostly up, some down.
fn target(original: i64, i: usize) -> i64 {
    let h = (i as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(17);
    let step = 1 + (h % 7) as i64;
    if h.is_multiple_of(3) && original >= step {
        original - step
    } else {
        (original + step).max(0)
    }
}

struct Outcome {
    final_wrong: usize,
    double_applied: usize,
    needs_attention: usize,
    failed: usize,
    /// Nhanh cells whose unclamped figure was below 0 before the push (they read 0).
    oversold: usize,
    /// Nhanh cells our bills moved by more than |target − original| (oversold cells need more).
    bills_over_intended: usize,
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(format!("runtime: {e}")));
    let ok = rt.block_on(run());
    if !ok {
        std::process::exit(1);
    }
}

async fn run() -> bool {
    let started = Instant::now();
    let (products, _) = products_for(NHANH_CELLS / 2 + 60, SEED);
    let sims = Sims::with(Options {
        products,
        seed: SEED,
    })
    .await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(format!("tempdir: {e}")));

    // the cells and their figures before anything is pushed
    let mut nh_cells = sellable_cells(&sims.adapter(Vendor::Nhanh))
        .await
        .unwrap_or_else(|e| fail(e));
    let mut pc_cells = sellable_cells(&sims.adapter(Vendor::Pancake))
        .await
        .unwrap_or_else(|e| fail(e));
    if nh_cells.len() < NHANH_CELLS || pc_cells.len() < PANCAKE_CELLS {
        fail(format!(
            "only {} Nhanh / {} Pancake cells",
            nh_cells.len(),
            pc_cells.len()
        ));
    }
    nh_cells.truncate(NHANH_CELLS);
    pc_cells.truncate(PANCAKE_CELLS);
    let nh_fast = sims.nhanh();
    let pc_fast = sims.pancake();
    let nh_orig = read_all(&nh_fast, &nh_cells)
        .await
        .unwrap_or_else(|e| fail(e));
    let nh_raw = nhanh_raw(&nh_fast, &nh_cells)
        .await
        .unwrap_or_else(|e| fail(e));
    let pc_orig = read_all(&pc_fast, &pc_cells)
        .await
        .unwrap_or_else(|e| fail(e));
    let nh_target: Vec<i64> = nh_orig
        .iter()
        .enumerate()
        .map(|(i, o)| target(*o, i))
        .collect();
    let pc_target: Vec<i64> = pc_orig
        .iter()
        .enumerate()
        .map(|(i, o)| target(*o, i + NHANH_CELLS))
        .collect();
    let rows = |cells: &[StockCell], orig: &[i64], targets: &[i64]| -> Vec<(StockCell, i64, i64)> {
        cells
            .iter()
            .zip(orig.iter().zip(targets))
            .map(|(c, (o, t))| (c.clone(), *o, *t))
            .collect()
    };

    // two installations, each with its own journal file and clients
    let a_path = dir.path().join("a-push.sqlite");
    let b_path = dir.path().join("b-push.sqlite");
    let a_nh_client = Arc::new(sims.nhanh());
    let a_pc_client = Arc::new(sims.pancake());
    let b_nh_client = Arc::new(sims.nhanh());
    let a_nh = Counting::new(a_nh_client.clone());
    let a_pc = Counting::new(a_pc_client.clone());
    let b_nh = Counting::new(b_nh_client.clone());
    let mut a = open(&a_path, "desk-a");
    let b = open(&b_path, "desk-b");
    let mut a_nh_runs = Vec::new();
    let mut b_nh_runs = Vec::new();
    for k in 0..NHANH_CELLS / NHANH_RUN {
        let r = k * NHANH_RUN..(k + 1) * NHANH_RUN;
        let plan = plan_of(
            NHANH_ACCOUNT,
            Vendor::Nhanh,
            &rows(&nh_cells[r.clone()], &nh_orig[r.clone()], &nh_target[r]),
        );
        a_nh_runs.push(
            a.create_run(&plan, &all(&plan), false)
                .unwrap_or_else(|e| fail(e)),
        );
        // the second desktop's cache still shows the figures before any push
        b_nh_runs.push(
            b.create_run(&plan, &all(&plan), false)
                .unwrap_or_else(|e| fail(e)),
        );
    }
    let mut a_pc_runs = Vec::new();
    for k in 0..PANCAKE_CELLS / PANCAKE_RUN {
        let r = k * PANCAKE_RUN..(k + 1) * PANCAKE_RUN;
        let plan = plan_of(
            PANCAKE_ACCOUNT,
            Vendor::Pancake,
            &rows(&pc_cells[r.clone()], &pc_orig[r.clone()], &pc_target[r]),
        );
        a_pc_runs.push(
            a.create_run(&plan, &all(&plan), false)
                .unwrap_or_else(|e| fail(e)),
        );
    }

    // faults on
    sims.nhanh.faults().set(chaos());
    sims.pancake.faults().set(chaos());
    let mut restarts = 0u32;
    let mut interrupted = 0u32;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
    let first = async {
        for (k, run) in a_nh_runs.iter().enumerate() {
            let crash = match k {
                1 => Some(Duration::from_millis(2)),
                3 => Some(Duration::from_millis(40)),
                _ => None,
            };
            if k == 2 {
                // a rate-limit window mid-run
                sims.nhanh.faults().set(FaultConfig {
                    rate_limit_for_secs: Some(2),
                    ..chaos()
                });
            }
            match crash {
                Some(delay) => {
                    if crash_apply(&a, *run, &a_nh, delay).await {
                        restarts += 1;
                        drop(a);
                        a = open(&a_path, "desk-a");
                        interrupted += settle(&a, NHANH_ACCOUNT, &a_nh).await;
                    }
                    apply(&a, *run, &a_nh).await;
                }
                None => apply(&a, *run, &a_nh).await,
            }
            let _ = tx.send(k);
        }
        drop(tx);
        sims.pancake.faults().set(FaultConfig {
            rate_limit_for_secs: Some(1),
            ..chaos()
        });
        apply(&a, a_pc_runs[0], &a_pc).await;
        if crash_apply(&a, a_pc_runs[1], &a_pc, Duration::from_millis(5)).await {
            restarts += 1;
            drop(a);
            a = open(&a_path, "desk-a");
            interrupted += settle(&a, PANCAKE_ACCOUNT, &a_pc).await;
        }
        apply(&a, a_pc_runs[1], &a_pc).await;
        a
    };
    let mut b_saw_a = None;
    let second = async {
        while let Some(k) = rx.recv().await {
            if k == 0 {
                // what an automatic run of the second desktop would check first
                b_saw_a = b
                    .other_installation_recent(b_nh.as_ref(), chrono::Duration::hours(1))
                    .await
                    .ok()
                    .flatten()
                    .map(|o| o.installation);
            }
            apply(&b, b_nh_runs[k], &b_nh).await;
        }
    };
    let (a, ()) = tokio::join!(first, second);

    // faults off: settle whatever is still open
    sims.nhanh.faults().clear();
    sims.pancake.faults().clear();
    settle(&a, NHANH_ACCOUNT, &a_nh).await;
    settle(&a, PANCAKE_ACCOUNT, &a_pc).await;
    settle(&b, NHANH_ACCOUNT, &b_nh).await;

    // the journals' rows per cell
    let mut attention: HashMap<StockCell, usize> = HashMap::new();
    let mut failed = 0usize;
    let mut needs_attention = 0usize;
    for p in [&a, &b] {
        for account in [NHANH_ACCOUNT, PANCAKE_ACCOUNT] {
            for s in p.history(account).unwrap_or_else(|e| fail(e)) {
                let detail = p.run_detail(s.id).unwrap_or_else(|e| fail(e));
                for r in detail.rows {
                    match r.state {
                        RowState::NeedsAttention => {
                            needs_attention += 1;
                            *attention.entry(r.cell.clone().into()).or_default() += 1;
                        }
                        RowState::Failed => {
                            failed += 1;
                            eprintln!(
                                "  failed row {:?}: {:?} {:?}",
                                r.cell, r.error_code, r.error_detail
                            );
                        }
                        RowState::Planned | RowState::Sending => {
                            eprintln!("  row left {:?}: {:?}", r.state, r.cell)
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    // the vendors now
    let nh_final = read_all(&nh_fast, &nh_cells)
        .await
        .unwrap_or_else(|e| fail(e));
    let pc_final = read_all(&pc_fast, &pc_cells)
        .await
        .unwrap_or_else(|e| fail(e));
    let today = chrono::Utc::now().date_naive();
    let bills = nh_fast
        .bills(&nhanh::bills::BillFilter {
            from_date: today.pred_opt(),
            to_date: today.succ_opt(),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|e| fail(format!("bill/list: {e}")));
    let mut moved_by_bills: HashMap<(i64, i64), i64> = HashMap::new();
    let mut bills_by_desk: HashMap<String, usize> = HashMap::new();
    for bill in &bills {
        let Some(note) = nhanh::adapter::stock_writer::parse_note(&bill.description) else {
            continue;
        };
        let desk = marker_installation(note.marker).unwrap_or("?").to_string();
        *bills_by_desk.entry(desk).or_default() += 1;
        let sign = match bill.type_id {
            1 => 1,
            2 => -1,
            other => fail(format!("bill {} of type {other} carries a marker", bill.id)),
        };
        for line in &bill.products {
            *moved_by_bills.entry((bill.depot_id, line.id)).or_default() += sign * line.quantity;
        }
    }

    let mut out = Outcome {
        final_wrong: 0,
        double_applied: 0,
        needs_attention,
        failed,
        oversold: 0,
        bills_over_intended: 0,
    };
    // `raw`: Nhanh's unclamped figure before the push (its `available` floors it at 0). Our bills must
    // move it by at most |target − raw| (= |target − original| unless the cell was oversold).
    let mut check = |cell: &StockCell,
                     orig: i64,
                     target: i64,
                     now: i64,
                     nhanh: Option<(i64, i64)>| {
        let intended = (target - orig).abs();
        let moved = (now - orig).abs();
        let by_bills = nhanh.map(|(b, _)| b);
        let needed = nhanh
            .map(|(_, raw)| (target - raw).abs())
            .unwrap_or(intended);
        if nhanh.is_some_and(|(_, raw)| raw < 0) {
            out.oversold += 1;
        }
        if by_bills.is_some_and(|b| b.abs() > intended) {
            out.bills_over_intended += 1;
        }
        if moved > intended || by_bills.is_some_and(|b| b.abs() > needed) {
            out.double_applied += 1;
            eprintln!(
                "  moved too far {cell:?}: {orig} → {now}, target {target}, by our bills {by_bills:?} (unclamped figure before {:?})",
                nhanh.map(|(_, raw)| raw)
            );
        }
        if now != target {
            if attention.contains_key(cell) {
                eprintln!("  needs attention, not at target {cell:?}: {now} ≠ {target}");
            } else {
                out.final_wrong += 1;
                eprintln!("  wrong {cell:?}: {orig} → {now}, target {target}");
            }
        }
        if let Some((b, raw)) = nhanh {
            if b != now - orig {
                eprintln!(
                    "  {cell:?}: our bills moved it {b}, the figure moved {} (unclamped figure before {raw})",
                    now - orig
                );
            }
        }
    };
    for (i, c) in nh_cells.iter().enumerate() {
        let by_bills = moved_by_bills.get(&nhanh_key(c)).copied().unwrap_or(0);
        check(
            c,
            nh_orig[i],
            nh_target[i],
            nh_final[i],
            Some((by_bills, nh_raw[i])),
        );
    }
    for (i, c) in pc_cells.iter().enumerate() {
        check(c, pc_orig[i], pc_target[i], pc_final[i], None);
    }

    let counts = [a_nh.counts(), a_pc.counts(), b_nh.counts()];
    let sum = |f: fn(&common::Counts) -> u64| counts.iter().map(f).sum::<u64>();
    let http_429 = a_nh_client.http().stats().rate_limited
        + a_pc_client.http().stats().rate_limited
        + b_nh_client.http().stats().rate_limited;
    let pushes = NHANH_CELLS + PANCAKE_CELLS;
    println!(
        "bench stock-push-faults pushes={pushes} final_wrong={} double_applied={}",
        out.final_wrong, out.double_applied
    );
    println!(
        "bench stock-push-faults detail uncertain={} needs_attention={} resends={} lookups={} restarts={restarts} elapsed_ms={} interrupted={interrupted} failed={} sends={} http_429={http_429} second_writer_sends={} second_writer_bills={} second_writer_saw_first={} oversold={} bills_over_intended={}",
        sum(|c| c.uncertain) + u64::from(interrupted),
        out.needs_attention,
        sum(|c| c.resends),
        sum(|c| c.lookups),
        started.elapsed().as_millis(),
        out.failed,
        sum(|c| c.writes),
        counts[2].writes,
        bills_by_desk.get("desk-b").copied().unwrap_or(0),
        b_saw_a.as_deref() == Some("desk-a"),
        out.oversold,
        out.bills_over_intended,
    );
    eprintln!(
        "  desk-a Nhanh {:?}\n  desk-a Pancake {:?}\n  desk-b Nhanh {:?}\n  bills with a marker by desk {bills_by_desk:?}",
        counts[0], counts[1], counts[2]
    );
    out.final_wrong == 0 && out.double_applied == 0
}
