//! The upload queue against the Onflow simulator (and a few fake uploaders for timing-only behaviour):
//! reuse by content, progress to 100 %, rejections that never reach the network, retry after a dropped
//! connection or a 5xx, cancel mid-upload, at most two at a time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use files::{
    FileKind, JobId, JobState, JobUpdate, Library, LibraryFilter, ProgressFn, UploadQueue,
    UploadedFile, Uploader, UploaderLookup,
};
use futures::future::BoxFuture;
use onflow::adapter::files::UPLOAD_LIMITS;
use onflow::{Lang, OnflowClient};
use sandbox::{FaultConfig, Options, Sandbox};
use secrecy::SecretString;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use vendor_http::RateLimit;

const WAIT: Duration = Duration::from_secs(20);

async fn start_sandbox() -> Sandbox {
    sandbox::start(
        "127.0.0.1:0".parse().expect("addr"),
        Options {
            products: 2,
            seed: 42,
        },
    )
    .await
    .expect("sandbox starts")
}

fn onflow_client(base: &str, token: &str) -> OnflowClient {
    OnflowClient::builder()
        .base_url(format!("{base}/onflow"))
        .token(SecretString::from(token.to_string()))
        .language(Lang::Vi)
        .rate_limit(RateLimit::new(10_000, Duration::from_secs(1)))
        .build()
        .expect("client")
}

/// Wraps an uploader and counts how many uploads actually went out.
struct Counting {
    inner: Arc<dyn Uploader>,
    calls: Arc<AtomicUsize>,
}

impl Uploader for Counting {
    fn upload<'a>(
        &'a self,
        path: &'a Path,
        progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<UploadedFile>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.inner.upload(path, progress)
    }
}

struct Harness {
    queue: UploadQueue,
    library: Arc<Library>,
    calls: Arc<AtomicUsize>,
    rx: UnboundedReceiver<JobUpdate>,
    seen: Vec<JobUpdate>,
}

impl Harness {
    /// A queue whose accounts `shop-a` and `shop-b` both upload with `uploader`.
    fn new(uploader: Arc<dyn Uploader>) -> Harness {
        let calls = Arc::new(AtomicUsize::new(0));
        let counting: Arc<dyn Uploader> = Arc::new(Counting {
            inner: uploader,
            calls: calls.clone(),
        });
        let lookup: UploaderLookup = Arc::new(move |account: &str| {
            matches!(account, "shop-a" | "shop-b").then(|| counting.clone())
        });
        let library = Arc::new(Library::open_in_memory().expect("library"));
        let (tx, rx) = unbounded_channel();
        let queue = UploadQueue::new(
            tokio::runtime::Handle::current(),
            library.clone(),
            UPLOAD_LIMITS,
            lookup,
            move |u| {
                let _ = tx.send(u);
            },
        );
        Harness {
            queue,
            library,
            calls,
            rx,
            seen: Vec::new(),
        }
    }

    fn onflow(sb: &Sandbox) -> Harness {
        Harness::new(Arc::new(onflow_client(&sb.base_url(), sb.onflow.token())))
    }

    /// Wait until `job` reaches `state` (or already has, among the updates seen so far).
    async fn until(&mut self, job: JobId, state: JobState) -> JobUpdate {
        if let Some(u) = self
            .seen
            .iter()
            .find(|u| u.job_id == job && u.state == state)
        {
            return u.clone();
        }
        let wait = async {
            loop {
                let u = self.rx.recv().await.expect("queue alive");
                self.seen.push(u.clone());
                if u.job_id == job && u.state == state {
                    return u;
                }
            }
        };
        tokio::time::timeout(WAIT, wait)
            .await
            .unwrap_or_else(|_| panic!("job {job} never reached {state:?}: {:?}", self.seen))
    }

    /// Wait until `job` is in a finished state; returns that update.
    async fn finished(&mut self, job: JobId) -> JobUpdate {
        if let Some(u) = self
            .seen
            .iter()
            .find(|u| u.job_id == job && !u.state.is_active())
        {
            return u.clone();
        }
        let wait = async {
            loop {
                let u = self.rx.recv().await.expect("queue alive");
                self.seen.push(u.clone());
                if u.job_id == job && !u.state.is_active() {
                    return u;
                }
            }
        };
        tokio::time::timeout(WAIT, wait)
            .await
            .unwrap_or_else(|_| panic!("job {job} never finished: {:?}", self.seen))
    }

    fn of(&self, job: JobId) -> Vec<&JobUpdate> {
        self.seen.iter().filter(|u| u.job_id == job).collect()
    }

    fn uploads(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// A PDF of `len` bytes with varied content (`seed` makes different contents).
fn pdf(dir: &Path, name: &str, len: usize, seed: u32) -> PathBuf {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    let mut x = seed.wrapping_add(12345);
    while bytes.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    let path = dir.join(name);
    std::fs::write(&path, &bytes).expect("write");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_content_again_reuses_the_url_and_the_simulator_sees_one_upload() {
    let sb = start_sandbox().await;
    let mut h = Harness::onflow(&sb);
    let dir = tempfile::tempdir().expect("tmp");
    let first = pdf(dir.path(), "Hóa đơn tháng 3.pdf", 200_000, 1);
    let copy = dir.path().join("hoa-don-ban-sao.pdf");
    std::fs::copy(&first, &copy).expect("copy");

    let [a] = h.queue.enqueue("shop-a", vec![first.clone()])[..] else {
        panic!("one job")
    };
    let done = h.until(a, JobState::Done).await;
    let file = done.file.expect("recorded");
    assert_eq!(file.name, "Hóa đơn tháng 3.pdf");
    assert_eq!(file.kind, FileKind::Pdf);
    assert_eq!(file.size, 200_000);
    assert_eq!(file.account_id, "shop-a");
    // the URL serves the very bytes we sent
    let served = reqwest::get(&file.url)
        .await
        .expect("get")
        .bytes()
        .await
        .expect("body");
    assert_eq!(
        served.as_ref(),
        std::fs::read(&first).expect("read").as_slice()
    );

    let [b] = h.queue.enqueue("shop-a", vec![copy])[..] else {
        panic!("one job")
    };
    let reused = h.until(b, JobState::Reused).await;
    assert_eq!(reused.file.as_ref().map(|f| &f.url), Some(&file.url));
    assert_eq!((reused.sent, reused.total), (200_000, 200_000));
    assert!(
        h.of(b).iter().all(|u| u.state != JobState::Uploading),
        "a reused file never uploads"
    );
    assert_eq!(h.uploads(), 1);
    assert_eq!(
        h.library
            .list(&LibraryFilter::default())
            .expect("list")
            .len(),
        1
    );

    // the same content for another account is that account's own upload
    let [c] = h.queue.enqueue("shop-b", vec![first])[..] else {
        panic!("one job")
    };
    let other = h.until(c, JobState::Done).await;
    assert_ne!(other.file.expect("file").url, file.url);
    assert_eq!(h.uploads(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_identical_files_queued_together_upload_once() {
    let sb = start_sandbox().await;
    let mut h = Harness::onflow(&sb);
    let dir = tempfile::tempdir().expect("tmp");
    let one = pdf(dir.path(), "a.pdf", 300_000, 7);
    let two = dir.path().join("b.pdf");
    std::fs::copy(&one, &two).expect("copy");
    let ids = h.queue.enqueue("shop-a", vec![one, two]);
    let mut states = Vec::new();
    for id in &ids {
        states.push(h.finished(*id).await.state);
    }
    states.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(states, [JobState::Done, JobState::Reused]);
    assert_eq!(h.uploads(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_climbs_to_the_total_and_is_throttled() {
    let sb = start_sandbox().await;
    let mut h = Harness::onflow(&sb);
    let dir = tempfile::tempdir().expect("tmp");
    let total = 4 * 1024 * 1024;
    let path = pdf(dir.path(), "catalog.pdf", total, 3);
    let t0 = std::time::Instant::now();
    let [id] = h.queue.enqueue("shop-a", vec![path])[..] else {
        panic!("one job")
    };
    let done = h.until(id, JobState::Done).await;
    let elapsed = t0.elapsed();
    assert_eq!((done.sent, done.total), (total as u64, total as u64));
    let states: Vec<JobState> = h.of(id).iter().map(|u| u.state).collect();
    assert_eq!(states.first(), Some(&JobState::Queued));
    assert!(states.contains(&JobState::Checking));
    let uploading: Vec<(u64, u64)> = h
        .of(id)
        .iter()
        .filter(|u| u.state == JobState::Uploading)
        .map(|u| (u.sent, u.total))
        .collect();
    assert_eq!(
        uploading.last(),
        Some(&(total as u64, total as u64)),
        "100 % is reported"
    );
    assert!(
        uploading.windows(2).all(|w| w[0].0 <= w[1].0),
        "{uploading:?}"
    );
    // 64 KiB chunks would be 64 callbacks; updates are limited to about 20 per second
    let allowed = (elapsed.as_millis() / 50) as usize + 3;
    assert!(
        uploading.len() <= allowed,
        "{} updates in {elapsed:?}",
        uploading.len()
    );
}

/// Reports progress in many tiny steps as fast as it can.
struct Chatty;

impl Uploader for Chatty {
    fn upload<'a>(
        &'a self,
        _path: &'a Path,
        progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<UploadedFile>> {
        Box::pin(async move {
            for i in 1..=10_000u64 {
                progress(i * 10, 100_000);
            }
            Ok(UploadedFile {
                url: "https://files.test/chatty".to_string(),
            })
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_progress_callbacks_become_a_handful_of_updates() {
    let mut h = Harness::new(Arc::new(Chatty));
    let dir = tempfile::tempdir().expect("tmp");
    let [id] = h
        .queue
        .enqueue("shop-a", vec![pdf(dir.path(), "x.pdf", 100_000, 1)])[..]
    else {
        panic!("one job")
    };
    h.until(id, JobState::Done).await;
    let uploading: Vec<u64> = h
        .of(id)
        .iter()
        .filter(|u| u.state == JobState::Uploading)
        .map(|u| u.sent)
        .collect();
    assert!(uploading.len() <= 5, "{} updates", uploading.len());
    assert_eq!(uploading.last(), Some(&100_000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_files_never_reach_the_network() {
    let sb = start_sandbox().await;
    let mut h = Harness::onflow(&sb);
    let dir = tempfile::tempdir().expect("tmp");
    let exe = dir.path().join("setup.exe");
    let mut mz = vec![0u8; 256];
    mz[0..2].copy_from_slice(b"MZ");
    std::fs::write(&exe, &mz).expect("write");
    let renamed = dir.path().join("hoa-don.pdf");
    std::fs::write(&renamed, &mz).expect("write");
    let big = dir.path().join("video.pdf");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(20 * 1024 * 1024))
        .expect("sparse");
    let empty = dir.path().join("rong.png");
    std::fs::write(&empty, b"").expect("write");
    let missing = dir.path().join("da-xoa.jpg");

    let ids = h
        .queue
        .enqueue("shop-a", vec![exe, renamed, big, empty, missing]);
    let mut codes = Vec::new();
    let checking: Vec<JobId> = {
        for id in &ids {
            h.finished(*id).await;
        }
        h.seen
            .iter()
            .filter(|u| u.state == JobState::Checking)
            .map(|u| u.job_id)
            .collect()
    };
    assert_eq!(checking.len(), 5);
    // slots are granted in queue order (two at a time, so neighbours may swap their first update)
    assert!(
        checking[..2].contains(&ids[0]) && checking[3..].contains(&ids[4]),
        "{checking:?}"
    );
    for id in &ids {
        let u = h.finished(*id).await;
        assert_eq!(u.state, JobState::Rejected, "{u:?}");
        codes.push(u.error.expect("error").code);
    }
    assert_eq!(
        codes,
        [
            "file.unsupported",
            "file.mismatch",
            "file.too_large",
            "file.empty",
            "file.not_found"
        ]
    );
    assert_eq!(h.uploads(), 0);
    assert!(h
        .library
        .list(&LibraryFilter::default())
        .expect("list")
        .is_empty());
    // a rejection is final: retry is for failures and cancels
    assert!(!h.queue.retry(ids[0]));
}

/// A TCP proxy in front of the simulator that cuts the first `drops` connections after the request
/// started arriving (a dropped connection mid-upload), then forwards faithfully.
async fn flaky_proxy(upstream: std::net::SocketAddr, drops: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let left = Arc::new(AtomicUsize::new(drops));
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let left = left.clone();
            tokio::spawn(async move {
                let drop_it = left
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if drop_it {
                    let mut buf = vec![0u8; 64 * 1024];
                    let _ = client.read(&mut buf).await;
                    drop(client);
                    return;
                }
                if let Ok(mut server) = TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_fails_the_job_and_retry_finishes_it() {
    let sb = start_sandbox().await;
    let proxy = flaky_proxy(sb.addr, 1).await;
    let mut h = Harness::new(Arc::new(onflow_client(&proxy, sb.onflow.token())));
    let dir = tempfile::tempdir().expect("tmp");
    let path = pdf(dir.path(), "bien-ban.pdf", 1024 * 1024, 9);
    let [id] = h.queue.enqueue("shop-a", vec![path])[..] else {
        panic!("one job")
    };
    let failed = h.until(id, JobState::Failed).await;
    let err = failed.error.expect("error");
    assert_eq!(err.code, "network", "{err:?}");
    assert!(h
        .library
        .list(&LibraryFilter::default())
        .expect("list")
        .is_empty());
    assert_eq!(h.queue.jobs()[0].state, JobState::Failed);

    assert!(h.queue.retry(id));
    let done = h.until(id, JobState::Done).await;
    assert_eq!(done.error, None);
    assert_eq!(done.sent, 1024 * 1024);
    assert!(done.file.expect("file").url.contains("/onflow/files/"));
    assert_eq!(h.uploads(), 2);
    assert_eq!(
        h.library
            .list(&LibraryFilter::default())
            .expect("list")
            .len(),
        1
    );
    // a finished job cannot be retried or cancelled
    assert!(!h.queue.retry(id));
    assert!(!h.queue.cancel(id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_fails_with_the_vendor_code_and_retry_finishes_it() {
    let sb = start_sandbox().await;
    let mut h = Harness::onflow(&sb);
    sb.onflow.faults().set(FaultConfig {
        error_rate: 1.0,
        ..Default::default()
    });
    let dir = tempfile::tempdir().expect("tmp");
    let [id] = h
        .queue
        .enqueue("shop-a", vec![pdf(dir.path(), "a.pdf", 50_000, 2)])[..]
    else {
        panic!("one job")
    };
    let failed = h.until(id, JobState::Failed).await;
    let err = failed.error.expect("error");
    assert_eq!(err.code, "vendorRejected");
    assert_eq!(err.vendor_code.as_deref(), Some("HTTP_500"));
    sb.onflow.faults().clear();
    assert!(h.queue.retry(id));
    h.until(id, JobState::Done).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_mid_upload_aborts_it_and_records_nothing() {
    let sb = start_sandbox().await;
    let mut h = Harness::onflow(&sb);
    // the simulator holds every request for a while: the upload is surely in flight when we cancel
    sb.onflow.faults().set(FaultConfig {
        latency_ms: 800,
        ..Default::default()
    });
    let dir = tempfile::tempdir().expect("tmp");
    let [id] = h.queue.enqueue(
        "shop-a",
        vec![pdf(dir.path(), "lon.pdf", 2 * 1024 * 1024, 5)],
    )[..] else {
        panic!("one job")
    };
    h.until(id, JobState::Uploading).await;
    assert!(h.queue.cancel(id));
    let cancelled = h.until(id, JobState::Cancelled).await;
    assert_eq!(cancelled.file, None);
    // well past the simulator's delay: still cancelled, nothing recorded
    tokio::time::sleep(Duration::from_millis(1200)).await;
    while let Ok(u) = h.rx.try_recv() {
        h.seen.push(u);
    }
    assert_eq!(h.of(id).last().map(|u| u.state), Some(JobState::Cancelled));
    assert_eq!(h.queue.jobs()[0].state, JobState::Cancelled);
    assert!(h
        .library
        .list(&LibraryFilter::default())
        .expect("list")
        .is_empty());
    assert!(!h.queue.cancel(id), "already cancelled");

    // retry after cancel uploads it for real
    sb.onflow.faults().clear();
    assert!(h.queue.retry(id));
    h.until(id, JobState::Done).await;
    assert_eq!(
        h.library
            .list(&LibraryFilter::default())
            .expect("list")
            .len(),
        1
    );
}

/// Never finishes on its own; counts how many uploads run at once.
struct Slow {
    running: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
    dropped: Arc<Mutex<usize>>,
}

struct Guard(Arc<AtomicUsize>, Arc<Mutex<usize>>);
impl Drop for Guard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
        *self.1.lock().expect("lock") += 1;
    }
}

impl Uploader for Slow {
    fn upload<'a>(
        &'a self,
        _path: &'a Path,
        _progress: ProgressFn,
    ) -> BoxFuture<'a, vendor_http::Result<UploadedFile>> {
        Box::pin(async move {
            let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(now, Ordering::SeqCst);
            let _g = Guard(self.running.clone(), self.dropped.clone());
            futures::future::pending::<()>().await;
            Ok(UploadedFile { url: String::new() })
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_two_upload_at_once_and_cancel_frees_a_slot() {
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(Mutex::new(0));
    let mut h = Harness::new(Arc::new(Slow {
        running: running.clone(),
        peak: peak.clone(),
        dropped: dropped.clone(),
    }));
    let dir = tempfile::tempdir().expect("tmp");
    let paths: Vec<PathBuf> = (0..4)
        .map(|i| pdf(dir.path(), &format!("f{i}.pdf"), 10_000, i))
        .collect();
    let ids = h.queue.enqueue("shop-a", paths);
    h.until(ids[0], JobState::Uploading).await;
    h.until(ids[1], JobState::Uploading).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(peak.load(Ordering::SeqCst), 2);
    let states: Vec<JobState> = h.queue.jobs().iter().map(|j| j.state).collect();
    assert_eq!(states[2..], [JobState::Queued, JobState::Queued]);

    // cancelling an upload drops its request and lets the next file start
    assert!(h.queue.cancel(ids[0]));
    h.until(ids[2], JobState::Uploading).await;
    assert_eq!(*dropped.lock().expect("lock"), 1);
    // a queued job can be cancelled before it ever starts
    assert!(h.queue.cancel(ids[3]));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(peak.load(Ordering::SeqCst), 2);
    let states: Vec<JobState> = h.queue.jobs().iter().map(|j| j.state).collect();
    assert_eq!(
        states,
        [
            JobState::Cancelled,
            JobState::Uploading,
            JobState::Uploading,
            JobState::Cancelled
        ]
    );
    h.queue.clear_finished();
    assert_eq!(h.queue.jobs().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_account_fails_without_uploading() {
    let mut h = Harness::new(Arc::new(Chatty));
    let dir = tempfile::tempdir().expect("tmp");
    let [id] = h
        .queue
        .enqueue("shop-zzz", vec![pdf(dir.path(), "a.pdf", 1000, 1)])[..]
    else {
        panic!("one job")
    };
    let u = h.finished(id).await;
    assert_eq!(u.state, JobState::Failed);
    assert_eq!(u.error.expect("error").code, "notFound");
    assert_eq!(h.uploads(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_serialize_for_the_ui() {
    let mut h = Harness::new(Arc::new(Chatty));
    let dir = tempfile::tempdir().expect("tmp");
    let [id] = h
        .queue
        .enqueue("shop-a", vec![pdf(dir.path(), "a.pdf", 1000, 1)])[..]
    else {
        panic!("one job")
    };
    let done = h.until(id, JobState::Done).await;
    let v = serde_json::to_value(&done).expect("json");
    assert_eq!(v["jobId"], id);
    assert_eq!(v["state"], "done");
    assert_eq!(v["file"]["url"], "https://files.test/chatty");
    assert_eq!(v["error"], serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_callback_may_call_back_into_the_queue() {
    let slot: Arc<std::sync::OnceLock<UploadQueue>> = Arc::new(std::sync::OnceLock::new());
    let (tx, mut rx) = unbounded_channel::<JobUpdate>();
    let s2 = slot.clone();
    let lookup: UploaderLookup = Arc::new(|_: &str| {
        let slow: Arc<dyn Uploader> = Arc::new(Slow {
            running: Arc::new(AtomicUsize::new(0)),
            peak: Arc::new(AtomicUsize::new(0)),
            dropped: Arc::new(Mutex::new(0)),
        });
        Some(slow)
    });
    let queue = UploadQueue::new(
        tokio::runtime::Handle::current(),
        Arc::new(Library::open_in_memory().expect("library")),
        UPLOAD_LIMITS,
        lookup,
        move |u: JobUpdate| {
            if let Some(q) = s2.get() {
                // reading and cancelling from inside the callback must not deadlock
                assert!(!q.jobs().is_empty());
                if u.state == JobState::Uploading {
                    q.cancel(u.job_id);
                }
            }
            let _ = tx.send(u);
        },
    );
    assert!(slot.set(queue.clone()).is_ok());
    let dir = tempfile::tempdir().expect("tmp");
    let [id] = queue.enqueue("shop-a", vec![pdf(dir.path(), "a.pdf", 1000, 1)])[..] else {
        panic!("one job")
    };
    let ended = tokio::time::timeout(WAIT, async {
        loop {
            let u = rx.recv().await.expect("alive");
            if u.job_id == id && u.state == JobState::Cancelled {
                return u;
            }
        }
    })
    .await
    .expect("cancelled from the callback");
    assert_eq!(ended.file, None);
}
