//! Nhanh: the `shopdesk_core::ports::order_sink` port on [`Client`]. Our reference is the order's
//! `channel.appOrderId` (Nhanh dedupes on appId + appOrderId).

use chrono::{Duration, Utc};
use futures::future::BoxFuture;
use shopdesk_core::order::{
    normalize_phone, CarrierChoice, Choice, KnownCustomer, OrderDraft, OrderOptions,
};
use shopdesk_core::ports::order_sink::{
    refusal_mentions, Lookup, LookupScope, OrderSink, ReferenceScan, ScanRow, ScanStep,
    KNOWN_CUSTOMERS_MAX, LOOKUP_PAGE_SIZE,
};
use shopdesk_core::Vendor;
use vendor_http::Result;

use super::order_mapping::to_nhanh;
use crate::customers::{Customer, CustomerFilter, LocationIds};
use crate::shipping::{LocationType, LocationVersion};
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

    /// `customer/list` filtered by `mobile` (exact, §10.7; one page of 20), kept where the number normalizes to
    /// `phone`. The address is the customer's street with its v1 location ids named from
    /// `shipping/location` (the model ShopDesk sends Nhanh); a location that cannot be named leaves the
    /// street alone, never fails the lookup.
    fn known_customers<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<Vec<KnownCustomer>>> {
        Box::pin(async move {
            // one page: a vendor that ignored the filter never walks its whole customer list
            let found: crate::Page<Customer> = self
                .page(
                    "customer/list",
                    &CustomerFilter {
                        mobile: Some(phone.to_string()),
                        ..Default::default()
                    },
                    PageRequest::new(20),
                    None,
                )
                .await?;
            let mut out = Vec::new();
            for c in found
                .items
                .iter()
                .filter(|c| c.id > 0 && normalize_phone(&c.mobile).as_deref() == Some(phone))
                .take(KNOWN_CUSTOMERS_MAX)
            {
                let street = Some(c.address.trim().to_string()).filter(|s| !s.is_empty());
                let units = match &c.locations {
                    Some(ids) => self.unit_names(ids).await,
                    None => Vec::new(),
                };
                out.push(known_customer(c, phone, street, units));
            }
            Ok(out)
        })
    }
}

impl Client {
    /// The names of a v1 location (ward, district, city; the ones that can be named), from
    /// `shipping/location`. A failed call names nothing.
    async fn unit_names(&self, ids: &LocationIds) -> Vec<String> {
        let named = |list: Vec<crate::shipping::Location>, id: Option<i64>| {
            id.and_then(|id| list.into_iter().find(|l| l.id == id).map(|l| l.name))
        };
        let v1 = LocationVersion::V1;
        let Some(city_id) = ids.city_id else {
            return Vec::new();
        };
        let city = named(
            self.locations(v1, LocationType::City, None)
                .await
                .unwrap_or_default(),
            Some(city_id),
        );
        let district = match ids.district_id {
            Some(d) => named(
                self.locations(v1, LocationType::District, Some(city_id))
                    .await
                    .unwrap_or_default(),
                Some(d),
            ),
            None => None,
        };
        let ward = match (ids.district_id, ids.ward_id) {
            (Some(d), Some(w)) if district.is_some() => named(
                self.locations(v1, LocationType::Ward, Some(d))
                    .await
                    .unwrap_or_default(),
                Some(w),
            ),
            _ => None,
        };
        [ward, district, city].into_iter().flatten().collect()
    }
}

/// `c` as an offer: the address line is its street followed by the named units (ward, district, city).
fn known_customer(
    c: &Customer,
    phone: &str,
    street: Option<String>,
    units: Vec<String>,
) -> KnownCustomer {
    let parts: Vec<String> = street.iter().cloned().chain(units).collect();
    KnownCustomer {
        vendor_id: c.id.to_string(),
        name: c.name.trim().to_string(),
        phone: phone.to_string(),
        street,
        address_line: (!parts.is_empty()).then(|| parts.join(", ")),
    }
}
