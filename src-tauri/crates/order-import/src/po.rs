//! Bulk inbound POs ("Nhập kho") from a spreadsheet: one row per product line, rows with the same
//! "Mã phiếu" form one PO, rows with the same "Mã kiện" within a PO form one package.
//!
//! It lives here, beside the order import, because it is the same job on another column table: it
//! reads the file with [`crate::parse::read_table`] (the same limits, header search and header matching
//! through [`crate::columns::header_key`]), writes its template and report with the crate's writers,
//! and pins problems to rows as the same [`RowError`]s. The drafts are
//! [`shopdesk_core::inbound::PoDraft`]s checked by [`shopdesk_core::inbound::validate`], whose wire
//! paths (`packages.1.items.0.quantity`) are mapped back to the rows and columns they came from.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use shopdesk_core::inbound::{validate, PoDraft, PoLine, PoPackageDraft};
use shopdesk_core::text::fold;

use crate::build::{CatalogLookup, RowError};
use crate::columns::{header_key, ColumnKind};
use crate::error::ImportError;
use crate::group::{group_by, require_columns, user_headers, Pins};
use crate::number::{from_float, parse_amount};
use crate::parse::{read_table, CellValue, FileKind, TableRow};
use crate::report::{report_csv_with, report_xlsx_with, ReportRow};
use crate::template::{
    write_template_csv, write_template_xlsx, Example, TemplateColumn, TemplateSpec,
};

/// Codes the PO import adds to the ones [`shopdesk_core::inbound::validate`] emits.
pub mod codes {
    pub use crate::build::codes::{NUMBER_INVALID, QUANTITY_REQUIRED, SKU_UNKNOWN};
    /// The SKU cell is empty.
    pub const SKU_REQUIRED: &str = "sku.required";
    /// The warehouse code is not one of the account's warehouses.
    pub const WAREHOUSE_UNKNOWN: &str = "warehouse.unknown";
    /// Rows of one PO (same "Mã phiếu") disagree on a PO-level value (warehouse, date, …).
    pub const PO_CONFLICT: &str = "po.conflict";
    /// Rows of one package (same "Mã kiện") disagree on its weight, a dimension or its note.
    pub const PACKAGE_CONFLICT: &str = "package.conflict";
    /// "Kiểm hàng cùng" is neither có nor không.
    pub const YESNO_INVALID: &str = "yesno.invalid";
    /// The reference is already in the PO journal or among the warehouse's POs.
    pub const REFERENCE_DUPLICATE: &str = "reference.duplicate";
}

/// One column of the PO file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PoColumn {
    Reference,
    Warehouse,
    Arrival,
    CoInspection,
    PoNote,
    PackageCode,
    Weight,
    Length,
    Width,
    Height,
    Sku,
    Quantity,
    PackageNote,
}

/// Whether a column holds a value of the whole PO, of one package, or of one product line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoLevel {
    Po,
    Package,
    Line,
}

/// One row of [`PO_COLUMNS`].
#[derive(Debug)]
pub struct PoColumnSpec {
    pub column: PoColumn,
    pub header: &'static str,
    /// Other spellings accepted, already folded.
    pub aliases: &'static [&'static str],
    pub kind: ColumnKind,
    pub level: PoLevel,
    pub required: bool,
    pub width: f64,
    pub help: &'static str,
}

/// The PO columns, in template order.
pub const PO_COLUMNS: &[PoColumnSpec] = &[
    PoColumnSpec {
        column: PoColumn::Reference,
        header: "Mã phiếu",
        aliases: &["ma phieu nhap", "ma tham chieu", "reference", "po reference", "po ref", "po"],
        kind: ColumnKind::Code,
        level: PoLevel::Po,
        required: true,
        width: 14.0,
        help: "Mã phiếu nhập do bạn đặt (tối đa 64 ký tự), dùng làm mã tham chiếu với kho. Các dòng cùng mã phiếu là một phiếu nhập. Mã đã dùng cho phiếu trước sẽ bị từ chối.",
    },
    PoColumnSpec {
        column: PoColumn::Warehouse,
        header: "Kho",
        aliases: &["ma kho", "kho nhap", "warehouse", "warehouse code"],
        kind: ColumnKind::Code,
        level: PoLevel::Po,
        required: true,
        width: 16.0,
        help: "Mã kho Onflow nhận hàng (ví dụ ONF_WH_HN_LB), như trong danh sách kho của tài khoản. Ghi ở dòng đầu của phiếu.",
    },
    PoColumnSpec {
        column: PoColumn::Arrival,
        header: "Ngày dự kiến đến",
        aliases: &["ngay den", "ngay du kien", "ngay nhap", "estimated arrival", "arrival", "arrival date", "eta"],
        kind: ColumnKind::Code,
        level: PoLevel::Po,
        required: true,
        width: 16.0,
        help: "Ngày hàng dự kiến đến kho: YYYY-MM-DD (2027-01-15), DD/MM/YYYY hoặc một ô ngày của Excel. Không được trước hôm nay.",
    },
    PoColumnSpec {
        column: PoColumn::CoInspection,
        header: "Kiểm hàng cùng",
        aliases: &["kiem hang", "dong kiem", "co inspection", "inspection"],
        kind: ColumnKind::Text,
        level: PoLevel::Po,
        required: false,
        width: 14.0,
        help: "Có hoặc không (để trống: không). Có: kho kiểm hàng cùng bạn khi nhận.",
    },
    PoColumnSpec {
        column: PoColumn::PoNote,
        header: "Ghi chú phiếu",
        aliases: &["ghi chu phieu nhap", "ghi chu", "po note", "note"],
        kind: ColumnKind::Text,
        level: PoLevel::Po,
        required: false,
        width: 22.0,
        help: "Ghi chú cho cả phiếu (tối đa 1000 ký tự).",
    },
    PoColumnSpec {
        column: PoColumn::PackageCode,
        header: "Mã kiện",
        aliases: &["ma thung", "kien", "thung", "package", "package code", "carton", "box"],
        kind: ColumnKind::Code,
        level: PoLevel::Package,
        required: true,
        width: 12.0,
        help: "Mã ghi trên thùng hàng. Các dòng cùng mã kiện trong một phiếu là một kiện có nhiều sản phẩm.",
    },
    PoColumnSpec {
        column: PoColumn::Weight,
        header: "Cân nặng (g)",
        aliases: &["khoi luong", "weight"],
        kind: ColumnKind::Text,
        level: PoLevel::Package,
        required: false,
        width: 12.0,
        help: "Cân nặng của kiện, tính bằng gam. Ghi một lần ở dòng đầu của kiện.",
    },
    PoColumnSpec {
        column: PoColumn::Length,
        header: "Dài (cm)",
        aliases: &["chieu dai", "length"],
        kind: ColumnKind::Text,
        level: PoLevel::Package,
        required: false,
        width: 9.0,
        help: "Chiều dài của kiện (cm).",
    },
    PoColumnSpec {
        column: PoColumn::Width,
        header: "Rộng (cm)",
        aliases: &["chieu rong", "width"],
        kind: ColumnKind::Text,
        level: PoLevel::Package,
        required: false,
        width: 9.0,
        help: "Chiều rộng của kiện (cm).",
    },
    PoColumnSpec {
        column: PoColumn::Height,
        header: "Cao (cm)",
        aliases: &["chieu cao", "height"],
        kind: ColumnKind::Text,
        level: PoLevel::Package,
        required: false,
        width: 9.0,
        help: "Chiều cao của kiện (cm).",
    },
    PoColumnSpec {
        column: PoColumn::Sku,
        header: "SKU",
        aliases: &["ma sku", "ma san pham", "ma sp", "ma hang", "product code", "item sku"],
        kind: ColumnKind::Code,
        level: PoLevel::Line,
        required: true,
        width: 18.0,
        help: "Mã SKU của sản phẩm đúng như trong danh mục Onflow của tài khoản (đồng bộ tồn kho trước). Mỗi dòng một sản phẩm; một sản phẩm chỉ một lần trong một kiện.",
    },
    PoColumnSpec {
        column: PoColumn::Quantity,
        header: "Số lượng",
        aliases: &["sl", "quantity", "qty"],
        kind: ColumnKind::Count,
        level: PoLevel::Line,
        required: true,
        width: 10.0,
        help: "Số nguyên lớn hơn 0 (tối đa 1.000.000).",
    },
    PoColumnSpec {
        column: PoColumn::PackageNote,
        header: "Ghi chú kiện",
        aliases: &["ghi chu thung", "package note", "carton note"],
        kind: ColumnKind::Text,
        level: PoLevel::Package,
        required: false,
        width: 20.0,
        help: "Ghi chú cho kiện (tối đa 1000 ký tự). Ghi một lần ở dòng đầu của kiện.",
    },
];

impl PoColumn {
    pub fn spec(self) -> &'static PoColumnSpec {
        // every variant has a row (checked by a test), the fallback is never used
        PO_COLUMNS
            .iter()
            .find(|s| s.column == self)
            .unwrap_or(&PO_COLUMNS[0])
    }

    /// The Vietnamese header of the template.
    pub fn header(self) -> &'static str {
        self.spec().header
    }

    /// Recognizes a header the way the order import does ([`header_key`]): case, diacritics,
    /// punctuation and a trailing `(…)` ignored; English aliases accepted.
    pub fn from_header(header: &str) -> Option<PoColumn> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        PO_COLUMNS
            .iter()
            .find(|s| header_key(s.header) == key || s.aliases.contains(&key.as_str()))
            .map(|s| s.column)
    }
}

/// Name of the PO template's data sheet.
pub const PO_SHEET: &str = "Phiếu nhập";

/// Report headers of the PO import.
pub const PO_REPORT_HEADERS: [&str; 6] = [
    "Mã phiếu",
    "Dòng",
    "Trạng thái",
    "Mã tham chiếu",
    "Mã phiếu nhập của kho",
    "Lỗi",
];

/// One row of the PO file.
pub type PoSheetRow = TableRow<PoColumn>;

/// Reads the file and checks the required columns (Mã phiếu, Kho, Ngày dự kiến đến, Mã kiện, SKU,
/// Số lượng). Blocking, like [`crate::parse`].
pub fn parse_po(bytes: &[u8], kind: FileKind) -> Result<Vec<PoSheetRow>, ImportError> {
    let table = read_table(bytes, kind, PoColumn::from_header, PoColumn::header)?;
    require_columns(
        &table,
        PO_COLUMNS
            .iter()
            .filter(|s| s.required)
            .map(|s| (s.column, s.header)),
    )?;
    Ok(table.rows)
}

/// One product line of the file as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoImportLine {
    pub row: u32,
    /// The PO's "Mã phiếu".
    pub reference: String,
    pub package_code: String,
    pub sku: String,
    /// The catalog's name of the SKU, when it is known.
    pub name: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub quantity: Option<i64>,
}

/// One PO of the file: its rows, its draft when valid, else the errors of its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoImportPo {
    /// The "Mã phiếu" (the PO's reference).
    pub key: String,
    pub rows: Vec<u32>,
    pub warehouse_code: String,
    pub packages: u32,
    #[specta(type = specta_typescript::Number)]
    pub units: i64,
    /// `Some` only when `errors` is empty: ready for the journal.
    pub draft: Option<PoDraft>,
    pub errors: Vec<RowError>,
}

impl PoImportPo {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.draft.is_some()
    }
}

/// The preview shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PoImportPreview {
    pub pos: Vec<PoImportPo>,
    pub lines: Vec<PoImportLine>,
    pub valid_count: u32,
    pub invalid_count: u32,
}

/// Where the POs go: the account, its warehouse codes, the owner's day (an arrival before it is
/// refused) and whether a reference is already used (journal or the warehouse's POs).
pub struct PoTarget<'a> {
    pub account_id: &'a str,
    pub warehouses: &'a [String],
    pub today: NaiveDate,
    pub taken: &'a dyn Fn(&str) -> bool,
}

/// Groups rows into POs and packages, resolves each SKU to the warehouse's product id with `catalog`
/// (`CatalogHit::product_id`, Onflow's OASIN), validates each PO and maps every problem to its row.
pub fn build_pos(
    rows: &[PoSheetRow],
    target: &PoTarget<'_>,
    catalog: &dyn CatalogLookup,
) -> PoImportPreview {
    let headers = user_headers(rows);
    let mut lines = Vec::new();
    let pos: Vec<PoImportPo> = group_by(rows, PoColumn::Reference)
        .into_iter()
        .map(|(key, group)| {
            PoBuilder {
                pins: Pins::new(&headers, PoColumn::header),
            }
            .build(key, &group, target, catalog, &mut lines)
        })
        .collect();
    let valid = pos.iter().filter(|p| p.is_valid()).count();
    PoImportPreview {
        valid_count: u32::try_from(valid).unwrap_or(u32::MAX),
        invalid_count: u32::try_from(pos.len() - valid).unwrap_or(u32::MAX),
        pos,
        lines,
    }
}

/// Where each value of a draft came from, to place the validator's errors.
struct Sources {
    first_row: u32,
    po: HashMap<PoColumn, u32>,
    packages: Vec<PackageSources>,
}

struct PackageSources {
    first_row: u32,
    values: HashMap<PoColumn, u32>,
    line_rows: Vec<u32>,
}

struct PoBuilder<'a> {
    pins: Pins<'a, PoColumn>,
}

impl PoBuilder<'_> {
    fn error(&mut self, row: u32, column: Option<PoColumn>, code: &str, value: Option<String>) {
        self.pins.error(row, column, code, value);
    }

    /// The first non-empty value of a column over `rows` (with its row); a later row with a different
    /// value is a `conflict` on that row. Values compare through `canon`.
    fn shared(
        &mut self,
        rows: &[&PoSheetRow],
        column: PoColumn,
        conflict: &str,
        canon: fn(&CellValue) -> String,
    ) -> Option<(CellValue, u32)> {
        self.pins.shared(rows, column, conflict, canon)
    }

    fn build(
        mut self,
        key: String,
        rows: &[&PoSheetRow],
        target: &PoTarget<'_>,
        catalog: &dyn CatalogLookup,
        lines_out: &mut Vec<PoImportLine>,
    ) -> PoImportPo {
        let first_row = rows.first().map_or(0, |r| r.row);
        let mut src = Sources {
            first_row,
            po: HashMap::new(),
            packages: Vec::new(),
        };
        if !key.is_empty() && (target.taken)(&key) {
            self.error(
                first_row,
                Some(PoColumn::Reference),
                codes::REFERENCE_DUPLICATE,
                Some(key.clone()),
            );
        }
        let text_canon: fn(&CellValue) -> String = |v| fold(&v.as_text());
        let code_canon: fn(&CellValue) -> String = |v| v.as_text().trim().to_uppercase();

        let mut po_text = |this: &mut Self, c: PoColumn, canon: fn(&CellValue) -> String| {
            this.shared(rows, c, codes::PO_CONFLICT, canon)
                .map(|(v, row)| {
                    src.po.insert(c, row);
                    (v, row)
                })
        };
        let warehouse = po_text(&mut self, PoColumn::Warehouse, code_canon);
        let arrival = po_text(&mut self, PoColumn::Arrival, |v| {
            date_of(v).unwrap_or_else(|| v.as_text().trim().to_string())
        });
        let inspection = po_text(&mut self, PoColumn::CoInspection, |v| {
            yes_no(&v.as_text()).map_or_else(|| fold(&v.as_text()), |b| b.to_string())
        });
        let note = po_text(&mut self, PoColumn::PoNote, text_canon);

        let warehouse_code = match &warehouse {
            Some((v, row)) => {
                let code = v.as_text().trim().to_string();
                match target
                    .warehouses
                    .iter()
                    .find(|w| w.trim().eq_ignore_ascii_case(&code))
                {
                    Some(w) => w.clone(),
                    None => {
                        self.error(
                            *row,
                            Some(PoColumn::Warehouse),
                            codes::WAREHOUSE_UNKNOWN,
                            Some(code.clone()),
                        );
                        code
                    }
                }
            }
            None => String::new(),
        };
        let estimated_arrival = match &arrival {
            Some((v, row)) => date_of(v).unwrap_or_else(|| {
                self.error(
                    *row,
                    Some(PoColumn::Arrival),
                    "date.invalid",
                    Some(v.as_text()),
                );
                String::new()
            }),
            None => String::new(),
        };
        let co_inspection = match &inspection {
            Some((v, row)) => yes_no(&v.as_text()).unwrap_or_else(|| {
                self.error(
                    *row,
                    Some(PoColumn::CoInspection),
                    codes::YESNO_INVALID,
                    Some(v.as_text()),
                );
                false
            }),
            None => false,
        };

        // packages: rows with the same code (ignoring case); a row without a code is a package of its own
        let mut package_rows: Vec<Vec<&PoSheetRow>> = Vec::new();
        let mut by_code: HashMap<String, usize> = HashMap::new();
        for r in rows {
            let code = r
                .text(PoColumn::PackageCode)
                .unwrap_or_default()
                .to_uppercase();
            match by_code.get(&code) {
                Some(&i) if !code.is_empty() => package_rows[i].push(r),
                _ => {
                    if !code.is_empty() {
                        by_code.insert(code, package_rows.len());
                    }
                    package_rows.push(vec![r]);
                }
            }
        }
        let mut packages = Vec::new();
        for prow in &package_rows {
            let mut ps = PackageSources {
                first_row: prow[0].row,
                values: HashMap::new(),
                line_rows: Vec::new(),
            };
            let code = prow[0].text(PoColumn::PackageCode).unwrap_or_default();
            let mut measure = |this: &mut Self, c: PoColumn| -> Option<f64> {
                let (v, row) = this.shared(prow, c, codes::PACKAGE_CONFLICT, |v| {
                    measure_of(v).map_or_else(|| v.as_text(), |m| m.to_string())
                })?;
                ps.values.insert(c, row);
                let m = measure_of(&v);
                if m.is_none() {
                    this.error(row, Some(c), codes::NUMBER_INVALID, Some(v.as_text()));
                }
                m
            };
            let weight = measure(&mut self, PoColumn::Weight);
            let length = measure(&mut self, PoColumn::Length);
            let width = measure(&mut self, PoColumn::Width);
            let height = measure(&mut self, PoColumn::Height);
            let pnote = self
                .shared(
                    prow,
                    PoColumn::PackageNote,
                    codes::PACKAGE_CONFLICT,
                    text_canon,
                )
                .map(|(v, row)| {
                    ps.values.insert(PoColumn::PackageNote, row);
                    v.as_text().trim().to_string()
                });
            let mut items = Vec::new();
            for r in prow {
                ps.line_rows.push(r.row);
                let line = self.line(r, catalog);
                lines_out.push(PoImportLine {
                    row: r.row,
                    reference: key.clone(),
                    package_code: code.clone(),
                    sku: r.text(PoColumn::Sku).unwrap_or_default(),
                    name: (!line.name.is_empty()).then(|| line.name.clone()),
                    quantity: (line.quantity > 0).then_some(line.quantity),
                });
                items.push(line);
            }
            packages.push(PoPackageDraft {
                code,
                weight,
                length,
                width,
                height,
                note: pnote,
                items,
            });
            src.packages.push(ps);
        }

        let draft = PoDraft {
            account_id: target.account_id.to_string(),
            warehouse_code: warehouse_code.clone(),
            reference: key.clone(),
            estimated_arrival,
            co_inspection,
            packages,
            documents: vec![],
            note: note.map(|(v, _)| v.as_text().trim().to_string()),
        };
        if let Err(fields) = validate(&draft, target.today) {
            for (path, path_codes) in &fields.0 {
                let (row, column) = place(path, &src);
                for code in path_codes {
                    self.error(row, column, code, None);
                }
            }
        }
        let errors = self.pins.sorted(|c| c as usize);
        PoImportPo {
            key,
            rows: rows.iter().map(|r| r.row).collect(),
            warehouse_code,
            packages: u32::try_from(draft.packages.len()).unwrap_or(u32::MAX),
            units: draft.units(),
            draft: errors.is_empty().then_some(draft),
            errors,
        }
    }

    /// One product line: the SKU resolved to the warehouse's product id, the quantity parsed.
    fn line(&mut self, r: &PoSheetRow, catalog: &dyn CatalogLookup) -> PoLine {
        let sku = r.text(PoColumn::Sku);
        let hit = match &sku {
            None => {
                self.error(r.row, Some(PoColumn::Sku), codes::SKU_REQUIRED, None);
                None
            }
            Some(s) => {
                let hit = catalog.by_sku(s);
                if hit.is_none() {
                    self.error(
                        r.row,
                        Some(PoColumn::Sku),
                        codes::SKU_UNKNOWN,
                        Some(s.clone()),
                    );
                }
                hit
            }
        };
        let quantity = match r.get(PoColumn::Quantity) {
            None => {
                self.error(
                    r.row,
                    Some(PoColumn::Quantity),
                    codes::QUANTITY_REQUIRED,
                    None,
                );
                0
            }
            Some(v) => {
                let parsed = match v {
                    CellValue::Number(n) => from_float(*n, false),
                    CellValue::Text(t) => parse_amount(t),
                };
                parsed.unwrap_or_else(|| {
                    self.error(
                        r.row,
                        Some(PoColumn::Quantity),
                        codes::NUMBER_INVALID,
                        Some(v.as_text()),
                    );
                    0
                })
            }
        };
        PoLine {
            oasin: hit
                .as_ref()
                .and_then(|h| h.product_id.clone())
                .unwrap_or_default(),
            sku: hit.as_ref().map(|h| h.sku.clone()).or(sku),
            name: hit.map(|h| h.name).unwrap_or_default(),
            quantity,
        }
    }
}

/// The row and column a validator path names (`packages.1.items.0.quantity` → that line's row,
/// "Số lượng"); a path without a cell of its own lands on the first row of its PO or package.
fn place(path: &str, src: &Sources) -> (u32, Option<PoColumn>) {
    let po_cell = |c: PoColumn| (src.po.get(&c).copied().unwrap_or(src.first_row), Some(c));
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["reference"] => (src.first_row, Some(PoColumn::Reference)),
        ["warehouseCode"] => po_cell(PoColumn::Warehouse),
        ["estimatedArrival"] => po_cell(PoColumn::Arrival),
        ["note"] => po_cell(PoColumn::PoNote),
        ["packages", i, rest @ ..] => {
            let Some(p) = i.parse::<usize>().ok().and_then(|i| src.packages.get(i)) else {
                return (src.first_row, None);
            };
            let cell = |c: PoColumn| (p.values.get(&c).copied().unwrap_or(p.first_row), Some(c));
            match rest {
                ["code"] => (p.first_row, Some(PoColumn::PackageCode)),
                ["weight"] => cell(PoColumn::Weight),
                ["length"] => cell(PoColumn::Length),
                ["width"] => cell(PoColumn::Width),
                ["height"] => cell(PoColumn::Height),
                ["note"] => cell(PoColumn::PackageNote),
                ["items", li, field] => {
                    let row = li
                        .parse::<usize>()
                        .ok()
                        .and_then(|li| p.line_rows.get(li).copied())
                        .unwrap_or(p.first_row);
                    let column = if *field == "quantity" {
                        PoColumn::Quantity
                    } else {
                        PoColumn::Sku
                    };
                    (row, Some(column))
                }
                _ => (p.first_row, None),
            }
        }
        _ => (src.first_row, None),
    }
}

/// A date cell as `YYYY-MM-DD`: an Excel date (a day number), `2027-01-15` (a time after it is
/// ignored), `15/01/2027` or `15-01-2027`.
pub fn date_of(v: &CellValue) -> Option<String> {
    let day = match v {
        CellValue::Number(n) if n.is_finite() && *n >= 1.0 && *n < 2_958_466.0 => {
            NaiveDate::from_ymd_opt(1899, 12, 30)? + Duration::days(n.trunc() as i64)
        }
        CellValue::Number(_) => return None,
        CellValue::Text(t) => {
            let t = t.trim();
            let t = t.split(['T', ' ']).next().unwrap_or(t);
            ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(t, f).ok())?
        }
    };
    Some(day.format("%Y-%m-%d").to_string())
}

/// "có" / "không" and their usual spellings; `None` for anything else.
pub fn yes_no(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "co" | "x" | "yes" | "y" | "true" | "1" | "dung" => Some(true),
        "khong" | "ko" | "k" | "no" | "n" | "false" | "0" | "sai" => Some(false),
        _ => None,
    }
}

/// A weight or a dimension: a number, `12,5` or `12.5` as text (a whole number may carry thousands
/// separators: `1.500`).
fn measure_of(v: &CellValue) -> Option<f64> {
    match v {
        CellValue::Number(n) => n.is_finite().then_some(*n),
        CellValue::Text(t) => {
            let t = t.trim();
            if let Some(n) = parse_amount(t) {
                return Some(n as f64);
            }
            t.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
        }
    }
}

/// The example rows: PO `PN001` with two packages, the first holding two products.
fn example(row: usize, column: PoColumn) -> Option<Example> {
    use Example::{Number, Text};
    match (row, column) {
        (_, PoColumn::Reference) => Some(Text("PN001")),
        (0, PoColumn::Warehouse) => Some(Text("ONF_WH_HN_LB")),
        (0, PoColumn::Arrival) => Some(Text("2027-01-15")),
        (0, PoColumn::CoInspection) => Some(Text("không")),
        (0, PoColumn::PoNote) => Some(Text("Hàng về đợt 1")),
        (0 | 1, PoColumn::PackageCode) => Some(Text("KIEN-01")),
        (2, PoColumn::PackageCode) => Some(Text("KIEN-02")),
        (0, PoColumn::Weight) => Some(Number(5000.0)),
        (2, PoColumn::Weight) => Some(Number(3000.0)),
        (0, PoColumn::Length) => Some(Number(40.0)),
        (0, PoColumn::Width) => Some(Number(30.0)),
        (0, PoColumn::Height) => Some(Number(20.0)),
        (0 | 2, PoColumn::Sku) => Some(Text("AO-THUN-TRANG-M")),
        (1, PoColumn::Sku) => Some(Text("MU-LUOI-DEN")),
        (0, PoColumn::Quantity) => Some(Number(20.0)),
        (1, PoColumn::Quantity) => Some(Number(10.0)),
        (2, PoColumn::Quantity) => Some(Number(15.0)),
        (0, PoColumn::PackageNote) => Some(Text("Hàng dễ vỡ")),
        _ => None,
    }
}

const PO_NOTES: &[&str] = &[
    "Mỗi dòng là MỘT sản phẩm của một kiện. Phiếu nhiều sản phẩm: nhiều dòng cùng \"Mã phiếu\"; kho, ngày dự kiến đến, kiểm hàng cùng và ghi chú phiếu chỉ cần ghi ở dòng đầu của phiếu.",
    "Kiện nhiều sản phẩm: nhiều dòng cùng \"Mã kiện\" trong một phiếu; cân nặng, kích thước và ghi chú kiện chỉ cần ghi ở dòng đầu của kiện.",
    "Dòng 1 là tiêu đề cột: giữ nguyên tên cột (có dấu hay không dấu, chữ hoa hay thường đều được); có thể đổi thứ tự cột; cột không có trong danh sách sẽ được bỏ qua.",
    "Xoá 3 dòng ví dụ (PN001) trước khi nhập phiếu thật. Dòng trống được bỏ qua.",
    "Trước khi gửi, ShopDesk hiển thị bản xem trước với lỗi của từng dòng; chỉ các phiếu hợp lệ được gửi, mỗi phiếu đúng một lần.",
    "Lưu file dạng .xlsx, hoặc CSV UTF-8 (Excel: Lưu thành → \"CSV UTF-8 (phân cách bằng dấu phẩy)\").",
];

fn po_spec() -> TemplateSpec<'static> {
    TemplateSpec {
        sheet: PO_SHEET,
        title: "Hướng dẫn nhập phiếu nhập kho hàng loạt",
        notes: PO_NOTES,
        columns: PO_COLUMNS
            .iter()
            .map(|s| TemplateColumn {
                header: s.header,
                kind: s.kind,
                width: s.width,
                required: if s.required { "Có" } else { "Không" },
                level: match s.level {
                    PoLevel::Po => "Cả phiếu (dòng đầu)",
                    PoLevel::Package => "Cả kiện (dòng đầu)",
                    PoLevel::Line => "Từng sản phẩm",
                },
                help: s.help,
            })
            .collect(),
        examples: (0..3)
            .map(|row| PO_COLUMNS.iter().map(|s| example(row, s.column)).collect())
            .collect(),
    }
}

/// The PO template workbook: sheet "Phiếu nhập" (three example rows: one PO, two packages) and the
/// "Hướng dẫn" sheet.
pub fn po_template_xlsx() -> Result<Vec<u8>, ImportError> {
    write_template_xlsx(&po_spec(), |_| Ok(()))
}

/// The PO template as CSV (UTF-8 with BOM).
pub fn po_template_csv() -> Result<Vec<u8>, ImportError> {
    write_template_csv(&po_spec())
}

/// The PO import's result report as a workbook.
pub fn po_report_xlsx(rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    report_xlsx_with(&PO_REPORT_HEADERS, rows)
}

/// The PO import's result report as CSV (UTF-8 with BOM).
pub fn po_report_csv(rows: &[ReportRow]) -> Result<Vec<u8>, ImportError> {
    report_csv_with(&PO_REPORT_HEADERS, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{CatalogHit, MemoryCatalog};
    use rust_xlsxwriter::Workbook;

    fn catalog() -> MemoryCatalog {
        let hit = |sku: &str, oasin: Option<&str>| CatalogHit {
            sku: sku.into(),
            product_id: oasin.map(str::to_string),
            variation_id: None,
            name: format!("Tên {sku}"),
            price: None,
        };
        MemoryCatalog::new([
            hit("AO-1", Some("OASIN0000001")),
            hit("AO-2", Some("OASIN0000002")),
            hit("MU-1", Some("OASIN0000003")),
            hit("NO-ID", None),
        ])
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn preview_with(rows: &[PoSheetRow], taken: &dyn Fn(&str) -> bool) -> PoImportPreview {
        let warehouses = vec!["ONF_WH_HN_LB".to_string(), "ONF_WH_HCM_01".to_string()];
        let target = PoTarget {
            account_id: "acc-1",
            warehouses: &warehouses,
            today: today(),
            taken,
        };
        build_pos(rows, &target, &catalog())
    }

    fn preview(rows: &[PoSheetRow]) -> PoImportPreview {
        preview_with(rows, &|_| false)
    }

    fn errors_at(p: &PoImportPreview, row: u32) -> Vec<String> {
        p.pos
            .iter()
            .flat_map(|po| &po.errors)
            .filter(|e| e.row == row)
            .map(|e| e.code.clone())
            .collect()
    }

    /// A workbook with `headers` and `rows` (numbers as numbers, the rest as text).
    fn workbook(headers: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (r, values) in rows.iter().enumerate() {
            for (c, v) in values.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                match v.parse::<f64>() {
                    Ok(n) => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                    Err(_) => sheet.write_string(r as u32 + 1, c as u16, *v).unwrap(),
                };
            }
        }
        book.save_to_buffer().unwrap()
    }

    const HEADERS: [&str; 13] = [
        "Mã phiếu",
        "Kho",
        "Ngày dự kiến đến",
        "Kiểm hàng cùng",
        "Ghi chú phiếu",
        "Mã kiện",
        "Cân nặng (g)",
        "Dài (cm)",
        "Rộng (cm)",
        "Cao (cm)",
        "SKU",
        "Số lượng",
        "Ghi chú kiện",
    ];

    #[test]
    fn two_pos_three_packages_and_one_bad_row() {
        // an Excel day number for 2026-12-20
        let excel_day = (NaiveDate::from_ymd_opt(2026, 12, 20).unwrap()
            - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
        .num_days()
        .to_string();
        let rows = vec![
            vec![
                "PN-A",
                "ONF_WH_HN_LB",
                "2026-12-10",
                "có",
                "Đợt 1",
                "K1",
                "5000",
                "40",
                "30",
                "20",
                "AO-1",
                "20",
                "Dễ vỡ",
            ],
            vec![
                "PN-A", "", "", "", "", "K1", "", "", "", "", "MU-1", "10", "",
            ],
            vec![
                "PN-A", "", "", "", "", "K2", "3000", "", "", "", "AO-2", "5", "",
            ],
            vec![
                "PN-B",
                "onf_wh_hcm_01",
                excel_day.as_str(),
                "không",
                "",
                "B1",
                "1200",
                "",
                "",
                "",
                "AO-1",
                "7",
                "",
            ],
            vec![
                "PN-B", "", "", "", "", "B1", "", "", "", "", "KHONG-CO", "3", "",
            ],
        ];
        let bytes = workbook(&HEADERS, &rows);
        let parsed = parse_po(&bytes, FileKind::Xlsx).unwrap();
        assert_eq!(parsed.len(), 5);
        let p = preview(&parsed);
        assert_eq!((p.valid_count, p.invalid_count), (1, 1));
        let a = &p.pos[0];
        assert_eq!(a.key, "PN-A");
        assert_eq!(a.rows, vec![2, 3, 4]);
        assert_eq!((a.packages, a.units), (2, 35));
        let d = a.draft.as_ref().unwrap();
        assert_eq!(d.warehouse_code, "ONF_WH_HN_LB");
        assert_eq!(d.estimated_arrival, "2026-12-10");
        assert!(d.co_inspection);
        assert_eq!(d.note.as_deref(), Some("Đợt 1"));
        assert_eq!(d.packages[0].code, "K1");
        assert_eq!(d.packages[0].weight, Some(5000.0));
        assert_eq!(d.packages[0].note.as_deref(), Some("Dễ vỡ"));
        let oasins: Vec<&str> = d.packages[0]
            .items
            .iter()
            .map(|l| l.oasin.as_str())
            .collect();
        assert_eq!(oasins, ["OASIN0000001", "OASIN0000003"]);
        assert_eq!(d.packages[1].items[0].quantity, 5);
        assert_eq!(d.packages[1].items[0].name, "Tên AO-2");

        let b = &p.pos[1];
        assert_eq!((b.key.as_str(), b.packages, b.units), ("PN-B", 1, 10));
        assert!(b.draft.is_none());
        assert_eq!(b.warehouse_code, "ONF_WH_HCM_01");
        assert_eq!(b.errors.len(), 1, "{:?}", b.errors);
        assert_eq!(b.errors[0].row, 6);
        assert_eq!(b.errors[0].code, "sku.unknown");
        assert_eq!(b.errors[0].column.as_deref(), Some("SKU"));
        assert_eq!(b.errors[0].value.as_deref(), Some("KHONG-CO"));
        assert_eq!(p.lines.len(), 5);
        assert_eq!(p.lines[3].reference, "PN-B");
        assert_eq!(p.lines[4].name, None);
    }

    #[test]
    fn headers_without_diacritics_and_english_aliases() {
        let csv =
            "ma phieu,KHO,Ngay du kien den,kiem hang cung,Ma kien,Can nang (g),SKU,so luong\n\
                   PN1,ONF_WH_HN_LB,15/12/2026,co,K1,\"1,5\",ao-1,2\n";
        let rows = parse_po(csv.as_bytes(), FileKind::Csv).unwrap();
        let p = preview(&rows);
        let d = p.pos[0].draft.as_ref().expect("valid");
        assert_eq!(d.estimated_arrival, "2026-12-15");
        assert_eq!(d.packages[0].weight, Some(1.5));
        assert_eq!(d.packages[0].items[0].sku.as_deref(), Some("AO-1"));

        let english =
            "Reference;Warehouse;Arrival;Package;SKU;Qty\nPN2;ONF_WH_HN_LB;2026-12-31;P;AO-2;1\n";
        let p = preview(&parse_po(english.as_bytes(), FileKind::Csv).unwrap());
        assert_eq!(p.valid_count, 1);
    }

    #[test]
    fn a_csv_with_bom_and_every_kind_of_row_error() {
        let csv = "\u{feff}Mã phiếu,Kho,Ngày dự kiến đến,Kiểm hàng cùng,Mã kiện,Cân nặng (g),SKU,Số lượng\n\
                   PN1,ONF_WH_HN_LB,2026-12-10,có,K1,100,AO-1,2\n\
                   PN1,ONF_WH_HCM_01,2026-12-11,,K1,200,AO-1,abc\n\
                   PN2,KHO_LA,hôm nay,có lẽ,K1,,NO-ID,0\n\
                   PN3,ONF_WH_HN_LB,2026-12-01,,,,,\n\
                   PN-OLD,ONF_WH_HN_LB,2026-12-10,,K1,,AO-2,1\n";
        let rows = parse_po(csv.as_bytes(), FileKind::Csv).unwrap();
        let p = preview_with(&rows, &|r| r == "PN-OLD");
        assert_eq!((p.valid_count, p.invalid_count), (0, 4));
        // rows of one PO disagreeing on warehouse and date, a package on its weight, a product twice
        let mut row3 = errors_at(&p, 3);
        row3.sort();
        assert_eq!(
            row3,
            [
                "number.invalid",
                "package.conflict",
                "po.conflict",
                "po.conflict",
                "product.duplicate"
            ]
        );
        let mut row4 = errors_at(&p, 4);
        row4.sort();
        assert_eq!(
            row4,
            [
                "date.invalid",
                "product.required",
                "quantity.invalid",
                "warehouse.unknown",
                "yesno.invalid"
            ]
        );
        let mut row5 = errors_at(&p, 5);
        row5.sort();
        assert_eq!(
            row5,
            [
                "code.required",
                "date.past",
                "quantity.required",
                "sku.required"
            ]
        );
        assert_eq!(errors_at(&p, 6), ["reference.duplicate"]);
        // every error names the user's header
        let e = p.pos[1]
            .errors
            .iter()
            .find(|e| e.code == "warehouse.unknown")
            .unwrap();
        assert_eq!(
            (e.column.as_deref(), e.value.as_deref()),
            (Some("Kho"), Some("KHO_LA"))
        );
    }

    #[test]
    fn missing_columns_name_the_template_headers() {
        let e = parse_po("Mã phiếu,SKU,Số lượng\nA,B,1\n".as_bytes(), FileKind::Csv).unwrap_err();
        assert_eq!(
            e,
            ImportError::MissingColumns {
                columns: vec!["Kho".into(), "Ngày dự kiến đến".into(), "Mã kiện".into()]
            }
        );
    }

    #[test]
    fn the_template_parses_back_into_its_example_po() {
        for (bytes, kind) in [
            (po_template_xlsx().unwrap(), FileKind::Xlsx),
            (po_template_csv().unwrap(), FileKind::Csv),
        ] {
            let rows = parse_po(&bytes, kind).unwrap();
            assert_eq!(rows.len(), 3);
            let warehouses = vec!["ONF_WH_HN_LB".to_string()];
            let catalog =
                MemoryCatalog::new(["AO-THUN-TRANG-M", "MU-LUOI-DEN"].map(|s| CatalogHit {
                    sku: s.into(),
                    product_id: Some(format!("OASIN-{s}")),
                    variation_id: None,
                    name: s.into(),
                    price: None,
                }));
            let target = PoTarget {
                account_id: "a",
                warehouses: &warehouses,
                today: today(),
                taken: &|_| false,
            };
            let p = build_pos(&rows, &target, &catalog);
            assert_eq!(p.valid_count, 1, "{:?}", p.pos[0].errors);
            assert_eq!((p.pos[0].packages, p.pos[0].units), (2, 45));
        }
        assert!(po_template_csv().unwrap().starts_with(&[0xEF, 0xBB, 0xBF]));
    }

    #[test]
    fn every_column_has_one_row_and_spellings_do_not_collide() {
        let mut seen = HashMap::new();
        for s in PO_COLUMNS {
            assert_eq!(PoColumn::from_header(s.header), Some(s.column));
            for k in
                std::iter::once(header_key(s.header)).chain(s.aliases.iter().map(|a| a.to_string()))
            {
                assert_eq!(fold(&k), k, "alias {k:?} must be written folded");
                if let Some(prev) = seen.insert(k.clone(), s.column) {
                    panic!("{k:?} used by {prev:?} and {:?}", s.column);
                }
            }
        }
        assert_eq!(PO_COLUMNS.len(), 13);
    }

    #[test]
    fn dates_and_yes_no() {
        assert_eq!(
            date_of(&CellValue::Number(46001.0)).as_deref(),
            Some("2025-12-10")
        );
        assert_eq!(
            date_of(&CellValue::Text("2027-01-15 00:00:00".into())).as_deref(),
            Some("2027-01-15")
        );
        assert_eq!(
            date_of(&CellValue::Text("5/1/2027".into())).as_deref(),
            Some("2027-01-05")
        );
        assert_eq!(date_of(&CellValue::Text("mai".into())), None);
        assert_eq!(yes_no("Có"), Some(true));
        assert_eq!(yes_no("KHÔNG"), Some(false));
        assert_eq!(yes_no("có lẽ"), None);
    }

    #[test]
    fn the_report_has_po_headers() {
        let rows = vec![ReportRow {
            key: "PN1".into(),
            rows: vec![2, 3],
            state: crate::ReportState::Created,
            reference: Some("PN1".into()),
            vendor_order_id: Some("PO123".into()),
            error: None,
        }];
        let csv = String::from_utf8(po_report_csv(&rows).unwrap()[3..].to_vec()).unwrap();
        assert!(csv.starts_with("Mã phiếu,Dòng,Trạng thái"), "{csv}");
        assert!(csv.contains("PN1,\"2, 3\",Đã tạo,PN1,PO123,"), "{csv}");
        assert!(!po_report_xlsx(&rows).unwrap().is_empty());
    }
}
