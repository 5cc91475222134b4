//! SQLite: the snapshot is `VACUUM INTO` (one read transaction of the live WAL database, so
//! writers go on); the restore copies the file beside the target, checks its integrity and
//! renames it over the target.
use std::{collections::BTreeMap, path::Path, path::PathBuf, str::FromStr as _};

use anyhow::{Context as _, bail};
use sqlx::{AnyPool, any::AnyPoolOptions, sqlite::SqliteConnectOptions};

use super::{beside, quoted};
use crate::Db;

/// The snapshot's name in a backup directory.
pub const FILE: &str = "linli.db";

/// The database file an `sqlite:` URL names.
pub fn file_of(url: &str) -> anyhow::Result<PathBuf> {
    let options = SqliteConnectOptions::from_str(url).context("not a valid SQLite URL")?;
    let path = options.get_filename().to_path_buf();
    if path.as_os_str().is_empty() || path == Path::new(":memory:") {
        bail!("an in-memory SQLite database cannot be backed up or restored");
    }
    Ok(path)
}

/// A read-only pool on a database file, without the server's pragmas (nothing is written,
/// not even a WAL file).
async fn open_read_only(path: &Path) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .with_context(|| format!("cannot open {}", path.display()))
}

/// Rows of every table.
pub async fn table_rows(pool: &AnyPool) -> anyhow::Result<BTreeMap<String, i64>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    let mut rows = BTreeMap::new();
    for name in names {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quoted(&name)))
            .fetch_one(pool)
            .await?;
        rows.insert(name, n);
    }
    Ok(rows)
}

/// Writes the snapshot to `target` and counts its rows.
pub async fn snapshot(db: &Db, target: &Path) -> anyhow::Result<BTreeMap<String, i64>> {
    let path = target.to_str().context("the backup path is not UTF-8")?;
    sqlx::query("VACUUM INTO $1")
        .bind(path)
        .execute(db.pool())
        .await
        .context("VACUUM INTO failed")?;
    let copy = open_read_only(target).await?;
    let rows = table_rows(&copy).await;
    copy.close().await;
    rows
}

/// Replaces (or creates) the database file of `url` with the snapshot `file`.
pub async fn restore(url: &str, file: &Path, force: bool) -> anyhow::Result<()> {
    let target = file_of(url)?;
    if target.exists() && std::fs::metadata(&target)?.len() > 0 {
        let existing = open_read_only(&target).await?;
        let tables = table_rows(&existing).await;
        existing.close().await;
        let tables = tables?.len();
        if tables > 0 && !force {
            bail!(
                "{} already holds a database ({tables} tables): restore into a new file, or pass --force to replace it",
                target.display()
            );
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    let tmp = beside(&target, ".restoring");
    std::fs::copy(file, &tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    let check = async {
        let copy = open_read_only(&tmp).await?;
        let verdict: anyhow::Result<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&copy)
            .await
            .map_err(Into::into);
        copy.close().await;
        verdict
    };
    match check.await {
        Ok(v) if v == "ok" => {}
        other => {
            let _ = std::fs::remove_file(&tmp);
            bail!("the snapshot fails SQLite's integrity check: {other:?}");
        }
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    // The old database's journal files must not be applied to the restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let stale = beside(&target, suffix);
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove {}", stale.display()))?;
        }
    }
    std::fs::rename(&tmp, &target)
        .with_context(|| format!("cannot move the restored database to {}", target.display()))?;
    Ok(())
}
