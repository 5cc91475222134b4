//! The 08:00 release rush, end to end over HTTP: residents with real sessions wait for the
//! release minute of one popular venue, then each reads the released day's availability, picks
//! a free slot and books it, reading availability again after every 409, until they reach their
//! quota or nothing is free.
//!
//! The venue is made for the run (30-minute slots from 07:00 to 22:00, bookable 7 days ahead,
//! 2 bookings per resident and week) with its release time set to the next whole minute at
//! least `lead` seconds away, so the run starts on the real clock of both processes.
use std::{
    collections::BTreeMap,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context as _;
use app::api::booking::{
    Availability, CapacityMode, NewBooking, OwnerKind, SlotState, VenueInput, VenueType,
};
use jiff::{Timestamp, ToSpan as _, Unit, civil::Date};
use rand::Rng as _;
use server::{
    Db,
    booking::{
        rules,
        schedule::{Interval, WeeklyHours},
        venue,
    },
    clock::Clock,
};

use crate::stats::Latencies;

/// Each resident's weekly quota at the rush venue.
const QUOTA: u32 = 2;
/// Slots of the released day: 07:00–22:00 in 30 minutes.
const OPENS: u32 = 7 * 60;
const CLOSES: u32 = 22 * 60;
const SLOT_MINUTES: u32 = 30;
/// A resident gives up after this many rounds (read, try) without reaching an end.
const MAX_ROUNDS: u32 = 200;

/// What one resident saw.
#[derive(Default)]
struct Outcome {
    availability: Vec<Duration>,
    booking: Vec<Duration>,
    /// When each of this resident's bookings succeeded, counted from the release.
    booked_after: Vec<Duration>,
    statuses: BTreeMap<u16, u32>,
    gave_up: bool,
}

impl Outcome {
    fn count(&mut self, status: u16) {
        *self.statuses.entry(status).or_default() += 1;
    }
}

/// The release instant: the next whole minute at least `lead` away, on the same local day. Just
/// before local midnight it waits for the new day (a release minute is a time of day).
async fn next_release(lead: Duration) -> anyhow::Result<(Timestamp, u32, Date)> {
    let tz = server::time::default_tz();
    loop {
        let now = Timestamp::now().to_zoned_datetime(tz.clone());
        let mut at = now.round(Unit::Minute)?;
        while at.timestamp().duration_since(now.timestamp()) < jiff::SignedDuration::try_from(lead)?
        {
            at = at.checked_add(1.minute())?;
        }
        if at.date() == now.date() {
            let minute = u32::try_from(i32::from(at.hour()) * 60 + i32::from(at.minute()))?;
            return Ok((at.timestamp(), minute, at.date()));
        }
        let midnight = server::clock::local_instant(now.date().tomorrow()?, 0, 0);
        let wait = u64::try_from(midnight - now.timestamp().as_second()).unwrap_or(0);
        tokio::time::sleep(Duration::from_secs(wait + 1)).await;
    }
}

/// Makes the rush venue, released at `release_minute` each day; returns its id.
async fn rush_venue(db: &Db, release_minute: u32) -> anyhow::Result<i64> {
    let (region, community): (i64, String) = sqlx::query_as(
        "SELECT id, code FROM regions WHERE level = 'community' ORDER BY id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .context("no community: load the regions first")?;
    let mut r = rules::default_rules(12);
    r.capacity_mode = CapacityMode::Whole;
    r.slot_minutes = SLOT_MINUTES;
    r.min_minutes = SLOT_MINUTES;
    r.max_minutes = SLOT_MINUTES;
    r.quota_per_week = QUOTA;
    r.release_time = format!("{:02}:{:02}", release_minute / 60, release_minute % 60);
    let hours = WeeklyHours(
        (1..=7)
            .map(|d| {
                (
                    d,
                    Interval {
                        opens: OPENS,
                        closes: CLOSES,
                    },
                )
            })
            .collect(),
    );
    let input = VenueInput {
        community,
        name_zh: format!("抢场压测羽毛球馆 {}", r.release_time),
        name_en: Some(format!("Rush benchmark badminton hall {}", r.release_time)),
        venue_type: VenueType::Badminton,
        capacity: 12,
        owner_kind: OwnerKind::Community,
        owner_name_zh: "压测数据".into(),
        owner_name_en: None,
        address_zh: "压测地址".into(),
        address_en: None,
        description_zh: String::new(),
        description_en: None,
        time_zone: None,
        needs_owner_approval: false,
        features: Vec::new(),
        photos: Vec::new(),
        parts: Vec::new(),
        rules: None,
        hours: None,
    };
    venue::create(
        db,
        None,
        &input,
        &venue::Setup {
            region_id: region,
            tz: server::time::DEFAULT_TZ,
            rules: &r,
            hours: &hours,
        },
        Clock::system().now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The rush as one resident lives it: read, pick, book; again after a 409.
async fn resident(
    client: reqwest::Client,
    base: Arc<str>,
    cookie: String,
    venue_id: i64,
    day: Date,
    start_at: Instant,
    release_at: Instant,
) -> Outcome {
    let mut out = Outcome::default();
    tokio::time::sleep_until(start_at.into()).await;
    let url = format!("{base}/api/v1/venues/{venue_id}/availability?from={day}&to={day}");
    let mut booked = 0;
    for _ in 0..MAX_ROUNDS {
        let t0 = Instant::now();
        let res = client.get(&url).header("cookie", &cookie).send().await;
        let avail = match res {
            Ok(r) => {
                out.count(r.status().as_u16());
                let ok = r.status().is_success();
                let body = r.json::<Availability>().await;
                out.availability.push(t0.elapsed());
                match body {
                    Ok(a) if ok => a,
                    _ => continue,
                }
            }
            Err(_) => {
                out.count(0);
                continue;
            }
        };
        let slots: Vec<_> = avail.days.iter().flat_map(|d| d.slots.iter()).collect();
        let free: Vec<_> = slots
            .iter()
            .filter(|s| s.state == SlotState::Free)
            .collect();
        if free.is_empty() {
            if slots.iter().any(|s| s.state == SlotState::NotYetOpen) {
                // Tapped a moment early: look again shortly.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            return out; // sold out
        }
        let slot = free[rand::rng().random_range(0..free.len())];
        let body = NewBooking {
            venue_id,
            start: slot.start.clone(),
            end: slot.end.clone(),
            party_size: None,
            purpose: None,
            hold: false,
        };
        let t0 = Instant::now();
        let res = client
            .post(format!("{base}/api/v1/bookings"))
            .header("cookie", &cookie)
            .header("x-linli-csrf", "1")
            .json(&body)
            .send()
            .await;
        out.booking.push(t0.elapsed());
        let status = res.map(|r| r.status().as_u16()).unwrap_or(0);
        out.count(status);
        match status {
            201 => {
                out.booked_after.push(release_at.elapsed());
                booked += 1;
                if booked == QUOTA {
                    return out;
                }
            }
            409 => {}
            // A quota or rule refusal ends this resident's rush; the checks below count it.
            _ => return out,
        }
    }
    out.gave_up = true;
    out
}

/// Runs the rush; true when every check holds.
pub async fn run(
    base: &str,
    database_url: &str,
    residents: usize,
    lead: u64,
    spread_ms: u64,
) -> anyhow::Result<bool> {
    let db = Db::connect(database_url).await?;
    let cookies =
        crate::booking::residents(&db, residents, "抢场压测", Clock::system().now()).await?;
    let (release, release_minute, today) = next_release(Duration::from_secs(lead)).await?;
    let day = today.checked_add(7.days())?;
    let venue_id = rush_venue(&db, release_minute).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(residents)
        .timeout(Duration::from_secs(30))
        .build()?;

    // Before the release the day must show as not yet open (the run would prove nothing else).
    let before: Availability = client
        .get(format!(
            "{base}/api/v1/venues/{venue_id}/availability?from={day}&to={day}"
        ))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let slots = before.days.iter().map(|d| d.slots.len()).sum::<usize>();
    anyhow::ensure!(
        slots > 0
            && before
                .days
                .iter()
                .flat_map(|d| &d.slots)
                .all(|s| s.state == SlotState::NotYetOpen),
        "the released day {day} is not waiting for its release"
    );

    let wait = release.duration_since(Timestamp::now());
    let wait = Duration::try_from(wait).unwrap_or_default();
    println!(
        "rush: {residents} residents, venue {venue_id}, {slots} slots on {day} released at {:02}:{:02} (in {:.1} s), taps spread over {spread_ms} ms",
        release_minute / 60,
        release_minute % 60,
        wait.as_secs_f64()
    );
    let release_at = Instant::now() + wait;
    let base: Arc<str> = Arc::from(base);
    let mut tasks = Vec::with_capacity(residents);
    for cookie in cookies {
        let start_at = release_at
            + Duration::from_millis(if spread_ms == 0 {
                0
            } else {
                rand::rng().random_range(0..spread_ms)
            });
        tasks.push(tokio::spawn(resident(
            client.clone(),
            base.clone(),
            cookie,
            venue_id,
            day,
            start_at,
            release_at,
        )));
    }
    let mut all = Outcome::default();
    let mut gave_up = 0;
    for t in tasks {
        let o = t.await?;
        all.availability.extend(o.availability);
        all.booking.extend(o.booking);
        all.booked_after.extend(o.booked_after);
        for (s, n) in o.statuses {
            *all.statuses.entry(s).or_default() += n;
        }
        gave_up += u32::from(o.gave_up);
    }

    let checks = Checks::load(&db, venue_id).await?;
    db.close().await;
    let avail = Latencies::new(all.availability);
    let book = Latencies::new(all.booking);
    let server_errors: u32 = all
        .statuses
        .iter()
        .filter(|(s, _)| **s >= 500 || **s == 0)
        .map(|(_, n)| n)
        .sum();
    let sold_out_after = all.booked_after.iter().max().copied().unwrap_or_default();
    let settled = checks.booked == i64::try_from(slots)?;
    println!(
        "rush: availability reads {} p50 {:.1} ms p99 {:.1} ms; booking attempts {} p50 {:.1} ms p99 {:.1} ms; statuses {:?}",
        avail.len(),
        Latencies::ms(avail.percentile(50.0)),
        Latencies::ms(avail.percentile(99.0)),
        book.len(),
        Latencies::ms(book.percentile(50.0)),
        Latencies::ms(book.percentile(99.0)),
        all.statuses,
    );
    println!(
        "rush: {}/{slots} slots booked, the last {:.0} ms after the release; {server_errors} 5xx/unanswered; \
         slots with more than one booking: {}; residents over quota: {}; residents who gave up: {gave_up}",
        checks.booked,
        Latencies::ms(sold_out_after),
        checks.double_booked,
        checks.over_quota,
    );
    Ok(settled
        && server_errors == 0
        && checks.double_booked == 0
        && checks.over_quota == 0
        && gave_up == 0)
}

/// What the database holds after the rush.
struct Checks {
    booked: i64,
    double_booked: i64,
    over_quota: i64,
}

impl Checks {
    async fn load(db: &Db, venue_id: i64) -> anyhow::Result<Self> {
        const ACTIVE: &str = "status IN ('held', 'pending', 'confirmed', 'checked_in')";
        let count = async |sql: String| {
            sqlx::query_scalar::<_, i64>(&sql)
                .bind(venue_id)
                .fetch_one(db.pool())
                .await
        };
        Ok(Self {
            booked: count(format!(
                "SELECT COUNT(*) FROM bookings WHERE venue_id = $1 AND {ACTIVE}"
            ))
            .await?,
            double_booked: count(format!(
                "SELECT COUNT(*) FROM (SELECT starts_at FROM bookings WHERE venue_id = $1 AND {ACTIVE} \
                 GROUP BY starts_at HAVING COUNT(*) > 1) AS d"
            ))
            .await?,
            over_quota: count(format!(
                "SELECT COUNT(*) FROM (SELECT user_id FROM bookings WHERE venue_id = $1 AND {ACTIVE} \
                 GROUP BY user_id HAVING COUNT(*) > {QUOTA}) AS q"
            ))
            .await?,
        })
    }
}
