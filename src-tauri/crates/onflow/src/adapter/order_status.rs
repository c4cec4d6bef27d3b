//! Onflow B2C shipment `status_info.value` (onflow.md §7.3; only 300 and 500 are documented, the rest are
//! the client's placeholders in `crate::assumptions::shipment_status`) → the neutral [`OrderStatus`],
//! Onflow's labels, and when Onflow lets the shop cancel. The tables are in the `order-list` README.

use shopdesk_core::order::OrderStatus;

/// Onflow B2C shipment `status_info.value` (onflow.md §7.3).
pub fn from_shipment_status(status: crate::ShipmentStatus) -> OrderStatus {
    use crate::ShipmentStatus as S;
    match status {
        S::New => OrderStatus::New,
        S::Picked | S::Packed => OrderStatus::Packing,
        S::HandedOver => OrderStatus::Shipping,
        S::CancelledBeforePack | S::CancelledAfterPack => OrderStatus::Cancelled,
        S::Other(_) => OrderStatus::Other,
    }
}

/// The normalized status of an Onflow shipment status code.
pub fn normalize(code: i64) -> OrderStatus {
    from_shipment_status(crate::ShipmentStatus::from_code(code))
}

/// Whether the shop may cancel a shipment in this status: before HANDOVER (NEW, PICKED, PACKED).
pub fn cancellable(code: i64) -> bool {
    crate::ShipmentStatus::from_code(code).can_cancel()
}

/// Onflow's label of a status (the simulator's placeholder labels where undocumented); `None` for
/// unknown codes.
pub fn label(code: i64) -> Option<&'static str> {
    Some(match code {
        100 => "Mới tạo",
        200 => "Đã lấy hàng",
        250 => "Đã đóng gói",
        300 => "Đã bàn giao",
        400 => "Đã hủy",
        500 => "Đã hủy sau đóng gói",
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
            let got = from_shipment_status(crate::ShipmentStatus::from_code(*code));
            assert_eq!(got, *want, "onflow {code}");
            assert_eq!(cancellable(*code), *can, "onflow {code}");
        }
        assert_eq!(status_text(300), "Đã bàn giao");
    }
}
