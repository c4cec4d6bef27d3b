//! SQLite cache of the vendors' geo lists, in its own file (e.g. `geo-cache.sqlite`).
//!
//! One row per fetched list, keyed by (vendor, account, model, level, parent id); the list is
//! stored as JSON with the time it was fetched. Rows older than the TTL are ignored (and
//! overwritten by the next fetch). The file is a pure cache, opened through `localdb`: when its schema
//! version is older than the one this code writes, the table is dropped and rebuilt; a newer one (a newer ShopDesk) is
//! refused with [`Error::NewerSchema`] and a file that is not a database with [`Error::CorruptFile`],
//! both left untouched.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use geo::{Level, VendorUnit};
use localdb::{Migration, Spec};
use rusqlite::{params, Connection, OptionalExtension};
use shopdesk_core::Vendor;

use crate::{Error, Model};

/// The cache's schema steps (run by `localdb`). A pure cache: a step never converts rows, it drops
/// and re-creates what it changes (the next fetch fills it again), so a later version appends a step
/// that drops `geo_lists` and creates it anew.
const MIGRATIONS: &[Migration] = &[Migration::Sql(
    "DROP TABLE IF EXISTS geo_lists;
     CREATE TABLE geo_lists (
         vendor      TEXT NOT NULL,
         account_id  TEXT NOT NULL,
         model       TEXT NOT NULL,
         level       TEXT NOT NULL,
         parent_id   TEXT NOT NULL,
         units_json  TEXT NOT NULL,
         fetched_at  TEXT NOT NULL,
         PRIMARY KEY (vendor, account_id, model, level, parent_id)
     );",
)];

/// Schema version stored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How the cache file is opened: SQLite's rollback journal and defaults (a small cache, written
/// rarely), 5 s busy timeout.
const DB: Spec = Spec::new(MIGRATIONS).without_wal();

impl From<localdb::OpenError> for Error {
    fn from(e: localdb::OpenError) -> Self {
        match e {
            localdb::OpenError::NewerSchema { found, supported } => {
                Error::NewerSchema { found, supported }
            }
            localdb::OpenError::Corrupt(why) => Error::CorruptFile(why),
            localdb::OpenError::Sqlite(e) => Error::Cache(e),
        }
    }
}

/// Default time a fetched list is trusted (vendors change their geo lists rarely).
pub const DEFAULT_TTL_DAYS: i64 = 30;

/// Identifies one fetched list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKey<'a> {
    pub vendor: Vendor,
    pub account_id: &'a str,
    pub model: Model,
    pub level: Level,
    /// The vendor id of the parent the list was fetched under (`None` for provinces).
    pub parent_id: Option<&'a str>,
}

/// The geo-list cache. Cheap to share behind an `Arc`; every call locks briefly and never across
/// an `.await`.
pub struct GeoCache {
    conn: Mutex<Connection>,
    ttl: Duration,
}

impl std::fmt::Debug for GeoCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoCache").field("ttl", &self.ttl).finish()
    }
}

fn level_str(level: Level) -> &'static str {
    match level {
        Level::Province => "province",
        Level::District => "district",
        Level::Ward => "ward",
    }
}

impl GeoCache {
    /// Opens (or creates) the cache file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<GeoCache, Error> {
        Ok(Self::with(localdb::open(path, &DB)?))
    }

    /// A cache that lives only as long as this value (tests, the demo workspace).
    pub fn open_in_memory() -> Result<GeoCache, Error> {
        Ok(Self::with(localdb::open_in_memory(&DB)?))
    }

    fn with(conn: Connection) -> GeoCache {
        GeoCache {
            conn: Mutex::new(conn),
            ttl: Duration::days(DEFAULT_TTL_DAYS),
        }
    }

    /// Changes how long a fetched list is trusted.
    pub fn with_ttl(mut self, ttl: Duration) -> GeoCache {
        self.ttl = ttl;
        self
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the connection half-written (each call is
        // one statement), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cached list when present and younger than the TTL at `now`.
    pub fn get(
        &self,
        key: &ListKey<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<VendorUnit>>, Error> {
        let row: Option<(String, String)> = self
            .lock()
            .query_row(
                "SELECT units_json, fetched_at FROM geo_lists
                 WHERE vendor = ?1 AND account_id = ?2 AND model = ?3 AND level = ?4 AND parent_id = ?5",
                params![
                    key.vendor.as_str(),
                    key.account_id,
                    key.model.as_str(),
                    level_str(key.level),
                    key.parent_id.unwrap_or(""),
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((json, fetched_at)) = row else {
            return Ok(None);
        };
        let fresh = DateTime::parse_from_rfc3339(&fetched_at)
            .map(|t| now.signed_duration_since(t.with_timezone(&Utc)) < self.ttl)
            .unwrap_or(false);
        if !fresh {
            return Ok(None);
        }
        // An unreadable row is treated as missing: it is refetched and overwritten.
        Ok(serde_json::from_str(&json).ok())
    }

    /// Stores a freshly fetched list.
    pub fn put(
        &self,
        key: &ListKey<'_>,
        units: &[VendorUnit],
        fetched_at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let json = serde_json::to_string(units)?;
        self.lock().execute(
            "INSERT INTO geo_lists (vendor, account_id, model, level, parent_id, units_json, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (vendor, account_id, model, level, parent_id)
             DO UPDATE SET units_json = excluded.units_json, fetched_at = excluded.fetched_at",
            params![
                key.vendor.as_str(),
                key.account_id,
                key.model.as_str(),
                level_str(key.level),
                key.parent_id.unwrap_or(""),
                json,
                fetched_at.to_rfc3339(),
            ],
        )?;
        Ok(())
    }

    /// Drops every cached list of one vendor account, so the next resolution refetches.
    /// Returns the number of lists dropped.
    pub fn refresh(&self, vendor: Vendor, account_id: &str) -> Result<usize, Error> {
        Ok(self.lock().execute(
            "DELETE FROM geo_lists WHERE vendor = ?1 AND account_id = ?2",
            params![vendor.as_str(), account_id],
        )?)
    }

    /// Number of cached lists (fresh or not) of one vendor account.
    pub fn count(&self, vendor: Vendor, account_id: &str) -> Result<usize, Error> {
        let n: i64 = self.lock().query_row(
            "SELECT COUNT(*) FROM geo_lists WHERE vendor = ?1 AND account_id = ?2",
            params![vendor.as_str(), account_id],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(account: &'static str, parent: Option<&'static str>) -> ListKey<'static> {
        ListKey {
            vendor: Vendor::Pancake,
            account_id: account,
            model: Model::Legacy,
            level: Level::District,
            parent_id: parent,
        }
    }

    fn units() -> Vec<VendorUnit> {
        vec![VendorUnit {
            id: "10102".into(),
            name: "Quận Hoàn Kiếm".into(),
            parent_id: Some("101".into()),
            level: Level::District,
        }]
    }

    #[test]
    fn entries_expire_after_the_ttl() -> Result<(), Error> {
        let c = GeoCache::open_in_memory()?;
        let t0 = Utc::now();
        c.put(&key("a", Some("101")), &units(), t0)?;
        assert_eq!(c.get(&key("a", Some("101")), t0)?, Some(units()));
        assert_eq!(c.get(&key("a", Some("701")), t0)?, None, "other parent");
        assert_eq!(c.get(&key("b", Some("101")), t0)?, None, "other account");
        let later = t0 + Duration::days(DEFAULT_TTL_DAYS) - Duration::seconds(1);
        assert!(c.get(&key("a", Some("101")), later)?.is_some());
        let expired = t0 + Duration::days(DEFAULT_TTL_DAYS);
        assert_eq!(c.get(&key("a", Some("101")), expired)?, None);
        // a refetch overwrites the row
        c.put(&key("a", Some("101")), &units(), expired)?;
        assert!(c.get(&key("a", Some("101")), expired)?.is_some());
        assert_eq!(c.count(Vendor::Pancake, "a")?, 1);
        Ok(())
    }

    #[test]
    fn refresh_drops_only_that_account() -> Result<(), Error> {
        let c = GeoCache::open_in_memory()?;
        let now = Utc::now();
        c.put(&key("a", None), &units(), now)?;
        c.put(&key("a", Some("101")), &units(), now)?;
        c.put(&key("b", None), &units(), now)?;
        assert_eq!(c.refresh(Vendor::Nhanh, "a")?, 0, "other vendor");
        assert_eq!(c.refresh(Vendor::Pancake, "a")?, 2);
        assert_eq!(c.get(&key("a", None), now)?, None);
        assert!(c.get(&key("b", None), now)?.is_some());
        Ok(())
    }

    #[test]
    fn an_unreadable_row_is_a_miss() -> Result<(), Error> {
        let c = GeoCache::open_in_memory()?;
        let now = Utc::now();
        c.put(&key("a", None), &units(), now)?;
        c.lock()
            .execute("UPDATE geo_lists SET units_json = '{broken'", [])?;
        assert_eq!(c.get(&key("a", None), now)?, None);
        c.lock().execute(
            "UPDATE geo_lists SET units_json = '[]', fetched_at = 'x'",
            [],
        )?;
        assert_eq!(c.get(&key("a", None), now)?, None);
        Ok(())
    }
}
