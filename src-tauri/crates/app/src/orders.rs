//! Orders: the form's targets and item picker, submission through the outbox, the outbox list.

use std::sync::Arc;

use order_cache::{OrderCache, OrderDetail, OrderFilter, OrderPage, OrderSource, StatusCount};
use order_outbox::{
    OrderDraft, OrderId, OrderSink, Outbox, OutboxEntry, OutboxError, OutboxListing,
    State as SendState,
};
use serde::Serialize;
use shopdesk_core::order::OrderOptions;
use shopdesk_core::{AppError, Vendor};
use store::CatalogItem;

use crate::Desk;

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

/// The accounts of the workspace being shown, each with its warehouses.
pub async fn order_targets(desk: &Desk) -> Result<Vec<OrderTarget>, AppError> {
    let ws = desk.accounts.workspace().await?;
    let warehouses = desk.with_stock(|s| s.warehouses()).await?;
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
pub async fn catalog_search(
    desk: &Desk,
    account_id: String,
    query: String,
) -> Result<Vec<CatalogItem>, AppError> {
    desk.with_stock(|s| s.catalog_search(&account_id, &query, 20))
        .await
}

/// Validate the draft in Rust (field errors come back as `Validation` with `details.fields`), store it
/// in the outbox with its client reference, and send it in the background. Answers the entry at once
/// (state `queued`); `data-changed {kind: "orders"}` follows every state change.
pub async fn order_submit(desk: &Desk, draft: OrderDraft) -> Result<OutboxEntry, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    order_outbox::validate(&draft).map_err(|f| AppError::from(OutboxError::Invalid(f)))?;
    let (account, client) = desk.accounts.client(&draft.target.account_id).await?;
    if account.vendor != draft.target.vendor {
        return Err(accounts::field_error("target.accountId", "account.vendor"));
    }
    let outbox = desk.side_for(demo).outbox.clone();
    let id = outbox.enqueue(&draft).map_err(AppError::from)?;
    let entry = outbox.get(id).map_err(AppError::from)?;
    desk.changed(crate::DataKind::Orders);
    spawn_drive_all(
        desk,
        outbox,
        desk.side_for(demo).orders.clone(),
        vec![(id, client)],
    );
    Ok(entry)
}

/// Send outbox entries one after another in the background; each created order is read back into the
/// orders list, and `data-changed {orders}` follows each one.
pub fn spawn_drive_all(
    desk: &Desk,
    outbox: Outbox,
    list: Arc<OrderCache>,
    jobs: Vec<(OrderId, accounts::Adapter)>,
) {
    let d = desk.clone();
    desk.spawn(async move {
        let desk = d;
        for (id, client) in jobs {
            drive_one(&outbox, &list, id, &client).await;
            desk.changed(crate::DataKind::Orders);
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
            let r = order_cache::refresh_order(list, &entry.account_id, source, vendor_id).await;
            if let Err(e) = r {
                tracing::warn!(id = id.0, error = %e, "created order not read back yet");
            }
        }
    }
}

/// Every order entered in ShopDesk (the outbox), newest first, with its sending state.
pub async fn order_outbox(desk: &Desk) -> Result<OutboxListing, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    desk.side_for(demo).outbox.list().map_err(AppError::from)
}

/// "Try again" on an order that needs attention: it is looked up at the vendor first, then re-sent
/// only if the vendor does not have it.
pub async fn order_retry(desk: &Desk, id: OrderId) -> Result<OutboxEntry, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let outbox = desk.side_for(demo).outbox.clone();
    let entry = outbox.retry(id).map_err(AppError::from)?;
    let (_, client) = desk.accounts.client(&entry.account_id).await?;
    spawn_drive_all(
        desk,
        outbox,
        desk.side_for(demo).orders.clone(),
        vec![(id, client)],
    );
    Ok(entry)
}

/// Start-up and periodic recovery: every queued or unknown order of a connected account is looked up
/// and sent at most once more (see the `orders` crate).
pub fn schedule_resume(desk: &Desk) {
    let d = desk.clone();
    desk.spawn(async move {
        loop {
            if let Err(e) = resume_once(&d).await {
                tracing::warn!(error = %e, "order outbox resume failed");
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        }
    });
}

async fn resume_once(desk: &Desk) -> Result<(), AppError> {
    let ws = desk.accounts.workspace().await?;
    let outbox = desk.side_for(ws.demo).outbox.clone();
    let pending = outbox.pending().map_err(AppError::from)?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut ports = order_outbox::Ports::new();
    for a in &ws.accounts {
        if pending.iter().any(|p| p.account_id == a.id) {
            if let Ok(sink) = desk
                .accounts
                .client(&a.id)
                .await
                .and_then(|(_, c)| port(&c))
            {
                ports.insert(a.id.clone(), sink);
            }
        }
    }
    let report = outbox.resume(&ports).await.map_err(AppError::from)?;
    tracing::info!(?report, "order outbox resumed");
    desk.changed(crate::DataKind::Orders);
    Ok(())
}

async fn demo(desk: &Desk) -> Result<bool, AppError> {
    Ok(desk.accounts.workspace().await?.demo)
}

/// One page of the orders list across accounts, from the local cache.
pub async fn orders_list(desk: &Desk, filter: OrderFilter) -> Result<OrderPage, AppError> {
    let demo = demo(desk).await?;
    desk.side_for(demo)
        .orders
        .clone()
        .list(&filter)
        .map_err(AppError::from)
}

/// How many orders per normalized status (the status filter ignored), for the status tabs.
pub async fn orders_status_counts(
    desk: &Desk,
    filter: OrderFilter,
) -> Result<Vec<StatusCount>, AppError> {
    let demo = demo(desk).await?;
    desk.side_for(demo)
        .orders
        .clone()
        .status_counts(&filter)
        .map_err(AppError::from)
}

/// One order with its items and the vendor's status history (from the cache).
pub async fn order_detail(
    desk: &Desk,
    account_id: String,
    vendor_order_id: String,
) -> Result<Option<OrderDetail>, AppError> {
    let demo = demo(desk).await?;
    desk.side_for(demo)
        .orders
        .clone()
        .detail(&account_id, &vendor_order_id)
        .map_err(AppError::from)
}

/// Cancel at the vendor (Pancake status change, Nhanh cancel / carrier cancel, Onflow cancel); the
/// order as the vendor reports it afterwards is stored and answered. A refusal keeps the vendor's code.
pub async fn order_cancel(
    desk: &Desk,
    account_id: String,
    vendor_order_id: String,
) -> Result<OrderDetail, AppError> {
    let demo = demo(desk).await?;
    let (_, client) = desk.accounts.client(&account_id).await?;
    let list = desk.side_for(demo).orders.clone();
    let r = order_cache::cancel_order(&list, &account_id, source(&client)?, &vendor_order_id).await;
    desk.changed(crate::DataKind::Orders);
    r.map_err(AppError::from)
}

/// Pull every account's orders into the cache now (also runs after each stock sync).
pub async fn orders_sync(desk: &Desk) -> Result<(), AppError> {
    sync_orders(desk).await
}

/// Pull the orders of every account of the workspace shown, concurrently; progress as `sync-progress`
/// with phase `orders`.
pub async fn sync_orders(desk: &Desk) -> Result<(), AppError> {
    let ws = desk.accounts.workspace().await?;
    let list = desk.side_for(ws.demo).orders.clone();
    let mut clients = Vec::new();
    for a in &ws.accounts {
        // single-flight: a second "sync now" while this account's orders are syncing does nothing
        let Some(guard) = desk
            .accounts
            .flights()
            .try_start(format!("orders:{}", a.id))
        else {
            continue;
        };
        match desk.accounts.client(&a.id).await {
            Ok((_, c)) => clients.push((a.id.clone(), c, guard)),
            Err(e) => {
                tracing::warn!(account = %a.id, error = %e, "cannot sync this account's orders")
            }
        }
    }
    let jobs = clients.into_iter().map(|(id, c, guard)| {
        let list = list.clone();
        async move {
            let _guard = guard;
            let progress = |done: u64, total: u64| {
                desk.emit(crate::Event::SyncProgress(crate::events::SyncProgress {
                    account_id: id.clone(),
                    phase: crate::events::SyncPhase::Orders,
                    done: u32::try_from(done).unwrap_or(u32::MAX),
                    total: u32::try_from(total).unwrap_or(u32::MAX),
                }));
            };
            let run = async {
                order_cache::sync_account(&list, &id, source(&c)?, &progress)
                    .await
                    .map_err(AppError::from)
            };
            if let Err(e) = shopdesk_core::flight::contain("the order sync", run).await {
                tracing::warn!(account = %id, error = %e, "order sync failed");
            }
        }
    });
    futures::future::join_all(jobs).await;
    desk.changed(crate::DataKind::Orders);
    Ok(())
}

// the account's `OrderSink::order_options` (no doc comment: it would reach the generated bindings)
pub async fn order_options(desk: &Desk, account_id: String) -> Result<OrderOptions, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    Ok(port(&client)?.order_options().await?)
}

/// A refused order (`failed`: the vendor created nothing), fixed in the form and sent again: stored
/// under a **new** reference that keeps the old one in its history (the old entry stays, marked as
/// replaced), then sent in the background through the same exactly-once path as a new order. Field
/// errors come back as `Validation`; an entry that is not refused, or already replaced or dismissed,
/// answers `Conflict`.
pub async fn order_resend(
    desk: &Desk,
    id: OrderId,
    draft: OrderDraft,
) -> Result<OutboxEntry, AppError> {
    let demo = demo(desk).await?;
    order_outbox::validate(&draft).map_err(|f| AppError::from(OutboxError::Invalid(f)))?;
    let (account, client) = desk.accounts.client(&draft.target.account_id).await?;
    if account.vendor != draft.target.vendor {
        return Err(accounts::field_error("target.accountId", "account.vendor"));
    }
    let outbox = desk.side_for(demo).outbox.clone();
    let new_id = outbox.resend(id, &draft).map_err(AppError::from)?;
    let entry = outbox.get(new_id).map_err(AppError::from)?;
    desk.changed(crate::DataKind::Orders);
    spawn_drive_all(
        desk,
        outbox,
        desk.side_for(demo).orders.clone(),
        vec![(new_id, client)],
    );
    Ok(entry)
}

/// Dismiss a refused order or one that needs attention: it stays in the list but no longer asks for
/// action. Nothing is sent to or cancelled at the vendor.
pub async fn order_dismiss(desk: &Desk, id: OrderId) -> Result<OutboxEntry, AppError> {
    let demo = demo(desk).await?;
    let e = desk
        .side_for(demo)
        .outbox
        .dismiss(id)
        .map_err(AppError::from)?;
    desk.changed(crate::DataKind::Orders);
    Ok(e)
}

/// The order's tracking page for the customer, read from the vendor now (Pancake
/// `orders/get_tracking_url`, Nhanh `trackingUrl`); `None` when the vendor gives none (Onflow
/// documents none). Only a link ShopDesk would open is answered.
pub async fn order_tracking_link(
    desk: &Desk,
    account_id: String,
    vendor_order_id: String,
) -> Result<Option<String>, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    let link = source(&client)?.tracking_link(&vendor_order_id).await?;
    link.map(|l| shopdesk_core::links::openable(&l).map(|u| u.to_string()))
        .transpose()
}

/// Open the order's tracking page (read from the vendor again) in the system browser; answers it.
pub async fn order_open_tracking(
    desk: &Desk,
    account_id: String,
    vendor_order_id: String,
) -> Result<String, AppError> {
    let url = order_tracking_link(desk, account_id, vendor_order_id)
        .await?
        .ok_or_else(|| {
            AppError::new(
                shopdesk_core::ErrorCode::NotFound,
                "the vendor gives no tracking page for this order",
            )
        })?;
    desk.host().open_url(&url)?;
    Ok(url)
}

/// Largest label PDF accepted from the vendor (a label is a page or two; this bounds a hostile answer).
pub const MAX_LABEL_BYTES: usize = 10 * 1024 * 1024;

/// Print the order's shipping label: the vendor's label link (Pancake
/// `products/get_logistics_shipping_document`, `SHIPPING_LABEL`), its PDF fetched here and checked,
/// then written and opened in the system viewer (the `SHOPDESK_PRINT_DIR` seam writes it there
/// instead). Answers the file's path. `NotFound` when the vendor prints no labels (Nhanh, Onflow).
pub async fn order_print_label(
    desk: &Desk,
    account_id: String,
    vendor_order_id: String,
) -> Result<String, AppError> {
    let (account, client) = desk.accounts.client(&account_id).await?;
    let url = source(&client)?
        .shipping_label(&vendor_order_id)
        .await?
        .ok_or_else(|| {
            AppError::new(
                shopdesk_core::ErrorCode::NotFound,
                "the vendor has no shipping label for this order",
            )
        })?;
    let url = shopdesk_core::links::openable(&url)?;
    let pdf = fetch_pdf(url).await?;
    let safe: String = vendor_order_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    let name = format!("nhan-van-chuyen-{}-{safe}.pdf", account.vendor.as_str());
    let path = desk.host().open_document(&name, &pdf)?;
    Ok(path.display().to_string())
}

/// GET a label PDF: a 2xx answer of at most [`MAX_LABEL_BYTES`] that starts with `%PDF-`.
pub async fn fetch_pdf(url: reqwest::Url) -> Result<Vec<u8>, AppError> {
    use shopdesk_core::ErrorCode;
    let refused = |why: String| AppError::new(ErrorCode::VendorRejected, why);
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| AppError::internal(format!("http client: {e}")))?;
    let mut resp = client.get(url.clone()).send().await.map_err(|e| {
        AppError::new(
            ErrorCode::Network,
            format!("the label could not be downloaded: {e}"),
        )
    })?;
    if !resp.status().is_success() {
        return Err(refused(format!(
            "the label link answered HTTP {}",
            resp.status().as_u16()
        )));
    }
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_LABEL_BYTES as u64)
    {
        return Err(refused("the label is larger than ShopDesk accepts".into()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| {
        AppError::new(
            ErrorCode::Network,
            format!("the label download broke off: {e}"),
        )
    })? {
        if body.len() + chunk.len() > MAX_LABEL_BYTES {
            return Err(refused("the label is larger than ShopDesk accepts".into()));
        }
        body.extend_from_slice(&chunk);
    }
    if !body.starts_with(b"%PDF-") {
        return Err(refused("the label link did not answer a PDF".into()));
    }
    Ok(body)
}

/// Largest packing-slip page the print seam writes.
const MAX_SLIP_BYTES: usize = 2 * 1024 * 1024;

/// The packing slip prints from the window (`window.print()`); under the `SHOPDESK_PRINT_DIR` seam the
/// page's HTML is written there instead and `true` answered (the window then does not open its print
/// dialog, which a WebDriver cannot drive). `false` everywhere else.
pub async fn order_slip_capture(
    desk: &Desk,
    vendor_order_id: String,
    html: String,
) -> Result<bool, AppError> {
    let Some(dir) = desk.host().print_capture_dir() else {
        return Ok(false);
    };
    if html.len() > MAX_SLIP_BYTES {
        return Err(AppError::new(
            shopdesk_core::ErrorCode::Validation,
            "the packing slip page is too large",
        ));
    }
    let safe: String = vendor_order_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    let path = dir.join(format!("phieu-dong-goi-{safe}.html"));
    std::fs::write(&path, html)
        .map_err(|e| AppError::internal(format!("could not write {}: {e}", path.display())))?;
    Ok(true)
}

/// Save the orders list as filtered (every matching row, its page ignored) to CSV or Excel with
/// Vietnamese headers; asks where (the `SHOPDESK_EXPORT_DIR` seam in tests). `None` when cancelled.
pub async fn orders_export(
    desk: &Desk,
    filter: OrderFilter,
    format: store::ExportFormat,
) -> Result<Option<String>, AppError> {
    let ws = desk.accounts.workspace().await?;
    let rows = desk
        .side_for(ws.demo)
        .orders
        .export_rows(&filter)
        .map_err(AppError::from)?;
    let labels: std::collections::HashMap<String, String> = ws
        .accounts
        .iter()
        .map(|a| {
            let label = if a.label.trim().is_empty() {
                a.vendor.as_str().to_string()
            } else {
                a.label.clone()
            };
            (a.id.clone(), label)
        })
        .collect();
    let label = |id: &str| labels.get(id).cloned().unwrap_or_else(|| id.to_string());
    let name = crate::import::report_name("don-hang", format);
    let Some(path) = desk.host().save_path(&name, format.extension()).await? else {
        return Ok(None);
    };
    let bytes = match format {
        store::ExportFormat::Csv => order_cache::orders_csv(&rows, label)
            .map_err(|e| AppError::internal(format!("could not write the CSV: {e}")))?,
        store::ExportFormat::Xlsx => {
            order_cache::orders_xlsx(&rows, label).map_err(AppError::internal)?
        }
    };
    std::fs::write(&path, bytes)
        .map_err(|e| AppError::internal(format!("could not write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}
