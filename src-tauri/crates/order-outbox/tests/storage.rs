//! The outbox file itself: damaged rows, damaged or newer files, the process lock and the backup. No
//! simulator needed.

use std::path::{Path, PathBuf};

use order_outbox::*;

fn draft(n: usize) -> OrderDraft {
    serde_json::from_value(serde_json::json!({
        "customer": {"name": "Lê Thị Hoa", "phone": "0987 654 321"},
        "address": {"line1": format!("{n} Hàng Bạc")},
        "items": [{"sku": "SKU-1", "quantity": 1 + n, "unitPrice": 100000}],
        "shippingFee": 20000,
        "target": {"accountId": "a", "vendor": "pancake", "warehouseId": "w"}
    }))
    .expect("a valid draft")
}

fn outbox_with(path: &Path, n: usize) -> anyhow::Result<Vec<OrderId>> {
    let ob = Outbox::open(path, OutboxConfig::default())?;
    (0..n).map(|i| Ok(ob.enqueue(&draft(i))?)).collect()
}

#[tokio::test]
async fn one_unreadable_row_is_reported_and_skipped_not_fatal() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    let ids = outbox_with(&path, 4)?;
    {
        // damage two rows behind the outbox's back: a draft that is not JSON, a count that is text
        let conn = rusqlite::Connection::open(&path)?;
        conn.execute(
            "UPDATE outbox SET draft = '{not json' WHERE id = ?1",
            [ids[1].0],
        )?;
        conn.execute(
            "UPDATE outbox SET attempts = 'many' WHERE id = ?1",
            [ids[2].0],
        )?;
    }
    let ob = Outbox::open(&path, OutboxConfig::default())?;
    let listing = ob.list()?;
    let good: Vec<OrderId> = listing.entries.iter().map(|e| e.id).collect();
    assert_eq!(good, vec![ids[3], ids[0]], "the good rows, newest first");
    let bad: Vec<OrderId> = listing.unreadable.iter().map(|u| u.id).collect();
    assert_eq!(bad, vec![ids[2], ids[1]]);
    assert!(listing.unreadable.iter().all(|u| u
        .client_ref
        .as_deref()
        .is_some_and(|r| r.starts_with("SD-"))));
    assert!(
        listing.unreadable[1].reason.contains("draft"),
        "{:?}",
        listing.unreadable
    );
    assert!(matches!(ob.get(ids[1]), Err(OutboxError::Corrupt(_))));
    assert_eq!(ob.get(ids[0])?.state, State::Queued);

    // resume skips them (and says so); the good rows are still driven
    assert_eq!(ob.pending()?.len(), 2);
    let report = ob.resume(&Ports::new()).await?;
    assert_eq!(report.unreadable, vec![ids[1], ids[2]]);
    assert_eq!(report.pending, 2, "{report:?}");
    // the listing serializes for the UI
    let v = serde_json::to_value(&listing)?;
    assert_eq!(v["unreadable"][0]["id"], ids[2].0);
    Ok(())
}

#[test]
fn a_newer_outbox_is_refused_and_left_untouched() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    outbox_with(&path, 2)?;
    {
        let conn = rusqlite::Connection::open(&path)?;
        conn.pragma_update(None, "user_version", 999)?;
    }
    let before = std::fs::read(&path)?;
    match Outbox::open(&path, OutboxConfig::default()) {
        Err(OutboxError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (999, SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path)?, before, "not modified");
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_corrupt_and_left_untouched() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage)?;
    for _ in 0..2 {
        // the second try proves the failed open released its lock
        match Outbox::open(&path, OutboxConfig::default()) {
            Err(OutboxError::CorruptFile(why)) => assert!(!why.is_empty()),
            other => panic!("expected CorruptFile, got {:?}", other.err()),
        }
    }
    assert_eq!(std::fs::read(&path)?, garbage, "not modified");
    Ok(())
}

#[test]
fn a_second_open_of_the_same_outbox_is_locked_until_the_first_is_gone() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    let first = Outbox::open(&path, OutboxConfig::default())?;
    match Outbox::open(&path, OutboxConfig::default()) {
        Err(OutboxError::Locked { path: lock }) => {
            assert_eq!(lock, dir.path().join("orders.sqlite.lock"));
        }
        other => panic!("expected Locked, got {:?}", other.err()),
    }
    // another process is refused too
    assert_eq!(probe_in_child(&path)?, "locked");
    // a clone shares the lock; it is released with the last one
    let clone = first.clone();
    drop(first);
    assert!(matches!(
        Outbox::open(&path, OutboxConfig::default()),
        Err(OutboxError::Locked { .. })
    ));
    drop(clone);
    let again = Outbox::open(&path, OutboxConfig::default())?;
    drop(again);
    assert_eq!(probe_in_child(&path)?, "opened");
    // in-memory outboxes have no file and no lock
    let _a = Outbox::open_in_memory(OutboxConfig::default())?;
    let _b = Outbox::open_in_memory(OutboxConfig::default())?;
    Ok(())
}

const PROBE_VAR: &str = "ORDERS_LOCK_PROBE";

/// Run [`lock_probe`] in a child process (this test binary) against `path`; answers what it printed.
fn probe_in_child(path: &Path) -> anyhow::Result<String> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["--exact", "lock_probe", "--nocapture", "--test-threads=1"])
        .env(PROBE_VAR, path)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .lines()
        .find_map(|l| l.split_once("probe: ").map(|(_, answer)| answer.trim()))
        .unwrap_or("no answer")
        .to_string())
}

/// Not a test of its own: when [`PROBE_VAR`] names an outbox, try to open it and print the outcome.
#[test]
fn lock_probe() {
    let Some(path) = std::env::var_os(PROBE_VAR) else {
        return;
    };
    let answer = match Outbox::open(PathBuf::from(path), OutboxConfig::default()) {
        Ok(_) => "opened".to_string(),
        Err(OutboxError::Locked { .. }) => "locked".to_string(),
        Err(e) => format!("error {e}"),
    };
    println!("probe: {answer}");
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[test]
fn backup_copies_the_file_and_its_wal_to_a_timestamped_sibling() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    outbox_with(&path, 3)?;
    // while an outbox is open on it, no backup (it could be mid-write)
    let open = Outbox::open(&path, OutboxConfig::default())?;
    assert!(matches!(backup(&path), Err(OutboxError::Locked { .. })));
    drop(open);

    // a change still in the WAL (a connection keeps it from being checkpointed) is backed up too
    let writer = rusqlite::Connection::open(&path)?;
    writer.execute(
        "UPDATE outbox SET last_error = 'in the wal' WHERE id = 1",
        [],
    )?;
    assert!(sibling(&path, "-wal").exists());
    let copy = backup(&path)?;
    let name = copy
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(name.starts_with("orders.sqlite.backup-"), "{name}");
    assert_eq!(copy.parent(), path.parent());
    assert_eq!(std::fs::read(&copy)?, std::fs::read(&path)?);
    assert_eq!(
        std::fs::read(sibling(&copy, "-wal"))?,
        std::fs::read(sibling(&path, "-wal"))?
    );
    drop(writer);
    let restored = rusqlite::Connection::open(&copy)?;
    let (rows, note): (i64, String) = restored.query_row(
        "SELECT (SELECT COUNT(*) FROM outbox), (SELECT last_error FROM outbox WHERE id = 1)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!((rows, note.as_str()), (3, "in the wal"));

    // a damaged file is copied byte for byte; a second backup never overwrites the first
    let bad = dir.path().join("bad.sqlite");
    std::fs::write(&bad, b"definitely not a database")?;
    let a = backup(&bad)?;
    let b = backup(&bad)?;
    assert_ne!(a, b);
    assert_eq!(std::fs::read(&a)?, b"definitely not a database");
    assert_eq!(std::fs::read(&b)?, b"definitely not a database");
    // nothing to back up
    assert!(matches!(
        backup(dir.path().join("missing.sqlite")),
        Err(OutboxError::Io(_))
    ));
    Ok(())
}

/// The outbox file as the previous version wrote it (schema v2), with one row per `(state, draft JSON,
/// last_error)`.
fn previous_version_file(path: &Path, rows: &[(&str, &str, Option<&str>)]) -> anyhow::Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(
        "CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            client_ref TEXT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            vendor TEXT NOT NULL,
            draft TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued','sending','unknown','created','failed','needs_attention')),
            attempts INTEGER NOT NULL DEFAULT 0,
            vendor_order_id TEXT,
            last_error TEXT,
            next_attempt_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX outbox_state ON outbox(state);
        ALTER TABLE outbox ADD COLUMN first_sent_at TEXT;
        PRAGMA user_version = 2;",
    )?;
    for (i, (state, draft, last_error)) in rows.iter().enumerate() {
        conn.execute(
            "INSERT INTO outbox (client_ref, account_id, vendor, draft, state, attempts, last_error,
             created_at, updated_at)
             VALUES (?1, 'acc-1', 'pancake', ?2, ?3, 1, ?4, '2025-11-20T08:00:00.000Z', '2025-11-20T08:00:00.000Z')",
            rusqlite::params![format!("SD-0000000000000{i:03}"), draft, state, last_error],
        )?;
    }
    Ok(())
}

/// A draft as the previous version stored it: every multi-word field in snake_case.
const SNAKE_CASE_DRAFT: &str = r#"{"customer":{"name":"Nguyễn Thị Lan","phone":"+84 912 345 678","email":null},
"address":{"line1":"12 Lê Lợi","line2":null,"ward":"Phường Bến Nghé","district":null,"province":"TP Hồ Chí Minh",
"geo":{"province_id":"254","district_id":null,"ward_id":null}},
"items":[{"sku":"AO-THUN-M","product_id":"101","variation_id":"OASIN0000101","quantity":2,"unit_price":199000,"discount":10000},
{"sku":"MU-LUOI","product_id":"102","variation_id":"OASIN0000102","quantity":1,"unit_price":99000,"discount":0}],
"order_discount":20000,"shipping_fee":30000,"cod":null,"note":"Giao giờ hành chính",
"target":{"account_id":"acc-1","vendor":"pancake","warehouse_id":"11"},
"extras":{"onflow":null,"nhanh":null,"pancake":{"order_source":-1}}}"#;

#[test]
fn a_row_written_by_the_previous_version_reads_as_the_same_draft() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    previous_version_file(&path, &[("queued", SNAKE_CASE_DRAFT, None)])?;
    let ob = Outbox::open(&path, OutboxConfig::default())?;
    let listing = ob.list()?;
    assert!(listing.unreadable.is_empty(), "{:?}", listing.unreadable);
    let entry = &listing.entries[0];
    let want = OrderDraft {
        customer: Customer {
            name: "Nguyễn Thị Lan".into(),
            phone: "+84 912 345 678".into(),
            email: None,
        },
        address: Address {
            line1: "12 Lê Lợi".into(),
            ward: Some("Phường Bến Nghé".into()),
            province: Some("TP Hồ Chí Minh".into()),
            geo: GeoIds {
                province_id: Some("254".into()),
                ..Default::default()
            },
            ..Default::default()
        },
        items: vec![
            Item {
                sku: "AO-THUN-M".into(),
                product_id: Some("101".into()),
                variation_id: Some("OASIN0000101".into()),
                quantity: 2,
                unit_price: 199_000.into(),
                discount: 10_000.into(),
            },
            Item {
                sku: "MU-LUOI".into(),
                product_id: Some("102".into()),
                variation_id: Some("OASIN0000102".into()),
                quantity: 1,
                unit_price: 99_000.into(),
                discount: 0.into(),
            },
        ],
        order_discount: 20_000.into(),
        shipping_fee: 30_000.into(),
        cod: None,
        note: Some("Giao giờ hành chính".into()),
        target: Target {
            account_id: "acc-1".into(),
            vendor: Vendor::Pancake,
            warehouse_id: "11".into(),
        },
        extras: Extras {
            pancake: Some(PancakeExtras {
                order_source: Some(-1),
            }),
            ..Default::default()
        },
    };
    assert_eq!(entry.draft, want);
    assert_eq!(ob.get(entry.id)?.draft, want);
    assert_eq!(ob.pending()?.len(), 1, "still sent like any queued row");
    // the UI gets it in camelCase
    let v = serde_json::to_value(entry)?;
    assert_eq!(v["draft"]["shippingFee"], 30_000);
    assert_eq!(v["draft"]["items"][0]["unitPrice"], 199_000);
    assert_eq!(v["clientRef"], "SD-0000000000000000");
    assert_eq!(
        (v["total"].as_i64(), v["cod"].as_i64()),
        (Some(487_000), Some(487_000))
    );
    Ok(())
}

#[tokio::test]
async fn an_old_rows_sentence_is_kept_until_a_code_replaces_it() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    previous_version_file(
        &path,
        &[
            (
                "unknown",
                SNAKE_CASE_DRAFT,
                Some("interrupted while sending"),
            ),
            ("sending", SNAKE_CASE_DRAFT, None),
        ],
    )?;
    let ob = Outbox::open(&path, OutboxConfig::default())?;
    let version: i64 =
        rusqlite::Connection::open(&path)?.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 4);
    let listing = ob.list()?;
    assert!(listing.unreadable.is_empty(), "{:?}", listing.unreadable);
    // rows written before v4 were never replaced or dismissed
    assert!(listing.entries.iter().all(|e| e.previous_refs.is_empty()
        && e.superseded_by.is_none()
        && e.dismissed_at.is_none()));
    let (sending, old) = (&listing.entries[0], &listing.entries[1]);
    assert_eq!(old.last_error.as_deref(), Some("interrupted while sending"));
    assert_eq!(
        old.error, None,
        "the sentence is shown as it is, not guessed into a code"
    );
    // the UI gets both fields
    let v = serde_json::to_value(old)?;
    assert_eq!(v["lastError"], "interrupted while sending");
    assert!(v["error"].is_null());

    // the row left in `sending` by the old version's crash is recovered with a code
    let report = ob.resume(&Ports::new()).await?;
    assert_eq!(report.interrupted, 1);
    let recovered = ob.get(sending.id)?;
    assert_eq!(recovered.state, State::Unknown);
    assert_eq!(
        recovered.error,
        Some(SendError {
            code: SendCode::Interrupted,
            detail: None
        })
    );
    assert_eq!(recovered.last_error, None);
    let v = serde_json::to_value(&recovered)?;
    assert_eq!(v["error"]["code"], "interrupted");
    // the old row keeps its sentence until something replaces it
    assert_eq!(
        ob.get(old.id)?.last_error.as_deref(),
        Some("interrupted while sending")
    );
    Ok(())
}
