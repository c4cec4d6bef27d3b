//! Stock push: preview what the POS accounts' sellable figures should be, apply it exactly once, undo it.
//! The logic is in the `stock-push` crate; these commands gather its inputs from the stock cache and run
//! the apply in the background with `push-progress` events.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use shopdesk_core::ports::StockWriter;
use shopdesk_core::AppError;
use stock_push::{
    ApplyProgress, AutoOutcome, Cell, Plan, PlanInput, PlanRowInput, PushRunStatus, RowCounts,
    RuleSet, RunDetail, RunId, RunSummary, Trip, WhInfo,
};

use crate::events::{Event, PushAuto, PushProgress};
use crate::Desk;

/// The preview of one POS account's push.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PushPreview {
    /// What `push_apply` takes to apply exactly this plan.
    pub preview_id: u32,
    pub plan: Plan,
    /// POS warehouses no Onflow warehouse feeds by default (their rows are skipped as not mapped).
    pub unmapped_warehouses: Vec<String>,
    /// When the Onflow figures the targets start from were synced (`None`: never).
    #[specta(type = Option<String>)]
    pub physical_as_of: Option<DateTime<Utc>>,
    /// The circuit breaker's verdict on this plan (automatic mode would wait for the user).
    pub trip: Option<Trip>,
}

/// The stock writer of one account's adapter (Pancake, Nhanh), or a field error for a vendor that has none.
fn writer(client: &accounts::Adapter) -> Result<Arc<dyn StockWriter>, AppError> {
    client
        .stock_writer()
        .ok_or_else(|| accounts::field_error("account", "account.vendorUnsupported"))
}

fn wh_info(w: &store::Warehouse) -> WhInfo {
    WhInfo {
        id: w.id,
        vendor_wh_id: w.vendor_wh_id.clone(),
        name: w.name.clone(),
    }
}

/// A POS account's push source from the stock cache.
fn push_source(desk: &Desk, demo: bool, account_id: &str) -> Result<store::PushSource, AppError> {
    let db = desk.side_for(demo).stock.clone();
    let guard = crate::lock(&db)?;
    guard.push_source(account_id).map_err(AppError::from)
}

/// An account's warehouses as the mapping sees them, the owner's saved mapping, and the mapping a push
/// uses (the saved choice per POS warehouse, else the region proposal).
struct Warehouses {
    pos: Vec<WhInfo>,
    onflow: Vec<WhInfo>,
    saved: Option<stock_push::Mapping>,
    mapping: stock_push::Mapping,
}

fn warehouses(
    desk: &Desk,
    demo: bool,
    account_id: &str,
    source: &store::PushSource,
) -> Result<Warehouses, AppError> {
    let pos: Vec<WhInfo> = source.pos_warehouses.iter().map(wh_info).collect();
    let onflow: Vec<WhInfo> = source.onflow_warehouses.iter().map(wh_info).collect();
    let proposal = stock_push::default_mapping(&pos, &onflow);
    let saved = desk
        .side_for(demo)
        .pusher
        .clone()
        .mapping(account_id)
        .map_err(AppError::from)?;
    let mapping = stock_push::Mapping::effective(saved.as_ref(), &proposal.mapping, &pos, &onflow);
    Ok(Warehouses {
        pos,
        onflow,
        saved,
        mapping,
    })
}

/// One POS account's plan and what the preview and the automatic mode show beside it.
pub(crate) struct Planned {
    pub plan: Plan,
    pub rules: RuleSet,
    pub unmapped_warehouses: Vec<String>,
    pub physical_as_of: Option<DateTime<Utc>>,
    /// The account's SKUs (rows of the grid), for the breaker's share.
    pub total_skus: u32,
    /// What a push would set every row to, in sync or not (the grid's mismatch flag compares with it).
    pub targets: Vec<stock_push::RowTarget>,
}

/// The plan of `account_id` under its rules, the default warehouse mapping, the stock cache's figures
/// and the orders cache's unshipped orders.
pub(crate) async fn plan_account(
    desk: &Desk,
    demo: bool,
    account_id: &str,
) -> Result<Planned, AppError> {
    let (account, client) = desk.accounts.client(account_id).await?;
    writer(&client)?;
    let rules = desk
        .side_for(demo)
        .pusher
        .clone()
        .rules(account_id)
        .map_err(AppError::from)?;
    let source = push_source(desk, demo, account_id)?;
    // units the POS sold and has not handed to the carrier: the warehouse still counts them
    let unshipped = desk
        .side_for(demo)
        .orders
        .clone()
        .unshipped_units(account_id)
        .map_err(|e| AppError::internal(e.to_string()))?;
    let mapping = warehouses(desk, demo, account_id, &source)?.mapping;
    let unmapped_warehouses = source
        .pos_warehouses
        .iter()
        .filter(|w| !mapping.is_mapped(&w.vendor_wh_id))
        .map(|w| w.name.clone())
        .collect();
    let rows = source
        .cells
        .into_iter()
        .map(|c| PlanRowInput {
            unshipped: c
                .sku
                .as_deref()
                .map(stock_push::rules::sku_key)
                .and_then(|k| unshipped.get(&k).copied())
                .unwrap_or(0),
            group_key: c.group_key,
            sku: c.sku,
            name: c.name,
            cell: Cell {
                vendor_product_id: c.vendor_product_id,
                vendor_variation_id: c.vendor_variation_id,
                vendor_wh_id: c.vendor_wh_id,
            },
            current: c.current,
            physical_by_wh: c.physical_by_wh,
            physical_as_of: source.physical_as_of,
        })
        .collect();
    let input = PlanInput {
        account_id: account.id.clone(),
        vendor: account.vendor,
        rows,
    };
    let now = Utc::now();
    let plan = stock_push::plan(&input, &mapping, &rules, now);
    let targets = stock_push::targets(&input, &mapping, &rules, now);
    Ok(Planned {
        plan,
        targets,
        rules,
        unmapped_warehouses,
        physical_as_of: source.physical_as_of,
        total_skus: u32::try_from(source.groups).unwrap_or(u32::MAX),
    })
}

/// Record what a push would set `account_id`'s listings to, so the grid flags "Lệch tồn" exactly where a
/// push would change a figure (its rules, mapping and unshipped orders decide, not a plain comparison with
/// Onflow).
async fn check_account(desk: &Desk, demo: bool, account_id: &str) -> Result<(), AppError> {
    let p = plan_account(desk, demo, account_id).await?;
    let targets: Vec<store::PushTarget> = p
        .targets
        .into_iter()
        .map(|t| store::PushTarget {
            group_key: t.group_key,
            vendor_wh_id: t.cell.vendor_wh_id,
            target: t.target,
        })
        .collect();
    let db = desk.side_for(demo).stock.clone();
    let mut guard = crate::lock(&db)?;
    guard
        .set_push_targets(account_id, &targets)
        .map_err(AppError::from)?;
    Ok(())
}

/// The push check of every POS account of the workspace (after a sync, once the orders are in): an
/// account that cannot be planned keeps the plain comparison with Onflow.
pub async fn check_all(desk: &Desk) {
    let Ok(ws) = desk.accounts.workspace().await else {
        return;
    };
    let mut checked = false;
    for a in ws.accounts.iter().filter(|a| a.vendor.is_pos()) {
        match check_account(desk, ws.demo, &a.id).await {
            Ok(()) => checked = true,
            Err(e) => tracing::warn!(account = %a.id, error = %e, "push check did not run"),
        }
    }
    // even when no flag moved: the sync cards show the check's time
    if checked {
        desk.changed(crate::DataKind::Stock);
    }
}

/// After the owner changed an account's rules or mapping: its check again, and the grid refreshed.
async fn recheck(desk: &Desk, demo: bool, account_id: &str) {
    match check_account(desk, demo, account_id).await {
        Ok(()) => desk.changed(crate::DataKind::Stock),
        Err(e) => tracing::warn!(account = %account_id, error = %e, "push check did not run"),
    }
}

/// What pushing the warehouse's stock to `account_id` would change, row by row, under the account's rules
/// (the defaults until saved: every unit Onflow can sell, nothing held back), the default warehouse
/// mapping and the POS orders not shipped yet.
pub async fn push_preview(desk: &Desk, account_id: String) -> Result<PushPreview, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let p = plan_account(desk, demo, &account_id).await?;
    let trip = stock_push::breaker(&p.plan, p.total_skus, p.rules.breaker);
    let preview_id = desk.side_for(demo).remember_preview(p.plan.clone());
    Ok(PushPreview {
        preview_id,
        plan: p.plan,
        unmapped_warehouses: p.unmapped_warehouses,
        physical_as_of: p.physical_as_of,
        trip,
    })
}

/// One POS warehouse and the Onflow warehouses that feed it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WarehouseFeed {
    pub vendor_wh_id: String,
    pub name: String,
    /// Local ids of the Onflow warehouses whose available figures are summed (empty: none, its rows are
    /// skipped).
    #[specta(type = Vec<specta_typescript::Number>)]
    pub onflow: Vec<i64>,
    /// The owner chose it (else it is the default proposal: by region, or every Onflow warehouse for a
    /// single POS warehouse).
    pub saved: bool,
}

/// A POS account's warehouse mapping as the push uses it, and the Onflow warehouses to choose from.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PushMapping {
    pub warehouses: Vec<WarehouseFeed>,
    pub onflow: Vec<WhInfo>,
}

/// Which Onflow warehouses feed each of a POS account's warehouses: the owner's saved choice, else the
/// default proposal.
pub async fn push_mapping(desk: &Desk, account_id: String) -> Result<PushMapping, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let source = push_source(desk, demo, &account_id)?;
    let Warehouses {
        pos,
        onflow,
        saved,
        mapping,
    } = warehouses(desk, demo, &account_id, &source)?;
    let warehouses = pos
        .iter()
        .map(|w| WarehouseFeed {
            vendor_wh_id: w.vendor_wh_id.clone(),
            name: w.name.clone(),
            onflow: mapping
                .feeds
                .get(&w.vendor_wh_id)
                .cloned()
                .unwrap_or_default(),
            saved: saved
                .as_ref()
                .is_some_and(|s| s.feeds.contains_key(&w.vendor_wh_id)),
        })
        .collect();
    Ok(PushMapping { warehouses, onflow })
}

/// The pusher of the workspace holding `account_id`, when it is one of its POS accounts (else a field
/// error: only Pancake and Nhanh accounts have rules and a mapping to save).
async fn pos_pusher(desk: &Desk, account_id: &str) -> Result<Arc<stock_push::Pusher>, AppError> {
    let ws = desk.accounts.workspace().await?;
    if !ws
        .accounts
        .iter()
        .any(|a| a.id == account_id && a.vendor.is_pos())
    {
        return Err(accounts::field_error(
            "account",
            "account.vendorUnsupported",
        ));
    }
    Ok(desk.side_for(ws.demo).pusher.clone())
}

/// Save which Onflow warehouses feed each POS warehouse of the account (`None`: forget the saved choice,
/// back to the default proposal). Out-of-bounds mappings are a field error.
pub async fn push_set_mapping(
    desk: &Desk,
    account_id: String,
    mapping: Option<stock_push::Mapping>,
) -> Result<(), AppError> {
    pos_pusher(desk, &account_id)
        .await?
        .set_mapping(&account_id, mapping.as_ref())
        .map_err(AppError::from)?;
    let demo = desk.accounts.workspace().await?.demo;
    recheck(desk, demo, &account_id).await;
    Ok(())
}

/// The push rules of a POS account (the defaults when none were saved).
pub async fn push_rules(desk: &Desk, account_id: String) -> Result<RuleSet, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    desk.side_for(demo)
        .pusher
        .clone()
        .rules(&account_id)
        .map_err(AppError::from)
}

/// Save a POS account's push rules; out-of-bounds values are a field error naming the field.
pub async fn push_set_rules(
    desk: &Desk,
    account_id: String,
    rules: RuleSet,
) -> Result<(), AppError> {
    pos_pusher(desk, &account_id)
        .await?
        .set_rules(&account_id, &rules)
        .map_err(AppError::from)?;
    let demo = desk.accounts.workspace().await?.demo;
    recheck(desk, demo, &account_id).await;
    Ok(())
}

/// Store the plan previewed as `preview` as a run and apply its `selected` rows in the background.
/// Answers the run id; progress arrives as `push-progress`. A preview is applied once; one replaced by a
/// newer preview of its account is refused (`Conflict`: preview again).
pub async fn push_apply(desk: &Desk, preview: u32, selected: Vec<u32>) -> Result<RunId, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let plan = desk.side_for(demo).take_preview(preview).ok_or_else(|| {
        AppError::new(
            shopdesk_core::ErrorCode::Conflict,
            "this preview was already applied or replaced by a newer one: preview again",
        )
    })?;
    let (_, client) = desk.accounts.client(&plan.account_id).await?;
    writer(&client)?;
    let run = desk
        .side_for(demo)
        .pusher
        .clone()
        .create_run(&plan, &selected, false)
        .map_err(AppError::from)?;
    spawn_apply(desk, demo, run, plan.account_id.clone());
    Ok(run)
}

/// Undo a run: a new run that sets every changed figure back to what it was before, through the same safe
/// path (re-read, journal, lookup before any resend).
pub async fn push_undo(desk: &Desk, run: RunId) -> Result<RunId, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let pusher = desk.side_for(demo).pusher.clone();
    let account_id = pusher
        .run_detail(run)
        .map_err(AppError::from)?
        .summary
        .account_id;
    let (_, client) = desk.accounts.client(&account_id).await?;
    writer(&client)?;
    let undo = pusher.undo(run).map_err(AppError::from)?;
    spawn_apply(desk, demo, undo, account_id);
    Ok(undo)
}

/// Stop a run after the batch in flight.
pub async fn push_cancel(desk: &Desk, run: RunId) -> Result<(), AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    desk.side_for(demo).cancel(run);
    Ok(())
}

/// An account's push runs, newest first.
pub async fn push_history(desk: &Desk, account_id: String) -> Result<Vec<RunSummary>, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    desk.side_for(demo)
        .pusher
        .clone()
        .history(&account_id)
        .map_err(AppError::from)
}

/// One run with every row (before, target, after, the rule's steps, the vendor's answer) and its batches.
pub async fn push_run(desk: &Desk, run: RunId) -> Result<RunDetail, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    desk.side_for(demo)
        .pusher
        .clone()
        .run_detail(run)
        .map_err(AppError::from)
}

/// The automatic mode's latest outcome of every POS account of the workspace (held or stood-down ones
/// are shown on the Stock page until a later sync decides again).
pub async fn push_auto_status(desk: &Desk) -> Result<Vec<PushAuto>, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    Ok(desk.side_for(demo).autos())
}

/// After a sync: every POS account whose rules turn the automatic mode on pushes what changed — unless
/// another installation pushed to it recently (it stands down) or the circuit breaker trips (it waits
/// for the user). The sync that follows an automatic push starts none itself.
pub async fn auto_after_sync(desk: &Desk) {
    if desk.take_after_push_sync() {
        return;
    }
    let Ok(ws) = desk.accounts.workspace().await else {
        return;
    };
    let mut pushed = false;
    for a in ws.accounts.iter().filter(|a| a.vendor.is_pos()) {
        match auto_account(desk, ws.demo, &a.id).await {
            Ok(started) => pushed |= started,
            Err(e) => tracing::warn!(account = %a.id, error = %e, "automatic push did not run"),
        }
    }
    if pushed {
        // the vendors' figures changed: a full sync shows them in the grid
        desk.resync_after_push();
    }
}

/// The automatic mode for one account; answers whether a run was applied.
async fn auto_account(desk: &Desk, demo: bool, account_id: &str) -> Result<bool, AppError> {
    let pusher = desk.side_for(demo).pusher.clone();
    if !pusher.rules(account_id).map_err(AppError::from)?.automatic {
        return Ok(false);
    }
    let p = plan_account(desk, demo, account_id).await?;
    let (_, client) = desk.accounts.client(account_id).await?;
    let writer = writer(&client)?;
    let outcome = pusher
        .auto_prepare(&p.plan, p.total_skus, p.rules.breaker, writer.as_ref())
        .await
        .map_err(AppError::from)?;
    match &outcome {
        AutoOutcome::Held { trip } => {
            tracing::info!(account = %account_id, ?trip, "automatic push waits for the user")
        }
        AutoOutcome::StoodDown { other } => {
            tracing::warn!(account = %account_id, other = %other.installation, "automatic push stands down: another installation pushed recently")
        }
        AutoOutcome::Started { run } => {
            tracing::info!(account = %account_id, run = run.0, "automatic push started")
        }
        AutoOutcome::NothingToDo => {}
    }
    let auto = PushAuto {
        account_id: account_id.to_string(),
        at: Utc::now(),
        outcome: outcome.clone(),
    };
    desk.side_for(demo).remember_auto(auto.clone());
    desk.emit(Event::PushAuto(auto));
    if let AutoOutcome::Started { run } = outcome {
        apply_run(desk, demo, run, account_id).await;
        return Ok(true);
    }
    Ok(false)
}

/// Apply a stored run in the background, then sync (the vendors' figures changed).
fn spawn_apply(desk: &Desk, demo: bool, run: RunId, account_id: String) {
    let d = desk.clone();
    desk.spawn(async move {
        apply_run(&d, demo, run, &account_id).await;
        // the grid shows the new figures (and the mismatches clear) after a full sync
        d.resync_after_push();
    });
}

/// Apply a stored run with `push-progress` events, to its end.
async fn apply_run(desk: &Desk, demo: bool, run: RunId, account_id: &str) {
    let pusher = desk.side_for(demo).pusher.clone();
    let cancel: Arc<AtomicBool> = desk.side_for(demo).cancel_flag(run);
    let finish = |status: PushRunStatus, counts: RowCounts| {
        desk.emit(Event::PushProgress(PushProgress {
            run,
            account_id: account_id.to_string(),
            rows_total: counts.selected(),
            rows_settled: counts.settled(),
            counts,
            status,
            finished: true,
        }));
    };
    let client = match desk.accounts.client(account_id).await {
        Ok((_, c)) => c,
        Err(e) => {
            tracing::warn!(account = %account_id, error = %e, "push: the account is gone");
            finish(PushRunStatus::Failed, RowCounts::default());
            return;
        }
    };
    let Some(writer) = client.stock_writer() else {
        finish(PushRunStatus::Failed, RowCounts::default());
        return;
    };
    let progress = |p: ApplyProgress| {
        desk.emit(Event::PushProgress(PushProgress {
            run: p.run,
            account_id: account_id.to_string(),
            rows_total: p.rows_total,
            rows_settled: p.rows_settled,
            counts: p.counts,
            status: PushRunStatus::Running,
            finished: false,
        }));
    };
    let applied = pusher.apply(run, writer.as_ref(), &progress, &cancel).await;
    desk.side_for(demo).forget(run);
    match applied {
        Ok(report) => {
            tracing::info!(run = run.0, status = ?report.status, done = report.counts.done, "push applied");
            finish(report.status, report.counts);
        }
        Err(e) => {
            tracing::warn!(run = run.0, error = %e, "push did not finish");
            let counts = pusher
                .run_detail(run)
                .map(|d| d.summary.counts)
                .unwrap_or_default();
            finish(PushRunStatus::Failed, counts);
        }
    }
}

/// At start-up: settle every batch a crash left unsettled, account by account (looked up and re-read,
/// never blindly resent).
pub fn schedule_recover(desk: &Desk) {
    let desk_ = desk.clone();
    desk.spawn(async move {
        let desk = desk_;
        let Ok(ws) = desk.accounts.workspace().await else {
            return;
        };
        let pusher = desk.side_for(ws.demo).pusher.clone();
        for a in ws.accounts.iter().filter(|a| a.vendor.is_pos()) {
            let Ok((_, client)) = desk.accounts.client(&a.id).await else {
                continue;
            };
            let Some(writer) = client.stock_writer() else {
                continue;
            };
            match pusher.recover(&a.id, writer.as_ref()).await {
                Ok(r) if r.batches > 0 => {
                    tracing::info!(account = %a.id, batches = r.batches, "push batches settled after a restart")
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(account = %a.id, error = %e, "push recovery did not finish")
                }
            }
        }
    });
}
