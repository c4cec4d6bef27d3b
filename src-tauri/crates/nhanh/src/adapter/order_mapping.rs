//! Nhanh: the neutral order draft (`shopdesk_core::order::OrderDraft`) + our reference → the `order/add` body. Pure.

use serde_json::json;
use shopdesk_core::order::{normalize_phone, OrderDraft};

fn phone(d: &OrderDraft) -> String {
    normalize_phone(&d.customer.phone).unwrap_or_else(|| d.customer.phone.trim().to_string())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn id_i64(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(|x| x.trim().parse().ok())
}

/// Nhanh `order/add`; our reference goes in `channel.appOrderId` (Nhanh dedupes on it).
///
/// Nhanh derives the amount to collect itself (products − discount + customer ship fee − prepaid): an
/// explicit COD lower than the total is sent as a transfer (prepaid) amount.
pub fn to_nhanh(d: &OrderDraft, reference: &str) -> crate::orders::NewOrder {
    use crate::orders::{NewOrderAddress, NewOrderChannel, NewOrderInfo, NewOrderLine};
    let geo = &d.address.geo;
    let located =
        (id_i64(&geo.province_id).is_some() && id_i64(&geo.district_id).is_some()).then_some(());
    let carrier = d.extras.nhanh.as_ref().and_then(|n| {
        n.carrier_id.map(|id| {
            // sendCarrierType 1 (Nhanh's connection) needs a service: without one the carrier is only
            // recorded, with no connection mode
            let mut c = json!({"id": id, "customerShipFee": d.shipping_fee.dong()});
            if let Some(s) = n.carrier_service_id {
                c["sendCarrierType"] = json!(1);
                c["serviceId"] = json!(s);
            }
            c
        })
    });
    let prepaid = (d.total() - d.cod_amount()).dong();
    let discount = d.order_discount.dong();
    let payment = (discount != 0 || prepaid > 0).then(|| crate::orders::NewOrderPayment {
        discount_amount: (discount != 0).then_some(discount),
        transfer_amount: (prepaid > 0).then_some(prepaid),
        ..Default::default()
    });
    crate::orders::NewOrder {
        info: NewOrderInfo {
            depot_id: d.target.warehouse_id.trim().parse().ok(),
            description: d.note.clone(),
            ..Default::default()
        },
        channel: NewOrderChannel {
            app_order_id: reference.to_string(),
            source_name: Some("ShopDesk".into()),
        },
        shipping_address: NewOrderAddress {
            name: d.customer.name.trim().to_string(),
            mobile: phone(d),
            email: d.customer.email.clone(),
            address: non_empty(&d.address.line1),
            // location ids only as a full v1 (3-level) address: Nhanh requires districtId for v1, so
            // without a district the address goes as text only
            city_id: located.and(id_i64(&geo.province_id)),
            district_id: located.and(id_i64(&geo.district_id)),
            ward_id: located.and(id_i64(&geo.ward_id)),
            location_version: located.map(|_| "v1".to_string()),
        },
        carrier,
        products: d
            .items
            .iter()
            .map(|it| NewOrderLine {
                // a Nhanh variant is its own product (child id); the parent id only when there is none
                id: id_i64(&it.variation_id)
                    .or_else(|| id_i64(&it.product_id))
                    .unwrap_or_default(),
                price: it.unit_price.dong(),
                quantity: it.quantity,
                discount: (it.discount.dong() != 0).then_some(it.discount.dong()),
                description: None,
            })
            .collect(),
        payment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdesk_core::order::fixtures::sample;
    use shopdesk_core::Vendor;

    #[test]
    fn nhanh_body_carries_the_reference_in_app_order_id() {
        let d = sample(Vendor::Nhanh);
        let v = serde_json::to_value(to_nhanh(&d, "SD-0ABC")).unwrap();
        assert_eq!(v["channel"]["appOrderId"], "SD-0ABC");
        assert_eq!(v["info"]["depotId"], 11);
        assert_eq!(v["shippingAddress"]["mobile"], "0912345678");
        // a province without a district is no valid v1 address: text only
        assert!(v["shippingAddress"].get("cityId").is_none(), "{v}");
        assert!(v["shippingAddress"].get("locationVersion").is_none(), "{v}");
        let mut located = sample(Vendor::Nhanh);
        located.address.geo.district_id = Some("321".into());
        let a = serde_json::to_value(to_nhanh(&located, "r")).unwrap()["shippingAddress"].clone();
        assert_eq!(
            (&a["cityId"], &a["districtId"], &a["locationVersion"]),
            (
                &serde_json::json!(254),
                &serde_json::json!(321),
                &serde_json::json!("v1")
            )
        );
        assert_eq!(v["products"][0]["id"], 101);
        assert_eq!(v["products"][0]["price"], 199_000);
        assert_eq!(v["products"][0]["discount"], 10_000);
        assert_eq!(v["carrier"]["id"], 2);
        assert_eq!(v["carrier"]["serviceId"], 5);
        assert_eq!(v["carrier"]["customerShipFee"], 30_000);
        assert_eq!(v["payment"]["discountAmount"], 20_000);
        assert!(v["payment"].get("transferAmount").is_none(), "{v}");
        // a prepaid order (COD 0) tells Nhanh the whole total was transferred
        let prepaid = OrderDraft {
            cod: Some(0.into()),
            ..d
        };
        let v = serde_json::to_value(to_nhanh(&prepaid, "r")).unwrap();
        assert_eq!(v["payment"]["transferAmount"], 487_000);
        // a variant (child product) is ordered by its own id, not its parent's
        let mut child = sample(Vendor::Nhanh);
        child.items[0].variation_id = Some("1011".into());
        let v = serde_json::to_value(to_nhanh(&child, "r")).unwrap();
        assert_eq!(v["products"][0]["id"], 1011);
    }

    /// The whole body for the sample draft and its prepaid twin, as the mapping built it before the draft's
    /// amounts became `Money`: what the vendor receives does not change with the draft's types. (The sample's
    /// address has a province but no district, so it goes as text: Nhanh requires `districtId` for v1.)
    #[test]
    fn the_request_body_is_unchanged() {
        let mut prepaid = sample(Vendor::Nhanh);
        prepaid.cod = Some(0.into());
        let want = [
            r#"{"carrier":{"customerShipFee":30000,"id":2,"sendCarrierType":1,"serviceId":5},"channel":{"appOrderId":"SD-0ABC","sourceName":"ShopDesk"},"info":{"depotId":11,"description":"Giao giờ hành chính"},"payment":{"discountAmount":20000},"products":[{"discount":10000,"id":101,"price":199000,"quantity":2},{"id":102,"price":99000,"quantity":1}],"shippingAddress":{"address":"12 Lê Lợi","mobile":"0912345678","name":"Nguyễn Thị Lan"}}"#,
            r#"{"carrier":{"customerShipFee":30000,"id":2,"sendCarrierType":1,"serviceId":5},"channel":{"appOrderId":"SD-0ABC","sourceName":"ShopDesk"},"info":{"depotId":11,"description":"Giao giờ hành chính"},"payment":{"discountAmount":20000,"transferAmount":487000},"products":[{"discount":10000,"id":101,"price":199000,"quantity":2},{"id":102,"price":99000,"quantity":1}],"shippingAddress":{"address":"12 Lê Lợi","mobile":"0912345678","name":"Nguyễn Thị Lan"}}"#,
        ];
        for (d, want) in [sample(Vendor::Nhanh), prepaid].iter().zip(want) {
            let got = serde_json::to_value(to_nhanh(d, "SD-0ABC")).unwrap_or_default();
            let want: serde_json::Value = serde_json::from_str(want).unwrap_or_default();
            assert_eq!(got, want);
        }
    }
}
