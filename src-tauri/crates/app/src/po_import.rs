//! Bulk inbound POs from Excel / CSV ("Nhập từ Excel" on the Nhập kho page): the template, a preview
//! with row-level errors (nothing stored), sending the valid POs through the same journal as
//! `po_submit` (each stored under its reference, then driven exactly once), and the result report. The
//! file handling is the order import's (`crate::import`); the rows → `PoDraft` work is
//! `order_import::po`.

use std::collections::HashMap;

use order_import::{PoImportPreview, PoTarget, ReportRow};
use serde::Serialize;
use shopdesk_core::inbound::PoDraft;
use shopdesk_core::AppError;
use store::ExportFormat;

use crate::import::{blocking, catalog_of, pick_file, report_name, save_file};
use crate::inbound::{entry_row, journal, port, spawn_drive, today, PoRow};
use crate::{DataKind, Desk};

/// Save the PO template (Vietnamese headers, an instructions sheet) where the user chooses.
pub async fn po_import_template(
    desk: &Desk,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let name = format!("mau-phieu-nhap-kho.{}", format.extension());
    save_file(desk, &name, format, || match format {
        ExportFormat::Xlsx => order_import::po_template_xlsx(),
        ExportFormat::Csv => order_import::po_template_csv(),
    })
    .await
}

/// A file's POs checked before anything is stored.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoImportView {
    pub file_name: String,
    pub preview: PoImportPreview,
}

/// Choose an .xlsx or .csv file (dialog, or the `SHOPDESK_PICK_FILE` seam) and check every row for the
/// account: columns, numbers and dates, warehouse codes among the account's, SKUs in its catalog (to the
/// warehouse's product id), references not used yet, and `inbound::validate`. `None` when cancelled.
pub async fn po_import_preview(
    desk: &Desk,
    account_id: String,
) -> Result<Option<PoImportView>, AppError> {
    let (_, client) = desk.accounts.client(&account_id).await?;
    port(&client)?;
    let Some(file) = pick_file(desk).await? else {
        return Ok(None);
    };
    let (file_name, kind, bytes) = (file.file_name, file.kind, file.bytes);
    let rows = blocking(move || order_import::parse_po(&bytes, kind)).await?;
    let catalog = catalog_of(desk, &account_id).await?;
    let warehouses: Vec<String> = desk
        .with_stock(|s| s.warehouses())
        .await?
        .into_iter()
        .filter(|w| w.account_id == account_id)
        .map(|w| w.vendor_wh_id)
        .collect();
    let journal = journal(desk).await?;
    let taken = |reference: &str| {
        journal
            .reference_taken(&account_id, reference)
            .unwrap_or(false)
    };
    let target = PoTarget {
        account_id: &account_id,
        warehouses: &warehouses,
        today: today(),
        taken: &taken,
    };
    let preview = order_import::build_pos(&rows, &target, &catalog);
    Ok(Some(PoImportView { file_name, preview }))
}

/// A PO of the import: stored in the journal (its list row), or refused when stored (why).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoImportQueued {
    /// The PO's reference ("Mã phiếu").
    pub key: String,
    pub row: Option<PoRow>,
    pub error: Option<AppError>,
}

/// Store each PO in the journal under its reference (validated again there; one refused does not stop
/// the others), then send them one after another in the background, each exactly once as `po_submit`
/// does; `data-changed {inbound}` after each. Progress is the journal state of these references
/// (`po_list`).
pub async fn po_import_send(
    desk: &Desk,
    pos: Vec<PoDraft>,
) -> Result<Vec<PoImportQueued>, AppError> {
    let journal = journal(desk).await?;
    let mut clients = HashMap::new();
    let mut labels = HashMap::new();
    let mut jobs = Vec::new();
    let mut out = Vec::with_capacity(pos.len());
    for draft in pos {
        let key = draft.reference.trim().to_string();
        if !clients.contains_key(&draft.account_id) {
            let (account, client) = desk.accounts.client(&draft.account_id).await?;
            clients.insert(draft.account_id.clone(), port(&client)?);
            labels.insert(account.id.clone(), account.label.clone());
        }
        match journal.enqueue(&draft, today()) {
            Ok(entry) => {
                if let Some(port) = clients.get(&entry.account_id) {
                    jobs.push((
                        entry.reference.clone(),
                        entry.account_id.clone(),
                        port.clone(),
                    ));
                }
                out.push(PoImportQueued {
                    key,
                    row: Some(entry_row(&entry, &labels)),
                    error: None,
                });
            }
            Err(e) => out.push(PoImportQueued {
                key,
                row: None,
                error: Some(e.into()),
            }),
        }
    }
    desk.changed(DataKind::Inbound);
    if !jobs.is_empty() {
        spawn_drive(desk, journal, jobs);
    }
    Ok(out)
}

/// Save the result report (one line per PO: sent with the warehouse's PO code, refused with why, or
/// not sent because of its rows' errors).
pub async fn po_import_report(
    desk: &Desk,
    rows: Vec<ReportRow>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let name = report_name("ket-qua-nhap-phieu", format);
    save_file(desk, &name, format, || match format {
        ExportFormat::Xlsx => order_import::po_report_xlsx(&rows),
        ExportFormat::Csv => order_import::po_report_csv(&rows),
    })
    .await
}
