//! Secret redaction for everything that can leave the pipeline as text: URLs in spans and errors, body
//! snippets in `Decode` errors, and the `Debug` output of credentials.

use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};

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
        let secrets: Vec<SecretString> = secrets
            .into_iter()
            .map(Into::into)
            .filter(|s: &SecretString| s.expose_secret().len() >= 4)
            .collect();
        for s in &secrets {
            remember(s);
        }
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

/// How many secret values the process-wide registry keeps (the newest win): far more than the
/// accounts a shop connects, small enough that redacting a log line stays cheap.
const KNOWN_MAX: usize = 256;

fn known() -> &'static RwLock<Vec<SecretString>> {
    static KNOWN: OnceLock<RwLock<Vec<SecretString>>> = OnceLock::new();
    KNOWN.get_or_init(|| RwLock::new(Vec::new()))
}

/// Remember a secret value process-wide, so text that never passes through its client's redactor (the
/// log file, a panic report, the diagnostics bundle) is scrubbed of it too. Every [`Redactor`] built
/// with secrets calls this; values shorter than 4 characters are ignored like there.
pub fn remember(secret: &SecretString) {
    let v = secret.expose_secret();
    if v.len() < 4 {
        return;
    }
    let mut known = known().write().unwrap_or_else(|p| p.into_inner());
    if known.iter().any(|k| k.expose_secret() == v) {
        return;
    }
    if known.len() >= KNOWN_MAX {
        known.remove(0);
    }
    known.push(secret.clone());
}

/// [`Redactor::redact`] with every secret this process has seen: secret-named query values and every
/// remembered secret value are replaced with `***`.
pub fn redact_known(text: &str) -> String {
    let mut out = redact_query_values(text);
    let known = known().read().unwrap_or_else(|p| p.into_inner());
    for s in known.iter() {
        let v = s.expose_secret();
        if out.contains(v) {
            out = out.replace(v, MASK);
        }
    }
    out
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
                let mut j = value_start;
                // a quoted value (`token="…"` in a log line's fields) is masked up to its closing quote
                if let Some(&q) = bytes.get(j).filter(|b| matches!(b, b'"' | b'\'')) {
                    out.push(q as char);
                    out.push_str(MASK);
                    j += 1;
                    while j < bytes.len() && bytes[j] != q {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                out.push_str(MASK);
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
    fn a_redactor_teaches_the_process_wide_registry() {
        let secret = "pk_live_registry_9f8e7d";
        assert!(redact_known(&format!("token {secret}")).contains(secret));
        let _r = Redactor::new([secret.to_string()]);
        let out = redact_known(&format!("log: token {secret} and ?api_key=abc123&x=1"));
        assert_eq!(out, "log: token *** and ?api_key=***&x=1");
        assert_eq!(
            redact_known(r#"x access_token="tok 12" y"#),
            r#"x access_token="***" y"#
        );
    }

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
