//! Export of the orders list as filtered (every matching row, not one page) to CSV or Excel, with
//! Vietnamese headers: the shop owner's spreadsheet of the day's or the month's orders.

use chrono::{DateTime, Local, Utc};
use shopdesk_core::order::{OrderRow, OrderStatus};

use crate::cache::Result;
use crate::cache::MAX_LIMIT;
use crate::{OrderCache, OrderFilter};

/// The columns, in order.
pub const EXPORT_HEADERS: [&str; 14] = [
    "Mã đơn",
    "Mã tham chiếu",
    "Tài khoản",
    "Nền tảng",
    "Khách hàng",
    "Số điện thoại",
    "Địa chỉ",
    "Số sản phẩm",
    "Tổng tiền (đ)",
    "Thu hộ COD (đ)",
    "Trạng thái",
    "Trạng thái của nền tảng",
    "Ngày tạo",
    "Cập nhật lần cuối",
];

/// Orders one export writes at most (a bounded file; the list pages beyond it are left out).
pub const MAX_EXPORT_ROWS: usize = 100_000;

fn status_vi(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::New => "Mới",
        OrderStatus::Confirmed => "Đã xác nhận",
        OrderStatus::Packing => "Đang đóng gói",
        OrderStatus::Shipping => "Đang giao",
        OrderStatus::Delivered => "Đã giao",
        OrderStatus::Returning => "Đang hoàn",
        OrderStatus::Returned => "Đã hoàn",
        OrderStatus::Cancelled => "Đã hủy",
        OrderStatus::Other => "Khác",
    }
}

fn vendor_name(v: shopdesk_core::Vendor) -> &'static str {
    match v {
        shopdesk_core::Vendor::Pancake => "Pancake POS",
        shopdesk_core::Vendor::Nhanh => "Nhanh.vn",
        shopdesk_core::Vendor::Onflow => "Onflow",
    }
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%d/%m/%Y %H:%M").to_string()
}

enum Cell {
    Text(String),
    Num(i64),
}

fn cells(r: &OrderRow, account: &str) -> Vec<Cell> {
    vec![
        Cell::Text(r.vendor_order_id.clone()),
        Cell::Text(r.client_ref.clone().unwrap_or_default()),
        Cell::Text(account.to_string()),
        Cell::Text(vendor_name(r.vendor).to_string()),
        Cell::Text(r.customer_name.clone()),
        Cell::Text(r.phone.clone()),
        Cell::Text(r.address.clone()),
        Cell::Num(r.item_count),
        Cell::Num(r.total.dong()),
        Cell::Num(r.cod.dong()),
        Cell::Text(status_vi(r.status).to_string()),
        Cell::Text(r.vendor_status.clone()),
        Cell::Text(local(r.created_at)),
        Cell::Text(local(r.updated_at)),
    ]
}

impl OrderCache {
    /// Every row `filter` matches (its `limit`/`offset` ignored), newest first, the list's order; at
    /// most [`MAX_EXPORT_ROWS`].
    pub fn export_rows(&self, filter: &OrderFilter) -> Result<Vec<OrderRow>> {
        let mut f = filter.clone();
        f.limit = MAX_LIMIT;
        f.offset = 0;
        let mut out = Vec::new();
        loop {
            let page = self.list(&f)?;
            let n = page.rows.len();
            out.extend(page.rows);
            if n == 0 || out.len() >= page.total as usize || out.len() >= MAX_EXPORT_ROWS {
                break;
            }
            f.offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        }
        out.truncate(MAX_EXPORT_ROWS);
        Ok(out)
    }
}

/// The rows as CSV (UTF-8 with a BOM so Excel reads the Vietnamese text), `account` naming each row's
/// account.
pub fn orders_csv(rows: &[OrderRow], account: impl Fn(&str) -> String) -> std::io::Result<Vec<u8>> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(EXPORT_HEADERS)?;
        for r in rows {
            w.write_record(
                cells(r, &account(&r.account_id))
                    .into_iter()
                    .map(|c| match c {
                        Cell::Text(s) => s,
                        Cell::Num(n) => n.to_string(),
                    }),
            )?;
        }
        w.flush()?;
    }
    Ok(buf)
}

/// The rows as an Excel workbook (one sheet "Đơn hàng", numbers as numbers).
pub fn orders_xlsx(
    rows: &[OrderRow],
    account: impl Fn(&str) -> String,
) -> std::result::Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| format!("cannot write the spreadsheet: {e}");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Đơn hàng").map_err(x)?;
    let bold = Format::new().set_bold();
    for (c, h) in EXPORT_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(x)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|e| e.to_string())?;
        for (c, cell) in cells(r, &account(&r.account_id)).into_iter().enumerate() {
            match cell {
                Cell::Text(s) => {
                    ws.write_string(row, c as u16, s).map_err(x)?;
                }
                Cell::Num(n) => {
                    ws.write_number(row, c as u16, n as f64).map_err(x)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(x)?;
    wb.save_to_buffer().map_err(x)
}
