//! An order as the vendors hold it: one row per order, the detail behind it, and one normalized status
//! beside each vendor's own. What an `OrderSource` fetches and the orders list caches and shows.
//!
//! The per-vendor status tables (code → [`OrderStatus`], labels, cancel rules) live in each vendor crate
//! (`<vendor>::adapter::order_status`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Money, Vendor};

/// Where an order is, the same words for every vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Received, not yet confirmed.
    New,
    /// Confirmed, waiting to be prepared.
    Confirmed,
    /// Being picked / printed / packed, or packed and waiting for the carrier.
    Packing,
    /// With the carrier.
    Shipping,
    Delivered,
    /// On its way back to the shop.
    Returning,
    /// Back at the shop (fully or partly).
    Returned,
    /// Cancelled or deleted (by the shop, the customer, the carrier or the vendor).
    Cancelled,
    /// A status the vendor added or that has no place in the flow (e.g. Pancake Webcake orders).
    Other,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        OrderStatus::New,
        OrderStatus::Confirmed,
        OrderStatus::Packing,
        OrderStatus::Shipping,
        OrderStatus::Delivered,
        OrderStatus::Returning,
        OrderStatus::Returned,
        OrderStatus::Cancelled,
        OrderStatus::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Packing => "packing",
            OrderStatus::Shipping => "shipping",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Returning => "returning",
            OrderStatus::Returned => "returned",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

// The doc comments of these types are exported verbatim into ui/src/ipc/bindings.ts (their old links to
// `crate::status` included, now `<vendor>::adapter::order_status`): edit them with the bindings.

/// One order in the list. Amounts are whole đồng ([`Money`]), times are UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderRow {
    /// Our account id (filled by the cache / sync; empty in what a source returns).
    pub account_id: String,
    pub vendor: Vendor,
    /// Pancake order id, Nhanh order id, Onflow `tracking_code` (`OASC…`).
    pub vendor_order_id: String,
    /// Our reference when the order carries one (Pancake `custom_id`, Nhanh `appOrderId`, Onflow
    /// `merchant_tracking_code_reference`).
    pub client_ref: Option<String>,
    /// Empty when the vendor has none (Onflow shipments are marketplace orders without a buyer).
    pub customer_name: String,
    pub phone: String,
    /// The delivery address on one line.
    pub address: String,
    /// What the customer pays: goods after discounts + shipping fee charged to them (0 for Onflow,
    /// which has no prices).
    pub total: Money,
    /// Cash to collect on delivery.
    pub cod: Money,
    pub status: OrderStatus,
    /// The vendor's own words for the status (see [`crate::status::vendor_label`]).
    pub vendor_status: String,
    /// The vendor's numeric status code.
    #[specta(type = specta_typescript::Number)]
    pub vendor_status_code: i64,
    #[specta(type = String)]
    pub created_at: DateTime<Utc>,
    #[specta(type = String)]
    pub updated_at: DateTime<Utc>,
    /// Units in the order (sum of line quantities).
    #[specta(type = specta_typescript::Number)]
    pub item_count: i64,
    /// Whether the vendor allows a cancel in this status ([`crate::status::cancellable`]).
    pub cancellable: bool,
}

/// One line of an order. `discount` is per unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub sku: String,
    pub name: String,
    #[specta(type = specta_typescript::Number)]
    pub quantity: i64,
    pub unit_price: Money,
    pub discount: Money,
}

/// A status change as the vendor recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusEvent {
    #[specta(type = String)]
    pub at: DateTime<Utc>,
    pub vendor_status: String,
    pub status: OrderStatus,
    /// Who made the change, when the vendor says.
    pub note: Option<String>,
}

/// The order's detail view. Also what a source fetches (`FetchedOrder`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderDetail {
    pub row: OrderRow,
    pub items: Vec<OrderLine>,
    /// Oldest first.
    pub history: Vec<StatusEvent>,
    pub carrier: Option<String>,
    pub tracking_code: Option<String>,
}

/// An order as a vendor source returns it: row + detail data (its `row.account_id` is empty until the
/// cache or the sync sets it).
pub type FetchedOrder = OrderDetail;

impl OrderDetail {
    /// The same order, attributed to `account_id`.
    pub fn for_account(mut self, account_id: &str) -> Self {
        self.row.account_id = account_id.to_string();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_are_snake_case() {
        for s in OrderStatus::ALL {
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
    }
}
