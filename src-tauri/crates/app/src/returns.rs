//! Returns ("Hoàn hàng"): one list of every vendor's returns (the requests ShopDesk is sending first),
//! a return's detail with its order, return requests for a handed-over order sent exactly once through
//! the return journal, cancel, the refresh from the vendors, and the resume after a restart.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use returns::{CachedReturn, Entry, Journal, ReturnSink, SendState};
use serde::Serialize;
use shopdesk_core::order::OrderRow;
use shopdesk_core::returns::{FetchedReturn, ReturnDraft, ReturnLine, ReturnStage};
use shopdesk_core::{AppError, Vendor};

use crate::{DataKind, Desk};

/// One return of the list: a request ShopDesk is sending (journal) or one a vendor reports (cache).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnRow {
    pub key: String,
    pub account_id: String,
    pub account_label: String,
    pub vendor: Vendor,
    /// The vendor's return id; `None` until the vendor holds it.
    pub return_id: Option<String>,
    /// The original order (the orders list's `vendorOrderId`).
    pub vendor_order_id: String,
    pub reference: Option<String>,
    pub stage: ReturnStage,
    /// The vendor's own words for the status; `None` until the vendor holds it.
    pub vendor_status: Option<String>,
    /// Where ShopDesk's send is; `None` once the vendor holds it.
    pub send: Option<SendState>,
    pub error: Option<AppError>,
    pub created_at: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub units: i64,
    pub cancellable: bool,
}

/// A return with its lines and the order it belongs to.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnDetail {
    pub row: ReturnRow,
    pub items: Vec<ReturnLine>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub courier_tracking_code: Option<String>,
    pub warehouse_code: Option<String>,
    /// The original order as the orders list holds it (`None` when it is not pulled).
    pub order: Option<OrderRow>,
    /// Read from the local list because the vendor could not be reached.
    pub offline: bool,
}

/// The return-request port of one account's client.
pub fn sink(client: &accounts::Adapter) -> Result<Arc<dyn ReturnSink>, AppError> {
    client
        .return_sink()
        .ok_or_else(|| accounts::field_error("accountId", "account.vendorUnsupported"))
}

async fn journal(desk: &Desk) -> Result<Journal, AppError> {
    Ok(desk.side().await?.returns.clone())
}

async fn labels(desk: &Desk) -> Result<HashMap<String, String>, AppError> {
    Ok(desk
        .accounts
        .workspace()
        .await?
        .accounts
        .into_iter()
        .map(|a| (a.id, a.label))
        .collect())
}

/// A fresh reference for a new return request.
pub fn return_new_reference() -> String {
    returns::new_reference(Utc::now())
}

/// Validate the request in Rust (field errors as `Validation` with `details.fields`), store it in the
/// journal under its reference, and send it once in the background; `data-changed {returns}` follows.
pub async fn return_submit(desk: &Desk, draft: ReturnDraft) -> Result<ReturnRow, AppError> {
    let (account, client) = desk.accounts.client(&draft.account_id).await?;
    sink(&client)?;
    let journal = journal(desk).await?;
    let entry = journal.enqueue(&draft)?;
    desk.changed(DataKind::Returns);
    let labels = HashMap::from([(account.id.clone(), account.label.clone())]);
    let row = entry_row(&entry, client.vendor(), &labels);
    spawn_drive(desk, journal, vec![(entry.reference, client)]);
    Ok(row)
}

/// Send journal entries one after another; each return the vendor accepted is read back into the list.
fn spawn_drive(desk: &Desk, journal: Journal, jobs: Vec<(String, accounts::Adapter)>) {
    let d = desk.clone();
    desk.spawn(async move {
        for (reference, client) in jobs {
            let Some(port) = client.return_sink() else {
                continue;
            };
            match journal.drive(&reference, port.as_ref()).await {
                Ok(SendState::Sent) => read_back(&journal, &reference, &client).await,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "a return request could not be driven"),
            }
            d.changed(DataKind::Returns);
        }
    });
}

/// Read a sent return back from the vendor into the list.
async fn read_back(journal: &Journal, reference: &str, client: &accounts::Adapter) {
    let (Ok(entry), Some(source)) = (journal.get(reference), client.return_source()) else {
        return;
    };
    let Some(id) = entry.vendor_id else {
        return;
    };
    match source.get_return(&id).await {
        Ok(r) => {
            let _ = journal.put_return(&entry.account_id, client.vendor(), &r);
        }
        Err(e) => tracing::info!(error = %e, "a sent return is read back at the next refresh"),
    }
}

/// Every return of the workspace shown: the requests being sent first, then the vendors', newest first.
pub async fn return_list(desk: &Desk) -> Result<Vec<ReturnRow>, AppError> {
    let labels = labels(desk).await?;
    let vendors = vendors(desk).await?;
    let journal = journal(desk).await?;
    let mut rows: Vec<ReturnRow> = journal
        .open_entries()?
        .iter()
        .chain(journal.sent_not_cached()?.iter())
        .filter_map(|e| {
            let v = vendors.get(&e.account_id)?;
            Some(entry_row(e, *v, &labels))
        })
        .collect();
    rows.extend(
        journal
            .returns()?
            .iter()
            .filter(|c| labels.contains_key(&c.account_id))
            .map(|c| cached_row(c, &labels)),
    );
    Ok(rows)
}

/// The returns of one order (the order detail links to them).
pub async fn returns_for_order(
    desk: &Desk,
    account_id: String,
    vendor_order_id: String,
) -> Result<Vec<ReturnRow>, AppError> {
    let labels = labels(desk).await?;
    let journal = journal(desk).await?;
    let vendor = vendors(desk).await?.get(&account_id).copied();
    let mut rows: Vec<ReturnRow> = match vendor {
        Some(v) => journal
            .open_entries()?
            .iter()
            .chain(journal.sent_not_cached()?.iter())
            .filter(|e| e.account_id == account_id && e.draft.vendor_order_id == vendor_order_id)
            .map(|e| entry_row(e, v, &labels))
            .collect(),
        None => Vec::new(),
    };
    rows.extend(
        journal
            .for_order(&account_id, &vendor_order_id)?
            .iter()
            .map(|c| cached_row(c, &labels)),
    );
    Ok(rows)
}

/// The vendor of every account of the workspace shown.
async fn vendors(desk: &Desk) -> Result<HashMap<String, Vendor>, AppError> {
    Ok(desk
        .accounts
        .workspace()
        .await?
        .accounts
        .into_iter()
        .map(|a| (a.id.clone(), a.vendor))
        .collect())
}

fn entry_row(e: &Entry, vendor: Vendor, labels: &HashMap<String, String>) -> ReturnRow {
    let sent = e.state == SendState::Sent;
    ReturnRow {
        key: format!("ref:{}", e.reference),
        account_id: e.account_id.clone(),
        account_label: labels.get(&e.account_id).cloned().unwrap_or_default(),
        vendor,
        return_id: e.vendor_id.clone(),
        vendor_order_id: e.draft.vendor_order_id.clone(),
        reference: Some(e.reference.clone()),
        stage: ReturnStage::Requested,
        vendor_status: None,
        send: (!sent).then_some(e.state),
        error: e.error.clone(),
        created_at: Some(e.created_at.to_rfc3339()),
        units: e.draft.items.iter().map(|l| l.quantity).sum(),
        cancellable: false,
    }
}

fn cached_row(c: &CachedReturn, labels: &HashMap<String, String>) -> ReturnRow {
    row_of(&c.account_id, c.vendor, &c.ret, labels)
}

fn row_of(
    account_id: &str,
    vendor: Vendor,
    r: &FetchedReturn,
    labels: &HashMap<String, String>,
) -> ReturnRow {
    ReturnRow {
        key: format!("ret:{account_id}:{}", r.return_id),
        account_id: account_id.to_string(),
        account_label: labels.get(account_id).cloned().unwrap_or_default(),
        vendor,
        return_id: Some(r.return_id.clone()),
        vendor_order_id: r.vendor_order_id.clone(),
        reference: r.reference.clone(),
        stage: r.stage,
        vendor_status: Some(r.vendor_status.clone()),
        send: None,
        error: None,
        created_at: r.created_at.map(|t| t.to_rfc3339()),
        units: r.units(),
        cancellable: r.cancellable,
    }
}

/// Re-read the returns of every account that reports them. Every account is tried; the first failure
/// is answered after the others were read (the list shows what it holds).
pub async fn returns_sync(desk: &Desk) -> Result<(), AppError> {
    let ws = desk.accounts.workspace().await?;
    let journal = desk.side_for(ws.demo).returns.clone();
    let mut first_err = None;
    for a in &ws.accounts {
        let Ok((_, client)) = desk.accounts.client(&a.id).await else {
            continue;
        };
        let Some(source) = client.return_source() else {
            continue;
        };
        if let Err(e) =
            returns::refresh_account(&journal, &a.id, client.vendor(), source.as_ref()).await
        {
            first_err.get_or_insert(e);
        }
    }
    desk.changed(DataKind::Returns);
    match first_err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// One return: read from the vendor (and stored), or from the list when the vendor cannot be reached;
/// with its order from the orders list.
pub async fn return_detail(
    desk: &Desk,
    account_id: String,
    return_id: String,
) -> Result<ReturnDetail, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    let journal = journal(desk).await?;
    let vendor = client.vendor();
    let fresh = match client.return_source() {
        Some(source) => Some(source.get_return(&return_id).await),
        None => None,
    };
    let (r, offline) = match fresh {
        Some(Ok(r)) => {
            journal.put_return(&account_id, vendor, &r)?;
            (r, false)
        }
        Some(Err(e)) => match journal.get_return(&account_id, &return_id)? {
            Some(c) => (c.ret, true),
            None => return Err(e.into()),
        },
        None => match journal.get_return(&account_id, &return_id)? {
            Some(c) => (c.ret, false),
            None => {
                return Err(AppError::new(
                    shopdesk_core::ErrorCode::NotFound,
                    format!("no return {return_id}"),
                ))
            }
        },
    };
    let labels = labels(desk).await?;
    let order = desk
        .side()
        .await?
        .orders
        .detail(&account_id, &r.vendor_order_id)?
        .map(|d| d.row);
    let mut row = row_of(&account_id, vendor, &r, &labels);
    row.cancellable = r.cancellable && !offline && client.return_sink().is_some();
    Ok(ReturnDetail {
        row,
        items: r.items,
        reason: r.reason,
        note: r.note,
        courier_tracking_code: r.courier_tracking_code,
        warehouse_code: r.warehouse_code,
        order,
        offline,
    })
}

/// Cancel a return at the vendor (a refusal keeps the vendor's code); answers it as it is now.
pub async fn return_cancel(
    desk: &Desk,
    account_id: String,
    return_id: String,
) -> Result<ReturnDetail, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    sink(&client)?.cancel_return(&return_id).await?;
    let detail = return_detail(desk, account_id, return_id).await?;
    desk.changed(DataKind::Returns);
    Ok(detail)
}

/// "Check and send" on a request whose answer was lost or that needs attention: it is looked up at the
/// vendor first, and sent only if the vendor does not hold it.
pub async fn return_retry(desk: &Desk, reference: String) -> Result<ReturnRow, AppError> {
    let journal = journal(desk).await?;
    let entry = journal.get(&reference)?;
    let (account, client) = desk.accounts.client(&entry.account_id).await?;
    sink(&client)?;
    let labels = HashMap::from([(account.id.clone(), account.label.clone())]);
    let row = entry_row(&entry, client.vendor(), &labels);
    spawn_drive(desk, journal, vec![(entry.reference, client)]);
    Ok(row)
}

/// Remove a request the vendor refused (nothing exists there).
pub async fn return_discard(desk: &Desk, reference: String) -> Result<(), AppError> {
    journal(desk).await?.discard(&reference)?;
    desk.changed(DataKind::Returns);
    Ok(())
}

/// After start-up and every minute: requests stored or possibly sent are driven again (each looked up
/// before any resend).
pub fn schedule_resume(desk: &Desk) {
    desk.every_minute(
        "return journal resume",
        |d| async move { resume_once(&d).await },
    );
}

async fn resume_once(desk: &Desk) -> Result<(), AppError> {
    let journal = journal(desk).await?;
    let mut jobs = Vec::new();
    for e in journal.pending()? {
        if let Ok((_, client)) = desk.accounts.client(&e.account_id).await {
            if client.return_sink().is_some() {
                jobs.push((e.reference, client));
            }
        }
    }
    if !jobs.is_empty() {
        spawn_drive(desk, journal, jobs);
    }
    Ok(())
}
