//! `linli backup --to DIR` and `linli restore --from DIR`.
//!
//! A backup is a directory: the database snapshot (`linli.db` made by SQLite's `VACUUM INTO`,
//! or `linli.pgdump` made by `pg_dump --format=custom`) and `manifest.json`, written last, with
//! the format, Linli's version, the backend, the newest applied migration, the time, the row
//! count of every table *in the snapshot* and the size and SHA-256 of every file. Uploaded
//! files live in the database (see [`crate::files`]), so the snapshot holds them too.
//!
//! Both snapshots are consistent while the server runs and writes: `VACUUM INTO` reads one
//! transaction of the WAL database; `pg_dump` runs in the repeatable-read snapshot that this
//! module exports, in which it also counts the rows.
//!
//! A restore checks every checksum first, refuses a backup of the other backend or of a newer
//! schema, refuses a database that already has tables unless forced, restores, then compares
//! the row counts with the manifest and checks the digest of every stored file.
pub mod cli;
mod postgres;
mod sqlite;

use std::{
    collections::BTreeMap,
    io::Read as _,
    path::{Path, PathBuf},
};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};

use crate::{
    Db,
    db::{self, Backend},
};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";
/// Version of the backup layout; a restore refuses others.
pub const FORMAT: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub linli_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The newest migration applied to the database backed up.
    pub migration_version: i64,
    /// When the snapshot was taken (RFC 3339).
    pub created_at: String,
    /// What made the snapshot, e.g. `VACUUM INTO` or `pg_dump (PostgreSQL) 15.20`.
    pub tool: String,
    /// Rows of every table in the snapshot.
    pub tables: BTreeMap<String, i64>,
    /// Every file of the backup but the manifest, with its size and SHA-256.
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Relative to the backup directory.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Writes a backup of the database at `database_url` into `to` (which must be empty or new).
/// `now` is the instant recorded in the manifest (Unix seconds).
pub async fn backup(database_url: &str, to: &Path, now: i64) -> anyhow::Result<Manifest> {
    prepare_empty_dir(to)?;
    let backend = Backend::from_url(database_url)
        .context("DATABASE_URL must start with sqlite: or postgres://")?;
    if backend == Backend::Sqlite {
        let path = sqlite::file_of(database_url)?;
        if !path.exists() {
            bail!("no SQLite database at {}", path.display());
        }
    }
    let db = Db::connect(database_url).await?;
    let result = snapshot(&db, database_url, to).await;
    db.close().await;
    let (tool, tables, migration_version, file) = result?;
    let manifest = Manifest {
        format: FORMAT,
        linli_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend: backend.name().to_owned(),
        migration_version,
        created_at: jiff::Timestamp::from_second(now)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        tool,
        tables,
        files: vec![describe(to, &file)?],
    };
    let tmp = to.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec_pretty(&manifest)?)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, to.join(MANIFEST))?;
    Ok(manifest)
}

/// (tool, table rows, migration version, snapshot file name)
async fn snapshot(
    db: &Db,
    database_url: &str,
    to: &Path,
) -> anyhow::Result<(String, BTreeMap<String, i64>, i64, String)> {
    let on_disk_only = crate::files::legacy::photos_only_on_disk(db).await?;
    if on_disk_only > 0 {
        tracing::warn!(
            photos = on_disk_only,
            "feedback photos are still only on disk (uploads/feedback): start the server or run \
             `linli migrate` to move them into the database, then back up again"
        );
    }
    let migration_version = db
        .applied_migrations()
        .await?
        .into_iter()
        .max()
        .context("the database has no migrations applied: nothing to back up")?;
    match db.backend() {
        Backend::Sqlite => {
            let file = sqlite::FILE;
            let tables = sqlite::snapshot(db, &to.join(file)).await?;
            Ok((
                "VACUUM INTO".to_owned(),
                tables,
                migration_version,
                file.to_owned(),
            ))
        }
        Backend::Postgres => {
            let file = postgres::FILE;
            let (tool, tables) = postgres::snapshot(db, database_url, &to.join(file)).await?;
            Ok((tool, tables, migration_version, file.to_owned()))
        }
    }
}

fn prepare_empty_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create backup directory {}", dir.display()))?;
    if std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "backup directory {} is not empty: give a new directory for each backup",
            dir.display()
        );
    }
    Ok(())
}

/// Size and SHA-256 of a file, read in chunks.
fn describe(dir: &Path, name: &str) -> anyhow::Result<ManifestFile> {
    use sha2::{Digest, Sha256};
    let path = dir.join(name);
    let mut file =
        std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok(ManifestFile {
        path: name.to_owned(),
        bytes,
        sha256: crate::accounts::session::hex(&hasher.finalize()),
    })
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub manifest: Manifest,
    pub rows: i64,
    pub files_checked: u64,
}

/// Reads and checks a backup: the manifest, its format, and every file's size and digest.
pub fn check(from: &Path) -> anyhow::Result<Manifest> {
    let path = from.join(MANIFEST);
    let text = std::fs::read(&path).with_context(|| {
        format!(
            "no {MANIFEST} in {}: not a backup, or an unfinished one",
            from.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .with_context(|| format!("{} is not valid", path.display()))?;
    if manifest.format != FORMAT {
        bail!(
            "backup format {} is not supported (this Linli reads format {FORMAT})",
            manifest.format
        );
    }
    for f in &manifest.files {
        if f.path.contains('/') || f.path.contains("..") {
            bail!("unexpected file {} in the manifest", f.path);
        }
        let found = describe(from, &f.path)?;
        if found.bytes != f.bytes || found.sha256 != f.sha256 {
            bail!(
                "checksum mismatch for {}: the backup is damaged (expected {} bytes, SHA-256 {}; found {} bytes, {})",
                f.path,
                f.bytes,
                f.sha256,
                found.bytes,
                found.sha256
            );
        }
    }
    Ok(manifest)
}

/// Restores the backup in `from` into the database at `database_url`. Stop every server that
/// uses that database first.
pub async fn restore(database_url: &str, from: &Path, force: bool) -> anyhow::Result<Restored> {
    let manifest = check(from)?;
    let backend = Backend::from_url(database_url)
        .context("DATABASE_URL must start with sqlite: or postgres://")?;
    if manifest.backend != backend.name() {
        bail!(
            "this is a {} backup; it cannot be restored into {}",
            manifest.backend,
            backend.name()
        );
    }
    let newest = db::migration_versions(backend)
        .into_iter()
        .max()
        .unwrap_or(0);
    if manifest.migration_version > newest {
        bail!(
            "the backup comes from a newer Linli (migration {}; this one knows up to {newest}): restore it with that release or a newer one",
            manifest.migration_version
        );
    }
    let file = manifest
        .files
        .first()
        .map(|f| from.join(&f.path))
        .context("the manifest lists no database file")?;
    match backend {
        Backend::Sqlite => sqlite::restore(database_url, &file, force).await?,
        Backend::Postgres => postgres::restore(database_url, &file, force).await?,
    }
    let db = Db::connect(database_url).await?;
    let result = verify_restored(&db, &manifest).await;
    db.close().await;
    let (rows, files_checked) = result?;
    Ok(Restored {
        manifest,
        rows,
        files_checked,
    })
}

/// Compares the restored tables with the manifest and checks every stored file.
async fn verify_restored(db: &Db, manifest: &Manifest) -> anyhow::Result<(i64, u64)> {
    let tables = match db.backend() {
        Backend::Sqlite => sqlite::table_rows(db.pool()).await?,
        Backend::Postgres => {
            let mut conn = db.pool().acquire().await?;
            postgres::table_rows(&mut conn).await?
        }
    };
    let differ: Vec<String> = manifest
        .tables
        .iter()
        .filter(|(t, n)| tables.get(*t) != Some(n))
        .map(|(t, n)| format!("{t}: {n} in the backup, {:?} restored", tables.get(t)))
        .collect();
    if !differ.is_empty() {
        bail!(
            "the restored database differs from the backup: {}",
            differ.join("; ")
        );
    }
    let files = crate::files::store::verify(db).await?;
    if !files.damaged.is_empty() {
        bail!(
            "{} stored files do not match their SHA-256: {}",
            files.damaged.len(),
            files.damaged.join(", ")
        );
    }
    Ok((tables.values().sum(), files.checked))
}

/// Double-quotes an identifier for SQL.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A path next to `path` with a suffix added to its file name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}
