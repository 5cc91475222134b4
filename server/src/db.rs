//! The database handle: one pool over SQLite or PostgreSQL, chosen by the URL.
//!
//! Queries are written once in portable SQL with `$1` placeholders (SQLite accepts them too)
//! and run through sqlx's `Any` driver. Instants are stored as Unix seconds (`BIGINT`), dates as
//! `YYYY-MM-DD` text, so both backends compare and index them the same way.
mod sql;

use std::{borrow::Cow, time::Duration};

use sqlx::{
    Any, AnyPool, Transaction,
    any::AnyPoolOptions,
    migrate::{Migration, MigrationType, Migrator},
};

pub use sql::{Arg, Sql};

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The name reported by `/api/v1/health`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// A cheap-to-clone handle on the connection pool.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// A few connections of their own for the reads behind every view of a cached page (the
    /// versions, the load after a miss): at the release rush, bookings waiting for their turn
    /// to write hold the main pool's connections, and these reads must not queue behind them.
    reads: AnyPool,
    backend: Backend,
}

/// Pragmas every SQLite connection gets: write-ahead log so readers never block the writer,
/// enforced foreign keys, and a busy timeout so writers queue instead of failing.
const SQLITE_PRAGMAS: [&str; 4] = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA synchronous = NORMAL",
];

impl Db {
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| {
            sqlx::Error::Configuration("DATABASE_URL must start with sqlite: or postgres://".into())
        })?;
        let url = match backend {
            Backend::Sqlite => sqlite_url(url).map_err(|e| sqlx::Error::Configuration(e.into()))?,
            Backend::Postgres => url.to_owned(),
        };
        let url = url.as_str();
        let pool = pool_options(backend, 8, 16).connect(url).await?;
        // An in-memory SQLite database exists once per pool: it cannot have a second one.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let reads = if in_memory {
            pool.clone()
        } else {
            pool_options(backend, 2, 4).connect_lazy(url)?
        };
        Ok(Self {
            pool,
            reads,
            backend,
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// This database through the connections kept for reads (see the field): for the short
    /// reads of cached pages only, never for writes.
    pub fn for_reads(&self) -> Self {
        Self {
            pool: self.reads.clone(),
            reads: self.reads.clone(),
            backend: self.backend,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the embedded migrations of this backend (the schema only: [`crate::migrate`]
    /// also loads the reference data and upgrades stored rows).
    pub async fn migrate_schema(&self) -> anyhow::Result<()> {
        migrator(self.backend).run(&self.pool).await?;
        Ok(())
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so it waits its turn under the busy timeout instead of failing with
    /// `SQLITE_BUSY` when it later upgrades from reading to writing.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Versions of the migrations applied successfully to this database (none on a new one).
    pub async fn applied_migrations(&self) -> Result<Vec<i64>, sqlx::Error> {
        let exists: i64 = match self.backend {
            Backend::Sqlite => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
                )
                .fetch_one(&self.pool)
                .await?
            }
            Backend::Postgres => {
                sqlx::query_scalar(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
                )
                .fetch_one(&self.pool)
                .await?
            }
        };
        if exists == 0 {
            return Ok(Vec::new());
        }
        sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
    }

    pub async fn close(&self) {
        self.reads.close().await;
        self.pool.close().await;
    }
}

/// A pool of at most `sqlite` or `postgres` connections, set up as every connection must be.
fn pool_options(backend: Backend, sqlite: u32, postgres: u32) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(5))
        .max_connections(match backend {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        });
    match backend {
        Backend::Sqlite => options.after_connect(|conn, _meta| {
            Box::pin(async move {
                for pragma in SQLITE_PRAGMAS {
                    sqlx::query(pragma).execute(&mut *conn).await?;
                }
                Ok(())
            })
        }),
        Backend::Postgres => options,
    }
}

/// Formats trusted integer ids for an `IN (…)` list (ids are numbers, never user text).
pub fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// An SQLite URL that creates its file when missing (`mode=rwc`, unless the URL sets a mode),
/// after checking that the file's directory exists and is writable, so that an operator gets a
/// message naming the directory instead of "unable to open database file".
pub fn sqlite_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.split('&').any(|p| p == "mode=memory") {
        return Ok(url.to_owned());
    }
    let file = std::path::Path::new(path);
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "the directory of the SQLite database does not exist: {} (create it, or choose another path)",
            dir.display()
        ));
    }
    if !file.exists() {
        let probe = dir.join(format!(".linli-write-check-{}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) => {
                return Err(format!(
                    "cannot create the SQLite database in {}: {e}",
                    dir.display()
                ));
            }
        }
    }
    if query.split('&').any(|p| p.starts_with("mode=")) {
        Ok(url.to_owned())
    } else if query.is_empty() {
        Ok(format!("{url}?mode=rwc"))
    } else {
        Ok(format!("{url}&mode=rwc"))
    }
}

/// A short hex digest of every embedded migration of `backend` and of the reference data
/// loaded after them (`reference`): equal digests mean equal new databases.
pub fn schema_fingerprint(backend: Backend, reference: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(reference);
    for m in migrator(backend).iter() {
        hash.update(m.version.to_le_bytes());
        hash.update(&m.checksum);
    }
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Forward-only migrations, embedded in the binary. Each backend has its own folder with the
/// same file names, so the versions line up.
macro_rules! migrations {
    ($($version:literal => $file:literal),* $(,)?) => {
        fn migrator(backend: Backend) -> Migrator {
            let migrations = match backend {
                Backend::Sqlite => vec![$(migration($version, $file,
                    include_str!(concat!("../migrations/sqlite/", $file, ".sql")))),*],
                Backend::Postgres => vec![$(migration($version, $file,
                    include_str!(concat!("../migrations/postgres/", $file, ".sql")))),*],
            };
            Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
        }
    };
}

/// Versions of the migrations built into this binary, in order.
pub fn migration_versions(backend: Backend) -> Vec<i64> {
    migrator(backend).iter().map(|m| m.version).collect()
}

fn migration(version: i64, name: &'static str, sql: &'static str) -> Migration {
    Migration::new(
        version,
        Cow::Borrowed(name),
        MigrationType::Simple,
        Cow::Borrowed(sql),
        false,
    )
}

migrations! {
    1 => "0001_regions",
    2 => "0002_accounts",
    3 => "0003_calendar",
    4 => "0004_directory",
    5 => "0005_booking",
    6 => "0006_feedback",
    7 => "0007_open311",
    8 => "0008_reminder_delivery",
    12 => "0012_stored_files",
    13 => "0013_reference_data",
    14 => "0014_open311_placement",
    15 => "0015_region_boundaries",
    16 => "0016_availability_versions",
    17 => "0017_directory_version",
    18 => "0018_case_versions",
    19 => "0019_venue_summary_versions",
    20 => "0020_search_log",
    21 => "0021_auth_codes",
    22 => "0022_supporter_accounts",
    23 => "0023_contact_channels",
    24 => "0024_family_proxies",
    25 => "0025_case_details_and_flags",
    26 => "0026_activities",
    27 => "0027_volunteers",
    28 => "0028_activity_photos",
    29 => "0029_venue_ledger_versions",
    30 => "0030_timeline_texts",
    31 => "0031_own_cancel_reason",
    32 => "0032_search_misses_by_district",
    33 => "0033_audit_detail_codes",
    34 => "0034_deleted_account_name",
    35 => "0035_region_changes_rebuild_search",
    36 => "0036_audit_uncoded_details",
    37 => "0037_booking_reason_en",
    38 => "0038_hidden_reason_en",
    39 => "0039_lottery_purpose",
    40 => "0040_directory_notify",
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_urls_create_their_file_and_name_a_missing_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("linli.db");
        let url = format!("sqlite://{}", file.display());
        assert_eq!(super::sqlite_url(&url), Ok(format!("{url}?mode=rwc")));
        assert_eq!(
            super::sqlite_url(&format!("{url}?mode=ro")),
            Ok(format!("{url}?mode=ro"))
        );
        let missing = dir.path().join("nowhere/linli.db");
        let err =
            super::sqlite_url(&format!("sqlite://{}", missing.display())).expect_err("missing");
        assert!(
            err.contains(&dir.path().join("nowhere").display().to_string()),
            "{err}"
        );
    }
}
