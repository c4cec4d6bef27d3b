//! `order-list`: the orders page across accounts (issue #9). Orders of Pancake, Nhanh and Onflow accounts
//! pulled into a local SQLite cache with a normalized status beside the vendor's own, filters, search, a
//! detail view with items and the vendor's status history, and cancel where the vendor allows it.
//!
//! - [`status`]: [`OrderStatus`], the per-vendor mappings and [`cancellable`].
//! - [`model`]: [`OrderRow`], [`OrderDetail`], [`OrderFilter`], [`OrderPage`] (specta types for the UI).
//! - [`cache`]: [`OrderCache`] (list, search, counts, detail).
//! - [`remote`]: [`OrderSource`], implemented for the three vendor clients.
//! - [`sync`]: [`sync_account`], [`cancel_order`], [`refresh_order`].
//!
//! See README.md for the mapping tables and the cancel rules.

pub mod cache;
pub mod model;
pub mod remote;
pub mod status;
pub mod sync;

pub use cache::{phone_key, CacheError, Coverage, OrderCache, ReplaceReport, SyncMarks};
pub use model::{
    FetchedOrder, OrderDetail, OrderFilter, OrderLine, OrderPage, OrderRow, StatusCount,
    StatusEvent,
};
pub use remote::{OrderSource, Progress};
pub use shopdesk_core::Vendor;
pub use status::{cancellable, from_nhanh, from_onflow, from_pancake, normalize, OrderStatus};
pub use sync::{cancel_order, refresh_order, sync_account, OrderListError};
