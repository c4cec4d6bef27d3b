//! Runs the sync engine for the workspace's accounts and forwards its progress as typed events: at
//! start-up, on a schedule (a setting) and on demand. The engine itself is the `sync` crate.

use std::time::Duration;

use shopdesk_core::AppError;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::events::SyncProgress;
use crate::state::AppState;

fn phase(p: sync::Phase) -> &'static str {
    match p {
        sync::Phase::Warehouses => "warehouses",
        sync::Phase::Catalog => "catalog",
        sync::Phase::Stock => "stock",
        sync::Phase::Saving => "saving",
        sync::Phase::Done => "done",
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Sync every account of the current workspace (real or demo) into its cache. Accounts already syncing
/// are skipped. Failures of one account are recorded in its run log and do not stop the others.
pub async fn sync_workspace(app: AppHandle, mode: sync::Mode) -> Result<(), AppError> {
    let state = app.state::<AppState>();
    let ws = state.accounts.workspace().await?;
    let db = state.stock.active(ws.demo);
    let mut jobs = Vec::new();
    for a in &ws.accounts {
        {
            let mut running = state
                .stock
                .running
                .lock()
                .map_err(|_| AppError::internal("sync state unavailable"))?;
            if !running.insert(a.id.clone()) {
                continue;
            }
        }
        match state.accounts.sync_client(&a.id).await {
            Ok((account, client)) => {
                crate::state::lock(&db)?
                    .upsert_account(&account)
                    .map_err(crate::state::store_error)?;
                jobs.push((account, client));
            }
            Err(e) => {
                tracing::warn!(account = %a.id, error = %e, "cannot sync this account");
                if let Ok(mut r) = state.stock.running.lock() {
                    r.remove(&a.id);
                }
            }
        }
    }
    let ids: Vec<String> = jobs.iter().map(|(a, _)| a.id.clone()).collect();
    let engine = sync::SyncEngine::new(db);
    let emit_app = app.clone();
    let progress = move |p: sync::Progress| {
        let _ = SyncProgress {
            account_id: p.account_id,
            phase: phase(p.phase).to_string(),
            done: clamp(p.done),
            total: clamp(p.total.unwrap_or(0)),
        }
        .emit(&emit_app);
    };
    let results = engine.sync_all(jobs, mode, &progress).await;
    for (id, result) in results {
        match result {
            Ok(s) => {
                tracing::info!(account = %id, listings = s.listings, requests = s.total_requests(), "synced")
            }
            Err(e) => {
                tracing::warn!(account = %id, error = %e, "sync failed");
                let _ = SyncProgress {
                    account_id: id.clone(),
                    phase: "failed".into(),
                    done: 0,
                    total: 0,
                }
                .emit(&app);
            }
        }
    }
    if let Ok(mut r) = state.stock.running.lock() {
        for id in &ids {
            r.remove(id);
        }
    }
    crate::events::changed(&app, "stock");
    // the orders list is synced like the stock, right after it
    crate::commands::orders::sync_orders(&app).await
}

/// Start a background sync now.
pub fn spawn(app: AppHandle, mode: sync::Mode) {
    tauri::async_runtime::spawn(async move {
        if let Err(e) = sync_workspace(app, mode).await {
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
                if let Err(e) = sync_workspace(app.clone(), sync::Mode::Incremental).await {
                    tracing::warn!(error = %e, "scheduled sync did not run");
                }
            }
        }
    });
}
