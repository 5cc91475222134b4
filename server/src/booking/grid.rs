//! A venue's availability grid read through the cache: the one path behind the availability
//! endpoint and the venue list's next free slot.
use app::api::booking::{Availability, DayAvailability, PartOfDay, SlotState};
use axum::body::Bytes;
use jiff::civil::Date;

use super::{
    availability::{self, Inputs},
    cache::{AvailabilityCache, Day, Versions},
    rules,
    venue::Venue,
};
use crate::{Db, error::ApiResult};

/// How far ahead the venue list looks for a free slot: the cache is sized for a fortnight.
pub const NEXT_FREE_DAYS: i64 = 14;

/// Which dates to compute.
#[derive(Debug, Clone, Copy)]
pub enum Window {
    /// `from..=to`.
    Dates(Date, Date),
    /// The venue's today and the days after it, `n` dates in all.
    FromToday(i64),
}

/// The venue and its grid over `window` at `now` for a venue whose current versions `v` the
/// caller has just read; `None` when there is no such venue (an inactive venue is returned: the
/// caller decides whether to show it).
pub async fn grid_at(
    db: &Db,
    cache: &AvailabilityCache,
    id: i64,
    v: Versions,
    window: Window,
    now: i64,
) -> ApiResult<Option<(Venue, Vec<DayAvailability>)>> {
    let (from, to) = match window {
        Window::Dates(from, to) => (from, to),
        Window::FromToday(n) => {
            let venue = match cache.venue(id, v) {
                Some(venue) => venue,
                None => Venue::load(db, id).await?,
            };
            let today = rules::zoned(now, &venue.tz).date();
            let last = today
                .checked_add(jiff::Span::new().days(n.max(1) - 1))
                .unwrap_or(today);
            (today, last)
        }
    };
    let (venue, days) = match cache.venue(id, v).zip(cache.days(id, v, from, to, now)) {
        Some(hit) => hit,
        None => {
            let lock = cache.load_lock(id);
            let _loading = lock.lock().await;
            // Another reader may have loaded the days, at `v` or later, while this one waited.
            match cache.venue(id, v).zip(cache.days(id, v, from, to, now)) {
                Some(hit) => hit,
                None => {
                    // Something changed or lapsed: apply what is due, then load under the
                    // versions read after that (the sweep's own writes bump them).
                    super::tasks::lapse_before_read(db, now).await;
                    let Some(v) = cache.versions(db, id).await? else {
                        return Ok(None);
                    };
                    cache.load(&db.for_reads(), v, id, from, to).await?
                }
            }
        }
    };
    let dates = std::iter::successors(Some(from), |d| d.tomorrow().ok());
    let out = days
        .iter()
        .zip(dates)
        .map(|(day, date)| render(cache, &venue, date, day, now))
        .collect();
    Ok(Some((venue, out)))
}

/// The availability of venue `id` over `from..=to` at `now` as JSON (`None`: no such venue, or
/// not active), kept as sent until a version moves or time changes it: at the release rush
/// thousands of residents ask for the same day.
pub async fn availability_body(
    db: &Db,
    cache: &AvailabilityCache,
    id: i64,
    (from, to): (Date, Date),
    now: i64,
) -> ApiResult<Option<Bytes>> {
    let Some(v) = cache.versions(db, id).await? else {
        return Ok(None);
    };
    let key = format!("availability:{id}:{from}:{to}");
    let stamp = v.stamp();
    if let Some(body) = cache.body(&key, &stamp, now) {
        return Ok(Some(body));
    }
    let Some((venue, days)) = grid_at(db, cache, id, v, Window::Dates(from, to), now).await? else {
        return Ok(None);
    };
    if venue.row.active != 1 {
        return Ok(None);
    }
    let body = Bytes::from(
        serde_json::to_vec(&Availability {
            venue_id: venue.id(),
            time_zone: venue.row.time_zone.clone(),
            days,
        })
        .map_err(|e| crate::ApiError::Internal(format!("json: {e}")))?,
    );
    // Kept under the versions read first; the days may be newer (then a later reader at the
    // newer versions computes afresh).
    if let Some(kept) = cache.days(id, v, from, to, now) {
        let until = AvailabilityCache::good_until(&venue, kept.iter().map(AsRef::as_ref), now);
        cache.keep_body(key, stamp.to_vec(), until, body.clone(), now);
    }
    Ok(Some(body))
}

/// One date of the grid at `now`, as computed earlier if time has not changed it since.
fn render(
    cache: &AvailabilityCache,
    venue: &Venue,
    date: Date,
    day: &Day,
    now: i64,
) -> DayAvailability {
    if let Some(done) = cache.rendered(venue.id(), day.versions, date, now) {
        return done;
    }
    let inputs = Inputs {
        rules: &venue.rules,
        tz: &venue.tz,
        now,
        claims: &day.claims,
        usage: &day.usage,
    };
    let out = availability::day(&inputs, date, &day.setup.plan, day.setup.holiday.clone());
    cache.keep_rendered(venue, date, day, &out, now);
    out
}

/// The start of the venue's earliest free slot in the next [`NEXT_FREE_DAYS`] days.
pub async fn next_free(
    db: &Db,
    cache: &AvailabilityCache,
    id: i64,
    v: Versions,
    now: i64,
) -> ApiResult<Option<String>> {
    if let Some(found) = cache.next_free(id, v, now) {
        return Ok(found);
    }
    let Some((venue, days)) =
        grid_at(db, cache, id, v, Window::FromToday(NEXT_FREE_DAYS), now).await?
    else {
        return Ok(None);
    };
    let found = days
        .iter()
        .flat_map(|d| &d.slots)
        .find(|s| s.state == SlotState::Free)
        .map(|s| s.start.clone());
    // Kept under the versions the days were computed at (they may be newer than `v`).
    let today = rules::zoned(now, &venue.tz).date();
    let last = today
        .checked_add(jiff::Span::new().days(NEXT_FREE_DAYS - 1))
        .unwrap_or(today);
    if let Some(kept) = cache.days(id, v, today, last, now) {
        cache.keep_next_free(&venue, v, &kept, found.clone(), now);
    }
    Ok(found)
}

/// The start of the venue's first free slot on `date`, within `part` of the day if given.
pub async fn first_free_on(
    db: &Db,
    cache: &AvailabilityCache,
    id: i64,
    v: Versions,
    date: Date,
    part: Option<PartOfDay>,
    now: i64,
) -> ApiResult<Option<String>> {
    let Some((_, days)) = grid_at(db, cache, id, v, Window::Dates(date, date), now).await? else {
        return Ok(None);
    };
    Ok(days
        .iter()
        .flat_map(|d| &d.slots)
        .filter(|s| s.state == SlotState::Free)
        .find(|s| part.is_none_or(|p| p.holds(local_hour(&s.start))))
        .map(|s| s.start.clone()))
}

/// The hour of a venue-local RFC 3339 instant as the grid writes it (`…T07:30:00+08:00`).
fn local_hour(instant: &str) -> u32 {
    instant
        .get(11..13)
        .and_then(|h| h.parse().ok())
        .unwrap_or(0)
}

/// Whether the grid, as kept for the venue's current versions, shows a slot of `start..end` of
/// venue `id` as taken: then a booking of it fails with 409 `slot_taken` anyway, and the
/// caller can say so without running the booking transaction. At the release rush most
/// attempts are for slots that have just gone; this keeps them from queueing behind the ones
/// that can still win. It never loads (a booking does not wait for the venue's load lock):
/// `false` whenever unsure (days not kept at the current versions, venue not active, a span
/// over more than two dates).
pub async fn visibly_taken(
    db: &Db,
    cache: &AvailabilityCache,
    id: i64,
    (start, end): (i64, i64),
    now: i64,
) -> ApiResult<bool> {
    let Some(v) = cache.versions(db, id).await? else {
        return Ok(false);
    };
    let Some(venue) = cache.venue(id, v).filter(|venue| venue.row.active == 1) else {
        return Ok(false);
    };
    let from = rules::zoned(start, &venue.tz).date();
    let to = rules::zoned(end.max(start + 1) - 1, &venue.tz).date();
    if to < from || from.tomorrow().is_ok_and(|next| to > next) {
        return Ok(false);
    }
    let Some(days) = cache.days(id, v, from, to, now) else {
        return Ok(false);
    };
    let overlaps = |s: &app::api::booking::Slot| match (
        crate::time::parse_instant(&s.start),
        crate::time::parse_instant(&s.end),
    ) {
        (Some(a), Some(b)) => a < end && start < b,
        _ => false,
    };
    let dates = std::iter::successors(Some(from), |d| d.tomorrow().ok());
    Ok(days.iter().zip(dates).any(|(day, date)| {
        render(cache, &venue, date, day, now)
            .slots
            .iter()
            .any(|s| s.state == SlotState::Taken && overlaps(s))
    }))
}
