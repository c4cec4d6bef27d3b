//! Runs the stock sync engine for the workspace's accounts and forwards its progress as typed events: at
//! start-up, on a schedule (a setting) and on demand. The engine itself is the `sync` crate; after the
//! stock come the orders list, each POS account's push check and the automatic pushes.

use std::time::Duration;

use shopdesk_core::AppError;

use crate::events::{Event, SyncPhase, SyncProgress};
use crate::{DataKind, Desk};

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How often one account's progress within a phase reaches the window. The engine reports every page
/// (about 40 events per demo sync, a sync every 30 s by default); the window keeps a few kB for each event
/// it is sent, for its life (`src-tauri/README.md`, "Memory"), and a progress bar needs no more than this.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Lets one account's progress through: a new phase at once, the same phase again after [`PROGRESS_EVERY`].
/// What it holds back is only ever superseded by a later event (the phase's next page, the next phase, or
/// the end), so the window still sees every phase and how each run ends.
#[derive(Default)]
struct ProgressGate {
    last: std::sync::Mutex<Option<(::stock_sync::Phase, std::time::Instant)>>,
}

impl ProgressGate {
    fn pass(&self, phase: ::stock_sync::Phase, now: std::time::Instant) -> bool {
        let Ok(mut last) = self.last.lock() else {
            return true;
        };
        match *last {
            Some((p, at)) if p == phase && now.saturating_duration_since(at) < PROGRESS_EVERY => {
                false
            }
            _ => {
                *last = Some((phase, now));
                true
            }
        }
    }
}

/// Who asked for a sync: the owner (a click, a new account, a push) gets the whole rate budget; the
/// schedule gets the share the settings allow (`syncBudgetPercent`), so orders and pushes keep room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Owner,
    Schedule,
}

/// Sync every account of the current workspace (real or demo) into its cache. An account whose sync
/// is already running is skipped (single-flight per account); failures of one account — a panic
/// included — are recorded and do not stop the others, and never leave the account marked running.
pub async fn sync_workspace(
    desk: &Desk,
    mode: ::stock_sync::Mode,
    trigger: Trigger,
) -> Result<(), AppError> {
    let ws = desk.accounts.workspace().await?;
    let db = desk.side_for(ws.demo).stock.clone();
    let mut engine = ::stock_sync::SyncEngine::new(db.clone());
    let share = (trigger == Trigger::Schedule)
        .then(|| f64::from(crate::settings::load(desk.host()).sync_budget_percent) / 100.0);
    if let Some(share) = share {
        engine = engine.with_budget_share(share);
    }
    let mut runs = Vec::new();
    for a in &ws.accounts {
        let Some(guard) = desk.accounts.flights().try_start(flight_key(&a.id)) else {
            continue;
        };
        let (account, client) = match desk.accounts.client(&a.id).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(account = %a.id, error = %e, "cannot sync this account");
                continue;
            }
        };
        crate::lock(&db)?
            .upsert_account(&account)
            .map_err(AppError::from)?;
        let engine = &engine;
        runs.push(async move {
            let _guard = guard;
            let gate = ProgressGate::default();
            let progress = |p: ::stock_sync::Progress| {
                if !gate.pass(p.phase, std::time::Instant::now()) {
                    return;
                }
                desk.emit(Event::SyncProgress(SyncProgress {
                    account_id: p.account_id,
                    phase: p.phase.into(),
                    done: clamp(p.done),
                    total: clamp(p.total.unwrap_or(0)),
                }));
            };
            let run = async {
                engine
                    .sync_account(&account, client.as_ref(), mode, &progress)
                    .await
                    .map_err(|e| AppError::internal(e.to_string()))
            };
            match shopdesk_core::flight::contain("the stock sync", run).await {
                Ok(s) => {
                    tracing::info!(account = %account.id, listings = s.listings, requests = s.total_requests(), "synced")
                }
                Err(e) => {
                    tracing::warn!(account = %account.id, error = %e, "sync failed");
                    desk.emit(Event::SyncProgress(SyncProgress {
                        account_id: account.id.clone(),
                        phase: SyncPhase::Failed,
                        done: 0,
                        total: 0,
                    }));
                }
            }
        });
    }
    let synced_any = !runs.is_empty();
    futures::future::join_all(runs).await;
    desk.changed(DataKind::Stock);
    // a product that went below its minimum with this sync: one desktop notification per crossing
    if synced_any {
        if let Err(e) = crate::low_stock::check_crossings(desk).await {
            tracing::warn!(error = %e, "low stock not checked after this sync");
        }
    }
    // the orders list is synced like the stock, right after it (a scheduled one in the same budget lane)
    let orders = match share {
        Some(share) => ::stock_sync::within_budget(share, crate::orders::sync_orders(desk)).await,
        None => crate::orders::sync_orders(desk).await,
    };
    // and the warehouse's POs (goods in), in the same lane: a PO that completed shows beside its stock
    let pos = async {
        if let Err(e) = crate::inbound::po_sync(desk).await {
            tracing::info!(error = %e, "the POs were not re-read with this sync");
        }
    };
    match share {
        Some(share) => ::stock_sync::within_budget(share, pos).await,
        None => pos.await,
    }
    // then each POS account's push check: the grid's "Lệch tồn" says where a push would change a figure
    crate::push::check_all(desk).await;
    // then the accounts in automatic push mode push what changed (their unshipped orders are fresh now);
    // not after a call that found every account already syncing (the running sync decides)
    if synced_any {
        crate::push::auto_after_sync(desk).await;
    }
    orders
}

/// The single-flight key of an account's stock sync.
pub fn flight_key(account_id: &str) -> String {
    format!("stock:{account_id}")
}

/// Start a sync the owner asked for (directly or by an action that needs fresh figures) now.
pub fn spawn(desk: &Desk, mode: ::stock_sync::Mode) {
    let d = desk.clone();
    desk.spawn(async move {
        if let Err(e) = sync_workspace(&d, mode, Trigger::Owner).await {
            tracing::warn!(error = %e, "sync did not run");
        }
    });
}

/// How often an interval of 0 (off) is looked at again, so turning it on takes effect.
const IDLE_CHECK: Duration = Duration::from_secs(15);

/// Sync at start; then, when `repeat`, an incremental sync `sync_interval_seconds` after the end of the
/// last one (0 = only at start and on demand), in the settings' rate-budget share.
pub fn schedule(desk: &Desk, repeat: bool) {
    spawn(desk, ::stock_sync::Mode::Incremental);
    if !repeat {
        return;
    }
    let d = desk.clone();
    desk.spawn(async move {
        loop {
            let interval = crate::settings::load(d.host()).sync_interval_seconds;
            if interval == 0 {
                tokio::time::sleep(IDLE_CHECK).await;
                continue;
            }
            tokio::time::sleep(Duration::from_secs(u64::from(interval))).await;
            let run = sync_workspace(&d, ::stock_sync::Mode::Incremental, Trigger::Schedule);
            if let Err(e) = run.await {
                tracing::warn!(error = %e, "scheduled sync did not run");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use ::stock_sync::Phase;

    use super::ProgressGate;

    #[test]
    fn progress_reaches_the_window_once_per_quarter_second_within_a_phase() {
        let gate = ProgressGate::default();
        let t0 = Instant::now();
        // 40 pages of one phase, 10 ms apart: the first, then the one 250 ms later
        let passed: Vec<u64> = (0..40u64)
            .filter(|i| gate.pass(Phase::Stock, t0 + Duration::from_millis(i * 10)))
            .collect();
        assert_eq!(passed, vec![0, 25]);
    }

    #[test]
    fn every_new_phase_and_the_end_reach_the_window_at_once() {
        let gate = ProgressGate::default();
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        assert!(gate.pass(Phase::Warehouses, ms(0)));
        assert!(gate.pass(Phase::Catalog, ms(1)));
        assert!(!gate.pass(Phase::Catalog, ms(2)));
        assert!(gate.pass(Phase::Stock, ms(3)));
        assert!(gate.pass(Phase::Saving, ms(4)));
        assert!(gate.pass(Phase::Done, ms(5)));
    }
}
