//! Why an outbox entry is not created (yet): a stable code, never a sentence.
//!
//! The UI shows each code's text in the user's language (`orders.outbox.codes.*` in its i18n files) and the
//! redacted detail (the vendor error's own words, or what the lookup could not read) as secondary text, for
//! support. Stored in `outbox.error_code` / `outbox.error_detail` (schema v3); rows written before keep their
//! English sentence in `last_error`, shown as it is.

use serde::{Deserialize, Serialize};

/// What went wrong with an entry, in the outbox's own terms (the state says what happens next).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SendCode {
    /// The app stopped while the order was being sent: it is looked up before anything is sent again.
    Interrupted,
    /// The vendor's answer to the create was lost (timeout, network, 5xx, unreadable answer): looked up
    /// before any re-send.
    NoAnswer,
    /// The vendor limited the calls (create or lookup): the entry waits, then is looked up and sent.
    RateLimited,
    /// The vendor refused the order (validation, another 4xx): nothing was created.
    Refused,
    /// The account's credential is wrong, expired or lacks a permission (create or lookup).
    Unauthorized,
    /// The lookup failed (network, 5xx …): retried, counted against the attempts.
    LookupFailed,
    /// The lookup could not read every order since the first send: counted like a failed lookup, never
    /// taken for "not found".
    LookupInconclusive,
    /// The vendor refused the lookup itself (other than the credential).
    LookupRefused,
    /// The vendor says an order with our reference exists, but the lookup did not find it.
    DuplicateNotFound,
    /// A failure on our side (a bug, an impossible state).
    Internal,
}

impl SendCode {
    pub const ALL: [SendCode; 10] = [
        SendCode::Interrupted,
        SendCode::NoAnswer,
        SendCode::RateLimited,
        SendCode::Refused,
        SendCode::Unauthorized,
        SendCode::LookupFailed,
        SendCode::LookupInconclusive,
        SendCode::LookupRefused,
        SendCode::DuplicateNotFound,
        SendCode::Internal,
    ];

    /// The stored value, the same as on the wire (`"noAnswer"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SendCode::Interrupted => "interrupted",
            SendCode::NoAnswer => "noAnswer",
            SendCode::RateLimited => "rateLimited",
            SendCode::Refused => "refused",
            SendCode::Unauthorized => "unauthorized",
            SendCode::LookupFailed => "lookupFailed",
            SendCode::LookupInconclusive => "lookupInconclusive",
            SendCode::LookupRefused => "lookupRefused",
            SendCode::DuplicateNotFound => "duplicateNotFound",
            SendCode::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<SendCode> {
        SendCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// An entry's last problem: the code and the redacted detail behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SendError {
    pub code: SendCode,
    /// The vendor's own (redacted) words, or what the lookup could not read: for support, not translated.
    pub detail: Option<String>,
}

impl SendError {
    pub fn new(code: SendCode) -> Self {
        SendError { code, detail: None }
    }

    pub fn with_detail(code: SendCode, detail: impl Into<String>) -> Self {
        SendError {
            code,
            detail: Some(detail.into()),
        }
    }

    /// A failed lookup by reference: throttled, transient (retried), the credential, or refused.
    pub fn lookup(e: &vendor_http::Error) -> Self {
        use vendor_http::Error as E;
        let code = match e {
            E::RateLimited { .. } => SendCode::RateLimited,
            E::Unauthorized { .. } | E::Forbidden { .. } => SendCode::Unauthorized,
            _ if e.is_transient() || e.outcome_unknown() => SendCode::LookupFailed,
            E::Internal { .. } => SendCode::Internal,
            _ => SendCode::LookupRefused,
        };
        SendError::with_detail(code, e.to_string())
    }
}

/// A create the vendor answered with an error (vendor errors are redacted: the detail is safe to show).
impl From<&vendor_http::Error> for SendError {
    fn from(e: &vendor_http::Error) -> Self {
        use vendor_http::Error as E;
        let code = match e {
            E::RateLimited { .. } => SendCode::RateLimited,
            E::Unauthorized { .. } | E::Forbidden { .. } => SendCode::Unauthorized,
            _ if e.is_transient() || e.outcome_unknown() => SendCode::NoAnswer,
            E::Internal { .. } => SendCode::Internal,
            E::Validation { .. } | E::NotFound { .. } | E::VendorRejected { .. } => {
                SendCode::Refused
            }
            E::Network { .. } | E::Timeout | E::Decode { .. } => SendCode::NoAnswer,
        };
        SendError::with_detail(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vendor_http::Error as E;

    #[test]
    fn codes_are_stored_under_their_wire_names() {
        for c in SendCode::ALL {
            assert_eq!(SendCode::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::json!(c.as_str()))
            );
        }
        assert_eq!(SendCode::parse("interrupted while sending"), None);
    }

    #[test]
    fn vendor_errors_map_to_what_the_user_must_know() {
        let create = |e: &E| SendError::from(e).code;
        assert_eq!(create(&E::Timeout), SendCode::NoAnswer);
        assert_eq!(create(&E::from_status(503, None, None)), SendCode::NoAnswer);
        assert_eq!(create(&E::from_status(422, None, None)), SendCode::Refused);
        assert_eq!(
            create(&E::from_status(401, None, None)),
            SendCode::Unauthorized
        );
        assert_eq!(
            create(&E::from_status(403, None, None)),
            SendCode::Unauthorized
        );
        let lookup = |e: &E| SendError::lookup(e).code;
        assert_eq!(lookup(&E::Timeout), SendCode::LookupFailed);
        assert_eq!(
            lookup(&E::from_status(500, None, None)),
            SendCode::LookupFailed
        );
        assert_eq!(
            lookup(&E::from_status(401, None, None)),
            SendCode::Unauthorized
        );
        assert_eq!(
            lookup(&E::from_status(404, None, None)),
            SendCode::LookupRefused
        );
        let e = SendError::from(&E::from_status(422, Some("ERR_PHONE".into()), None));
        assert!(e.detail.is_some_and(|d| d.contains("ERR_PHONE")));
    }
}
