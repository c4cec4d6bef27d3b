use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Every step records itself in `log`, so a test sees which steps ran and how often.
const CREATE_LOG: Migration = Migration::Sql(
    "CREATE TABLE log (step INTEGER NOT NULL);
     INSERT INTO log VALUES (1);",
);

fn second_step(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);")?;
    for name in ["a", "b"] {
        tx.execute("INSERT INTO items (name) VALUES (?1)", [name])?;
    }
    tx.execute("INSERT INTO log VALUES (2)", [])?;
    Ok(())
}

const THIRD_BROKEN: Migration = Migration::Sql(
    "CREATE TABLE half (x INTEGER);
     INSERT INTO log VALUES (3);
     INSERT INTO no_such_table VALUES (1);",
);

const THIRD_FIXED: Migration = Migration::Sql(
    "CREATE TABLE half (x INTEGER);
     INSERT INTO log VALUES (3);",
);

const TWO: &[Migration] = &[CREATE_LOG, Migration::Code(second_step)];
const THREE_BROKEN: &[Migration] = &[CREATE_LOG, Migration::Code(second_step), THIRD_BROKEN];
const THREE: &[Migration] = &[CREATE_LOG, Migration::Code(second_step), THIRD_FIXED];

fn log(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut st = conn.prepare("SELECT step FROM log ORDER BY rowid")?;
    let steps = st.query_map([], |r| r.get(0))?;
    steps.collect()
}

fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

#[test]
fn a_new_file_is_migrated_in_wal_mode_with_the_specs_pragmas() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    let spec = Spec::new(TWO)
        .synchronous(Synchronous::Full)
        .foreign_keys()
        .quick_check()
        .tuning("PRAGMA temp_store = MEMORY;");
    let conn = open(&path, &spec)?;
    assert_eq!(user_version(&conn)?, 2);
    assert_eq!(spec.version(), 2);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "wal");
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    assert_eq!(fk, 1);
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
    assert_eq!(sync, 2, "FULL");
    let temp: i64 = conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
    assert_eq!(temp, 2, "MEMORY");
    let names: i64 = conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))?;
    assert_eq!(names, 2, "the Rust step ran");
    Ok(())
}

#[test]
fn sqlites_defaults_stay_unless_the_spec_sets_them() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    let conn = open(&path, &Spec::new(TWO).without_wal())?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "delete");
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
    assert_eq!(sync, 2, "SQLite's default for a rollback journal: FULL");
    Ok(())
}

#[test]
fn an_in_memory_database_is_migrated_too() -> TestResult {
    let conn = open_in_memory(&Spec::new(TWO).foreign_keys())?;
    assert_eq!(user_version(&conn)?, 2);
    assert_eq!(log(&conn)?, vec![1, 2]);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "memory");
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    assert_eq!(fk, 1);
    Ok(())
}

#[test]
fn migrations_run_once_and_new_ones_run_on_the_next_open() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    drop(open(&path, &Spec::new(TWO))?);
    drop(open(&path, &Spec::new(TWO))?);
    let conn = open(&path, &Spec::new(THREE))?;
    assert_eq!(user_version(&conn)?, 3);
    assert_eq!(log(&conn)?, vec![1, 2, 3]);
    let mut conn = conn;
    assert_eq!(migrate(&mut conn, THREE)?, 3, "nothing left to run");
    assert_eq!(log(&conn)?, vec![1, 2, 3]);
    Ok(())
}

#[test]
fn a_failed_step_is_rolled_back_and_the_next_open_resumes_at_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    match open(&path, &Spec::new(THREE_BROKEN)) {
        Err(OpenError::Sqlite(_)) => {}
        other => panic!("expected a database error, got {other:?}"),
    }
    {
        let conn = Connection::open(&path)?;
        assert_eq!(user_version(&conn)?, 2, "the steps before it are kept");
        assert!(!table_exists(&conn, "half")?, "its own changes are not");
        assert_eq!(log(&conn)?, vec![1, 2]);
    }
    let conn = open(&path, &Spec::new(THREE))?;
    assert_eq!(user_version(&conn)?, 3);
    assert_eq!(log(&conn)?, vec![1, 2, 3], "each step ran exactly once");
    assert!(table_exists(&conn, "half")?);
    Ok(())
}

#[test]
fn a_file_of_a_newer_schema_is_refused_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    {
        let conn = Connection::open(&path)?;
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 7;")?;
    }
    let before = std::fs::read(&path)?;
    let spec = Spec::new(TWO).quick_check().synchronous(Synchronous::Full);
    match open(&path, &spec) {
        Err(OpenError::NewerSchema { found, supported }) => assert_eq!((found, supported), (7, 2)),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path)?, before, "not one byte written");
    assert!(!sibling(&path, "-wal").exists(), "not switched to WAL");
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_reported_damaged_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage)?;
    for spec in [Spec::new(TWO), Spec::new(TWO).quick_check()] {
        match open(&path, &spec) {
            Err(OpenError::Corrupt(why)) => assert!(!why.is_empty()),
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }
    assert_eq!(std::fs::read(&path)?, garbage);
    assert!(!sibling(&path, "-wal").exists());
    Ok(())
}

#[test]
fn a_negative_schema_version_is_damage_not_a_panic() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    Connection::open(&path)?.pragma_update(None, "user_version", -3)?;
    match open(&path, &Spec::new(TWO)) {
        Err(OpenError::Corrupt(why)) => assert!(why.contains("-3"), "{why}"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    Ok(())
}

#[test]
fn sqlite_errors_are_sorted_into_damaged_and_the_rest() {
    let damaged = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
        None,
    );
    assert!(matches!(OpenError::from(damaged), OpenError::Corrupt(_)));
    let busy =
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
    assert!(matches!(OpenError::from(busy), OpenError::Sqlite(_)));
}

#[test]
fn the_lock_file_keeps_a_second_opener_out_until_released() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    let first = FileLock::acquire(&path, "test db")?;
    assert!(first.is_held());
    assert_eq!(first.path(), dir.path().join("db.sqlite.lock"));
    assert_eq!(lock_path(&path), dir.path().join("db.sqlite.lock"));
    match FileLock::acquire(&path, "test db") {
        Err(LockError::Locked { path: lock }) => {
            assert_eq!(lock, dir.path().join("db.sqlite.lock"))
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    // the lock guards the file, not the database: opening it stays possible (callers lock first)
    drop(open(&path, &Spec::new(TWO))?);
    drop(first);
    let again = FileLock::acquire(&path, "test db")?;
    assert!(again.is_held());
    Ok(())
}

#[test]
fn the_lock_files_content_is_never_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("db.sqlite");
    std::fs::write(lock_path(&path), b"left by an older build")?;
    let lock = FileLock::acquire(&path, "test db")?;
    drop(lock);
    assert_eq!(
        std::fs::read(lock_path(&path))?,
        b"left by an older build".to_vec()
    );
    assert!(lock_path(&path).exists(), "left in place after release");
    Ok(())
}
