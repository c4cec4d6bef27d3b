//! Pancake: the `shopdesk_core::ports::order_source` port on the Pancake client: every order of the shop, re-read, cancel (status 6).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use shopdesk_core::order::{FetchedOrder, OrderDetail, OrderLine, StatusEvent};
use shopdesk_core::ports::order_source::{
    join_address, micros, micros_or_epoch, non_empty, oldest_first, OrderSource, Progress,
    RowFields,
};
use shopdesk_core::{Money, Vendor};
use vendor_http::Result;

use super::order_status::{cancellable, label, normalize, status_text};
use crate::PancakeClient;

/// Orders per page when walking Pancake's list.
const PANCAKE_PAGE: u32 = 100;

/// A Pancake order as the list shows it.
pub fn from_pancake_order(o: &crate::Order) -> FetchedOrder {
    let code = o.status.code();
    let vendor_status = label(code)
        .map(str::to_string)
        .or_else(|| non_empty(o.status_name.as_deref()))
        .unwrap_or_else(|| code.to_string());
    let a = &o.shipping_address;
    let address = non_empty(a.full_address.as_deref()).unwrap_or_else(|| {
        join_address(&[
            a.address.as_deref(),
            a.commune_name.as_deref(),
            a.district_name.as_deref(),
            a.province_name.as_deref(),
        ])
    });
    let items: Vec<OrderLine> = o
        .items
        .iter()
        .map(|it| {
            let v = &it.variation_info;
            OrderLine {
                sku: non_empty(v.display_id.as_deref())
                    .or_else(|| v.id.as_ref().map(|i| i.to_string()))
                    .or_else(|| it.variation_id.clone())
                    .unwrap_or_default(),
                name: v.name.clone().unwrap_or_default(),
                quantity: it.quantity,
                unit_price: Money::vnd(v.retail_price.unwrap_or(0)),
                discount: Money::vnd(it.discount_each_product),
            }
        })
        .collect();
    let goods = o.total_price_after_sub_discount.unwrap_or_else(|| {
        o.total_price.unwrap_or_else(|| {
            items
                .iter()
                .map(|l| (l.unit_price - l.discount).max(Money::ZERO) * l.quantity)
                .sum::<Money>()
                .dong()
        }) - o.total_discount.unwrap_or(0)
    });
    let fee = if o.is_free_shipping == Some(true) {
        0
    } else {
        o.shipping_fee.unwrap_or(0)
    };
    let item_count = o
        .total_quantity
        .unwrap_or_else(|| items.iter().map(|l| l.quantity).sum());
    let created = micros_or_epoch(o.inserted_at.or(o.updated_at));
    let history: Vec<StatusEvent> = o
        .status_history
        .iter()
        .filter_map(|h| {
            let code = h.status?;
            Some(StatusEvent {
                at: h.updated_at.map(micros).unwrap_or(created),
                vendor_status: status_text(code),
                status: normalize(code),
                note: non_empty(h.name.as_deref()),
            })
        })
        .collect();
    let partner = o.partner.as_ref();
    OrderDetail {
        row: RowFields {
            vendor_order_id: o.id.to_string(),
            client_ref: non_empty(o.custom_id.as_deref()),
            customer_name: non_empty(o.bill_full_name.as_deref())
                .or_else(|| non_empty(a.full_name.as_deref()))
                .unwrap_or_default(),
            phone: non_empty(o.bill_phone_number.as_deref())
                .or_else(|| non_empty(a.phone_number.as_deref()))
                .unwrap_or_default(),
            address,
            total: Money::vnd(goods.max(0)).saturating_add(Money::vnd(fee)),
            cod: Money::vnd(o.cod.or(o.money_to_collect).unwrap_or(0)),
            status_code: code,
            vendor_status,
            created_at: created,
            updated_at: micros_or_epoch(o.updated_at.or(o.inserted_at)),
            item_count,
        }
        .into_row(Vendor::Pancake, normalize, cancellable),
        items,
        history: oldest_first(history),
        carrier: partner.and_then(|p| non_empty(p.partner_name.as_deref())),
        tracking_code: partner.and_then(|p| non_empty(p.extend_code.as_deref())),
    }
}

async fn pancake_walk(
    client: &PancakeClient,
    mut q: crate::OrderQuery,
    out: &mut Vec<crate::Order>,
    seen: &mut HashSet<String>,
    progress: Progress<'_>,
) -> Result<()> {
    q.page_size = Some(PANCAKE_PAGE);
    let mut page = 1u32;
    let mut prev_first: Option<String> = None;
    loop {
        if page > client.max_pages() {
            return Err(vendor_http::Error::too_many_pages(
                "orders",
                client.max_pages(),
            ));
        }
        q.page_number = Some(page);
        let p = client.list_orders(&q).await?;
        let first = p.data.first().map(|o| o.id.to_string());
        if page > 1 && first.is_some() && first == prev_first {
            // the server ignored the page number
            return Ok(());
        }
        let more = p.has_more(PANCAKE_PAGE);
        let total = p.total_entries.unwrap_or(0).max(0) as u64;
        for o in p.data {
            if seen.insert(o.id.to_string()) {
                out.push(o);
            }
        }
        progress(out.len() as u64, total.max(out.len() as u64));
        if !more {
            return Ok(());
        }
        prev_first = first;
        page += 1;
    }
}

impl OrderSource for PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>> {
        Box::pin(async move {
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            let all = crate::OrderQuery {
                include_removed: Some(true),
                option_sort: Some("inserted_at_desc".into()),
                ..Default::default()
            };
            pancake_walk(self, all, &mut out, &mut seen, progress).await?;
            // pancake.md §2.1: cancelled (6) and deleted (7) orders may need an explicit status query
            let closed = crate::OrderQuery {
                filter_status: vec![6, 7],
                include_removed: Some(true),
                ..Default::default()
            };
            pancake_walk(self, closed, &mut out, &mut seen, progress).await?;
            Ok(out.iter().map(from_pancake_order).collect())
        })
    }

    fn fetch_changed_since<'a>(
        &'a self,
        since: DateTime<Utc>,
        progress: Progress<'a>,
    ) -> BoxFuture<'a, Result<Option<Vec<FetchedOrder>>>> {
        Box::pin(async move {
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            // `updateStatus=updated_at` + `startDateTime`: orders whose last change is in the range
            let q = crate::OrderQuery {
                include_removed: Some(true),
                update_status: Some("updated_at".into()),
                start_date_time: Some(since),
                end_date_time: Some(Utc::now() + Duration::minutes(5)),
                option_sort: Some("last_updated_order_desc".into()),
                ..Default::default()
            };
            pancake_walk(self, q, &mut out, &mut seen, progress).await?;
            Ok(Some(out.iter().map(from_pancake_order).collect()))
        })
    }

    fn fetch_one<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        Box::pin(async move { Ok(from_pancake_order(&self.get_order(vendor_order_id).await?)) })
    }

    fn cancel<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        Box::pin(async move {
            self.cancel_order(vendor_order_id).await?;
            Ok(from_pancake_order(&self.get_order(vendor_order_id).await?))
        })
    }

    /// `orders/get_tracking_url` takes the order's `system_id` (pancake.md §3.3.9), read from the order.
    fn tracking_link<'a>(
        &'a self,
        vendor_order_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            let Some(system_id) = self.get_order(vendor_order_id).await?.system_id else {
                return Ok(None);
            };
            Ok(self
                .tracking_url(system_id)
                .await?
                .and_then(|u| non_empty(Some(u.as_str()))))
        })
    }

    /// `products/get_logistics_shipping_document?document_type=SHIPPING_LABEL` for the one order
    /// (pancake.md §3.3.8): the first link answered.
    fn shipping_label<'a>(
        &'a self,
        vendor_order_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            let urls = self
                .shipping_documents(&[vendor_order_id], Some(crate::DocumentType::ShippingLabel))
                .await?;
            Ok(urls.into_iter().find_map(|u| non_empty(Some(u.as_str()))))
        })
    }
}
