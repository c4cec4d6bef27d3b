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
    /// Writing a workbook (template or report) failed.
    #[error("the workbook could not be written: {reason}")]
    Write { reason: String },
}

impl ImportError {
    /// Stable code: `file.unreadable`, `file.encoding`, `file.empty`, `column.missing`,
    /// `column.duplicate`, `file.write`.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Unreadable { .. } => "file.unreadable",
            ImportError::Encoding => "file.encoding",
            ImportError::Empty => "file.empty",
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
