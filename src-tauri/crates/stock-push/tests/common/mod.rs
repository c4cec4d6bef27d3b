//! A deterministic test double of a POS vendor's stock writer: an in-memory figure table, both write
//! kinds (absolute like Pancake, delta bills with a marker like Nhanh) and scripted faults.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use futures::FutureExt;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock_writer::{
    SeenMarker, StockBatch, StockCell, StockWriteReceipt, StockWriter, WriteKind, WriteLimits,
};
use shopdesk_core::Vendor;
use stock_push::{plan, Cell, Mapping, Plan, PlanInput, PlanRowInput, PushConfig, Pusher, RuleSet};
use vendor_http::{Error, Result};

/// What the vendor does with one write request.
#[derive(Clone)]
pub enum Fault {
    /// Processed normally.
    None,
    /// Applied, then the answer is lost (timeout).
    CommitThenTimeout,
    /// Applied, then the answer never comes (the process dies while waiting).
    CommitThenHang,
    /// Never processed, the request hangs (the process dies while waiting).
    HangBeforeCommit,
    /// Never processed, timeout.
    TimeoutBeforeCommit,
    /// Refused (validation): nothing applied.
    Refuse,
    /// 503 before anything was applied.
    ServerErrorBeforeCommit,
    /// 429: not processed.
    RateLimited,
    /// Runs the hook (e.g. the user presses cancel while the batch is in flight), then processes.
    Hook(Arc<dyn Fn() + Send + Sync>),
}

/// One scripted write: changes made by someone else right before the vendor handles it, and the fault.
#[derive(Clone)]
pub struct Scripted {
    pub external: Vec<(StockCell, i64)>,
    pub fault: Fault,
}

#[derive(Debug, Clone)]
pub struct Bill {
    pub id: String,
    pub marker: String,
    pub at: DateTime<Utc>,
    pub changes: Vec<(StockCell, i64)>,
}

#[derive(Default)]
pub struct State {
    pub figures: BTreeMap<StockCell, i64>,
    pub bills: Vec<Bill>,
    pub writes: Vec<StockBatch>,
    /// Requests applied, by marker.
    pub applied: HashMap<String, u32>,
    pub script: VecDeque<Scripted>,
    pub lookups: VecDeque<Result<Lookup>>,
    pub reads: u32,
    pub finds: u32,
}

pub struct FakeVendor {
    pub kind: WriteKind,
    pub limits: WriteLimits,
    pub state: Mutex<State>,
}

impl FakeVendor {
    pub fn new(kind: WriteKind, max_batch: usize) -> Arc<Self> {
        Arc::new(FakeVendor {
            kind,
            limits: WriteLimits {
                max_batch,
                max_read: 2,
            },
            state: Mutex::new(State::default()),
        })
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set(&self, cell: &Cell, n: i64) {
        self.state().figures.insert(cell.clone().into(), n);
    }

    pub fn get(&self, cell: &Cell) -> Option<i64> {
        self.state()
            .figures
            .get(&StockCell::from(cell.clone()))
            .copied()
    }

    pub fn remove(&self, cell: &Cell) {
        self.state().figures.remove(&StockCell::from(cell.clone()));
    }

    pub fn script(&self, fault: Fault) {
        self.state().script.push_back(Scripted {
            external: Vec::new(),
            fault,
        });
    }

    pub fn script_with_change(&self, cell: &Cell, delta: i64, fault: Fault) {
        self.state().script.push_back(Scripted {
            external: vec![(cell.clone().into(), delta)],
            fault,
        });
    }

    pub fn lookup_answers(&self, l: Lookup) {
        self.state().lookups.push_back(Ok(l));
    }

    /// The next lookup fails (the connection drops).
    pub fn lookup_fails(&self) {
        self.state().lookups.push_back(Err(Error::Network {
            message: "connection reset".into(),
        }));
    }

    pub fn write_count(&self) -> usize {
        self.state().writes.len()
    }

    /// The most any one marker was applied.
    pub fn max_applied(&self) -> u32 {
        self.state().applied.values().copied().max().unwrap_or(0)
    }

    fn apply(&self, batch: &StockBatch) -> Result<StockWriteReceipt> {
        let mut st = self.state();
        if batch
            .changes
            .iter()
            .any(|c| !st.figures.contains_key(&c.cell))
        {
            return Err(Error::Validation {
                fields: Default::default(),
                vendor_code: Some("PRODUCT_NOT_FOUND".into()),
                message: None,
            });
        }
        let mut moved = Vec::new();
        for c in &batch.changes {
            let Some(fig) = st.figures.get_mut(&c.cell) else {
                continue;
            };
            match self.kind {
                WriteKind::Absolute => *fig = c.to,
                WriteKind::Delta => {
                    if c.delta() != 0 {
                        *fig += c.delta();
                        moved.push((c.cell.clone(), c.delta()));
                    }
                }
            }
        }
        *st.applied.entry(batch.marker.clone()).or_default() += 1;
        if self.kind == WriteKind::Delta {
            let id = format!("bill-{}", st.bills.len() + 1);
            st.bills.push(Bill {
                id: id.clone(),
                marker: batch.marker.clone(),
                at: Utc::now(),
                changes: moved,
            });
            return Ok(StockWriteReceipt {
                vendor_refs: vec![id],
            });
        }
        Ok(StockWriteReceipt::default())
    }
}

fn timeout() -> Error {
    Error::Timeout
}

impl StockWriter for FakeVendor {
    fn vendor(&self) -> Vendor {
        match self.kind {
            WriteKind::Absolute => Vendor::Pancake,
            WriteKind::Delta => Vendor::Nhanh,
        }
    }

    fn kind(&self) -> WriteKind {
        self.kind
    }

    fn limits(&self) -> WriteLimits {
        self.limits
    }

    fn read<'a>(&'a self, cells: &'a [StockCell]) -> BoxFuture<'a, Result<Vec<Option<i64>>>> {
        async move {
            let mut st = self.state();
            st.reads += 1;
            Ok(cells.iter().map(|c| st.figures.get(c).copied()).collect())
        }
        .boxed()
    }

    fn write<'a>(&'a self, batch: &'a StockBatch) -> BoxFuture<'a, Result<StockWriteReceipt>> {
        async move {
            let step = {
                let mut st = self.state();
                st.writes.push(batch.clone());
                let step = st.script.pop_front().unwrap_or(Scripted {
                    external: Vec::new(),
                    fault: Fault::None,
                });
                for (cell, d) in &step.external {
                    if let Some(f) = st.figures.get_mut(cell) {
                        *f += d;
                    }
                }
                step
            };
            match step.fault {
                Fault::None => self.apply(batch),
                Fault::Hook(f) => {
                    f();
                    self.apply(batch)
                }
                Fault::CommitThenTimeout => {
                    self.apply(batch)?;
                    Err(timeout())
                }
                Fault::CommitThenHang => {
                    self.apply(batch)?;
                    futures::future::pending().await
                }
                Fault::HangBeforeCommit => futures::future::pending().await,
                Fault::TimeoutBeforeCommit => Err(timeout()),
                Fault::Refuse => Err(Error::Validation {
                    fields: Default::default(),
                    vendor_code: Some("INVALID_QUANTITY".into()),
                    message: Some("refused".into()),
                }),
                Fault::ServerErrorBeforeCommit => Err(Error::from_status(503, None, None)),
                Fault::RateLimited => Err(Error::RateLimited {
                    retry_at: Utc::now() + Duration::milliseconds(20),
                    vendor_code: Some("429".into()),
                }),
            }
        }
        .boxed()
    }

    fn find<'a>(&'a self, marker: &'a str, since: DateTime<Utc>) -> BoxFuture<'a, Result<Lookup>> {
        async move {
            let mut st = self.state();
            st.finds += 1;
            if let Some(l) = st.lookups.pop_front() {
                return l;
            }
            if self.kind == WriteKind::Absolute {
                return Ok(Lookup::NotFound);
            }
            Ok(st
                .bills
                .iter()
                .find(|b| b.marker.contains(marker) && b.at >= since)
                .map(|b| Lookup::Found(b.id.clone()))
                .unwrap_or(Lookup::NotFound))
        }
        .boxed()
    }

    fn recent_markers(&self, since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<SeenMarker>>> {
        async move {
            let st = self.state();
            Ok(st
                .bills
                .iter()
                .filter(|b| b.at >= since)
                .map(|b| SeenMarker {
                    marker: b.marker.clone(),
                    at: Some(b.at),
                })
                .collect())
        }
        .boxed()
    }
}

pub const ACCOUNT: &str = "acc-1";
pub const POS_WH: &str = "W1";

pub fn cell(i: u32) -> Cell {
    Cell {
        vendor_product_id: format!("P{i}"),
        vendor_variation_id: String::new(),
        vendor_wh_id: POS_WH.into(),
    }
}

pub fn fast_config() -> PushConfig {
    PushConfig {
        max_attempts: 3,
        settle_delay: std::time::Duration::ZERO,
        lookup_margin: std::time::Duration::from_secs(3600),
        max_rate_limit_wait: std::time::Duration::from_secs(2),
        max_rate_limit_retries: 3,
    }
}

pub fn pusher(installation: &str) -> Pusher {
    let journal = stock_push::Journal::open_in_memory().expect("in-memory journal");
    Pusher::new(journal, installation).with_config(fast_config())
}

/// A plan for `rows` of (cell, POS figure in the cache, Onflow physical): the default rule pushes the
/// physical figure.
pub fn plan_for(vendor: Vendor, rows: &[(Cell, Option<i64>, i64)]) -> Plan {
    let now = Utc::now();
    let input = PlanInput {
        account_id: ACCOUNT.into(),
        vendor,
        rows: rows
            .iter()
            .map(|(c, current, physical)| PlanRowInput {
                group_key: format!("g-{}", c.vendor_product_id),
                sku: Some(format!("SKU-{}", c.vendor_product_id)),
                name: format!("Áo {}", c.vendor_product_id),
                cell: c.clone(),
                current: *current,
                physical_by_wh: vec![(1, Some(*physical))],
                unshipped: 0,
                physical_as_of: Some(now),
            })
            .collect(),
    };
    let mut mapping = Mapping::default();
    mapping.feeds.insert(POS_WH.into(), vec![1]);
    plan(&input, &mapping, &RuleSet::default(), now)
}

/// Every listed row selected.
pub fn all(plan: &Plan) -> Vec<u32> {
    plan.changes().map(|r| r.idx).collect()
}
