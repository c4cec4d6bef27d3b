//! `order-list`: the orders page across accounts (issue #9). Orders of Pancake, Nhanh and Onflow accounts
//! pulled into a local SQLite cache with a normalized status beside the vendor's own, filters, search, a
//! detail view with items and the vendor's status history, and cancel where the vendor allows it.
//!
//! - The order types ([`OrderRow`], [`OrderDetail`], [`OrderStatus`] …) are neutral types of
//!   `shopdesk-core` ([`shopdesk_core::order`]), re-exported here; the port [`OrderSource`] is
//!   [`shopdesk_core::ports::order_source`], implemented by each vendor crate on its client (with its
//!   status table, `<vendor>::adapter::order_status`).
//! - [`model`]: [`OrderFilter`], [`OrderPage`], [`StatusCount`] (specta types for the UI).
//! - [`cache`]: [`OrderCache`] (list, search, counts, detail).
//! - [`sync`]: [`sync_account`], [`cancel_order`], [`refresh_order`].
//!
//! See README.md for the mapping tables and the cancel rules.

mod app_error;
pub mod cache;
pub mod export;
pub mod model;
pub mod sync;

pub use cache::{
    phone_key, CacheError, Coverage, DayTotal, OrderCache, ReplaceReport, SyncMarks, UNSHIPPED,
};
pub use export::{orders_csv, orders_xlsx, EXPORT_HEADERS};
pub use model::{OrderFilter, OrderPage, StatusCount};
pub use shopdesk_core::order::{
    FetchedOrder, OrderDetail, OrderLine, OrderRow, OrderStatus, StatusEvent,
};
pub use shopdesk_core::ports::order_source::{OrderSource, Progress};
pub use shopdesk_core::Vendor;
pub use sync::{cancel_order, refresh_order, sync_account, OrderListError};
