//! Dev-only test support shared by the engines' suites: [`Sims`] (the three vendor simulators on one
//! loopback port, with clients paced as a [`ClientConfig`] says and their adapters), [`order_status`]
//! (each vendor's status table by [`Vendor`]) and [`logs::Capture`] (everything the code under test
//! logs, to assert that no secret reaches a log).
//!
//! Never a normal dependency of a shipped crate: only `[dev-dependencies]`.

pub mod logs;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use sandbox::{Options, Sandbox};
use secrecy::SecretString;
use shopdesk_core::ports::Adapter;
use shopdesk_core::Vendor;
use vendor_http::{RateLimit, RetryPolicy};

/// The catalog size [`Sims::start`] seeds the simulators with.
pub const PRODUCTS: usize = 30;
/// The seed [`Sims::start`] uses.
pub const SEED: u64 = 77;

/// A client rate limit far above anything a test needs.
pub fn fast() -> RateLimit {
    RateLimit::new(10_000, Duration::from_secs(1))
}

/// Retries with short pauses, so a transient failure costs milliseconds.
pub fn retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
    }
}

/// How the clients [`Sims`] builds are paced, retried and timed out. `None` leaves the client's own
/// default.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub rate_limit: RateLimit,
    pub retry: RetryPolicy,
    /// Pancake's pause after a rate-limit answer.
    pub rate_limit_pause: Option<Duration>,
    /// Longest a client waits out a rate limit before it answers `RateLimited`.
    pub max_rate_limit_wait: Option<Duration>,
    /// A request's total time.
    pub timeout: Option<Duration>,
}

impl Default for ClientConfig {
    /// [`fast`] pacing, [`retry`], a 200 ms Pancake pause; the clients' own waits and timeouts.
    fn default() -> Self {
        ClientConfig {
            rate_limit: fast(),
            retry: retry(),
            rate_limit_pause: Some(Duration::from_millis(200)),
            max_rate_limit_wait: None,
            timeout: None,
        }
    }
}

impl ClientConfig {
    /// What the engines' fault suites use: `retries` pipeline retries with 5–20 ms pauses (0 = nothing
    /// is re-sent by the pipeline itself), a rate limit far above the suite, a rate-limit window waited
    /// out for at most 50 ms (longer ones answer `RateLimited` at once), 10 s per request.
    pub fn faults(retries: usize) -> ClientConfig {
        ClientConfig {
            rate_limit: RateLimit::new(100_000, Duration::from_secs(1)),
            retry: RetryPolicy {
                max_retries: retries,
                min_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            },
            rate_limit_pause: None,
            max_rate_limit_wait: Some(Duration::from_millis(50)),
            timeout: Some(Duration::from_secs(10)),
        }
    }
}

/// The three simulators (their own rate limits raised so pacing does not slow a suite) and clients
/// for them, built as its [`ClientConfig`] says. Derefs to the [`Sandbox`] for its admin handles.
pub struct Sims {
    pub sb: Sandbox,
    pub clients: ClientConfig,
}

impl Deref for Sims {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        &self.sb
    }
}

impl Sims {
    /// Simulators seeded with [`PRODUCTS`] products from [`SEED`].
    pub async fn start() -> Sims {
        Self::with(Options {
            products: PRODUCTS,
            seed: SEED,
        })
        .await
    }

    /// Simulators seeded as `options` says, with [`ClientConfig::default`] clients.
    pub async fn with(options: Options) -> Sims {
        Self::with_clients(options, ClientConfig::default()).await
    }

    /// Simulators seeded as `options` says, with clients built as `clients` says.
    pub async fn with_clients(options: Options, clients: ClientConfig) -> Sims {
        let sb = sandbox::start("127.0.0.1:0".parse().expect("addr"), options)
            .await
            .expect("sandbox");
        sb.pancake.set_rate_limit(1_000_000, Duration::from_secs(1));
        sb.onflow.set_rate_limit(1_000_000, Duration::from_secs(1));
        sb.nhanh.set_rate_limit(1_000_000, Duration::from_secs(1));
        Sims { sb, clients }
    }

    pub fn pancake(&self) -> pancake::PancakeClient {
        let info = &self.sb.info()["pancake"];
        let c = &self.clients;
        let mut builder = pancake::PancakeClient::builder()
            .base_url(info["base_url"].as_str().expect("url"))
            .api_key(SecretString::from(
                info["api_key"].as_str().expect("key").to_string(),
            ))
            .shop_id(info["shop_id"].as_i64().expect("shop"))
            .rate_limit(c.rate_limit)
            .retry(c.retry);
        if let Some(pause) = c.rate_limit_pause {
            builder = builder.rate_limit_pause(pause);
        }
        if let Some(wait) = c.max_rate_limit_wait {
            builder = builder.max_rate_limit_wait(wait);
        }
        if let Some(timeout) = c.timeout {
            builder = builder.timeout(timeout);
        }
        builder.build().expect("pancake client")
    }

    pub fn onflow_with_token(&self, token: &str) -> onflow::OnflowClient {
        let c = &self.clients;
        let mut builder = onflow::OnflowClient::builder()
            .base_url(format!("{}/onflow", self.sb.base_url()))
            .token(SecretString::from(token.to_string()))
            .rate_limit(c.rate_limit)
            .retry(c.retry);
        if let Some(wait) = c.max_rate_limit_wait {
            builder = builder.max_rate_limit_wait(wait);
        }
        if let Some(timeout) = c.timeout {
            builder = builder.timeout(timeout);
        }
        builder.build().expect("onflow client")
    }

    pub fn onflow(&self) -> onflow::OnflowClient {
        self.onflow_with_token(self.sb.onflow.token())
    }

    pub fn nhanh(&self) -> nhanh::Client {
        let info = &self.sb.info()["nhanh"];
        let mut config = nhanh::Config::new(info["app_id"].as_i64().expect("app"))
            .with_base_url(info["base_url"].as_str().expect("url"))
            .expect("base");
        let c = &self.clients;
        config.rate_limit = c.rate_limit;
        config.retry = c.retry;
        if let Some(wait) = c.max_rate_limit_wait {
            config.max_rate_limit_wait = wait;
        }
        if let Some(timeout) = c.timeout {
            config.total_timeout = timeout;
        }
        nhanh::Client::new(
            config,
            nhanh::Credentials {
                business_id: info["business_id"].as_i64().expect("business"),
                access_token: SecretString::from(
                    info["access_token"].as_str().expect("token").to_string(),
                ),
            },
        )
        .expect("nhanh client")
    }

    /// A fast adapter of `vendor`'s simulator.
    pub fn adapter(&self, vendor: Vendor) -> Adapter {
        match vendor {
            Vendor::Pancake => Arc::new(self.pancake()),
            Vendor::Onflow => Arc::new(self.onflow()),
            Vendor::Nhanh => Arc::new(self.nhanh()),
        }
    }

    /// One adapter per vendor, in [`Vendor::ALL`] order.
    pub fn adapters(&self) -> Vec<Adapter> {
        Vendor::ALL.iter().map(|v| self.adapter(*v)).collect()
    }
}

/// Each vendor's status table (its adapter's `order_status`), by [`Vendor`]: what an engine's suite
/// compares the engine's output with (the engine itself knows no vendor).
pub mod order_status {
    use shopdesk_core::order::OrderStatus;
    use shopdesk_core::Vendor;

    /// The normalized status of a vendor's status code.
    pub fn normalize(vendor: Vendor, code: i64) -> OrderStatus {
        match vendor {
            Vendor::Pancake => pancake::adapter::order_status::normalize(code),
            Vendor::Nhanh => nhanh::adapter::order_status::normalize(code),
            Vendor::Onflow => onflow::adapter::order_status::normalize(code),
        }
    }

    /// Whether the vendor lets the shop cancel in this status.
    pub fn cancellable(vendor: Vendor, code: i64) -> bool {
        match vendor {
            Vendor::Pancake => pancake::adapter::order_status::cancellable(code),
            Vendor::Nhanh => nhanh::adapter::order_status::cancellable(code),
            Vendor::Onflow => onflow::adapter::order_status::cancellable(code),
        }
    }
}
