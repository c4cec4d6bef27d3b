//! What the orders page shows: one row per order, and the detail behind it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopdesk_core::Vendor;

use crate::status::OrderStatus;

/// One order in the list. Money is integer VND, times are UTC.
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
    #[specta(type = specta_typescript::Number)]
    pub total: i64,
    /// Cash to collect on delivery.
    #[specta(type = specta_typescript::Number)]
    pub cod: i64,
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
    #[specta(type = specta_typescript::Number)]
    pub unit_price: i64,
    #[specta(type = specta_typescript::Number)]
    pub discount: i64,
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

/// Filters of the orders list. Empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderFilter {
    pub account_ids: Vec<String>,
    pub statuses: Vec<OrderStatus>,
    /// Created at or after.
    #[specta(type = Option<String>)]
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    #[specta(type = Option<String>)]
    pub to: Option<DateTime<Utc>>,
    /// Phone (digits, +84/84/0 alike), customer name (without diacritics), vendor order id or our
    /// reference (prefix).
    pub search: Option<String>,
    /// Page size; 0 = the default (50).
    pub limit: u32,
    pub offset: u32,
}

/// One page of rows, newest first, and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderPage {
    pub rows: Vec<OrderRow>,
    pub total: u32,
}

/// How many matching orders are in a status (for the status tabs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: OrderStatus,
    pub count: u32,
}
