//! The one error taxonomy every vendor client returns.
//!
//! Vendor clients map their own envelopes (Pancake `success:false`, Onflow `error_code`, Nhanh `errorCode`)
//! into these variants and always keep the vendor's own code in `vendor_code`, so the UI can switch on a
//! stable kind while support can still see what the vendor said.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Field name → messages, as the vendor reported them (or as our own validation produced them).
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Every failure a vendor call can end in. Messages inside are already redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Error {
    /// The credential is missing, wrong, expired or revoked.
    #[error("unauthorized ({})", display_code(vendor_code))]
    Unauthorized {
        vendor_code: Option<String>,
        message: Option<String>,
    },
    /// The credential is valid but lacks a permission (Pancake names it, e.g. `ql_donhang`).
    #[error("forbidden (permission {}, {})", permission.as_deref().unwrap_or("?"), display_code(vendor_code))]
    Forbidden {
        permission: Option<String>,
        vendor_code: Option<String>,
        message: Option<String>,
    },
    /// The vendor throttled us; nothing was processed. `retry_at` is when the vendor allows the next call.
    #[error("rate limited until {retry_at} ({})", display_code(vendor_code))]
    RateLimited {
        retry_at: DateTime<Utc>,
        vendor_code: Option<String>,
    },
    /// The vendor refused the input; `fields` maps field names to messages when the vendor gave them.
    #[error("validation failed ({}): {}", display_code(vendor_code), message.as_deref().unwrap_or(""))]
    Validation {
        fields: FieldErrors,
        vendor_code: Option<String>,
        message: Option<String>,
    },
    /// The resource does not exist or is not visible to this credential.
    #[error("not found ({})", display_code(vendor_code))]
    NotFound {
        vendor_code: Option<String>,
        message: Option<String>,
    },
    /// Any other refusal by the vendor, including 5xx answers (`http_status` set).
    #[error("vendor rejected the request ({vendor_code}, HTTP {}): {message}", http_status.map(|s| s.to_string()).unwrap_or_else(|| "-".into()))]
    VendorRejected {
        vendor_code: String,
        message: String,
        http_status: Option<u16>,
    },
    /// The request may or may not have reached the vendor (connection refused, reset, DNS, TLS …).
    #[error("network error: {message}")]
    Network { message: String },
    /// No complete answer within the configured time. For a create, the vendor may have committed it.
    #[error("timed out")]
    Timeout,
    /// The answer could not be understood. `snippet` is the redacted start of the body.
    #[error("could not decode the vendor's answer: {message} (body starts: {snippet})")]
    Decode { message: String, snippet: String },
    /// A bug or an impossible state on our side.
    #[error("internal error: {message}")]
    Internal { message: String },
}

fn display_code(code: &Option<String>) -> &str {
    code.as_deref().unwrap_or("no vendor code")
}

impl Error {
    /// The vendor's own error code, when it gave one.
    pub fn vendor_code(&self) -> Option<&str> {
        match self {
            Error::Unauthorized { vendor_code, .. }
            | Error::Forbidden { vendor_code, .. }
            | Error::RateLimited { vendor_code, .. }
            | Error::Validation { vendor_code, .. }
            | Error::NotFound { vendor_code, .. } => vendor_code.as_deref(),
            Error::VendorRejected { vendor_code, .. } => Some(vendor_code),
            _ => None,
        }
    }

    /// Whether trying the same request again may succeed (the caller still decides if it is *safe*).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Network { .. } | Error::Timeout | Error::RateLimited { .. } => true,
            Error::VendorRejected { http_status, .. } => http_status.is_some_and(|s| s >= 500),
            _ => false,
        }
    }

    /// Whether the outcome at the vendor is unknown: the request may have been committed although we
    /// never heard the answer. An order outbox must look such a request up before sending it again.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Error::Network { .. } | Error::Timeout => true,
            Error::VendorRejected { http_status, .. } => http_status.is_some_and(|s| s >= 500),
            Error::Decode { .. } => true,
            _ => false,
        }
    }

    /// A `Decode` error whose snippet is the redacted, shortened start of `body`.
    pub fn decode(message: impl Into<String>, body: &[u8], redactor: &crate::Redactor) -> Self {
        Error::Decode {
            message: redactor.redact(&message.into()),
            snippet: redactor.snippet(body),
        }
    }

    /// The answer was bigger than the pipeline reads ([`crate::Policy::max_body_bytes`]). A `Decode`
    /// error: the request may have been processed (a create answered with a huge body is an unknown
    /// outcome, looked up before any resend), and it is not retried.
    /// No snippet: the start of an unread body may hold anything (a token of a grant answer included).
    pub fn body_too_large(limit: u64, status: u16) -> Self {
        Error::Decode {
            message: format!(
                "the vendor's answer (HTTP {status}) is larger than the {} ShopDesk accepts; it was not read",
                human_size(limit)
            ),
            snippet: String::new(),
        }
    }

    /// A 3xx answer: the pipeline never follows redirects (a redirect could carry the credential to
    /// another host), so the request ends here.
    pub fn redirected(status: u16) -> Self {
        Error::VendorRejected {
            vendor_code: format!("HTTP_{status}"),
            message:
                "the vendor answered with a redirect to another address; ShopDesk does not follow \
                      redirects, so nothing was sent there. Check the account's server address."
                    .into(),
            http_status: Some(status),
        }
    }

    /// A list walk reached its page cap ([`crate::Policy::max_pages`]) while the vendor still announced
    /// more pages: a vendor that always says "next" must not keep us walking forever.
    pub fn too_many_pages(what: &str, max_pages: u32) -> Self {
        Error::VendorRejected {
            vendor_code: "TOO_MANY_PAGES".into(),
            message: format!(
                "{what}: the vendor still announced more pages after {max_pages}; the list was stopped there"
            ),
            http_status: None,
        }
    }

    /// A base URL we refuse to call (not https, or http to a host that is not this machine).
    pub fn insecure_url(message: impl Into<String>) -> Self {
        let message = message.into();
        let mut fields = FieldErrors::new();
        fields.insert("baseUrl".into(), vec![message.clone()]);
        Error::Validation {
            fields,
            vendor_code: None,
            message: Some(message),
        }
    }

    /// Input our own code refused before sending anything (a caller's bug, not a vendor's answer).
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::Validation {
            fields: FieldErrors::new(),
            vendor_code: None,
            message: Some(message.into()),
        }
    }

    /// The error a bare HTTP status maps to when the body said nothing more useful.
    pub fn from_status(status: u16, vendor_code: Option<String>, message: Option<String>) -> Self {
        match status {
            401 => Error::Unauthorized {
                vendor_code,
                message,
            },
            403 => Error::Forbidden {
                permission: None,
                vendor_code,
                message,
            },
            404 => Error::NotFound {
                vendor_code,
                message,
            },
            400 | 422 => Error::Validation {
                fields: FieldErrors::new(),
                vendor_code,
                message,
            },
            408 | 504 => Error::Timeout,
            _ => Error::VendorRejected {
                vendor_code: vendor_code.unwrap_or_else(|| format!("HTTP_{status}")),
                message: message.unwrap_or_default(),
                http_status: Some(status),
            },
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.checked_rem(MIB) == Some(0) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_code_is_kept() {
        let e = Error::from_status(404, Some("order_not_found".into()), None);
        assert_eq!(e.vendor_code(), Some("order_not_found"));
        assert!(matches!(e, Error::NotFound { .. }));
        let e = Error::from_status(503, None, None);
        assert_eq!(e.vendor_code(), Some("HTTP_503"));
        assert!(e.is_transient());
        assert!(e.outcome_unknown());
    }

    #[test]
    fn validation_is_neither_transient_nor_unknown() {
        let e = Error::from_status(422, Some("ALREADY_EXISTS".into()), None);
        assert!(!e.is_transient());
        assert!(!e.outcome_unknown());
    }
}
