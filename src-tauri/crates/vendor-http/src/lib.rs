//! `vendor-http`: the request pipeline every ShopDesk vendor client shares.
//!
//! A vendor client builds a [`RequestSpec`], hands it to [`HttpClient::send`] together with a decoder that
//! maps the vendor's envelope into a value or an [`Error`], and gets back a typed result. The pipeline owns
//! what every vendor needs and none should write again: per-account (and per-key) rate limiting with
//! `governor`, vendor pauses after rate-limit answers, connect/total timeouts, retries with backoff and
//! jitter (`backon`) only for safe requests, one error taxonomy, secret redaction and a tracing span per
//! request. It also bounds what a vendor can do to us ([`limits`]): pauses clamped to
//! [`MAX_VENDOR_WAIT`], bodies capped ([`Policy::max_body_bytes`]), list walks capped
//! ([`Policy::max_pages`], applied by the clients), redirects never followed, and only `https://` (or
//! `http://` on loopback) called ([`check_base_url`]). It knows no vendor paths.

mod base_url;
mod client;
mod error;
pub mod lane;
pub mod lenient;
pub mod limits;
mod redact;
pub mod upload;

pub use base_url::{check_base_url, is_loopback, parse_base_url};
pub use limits::{
    clamp_retry_at, retry_at_in, retry_at_in_secs, wait_until, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_PAGES, MAX_VENDOR_WAIT,
};

pub use client::{
    Body, HttpClient, MultipartFactory, Policy, RateLimit, RawResponse, RequestSpec, RetryPolicy,
    Safety, Stats,
};
pub use error::{Error, FieldErrors, Result};
pub use redact::{redact_known, redact_query_values, remember, Redactor, SECRET_QUERY_PARAMS};
pub use reqwest::Method;
pub use url::Url;

/// Parse a JSON body into `T`, mapping failures to a redacted [`Error::Decode`].
pub fn decode_json<T: serde::de::DeserializeOwned>(
    raw: &RawResponse,
    redactor: &Redactor,
) -> Result<T> {
    serde_json::from_slice(&raw.body).map_err(|e| Error::decode(e.to_string(), &raw.body, redactor))
}

/// True when the body looks like an HTML page (proxies, maintenance pages, captive portals).
pub fn looks_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}
