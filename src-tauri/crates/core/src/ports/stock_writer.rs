//! Port: stock writer — set a POS account's **sellable** figure of one listing in one of its warehouses.
//!
//! Vendors differ in what a write is:
//! - Pancake sets an absolute figure (`variations/update_quantity`, `is_actual_remain_quantity: false`):
//!   [`WriteKind::Absolute`]. Sending the same target twice leaves the same figure.
//! - Nhanh has no "set quantity": a stock bill (`inventory/importother` / `exportother`) moves the figure by a
//!   delta: [`WriteKind::Delta`]. Sending the same bill twice doubles it, so every bill carries our marker in
//!   its description and [`StockWriter::find`] looks for it before any resend.
//!
//! The push engine (`stock-push`) drives it: a journal row before every send, and after a timeout or crash a
//! lookup by marker and a re-read ([`StockWriter::read`]) before it recomputes and resends anything.

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use vendor_http::Result;

use crate::ports::order_sink::Lookup;
use crate::Vendor;

/// One listing in one warehouse of a POS account, in the vendor's ids (as the stock cache stores them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StockCell {
    pub vendor_product_id: String,
    /// Empty where the vendor has no variations (a Nhanh product is its own variant).
    pub vendor_variation_id: String,
    pub vendor_wh_id: String,
}

/// How a vendor changes a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WriteKind {
    /// The vendor sets the figure to the target; a resend of the same target changes nothing.
    Absolute,
    /// The vendor moves the figure by `to - from`; a resend doubles it.
    Delta,
}

/// One change: the cell, the figure re-read right before the send, and the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockChange {
    pub cell: StockCell,
    /// The vendor's sellable figure read right before this send (a delta writer moves by `to - from`).
    pub from: i64,
    pub to: i64,
}

impl StockChange {
    pub fn delta(&self) -> i64 {
        self.to.saturating_sub(self.from)
    }
}

/// One vendor request: changes that travel together, and the marker that names it at the vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockBatch {
    /// Our reference: carried in the bill's description where the vendor keeps one (see [`marker`]).
    pub marker: String,
    pub changes: Vec<StockChange>,
}

/// What the vendor answered to a batch: its ids for what it created (Nhanh bill ids), if any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockWriteReceipt {
    pub vendor_refs: Vec<String>,
}

/// A marker found at the vendor (another ShopDesk's push, or ours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenMarker {
    pub marker: String,
    pub at: Option<DateTime<Utc>>,
}

/// The prefix of every marker, so a lookup can tell ours from a human's note.
pub const MARKER_PREFIX: &str = "ShopDesk#";

/// The marker of one batch: `ShopDesk#<installation>:<run>:<batch>`. The installation id lets a desktop
/// see another installation's recent push of the same account (two desktops, one shop).
pub fn marker(installation: &str, run: i64, batch: u32) -> String {
    format!("{MARKER_PREFIX}{installation}:{run}:{batch}")
}

/// The installation id inside a marker found in a vendor's text, if the text holds one.
pub fn marker_installation(text: &str) -> Option<&str> {
    let start = text.find(MARKER_PREFIX)? + MARKER_PREFIX.len();
    let rest = &text[start..];
    let end = rest.find(':')?;
    let id = &rest[..end];
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some(id)
}

/// Limits of one vendor's writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteLimits {
    /// Changes per request at most.
    pub max_batch: usize,
    /// Cells per [`StockWriter::read`] call at most.
    pub max_read: usize,
}

/// A POS account whose sellable figures ShopDesk can set. Implemented by each vendor crate on its client
/// (`<vendor>::adapter::stock_writer`).
pub trait StockWriter: Send + Sync {
    fn vendor(&self) -> Vendor;
    fn kind(&self) -> WriteKind;
    fn limits(&self) -> WriteLimits;

    /// The vendor's sellable figure of each cell now, in the order asked (`None`: the vendor has no
    /// figure for that cell, e.g. the listing is gone).
    fn read<'a>(&'a self, cells: &'a [StockCell]) -> BoxFuture<'a, Result<Vec<Option<i64>>>>;

    /// Send one batch. Absolute writers set each `to`; delta writers move each cell by `to - from` and
    /// carry `batch.marker` where the vendor keeps a note. A change with no effect is not sent.
    fn write<'a>(&'a self, batch: &'a StockBatch) -> BoxFuture<'a, Result<StockWriteReceipt>>;

    /// Whether the vendor holds a write carrying `marker`, made since `since`. Absolute writers keep no
    /// marker and answer [`Lookup::NotFound`]: resending an absolute target is safe after a re-read.
    fn find<'a>(&'a self, marker: &'a str, since: DateTime<Utc>) -> BoxFuture<'a, Result<Lookup>>;

    /// ShopDesk markers the vendor holds since `since` (any installation), for the two-desktops check.
    /// Absolute writers answer an empty list.
    fn recent_markers(&self, since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<SeenMarker>>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_names_its_installation() {
        let m = marker("a1b2c3", 42, 3);
        assert_eq!(m, "ShopDesk#a1b2c3:42:3");
        assert_eq!(marker_installation(&m), Some("a1b2c3"));
        assert_eq!(
            marker_installation(&format!("Cân tồn kho {m} (tự động)")),
            Some("a1b2c3")
        );
        assert_eq!(marker_installation("Nhập hàng tay"), None);
        assert_eq!(marker_installation("ShopDesk#:1:2"), None);
        assert_eq!(marker_installation("ShopDesk#x y:1:2"), None);
    }

    #[test]
    fn a_delta_is_target_minus_the_figure_read() {
        let c = StockChange {
            cell: StockCell {
                vendor_product_id: "1".into(),
                vendor_variation_id: String::new(),
                vendor_wh_id: "9".into(),
            },
            from: 7,
            to: 3,
        };
        assert_eq!(c.delta(), -4);
    }
}
