//! Pancake order `status` codes (pancake.md §2.1) → the neutral [`OrderStatus`], Pancake's Vietnamese
//! labels, and when Pancake lets the shop cancel. The tables are in the `order-list` README.

use shopdesk_core::order::OrderStatus;

/// Pancake order `status` (pancake.md §2.1).
pub fn from_status(status: crate::OrderStatus) -> OrderStatus {
    use crate::OrderStatus as P;
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

/// The normalized status of a Pancake status code.
pub fn normalize(code: i64) -> OrderStatus {
    from_status(crate::OrderStatus::from_code(code))
}

/// Whether the shop may cancel an order in this status: before shipping (0, 17, 11, 12, 13, 20, 1, 8,
/// 9). Pancake documents no rule; the simulator's inferred graph allows `→ 6` only from these.
pub fn cancellable(code: i64) -> bool {
    matches!(code, 0 | 17 | 11 | 12 | 13 | 20 | 1 | 8 | 9)
}

/// Pancake's Vietnamese label of a status (§2.1); `None` for unknown codes.
pub fn label(code: i64) -> Option<&'static str> {
    Some(match code {
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
            let got = from_status(crate::OrderStatus::from_code(*code));
            assert_eq!(got, *want, "pancake {code}");
            assert_eq!(normalize(*code), *want);
            assert_eq!(cancellable(*code), *can, "pancake {code}");
            if *code != 19 {
                assert!(label(*code).is_some(), "{code}");
            }
        }
        assert_eq!(status_text(19), "19");
    }
}
