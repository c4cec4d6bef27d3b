//! Which URLs ShopDesk hands to the operating system (the browser, a file viewer): `https:` only, and
//! `http:` only on this machine (the demo simulators on 127.0.0.1). Anything else — `file:`,
//! `javascript:`, custom schemes that launch programs, plain `http:` to another host — is refused.

use crate::{AppError, ErrorCode};

/// Is `host` this machine (127.0.0.0/8, ::1, localhost)?
pub fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// The URL, parsed, when it may be opened outside the app; a `Validation` error otherwise.
pub fn openable(raw: &str) -> Result<url::Url, AppError> {
    let refuse = || {
        AppError::new(
            ErrorCode::Validation,
            "ShopDesk opens only https links (and the demo's local links)",
        )
    };
    let u = url::Url::parse(raw.trim()).map_err(|_| refuse())?;
    let local = u.host().as_ref().is_some_and(is_loopback_host);
    match u.scheme() {
        "https" if u.host().is_some() => Ok(u),
        "http" if local => Ok(u),
        _ => Err(refuse()),
    }
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
