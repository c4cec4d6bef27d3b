//! How an address error reaches the UI: a vendor's refusal keeps its kind, the rest is internal.

use shopdesk_core::AppError;

impl From<crate::Error> for AppError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::Vendor(v) => v.into(),
            other => AppError::internal(other.to_string()),
        }
    }
}
