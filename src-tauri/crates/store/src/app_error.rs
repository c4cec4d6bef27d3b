//! How a stock-cache error reaches the UI.

use shopdesk_core::{AppError, ErrorCode};

impl From<crate::Error> for AppError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::NotFound(m) => AppError::new(ErrorCode::NotFound, m),
            crate::Error::Invalid(m) => AppError::new(ErrorCode::Validation, m),
            other => AppError::internal(other.to_string()),
        }
    }
}
