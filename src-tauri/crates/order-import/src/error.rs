//! File-level errors: the file cannot be used at all (row-level problems are [`crate::RowError`]s).

use serde::Serialize;

/// A problem with the whole file. [`ImportError::code`] is stable (the app translates it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ImportError {
    /// Not a readable spreadsheet / CSV (corrupt, password-protected, another format).
    #[error("the file cannot be read: {reason}")]
    Unreadable { reason: String },
    /// A CSV that is not UTF-8 (e.g. Excel's "CSV" saved in the Windows code page).
    #[error("the CSV file is not UTF-8: save it as \"CSV UTF-8\"")]
    Encoding,
    /// No rows at all, or only a header row.
    #[error("the file has no order rows")]
    Empty,
    /// Required columns absent; `columns` holds their Vietnamese headers.
    #[error("missing required column(s): {}", columns.join(", "))]
    MissingColumns { columns: Vec<String> },
    /// Two headers of the file mean the same column.
    #[error("the column \"{column}\" appears twice: \"{first}\" and \"{second}\"")]
    DuplicateColumn {
        column: String,
        first: String,
        second: String,
    },
    /// The file, or a workbook once unpacked, is larger than the import reads (a zip bomb is this);
    /// see [`crate::limits`].
    #[error("the file is too large to import: {reason}")]
    TooLarge { reason: String },
    /// The sheet spans (or declares) more cells or columns than the import reads.
    #[error("the sheet is too large to import: {reason}")]
    TooManyCells { reason: String },
    /// More order rows than one import takes ([`crate::limits::MAX_ROWS`]).
    #[error("too many rows to import at once: {reason}")]
    TooManyRows { reason: String },
    /// Bytes that are not an .xlsx workbook where one was expected: Excel 97-2003 (.xls), a
    /// password-protected workbook, .ods / .xlsb, another zip, or not a spreadsheet at all.
    #[error("the file is not an .xlsx workbook: {reason}")]
    NotAWorkbook { reason: String },
    /// Writing a workbook (template or report) failed.
    #[error("the workbook could not be written: {reason}")]
    Write { reason: String },
}

impl ImportError {
    /// Every code [`ImportError::code`] returns (the app has a message for each).
    pub const CODES: &'static [&'static str] = &[
        "file.unreadable",
        "file.encoding",
        "file.empty",
        "file.too_large",
        "file.too_many_cells",
        "file.too_many_rows",
        "file.not_a_workbook",
        "column.missing",
        "column.duplicate",
        "file.write",
    ];

    /// Stable code: `file.unreadable`, `file.encoding`, `file.empty`, `file.too_large`,
    /// `file.too_many_cells`, `file.too_many_rows`, `file.not_a_workbook`, `column.missing`,
    /// `column.duplicate`, `file.write`.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Unreadable { .. } => "file.unreadable",
            ImportError::Encoding => "file.encoding",
            ImportError::Empty => "file.empty",
            ImportError::TooLarge { .. } => "file.too_large",
            ImportError::TooManyCells { .. } => "file.too_many_cells",
            ImportError::TooManyRows { .. } => "file.too_many_rows",
            ImportError::NotAWorkbook { .. } => "file.not_a_workbook",
            ImportError::MissingColumns { .. } => "column.missing",
            ImportError::DuplicateColumn { .. } => "column.duplicate",
            ImportError::Write { .. } => "file.write",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ImportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ImportError::Write {
            reason: e.to_string(),
        }
    }
}

impl From<csv::Error> for ImportError {
    fn from(e: csv::Error) -> Self {
        ImportError::Write {
            reason: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed() {
        let r = || String::from("x");
        let all = [
            ImportError::Unreadable { reason: r() },
            ImportError::Encoding,
            ImportError::Empty,
            ImportError::TooLarge { reason: r() },
            ImportError::TooManyCells { reason: r() },
            ImportError::TooManyRows { reason: r() },
            ImportError::NotAWorkbook { reason: r() },
            ImportError::MissingColumns { columns: vec![] },
            ImportError::DuplicateColumn {
                column: r(),
                first: r(),
                second: r(),
            },
            ImportError::Write { reason: r() },
        ];
        let codes: Vec<&str> = all.iter().map(ImportError::code).collect();
        assert_eq!(codes, ImportError::CODES);
    }
}
