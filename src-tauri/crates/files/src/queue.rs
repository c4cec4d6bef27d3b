//! The upload queue: checks, dedupes by content, uploads at most two files at a time, and reports every
//! change through one callback the app forwards to the UI.

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;
use shopdesk_core::ErrorCode;
use tokio::runtime::Handle;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::check::{check, sha256_file, CheckedFile, Rejection};
use crate::library::{Library, LibraryFile, NewLibraryFile};
use crate::{ProgressFn, UploadLimits, Uploader};

/// How many files upload at the same time.
pub const MAX_CONCURRENT_UPLOADS: usize = 2;
/// Minimum time between two progress updates of one job (≤ 20 per second); the last one always goes out.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

pub type JobId = u64;

/// Finds the uploader of an account (`None`: unknown or disconnected account).
pub type UploaderLookup = Arc<dyn Fn(&str) -> Option<Arc<dyn Uploader>> + Send + Sync>;
/// Receives every job change, in order, from one dispatcher task (it may call back into the queue).
pub type UpdateFn = Arc<dyn Fn(JobUpdate) + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum JobState {
    /// Waiting for a free upload slot.
    Queued,
    /// Type, size and content hash being checked.
    Checking,
    Uploading,
    /// Uploaded and recorded in the library (`file` set).
    Done,
    /// The account already had this content: its URL is reused, nothing was uploaded (`file` set).
    Reused,
    /// The upload failed (`error` set); `retry` runs it again.
    Failed,
    /// Cancelled by the user; `retry` runs it again.
    Cancelled,
    /// Refused by the checks (`error.code` is a `file.*` code); never reached the network.
    Rejected,
}

impl JobState {
    pub fn is_active(self) -> bool {
        matches!(
            self,
            JobState::Queued | JobState::Checking | JobState::Uploading
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobError {
    /// `file.*` for rejections (see [`Rejection::code`]), otherwise the IPC `ErrorCode` name
    /// (`network`, `timeout`, `vendorRejected`, `unauthorized`, `notFound`, `internal` …).
    pub code: String,
    /// Safe to show and log (already redacted).
    pub message: String,
    /// The vendor's own error code, when Onflow gave one.
    pub vendor_code: Option<String>,
}

/// One job as the UI shows it; sent on every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobUpdate {
    #[specta(type = specta_typescript::Number)]
    pub job_id: JobId,
    pub account_id: String,
    pub name: String,
    pub state: JobState,
    #[specta(type = specta_typescript::Number)]
    pub sent: u64,
    #[specta(type = specta_typescript::Number)]
    pub total: u64,
    pub file: Option<LibraryFile>,
    pub error: Option<JobError>,
}

struct Job {
    id: JobId,
    account_id: String,
    path: PathBuf,
    name: String,
    state: JobState,
    sent: u64,
    total: u64,
    file: Option<LibraryFile>,
    error: Option<JobError>,
    /// Bumped by cancel and retry; a task only touches the job while its generation matches.
    generation: u64,
    cancel: CancellationToken,
}

impl Job {
    fn snapshot(&self) -> JobUpdate {
        JobUpdate {
            job_id: self.id,
            account_id: self.account_id.clone(),
            name: self.name.clone(),
            state: self.state,
            sent: self.sent,
            total: self.total,
            file: self.file.clone(),
            error: self.error.clone(),
        }
    }
}

type HashKey = (String, String);

struct Shared {
    handle: Handle,
    library: Arc<Library>,
    /// What the store accepts; every file is checked against it before anything else.
    limits: UploadLimits,
    uploaders: UploaderLookup,
    jobs: Mutex<Vec<Job>>,
    /// Sent under the jobs lock, so updates reach the callback in the order the changes happened.
    updates: tokio::sync::mpsc::UnboundedSender<JobUpdate>,
    permits: Arc<Semaphore>,
    /// One lock per (account, content) so two jobs of the same content never both upload.
    hash_locks: Mutex<HashMap<HashKey, Arc<tokio::sync::Mutex<()>>>>,
    next_id: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // poisoning means a panic elsewhere mid-update; the data is still coherent enough to go on
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The queue. Cheap to clone (clones share the jobs).
#[derive(Clone)]
pub struct UploadQueue {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for UploadQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadQueue").finish_non_exhaustive()
    }
}

impl UploadQueue {
    /// `handle`: the runtime the jobs run on (in Tauri: `tauri::async_runtime::handle().inner()`).
    /// `limits`: what the uploaders' store accepts (its adapter's `UPLOAD_LIMITS`).
    pub fn new(
        handle: Handle,
        library: Arc<Library>,
        limits: UploadLimits,
        uploaders: UploaderLookup,
        on_update: impl Fn(JobUpdate) + Send + Sync + 'static,
    ) -> Self {
        let (updates, mut rx) = tokio::sync::mpsc::unbounded_channel::<JobUpdate>();
        let on_update: UpdateFn = Arc::new(on_update);
        // ends when the queue and every job task are gone (the last sender dropped)
        handle.spawn(async move {
            while let Some(update) = rx.recv().await {
                on_update(update);
            }
        });
        UploadQueue {
            shared: Arc::new(Shared {
                handle,
                library,
                limits,
                uploaders,
                jobs: Mutex::new(Vec::new()),
                updates,
                permits: Arc::new(Semaphore::new(MAX_CONCURRENT_UPLOADS)),
                hash_locks: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
            }),
        }
    }

    /// Queue files for `account_id`; one job per path, in order.
    pub fn enqueue(&self, account_id: &str, paths: Vec<PathBuf>) -> Vec<JobId> {
        let mut ids = Vec::with_capacity(paths.len());
        for path in paths {
            let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.to_string_lossy().into_owned());
            let token = CancellationToken::new();
            let job = Job {
                id,
                account_id: account_id.to_string(),
                path: path.clone(),
                name,
                state: JobState::Queued,
                sent: 0,
                total: 0,
                file: None,
                error: None,
                generation: 0,
                cancel: token.clone(),
            };
            let mut jobs = lock(&self.shared.jobs);
            let snap = job.snapshot();
            jobs.push(job);
            self.shared.emit(jobs, snap);
            self.spawn(id, 0, account_id.to_string(), path, token);
            ids.push(id);
        }
        ids
    }

    /// Cancel a queued, checking or uploading job (an upload in flight is aborted). `false` when the job
    /// is unknown or already finished.
    pub fn cancel(&self, id: JobId) -> bool {
        let mut jobs = lock(&self.shared.jobs);
        let Some(job) = jobs.iter_mut().find(|j| j.id == id) else {
            return false;
        };
        if !job.state.is_active() {
            return false;
        }
        job.cancel.cancel();
        job.generation += 1;
        job.state = JobState::Cancelled;
        job.error = None;
        let snap = job.snapshot();
        self.shared.emit(jobs, snap);
        true
    }

    /// Run a failed or cancelled job again. `false` when the job is unknown or in another state.
    pub fn retry(&self, id: JobId) -> bool {
        let mut jobs = lock(&self.shared.jobs);
        let Some(job) = jobs.iter_mut().find(|j| j.id == id) else {
            return false;
        };
        if !matches!(job.state, JobState::Failed | JobState::Cancelled) {
            return false;
        }
        job.generation += 1;
        job.cancel = CancellationToken::new();
        job.state = JobState::Queued;
        job.sent = 0;
        job.error = None;
        job.file = None;
        let (generation, account, path, token) = (
            job.generation,
            job.account_id.clone(),
            job.path.clone(),
            job.cancel.clone(),
        );
        let snap = job.snapshot();
        self.shared.emit(jobs, snap);
        self.spawn(id, generation, account, path, token);
        true
    }

    /// Every job, in the order queued.
    pub fn jobs(&self) -> Vec<JobUpdate> {
        lock(&self.shared.jobs).iter().map(Job::snapshot).collect()
    }

    /// Drop finished jobs (everything not queued, checking or uploading) from the list.
    pub fn clear_finished(&self) {
        lock(&self.shared.jobs).retain(|j| j.state.is_active());
    }

    fn spawn(
        &self,
        id: JobId,
        generation: u64,
        account: String,
        path: PathBuf,
        token: CancellationToken,
    ) {
        let shared = self.shared.clone();
        // take a place in the semaphore's FIFO now, so files start in the order they were queued
        let mut acquire = Box::pin(self.shared.permits.clone().acquire_owned());
        let mut cx = Context::from_waker(futures::task::noop_waker_ref());
        let early = match acquire.as_mut().poll(&mut cx) {
            Poll::Ready(permit) => Some(permit),
            Poll::Pending => None,
        };
        self.shared.handle.spawn(async move {
            tokio::select! {
                biased;
                _ = token.cancelled() => {}
                _ = async {
                    let permit = match early {
                        Some(p) => p,
                        None => acquire.await,
                    };
                    if let Ok(_permit) = permit {
                        run(&shared, id, generation, &account, &path).await;
                    }
                } => {}
            }
        });
    }
}

impl Shared {
    /// Queue `snap` for the callback while still holding the jobs lock (keeps change order), then
    /// release the lock.
    fn emit(&self, jobs: MutexGuard<'_, Vec<Job>>, snap: JobUpdate) {
        // fails only when the dispatcher is gone (runtime shutting down): nobody is listening then
        let _ = self.updates.send(snap);
        drop(jobs);
    }

    /// Apply `f` to the job if `generation` is still current, then emit. `false` when stale.
    fn update(&self, id: JobId, generation: u64, f: impl FnOnce(&mut Job)) -> bool {
        let mut jobs = lock(&self.jobs);
        let Some(job) = jobs
            .iter_mut()
            .find(|j| j.id == id && j.generation == generation)
        else {
            return false;
        };
        f(job);
        let snap = job.snapshot();
        self.emit(jobs, snap);
        true
    }

    fn fail(&self, id: JobId, generation: u64, state: JobState, error: JobError) {
        self.update(id, generation, |j| {
            j.state = state;
            j.error = Some(error);
        });
    }

    fn hash_lock(&self, key: &HashKey) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.hash_locks)
            .entry(key.clone())
            .or_default()
            .clone()
    }

    fn release_hash_lock(&self, key: &HashKey, mine: Arc<tokio::sync::Mutex<()>>) {
        let mut locks = lock(&self.hash_locks);
        // the map and `mine` are the only holders: nobody waits for it
        if Arc::strong_count(&mine) == 2 {
            locks.remove(key);
        }
    }
}

fn internal(message: impl Into<String>) -> JobError {
    JobError {
        code: ErrorCode::Internal.as_str().into(),
        message: message.into(),
        vendor_code: None,
    }
}

fn rejected(r: &Rejection) -> JobError {
    JobError {
        code: r.code().into(),
        message: r.to_string(),
        vendor_code: None,
    }
}

fn vendor_failure(e: vendor_http::Error) -> JobError {
    let app = shopdesk_core::AppError::from(e);
    JobError {
        code: app.code.as_str().to_string(),
        message: app.message,
        vendor_code: app.details.and_then(|d| d.vendor_code),
    }
}

/// One attempt of a job. Returns early (without touching the job) whenever it became stale; cancellation
/// is handled by the caller dropping this future.
/// Runs while holding an upload slot.
async fn run(shared: &Arc<Shared>, id: JobId, generation: u64, account: &str, path: &Path) {
    if !shared.update(id, generation, |j| j.state = JobState::Checking) {
        return;
    }
    let owned = path.to_path_buf();
    let limits = shared.limits;
    let checked = shared
        .handle
        .spawn_blocking(move || -> Result<(CheckedFile, String), Rejection> {
            let checked = check(&owned, &limits)?;
            let sha = sha256_file(&owned).map_err(|e| Rejection::Unreadable {
                reason: e.kind().to_string(),
            })?;
            Ok((checked, sha))
        })
        .await;
    let (checked, sha) = match checked {
        Ok(Ok(v)) => v,
        Ok(Err(rejection)) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            shared.update(id, generation, |j| {
                j.state = JobState::Rejected;
                j.total = size;
                j.error = Some(rejected(&rejection));
            });
            return;
        }
        Err(e) => {
            shared.fail(id, generation, JobState::Failed, internal(e.to_string()));
            return;
        }
    };
    let key: HashKey = (account.to_string(), sha.clone());
    let hash_lock = shared.hash_lock(&key);
    let guard = hash_lock.clone().lock_owned().await;
    upload_unique(shared, id, generation, account, path, &checked, &sha).await;
    drop(guard);
    shared.release_hash_lock(&key, hash_lock);
}

async fn upload_unique(
    shared: &Arc<Shared>,
    id: JobId,
    generation: u64,
    account: &str,
    path: &Path,
    checked: &CheckedFile,
    sha: &str,
) {
    let total = checked.size;
    match shared.library.find_by_hash(account, sha) {
        Ok(Some(existing)) => {
            shared.update(id, generation, |j| {
                j.state = JobState::Reused;
                j.total = total;
                j.sent = total;
                j.file = Some(existing);
            });
            return;
        }
        Ok(None) => {}
        Err(e) => {
            shared.fail(id, generation, JobState::Failed, internal(e.to_string()));
            return;
        }
    }
    let Some(uploader) = (shared.uploaders)(account) else {
        shared.fail(
            id,
            generation,
            JobState::Failed,
            JobError {
                code: ErrorCode::NotFound.as_str().into(),
                message: format!("no connected Onflow account {account}"),
                vendor_code: None,
            },
        );
        return;
    };
    if !shared.update(id, generation, |j| {
        j.state = JobState::Uploading;
        j.total = total;
        j.sent = 0;
    }) {
        return;
    }
    let progress = progress_fn(shared.clone(), id, generation);
    let result = uploader.upload(path, progress).await;
    let url = match result {
        Ok(stored) => stored.url,
        Err(e) => {
            let error = vendor_failure(e);
            tracing::warn!(job = id, code = %error.code, message = %error.message, "upload failed");
            shared.fail(id, generation, JobState::Failed, error);
            return;
        }
    };
    // record under the jobs lock, so a cancel that won the race leaves nothing in the library
    let mut jobs = lock(&shared.jobs);
    let Some(job) = jobs
        .iter_mut()
        .find(|j| j.id == id && j.generation == generation)
    else {
        return;
    };
    if job.cancel.is_cancelled() {
        return;
    }
    let new = NewLibraryFile {
        account_id: account.to_string(),
        name: checked.name.clone(),
        size: i64::try_from(total).unwrap_or(i64::MAX),
        kind: checked.kind,
        mime: checked.mime.clone(),
        sha256: sha.to_string(),
        url,
        uploaded_at: Utc::now(),
    };
    match shared.library.insert(&new) {
        Ok(file) => {
            job.state = JobState::Done;
            job.sent = total;
            job.file = Some(file);
        }
        Err(e) => {
            job.state = JobState::Failed;
            job.error = Some(internal(e.to_string()));
        }
    }
    let snap = job.snapshot();
    shared.emit(jobs, snap);
}

/// Progress callback: keeps the job's `sent` current and emits at most every [`PROGRESS_INTERVAL`],
/// always including the final `(total, total)`.
fn progress_fn(shared: Arc<Shared>, id: JobId, generation: u64) -> ProgressFn {
    let last: Mutex<Option<Instant>> = Mutex::new(None);
    Arc::new(move |sent: u64, total: u64| {
        let now = Instant::now();
        let due = {
            let mut last = lock(&last);
            let due =
                sent >= total || last.is_none_or(|t| now.duration_since(t) >= PROGRESS_INTERVAL);
            if due {
                *last = Some(now);
            }
            due
        };
        let mut jobs = lock(&shared.jobs);
        let Some(job) = jobs
            .iter_mut()
            .find(|j| j.id == id && j.generation == generation && j.state == JobState::Uploading)
        else {
            return;
        };
        job.sent = sent.min(job.total.max(total));
        if due {
            let snap = job.snapshot();
            shared.emit(jobs, snap);
        }
    })
}
