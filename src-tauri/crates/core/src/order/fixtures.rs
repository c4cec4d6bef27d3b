//! Shared test builders (the `fixtures` feature; always on for this crate's own tests).

use super::draft::{
    Address, Customer, Extras, GeoIds, Item, NhanhExtras, OnflowExtras, OrderDraft, PancakeExtras,
    Target,
};
use crate::{Money, Vendor};

/// A draft every vendor accepts: two items, a discount, a shipping fee, every vendor's extras.
pub fn sample(vendor: Vendor) -> OrderDraft {
    OrderDraft {
        customer: Customer {
            name: "Nguyễn Thị Lan".into(),
            phone: "+84 912 345 678".into(),
            email: None,
        },
        address: Address {
            line1: "12 Lê Lợi".into(),
            ward: Some("Phường Bến Nghé".into()),
            province: Some("TP Hồ Chí Minh".into()),
            geo: GeoIds {
                province_id: Some("254".into()),
                district_id: None,
                ward_id: None,
            },
            ..Default::default()
        },
        items: vec![
            Item {
                sku: "AO-THUN-M".into(),
                product_id: Some("101".into()),
                variation_id: Some("OASIN0000101".into()),
                quantity: 2,
                unit_price: Money::vnd(199_000),
                discount: Money::vnd(10_000),
            },
            Item {
                sku: "MU-LUOI".into(),
                product_id: Some("102".into()),
                variation_id: Some("OASIN0000102".into()),
                quantity: 1,
                unit_price: Money::vnd(99_000),
                discount: Money::ZERO,
            },
        ],
        order_discount: Money::vnd(20_000),
        shipping_fee: Money::vnd(30_000),
        cod: None,
        note: Some("Giao giờ hành chính".into()),
        target: Target {
            account_id: "acc-1".into(),
            vendor,
            warehouse_id: "11".into(),
        },
        extras: Extras {
            onflow: Some(OnflowExtras {
                platform: "shopee".into(),
                marketplace_order_ref: Some("240101ABCD".into()),
                waybill: Some("SPXVN0001".into()),
                document_urls: vec!["https://files.example/label.pdf".into()],
            }),
            nhanh: Some(NhanhExtras {
                carrier_id: Some(2),
                carrier_service_id: Some(5),
            }),
            pancake: Some(PancakeExtras {
                order_source: Some(-1),
            }),
        },
    }
}
