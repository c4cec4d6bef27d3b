//! One normalized order status beside each vendor's own, the vendors' labels, and the cancel rules.
//!
//! Sources: Pancake `status` codes (pancake.md §2.1), Nhanh v3 order statuses (nhanh.md §9.8), Onflow
//! B2C shipment `status_info.value` (onflow.md §7.3; only 300 and 500 are documented, the rest are the
//! client's placeholders in `onflow::assumptions::shipment_status`). The tables are in README.md.

use serde::{Deserialize, Serialize};
use shopdesk_core::Vendor;

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

/// Pancake order `status` (pancake.md §2.1).
pub fn from_pancake(status: pancake::OrderStatus) -> OrderStatus {
    use pancake::OrderStatus as P;
    match status {
        P::New | P::WaitingConfirmation => OrderStatus::New,
        P::WaitingStock | P::Ordered | P::Confirmed => OrderStatus::Confirmed,
        P::WaitingPrint | P::Printed | P::Packing | P::WaitingPickup => OrderStatus::Packing,
        P::Shipped => OrderStatus::Shipping,
        P::Delivered | P::MoneyCollected => OrderStatus::Delivered,
        P::Returning => OrderStatus::Returning,
        P::PartiallyReturned | P::Returned => OrderStatus::Returned,
        P::Canceled | P::Removed => OrderStatus::Cancelled,
        P::Webcake | P::Storecake | P::Unknown(_) => OrderStatus::Other,
    }
}

/// Nhanh v3 order `status` (nhanh.md §9.8; the client's constants are `nhanh::orders::status`).
pub fn from_nhanh(status: i64) -> OrderStatus {
    use nhanh::orders::status as s;
    match status {
        s::NEW | s::CONFIRMING | s::CUSTOMER_CONFIRMING => OrderStatus::New,
        s::CONFIRMED | s::CHANGE_DEPOT => OrderStatus::Confirmed,
        s::PACKING | s::PACKED | s::PICKUP => OrderStatus::Packing,
        s::SHIPPING => OrderStatus::Shipping,
        s::SUCCESS => OrderStatus::Delivered,
        s::RETURNING => OrderStatus::Returning,
        s::RETURNED | s::RETURN_CONFIRMED => OrderStatus::Returned,
        s::FAILED | s::CANCELED | s::ABORTED | s::CARRIER_CANCELED | s::SOLD_OUT => {
            OrderStatus::Cancelled
        }
        _ => OrderStatus::Other,
    }
}

/// Onflow B2C shipment `status_info.value` (onflow.md §7.3).
pub fn from_onflow(status: onflow::ShipmentStatus) -> OrderStatus {
    use onflow::ShipmentStatus as S;
    match status {
        S::New => OrderStatus::New,
        S::Picked | S::Packed => OrderStatus::Packing,
        S::HandedOver => OrderStatus::Shipping,
        S::CancelledBeforePack | S::CancelledAfterPack => OrderStatus::Cancelled,
        S::Other(_) => OrderStatus::Other,
    }
}

/// The normalized status of a vendor's numeric status code (all three vendors use integers).
pub fn normalize(vendor: Vendor, code: i64) -> OrderStatus {
    match vendor {
        Vendor::Pancake => from_pancake(pancake::OrderStatus::from_code(code)),
        Vendor::Nhanh => from_nhanh(code),
        Vendor::Onflow => from_onflow(onflow::ShipmentStatus::from_code(code)),
    }
}

/// Whether the vendor lets the shop cancel an order in this status (the rule each simulator enforces):
/// - Pancake: before shipping (0, 17, 11, 12, 13, 20, 1, 8, 9). Pancake documents no rule; the simulator's
///   inferred graph allows `→ 6` only from these.
/// - Nhanh: open orders (54, 55, 56, 57, 42, 40, 43, 73) through `order/edit` status 64, and orders in
///   transit (59) by cancelling at the carrier first (`order/cancelcarrier`, which the carrier may refuse).
/// - Onflow: before HANDOVER (NEW, PICKED, PACKED).
pub fn cancellable(vendor: Vendor, code: i64) -> bool {
    match vendor {
        Vendor::Pancake => matches!(code, 0 | 17 | 11 | 12 | 13 | 20 | 1 | 8 | 9),
        Vendor::Nhanh => {
            nhanh::orders::status::OPEN.contains(&code) || code == nhanh::orders::status::SHIPPING
        }
        Vendor::Onflow => onflow::ShipmentStatus::from_code(code).can_cancel(),
    }
}

/// The vendor's own words for a status: Pancake's Vietnamese label (§2.1), Nhanh's status name (§9.8),
/// Onflow's label (the simulator's placeholder labels where undocumented). `None` for unknown codes.
pub fn vendor_label(vendor: Vendor, code: i64) -> Option<&'static str> {
    Some(match vendor {
        Vendor::Pancake => match code {
            0 => "Mới",
            17 => "Chờ xác nhận",
            11 => "Chờ hàng",
            12 => "Chờ in",
            13 => "Đã in",
            20 => "Đã đặt hàng",
            1 => "Đã xác nhận",
            8 => "Đang đóng hàng",
            9 => "Chờ chuyển hàng",
            2 => "Đã gửi hàng",
            3 => "Đã nhận",
            16 => "Đã thu tiền",
            4 => "Đang trả hàng",
            15 => "Hoàn 1 phần",
            5 => "Đã hoàn",
            6 => "Đã hủy",
            7 => "Đã xóa",
            10 => "Đơn Webcake",
            21 => "Đơn Storecake",
            _ => return None,
        },
        Vendor::Nhanh => match code {
            54 => "New",
            55 => "Confirming",
            56 => "Confirmed",
            57 => "CustomerConfirming",
            42 => "Packing",
            40 => "Packed",
            43 => "Pickup",
            59 => "Shipping",
            60 => "Success",
            61 => "Failed",
            63 => "Canceled",
            64 => "Aborted",
            58 => "CarrierCanceled",
            68 => "SoldOut",
            71 => "Returning",
            72 => "Returned",
            73 => "ChangeDepot",
            74 => "Xác nhận hoàn",
            _ => return None,
        },
        Vendor::Onflow => match code {
            100 => "Mới tạo",
            200 => "Đã lấy hàng",
            250 => "Đã đóng gói",
            300 => "Đã bàn giao",
            400 => "Đã hủy",
            500 => "Đã hủy sau đóng gói",
            _ => return None,
        },
    })
}

/// [`vendor_label`], or the code itself when the vendor sent one we do not know.
pub fn vendor_status_text(vendor: Vendor, code: i64) -> String {
    vendor_label(vendor, code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn pancake_table() {
        let table: &[(i64, OrderStatus, bool)] = &[
            (0, New, true),
            (17, New, true),
            (11, Confirmed, true),
            (12, Packing, true),
            (13, Packing, true),
            (20, Confirmed, true),
            (1, Confirmed, true),
            (8, Packing, true),
            (9, Packing, true),
            (2, Shipping, false),
            (3, Delivered, false),
            (16, Delivered, false),
            (4, Returning, false),
            (15, Returned, false),
            (5, Returned, false),
            (6, Cancelled, false),
            (7, Cancelled, false),
            (10, Other, false),
            (21, Other, false),
            (19, Other, false),
        ];
        for (code, want, can) in table {
            let got = from_pancake(pancake::OrderStatus::from_code(*code));
            assert_eq!(got, *want, "pancake {code}");
            assert_eq!(normalize(Vendor::Pancake, *code), *want);
            assert_eq!(cancellable(Vendor::Pancake, *code), *can, "pancake {code}");
            if *code != 19 {
                assert!(vendor_label(Vendor::Pancake, *code).is_some(), "{code}");
            }
        }
        assert_eq!(vendor_status_text(Vendor::Pancake, 19), "19");
    }

    #[test]
    fn nhanh_table() {
        let table: &[(i64, OrderStatus, bool)] = &[
            (54, New, true),
            (55, New, true),
            (56, Confirmed, true),
            (57, New, true),
            (42, Packing, true),
            (40, Packing, true),
            (43, Packing, true),
            (59, Shipping, true),
            (60, Delivered, false),
            (61, Cancelled, false),
            (63, Cancelled, false),
            (64, Cancelled, false),
            (58, Cancelled, false),
            (68, Cancelled, false),
            (71, Returning, false),
            (72, Returned, false),
            (73, Confirmed, true),
            (74, Returned, false),
            (99, Other, false),
        ];
        for (code, want, can) in table {
            assert_eq!(from_nhanh(*code), *want, "nhanh {code}");
            assert_eq!(cancellable(Vendor::Nhanh, *code), *can, "nhanh {code}");
            if *code != 99 {
                assert!(vendor_label(Vendor::Nhanh, *code).is_some(), "{code}");
            }
        }
    }

    #[test]
    fn onflow_table() {
        let table: &[(i64, OrderStatus, bool)] = &[
            (100, New, true),
            (200, Packing, true),
            (250, Packing, true),
            (300, Shipping, false),
            (400, Cancelled, false),
            (500, Cancelled, false),
            (700, Other, false),
        ];
        for (code, want, can) in table {
            let got = from_onflow(onflow::ShipmentStatus::from_code(*code));
            assert_eq!(got, *want, "onflow {code}");
            assert_eq!(cancellable(Vendor::Onflow, *code), *can, "onflow {code}");
        }
        assert_eq!(vendor_status_text(Vendor::Onflow, 300), "Đã bàn giao");
    }

    #[test]
    fn serde_names_are_snake_case() {
        for s in OrderStatus::ALL {
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
    }
}
