//! Freshness benchmark: the simulators' stock changes at random while ShopDesk's schedule syncs
//! incrementally in its background lane; how long until the store shows each change, and what share of each
//! vendor's rate budget the schedule used.
//!
//! `CARGO_TARGET_DIR=… cargo bench -p sync --bench freshness` (release). Stdout: one line per vendor,
//! `bench freshness vendor=<v> skus=<n> p95_seconds=<s> budget_share=<f> goal_p95_seconds=60 ratio=<s/60>`.
//! Details (changes, unseen, runs, requests) go to stderr.
//!
//! What runs: 10,000 SKUs per vendor at the documented limits; one full sync (the owner's start-up sync),
//! then for `FRESH_BENCH_SECONDS` (default 240) a scheduled incremental sync every `FRESH_BENCH_CADENCE`
//! seconds (default 30) per account with the default 30 % lane, while each simulator changes one random
//! stock cell every 3 s (the last minute has no changes, so every change can be seen). A change's latency
//! is the time from the change to the end of the first sync after which the store shows the cell's newest
//! figure. `budget_share` = the schedule's requests ÷ (elapsed × the vendor's allowed rate); Nhanh: per
//! URL, its busiest URL.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{account, per_sec, products_for, NHANH, ONFLOW, PANCAKE};
use secrecy::SecretString;
use stock_sync::{Mode, Progress, SyncEngine, VendorAdapter};
use store::{Account, Store, Vendor};

const CHANGE_EVERY: Duration = Duration::from_secs(3);
const QUIET_END: Duration = Duration::from_secs(60);
const GOAL_P95: f64 = 60.0;

fn env_secs(name: &str, default: u64) -> Duration {
    Duration::from_secs(
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default),
    )
}

/// A stock cell as the simulator names it and as the store keys it.
#[derive(Clone)]
struct Cell {
    /// (vendor product id, vendor variation id, vendor warehouse id) in the store
    key: (String, String, String),
    /// what the simulator's `adjust_stock` takes: variation id / SKU / OASIN, and warehouse / depot
    sim_item: String,
    sim_wh: String,
}

/// A change waiting to be seen: when it was first made, and the newest on-hand figure of the cell.
struct Pending {
    since: Instant,
    expect: i64,
}

/// Changes a cell at the simulator by a delta; answers the cell's new on-hand figure.
type Adjust<'a> = Box<dyn Fn(&Cell, i64) -> Option<i64> + Send + Sync + 'a>;

struct Lane<'a> {
    name: &'static str,
    account: Account,
    client: &'a dyn VendorAdapter,
    rate: (usize, Duration),
    per_url: bool,
    cells: Vec<Cell>,
    adjust: Adjust<'a>,
}

fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}

/// Cells of an account as stored, mapped to the simulator's names by `sim`.
fn cells(
    store: &Mutex<Store>,
    account: &str,
    sim: impl Fn(&store::StockRow, Option<&str>) -> Option<(String, String)>,
) -> Vec<Cell> {
    let db = store.lock().expect("store");
    let skus: HashMap<_, _> = db
        .listings(Some(account))
        .expect("listings")
        .into_iter()
        .map(|l| (l.listing.clone(), l.sku.clone()))
        .collect();
    db.stock_rows(account)
        .expect("stock rows")
        .into_iter()
        .filter_map(|r| {
            let sku = skus.get(&r.listing).cloned().flatten();
            let (sim_item, sim_wh) = sim(&r, sku.as_deref())?;
            Some(Cell {
                key: (
                    r.listing.vendor_product_id.clone(),
                    r.listing.vendor_variation_id.clone(),
                    r.vendor_wh_id.clone(),
                ),
                sim_item,
                sim_wh,
            })
        })
        .collect()
}

fn on_hand_now(store: &Mutex<Store>, account: &str) -> HashMap<(String, String, String), i64> {
    let db = store.lock().expect("store");
    db.stock_rows(account)
        .expect("stock rows")
        .into_iter()
        .filter_map(|r| {
            Some((
                (
                    r.listing.vendor_product_id,
                    r.listing.vendor_variation_id,
                    r.vendor_wh_id,
                ),
                r.on_hand?,
            ))
        })
        .collect()
}

async fn measure(
    lane: Lane<'_>,
    store: Arc<Mutex<Store>>,
    run_for: Duration,
    cadence: Duration,
    skus: usize,
) {
    let pending: Mutex<HashMap<(String, String, String), Pending>> = Mutex::new(HashMap::new());
    let latencies: Mutex<Vec<f64>> = Mutex::new(Vec::new());
    let changes = std::sync::atomic::AtomicU64::new(0);
    let start = Instant::now();
    let engine = SyncEngine::new(store.clone()).with_budget_share(0.30);
    let quiet = |_: Progress| {};

    let changer = async {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ lane.name.len() as u64;
        while start.elapsed() + QUIET_END < run_for {
            tokio::time::sleep(CHANGE_EVERY).await;
            let cell = &lane.cells[(xorshift(&mut seed) % lane.cells.len() as u64) as usize];
            let delta = (xorshift(&mut seed) % 5) as i64 + 1;
            let delta = if xorshift(&mut seed).is_multiple_of(2) {
                delta
            } else {
                -delta
            };
            let Some(now) = (lane.adjust)(cell, delta) else {
                continue;
            };
            changes.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut p = pending.lock().expect("pending");
            let e = p.entry(cell.key.clone()).or_insert(Pending {
                since: Instant::now(),
                expect: now,
            });
            e.expect = now;
        }
    };
    let syncer = async {
        let mut runs = 0u32;
        let mut requests: BTreeMap<String, u64> = BTreeMap::new();
        let mut http_429 = 0u64;
        let mut next = Instant::now();
        while start.elapsed() < run_for {
            tokio::time::sleep_until(next.into()).await;
            next = Instant::now() + cadence;
            match engine
                .sync_account(&lane.account, lane.client, Mode::Incremental, &quiet)
                .await
            {
                Ok(s) => {
                    runs += 1;
                    http_429 += s.http.rate_limited;
                    for (k, v) in s.requests {
                        *requests.entry(k).or_default() += v;
                    }
                }
                Err(e) => eprintln!("  {}: a scheduled sync failed: {e}", lane.name),
            }
            let seen = on_hand_now(&store, &lane.account.id);
            let done = Instant::now();
            let mut p = pending.lock().expect("pending");
            let mut l = latencies.lock().expect("latencies");
            p.retain(|key, w| {
                if seen.get(key) == Some(&w.expect) {
                    l.push((done - w.since).as_secs_f64());
                    false
                } else {
                    true
                }
            });
        }
        (runs, requests, http_429, start.elapsed())
    };
    let ((), (runs, requests, http_429, elapsed)) = tokio::join!(changer, syncer);

    let unseen = pending.into_inner().expect("pending");
    let mut l = latencies.into_inner().expect("latencies");
    // a change never seen counts with the whole time it waited
    l.extend(unseen.values().map(|w| w.since.elapsed().as_secs_f64()));
    l.sort_by(f64::total_cmp);
    let p95 = if l.is_empty() {
        f64::NAN
    } else {
        l[((l.len() as f64 * 0.95).ceil() as usize).clamp(1, l.len()) - 1]
    };
    let used = if lane.per_url {
        requests.values().copied().max().unwrap_or(0)
    } else {
        requests.values().sum()
    };
    let share = used as f64 / (elapsed.as_secs_f64() * per_sec(lane.rate));
    println!(
        "bench freshness vendor={} skus={skus} p95_seconds={p95:.1} budget_share={share:.3} goal_p95_seconds={GOAL_P95:.0} ratio={:.3}",
        lane.name,
        p95 / GOAL_P95
    );
    eprintln!(
        "  {}: changes {} unseen {} runs {runs} requests {requests:?} http_429 {http_429} median {:.1}s",
        lane.name,
        changes.into_inner(),
        unseen.len(),
        l.get(l.len() / 2).copied().unwrap_or(f64::NAN)
    );
}

fn main() {
    let skus = common::skus();
    let run_for = env_secs("FRESH_BENCH_SECONDS", 240).max(QUIET_END + CHANGE_EVERY * 4);
    let cadence = env_secs("FRESH_BENCH_CADENCE", 30);
    let rt = common::runtime();
    rt.block_on(async move {
        let (products, variations) = products_for(skus);
        eprintln!("seeding {products} products = {variations} SKUs per vendor");
        let sb = common::sandbox_at_documented_limits(products).await;
        let info = sb.info();
        let store = Arc::new(Mutex::new(
            Store::open_in_memory().expect("in-memory store"),
        ));

        let of = onflow::OnflowClient::builder()
            .base_url(format!("{}/onflow", sb.base_url()))
            .token(SecretString::from(sb.onflow.token().to_string()))
            .build()
            .expect("onflow client");
        let pc = pancake::PancakeClient::builder()
            .base_url(info["pancake"]["base_url"].as_str().unwrap_or_default())
            .api_key(SecretString::from(
                info["pancake"]["api_key"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ))
            .shop_id(info["pancake"]["shop_id"].as_i64().unwrap_or_default())
            .build()
            .expect("pancake client");
        let config = nhanh::Config::new(info["nhanh"]["app_id"].as_i64().unwrap_or_default())
            .with_base_url(info["nhanh"]["base_url"].as_str().unwrap_or_default())
            .expect("nhanh base url");
        let nh = nhanh::Client::new(
            config,
            nhanh::Credentials {
                business_id: info["nhanh"]["business_id"].as_i64().unwrap_or_default(),
                access_token: SecretString::from(
                    info["nhanh"]["access_token"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                ),
            },
        )
        .expect("nhanh client");

        // the owner's start-up sync: full, whole budget
        let owner = SyncEngine::new(store.clone());
        let quiet = |_: Progress| {};
        let t = Instant::now();
        let accounts = [
            (account("of", Vendor::Onflow), &of as &dyn VendorAdapter),
            (account("pc", Vendor::Pancake), &pc as &dyn VendorAdapter),
            (account("nh", Vendor::Nhanh), &nh as &dyn VendorAdapter),
        ];
        let firsts = futures::future::join_all(
            accounts
                .iter()
                .map(|(a, c)| owner.sync_account(a, *c, Mode::Full, &quiet)),
        )
        .await;
        for r in firsts {
            if let Err(e) = r {
                eprintln!("first sync failed: {e}");
                std::process::exit(1);
            }
        }
        eprintln!(
            "first full syncs in {:.1}s; measuring for {}s, a scheduled sync every {}s",
            t.elapsed().as_secs_f64(),
            run_for.as_secs(),
            cadence.as_secs()
        );

        let (sims, sb_ref) = (&sb, &sb);
        let lanes = vec![
            Lane {
                name: "pancake",
                account: account("pc", Vendor::Pancake),
                client: &pc,
                rate: PANCAKE,
                per_url: false,
                cells: cells(&store, "pc", |r, _| {
                    Some((
                        r.listing.vendor_variation_id.clone(),
                        r.vendor_wh_id.clone(),
                    ))
                }),
                adjust: Box::new(move |c: &Cell, d| {
                    sims.pancake
                        .adjust_stock(&c.sim_item, &c.sim_wh, d)
                        .map(|(_, on_hand)| on_hand)
                }),
            },
            Lane {
                name: "nhanh",
                account: account("nh", Vendor::Nhanh),
                client: &nh,
                rate: NHANH,
                per_url: true,
                cells: cells(&store, "nh", |r, sku| {
                    Some((sku?.to_string(), r.vendor_wh_id.clone()))
                }),
                adjust: Box::new(move |c: &Cell, d| {
                    sb_ref
                        .nhanh
                        .adjust_stock(&c.sim_item, c.sim_wh.parse().ok()?, d)
                }),
            },
            Lane {
                name: "onflow",
                account: account("of", Vendor::Onflow),
                client: &of,
                rate: ONFLOW,
                per_url: false,
                cells: cells(&store, "of", |r, _| {
                    Some((r.listing.vendor_product_id.clone(), r.vendor_wh_id.clone()))
                }),
                adjust: Box::new(move |c: &Cell, d| {
                    sb_ref.onflow.adjust_stock(&c.sim_item, &c.sim_wh, d)
                }),
            },
        ];
        for l in &lanes {
            if l.cells.is_empty() {
                eprintln!("{}: no stock cells after the first sync", l.name);
                std::process::exit(1);
            }
        }
        futures::future::join_all(
            lanes
                .into_iter()
                .map(|l| measure(l, store.clone(), run_for, cadence, variations)),
        )
        .await;
    });
}
