//! The app/OAuth flow: build the consent URL, take back what the user pastes (the code or the whole
//! redirect URL), exchange the one-time `accessCode` with the app's `secretKey` for a one-year token.

use std::fmt;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use vendor_http::{Error, HttpClient, Redactor, RequestSpec, Result, Safety, Url};

use crate::client::{limit_key, Client, Config, Credentials};
use crate::envelope;
use serde_with::{serde_as, DefaultOnError, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

/// What a successful exchange (or token check) returns. `depot_ids` empty = every depot.
#[serde_as]
#[derive(Clone, Deserialize)]
pub struct AccessGrant {
    #[serde(rename = "accessToken", deserialize_with = "secret")]
    pub access_token: SecretString,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "businessId")]
    pub business_id: i64,
    /// Depots the token may touch; empty (or `"All"` at the vendor) = all depots.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Int>, OneOrMany<lenient::Int>)>>"
    )]
    #[serde(rename = "depotIds", default)]
    pub depot_ids: Vec<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(rename = "pageIds", default)]
    pub page_ids: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub permissions: Vec<String>,
    #[serde(rename = "expiredAt", deserialize_with = "expiry")]
    pub expired_at: DateTime<Utc>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub version: String,
}

impl fmt::Debug for AccessGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessGrant")
            .field("access_token", &"***")
            .field("business_id", &self.business_id)
            .field("depot_ids", &self.depot_ids)
            .field("permissions", &self.permissions)
            .field("expired_at", &self.expired_at)
            .finish()
    }
}

impl AccessGrant {
    /// The credentials a [`Client`] needs.
    pub fn credentials(&self) -> Credentials {
        Credentials {
            business_id: self.business_id,
            access_token: self.access_token.clone(),
        }
    }
    /// Tokens live one year and cannot be refreshed: true when `expired_at` is within `margin` of `now`
    /// (the app asks the merchant to run the consent flow again; 30 days is a good margin).
    pub fn reconsent_due(&self, now: DateTime<Utc>, margin: chrono::Duration) -> bool {
        self.expired_at - margin <= now
    }

    /// The last four characters of the token, for the UI.
    pub fn token_hint(&self) -> String {
        let t = self.access_token.expose_secret();
        let n = t.chars().count();
        t.chars().skip(n.saturating_sub(4)).collect()
    }
}

/// Shortest run of token characters treated as a possible secret (Nhanh's tokens are longer).
const TOKEN_LIKE_MIN: usize = 16;

/// Everything in a grant answer that could be the token: the value after any `accessToken` /
/// `access_token` key (found textually, so broken JSON counts too), and every run of at least
/// [`TOKEN_LIKE_MIN`] token characters (letters, digits, `-_.~+/=`) mixing letters and digits.
pub(crate) fn token_like(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let mut out: Vec<String> = Vec::new();
    let lower = text.to_ascii_lowercase();
    for key in ["accesstoken", "access_token"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(key) {
            let after = from + i + key.len();
            from = after;
            // skip `"`, spaces and `:` / `=` up to the value, then take it up to its end
            let rest = &text[after..];
            let value: String = rest
                .trim_start_matches(|c: char| {
                    c == '"' || c == '\'' || c == ':' || c == '=' || c.is_whitespace()
                })
                .chars()
                .take_while(|c| {
                    !matches!(c, '"' | '\'' | ',' | '}' | ']' | '&') && !c.is_whitespace()
                })
                .take(4096)
                .collect();
            if !value.is_empty() {
                out.push(value);
            }
        }
    }
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=');
    for run in text.split(|c: char| !is_token_char(c)) {
        if run.len() >= TOKEN_LIKE_MIN
            && run.chars().any(|c| c.is_ascii_alphabetic())
            && run.chars().any(|c| c.is_ascii_digit())
        {
            out.push(run.to_string());
        }
    }
    // longest first, so a token is masked whole before any shorter piece of it
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<SecretString, D::Error> {
    let s = String::deserialize(d)?;
    if s.is_empty() {
        return Err(serde::de::Error::custom("empty accessToken"));
    }
    Ok(SecretString::from(s))
}

fn expiry<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<DateTime<Utc>, D::Error> {
    let v = Value::deserialize(d)?;
    lenient::Epoch::of(&v)
        .ok_or_else(|| serde::de::Error::custom("expiredAt is not a Unix timestamp"))
}

/// Pull the access code out of what the user pasted: the bare code, or the whole redirect URL
/// (`https://…/callback?accessCode=…`), with any surrounding whitespace or quotes.
pub fn extract_access_code(pasted: &str) -> Result<String> {
    let t = pasted
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == '<' || c == '>')
        .trim();
    if t.is_empty() {
        return Err(invalid_code("the access code is empty"));
    }
    let lower = t.to_ascii_lowercase();
    let looks_like_url = t.contains("://")
        || t.contains('?')
        || lower.contains("accesscode=")
        || lower.contains("access_code=");
    if looks_like_url {
        // the query (and fragment) of a URL, or a bare `accessCode=…` pair
        let query = match t.split_once('?') {
            Some((_, q)) => q,
            None if t.contains("://") => t.split_once('#').map_or("", |(_, f)| f),
            None => t,
        };
        let found = query
            .split('#')
            .flat_map(|part| url::form_urlencoded::parse(part.trim().as_bytes()))
            .find(|(k, _)| {
                k.eq_ignore_ascii_case("accessCode") || k.eq_ignore_ascii_case("access_code")
            })
            .map(|(_, v)| v.trim().to_string());
        return match found {
            Some(code) if valid_code(&code) => Ok(code),
            _ => Err(invalid_code("the pasted address has no accessCode")),
        };
    }
    let code: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if valid_code(&code) {
        Ok(code)
    } else {
        Err(invalid_code("the access code has unexpected characters"))
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 1024
        && code.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=')
        })
}

fn invalid_code(msg: &str) -> Error {
    let mut fields = vendor_http::FieldErrors::new();
    fields.insert("accessCode".into(), vec![msg.to_string()]);
    Error::Validation {
        fields,
        vendor_code: None,
        message: Some(msg.to_string()),
    }
}

/// The app side of the flow: knows the appId and secretKey, not yet a business.
#[derive(Clone)]
pub struct OAuth {
    config: Config,
    secret_key: SecretString,
    http: HttpClient,
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("app_id", &self.config.app_id)
            .field("oauth_url", &self.config.oauth_url.as_str())
            .finish_non_exhaustive()
    }
}

impl OAuth {
    pub fn new(config: Config, secret_key: SecretString) -> Result<Self> {
        config.check()?;
        let redactor = Redactor::new([secret_key.expose_secret().to_string()]);
        let http = HttpClient::new(config.policy(), redactor)?;
        Ok(OAuth {
            config,
            secret_key,
            http,
        })
    }

    /// `https://nhanh.vn/oauth?appId=…&returnLink=…` (plus `version=3.0`, which Nhanh accepts).
    pub fn consent_url(&self, return_link: &str) -> Url {
        let mut url = self.config.oauth_url.clone();
        url.query_pairs_mut()
            .append_pair("version", "3.0")
            .append_pair("appId", &self.config.app_id.to_string())
            .append_pair("returnLink", return_link);
        url
    }

    /// Exchange what the user pasted (code or redirect URL) for a token. The code is single-use and
    /// expires after 10 minutes, so this is never retried automatically. The answer carries the new
    /// token: before it is parsed, the token (even in broken JSON) and every token-like string of the
    /// body join the redactor, so no error message, snippet or log line can show it.
    pub async fn exchange(&self, pasted: &str) -> Result<AccessGrant> {
        let code = extract_access_code(pasted)?;
        let known = [self.secret_key.expose_secret().to_string(), code.clone()];
        let mut url = self.config.endpoint("app/getaccesstoken")?;
        url.query_pairs_mut()
            .append_pair("appId", &self.config.app_id.to_string());
        let body = serde_json::json!({
            "accessCode": code,
            "secretKey": self.secret_key.expose_secret(),
        });
        let spec = RequestSpec::post(url)
            .json(&body)?
            .safety(Safety::Write)
            .limit_key(limit_key("app/getaccesstoken"));
        let env = self
            .http
            .send(spec, move |raw| {
                let mut secrets = token_like(&raw.body);
                secrets.extend(known.iter().cloned());
                // longest first: a secret is masked whole before any shorter piece of it
                secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
                envelope::decode::<AccessGrant>(raw, &Redactor::new(secrets))
            })
            .await?;
        Ok(env.data)
    }

    /// A business client from a grant.
    pub fn client(&self, grant: &AccessGrant) -> Result<Client> {
        Client::new(self.config.clone(), grant.credentials())
    }
}

impl Client {
    /// `app/checkaccesstoken`: expiry, depots and permissions of the current token.
    pub async fn check_access_token(&self, secret_key: &SecretString) -> Result<AccessGrantInfo> {
        let body = serde_json::json!({ "secretKey": secret_key.expose_secret() });
        self.read("app/checkaccesstoken", &body).await
    }
}

/// `checkaccesstoken` data (the token itself is not echoed back, or is ignored).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AccessGrantInfo {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "businessId")]
    pub business_id: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Int>, OneOrMany<lenient::Int>)>>"
    )]
    #[serde(rename = "depotIds")]
    pub depot_ids: Vec<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub permissions: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    #[serde(rename = "expiredAt")]
    pub expired_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_codes_and_urls() {
        assert_eq!(
            extract_access_code("  0DECuIHCpplrYkvp \n").unwrap(),
            "0DECuIHCpplrYkvp"
        );
        assert_eq!(
            extract_access_code("https://example.org/nhanh/auth?accessCode=0DEC123&x=1").unwrap(),
            "0DEC123"
        );
        assert_eq!(
            extract_access_code(" \"https://example.org/cb?foo=bar&accesscode=AbC-9_z\" ").unwrap(),
            "AbC-9_z"
        );
        assert_eq!(extract_access_code("?accessCode=Q1").unwrap(), "Q1");
        assert_eq!(extract_access_code("accessCode=Q2").unwrap(), "Q2");
        assert_eq!(
            extract_access_code("https://x.vn/cb#accessCode=Q3").unwrap(),
            "Q3"
        );
        assert_eq!(
            extract_access_code("https://x.vn/cb?accessCode=Q%2B4").unwrap(),
            "Q+4"
        );
        assert!(extract_access_code("https://example.org/cb?foo=bar").is_err());
        assert!(extract_access_code("   ").is_err());
        assert!(extract_access_code("code with <script>").is_err());
    }

    #[test]
    fn token_like_strings_are_found_even_in_broken_json() {
        let body = br#"{"code":1,"data":{"accessToken":"abcDEF","note":"x7y8z9w0v1u2t3s4r5q6","expiredAt":17"#;
        let found = token_like(body);
        assert!(found.contains(&"abcDEF".to_string()), "{found:?}");
        assert!(
            found.contains(&"x7y8z9w0v1u2t3s4r5q6".to_string()),
            "{found:?}"
        );
        assert!(token_like(b"access_token = 'T0k3n' & more").contains(&"T0k3n".to_string()));
        // plain words and short numbers are not secrets
        assert!(
            token_like(br#"{"messages":"Invalid access code","businessId":110668}"#).is_empty()
        );
    }

    #[test]
    fn grant_parses_and_hides_token() {
        let g: AccessGrant = serde_json::from_str(
            r#"{"accessToken":"7HAh4AlUmvO9f67EhWaF","version":"3.0","expiredAt":1785603599,"businessId":110668,"depotIds":"All","pageIds":[],"permissions":["order.list"]}"#,
        )
        .unwrap();
        assert_eq!(g.business_id, 110668);
        assert!(g.depot_ids.is_empty());
        assert_eq!(g.expired_at.timestamp(), 1785603599);
        assert!(!format!("{g:?}").contains("7HAh4"));
        assert_eq!(g.token_hint(), "hWaF");
        let month = chrono::Duration::days(30);
        assert!(!g.reconsent_due(g.expired_at - chrono::Duration::days(60), month));
        assert!(g.reconsent_due(g.expired_at - chrono::Duration::days(10), month));
    }
}
