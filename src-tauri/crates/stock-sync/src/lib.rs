//! ShopDesk's sync engine (no Tauri): pulls each connected account's warehouses, catalog and stock from
//! Pancake POS, Onflow and Nhanh.vn into the local [`store::Store`], one sync run (with its log) per
//! account, accounts concurrently. Pacing is left to each client's limiter; a rate-limit answer pauses
//! that key inside the pipeline and the run carries on. See README.md.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;
pub use shopdesk_core::ports::stock::Phase;
use shopdesk_core::ports::stock::{
    Incremental, LogCode, PullError, PullRequest, Snapshot, Warning,
};
pub use shopdesk_core::ports::{Adapter, VendorAdapter};
use store::{Account, ErrorCode, LogLevel, RunCounts, RunError, RunStatus, Store, WriteStats};
/// Run other background reads (the scheduled orders sync) in the same budget lane as a scheduled stock
/// sync: their requests are limited to `share` of each account's rate budget.
pub use vendor_http::lane::within as within_budget;

/// What a run asks for. `Incremental` falls back to a full refresh where the vendor cannot tell what
/// changed (Pancake stock, Onflow) or when the account has no successful run yet. (The store's
/// [`store::SyncMode`], which a run records.)
pub use store::SyncMode as Mode;

/// A progress event (the app forwards it as `sync-progress`). `total` is the vendor's announced total
/// when it gives one (Pancake/Onflow first page), else `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub account_id: String,
    pub phase: Phase,
    pub done: u64,
    pub total: Option<u64>,
}

/// Pipeline counters of one run (differences of [`VendorAdapter::stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct HttpCounts {
    /// Requests sent, including the ones answered with a rate limit and retries.
    pub attempts: u64,
    /// Rate-limit answers (HTTP 429 / vendor code) received.
    pub rate_limited: u64,
    /// Retries after transient failures.
    pub retries: u64,
}

/// What one account's run did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncSummary {
    pub account_id: String,
    pub run_id: i64,
    /// The mode actually used (an incremental request may have become a full refresh).
    pub mode: Mode,
    pub warehouses: usize,
    pub listings: usize,
    pub stock_rows: usize,
    pub warnings: usize,
    pub write: WriteStats,
    /// Answered requests per endpoint (e.g. `product/list`), the pages the run needed.
    pub requests: BTreeMap<String, u64>,
    pub http: HttpCounts,
    #[serde(skip)]
    pub elapsed: Duration,
}

impl SyncSummary {
    /// Answered requests over all endpoints.
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }
}

/// Why an account's run failed. Messages are redacted (vendor errors never carry secrets).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{account_id}: {error}")]
    Vendor {
        account_id: String,
        run_id: i64,
        error: vendor_http::Error,
    },
    #[error("{account_id}: local database error: {error}")]
    Store {
        account_id: String,
        error: store::Error,
    },
    #[error("{account_id}: {vendor} cannot list stock")]
    Unsupported {
        account_id: String,
        vendor: &'static str,
    },
    #[error("{account_id}: the account is a {account} account but the client is for {client}")]
    WrongClient {
        account_id: String,
        account: &'static str,
        client: &'static str,
    },
}

impl SyncError {
    /// The vendor error that ended the run, if it was one (the app maps it to its IPC error).
    pub fn vendor_error(&self) -> Option<&vendor_http::Error> {
        match self {
            SyncError::Vendor { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What a failed run stores: the stable code of what went wrong (the UI shows its text in the user's
/// language) and the redacted detail behind it (vendor errors never carry secrets).
impl From<&SyncError> for RunError {
    fn from(e: &SyncError) -> Self {
        match e {
            SyncError::Vendor { error, .. } => {
                RunError::new(ErrorCode::from(error), error.to_string())
            }
            SyncError::Store { error, .. } => {
                RunError::new(ErrorCode::Internal, format!("local database: {error}"))
            }
            SyncError::Unsupported { vendor, .. } => {
                RunError::new(ErrorCode::Internal, format!("{vendor} cannot list stock"))
            }
            SyncError::WrongClient {
                account, client, ..
            } => RunError::new(
                ErrorCode::Internal,
                format!("a {client} client for a {account} account"),
            ),
        }
    }
}

/// Most warning lines written to one run's log (the count in the run is always exact).
const MAX_LOG_LINES: usize = 500;
/// Incremental windows start this long before the previous successful run began (clock skew, and
/// changes made while that run was reading).
const INCREMENTAL_OVERLAP: chrono::Duration = chrono::Duration::minutes(5);
/// Default page size for Pancake variations and Nhanh lists (Nhanh's maximum; Pancake documents 100
/// in its own example and no maximum).
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The sync engine. Cheap to share by reference; holds the store behind a mutex that is only locked
/// for short, synchronous sections (never across an `.await`).
pub struct SyncEngine {
    store: Arc<Mutex<Store>>,
    page_size: u32,
    full_every: chrono::Duration,
    budget_share: Option<f64>,
}

/// How often an incremental schedule still refreshes everything (repairs what a window missed).
pub const FULL_REFRESH_EVERY: chrono::Duration = chrono::Duration::hours(6);

impl SyncEngine {
    pub fn new(store: Arc<Mutex<Store>>) -> Self {
        SyncEngine {
            store,
            page_size: DEFAULT_PAGE_SIZE,
            full_every: FULL_REFRESH_EVERY,
            budget_share: None,
        }
    }

    /// How old the last full refresh may be before an incremental request runs a full one instead.
    pub fn with_full_every(mut self, every: chrono::Duration) -> Self {
        self.full_every = every;
        self
    }

    /// Pull at most this share (0–1] of each account's request budget: the background sync leaves the rest
    /// for orders and pushes. Without it (the owner asked for this sync) the pull uses the whole budget.
    pub fn with_budget_share(mut self, share: f64) -> Self {
        self.budget_share = Some(share);
        self
    }

    /// Page size asked of Pancake (`page_size`) and Nhanh (`paginator.size`, capped at 100 by the
    /// client). Onflow's page size is the client's `Pagination`.
    pub fn with_page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(1);
        self
    }

    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // a poisoned lock means another thread panicked mid-write; SQLite rolled that transaction back
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Syncs every account concurrently. One result per account, in the given order; a failing
    /// account never stops the others.
    pub async fn sync_all(
        &self,
        accounts: Vec<(Account, Adapter)>,
        mode: Mode,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Vec<(String, Result<SyncSummary, SyncError>)> {
        let runs = accounts.iter().map(|(account, client)| async move {
            (
                account.id.clone(),
                self.sync_account(account, client.as_ref(), mode, progress)
                    .await,
            )
        });
        futures::future::join_all(runs).await
    }

    /// Syncs one account: warehouses, catalog and stock, then one write (full refresh or upsert).
    pub async fn sync_account(
        &self,
        account: &Account,
        client: &dyn VendorAdapter,
        mode: Mode,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<SyncSummary, SyncError> {
        if client.vendor() != account.vendor {
            return Err(SyncError::WrongClient {
                account_id: account.id.clone(),
                account: account.vendor.as_str(),
                client: client.vendor().as_str(),
            });
        }
        let Some(source) = client.stock_source() else {
            return Err(SyncError::Unsupported {
                account_id: account.id.clone(),
                vendor: account.vendor.as_str(),
            });
        };
        let incremental = source.incremental();
        let started = Instant::now();
        let stats_before = client.stats();
        let store_err = |error| SyncError::Store {
            account_id: account.id.clone(),
            error,
        };

        // Decide the effective mode and open the run (one short locked section).
        let (run_id, effective, since, known) = {
            let mut db = self.lock();
            db.upsert_account(account).map_err(store_err)?;
            // an incremental run needs a previous success to start from, and a full refresh recent
            // enough: movements a vendor does not report (or a missed window) are repaired by it
            let last_full = db
                .last_ok_start(&account.id, Some(Mode::Full))
                .map_err(store_err)?;
            let full_due = last_full.is_none_or(|t| Utc::now() - t >= self.full_every);
            let since = match (mode, incremental, full_due) {
                (Mode::Incremental, Incremental::Supported, false) => db
                    .last_ok_start(&account.id, None)
                    .map_err(store_err)?
                    .map(|t| t - INCREMENTAL_OVERLAP),
                _ => None,
            };
            let effective = if since.is_some() {
                Mode::Incremental
            } else {
                Mode::Full
            };
            let known = if since.is_some() {
                known_ids(&db, &account.id).map_err(store_err)?
            } else {
                HashMap::new()
            };
            let run_id = db
                .start_sync_run(&account.id, effective)
                .map_err(store_err)?;
            if mode == Mode::Incremental && effective == Mode::Full {
                let why = match incremental {
                    Incremental::Unsupported => LogCode::FullRefreshOnly,
                    Incremental::Supported if last_full.is_some() => LogCode::FullRefreshScheduled,
                    Incremental::Supported => LogCode::FullRefreshFirst,
                };
                db.append_log(run_id, LogLevel::Info, None, why, None)
                    .map_err(store_err)?;
            }
            (run_id, effective, since, known)
        };

        let emit = |phase: Phase, done: u64, total: Option<u64>| {
            progress(Progress {
                account_id: account.id.clone(),
                phase,
                done,
                total,
            })
        };
        let req = PullRequest {
            page_size: self.page_size,
            since,
            known,
            progress: &emit,
        };
        let fetched = match self.budget_share {
            Some(share) => vendor_http::lane::within(share, source.pull(&req)).await,
            None => source.pull(&req).await,
        };
        let fetched = match fetched {
            Ok(f) => f,
            Err(PullError {
                error,
                warnings: partial_warnings,
            }) => {
                tracing::warn!(account = %account.id, error = %error, "sync failed");
                let db = self.lock();
                let counts = RunCounts {
                    warnings: partial_warnings.len() as i64,
                    errors: 1,
                    ..RunCounts::default()
                };
                write_warnings(&db, run_id, &partial_warnings).map_err(store_err)?;
                db.append_log(
                    run_id,
                    LogLevel::Error,
                    None,
                    LogCode::RunFailed,
                    Some(&error.to_string()),
                )
                .map_err(store_err)?;
                let failure = SyncError::Vendor {
                    account_id: account.id.clone(),
                    run_id,
                    error,
                };
                db.finish_sync_run(
                    run_id,
                    RunStatus::Failed,
                    counts,
                    Some(&RunError::from(&failure)),
                )
                .map_err(store_err)?;
                return Err(failure);
            }
        };

        emit(
            Phase::Saving,
            0,
            Some((fetched.listings.len() + fetched.stock.len()) as u64),
        );
        let write = {
            let mut db = self.lock();
            match save(&mut db, &account.id, run_id, &fetched) {
                Ok(w) => w,
                Err(error) => {
                    let failure = store_err(error);
                    let _ = db.finish_sync_run(
                        run_id,
                        RunStatus::Failed,
                        RunCounts {
                            errors: 1,
                            ..RunCounts::default()
                        },
                        Some(&RunError::from(&failure)),
                    );
                    return Err(failure);
                }
            }
        };
        // the vendor's own min/max limits (Nhanh), shown beside ours on the Stock page: a failure to
        // read them leaves the last ones read and does not fail the sync
        let limits = match self.budget_share {
            Some(share) => vendor_http::lane::within(share, source.stock_limits()).await,
            None => source.stock_limits().await,
        };
        match limits {
            Ok(Some(limits)) => {
                if let Err(e) = self.lock().replace_vendor_limits(&account.id, &limits) {
                    tracing::warn!(account = %account.id, error = %e, "stock limits not stored");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(account = %account.id, error = %e, "stock limits not read"),
        }
        let total = (fetched.listings.len() + fetched.stock.len()) as u64;
        emit(Phase::Saving, total, Some(total));
        emit(Phase::Done, total, Some(total));

        let after = client.stats();
        Ok(SyncSummary {
            account_id: account.id.clone(),
            run_id,
            mode: effective,
            warehouses: fetched.warehouses.len(),
            listings: fetched.listings.len(),
            stock_rows: fetched.stock.len(),
            warnings: fetched.warnings.len(),
            write,
            requests: fetched.requests,
            http: HttpCounts {
                attempts: after.attempts.saturating_sub(stats_before.attempts),
                rate_limited: after.rate_limited.saturating_sub(stats_before.rate_limited),
                retries: after.retries.saturating_sub(stats_before.retries),
            },
            elapsed: started.elapsed(),
        })
    }
}

fn save(db: &mut Store, account_id: &str, run_id: i64, f: &Snapshot) -> store::Result<WriteStats> {
    db.upsert_warehouses(account_id, &f.warehouses)?;
    let write = if f.full {
        db.replace_listings(account_id, &f.listings, &f.stock)?
    } else {
        db.upsert_listings(account_id, &f.listings, &f.stock)?
    };
    write_warnings(db, run_id, &f.warnings)?;
    db.finish_sync_run(
        run_id,
        RunStatus::Ok,
        RunCounts {
            listings: f.listings.len() as i64,
            stock_rows: f.stock.len() as i64,
            warnings: f.warnings.len() as i64,
            errors: 0,
        },
        None,
    )?;
    Ok(write)
}

fn write_warnings(db: &Store, run_id: i64, warnings: &[Warning]) -> store::Result<()> {
    for w in warnings.iter().take(MAX_LOG_LINES) {
        db.append_log(
            run_id,
            LogLevel::Warn,
            w.item.as_deref(),
            w.code,
            w.detail.as_deref(),
        )?;
    }
    if warnings.len() > MAX_LOG_LINES {
        db.append_log(
            run_id,
            LogLevel::Warn,
            None,
            LogCode::MoreWarnings,
            Some(&(warnings.len() - MAX_LOG_LINES).to_string()),
        )?;
    }
    Ok(())
}

/// Stored listings of an account by the vendor's own product id → (listing product id, variation id):
/// what an incremental pull needs to place a changed item it did not list again.
fn known_ids(db: &Store, account_id: &str) -> store::Result<HashMap<String, (String, String)>> {
    Ok(db
        .listings(Some(account_id))?
        .into_iter()
        .map(|l| {
            let r = l.listing;
            (
                r.own_id().to_string(),
                (r.vendor_product_id, r.vendor_variation_id),
            )
        })
        .collect())
}
