//! Which vendor addresses the pipeline will call: `https://` anywhere, `http://` only on this machine
//! (the sandbox and tests listen on 127.0.0.1), nothing else. Credentials travel in every request
//! (Pancake's even in the query string), so a plain-text hop to another machine is refused up front.

use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use crate::{Error, Result};

/// Whether `url`'s host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => Ipv4Addr::is_loopback(&ip),
        Some(Host::Ipv6(ip)) => Ipv6Addr::is_loopback(&ip),
        None => false,
    }
}

/// `Ok` when the pipeline may call `url`: `https` with a host, or `http` to a loopback host.
/// Anything else is a `Validation` error on the `baseUrl` field.
pub fn check_base_url(url: &Url) -> Result<()> {
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "https" => Err(Error::insecure_url("the server address has no host name")),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(Error::insecure_url(
            "the server address must start with https:// (plain http:// is only allowed for this \
             computer: localhost or 127.0.0.1)",
        )),
        other => Err(Error::insecure_url(format!(
            "the server address must start with https://, not {other}:"
        ))),
    }
}

/// Parse a base URL typed by a user or taken from settings, and [`check_base_url`] it. A text that is
/// not a URL is a `Validation` error too (never `Internal`: it is input, not a bug).
pub fn parse_base_url(text: &str) -> Result<Url> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::insecure_url(format!("the server address is not a valid URL ({e})")))?;
    check_base_url(&url)?;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> bool {
        parse_base_url(s).is_ok()
    }

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        assert!(ok("https://pos.pages.fm/api/v1"));
        assert!(ok("http://127.0.0.1:8080/onflow"));
        assert!(ok("http://127.8.9.10/x"));
        assert!(ok("http://localhost:3000"));
        assert!(ok("http://LOCALHOST:3000"));
        assert!(ok("http://[::1]:9000/nhanh"));
        assert!(!ok("http://pos.pages.fm/api/v1"));
        assert!(!ok("http://10.0.0.1/"));
        assert!(!ok("http://localhost.example.com/"));
        assert!(!ok("http://[::ffff:8.8.8.8]/"));
        assert!(!ok("ftp://127.0.0.1/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("ws://127.0.0.1/"));
        assert!(!ok("not a url"));
        match parse_base_url("http://example.com") {
            Err(Error::Validation { fields, .. }) => assert!(fields.contains_key("baseUrl")),
            other => panic!("expected Validation, got {other:?}"),
        }
    }
}
