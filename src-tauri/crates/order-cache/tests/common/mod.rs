//! The three simulators and one client of each, built by `testkit`.
#![allow(dead_code)]

use sandbox::Options;
use testkit::{ClientConfig, Sims};

pub use testkit::order_status::{cancellable, normalize};

pub struct Env {
    pub sb: Sims,
    pub pancake: pancake::PancakeClient,
    pub nhanh: nhanh::Client,
    pub onflow: onflow::OnflowClient,
}

impl Env {
    pub async fn start() -> anyhow::Result<Env> {
        let options = Options {
            products: 40,
            seed: 7,
        };
        let sb = Sims::with_clients(options, ClientConfig::faults(2)).await;
        Ok(Env {
            pancake: sb.pancake(),
            nhanh: sb.nhanh(),
            onflow: sb.onflow(),
            sb,
        })
    }
}
