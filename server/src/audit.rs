//! The audit log: staff actions and every view of unmasked personal data.
use sqlx::{Any, Executor};

/// One thing to record. `detail` must not contain personal data (names, phones).
pub struct Event<'a> {
    pub actor: Option<i64>,
    pub action: &'a str,
    pub subject: String,
    pub region: Option<i64>,
    pub detail: String,
}

pub async fn record<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    event: Event<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, subject, region_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now)
    .bind(event.actor)
    .bind(event.action)
    .bind(event.subject)
    .bind(event.region)
    .bind(event.detail)
    .execute(conn)
    .await
    .map(|_| ())
}
