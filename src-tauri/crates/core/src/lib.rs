//! `shopdesk-core`: domain types shared by the engines and the app shell, with no I/O.
//!
//! For now it holds the one error type that crosses IPC ([`AppError`]); the domain types (Sku, Listing,
//! StockLevel, OrderDraft, Address, Money in VND) and the vendor-neutral port land with the issues that use
//! them.

pub mod error;
pub mod flight;
pub mod links;
pub mod ports;
pub mod settings;
pub mod text;
pub mod vendor;

pub use error::{AppError, ErrorCode, ErrorDetails};
pub use settings::{Language, Settings};
pub use vendor::Vendor;
