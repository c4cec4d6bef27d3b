//! The import columns: one table with the Vietnamese header, the aliases a header may arrive as, and
//! what the column means. Everything else (template, parser, error mapping) reads this table.

use serde::{Deserialize, Serialize};
use shopdesk_core::text::fold;
use shopdesk_core::Vendor;

/// One column of the import file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Column {
    OrderKey,
    CustomerName,
    Phone,
    Address,
    Ward,
    District,
    Province,
    Sku,
    Quantity,
    UnitPrice,
    ItemDiscount,
    OrderDiscount,
    ShippingFee,
    Cod,
    Note,
    Platform,
    MarketplaceRef,
    Waybill,
}

/// What kind of value a column holds (drives the template's cell format and the parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// Text that looks like a number but is not one (phone, SKU, codes): kept as text so Excel keeps
    /// leading zeros.
    Code,
    /// Integer VND.
    Money,
    /// Integer count.
    Count,
}

/// Whether a column applies to each item row or to the whole order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Order,
    Item,
}

/// One row of [`COLUMNS`].
#[derive(Debug)]
pub struct ColumnSpec {
    pub column: Column,
    /// The header as written in the template.
    pub header: &'static str,
    /// Other spellings accepted, already folded (lowercase, no diacritics, single spaces).
    pub aliases: &'static [&'static str],
    pub kind: ColumnKind,
    pub level: Level,
    /// Width in the template (Excel character units).
    pub width: f64,
    /// Explanation in the template's "Hướng dẫn" sheet.
    pub help: &'static str,
}

/// The columns, in template order.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        column: Column::OrderKey,
        header: "Mã đơn",
        aliases: &["ma don hang", "ma dh", "order", "order id", "order key", "order no", "order code"],
        kind: ColumnKind::Code,
        level: Level::Order,
        width: 12.0,
        help: "Mã do bạn tự đặt để gom dòng. Các dòng cùng mã đơn là một đơn có nhiều sản phẩm; các thông tin của đơn (khách, địa chỉ, phí…) chỉ cần ghi ở dòng đầu. Để trống: mỗi dòng là một đơn riêng.",
    },
    ColumnSpec {
        column: Column::CustomerName,
        header: "Tên khách hàng",
        aliases: &["ten khach", "khach hang", "ho ten", "ho va ten", "ten nguoi nhan", "nguoi nhan", "name", "customer", "customer name", "recipient"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 22.0,
        help: "Tên người nhận. Bắt buộc với Pancake và Nhanh.vn (đơn Onflow lấy thông tin người mua từ sàn).",
    },
    ColumnSpec {
        column: Column::Phone,
        header: "Số điện thoại",
        aliases: &["sdt", "so dt", "dien thoai", "phone", "phone number", "mobile", "tel"],
        kind: ColumnKind::Code,
        level: Level::Order,
        width: 15.0,
        help: "Số di động 10 số (03x, 05x, 07x, 08x, 09x), có thể viết +84…, có dấu cách hoặc dấu chấm. Bắt buộc với Pancake và Nhanh.vn.",
    },
    ColumnSpec {
        column: Column::Address,
        header: "Địa chỉ",
        aliases: &["dia chi nhan hang", "dia chi giao hang", "so nha duong", "address", "street", "address line"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 30.0,
        help: "Số nhà, tên đường (thôn, ấp…). Phường/xã và tỉnh ghi ở các cột riêng. Bắt buộc với Pancake và Nhanh.vn.",
    },
    ColumnSpec {
        column: Column::Ward,
        header: "Phường/Xã",
        aliases: &["phuong", "xa", "phuong xa thi tran", "ward"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 18.0,
        help: "Phường, xã hoặc đặc khu.",
    },
    ColumnSpec {
        column: Column::District,
        header: "Quận/Huyện",
        aliases: &["quan", "huyen", "quan huyen thi xa", "district"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 16.0,
        help: "Không bắt buộc: địa chỉ mới (từ 01/07/2025) không còn cấp quận/huyện. Chỉ ghi khi dùng địa chỉ cũ.",
    },
    ColumnSpec {
        column: Column::Province,
        header: "Tỉnh/Thành phố",
        aliases: &["tinh thanh", "tinh", "thanh pho", "tinh tp", "province", "city"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 18.0,
        help: "Tỉnh hoặc thành phố trực thuộc trung ương.",
    },
    ColumnSpec {
        column: Column::Sku,
        header: "SKU",
        aliases: &["ma sku", "ma san pham", "ma sp", "ma hang", "product code", "item sku"],
        kind: ColumnKind::Code,
        level: Level::Item,
        width: 16.0,
        help: "Bắt buộc. Mã SKU của sản phẩm đúng như trong danh mục ShopDesk. Mỗi dòng một sản phẩm.",
    },
    ColumnSpec {
        column: Column::Quantity,
        header: "Số lượng",
        aliases: &["sl", "so luong sp", "quantity", "qty"],
        kind: ColumnKind::Count,
        level: Level::Item,
        width: 10.0,
        help: "Bắt buộc. Số nguyên lớn hơn 0.",
    },
    ColumnSpec {
        column: Column::UnitPrice,
        header: "Đơn giá",
        aliases: &["gia", "gia ban", "don gia ban", "price", "unit price"],
        kind: ColumnKind::Money,
        level: Level::Item,
        width: 13.0,
        help: "Giá bán một sản phẩm (đồng). Để trống: dùng giá trong danh mục. Viết 150000, 150.000, 150,000, 150.000đ hoặc 150k đều được.",
    },
    ColumnSpec {
        column: Column::ItemDiscount,
        header: "Giảm giá/SP",
        aliases: &["giam gia san pham", "giam gia moi sp", "chiet khau sp", "item discount", "discount per item", "unit discount"],
        kind: ColumnKind::Money,
        level: Level::Item,
        width: 13.0,
        help: "Số tiền giảm cho MỖI sản phẩm của dòng (đồng), không lớn hơn đơn giá. Để trống: 0.",
    },
    ColumnSpec {
        column: Column::OrderDiscount,
        header: "Giảm giá đơn",
        aliases: &["giam gia don hang", "chiet khau don", "order discount", "discount"],
        kind: ColumnKind::Money,
        level: Level::Order,
        width: 13.0,
        help: "Số tiền giảm cho cả đơn (đồng). Ghi một lần ở dòng đầu của đơn. Để trống: 0.",
    },
    ColumnSpec {
        column: Column::ShippingFee,
        header: "Phí vận chuyển",
        aliases: &["phi ship", "phi giao hang", "phi vc", "ship", "shipping", "shipping fee"],
        kind: ColumnKind::Money,
        level: Level::Order,
        width: 14.0,
        help: "Phí giao hàng khách trả (đồng). Ghi một lần ở dòng đầu của đơn. Để trống: 0.",
    },
    ColumnSpec {
        column: Column::Cod,
        header: "COD",
        aliases: &["tien thu ho", "thu ho", "cod amount"],
        kind: ColumnKind::Money,
        level: Level::Order,
        width: 13.0,
        help: "Tiền thu hộ (đồng). Để trống: tự tính = tiền hàng − giảm giá + phí vận chuyển. Ghi 0 nếu khách đã chuyển khoản.",
    },
    ColumnSpec {
        column: Column::Note,
        header: "Ghi chú",
        aliases: &["ghi chu don", "note", "notes", "comment"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 26.0,
        help: "Ghi chú cho đơn (tối đa 1000 ký tự).",
    },
    ColumnSpec {
        column: Column::Platform,
        header: "Sàn TMĐT",
        aliases: &["san", "san tmdt ban", "platform", "marketplace"],
        kind: ColumnKind::Text,
        level: Level::Order,
        width: 11.0,
        help: "Chỉ cho Onflow (bắt buộc khi gửi sang Onflow): shopee, lazada, tiktok hoặc tiki.",
    },
    ColumnSpec {
        column: Column::MarketplaceRef,
        header: "Mã đơn sàn",
        aliases: &["ma don tren san", "marketplace order", "marketplace order id", "platform order id"],
        kind: ColumnKind::Code,
        level: Level::Order,
        width: 18.0,
        help: "Chỉ cho Onflow: mã đơn hàng trên sàn.",
    },
    ColumnSpec {
        column: Column::Waybill,
        header: "Mã vận đơn",
        aliases: &["van don", "waybill", "tracking", "tracking code", "tracking number"],
        kind: ColumnKind::Code,
        level: Level::Order,
        width: 18.0,
        help: "Chỉ cho Onflow: mã vận đơn do sàn cấp.",
    },
];

/// A header as compared with a column's header and aliases: a trailing `(…)` dropped, then folded
/// (lowercase, no diacritics, punctuation and `*` as spaces, single spaces). Every import's column table
/// matches headers through this.
pub fn header_key(header: &str) -> String {
    let base = match header.find('(') {
        Some(i) if i > 0 => &header[..i],
        _ => header,
    };
    fold(base)
}

impl Column {
    /// This column's row of [`COLUMNS`].
    pub fn spec(self) -> &'static ColumnSpec {
        // every variant has a row (checked by a test), the fallback is never used
        COLUMNS
            .iter()
            .find(|s| s.column == self)
            .unwrap_or(&COLUMNS[0])
    }

    /// Index in [`COLUMNS`] (the template's column order).
    pub fn position(self) -> usize {
        COLUMNS
            .iter()
            .position(|s| s.column == self)
            .unwrap_or(usize::MAX)
    }

    /// The Vietnamese header of the template.
    pub fn header(self) -> &'static str {
        self.spec().header
    }

    /// Recognizes a header: case, diacritics, punctuation and a trailing `(…)` or `*` are ignored;
    /// English aliases accepted. `None` for a column the import does not know.
    pub fn from_header(header: &str) -> Option<Column> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        COLUMNS
            .iter()
            .find(|s| fold(s.header) == key || s.aliases.contains(&key.as_str()))
            .map(|s| s.column)
    }

    /// Columns a file must have, whatever the target: SKU and quantity.
    pub const ALWAYS_REQUIRED: &'static [Column] = &[Column::Sku, Column::Quantity];

    /// Columns a file must have to send to `vendor`.
    pub fn required_for(vendor: Vendor) -> &'static [Column] {
        match vendor {
            Vendor::Onflow => &[Column::Sku, Column::Quantity, Column::Platform],
            Vendor::Pancake | Vendor::Nhanh => &[
                Column::CustomerName,
                Column::Phone,
                Column::Address,
                Column::Sku,
                Column::Quantity,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_one_row_and_headers_do_not_collide() {
        let all = [
            Column::OrderKey,
            Column::CustomerName,
            Column::Phone,
            Column::Address,
            Column::Ward,
            Column::District,
            Column::Province,
            Column::Sku,
            Column::Quantity,
            Column::UnitPrice,
            Column::ItemDiscount,
            Column::OrderDiscount,
            Column::ShippingFee,
            Column::Cod,
            Column::Note,
            Column::Platform,
            Column::MarketplaceRef,
            Column::Waybill,
        ];
        assert_eq!(all.len(), COLUMNS.len());
        for c in all {
            assert_eq!(COLUMNS.iter().filter(|s| s.column == c).count(), 1, "{c:?}");
            assert_eq!(Column::from_header(c.header()), Some(c), "{c:?}");
        }
        // every accepted spelling points to exactly one column
        let mut seen = std::collections::HashMap::new();
        for s in COLUMNS {
            for k in std::iter::once(fold(s.header)).chain(s.aliases.iter().map(|a| a.to_string()))
            {
                assert_eq!(fold(&k), k, "alias {k:?} must be written folded");
                if let Some(prev) = seen.insert(k.clone(), s.column) {
                    panic!("{k:?} used by {prev:?} and {:?}", s.column);
                }
            }
        }
    }

    #[test]
    fn headers_match_without_case_diacritics_or_decoration() {
        let cases = [
            ("So dien thoai", Some(Column::Phone)),
            ("SỐ ĐIỆN THOẠI", Some(Column::Phone)),
            ("  số điện thoại * ", Some(Column::Phone)),
            ("Phuong / Xa", Some(Column::Ward)),
            ("Đơn giá (VNĐ)", Some(Column::UnitPrice)),
            ("giam gia/sp", Some(Column::ItemDiscount)),
            ("Quantity", Some(Column::Quantity)),
            ("phone", Some(Column::Phone)),
            ("SDT", Some(Column::Phone)),
            ("Ma don", Some(Column::OrderKey)),
            ("Mã đơn sàn", Some(Column::MarketplaceRef)),
            ("Màu sắc", None),
            ("", None),
        ];
        for (h, want) in cases {
            assert_eq!(Column::from_header(h), want, "{h:?}");
        }
    }
}
