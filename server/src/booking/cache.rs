//! Availability served from memory, never stale. What a venue's grid is computed from (the
//! venue and its rules, each day's plan, claims and places used) is cached per venue and per
//! (venue, day) under the versions the database keeps (`venue_versions` for the venue's setup
//! and for its ledger, `calendar_version`, bumped by triggers in the transaction of every write
//! that changes availability). A read asks for the current versions first (one query, shared
//! with the reads that arrive while another is running: [`crate::coalesce`]) and uses a cached
//! entry only when it was loaded under versions at least as new, so a write through any
//! instance on the same database is seen by every instance's next read. A booking moves only
//! the ledger: a read after it reloads the claims of its days and keeps the venue and the
//! days' plans. Time-driven changes (a hold or an undecided request that lapses, a
//! lottery that closes) are writes too, made by the sweep; an entry is only good until the
//! earliest of them in its window, after which the read sweeps and loads afresh.
use std::{collections::HashMap, sync::Arc, time::Duration};

use app::api::{Text, booking::DayAvailability};
use axum::body::Bytes;
use jiff::{civil::Date, tz::TimeZone};
use moka::sync::Cache;

use super::{
    availability::Holder,
    schedule::DayPlan,
    store::{self, VenueFilter, VenueRow},
    venue::Venue,
    views::Extras,
};
use crate::{Db, calendar::WorkCalendar, coalesce::Coalesced, error::ApiResult};

/// The versions an entry was loaded under. Each only grows, so what was loaded under versions
/// at least as new as a reader's is good for that reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// The venue's setup: the venue, rules, hours, exceptions, closures, spaces, summary.
    pub venue: i64,
    /// The venue's ledger: claims, the bookings behind them, places taken.
    pub ledger: i64,
    pub calendar: i64,
    /// The public list's version, read in the same query (no entry of a venue depends on it).
    pub list: i64,
}

impl Versions {
    /// Whether what was loaded under `self` is at least as new as `wanted` in every part.
    pub fn covers(self, wanted: Self) -> bool {
        self.venue >= wanted.venue
            && self.ledger >= wanted.ledger
            && self.calendar >= wanted.calendar
    }

    /// The versions as numbers, for the stamp of a kept body.
    pub fn stamp(self) -> [i64; 3] {
        [self.venue, self.ledger, self.calendar]
    }

    /// Whether the venue's setup and the calendar loaded under `self` are good for `wanted`.
    fn covers_setup(self, wanted: Self) -> bool {
        self.venue >= wanted.venue && self.calendar >= wanted.calendar
    }
}

/// A response body kept with what it was computed at, good while `now < until`.
#[derive(Debug)]
struct KeptBody {
    stamp: Vec<i64>,
    until: i64,
    body: Bytes,
}

/// The rows of a page of the public list, under the list version they were chosen at.
type KeptRows = (i64, Arc<Vec<VenueRow>>);

/// A page of the public list as chosen, under the list version it was chosen at (none: a staff
/// list, nothing is kept), with the current versions of its first `limit` venues.
pub struct ListPage {
    pub version: Option<i64>,
    pub rows: Arc<Vec<VenueRow>>,
    /// The ids of the first `limit` rows (the page shown; a further row only says there is more).
    pub shown: Vec<i64>,
    pub versions: HashMap<i64, Versions>,
}

/// What one date's plan comes from the venue's setup and the calendar (kept across bookings).
#[derive(Debug)]
pub struct DaySetup {
    pub plan: DayPlan,
    pub holiday: Option<Text>,
}

/// What one date of a venue's grid is computed from, at `versions`.
#[derive(Debug)]
pub struct Day {
    pub versions: Versions,
    /// The entry is good while `now < valid_until` (the earliest time-driven change).
    pub valid_until: i64,
    pub setup: Arc<DaySetup>,
    /// Claims by grain start, from the day's midnight to a day after its end (buffers).
    pub claims: HashMap<i64, Holder>,
    pub usage: HashMap<i64, i64>,
}

/// Something computed from the grid at some instant, good at `versions` until `until`.
#[derive(Debug)]
struct Rendered<T = DayAvailability> {
    versions: Versions,
    until: i64,
    day: T,
}

/// The per-instance cache; cheap to clone (the maps are shared).
#[derive(Clone)]
pub struct AvailabilityCache {
    venues: Cache<i64, Arc<(Versions, Venue)>>,
    days: Cache<(i64, Date), Arc<Day>>,
    rendered: Cache<(i64, Date), Arc<Rendered>>,
    /// One load at a time per venue (see [`AvailabilityCache::load_lock`]).
    loading: Cache<i64, Arc<tokio::sync::Mutex<()>>>,
    /// Each venue's next free slot, as the venue list shows it (see [`Self::next_free`]).
    next_free: Cache<i64, Arc<Rendered<Option<String>>>>,
    /// Each venue's features and first photo, as the public lists show them.
    extras: Cache<i64, Arc<(Versions, Arc<Extras>)>>,
    /// The version reads of concurrent requests, shared (see [`crate::coalesce`]).
    reads: Coalesced<i64, Versions>,
    /// Pages of the public venue list by filter, under the list version.
    lists: Cache<String, Arc<KeptRows>>,
    /// Whole answers (availability of a range, a page of the list) as sent, by request.
    bodies: Cache<String, Arc<KeptBody>>,
    /// The list version (`venue_list_version`), read like the venues' versions.
    list_version: Coalesced<(), i64>,
}

impl Default for AvailabilityCache {
    fn default() -> Self {
        Self {
            venues: Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(30 * 60))
                .build(),
            // 5 000 venues × a fortnight of days; idle days make room for busy ones.
            days: Cache::builder()
                .max_capacity(70_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            rendered: Cache::builder()
                .max_capacity(70_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            next_free: Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            extras: Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(30 * 60))
                .build(),
            loading: Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            reads: Coalesced::new(|db, ids| {
                Box::pin(async move { read_versions(&db, &ids).await })
            }),
            lists: Cache::builder()
                .max_capacity(5_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            bodies: Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(10 * 60))
                .build(),
            list_version: Coalesced::new(|db, _| {
                Box::pin(async move {
                    let v: i64 =
                        sqlx::query_scalar("SELECT version FROM venue_list_version WHERE id = 1")
                            .fetch_one(db.pool())
                            .await?;
                    Ok(HashMap::from([((), v)]))
                })
            }),
        }
    }
}

/// The current versions of several venues in one query (venues that do not exist are absent).
async fn read_versions(db: &Db, venue_ids: &[i64]) -> ApiResult<HashMap<i64, Versions>> {
    if venue_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT v.venue_id, v.version, v.ledger, c.version, l.version \
         FROM venue_versions v, calendar_version c, venue_list_version l \
         WHERE v.venue_id IN ({}) AND c.id = 1 AND l.id = 1",
        crate::db::id_list(venue_ids)
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, venue, ledger, calendar, list)| {
            (
                id,
                Versions {
                    venue,
                    ledger,
                    calendar,
                    list,
                },
            )
        })
        .collect())
}

impl AvailabilityCache {
    /// The venue's current versions, read after this call began (concurrent reads share one
    /// query); `None` when there is no such venue.
    pub async fn versions(&self, db: &Db, venue_id: i64) -> ApiResult<Option<Versions>> {
        Ok(self
            .reads
            .get(db, [venue_id])
            .await?
            .get(&venue_id)
            .copied())
    }

    /// The current versions of several venues (absent: no such venue), like [`Self::versions`].
    pub async fn versions_of(
        &self,
        db: &Db,
        venue_ids: &[i64],
    ) -> ApiResult<HashMap<i64, Versions>> {
        if venue_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let all = self.reads.get(db, venue_ids.iter().copied()).await?;
        Ok(venue_ids
            .iter()
            .filter_map(|id| all.get(id).map(|v| (*id, *v)))
            .collect())
    }

    /// A page of the public list (`filter` without staff scope), kept under the list version:
    /// choosing it reads the venues, their rules and features and the region tree, which
    /// bookings never change.
    pub async fn list_page(&self, db: &Db, filter: &VenueFilter) -> ApiResult<ListPage> {
        let shown = |rows: &[VenueRow]| -> Vec<i64> {
            let limit = usize::try_from(filter.limit).unwrap_or(usize::MAX);
            rows.iter().take(limit).map(|r| r.id).collect()
        };
        if filter.scope_roots.is_some() {
            let rows = store::list(db, filter).await?;
            let shown = shown(&rows);
            let versions = self.versions_of(db, &shown).await?;
            return Ok(ListPage {
                version: None,
                rows: Arc::new(rows),
                shown,
                versions,
            });
        }
        let key = format!("{filter:?}");
        // The versions of a kept page's venues come with the current list version: one query
        // says whether the page still stands and what its venues' entries must cover.
        if let Some(kept) = self.lists.get(&key) {
            let shown = shown(&kept.1);
            let versions = self.versions_of(db, &shown).await?;
            if versions.values().next().is_some_and(|v| v.list == kept.0) {
                return Ok(ListPage {
                    version: Some(kept.0),
                    rows: Arc::clone(&kept.1),
                    shown,
                    versions,
                });
            }
        }
        let version = self.list_version.get(db, [()]).await?.get(&()).copied();
        // Chosen after reading the version, so what is kept is at least as new as it.
        let rows = Arc::new(store::list(db, filter).await?);
        if let Some(v) = version {
            self.lists.insert(key, Arc::new((v, Arc::clone(&rows))));
        }
        let shown = shown(&rows);
        let versions = self.versions_of(db, &shown).await?;
        Ok(ListPage {
            version,
            rows,
            shown,
            versions,
        })
    }

    /// The answer kept for `key`, if computed at exactly `stamp` and still the same at `now`.
    pub fn body(&self, key: &str, stamp: &[i64], now: i64) -> Option<Bytes> {
        self.bodies
            .get(key)
            .filter(|k| k.stamp == stamp && now < k.until)
            .map(|k| k.body.clone())
    }

    /// Keeps an answer computed at `stamp` (versions read before computing it) until `until`.
    pub fn keep_body(&self, key: String, stamp: Vec<i64>, until: i64, body: Bytes, now: i64) {
        if until > now {
            self.bodies
                .insert(key, Arc::new(KeptBody { stamp, until, body }));
        }
    }

    /// Until when the next free slot kept for venue `id` stays the same by time alone, if it is
    /// kept at `v` or later.
    pub fn next_free_until(&self, id: i64, v: Versions, now: i64) -> Option<i64> {
        self.next_free
            .get(&id)
            .filter(|r| r.versions.covers(v) && now < r.until)
            .map(|r| r.until)
    }

    /// Until when the grid of `days` of `venue`, computed at `now`, stays the same by time
    /// alone (see [`rendered_until`]) and by lapses (holds, undecided requests).
    pub fn good_until<'a>(venue: &Venue, days: impl IntoIterator<Item = &'a Day>, now: i64) -> i64 {
        let release = app::api::booking::parse_hhmm(&venue.rules.release_time).unwrap_or(0);
        days.into_iter()
            .map(|d| d.valid_until)
            .fold(rendered_until(now, release, &venue.tz), i64::min)
    }

    /// The cached venue, if its setup was loaded under `v` or later.
    pub fn venue(&self, id: i64, v: Versions) -> Option<Venue> {
        self.venues
            .get(&id)
            .filter(|e| e.0.venue >= v.venue)
            .map(|e| e.1.clone())
    }

    /// The cached days `from..=to`, if every one was loaded under `v` or later and is still good
    /// at `now`.
    pub fn days(
        &self,
        id: i64,
        v: Versions,
        from: Date,
        to: Date,
        now: i64,
    ) -> Option<Vec<Arc<Day>>> {
        dates(from, to)
            .map(|d| {
                self.days
                    .get(&(id, d))
                    .filter(|e| e.versions.covers(v) && now < e.valid_until)
            })
            .collect()
    }

    /// The date as computed earlier, if at `v` or later and still the same at `now`.
    pub fn rendered(&self, id: i64, v: Versions, date: Date, now: i64) -> Option<DayAvailability> {
        self.rendered
            .get(&(id, date))
            .filter(|r| r.versions.covers(v) && now < r.until)
            .map(|r| r.day.clone())
    }

    /// Keeps a date computed at `now` from `day` for as long as time alone cannot change it.
    pub fn keep_rendered(
        &self,
        venue: &Venue,
        date: Date,
        day: &Day,
        computed: &DayAvailability,
        now: i64,
    ) {
        let until = Self::good_until(venue, [day], now);
        if until > now {
            self.rendered.insert(
                (venue.id(), date),
                Arc::new(Rendered {
                    versions: day.versions,
                    until,
                    day: computed.clone(),
                }),
            );
        }
    }

    /// The venue's next free slot as found earlier, if at `v` or later and still the same at
    /// `now`.
    pub fn next_free(&self, id: i64, v: Versions, now: i64) -> Option<Option<String>> {
        self.next_free
            .get(&id)
            .filter(|r| r.versions.covers(v) && now < r.until)
            .map(|r| r.day.clone())
    }

    /// Keeps the next free slot found at `now` from the days `days` (today on) of `venue`, for
    /// as long as neither time nor a lapse in those days can change it.
    pub fn keep_next_free(
        &self,
        venue: &Venue,
        v: Versions,
        days: &[Arc<Day>],
        found: Option<String>,
        now: i64,
    ) {
        let until = Self::good_until(venue, days.iter().map(AsRef::as_ref), now);
        if until > now {
            self.next_free.insert(
                venue.id(),
                Arc::new(Rendered {
                    versions: v,
                    until,
                    day: found,
                }),
            );
        }
    }

    /// The venue's features and first photo, if kept under `v`'s setup or later.
    pub fn extras(&self, id: i64, v: Versions) -> Option<Arc<Extras>> {
        self.extras
            .get(&id)
            .filter(|e| e.0.venue >= v.venue)
            .map(|e| Arc::clone(&e.1))
    }

    /// Keeps the venue's features and first photo, loaded after reading `v`.
    pub fn keep_extras(&self, id: i64, v: Versions, extras: Extras) {
        self.extras.insert(id, Arc::new((v, Arc::new(extras))));
    }

    /// The venue's load lock. At the release rush every booking changes the venue's ledger,
    /// and hundreds of readers miss at once; holding this while sweeping and loading lets the
    /// first reader load and the others find its result, instead of each one sweeping and
    /// loading the same rows.
    pub fn load_lock(&self, id: i64) -> Arc<tokio::sync::Mutex<()>> {
        self.loading.get_with(id, Arc::default)
    }

    /// Loads the venue and the days `from..=to` under `v` (read before loading, so what is
    /// stored is at least as new as `v`) and keeps them. What is kept under `v`'s setup (the
    /// venue, the days' plans) is not loaded again: after a booking only the claims are.
    pub async fn load(
        &self,
        db: &Db,
        v: Versions,
        id: i64,
        from: Date,
        to: Date,
    ) -> ApiResult<(Venue, Vec<Arc<Day>>)> {
        let venue = match self.venue(id, v) {
            Some(venue) => venue,
            None => {
                let venue = Venue::load(db, id).await?;
                self.venues.insert(id, Arc::new((v, venue.clone())));
                venue
            }
        };
        let kept: Option<Vec<Arc<DaySetup>>> = dates(from, to)
            .map(|d| {
                self.days
                    .get(&(id, d))
                    .filter(|e| e.versions.covers_setup(v))
                    .map(|e| Arc::clone(&e.setup))
            })
            .collect();
        let setups = match kept {
            Some(setups) => setups,
            None => load_setups(db, &venue, from, to).await?,
        };
        let days = load_ledger(db, &venue, v, from, to, setups).await?;
        for (d, day) in dates(from, to).zip(&days) {
            self.days.insert((id, d), Arc::clone(day));
        }
        Ok((venue, days))
    }
}

/// Until when a grid computed at `now` stays the same by time alone: slots turn past just after
/// their start (starts lie on the 30-minute grid of local time), "today" moves at midnight, and
/// the advance window at the release minute. `now` (nothing kept) where local time is not on
/// the 30-minute grid of UTC.
pub fn rendered_until(now: i64, release_minute: u32, tz: &TimeZone) -> i64 {
    let today = super::rules::zoned(now, tz).date();
    let at = |d: Date| {
        d.to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp().as_second())
    };
    let (Ok(midnight), Some(Ok(next_midnight))) = (at(today), today.tomorrow().ok().map(at)) else {
        return now;
    };
    if midnight % 1800 != 0 {
        return now;
    }
    // A slot starting at `g` is still ahead at `g` itself and past from `g + 1`.
    let next_start = (now + 1799).div_euclid(1800) * 1800 + 1;
    let release = midnight + i64::from(release_minute) * 60;
    let mut until = next_start.min(next_midnight);
    if release > now {
        until = until.min(release);
    }
    until
}

fn midnight(venue: &Venue, d: Date) -> i64 {
    d.to_zoned_datetime(venue.tz.clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// A claimed grain as loaded: who holds it and when that may change by itself.
type ClaimRow = (
    i64,
    String,
    String,
    Option<i64>,
    String,
    Option<i64>,
    i64,
    Option<i64>,
);

/// The dates `from..=to`.
fn dates(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), |d| d.tomorrow().ok()).take_while(move |d| *d <= to)
}

/// Each date's plan and holiday, from the venue's setup and the calendar.
async fn load_setups(
    db: &Db,
    venue: &Venue,
    from: Date,
    to: Date,
) -> ApiResult<Vec<Arc<DaySetup>>> {
    let schedule = venue.schedule(db, from, to).await?;
    let calendar: WorkCalendar = Venue::calendar(db).await?;
    Ok(dates(from, to)
        .map(|d| {
            Arc::new(DaySetup {
                plan: schedule.plan(d, &calendar),
                holiday: calendar.holiday(d).cloned(),
            })
        })
        .collect())
}

/// The days `from..=to` from their `setups` and the claims and places taken loaded now.
async fn load_ledger(
    db: &Db,
    venue: &Venue,
    v: Versions,
    from: Date,
    to: Date,
    setups: Vec<Arc<DaySetup>>,
) -> ApiResult<Vec<Arc<Day>>> {
    let start = midnight(venue, from);
    let end = to
        .tomorrow()
        .map(|d| midnight(venue, d) + 86_400)
        .unwrap_or(start);
    let spaces = if venue.spaces.is_empty() {
        &[0][..]
    } else {
        &venue.spaces[..]
    };
    let claims: Vec<ClaimRow> = sqlx::query_as(&format!(
        "SELECT c.slot_start, b.kind, b.purpose, b.lottery_id, b.status, b.hold_until, \
         b.starts_at, l.closes_at FROM booking_claims c \
         JOIN bookings b ON b.id = c.booking_id \
         LEFT JOIN lotteries l ON l.id = b.lottery_id AND l.status = 'open' \
         WHERE c.space_id IN ({}) AND c.slot_start >= $1 AND c.slot_start < $2",
        crate::db::id_list(spaces)
    ))
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let usage: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT slot_start, used FROM slot_usage WHERE venue_id = $1 AND slot_start >= $2 AND slot_start < $3",
    )
    .bind(venue.id())
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for (d, setup) in dates(from, to).zip(setups) {
        let Ok(next) = d.tomorrow() else { break };
        let (lo, hi) = (midnight(venue, d), midnight(venue, next) + 86_400);
        let mut valid_until = i64::MAX;
        let mut held = HashMap::new();
        for (g, kind, purpose, lottery_id, status, hold_until, starts_at, closes_at) in &claims {
            if !(lo..hi).contains(g) {
                continue;
            }
            // When the sweep will release or redraw this claim without anyone asking.
            let lapses = match status.as_str() {
                "held" => *hold_until,
                "pending" => Some(*starts_at),
                _ => None,
            };
            for t in lapses.into_iter().chain(*closes_at) {
                valid_until = valid_until.min(t);
            }
            held.insert(
                *g,
                Holder {
                    kind: kind.clone(),
                    purpose: purpose.clone(),
                    lottery_id: *lottery_id,
                },
            );
        }
        out.push(Arc::new(Day {
            versions: v,
            valid_until,
            setup,
            claims: held,
            usage: usage
                .iter()
                .filter(|(g, _)| (lo..hi).contains(g))
                .copied()
                .collect(),
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::rendered_until;

    /// 2026-11-26 10:00 Shenzhen.
    const TEN: i64 = 1_795_658_400;

    #[test]
    fn a_grid_is_kept_until_the_next_slot_start_has_passed() {
        let tz = crate::time::default_tz();
        assert_eq!(
            rendered_until(TEN, 0, tz),
            TEN + 1,
            "10:00 turns past at 10:00:01"
        );
        assert_eq!(rendered_until(TEN + 1, 0, tz), TEN + 1801);
        assert_eq!(rendered_until(TEN + 1799, 0, tz), TEN + 1801);
    }

    #[test]
    fn the_release_minute_and_midnight_end_it_too() {
        let tz = crate::time::default_tz();
        assert_eq!(rendered_until(TEN + 60, 10 * 60 + 7, tz), TEN + 420);
        let late = TEN + 13 * 3600 + 45 * 60; // 23:45
        assert_eq!(rendered_until(late, 0, tz), TEN + 14 * 3600, "midnight");
    }
}
