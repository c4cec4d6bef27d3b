//! The nhanh adapter: this crate's implementations of the `shopdesk_core::ports` traits.

pub mod geo;
pub mod order_mapping;
pub mod order_sink;
pub mod order_source;
pub mod order_status;
pub mod product;
pub mod returns;
pub mod stock;
pub mod stock_writer;

use std::any::Any;

use futures::future::BoxFuture;
use shopdesk_core::ports::{ListingImages, StockSource, VendorAdapter};
use shopdesk_core::Vendor;

use crate::Client;

impl VendorAdapter for Client {
    fn vendor(&self) -> Vendor {
        Vendor::Nhanh
    }

    fn stats(&self) -> vendor_http::Stats {
        self.http().stats()
    }

    fn stock_source(&self) -> Option<&dyn StockSource> {
        Some(self)
    }

    fn listing_images(&self) -> Option<&dyn ListingImages> {
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

    fn return_source(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::ReturnSource>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn stock_writer(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::StockWriter>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn product_sink(&self) -> Option<std::sync::Arc<dyn shopdesk_core::ports::ProductSink>> {
        Some(std::sync::Arc::new(self.clone()))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl ListingImages for Client {
    /// A Nhanh variant is its own product: the image goes to the variation's own id (the product id
    /// when there is no variation), as its external images.
    fn add_image<'a>(
        &'a self,
        product_id: &'a str,
        variation_id: &'a str,
        url: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<Vec<String>>> {
        Box::pin(async move {
            let own = if variation_id.is_empty() {
                product_id
            } else {
                variation_id
            };
            let id: i64 = own.parse().map_err(|_| vendor_http::Error::Internal {
                message: format!("Nhanh product id {own} is not a number"),
            })?;
            self.add_external_image(id, url).await
        })
    }
}
