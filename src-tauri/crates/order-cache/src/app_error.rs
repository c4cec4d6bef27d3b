//! How an orders-list error reaches the UI: a vendor's refusal keeps its kind, the cache's is internal.

use shopdesk_core::AppError;

use crate::{CacheError, OrderListError};

impl From<OrderListError> for AppError {
    fn from(e: OrderListError) -> Self {
        match e {
            OrderListError::Vendor(v) => v.into(),
            OrderListError::Cache(c) => c.into(),
        }
    }
}

impl From<CacheError> for AppError {
    fn from(e: CacheError) -> Self {
        AppError::internal(e.to_string())
    }
}
