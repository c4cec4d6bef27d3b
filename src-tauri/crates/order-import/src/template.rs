//! The template the user downloads, fills in Excel or Google Sheets and imports back.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatBorder, Workbook,
};
use shopdesk_core::Vendor;

use crate::columns::{Column, ColumnKind, Level, COLUMNS};
use crate::error::ImportError;

/// Name of the orders sheet (the first sheet: the one the import reads).
pub const ORDERS_SHEET: &str = "Đơn hàng";
/// Name of the help sheet.
pub const HELP_SHEET: &str = "Hướng dẫn";

/// An example cell of a template.
pub(crate) enum Example {
    Text(&'static str),
    Number(f64),
}

/// The two example rows: one order `DH001` with two items (order-level values on its first row only).
fn example(row: usize, column: Column) -> Option<Example> {
    use Example::{Number, Text};
    match (row, column) {
        (_, Column::OrderKey) => Some(Text("DH001")),
        (0, Column::CustomerName) => Some(Text("Nguyễn Thị Lan")),
        (0, Column::Phone) => Some(Text("0912345678")),
        (0, Column::Address) => Some(Text("12 Lê Lợi")),
        (0, Column::Ward) => Some(Text("Phường Sài Gòn")),
        (0, Column::Province) => Some(Text("TP Hồ Chí Minh")),
        (0, Column::Sku) => Some(Text("AO-THUN-TRANG-M")),
        (1, Column::Sku) => Some(Text("MU-LUOI-DEN")),
        (0, Column::Quantity) => Some(Number(2.0)),
        (1, Column::Quantity) => Some(Number(1.0)),
        (0, Column::UnitPrice) => Some(Number(199_000.0)),
        (1, Column::UnitPrice) => Some(Number(99_000.0)),
        (0, Column::ItemDiscount) => Some(Number(10_000.0)),
        (0, Column::OrderDiscount) => Some(Number(20_000.0)),
        (0, Column::ShippingFee) => Some(Number(30_000.0)),
        (0, Column::Note) => Some(Text("Giao giờ hành chính")),
        _ => None,
    }
}

fn required_text(column: Column) -> &'static str {
    let for_vendor = |v: Vendor| Column::required_for(v).contains(&column);
    if Column::ALWAYS_REQUIRED.contains(&column) {
        "Có"
    } else if for_vendor(Vendor::Pancake) && for_vendor(Vendor::Nhanh) {
        "Có (Pancake, Nhanh.vn)"
    } else if for_vendor(Vendor::Onflow) {
        "Có (Onflow)"
    } else {
        "Không"
    }
}

const NOTES: &[&str] = &[
    "Mỗi dòng là MỘT sản phẩm. Đơn nhiều sản phẩm: nhiều dòng cùng \"Mã đơn\"; thông tin khách, địa chỉ, giảm giá đơn, phí vận chuyển, COD, ghi chú chỉ cần ghi ở dòng đầu của đơn.",
    "Dòng 1 là tiêu đề cột: giữ nguyên tên cột (có dấu hay không dấu, chữ hoa hay thường đều được); có thể đổi thứ tự cột; cột không có trong danh sách sẽ được bỏ qua.",
    "Số tiền tính bằng đồng, không có phần lẻ: 150000, 150.000, 150,000, 150.000đ hoặc 150k đều được.",
    "Xoá 2 dòng ví dụ (DH001) trước khi nhập đơn thật. Dòng trống được bỏ qua.",
    "Trước khi gửi, ShopDesk hiển thị bản xem trước với lỗi của từng dòng; chỉ các đơn hợp lệ được gửi.",
    "Lưu file dạng .xlsx, hoặc CSV UTF-8 (Excel: Lưu thành → \"CSV UTF-8 (phân cách bằng dấu phẩy)\").",
];

/// One column of a template as it is written: header, cell kind, width and its line in the help sheet.
pub(crate) struct TemplateColumn {
    pub header: &'static str,
    pub kind: ColumnKind,
    pub width: f64,
    pub required: &'static str,
    /// "Áp dụng cho": the whole order / PO, a package, each item.
    pub level: &'static str,
    pub help: &'static str,
}

/// What a template holds: its data sheet, the help sheet's title and notes, the columns and the example
/// rows (`examples[row][column]`).
pub(crate) struct TemplateSpec<'a> {
    pub sheet: &'a str,
    pub title: &'a str,
    pub notes: &'a [&'a str],
    pub columns: Vec<TemplateColumn>,
    pub examples: Vec<Vec<Option<Example>>>,
}

/// Writes a template workbook: the data sheet (bold frozen header, widths, codes as text, money as
/// `#,##0`, the example rows), `extra` on it (drop-downs), and the help sheet.
pub(crate) fn write_template_xlsx(
    spec: &TemplateSpec<'_>,
    extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<Vec<u8>, ImportError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let text = Format::new().set_num_format("@");
    let money = Format::new().set_num_format("#,##0");
    let count = Format::new().set_num_format("0");

    let sheet = book.add_worksheet();
    sheet.set_name(spec.sheet)?;
    for (col, c) in spec.columns.iter().enumerate() {
        let col = col as u16;
        let format = match c.kind {
            ColumnKind::Code => &text,
            ColumnKind::Money => &money,
            ColumnKind::Count => &count,
            ColumnKind::Text => &Format::new(),
        };
        sheet.set_column_width(col, c.width)?;
        if c.kind != ColumnKind::Text {
            sheet.set_column_format(col, format)?;
        }
        sheet.write_string_with_format(0, col, c.header, &header)?;
        for (row, values) in spec.examples.iter().enumerate() {
            match values.get(col as usize).and_then(Option::as_ref) {
                Some(Example::Text(s)) => {
                    sheet.write_string_with_format(row as u32 + 1, col, *s, format)?;
                }
                Some(Example::Number(n)) => {
                    sheet.write_number_with_format(row as u32 + 1, col, *n, format)?;
                }
                None => {}
            }
        }
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    extra(sheet)?;

    let help = book.add_worksheet();
    help.set_name(HELP_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    help.write_string_with_format(0, 0, spec.title, &title)?;
    let mut r = 2;
    for note in spec.notes {
        help.merge_range(r, 0, r, 3, &format!("• {note}"), &wrap)?;
        help.set_row_height(r, 32)?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["Cột", "Bắt buộc", "Áp dụng cho", "Giải thích"]
        .iter()
        .enumerate()
    {
        help.write_string_with_format(r, c as u16, *h, &header)?;
    }
    for c in &spec.columns {
        r += 1;
        help.write_string_with_format(r, 0, c.header, &wrap)?;
        help.write_string_with_format(r, 1, c.required, &wrap)?;
        help.write_string_with_format(r, 2, c.level, &wrap)?;
        help.write_string_with_format(r, 3, c.help, &wrap)?;
    }
    help.set_column_width(0, 18)?;
    help.set_column_width(1, 22)?;
    help.set_column_width(2, 20)?;
    help.set_column_width(3, 90)?;
    Ok(book.save_to_buffer()?)
}

/// A template as CSV: UTF-8 with BOM (so Excel shows Vietnamese), comma-separated, header + examples.
pub(crate) fn write_template_csv(spec: &TemplateSpec<'_>) -> Result<Vec<u8>, ImportError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(spec.columns.iter().map(|c| c.header))?;
        for values in &spec.examples {
            w.write_record((0..spec.columns.len()).map(|i| {
                match values.get(i).and_then(Option::as_ref) {
                    Some(Example::Text(t)) => t.to_string(),
                    Some(Example::Number(n)) => crate::parse::CellValue::Number(*n).as_text(),
                    None => String::new(),
                }
            }))?;
        }
        w.flush().map_err(|e| ImportError::Write {
            reason: e.to_string(),
        })?;
    }
    Ok(out)
}

fn order_spec() -> TemplateSpec<'static> {
    TemplateSpec {
        sheet: ORDERS_SHEET,
        title: "Hướng dẫn nhập đơn hàng hàng loạt",
        notes: NOTES,
        columns: COLUMNS
            .iter()
            .map(|spec| TemplateColumn {
                header: spec.header,
                kind: spec.kind,
                width: spec.width,
                required: required_text(spec.column),
                level: match spec.level {
                    Level::Order => "Cả đơn (dòng đầu)",
                    Level::Item => "Từng sản phẩm",
                },
                help: spec.help,
            })
            .collect(),
        examples: (0..2)
            .map(|row| COLUMNS.iter().map(|s| example(row, s.column)).collect())
            .collect(),
    }
}

/// The template workbook: sheet "Đơn hàng" (bold frozen header, widths, phone/SKU/code columns as
/// text, money as `#,##0`, two example rows forming one two-item order) and sheet "Hướng dẫn".
pub fn template_xlsx() -> Result<Vec<u8>, ImportError> {
    write_template_xlsx(&order_spec(), |sheet| {
        // a drop-down for the marketplace (a warning, not a stop: "TikTok Shop" is accepted too)
        let platform = DataValidation::new()
            .allow_list_strings(&["shopee", "lazada", "tiktok", "tiki"])?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Sàn TMĐT")?
            .set_error_message("Chọn shopee, lazada, tiktok hoặc tiki.")?;
        let platform_col = Column::Platform.position() as u16;
        sheet.add_data_validation(1, platform_col, 10_000, platform_col, &platform)?;
        Ok(())
    })
}

/// The template as CSV: UTF-8 with BOM (so Excel shows Vietnamese), comma-separated, header + the two
/// example rows.
pub fn template_csv() -> Result<Vec<u8>, ImportError> {
    write_template_csv(&order_spec())
}
