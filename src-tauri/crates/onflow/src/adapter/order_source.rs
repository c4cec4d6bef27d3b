//! Onflow: the `shopdesk_core::ports::order_source` port on the Onflow client: B2C shipments as orders, re-read, cancel.

use std::collections::HashSet;

use futures::future::BoxFuture;
use shopdesk_core::order::{FetchedOrder, OrderDetail, OrderLine, StatusEvent};
use shopdesk_core::ports::order_source::{
    micros, micros_or_epoch, non_empty, oldest_first, OrderSource, Progress, RowFields,
};
use shopdesk_core::{Money, Vendor};
use vendor_http::{Error, Result};

use super::order_status::{cancellable, normalize, status_text};
use crate::OnflowClient;

/// Shipments per page when walking Onflow's list.
const ONFLOW_PAGE: u32 = 100;

/// An Onflow B2C shipment. Onflow has no status log: the history is built from the shipment's
/// milestones (created, picked, packed, handed over, cancelled).
pub fn from_onflow_shipment(s: &crate::Shipment) -> FetchedOrder {
    use crate::assumptions::shipment_status as st;
    let code = s.status_info.as_ref().map(|i| i.value).unwrap_or(st::NEW);
    let vendor_status = s
        .status_info
        .as_ref()
        .and_then(|i| non_empty(Some(&i.label)))
        .unwrap_or_else(|| status_text(code));
    let items: Vec<OrderLine> = s
        .items
        .iter()
        .map(|it| OrderLine {
            sku: non_empty(it.sku.as_deref()).unwrap_or_else(|| it.oasin.clone()),
            name: it.oasin.clone(),
            quantity: it.quantity,
            // Onflow shipments carry no prices
            unit_price: Money::ZERO,
            discount: Money::ZERO,
        })
        .collect();
    let created = micros_or_epoch(s.created_time.or(s.updated_time));
    let cancelled_code = if crate::ShipmentStatus::from_code(code).is_cancelled() {
        code
    } else {
        st::CANCELLED_BEFORE_PACK
    };
    let milestones = [
        (s.created_time, st::NEW),
        (s.picked_time, st::PICKED),
        (s.packed_time, st::PACKED),
        (s.handover_time, st::HANDED_OVER),
        (s.cancelled_time, cancelled_code),
    ];
    let history: Vec<StatusEvent> = milestones
        .iter()
        .filter_map(|(t, c)| {
            Some(StatusEvent {
                at: micros((*t)?),
                vendor_status: status_text(*c),
                status: normalize(*c),
                note: None,
            })
        })
        .collect();
    let updated = s
        .updated_time
        .or(s.status_info.as_ref().and_then(|i| i.updated_time))
        .map(micros)
        .unwrap_or(created);
    OrderDetail {
        row: RowFields {
            vendor_order_id: s.tracking_code.clone(),
            client_ref: non_empty(Some(&s.merchant_tracking_code_reference)),
            customer_name: String::new(),
            phone: String::new(),
            address: String::new(),
            total: Money::ZERO,
            cod: Money::ZERO,
            status_code: code,
            vendor_status,
            created_at: created,
            updated_at: updated,
            item_count: items.iter().map(|l| l.quantity).sum(),
        }
        .into_row(Vendor::Onflow, normalize, cancellable),
        items,
        history: oldest_first(history),
        carrier: s.platform.as_ref().map(|p| p.as_str().to_string()),
        tracking_code: non_empty(s.courier_tracking_code.as_deref()),
    }
}

impl OrderSource for OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>> {
        Box::pin(async move {
            let q = crate::ShipmentQuery::default();
            let mut out: Vec<FetchedOrder> = Vec::new();
            let mut seen: HashSet<String> = HashSet::new();
            let mut page_no = 1u32;
            loop {
                if page_no > self.max_pages() {
                    let e = vendor_http::Error::too_many_pages("shipments", self.max_pages());
                    return Err(e);
                }
                let page = self.list_shipments(&q, page_no, ONFLOW_PAGE).await?;
                let more = page.has_more();
                let total = page.total.unwrap_or(0);
                let cap = page
                    .total
                    .map(|t| t / u64::from(page.limit.max(1)) + 1)
                    .unwrap_or(u64::MAX);
                for s in &page.items {
                    if seen.insert(s.tracking_code.clone()) {
                        out.push(from_onflow_shipment(s));
                    }
                }
                progress(out.len() as u64, total.max(out.len() as u64));
                if !more || u64::from(page_no) >= cap {
                    return Ok(out);
                }
                page_no = page_no.saturating_add(1);
            }
        })
    }

    fn fetch_one<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        Box::pin(async move { Ok(from_onflow_shipment(&self.shipment(vendor_order_id).await?)) })
    }

    fn cancel<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        Box::pin(async move {
            let r = self.cancel_shipment(vendor_order_id).await?;
            if !r.success {
                return Err(Error::VendorRejected {
                    vendor_code: "CANCEL_NOT_CONFIRMED".into(),
                    message: "Onflow did not confirm the cancel".into(),
                    http_status: None,
                });
            }
            Ok(from_onflow_shipment(&self.shipment(vendor_order_id).await?))
        })
    }
}
