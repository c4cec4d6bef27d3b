//! Bulk products from Excel / CSV ("Tạo từ Excel" on the Products page): the template, a preview with
//! row-level errors for the accounts the owner chose (nothing stored), the valid products stored and sent
//! through the same journal as `product_submit` (each record once), and the result report. The file
//! handling is the order import's (`crate::import`); the rows → `ProductDraft` work is
//! `order_import::product`.

use std::collections::BTreeSet;

use chrono::Utc;
use order_import::{ProductImportPreview, ReportRow};
use product_writes::ProductRow;
use serde::Serialize;
use shopdesk_core::product::{NothingTaken, ProductDraft, ProductTarget};
use shopdesk_core::AppError;
use store::ExportFormat;

use crate::import::{blocking, pick_file, report_name, save_file};
use crate::product_create::{codes_of, held_codes, sinks, spawn_drive, writes};
use crate::{DataKind, Desk};

/// Save the product template (Vietnamese headers, an instructions sheet) where the user chooses.
pub async fn product_import_template(
    desk: &Desk,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let name = format!("mau-san-pham.{}", format.extension());
    save_file(desk, &name, format, || match format {
        ExportFormat::Xlsx => order_import::product_template_xlsx(),
        ExportFormat::Csv => order_import::product_template_csv(),
    })
    .await
}

/// A file's products checked before anything is stored.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductImportView {
    pub file_name: String,
    pub preview: ProductImportPreview,
}

/// Choose an .xlsx or .csv file (dialog, or the `SHOPDESK_PICK_FILE` seam) and check every product for
/// `targets` (the accounts to create them at): columns, numbers, the variants' SKUs and barcodes unique in
/// the file and free at every account, and `product::validate`. `None` when cancelled.
pub async fn product_import_preview(
    desk: &Desk,
    targets: Vec<ProductTarget>,
) -> Result<Option<ProductImportView>, AppError> {
    let Some(file) = pick_file(desk).await? else {
        return Ok(None);
    };
    let (file_name, kind, bytes) = (file.file_name, file.kind, file.bytes);
    let rows = blocking(move || order_import::parse_products(&bytes, kind)).await?;
    let now = Utc::now();
    let mut reference = |_: usize| product_writes::new_reference(now);
    // the file's codes first, then what the accounts already hold of them
    let first = order_import::build_products(&rows, &targets, &NothingTaken, &mut reference);
    let mut skus = BTreeSet::new();
    let mut barcodes = BTreeSet::new();
    for d in first.products.iter().filter_map(|p| p.draft.as_ref()) {
        let (s, b) = codes_of(d);
        skus.extend(s);
        barcodes.extend(b);
    }
    let taken = held_codes(
        desk,
        skus.into_iter().collect(),
        barcodes.into_iter().collect(),
    )
    .await?;
    let preview = order_import::build_products(&rows, &targets, &taken, &mut reference);
    Ok(Some(ProductImportView { file_name, preview }))
}

/// A product of the import: stored (its list row), or refused when stored (why).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductImportQueued {
    /// The product's SKU ("Mã sản phẩm").
    pub key: String,
    pub row: Option<ProductRow>,
    pub error: Option<AppError>,
}

/// Store each product (checked again against every account's listings; one refused does not stop the
/// others), then send them one after another in the background, each record exactly once as
/// `product_submit` does. Progress is the products list (`product_list`).
pub async fn product_import_send(
    desk: &Desk,
    drafts: Vec<ProductDraft>,
) -> Result<Vec<ProductImportQueued>, AppError> {
    let writes = writes(desk).await?;
    let accounts: BTreeSet<String> = drafts
        .iter()
        .flat_map(|d| d.targets.iter().map(|t| t.account_id.trim().to_string()))
        .collect();
    let sinks = sinks(desk, accounts).await;
    let mut out = Vec::with_capacity(drafts.len());
    let mut references = Vec::new();
    for draft in drafts {
        let key = draft.sku.trim().to_string();
        let (skus, barcodes) = codes_of(&draft);
        let taken = held_codes(desk, skus, barcodes).await?;
        let stored = writes.submit(&draft, &taken, &|account| {
            sinks
                .iter()
                .find(|(a, _, _)| a == account)
                .map(|(_, v, s)| (*v, s.layout()))
        });
        match stored {
            Ok(row) => {
                references.push(row.reference.clone());
                out.push(ProductImportQueued {
                    key,
                    row: Some(row),
                    error: None,
                });
            }
            Err(e) => out.push(ProductImportQueued {
                key,
                row: None,
                error: Some(e.into()),
            }),
        }
    }
    desk.changed(DataKind::Products);
    if !references.is_empty() {
        spawn_drive(desk, writes, references, sinks);
    }
    Ok(out)
}

/// Save the result report (one line per product: created with its reference, refused with why, or not
/// sent because of its rows' errors).
pub async fn product_import_report(
    desk: &Desk,
    rows: Vec<ReportRow>,
    format: ExportFormat,
) -> Result<Option<String>, AppError> {
    let name = report_name("ket-qua-tao-san-pham", format);
    save_file(desk, &name, format, || match format {
        ExportFormat::Xlsx => order_import::product_report_xlsx(&rows),
        ExportFormat::Csv => order_import::product_report_csv(&rows),
    })
    .await
}
