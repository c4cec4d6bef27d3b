//! `onflow`: a typed client for the Onflow Open API (Vietnamese fulfillment warehouse): config (warehouses,
//! brands, address directory, file upload), products and stock, inbound purchase orders, B2C shipments,
//! B2C returns and webhook payloads.
//!
//! ```no_run
//! # async fn demo() -> vendor_http::Result<()> {
//! use onflow::{Lang, OnflowClient};
//! let client = OnflowClient::builder()
//!     .base_url("http://127.0.0.1:8080/onflow")
//!     .token(secrecy::SecretString::from("token-from-oms"))
//!     .language(Lang::Vi)
//!     .build()?;
//! let stock = client.list_all_stock(&Default::default()).await?;
//! # let _ = stock; Ok(()) }
//! ```
//!
//! Everything the public docs do not show (most paths, pagination, the production host, several status
//! codes) lives in [`assumptions`], overridable from the builder where it is configuration.
//! All HTTP goes through `vendor_http` (rate limit 600/min, retries on reads only — every create is sent
//! once —, timeouts, redaction, https-only addresses, no redirects, capped bodies and page walks); every
//! error is a [`vendor_http::Error`] with Onflow's `error_code` kept. [`Environment`] picks the default
//! host (staging; production's is not documented, see [`assumptions::PRODUCTION_BASE_URL`]).

pub mod adapter;
mod api;
pub mod assumptions;
mod client;
mod envelope;
pub mod models;

pub use assumptions::Environment;
pub use client::{OnflowClient, OnflowClientBuilder};
pub use envelope::{decode as decode_envelope, Envelope, Page};
pub use models::*;
pub use vendor_http::upload::ProgressFn;
pub use vendor_http::{Error, Result};
