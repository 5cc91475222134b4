//! The booking ledger: booking rows and the three things the database guarantees about them.
//!
//! 1. **No double booking.** A booking that keeps its slot owns one `booking_claims` row per
//!    (indivisible space, 30-minute grain), buffer included. The primary key makes a second
//!    claim a unique violation on SQLite and PostgreSQL alike, answered 409 `slot_taken`. Claims
//!    are inserted in ascending (space, grain) order so concurrent transactions never deadlock.
//! 2. **Per-person places.** `slot_usage.used` is raised with a conditional
//!    `UPDATE … WHERE used + n <= capacity` that must touch one row per grain; the table's CHECK
//!    is the backstop.
//! 3. **Weekly quotas.** The same conditional update on `booking_quotas`, 422 `rule_quota`.
//!
//! Nothing here reads and then decides to write: the write itself is the check. Every write
//! transaction takes locks in the same order: the booking row, the quota row, then claims or
//! places.
use app::api::booking::{BookingKind, BookingStatus, CapacityMode, Rules};
use rand::Rng;
use sqlx::{Any, AnyConnection, Executor};

use super::rules;
use crate::error::{ApiError, ApiResult, Problem, is_unique_violation};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub venue_id: i64,
    pub user_id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub party_size: i64,
    pub purpose: String,
    pub entry_code: Option<String>,
    pub rules: String,
    pub holds_slot: i64,
    pub quota_week: Option<String>,
    pub quota_units: i64,
    pub hold_until: Option<i64>,
    pub series_id: Option<i64>,
    pub lottery_id: Option<i64>,
    pub waitlist_offer: i64,
    pub created_at: i64,
    pub owner_approved_at: Option<i64>,
    pub reason: Option<String>,
    /// The English of a reason Linli gave itself (none for words staff or a resident typed).
    pub reason_en: Option<String>,
    pub checked_in_at: Option<i64>,
    pub venue_zh: String,
    pub venue_en: Option<String>,
    pub region_id: i64,
    pub time_zone: String,
    pub needs_owner_approval: i64,
    pub booker_name: Option<crate::accounts::PersonName>,
    pub booker_phone: Option<String>,
}

impl crate::audit::Subject for BookingRow {
    fn subject(&self) -> String {
        format!("booking:{}", self.id)
    }

    fn region(&self) -> Option<i64> {
        Some(self.region_id)
    }
}

impl BookingRow {
    pub fn status(&self) -> BookingStatus {
        BookingStatus::parse(&self.status).unwrap_or(BookingStatus::Expired)
    }

    pub fn kind(&self) -> BookingKind {
        BookingKind::parse(&self.kind).unwrap_or(BookingKind::Booking)
    }

    /// The rules frozen onto the booking when it was made.
    pub fn frozen_rules(&self) -> ApiResult<Rules> {
        serde_json::from_str(&self.rules)
            .map_err(|e| ApiError::Internal(format!("booking {} rules: {e}", self.id)))
    }

    pub fn tz(&self) -> jiff::tz::TimeZone {
        crate::time::tz(&self.time_zone)
    }

    pub fn party(&self) -> i64 {
        self.party_size
    }
}

pub const BOOKING_SELECT: &str = "SELECT b.id, b.venue_id, b.user_id, b.kind, b.status, \
    b.starts_at, b.ends_at, b.party_size, b.purpose, b.entry_code, b.rules, b.holds_slot, \
    b.quota_week, b.quota_units, b.hold_until, b.series_id, b.lottery_id, b.waitlist_offer, \
    b.created_at, b.owner_approved_at, b.reason, b.reason_en, b.checked_in_at, v.name_zh AS venue_zh, \
    v.name_en AS venue_en, v.region_id, v.time_zone, v.needs_owner_approval, \
    u.display_name AS booker_name, u.phone AS booker_phone \
    FROM bookings b JOIN venues v ON v.id = b.venue_id LEFT JOIN users u ON u.id = b.user_id";

pub async fn booking<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    id: i64,
) -> Result<Option<BookingRow>, sqlx::Error> {
    sqlx::query_as(&format!("{BOOKING_SELECT} WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A booking row to insert.
#[derive(Debug, Clone)]
pub struct NewRow {
    pub venue_id: i64,
    pub user_id: Option<i64>,
    pub kind: BookingKind,
    pub status: BookingStatus,
    pub start: i64,
    pub end: i64,
    pub party_size: u32,
    pub purpose: String,
    pub rules_json: String,
    pub hold_until: Option<i64>,
    pub series_id: Option<i64>,
    pub lottery_id: Option<i64>,
    pub waitlist_offer: bool,
    pub created_by: Option<i64>,
    pub reason: Option<String>,
}

/// Eight random digits; unique per venue.
pub fn new_entry_code() -> String {
    format!("{:08}", rand::rng().random_range(0..100_000_000u32))
}

/// Inserts a booking. Entry codes are drawn until one is free at the venue: `ON CONFLICT DO
/// NOTHING` keeps the transaction usable on PostgreSQL, where an error would abort it.
pub async fn insert(conn: &mut AnyConnection, row: &NewRow, now: i64) -> ApiResult<i64> {
    for _ in 0..8 {
        let code = (row.kind == BookingKind::Booking).then(new_entry_code);
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO bookings (venue_id, user_id, kind, status, starts_at, ends_at, party_size, \
             purpose, entry_code, rules, hold_until, series_id, lottery_id, waitlist_offer, \
             created_at, created_by, reason, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $15) \
             ON CONFLICT (venue_id, entry_code) DO NOTHING RETURNING id",
        )
        .bind(row.venue_id)
        .bind(row.user_id)
        .bind(row.kind.as_str())
        .bind(row.status.as_str())
        .bind(row.start)
        .bind(row.end)
        .bind(i64::from(row.party_size))
        .bind(&row.purpose)
        .bind(code)
        .bind(&row.rules_json)
        .bind(row.hold_until)
        .bind(row.series_id)
        .bind(row.lottery_id)
        .bind(i64::from(row.waitlist_offer))
        .bind(now)
        .bind(row.created_by)
        .bind(&row.reason)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = id {
            return Ok(id);
        }
    }
    Err(ApiError::Internal(
        "no free entry code after 8 draws".into(),
    ))
}

/// Takes `units` of a weekly quota, or 422 `rule_quota`: one conditional update, serialised by
/// the row lock, so concurrent requests cannot both take the last unit.
pub async fn take_quota(
    conn: &mut AnyConnection,
    venue_id: i64,
    user_id: i64,
    week: &str,
    units: i64,
    limit: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO booking_quotas (venue_id, user_id, week, used, quota_limit) VALUES ($1, $2, $3, 0, $4) \
         ON CONFLICT (venue_id, user_id, week) DO NOTHING",
    )
    .bind(venue_id)
    .bind(user_id)
    .bind(week)
    .bind(limit)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "UPDATE booking_quotas SET used = used + $4, quota_limit = $5 \
         WHERE venue_id = $1 AND user_id = $2 AND week = $3 AND used + $4 <= $5",
    )
    .bind(venue_id)
    .bind(user_id)
    .bind(week)
    .bind(units)
    .bind(limit)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 1 {
        Ok(())
    } else {
        Err(ApiError::Invalid(
            Problem::new("rule_quota")
                .field("start")
                .param("week", week),
        ))
    }
}

async fn return_quota(conn: &mut AnyConnection, b: &BookingRow) -> Result<(), sqlx::Error> {
    if let (Some(week), Some(user), true) = (&b.quota_week, b.user_id, b.quota_units > 0) {
        sqlx::query(
            "UPDATE booking_quotas SET used = used - $4 WHERE venue_id = $1 AND user_id = $2 AND week = $3",
        )
        .bind(b.venue_id)
        .bind(user)
        .bind(week)
        .bind(b.quota_units)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Records on the booking which quota it counts against.
pub async fn set_quota(
    conn: &mut AnyConnection,
    id: i64,
    week: &str,
    units: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bookings SET quota_week = $2, quota_units = $3 WHERE id = $1")
        .bind(id)
        .bind(week)
        .bind(units)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// 409 `slot_taken`: someone holds (part of) the slot.
pub fn slot_taken() -> ApiError {
    ApiError::Conflict(Problem::new("slot_taken").field("start"))
}

/// The grains a booking holds: with the buffer for whole-venue bookings; without for places.
pub fn held_grains(rules: &Rules, start: i64, end: i64) -> Vec<i64> {
    match rules.capacity_mode {
        CapacityMode::Whole => rules::grains(rules, start, end),
        CapacityMode::PerPerson => {
            let no_buffer = Rules {
                buffer_minutes: 0,
                ..rules.clone()
            };
            rules::grains(&no_buffer, start, end)
        }
    }
}

/// What a booking takes when it keeps its slot.
#[derive(Debug, Clone)]
pub struct Take<'a> {
    pub booking_id: i64,
    pub venue_id: i64,
    pub spaces: &'a [i64],
    pub rules: &'a Rules,
    pub start: i64,
    pub end: i64,
    /// Places taken (per-person venues); a block takes them all.
    pub places: i64,
}

/// Claims the space-time (or the places) of a booking, or 409 `slot_taken`.
pub async fn take_slot(conn: &mut AnyConnection, t: &Take<'_>) -> ApiResult<()> {
    let grains = held_grains(t.rules, t.start, t.end);
    match t.rules.capacity_mode {
        CapacityMode::Whole => {
            let mut pairs: Vec<(i64, i64)> = t
                .spaces
                .iter()
                .flat_map(|s| grains.iter().map(move |g| (*s, *g)))
                .collect();
            pairs.sort_unstable();
            if pairs.is_empty() {
                return Err(ApiError::Internal(format!(
                    "venue {} has no space",
                    t.venue_id
                )));
            }
            let values: Vec<String> = (0..pairs.len())
                .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
                .collect();
            let sql = format!(
                "INSERT INTO booking_claims (space_id, slot_start, booking_id) VALUES {}",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (space, grain) in &pairs {
                q = q.bind(*space).bind(*grain).bind(t.booking_id);
            }
            match q.execute(&mut *conn).await {
                Ok(_) => {}
                Err(e) if is_unique_violation(&e) => return Err(slot_taken()),
                Err(e) => return Err(e.into()),
            }
        }
        CapacityMode::PerPerson => {
            let capacity = i64::from(t.rules.capacity);
            for g in &grains {
                sqlx::query(
                    "INSERT INTO slot_usage (venue_id, slot_start, used, capacity) VALUES ($1, $2, 0, $3) \
                     ON CONFLICT (venue_id, slot_start) DO NOTHING",
                )
                .bind(t.venue_id)
                .bind(*g)
                .bind(capacity)
                .execute(&mut *conn)
                .await?;
                let done = sqlx::query(
                    "UPDATE slot_usage SET used = used + $3, capacity = $4 \
                     WHERE venue_id = $1 AND slot_start = $2 AND used + $3 <= $4",
                )
                .bind(t.venue_id)
                .bind(*g)
                .bind(t.places)
                .bind(capacity)
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if done != 1 {
                    return Err(slot_taken());
                }
            }
        }
    }
    sqlx::query("UPDATE bookings SET holds_slot = 1 WHERE id = $1")
        .bind(t.booking_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Gives back what a booking holds: quota first, then claims or places (the lock order).
pub async fn release(conn: &mut AnyConnection, b: &BookingRow, quota_too: bool) -> ApiResult<()> {
    if quota_too {
        return_quota(conn, b).await?;
        sqlx::query("UPDATE bookings SET quota_units = 0 WHERE id = $1")
            .bind(b.id)
            .execute(&mut *conn)
            .await?;
    }
    if b.holds_slot == 1 {
        let rules = b.frozen_rules()?;
        match rules.capacity_mode {
            CapacityMode::Whole => {
                sqlx::query("DELETE FROM booking_claims WHERE booking_id = $1")
                    .bind(b.id)
                    .execute(&mut *conn)
                    .await?;
            }
            CapacityMode::PerPerson => {
                let places = if b.kind() == BookingKind::Booking {
                    b.party_size
                } else {
                    i64::from(rules.capacity)
                };
                for g in held_grains(&rules, b.starts_at, b.ends_at) {
                    sqlx::query(
                        "UPDATE slot_usage SET used = used - $3 WHERE venue_id = $1 AND slot_start = $2",
                    )
                    .bind(b.venue_id)
                    .bind(g)
                    .bind(places)
                    .execute(&mut *conn)
                    .await?;
                }
            }
        }
        sqlx::query("UPDATE bookings SET holds_slot = 0 WHERE id = $1")
            .bind(b.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Moves a booking from one state to another, only if it is still in `from` (another request
/// may have moved it meanwhile: then 409 `booking_changed`).
pub async fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    from: BookingStatus,
    to: BookingStatus,
    change: &Change,
    now: i64,
) -> ApiResult<()> {
    let done = sqlx::query(
        "UPDATE bookings SET status = $3, updated_at = $4, \
         reason = COALESCE($5, reason), \
         reason_en = CASE WHEN $5 IS NULL THEN reason_en ELSE $9 END, \
         decided_by = CASE WHEN $6 > 0 THEN $6 ELSE decided_by END, \
         decided_at = CASE WHEN $6 > 0 THEN $4 ELSE decided_at END, \
         owner_approved_by = CASE WHEN $7 > 0 THEN $7 ELSE owner_approved_by END, \
         owner_approved_at = CASE WHEN $7 > 0 THEN $4 ELSE owner_approved_at END, \
         checked_in_by = CASE WHEN $8 > 0 THEN $8 ELSE checked_in_by END, \
         checked_in_at = CASE WHEN $3 = 'checked_in' THEN $4 ELSE checked_in_at END, \
         hold_until = CASE WHEN $3 = 'held' THEN hold_until ELSE NULL END \
         WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now)
    .bind(change.reason.clone())
    .bind(change.decided_by.unwrap_or(0))
    .bind(change.owner_approved_by.unwrap_or(0))
    .bind(change.checked_in_by.unwrap_or(0))
    .bind(change.reason_en.clone())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if done == 1 {
        Ok(())
    } else {
        Err(ApiError::conflict("booking_changed"))
    }
}

/// Columns that change with a transition.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// Why, in the words given (staff and residents write in one language).
    pub reason: Option<String>,
    /// The English beside `reason` where Linli gives it in both languages.
    pub reason_en: Option<String>,
    pub decided_by: Option<i64>,
    pub owner_approved_by: Option<i64>,
    pub checked_in_by: Option<i64>,
}

impl Change {
    /// A change for a reason: Linli's own in both languages, or someone's words in theirs.
    pub fn because(reason: app::api::Text) -> Self {
        Change {
            reason: Some(reason.zh.chars().take(200).collect()),
            reason_en: reason.en,
            ..Change::default()
        }
    }
}

/// A reminder before a confirmed booking: a day before, or at once when that has passed.
pub async fn add_reminder(
    conn: &mut AnyConnection,
    booking_id: i64,
    user_id: i64,
    start: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let remind_at = (start - 24 * 3600).max(now.min(start));
    sqlx::query(
        "INSERT INTO booking_reminders (booking_id, user_id, remind_at) VALUES ($1, $2, $3) \
         ON CONFLICT (booking_id) DO NOTHING",
    )
    .bind(booking_id)
    .bind(user_id)
    .bind(remind_at)
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// A no-show strike (one per booking); `false` when the booking already had one.
pub async fn add_strike(
    conn: &mut AnyConnection,
    user_id: i64,
    booking_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "INSERT INTO booking_strikes (user_id, booking_id, created_at, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (booking_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(booking_id)
    .bind(now)
    .bind(now + super::strikes::LIFETIME_DAYS * super::strikes::DAY)
    .execute(&mut *conn)
    .await
    .map(|r| r.rows_affected() == 1)
}
