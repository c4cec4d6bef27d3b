//! Bulk order import: the template, a preview with row-level errors (nothing sent), sending the valid
//! orders through the same outbox, and the result report.

use std::collections::HashMap;

use addresses::picker::TextMatch;
use addresses::GeoSource;
use order_import::{
    CatalogHit, Column, FileKind, ImportError, ImportPreview, MemoryCatalog, ReportRow, RowError,
};
use order_outbox::{Extras, OrderDraft, OrderId, Target};
use serde::{Deserialize, Serialize};
use shopdesk_core::{AppError, Vendor};
use store::ExportFormat;

use crate::orders::spawn_drive_all;
use crate::Desk;

/// Save the template (Vietnamese headers, an instructions sheet) where the user chooses.
pub async fn import_template(
    desk: &Desk,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let name = format!("mau-nhap-don.{}", format.extension());
    save_file(desk, &name, format, || match format {
        ExportFormat::Xlsx => order_import::template_xlsx(),
        ExportFormat::Csv => order_import::template_csv(),
    })
    .await
}

/// Ask where to save `name` (dialog, or the export-dir seam), then write what `bytes` makes there.
/// `None` when the user cancelled.
pub(crate) async fn save_file(
    desk: &Desk,
    name: &str,
    format: ExportFormat,
    bytes: impl FnOnce() -> Result<Vec<u8>, ImportError>,
) -> Result<Option<String>, AppError> {
    let Some(path) = desk.host().save_path(name, format.extension()).await? else {
        return Ok(None);
    };
    let bytes = bytes().map_err(AppError::from)?;
    std::fs::write(&path, bytes)
        .map_err(|e| AppError::internal(format!("could not write {}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// A report's file name: `<prefix>-<local time>.<ext>`.
pub(crate) fn report_name(prefix: &str, format: ExportFormat) -> String {
    format!(
        "{prefix}-{}.{}",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        format.extension()
    )
}

/// A file the user picked to import.
pub(crate) struct Picked {
    pub file_name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// Choose an .xlsx or .csv file (dialog, or the `SHOPDESK_PICK_FILE` seam) and read it (at most
/// [`order_import::limits::MAX_FILE_BYTES`], off the async runtime). `None` when the user cancelled.
pub(crate) async fn pick_file(desk: &Desk) -> Result<Option<Picked>, AppError> {
    let exts = ["xlsx".to_string(), "csv".to_string()];
    let Some(path) = desk
        .host()
        .pick_paths(&exts, false)
        .await?
        .and_then(|p| p.into_iter().next())
    else {
        return Ok(None);
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let kind = FileKind::from_path(&path).ok_or_else(|| {
        AppError::from(ImportError::Unreadable {
            reason: "only .xlsx and .csv files can be imported".into(),
        })
    })?;
    let bytes = blocking(move || {
        let max = order_import::limits::MAX_FILE_BYTES;
        let too_large = || ImportError::TooLarge {
            reason: format!("the file is larger than {} MB", max / 1024 / 1024),
        };
        let file = std::fs::File::open(&path).map_err(|e| ImportError::Unreadable {
            reason: e.to_string(),
        })?;
        if file.metadata().map(|m| m.len()).unwrap_or(0) > max as u64 {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, max as u64 + 1), &mut bytes)
            .map_err(|e| ImportError::Unreadable {
                reason: e.to_string(),
            })?;
        if bytes.len() > max {
            return Err(too_large());
        }
        Ok(bytes)
    })
    .await?;
    Ok(Some(Picked {
        file_name,
        kind,
        bytes,
    }))
}

/// Run a reading or parsing step (bounded by order_import's limits) off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ImportError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("the import parse stopped: {e}")))?
        .map_err(AppError::from)
}

/// A file's orders checked before anything is sent.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportView {
    pub file_name: String,
    pub preview: ImportPreview,
}

/// Choose an .xlsx or .csv file (dialog, or the `SHOPDESK_PICK_FILE` seam) and check every row for the
/// target: columns, numbers, SKUs in the account's catalog, the order rules, and the address against
/// the vendor's geo lists. `None` when the user cancelled.
pub async fn import_preview(
    desk: &Desk,
    account_id: String,
    warehouse_id: String,
) -> Result<Option<ImportView>, AppError> {
    let Some(file) = pick_file(desk).await? else {
        return Ok(None);
    };
    let (file_name, kind, bytes) = (file.file_name, file.kind, file.bytes);
    let demo = desk.accounts.workspace().await?.demo;
    let (account, client) = desk.accounts.client(&account_id).await?;
    let vendor = account.vendor;
    let rows = blocking(move || order_import::parse_for(&bytes, kind, vendor)).await?;
    let catalog = catalog_of(desk, &account_id).await?;
    let target = Target {
        account_id: account_id.clone(),
        vendor: account.vendor,
        warehouse_id,
    };
    let mut preview = order_import::build(&rows, &target, &Extras::default(), &catalog);
    if account.vendor != Vendor::Onflow {
        resolve_addresses(desk, demo, &account_id, &client, &mut preview).await?;
    }
    Ok(Some(ImportView { file_name, preview }))
}

pub(crate) async fn catalog_of(desk: &Desk, account_id: &str) -> Result<MemoryCatalog, AppError> {
    let listings = desk.with_stock(|s| s.listings(Some(account_id))).await?;
    Ok(MemoryCatalog::new(listings.into_iter().filter_map(|l| {
        let sku = l.sku?;
        Some(CatalogHit {
            sku,
            product_id: Some(l.listing.vendor_product_id),
            variation_id: Some(l.listing.vendor_variation_id).filter(|v| !v.is_empty()),
            name: l.name,
            price: l.price_vnd.map(shopdesk_core::Money::vnd),
        })
    })))
}

/// Fill each valid order's vendor geo ids from its ward / district / province text; an address that
/// does not resolve to exactly one unit is an error on that order's row (never guessed).
async fn resolve_addresses(
    desk: &Desk,
    demo: bool,
    account_id: &str,
    client: &accounts::Adapter,
    preview: &mut ImportPreview,
) -> Result<(), AppError> {
    let resolver = desk.side_for(demo).geo.clone();
    let geo: &dyn GeoSource = client
        .geo_source()
        .ok_or_else(|| accounts::field_error("account", "account.vendorUnsupported"))?;
    let mut memo: HashMap<String, TextMatch> = HashMap::new();
    for order in &mut preview.orders {
        let Some(draft) = order.draft.as_mut() else {
            continue;
        };
        if !order.errors.is_empty() {
            continue;
        }
        let a = &draft.address;
        let line = [&a.ward, &a.district, &a.province]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        if line.trim().is_empty() {
            continue;
        }
        if !memo.contains_key(&line) {
            let found = addresses::picker::resolve_text(&resolver, geo, account_id, &line)
                .await
                .map_err(AppError::from)?;
            memo.insert(line.clone(), found);
        }
        match memo.get(&line) {
            Some(TextMatch::Ids {
                province_id,
                district_id,
                ward_id,
            }) => {
                draft.address.geo = order_outbox::GeoIds {
                    province_id: province_id.clone(),
                    district_id: district_id.clone(),
                    ward_id: ward_id.clone(),
                };
            }
            Some(other) => {
                order.errors.push(RowError {
                    row: order.rows.first().copied().unwrap_or(0),
                    column: Some(Column::Ward.header().to_string()),
                    code: other.code().unwrap_or("address.unresolved").to_string(),
                    value: Some(line.clone()),
                });
                order.draft = None;
            }
            None => {}
        }
    }
    let valid = preview.orders.iter().filter(|o| o.is_valid()).count();
    preview.valid_count = u32::try_from(valid).unwrap_or(u32::MAX);
    preview.invalid_count = u32::try_from(preview.orders.len() - valid).unwrap_or(u32::MAX);
    Ok(())
}

/// One valid order of the preview to send.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportSend {
    pub key: String,
    pub rows: Vec<u32>,
    pub draft: OrderDraft,
}

/// An order of the import now in the outbox.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportQueued {
    pub key: String,
    pub rows: Vec<u32>,
    pub id: OrderId,
}

/// Store every order in the outbox (each validated again, with its own reference), then send them one
/// after another in the background; progress is the outbox state of these ids.
pub async fn import_send(
    desk: &Desk,
    orders: Vec<ImportSend>,
) -> Result<Vec<ImportQueued>, AppError> {
    let demo = desk.accounts.workspace().await?.demo;
    let outbox = desk.side_for(demo).outbox.clone();
    let mut queued = Vec::new();
    let mut clients: HashMap<String, accounts::Adapter> = HashMap::new();
    for o in orders {
        let account_id = o.draft.target.account_id.clone();
        if !clients.contains_key(&account_id) {
            let (_, c) = desk.accounts.client(&account_id).await?;
            clients.insert(account_id.clone(), c);
        }
        let id = outbox.enqueue(&o.draft).map_err(AppError::from)?;
        queued.push((
            ImportQueued {
                key: o.key,
                rows: o.rows,
                id,
            },
            account_id,
        ));
    }
    desk.changed(crate::DataKind::Orders);
    let jobs: Vec<(OrderId, accounts::Adapter)> = queued
        .iter()
        .filter_map(|(q, acc)| clients.get(acc).map(|c| (q.id, c.clone())))
        .collect();
    spawn_drive_all(desk, outbox, desk.side_for(demo).orders.clone(), jobs);
    Ok(queued.into_iter().map(|(q, _)| q).collect())
}

/// Save the result report (one line per order: created with the vendor id, refused with why, or not
/// sent because of its rows' errors).
pub async fn import_report(
    desk: &Desk,
    rows: Vec<ReportRow>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    save_file(
        desk,
        &report_name("ket-qua-nhap-don", format),
        format,
        || match format {
            ExportFormat::Xlsx => order_import::report_xlsx(&rows),
            ExportFormat::Csv => order_import::report_csv(&rows),
        },
    )
    .await
}
