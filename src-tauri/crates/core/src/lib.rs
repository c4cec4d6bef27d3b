//! `shopdesk-core`: domain types shared by the engines and the app shell, with no I/O.
//!
//! The one error type that crosses IPC ([`AppError`]), amounts of money ([`Money`]), the neutral order types
//! ([`order`]) and the ports ([`ports`]): one trait per vendor capability, implemented in each vendor
//! crate's `adapter` module.

pub mod error;
pub mod flight;
pub mod inbound;
pub mod links;
pub mod money;
pub mod order;
pub mod ports;
pub mod product;
pub mod reference;
pub mod returns;
pub mod settings;
pub mod stored;
pub mod text;
pub mod vendor;

pub use error::{AppError, ErrorCode, ErrorDetails};
pub use money::Money;
pub use settings::{Language, Settings};
pub use vendor::Vendor;
