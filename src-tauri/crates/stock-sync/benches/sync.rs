//! Full-sync benchmark against the simulators at their documented limits, clients at their defaults.
//!
//! `CARGO_TARGET_DIR=… cargo bench -p sync --bench sync` (release). Stdout: exactly one line per vendor,
//! `bench sync vendor=<v> skus=<n> seconds=<s> floor_seconds=<f> ratio=<s/f> http_429=<n>`, where the
//! floor is the requests the sync needed divided by the vendor's allowed rate (Nhanh: per URL, the
//! slowest URL, since URLs are paced independently and walked in parallel). Details go to stderr.
//! `SYNC_BENCH_SKUS` changes the size (default 10,000).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{account, per_sec, products_for, NHANH, ONFLOW, PANCAKE};
use secrecy::SecretString;
use stock_sync::{Mode, Progress, SyncEngine, SyncSummary, VendorAdapter};
use store::{Account, Store, Vendor};
use vendor_http::RateLimit;

fn report(vendor: &str, skus: usize, s: &SyncSummary, floor: f64) {
    let secs = s.elapsed.as_secs_f64();
    println!(
        "bench sync vendor={vendor} skus={skus} seconds={secs:.2} floor_seconds={floor:.2} ratio={:.3} http_429={}",
        secs / floor,
        s.http.rate_limited
    );
    eprintln!(
        "  {vendor}: requests {:?} (pipeline attempts {}, retries {}), listings {}, stock rows {}, warnings {}",
        s.requests, s.http.attempts, s.http.retries, s.listings, s.stock_rows, s.warnings
    );
}

async fn run(engine: &SyncEngine, account: &Account, client: &dyn VendorAdapter) -> SyncSummary {
    let quiet = |_: Progress| {};
    match engine
        .sync_account(account, client, Mode::Full, &quiet)
        .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sync of {} failed: {e}", account.id);
            std::process::exit(1);
        }
    }
}

fn main() {
    let skus = common::skus();
    let rt = common::runtime();
    rt.block_on(async move {
        let (products, variations) = products_for(skus);
        eprintln!("seeding {products} products = {variations} SKUs per vendor");
        let t = Instant::now();
        let sb = common::sandbox_at_documented_limits(products).await;
        eprintln!("sandbox up in {:.2}s", t.elapsed().as_secs_f64());
        let info = sb.info();
        let store = Arc::new(Mutex::new(Store::open_in_memory().expect("in-memory store")));
        let engine = SyncEngine::new(store);

        // Onflow
        let of = onflow::OnflowClient::builder()
            .base_url(format!("{}/onflow", sb.base_url()))
            .token(SecretString::from(sb.onflow.token().to_string()))
            .build()
            .expect("onflow client");
        let s = run(&engine, &account("of", Vendor::Onflow), &of).await;
        report("onflow", variations, &s, s.total_requests() as f64 / per_sec(ONFLOW));

        // Pancake
        let pc_builder = || {
            pancake::PancakeClient::builder()
                .base_url(info["pancake"]["base_url"].as_str().unwrap_or_default())
                .api_key(SecretString::from(
                    info["pancake"]["api_key"].as_str().unwrap_or_default().to_string(),
                ))
                .shop_id(info["pancake"]["shop_id"].as_i64().unwrap_or_default())
        };
        let pc = pc_builder().build().expect("pancake client");
        let s = run(&engine, &account("pc", Vendor::Pancake), &pc).await;
        report("pancake", variations, &s, s.total_requests() as f64 / per_sec(PANCAKE));
        if std::env::var("SYNC_BENCH_PANCAKE_AT_SIM_RATE").is_ok() {
            // extra (stderr): the client paced at the simulator's budget instead of its own default
            sb.pancake.set_rate_limit(PANCAKE.0, PANCAKE.1);
            let pc = pc_builder()
                .rate_limit(RateLimit::new(PANCAKE.0 as u32, PANCAKE.1))
                .build()
                .expect("pancake client");
            let s = run(&engine, &account("pc2", Vendor::Pancake), &pc).await;
            let floor = s.total_requests() as f64 / per_sec(PANCAKE);
            eprintln!(
                "  (extra) pancake client at {}/{}s: seconds={:.2} floor_seconds={floor:.2} ratio={:.3} http_429={}",
                PANCAKE.0,
                PANCAKE.1.as_secs(),
                s.elapsed.as_secs_f64(),
                s.elapsed.as_secs_f64() / floor,
                s.http.rate_limited
            );
        }

        // Nhanh: URLs are paced independently, so the floor is the slowest URL's
        let config = nhanh::Config::new(info["nhanh"]["app_id"].as_i64().unwrap_or_default())
            .with_base_url(info["nhanh"]["base_url"].as_str().unwrap_or_default())
            .expect("nhanh base url");
        let nh = nhanh::Client::new(
            config,
            nhanh::Credentials {
                business_id: info["nhanh"]["business_id"].as_i64().unwrap_or_default(),
                access_token: SecretString::from(
                    info["nhanh"]["access_token"].as_str().unwrap_or_default().to_string(),
                ),
            },
        )
        .expect("nhanh client");
        let s = run(&engine, &account("nh", Vendor::Nhanh), &nh).await;
        let slowest = s.requests.values().copied().max().unwrap_or(0);
        report("nhanh", variations, &s, slowest as f64 / per_sec(NHANH));
    });
}
