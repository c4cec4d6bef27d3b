//! The onflow adapter: this crate's implementations of the `shopdesk_core::ports` traits.

pub mod files;
pub mod geo;
pub mod order_sink;
pub mod order_source;
pub mod stock;
