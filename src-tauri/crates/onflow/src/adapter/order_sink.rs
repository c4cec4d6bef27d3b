//! Onflow: the `shopdesk_core::ports::order_sink` port on [`OnflowClient`]. Orders are B2C shipments; our
//! reference is the shipment's `merchant_tracking_code_reference`, the vendor's id its `tracking_code`.
//! Onflow offers no order-form lists (the trait's default, empty [`OrderSink::order_options`]).

use futures::future::BoxFuture;
use shopdesk_core::order::OrderDraft;
use shopdesk_core::ports::order_sink::{Lookup, LookupScope, OrderSink, ScanRow, LOOKUP_PAGE_SIZE};
use shopdesk_core::Vendor;
use vendor_http::Result;

use super::order_mapping::to_onflow;
use crate::{OnflowClient, ShipmentQuery};

impl OrderSink for OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let s = self.create_shipment(&to_onflow(draft, reference)).await?;
            Ok(s.tracking_code)
        })
    }

    /// The list's reference filter first (undocumented: it may be ignored), then the shipment list page
    /// by page (no documented filter or order: the walk ends early only while the rows come newest
    /// first and are older than the scope), matched on `merchant_tracking_code_reference`.
    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, Result<Lookup>> {
        Box::pin(async move {
            let reference = reference.trim();
            if reference.is_empty() {
                return Ok(Lookup::NotFound);
            }
            let filtered = self
                .list_shipments(
                    &ShipmentQuery {
                        merchant_tracking_code_reference: Some(reference.to_string()),
                        ..Default::default()
                    },
                    1,
                    LOOKUP_PAGE_SIZE,
                )
                .await?;
            if let Some(s) = filtered
                .items
                .iter()
                .find(|s| s.merchant_tracking_code_reference.trim() == reference)
            {
                return Ok(Lookup::Found(s.tracking_code.clone()));
            }
            let all = ShipmentQuery::default();
            super::find_in_pages(
                reference,
                scope,
                |n| self.list_shipments(&all, n, LOOKUP_PAGE_SIZE),
                |s| ScanRow {
                    reference: &s.merchant_tracking_code_reference,
                    id: s.tracking_code.clone(),
                    created: s.created_time,
                },
            )
            .await
        })
    }

    /// Onflow answers `ALREADY_EXISTS` for a repeated reference *(placeholder)*.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        err.vendor_code() == Some(crate::assumptions::DUPLICATE_REFERENCE_CODE)
    }
}
