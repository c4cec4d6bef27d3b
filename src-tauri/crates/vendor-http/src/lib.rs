//! `vendor-http`: the request pipeline every ShopDesk vendor client shares.
//!
//! A vendor client builds a [`RequestSpec`], hands it to [`HttpClient::send`] together with a decoder that
//! maps the vendor's envelope into a value or an [`Error`], and gets back a typed result. The pipeline owns
//! what every vendor needs and none should write again: per-account (and per-key) rate limiting with
//! `governor`, vendor pauses after rate-limit answers, connect/total timeouts, retries with backoff and
//! jitter (`backon`) only for safe requests, one error taxonomy, secret redaction and a tracing span per
//! request. It knows no vendor paths.

mod client;
mod error;
mod redact;
pub mod upload;

pub use client::{
    Body, HttpClient, MultipartFactory, Policy, RateLimit, RawResponse, RequestSpec, RetryPolicy,
    Safety, Stats,
};
pub use error::{Error, FieldErrors, Result};
pub use redact::{redact_query_values, Redactor, SECRET_QUERY_PARAMS};
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
