//! What the sync benchmarks share: the vendors' documented limits, the catalog size for a SKU count, and a
//! demo account.

use std::time::Duration;

use sandbox::Options;
use store::{Account, Vendor};

/// Onflow: 600 requests / 60 s (documented).
pub const ONFLOW: (usize, Duration) = (600, Duration::from_secs(60));
/// Nhanh: 150 requests / 30 s per appId + businessId + URL (documented).
pub const NHANH: (usize, Duration) = (150, Duration::from_secs(30));
/// Pancake: no published numbers; the simulator's inferred constant.
pub const PANCAKE: (usize, Duration) = (
    sandbox::pancake::RATE_LIMIT_REQUESTS,
    sandbox::pancake::RATE_LIMIT_WINDOW,
);

pub fn per_sec((n, per): (usize, Duration)) -> f64 {
    n as f64 / per.as_secs_f64()
}

/// The smallest catalog (products) holding at least `skus` variations, and its variation count.
pub fn products_for(skus: usize) -> (usize, usize) {
    let big = sandbox::common::catalog::catalog(&Options {
        products: skus / 2 + 10,
        seed: 2025,
    });
    let mut n = 0;
    for (i, p) in big.iter().enumerate() {
        n += p.variations.len();
        if n >= skus {
            return (i + 1, n);
        }
    }
    (big.len(), n)
}

pub fn account(id: &str, vendor: Vendor) -> Account {
    Account {
        id: id.into(),
        vendor,
        label: id.into(),
        demo: true,
    }
}

/// The SKU count asked for (`SYNC_BENCH_SKUS`, default 10,000).
pub fn skus() -> usize {
    std::env::var("SYNC_BENCH_SKUS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

/// A multi-thread runtime, or exit with the reason.
pub fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runtime: {e}");
            std::process::exit(1);
        }
    }
}

/// The simulators seeded with `products` products, each enforcing its documented limit; exit on failure.
pub async fn sandbox_at_documented_limits(products: usize) -> sandbox::Sandbox {
    let sb = match sandbox::start(
        "127.0.0.1:0".parse().expect("literal address"),
        Options {
            products,
            seed: 2025,
        },
    )
    .await
    {
        Ok(sb) => sb,
        Err(e) => {
            eprintln!("sandbox: {e}");
            std::process::exit(1);
        }
    };
    sb.onflow.set_rate_limit(ONFLOW.0, ONFLOW.1);
    sb.nhanh.set_rate_limit(NHANH.0, NHANH.1);
    sb.pancake.set_rate_limit(PANCAKE.0, PANCAKE.1);
    sb
}
