//! How an outbox error reaches the UI: field errors for a draft that is not valid, `NotFound` for an
//! unknown order or account, `Conflict` for a resend or dismiss the entry's state does not allow, anything
//! else internal.

use shopdesk_core::{AppError, ErrorCode, ErrorDetails};

use crate::OutboxError;

impl From<OutboxError> for AppError {
    fn from(e: OutboxError) -> Self {
        match e {
            OutboxError::Invalid(fields) => {
                AppError::new(ErrorCode::Validation, fields.to_string()).with_details(
                    ErrorDetails {
                        fields: fields.0.into_iter().collect(),
                        ..Default::default()
                    },
                )
            }
            OutboxError::NoPort { .. } | OutboxError::NotFound(_) => {
                AppError::new(ErrorCode::NotFound, e.to_string())
            }
            OutboxError::WrongState { .. } => AppError::new(ErrorCode::Conflict, e.to_string()),
            other => AppError::internal(other.to_string()),
        }
    }
}
