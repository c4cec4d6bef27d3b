//! Orders: the form's targets and item picker, submission through the outbox, the outbox list.

use std::collections::BTreeMap;
use std::sync::Arc;

use order_list::{
    OrderCache, OrderDetail, OrderFilter, OrderListError, OrderPage, OrderSource, StatusCount,
};
use orders::{
    OrderDraft, OrderId, OrderSink, Outbox, OutboxEntry, OutboxError, OutboxListing,
    State as SendState,
};
use serde::Serialize;
use shopdesk_core::order::OrderOptions;
use shopdesk_core::{AppError, ErrorCode, ErrorDetails, Vendor};
use store::CatalogItem;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::state::AppState;

/// A warehouse / depot an order can ship from.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TargetWarehouse {
    /// The vendor's id (what goes into the order).
    pub id: String,
    pub name: String,
}

/// An account orders can be sent to, with its warehouses (from the stock cache).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderTarget {
    pub account_id: String,
    pub vendor: Vendor,
    pub label: String,
    pub warehouses: Vec<TargetWarehouse>,
}

pub fn outbox_error(e: OutboxError) -> AppError {
    match e {
        OutboxError::Invalid(fields) => AppError::new(ErrorCode::Validation, fields.to_string())
            .with_details(ErrorDetails {
                fields: fields.0.into_iter().collect::<BTreeMap<_, _>>(),
                ..Default::default()
            }),
        OutboxError::NoPort { .. } => AppError::new(ErrorCode::NotFound, e.to_string()),
        OutboxError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
        other => AppError::internal(other.to_string()),
    }
}

/// The order sink (create, lookup by reference, the form's vendor lists) of one account's client.
pub fn port(client: &accounts::Adapter) -> Result<Arc<dyn OrderSink>, AppError> {
    client
        .order_sink()
        .ok_or_else(|| accounts::field_error("account", "account.vendorUnsupported"))
}

/// The order source (list, detail, cancel) of one account's client.
pub fn source(client: &accounts::Adapter) -> Result<&dyn OrderSource, AppError> {
    client
        .order_source()
        .ok_or_else(|| accounts::field_error("account", "account.vendorUnsupported"))
}

pub fn list_error(e: OrderListError) -> AppError {
    match e {
        OrderListError::Vendor(v) => v.into(),
        OrderListError::Cache(c) => AppError::internal(c.to_string()),
    }
}

/// The accounts of the workspace being shown, each with its warehouses.
#[tauri::command]
#[specta::specta]
pub async fn order_targets(state: State<'_, AppState>) -> Result<Vec<OrderTarget>, AppError> {
    let ws = state.accounts.workspace().await?;
    let warehouses = state.with_stock(|s| s.warehouses()).await?;
    Ok(ws
        .accounts
        .iter()
        .map(|a| OrderTarget {
            account_id: a.id.clone(),
            vendor: a.vendor,
            label: a.label.clone(),
            warehouses: warehouses
                .iter()
                .filter(|w| w.account_id == a.id)
                .map(|w| TargetWarehouse {
                    id: w.vendor_wh_id.clone(),
                    name: w.name.clone(),
                })
                .collect(),
        })
        .collect())
}

/// The target account's listings by SKU, barcode or name, with that account's stock per warehouse.
#[tauri::command]
#[specta::specta]
pub async fn catalog_search(
    state: State<'_, AppState>,
    account_id: String,
    query: String,
) -> Result<Vec<CatalogItem>, AppError> {
    state
        .with_stock(|s| s.catalog_search(&account_id, &query, 20))
        .await
}

/// Validate the draft in Rust (field errors come back as `Validation` with `details.fields`), store it
/// in the outbox with its client reference, and send it in the background. Answers the entry at once
/// (state `queued`); `data-changed {kind: "orders"}` follows every state change.
#[tauri::command]
#[specta::specta]
pub async fn order_submit(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: OrderDraft,
) -> Result<OutboxEntry, AppError> {
    let demo = state.accounts.workspace().await?.demo;
    orders::validate(&draft).map_err(|f| outbox_error(OutboxError::Invalid(f)))?;
    let (account, client) = state.accounts.client(&draft.target.account_id).await?;
    if account.vendor != draft.target.vendor {
        return Err(accounts::field_error("target.accountId", "account.vendor"));
    }
    let outbox = state.orders.outbox(demo).clone();
    let id = outbox.enqueue(&draft).map_err(outbox_error)?;
    let entry = outbox.get(id).map_err(outbox_error)?;
    crate::events::changed(&app, crate::events::DataKind::Orders);
    spawn_drive_all(app, outbox, state.orders.list(demo), vec![(id, client)]);
    Ok(entry)
}

/// Send outbox entries one after another in the background; each created order is read back into the
/// orders list, and `data-changed {orders}` follows each one.
pub fn spawn_drive_all<R: Runtime>(
    app: AppHandle<R>,
    outbox: Outbox,
    list: Arc<OrderCache>,
    jobs: Vec<(OrderId, accounts::Adapter)>,
) {
    tauri::async_runtime::spawn(async move {
        for (id, client) in jobs {
            drive_one(&outbox, &list, id, &client).await;
            crate::events::changed(&app, crate::events::DataKind::Orders);
        }
    });
}

async fn drive_one(outbox: &Outbox, list: &OrderCache, id: OrderId, client: &accounts::Adapter) {
    let sink = match port(client) {
        Ok(sink) => sink,
        Err(e) => {
            // the entry stays queued: the outbox resumes it when the account can take orders
            tracing::warn!(id = id.0, error = %e, "order send not started");
            return;
        }
    };
    if let Err(e) = outbox.drive(id, sink.as_ref()).await {
        tracing::warn!(id = id.0, error = %e, "order send stopped");
    }
    if let Ok(entry) = outbox.get(id) {
        if let (SendState::Created, Some(vendor_id), Ok(source)) =
            (entry.state, &entry.vendor_order_id, source(client))
        {
            let r = order_list::refresh_order(list, &entry.account_id, source, vendor_id).await;
            if let Err(e) = r {
                tracing::warn!(id = id.0, error = %e, "created order not read back yet");
            }
        }
    }
}

/// Every order entered in ShopDesk (the outbox), newest first, with its sending state.
#[tauri::command]
#[specta::specta]
pub async fn order_outbox(state: State<'_, AppState>) -> Result<OutboxListing, AppError> {
    let demo = state.accounts.workspace().await?.demo;
    state.orders.outbox(demo).list().map_err(outbox_error)
}

/// "Try again" on an order that needs attention: it is looked up at the vendor first, then re-sent
/// only if the vendor does not have it.
#[tauri::command]
#[specta::specta]
pub async fn order_retry(
    app: AppHandle,
    state: State<'_, AppState>,
    id: OrderId,
) -> Result<OutboxEntry, AppError> {
    let demo = state.accounts.workspace().await?.demo;
    let outbox = state.orders.outbox(demo).clone();
    let entry = outbox.retry(id).map_err(outbox_error)?;
    let (_, client) = state.accounts.client(&entry.account_id).await?;
    spawn_drive_all(app, outbox, state.orders.list(demo), vec![(id, client)]);
    Ok(entry)
}

/// Start-up and periodic recovery: every queued or unknown order of a connected account is looked up
/// and sent at most once more (see the `orders` crate).
pub fn schedule_resume<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            if let Err(e) = resume_once(&app).await {
                tracing::warn!(error = %e, "order outbox resume failed");
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        }
    });
}

async fn resume_once<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    let state = app.state::<AppState>();
    let ws = state.accounts.workspace().await?;
    let outbox = state.orders.outbox(ws.demo).clone();
    let pending = outbox.pending().map_err(outbox_error)?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut ports = orders::Ports::new();
    for a in &ws.accounts {
        if pending.iter().any(|p| p.account_id == a.id) {
            if let Ok(sink) = state
                .accounts
                .client(&a.id)
                .await
                .and_then(|(_, c)| port(&c))
            {
                ports.insert(a.id.clone(), sink);
            }
        }
    }
    let report = outbox.resume(&ports).await.map_err(outbox_error)?;
    tracing::info!(?report, "order outbox resumed");
    crate::events::changed(app, crate::events::DataKind::Orders);
    Ok(())
}

async fn demo(state: &State<'_, AppState>) -> Result<bool, AppError> {
    Ok(state.accounts.workspace().await?.demo)
}

/// One page of the orders list across accounts, from the local cache.
#[tauri::command]
#[specta::specta]
pub async fn orders_list(
    state: State<'_, AppState>,
    filter: OrderFilter,
) -> Result<OrderPage, AppError> {
    let demo = demo(&state).await?;
    state
        .orders
        .list(demo)
        .list(&filter)
        .map_err(|e| list_error(e.into()))
}

/// How many orders per normalized status (the status filter ignored), for the status tabs.
#[tauri::command]
#[specta::specta]
pub async fn orders_status_counts(
    state: State<'_, AppState>,
    filter: OrderFilter,
) -> Result<Vec<StatusCount>, AppError> {
    let demo = demo(&state).await?;
    state
        .orders
        .list(demo)
        .status_counts(&filter)
        .map_err(|e| list_error(e.into()))
}

/// One order with its items and the vendor's status history (from the cache).
#[tauri::command]
#[specta::specta]
pub async fn order_detail(
    state: State<'_, AppState>,
    account_id: String,
    vendor_order_id: String,
) -> Result<Option<OrderDetail>, AppError> {
    let demo = demo(&state).await?;
    state
        .orders
        .list(demo)
        .detail(&account_id, &vendor_order_id)
        .map_err(|e| list_error(e.into()))
}

/// Cancel at the vendor (Pancake status change, Nhanh cancel / carrier cancel, Onflow cancel); the
/// order as the vendor reports it afterwards is stored and answered. A refusal keeps the vendor's code.
#[tauri::command]
#[specta::specta]
pub async fn order_cancel(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    vendor_order_id: String,
) -> Result<OrderDetail, AppError> {
    let demo = demo(&state).await?;
    let (_, client) = state.accounts.client(&account_id).await?;
    let list = state.orders.list(demo);
    let r = order_list::cancel_order(&list, &account_id, source(&client)?, &vendor_order_id).await;
    crate::events::changed(&app, crate::events::DataKind::Orders);
    r.map_err(list_error)
}

/// Pull every account's orders into the cache now (also runs after each stock sync).
#[tauri::command]
#[specta::specta]
pub async fn orders_sync(app: AppHandle) -> Result<(), AppError> {
    sync_orders(&app).await
}

/// Pull the orders of every account of the workspace shown, concurrently; progress as `sync-progress`
/// with phase `orders`.
pub async fn sync_orders<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    use tauri_specta::Event;
    let state = app.state::<AppState>();
    let ws = state.accounts.workspace().await?;
    let list = state.orders.list(ws.demo);
    let mut clients = Vec::new();
    for a in &ws.accounts {
        // single-flight: a second "sync now" while this account's orders are syncing does nothing
        let Some(guard) = state
            .accounts
            .flights()
            .try_start(format!("orders:{}", a.id))
        else {
            continue;
        };
        match state.accounts.client(&a.id).await {
            Ok((_, c)) => clients.push((a.id.clone(), c, guard)),
            Err(e) => {
                tracing::warn!(account = %a.id, error = %e, "cannot sync this account's orders")
            }
        }
    }
    let jobs = clients.into_iter().map(|(id, c, guard)| {
        let list = list.clone();
        let app = app.clone();
        async move {
            let _guard = guard;
            let progress = |done: u64, total: u64| {
                let _ = crate::events::SyncProgress {
                    account_id: id.clone(),
                    phase: crate::events::SyncPhase::Orders,
                    done: u32::try_from(done).unwrap_or(u32::MAX),
                    total: u32::try_from(total).unwrap_or(u32::MAX),
                }
                .emit(&app);
            };
            let run = async {
                order_list::sync_account(&list, &id, source(&c)?, &progress)
                    .await
                    .map_err(list_error)
            };
            if let Err(e) = shopdesk_core::flight::contain("the order sync", run).await {
                tracing::warn!(account = %id, error = %e, "order sync failed");
            }
        }
    });
    futures::future::join_all(jobs).await;
    crate::events::changed(app, crate::events::DataKind::Orders);
    Ok(())
}

// the account's `OrderSink::order_options` (no doc comment: it would reach the generated bindings)
#[tauri::command]
#[specta::specta]
pub async fn order_options(
    state: State<'_, AppState>,
    account_id: String,
) -> Result<OrderOptions, AppError> {
    let (_, client) = state.accounts.client(&account_id).await?;
    Ok(port(&client)?.order_options().await?)
}
