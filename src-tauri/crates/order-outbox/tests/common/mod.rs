//! Shared by the tests and the bench: the three simulators and their clients (built by `testkit`), drafts
//! that the simulators accept, and the fault scenario (submissions under faults, restarts mid-flight, resume).
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use std::time::Duration;

use order_outbox::*;
use sandbox::{FaultConfig, Options};
use testkit::{ClientConfig, Sims};

pub const PANCAKE_ACCOUNT: &str = "pancake-demo";
pub const NHANH_ACCOUNT: &str = "nhanh-demo";
pub const ONFLOW_ACCOUNT: &str = "onflow-demo";
const ONFLOW_HN: &str = "ONF_WH_HN_LB";

/// The clients' pipeline retries (`ORDERS_PIPELINE_RETRIES`, default 2). With 0 nothing is re-sent
/// by the pipeline itself, the way creates will be sent once it stops retrying them.
pub fn pipeline_retries() -> usize {
    std::env::var("ORDERS_PIPELINE_RETRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2)
}

/// Engine settings for tests: short settle and retry delays.
pub fn fast_config() -> OutboxConfig {
    OutboxConfig {
        max_attempts: 8,
        settle_delay: Duration::from_millis(30),
        retry_delay: Duration::from_millis(20),
        max_inline_wait: Duration::from_secs(5),
        concurrency: 16,
        ..OutboxConfig::default()
    }
}

/// A lookup over the orders of the last hour.
pub fn scope_last_hour() -> LookupScope {
    LookupScope::since(chrono::Utc::now() - chrono::Duration::hours(1), 20)
}

/// (sku, vendor product id, vendor variation id) of an item the simulator accepts.
pub type CatalogItem = (String, String, String);

/// A real client wrapped to record every create/lookup the engine makes, in order (no behaviour change).
pub struct Recorder {
    inner: Arc<dyn OrderSink>,
    log: Arc<Mutex<Vec<(String, bool)>>>,
}

impl OrderSink for Recorder {
    fn vendor(&self) -> Vendor {
        self.inner.vendor()
    }

    fn create<'a>(
        &'a self,
        draft: &'a OrderDraft,
        reference: &'a str,
    ) -> BoxFuture<'a, vendor_http::Result<String>> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((reference.to_string(), true));
        self.inner.create(draft, reference)
    }

    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
        scope: LookupScope,
    ) -> BoxFuture<'a, vendor_http::Result<Lookup>> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((reference.to_string(), false));
        self.inner.find_by_reference(reference, scope)
    }

    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        self.inner.is_duplicate_reference(err)
    }
}

pub struct Env {
    pub sb: Sims,
    /// (reference, is_create) of every port call, in order.
    pub calls: Arc<Mutex<Vec<(String, bool)>>>,
    pub pancake: Arc<pancake::PancakeClient>,
    pub nhanh: Arc<nhanh::Client>,
    pub onflow: Arc<onflow::OnflowClient>,
    /// Per vendor: (warehouse id, items the simulator accepts: (sku, product id, variation id)).
    pub catalog: HashMap<Vendor, (String, Vec<CatalogItem>)>,
}

impl Env {
    /// The simulators and clients whose pipeline retries [`pipeline_retries`] times.
    pub async fn start() -> anyhow::Result<Env> {
        Self::start_with_retries(pipeline_retries()).await
    }

    /// The simulators and clients whose pipeline retries transient failures `retries` times.
    pub async fn start_with_retries(retries: usize) -> anyhow::Result<Env> {
        let options = Options {
            products: 60,
            seed: 11,
        };
        let clients = ClientConfig {
            rate_limit_pause: Some(Duration::from_millis(300)),
            ..ClientConfig::faults(retries)
        };
        let sb = Sims::with_clients(options, clients).await;
        let pancake = sb.pancake();
        let nhanh = sb.nhanh();
        let onflow = sb.onflow();

        let mut catalog = HashMap::new();
        let wh = pancake.warehouses().await?;
        let vars = pancake
            .list_variations(&pancake::VariationQuery::default())
            .await?;
        let items: Vec<CatalogItem> = vars
            .data
            .iter()
            .filter_map(|v| {
                let sku = v.sku()?.to_string();
                Some((sku, v.product_id.clone().unwrap_or_default(), v.id.clone()))
            })
            .collect();
        catalog.insert(Vendor::Pancake, (wh[0].id.to_string(), items));
        let items: Vec<CatalogItem> = nhanh
            .products(&Default::default())
            .await?
            .into_iter()
            .filter(|p| p.parent_id > 0)
            .map(|p| (p.code.clone(), p.id.to_string(), String::new()))
            .collect();
        catalog.insert(Vendor::Nhanh, (sandbox::nhanh::DEPOT_HN.to_string(), items));
        let items: Vec<CatalogItem> = onflow
            .list_all_stock(&onflow::StockQuery {
                warehouse_code: Some(ONFLOW_HN.into()),
                ..Default::default()
            })
            .await?
            .into_iter()
            .filter(|r| r.available_quantity >= 40)
            .map(|r| (r.sku.clone(), r.oasin.clone(), r.oasin.clone()))
            .collect();
        catalog.insert(Vendor::Onflow, (ONFLOW_HN.to_string(), items));
        for (v, (_, items)) in &catalog {
            anyhow::ensure!(!items.is_empty(), "no sellable items at {v}");
        }
        Ok(Env {
            sb,
            calls: Arc::default(),
            pancake: Arc::new(pancake),
            nhanh: Arc::new(nhanh),
            onflow: Arc::new(onflow),
            catalog,
        })
    }

    pub fn ports(&self) -> Ports {
        Ports::new()
            .with(PANCAKE_ACCOUNT, self.port(Vendor::Pancake))
            .with(NHANH_ACCOUNT, self.port(Vendor::Nhanh))
            .with(ONFLOW_ACCOUNT, self.port(Vendor::Onflow))
    }

    /// The vendor's real client, recording its calls into [`Env::calls`].
    pub fn port(&self, vendor: Vendor) -> Arc<dyn OrderSink> {
        let inner: Arc<dyn OrderSink> = match vendor {
            Vendor::Pancake => self.pancake.clone(),
            Vendor::Nhanh => self.nhanh.clone(),
            Vendor::Onflow => self.onflow.clone(),
        };
        Arc::new(Recorder {
            inner,
            log: self.calls.clone(),
        })
    }

    /// Sends of a reference that followed an earlier send of it with no lookup in between.
    pub fn sends_without_lookup(&self) -> usize {
        let calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        // per reference: was the last call a create?
        let mut last_was_create: HashMap<&str, bool> = HashMap::new();
        let mut bad = 0;
        for (r, is_create) in calls.iter() {
            let prev = last_was_create.insert(r.as_str(), *is_create);
            if *is_create && prev == Some(true) {
                bad += 1;
            }
        }
        bad
    }

    pub fn call_count(&self) -> (usize, usize) {
        let calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        let creates = calls.iter().filter(|c| c.1).count();
        (creates, calls.len() - creates)
    }

    /// The `n`-th test order for `vendor` (one unit of a rotating catalog item).
    pub fn draft(&self, vendor: Vendor, n: usize) -> OrderDraft {
        let (warehouse, items) = &self.catalog[&vendor];
        let (sku, product_id, variation_id) = items[n % items.len()].clone();
        let account = match vendor {
            Vendor::Pancake => PANCAKE_ACCOUNT,
            Vendor::Nhanh => NHANH_ACCOUNT,
            Vendor::Onflow => ONFLOW_ACCOUNT,
        };
        OrderDraft {
            customer: Customer {
                name: "Trần Văn Bình".into(),
                phone: format!("+84 90 {:03} {:04}", n % 1000, n % 10_000),
                email: None,
            },
            address: Address {
                line1: format!("{} Nguyễn Trãi", n + 1),
                district: Some("Quận 5".into()),
                province: Some("TP Hồ Chí Minh".into()),
                geo: GeoIds {
                    province_id: (vendor == Vendor::Nhanh).then(|| "254".to_string()),
                    ..Default::default()
                },
                ..Default::default()
            },
            items: vec![Item {
                sku,
                product_id: Some(product_id),
                variation_id: (!variation_id.is_empty()).then_some(variation_id),
                quantity: 1,
                unit_price: Money::vnd(150_000 + (n as i64 % 7) * 10_000),
                discount: Money::ZERO,
            }],
            order_discount: Money::ZERO,
            shipping_fee: Money::vnd(25_000),
            cod: None,
            note: Some(format!("đơn thử {n}")),
            target: Target {
                account_id: account.into(),
                vendor,
                warehouse_id: warehouse.clone(),
            },
            extras: Extras {
                onflow: (vendor == Vendor::Onflow).then(|| OnflowExtras {
                    platform: "shopee".into(),
                    marketplace_order_ref: Some(format!("SPE{n:06}")),
                    waybill: Some(format!("SPXVN{n:08}")),
                    document_urls: vec![],
                }),
                ..Default::default()
            },
        }
    }

    /// How many orders each vendor holds per reference (Pancake `custom_id`, Nhanh `appOrderId`,
    /// Onflow `merchant_tracking_code_reference`).
    pub async fn counts_by_reference(&self) -> anyhow::Result<HashMap<String, usize>> {
        for v in ["pancake", "nhanh", "onflow"] {
            if let Some(f) = self.sb.faults(v) {
                f.clear();
            }
        }
        let mut out: HashMap<String, usize> = HashMap::new();
        let orders = self
            .pancake
            .list_all_orders(&pancake::OrderQuery {
                include_removed: Some(true),
                page_size: Some(100),
                ..Default::default()
            })
            .await?;
        for o in orders {
            if let Some(r) = o.custom_id.filter(|r| r.starts_with("SD-")) {
                *out.entry(r).or_default() += 1;
            }
        }
        let ships = self.onflow.list_all_shipments(&Default::default()).await?;
        for s in ships {
            if s.merchant_tracking_code_reference.starts_with("SD-") {
                *out.entry(s.merchant_tracking_code_reference).or_default() += 1;
            }
        }
        Ok(out)
    }

    pub fn nhanh_count(&self, reference: &str) -> usize {
        self.sb.nhanh.orders_with_reference(reference)
    }
}

/// The simulators' distrust switches a scenario runs under (both off = the documented behaviour).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Distrust {
    /// `no_reference_dedupe`: a repeated reference creates a second order.
    pub no_dedupe: bool,
    /// `search_ignores_reference`: the undocumented lookups by reference do not match it.
    pub search_ignores_reference: bool,
}

impl Distrust {
    pub const NO_DEDUPE: Distrust = Distrust {
        no_dedupe: true,
        search_ignores_reference: false,
    };
    pub const SEARCH_IGNORES_REFERENCE: Distrust = Distrust {
        no_dedupe: false,
        search_ignores_reference: true,
    };
    pub const BOTH: Distrust = Distrust {
        no_dedupe: true,
        search_ignores_reference: true,
    };

    /// `no_dedupe`, `search_ignores_reference`, `no_dedupe+search_ignores_reference` or `none`.
    pub fn label(self) -> &'static str {
        match (self.no_dedupe, self.search_ignores_reference) {
            (false, false) => "none",
            (true, false) => "no_dedupe",
            (false, true) => "search_ignores_reference",
            (true, true) => "no_dedupe+search_ignores_reference",
        }
    }

    /// `config` with these switches set.
    pub fn on(self, config: FaultConfig) -> FaultConfig {
        FaultConfig {
            no_reference_dedupe: self.no_dedupe,
            search_ignores_reference: self.search_ignores_reference,
            ..config
        }
    }
}

/// Counts printed by the fault test and the bench.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub submissions: usize,
    pub created_once: usize,
    pub duplicates: usize,
    pub lost: usize,
    pub failed: usize,
    pub restarts: usize,
    pub interrupted: usize,
    /// Rows in `sending` / `unknown` / `queued` left by the crashes (summed over both).
    pub sending_at_crash: usize,
    pub unknown_at_crash: usize,
    pub queued_at_crash: usize,
    pub needed_attention: usize,
    /// Entries still in `needs_attention` at the end (the user is told to check; not counted as lost).
    pub needs_attention_left: usize,
    /// Rate-limit answers the three clients received (429 windows).
    pub rate_limited: u64,
    /// Engine sends / lookups, and sends that repeated a reference without a lookup between them.
    pub sends: usize,
    pub lookups: usize,
    pub sends_without_lookup: usize,
}

impl Outcome {
    pub fn line(&self) -> String {
        format!(
            "bench orders-faults submissions={} created_once={} duplicates={} lost={}",
            self.submissions, self.created_once, self.duplicates, self.lost
        )
    }

    /// The line of a run under distrust switches (beside [`Outcome::line`]).
    pub fn distrust_line(&self, distrust: Distrust) -> String {
        format!(
            "bench orders-faults-distrust switches={} submissions={} created_once={} duplicates={} lost={} needs_attention={} needed_attention={} sends={} lookups={}",
            distrust.label(),
            self.submissions,
            self.created_once,
            self.duplicates,
            self.lost,
            self.needs_attention_left,
            self.needed_attention,
            self.sends,
            self.lookups
        )
    }
}

fn snapshot(outcome: &mut Outcome, db: &Path) -> anyhow::Result<()> {
    let ob = Outbox::open(db, fast_config())?;
    for e in ob.list()?.entries {
        match e.state {
            State::Sending => outcome.sending_at_crash += 1,
            State::Unknown => outcome.unknown_at_crash += 1,
            State::Queued => outcome.queued_at_crash += 1,
            _ => {}
        }
    }
    Ok(())
}

fn set_faults(env: &Env, config: FaultConfig) {
    for v in ["pancake", "nhanh", "onflow"] {
        if let Some(f) = env.sb.faults(v) {
            f.set(config.clone());
        }
    }
}

fn chaos() -> FaultConfig {
    FaultConfig {
        latency_ms: 2,
        latency_jitter_ms: 25,
        error_rate: 0.12,
        rate_limit_for_secs: None,
        drop_after_commit_rate: 0.15,
        drop_next_creates: 0,
        ..Default::default()
    }
}

/// `n` submissions spread over the three simulators under random faults (latency, 5xx, 429 windows,
/// commit-then-drop), with the engine killed twice while sends are in flight and reopened from the same
/// file; ends when every entry is final, then counts at the vendors by reference.
pub async fn fault_scenario(env: &Env, db: &Path, n: usize) -> anyhow::Result<Outcome> {
    fault_scenario_with(env, db, n, Distrust::default()).await
}

/// [`fault_scenario`] with the simulators' distrust switches on throughout (also once the other faults
/// are cleared).
pub async fn fault_scenario_with(
    env: &Env,
    db: &Path,
    n: usize,
    distrust: Distrust,
) -> anyhow::Result<Outcome> {
    let vendors = [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow];
    let mut outcome = Outcome {
        submissions: n,
        ..Default::default()
    };
    let base = || distrust.on(chaos());
    set_faults(env, base());

    // run 1: everything submitted concurrently, then a crash mid-flight
    let outbox = Outbox::open(db, fast_config())?;
    let mut handles = Vec::new();
    for i in 0..n {
        let vendor = vendors[i % 3];
        let draft = env.draft(vendor, i / 3);
        let port = env.port(vendor);
        let ob = outbox.clone();
        handles.push(tokio::spawn(async move {
            ob.submit(draft, port.as_ref()).await
        }));
    }
    // every draft is stored before the crash (a user only counts on orders the app accepted)
    while outbox.list()?.entries.len() < n {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // a 429 storm on one vendor for a moment
    if let Some(f) = env.sb.faults("nhanh") {
        f.set(FaultConfig {
            rate_limit_for_secs: Some(1),
            ..base()
        });
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let done = outbox
            .list()?
            .entries
            .iter()
            .filter(|e| e.state.is_final())
            .count();
        if done >= n / 3 || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for h in &handles {
        h.abort();
    }
    for h in handles {
        let _ = h.await;
    }
    drop(outbox);
    outcome.restarts += 1;
    snapshot(&mut outcome, db)?;
    // a killed process's half-sent requests die with its sockets; give the simulators a moment
    tokio::time::sleep(Duration::from_millis(60)).await;

    // run 2: reopen, resume under faults (with a rate-limit window on Pancake), crash again mid-resume
    let outbox = Outbox::open(db, fast_config())?;
    if let Some(f) = env.sb.faults("pancake") {
        f.set(FaultConfig {
            rate_limit_for_secs: Some(1),
            ..base()
        });
    }
    let ports = env.ports();
    {
        let ob = outbox.clone();
        let p = ports.clone();
        let h = tokio::spawn(async move { ob.resume(&p).await });
        tokio::time::sleep(Duration::from_millis(150)).await;
        h.abort();
        if let Ok(Ok(r)) = h.await {
            outcome.interrupted += r.interrupted;
        }
    }
    drop(outbox);
    outcome.restarts += 1;
    snapshot(&mut outcome, db)?;
    tokio::time::sleep(Duration::from_millis(60)).await;

    // run 3: reopen and resume until every entry is final, starting inside a 429 window of every
    // vendor; entries that need attention get the user's "try again" once the vendors are healthy
    set_faults(
        env,
        FaultConfig {
            rate_limit_for_secs: Some(1),
            ..base()
        },
    );
    let outbox = Outbox::open(db, fast_config())?;
    for round in 0..40 {
        if round == 10 {
            set_faults(env, distrust.on(FaultConfig::default()));
        }
        let r = outbox.resume(&ports).await?;
        outcome.interrupted += r.interrupted;
        let entries = outbox.list()?.entries;
        let attention: Vec<_> = entries
            .iter()
            .filter(|e| e.state == State::NeedsAttention)
            .collect();
        if round >= 10 {
            for e in &attention {
                outcome.needed_attention += 1;
                outbox.retry(e.id)?;
            }
        }
        if entries.iter().all(|e| e.state.is_final()) && attention.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let entries = outbox.list()?.entries;
    let at_vendor = env.counts_by_reference().await?;
    for e in &entries {
        let count = match e.vendor {
            Vendor::Nhanh => env.nhanh_count(&e.client_ref),
            _ => at_vendor.get(&e.client_ref).copied().unwrap_or(0),
        };
        if e.state == State::NeedsAttention {
            outcome.needs_attention_left += 1;
        }
        match count {
            // an entry left needing attention tells the user to check: not silently lost
            0 if e.state == State::NeedsAttention => {}
            0 => outcome.lost += 1,
            1 => outcome.created_once += 1,
            k => outcome.duplicates += k - 1,
        }
        if e.state == State::Failed {
            outcome.failed += 1;
            eprintln!("failed {}: {:?}", e.client_ref, e.error);
        } else if e.state != State::Created {
            eprintln!("not final {}: {:?} {:?}", e.client_ref, e.state, e.error);
        }
    }
    outcome.rate_limited = env.pancake.http().stats().rate_limited
        + env.nhanh.http().stats().rate_limited
        + env.onflow.stats().rate_limited;
    (outcome.sends, outcome.lookups) = env.call_count();
    outcome.sends_without_lookup = env.sends_without_lookup();
    // entries never enqueued would be "lost" too: every submission must have its row
    outcome.lost += n.saturating_sub(entries.len());
    Ok(outcome)
}
