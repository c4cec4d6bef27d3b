//! Reading the user's file: the first sheet of a workbook or a CSV, into rows keyed by [`Column`].

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, XlsxError};
use serde::Serialize;
use shopdesk_core::Vendor;

use crate::columns::Column;
use crate::error::ImportError;
use crate::limits;

/// The two kinds of file the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    /// A workbook: `.xlsx` (also `.xlsm`). `.xls`, `.ods` and `.xlsb` map here too and are refused
    /// as [`ImportError::NotAWorkbook`] (save as .xlsx).
    Xlsx,
    /// Comma, semicolon or tab separated text in UTF-8 (with or without BOM) or UTF-16 with BOM.
    Csv,
}

impl FileKind {
    /// From the file extension (case-insensitive); `None` for anything the import cannot read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => Some(FileKind::Xlsx),
            "csv" | "tsv" | "txt" => Some(FileKind::Csv),
            _ => None,
        }
    }
}

/// A cell as the file had it: workbooks give numbers, CSV always text.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "type", content = "value")]
pub enum CellValue {
    Text(String),
    Number(f64),
}

impl CellValue {
    /// The value as text: whole numbers without a decimal part (`912345678`, not `912345678.0`).
    pub fn as_text(&self) -> String {
        match self {
            CellValue::Text(s) => s.clone(),
            CellValue::Number(v) => number_text(*v),
        }
    }
}

fn number_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// One non-empty cell of a known column.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub column: Column,
    /// The header as written in the user's file.
    pub header: String,
    pub value: CellValue,
}

/// One data row of the file.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SheetRow {
    /// Spreadsheet row number: 1-based, the header is row 1 in the template.
    pub row: u32,
    /// Non-empty cells of known columns, in column order.
    pub cells: Vec<Cell>,
}

impl SheetRow {
    pub fn get(&self, column: Column) -> Option<&Cell> {
        self.cells.iter().find(|c| c.column == column)
    }

    /// Trimmed text of a column, `None` when empty.
    pub fn text(&self, column: Column) -> Option<String> {
        let t = self.get(column)?.value.as_text();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

/// The file read: which known columns it has (with the user's header) and its data rows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Sheet {
    pub columns: Vec<(Column, String)>,
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// Fails with [`ImportError::MissingColumns`] naming every absent column of `required`.
    pub fn require(&self, required: &[Column]) -> Result<(), ImportError> {
        let missing: Vec<String> = required
            .iter()
            .filter(|c| !self.columns.iter().any(|(have, _)| have == *c))
            .map(|c| c.header().to_string())
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ImportError::MissingColumns { columns: missing })
        }
    }
}

/// Reads the file and checks the columns every import needs (SKU, quantity).
///
/// Blocking: parses up to [`crate::limits`] worth of file on the calling thread (well under a second
/// for 10,000 rows, more for a hostile file near the limits); call it from a blocking thread
/// (`tokio::task::spawn_blocking`), not from an async task.
pub fn parse(bytes: &[u8], kind: FileKind) -> Result<Vec<SheetRow>, ImportError> {
    let sheet = read_sheet(bytes, kind)?;
    sheet.require(Column::ALWAYS_REQUIRED)?;
    Ok(sheet.rows)
}

/// Like [`parse`], also requiring the columns `vendor` needs (customer columns for Pancake and
/// Nhanh, the marketplace for Onflow). Blocking, like [`parse`].
pub fn parse_for(
    bytes: &[u8],
    kind: FileKind,
    vendor: Vendor,
) -> Result<Vec<SheetRow>, ImportError> {
    let sheet = read_sheet(bytes, kind)?;
    sheet.require(Column::required_for(vendor))?;
    Ok(sheet.rows)
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the file without checking required columns. Fails on unreadable files, files over the
/// [`crate::limits`], duplicate columns and files without data rows. Blocking, like [`parse`].
///
/// A workbook is checked before it is parsed (zip directory: parts, unpacked sizes; the shared
/// strings count; the sheet's declared extent), then its first sheet is streamed cell by cell with a
/// hard cap on rows, columns and text: no API that allocates the sheet's whole extent is used.
pub fn read_sheet(bytes: &[u8], kind: FileKind) -> Result<Sheet, ImportError> {
    let table = read_table(bytes, kind, Column::from_header, Column::header)?;
    Ok(Sheet {
        columns: table.columns,
        rows: table
            .rows
            .into_iter()
            .map(|r| SheetRow {
                row: r.row,
                cells: r
                    .cells
                    .into_iter()
                    .map(|(column, header, value)| Cell {
                        column,
                        header,
                        value,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// Non-empty rows in row order: (spreadsheet row number, non-empty cells as (0-based column, value)
/// in column order, every column < [`limits::MAX_COLUMNS`]).
type Grid = Vec<(u32, Vec<(u32, CellValue)>)>;

/// Counts what is kept while reading: rows, cells and text, each against its limit.
#[derive(Default)]
struct Budget {
    cells: u64,
    text: u64,
}

impl Budget {
    /// Takes a non-empty cell at `column` (0-based) of spreadsheet row `row`.
    fn take(&mut self, row: u32, column: u32, value: &CellValue) -> Result<(), ImportError> {
        if column >= limits::MAX_COLUMNS {
            return Err(limits::column_too_far(row, column));
        }
        self.cells += 1;
        if self.cells > limits::MAX_CELLS {
            return Err(ImportError::TooManyCells {
                reason: format!("more than {} cells hold data", limits::MAX_CELLS),
            });
        }
        if let CellValue::Text(t) = value {
            self.text = self.text.saturating_add(t.len() as u64);
            if self.text > limits::MAX_UNPACKED_BYTES {
                return Err(limits::too_much_text());
            }
        }
        Ok(())
    }
}

fn xlsx_grid(bytes: &[u8]) -> Result<Grid, ImportError> {
    if bytes.starts_with(&CFB_MAGIC) {
        return Err(ImportError::NotAWorkbook {
            reason: "an Excel 97-2003 (.xls) or password-protected workbook".into(),
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(ImportError::NotAWorkbook {
            reason: "neither an .xlsx workbook nor a CSV file".into(),
        });
    }
    limits::check_workbook(bytes)?;

    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable {
        reason: e.to_string(),
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(ImportError::Empty);
    };
    let mut reader = match book.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        // a chart sheet first: nothing to read, as before
        Err(XlsxError::NotAWorksheet(_)) => return Err(ImportError::Empty),
        Err(e) => return Err(unreadable(&e)),
    };
    let declared = reader.dimensions();
    limits::check_extent(declared.start, declared.end)?;

    let mut rows: BTreeMap<u32, Vec<(u32, CellValue)>> = BTreeMap::new();
    let mut budget = Budget::default();
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let Some(value) = cell_value(&Data::from(cell.get_value().clone())) else {
            continue;
        };
        let number = row.saturating_add(1);
        budget.take(number, column, &value)?;
        if !rows.contains_key(&number) && rows.len() >= limits::MAX_SHEET_ROWS {
            return Err(limits::too_many_rows());
        }
        rows.entry(number).or_default().push((column, value));
    }
    Ok(rows
        .into_iter()
        .map(|(number, mut cells)| {
            // a cell written twice: the later one wins (as in calamine's ranges)
            cells.reverse();
            cells.sort_by_key(|(column, _)| *column);
            cells.dedup_by_key(|(column, _)| *column);
            (number, cells)
        })
        .collect())
}

fn cell_value(d: &Data) -> Option<CellValue> {
    let v = match d {
        Data::Empty => return None,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(dt) => CellValue::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Text(e.to_string()),
    };
    match &v {
        CellValue::Text(s) if s.trim().is_empty() => None,
        _ => Some(v),
    }
}

fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    let utf16 = |bytes: &[u8], le: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| ImportError::Encoding)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|_| ImportError::Encoding)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false)
    } else {
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| ImportError::Encoding)
    }
}

/// `,` `;` or tab: whichever occurs most outside quotes on the first non-empty line.
fn detect_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut comma, mut semi, mut tab) = (0, 0, 0);
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

fn csv_grid(bytes: &[u8]) -> Result<Grid, ImportError> {
    let text = decode_text(bytes)?;
    let delimiter = detect_delimiter(&text);
    // before the reader allocates a record's fields
    limits::check_csv_width(&text, delimiter).map_err(|(line, fields)| {
        ImportError::TooManyCells {
            reason: format!(
                "line {line} has {fields} fields, at most {} are read",
                limits::MAX_CSV_FIELDS
            ),
        }
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut budget = Budget::default();
    // the row number is the line the record starts on (blank lines count, as in a spreadsheet) minus
    // the line breaks inside quoted cells of earlier records (a spreadsheet shows them in one row)
    let bytes = text.as_bytes();
    let (mut scanned, mut line) = (0usize, 1u64);
    let mut inner_breaks: u64 = 0;
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Unreadable {
            reason: e.to_string(),
        })?;
        let start = record
            .position()
            .map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(scanned))
            .clamp(scanned, bytes.len());
        // the reader reports the position before the blank lines it skipped
        let start = start
            + bytes[start..]
                .iter()
                .take_while(|b| **b == b'\n' || **b == b'\r')
                .count();
        line += bytes[scanned..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        scanned = start;
        let number = line.saturating_sub(inner_breaks).max(1);
        inner_breaks += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        let mut cells = Vec::new();
        for (column, field) in record.iter().enumerate() {
            let t = field.trim();
            if t.is_empty() {
                continue;
            }
            let value = CellValue::Text(t.to_string());
            budget.take(number, u32::try_from(column).unwrap_or(u32::MAX), &value)?;
            cells.push((column as u32, value));
        }
        if cells.is_empty() {
            continue;
        }
        if grid.len() >= limits::MAX_SHEET_ROWS {
            return Err(limits::too_many_rows());
        }
        grid.push((number, cells));
    }
    Ok(grid)
}

/// The column a header cell names; text longer than [`limits::MAX_HEADER_CHARS`] names none.
fn header_column<C>(value: &CellValue, recognize: fn(&str) -> Option<C>) -> Option<(C, String)> {
    let text = value.as_text();
    let header = text.trim();
    if header.chars().count() > limits::MAX_HEADER_CHARS {
        return None;
    }
    recognize(header).map(|c| (c, header.to_string()))
}

/// A file read against any column table (the order import's [`Column`], the PO import's
/// [`crate::po::PoColumn`]): the known columns (with the user's header) and the data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<C> {
    pub columns: Vec<(C, String)>,
    pub rows: Vec<TableRow<C>>,
}

/// One data row of a [`Table`]: its spreadsheet row number and non-empty cells of known columns, in
/// column order, each with the header as the user's file spells it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow<C> {
    pub row: u32,
    pub cells: Vec<(C, String, CellValue)>,
}

impl<C: Copy + Eq> TableRow<C> {
    pub fn get(&self, column: C) -> Option<&CellValue> {
        self.cells
            .iter()
            .find(|(c, _, _)| *c == column)
            .map(|(_, _, v)| v)
    }

    /// Trimmed text of a column, `None` when empty.
    pub fn text(&self, column: C) -> Option<String> {
        let t = self.get(column)?.as_text();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

/// Reads the file against a column table: `recognize` names a header's column, `header` gives a
/// column's template header (for the duplicate-column error). The same checks, limits and header search
/// as [`read_sheet`]. Blocking, like [`parse`].
pub fn read_table<C: Copy + Ord>(
    bytes: &[u8],
    kind: FileKind,
    recognize: fn(&str) -> Option<C>,
    header: fn(C) -> &'static str,
) -> Result<Table<C>, ImportError> {
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(limits::file_too_large(bytes.len()));
    }
    // a workbook saved with a .csv name (or the other way round) is read for what it is
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&CFB_MAGIC);
    let grid = match kind {
        FileKind::Xlsx => xlsx_grid(bytes)?,
        FileKind::Csv if workbook => xlsx_grid(bytes)?,
        FileKind::Csv => csv_grid(bytes)?,
    };
    from_grid(grid, recognize, header)
}

fn from_grid<C: Copy + Ord>(
    grid: Grid,
    recognize: fn(&str) -> Option<C>,
    name: fn(C) -> &'static str,
) -> Result<Table<C>, ImportError> {
    let known = |cells: &[(u32, CellValue)]| {
        cells
            .iter()
            .filter(|(_, v)| header_column(v, recognize).is_some())
            .count()
    };
    // the header is the first row naming at least two known columns (a title row above it is fine),
    // else the first non-empty row (so a missing-column error names what is missing); the grid holds
    // only non-empty rows
    let header_at = grid
        .iter()
        .take(limits::HEADER_SEARCH_ROWS)
        .position(|(_, cells)| known(cells) >= 2)
        .or_else(|| (!grid.is_empty()).then_some(0))
        .ok_or(ImportError::Empty)?;

    let mut columns: Vec<(u32, C, String)> = Vec::new();
    for (idx, value) in &grid[header_at].1 {
        let Some((column, header)) = header_column(value, recognize) else {
            continue;
        };
        if let Some((_, _, first)) = columns.iter().find(|(_, c, _)| *c == column) {
            return Err(ImportError::DuplicateColumn {
                column: name(column).to_string(),
                first: first.clone(),
                second: header,
            });
        }
        columns.push((*idx, column, header));
    }
    columns.sort_by_key(|(_, c, _)| *c);

    let mut rows = Vec::new();
    for (number, cells) in &grid[header_at + 1..] {
        let row_cells: Vec<(C, String, CellValue)> = columns
            .iter()
            .filter_map(|(idx, column, header)| {
                let at = cells.binary_search_by_key(idx, |(c, _)| *c).ok()?;
                Some((*column, header.clone(), cells[at].1.clone()))
            })
            .collect();
        if !row_cells.is_empty() {
            if rows.len() >= limits::MAX_ROWS {
                return Err(limits::too_many_rows());
            }
            rows.push(TableRow {
                row: *number,
                cells: row_cells,
            });
        }
    }
    let columns: Vec<(C, String)> = columns.into_iter().map(|(_, c, h)| (c, h)).collect();
    if rows.is_empty() && !columns.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(Table { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_paths() {
        assert_eq!(
            FileKind::from_path(Path::new("don-hang.XLSX")),
            Some(FileKind::Xlsx)
        );
        assert_eq!(
            FileKind::from_path(Path::new("/tmp/a.csv")),
            Some(FileKind::Csv)
        );
        assert_eq!(FileKind::from_path(Path::new("a.pdf")), None);
        assert_eq!(FileKind::from_path(Path::new("noext")), None);
    }

    #[test]
    fn delimiter_detection_ignores_quoted_commas() {
        assert_eq!(detect_delimiter("SKU;\"Tên, họ\";Số lượng\n"), b';');
        assert_eq!(detect_delimiter("SKU,Số lượng\n"), b',');
        assert_eq!(detect_delimiter("SKU\tSố lượng\tGhi chú\n"), b'\t');
        assert_eq!(detect_delimiter("\n\nSKU;SL\n"), b';');
    }

    #[test]
    fn csv_row_numbers_follow_the_spreadsheet() {
        let text = "SKU,Số lượng,Ghi chú\nA,1,\"hai\ndòng\"\n,,\nB,2,\n\nC,3,x\n";
        let sheet = read_sheet(text.as_bytes(), FileKind::Csv).unwrap();
        let rows: Vec<(u32, String)> = sheet
            .rows
            .iter()
            .map(|r| (r.row, r.text(Column::Sku).unwrap()))
            .collect();
        // row 3 (",,") is empty and skipped; the blank line is row 5
        assert_eq!(
            rows,
            vec![(2, "A".into()), (4, "B".into()), (6, "C".into())]
        );
        assert_eq!(
            sheet.rows[0].text(Column::Note).as_deref(),
            Some("hai\ndòng")
        );
    }

    #[test]
    fn non_utf8_csv_is_an_encoding_error() {
        // "Số" in Windows-1258-ish bytes
        let bytes = b"SKU,S\xf4 l\xfd\xf4ng\nA,1\n";
        assert_eq!(
            read_sheet(bytes, FileKind::Csv).unwrap_err(),
            ImportError::Encoding
        );
    }

    #[test]
    fn utf16_csv_with_bom_is_read() {
        let text = "SKU\tSố lượng\nA\t2\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let rows = parse(&bytes, FileKind::Csv).unwrap();
        assert_eq!(rows[0].text(Column::Quantity).as_deref(), Some("2"));
    }

    #[test]
    fn garbage_is_unreadable() {
        let e = read_sheet(b"PK\x03\x04 not really a zip", FileKind::Xlsx).unwrap_err();
        assert_eq!(e.code(), "file.unreadable");
    }

    #[test]
    fn long_text_is_never_a_header() {
        // "SKU (…)" names the SKU column, but not with a megabyte inside the brackets
        let long = format!("SKU ({})", "x".repeat(limits::MAX_HEADER_CHARS));
        let e = read_sheet(format!("{long},Số lượng\nA,1\n").as_bytes(), FileKind::Csv)
            .and_then(|s| s.require(Column::ALWAYS_REQUIRED))
            .unwrap_err();
        assert_eq!(e.code(), "column.missing");
        let fits = format!("SKU ({})", "x".repeat(limits::MAX_HEADER_CHARS - 6));
        let rows = parse(format!("{fits},Số lượng\nA,1\n").as_bytes(), FileKind::Csv).unwrap();
        assert_eq!(rows[0].text(Column::Sku).as_deref(), Some("A"));
    }

    #[test]
    fn duplicate_columns_are_refused() {
        let e = read_sheet("SKU,Mã SP,Số lượng\nA,B,1\n".as_bytes(), FileKind::Csv).unwrap_err();
        assert_eq!(
            e,
            ImportError::DuplicateColumn {
                column: "SKU".into(),
                first: "SKU".into(),
                second: "Mã SP".into()
            }
        );
    }
}
