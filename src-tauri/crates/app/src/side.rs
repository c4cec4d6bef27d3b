//! One workspace side: the local stores of real accounts (files in the app data dir) or of the demo
//! workspace (in memory, like its simulators, gone at exit). The two are never mixed.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use files::{JobUpdate, Library, UploadQueue, Uploader};

use crate::events::{DataKind, Event, FileJob, PushAuto};
use crate::recovery::{problem, DataFile, ProblemKind, StoreProblem};
use crate::Host;

/// The library and the upload queue of one side.
pub struct FilesSide {
    pub library: Arc<Library>,
    pub queue: UploadQueue,
    pub(crate) uploaders: Arc<Mutex<HashMap<String, Arc<dyn Uploader>>>>,
}

/// Every store of one side, and the push runs it has in hand.
pub struct Side {
    /// The stock cache (grid, matching, sync log).
    pub stock: Arc<Mutex<store::Store>>,
    /// The order outbox (every order entered in ShopDesk).
    pub outbox: order_outbox::Outbox,
    /// The vendors' address lists.
    pub geo: Arc<addresses::Resolver>,
    /// Orders pulled from the vendors (the Orders page reads only from here).
    pub orders: Arc<order_cache::OrderCache>,
    pub files: FilesSide,
    /// The stock-push journal and its runner.
    pub pusher: Arc<stock_push::Pusher>,
    /// Goods in: the PO journal (exactly-once sends) and the warehouse's POs.
    pub inbound: inbound::Journal,
    /// Returns: the return-request journal (exactly-once sends) and every vendor's returns.
    pub returns: returns::Journal,
    /// Products sent from ShopDesk: one journal entry per vendor record, and the listings created.
    pub products: product_writes::ProductWrites,
    cancels: Mutex<HashMap<i64, Arc<AtomicBool>>>,
    /// The last plan previewed per account, by the id the preview answered: `push_apply` applies what
    /// was shown, never a plan the webview sends back.
    previews: Mutex<HashMap<String, (u32, stock_push::Plan)>>,
    next_preview: AtomicU32,
    /// The automatic mode's last outcome per account (the Stock page shows a held or stood-down one).
    autos: Mutex<HashMap<String, PushAuto>>,
    /// When the low-stock crossings were last checked (after a sync): the "Sắp hết" view shows it.
    pub(crate) low_checked: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
}

/// Where a side keeps its stores.
pub(crate) enum Place {
    /// Files in the app data dir.
    Files,
    Memory,
}

impl Side {
    /// Open every store of a side; every failure is collected, so the recovery screen lists them all.
    pub(crate) fn open(
        place: Place,
        data_dir: &Path,
        installation: String,
        host: Arc<dyn Host>,
        rt: &tokio::runtime::Handle,
    ) -> Result<Side, Vec<StoreProblem>> {
        let mut problems = Vec::new();
        let memory = matches!(place, Place::Memory);
        let at = |file: DataFile| data_dir.join(file.file_name());
        // in memory, any failure is "unreadable" (there is no file to recover)
        let kind = |k: ProblemKind| if memory { ProblemKind::Unreadable } else { k };
        let mut fail =
            |file: DataFile, k: ProblemKind| problems.push(problem(data_dir, file, kind(k)));
        let stock = match place {
            Place::Files => store::Store::open(at(DataFile::StockCache)),
            Place::Memory => store::Store::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::StockCache, store_kind(&e)))
        .ok();
        let config = order_outbox::OutboxConfig::default();
        let outbox = match place {
            Place::Files => order_outbox::Outbox::open(at(DataFile::Outbox), config),
            Place::Memory => order_outbox::Outbox::open_in_memory(config),
        }
        .map_err(|e| fail(DataFile::Outbox, outbox_kind(&e)))
        .ok();
        let geo = match place {
            Place::Files => addresses::GeoCache::open(at(DataFile::AddressCache)),
            Place::Memory => addresses::GeoCache::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::AddressCache, geo_kind(&e)))
        .ok();
        let list = match place {
            Place::Files => order_cache::OrderCache::open(at(DataFile::OrdersList)),
            Place::Memory => order_cache::OrderCache::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::OrdersList, list_kind(&e)))
        .ok();
        let library = match place {
            Place::Files => Library::open(&at(DataFile::FileLibrary)),
            Place::Memory => Library::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::FileLibrary, files_kind(&e)))
        .ok();
        let journal = match place {
            Place::Files => stock_push::Journal::open(at(DataFile::PushJournal)),
            Place::Memory => stock_push::Journal::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::PushJournal, push_kind(&e)))
        .ok();
        let goods_in = match place {
            Place::Files => inbound::Journal::open(at(DataFile::Inbound)),
            Place::Memory => inbound::Journal::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::Inbound, inbound_kind(&e)))
        .ok();
        let back = match place {
            Place::Files => returns::Journal::open(at(DataFile::Returns)),
            Place::Memory => returns::Journal::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::Returns, returns_kind(&e)))
        .ok();
        let made = match place {
            Place::Files => product_writes::ProductWrites::open(at(DataFile::Products)),
            Place::Memory => product_writes::ProductWrites::open_in_memory(),
        }
        .map_err(|e| fail(DataFile::Products, products_kind(&e)))
        .ok();
        match (
            stock, outbox, geo, list, library, journal, goods_in, back, made,
        ) {
            (
                Some(stock),
                Some(outbox),
                Some(geo),
                Some(list),
                Some(library),
                Some(journal),
                Some(goods_in),
                Some(back),
                Some(made),
            ) if problems.is_empty() => Ok(Side {
                stock: Arc::new(Mutex::new(stock)),
                outbox,
                geo: Arc::new(addresses::Resolver::new(geo)),
                orders: Arc::new(list),
                files: files_side(host, rt, library),
                pusher: Arc::new(stock_push::Pusher::new(journal, installation)),
                inbound: goods_in,
                returns: back,
                products: made,
                cancels: Mutex::default(),
                previews: Mutex::default(),
                next_preview: AtomicU32::new(1),
                autos: Mutex::default(),
                low_checked: Mutex::default(),
            }),
            _ => Err(problems),
        }
    }

    /// The cancel flag of a run being applied (created on first use).
    pub fn cancel_flag(&self, run: stock_push::RunId) -> Arc<AtomicBool> {
        self.cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(run.0)
            .or_default()
            .clone()
    }

    pub fn cancel(&self, run: stock_push::RunId) {
        self.cancel_flag(run).store(true, Ordering::SeqCst);
    }

    pub fn forget(&self, run: stock_push::RunId) {
        self.cancels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&run.0);
    }

    /// Keep `plan` as its account's current preview (replacing an older one); answers its id.
    pub fn remember_preview(&self, plan: stock_push::Plan) -> u32 {
        let id = self.next_preview.fetch_add(1, Ordering::SeqCst);
        self.previews
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(plan.account_id.clone(), (id, plan));
        id
    }

    /// The plan previewed under `id`, taken (applied once); `None` when a newer preview replaced it or it
    /// was already applied.
    pub fn take_preview(&self, id: u32) -> Option<stock_push::Plan> {
        let mut previews = self.previews.lock().unwrap_or_else(|p| p.into_inner());
        let key = previews
            .iter()
            .find(|(_, (pid, _))| *pid == id)
            .map(|(k, _)| k.clone())?;
        previews.remove(&key).map(|(_, plan)| plan)
    }

    /// Keep the automatic mode's latest outcome for its account.
    pub fn remember_auto(&self, auto: PushAuto) {
        self.autos
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(auto.account_id.clone(), auto);
    }

    /// The automatic mode's latest outcome of every account, by account id.
    pub fn autos(&self) -> Vec<PushAuto> {
        let mut all: Vec<_> = self
            .autos
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        all.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        all
    }
}

fn files_side(host: Arc<dyn Host>, rt: &tokio::runtime::Handle, library: Library) -> FilesSide {
    let library = Arc::new(library);
    let uploaders: Arc<Mutex<HashMap<String, Arc<dyn Uploader>>>> = Arc::default();
    let lookup = {
        let uploaders = uploaders.clone();
        Arc::new(move |account: &str| -> Option<Arc<dyn Uploader>> {
            uploaders.lock().ok().and_then(|m| m.get(account).cloned())
        })
    };
    let on_update = move |u: JobUpdate| {
        if matches!(u.state, files::JobState::Done | files::JobState::Reused) {
            host.emit(Event::DataChanged(crate::events::DataChanged {
                kind: DataKind::Files,
            }));
        }
        host.emit(Event::FileJob(FileJob {
            job_id: u.job_id,
            account_id: u.account_id,
            name: u.name,
            state: u.state,
            sent: u.sent,
            total: u.total,
        }));
    };
    let queue = UploadQueue::new(
        rt.clone(),
        library.clone(),
        accounts::FILE_UPLOAD_LIMITS,
        lookup,
        on_update,
    );
    FilesSide {
        library,
        queue,
        uploaders,
    }
}

/// This installation's id: random, made on first start, kept in `installation-id` beside the databases.
/// Not a secret: it only tells two desktops' pushes apart.
pub(crate) fn installation_id(data_dir: &Path) -> std::io::Result<String> {
    let path = data_dir.join("installation-id");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let id = text.trim();
        if !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(id.to_string());
        }
    }
    use rand::Rng;
    let id: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(12)
        .map(char::from)
        .collect::<String>()
        .to_lowercase();
    std::fs::write(&path, &id)?;
    Ok(id)
}

// What each store's open error means for the recovery screen.
fn store_kind(e: &store::Error) -> ProblemKind {
    match e {
        store::Error::NewerSchema { .. } => ProblemKind::Newer,
        store::Error::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn outbox_kind(e: &order_outbox::OutboxError) -> ProblemKind {
    match e {
        order_outbox::OutboxError::NewerSchema { .. } => ProblemKind::Newer,
        order_outbox::OutboxError::CorruptFile(_) => ProblemKind::Corrupt,
        order_outbox::OutboxError::Locked { .. } => ProblemKind::Locked,
        _ => ProblemKind::Unreadable,
    }
}
fn list_kind(e: &order_cache::CacheError) -> ProblemKind {
    match e {
        order_cache::CacheError::NewerSchema { .. } => ProblemKind::Newer,
        order_cache::CacheError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn geo_kind(e: &addresses::Error) -> ProblemKind {
    match e {
        addresses::Error::NewerSchema { .. } => ProblemKind::Newer,
        addresses::Error::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn files_kind(e: &files::LibraryError) -> ProblemKind {
    match e {
        files::LibraryError::NewerSchema { .. } => ProblemKind::Newer,
        files::LibraryError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn push_kind(e: &stock_push::PushError) -> ProblemKind {
    match e {
        stock_push::PushError::NewerSchema { .. } => ProblemKind::Newer,
        stock_push::PushError::Corrupt(_) | stock_push::PushError::CorruptFile(_) => {
            ProblemKind::Corrupt
        }
        stock_push::PushError::Locked { .. } => ProblemKind::Locked,
        _ => ProblemKind::Unreadable,
    }
}
fn inbound_kind(e: &inbound::InboundError) -> ProblemKind {
    match e {
        inbound::InboundError::NewerSchema { .. } => ProblemKind::Newer,
        inbound::InboundError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
fn returns_kind(e: &returns::ReturnsError) -> ProblemKind {
    match e {
        returns::ReturnsError::NewerSchema { .. } => ProblemKind::Newer,
        returns::ReturnsError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}

fn products_kind(e: &product_writes::ProductError) -> ProblemKind {
    match e {
        product_writes::ProductError::NewerSchema { .. } => ProblemKind::Newer,
        product_writes::ProductError::CorruptFile(_) => ProblemKind::Corrupt,
        _ => ProblemKind::Unreadable,
    }
}
