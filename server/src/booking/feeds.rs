//! Residents' private calendar feeds as stored: one per resident, kept as the SHA-256 of its
//! token only, so a leaked database does not leak the URLs.
use crate::{Db, accounts::session};

/// When the resident's feed was made, if they have one.
pub async fn created_at(db: &Db, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(db.pool())
        .await
}

/// Gives the resident a feed with a new token; any previous token stops working.
pub async fn replace(db: &Db, user_id: i64, token: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(session::token_hash(token))
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Turns the resident's feed off.
pub async fn delete(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The resident whose feed has this token, if any.
pub async fn owner(db: &Db, token: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(session::token_hash(token))
        .fetch_optional(db.pool())
        .await
}
