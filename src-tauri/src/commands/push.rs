//! Stock push: preview what the POS accounts' sellable figures should be, apply it exactly once, undo it.
//! The logic is in the `stock-push` crate; these commands gather its inputs from the stock cache and run
//! the apply in the background with `push-progress` events.
//! The bodies live in `shopdesk_app::push`; each command here is one call.
use shopdesk_app::push::*;
use shopdesk_app::Desk;
use shopdesk_core::AppError;
use stock_push::{RuleSet, RunDetail, RunId, RunSummary};
use tauri::State;

/// What pushing the warehouse's stock to `account_id` would change, row by row, under the account's rules
/// (the defaults until saved: every unit Onflow can sell, nothing held back), the default warehouse
/// mapping and the POS orders not shipped yet.
#[tauri::command]
#[specta::specta]
pub async fn push_preview(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<PushPreview, AppError> {
    shopdesk_app::push::push_preview(&desk, account_id).await
}

/// Which Onflow warehouses feed each of a POS account's warehouses: the owner's saved choice, else the
/// default proposal.
#[tauri::command]
#[specta::specta]
pub async fn push_mapping(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<PushMapping, AppError> {
    shopdesk_app::push::push_mapping(&desk, account_id).await
}

/// Save which Onflow warehouses feed each POS warehouse of the account (`None`: forget the saved choice,
/// back to the default proposal). Out-of-bounds mappings are a field error.
#[tauri::command]
#[specta::specta]
pub async fn push_set_mapping(
    desk: State<'_, Desk>,
    account_id: String,
    mapping: Option<stock_push::Mapping>,
) -> Result<(), AppError> {
    shopdesk_app::push::push_set_mapping(&desk, account_id, mapping).await
}

/// The push rules of a POS account (the defaults when none were saved).
#[tauri::command]
#[specta::specta]
pub async fn push_rules(desk: State<'_, Desk>, account_id: String) -> Result<RuleSet, AppError> {
    shopdesk_app::push::push_rules(&desk, account_id).await
}

/// Save a POS account's push rules; out-of-bounds values are a field error naming the field.
#[tauri::command]
#[specta::specta]
pub async fn push_set_rules(
    desk: State<'_, Desk>,
    account_id: String,
    rules: RuleSet,
) -> Result<(), AppError> {
    shopdesk_app::push::push_set_rules(&desk, account_id, rules).await
}

/// Store the plan previewed as `preview` as a run and apply its `selected` rows in the background.
/// Answers the run id; progress arrives as `push-progress`. A preview is applied once; one replaced by a
/// newer preview of its account is refused (`Conflict`: preview again).
#[tauri::command]
#[specta::specta]
pub async fn push_apply(
    desk: State<'_, Desk>,
    preview: u32,
    selected: Vec<u32>,
) -> Result<RunId, AppError> {
    shopdesk_app::push::push_apply(&desk, preview, selected).await
}

/// Undo a run: a new run that sets every changed figure back to what it was before, through the same safe
/// path (re-read, journal, lookup before any resend).
#[tauri::command]
#[specta::specta]
pub async fn push_undo(desk: State<'_, Desk>, run: RunId) -> Result<RunId, AppError> {
    shopdesk_app::push::push_undo(&desk, run).await
}

/// Stop a run after the batch in flight.
#[tauri::command]
#[specta::specta]
pub async fn push_cancel(desk: State<'_, Desk>, run: RunId) -> Result<(), AppError> {
    shopdesk_app::push::push_cancel(&desk, run).await
}

/// An account's push runs, newest first.
#[tauri::command]
#[specta::specta]
pub async fn push_history(
    desk: State<'_, Desk>,
    account_id: String,
) -> Result<Vec<RunSummary>, AppError> {
    shopdesk_app::push::push_history(&desk, account_id).await
}

/// One run with every row (before, target, after, the rule's steps, the vendor's answer) and its batches.
#[tauri::command]
#[specta::specta]
pub async fn push_run(desk: State<'_, Desk>, run: RunId) -> Result<RunDetail, AppError> {
    shopdesk_app::push::push_run(&desk, run).await
}

/// The automatic mode's latest outcome of every POS account of the workspace (held or stood-down ones
/// are shown on the Stock page until a later sync decides again).
#[tauri::command]
#[specta::specta]
pub async fn push_auto_status(
    desk: State<'_, Desk>,
) -> Result<Vec<shopdesk_app::events::PushAuto>, AppError> {
    shopdesk_app::push::push_auto_status(&desk).await
}
