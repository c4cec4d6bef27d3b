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
//! Columns and codes: see README.md.

mod app_error;
pub mod build;
pub mod columns;
pub mod error;
pub mod limits;
pub mod number;
pub mod parse;
pub mod report;
pub mod template;

pub use build::{
    build, codes, CatalogHit, CatalogLookup, ImportOrder, ImportPreview, MemoryCatalog, RowError,
};
pub use columns::{Column, ColumnKind, ColumnSpec, Level, COLUMNS};
pub use error::ImportError;
pub use limits::{
    HEADER_SEARCH_ROWS, MAX_CELLS, MAX_COLUMNS, MAX_CSV_FIELDS, MAX_FILE_BYTES, MAX_HEADER_CHARS,
    MAX_PARTS, MAX_PART_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES,
};
pub use number::parse_amount;
pub use parse::{parse, parse_for, read_sheet, Cell, CellValue, FileKind, Sheet, SheetRow};
pub use report::{invalid_rows, report_csv, report_xlsx, ReportRow, ReportState, REPORT_HEADERS};
pub use template::{template_csv, template_xlsx, HELP_SHEET, ORDERS_SHEET};
