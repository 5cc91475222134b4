//! Stored answers to requests sent with an `Idempotency-Key`, so that a retried booking is
//! answered as the first one was instead of booking twice. Old keys are purged by the
//! periodic task (`tasks::purge_idempotency_keys`).
use sqlx::AnyConnection;

use crate::Db;

/// The answer stored for a key, with the hash of the request that made it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stored {
    pub request_hash: String,
    pub status: i64,
    pub response: String,
}

/// The answer stored for a resident's key, if any.
pub async fn stored(db: &Db, user_id: i64, key: &str) -> Result<Option<Stored>, sqlx::Error> {
    sqlx::query_as(
        "SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(db.pool())
    .await
}

/// Stores the answer for a key inside the transaction that made it, so the booking and the
/// key are committed together or not at all.
pub async fn remember(
    conn: &mut AnyConnection,
    user_id: i64,
    key: &str,
    hash: &str,
    status: u16,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(key)
    .bind(hash)
    .bind(i64::from(status))
    .bind(body)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
