//! The per-account client: one [`HttpClient`] per appId + businessId, every call a `POST` to
//! `{base}/v3.0/{resource}/{action}?appId&businessId` with the raw token in `Authorization`, paced per URL.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use vendor_http::{
    Error, HttpClient, Policy, RateLimit, Redactor, RequestSpec, Result, Safety, Url,
};

use crate::envelope::{self, Envelope};

/// The production POS host.
pub const DEFAULT_BASE_URL: &str = "https://pos.open.nhanh.vn";
/// The production consent page.
pub const DEFAULT_OAUTH_URL: &str = "https://nhanh.vn/oauth";
/// Nhanh's documented budget: 150 calls per 30 s per appId + businessId + URL.
pub const RATE_LIMIT: RateLimit = RateLimit::new(150, Duration::from_secs(30));
/// The documented page-size cap of POS lists.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Where and how to reach Nhanh. `base_url` is the host root (the sandbox's is `http://HOST/nhanh`).
#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: Url,
    pub oauth_url: Url,
    pub app_id: i64,
    pub rate_limit: RateLimit,
    pub total_timeout: Duration,
    /// Retry policy for reads (and truly idempotent writes, never a create) on network errors, timeouts
    /// and 5xx.
    pub retry: vendor_http::RetryPolicy,
    /// The longest a single call waits out vendor locks in total before returning `RateLimited`.
    pub max_rate_limit_wait: Duration,
    /// The most pages one cursor walk fetches before failing with `TOO_MANY_PAGES` (default
    /// [`vendor_http::DEFAULT_MAX_PAGES`]).
    pub max_pages: u32,
    /// The largest answer read, in bytes (default [`vendor_http::DEFAULT_MAX_BODY_BYTES`], 64 MiB).
    pub max_body_bytes: u64,
}

impl Config {
    /// Production hosts for `app_id`.
    pub fn new(app_id: i64) -> Self {
        Config {
            // both literals are valid URLs
            base_url: Url::parse(DEFAULT_BASE_URL).unwrap_or_else(|_| unreachable!()),
            oauth_url: Url::parse(DEFAULT_OAUTH_URL).unwrap_or_else(|_| unreachable!()),
            app_id,
            rate_limit: RATE_LIMIT,
            total_timeout: Duration::from_secs(30),
            retry: vendor_http::RetryPolicy::default(),
            max_rate_limit_wait: Duration::from_secs(300),
            max_pages: vendor_http::DEFAULT_MAX_PAGES,
            max_body_bytes: vendor_http::DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Point the API at another host root (tests, the sandbox). Accepts a trailing slash or not.
    /// Must be `https://` (or `http://` on loopback), else `Validation`.
    pub fn with_base_url(mut self, base: &str) -> Result<Self> {
        self.base_url = parse_base(base)?;
        Ok(self)
    }

    /// Point the consent page elsewhere (full URL of the page, e.g. `http://127.0.0.1:PORT/nhanh/oauth`).
    /// Must be `https://` (or `http://` on loopback), else `Validation`.
    pub fn with_oauth_url(mut self, url: &str) -> Result<Self> {
        self.oauth_url = vendor_http::parse_base_url(url)?;
        Ok(self)
    }

    /// Both addresses are ones we may use (the fields are public, so this is checked again when a
    /// client is built).
    pub(crate) fn check(&self) -> Result<()> {
        vendor_http::check_base_url(&self.base_url)?;
        vendor_http::check_base_url(&self.oauth_url)
    }

    pub(crate) fn policy(&self) -> Policy {
        let mut p = Policy::new("nhanh", self.rate_limit);
        p.total_timeout = self.total_timeout;
        p.retry = self.retry;
        p.max_rate_limit_wait = self.max_rate_limit_wait;
        p.max_pages = self.max_pages.max(1);
        p.max_body_bytes = self.max_body_bytes;
        p
    }

    /// `{base}/v3.0/{path}` — `path` like `product/list`.
    pub fn endpoint(&self, path: &str) -> Result<Url> {
        self.base_url
            .join(&format!("v3.0/{}", path.trim_start_matches('/')))
            .map_err(|e| Error::Internal {
                message: format!("invalid endpoint {path}: {e}"),
            })
    }
}

pub(crate) fn parse_base(base: &str) -> Result<Url> {
    let mut s = base.trim().to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    vendor_http::parse_base_url(&s)
}

/// What identifies one connected Nhanh business.
#[derive(Clone)]
pub struct Credentials {
    pub business_id: i64,
    pub access_token: SecretString,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("business_id", &self.business_id)
            .field("access_token", &"***")
            .finish()
    }
}

/// The typed client of one Nhanh business. Cheap to clone; clones share the limiter and URL locks.
#[derive(Clone)]
pub struct Client {
    pub(crate) config: Config,
    pub(crate) http: HttpClient,
    pub(crate) business_id: i64,
    token: SecretString,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url.as_str())
            .field("app_id", &self.config.app_id)
            .field("business_id", &self.business_id)
            .finish_non_exhaustive()
    }
}

/// A list request body: `filters`, `paginator`, `dataOptions`.
#[derive(Debug, Clone, Serialize)]
pub struct ListBody<'a, F: Serialize> {
    pub filters: &'a F,
    pub paginator: PageRequest,
    #[serde(rename = "dataOptions", skip_serializing_if = "Option::is_none")]
    pub data_options: Option<Value>,
}

/// The request `paginator`. `next` is whatever the previous page returned, sent back untouched.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PageRequest {
    pub size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Value>,
}

impl PageRequest {
    pub fn new(size: u32) -> Self {
        PageRequest {
            size: size.clamp(1, MAX_PAGE_SIZE),
            sort: None,
            next: None,
        }
    }
    /// `{"<field>": "asc"|"desc"}`.
    pub fn sort(mut self, field: &str, dir: &str) -> Self {
        self.sort = Some(serde_json::json!({ field: dir }));
        self
    }
}

/// One page of a cursor list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor for the next page exactly as the vendor sent it; `None` = no more pages.
    pub next: Option<Value>,
}

impl Client {
    /// A client for one connected business. The token is the only secret it holds; it is redacted from
    /// every error and span.
    pub fn new(config: Config, credentials: Credentials) -> Result<Self> {
        config.check()?;
        let redactor = Redactor::new([credentials.access_token.expose_secret().to_string()]);
        let http = HttpClient::new(config.policy(), redactor)?;
        Ok(Client {
            config,
            http,
            business_id: credentials.business_id,
            token: credentials.access_token,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn business_id(&self) -> i64 {
        self.business_id
    }

    /// The shared pipeline (stats, pauses) — for tests and the sync engine's progress.
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    /// The page cap of every cursor walk ([`Config::max_pages`]); callers that walk pages themselves
    /// apply it too.
    pub fn max_pages(&self) -> u32 {
        self.http.policy().max_pages.max(1)
    }

    /// The URL `path` is locked until (after an `ERR_429`), if it is locked now.
    pub fn locked_until(&self, path: &str) -> Option<tokio::time::Instant> {
        self.http.paused_until(&limit_key(path))
    }

    fn url(&self, path: &str) -> Result<Url> {
        let mut url = self.config.endpoint(path)?;
        url.query_pairs_mut()
            .append_pair("appId", &self.config.app_id.to_string())
            .append_pair("businessId", &self.business_id.to_string());
        Ok(url)
    }

    /// POST `body` to `path`, decode the envelope. `safety` decides whether transient failures retry.
    pub async fn call<B, T>(&self, path: &str, body: &B, safety: Safety) -> Result<Envelope<T>>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let spec = RequestSpec::post(self.url(path)?)
            .json(body)?
            .authorization(self.token.expose_secret())?
            .safety(safety)
            .limit_key(limit_key(path));
        let redactor = self.http.redactor().clone();
        self.http
            .send(spec, move |raw| envelope::decode::<T>(raw, &redactor))
            .await
    }

    /// A read (retried on transient failures).
    pub async fn read<B, T>(&self, path: &str, body: &B) -> Result<T>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        Ok(self.call(path, body, Safety::Read).await?.data)
    }

    /// One page of a list endpoint.
    pub async fn page<F, T>(
        &self,
        path: &str,
        filters: &F,
        paginator: PageRequest,
        data_options: Option<Value>,
    ) -> Result<Page<T>>
    where
        F: Serialize,
        T: DeserializeOwned,
    {
        let body = ListBody {
            filters,
            paginator,
            data_options,
        };
        let env: Envelope<Value> = self.call(path, &body, Safety::Read).await?;
        let rows = match env.data {
            Value::Array(a) => a,
            // v2-style maps keyed by id
            Value::Object(m) => m.into_iter().map(|(_, v)| v).collect(),
            Value::Null => Vec::new(),
            other => {
                return Err(Error::Decode {
                    message: format!("{path}: data is not a list"),
                    snippet: self.http.redactor().snippet(other.to_string().as_bytes()),
                })
            }
        };
        let items = rows
            .into_iter()
            .map(|v| {
                serde_json::from_value::<T>(v).map_err(|e| Error::Decode {
                    message: format!("unexpected item in {path}: {e}"),
                    snippet: String::new(),
                })
            })
            .collect::<Result<Vec<T>>>()?;
        Ok(Page {
            items,
            next: env.next,
        })
    }

    /// Walk every page of a list: `next` is echoed verbatim, a short page is not the end, `null` is.
    /// `on_page` sees each page as it arrives (progress, streaming into a store). A cursor repeated
    /// verbatim is an error, and so is a vendor still sending a cursor after [`Self::max_pages`] pages
    /// (`TOO_MANY_PAGES`).
    pub async fn walk<F, T, C>(
        &self,
        path: &str,
        filters: &F,
        first: PageRequest,
        data_options: Option<Value>,
        mut on_page: C,
    ) -> Result<()>
    where
        F: Serialize,
        T: DeserializeOwned,
        C: FnMut(Vec<T>),
    {
        let mut req = first;
        let max_pages = self.max_pages();
        let mut fetched = 0u32;
        loop {
            let page: Page<T> = self
                .page(path, filters, req.clone(), data_options.clone())
                .await?;
            fetched = fetched.saturating_add(1);
            on_page(page.items);
            match page.next {
                None => return Ok(()),
                Some(_) if fetched >= max_pages => {
                    return Err(Error::too_many_pages(&format!("Nhanh {path}"), max_pages));
                }
                Some(next) => {
                    if req.next.as_ref() == Some(&next) {
                        return Err(Error::Decode {
                            message: format!("{path}: the vendor returned the same cursor twice"),
                            snippet: String::new(),
                        });
                    }
                    req.next = Some(next);
                }
            }
        }
    }

    /// Every item of a list, all pages.
    pub async fn all<F, T>(
        &self,
        path: &str,
        filters: &F,
        first: PageRequest,
        data_options: Option<Value>,
    ) -> Result<Vec<T>>
    where
        F: Serialize,
        T: DeserializeOwned,
    {
        let mut out = Vec::new();
        self.walk(path, filters, first, data_options, |items: Vec<T>| {
            out.extend(items)
        })
        .await?;
        Ok(out)
    }
}

/// The limiter / lock key of an endpoint: its URL path (`/v3.0/product/list`).
pub fn limit_key(path: &str) -> String {
    format!("/v3.0/{}", path.trim_start_matches('/'))
}
