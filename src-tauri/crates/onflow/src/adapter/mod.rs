//! The onflow adapter: this crate's implementations of the `shopdesk_core::ports` traits.

pub mod files;
pub mod geo;
pub mod inbound;
pub mod order_mapping;
pub mod order_sink;
pub mod order_source;
pub mod order_status;
pub mod product;
pub mod returns;
pub mod stock;

use std::any::Any;
use std::future::Future;

use shopdesk_core::ports::order_sink::{Lookup, LookupScope, ReferenceScan, ScanRow, ScanStep};

use shopdesk_core::ports::{StockSource, VendorAdapter};
use shopdesk_core::Vendor;

use crate::OnflowClient;

impl VendorAdapter for OnflowClient {
    fn vendor(&self) -> Vendor {
        Vendor::Onflow
    }

    fn stats(&self) -> vendor_http::Stats {
        OnflowClient::stats(self)
    }

    fn stock_source(&self) -> Option<&dyn StockSource> {
        Some(self)
    }

    fn order_sink(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::OrderSink>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn order_source(&self) -> Option<&dyn shopdesk_core::ports::OrderSource> {
        Some(self)
    }

    fn geo_source(&self) -> Option<&dyn shopdesk_core::ports::GeoSource> {
        Some(self)
    }

    fn inbound(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::InboundSink>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn return_source(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::ReturnSource>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn return_sink(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::ReturnSink>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn product_sink(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::ProductSink>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn file_store(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::FileStore>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Walk an Onflow list page by page (1-based) for the row carrying `reference` in its own field, within
/// `scope` (the list has no documented order: the walk ends early only while rows come newest first and
/// are older than the scope). Shared by the shipment and the PO lookups.
pub(crate) async fn find_in_pages<T, F, Fut>(
    reference: &str,
    scope: LookupScope,
    mut page: F,
    row: impl Fn(&T) -> ScanRow<'_>,
) -> vendor_http::Result<Lookup>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = vendor_http::Result<crate::Page<T>>>,
{
    let mut scan = ReferenceScan::new(reference, scope);
    for n in 1.. {
        let p = page(n).await?;
        let rows: Vec<ScanRow<'_>> = p.items.iter().map(&row).collect();
        match scan.page(&rows, p.has_more()) {
            ScanStep::Found(id) => return Ok(Lookup::Found(id)),
            ScanStep::End => break,
            ScanStep::GiveUp(why) => return Ok(Lookup::Inconclusive(why)),
            ScanStep::More => {}
        }
    }
    Ok(Lookup::NotFound)
}
