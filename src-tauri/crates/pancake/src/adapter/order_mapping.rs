//! Pancake: the neutral order draft (`shopdesk_core::order::OrderDraft`) + our reference → the create-order body. Pure.

use serde_json::json;
use shopdesk_core::order::{normalize_phone, OrderDraft};
use shopdesk_core::Money;

fn phone(d: &OrderDraft) -> String {
    normalize_phone(&d.customer.phone).unwrap_or_else(|| d.customer.phone.trim().to_string())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Pancake `POST /shops/{id}/orders` (flat body); our reference goes in `custom_id`.
pub fn to_pancake(d: &OrderDraft, reference: &str) -> crate::NewOrder {
    let items = d
        .items
        .iter()
        .map(|it| crate::NewOrderItem {
            variation_id: it
                .variation_id
                .clone()
                .unwrap_or_else(|| it.sku.trim().to_string()),
            quantity: it.quantity,
            product_id: it.product_id.clone(),
            discount_each_product: (it.discount != Money::ZERO).then_some(it.discount.dong()),
            is_discount_percent: (it.discount != Money::ZERO).then_some(false),
            variation_info: crate::VariationInfo {
                retail_price: Some(it.unit_price.dong()),
                display_id: non_empty(&it.sku),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    let geo = &d.address.geo;
    let mut extra = serde_json::Map::new();
    if let Some(src) = d.extras.pancake.as_ref().and_then(|p| p.order_source) {
        extra.insert("order_sources".into(), json!(src));
    }
    crate::NewOrder {
        warehouse_id: d.target.warehouse_id.trim().to_string(),
        custom_id: Some(reference.to_string()),
        items,
        shipping_address: crate::ShippingAddress {
            full_name: non_empty(&d.customer.name),
            phone_number: Some(phone(d)),
            address: non_empty(&d.address.line1),
            full_address: non_empty(&d.address.full()),
            province_id: geo.province_id.clone(),
            district_id: geo.district_id.clone(),
            commune_id: geo.ward_id.clone(),
            province_name: d.address.province.clone(),
            district_name: d.address.district.clone(),
            commune_name: d.address.ward.clone(),
            ..Default::default()
        },
        bill_full_name: non_empty(&d.customer.name),
        bill_phone_number: Some(phone(d)),
        bill_email: d.customer.email.clone(),
        note: d.note.clone(),
        shipping_fee: Some(d.shipping_fee.dong()),
        total_discount: Some(d.order_discount.dong()),
        cod: Some(d.cod_amount().dong()),
        extra,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdesk_core::order::fixtures::sample;
    use shopdesk_core::Vendor;

    #[test]
    fn pancake_body_is_flat_with_custom_id_and_money() {
        let d = sample(Vendor::Pancake);
        let o = to_pancake(&d, "SD-0ABC");
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["custom_id"], "SD-0ABC");
        assert_eq!(v["warehouse_id"], "11");
        assert!(v.get("order").is_none(), "flat body");
        assert_eq!(v["items"][0]["variation_id"], "OASIN0000101");
        assert_eq!(v["items"][0]["quantity"], 2);
        assert_eq!(v["items"][0]["discount_each_product"], 10_000);
        assert_eq!(v["items"][0]["variation_info"]["retail_price"], 199_000);
        assert_eq!(v["shipping_address"]["phone_number"], "0912345678");
        assert_eq!(v["shipping_address"]["province_id"], "254");
        assert_eq!(v["bill_full_name"], "Nguyễn Thị Lan");
        assert_eq!(v["shipping_fee"], 30_000);
        assert_eq!(v["total_discount"], 20_000);
        assert_eq!(v["cod"], 487_000);
        assert_eq!(v["order_sources"], -1);
        // the SKU stands in for the variation id when none is known
        let mut d2 = d.clone();
        d2.items[1].variation_id = None;
        assert_eq!(to_pancake(&d2, "r").items[1].variation_id, "MU-LUOI");
    }

    /// The whole body for the sample draft and its prepaid twin, as the mapping built it before the draft's
    /// amounts became `Money`: what the vendor receives does not change with the draft's types.
    #[test]
    fn the_request_body_is_unchanged() {
        let mut prepaid = sample(Vendor::Pancake);
        prepaid.cod = Some(0.into());
        let want = [
            r#"{"bill_full_name":"Nguyễn Thị Lan","bill_phone_number":"0912345678","cod":487000,"custom_id":"SD-0ABC","items":[{"discount_each_product":10000,"is_discount_percent":false,"product_id":"101","quantity":2,"variation_id":"OASIN0000101","variation_info":{"display_id":"AO-THUN-M","retail_price":199000}},{"product_id":"102","quantity":1,"variation_id":"OASIN0000102","variation_info":{"display_id":"MU-LUOI","retail_price":99000}}],"note":"Giao giờ hành chính","order_sources":-1,"shipping_address":{"address":"12 Lê Lợi","commnue_name":"Phường Bến Nghé","full_address":"12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh","full_name":"Nguyễn Thị Lan","phone_number":"0912345678","province_id":"254","province_name":"TP Hồ Chí Minh"},"shipping_fee":30000,"total_discount":20000,"warehouse_id":"11"}"#,
            r#"{"bill_full_name":"Nguyễn Thị Lan","bill_phone_number":"0912345678","cod":0,"custom_id":"SD-0ABC","items":[{"discount_each_product":10000,"is_discount_percent":false,"product_id":"101","quantity":2,"variation_id":"OASIN0000101","variation_info":{"display_id":"AO-THUN-M","retail_price":199000}},{"product_id":"102","quantity":1,"variation_id":"OASIN0000102","variation_info":{"display_id":"MU-LUOI","retail_price":99000}}],"note":"Giao giờ hành chính","order_sources":-1,"shipping_address":{"address":"12 Lê Lợi","commnue_name":"Phường Bến Nghé","full_address":"12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh","full_name":"Nguyễn Thị Lan","phone_number":"0912345678","province_id":"254","province_name":"TP Hồ Chí Minh"},"shipping_fee":30000,"total_discount":20000,"warehouse_id":"11"}"#,
        ];
        for (d, want) in [sample(Vendor::Pancake), prepaid].iter().zip(want) {
            let got = serde_json::to_value(to_pancake(d, "SD-0ABC")).unwrap_or_default();
            let want: serde_json::Value = serde_json::from_str(want).unwrap_or_default();
            assert_eq!(got, want);
        }
    }
}
