//! Nhanh.vn: the `shopdesk_core::ports::returns::ReturnSource` port on the Nhanh client. Nhanh keeps a
//! return on the order itself (nhanh.md §order statuses: 71 Returning, 72 Returned, 74 Return confirmed), so
//! a return here is an order in one of those statuses, over the same window as the orders list
//! ([`super::order_source::NHANH_FETCH_DAYS`], split into Nhanh's 31-day windows): its id is the order id
//! and its order is itself (the orders list's "Đang hoàn / Đã hoàn" row). Nhanh reports no per-item
//! condition nor the restock through this list. The list is cursor-paged: page 1 answers every return,
//! later pages are empty. ShopDesk creates no Nhanh return (no `ReturnSink`).

use std::collections::HashSet;

use chrono::{Duration, Utc};
use futures::future::BoxFuture;
use shopdesk_core::ports::returns::{ReturnPage, ReturnSource};
use shopdesk_core::returns::{FetchedReturn, ReturnLine, ReturnStage};
use vendor_http::Result;

use super::order_source::NHANH_FETCH_DAYS;
use crate::orders::{Order, OrderFilter};
use crate::Client as NhanhClient;

/// The order statuses that are returns: Returning, Returned, Return confirmed.
pub const RETURN_STATUSES: [i64; 3] = [71, 72, 74];

pub fn stage(status: i64) -> ReturnStage {
    match status {
        71 => ReturnStage::InTransit,
        72 | 74 => ReturnStage::Received,
        _ => ReturnStage::Other,
    }
}

/// An order in a return status, as a return.
pub fn fetched(o: &Order) -> FetchedReturn {
    let id = o.info.id.to_string();
    FetchedReturn {
        return_id: id.clone(),
        vendor_order_id: id,
        reference: Some(o.reference().to_string()).filter(|s| !s.trim().is_empty()),
        stage: stage(o.info.status),
        vendor_status: super::order_status::status_text(o.info.status),
        cancellable: false,
        warehouse_code: (o.info.depot_id != 0).then(|| o.info.depot_id.to_string()),
        courier_tracking_code: None,
        reason: None,
        note: Some(o.info.description.clone()).filter(|s| !s.trim().is_empty()),
        items: o
            .products
            .iter()
            .map(|l| ReturnLine {
                item_id: l.product_id.to_string(),
                sku: Some(l.code.clone()).filter(|s| !s.is_empty()),
                name: l.name.clone(),
                quantity: l.quantity,
                condition: None,
                restocked: None,
            })
            .collect(),
        created_at: o.info.created_at,
        updated_at: o.info.updated_at,
    }
}

impl NhanhClient {
    /// Every order in a return status within the window (or among `ids`, which need no window: ids
    /// bypass the 31-day rule), once each.
    async fn return_orders(&self, ids: Vec<i64>) -> Result<Vec<Order>> {
        let now = Utc::now();
        let window = ids.is_empty();
        let filter = OrderFilter {
            created_at_from: window.then(|| (now - Duration::days(NHANH_FETCH_DAYS)).timestamp()),
            created_at_to: window.then(|| (now + Duration::minutes(5)).timestamp()),
            statuses: RETURN_STATUSES.to_vec(),
            ids,
            ..Default::default()
        };
        let mut seen = HashSet::new();
        Ok(self
            .orders(&filter)
            .await?
            .into_iter()
            .filter(|o| RETURN_STATUSES.contains(&o.info.status) && seen.insert(o.info.id))
            .collect())
    }
}

impl ReturnSource for NhanhClient {
    fn list_returns(&self, page: u32) -> BoxFuture<'_, Result<ReturnPage>> {
        Box::pin(async move {
            if page > 1 {
                return Ok(ReturnPage::default());
            }
            let mut items: Vec<FetchedReturn> = self
                .return_orders(vec![])
                .await?
                .iter()
                .map(fetched)
                .collect();
            items.sort_by_key(|r| std::cmp::Reverse(r.created_at));
            Ok(ReturnPage {
                items,
                has_more: false,
            })
        })
    }

    fn get_return<'a>(&'a self, return_id: &'a str) -> BoxFuture<'a, Result<FetchedReturn>> {
        Box::pin(async move {
            let not_found = || vendor_http::Error::NotFound {
                vendor_code: None,
                message: Some(format!("no returned order {return_id}")),
            };
            let id: i64 = return_id.trim().parse().map_err(|_| not_found())?;
            self.return_orders(vec![id])
                .await?
                .iter()
                .find(|o| o.info.id == id)
                .map(fetched)
                .ok_or_else(not_found)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_statuses_have_stages() {
        assert_eq!(stage(71), ReturnStage::InTransit);
        assert_eq!(stage(72), ReturnStage::Received);
        assert_eq!(stage(74), ReturnStage::Received);
        assert_eq!(stage(60), ReturnStage::Other);
    }
}
