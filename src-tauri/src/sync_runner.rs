//! Runs the sync engine for the workspace's accounts and forwards its progress as typed events: at
//! start-up, on a schedule (a setting) and on demand. The engine itself is the `sync` crate.

use std::time::Duration;

use shopdesk_core::AppError;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::events::SyncProgress;
use crate::state::AppState;

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    app: AppHandle,
    mode: sync::Mode,
    trigger: Trigger,
) -> Result<(), AppError> {
    let state = app.state::<AppState>();
    let ws = state.accounts.workspace().await?;
    let db = state.stock.active(ws.demo);
    let mut engine = sync::SyncEngine::new(db.clone());
    let share = (trigger == Trigger::Schedule)
        .then(|| f64::from(crate::settings::load(&app).sync_budget_percent) / 100.0);
    if let Some(share) = share {
        engine = engine.with_budget_share(share);
    }
    let mut runs = Vec::new();
    for a in &ws.accounts {
        let Some(guard) = state.accounts.flights().try_start(flight_key(&a.id)) else {
            continue;
        };
        let (account, client) = match state.accounts.client(&a.id).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(account = %a.id, error = %e, "cannot sync this account");
                continue;
            }
        };
        crate::state::lock(&db)?
            .upsert_account(&account)
            .map_err(crate::state::store_error)?;
        let (app, engine) = (app.clone(), &engine);
        runs.push(async move {
            let _guard = guard;
            let progress = |p: sync::Progress| {
                let _ = SyncProgress {
                    account_id: p.account_id,
                    phase: p.phase.into(),
                    done: clamp(p.done),
                    total: clamp(p.total.unwrap_or(0)),
                }
                .emit(&app);
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
                    let _ = SyncProgress {
                        account_id: account.id.clone(),
                        phase: crate::events::SyncPhase::Failed,
                        done: 0,
                        total: 0,
                    }
                    .emit(&app);
                }
            }
        });
    }
    let synced_any = !runs.is_empty();
    futures::future::join_all(runs).await;
    crate::events::changed(&app, crate::events::DataKind::Stock);
    // the orders list is synced like the stock, right after it (a scheduled one in the same budget lane)
    let orders = match share {
        Some(share) => sync::within_budget(share, crate::commands::orders::sync_orders(&app)).await,
        None => crate::commands::orders::sync_orders(&app).await,
    };
    // then each POS account's push check: the grid's "Lệch tồn" says where a push would change a figure
    crate::commands::push::check_all(&app).await;
    // then the accounts in automatic push mode push what changed (their unshipped orders are fresh now);
    // not after a call that found every account already syncing (the running sync decides)
    if synced_any {
        crate::commands::push::auto_after_sync(&app).await;
    }
    orders
}

/// The single-flight key of an account's stock sync.
pub fn flight_key(account_id: &str) -> String {
    format!("stock:{account_id}")
}

/// Start a sync the owner asked for (directly or by an action that needs fresh figures) now.
pub fn spawn(app: AppHandle, mode: sync::Mode) {
    tauri::async_runtime::spawn(async move {
        if let Err(e) = sync_workspace(app, mode, Trigger::Owner).await {
            tracing::warn!(error = %e, "sync did not run");
        }
    });
}

/// Sync at start, then every `sync_interval_minutes` (0 = only at start and on demand).
pub fn schedule(app: AppHandle) {
    spawn(app.clone(), sync::Mode::Incremental);
    tauri::async_runtime::spawn(async move {
        let mut waited = 0u64;
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            waited += 1;
            let interval = u64::from(crate::settings::load(&app).sync_interval_minutes);
            if interval > 0 && waited >= interval {
                waited = 0;
                let run = sync_workspace(app.clone(), sync::Mode::Incremental, Trigger::Schedule);
                if let Err(e) = run.await {
                    tracing::warn!(error = %e, "scheduled sync did not run");
                }
            }
        }
    });
}
