//! `OnflowClient`: builder, auth headers, request helpers and pagination.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Serialize;
use vendor_http::{
    Error, HttpClient, Policy, RateLimit, RawResponse, Redactor, RequestSpec, Result, Safety, Url,
};

use crate::assumptions::{self, Environment, Pagination, Paths};
use crate::envelope::{self, Envelope, Page};
use crate::models::Lang;

/// A typed client for one Onflow account (one access token). Cheap to clone; clones share the rate
/// limiter.
#[derive(Clone)]
pub struct OnflowClient {
    pub(crate) http: HttpClient,
    base: Url,
    token: SecretString,
    lang: Lang,
    pub(crate) paths: Paths,
    pub(crate) pagination: Pagination,
}

impl fmt::Debug for OnflowClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnflowClient")
            .field("base_url", &self.base.as_str())
            .field("lang", &self.lang)
            .field("token", &"***")
            .finish_non_exhaustive()
    }
}

/// Builder of [`OnflowClient`]. Only the token is required.
pub struct OnflowClientBuilder {
    /// An explicit address; wins over `environment`.
    base_url: Option<String>,
    environment: Environment,
    token: Option<SecretString>,
    lang: Lang,
    paths: Paths,
    pagination: Pagination,
    /// The request pipeline's options (limiter, timeouts, retries, caps): one struct for every vendor.
    policy: Policy,
}

impl fmt::Debug for OnflowClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnflowClientBuilder")
            .field("base_url", &self.base_url)
            .field("environment", &self.environment)
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Default for OnflowClientBuilder {
    fn default() -> Self {
        OnflowClientBuilder {
            base_url: None,
            environment: Environment::Staging,
            token: None,
            lang: Lang::Vi,
            paths: Paths::default(),
            pagination: Pagination::default(),
            policy: Policy::new(
                "onflow",
                RateLimit::new(
                    assumptions::RATE_LIMIT_REQUESTS,
                    assumptions::RATE_LIMIT_WINDOW,
                ),
            ),
        }
    }
}

impl OnflowClientBuilder {
    /// Base URL without the `/api/v1` part, e.g. `https://stg-open-api.onflow.vn` or the sandbox's
    /// `http://127.0.0.1:PORT/onflow`. Wins over [`Self::environment`]. Must be `https://` (or `http://`
    /// on loopback); anything else makes [`Self::build`] fail with `Validation`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// The environment whose host is used when no [`Self::base_url`] is set (default staging).
    /// Production's host is not documented ([`assumptions::PRODUCTION_BASE_URL`]): until it is,
    /// `Production` without an explicit base URL fails at [`Self::build`] with `Validation`.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }
    /// The access token from OMS → Settings → Developer Tools.
    pub fn token(mut self, token: SecretString) -> Self {
        self.token = Some(token);
        self
    }
    pub fn language(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
    /// Override endpoint paths (most are inferred; see [`Paths`]).
    pub fn paths(mut self, paths: Paths) -> Self {
        self.paths = paths;
        self
    }
    /// Override pagination parameter names and page size (undocumented; see [`Pagination`]).
    pub fn pagination(mut self, pagination: Pagination) -> Self {
        self.pagination = pagination;
        self
    }
    /// Default 600 per minute (documented).
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.policy.rate_limit = rate_limit;
        self
    }
    /// Total timeout of one attempt (uploads use their own, longer one).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.policy.total_timeout = timeout;
        self
    }
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.policy.connect_timeout = timeout;
        self
    }
    pub fn retry(mut self, retry: vendor_http::RetryPolicy) -> Self {
        self.policy.retry = retry;
        self
    }
    /// Longest total wait for vendor rate-limit pauses within one call.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.policy.max_rate_limit_wait = wait;
        self
    }
    /// The most pages one walk (`list_all_*`) fetches before it fails with `TOO_MANY_PAGES` (default
    /// [`vendor_http::DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.policy.max_pages = pages.max(1);
        self
    }
    /// The largest answer read, in bytes (default [`vendor_http::DEFAULT_MAX_BODY_BYTES`], 64 MiB).
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.policy.max_body_bytes = bytes;
        self
    }

    pub fn build(self) -> Result<OnflowClient> {
        let token = self.token.ok_or_else(|| Error::Internal {
            message: "an Onflow access token is required".into(),
        })?;
        if token.expose_secret().trim().is_empty() {
            return Err(Error::Unauthorized {
                vendor_code: None,
                message: Some("empty Onflow access token".into()),
            });
        }
        let base_url =
            match (&self.base_url, self.environment.base_url()) {
                (Some(url), _) => url.clone(),
                (None, Some(url)) => url.to_string(),
                (None, None) => return Err(Error::insecure_url(
                    "Onflow has not published the address of its production API: enter the server \
                     address Onflow gave you for this account",
                )),
            };
        let trimmed = base_url.trim().trim_end_matches('/');
        let base = vendor_http::parse_base_url(&format!("{trimmed}/"))?;
        let redactor = Redactor::new([token.clone()]);
        let http = HttpClient::new(self.policy, redactor)?;
        Ok(OnflowClient {
            http,
            base,
            token,
            lang: self.lang,
            paths: self.paths,
            pagination: self.pagination,
        })
    }
}

/// Fill `{name}` placeholders of a path template, percent-encoding each value as one path segment.
pub(crate) fn fill(template: &str, params: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in params {
        let encoded: String = value
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        out = out.replace(&format!("{{{name}}}"), &encoded);
    }
    out
}

impl OnflowClient {
    pub fn builder() -> OnflowClientBuilder {
        OnflowClientBuilder::default()
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    pub fn language(&self) -> Lang {
        self.lang
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Counters of the underlying pipeline (attempts, rate-limit answers, retries).
    pub fn stats(&self) -> vendor_http::Stats {
        self.http.stats()
    }

    /// The page cap of every walk ([`OnflowClientBuilder::max_pages`]); callers that walk pages
    /// themselves apply it too.
    pub fn max_pages(&self) -> u32 {
        self.http.policy().max_pages.max(1)
    }

    /// The full URL of `path` (absolute path relative to the base URL) with query pairs.
    pub(crate) fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url> {
        let rel = path.trim_start_matches('/');
        let mut url = self.base.join(rel).map_err(|e| Error::Internal {
            message: format!("invalid Onflow path {path}: {e}"),
        })?;
        if !query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// A request with the Onflow headers set.
    pub(crate) fn spec(&self, method: vendor_http::Method, url: Url) -> Result<RequestSpec> {
        RequestSpec::new(method, url)
            .authorization(self.token.expose_secret())?
            .header("accept-language", self.lang.as_str())?
            .header("accept", "application/json")
    }

    pub(crate) async fn send_env<T: DeserializeOwned>(
        &self,
        spec: RequestSpec,
    ) -> Result<Envelope<T>> {
        let redactor = self.http.redactor().clone();
        self.http
            .send(spec, move |raw: &RawResponse| {
                envelope::decode::<T>(raw, &redactor)
            })
            .await
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        let spec = self.spec(vendor_http::Method::GET, self.url(path, query)?)?;
        Ok(self.send_env::<T>(spec).await?.data)
    }

    pub(crate) async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        safety: Safety,
    ) -> Result<T> {
        let spec = self
            .spec(vendor_http::Method::POST, self.url(path, &[])?)?
            .json(body)?
            .safety(safety);
        Ok(self.send_env::<T>(spec).await?.data)
    }

    pub(crate) async fn put_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: Option<&B>,
    ) -> Result<T> {
        let mut spec = self.spec(vendor_http::Method::PUT, self.url(path, &[])?)?;
        spec = match body {
            Some(b) => spec.json(b)?,
            // the documented cancels send `Content-Type: application/json` without a body
            None => spec.header("content-type", "application/json")?,
        };
        Ok(self.send_env::<T>(spec.safety(Safety::Write)).await?.data)
    }

    /// One page of a list endpoint; `filters` are added to the pagination parameters.
    pub(crate) async fn page<T: DeserializeOwned>(
        &self,
        path: &str,
        filters: &[(&str, String)],
        page: u32,
        limit: u32,
    ) -> Result<Page<T>> {
        let page = page.max(1);
        let limit = limit.clamp(1, self.pagination.max_page_size.max(1));
        let mut query: Vec<(&str, String)> = vec![
            (self.pagination.page_param.as_str(), page.to_string()),
            (self.pagination.limit_param.as_str(), limit.to_string()),
        ];
        query.extend(filters.iter().cloned());
        let spec = self.spec(vendor_http::Method::GET, self.url(path, &query)?)?;
        let env = self.send_env::<ListData<T>>(spec).await?;
        Ok(Page {
            items: env.data.0,
            total: env.total,
            page,
            limit,
        })
    }

    /// Every item of a list endpoint, page by page (paced by the rate limiter). Stops on an empty or short
    /// page, when `total` is reached, or after `total / limit + 1` pages (a server that ignores the page
    /// parameter cannot loop us forever). Whatever `total` says, after `max_pages` pages with more still
    /// announced the walk fails with `TOO_MANY_PAGES`.
    pub(crate) async fn all_pages<T: DeserializeOwned>(
        &self,
        path: &str,
        filters: &[(&str, String)],
    ) -> Result<Vec<T>> {
        self.all_pages_with(path, filters, |_, _| {}).await
    }

    /// [`Self::all_pages`] reporting `(items so far, total if known)` after each page.
    pub(crate) async fn all_pages_with<T: DeserializeOwned>(
        &self,
        path: &str,
        filters: &[(&str, String)],
        mut progress: impl FnMut(usize, Option<u64>),
    ) -> Result<Vec<T>> {
        let limit = self.pagination.page_size.max(1);
        let mut out = Vec::new();
        let mut page_no = 1u32;
        loop {
            let page = self.page::<T>(path, filters, page_no, limit).await?;
            let more = page.has_more();
            let total = page.total;
            out.extend(page.items);
            progress(out.len(), total);
            let cap = total
                .map(|t| t / u64::from(page.limit) + 1)
                .unwrap_or(u64::MAX);
            if !more || u64::from(page_no) >= cap {
                break;
            }
            if page_no >= self.max_pages() {
                return Err(Error::too_many_pages(
                    &format!("Onflow {path}"),
                    self.max_pages(),
                ));
            }
            page_no = page_no.saturating_add(1);
        }
        Ok(out)
    }
}

/// List `data`: an array (documented style), or an object wrapping it (`items`/`list`/`data`/`results`).
pub(crate) struct ListData<T>(pub Vec<T>);

impl<'de, T: DeserializeOwned> serde::Deserialize<'de> for ListData<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let arr = match v {
            serde_json::Value::Array(a) => a,
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Object(mut m) => {
                match ["items", "list", "data", "results", "records"]
                    .iter()
                    .find_map(|k| match m.remove(*k) {
                        Some(serde_json::Value::Array(a)) => Some(a),
                        _ => None,
                    }) {
                    Some(a) => a,
                    None => {
                        return Err(serde::de::Error::custom(
                            "list answer has no array of items",
                        ))
                    }
                }
            }
            _ => return Err(serde::de::Error::custom("list answer is not an array")),
        };
        let mut items = Vec::with_capacity(arr.len());
        for item in arr {
            items.push(serde_json::from_value(item).map_err(serde::de::Error::custom)?);
        }
        Ok(ListData(items))
    }
}
