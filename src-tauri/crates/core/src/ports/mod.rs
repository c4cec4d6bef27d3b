//! Ports: one trait per vendor capability, written in neutral types, with no I/O of their own.
//!
//! Engines (`sync`, `orders`, `order-list`, `addresses`, `files`, `stock-push`) are written against these traits and depend
//! on `shopdesk-core` only. Each vendor crate implements the ports it can serve in its own `adapter` module,
//! beside its client; the `accounts` registry hands an account's adapter out. A fourth vendor is one more
//! crate with a client and an `adapter` module, and one line in the registry.

pub mod catalog;
pub mod files;
pub mod geo;
pub mod inbound;
pub mod order_sink;
pub mod order_source;
pub mod products;
pub mod returns;
pub mod stock;
pub mod stock_writer;

use std::any::Any;
use std::sync::Arc;

use crate::Vendor;

pub use catalog::ListingImages;
pub use files::FileStore;
pub use geo::GeoSource;
pub use inbound::InboundSink;
pub use order_sink::OrderSink;
pub use order_source::OrderSource;
pub use products::ProductSink;
pub use returns::{ReturnSink, ReturnSource};
pub use stock::StockSource;
pub use stock_writer::StockWriter;

/// One connected account's vendor, as the engines see it: which vendor, its pipeline counters, and one
/// accessor per capability (`None` where the vendor cannot do it). Implemented by each vendor crate's
/// client, in its `adapter` module; handed out by the `accounts` registry as an [`Adapter`].
pub trait VendorAdapter: Send + Sync {
    fn vendor(&self) -> Vendor;
    /// The client's pipeline counters (attempts, rate-limited answers, retries) since it was built.
    fn stats(&self) -> vendor_http::Stats;
    /// Warehouses, catalog and stock.
    fn stock_source(&self) -> Option<&dyn StockSource> {
        None
    }
    /// Adding images to a listing.
    fn listing_images(&self) -> Option<&dyn ListingImages> {
        None
    }
    /// Creating orders (exactly-once: our reference, lookup by it). Owned, for the outbox's tasks.
    fn order_sink(&self) -> Option<Arc<dyn OrderSink>> {
        None
    }
    /// Pulling the account's orders, cancelling one.
    fn order_source(&self) -> Option<&dyn OrderSource> {
        None
    }
    /// The vendor's address lists.
    fn geo_source(&self) -> Option<&dyn GeoSource> {
        None
    }
    /// Setting the sellable figures of a POS account (stock push). Owned, for the push engine's tasks.
    fn stock_writer(&self) -> Option<Arc<dyn StockWriter>> {
        None
    }
    /// Inbound purchase orders at a fulfilment warehouse. Owned, for the PO journal's tasks.
    fn inbound(&self) -> Option<Arc<dyn InboundSink>> {
        None
    }
    /// Reading the account's returns. Owned, for the returns refresh.
    fn return_source(&self) -> Option<Arc<dyn ReturnSource>> {
        None
    }
    /// Creating and cancelling return requests (exactly-once: our reference, lookup by it). Owned, for
    /// the return journal's tasks.
    fn return_sink(&self) -> Option<Arc<dyn ReturnSink>> {
        None
    }
    /// Creating products (exactly once: the SKU is the record's code, looked up before any resend).
    /// Owned, for the product journal's tasks.
    fn product_sink(&self) -> Option<Arc<dyn ProductSink>> {
        None
    }
    /// Uploading files. Owned, for the upload queue.
    fn file_store(&self) -> Option<Arc<dyn FileStore>> {
        None
    }
    /// The concrete client, for tests and tools that need a vendor's own calls.
    fn as_any(&self) -> &dyn Any;
}

/// A shared, ready adapter of one account.
pub type Adapter = Arc<dyn VendorAdapter>;
