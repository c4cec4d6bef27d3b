//! Returns ("Hoàn hàng") in neutral types: a return as a vendor reports it (its own status beside one
//! normalized stage, the original order it belongs to, the items with their condition and whether they
//! went back to sellable stock where the vendor says), and the return request the owner creates at a
//! fulfilment warehouse (and its validation). The vendor crates map to and from these in their
//! `adapter` modules (`ports::returns`).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::order::FieldErrors;

/// Where a return is, the same words for every vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReturnStage {
    /// Asked for, not on its way yet.
    Requested,
    /// On its way back.
    InTransit,
    /// Back at the warehouse or the shop, not (yet) put back on sale.
    Received,
    /// Back in sellable stock.
    Restocked,
    /// The vendor reports a problem with it.
    Problem,
    Cancelled,
    /// A status the vendor added or that has no place in the flow.
    Other,
}

impl ReturnStage {
    pub const ALL: [ReturnStage; 7] = [
        ReturnStage::Requested,
        ReturnStage::InTransit,
        ReturnStage::Received,
        ReturnStage::Restocked,
        ReturnStage::Problem,
        ReturnStage::Cancelled,
        ReturnStage::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStage::Requested => "requested",
            ReturnStage::InTransit => "in_transit",
            ReturnStage::Received => "received",
            ReturnStage::Restocked => "restocked",
            ReturnStage::Problem => "problem",
            ReturnStage::Cancelled => "cancelled",
            ReturnStage::Other => "other",
        }
    }

    /// Whether the return is still on its way (not back, not cancelled).
    pub fn is_open(self) -> bool {
        matches!(self, ReturnStage::Requested | ReturnStage::InTransit)
    }
}

/// One returned line. `condition` is the vendor's own words where it reports them; `restocked` whether
/// the units went back to sellable stock (`None` when the vendor does not say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLine {
    /// The vendor's product id (Onflow's OASIN, Pancake's variation id, Nhanh's product id).
    pub item_id: String,
    pub sku: Option<String>,
    pub name: String,
    #[specta(type = specta_typescript::Number)]
    pub quantity: i64,
    pub condition: Option<String>,
    pub restocked: Option<bool>,
}

/// A return as the vendor holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FetchedReturn {
    /// Onflow `return_tracking_code` (`OARSC…`), the Pancake / Nhanh order or bill id.
    pub return_id: String,
    /// The original order as the orders list knows it (`OrderRow::vendor_order_id`: Onflow's `OASC…`
    /// shipment, the Pancake / Nhanh order id).
    pub vendor_order_id: String,
    /// Our reference when it carries one (Onflow `merchant_return_tracking_code_reference`).
    pub reference: Option<String>,
    pub stage: ReturnStage,
    /// The vendor's own words for the status.
    pub vendor_status: String,
    /// Whether the vendor lets the shop cancel it now.
    pub cancellable: bool,
    pub warehouse_code: Option<String>,
    /// The courier's waybill bringing it back.
    pub courier_tracking_code: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub items: Vec<ReturnLine>,
    #[specta(type = Option<String>)]
    pub created_at: Option<DateTime<Utc>>,
    #[specta(type = Option<String>)]
    pub updated_at: Option<DateTime<Utc>>,
}

impl FetchedReturn {
    /// Units returned.
    pub fn units(&self) -> i64 {
        self.items.iter().map(|l| l.quantity).sum()
    }
}

/// One line of a return request: the warehouse's product id and how many come back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnDraftLine {
    pub item_id: String,
    #[specta(type = specta_typescript::Number)]
    pub quantity: i64,
}

/// A return request as the owner enters it, for an order the warehouse handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnDraft {
    pub account_id: String,
    /// The original order (`OrderRow::vendor_order_id`; Onflow's `OASC…` shipment).
    pub vendor_order_id: String,
    /// Our reference (Onflow's `merchant_return_tracking_code_reference`): written to the journal before
    /// the send and looked up before any resend.
    pub reference: String,
    /// The lines coming back; empty = everything the order shipped.
    pub items: Vec<ReturnDraftLine>,
    pub reason: Option<String>,
    pub courier_tracking_code: Option<String>,
    pub note: Option<String>,
}

/// Longest reference, courier code and note accepted; largest quantity of a line.
pub const REFERENCE_MAX: usize = 64;
pub const CODE_MAX: usize = 64;
pub const NOTE_MAX: usize = 1000;
pub const QUANTITY_MAX: i64 = 1_000_000;

/// Check a return request: field paths of the wire (`items.0.quantity`), stable codes.
pub fn validate(d: &ReturnDraft) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if d.account_id.trim().is_empty() {
        e.add("accountId", "account.required");
    }
    if d.vendor_order_id.trim().is_empty() {
        e.add("vendorOrderId", "order.required");
    }
    let reference = d.reference.trim();
    if reference.is_empty() {
        e.add("reference", "reference.required");
    } else if reference.chars().count() > REFERENCE_MAX {
        e.add("reference", "reference.tooLong");
    }
    if d.courier_tracking_code
        .as_deref()
        .is_some_and(|c| c.trim().chars().count() > CODE_MAX)
    {
        e.add("courierTrackingCode", "code.tooLong");
    }
    if d.note
        .as_deref()
        .is_some_and(|n| n.chars().count() > NOTE_MAX)
    {
        e.add("note", "note.tooLong");
    }
    let mut seen = HashSet::new();
    for (i, l) in d.items.iter().enumerate() {
        if l.item_id.trim().is_empty() {
            e.add(format!("items.{i}.itemId"), "item.required");
        } else if !seen.insert(l.item_id.trim()) {
            e.add(format!("items.{i}.itemId"), "item.duplicate");
        }
        if l.quantity < 1 {
            e.add(format!("items.{i}.quantity"), "quantity.min");
        } else if l.quantity > QUANTITY_MAX {
            e.add(format!("items.{i}.quantity"), "quantity.max");
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ReturnDraft {
        ReturnDraft {
            account_id: "acc".into(),
            vendor_order_id: "OASC1".into(),
            reference: "SD-RT-1".into(),
            items: vec![],
            reason: None,
            courier_tracking_code: None,
            note: None,
        }
    }

    #[test]
    fn a_whole_order_return_is_valid() {
        assert!(validate(&draft()).is_ok());
    }

    #[test]
    fn fields_are_checked_with_stable_codes() {
        let mut d = draft();
        d.vendor_order_id = " ".into();
        d.reference = "x".repeat(65);
        d.items = vec![
            ReturnDraftLine {
                item_id: "A".into(),
                quantity: 0,
            },
            ReturnDraftLine {
                item_id: "A".into(),
                quantity: 2,
            },
        ];
        let e = validate(&d).unwrap_err();
        assert!(e.has("vendorOrderId", "order.required"));
        assert!(e.has("reference", "reference.tooLong"));
        assert!(e.has("items.0.quantity", "quantity.min"));
        assert!(e.has("items.1.itemId", "item.duplicate"));
    }

    #[test]
    fn only_requested_and_in_transit_are_open() {
        let open: Vec<_> = ReturnStage::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(open, [ReturnStage::Requested, ReturnStage::InTransit]);
    }
}
