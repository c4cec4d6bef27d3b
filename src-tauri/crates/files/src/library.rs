//! The uploaded-file library: one SQLite file of its own (WAL, `PRAGMA user_version` migrations), one row
//! per (account, content); the same content for the same account reuses the row's URL.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, TimeZone, Utc};
use localdb::{Migration, Spec, Synchronous};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::check::FileKind;

/// One uploaded file as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LibraryFile {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub account_id: String,
    pub name: String,
    #[specta(type = specta_typescript::Number)]
    pub size: i64,
    pub kind: FileKind,
    pub mime: String,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    /// The public URL Onflow returned.
    pub url: String,
    #[specta(type = String)]
    pub uploaded_at: DateTime<Utc>,
}

/// A row to record (the id is assigned by the library).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLibraryFile {
    pub account_id: String,
    pub name: String,
    pub size: i64,
    pub kind: FileKind,
    pub mime: String,
    pub sha256: String,
    pub url: String,
    pub uploaded_at: DateTime<Utc>,
}

/// What to list; every field optional. `search` matches the name without diacritics or case
/// ("hoa don" finds "Hóa đơn tháng 3.pdf").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LibraryFilter {
    pub account_id: Option<String>,
    pub kind: Option<FileKind>,
    pub search: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("library database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// The file was written by a newer ShopDesk; it is left untouched.
    #[error("the library database was written by a newer ShopDesk (schema {found}, this version knows {supported})")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a SQLite database or SQLite reports it damaged (`NOTADB`, `CORRUPT`) while
    /// opening; it is left untouched.
    #[error("the library database file is damaged: {0}")]
    CorruptFile(String),
    #[error("corrupt library row: {0}")]
    Corrupt(String),
}

impl From<LibraryError> for shopdesk_core::AppError {
    fn from(e: LibraryError) -> Self {
        shopdesk_core::AppError::internal(e.to_string())
    }
}

pub type LibraryResult<T> = Result<T, LibraryError>;

/// Schema migrations; `user_version` = how many have run.
const MIGRATIONS: &[Migration] = &[Migration::Sql(
    r"
    CREATE TABLE library_file (
        id          INTEGER PRIMARY KEY,
        account_id  TEXT    NOT NULL,
        name        TEXT    NOT NULL,
        name_folded TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        kind        TEXT    NOT NULL,
        mime        TEXT    NOT NULL,
        sha256      TEXT    NOT NULL,
        url         TEXT    NOT NULL,
        uploaded_at INTEGER NOT NULL, -- Unix milliseconds, UTC
        UNIQUE (account_id, sha256)
    );
    CREATE INDEX library_file_uploaded ON library_file (uploaded_at DESC, id DESC);
",
)];

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How the library file is opened: WAL, `synchronous = NORMAL`, 5 s busy timeout.
const DB: Spec = Spec::new(MIGRATIONS).synchronous(Synchronous::Normal);

impl From<localdb::OpenError> for LibraryError {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                LibraryError::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => LibraryError::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => LibraryError::Db(e),
        }
    }
}

/// The library. `Send + Sync`: share it with `Arc`.
pub struct Library {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, account_id, name, size, kind, mime, sha256, url, uploaded_at";

impl Library {
    /// Open (or create) the library at `path`, in WAL mode, migrating it to the current schema. A
    /// file from a newer ShopDesk answers [`LibraryError::NewerSchema`], one that is not a database (or
    /// is damaged) [`LibraryError::CorruptFile`]; neither is modified.
    pub fn open(path: &Path) -> LibraryResult<Library> {
        Ok(Self::with(localdb::open(path, &DB)?))
    }

    /// A library that lives only as long as the value (tests, the demo workspace).
    pub fn open_in_memory() -> LibraryResult<Library> {
        Ok(Self::with(localdb::open_in_memory(&DB)?))
    }

    fn with(conn: Connection) -> Library {
        Library {
            conn: Mutex::new(conn),
        }
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // a poisoned lock only means a panic elsewhere mid-call; SQLite itself stays consistent
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The entry holding this content for this account, if any.
    pub fn find_by_hash(
        &self,
        account_id: &str,
        sha256: &str,
    ) -> LibraryResult<Option<LibraryFile>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM library_file WHERE account_id = ?1 AND sha256 = ?2"
        ))?;
        let row = stmt
            .query_row(params![account_id, sha256.to_ascii_lowercase()], raw_row)
            .optional()?;
        row.map(RawRow::into_file).transpose()
    }

    /// Record an upload. When the account already has this content, the existing entry is returned
    /// unchanged (the first URL wins).
    pub fn insert(&self, new: &NewLibraryFile) -> LibraryResult<LibraryFile> {
        let sha = new.sha256.to_ascii_lowercase();
        {
            let conn = self.conn();
            conn.execute(
                "INSERT INTO library_file
                    (account_id, name, name_folded, size, kind, mime, sha256, url, uploaded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (account_id, sha256) DO NOTHING",
                params![
                    new.account_id,
                    new.name,
                    shopdesk_core::text::fold(&new.name),
                    new.size,
                    new.kind.as_str(),
                    new.mime,
                    sha,
                    new.url,
                    new.uploaded_at.timestamp_millis(),
                ],
            )?;
        }
        self.find_by_hash(&new.account_id, &sha)?
            .ok_or_else(|| LibraryError::Corrupt("inserted row not found".into()))
    }

    pub fn get(&self, id: i64) -> LibraryResult<Option<LibraryFile>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {COLUMNS} FROM library_file WHERE id = ?1"))?;
        let row = stmt.query_row(params![id], raw_row).optional()?;
        row.map(RawRow::into_file).transpose()
    }

    /// Entries matching `filter`, newest first.
    pub fn list(&self, filter: &LibraryFilter) -> LibraryResult<Vec<LibraryFile>> {
        let search = filter
            .search
            .as_deref()
            .map(shopdesk_core::text::fold)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", escape_like(&s)));
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM library_file
             WHERE (?1 IS NULL OR account_id = ?1)
               AND (?2 IS NULL OR kind = ?2)
               AND (?3 IS NULL OR name_folded LIKE ?3 ESCAPE '\\')
             ORDER BY uploaded_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map(
            params![filter.account_id, filter.kind.map(FileKind::as_str), search],
            raw_row,
        )?;
        rows.map(|r| r.map_err(LibraryError::from).and_then(RawRow::into_file))
            .collect()
    }

    /// Forget an entry (the file stays at Onflow). `true` when something was removed.
    pub fn remove(&self, id: i64) -> LibraryResult<bool> {
        let conn = self.conn();
        Ok(conn.execute("DELETE FROM library_file WHERE id = ?1", params![id])? > 0)
    }
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

struct RawRow {
    id: i64,
    account_id: String,
    name: String,
    size: i64,
    kind: String,
    mime: String,
    sha256: String,
    url: String,
    uploaded_at: i64,
}

fn raw_row(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        size: r.get(3)?,
        kind: r.get(4)?,
        mime: r.get(5)?,
        sha256: r.get(6)?,
        url: r.get(7)?,
        uploaded_at: r.get(8)?,
    })
}

impl RawRow {
    fn into_file(self) -> LibraryResult<LibraryFile> {
        let kind = FileKind::parse(&self.kind)
            .ok_or_else(|| LibraryError::Corrupt(format!("unknown kind {:?}", self.kind)))?;
        let uploaded_at = Utc
            .timestamp_millis_opt(self.uploaded_at)
            .single()
            .ok_or_else(|| LibraryError::Corrupt(format!("bad time {}", self.uploaded_at)))?;
        Ok(LibraryFile {
            id: self.id,
            account_id: self.account_id,
            name: self.name,
            size: self.size,
            kind,
            mime: self.mime,
            sha256: self.sha256,
            url: self.url,
            uploaded_at,
        })
    }
}
