//! SQL of notifications and the outbox.
use sqlx::AnyConnection;

use super::{Notice, outbox::Channel};
use crate::Db;

#[derive(Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub title_zh: String,
    pub title_en: Option<String>,
    pub body_zh: String,
    pub body_en: Option<String>,
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub async fn insert(conn: &mut AnyConnection, n: &Notice, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, created_at, kind, title_zh, title_en, body_zh, body_en, link) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(n.user_id)
    .bind(now)
    .bind(n.kind)
    .bind(&n.title.zh)
    .bind(n.title.en.as_deref())
    .bind(&n.body.zh)
    .bind(n.body.en.as_deref())
    .bind(n.link.as_deref())
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn enqueue(
    conn: &mut AnyConnection,
    channel: Channel,
    user_id: i64,
    kind: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_outbox (channel, user_id, kind, body, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(channel.as_str())
    .bind(user_id)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Queues a message to an explicit address (a phone that may have no account yet).
pub async fn enqueue_to_address(
    conn: &mut AnyConnection,
    channel: Channel,
    address: &str,
    kind: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_outbox (channel, address, kind, body, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A page of a user's notifications, newest first.
pub async fn page(
    db: &Db,
    user_id: i64,
    unread_only: bool,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT id, kind, title_zh, title_en, body_zh, body_en, link, created_at, read_at \
         FROM notifications WHERE user_id = $1",
    );
    if unread_only {
        sql.push_str(" AND read_at IS NULL");
    }
    if let Some(before) = before {
        sql.push_str(&format!(" AND id < {before}"));
    }
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit + 1));
    sqlx::query_as(&sql)
        .bind(user_id)
        .fetch_all(db.pool())
        .await
}

pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(db.pool())
    .await
}

/// Marks one notification read; false when it is not the user's.
pub async fn mark_read(db: &Db, user_id: i64, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM notifications WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.pool())
            .await?;
    if found.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(true)
}

pub async fn mark_all_read(db: &Db, user_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}

/// Notifications are the user's own messages: an account deletion removes them.
pub async fn delete_of_user(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM notifications WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM notification_outbox WHERE user_id = $1 AND status = 'pending'")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM notification_preferences WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Outside messages waiting to go out: how many, and how long the oldest has been due
/// (seconds at `now`; 0 when none). For the metrics.
pub async fn outbox_backlog(db: &Db, now: i64) -> Result<(i64, i64), sqlx::Error> {
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), MIN(next_attempt_at) FROM notification_outbox \
         WHERE status = 'pending'",
    )
    .fetch_one(db.pool())
    .await?;
    Ok((count, oldest.map_or(0, |t| (now - t).max(0))))
}
