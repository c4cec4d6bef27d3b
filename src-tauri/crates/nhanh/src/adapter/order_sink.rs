//! Nhanh: the `shopdesk_core::ports::order_sink` port on [`Client`]. Our reference is the order's
//! `channel.appOrderId` (Nhanh dedupes on appId + appOrderId).

use chrono::{Duration, Utc};
use futures::future::BoxFuture;
use shopdesk_core::order::{CarrierChoice, Choice, OrderDraft, OrderOptions};
use shopdesk_core::ports::order_sink::{
    refusal_mentions, Lookup, LookupScope, OrderSink, ReferenceScan, ScanRow, ScanStep,
    LOOKUP_PAGE_SIZE,
};
use shopdesk_core::Vendor;
use vendor_http::Result;

use super::order_mapping::to_nhanh;
use crate::{Client, PageRequest};

impl OrderSink for Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let o = self.add_order(&to_nhanh(draft, reference)).await?;
            Ok(o.id.to_string())
        })
    }

    /// `order/list` has no reference filter: the created-at windows (≤ 31 days each, documented) since
    /// the scope are read newest first and matched on `channel.appOrderId`.
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
            // a little ahead of our clock, in case the vendor's runs ahead
            let until = Utc::now() + Duration::minutes(10);
            let mut windows = crate::dates::split_timestamps(scope.since, until);
            windows.reverse();
            let mut scan = ReferenceScan::new(reference, scope);
            for (from, to) in windows {
                let filter = crate::orders::OrderFilter {
                    created_at_from: Some(from),
                    created_at_to: Some(to),
                    ..Default::default()
                };
                let mut req = PageRequest::new(LOOKUP_PAGE_SIZE).sort("id", "desc");
                loop {
                    let page = self.orders_page(&filter, req.clone()).await?;
                    let more = page.next.is_some() && page.next != req.next;
                    let rows: Vec<ScanRow<'_>> = page
                        .items
                        .iter()
                        .map(|o| ScanRow {
                            reference: o.reference(),
                            id: o.info.id.to_string(),
                            created: o.info.created_at,
                        })
                        .collect();
                    match scan.page(&rows, more) {
                        ScanStep::Found(id) => return Ok(Lookup::Found(id)),
                        ScanStep::End => break,
                        ScanStep::GiveUp(why) => return Ok(Lookup::Inconclusive(why)),
                        ScanStep::More => req.next = page.next.clone(),
                    }
                }
            }
            Ok(Lookup::NotFound)
        })
    }

    /// Nhanh dedupes on appId + appOrderId; what a duplicate answers is undocumented (a form error on
    /// `channel.appOrderId` in the simulator).
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        refusal_mentions(err, "appOrderId")
            || err.vendor_code().is_some_and(|c| c.contains("EXIST"))
    }

    /// The business's carriers and their services (`shipping/carrier`).
    fn order_options(&self) -> BoxFuture<'_, Result<OrderOptions>> {
        Box::pin(async move {
            Ok(OrderOptions {
                carriers: self
                    .carriers()
                    .await?
                    .into_iter()
                    .map(|k| CarrierChoice {
                        id: k.id,
                        name: k.name,
                        services: k
                            .services
                            .into_iter()
                            .map(|s| Choice {
                                id: s.id,
                                name: s.name,
                            })
                            .collect(),
                    })
                    .collect(),
                ..Default::default()
            })
        })
    }
}
