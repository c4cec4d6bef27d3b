//! Dev-only test support shared by the engines' suites: [`Sims`] (the three vendor simulators on one
//! loopback port, with clients paced fast and their adapters) and [`logs::Capture`] (everything the
//! code under test logs, to assert that no secret reaches a log).
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

/// The three simulators (their own rate limits raised so pacing does not slow a suite) and fast
/// clients for them. Derefs to the [`Sandbox`] for its admin handles.
pub struct Sims {
    pub sb: Sandbox,
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

    pub async fn with(options: Options) -> Sims {
        let sb = sandbox::start("127.0.0.1:0".parse().expect("addr"), options)
            .await
            .expect("sandbox");
        sb.pancake.set_rate_limit(100_000, Duration::from_secs(1));
        sb.onflow.set_rate_limit(100_000, Duration::from_secs(1));
        sb.nhanh.set_rate_limit(100_000, Duration::from_secs(1));
        Sims { sb }
    }

    pub fn pancake(&self) -> pancake::PancakeClient {
        let info = &self.sb.info()["pancake"];
        pancake::PancakeClient::builder()
            .base_url(info["base_url"].as_str().expect("url"))
            .api_key(SecretString::from(
                info["api_key"].as_str().expect("key").to_string(),
            ))
            .shop_id(info["shop_id"].as_i64().expect("shop"))
            .rate_limit(fast())
            .rate_limit_pause(Duration::from_millis(200))
            .retry(retry())
            .build()
            .expect("pancake client")
    }

    pub fn onflow_with_token(&self, token: &str) -> onflow::OnflowClient {
        onflow::OnflowClient::builder()
            .base_url(format!("{}/onflow", self.sb.base_url()))
            .token(SecretString::from(token.to_string()))
            .rate_limit(fast())
            .retry(retry())
            .build()
            .expect("onflow client")
    }

    pub fn onflow(&self) -> onflow::OnflowClient {
        self.onflow_with_token(self.sb.onflow.token())
    }

    pub fn nhanh(&self) -> nhanh::Client {
        let info = &self.sb.info()["nhanh"];
        let mut config = nhanh::Config::new(info["app_id"].as_i64().expect("app"))
            .with_base_url(info["base_url"].as_str().expect("url"))
            .expect("base");
        config.rate_limit = fast();
        config.retry = retry();
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
