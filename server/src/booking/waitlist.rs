//! The waitlist: when a slot frees up, it is offered to one person at a time as a held booking
//! with a time limit ([`Rules::waitlist_offer_minutes`](app::api::booking::Rules)). If they do
//! not confirm in time the hold expires (lazily on the next read, or by the periodic task) and
//! the slot moves on to the next person in line.
use app::api::booking::{BookingKind, BookingStatus, CapacityMode};

use super::{
    flows::{self, Spec},
    rules::{Request, Waivers},
    store,
    venue::Venue,
};
use crate::{
    Db,
    error::{ApiError, ApiResult},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub venue_id: i64,
    pub user_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub party_size: i64,
    pub status: String,
    pub offer_booking_id: Option<i64>,
    pub created_at: i64,
    pub venue_zh: String,
    pub venue_en: Option<String>,
    pub time_zone: String,
    pub offer_expires_at: Option<i64>,
}

pub const ENTRY_SELECT: &str = "SELECT w.id, w.venue_id, w.user_id, w.starts_at, w.ends_at, \
    w.party_size, w.status, w.offer_booking_id, w.created_at, v.name_zh AS venue_zh, \
    v.name_en AS venue_en, v.time_zone, b.hold_until AS offer_expires_at \
    FROM waitlist_entries w JOIN venues v ON v.id = w.venue_id \
    LEFT JOIN bookings b ON b.id = w.offer_booking_id";

/// Offers a freed time range to the people waiting for it, in the order they joined. Each
/// offer is a held booking taken through the ledger, so an offer can never double-book; an
/// entry whose slot is still (or again) taken is simply skipped. Failures are logged, never
/// returned: the cancellation that freed the slot has already succeeded.
pub async fn offer_freed(db: &Db, venue_id: i64, start: i64, end: i64, now: i64) {
    if let Err(e) = try_offer(db, venue_id, start, end, now).await {
        tracing::warn!(error = %e, venue_id, "waitlist offer failed");
    }
}

async fn try_offer(
    db: &Db,
    venue_id: i64,
    start: i64,
    end: i64,
    now: i64,
) -> crate::error::ApiResult<()> {
    let venues = store::overlapping_venues(db, venue_id).await?;
    let waiting: Vec<EntryRow> = sqlx::query_as(&format!(
        "{ENTRY_SELECT} WHERE w.venue_id IN ({}) AND w.status = 'waiting' AND w.starts_at < $1 \
         AND w.ends_at > $2 AND w.starts_at > $3 ORDER BY w.created_at, w.id LIMIT 20",
        crate::db::id_list(&venues)
    ))
    .bind(end)
    .bind(start)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    for entry in waiting {
        let venue = Venue::load(db, entry.venue_id).await?;
        let req = Request {
            start: entry.starts_at,
            end: entry.ends_at,
            party_size: u32::try_from(entry.party_size).unwrap_or(1),
        };
        let eligible = flows::check_not_suspended(db, entry.user_id, now)
            .await
            .is_ok()
            && flows::check_rules(db, &venue, req, Waivers { advance: true }, now)
                .await
                .is_ok();
        if !eligible {
            sqlx::query("UPDATE waitlist_entries SET status = 'expired', updated_at = $2 WHERE id = $1 AND status = 'waiting'")
                .bind(entry.id)
                .bind(now)
                .execute(db.pool())
                .await?;
            continue;
        }
        let hold_until =
            (now + i64::from(venue.rules.waitlist_offer_minutes) * 60).min(entry.starts_at);
        let spec = Spec {
            venue: &venue,
            user_id: Some(entry.user_id),
            kind: BookingKind::Booking,
            start: entry.starts_at,
            end: entry.ends_at,
            party_size: req.party_size,
            purpose: String::new(),
            status: BookingStatus::Held,
            hold_until: Some(hold_until),
            count_quota: true,
            force_hold: false,
            created_by: None,
            series_id: None,
            lottery_id: None,
            waitlist_offer: true,
        };
        let mut tx = db.begin_write().await?;
        let booking_id = match flows::insert_in_tx(&mut tx, &spec, now).await {
            Ok(id) => id,
            // Still taken (or over quota): the next person may fit another part of the range.
            Err(_) => continue,
        };
        let marked = sqlx::query(
            "UPDATE waitlist_entries SET status = 'offered', offer_booking_id = $2, updated_at = $3 \
             WHERE id = $1 AND status = 'waiting'",
        )
        .bind(entry.id)
        .bind(booking_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked == 1 {
            // The resident hears of the offer at once, on the transaction that makes it.
            if let Some(offer) = super::ledger::booking(&mut *tx, booking_id).await? {
                flows::tell_booker(
                    &mut tx,
                    &offer,
                    flows::Decided::WaitlistOffer(hold_until),
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            tracing::info!(entry = entry.id, booking_id, "waitlist offer made");
        }
    }
    Ok(())
}

/// Position in line (1 = next) of a waiting entry.
pub async fn position(db: &Db, e: &EntryRow) -> Result<u32, sqlx::Error> {
    let ahead: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM waitlist_entries WHERE venue_id = $1 AND status = 'waiting' \
         AND starts_at < $2 AND ends_at > $3 AND (created_at < $4 OR (created_at = $4 AND id < $5))",
    )
    .bind(e.venue_id)
    .bind(e.ends_at)
    .bind(e.starts_at)
    .bind(e.created_at)
    .bind(e.id)
    .fetch_one(db.pool())
    .await?;
    Ok(u32::try_from(ahead + 1).unwrap_or(1))
}

/// Whether a time range looks free to someone asking to join its waitlist. Advisory only: the
/// ledger decides at offer time, but joining the line for a free slot is almost certainly a
/// mistake, so the caller says so.
pub async fn looks_free(db: &Db, venue: &Venue, r: Request) -> Result<bool, sqlx::Error> {
    let grains = super::ledger::held_grains(&venue.rules, r.start, r.end);
    let free = match venue.rules.capacity_mode {
        CapacityMode::Whole => {
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM booking_claims WHERE space_id IN ({}) AND slot_start >= $1 AND slot_start <= $2",
                crate::db::id_list(&venue.spaces)
            ))
            .bind(grains.first().copied().unwrap_or(0))
            .bind(grains.last().copied().unwrap_or(0))
            .fetch_one(db.pool())
            .await?;
            n == 0
        }
        CapacityMode::PerPerson => {
            let full: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM slot_usage WHERE venue_id = $1 AND slot_start >= $2 AND slot_start < $3 AND used + $4 > capacity",
            )
            .bind(venue.id())
            .bind(r.start)
            .bind(r.end)
            .bind(i64::from(r.party_size))
            .fetch_one(db.pool())
            .await?;
            full == 0
        }
    };
    Ok(free)
}

/// Puts a resident in line for a time range; `None` when they are already waiting for it.
pub async fn join(
    db: &Db,
    venue_id: i64,
    user_id: i64,
    r: Request,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO waitlist_entries (venue_id, user_id, starts_at, ends_at, party_size, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(venue_id)
    .bind(user_id)
    .bind(r.start)
    .bind(r.end)
    .bind(i64::from(r.party_size))
    .bind(now)
    .fetch_optional(db.pool())
    .await
}

/// A waitlist entry (404 `waitlist_entry_not_found`).
pub async fn load(db: &Db, id: i64) -> ApiResult<EntryRow> {
    sqlx::query_as(&format!("{ENTRY_SELECT} WHERE w.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("waitlist_entry_not_found"))
}

/// A resident's entries whose time ended less than a week before `now` (at most 100).
pub async fn of_user(db: &Db, user_id: i64, now: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ENTRY_SELECT} WHERE w.user_id = $1 AND w.ends_at > $2 ORDER BY w.starts_at, w.id LIMIT 100"
    ))
    .bind(user_id)
    .bind(now - 7 * 86_400)
    .fetch_all(db.pool())
    .await
}

/// Takes an entry out of line, if it is still waiting or offered (any offered booking is the
/// caller's to cancel first).
pub async fn leave(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE waitlist_entries SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status IN ('waiting', 'offered')")
        .bind(id)
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(())
}
