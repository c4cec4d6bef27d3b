//! The vendor side of the orders list: fetch every order, re-read one, cancel one. Implemented for the
//! three vendor clients (`pancake::PancakeClient`, `nhanh::Client`, `onflow::OnflowClient`) in the style of
//! `orders::VendorPort`. Errors are the clients' own `vendor_http::Error` (vendor code kept).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, SubsecRound, Utc};
use futures::future::BoxFuture;
use shopdesk_core::Vendor;
use vendor_http::{Error, Result};

use crate::model::{FetchedOrder, OrderDetail, OrderLine, OrderRow, StatusEvent};
use crate::status::{cancellable, normalize, vendor_status_text};

/// Progress of a fetch: `(orders so far, total)`; `total` is 0 while the vendor has not said.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// One vendor account's orders. Implemented for the three vendor clients.
pub trait OrderSource: Send + Sync {
    fn vendor(&self) -> Vendor;

    /// How far back [`OrderSource::fetch_all`] reaches by creation time; `None` = every order. Orders
    /// older than the window stay in the cache after a sync.
    fn fetch_window(&self) -> Option<Duration> {
        None
    }

    /// The orders changed (created, updated, cancelled …) since `since`, when the vendor can list them
    /// that way; `None` when it cannot (the sync then fetches everything).
    fn fetch_changed_since<'a>(
        &'a self,
        _since: DateTime<Utc>,
        _progress: Progress<'a>,
    ) -> BoxFuture<'a, Result<Option<Vec<FetchedOrder>>>> {
        Box::pin(async { Ok(None) })
    }

    /// Every order of the account (within [`OrderSource::fetch_window`]), with items and history.
    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>>;

    /// One order as the vendor has it now.
    fn fetch_one<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>>;

    /// Cancel the order at the vendor and answer it as the vendor reports it afterwards (re-read). A
    /// refusal is the vendor's error, never swallowed.
    fn cancel<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>>;
}

/// Times are kept to the microsecond (what the cache stores), so a re-read equals the cached order.
fn us(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

fn time_or_epoch(t: Option<DateTime<Utc>>) -> DateTime<Utc> {
    us(t.unwrap_or_default())
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn join_address(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .filter_map(|p| non_empty(*p))
        .collect::<Vec<_>>()
        .join(", ")
}

#[allow(clippy::too_many_arguments)]
fn row(
    vendor: Vendor,
    vendor_order_id: String,
    client_ref: Option<String>,
    customer_name: String,
    phone: String,
    address: String,
    total: i64,
    cod: i64,
    code: i64,
    vendor_status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    item_count: i64,
) -> OrderRow {
    OrderRow {
        account_id: String::new(),
        vendor,
        vendor_order_id,
        client_ref,
        customer_name,
        phone,
        address,
        total,
        cod,
        status: normalize(vendor, code),
        vendor_status,
        vendor_status_code: code,
        created_at,
        updated_at: updated_at.max(created_at),
        item_count,
        cancellable: cancellable(vendor, code),
    }
}

// ------------------------------------------------------------------------------------------- Pancake

/// Orders per page when walking Pancake's list.
const PANCAKE_PAGE: u32 = 100;

/// A Pancake order as the list shows it.
pub fn from_pancake_order(o: &pancake::Order) -> FetchedOrder {
    let code = o.status.code();
    let vendor_status = crate::status::vendor_label(Vendor::Pancake, code)
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
                unit_price: v.retail_price.unwrap_or(0),
                discount: it.discount_each_product,
            }
        })
        .collect();
    let goods = o.total_price_after_sub_discount.unwrap_or_else(|| {
        o.total_price.unwrap_or_else(|| {
            items
                .iter()
                .map(|l| (l.unit_price - l.discount).max(0) * l.quantity)
                .sum()
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
    let created = time_or_epoch(o.inserted_at.or(o.updated_at));
    let history: Vec<StatusEvent> = o
        .status_history
        .iter()
        .filter_map(|h| {
            let code = h.status?;
            Some(StatusEvent {
                at: h.updated_at.map(us).unwrap_or(created),
                vendor_status: vendor_status_text(Vendor::Pancake, code),
                status: normalize(Vendor::Pancake, code),
                note: non_empty(h.name.as_deref()),
            })
        })
        .collect();
    let partner = o.partner.as_ref();
    OrderDetail {
        row: row(
            Vendor::Pancake,
            o.id.to_string(),
            non_empty(o.custom_id.as_deref()),
            non_empty(o.bill_full_name.as_deref())
                .or_else(|| non_empty(a.full_name.as_deref()))
                .unwrap_or_default(),
            non_empty(o.bill_phone_number.as_deref())
                .or_else(|| non_empty(a.phone_number.as_deref()))
                .unwrap_or_default(),
            address,
            goods.max(0) + fee,
            o.cod.or(o.money_to_collect).unwrap_or(0),
            code,
            vendor_status,
            created,
            time_or_epoch(o.updated_at.or(o.inserted_at)),
            item_count,
        ),
        items,
        history: sorted(history),
        carrier: partner.and_then(|p| non_empty(p.partner_name.as_deref())),
        tracking_code: partner.and_then(|p| non_empty(p.extend_code.as_deref())),
    }
}

fn sorted(mut history: Vec<StatusEvent>) -> Vec<StatusEvent> {
    history.sort_by_key(|e| e.at);
    history
}

async fn pancake_walk(
    client: &pancake::PancakeClient,
    mut q: pancake::OrderQuery,
    out: &mut Vec<pancake::Order>,
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

impl OrderSource for pancake::PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>> {
        Box::pin(async move {
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            let all = pancake::OrderQuery {
                include_removed: Some(true),
                option_sort: Some("inserted_at_desc".into()),
                ..Default::default()
            };
            pancake_walk(self, all, &mut out, &mut seen, progress).await?;
            // pancake.md §2.1: cancelled (6) and deleted (7) orders may need an explicit status query
            let closed = pancake::OrderQuery {
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
            let q = pancake::OrderQuery {
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
}

// --------------------------------------------------------------------------------------------- Nhanh

/// How far back a Nhanh sync reaches (order/list only answers 31-day windows, so "every order" has to
/// stop somewhere). Older orders already in the cache are kept.
pub const NHANH_FETCH_DAYS: i64 = 180;

/// A Nhanh order with its `order/history` entries.
pub fn from_nhanh_order(
    o: &nhanh::orders::Order,
    log: &[nhanh::extras::OrderHistoryEntry],
) -> FetchedOrder {
    let code = o.info.status;
    let items: Vec<OrderLine> = o
        .products
        .iter()
        .map(|l| OrderLine {
            sku: l.code.clone(),
            name: l.name.clone(),
            quantity: l.quantity,
            unit_price: l.price,
            discount: l.discount,
        })
        .collect();
    let goods: i64 = items
        .iter()
        .map(|l| (l.unit_price - l.discount) * l.quantity)
        .sum();
    let carrier = o.carrier.as_ref();
    let created = time_or_epoch(o.info.created_at.or(o.info.updated_at));
    let history: Vec<StatusEvent> = log
        .iter()
        .filter(|e| e.order_id == o.info.id)
        .filter_map(|e| {
            let s = e.status.as_ref()?;
            Some(StatusEvent {
                at: e.created_at.map(us).unwrap_or(created),
                vendor_status: vendor_status_text(Vendor::Nhanh, s.new),
                status: normalize(Vendor::Nhanh, s.new),
                note: non_empty(Some(&e.created_by)),
            })
        })
        .collect();
    OrderDetail {
        row: row(
            Vendor::Nhanh,
            o.info.id.to_string(),
            non_empty(Some(o.reference())),
            o.shipping_address.name.trim().to_string(),
            o.shipping_address.mobile.trim().to_string(),
            o.shipping_address.address.trim().to_string(),
            goods + carrier.map(|c| c.customer_ship_fee).unwrap_or(0),
            o.payment.as_ref().map(|p| p.cod_amount).unwrap_or(0),
            code,
            vendor_status_text(Vendor::Nhanh, code),
            created,
            time_or_epoch(o.info.updated_at.or(o.info.created_at)),
            items.iter().map(|l| l.quantity).sum(),
        ),
        items,
        history: sorted(history),
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

async fn nhanh_order(client: &nhanh::Client, id: i64) -> Result<nhanh::orders::Order> {
    let filter = nhanh::orders::OrderFilter {
        ids: vec![id],
        ..Default::default()
    };
    let page = client
        .orders_page(&filter, nhanh::PageRequest::new(10))
        .await?;
    page.items
        .into_iter()
        .find(|o| o.info.id == id)
        .ok_or_else(|| Error::NotFound {
            vendor_code: None,
            message: Some(format!("Nhanh order {id} not found")),
        })
}

async fn nhanh_fetched(client: &nhanh::Client, id: i64) -> Result<FetchedOrder> {
    let o = nhanh_order(client, id).await?;
    let log = client.order_history(&[id]).await?;
    Ok(from_nhanh_order(&o, &log))
}

impl OrderSource for nhanh::Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn fetch_window(&self) -> Option<Duration> {
        Some(Duration::days(NHANH_FETCH_DAYS))
    }

    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>> {
        Box::pin(async move {
            let now = Utc::now();
            let filter = nhanh::orders::OrderFilter {
                created_at_from: Some((now - Duration::days(NHANH_FETCH_DAYS)).timestamp()),
                created_at_to: Some((now + Duration::minutes(5)).timestamp()),
                ..Default::default()
            };
            let mut orders: Vec<nhanh::orders::Order> = Vec::new();
            let mut seen: HashSet<i64> = HashSet::new();
            for f in nhanh::orders::order_windows(&filter) {
                let mut req = nhanh::PageRequest::new(100);
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
            let mut log: HashMap<i64, Vec<nhanh::extras::OrderHistoryEntry>> = HashMap::new();
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

    /// Open orders: `order/edit` status 64 (cancelled by the shop). Orders already with a carrier
    /// (nhanh.md: they cannot be edited): `order/cancelcarrier` first, then status 64 if the order is
    /// open again. Anything else is sent to `order/edit` too, so the vendor's refusal reaches the user.
    fn cancel<'a>(&'a self, vendor_order_id: &'a str) -> BoxFuture<'a, Result<FetchedOrder>> {
        use nhanh::orders::status;
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

// -------------------------------------------------------------------------------------------- Onflow

/// Shipments per page when walking Onflow's list.
const ONFLOW_PAGE: u32 = 100;

/// An Onflow B2C shipment. Onflow has no status log: the history is built from the shipment's
/// milestones (created, picked, packed, handed over, cancelled).
pub fn from_onflow_shipment(s: &onflow::Shipment) -> FetchedOrder {
    use onflow::assumptions::shipment_status as st;
    let code = s.status_info.as_ref().map(|i| i.value).unwrap_or(st::NEW);
    let vendor_status = s
        .status_info
        .as_ref()
        .and_then(|i| non_empty(Some(&i.label)))
        .unwrap_or_else(|| vendor_status_text(Vendor::Onflow, code));
    let items: Vec<OrderLine> = s
        .items
        .iter()
        .map(|it| OrderLine {
            sku: non_empty(it.sku.as_deref()).unwrap_or_else(|| it.oasin.clone()),
            name: it.oasin.clone(),
            quantity: it.quantity,
            unit_price: 0,
            discount: 0,
        })
        .collect();
    let created = time_or_epoch(s.created_time.or(s.updated_time));
    let cancelled_code = if onflow::ShipmentStatus::from_code(code).is_cancelled() {
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
                at: us((*t)?),
                vendor_status: vendor_status_text(Vendor::Onflow, *c),
                status: normalize(Vendor::Onflow, *c),
                note: None,
            })
        })
        .collect();
    let updated = s
        .updated_time
        .or(s.status_info.as_ref().and_then(|i| i.updated_time))
        .map(us)
        .unwrap_or(created);
    OrderDetail {
        row: row(
            Vendor::Onflow,
            s.tracking_code.clone(),
            non_empty(Some(&s.merchant_tracking_code_reference)),
            String::new(),
            String::new(),
            String::new(),
            0,
            0,
            code,
            vendor_status,
            created,
            updated,
            items.iter().map(|l| l.quantity).sum(),
        ),
        items,
        history: sorted(history),
        carrier: s.platform.as_ref().map(|p| p.as_str().to_string()),
        tracking_code: non_empty(s.courier_tracking_code.as_deref()),
    }
}

impl OrderSource for onflow::OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn fetch_all<'a>(&'a self, progress: Progress<'a>) -> BoxFuture<'a, Result<Vec<FetchedOrder>>> {
        Box::pin(async move {
            let q = onflow::ShipmentQuery::default();
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
