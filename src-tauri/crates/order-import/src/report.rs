//! The result report the user saves after sending: one line per order of the file.

use rust_xlsxwriter::{Color, Format, Workbook};
use serde::{Deserialize, Serialize};

use crate::build::{ImportPreview, RowError};
use crate::error::ImportError;

/// What happened to one order of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ReportState {
    /// Created at the vendor.
    Created,
    /// The vendor refused it; nothing was created.
    Failed,
    /// Not sent: the preview found errors in its rows.
    Invalid,
    /// Still in the outbox (queued, sending, or being checked after a lost answer).
    Pending,
    /// The outbox stopped retrying; the order may or may not exist at the vendor.
    NeedsAttention,
}

impl ReportState {
    /// The Vietnamese label written in the report.
    pub fn label(self) -> &'static str {
        match self {
            ReportState::Created => "Đã tạo",
            ReportState::Failed => "Bị từ chối",
            ReportState::Invalid => "Không gửi (dữ liệu lỗi)",
            ReportState::Pending => "Đang xử lý",
            ReportState::NeedsAttention => "Cần kiểm tra",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportRow {
    /// The user's "Mã đơn".
    pub key: String,
    /// Spreadsheet rows of the order.
    pub rows: Vec<u32>,
    pub state: ReportState,
    /// Our client reference (`SD-…`), searchable in the vendor's admin.
    pub reference: Option<String>,
    /// The vendor's order id (Onflow: tracking code).
    pub vendor_order_id: Option<String>,
    /// Why it failed, already in the user's language.
    pub error: Option<String>,
}

/// Report headers, in column order.
pub const REPORT_HEADERS: [&str; 6] = [
    "Mã đơn",
    "Dòng",
    "Trạng thái",
    "Mã tham chiếu",
    "Mã đơn đã tạo",
    "Lỗi",
];

fn cells(r: &ReportRow) -> [String; 6] {
    [
        r.key.clone(),
        r.rows
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        r.state.label().to_string(),
        r.reference.clone().unwrap_or_default(),
        r.vendor_order_id.clone().unwrap_or_default(),
        r.error.clone().unwrap_or_default(),
    ]
}

/// Report lines for the orders the preview refused, `describe` turning each error into the user's
/// language (e.g. `"Dòng 4 – Số điện thoại: số điện thoại không hợp lệ"`); errors joined with `"; "`.
pub fn invalid_rows(
    preview: &ImportPreview,
    describe: impl Fn(&RowError) -> String,
) -> Vec<ReportRow> {
    preview
        .orders
        .iter()
        .filter(|o| !o.is_valid())
        .map(|o| ReportRow {
            key: o.key.clone(),
            rows: o.rows.clone(),
            state: ReportState::Invalid,
            reference: None,
            vendor_order_id: None,
            error: Some(
                o.errors
                    .iter()
                    .map(&describe)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        })
        .collect()
}

/// The report as a workbook (sheet "Kết quả", bold frozen header, every cell as text).
pub fn report_xlsx(rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    report_xlsx_with(&REPORT_HEADERS, rows)
}

/// The report as CSV: UTF-8 with BOM, comma-separated.
pub fn report_csv(rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    report_csv_with(&REPORT_HEADERS, rows)
}

/// A report workbook under other headers (the PO import's [`crate::po::PO_REPORT_HEADERS`]).
pub fn report_xlsx_with(headers: &[&str; 6], rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name("Kết quả")?;
    for (c, (h, w)) in headers
        .iter()
        .zip([12.0, 10.0, 22.0, 22.0, 20.0, 60.0])
        .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *h, &header)?;
        sheet.set_column_width(c as u16, w)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| ImportError::Write {
            reason: "too many rows".into(),
        })?;
        for (c, v) in cells(r).iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, v, &text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

/// A report as CSV under other headers (UTF-8 with BOM, comma-separated).
pub fn report_csv_with(headers: &[&str; 6], rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(headers)?;
        for r in rows {
            w.write_record(cells(r))?;
        }
        w.flush().map_err(|e| ImportError::Write {
            reason: e.to_string(),
        })?;
    }
    Ok(out)
}
