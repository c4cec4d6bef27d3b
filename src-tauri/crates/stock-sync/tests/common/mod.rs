//! Shared set-up: a sandbox with a small catalog, clients paced fast (the simulators' own limits are
//! raised so pacing does not slow the suite), a fresh in-memory store.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use sandbox::Options;
use stock_sync::{Adapter, SyncEngine};
use store::{Account, Store, Vendor};
pub use testkit::{Sims, PRODUCTS, SEED};

pub struct Env {
    pub sb: Sims,
    pub store: Arc<Mutex<Store>>,
    pub engine: SyncEngine,
}

pub async fn start() -> Env {
    let sb = Sims::start().await;
    let store = Arc::new(Mutex::new(Store::open_in_memory().expect("store")));
    let engine = SyncEngine::new(store.clone());
    Env { sb, store, engine }
}

impl Env {
    pub fn pancake(&self) -> pancake::PancakeClient {
        self.sb.pancake()
    }

    pub fn onflow_with_token(&self, token: &str) -> onflow::OnflowClient {
        self.sb.onflow_with_token(token)
    }

    pub fn onflow(&self) -> onflow::OnflowClient {
        self.sb.onflow()
    }

    pub fn nhanh(&self) -> nhanh::Client {
        self.sb.nhanh()
    }

    pub fn accounts(&self) -> Vec<(Account, Adapter)> {
        vec![
            (account("pc-1", Vendor::Pancake), Arc::new(self.pancake())),
            (account("of-1", Vendor::Onflow), Arc::new(self.onflow())),
            (account("nh-1", Vendor::Nhanh), Arc::new(self.nhanh())),
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

pub fn no_progress() -> impl Fn(stock_sync::Progress) + Send + Sync {
    |_| {}
}
