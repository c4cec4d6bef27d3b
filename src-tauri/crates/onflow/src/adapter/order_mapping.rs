//! Onflow: the neutral order draft (`shopdesk_core::order::OrderDraft`) + our reference → a B2C shipment. Pure.

use shopdesk_core::order::OrderDraft;

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Onflow B2C shipment; our reference goes in `merchant_tracking_code_reference`.
pub fn to_onflow(d: &OrderDraft, reference: &str) -> crate::NewShipment {
    let x = d.extras.onflow.clone().unwrap_or_default();
    let mut note_parts = Vec::new();
    if let Some(r) = x.marketplace_order_ref.as_deref().and_then(non_empty) {
        note_parts.push(format!("Mã đơn sàn: {r}"));
    }
    if let Some(n) = d.note.as_deref().and_then(non_empty) {
        note_parts.push(n);
    }
    crate::NewShipment {
        warehouse_code: d.target.warehouse_id.trim().to_string(),
        platform: crate::Platform::parse(&x.platform),
        merchant_tracking_code_reference: reference.to_string(),
        courier_tracking_code: x.waybill.as_deref().and_then(non_empty),
        items: d
            .items
            .iter()
            .map(|it| crate::ShipmentItem {
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
            .map(|u| crate::Document {
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
    use shopdesk_core::order::fixtures::sample;
    use shopdesk_core::Vendor;

    #[test]
    fn onflow_shipment_carries_the_reference_platform_and_documents() {
        let d = sample(Vendor::Onflow);
        let s = to_onflow(&d, "SD-0ABC");
        assert_eq!(s.merchant_tracking_code_reference, "SD-0ABC");
        assert_eq!(s.platform, crate::Platform::Shopee);
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

    #[test]
    fn the_core_marketplace_check_reads_platforms_like_the_client() {
        for p in [
            "shopee",
            "Shopee",
            " LAZADA ",
            "tiktok",
            "TikTok Shop",
            "tiktok_shop",
            "tik tok",
            "tiki",
            "website",
            "",
            "shopee2",
            "facebook",
        ] {
            assert_eq!(
                shopdesk_core::order::is_marketplace(p),
                crate::Platform::parse(p).is_marketplace(),
                "{p:?}"
            );
        }
    }

    /// The whole body for the sample draft and its prepaid twin, as the mapping built it before the draft's
    /// amounts became `Money`: what the vendor receives does not change with the draft's types.
    #[test]
    fn the_request_body_is_unchanged() {
        let mut prepaid = sample(Vendor::Onflow);
        prepaid.cod = Some(0.into());
        let want = [
            r#"{"courier_tracking_code":"SPXVN0001","documents":[{"document_type":"INVOICE","document_url":"https://files.example/label.pdf","print_quantity":1}],"items":[{"oasin":"OASIN0000101","quantity":2,"sku":"AO-THUN-M"},{"oasin":"OASIN0000102","quantity":1,"sku":"MU-LUOI"}],"merchant_tracking_code_reference":"SD-0ABC","note":"Mã đơn sàn: 240101ABCD — Giao giờ hành chính","platform":"shopee","warehouse_code":"11"}"#,
            r#"{"courier_tracking_code":"SPXVN0001","documents":[{"document_type":"INVOICE","document_url":"https://files.example/label.pdf","print_quantity":1}],"items":[{"oasin":"OASIN0000101","quantity":2,"sku":"AO-THUN-M"},{"oasin":"OASIN0000102","quantity":1,"sku":"MU-LUOI"}],"merchant_tracking_code_reference":"SD-0ABC","note":"Mã đơn sàn: 240101ABCD — Giao giờ hành chính","platform":"shopee","warehouse_code":"11"}"#,
        ];
        for (d, want) in [sample(Vendor::Onflow), prepaid].iter().zip(want) {
            let got = serde_json::to_value(to_onflow(d, "SD-0ABC")).unwrap_or_default();
            let want: serde_json::Value = serde_json::from_str(want).unwrap_or_default();
            assert_eq!(got, want);
        }
    }
}
