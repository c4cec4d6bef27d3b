//! Pancake: the `shopdesk_core::ports::order_sink` port on [`PancakeClient`]. Our reference is the order's
//! `custom_id`.

use futures::future::BoxFuture;
use shopdesk_core::order::{normalize_phone, Choice, KnownCustomer, OrderDraft, OrderOptions};
use shopdesk_core::ports::order_sink::{
    refusal_mentions, Lookup, LookupScope, OrderSink, ReferenceScan, ScanRow, ScanStep,
    KNOWN_CUSTOMERS_MAX, LOOKUP_PAGE_SIZE,
};
use shopdesk_core::Vendor;
use vendor_http::Result;

use super::order_mapping::to_pancake;
use crate::{Customer, CustomerQuery, OrderQuery, PancakeClient};

impl OrderSink for PancakeClient {
    fn vendor(&self) -> Vendor {
        Vendor::Pancake
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let o = self.create_order(&to_pancake(draft, reference)).await?;
            Ok(o.id.to_string())
        })
    }

    /// The list's `search` first (documented for phone, name and note only), then the orders inserted
    /// since the scope (`updateStatus=inserted_at&startDateTime=…`, newest first, removed ones
    /// included), matched on `custom_id`.
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
            let searched = self
                .list_orders(&OrderQuery {
                    search: Some(reference.to_string()),
                    include_removed: Some(true),
                    page_number: Some(1),
                    page_size: Some(LOOKUP_PAGE_SIZE),
                    ..Default::default()
                })
                .await?;
            if let Some(o) = searched
                .data
                .iter()
                .find(|o| o.custom_id.as_deref().map(str::trim) == Some(reference))
            {
                return Ok(Lookup::Found(o.id.to_string()));
            }
            let mut query = OrderQuery {
                include_removed: Some(true),
                update_status: Some("inserted_at".into()),
                start_date_time: Some(scope.since),
                option_sort: Some("inserted_at_desc".into()),
                page_size: Some(LOOKUP_PAGE_SIZE),
                ..Default::default()
            };
            let mut scan = ReferenceScan::new(reference, scope);
            for page in 1.. {
                query.page_number = Some(page);
                let p = self.list_orders(&query).await?;
                let rows: Vec<ScanRow<'_>> = p
                    .data
                    .iter()
                    .map(|o| ScanRow {
                        reference: o.custom_id.as_deref().unwrap_or(""),
                        id: o.id.to_string(),
                        created: o.inserted_at,
                    })
                    .collect();
                match scan.page(&rows, p.has_more(LOOKUP_PAGE_SIZE)) {
                    ScanStep::Found(id) => return Ok(Lookup::Found(id)),
                    ScanStep::End => break,
                    ScanStep::GiveUp(why) => return Ok(Lookup::Inconclusive(why)),
                    ScanStep::More => {}
                }
            }
            Ok(Lookup::NotFound)
        })
    }

    /// Pancake documents no uniqueness of `custom_id`; a refusal that names it is taken as one.
    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        refusal_mentions(err, "custom_id")
    }

    /// The shop's order sources (`order_sources` on the order); sources without a numeric id are left out.
    fn order_options(&self) -> BoxFuture<'_, Result<OrderOptions>> {
        Box::pin(async move {
            Ok(OrderOptions {
                sources: self
                    .order_sources()
                    .await?
                    .into_iter()
                    .filter_map(|s| {
                        Some(Choice {
                            id: s.id.as_i64()?,
                            name: s.name.unwrap_or_default(),
                        })
                    })
                    .collect(),
                ..Default::default()
            })
        })
    }

    /// `GET /customers?search=<phone>` (name or phone, digest §3.10): one page, kept only where one of
    /// the customer's numbers is `phone` once normalized (the search also matches names and parts).
    fn known_customers<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<Vec<KnownCustomer>>> {
        Box::pin(async move {
            let page = self
                .list_customers(&CustomerQuery {
                    page_number: Some(1),
                    page_size: Some(20),
                    search: Some(phone.to_string()),
                    ..Default::default()
                })
                .await?;
            Ok(page
                .data
                .iter()
                .filter_map(|c| known_customer(c, phone))
                .take(KNOWN_CUSTOMERS_MAX)
                .collect())
        })
    }
}

/// `c` as an offer when one of its numbers is `phone`: its first address with a street or a full line
/// (the delivery address Pancake keeps for it).
fn known_customer(c: &Customer, phone: &str) -> Option<KnownCustomer> {
    if c.id.trim().is_empty() {
        return None;
    }
    let matched = c
        .phone_numbers
        .iter()
        .any(|p| normalize_phone(p).as_deref() == Some(phone));
    if !matched {
        return None;
    }
    let filled = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let addr = c
        .addresses()
        .iter()
        .find(|a| filled(&a.full_address).is_some() || filled(&a.address).is_some());
    let name = filled(&c.name)
        .or_else(|| addr.and_then(|a| filled(&a.full_name)))
        .unwrap_or_default();
    Some(KnownCustomer {
        vendor_id: c.id.clone(),
        name,
        phone: phone.to_string(),
        street: addr.and_then(|a| filled(&a.address)),
        address_line: addr.and_then(|a| filled(&a.full_address).or_else(|| filled(&a.address))),
    })
}
