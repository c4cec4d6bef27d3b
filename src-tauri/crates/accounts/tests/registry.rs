//! The account registry: one client per account shared by every caller (so the account's rate limiter
//! is really per account), rebuilt when the account changes; and `accounts.json` that never loses an
//! account.

use std::sync::{Arc, Mutex};

use accounts::{AccountService, FileMeta, MemoryMeta, MetaStore};
use secrets::{MemoryStore, Secrets};

async fn demo_service() -> AccountService {
    let svc = AccountService::new(
        Arc::new(MemoryMeta::default()),
        Secrets::new(Arc::new(MemoryStore::default())),
    );
    assert!(svc
        .start_demo(sandbox::Options::default())
        .await
        .expect("demo"));
    svc
}

/// A stock sync, and two other features reading the same Nhanh URL (`product/list`) at once, on one
/// account of the simulator with Nhanh's documented limit (150 calls / 30 s per URL): together they
/// make more calls than one window allows, and the vendor never has to answer with its rate-limit
/// lock, because every caller borrows the same client and so the same limiter.
#[tokio::test]
async fn concurrent_features_on_one_nhanh_account_never_trip_its_rate_limit() {
    let svc = Arc::new(demo_service().await);
    let store = Arc::new(Mutex::new(store::Store::open_in_memory().expect("store")));
    let (account, sync_client) = svc.client("demo-nhanh").await.expect("client");
    store
        .lock()
        .expect("store")
        .upsert_account(&account)
        .expect("account");
    let engine = stock_sync::SyncEngine::new(store.clone());
    let sync_run = async {
        engine
            .sync_account(
                &account,
                sync_client.as_ref(),
                stock_sync::Mode::Full,
                &|_| {},
            )
            .await
            .expect("sync");
    };
    // 2 × 76 reads of product/list beside the sync's own pages: over 150 in well under 30 s if each
    // caller had a limiter of its own
    let reader = |svc: Arc<AccountService>| async move {
        let (_, client) = svc.client("demo-nhanh").await.expect("client");
        let c = client
            .as_any()
            .downcast_ref::<nhanh::Client>()
            .expect("a Nhanh client");
        for _ in 0..76 {
            c.products_page(&Default::default(), nhanh::PageRequest::new(5))
                .await
                .expect("page");
        }
        client
    };
    let (_, a, b) = tokio::join!(sync_run, reader(svc.clone()), reader(svc.clone()));
    for c in [&sync_client, &a, &b] {
        let stats = c.stats();
        assert_eq!(
            stats.rate_limited, 0,
            "the vendor answered with its rate-limit lock: {stats:?}"
        );
    }
    assert!(
        a.stats().attempts >= 152,
        "all callers counted on one limiter: {:?}",
        a.stats()
    );
}

#[tokio::test]
async fn every_caller_gets_the_same_client_until_the_account_changes() {
    let svc = demo_service().await;
    let (_, a) = svc.client("demo-pancake").await.expect("client");
    let (_, b) = svc.client("demo-pancake").await.expect("client");
    let pa = a
        .as_any()
        .downcast_ref::<pancake::PancakeClient>()
        .expect("pancake");
    pa.warehouses().await.expect("call");
    assert_eq!(
        a.stats(),
        b.stats(),
        "a call through one handle is seen by the other"
    );
    assert!(b.stats().attempts >= 1);
    // leaving and re-entering the demo (new simulators, new keys) builds a new client
    svc.leave_demo().await;
    svc.start_demo(sandbox::Options::default())
        .await
        .expect("demo again");
    let (_, c) = svc.client("demo-pancake").await.expect("client");
    assert_eq!(
        c.stats().attempts,
        0,
        "a fresh client after the account changed"
    );
}

#[tokio::test]
async fn single_flight_per_account_job() {
    let svc = demo_service().await;
    let first = svc.flights().try_start("stock:demo-nhanh").expect("free");
    assert!(svc.flights().try_start("stock:demo-nhanh").is_none());
    assert!(svc.flights().try_start("orders:demo-nhanh").is_some());
    drop(first);
    assert!(svc.flights().try_start("stock:demo-nhanh").is_some());
}

fn sample(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "label": format!("Shop {id}"),
        "config": {"vendor": "onflow", "environment": "staging"},
        "baseUrl": null,
        "masks": {"token": "••••abcd"},
        "demo": false,
        "createdAt": "2026-11-01T00:00:00Z"
    })
}

#[test]
fn an_undecodable_entry_is_kept_and_reported_and_never_dropped_by_a_save() {
    let dir = tempdir();
    let path = dir.join("accounts.json");
    let good = sample("onflow-1");
    // an entry a newer version wrote (a vendor this version does not know)
    let future =
        serde_json::json!({"id": "shopee-1", "label": "Shopee", "config": {"vendor": "shopee"}});
    std::fs::write(
        &path,
        serde_json::to_vec(&serde_json::json!({"accounts": [good, future.clone()]})).expect("json"),
    )
    .expect("write");
    let meta = FileMeta::new(&path);
    let mut all = meta.load().expect("load");
    assert_eq!(all.len(), 1, "the readable account is listed");
    assert_eq!(meta.unreadable(), 1, "the other is reported");
    // a rename saves the list: the unreadable entry is written back unchanged
    all[0].label = "Kho Onflow".into();
    meta.save(&all).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let items = v["accounts"].as_array().expect("array");
    assert_eq!(items.len(), 2, "{text}");
    assert!(items.contains(&future), "{text}");
    assert_eq!(
        FileMeta::new(&path).load().expect("reload")[0].label,
        "Kho Onflow"
    );
    assert!(
        !dir.join("accounts.json.tmp").exists(),
        "the temporary file was renamed into place"
    );
}

#[test]
fn a_file_that_is_not_json_is_moved_aside_not_overwritten() {
    let dir = tempdir();
    let path = dir.join("accounts.json");
    std::fs::write(&path, b"{\"accounts\": [ {\"id\": \"pancake-1\", trunc").expect("write");
    let meta = FileMeta::new(&path);
    assert!(meta.load().expect("load").is_empty());
    assert_eq!(meta.unreadable(), 1);
    let aside: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("unreadable"))
        .collect();
    assert_eq!(aside.len(), 1, "the old bytes are kept under another name");
    assert!(std::fs::read_to_string(aside[0].path())
        .expect("read")
        .contains("pancake-1"));
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "shopdesk-accounts-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&d).expect("dir");
    d
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The demo workspace is what a shipped app runs: its simulators answer the vendors' routes but never
/// the test-only fault knobs, so nothing else on the machine can make the demo fail on purpose.
#[tokio::test]
async fn the_demo_simulators_refuse_the_admin_routes() {
    let svc = demo_service().await;
    let base = svc.demo_base_url().await.expect("demo running");
    let http = reqwest::Client::new();
    for path in ["/__admin/faults/pancake", "/onflow/__admin/advance"] {
        let r = http
            .put(format!("{base}{path}"))
            .json(&serde_json::json!({"error_rate": 1.0}))
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 404, "{path}");
        let r = http
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 404, "{path}");
    }
    let (_, c) = svc.client("demo-pancake").await.expect("client");
    let p = c
        .as_any()
        .downcast_ref::<pancake::PancakeClient>()
        .expect("pancake");
    assert!(!p
        .warehouses()
        .await
        .expect("the vendor routes work")
        .is_empty());
}
