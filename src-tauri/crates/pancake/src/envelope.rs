//! Pancake's envelopes and how their failures map into [`vendor_http::Error`] (digest §1.4, §1.5).
//!
//! Rule from the digest: **check `success` whatever the HTTP status.** A 200 can carry
//! `success:false` (missing credential 101, "product not found"), and an error status can carry a
//! normal error envelope. Rate-limit answers (HTTP 429 or `error_code` 106) become
//! [`Error::RateLimited`] so the pipeline pauses the key.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use vendor_http::{Error, FieldErrors, RawResponse, Redactor};

use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

/// The error fields of any Pancake answer ([oas] `ErrorResponse`). Unknown fields are ignored.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub success: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub message: Option<String>,
    /// Stable machine name, e.g. `order_not_found`, `invalid_parameters`.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub error: Option<String>,
    /// Numeric code: 101 missing credential, 105 bad key, 106 rate limit.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub error_code: Option<String>,
    /// POS business code.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub message_code: Option<String>,
    /// The missing POS permission, e.g. `ql_donhang`.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub permission: Option<String>,
}

/// `{"data": [...], "page_number", "page_size", "total_entries", "total_pages", "success"}`.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub data: Vec<T>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub page_number: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub page_size: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_entries: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_pages: Option<i64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            data: Vec::new(),
            page_number: None,
            page_size: None,
            total_entries: None,
            total_pages: None,
        }
    }
}

impl<T> Page<T> {
    /// Whether a later page exists. Without `total_pages` (some lists omit it), a full page means "maybe".
    pub fn has_more(&self, requested_page_size: u32) -> bool {
        match (self.page_number, self.total_pages) {
            (Some(n), Some(t)) => n < t,
            _ => !self.data.is_empty() && self.data.len() >= requested_page_size as usize,
        }
    }
}

/// `{"data": T, "success": true}`.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de> + Default"))]
pub struct Data<T> {
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub data: T,
}

/// `{"success": true}` and nothing else worth reading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Ack {}

/// How the client decodes answers: the redactor for snippets and the pause used when a rate-limit answer
/// carries no `Retry-After`.
#[derive(Debug, Clone)]
pub(crate) struct Decoder {
    pub redactor: Redactor,
    pub default_pause: Duration,
}

impl Decoder {
    /// Decode `raw` into `T`, or into the taxonomy error it carries.
    pub fn decode<T: DeserializeOwned>(&self, raw: &RawResponse) -> vendor_http::Result<T> {
        self.check(raw)?;
        serde_json::from_slice(&raw.body)
            .map_err(|e| Error::decode(e.to_string(), &raw.body, &self.redactor))
    }

    /// The error an answer carries, if any (`Ok(())` for a usable success answer).
    pub fn check(&self, raw: &RawResponse) -> vendor_http::Result<()> {
        let status = raw.status;
        let parsed = if vendor_http::looks_like_html(&raw.body) {
            None
        } else {
            match serde_json::from_slice::<ErrorBody>(&raw.body) {
                Ok(b) => Some(b),
                // valid JSON of another shape (a bare list): no error fields
                Err(e) if e.is_data() => Some(ErrorBody::default()),
                Err(_) => None,
            }
        };
        let Some(body) = parsed else {
            // not JSON: a proxy page, a maintenance page, or a cut-off body
            if status == 429 {
                return Err(self.rate_limited(raw, None));
            }
            if status >= 400 {
                return Err(Error::from_status(
                    status,
                    None,
                    Some(self.redactor.snippet(&raw.body)),
                ));
            }
            let what = if vendor_http::looks_like_html(&raw.body) {
                "expected JSON, got an HTML page"
            } else {
                "the answer is not valid JSON"
            };
            return Err(Error::decode(what, &raw.body, &self.redactor));
        };
        let failed = body.success == Some(false) || !(200..300).contains(&status);
        if !failed {
            return Ok(());
        }
        Err(self.map_error(raw, &body))
    }

    fn rate_limited(&self, raw: &RawResponse, code: Option<String>) -> Error {
        // both clamped to vendor_http::MAX_VENDOR_WAIT
        let retry_at = raw
            .retry_after()
            .unwrap_or_else(|| vendor_http::retry_at_in(self.default_pause));
        Error::RateLimited {
            retry_at,
            vendor_code: code.or_else(|| Some("106".to_string())),
        }
    }

    fn map_error(&self, raw: &RawResponse, b: &ErrorBody) -> Error {
        let status = raw.status;
        let message = b.message.as_deref().map(|m| self.redactor.redact(m));
        let code = b
            .error
            .clone()
            .or_else(|| b.error_code.clone())
            .or_else(|| b.message_code.clone());
        let code = code.map(|c| self.redactor.redact(&c));
        let error_code = b.error_code.as_deref();
        if status == 429 || error_code == Some("106") {
            return self.rate_limited(raw, code);
        }
        if matches!(error_code, Some("101" | "102" | "103" | "104" | "105")) || status == 401 {
            return Error::Unauthorized {
                vendor_code: code,
                message,
            };
        }
        if b.permission.is_some() {
            return Error::Forbidden {
                permission: b.permission.clone(),
                vendor_code: code,
                message,
            };
        }
        let name = b.error.as_deref().unwrap_or_default();
        let msg_lower = message.as_deref().unwrap_or_default().to_lowercase();
        if name.ends_with("not_found")
            || status == 404
            || (name.is_empty() && msg_lower.contains("not found"))
        {
            return Error::NotFound {
                vendor_code: code,
                message,
            };
        }
        if name.starts_with("invalid") || name.contains("validation") || matches!(status, 400 | 422)
        {
            return Error::Validation {
                fields: FieldErrors::new(),
                vendor_code: code,
                message,
            };
        }
        if status == 403 {
            return Error::Forbidden {
                permission: None,
                vendor_code: code,
                message,
            };
        }
        if status >= 500 {
            return Error::VendorRejected {
                vendor_code: code.unwrap_or_else(|| format!("HTTP_{status}")),
                message: message.unwrap_or_default(),
                http_status: Some(status),
            };
        }
        Error::VendorRejected {
            vendor_code: code.unwrap_or_else(|| "success_false".to_string()),
            message: message.unwrap_or_default(),
            http_status: Some(status),
        }
    }
}

/// Decode one raw answer the way the client does: the error it carries (mapped into the taxonomy,
/// `success` checked whatever the status), else `T`. `default_pause` applies to rate-limit answers
/// without `Retry-After`.
pub fn decode_response<T: DeserializeOwned>(
    raw: &RawResponse,
    redactor: &Redactor,
    default_pause: Duration,
) -> vendor_http::Result<T> {
    Decoder {
        redactor: redactor.clone(),
        default_pause,
    }
    .decode(raw)
}
