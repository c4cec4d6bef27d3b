//! Which URLs ShopDesk hands to the operating system (the browser, a file viewer): `https:` only, and
//! `http:` only on this machine (the demo simulators on 127.0.0.1). Anything else — `file:`,
//! `javascript:`, custom schemes that launch programs, plain `http:` to another host — is refused.

use crate::{AppError, ErrorCode};

/// The URL, parsed, when it may be opened outside the app; a `Validation` error otherwise. The rule is
/// the one every vendor call already follows (`vendor_http::check_base_url`).
pub fn openable(raw: &str) -> Result<vendor_http::Url, AppError> {
    let refuse = || {
        AppError::new(
            ErrorCode::Validation,
            "ShopDesk opens only https links (and the demo's local links)",
        )
    };
    let u = vendor_http::Url::parse(raw.trim()).map_err(|_| refuse())?;
    vendor_http::check_base_url(&u).map_err(|_| refuse())?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::openable;

    #[test]
    fn only_https_and_local_http_are_opened() {
        for ok in [
            "https://pos.pages.fm/shop/1",
            "https://files.example.vn/a.pdf",
            "http://127.0.0.1:4321/files/a.pdf",
            "http://localhost:9/x",
            "http://[::1]:80/",
        ] {
            assert!(openable(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://files.example.vn/a.pdf",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ms-settings:",
            "smb://host/share",
            "",
            "not a url",
            "http://127.0.0.1.evil.example/",
        ] {
            assert!(openable(bad).is_err(), "{bad}");
        }
    }
}
