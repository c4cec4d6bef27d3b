//! Port: order source — one vendor account's orders for the orders list (`order-list`): fetch every order,
//! the ones changed since a time, re-read one, cancel one. Errors are the clients' own
//! `vendor_http::Error` (vendor code kept). Implemented by each vendor crate on its client
//! (`<vendor>::adapter::order_source`).

use chrono::{DateTime, Duration, SubsecRound, Utc};
use futures::future::BoxFuture;
use vendor_http::Result;

pub use crate::order::FetchedOrder;
use crate::order::{OrderRow, OrderStatus, StatusEvent};
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

    /// The order's tracking page for the customer (a web address), read from the vendor now, when the
    /// vendor gives one: Pancake `orders/get_tracking_url`, Nhanh the order's `trackingUrl`. `None` when
    /// the vendor documents none (Onflow) or has none for this order.
    fn tracking_link<'a>(
        &'a self,
        _vendor_order_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async { Ok(None) })
    }

    /// Where the vendor serves the order's printable shipping label (a PDF's web address), when it
    /// prints labels: Pancake `products/get_logistics_shipping_document` (`SHIPPING_LABEL`). `None`
    /// when the vendor documents no label call (Nhanh, Onflow) or gives none for this order.
    fn shipping_label<'a>(
        &'a self,
        _vendor_order_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async { Ok(None) })
    }
}

// Helpers for the implementations: the same shaping rules for every vendor.

/// An order's list row as a vendor's order gives it, before the rules every vendor shares
/// ([`RowFields::into_row`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFields {
    pub vendor_order_id: String,
    pub client_ref: Option<String>,
    pub customer_name: String,
    pub phone: String,
    pub address: String,
    pub total: crate::Money,
    pub cod: crate::Money,
    /// The vendor's numeric status code: its status table gives the normalized status and the
    /// cancel rule.
    pub status_code: i64,
    /// The vendor's own words for the status.
    pub vendor_status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub item_count: i64,
}

impl RowFields {
    /// The neutral [`OrderRow`]: the account id left empty (the cache fills it), the status and whether
    /// the shop may cancel from the vendor's status table (`normalize`, `cancellable`), and `updated_at`
    /// never before `created_at`.
    pub fn into_row(
        self,
        vendor: Vendor,
        normalize: impl Fn(i64) -> OrderStatus,
        cancellable: impl Fn(i64) -> bool,
    ) -> OrderRow {
        let code = self.status_code;
        OrderRow {
            account_id: String::new(),
            vendor,
            vendor_order_id: self.vendor_order_id,
            client_ref: self.client_ref,
            customer_name: self.customer_name,
            phone: self.phone,
            address: self.address,
            total: self.total,
            cod: self.cod,
            status: normalize(code),
            vendor_status: self.vendor_status,
            vendor_status_code: code,
            created_at: self.created_at,
            updated_at: self.updated_at.max(self.created_at),
            item_count: self.item_count,
            cancellable: cancellable(code),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(created: DateTime<Utc>, updated: DateTime<Utc>) -> RowFields {
        RowFields {
            vendor_order_id: "42".into(),
            client_ref: Some("SD-1".into()),
            customer_name: "Bình".into(),
            phone: "0901234567".into(),
            address: "1 Nguyễn Trãi, Quận 5".into(),
            total: crate::Money::vnd(175_000),
            cod: crate::Money::vnd(175_000),
            status_code: 7,
            vendor_status: "Đã giao".into(),
            created_at: created,
            updated_at: updated,
            item_count: 2,
        }
    }

    #[test]
    fn a_row_takes_the_vendors_status_table_and_leaves_the_account_to_the_cache() {
        let created = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let updated = created + Duration::hours(1);
        let row = fields(created, updated).into_row(
            Vendor::Nhanh,
            |code| {
                if code == 7 {
                    OrderStatus::Delivered
                } else {
                    OrderStatus::New
                }
            },
            |code| code < 5,
        );
        assert_eq!(row.account_id, "");
        assert_eq!(row.vendor, Vendor::Nhanh);
        assert_eq!(row.vendor_order_id, "42");
        assert_eq!(row.client_ref.as_deref(), Some("SD-1"));
        assert_eq!(
            (row.total, row.cod, row.item_count),
            (crate::Money::vnd(175_000), crate::Money::vnd(175_000), 2)
        );
        assert_eq!(row.status, OrderStatus::Delivered);
        assert_eq!(row.vendor_status, "Đã giao");
        assert_eq!(row.vendor_status_code, 7);
        assert!(!row.cancellable);
        assert_eq!((row.created_at, row.updated_at), (created, updated));
    }

    #[test]
    fn an_update_time_before_the_creation_is_the_creation() {
        let created = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let row = fields(created, created - Duration::days(3)).into_row(
            Vendor::Pancake,
            |_| OrderStatus::New,
            |_| true,
        );
        assert_eq!(row.updated_at, created);
        assert!(row.cancellable);
    }
}
