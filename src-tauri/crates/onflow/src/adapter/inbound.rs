//! Onflow: the `shopdesk_core::ports::inbound` port on [`OnflowClient`]. A PO carries our reference as
//! `merchant_po_reference`; its id is the `po_code`. Statuses are Onflow's own text (`TRANSIT`,
//! `COMPLETED`, `CANCELLED` documented; anything between them is a placeholder, see
//! `assumptions::po_status`), shown as they come.

use futures::future::BoxFuture;
use shopdesk_core::inbound::{
    lines_named, FetchedPo, InspectionRow, LineCheck, LineError, LineState, PoDocument, PoDraft,
    PoLine, PoPackageDraft, PoStage,
};
use shopdesk_core::ports::inbound::{InboundSink, PoPage};
use shopdesk_core::ports::order_sink::{Lookup, LookupScope, ScanRow, LOOKUP_PAGE_SIZE};
use vendor_http::Result;

use crate::{
    Document, NewPurchaseOrder, OnflowClient, PoItem, PoPackage, PoQuery, PoStatus, ProductStatus,
    PurchaseOrder,
};

/// Onflow's one documented value-added service.
pub const CO_INSPECTION: &str = "CO_INSPECTION";
/// Onflow's one documented document type.
pub const INVOICE: &str = "INVOICE";
/// The refusals of Create PO that name products (their text lists the OASINs).
pub const LINE_CODES: [&str; 3] = [
    "PRODUCTS_INACTIVE",
    "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE",
    "PRODUCTS_BY_OASIN_NOT_FOUND",
];

/// The request of Create PO for a draft.
pub fn to_onflow(d: &PoDraft, reference: &str) -> NewPurchaseOrder {
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    NewPurchaseOrder {
        warehouse_code: d.warehouse_code.trim().to_string(),
        vas: if d.co_inspection {
            vec![CO_INSPECTION.to_string()]
        } else {
            vec![]
        },
        merchant_po_reference: reference.to_string(),
        packages: d
            .packages
            .iter()
            .map(|p| PoPackage {
                package_code: p.code.trim().to_string(),
                weight: p.weight,
                length: p.length,
                width: p.width,
                height: p.height,
                items: p
                    .items
                    .iter()
                    .map(|l| PoItem {
                        oasin: l.oasin.trim().to_string(),
                        product_quantity: l.quantity,
                    })
                    .collect(),
                package_note: text(&p.note),
            })
            .collect(),
        estimated_arrival_time: d.arrival().unwrap_or_else(chrono::Utc::now),
        po_documents: d
            .documents
            .iter()
            .map(|doc| Document {
                document_type: INVOICE.to_string(),
                document_url: doc.url.clone(),
                print_quantity: i64::from(doc.print_quantity),
            })
            .collect(),
        note: text(&d.note),
    }
}

/// Where a status sits in the flow.
pub fn stage(status: &PoStatus) -> PoStage {
    match status {
        PoStatus::Transit => PoStage::Transit,
        PoStatus::Receiving => PoStage::Receiving,
        PoStatus::Completed => PoStage::Completed,
        PoStatus::Cancelled => PoStage::Cancelled,
        PoStatus::Other(_) => PoStage::Other,
    }
}

/// A PO in neutral types.
pub fn fetched(po: &PurchaseOrder) -> FetchedPo {
    FetchedPo {
        po_code: po.po_code.clone(),
        reference: po.merchant_po_reference.clone(),
        warehouse_code: po.warehouse_code.clone(),
        status: po.status.as_str().to_string(),
        stage: stage(&po.status),
        // documented: cancel only while TRANSIT
        cancellable: po.status == PoStatus::Transit,
        co_inspection: po.vas.iter().any(|v| v.eq_ignore_ascii_case(CO_INSPECTION)),
        packages: po
            .packages
            .iter()
            .map(|p| PoPackageDraft {
                code: p.package_code.clone(),
                weight: p.weight,
                length: p.length,
                width: p.width,
                height: p.height,
                note: p.package_note.clone(),
                items: p
                    .items
                    .iter()
                    .map(|i| PoLine {
                        oasin: i.oasin.clone(),
                        sku: None,
                        name: String::new(),
                        quantity: i.product_quantity,
                    })
                    .collect(),
            })
            .collect(),
        documents: po
            .po_documents
            .iter()
            .map(|d| PoDocument {
                name: d
                    .document_url
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                url: d.document_url.clone(),
                print_quantity: u32::try_from(d.print_quantity.max(0)).unwrap_or(1),
            })
            .collect(),
        note: po.note.clone(),
        estimated_arrival: po.estimated_arrival_time,
        created_at: po.created_time,
        updated_at: po.updated_time,
    }
}

impl InboundSink for OnflowClient {
    fn create_po<'a>(
        &'a self,
        draft: &'a PoDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let created = OnflowClient::create_po(self, &to_onflow(draft, reference)).await?;
            Ok(created.po_code)
        })
    }

    /// The list's reference filter first (a placeholder name: it may be ignored, so each row's own
    /// field is matched), then the PO list page by page within the scope.
    fn find_po_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let reference = reference.trim();
            if reference.is_empty() {
                return Ok(Lookup::NotFound);
            }
            let filtered = OnflowClient::list_pos(
                self,
                &PoQuery {
                    merchant_po_reference: Some(reference.to_string()),
                    ..Default::default()
                },
                1,
                LOOKUP_PAGE_SIZE,
            )
            .await?;
            if let Some(po) = filtered
                .items
                .iter()
                .find(|p| p.merchant_po_reference.trim() == reference)
            {
                return Ok(Lookup::Found(po.po_code.clone()));
            }
            let all = PoQuery::default();
            super::find_in_pages(
                reference,
                scope,
                |n| OnflowClient::list_pos(self, &all, n, LOOKUP_PAGE_SIZE),
                |po| ScanRow {
                    reference: &po.merchant_po_reference,
                    id: po.po_code.clone(),
                    created: po.created_time,
                },
            )
            .await
        })
    }

    fn list_pos(&self, page: u32) -> BoxFuture<'_, Result<PoPage>> {
        Box::pin(async move {
            let p =
                OnflowClient::list_pos(self, &PoQuery::default(), page, LOOKUP_PAGE_SIZE).await?;
            Ok(PoPage {
                has_more: p.has_more(),
                items: p.items.iter().map(fetched).collect(),
            })
        })
    }

    fn po<'a>(&'a self, po_code: &'a str) -> BoxFuture<'a, Result<FetchedPo>> {
        Box::pin(async move { Ok(fetched(&OnflowClient::po(self, po_code).await?)) })
    }

    fn inspection<'a>(
        &'a self,
        po: &'a FetchedPo,
    ) -> BoxFuture<'a, Result<Option<Vec<InspectionRow>>>> {
        Box::pin(async move {
            // documented: only once the PO is COMPLETED
            if po.stage != PoStage::Completed {
                return Ok(None);
            }
            let lines = self.po_inspection(&po.po_code).await?;
            Ok(Some(
                lines
                    .into_iter()
                    .map(|l| InspectionRow {
                        package_code: l.package_code,
                        oasin: l.oasin,
                        sku: l.sku,
                        declared: l.product_quantity,
                        received: l.inbound_quantity,
                        putaway: l.putaway_quantity,
                        stock_level: l.stock_level,
                    })
                    .collect(),
            ))
        })
    }

    fn bill_url<'a>(&'a self, po_code: &'a str) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move { Ok(self.po_bill(po_code).await?.po_bill_url) })
    }

    fn cancel_po<'a>(&'a self, po_code: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let r = OnflowClient::cancel_po(self, po_code).await?;
            if r.success {
                Ok(())
            } else {
                Err(vendor_http::Error::VendorRejected {
                    http_status: None,
                    vendor_code: "CANCEL_NOT_DONE".into(),
                    message: format!("Onflow did not cancel {po_code}"),
                })
            }
        })
    }

    /// Product detail per OASIN: its status, and the warehouses it is mapped to (the detail's
    /// `warehouse_codes`, *inferred*; when it lists none, the product's stock rows).
    fn check_lines<'a>(
        &'a self,
        warehouse: &'a str,
        oasins: &'a [String],
    ) -> BoxFuture<'a, Vec<LineCheck>> {
        Box::pin(async move {
            let mut out = Vec::with_capacity(oasins.len());
            for oasin in oasins {
                let (state, vendor_status) = match self.product(oasin).await {
                    Ok(p) => {
                        let status = Some(p.status.as_str().to_string());
                        if p.status != ProductStatus::Active {
                            (LineState::Inactive, status)
                        } else if p.warehouse_codes.iter().any(|w| w == warehouse) {
                            (LineState::Ready, status)
                        } else if !p.warehouse_codes.is_empty() {
                            (LineState::NotMapped, status)
                        } else {
                            match self.product_stock(oasin).await {
                                Ok(rows) if rows.iter().any(|r| r.warehouse_code == warehouse) => {
                                    (LineState::Ready, status)
                                }
                                Ok(_) => (LineState::NotMapped, status),
                                Err(_) => (LineState::Unknown, status),
                            }
                        }
                    }
                    Err(vendor_http::Error::NotFound { .. }) => (LineState::NotFound, None),
                    Err(_) => (LineState::Unknown, None),
                };
                out.push(LineCheck {
                    oasin: oasin.clone(),
                    state,
                    vendor_status,
                });
            }
            out
        })
    }

    fn line_errors(&self, draft: &PoDraft, err: &vendor_http::Error) -> Vec<LineError> {
        let Some(code) = err.vendor_code().filter(|c| LINE_CODES.contains(c)) else {
            return Vec::new();
        };
        let text = match err {
            vendor_http::Error::NotFound { message, .. }
            | vendor_http::Error::Validation { message, .. } => message.clone().unwrap_or_default(),
            other => other.to_string(),
        };
        lines_named(draft, &text, code)
    }

    /// Onflow answers `ALREADY_EXISTS` for a repeated reference *(placeholder)*.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        err.vendor_code() == Some(crate::assumptions::DUPLICATE_REFERENCE_CODE)
    }
}
