//! `order-import`: bulk order import from Excel / CSV (issue #9 item 5). Plain Rust, no I/O besides
//! the bytes given.
//!
//! 1. [`template_xlsx`] / [`template_csv`]: the file the user downloads (Vietnamese headers, a
//!    "Hướng dẫn" sheet).
//! 2. [`parse`] (or [`parse_for`] a vendor): the user's file → [`SheetRow`]s keyed by [`Column`];
//!    file-level problems are [`ImportError`]s, files over the [`limits`] among them. Blocking:
//!    call it off the async runtime.
//! 3. [`build`]: rows → [`ImportPreview`]: one [`ImportOrder`] per "Mã đơn", with its
//!    [`shopdesk_core::order::OrderDraft`] when valid, else [`RowError`]s pinned to row and column.
//! 4. The app sends the valid drafts through the outbox, then [`report_xlsx`] / [`report_csv`].
//!
//! [`po`] does the same for inbound purchase orders ("Nhập kho"): [`po_template_xlsx`], [`parse_po`],
//! [`build_pos`] (rows → `PoDraft`s, one per "Mã phiếu", packages by "Mã kiện"), [`po_report_xlsx`];
//! it reads files through the same [`read_table`] and header matching ([`header_key`]).
//!
//! [`product`] creates products in bulk ("Tạo sản phẩm từ Excel"): [`product_template_xlsx`],
//! [`parse_products`], [`build_products`] (one row per variant, rows with the same "Mã sản phẩm" →
//! one `ProductDraft`), [`product_report_xlsx`].
//!
//! Columns and codes: see README.md.

mod app_error;
pub mod build;
pub mod columns;
pub mod error;
mod group;
pub mod limits;
pub mod number;
pub mod parse;
pub mod po;
pub mod product;
pub mod report;
pub mod template;

pub use build::{
    build, codes, CatalogHit, CatalogLookup, ImportOrder, ImportPreview, MemoryCatalog, RowError,
};
pub use columns::{header_key, Column, ColumnKind, ColumnSpec, Level, COLUMNS};
pub use error::ImportError;
pub use limits::{
    HEADER_SEARCH_ROWS, MAX_CELLS, MAX_COLUMNS, MAX_CSV_FIELDS, MAX_FILE_BYTES, MAX_HEADER_CHARS,
    MAX_PARTS, MAX_PART_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES,
};
pub use number::parse_amount;
pub use parse::{
    parse, parse_for, read_sheet, read_table, Cell, CellValue, FileKind, Sheet, SheetRow, Table,
    TableRow,
};
pub use po::{
    build_pos, parse_po, po_report_csv, po_report_xlsx, po_template_csv, po_template_xlsx,
    PoColumn, PoImportLine, PoImportPo, PoImportPreview, PoTarget, PO_COLUMNS, PO_REPORT_HEADERS,
};
pub use product::{
    build_products, parse_products, product_report_csv, product_report_xlsx, product_template_csv,
    product_template_xlsx, ProductColumn, ProductColumnSpec, ProductImportPreview,
    ProductImportProduct, ProductLevel, ProductSheetRow, PRODUCT_COLUMNS, PRODUCT_REPORT_HEADERS,
    PRODUCT_SHEET,
};
pub use report::{
    invalid_rows, report_csv, report_csv_with, report_xlsx, report_xlsx_with, ReportRow,
    ReportState, REPORT_HEADERS,
};
pub use template::{template_csv, template_xlsx, HELP_SHEET, ORDERS_SHEET};
