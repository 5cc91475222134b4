//! SQL of the file store (`stored_files`).
use sqlx::AnyConnection;

use super::{ImageType, sha256_hex};
use crate::Db;

/// A file as served.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredFile {
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

/// Stores a file under `name` (in the caller's transaction, beside the row that points at it).
pub async fn put(
    conn: &mut AnyConnection,
    name: &str,
    kind: ImageType,
    data: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stored_files (name, content_type, bytes, sha256, data, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(name)
    .bind(kind.content_type())
    .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
    .bind(sha256_hex(data))
    .bind(data.to_vec())
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The file called `name`, if there is one.
pub async fn get(db: &Db, name: &str) -> Result<Option<StoredFile>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, sha256, data FROM stored_files WHERE name = $1")
        .bind(name)
        .fetch_optional(db.pool())
        .await
}

/// How many files there are and how many bytes they hold.
pub async fn totals(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM stored_files",
    )
    .fetch_one(db.pool())
    .await
}

/// The outcome of [`verify`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verification {
    pub checked: u64,
    pub bytes: u64,
    /// Names whose content does not match the recorded size or digest.
    pub damaged: Vec<String>,
}

/// Reads every file and checks its size and SHA-256 against what was recorded when it was
/// stored; a few files at a time, so memory stays small whatever the number of files.
pub async fn verify(db: &Db) -> Result<Verification, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        name: String,
        bytes: i64,
        sha256: String,
        data: Vec<u8>,
    }
    let mut report = Verification::default();
    let mut after = String::new();
    loop {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT name, bytes, sha256, data FROM stored_files WHERE name > $1 ORDER BY name LIMIT 32",
        )
        .bind(&after)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.name.clone();
        for row in rows {
            report.checked += 1;
            report.bytes += row.data.len() as u64;
            if i64::try_from(row.data.len()).ok() != Some(row.bytes)
                || sha256_hex(&row.data) != row.sha256
            {
                report.damaged.push(row.name);
            }
        }
    }
    Ok(report)
}
