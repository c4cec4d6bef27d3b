//! Pancake: the `shopdesk_core::ports::order_sink` port on [`PancakeClient`]. Our reference is the order's
//! `custom_id`.

use futures::future::BoxFuture;
use shopdesk_core::order::{Choice, OrderDraft, OrderOptions};
use shopdesk_core::ports::order_sink::{
    refusal_mentions, Lookup, LookupScope, OrderSink, ReferenceScan, ScanRow, ScanStep,
    LOOKUP_PAGE_SIZE,
};
use shopdesk_core::Vendor;
use vendor_http::Result;

use super::order_mapping::to_pancake;
use crate::{OrderQuery, PancakeClient};

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
}
