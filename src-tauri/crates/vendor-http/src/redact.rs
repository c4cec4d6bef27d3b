//! Secret redaction for everything that can leave the pipeline as text: URLs in spans and errors, body
//! snippets in `Decode` errors, and the `Debug` output of credentials.

use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

/// Query parameters whose values are always replaced, whatever the vendor.
pub const SECRET_QUERY_PARAMS: &[&str] = &[
    "api_key",
    "apikey",
    "access_token",
    "accesstoken",
    "token",
    "secretkey",
    "secret_key",
    "secret",
    "accesscode",
    "access_code",
    "password",
];

const MASK: &str = "***";
const SNIPPET_CHARS: usize = 200;

/// Scrubs known secret values and secret-named query parameters from text.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Arc<Vec<SecretString>>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    /// A redactor that also replaces every occurrence of these secret values (empty ones are ignored).
    pub fn new<I, S>(secrets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<SecretString>,
    {
        let secrets = secrets
            .into_iter()
            .map(Into::into)
            .filter(|s: &SecretString| s.expose_secret().len() >= 4)
            .collect();
        Redactor {
            secrets: Arc::new(secrets),
        }
    }

    /// Replace every known secret value and every secret-named query value in `text`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = redact_query_values(text);
        for s in self.secrets.iter() {
            let v = s.expose_secret();
            if out.contains(v) {
                out = out.replace(v, MASK);
            }
        }
        out
    }

    /// A URL as it may appear in logs and errors.
    pub fn url(&self, url: &url::Url) -> String {
        self.redact(url.as_str())
    }

    /// The redacted start of a body, for `Decode` errors.
    pub fn snippet(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let short: String = text.chars().take(SNIPPET_CHARS * 2).collect();
        let red = self.redact(&short);
        let mut s: String = red.chars().take(SNIPPET_CHARS).collect();
        if red.chars().count() > SNIPPET_CHARS || text.chars().count() > SNIPPET_CHARS * 2 {
            s.push('…');
        }
        s
    }
}

/// Replace the values of secret-named `key=value` pairs (query strings, form bodies) with `***`.
pub fn redact_query_values(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let mut matched = None;
        // a parameter name starts the text or follows one of ? & ; space or a quote
        let at_boundary =
            i == 0 || matches!(bytes[i - 1], b'?' | b'&' | b';' | b' ' | b'"' | b'\'');
        if at_boundary {
            for name in SECRET_QUERY_PARAMS {
                let end = i + name.len();
                if end < bytes.len() && lower[i..].starts_with(name) && bytes[end] == b'=' {
                    matched = Some(end + 1);
                    break;
                }
            }
        }
        match matched {
            Some(value_start) => {
                out.push_str(&text[i..value_start]);
                out.push_str(MASK);
                let mut j = value_start;
                while j < bytes.len()
                    && !matches!(bytes[j], b'&' | b' ' | b'"' | b'\'' | b'#' | b';')
                {
                    j += 1;
                }
                i = j;
            }
            None => {
                // advance by one whole UTF-8 character
                let ch_len = text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
                out.push_str(&text[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_secret_values_are_masked() {
        let s = "https://pos.pages.fm/api/v1/shops?api_key=abcdef123456&page=2";
        assert_eq!(
            redact_query_values(s),
            "https://pos.pages.fm/api/v1/shops?api_key=***&page=2"
        );
        let s = "GET /x?page=1&ACCESS_TOKEN=zzz#frag";
        assert_eq!(
            redact_query_values(s),
            "GET /x?page=1&ACCESS_TOKEN=***#frag"
        );
        // a parameter that merely ends with a secret name is left alone
        assert_eq!(redact_query_values("?my_token_x=1"), "?my_token_x=1");
    }

    #[test]
    fn known_secret_values_are_masked_anywhere() {
        let r = Redactor::new(["s3cr3t-value".to_string()]);
        assert_eq!(
            r.redact("body echoed s3cr3t-value back, Tiếng Việt ok"),
            "body echoed *** back, Tiếng Việt ok"
        );
        assert!(!format!("{r:?}").contains("s3cr3t"));
    }

    #[test]
    fn snippets_are_short_and_redacted() {
        let r = Redactor::new(["KEY12345".to_string()]);
        let body = format!("<html>KEY12345{}</html>", "x".repeat(1000));
        let s = r.snippet(body.as_bytes());
        assert!(!s.contains("KEY12345"));
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
    }
}
