//! Error codes stored in the journal and shown (localized) by the UI. Codes, never sentences.

use vendor_http::Error;

/// The request timed out: the vendor may have processed it.
pub const VENDOR_TIMEOUT: &str = "vendor.timeout";
/// The connection failed or dropped: the vendor may have processed it.
pub const VENDOR_NETWORK: &str = "vendor.network";
/// The vendor answered 5xx: it may have processed it.
pub const VENDOR_SERVER_ERROR: &str = "vendor.server_error";
/// The vendor's answer could not be read: it may have processed it.
pub const VENDOR_DECODE: &str = "vendor.decode";
/// The vendor refused the input (nothing changed).
pub const VENDOR_VALIDATION: &str = "vendor.validation";
/// The vendor refused the request (nothing changed).
pub const VENDOR_REJECTED: &str = "vendor.rejected";
pub const VENDOR_NOT_FOUND: &str = "vendor.not_found";
pub const VENDOR_UNAUTHORIZED: &str = "vendor.unauthorized";
pub const VENDOR_FORBIDDEN: &str = "vendor.forbidden";
pub const VENDOR_RATE_LIMITED: &str = "vendor.rate_limited";
pub const INTERNAL: &str = "internal";

/// The write landed but the vendor shows less than the target: it floors its sellable figure at 0 and
/// more was reserved than held, so the delta started below the 0 it showed. Never resent on its own.
pub const VENDOR_SHORT: &str = "vendor.short";
/// The vendor no longer has a figure for the cell (listing or warehouse gone).
pub const CELL_MISSING: &str = "cell.missing";
/// Re-reading the cells before the send failed: nothing was sent.
pub const READ_FAILED: &str = "read.failed";
/// The lookup by marker could not read everything: the batch may have landed. Never resent.
pub const LOOKUP_INCONCLUSIVE: &str = "lookup.inconclusive";
/// The lookup by marker failed; the batch stays uncertain until the next recovery.
pub const LOOKUP_FAILED: &str = "lookup.failed";
/// Resent the configured number of times without a definite answer.
pub const ATTEMPTS_EXHAUSTED: &str = "push.attempts_exhausted";
/// The run was cancelled before this row's batch.
pub const RUN_CANCELLED: &str = "run.cancelled";
/// The process stopped while the batch was being sent (set by recovery).
pub const INTERRUPTED: &str = "push.interrupted";

/// The code of a vendor failure.
pub fn of(e: &Error) -> &'static str {
    match e {
        Error::Timeout => VENDOR_TIMEOUT,
        Error::Network { .. } => VENDOR_NETWORK,
        Error::VendorRejected { http_status, .. } if http_status.is_some_and(|s| s >= 500) => {
            VENDOR_SERVER_ERROR
        }
        Error::VendorRejected { .. } => VENDOR_REJECTED,
        Error::Decode { .. } => VENDOR_DECODE,
        Error::Validation { .. } => VENDOR_VALIDATION,
        Error::NotFound { .. } => VENDOR_NOT_FOUND,
        Error::Unauthorized { .. } => VENDOR_UNAUTHORIZED,
        Error::Forbidden { .. } => VENDOR_FORBIDDEN,
        Error::RateLimited { .. } => VENDOR_RATE_LIMITED,
        Error::Internal { .. } => INTERNAL,
    }
}

/// Whether the vendor certainly did not apply the request: a refusal it answered (validation, 4xx,
/// auth). Everything else (timeouts, dropped connections, 5xx, unreadable answers, our own internal
/// errors) may have landed and is looked up before any resend. A rate-limit answer is neither: not
/// processed, retried after the pause.
pub fn is_certain_refusal(e: &Error) -> bool {
    !e.outcome_unknown() && !matches!(e, Error::RateLimited { .. } | Error::Internal { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_and_uncertain_outcomes() {
        assert!(is_certain_refusal(&Error::from_status(422, None, None)));
        assert!(is_certain_refusal(&Error::from_status(409, None, None)));
        assert!(!is_certain_refusal(&Error::from_status(503, None, None)));
        assert!(!is_certain_refusal(&Error::Timeout));
        assert!(!is_certain_refusal(&Error::Internal {
            message: String::new()
        }));
        assert_eq!(
            of(&Error::from_status(503, None, None)),
            VENDOR_SERVER_ERROR
        );
        assert_eq!(of(&Error::from_status(409, None, None)), VENDOR_REJECTED);
    }
}
