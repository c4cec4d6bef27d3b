//! Goods in ("Nhập kho"): the accounts that take inbound POs, the product checks while a PO is built,
//! submission through the PO journal (exactly once), the list (journal + the warehouse's POs), detail with
//! the inspection result, the bill, cancel, and the resume after a restart.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, Utc};
use inbound::{Entry, InboundSink, Journal, SendState};
use serde::Serialize;
use shopdesk_core::inbound::{
    FetchedPo, InspectionRow, LineCheck, LineError, PoDocument, PoDraft, PoPackageDraft, PoStage,
};
use shopdesk_core::AppError;

use crate::orders::TargetWarehouse;
use crate::{DataKind, Desk};

/// Most product ids one check asks about.
const CHECK_MAX: usize = 200;

/// An account that takes inbound POs, with its warehouses (from the stock cache).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InboundTarget {
    pub account_id: String,
    pub label: String,
    pub warehouses: Vec<TargetWarehouse>,
}

/// One PO of the list: one ShopDesk is sending (journal) or one the warehouse holds (cache).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoRow {
    pub key: String,
    pub account_id: String,
    pub account_label: String,
    pub reference: String,
    pub po_code: Option<String>,
    pub warehouse_code: String,
    /// The warehouse's own status text; `None` until the warehouse holds the PO.
    pub status: Option<String>,
    pub stage: PoStage,
    /// Where ShopDesk's send is; `None` once the warehouse holds it.
    pub send: Option<SendState>,
    pub error: Option<AppError>,
    pub line_errors: Vec<LineError>,
    pub created_at: Option<String>,
    pub estimated_arrival: Option<String>,
    pub packages: u32,
    #[specta(type = specta_typescript::Number)]
    pub units: i64,
}

/// A PO with its packages, documents and (once complete) its receiving result.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoDetail {
    pub row: PoRow,
    pub packages: Vec<PoPackageDraft>,
    pub documents: Vec<PoDocument>,
    pub co_inspection: bool,
    pub note: Option<String>,
    pub inspection: Option<Vec<InspectionRow>>,
    pub cancellable: bool,
    /// Read from the local cache because the warehouse could not be reached.
    pub offline: bool,
}

/// The inbound port of one account's client.
pub fn port(client: &accounts::Adapter) -> Result<Arc<dyn InboundSink>, AppError> {
    client
        .inbound()
        .ok_or_else(|| accounts::field_error("accountId", "account.vendorUnsupported"))
}

/// The owner's day (Vietnam, UTC+7).
pub(crate) fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

pub(crate) async fn journal(desk: &Desk) -> Result<Journal, AppError> {
    Ok(desk.side().await?.inbound.clone())
}

/// The accounts of the workspace shown that take inbound POs, each with its warehouses.
pub async fn inbound_targets(desk: &Desk) -> Result<Vec<InboundTarget>, AppError> {
    let ws = desk.accounts.workspace().await?;
    let warehouses = desk.with_stock(|s| s.warehouses()).await?;
    let mut out = Vec::new();
    for a in &ws.accounts {
        let Ok((_, client)) = desk.accounts.client(&a.id).await else {
            continue;
        };
        if client.inbound().is_none() {
            continue;
        }
        out.push(InboundTarget {
            account_id: a.id.clone(),
            label: a.label.clone(),
            warehouses: warehouses
                .iter()
                .filter(|w| w.account_id == a.id)
                .map(|w| TargetWarehouse {
                    id: w.vendor_wh_id.clone(),
                    name: w.name.clone(),
                })
                .collect(),
        });
    }
    Ok(out)
}

/// Whether each product can go into a PO for the warehouse (asked while the PO is built).
pub async fn inbound_check_lines(
    desk: &Desk,
    account_id: String,
    warehouse_code: String,
    oasins: Vec<String>,
) -> Result<Vec<LineCheck>, AppError> {
    if oasins.len() > CHECK_MAX {
        return Err(AppError::field("oasins", "items.tooMany"));
    }
    let (_, client) = desk.accounts.client(&account_id).await?;
    let port = port(&client)?;
    Ok(port.check_lines(&warehouse_code, &oasins).await)
}

/// A fresh reference for a new PO.
pub fn po_new_reference() -> String {
    inbound::new_reference(Utc::now())
}

/// Validate the PO in Rust (field errors as `Validation` with `details.fields`), store it in the journal
/// under its reference, and send it once in the background; `data-changed {inbound}` follows.
pub async fn po_submit(desk: &Desk, draft: PoDraft) -> Result<PoRow, AppError> {
    let (account, client) = desk.accounts.client(&draft.account_id).await?;
    let port = port(&client)?;
    let journal = journal(desk).await?;
    let entry = journal.enqueue(&draft, today())?;
    desk.changed(DataKind::Inbound);
    let labels = HashMap::from([(account.id.clone(), account.label.clone())]);
    let row = entry_row(&entry, &labels);
    spawn_drive(
        desk,
        journal,
        vec![(entry.reference, entry.account_id, port)],
    );
    Ok(row)
}

/// Send journal entries one after another; each PO the warehouse accepted is read back into the cache.
pub(crate) fn spawn_drive(
    desk: &Desk,
    journal: Journal,
    jobs: Vec<(String, String, Arc<dyn InboundSink>)>,
) {
    let d = desk.clone();
    desk.spawn(async move {
        for (reference, account_id, port) in jobs {
            match journal.drive(&reference, port.as_ref()).await {
                Ok(SendState::Sent) => read_back(&journal, &account_id, port.as_ref()).await,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "a PO could not be driven"),
            }
            d.changed(DataKind::Inbound);
        }
    });
}

/// Read a sent PO back from the warehouse into the cache (its list row and detail).
async fn read_back(journal: &Journal, account_id: &str, port: &dyn InboundSink) {
    let Ok(entries) = journal.sent_not_cached() else {
        return;
    };
    for e in entries.iter().filter(|e| e.account_id == account_id) {
        if let Some(code) = &e.vendor_id {
            match port.po(code).await {
                Ok(po) => {
                    let _ = journal.put_po(account_id, &po);
                }
                Err(err) => {
                    tracing::info!(error = %err, "a sent PO is read back at the next refresh")
                }
            }
        }
    }
}

/// Every PO of the workspace shown: the ones being sent first, then the warehouse's, newest first.
pub async fn po_list(desk: &Desk) -> Result<Vec<PoRow>, AppError> {
    let labels = labels(desk).await?;
    let journal = journal(desk).await?;
    let mut rows: Vec<PoRow> = journal
        .open_entries()?
        .iter()
        .chain(journal.sent_not_cached()?.iter())
        .filter(|e| labels.contains_key(&e.account_id))
        .map(|e| entry_row(e, &labels))
        .collect();
    rows.extend(
        journal
            .pos()?
            .iter()
            .filter(|c| labels.contains_key(&c.account_id))
            .map(|c| po_row(&c.account_id, &c.po, &labels)),
    );
    Ok(rows)
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

pub(crate) fn entry_row(e: &Entry, labels: &HashMap<String, String>) -> PoRow {
    let sent = e.state == SendState::Sent;
    PoRow {
        key: format!("ref:{}", e.reference),
        account_id: e.account_id.clone(),
        account_label: labels.get(&e.account_id).cloned().unwrap_or_default(),
        reference: e.reference.clone(),
        po_code: e.vendor_id.clone(),
        warehouse_code: e.draft.warehouse_code.clone(),
        status: None,
        stage: PoStage::Transit,
        send: (!sent).then_some(e.state),
        error: e.error.clone(),
        line_errors: e.line_errors.clone(),
        created_at: Some(e.created_at.to_rfc3339()),
        estimated_arrival: e.draft.arrival().map(|t| t.to_rfc3339()),
        packages: e.draft.packages.len() as u32,
        units: e.draft.units(),
    }
}

fn po_row(account_id: &str, po: &FetchedPo, labels: &HashMap<String, String>) -> PoRow {
    PoRow {
        key: format!("po:{account_id}:{}", po.po_code),
        account_id: account_id.to_string(),
        account_label: labels.get(account_id).cloned().unwrap_or_default(),
        reference: po.reference.clone(),
        po_code: Some(po.po_code.clone()),
        warehouse_code: po.warehouse_code.clone(),
        status: Some(po.status.clone()),
        stage: po.stage,
        send: None,
        error: None,
        line_errors: vec![],
        created_at: po.created_at.map(|t| t.to_rfc3339()),
        estimated_arrival: po.estimated_arrival.map(|t| t.to_rfc3339()),
        packages: po.packages.len() as u32,
        units: po.units(),
    }
}

/// Re-read the POs of every account that takes them. Every account is tried; the first failure is
/// answered after the others were read (the list shows what the cache holds).
pub async fn po_sync(desk: &Desk) -> Result<(), AppError> {
    let ws = desk.accounts.workspace().await?;
    let journal = desk.side_for(ws.demo).inbound.clone();
    let mut first_err = None;
    for a in &ws.accounts {
        let Ok((_, client)) = desk.accounts.client(&a.id).await else {
            continue;
        };
        let Some(port) = client.inbound() else {
            continue;
        };
        if let Err(e) = inbound::refresh_account(&journal, &a.id, port.as_ref()).await {
            first_err.get_or_insert(e);
        }
    }
    desk.changed(DataKind::Inbound);
    match first_err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// One PO: read from the warehouse (and cached), or from the cache when the warehouse cannot be
/// reached; the inspection result once it is complete. Lines of a PO sent from ShopDesk carry the names
/// the owner picked.
pub async fn po_detail(
    desk: &Desk,
    account_id: String,
    po_code: String,
) -> Result<PoDetail, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    let port = port(&client)?;
    let journal = journal(desk).await?;
    let (mut po, offline) = match port.po(&po_code).await {
        Ok(po) => {
            journal.put_po(&account_id, &po)?;
            (po, false)
        }
        Err(e) => match journal.po(&account_id, &po_code)? {
            Some(po) => (po, true),
            None => return Err(e.into()),
        },
    };
    let inspection = if offline {
        None
    } else {
        port.inspection(&po).await?
    };
    name_lines(&journal, &mut po);
    let labels = labels(desk).await?;
    Ok(PoDetail {
        row: po_row(&account_id, &po, &labels),
        cancellable: po.cancellable && !offline,
        packages: po.packages,
        documents: po.documents,
        co_inspection: po.co_inspection,
        note: po.note,
        inspection,
        offline,
    })
}

/// Names and SKUs of the lines, from the draft of the journal entry that sent this PO.
fn name_lines(journal: &Journal, po: &mut FetchedPo) {
    let Ok(entry) = journal.get(&po.reference) else {
        return;
    };
    if entry.vendor_id.as_deref() != Some(po.po_code.as_str()) {
        return;
    }
    let names: HashMap<&str, (&Option<String>, &str)> = entry
        .draft
        .packages
        .iter()
        .flat_map(|p| p.items.iter())
        .map(|l| (l.oasin.as_str(), (&l.sku, l.name.as_str())))
        .collect();
    for line in po.packages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        if let Some((sku, name)) = names.get(line.oasin.as_str()) {
            line.sku = (*sku).clone();
            line.name = (*name).to_string();
        }
    }
}

/// The URL of the PO's printable bill (a PDF the app shows and the owner saves or prints).
pub async fn po_bill(desk: &Desk, account_id: String, po_code: String) -> Result<String, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    let url = port(&client)?.bill_url(&po_code).await?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(AppError::new(
            shopdesk_core::ErrorCode::VendorRejected,
            "the warehouse answered a bill that is not a web address",
        ));
    }
    Ok(url)
}

/// Cancel a PO (the warehouse allows it only while it is in transit); answers it as it is now.
pub async fn po_cancel(
    desk: &Desk,
    account_id: String,
    po_code: String,
) -> Result<PoDetail, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    port(&client)?.cancel_po(&po_code).await?;
    let detail = po_detail(desk, account_id, po_code).await?;
    desk.changed(DataKind::Inbound);
    Ok(detail)
}

/// "Check and send" on a PO whose answer was lost or that needs attention: it is looked up at the
/// warehouse first, and sent only if the warehouse does not hold it.
pub async fn po_retry(desk: &Desk, reference: String) -> Result<PoRow, AppError> {
    let journal = journal(desk).await?;
    let entry = journal.get(&reference)?;
    let (account, client) = desk.accounts.client(&entry.account_id).await?;
    let port = port(&client)?;
    let labels = HashMap::from([(account.id.clone(), account.label.clone())]);
    let row = entry_row(&entry, &labels);
    spawn_drive(
        desk,
        journal,
        vec![(entry.reference, entry.account_id, port)],
    );
    Ok(row)
}

/// Remove a PO the warehouse refused (nothing exists there).
pub async fn po_discard(desk: &Desk, reference: String) -> Result<(), AppError> {
    journal(desk).await?.discard(&reference)?;
    desk.changed(DataKind::Inbound);
    Ok(())
}

/// After start-up and every minute: POs stored or possibly sent are driven again (each looked up
/// before any resend).
pub fn schedule_resume(desk: &Desk) {
    desk.every_minute(
        "PO journal resume",
        |d| async move { resume_once(&d).await },
    );
}

async fn resume_once(desk: &Desk) -> Result<(), AppError> {
    let journal = journal(desk).await?;
    let mut jobs = Vec::new();
    for e in journal.pending()? {
        if let Ok((_, client)) = desk.accounts.client(&e.account_id).await {
            if let Some(port) = client.inbound() {
                jobs.push((e.reference, e.account_id, port));
            }
        }
    }
    if !jobs.is_empty() {
        spawn_drive(desk, journal, jobs);
    }
    Ok(())
}

/// How often the demo's clock moves its open POs one step.
pub const DEMO_STEP: std::time::Duration = std::time::Duration::from_secs(120);

/// One tick of the demo's clock: open POs at the demo warehouse move one step, and the list is re-read.
/// Answers whether any moved (nothing happens outside the demo).
pub async fn demo_tick(desk: &Desk) -> Result<bool, AppError> {
    if !desk.demo().await? || desk.accounts.demo_advance_pos().await == 0 {
        return Ok(false);
    }
    po_sync(desk).await?;
    Ok(true)
}

/// The demo's clock, every [`DEMO_STEP`] (with the scheduled syncs; off in the end-to-end suite).
pub fn schedule_demo_clock(desk: &Desk) {
    schedule_demo_clock_every(desk, DEMO_STEP);
}

/// The demo's clock at another pace (an end-to-end spec that watches a PO complete starts the app with a
/// short one; the other specs run without a clock).
pub fn schedule_demo_clock_every(desk: &Desk, step: std::time::Duration) {
    let d = desk.clone();
    desk.spawn(async move {
        loop {
            tokio::time::sleep(step).await;
            if let Err(e) = demo_tick(&d).await {
                tracing::info!(error = %e, "the demo clock could not move the POs");
            }
        }
    });
}
