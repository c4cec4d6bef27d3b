//! Port: order source — one vendor account's orders for the orders list (`order-list`): fetch every order,
//! the ones changed since a time, re-read one, cancel one. Errors are the clients' own
//! `vendor_http::Error` (vendor code kept). Implemented by each vendor crate on its client
//! (`<vendor>::adapter::order_source`).

use chrono::{DateTime, Duration, SubsecRound, Utc};
use futures::future::BoxFuture;
use vendor_http::Result;

pub use crate::order::FetchedOrder;
use crate::order::StatusEvent;
use crate::Vendor;

/// Progress of a fetch: `(orders so far, total)`; `total` is 0 while the vendor has not said.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// One vendor account's orders.
pub trait OrderSource: Send + Sync {
    fn vendor(&self) -> Vendor;

    /// How far back [`OrderSource::fetch_all`] reaches by creation time; `None` = every order. Orders
    /// older than the window stay in the cache after a sync.
    fn fetch_window(&self) -> Option<Duration> {
        None
    }

    /// The orders changed (created, updated, cancelled …) since `since`, when the vendor can list them
    /// that way; `None` when it cannot (the sync then fetches everything).
    fn fetch_changed_since<'a>(
        &'a self,
        _since: DateTime<Utc>,
        _progress: Progress<'a>,
    ) -> BoxFuture<'a, Result<Option<Vec<FetchedOrder>>>> {
        Box::pin(async { Ok(None) })
    }

    /// Every order of the account (within [`OrderSource::fetch_window`]), with items and history.
    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>>;

    /// One order as the vendor has it now.
    fn fetch_one<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>>;

    /// Cancel the order at the vendor and answer it as the vendor reports it afterwards (re-read). A
    /// refusal is the vendor's error, never swallowed.
    fn cancel<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>>;
}

// Helpers for the implementations: the same shaping rules for every vendor.

/// Times are kept to the microsecond (what the cache stores), so a re-read equals the cached order.
pub fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

/// [`micros`] of `t`, the epoch when the vendor gave no time.
pub fn micros_or_epoch(t: Option<DateTime<Utc>>) -> DateTime<Utc> {
    micros(t.unwrap_or_default())
}

pub use crate::text::non_empty;

/// The non-empty parts joined with `", "` (an address on one line).
pub fn join_address(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .filter_map(|p| non_empty(*p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A status history oldest first.
pub fn oldest_first(mut history: Vec<StatusEvent>) -> Vec<StatusEvent> {
    history.sort_by_key(|e| e.at);
    history
}
