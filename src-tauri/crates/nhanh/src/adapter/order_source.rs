//! Nhanh: the `shopdesk_core::ports::order_source` port on the Nhanh client: the orders of the last [`NHANH_FETCH_DAYS`] days, re-read, cancel.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, Utc};
use futures::future::BoxFuture;
use shopdesk_core::order::{FetchedOrder, OrderDetail, OrderLine, StatusEvent};
use shopdesk_core::ports::order_source::{
    micros, micros_or_epoch, non_empty, oldest_first, OrderSource, Progress, RowFields,
};
use shopdesk_core::{Money, Vendor};
use vendor_http::{Error, Result};

use super::order_status::{cancellable, normalize, status_text};
use crate::Client;

/// How far back a Nhanh sync reaches (order/list only answers 31-day windows, so "every order" has to
/// stop somewhere). Older orders already in the cache are kept.
pub const NHANH_FETCH_DAYS: i64 = 180;

/// A Nhanh order with its `order/history` entries.
pub fn from_nhanh_order(
    o: &crate::orders::Order,
    log: &[crate::extras::OrderHistoryEntry],
) -> FetchedOrder {
    let code = o.info.status;
    let items: Vec<OrderLine> = o
        .products
        .iter()
        .map(|l| OrderLine {
            sku: l.code.clone(),
            name: l.name.clone(),
            quantity: l.quantity,
            unit_price: Money::vnd(l.price),
            discount: Money::vnd(l.discount),
        })
        .collect();
    let goods: Money = items
        .iter()
        .map(|l| (l.unit_price - l.discount) * l.quantity)
        .sum();
    let carrier = o.carrier.as_ref();
    let created = micros_or_epoch(o.info.created_at.or(o.info.updated_at));
    let history: Vec<StatusEvent> = log
        .iter()
        .filter(|e| e.order_id == o.info.id)
        .filter_map(|e| {
            let s = e.status.as_ref()?;
            Some(StatusEvent {
                at: e.created_at.map(micros).unwrap_or(created),
                vendor_status: status_text(s.new),
                status: normalize(s.new),
                note: non_empty(Some(&e.created_by)),
            })
        })
        .collect();
    OrderDetail {
        row: RowFields {
            vendor_order_id: o.info.id.to_string(),
            client_ref: non_empty(Some(o.reference())),
            customer_name: o.shipping_address.name.trim().to_string(),
            phone: o.shipping_address.mobile.trim().to_string(),
            address: o.shipping_address.address.trim().to_string(),
            total: goods + Money::vnd(carrier.map(|c| c.customer_ship_fee).unwrap_or(0)),
            cod: Money::vnd(o.payment.as_ref().map(|p| p.cod_amount).unwrap_or(0)),
            status_code: code,
            vendor_status: status_text(code),
            created_at: created,
            updated_at: micros_or_epoch(o.info.updated_at.or(o.info.created_at)),
            item_count: items.iter().map(|l| l.quantity).sum(),
        }
        .into_row(Vendor::Nhanh, normalize, cancellable),
        items,
        history: oldest_first(history),
        carrier: carrier.and_then(|c| non_empty(Some(&c.name))),
        tracking_code: carrier.and_then(|c| non_empty(Some(&c.carrier_code))),
    }
}

fn nhanh_id(vendor_order_id: &str) -> Result<i64> {
    vendor_order_id.trim().parse().map_err(|_| Error::NotFound {
        vendor_code: None,
        message: Some(format!("{vendor_order_id:?} is not a Nhanh order id")),
    })
}

async fn nhanh_order(client: &Client, id: i64) -> Result<crate::orders::Order> {
    let filter = crate::orders::OrderFilter {
        ids: vec![id],
        ..Default::default()
    };
    let page = client
        .orders_page(&filter, crate::PageRequest::new(10))
        .await?;
    page.items
        .into_iter()
        .find(|o| o.info.id == id)
        .ok_or_else(|| Error::NotFound {
            vendor_code: None,
            message: Some(format!("Nhanh order {id} not found")),
        })
}

async fn nhanh_fetched(client: &Client, id: i64) -> Result<FetchedOrder> {
    let o = nhanh_order(client, id).await?;
    let log = client.order_history(&[id]).await?;
    Ok(from_nhanh_order(&o, &log))
}

impl OrderSource for Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn fetch_window(&self) -> Option<Duration> {
        Some(Duration::days(NHANH_FETCH_DAYS))
    }

    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>> {
        Box::pin(async move {
            let now = Utc::now();
            let filter = crate::orders::OrderFilter {
                created_at_from: Some((now - Duration::days(NHANH_FETCH_DAYS)).timestamp()),
                created_at_to: Some((now + Duration::minutes(5)).timestamp()),
                ..Default::default()
            };
            let mut orders: Vec<crate::orders::Order> = Vec::new();
            let mut seen: HashSet<i64> = HashSet::new();
            for f in crate::orders::order_windows(&filter) {
                let mut req = crate::PageRequest::new(100);
                let mut pages = 0u32;
                loop {
                    pages += 1;
                    if pages > self.max_pages() {
                        let e = vendor_http::Error::too_many_pages("order/list", self.max_pages());
                        return Err(e);
                    }
                    let page = self.orders_page(&f, req.clone()).await?;
                    for o in page.items {
                        if seen.insert(o.info.id) {
                            orders.push(o);
                        }
                    }
                    progress(orders.len() as u64, 0);
                    match page.next {
                        Some(n) if req.next.as_ref() != Some(&n) => req.next = Some(n),
                        _ => break,
                    }
                }
            }
            let ids: Vec<i64> = orders.iter().map(|o| o.info.id).collect();
            let mut log: HashMap<i64, Vec<crate::extras::OrderHistoryEntry>> = HashMap::new();
            for chunk in ids.chunks(100) {
                for e in self.order_history(chunk).await? {
                    log.entry(e.order_id).or_default().push(e);
                }
            }
            let total = orders.len() as u64;
            progress(total, total);
            Ok(orders
                .iter()
                .map(|o| from_nhanh_order(o, log.get(&o.info.id).map(Vec::as_slice).unwrap_or(&[])))
                .collect())
        })
    }

    fn fetch_one<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        Box::pin(async move { nhanh_fetched(self, nhanh_id(vendor_order_id)?).await })
    }

    /// The order's own `trackingUrl` (nhanh.md §10.3), read from `order/list` now.
    fn tracking_link<'a>(
        &'a self,
        vendor_order_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            let o = nhanh_order(self, nhanh_id(vendor_order_id)?).await?;
            Ok(non_empty(o.info.tracking_url.as_deref()))
        })
    }

    /// Open orders: `order/edit` status 64 (cancelled by the shop). Orders already with a carrier
    /// (nhanh.md: they cannot be edited): `order/cancelcarrier` first, then status 64 if the order is
    /// open again. Anything else is sent to `order/edit` too, so the vendor's refusal reaches the user.
    fn cancel<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        use crate::orders::status;
        Box::pin(async move {
            let id = nhanh_id(vendor_order_id)?;
            let current = nhanh_order(self, id).await?;
            let st = current.info.status;
            let with_carrier = current
                .carrier
                .as_ref()
                .is_some_and(|c| !c.carrier_code.trim().is_empty());
            if with_carrier && (st == status::SHIPPING || status::OPEN.contains(&st)) {
                self.cancel_carrier(id).await?;
                let after = nhanh_order(self, id).await?;
                if status::OPEN.contains(&after.info.status) {
                    self.cancel_order(id, false).await?;
                }
            } else {
                self.cancel_order(id, false).await?;
            }
            nhanh_fetched(self, id).await
        })
    }
}
