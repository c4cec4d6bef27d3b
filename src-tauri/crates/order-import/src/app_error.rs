//! How a file-level import error reaches the UI: a field error on `file` whose code the UI translates.

use shopdesk_core::{AppError, ErrorCode, ErrorDetails};

use crate::ImportError;

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        AppError::new(ErrorCode::Validation, e.to_string()).with_details(ErrorDetails {
            fields: [("file".to_string(), vec![e.code().to_string()])].into(),
            ..Default::default()
        })
    }
}
