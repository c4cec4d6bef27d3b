//! How a push error reaches the UI: rules out of bounds name their field, a vendor's refusal keeps its
//! kind, a run in use or not undoable is a conflict.

use shopdesk_core::{AppError, ErrorCode};

use crate::PushError;

impl From<PushError> for AppError {
    fn from(e: PushError) -> Self {
        match e {
            PushError::InvalidRules(p) => {
                AppError::field(&p.field, &format!("pushRules.{}", p.code))
            }
            PushError::Vendor(v) => v.into(),
            PushError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
            PushError::Busy(_) | PushError::NotUndoable(_) | PushError::Locked { .. } => {
                AppError::new(ErrorCode::Conflict, e.to_string())
            }
            other => AppError::internal(other.to_string()),
        }
    }
}
