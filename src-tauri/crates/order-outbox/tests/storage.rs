//! The outbox file itself: damaged rows, damaged or newer files, the process lock and the backup. No
//! simulator needed.

use std::path::{Path, PathBuf};

use order_outbox::*;

fn draft(n: usize) -> OrderDraft {
    serde_json::from_value(serde_json::json!({
        "customer": {"name": "Lê Thị Hoa", "phone": "0987 654 321"},
        "address": {"line1": format!("{n} Hàng Bạc")},
        "items": [{"sku": "SKU-1", "quantity": 1 + n, "unit_price": 100000}],
        "shipping_fee": 20000,
        "target": {"account_id": "a", "vendor": "pancake", "warehouse_id": "w"}
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
