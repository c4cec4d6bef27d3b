//! What the orders page asks the cache and gets back: filters, a page of rows, counts per status. The
//! rows and details themselves are `shopdesk_core::order` types ([`OrderRow`], [`shopdesk_core::order::OrderDetail`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopdesk_core::order::{OrderRow, OrderStatus};

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
