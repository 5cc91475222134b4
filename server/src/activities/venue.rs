//! An activity held in a Linli venue owns a `block` booking of the booking ledger for its time
//! (widened to the ledger's 30-minute grain): taken when the activity is published, moved when
//! its time or venue changes, released when it is cancelled, always in the activity's own
//! transaction. The ledger's claims make a resident's booking and a class in the same court a
//! unique violation, so exactly one of them wins a race.
use app::api::booking::{BookingKind, BookingStatus};
use sqlx::AnyConnection;

use super::store;
use crate::{
    booking::{
        flows::{self, Spec},
        ledger::{self, Change},
        rules::{GRAIN_SECONDS, Request},
        venue::Venue,
    },
    error::{ApiError, ApiResult},
};

/// The ledger's interval for an activity's time.
pub fn widened(start: i64, end: i64) -> (i64, i64) {
    (
        start.div_euclid(GRAIN_SECONDS) * GRAIN_SECONDS,
        (end + GRAIN_SECONDS - 1).div_euclid(GRAIN_SECONDS) * GRAIN_SECONDS,
    )
}

/// What an activity needs of its venue.
pub struct Hold<'a> {
    pub venue: &'a Venue,
    pub start: i64,
    pub end: i64,
    pub title: &'a str,
    pub by: i64,
}

/// Books the venue for the activity (409 `slot_taken` when anything holds that time).
pub async fn book(conn: &mut AnyConnection, h: &Hold<'_>, now: i64) -> ApiResult<i64> {
    let (start, end) = widened(h.start, h.end);
    flows::check_block(
        Request {
            start,
            end,
            party_size: h.venue.rules.capacity,
        },
        now,
    )?;
    let purpose: String = format!("社区活动：{}", h.title).chars().take(200).collect();
    flows::insert_in_tx(
        conn,
        &Spec {
            venue: h.venue,
            user_id: None,
            kind: BookingKind::Block,
            start,
            end,
            party_size: h.venue.rules.capacity,
            purpose,
            status: BookingStatus::Confirmed,
            hold_until: None,
            count_quota: false,
            force_hold: true,
            created_by: Some(h.by),
            series_id: None,
            lottery_id: None,
            waitlist_offer: false,
        },
        now,
    )
    .await
}

/// The time a released booking gave back: (venue, start, end), for the venue's waitlist once
/// the transaction has committed.
pub type Freed = (i64, i64, i64);

/// Releases the activity's booking of its venue.
pub async fn release(
    conn: &mut AnyConnection,
    booking_id: i64,
    reason: app::api::Text,
    now: i64,
) -> ApiResult<Option<Freed>> {
    let Some(b) = ledger::booking(&mut *conn, booking_id).await? else {
        return Ok(None);
    };
    if b.status() != BookingStatus::Confirmed {
        return Ok(None);
    }
    ledger::set_status(
        conn,
        b.id,
        BookingStatus::Confirmed,
        BookingStatus::Cancelled,
        &Change::because(reason),
        now,
    )
    .await?;
    ledger::release(conn, &b, false).await?;
    Ok(Some((b.venue_id, b.starts_at, b.ends_at)))
}

/// Why a date cannot have its venue: `in_past`, `venue_closed` or `slot_taken` (by a booking,
/// a block or another activity; `own` is the date's own booking, if it has one).
pub async fn conflict(
    conn: &mut AnyConnection,
    venue: &Venue,
    start: i64,
    end: i64,
    own: Option<i64>,
    now: i64,
) -> ApiResult<Option<&'static str>> {
    let (start, end) = widened(start, end);
    if end <= now {
        return Ok(Some("in_past"));
    }
    let day = crate::booking::rules::zoned(start, &venue.tz)
        .date()
        .to_string();
    if store::venue_closed(conn, venue.id(), &day).await? {
        return Ok(Some("venue_closed"));
    }
    if store::venue_taken(conn, venue.id(), start, end, own).await? {
        return Ok(Some("slot_taken"));
    }
    Ok(None)
}

/// 409 `venue_conflict` naming the dates.
pub fn conflict_error(dates: &[String]) -> ApiError {
    ApiError::Conflict(
        crate::error::Problem::new("venue_conflict").param("dates", dates.join("、")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_widened_to_the_ledger_grain() {
        assert_eq!(widened(3600, 7200), (3600, 7200));
        assert_eq!(widened(3600 + 900, 7200 + 60), (3600, 7200 + 1800));
    }
}
