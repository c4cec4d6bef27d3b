//! The library: dedupe per (account, content), search without diacritics, filters, remove, persistence.

use chrono::{Duration, TimeZone, Utc};
use files::{FileKind, Library, LibraryFilter, NewLibraryFile};

fn entry(account: &str, name: &str, kind: FileKind, sha: &str, minute: i64) -> NewLibraryFile {
    NewLibraryFile {
        account_id: account.into(),
        name: name.into(),
        size: 1234,
        kind,
        mime: kind.mime(&onflow::adapter::files::UPLOAD_LIMITS).into(),
        sha256: sha.into(),
        url: format!("https://files.onflow.test/ts/{sha}"),
        uploaded_at: Utc
            .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
            .single()
            .expect("time")
            + Duration::minutes(minute),
    }
}

fn names(files: &[files::LibraryFile]) -> Vec<&str> {
    files.iter().map(|f| f.name.as_str()).collect()
}

fn seeded() -> Library {
    let lib = Library::open_in_memory().expect("open");
    for e in [
        entry("shop-a", "Hóa đơn tháng 3.pdf", FileKind::Pdf, "aa01", 1),
        entry("shop-a", "Ảnh áo thun đỏ.jpg", FileKind::Jpeg, "aa02", 2),
        entry("shop-a", "Tồn kho 100%.xlsx", FileKind::Xlsx, "aa03", 3),
        entry("shop-b", "hoa don thang 4.pdf", FileKind::Pdf, "bb01", 4),
    ] {
        lib.insert(&e).expect("insert");
    }
    lib
}

#[test]
fn the_same_content_for_the_same_account_is_one_entry_and_keeps_its_first_url() {
    let lib = Library::open_in_memory().expect("open");
    let first = lib
        .insert(&entry("shop-a", "a.pdf", FileKind::Pdf, "ABCD", 0))
        .expect("insert");
    assert_eq!(first.sha256, "abcd", "hashes are stored lower-case");
    let mut again = entry("shop-a", "copy of a.pdf", FileKind::Pdf, "abcd", 5);
    again.url = "https://elsewhere/other".into();
    let second = lib.insert(&again).expect("insert");
    assert_eq!(second, first);
    assert_eq!(
        lib.find_by_hash("shop-a", "abcd").expect("find"),
        Some(first.clone())
    );
    // another account has its own entry for the same content
    assert_eq!(lib.find_by_hash("shop-b", "abcd").expect("find"), None);
    let other = lib
        .insert(&entry("shop-b", "a.pdf", FileKind::Pdf, "abcd", 1))
        .expect("insert");
    assert_ne!(other.id, first.id);
    assert_eq!(lib.list(&LibraryFilter::default()).expect("list").len(), 2);
}

#[test]
fn list_is_newest_first_and_filters_by_account_kind_and_folded_name() {
    let lib = seeded();
    let all = lib.list(&LibraryFilter::default()).expect("list");
    assert_eq!(
        names(&all),
        [
            "hoa don thang 4.pdf",
            "Tồn kho 100%.xlsx",
            "Ảnh áo thun đỏ.jpg",
            "Hóa đơn tháng 3.pdf"
        ]
    );
    let f = |account: Option<&str>, kind: Option<FileKind>, search: Option<&str>| {
        let filter = LibraryFilter {
            account_id: account.map(str::to_string),
            kind,
            search: search.map(str::to_string),
        };
        lib.list(&filter)
            .expect("list")
            .into_iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(f(Some("shop-b"), None, None), ["hoa don thang 4.pdf"]);
    assert_eq!(
        f(None, Some(FileKind::Pdf), None),
        ["hoa don thang 4.pdf", "Hóa đơn tháng 3.pdf"]
    );
    // diacritics and case do not matter, in either direction
    assert_eq!(
        f(None, None, Some("HOA DON")),
        ["hoa don thang 4.pdf", "Hóa đơn tháng 3.pdf"]
    );
    assert_eq!(
        f(None, None, Some("hóa đơn tháng 3")),
        ["Hóa đơn tháng 3.pdf"]
    );
    assert_eq!(f(None, None, Some("ao thun")), ["Ảnh áo thun đỏ.jpg"]);
    assert_eq!(
        f(Some("shop-b"), None, Some("ao thun")),
        Vec::<String>::new()
    );
    // punctuation is ignored like in the names: "100%" is "100", not a LIKE pattern
    assert_eq!(f(None, None, Some("100%")), ["Tồn kho 100%.xlsx"]);
    assert_eq!(f(None, None, Some("1_0")), Vec::<String>::new());
    // a blank search lists everything
    assert_eq!(f(None, None, Some("  ")).len(), 4);
    assert_eq!(
        f(Some("shop-a"), Some(FileKind::Xlsx), Some("ton kho")),
        ["Tồn kho 100%.xlsx"]
    );
}

#[test]
fn remove_forgets_the_local_record_only_once() {
    let lib = seeded();
    let victim = lib
        .find_by_hash("shop-a", "aa02")
        .expect("find")
        .expect("present");
    assert_eq!(lib.get(victim.id).expect("get"), Some(victim.clone()));
    assert!(lib.remove(victim.id).expect("remove"));
    assert!(!lib.remove(victim.id).expect("remove again"));
    assert_eq!(lib.get(victim.id).expect("get"), None);
    assert_eq!(lib.find_by_hash("shop-a", "aa02").expect("find"), None);
    assert_eq!(lib.list(&LibraryFilter::default()).expect("list").len(), 3);
}

#[test]
fn a_library_file_persists_across_reopen_in_wal_mode() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("library.sqlite3");
    let id = {
        let lib = Library::open(&path).expect("open");
        lib.insert(&entry("shop-a", "Hóa đơn.pdf", FileKind::Pdf, "cc01", 0))
            .expect("insert")
            .id
    };
    let lib = Library::open(&path).expect("reopen");
    let got = lib.get(id).expect("get").expect("present");
    assert_eq!(got.name, "Hóa đơn.pdf");
    assert_eq!(
        got.uploaded_at,
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
            .single()
            .expect("t")
    );
    drop(lib);
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1);
    // a database from a newer app is refused instead of misread, and left untouched
    conn.pragma_update(None, "user_version", 999).expect("bump");
    drop(conn);
    let before = std::fs::read(&path).expect("read");
    assert!(matches!(
        Library::open(&path),
        Err(files::LibraryError::NewerSchema {
            found: 999,
            supported: files::library::SCHEMA_VERSION
        })
    ));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("files.sqlite");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).expect("write");
    match Library::open(&path) {
        Err(files::LibraryError::CorruptFile(why)) => assert!(!why.is_empty()),
        other => panic!("expected CorruptFile, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).expect("read"),
        garbage,
        "left untouched"
    );
}

#[test]
fn entries_serialize_in_camel_case_for_the_ui() {
    let lib = seeded();
    let f = lib
        .find_by_hash("shop-a", "aa01")
        .expect("find")
        .expect("present");
    let v = serde_json::to_value(&f).expect("json");
    assert_eq!(v["accountId"], "shop-a");
    assert_eq!(v["kind"], "pdf");
    assert_eq!(v["uploadedAt"], "2026-03-01T08:01:00Z");
    assert!(v["sha256"].is_string() && v["url"].is_string() && v["id"].is_i64());
    let filter: LibraryFilter = serde_json::from_value(
        serde_json::json!({"accountId": "shop-a", "kind": "xlsx", "extra": 1}),
    )
    .expect("filter");
    assert_eq!(filter.kind, Some(FileKind::Xlsx));
    assert_eq!(filter.search, None);
}
