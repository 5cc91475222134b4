//! Reminders residents see before a confirmed booking: which are due, and dismissing one.
//! They are added with the booking (`ledger::add_reminder`) and sent by the periodic task.
use crate::Db;

/// A due reminder with what the resident needs to recognise the booking.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueRow {
    pub id: i64,
    pub booking_id: i64,
    pub venue_id: i64,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub starts_at: i64,
    pub remind_at: i64,
    pub time_zone: String,
}

/// A resident's reminders that are due and not dismissed, for confirmed bookings that have not
/// started; soonest first, at most 50.
pub async fn due(db: &Db, user_id: i64, now: i64) -> Result<Vec<DueRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.booking_id, b.venue_id, v.name_zh, v.name_en, b.starts_at, r.remind_at, v.time_zone \
         FROM booking_reminders r JOIN bookings b ON b.id = r.booking_id JOIN venues v ON v.id = b.venue_id \
         WHERE r.user_id = $1 AND r.dismissed_at IS NULL AND r.remind_at <= $2 AND b.starts_at > $2 \
         AND b.status = 'confirmed' ORDER BY b.starts_at LIMIT 50",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// Dismisses one of the resident's reminders; `false` when they have no such reminder.
pub async fn dismiss(db: &Db, id: i64, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE booking_reminders SET dismissed_at = $3 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(n != 0)
}
