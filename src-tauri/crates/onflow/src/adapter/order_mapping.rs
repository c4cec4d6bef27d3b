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
}
