//! Pancake POS: the `shopdesk_core::ports::returns::ReturnSource` port on [`PancakeClient`]. A return is an
//! entry of `GET /shops/{SHOP_ID}/orders_returned` (pancake.md §3.4): its id, the original order
//! (`order_id_to_returned`, the orders list's id), its status (0 new, 2 sent, 1 completed, 4 cancelled) and
//! `returned_items`. Pancake reports no per-item condition nor whether the units went back on sale; it
//! documents no detail endpoint (a return is found by reading the list). ShopDesk creates no Pancake
//! return (no `ReturnSink`).

use futures::future::BoxFuture;
use shopdesk_core::ports::order_sink::LOOKUP_PAGE_SIZE;
use shopdesk_core::ports::returns::{ReturnPage, ReturnSource};
use shopdesk_core::returns::{FetchedReturn, ReturnLine, ReturnStage};
use vendor_http::Result;

use crate::{PancakeClient, ReturnedOrder, ReturnedOrderQuery};

/// Pages of returns read at most to find one return.
pub const FIND_MAX_PAGES: u32 = 50;

/// A returned-order status (pancake.md §3.4) → the neutral stage.
pub fn stage(status: Option<i64>) -> ReturnStage {
    match status {
        Some(0) => ReturnStage::Requested,
        Some(2) => ReturnStage::InTransit,
        Some(1) => ReturnStage::Received,
        Some(4) => ReturnStage::Cancelled,
        _ => ReturnStage::Other,
    }
}

/// Pancake's words for a returned-order status (the documented meanings, in Vietnamese); the code itself
/// when unknown.
pub fn status_text(status: Option<i64>) -> String {
    match status {
        Some(0) => "Mới".into(),
        Some(2) => "Đã gửi".into(),
        Some(1) => "Hoàn thành".into(),
        Some(4) => "Đã hủy".into(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// A returned order in neutral types.
pub fn fetched(r: &ReturnedOrder) -> FetchedReturn {
    let original = r
        .order_id_to_returned
        .as_ref()
        .or(r.order_to_returned.as_ref().map(|o| &o.id))
        .map(ToString::to_string)
        .unwrap_or_default();
    FetchedReturn {
        return_id: r.id.to_string(),
        vendor_order_id: original,
        reference: r.custom_id.clone().filter(|s| !s.trim().is_empty()),
        stage: stage(r.status),
        vendor_status: status_text(r.status),
        cancellable: false,
        warehouse_code: r.warehouse_id.clone(),
        courier_tracking_code: None,
        reason: None,
        note: None,
        items: r
            .returned_items
            .iter()
            .map(|i| ReturnLine {
                item_id: i.variation_id.clone().unwrap_or_default(),
                sku: i.variation_info.id.as_ref().map(ToString::to_string),
                name: i.variation_info.name.clone().unwrap_or_default(),
                quantity: i.returned_quantity,
                condition: None,
                restocked: None,
            })
            .collect(),
        created_at: r.inserted_at,
        updated_at: r.updated_at,
    }
}

impl PancakeClient {
    async fn returns_page(&self, page: u32) -> Result<ReturnPage> {
        let p = self
            .list_returned_orders(&ReturnedOrderQuery {
                page: Some(page),
                page_size: Some(LOOKUP_PAGE_SIZE),
                ..Default::default()
            })
            .await?;
        Ok(ReturnPage {
            has_more: p.has_more(LOOKUP_PAGE_SIZE),
            items: p.data.iter().map(fetched).collect(),
        })
    }
}

impl ReturnSource for PancakeClient {
    fn list_returns(&self, page: u32) -> BoxFuture<'_, Result<ReturnPage>> {
        Box::pin(self.returns_page(page))
    }

    /// No detail endpoint is documented: the list is read until the return is found.
    fn get_return<'a>(&'a self, return_id: &'a str) -> BoxFuture<'a, Result<FetchedReturn>> {
        Box::pin(async move {
            for page in 1..=FIND_MAX_PAGES {
                let p = self.returns_page(page).await?;
                if let Some(r) = p.items.into_iter().find(|r| r.return_id == return_id) {
                    return Ok(r);
                }
                if !p.has_more {
                    break;
                }
            }
            Err(vendor_http::Error::NotFound {
                vendor_code: None,
                message: Some(format!("no returned order {return_id}")),
            })
        })
    }
}
