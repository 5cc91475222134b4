//! Feedback photos written to disk before files moved into the database.
//!
//! Earlier versions kept them under `<data_dir>/uploads/feedback/<name>`. At every start (and
//! by `linli migrate`) the photos that the database names but does not hold yet are read from
//! there and stored; the files on disk are left alone, so the operator removes the directory
//! once `linli files verify` is content. A photo whose file is gone is reported and skipped:
//! its case answers 404 for that photo, as it did before.
use std::path::Path;

use super::{ImageType, image};
use crate::Db;

/// What [`import_feedback_photos`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub imported: u64,
    /// Photos the database lists whose file is missing or unreadable.
    pub missing: u64,
}

/// Stores every feedback photo that is still only on disk. Idempotent; safe while other
/// instances do the same (a photo stored twice keeps the first copy).
pub async fn import_feedback_photos(db: &Db, data_dir: &Path) -> Result<Imported, sqlx::Error> {
    let dir = crate::feedback::photos::dir(data_dir);
    let mut done = Imported::default();
    let mut after = 0_i64;
    loop {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT p.id, p.file_name, p.created_at FROM feedback_photos p WHERE p.id > $1 AND NOT EXISTS \
             (SELECT 1 FROM stored_files f WHERE f.name = 'feedback/' || p.file_name) \
             ORDER BY p.id LIMIT 100",
        )
        .bind(after)
        .fetch_all(db.pool())
        .await?;
        let Some((last, _, _)) = rows.last() else {
            break;
        };
        after = *last;
        for (_, file_name, created_at) in rows {
            let bytes = if crate::feedback::photos::is_safe_name(&file_name) {
                tokio::fs::read(dir.join(&file_name)).await.ok()
            } else {
                None
            };
            let Some((kind, bytes)) = bytes.and_then(|b| {
                let kind = image::sniff(&b)?;
                Some((kind, b))
            }) else {
                tracing::warn!(file = %file_name, "feedback photo missing on disk; not imported");
                done.missing += 1;
                continue;
            };
            store(db, &file_name, kind, &bytes, created_at).await?;
            done.imported += 1;
        }
    }
    if done.imported > 0 || done.missing > 0 {
        tracing::info!(
            imported = done.imported,
            missing = done.missing,
            "feedback photos imported from disk into the database"
        );
    }
    Ok(done)
}

async fn store(
    db: &Db,
    file_name: &str,
    kind: ImageType,
    bytes: &[u8],
    created_at: i64,
) -> Result<(), sqlx::Error> {
    let name = crate::feedback::photos::stored_name(file_name);
    sqlx::query(
        "INSERT INTO stored_files (name, content_type, bytes, sha256, data, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
    )
    .bind(&name)
    .bind(kind.content_type())
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(super::sha256_hex(bytes))
    .bind(bytes.to_vec())
    .bind(created_at)
    .execute(db.pool())
    .await
    .map(|_| ())
}

/// Feedback photos the database names but does not hold (not imported yet, or lost).
pub async fn photos_only_on_disk(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM feedback_photos p WHERE NOT EXISTS \
         (SELECT 1 FROM stored_files f WHERE f.name = 'feedback/' || p.file_name)",
    )
    .fetch_one(db.pool())
    .await
}
