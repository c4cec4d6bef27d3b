//! `nhanh`: a typed client for the Nhanh.vn POS Open API v3.0.
//!
//! - [`auth::OAuth`]: consent URL, paste-back of the access code (or the whole redirect URL), exchange for a
//!   one-year token ([`AccessGrant`]).
//! - [`Client`]: one per connected business (appId + businessId). Every call is a `POST` to
//!   `{base}/v3.0/{resource}/{action}?appId&businessId` with the raw token in `Authorization`, paced per URL
//!   (150 per 30 s) by the shared `vendor-http` pipeline; an `ERR_429` lock pauses only that URL until
//!   `unlockedAt`.
//! - Cursor lists: `paginator.next` is sent back exactly as received; only `null` ends a list.
//! - Every vendor error maps into [`vendor_http::Error`] with Nhanh's `errorCode` kept.
//! - [`assumptions`]: the values the docs leave open, each marked inferred.

pub mod adapter;
pub mod assumptions;
pub mod auth;
pub mod bills;
pub mod business;
pub mod client;
pub mod customers;
pub mod dates;
pub mod envelope;
pub mod extras;
pub mod orders;
pub mod products;
pub mod shipping;
pub mod webhooks;

pub use auth::{extract_access_code, AccessGrant, OAuth};
pub use client::{Client, Config, Credentials, Page, PageRequest};
pub use envelope::Envelope;
pub use vendor_http::{Error, Result};
