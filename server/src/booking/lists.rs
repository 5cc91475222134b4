//! Bookings read many at a time: the approval queue, a venue's calendar and report, the
//! bookings a closure would cancel, a resident's own list and calendar feed. One booking at a
//! time is read through `ledger::booking`.
use super::ledger::{BOOKING_SELECT, BookingRow};
use crate::Db;

/// Pending bookings at venues within the given regions (and below them), soonest first, at
/// most 200.
pub async fn pending_in(db: &Db, roots: &[i64]) -> Result<Vec<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE b.status = 'pending' AND v.region_id IN (SELECT descendant_id FROM region_closure \
         WHERE ancestor_id IN ({})) ORDER BY b.starts_at, b.id LIMIT 200",
        BOOKING_SELECT,
        crate::db::id_list(roots)
    ))
    .fetch_all(db.pool())
    .await
}

/// Every booking and block of the given venues overlapping `start..end`, at most 1000.
pub async fn of_venues(
    db: &Db,
    venue_ids: &[i64],
    start: i64,
    end: i64,
) -> Result<Vec<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE b.venue_id IN ({}) AND b.starts_at < $2 AND b.ends_at > $1 ORDER BY b.starts_at, b.id LIMIT 1000",
        BOOKING_SELECT,
        crate::db::id_list(venue_ids)
    ))
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await
}

/// A booking as the utilisation report counts it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UseRow {
    pub kind: String,
    pub status: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Bookings and blocks of a venue starting in `start..end` that kept their time (confirmed,
/// checked in, completed or no-show).
pub async fn used(
    db: &Db,
    venue_id: i64,
    start: i64,
    end: i64,
) -> Result<Vec<UseRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, status, starts_at, ends_at FROM bookings WHERE venue_id = $1 AND starts_at >= $2 \
         AND starts_at < $3 AND status IN ('confirmed', 'checked_in', 'completed', 'no_show')",
    )
    .bind(venue_id)
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await
}

/// Ids of the live bookings and blocks (not lottery placeholders) of the given venues
/// overlapping `start..end`: what closing the venue then would cancel.
pub async fn live_ids(
    db: &Db,
    venue_ids: &[i64],
    start: i64,
    end: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT id FROM bookings WHERE venue_id IN ({}) AND status IN ('held', 'pending', 'confirmed') \
         AND kind <> 'lottery' AND starts_at < $2 AND ends_at > $1 ORDER BY id",
        crate::db::id_list(venue_ids)
    ))
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await
}

/// A resident's live bookings that are not over yet, soonest first.
pub async fn upcoming(
    db: &Db,
    user_id: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE b.user_id = $1 AND b.kind = 'booking' AND b.ends_at > $2 \
         AND b.status IN ('held', 'pending', 'confirmed', 'checked_in') \
         ORDER BY b.starts_at, b.id LIMIT $3",
        BOOKING_SELECT
    ))
    .bind(user_id)
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// A page of a resident's bookings of any status, newest first, with ids below `before`.
pub async fn history(
    db: &Db,
    user_id: i64,
    before: i64,
    limit: i64,
) -> Result<Vec<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE b.user_id = $1 AND b.kind = 'booking' AND b.id < $2 ORDER BY b.id DESC LIMIT $3",
        BOOKING_SELECT
    ))
    .bind(user_id)
    .bind(before)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// What a resident's calendar feed lists: their bookings ending after `since`, except holds
/// (cancelled ones stay, so calendars remove them), at most 500.
pub async fn for_feed(db: &Db, user_id: i64, since: i64) -> Result<Vec<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE b.user_id = $1 AND b.kind = 'booking' AND b.ends_at > $2 AND b.status <> 'held' \
         ORDER BY b.starts_at LIMIT 500",
        BOOKING_SELECT
    ))
    .bind(user_id)
    .bind(since)
    .fetch_all(db.pool())
    .await
}
