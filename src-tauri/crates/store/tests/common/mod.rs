#![allow(dead_code)]

use store::{Account, ListingInput, StockInput, Store, Vendor, WarehouseInput};

pub const OF: &str = "onflow-1";
pub const PC: &str = "pancake-1";
pub const NH: &str = "nhanh-1";

/// Three accounts: Onflow (warehouses A, B), Pancake (warehouse 1), Nhanh (depot d1).
pub fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for (id, vendor, label, whs) in [
        (OF, Vendor::Onflow, "Kho Onflow", &["A", "B"][..]),
        (PC, Vendor::Pancake, "Shop Pancake", &["1"][..]),
        (NH, Vendor::Nhanh, "Shop Nhanh", &["d1"][..]),
    ] {
        s.upsert_account(&Account {
            id: id.into(),
            vendor,
            label: label.into(),
            demo: false,
        })
        .unwrap();
        let whs: Vec<WarehouseInput> = whs
            .iter()
            .map(|w| WarehouseInput {
                vendor_wh_id: w.to_string(),
                name: format!("Kho {w}"),
                code: Some(w.to_string()),
            })
            .collect();
        s.upsert_warehouses(id, &whs).unwrap();
    }
    s
}

pub fn listing(pid: &str, sku: Option<&str>, barcode: Option<&str>, name: &str) -> ListingInput {
    ListingInput {
        vendor_product_id: pid.into(),
        vendor_variation_id: String::new(),
        sku: sku.map(Into::into),
        barcode: barcode.map(Into::into),
        name: name.into(),
        price_vnd: Some(150_000),
        image_urls: vec![format!("https://img.example/{pid}.jpg")],
        updated_at: None,
    }
}

pub fn stock(pid: &str, wh: &str, on_hand: i64, available: i64) -> StockInput {
    StockInput {
        vendor_product_id: pid.into(),
        vendor_variation_id: String::new(),
        vendor_wh_id: wh.into(),
        on_hand: Some(on_hand),
        available: Some(available),
        incoming: None,
        returning: None,
    }
}
