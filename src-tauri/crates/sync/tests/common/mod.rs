//! Shared set-up: a sandbox with a small catalog, clients paced fast (the simulators' own limits are
//! raised so pacing does not slow the suite), a fresh in-memory store.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sandbox::{Options, Sandbox};
use secrecy::SecretString;
use store::{Account, Store, Vendor};
use sync::{SyncEngine, VendorClient};
use vendor_http::{RateLimit, RetryPolicy};

pub const PRODUCTS: usize = 30;
pub const SEED: u64 = 77;

pub struct Env {
    pub sb: Sandbox,
    pub store: Arc<Mutex<Store>>,
    pub engine: SyncEngine,
}

pub fn fast() -> RateLimit {
    RateLimit::new(10_000, Duration::from_secs(1))
}

pub fn retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
    }
}

pub async fn start() -> Env {
    let sb = sandbox::start(
        "127.0.0.1:0".parse().expect("addr"),
        Options {
            products: PRODUCTS,
            seed: SEED,
        },
    )
    .await
    .expect("sandbox");
    sb.pancake.set_rate_limit(100_000, Duration::from_secs(1));
    sb.onflow.set_rate_limit(100_000, Duration::from_secs(1));
    sb.nhanh.set_rate_limit(100_000, Duration::from_secs(1));
    let store = Arc::new(Mutex::new(Store::open_in_memory().expect("store")));
    let engine = SyncEngine::new(store.clone());
    Env { sb, store, engine }
}

impl Env {
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

    pub fn accounts(&self) -> Vec<(Account, VendorClient)> {
        vec![
            (
                account("pc-1", Vendor::Pancake),
                VendorClient::Pancake(self.pancake()),
            ),
            (
                account("of-1", Vendor::Onflow),
                VendorClient::Onflow(self.onflow()),
            ),
            (
                account("nh-1", Vendor::Nhanh),
                VendorClient::Nhanh(self.nhanh()),
            ),
        ]
    }
}

pub fn account(id: &str, vendor: Vendor) -> Account {
    Account {
        id: id.to_string(),
        vendor,
        label: format!("{} demo", vendor.as_str()),
        demo: true,
    }
}

pub fn catalog() -> Vec<sandbox::common::catalog::CatalogVariation> {
    sandbox::common::catalog::catalog(&Options {
        products: PRODUCTS,
        seed: SEED,
    })
    .into_iter()
    .flat_map(|p| p.variations)
    .collect()
}

pub fn no_progress() -> impl Fn(sync::Progress) + Send + Sync {
    |_| {}
}
