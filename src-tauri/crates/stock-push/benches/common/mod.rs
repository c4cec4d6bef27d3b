//! Shared by the stock-push benches: the cells a vendor's stock source lists, plans built through
//! `plan()`, and a `StockWriter` wrapper counting what the engine asks of the vendor.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock::{Phase, PullRequest};
use shopdesk_core::ports::stock_writer::{
    SeenMarker, StockBatch, StockCell, StockWriteReceipt, StockWriter, WriteKind, WriteLimits,
};
use shopdesk_core::ports::Adapter;
use shopdesk_core::Vendor;
use stock_push::{plan, Cell, Mapping, Plan, PlanInput, PlanRowInput, RuleSet};
use tokio::sync::Notify;

/// The Onflow warehouse (local id) every POS warehouse is mapped to in the benches' plans.
pub const ONFLOW_WH: i64 = 1;

/// Every stock cell a full pull of `adapter`'s stock source lists with a sellable figure, in the
/// cells' natural order (product, variation, warehouse).
pub async fn sellable_cells(adapter: &Adapter) -> Result<Vec<StockCell>, String> {
    let nothing = |_: Phase, _: u64, _: Option<u64>| {};
    let req = PullRequest {
        page_size: 100,
        since: None,
        known: HashMap::new(),
        progress: &nothing,
    };
    let source = adapter
        .stock_source()
        .ok_or_else(|| format!("{:?} has no stock source", adapter.vendor()))?;
    let snap = source
        .pull(&req)
        .await
        .map_err(|e| format!("{:?} pull: {}", adapter.vendor(), e.error))?;
    let mut cells: Vec<StockCell> = snap
        .stock
        .iter()
        .filter(|s| s.available.is_some())
        .map(|s| StockCell {
            vendor_product_id: s.vendor_product_id.clone(),
            vendor_variation_id: s.vendor_variation_id.clone(),
            vendor_wh_id: s.vendor_wh_id.clone(),
        })
        .collect();
    cells.sort();
    cells.dedup();
    Ok(cells)
}

/// The writer's figure of every cell (`max_read` cells per call); a cell without one is an error.
pub async fn read_all(w: &dyn StockWriter, cells: &[StockCell]) -> Result<Vec<i64>, String> {
    let mut out = Vec::with_capacity(cells.len());
    for chunk in cells.chunks(w.limits().max_read.max(1)) {
        let figures = w
            .read(chunk)
            .await
            .map_err(|e| format!("{:?} read: {e}", w.vendor()))?;
        if figures.len() != chunk.len() {
            return Err(format!(
                "{:?} read answered {} figures for {} cells",
                w.vendor(),
                figures.len(),
                chunk.len()
            ));
        }
        for (c, f) in chunk.iter().zip(figures) {
            out.push(f.ok_or_else(|| format!("{:?}: no figure for {c:?}", w.vendor()))?);
        }
    }
    Ok(out)
}

/// The plan `plan()` makes of `rows` (cell, POS figure the cache shows, Onflow physical figure) with
/// every POS warehouse fed by one Onflow warehouse and the default rule: each target is the physical
/// figure.
pub fn plan_of(account_id: &str, vendor: Vendor, rows: &[(StockCell, i64, i64)]) -> Plan {
    let now = Utc::now();
    let mut mapping = Mapping::default();
    let input = PlanInput {
        account_id: account_id.into(),
        vendor,
        rows: rows
            .iter()
            .map(|(c, current, physical)| {
                mapping
                    .feeds
                    .entry(c.vendor_wh_id.clone())
                    .or_insert_with(|| vec![ONFLOW_WH]);
                let own = if c.vendor_variation_id.is_empty() {
                    &c.vendor_product_id
                } else {
                    &c.vendor_variation_id
                };
                PlanRowInput {
                    group_key: format!("g-{own}"),
                    sku: Some(format!("SKU-{own}")),
                    name: format!("Listing {own}"),
                    cell: Cell::from(c.clone()),
                    current: Some(*current),
                    physical_by_wh: vec![(ONFLOW_WH, Some(*physical))],
                    unshipped: 0,
                    physical_as_of: Some(now),
                }
            })
            .collect(),
    };
    plan(&input, &mapping, &RuleSet::default(), now)
}

/// The target `plan()` gave each cell it lists (the rules floor a negative figure at 0).
pub fn targets(plan: &Plan) -> HashMap<StockCell, i64> {
    plan.changes()
        .filter_map(|r| Some((StockCell::from(r.cell.clone()), r.target?)))
        .collect()
}

/// Every change of a plan (what the user selects with "select all").
pub fn all(plan: &Plan) -> Vec<u32> {
    plan.changes().map(|r| r.idx).collect()
}

/// What the engine asked of one writer.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// `read` calls.
    pub reads: u64,
    /// `write` calls (one per send of a batch).
    pub writes: u64,
    /// Vendor ids in the write receipts (Nhanh: one per bill created and answered).
    pub refs: u64,
    /// Writes answered with something other than success, a refusal or a rate limit: the outcome is
    /// unknown to the engine.
    pub uncertain: u64,
    pub refused: u64,
    pub rate_limited: u64,
    /// Sends of a marker already sent before.
    pub resends: u64,
    /// `find` calls.
    pub lookups: u64,
    /// Sends per marker.
    pub per_marker: BTreeMap<String, u32>,
}

/// A writer that counts the engine's calls and can signal the start of a write (to crash mid-send).
pub struct Counting {
    inner: Arc<dyn StockWriter>,
    counts: Mutex<Counts>,
    armed: AtomicBool,
    started: Notify,
}

impl Counting {
    pub fn new(inner: Arc<dyn StockWriter>) -> Arc<Counting> {
        Arc::new(Counting {
            inner,
            counts: Mutex::new(Counts::default()),
            armed: AtomicBool::new(false),
            started: Notify::new(),
        })
    }

    pub fn counts(&self) -> Counts {
        self.counts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// No write signals any more (a crash that did not happen).
    pub fn disarm(&self) {
        self.armed.store(false, Ordering::SeqCst);
    }

    /// Resolves when the next write starts.
    pub async fn next_write_started(&self) {
        let notified = self.started.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        self.armed.store(true, Ordering::SeqCst);
        notified.await;
    }

    fn count(&self, f: impl FnOnce(&mut Counts)) {
        f(&mut self.counts.lock().unwrap_or_else(|p| p.into_inner()));
    }
}

impl StockWriter for Counting {
    fn vendor(&self) -> Vendor {
        self.inner.vendor()
    }

    fn kind(&self) -> WriteKind {
        self.inner.kind()
    }

    fn limits(&self) -> WriteLimits {
        self.inner.limits()
    }

    fn read<'a>(
        &'a self,
        cells: &'a [StockCell],
    ) -> BoxFuture<'a, vendor_http::Result<Vec<Option<i64>>>> {
        self.count(|c| c.reads += 1);
        self.inner.read(cells)
    }

    fn write<'a>(
        &'a self,
        batch: &'a StockBatch,
    ) -> BoxFuture<'a, vendor_http::Result<StockWriteReceipt>> {
        Box::pin(async move {
            self.count(|c| {
                c.writes += 1;
                let n = c.per_marker.entry(batch.marker.clone()).or_default();
                if *n > 0 {
                    c.resends += 1;
                }
                *n += 1;
            });
            if self.armed.swap(false, Ordering::SeqCst) {
                self.started.notify_waiters();
            }
            let out = self.inner.write(batch).await;
            self.count(|c| match &out {
                Ok(r) => c.refs += r.vendor_refs.len() as u64,
                Err(vendor_http::Error::RateLimited { .. }) => c.rate_limited += 1,
                Err(e) if stock_push::codes::is_certain_refusal(e) => c.refused += 1,
                Err(_) => c.uncertain += 1,
            });
            out
        })
    }

    fn find<'a>(
        &'a self,
        marker: &'a str,
        since: DateTime<Utc>,
    ) -> BoxFuture<'a, vendor_http::Result<Lookup>> {
        self.count(|c| c.lookups += 1);
        self.inner.find(marker, since)
    }

    fn recent_markers(
        &self,
        since: DateTime<Utc>,
    ) -> BoxFuture<'_, vendor_http::Result<Vec<SeenMarker>>> {
        self.inner.recent_markers(since)
    }
}

/// The smallest shared catalog (products) holding at least `variations` variations, and its count.
pub fn products_for(variations: usize, seed: u64) -> (usize, usize) {
    let big = sandbox::common::catalog::catalog(&sandbox::Options {
        products: variations / 2 + 10,
        seed,
    });
    let mut n = 0;
    for (i, p) in big.iter().enumerate() {
        n += p.variations.len();
        if n >= variations {
            return (i + 1, n);
        }
    }
    (big.len(), n)
}

/// The Nhanh (depot, own product id) of a cell: a variant is its own product.
pub fn nhanh_key(c: &StockCell) -> (i64, i64) {
    let own = if c.vendor_variation_id.trim().is_empty() {
        &c.vendor_product_id
    } else {
        &c.vendor_variation_id
    };
    (
        c.vendor_wh_id.trim().parse().unwrap_or_default(),
        own.trim().parse().unwrap_or_default(),
    )
}

/// Nhanh's unclamped figure of each cell, `remain − holding − shipping − damaged` of
/// `product/inventory` (the `available` it reports is this floored at 0: an oversold cell reads 0).
pub async fn nhanh_raw(c: &nhanh::Client, cells: &[StockCell]) -> Result<Vec<i64>, String> {
    let mut ids: Vec<i64> = cells.iter().map(|c| nhanh_key(c).1).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut raw: HashMap<(i64, i64), i64> = HashMap::new();
    for chunk in ids.chunks(100) {
        let items = c
            .inventory(&nhanh::products::InventoryFilter {
                ids: chunk.to_vec(),
                ..Default::default()
            })
            .await
            .map_err(|e| format!("product/inventory: {e}"))?;
        for it in items {
            for d in &it.inventory.depots {
                raw.insert(
                    (d.id, it.product_id),
                    d.remain - d.holding - d.shipping - d.damaged,
                );
            }
        }
    }
    cells
        .iter()
        .map(|c| {
            raw.get(&nhanh_key(c))
                .copied()
                .ok_or_else(|| format!("Nhanh has no inventory row for {c:?}"))
        })
        .collect()
}
