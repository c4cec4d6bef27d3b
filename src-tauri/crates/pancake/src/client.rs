//! The client: builder, URL construction with the `api_key` query parameter, and the three request
//! helpers every endpoint module uses. All HTTP goes through [`vendor_http::HttpClient::send`].

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Serialize;
use vendor_http::{
    Error, HttpClient, Method, Policy, RateLimit, Redactor, RequestSpec, Result, Safety, Url,
};

use crate::envelope::Decoder;

/// Production base URL (digest §1.1).
pub const DEFAULT_BASE_URL: &str = "https://pos.pages.fm/api/v1";

/// Pancake publishes no rate-limit numbers (digest §1.6, §6): this conservative pace is **inferred**
/// (one request at a time per shop, about 2 per second). Override with [`PancakeClientBuilder::rate_limit`].
pub const DEFAULT_RATE_LIMIT: RateLimit = RateLimit::new(120, Duration::from_secs(60));

/// How long to pause after a rate-limit answer that carries no `Retry-After` (inferred; configurable).
pub const DEFAULT_RATE_LIMIT_PAUSE: Duration = Duration::from_secs(20);

/// List pages can be slow (digest §5.1: ~9 s per 200 orders); one client uses 60 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Page size used by the `list_all_*` walkers (digest §1.7: ≤ 100 is safe).
pub const DEFAULT_WALK_PAGE_SIZE: u32 = 100;

/// A typed Pancake POS client for one API key (and, for `/shops/{id}` calls, one shop).
/// Cheap to clone; clones share the limiter and pauses.
#[derive(Clone)]
pub struct PancakeClient {
    http: HttpClient,
    base: Url,
    api_key: SecretString,
    shop_id: Option<i64>,
    decoder: Decoder,
    walk_page_size: u32,
}

impl fmt::Debug for PancakeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PancakeClient")
            .field("base", &self.base.as_str())
            .field("shop_id", &self.shop_id)
            .field("api_key", &"***")
            .finish_non_exhaustive()
    }
}

/// Builder for [`PancakeClient`].
pub struct PancakeClientBuilder {
    base_url: String,
    api_key: Option<SecretString>,
    shop_id: Option<i64>,
    /// The request pipeline's options (limiter, timeouts, retries, caps): one struct for every vendor.
    policy: Policy,
    rate_limit_pause: Duration,
    walk_page_size: u32,
}

impl fmt::Debug for PancakeClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PancakeClientBuilder")
            .field("base_url", &self.base_url)
            .field("shop_id", &self.shop_id)
            .finish_non_exhaustive()
    }
}

impl Default for PancakeClientBuilder {
    fn default() -> Self {
        PancakeClientBuilder {
            base_url: DEFAULT_BASE_URL.to_string(),
            api_key: None,
            shop_id: None,
            policy: Policy {
                total_timeout: DEFAULT_TIMEOUT,
                ..Policy::new("pancake", DEFAULT_RATE_LIMIT)
            },
            rate_limit_pause: DEFAULT_RATE_LIMIT_PAUSE,
            walk_page_size: DEFAULT_WALK_PAGE_SIZE,
        }
    }
}

impl PancakeClientBuilder {
    /// Base URL up to and including `/api/v1` (default [`DEFAULT_BASE_URL`]; the sandbox is
    /// `http://HOST/api/v1`). Must be `https://`, or `http://` on this machine (loopback); anything else
    /// makes [`Self::build`] fail with `Validation`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    pub fn api_key(mut self, key: SecretString) -> Self {
        self.api_key = Some(key);
        self
    }
    /// The shop for `/shops/{SHOP_ID}/…` calls (from [`PancakeClient::shops`]).
    pub fn shop_id(mut self, shop_id: i64) -> Self {
        self.shop_id = Some(shop_id);
        self
    }
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.policy.rate_limit = rate_limit;
        self
    }
    /// Pause after a rate-limit answer without `Retry-After`.
    pub fn rate_limit_pause(mut self, pause: Duration) -> Self {
        self.rate_limit_pause = pause;
        self
    }
    pub fn timeout(mut self, total: Duration) -> Self {
        self.policy.total_timeout = total;
        self
    }
    pub fn connect_timeout(mut self, connect: Duration) -> Self {
        self.policy.connect_timeout = connect;
        self
    }
    pub fn retry(mut self, retry: vendor_http::RetryPolicy) -> Self {
        self.policy.retry = retry;
        self
    }
    /// The longest one call waits across rate-limit pauses before returning `RateLimited`.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.policy.max_rate_limit_wait = wait;
        self
    }
    /// Page size of the `list_all_*` walkers (default 100).
    pub fn walk_page_size(mut self, size: u32) -> Self {
        self.walk_page_size = size.max(1);
        self
    }
    /// The most pages one walk (`list_all_orders`, `variation_pages`, …) fetches before it fails with
    /// `TOO_MANY_PAGES` (default [`vendor_http::DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.policy.max_pages = pages.max(1);
        self
    }
    /// The largest answer read, in bytes (default [`vendor_http::DEFAULT_MAX_BODY_BYTES`], 64 MiB).
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.policy.max_body_bytes = bytes;
        self
    }

    pub fn build(self) -> Result<PancakeClient> {
        let api_key = self.api_key.ok_or_else(|| Error::Unauthorized {
            vendor_code: None,
            message: Some("no Pancake API key was given".into()),
        })?;
        let mut base = vendor_http::parse_base_url(self.base_url.trim().trim_end_matches('/'))?;
        if base.cannot_be_a_base() {
            return Err(Error::insecure_url("invalid Pancake server address"));
        }
        base.set_query(None);
        let redactor = Redactor::new([api_key.clone()]);
        let http = HttpClient::new(self.policy, redactor.clone())?;
        Ok(PancakeClient {
            http,
            base,
            api_key,
            shop_id: self.shop_id,
            decoder: Decoder {
                redactor,
                default_pause: self.rate_limit_pause,
            },
            walk_page_size: self.walk_page_size,
        })
    }
}

/// Query parameters in Pancake's spelling (bracketed arrays: `filter_status[]=1&filter_status[]=2`).
#[derive(Debug, Clone, Default)]
pub struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    pub fn new() -> Self {
        Query::default()
    }
    pub fn push(mut self, k: &str, v: impl ToString) -> Self {
        self.0.push((k.to_string(), v.to_string()));
        self
    }
    pub fn opt<V: ToString>(self, k: &str, v: Option<V>) -> Self {
        match v {
            Some(v) => self.push(k, v),
            None => self,
        }
    }
    pub fn opt_str(self, k: &str, v: &Option<String>) -> Self {
        match v.as_deref().filter(|s| !s.is_empty()) {
            Some(v) => self.push(k, v),
            None => self,
        }
    }
    /// `name[]=a&name[]=b` (pass `name` without the brackets).
    pub fn arr<V: ToString>(mut self, k: &str, vs: &[V]) -> Self {
        for v in vs {
            self.0.push((format!("{k}[]"), v.to_string()));
        }
        self
    }
}

impl PancakeClient {
    pub fn builder() -> PancakeClientBuilder {
        PancakeClientBuilder::default()
    }

    /// The same client (shared limiter) pointed at another shop of the same key.
    pub fn with_shop(&self, shop_id: i64) -> Self {
        let mut c = self.clone();
        c.shop_id = Some(shop_id);
        c
    }

    pub fn shop_id(&self) -> Option<i64> {
        self.shop_id
    }

    /// The underlying pipeline (stats, pauses).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    pub(crate) fn walk_page_size(&self) -> u32 {
        self.walk_page_size
    }

    /// The page cap of every walk ([`PancakeClientBuilder::max_pages`]); callers that walk pages
    /// themselves apply it too.
    pub fn max_pages(&self) -> u32 {
        self.http.policy().max_pages.max(1)
    }

    pub(crate) fn shop(&self) -> Result<String> {
        self.shop_id
            .map(|s| s.to_string())
            .ok_or_else(|| Error::Internal {
                message: "no Pancake shop selected: set shop_id on the client".into(),
            })
    }

    /// `base/seg1/seg2…?q…&api_key=…`; segments are percent-encoded (SKUs and custom codes are allowed).
    pub(crate) fn url(&self, segments: &[&str], query: &Query) -> Result<Url> {
        let mut url = self.base.clone();
        {
            let mut segs = url.path_segments_mut().map_err(|_| Error::Internal {
                message: "invalid Pancake base URL".into(),
            })?;
            segs.pop_if_empty();
            for s in segments {
                segs.push(s);
            }
        }
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in &query.0 {
                q.append_pair(k, v);
            }
            q.append_pair("api_key", self.api_key.expose_secret());
        }
        Ok(url)
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: Query,
    ) -> Result<T> {
        let spec = RequestSpec::get(self.url(segments, &query)?);
        let d = self.decoder.clone();
        self.http.send(spec, move |raw| d.decode::<T>(raw)).await
    }

    pub(crate) async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: Query,
        body: &B,
        safety: Safety,
    ) -> Result<T> {
        let spec = RequestSpec::new(method, self.url(segments, &query)?)
            .json(body)?
            .safety(safety);
        let d = self.decoder.clone();
        self.http.send(spec, move |raw| d.decode::<T>(raw)).await
    }

    pub(crate) async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &B,
        safety: Safety,
    ) -> Result<T> {
        self.send_json(Method::POST, segments, Query::new(), body, safety)
            .await
    }

    pub(crate) async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &B,
        safety: Safety,
    ) -> Result<T> {
        self.send_json(Method::PUT, segments, Query::new(), body, safety)
            .await
    }
}

/// `{"<name>": value}` — the wrapper most Pancake write bodies use (`product`, `purchase`, …).
pub(crate) fn wrap<T: Serialize>(name: &str, value: &T) -> Result<serde_json::Value> {
    let v = serde_json::to_value(value).map_err(|e| Error::Internal {
        message: format!("could not encode the request body: {e}"),
    })?;
    let mut m = serde_json::Map::new();
    m.insert(name.to_string(), v);
    Ok(serde_json::Value::Object(m))
}
