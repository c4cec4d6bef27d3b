//! Nhanh v3 order statuses (nhanh.md §9.8; the client's constants are `crate::orders::status`) → the
//! neutral [`OrderStatus`], Nhanh's status names, and when Nhanh lets the shop cancel. The tables are in
//! the `order-list` README.

use shopdesk_core::order::OrderStatus;

/// Nhanh v3 order `status` (nhanh.md §9.8; the client's constants are `nhanh::orders::status`).
pub fn normalize(status: i64) -> OrderStatus {
    use crate::orders::status as s;
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

/// Whether the shop may cancel an order in this status: open orders (54, 55, 56, 57, 42, 40, 43, 73)
/// through `order/edit` status 64, and orders in transit (59) by cancelling at the carrier first
/// (`order/cancelcarrier`, which the carrier may refuse).
pub fn cancellable(code: i64) -> bool {
    crate::orders::status::OPEN.contains(&code) || code == crate::orders::status::SHIPPING
}

/// Nhanh's status name (§9.8); `None` for unknown codes.
pub fn label(code: i64) -> Option<&'static str> {
    Some(match code {
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
    })
}

/// [`label`], or the code itself when the vendor sent one we do not know.
pub fn status_text(code: i64) -> String {
    label(code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

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
            assert_eq!(normalize(*code), *want, "nhanh {code}");
            assert_eq!(cancellable(*code), *can, "nhanh {code}");
            if *code != 99 {
                assert!(label(*code).is_some(), "{code}");
            }
        }
    }
}
