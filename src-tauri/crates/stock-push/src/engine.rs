//! The push engine: exactly-once apply of a run over the `StockWriter` port, recovery after a crash,
//! undo, history.
//!
//! Per batch of at most `limits().max_batch` selected rows:
//! 1. re-read the cells right before the write: a figure already at its target → `already`, a cell the
//!    vendor no longer has → `failed` (`cell.missing`);
//! 2. journal the batch as `sending`, each row with the figure just read (`sent_from`) and the marker
//!    `ShopDesk#<installation>:<run>:<batch>`, and COMMIT;
//! 3. write. Ok → done. A certain refusal → failed. A rate-limit answer → wait, re-read, resend.
//!    Anything uncertain → `uncertain`, then at once: delta writers look the marker up (found → done,
//!    inconclusive → needs attention and never resent, not found → re-read, recompute `from`, journal,
//!    resend with the same marker, at most `max_attempts` sends); absolute writers re-read (at the
//!    target → done, else resend).
//!
//! The engine is the only one deciding resends: the port's writes are never retried by the pipeline.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock_writer::{
    marker, marker_installation, StockBatch, StockCell, StockChange, StockWriter, WriteKind,
};

use crate::codes;
pub use crate::journal::PushError;
use crate::journal::{
    BatchState, Journal, NewRow, NewRun, PushRunStatus, Result, RowCounts, RowState, RunDetail,
    RunId, RunKind, RunSummary, WorkRow,
};
use crate::plan::Plan;

/// Knobs of the engine.
#[derive(Debug, Clone)]
pub struct PushConfig {
    /// Sends of one batch at most (the first one included) before it needs attention.
    pub max_attempts: u32,
    /// Wait after an uncertain outcome before the lookup (lets a slow vendor finish committing).
    pub settle_delay: Duration,
    /// A lookup reads the vendor's bills since the batch's first send minus this margin.
    pub lookup_margin: Duration,
    /// Longest pause honoured after a rate-limit answer; a longer one fails the batch (not processed).
    pub max_rate_limit_wait: Duration,
    /// Rate-limit answers tolerated per vendor call.
    pub max_rate_limit_retries: u32,
}

impl Default for PushConfig {
    fn default() -> Self {
        PushConfig {
            max_attempts: 3,
            settle_delay: Duration::from_secs(3),
            lookup_margin: Duration::from_secs(3600),
            max_rate_limit_wait: Duration::from_secs(60),
            max_rate_limit_retries: 5,
        }
    }
}

/// Progress of an apply, after every batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplyProgress {
    pub run: RunId,
    pub batches_done: u32,
    /// Selected rows.
    pub rows_total: u32,
    /// Rows the engine has no more work for.
    pub rows_settled: u32,
    pub counts: RowCounts,
}

/// What an apply (or a recovery of one run) ended with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    pub run: RunId,
    pub status: PushRunStatus,
    pub counts: RowCounts,
    pub cancelled: bool,
}

/// What a recovery did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoverReport {
    /// Batches found `sending` or `uncertain`.
    pub batches: u32,
    /// Runs touched, with their state after.
    pub runs: Vec<RunReport>,
    /// Runs with rows never sent (a crash between batches): apply them again to finish.
    pub resumable: Vec<RunId>,
}

/// Another installation's recent push of this account (automatic mode stands down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OtherPush {
    pub installation: String,
    pub marker: String,
    #[specta(type = Option<String>)]
    pub at: Option<DateTime<Utc>>,
}

/// How far back the automatic mode looks for another installation's push before it stands down.
pub const AUTO_STAND_DOWN_MINUTES: i64 = 60;

/// What the automatic mode did for one account after a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AutoOutcome {
    /// Every listing is at its target (or skipped by the rules): nothing to send.
    NothingToDo,
    /// The circuit breaker tripped: nothing was sent, the push waits for the user's preview.
    Held { trip: crate::plan::Trip },
    /// Another installation pushed to this account within [`AUTO_STAND_DOWN_MINUTES`]: this one stands
    /// down (manual pushes still work, and re-read before each write).
    StoodDown { other: OtherPush },
    /// A run of every change was stored (kind automatic); the caller applies it.
    Started { run: RunId },
}

/// What to do after a batch's outcome was handled.
enum Next {
    Resend,
    Settled,
}

/// Removes a run from the busy set when its driver ends (or is dropped mid-send).
struct Claim<'a> {
    busy: &'a Mutex<HashSet<i64>>,
    id: i64,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.busy
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.id);
    }
}

/// The push engine over one journal, for one ShopDesk installation.
pub struct Pusher {
    journal: Journal,
    installation: String,
    config: PushConfig,
    busy: Mutex<HashSet<i64>>,
}

fn to_std(d: chrono::Duration) -> Duration {
    d.to_std().unwrap_or(Duration::ZERO)
}

impl Pusher {
    /// `installation`: this desktop's id (ASCII letters, digits, `-`), carried in every marker.
    pub fn new(journal: Journal, installation: impl Into<String>) -> Self {
        Pusher {
            journal,
            installation: installation.into(),
            config: PushConfig::default(),
            busy: Mutex::new(HashSet::new()),
        }
    }

    pub fn with_config(mut self, config: PushConfig) -> Self {
        self.config = config;
        self
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn installation(&self) -> &str {
        &self.installation
    }

    fn claim(&self, run: RunId) -> Result<Claim<'_>> {
        let mut set = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        if !set.insert(run.0) {
            return Err(PushError::Busy(run));
        }
        Ok(Claim {
            busy: &self.busy,
            id: run.0,
        })
    }

    /// Store a previewed plan as a run: every row (skipped ones too, for the audit), the rows of
    /// `selected` (plan indexes, with a target) to be sent.
    pub fn create_run(&self, plan: &Plan, selected: &[u32], automatic: bool) -> Result<RunId> {
        let selected: HashSet<u32> = selected.iter().copied().collect();
        let rows: Vec<NewRow> = plan
            .rows
            .iter()
            .map(|r| NewRow {
                idx: r.idx,
                group_key: r.group_key.clone(),
                sku: r.sku.clone(),
                name: r.name.clone(),
                cell: r.cell.clone(),
                planned_before: r.current,
                target: r.target,
                steps: r.steps.clone(),
                skip: r.skip,
                selected: r.target.is_some() && selected.contains(&r.idx),
            })
            .collect();
        self.journal.create_run(
            &NewRun {
                account_id: plan.account_id.clone(),
                vendor: plan.vendor,
                kind: RunKind::Push,
                undo_of: None,
                installation: self.installation.clone(),
                automatic,
                in_sync: plan.in_sync,
            },
            &rows,
        )
    }

    /// A new run of kind undo: each row `done` in `run` goes back to the figure read before its send
    /// (`vendor_before`). Applied through [`Self::apply`] like any run.
    pub fn undo(&self, run: RunId) -> Result<RunId> {
        let summary = self.journal.run(run)?;
        let rows = self.journal.rows(run)?;
        if rows.iter().any(|r| r.state == RowState::Sending) || self.journal.has_live_undo(run)? {
            return Err(PushError::NotUndoable(run));
        }
        let new_rows: Vec<NewRow> = rows
            .iter()
            .filter(|r| r.state == RowState::Done)
            .filter_map(|r| {
                r.vendor_before.map(|before| NewRow {
                    idx: r.idx,
                    group_key: r.group_key.clone(),
                    sku: r.sku.clone(),
                    name: r.name.clone(),
                    cell: r.cell.clone(),
                    planned_before: r.vendor_after,
                    target: Some(before),
                    steps: Vec::new(),
                    skip: None,
                    selected: true,
                })
            })
            .collect();
        if new_rows.is_empty() {
            return Err(PushError::NotUndoable(run));
        }
        self.journal.create_run(
            &NewRun {
                account_id: summary.account_id,
                vendor: summary.vendor,
                kind: RunKind::Undo,
                undo_of: Some(run),
                installation: self.installation.clone(),
                automatic: false,
                in_sync: 0,
            },
            &new_rows,
        )
    }

    /// The push rules of `account_id` (the defaults when none were saved).
    pub fn rules(&self, account_id: &str) -> Result<crate::rules::RuleSet> {
        self.journal.rules(account_id)
    }

    /// Save the push rules of `account_id`; out-of-bounds rules are refused ([`PushError::InvalidRules`]).
    /// The warehouse mapping the owner saved for `account_id` (`None`: the default proposal).
    pub fn mapping(&self, account_id: &str) -> Result<Option<crate::mapping::Mapping>> {
        self.journal.mapping(account_id)
    }

    /// Save (or, with `None`, forget) the warehouse mapping of `account_id`.
    pub fn set_mapping(
        &self,
        account_id: &str,
        mapping: Option<&crate::mapping::Mapping>,
    ) -> Result<()> {
        self.journal.set_mapping(account_id, mapping)
    }

    pub fn set_rules(&self, account_id: &str, rules: &crate::rules::RuleSet) -> Result<()> {
        self.journal.set_rules(account_id, rules)
    }

    /// An account's runs, newest first.
    pub fn history(&self, account_id: &str) -> Result<Vec<RunSummary>> {
        self.journal.history(account_id)
    }

    pub fn run_detail(&self, run: RunId) -> Result<RunDetail> {
        Ok(RunDetail {
            summary: self.journal.run(run)?,
            rows: self.journal.rows(run)?,
            batches: self.journal.batches(run)?,
        })
    }

    /// The most recent marker of another installation the vendor holds within `window` (delta writers
    /// only; absolute writers keep no marker and answer `None`).
    pub async fn other_installation_recent(
        &self,
        writer: &dyn StockWriter,
        window: chrono::Duration,
    ) -> Result<Option<OtherPush>> {
        let seen = writer.recent_markers(Utc::now() - window).await?;
        let mut others: Vec<OtherPush> = seen
            .into_iter()
            .filter_map(|m| {
                let inst = marker_installation(&m.marker)?;
                (inst != self.installation).then(|| OtherPush {
                    installation: inst.to_string(),
                    marker: m.marker.clone(),
                    at: m.at,
                })
            })
            .collect();
        others.sort_by_key(|o| std::cmp::Reverse(o.at));
        Ok(others.into_iter().next())
    }

    /// The automatic mode's decision for `plan` (the account's `total_skus` SKUs, its `breaker`): nothing
    /// to do, stand down for another installation's recent push (delta writers only), hold for the
    /// breaker, or store a run of every change. Sends nothing; the caller applies a started run through
    /// [`Self::apply`] like any other.
    pub async fn auto_prepare(
        &self,
        plan: &Plan,
        total_skus: u32,
        breaker: crate::plan::BreakerSettings,
        writer: &dyn StockWriter,
    ) -> Result<AutoOutcome> {
        let selected: Vec<u32> = plan.changes().map(|r| r.idx).collect();
        if selected.is_empty() {
            return Ok(AutoOutcome::NothingToDo);
        }
        let window = chrono::Duration::minutes(AUTO_STAND_DOWN_MINUTES);
        if let Some(other) = self.other_installation_recent(writer, window).await? {
            return Ok(AutoOutcome::StoodDown { other });
        }
        if let Some(trip) = crate::plan::breaker(plan, total_skus, breaker) {
            return Ok(AutoOutcome::Held { trip });
        }
        let run = self.create_run(plan, &selected, true)?;
        Ok(AutoOutcome::Started { run })
    }

    /// Send a run's planned rows. Batches left unsettled by an earlier crash are settled first. Cancel
    /// is checked between batches (the batch in flight finishes); `progress` is called after each.
    pub async fn apply(
        &self,
        run: RunId,
        writer: &dyn StockWriter,
        progress: &(dyn Fn(ApplyProgress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<RunReport> {
        let _claim = self.claim(run)?;
        let summary = self.journal.run(run)?;
        if summary.vendor != writer.vendor() {
            return Err(PushError::WrongWriter {
                run,
                expected: summary.vendor,
                got: writer.vendor(),
            });
        }
        let finished = matches!(
            summary.status,
            PushRunStatus::Done | PushRunStatus::Cancelled | PushRunStatus::Failed
        ) && summary.finished_at.is_some();
        if finished {
            return Ok(RunReport {
                run,
                status: summary.status,
                counts: summary.counts,
                cancelled: summary.status == PushRunStatus::Cancelled,
            });
        }
        self.journal
            .set_run_status(run, PushRunStatus::Running, false)?;
        for (r, batch) in self.journal.open_batches(Some(&summary.account_id))? {
            if r == run {
                self.settle_open(run, batch, writer).await?;
            }
        }
        let planned = self.journal.work_rows(run, RowState::Planned, None)?;
        let max_batch = writer.limits().max_batch.max(1);
        let mut cancelled = false;
        for (n, chunk) in planned.chunks(max_batch).enumerate() {
            if cancel.load(Ordering::SeqCst) {
                cancelled = true;
                break;
            }
            self.push_chunk(run, chunk, writer).await?;
            let counts = self.journal.run_counts(run)?;
            progress(ApplyProgress {
                run,
                batches_done: u32::try_from(n + 1).unwrap_or(u32::MAX),
                rows_total: counts.selected(),
                rows_settled: counts.settled(),
                counts,
            });
        }
        if cancelled {
            self.journal.skip_planned(run, codes::RUN_CANCELLED)?;
        }
        self.finish(run, cancelled)
    }

    /// Settle every batch left `sending` or `uncertain` of `account_id` (after a crash, or a lookup
    /// that failed): looked up / re-read, never blindly resent. Runs being applied by this process are
    /// left alone.
    pub async fn recover(
        &self,
        account_id: &str,
        writer: &dyn StockWriter,
    ) -> Result<RecoverReport> {
        let mut report = RecoverReport::default();
        let mut touched: Vec<RunId> = Vec::new();
        for (run, batch) in self.journal.open_batches(Some(account_id))? {
            let Ok(_claim) = self.claim(run) else {
                continue;
            };
            let summary = self.journal.run(run)?;
            if summary.vendor != writer.vendor() {
                continue;
            }
            report.batches += 1;
            self.settle_open(run, batch, writer).await?;
            if !touched.contains(&run) {
                touched.push(run);
            }
        }
        for run in self.journal.unfinished_runs(account_id)? {
            if !touched.contains(&run) {
                touched.push(run);
            }
        }
        for run in touched {
            let Ok(_claim) = self.claim(run) else {
                continue;
            };
            let r = self.finish(run, false)?;
            if r.counts.planned > 0 {
                report.resumable.push(run);
            }
            report.runs.push(r);
        }
        Ok(report)
    }

    /// The run's status from its rows.
    fn finish(&self, run: RunId, cancelled: bool) -> Result<RunReport> {
        let counts = self.journal.run_counts(run)?;
        let ok = counts.done + counts.already;
        let total = counts.selected();
        let status = if cancelled {
            PushRunStatus::Cancelled
        } else if ok == total {
            PushRunStatus::Done
        } else if ok == 0 && counts.failed == total {
            PushRunStatus::Failed
        } else {
            PushRunStatus::Partial
        };
        let finished = counts.sending == 0 && counts.planned == 0;
        self.journal.set_run_status(run, status, finished)?;
        Ok(RunReport {
            run,
            status,
            counts,
            cancelled,
        })
    }

    /// A batch found `sending` (a crash mid-send) or `uncertain`: its request may have landed.
    async fn settle_open(&self, run: RunId, batch: u32, writer: &dyn StockWriter) -> Result<()> {
        let b = self.journal.batch(run, batch)?;
        if b.state == BatchState::Sending {
            self.journal.set_batch_state(
                run,
                batch,
                BatchState::Uncertain,
                Some(codes::INTERRUPTED),
                None,
            )?;
        }
        if let Next::Resend = self.resolve(run, batch, writer).await? {
            self.send_loop(run, batch, writer).await?;
        }
        Ok(())
    }

    /// Read `cells` in chunks of `max_read`, waiting out rate-limit answers. A vendor answer of the
    /// wrong length is an error, never indexed blindly.
    async fn read(
        &self,
        writer: &dyn StockWriter,
        cells: &[StockCell],
    ) -> vendor_http::Result<Vec<Option<i64>>> {
        let max_read = writer.limits().max_read.max(1);
        let mut out = Vec::with_capacity(cells.len());
        for chunk in cells.chunks(max_read) {
            let mut waits = 0u32;
            let figures = loop {
                match writer.read(chunk).await {
                    Err(vendor_http::Error::RateLimited { retry_at, .. })
                        if waits < self.config.max_rate_limit_retries =>
                    {
                        waits += 1;
                        self.pause_until(retry_at).await?;
                    }
                    other => break other?,
                };
            };
            if figures.len() != chunk.len() {
                return Err(vendor_http::Error::Internal {
                    message: format!(
                        "stock read answered {} figures for {} cells",
                        figures.len(),
                        chunk.len()
                    ),
                });
            }
            out.extend(figures);
        }
        Ok(out)
    }

    /// Sleep until `retry_at` when that is within the configured limit; else the rate-limit error.
    async fn pause_until(&self, retry_at: DateTime<Utc>) -> vendor_http::Result<()> {
        let wait = to_std(retry_at - Utc::now());
        if wait > self.config.max_rate_limit_wait {
            return Err(vendor_http::Error::RateLimited {
                retry_at,
                vendor_code: None,
            });
        }
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }

    /// One batch of planned rows: re-read, journal, send, settle.
    async fn push_chunk(
        &self,
        run: RunId,
        chunk: &[WorkRow],
        writer: &dyn StockWriter,
    ) -> Result<()> {
        let cells: Vec<StockCell> = chunk.iter().map(|r| r.cell.clone().into()).collect();
        let fresh = match self.read(writer, &cells).await {
            Ok(f) => f,
            Err(e) => {
                let detail = e.to_string();
                for r in chunk {
                    self.journal.settle_row(
                        run,
                        r.idx,
                        RowState::Failed,
                        None,
                        Some(codes::READ_FAILED),
                        Some(&detail),
                    )?;
                }
                return Ok(());
            }
        };
        let mut sends: Vec<(u32, i64)> = Vec::new();
        for (r, now) in chunk.iter().zip(fresh) {
            match now {
                None => self.journal.settle_row(
                    run,
                    r.idx,
                    RowState::Failed,
                    None,
                    Some(codes::CELL_MISSING),
                    None,
                )?,
                Some(n) if n == r.target => {
                    self.journal
                        .settle_row(run, r.idx, RowState::Already, Some(n), None, None)?
                }
                Some(n) => sends.push((r.idx, n)),
            }
        }
        if sends.is_empty() {
            return Ok(());
        }
        let batch = self.journal.next_batch(run)?;
        let m = marker(&self.installation, run.0, batch);
        self.journal.begin_batch(run, batch, &m, &sends)?;
        self.send_loop(run, batch, writer).await
    }

    /// Send the batch's `sending` rows (as journaled) until its outcome is settled.
    async fn send_loop(&self, run: RunId, batch: u32, writer: &dyn StockWriter) -> Result<()> {
        let mut rate_waits = 0u32;
        // bounded: every turn spends an attempt or a rate-limit wait
        for _ in 0..(self.config.max_attempts + self.config.max_rate_limit_retries + 2) {
            let b = self.journal.batch(run, batch)?;
            let rows = self
                .journal
                .work_rows(run, RowState::Sending, Some(batch))?;
            let changes: Vec<StockChange> = rows
                .iter()
                .filter_map(|r| {
                    r.sent_from.map(|from| StockChange {
                        cell: r.cell.clone().into(),
                        from,
                        to: r.target,
                    })
                })
                .collect();
            if rows.is_empty() {
                return self
                    .journal
                    .set_batch_state(run, batch, BatchState::Done, None, None);
            }
            if changes.len() != rows.len() {
                // a row without its `from` (never journaled so): do not guess
                return self.journal.batch_settled(
                    run,
                    batch,
                    BatchState::NeedsAttention,
                    codes::INTERNAL,
                    None,
                );
            }
            let sent = writer
                .write(&StockBatch {
                    marker: b.marker.clone(),
                    changes,
                })
                .await;
            let next = match sent {
                Ok(receipt) => {
                    self.journal.batch_done(run, batch, &receipt.vendor_refs)?;
                    self.check_floored(run, &rows, writer).await?;
                    Next::Settled
                }
                Err(vendor_http::Error::RateLimited { retry_at, .. }) => {
                    // not processed: pause, then re-read and resend (no attempt spent)
                    rate_waits += 1;
                    let paused = if rate_waits > self.config.max_rate_limit_retries {
                        Err(())
                    } else {
                        self.pause_until(retry_at).await.map_err(|_| ())
                    };
                    match paused {
                        Ok(()) => self.prepare_resend(run, batch, writer, false).await?,
                        Err(()) => {
                            self.journal.batch_settled(
                                run,
                                batch,
                                BatchState::Failed,
                                codes::VENDOR_RATE_LIMITED,
                                None,
                            )?;
                            Next::Settled
                        }
                    }
                }
                Err(e) if codes::is_certain_refusal(&e) => {
                    self.journal.batch_settled(
                        run,
                        batch,
                        BatchState::Failed,
                        codes::of(&e),
                        Some(&e.to_string()),
                    )?;
                    Next::Settled
                }
                Err(e) => {
                    tracing::warn!(run = run.0, batch, error = %e, "stock batch outcome unknown");
                    self.journal.set_batch_state(
                        run,
                        batch,
                        BatchState::Uncertain,
                        Some(codes::of(&e)),
                        Some(&e.to_string()),
                    )?;
                    self.resolve(run, batch, writer).await?
                }
            };
            if let Next::Settled = next {
                return Ok(());
            }
        }
        self.journal.batch_settled(
            run,
            batch,
            BatchState::NeedsAttention,
            codes::ATTEMPTS_EXHAUSTED,
            None,
        )
    }

    /// An uncertain batch: find out whether it landed before anything is resent.
    async fn resolve(&self, run: RunId, batch: u32, writer: &dyn StockWriter) -> Result<Next> {
        if !self.config.settle_delay.is_zero() {
            tokio::time::sleep(self.config.settle_delay).await;
        }
        match writer.kind() {
            WriteKind::Absolute => self.prepare_resend(run, batch, writer, true).await,
            WriteKind::Delta => {
                let b = self.journal.batch(run, batch)?;
                let margin = chrono::Duration::from_std(self.config.lookup_margin)
                    .unwrap_or_else(|_| chrono::Duration::hours(1));
                let since = b.first_sent_at - margin;
                let mut waits = 0u32;
                let found = loop {
                    match writer.find(&b.marker, since).await {
                        Err(vendor_http::Error::RateLimited { retry_at, .. })
                            if waits < self.config.max_rate_limit_retries =>
                        {
                            waits += 1;
                            if self.pause_until(retry_at).await.is_err() {
                                break Err(vendor_http::Error::RateLimited {
                                    retry_at,
                                    vendor_code: None,
                                });
                            }
                        }
                        other => break other,
                    }
                };
                match found {
                    Ok(Lookup::Found(vendor_ref)) => {
                        tracing::info!(run = run.0, batch, marker = %b.marker, "batch found at the vendor");
                        let rows = self
                            .journal
                            .work_rows(run, RowState::Sending, Some(batch))?;
                        self.journal.batch_done(run, batch, &[vendor_ref])?;
                        self.check_floored(run, &rows, writer).await?;
                        Ok(Next::Settled)
                    }
                    Ok(Lookup::Inconclusive(why)) => {
                        self.journal.batch_settled(
                            run,
                            batch,
                            BatchState::NeedsAttention,
                            codes::LOOKUP_INCONCLUSIVE,
                            Some(&why),
                        )?;
                        Ok(Next::Settled)
                    }
                    Ok(Lookup::NotFound) => {
                        if b.attempts >= self.config.max_attempts {
                            self.journal.batch_settled(
                                run,
                                batch,
                                BatchState::NeedsAttention,
                                codes::ATTEMPTS_EXHAUSTED,
                                None,
                            )?;
                            return Ok(Next::Settled);
                        }
                        self.prepare_resend(run, batch, writer, true).await
                    }
                    Err(e) => {
                        // still uncertain: the next recovery looks again; never resent blindly
                        self.journal.set_batch_state(
                            run,
                            batch,
                            BatchState::Uncertain,
                            Some(codes::LOOKUP_FAILED),
                            Some(&e.to_string()),
                        )?;
                        Ok(Next::Settled)
                    }
                }
            }
        }
    }

    /// Re-read the batch's rows and journal a resend of those not at their target (`from` = the fresh
    /// figure). Called when the earlier send certainly did not land (delta: lookup not found; any kind:
    /// rate-limited), or for an absolute writer whose resend is harmless.
    /// A delta sent from a figure of 0 may not reach its target: a vendor that floors what it can sell
    /// at 0 (Nhanh, when more is reserved than held) showed 0 for a figure below it, so the bill moved
    /// it less far than planned. Those rows are re-read; one short of its target needs attention
    /// (`vendor.short`): the bill landed once and is never resent on its own.
    async fn check_floored(
        &self,
        run: RunId,
        rows: &[WorkRow],
        writer: &dyn StockWriter,
    ) -> Result<()> {
        if writer.kind() != WriteKind::Delta {
            return Ok(());
        }
        let suspect: Vec<&WorkRow> = rows
            .iter()
            .filter(|r| r.sent_from.is_some_and(|f| f <= 0 && r.target > f))
            .collect();
        if suspect.is_empty() {
            return Ok(());
        }
        let cells: Vec<StockCell> = suspect.iter().map(|r| r.cell.clone().into()).collect();
        let figures = match writer.read(&cells).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(run = run.0, error = %e, "could not re-read rows pushed from 0");
                return Ok(());
            }
        };
        for (r, now) in suspect.iter().zip(figures) {
            if let Some(n) = now.filter(|n| *n != r.target) {
                self.journal.settle_row(
                    run,
                    r.idx,
                    RowState::NeedsAttention,
                    Some(n),
                    Some(codes::VENDOR_SHORT),
                    None,
                )?;
            }
        }
        Ok(())
    }

    async fn prepare_resend(
        &self,
        run: RunId,
        batch: u32,
        writer: &dyn StockWriter,
        count: bool,
    ) -> Result<Next> {
        let rows = self
            .journal
            .work_rows(run, RowState::Sending, Some(batch))?;
        let cells: Vec<StockCell> = rows.iter().map(|r| r.cell.clone().into()).collect();
        let fresh = match self.read(writer, &cells).await {
            Ok(f) => f,
            Err(e) => {
                self.journal.set_batch_state(
                    run,
                    batch,
                    BatchState::Uncertain,
                    Some(codes::READ_FAILED),
                    Some(&e.to_string()),
                )?;
                return Ok(Next::Settled);
            }
        };
        let b = self.journal.batch(run, batch)?;
        // a send may have landed although unanswered: a figure at the target is ours (an absolute
        // batch is only resent after an uncertain outcome, so a second attempt means one). A delta
        // batch can land in part (Nhanh: the first of its bills), so a row that was sent from another
        // figure and now sits at its target was moved by us: done, and its undo restores it.
        let uncertain = b.state == BatchState::Uncertain || b.attempts > 1;
        let moved_by_us = |r: &WorkRow| match writer.kind() {
            WriteKind::Absolute => uncertain,
            WriteKind::Delta => uncertain && r.sent_from.is_some_and(|f| f != r.target),
        };
        let mut sends: Vec<(u32, i64)> = Vec::new();
        for (r, now) in rows.iter().zip(fresh) {
            match now {
                None => self.journal.settle_row(
                    run,
                    r.idx,
                    RowState::Failed,
                    None,
                    Some(codes::CELL_MISSING),
                    None,
                )?,
                Some(n) if n == r.target => {
                    let state = if moved_by_us(r) {
                        RowState::Done
                    } else {
                        RowState::Already
                    };
                    self.journal
                        .settle_row(run, r.idx, state, Some(n), None, None)?;
                }
                Some(n) => sends.push((r.idx, n)),
            }
        }
        if sends.is_empty() {
            self.journal
                .set_batch_state(run, batch, BatchState::Done, None, None)?;
            return Ok(Next::Settled);
        }
        if count && b.attempts >= self.config.max_attempts {
            self.journal.batch_settled(
                run,
                batch,
                BatchState::NeedsAttention,
                codes::ATTEMPTS_EXHAUSTED,
                None,
            )?;
            return Ok(Next::Settled);
        }
        // a delta whose earlier send did not land starts from the fresh figure
        let rebase = writer.kind() == WriteKind::Delta;
        self.journal
            .resend_batch(run, batch, &sends, count, rebase)?;
        Ok(Next::Resend)
    }
}
