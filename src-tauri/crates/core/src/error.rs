//! The one error type that crosses IPC: `{ code, message, details? }`.
//!
//! `code` is a stable enum the UI switches on (it shows the localized text for the code from its i18n files);
//! `message` is a safe, already-redacted English explanation for logs and support; `details` carries field
//! errors for forms and the vendor's own code. Add a code only when a screen acts on it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Also what the local databases store for a failure (`sync_runs.error_code`): [`ErrorCode::as_str`] /
/// [`ErrorCode::parse`], the same names as on the wire: camelCase like every IPC enum (`parse` also reads
/// the PascalCase names stored before). No stored JSON holds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    Unauthorized,
    Forbidden,
    RateLimited,
    Validation,
    NotFound,
    VendorRejected,
    Network,
    Timeout,
    KeyringUnavailable,
    KeyringLocked,
    Conflict,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::RateLimited,
        ErrorCode::Validation,
        ErrorCode::NotFound,
        ErrorCode::VendorRejected,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::KeyringUnavailable,
        ErrorCode::KeyringLocked,
        ErrorCode::Conflict,
        ErrorCode::Internal,
    ];

    /// The code's name, as serde writes it (`"rateLimited"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::RateLimited => "rateLimited",
            ErrorCode::Validation => "validation",
            ErrorCode::NotFound => "notFound",
            ErrorCode::VendorRejected => "vendorRejected",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::KeyringUnavailable => "keyringUnavailable",
            ErrorCode::KeyringLocked => "keyringLocked",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Internal => "internal",
        }
    }

    /// The inverse of [`ErrorCode::as_str`]. Also reads the PascalCase names (`"RateLimited"`) that
    /// versions before the one casing stored.
    pub fn parse(s: &str) -> Option<ErrorCode> {
        let mut name = s.to_string();
        if let Some(first) = name.get_mut(0..1) {
            first.make_ascii_lowercase();
        }
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// The kind of a vendor failure: the one mapping from `vendor_http::Error` to a code (an [`AppError`]'s, a
/// stored failure's).
impl From<&vendor_http::Error> for ErrorCode {
    fn from(e: &vendor_http::Error) -> Self {
        use vendor_http::Error as E;
        match e {
            E::Unauthorized { .. } => ErrorCode::Unauthorized,
            E::Forbidden { .. } => ErrorCode::Forbidden,
            E::RateLimited { .. } => ErrorCode::RateLimited,
            E::Validation { .. } => ErrorCode::Validation,
            E::NotFound { .. } => ErrorCode::NotFound,
            E::VendorRejected { .. } => ErrorCode::VendorRejected,
            E::Network { .. } => ErrorCode::Network,
            E::Timeout => ErrorCode::Timeout,
            E::Decode { .. } | E::Internal { .. } => ErrorCode::Internal,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails {
    /// Field name → messages, for forms.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Vec<String>>,
    /// The vendor's own error code, when a vendor refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_code: Option<String>,
    /// The permission the vendor said is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// RFC 3339 time when a rate-limited call may be retried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Box<ErrorDetails>>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    pub fn with_details(mut self, details: ErrorDetails) -> Self {
        self.details = Some(Box::new(details));
        self
    }
}

impl From<vendor_http::Error> for AppError {
    fn from(e: vendor_http::Error) -> Self {
        use vendor_http::Error as E;
        let message = e.to_string();
        let code = ErrorCode::from(&e);
        let vendor_code = e.vendor_code().map(str::to_string);
        let mut details = ErrorDetails {
            vendor_code,
            ..Default::default()
        };
        match e {
            E::Forbidden { permission, .. } => details.permission = permission,
            E::RateLimited { retry_at, .. } => details.retry_at = Some(retry_at.to_rfc3339()),
            E::Validation { fields, .. } => details.fields = fields,
            _ => {}
        }
        let details = (details != ErrorDetails::default()).then(|| Box::new(details));
        AppError {
            code,
            message,
            details,
        }
    }
}

impl AppError {
    /// A form field error: `code` is an i18n key under `validation.` in the UI.
    pub fn field(field: &str, code: &str) -> AppError {
        AppError::new(ErrorCode::Validation, format!("{field}: {code}")).with_details(
            ErrorDetails {
                fields: std::collections::BTreeMap::from([(
                    field.to_string(),
                    vec![code.to_string()],
                )]),
                ..Default::default()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_details() {
        let e = AppError::from(vendor_http::Error::Validation {
            fields: [("phone".to_string(), vec!["invalid".to_string()])].into(),
            vendor_code: Some("ERR_INVALID_FORM_FIELDS".into()),
            message: None,
        });
        let v = serde_json::to_value(&e).expect("serializes");
        assert_eq!(v["code"], "validation");
        assert_eq!(v["details"]["fields"]["phone"][0], "invalid");
        assert_eq!(v["details"]["vendorCode"], "ERR_INVALID_FORM_FIELDS");
        let plain = serde_json::to_value(AppError::internal("x")).expect("serializes");
        assert!(plain.get("details").is_none());
    }

    #[test]
    fn codes_are_stored_under_their_wire_names() {
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(c.as_str()), Some(c));
            let json = serde_json::to_value(c).unwrap_or_default();
            assert_eq!(json, serde_json::json!(c.as_str()));
            assert_eq!(serde_json::from_value::<ErrorCode>(json).ok(), Some(c));
        }
        assert_eq!(ErrorCode::parse("nope"), None);
        // what versions before the one casing stored
        assert_eq!(
            ErrorCode::parse("RateLimited"),
            Some(ErrorCode::RateLimited)
        );
        assert_eq!(
            ErrorCode::parse("KeyringLocked"),
            Some(ErrorCode::KeyringLocked)
        );
    }

    #[test]
    fn vendor_errors_keep_their_kind() {
        let e: AppError = vendor_http::Error::Timeout.into();
        assert_eq!(e.code, ErrorCode::Timeout);
        let e: AppError = vendor_http::Error::Forbidden {
            permission: Some("ql_donhang".into()),
            vendor_code: None,
            message: None,
        }
        .into();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert_eq!(
            e.details.and_then(|d| d.permission).as_deref(),
            Some("ql_donhang")
        );
    }
}
