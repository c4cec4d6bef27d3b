//! Pure mappings: draft + our reference → each vendor's create request.

use serde_json::json;

use crate::draft::{normalize_phone, OrderDraft};

fn phone(d: &OrderDraft) -> String {
    normalize_phone(&d.customer.phone).unwrap_or_else(|| d.customer.phone.trim().to_string())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Pancake `POST /shops/{id}/orders` (flat body); our reference goes in `custom_id`.
pub fn to_pancake(d: &OrderDraft, reference: &str) -> pancake::NewOrder {
    let items = d
        .items
        .iter()
        .map(|it| pancake::NewOrderItem {
            variation_id: it
                .variation_id
                .clone()
                .unwrap_or_else(|| it.sku.trim().to_string()),
            quantity: it.quantity,
            product_id: it.product_id.clone(),
            discount_each_product: (it.discount != 0).then_some(it.discount),
            is_discount_percent: (it.discount != 0).then_some(false),
            variation_info: pancake::VariationInfo {
                retail_price: Some(it.unit_price),
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
    pancake::NewOrder {
        warehouse_id: d.target.warehouse_id.trim().to_string(),
        custom_id: Some(reference.to_string()),
        items,
        shipping_address: pancake::ShippingAddress {
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
        shipping_fee: Some(d.shipping_fee),
        total_discount: Some(d.order_discount),
        cod: Some(d.cod_amount()),
        extra,
        ..Default::default()
    }
}

fn id_i64(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(|x| x.trim().parse().ok())
}

/// Nhanh `order/add`; our reference goes in `channel.appOrderId` (Nhanh dedupes on it).
///
/// Nhanh derives the amount to collect itself (products − discount + customer ship fee − prepaid): an
/// explicit COD lower than the total is sent as a transfer (prepaid) amount.
pub fn to_nhanh(d: &OrderDraft, reference: &str) -> nhanh::orders::NewOrder {
    use nhanh::orders::{NewOrderAddress, NewOrderChannel, NewOrderInfo, NewOrderLine};
    let geo = &d.address.geo;
    let carrier = d.extras.nhanh.as_ref().and_then(|n| {
        n.carrier_id.map(|id| {
            let mut c = json!({"sendCarrierType": 1, "id": id, "customerShipFee": d.shipping_fee});
            if let Some(s) = n.carrier_service_id {
                c["serviceId"] = json!(s);
            }
            c
        })
    });
    let prepaid = d.total() - d.cod_amount();
    let payment = (d.order_discount != 0 || prepaid > 0).then(|| nhanh::orders::NewOrderPayment {
        discount_amount: (d.order_discount != 0).then_some(d.order_discount),
        transfer_amount: (prepaid > 0).then_some(prepaid),
        ..Default::default()
    });
    nhanh::orders::NewOrder {
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
            city_id: id_i64(&geo.province_id),
            district_id: id_i64(&geo.district_id),
            ward_id: id_i64(&geo.ward_id),
            location_version: (geo.province_id.is_some()).then(|| "v1".to_string()),
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
                price: it.unit_price,
                quantity: it.quantity,
                discount: (it.discount != 0).then_some(it.discount),
                description: None,
            })
            .collect(),
        payment,
    }
}

/// Onflow B2C shipment; our reference goes in `merchant_tracking_code_reference`.
pub fn to_onflow(d: &OrderDraft, reference: &str) -> onflow::NewShipment {
    let x = d.extras.onflow.clone().unwrap_or_default();
    let mut note_parts = Vec::new();
    if let Some(r) = x.marketplace_order_ref.as_deref().and_then(non_empty) {
        note_parts.push(format!("Mã đơn sàn: {r}"));
    }
    if let Some(n) = d.note.as_deref().and_then(non_empty) {
        note_parts.push(n);
    }
    onflow::NewShipment {
        warehouse_code: d.target.warehouse_id.trim().to_string(),
        platform: onflow::Platform::parse(&x.platform),
        merchant_tracking_code_reference: reference.to_string(),
        courier_tracking_code: x.waybill.as_deref().and_then(non_empty),
        items: d
            .items
            .iter()
            .map(|it| onflow::ShipmentItem {
                oasin: it
                    .variation_id
                    .clone()
                    .or_else(|| it.product_id.clone())
                    .unwrap_or_default(),
                quantity: it.quantity,
                sku: non_empty(&it.sku),
            })
            .collect(),
        documents: x
            .document_urls
            .iter()
            .map(|u| onflow::Document {
                document_type: "INVOICE".into(),
                document_url: u.trim().to_string(),
                print_quantity: 1,
            })
            .collect(),
        note: (!note_parts.is_empty()).then(|| note_parts.join(" — ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::tests::sample;
    use crate::draft::Vendor;

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

    #[test]
    fn nhanh_body_carries_the_reference_in_app_order_id() {
        let d = sample(Vendor::Nhanh);
        let v = serde_json::to_value(to_nhanh(&d, "SD-0ABC")).unwrap();
        assert_eq!(v["channel"]["appOrderId"], "SD-0ABC");
        assert_eq!(v["info"]["depotId"], 11);
        assert_eq!(v["shippingAddress"]["mobile"], "0912345678");
        assert_eq!(v["shippingAddress"]["cityId"], 254);
        assert_eq!(v["products"][0]["id"], 101);
        assert_eq!(v["products"][0]["price"], 199_000);
        assert_eq!(v["products"][0]["discount"], 10_000);
        assert_eq!(v["carrier"]["id"], 2);
        assert_eq!(v["carrier"]["serviceId"], 5);
        assert_eq!(v["carrier"]["customerShipFee"], 30_000);
        assert_eq!(v["payment"]["discountAmount"], 20_000);
        assert!(v["payment"].get("transferAmount").is_none(), "{v}");
        // a prepaid order (COD 0) tells Nhanh the whole total was transferred
        let prepaid = OrderDraft { cod: Some(0), ..d };
        let v = serde_json::to_value(to_nhanh(&prepaid, "r")).unwrap();
        assert_eq!(v["payment"]["transferAmount"], 487_000);
        // a variant (child product) is ordered by its own id, not its parent's
        let mut child = sample(Vendor::Nhanh);
        child.items[0].variation_id = Some("1011".into());
        let v = serde_json::to_value(to_nhanh(&child, "r")).unwrap();
        assert_eq!(v["products"][0]["id"], 1011);
    }

    #[test]
    fn onflow_shipment_carries_the_reference_platform_and_documents() {
        let d = sample(Vendor::Onflow);
        let s = to_onflow(&d, "SD-0ABC");
        assert_eq!(s.merchant_tracking_code_reference, "SD-0ABC");
        assert_eq!(s.platform, onflow::Platform::Shopee);
        assert_eq!(s.warehouse_code, "11");
        assert_eq!(s.courier_tracking_code.as_deref(), Some("SPXVN0001"));
        assert_eq!(s.items[0].oasin, "OASIN0000101");
        assert_eq!(s.items[0].quantity, 2);
        assert_eq!(s.documents.len(), 1);
        assert_eq!(
            s.documents[0].document_url,
            "https://files.example/label.pdf"
        );
        assert_eq!(
            s.note.as_deref(),
            Some("Mã đơn sàn: 240101ABCD — Giao giờ hành chính")
        );
    }
}
