//! Fault knobs shared by the three simulators: latency, a random 5xx rate, a forced rate-limit window and
//! "commit then drop the connection" for creates. Each simulator owns one [`Faults`] and supplies its own
//! rate-limit answer (the vendors signal it differently) and its own notion of what a create is.
//!
//! Two *distrust switches* change what the simulators promise about our order reference (both off by
//! default, so the documented or placeholder behaviour stays the default): [`FaultConfig::no_reference_dedupe`]
//! and [`FaultConfig::search_ignores_reference`]. The handlers read them through [`Faults::dedupes_reference`]
//! and [`Faults::search_matches_reference`].

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

/// What the knobs are set to. Serialized as the body of the admin endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultConfig {
    /// Added to every request.
    pub latency_ms: u64,
    /// Extra random latency in `0..=latency_jitter_ms`.
    pub latency_jitter_ms: u64,
    /// Probability (0..1) that a request fails with HTTP 500 *before* the handler runs (nothing committed).
    pub error_rate: f64,
    /// Answer every request with the vendor's rate-limit response for this many seconds from now.
    pub rate_limit_for_secs: Option<u64>,
    /// Probability (0..1) that a create commits and then the connection drops before the answer.
    pub drop_after_commit_rate: f64,
    /// The next N creates commit and then drop the connection (deterministic variant of the rate).
    pub drop_next_creates: u32,
    /// Distrust switch: a create carrying a reference the vendor already holds is *not* refused but
    /// creates a second order (Onflow `merchant_tracking_code_reference`, Nhanh `channel.appOrderId`).
    /// Pancake's simulator never refuses a repeated `custom_id` (its docs promise no uniqueness), so
    /// this changes nothing there.
    pub no_reference_dedupe: bool,
    /// Distrust switch: the lookups by reference that the docs do not promise ignore it. Pancake's order
    /// list `search` no longer matches `custom_id` and `GET /orders/{custom_id}` no longer resolves a
    /// `custom_id`; Onflow's shipment list ignores its `merchant_tracking_code_reference` filter (it
    /// answers the unfiltered list). Nhanh's `order/list` has no reference filter (clients scan a
    /// created-at window, which is documented), so this changes nothing there.
    pub search_ignores_reference: bool,
}

struct FaultState {
    config: FaultConfig,
    rate_limited_until: Option<Instant>,
    rng: rand::rngs::StdRng,
}

/// Builds a vendor's rate-limit answer; the argument is the number of seconds until the vendor allows calls.
pub type RateLimitResponder = fn(u64) -> Response;
/// Tells whether a request creates something (for "commit then drop").
pub type CreatePredicate = fn(&Method, &str) -> bool;

/// One simulator's fault knobs. Cheap to clone.
#[derive(Clone)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
    rate_limited: RateLimitResponder,
    is_create: CreatePredicate,
}

impl Faults {
    pub fn new(seed: u64, rate_limited: RateLimitResponder, is_create: CreatePredicate) -> Self {
        Faults {
            state: Arc::new(Mutex::new(FaultState {
                config: FaultConfig::default(),
                rate_limited_until: None,
                rng: rand::rngs::StdRng::seed_from_u64(seed),
            })),
            rate_limited,
            is_create,
        }
    }

    pub fn config(&self) -> FaultConfig {
        self.lock().config.clone()
    }

    pub fn set(&self, config: FaultConfig) {
        let mut s = self.lock();
        s.rate_limited_until = config
            .rate_limit_for_secs
            .map(|secs| Instant::now() + Duration::from_secs(secs));
        s.config = config;
    }

    pub fn clear(&self) {
        self.set(FaultConfig::default());
    }

    /// Whether a create with a reference the vendor already holds is refused (the default), rather
    /// than creating a second order ([`FaultConfig::no_reference_dedupe`]).
    pub fn dedupes_reference(&self) -> bool {
        !self.lock().config.no_reference_dedupe
    }

    /// Whether the undocumented lookups by reference match it (the default), rather than ignoring it
    /// ([`FaultConfig::search_ignores_reference`]).
    pub fn search_matches_reference(&self) -> bool {
        !self.lock().config.search_ignores_reference
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        // a poisoned lock only means a handler panicked mid-update; the knobs are still usable
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Decide this request's fate up front.
    fn plan(&self, method: &Method, path: &str) -> Plan {
        let mut s = self.lock();
        let latency = {
            let jitter = if s.config.latency_jitter_ms > 0 {
                let j = s.config.latency_jitter_ms;
                s.rng.random_range(0..=j)
            } else {
                0
            };
            Duration::from_millis(s.config.latency_ms + jitter)
        };
        if let Some(until) = s.rate_limited_until {
            let now = Instant::now();
            if until > now {
                let secs = (until - now).as_secs_f64().ceil() as u64;
                return Plan::RateLimited(latency, secs.max(1));
            }
        }
        let error_rate = s.config.error_rate.clamp(0.0, 1.0);
        if error_rate > 0.0 && s.rng.random_bool(error_rate) {
            return Plan::ServerError(latency);
        }
        if (self.is_create)(method, path) {
            if s.config.drop_next_creates > 0 {
                s.config.drop_next_creates -= 1;
                return Plan::DropAfterCommit(latency);
            }
            let drop_rate = s.config.drop_after_commit_rate.clamp(0.0, 1.0);
            if drop_rate > 0.0 && s.rng.random_bool(drop_rate) {
                return Plan::DropAfterCommit(latency);
            }
        }
        Plan::Normal(latency)
    }
}

enum Plan {
    Normal(Duration),
    ServerError(Duration),
    RateLimited(Duration, u64),
    DropAfterCommit(Duration),
}

/// Axum middleware applying the knobs. Install with
/// `axum::middleware::from_fn_with_state(faults.clone(), sandbox::faults::apply)`.
pub async fn apply(State(faults): State<Faults>, req: Request, next: Next) -> Response {
    let plan = faults.plan(req.method(), req.uri().path());
    let sleep = |d: Duration| async move {
        if !d.is_zero() {
            tokio::time::sleep(d).await;
        }
    };
    match plan {
        Plan::Normal(d) => {
            sleep(d).await;
            next.run(req).await
        }
        Plan::ServerError(d) => {
            sleep(d).await;
            drain(req).await;
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            )
                .into_response()
        }
        Plan::RateLimited(d, secs) => {
            sleep(d).await;
            drain(req).await;
            (faults.rate_limited)(secs)
        }
        Plan::DropAfterCommit(d) => {
            sleep(d).await;
            // the handler runs and commits; the client then gets headers and a body that breaks off
            let resp = next.run(req).await;
            let (parts, _) = resp.into_parts();
            let broken = futures::stream::once(async {
                Err::<bytes::Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "sandbox fault: connection dropped after commit",
                ))
            });
            Response::from_parts(parts, Body::from_stream(broken))
        }
    }
}

/// Read and discard the request body before an early answer. A vendor's server (behind its proxy) has the whole
/// upload before it answers 500 or 429; answering while the client is still sending would close the connection under
/// it, and the client would see a network failure instead of the status (a flaky test, not a vendor rule).
async fn drain(req: Request) {
    use futures::StreamExt;
    let mut body = req.into_body().into_data_stream();
    while let Some(chunk) = body.next().await {
        if chunk.is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(_: u64) -> Response {
        StatusCode::TOO_MANY_REQUESTS.into_response()
    }
    fn post_is_create(m: &Method, _: &str) -> bool {
        m == Method::POST
    }

    #[test]
    fn drop_next_creates_counts_down_and_spares_reads() {
        let f = Faults::new(1, limited, post_is_create);
        f.set(FaultConfig {
            drop_next_creates: 1,
            ..Default::default()
        });
        assert!(matches!(f.plan(&Method::GET, "/x"), Plan::Normal(_)));
        assert!(matches!(
            f.plan(&Method::POST, "/x"),
            Plan::DropAfterCommit(_)
        ));
        assert!(matches!(f.plan(&Method::POST, "/x"), Plan::Normal(_)));
    }

    #[test]
    fn forced_rate_limit_window_applies_then_clears() {
        let f = Faults::new(1, limited, post_is_create);
        f.set(FaultConfig {
            rate_limit_for_secs: Some(30),
            ..Default::default()
        });
        assert!(matches!(f.plan(&Method::GET, "/x"), Plan::RateLimited(_, s) if s >= 29));
        f.clear();
        assert!(matches!(f.plan(&Method::GET, "/x"), Plan::Normal(_)));
    }

    #[test]
    fn distrust_switches_are_off_by_default_and_set_through_the_admin_body() {
        let f = Faults::new(1, limited, post_is_create);
        assert!(f.dedupes_reference() && f.search_matches_reference());
        let cfg: FaultConfig = serde_json::from_str(
            r#"{"no_reference_dedupe": true, "search_ignores_reference": true}"#,
        )
        .expect("admin body");
        f.set(cfg);
        assert!(!f.dedupes_reference() && !f.search_matches_reference());
        f.clear();
        assert!(f.dedupes_reference() && f.search_matches_reference());
    }
}
