//! Export of the stock grid's current view (same filters and sort, every row, not just the visible
//! window) to CSV or XLSX, with Vietnamese headers.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::grid::{GridPage, GridQuery};
use crate::{Error, Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

const WINDOW: u32 = 1000;

/// Header labels of the fixed columns (the file is for Vietnamese shop owners and their spreadsheets).
const HEAD: [&str; 6] = [
    "Tên sản phẩm",
    "SKU",
    "Mã vạch",
    "Tổng tồn",
    "Tổng có thể bán",
    "Cảnh báo",
];

fn header(page: &GridPage) -> Vec<String> {
    let mut h: Vec<String> = HEAD.iter().map(|s| s.to_string()).collect();
    for c in &page.columns {
        let label = if c.account_label.is_empty() {
            c.vendor.as_str().to_string()
        } else {
            c.account_label.clone()
        };
        h.push(format!("{label} · {} · Tồn", c.warehouse_name));
        h.push(format!("{label} · {} · Có thể bán", c.warehouse_name));
    }
    h
}

/// One cell of an exported table.
pub enum Cell {
    Text(String),
    Num(Option<i64>),
}

fn rows(page: &GridPage) -> Vec<Vec<Cell>> {
    page.rows
        .iter()
        .map(|r| {
            let mut flags = Vec::new();
            if r.flags.mismatch {
                flags.push("Lệch tồn");
            }
            if r.flags.low {
                flags.push("Sắp hết");
            }
            if r.flags.conflict {
                flags.push("Cần ghép");
            }
            let mut v = vec![
                Cell::Text(r.name.clone()),
                Cell::Text(r.sku.clone().unwrap_or_default()),
                Cell::Text(r.barcode.clone().unwrap_or_default()),
                Cell::Num(Some(r.total_on_hand)),
                Cell::Num(Some(r.total_available)),
                Cell::Text(flags.join(", ")),
            ];
            for c in &r.cells {
                v.push(Cell::Num(c.and_then(|c| c.on_hand)));
                v.push(Cell::Num(c.and_then(|c| c.available)));
            }
            v
        })
        .collect()
}

impl Store {
    /// Every row of the view `query` describes (its window is ignored), in its order, written to `path`.
    /// Returns the number of data rows written.
    pub fn export_grid(&self, query: &GridQuery, format: ExportFormat, path: &Path) -> Result<u64> {
        let mut q = query.clone();
        q.offset = 0;
        q.limit = WINDOW;
        let first = self.grid(&q)?;
        let head = header(&first);
        let mut all = rows(&first);
        let total = first.total_rows;
        while (all.len() as u64) < total {
            q.offset = all.len() as u32;
            let page = self.grid(&q)?;
            if page.rows.is_empty() {
                break;
            }
            all.extend(rows(&page));
        }
        write_table(path, format, "Tồn kho", &head, &all)?;
        Ok(all.len() as u64)
    }
}

/// Write a table (header row, then `rows`) to `path` as CSV (UTF-8 with a BOM, for Excel) or XLSX
/// (one sheet named `sheet`, bold header, first row and column frozen): the one writer every stock
/// export uses.
pub fn write_table(
    path: &Path,
    format: ExportFormat,
    sheet: &str,
    head: &[String],
    rows: &[Vec<Cell>],
) -> Result<()> {
    match format {
        ExportFormat::Csv => write_csv(path, head, rows),
        ExportFormat::Xlsx => write_xlsx(path, sheet, head, rows),
    }
}

fn write_csv(path: &Path, head: &[String], rows: &[Vec<Cell>]) -> Result<()> {
    let file = std::fs::File::create(path)
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display())))?;
    let mut w = std::io::BufWriter::new(file);
    // a UTF-8 BOM so Excel opens Vietnamese text correctly
    std::io::Write::write_all(&mut w, "\u{feff}".as_bytes())
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display())))?;
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(head)?;
    for r in rows {
        csv.write_record(r.iter().map(|c| match c {
            Cell::Text(s) => s.clone(),
            Cell::Num(Some(n)) => n.to_string(),
            Cell::Num(None) => String::new(),
        }))?;
    }
    csv.flush()
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", path.display())))?;
    Ok(())
}

fn write_xlsx(path: &Path, sheet: &str, head: &[String], rows: &[Vec<Cell>]) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| {
        Error::Invalid(format!("cannot write the spreadsheet: {e}"))
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(x)?;
    let bold = Format::new().set_bold();
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(x)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        for (c, cell) in r.iter().enumerate() {
            match cell {
                Cell::Text(s) => {
                    ws.write_string(row, c as u16, s).map_err(x)?;
                }
                Cell::Num(Some(n)) => {
                    ws.write_number(row, c as u16, *n as f64).map_err(x)?;
                }
                Cell::Num(None) => {}
            }
        }
    }
    ws.set_freeze_panes(1, 1).map_err(x)?;
    ws.set_column_width(0, 40).map_err(x)?;
    wb.save(path).map_err(x)?;
    Ok(())
}
