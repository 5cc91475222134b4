//! `linli generate booking --venues N --days D`: city-scale booking data for benchmarks.
//!
//! Venues are spread over every community; each gets the default rules and 08:00–22:00 hours.
//! Bookings cover `days` days centred on today (the past half finished: completed, some
//! no-shows and cancellations; the future half confirmed), `per_day` per venue and day, on
//! distinct two-hour blocks so that they never overlap. Rows are written in batches with
//! explicit ids, claims included, so the data obeys the same constraints as real bookings.
//!
//! The claims' trigger moves each booked venue's ledger version (instances then reload its
//! claims) once per claim, as for a resident's booking. On PostgreSQL a batch switches that
//! trigger off inside its own transaction and moves each venue's ledger once at the end: a
//! batch holds thousands of claims of one venue, and bumping one row thousands of times in a
//! transaction makes PostgreSQL walk that row's ever longer chain of versions on every bump
//! (500 venues × 365 days took 21 minutes instead of 1.5). `ALTER TABLE` locks the table until
//! commit, so no other transaction sees the trigger off, and a failed batch leaves it on.
use std::collections::BTreeSet;

use app::api::booking::{BookingStatus, CapacityMode, Feature, OwnerKind, VenueInput, VenueType};
use rand::{Rng, SeedableRng, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;

use crate::booking::{
    rules,
    schedule::{Interval, WeeklyHours},
    venue,
};
use crate::{
    Db,
    accounts::{
        password::{self, NewPassword},
        store as accounts,
    },
    db::{Backend, Sql},
};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub venues: u32,
    pub days: u32,
    pub per_day: u32,
    pub residents: u32,
    pub seed: u64,
}

/// Counts of what was written.
#[derive(Debug, Default)]
pub struct Written {
    pub venues: u64,
    pub bookings: u64,
    pub claims: u64,
    pub seconds: f64,
}

const TYPES: [VenueType; 8] = [
    VenueType::Basketball,
    VenueType::Badminton,
    VenueType::TableTennis,
    VenueType::MultipurposeRoom,
    VenueType::DanceRoom,
    VenueType::ReadingRoom,
    VenueType::Gym,
    VenueType::SchoolSportsGround,
];

async fn residents(db: &Db, n: u32, now: i64) -> anyhow::Result<Vec<i64>> {
    let hash = password::hash(
        NewPassword::parse("linli-bench-2026", None).map_err(|c| anyhow::anyhow!(c))?,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut ids = Vec::new();
    let mut tx = db.begin_write().await?;
    for i in 0..n {
        let phone = format!("175{i:08}");
        let id = match accounts::user_by_phone(db, &phone).await? {
            Some(u) => u.id,
            None => {
                accounts::insert_user(
                    &mut *tx,
                    &accounts::NewUser {
                        phone: &phone,
                        password_hash: &hash,
                        display_name: "压测居民",
                        home_region_id: None,
                    },
                    now,
                )
                .await?
            }
        };
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

/// The rows of one transaction: bookings and claims as `VALUES` tuples, and the venues the
/// claims hold.
#[derive(Default)]
struct Batch {
    bookings: Vec<String>,
    claims: Vec<String>,
    venues: BTreeSet<i64>,
}

async fn flush(db: &Db, batch: &mut Batch) -> anyhow::Result<()> {
    let postgres = db.backend() == Backend::Postgres;
    let mut tx = db.begin_write().await?;
    if postgres {
        sqlx::query("ALTER TABLE booking_claims DISABLE TRIGGER booking_claims_version")
            .execute(&mut *tx)
            .await?;
    }
    for chunk in batch.bookings.chunks(400) {
        sqlx::query(&format!(
            "INSERT INTO bookings (id, venue_id, user_id, kind, status, starts_at, ends_at, party_size, \
             purpose, entry_code, rules, holds_slot, created_at, updated_at, reason) VALUES {}",
            chunk.join(",")
        ))
        .execute(&mut *tx)
        .await?;
    }
    for chunk in batch.claims.chunks(2000) {
        sqlx::query(&format!(
            "INSERT INTO booking_claims (space_id, slot_start, booking_id) VALUES {}",
            chunk.join(",")
        ))
        .execute(&mut *tx)
        .await?;
    }
    if postgres {
        sqlx::query("ALTER TABLE booking_claims ENABLE TRIGGER booking_claims_version")
            .execute(&mut *tx)
            .await?;
        let venues: Vec<i64> = batch.venues.iter().copied().collect();
        if !venues.is_empty() {
            let mut bump =
                Sql::new("UPDATE venue_versions SET ledger = ledger + 1 WHERE venue_id IN ");
            bump.bind_list(&venues);
            bump.query().execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    *batch = Batch::default();
    Ok(())
}

/// Generates the data; prints nothing (the CLI reports the counts).
pub async fn run(db: &Db, plan: Plan, now: i64) -> anyhow::Result<Written> {
    let started = std::time::Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
    let communities: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM regions WHERE level = 'community' ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    anyhow::ensure!(
        !communities.is_empty(),
        "no communities: start once with --demo or load regions"
    );
    let users = residents(db, plan.residents.max(1), now).await?;
    let mut written = Written::default();
    let venues = venues(db, plan.venues, &communities, &mut written, now).await?;
    let rules_json = serde_json::to_string(&rules::default_rules(20))?;
    let mut next_id: i64 = sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM bookings")
        .fetch_one(db.pool())
        .await?
        .unwrap_or(0)
        + 1;
    let tz = crate::time::default_tz();
    let today = rules::zoned(now, tz).date();
    let first = today
        .checked_sub(jiff::Span::new().days(i64::from(plan.days / 2)))
        .unwrap_or(today);
    let blocks: [i64; 7] = [8, 10, 12, 14, 16, 18, 20];
    let mut batch = Batch::default();
    for (venue_id, space) in &venues {
        let mut code = rng.random_range(0..50_000_000u32);
        for d in 0..plan.days {
            let date = first
                .checked_add(jiff::Span::new().days(i64::from(d)))
                .unwrap_or(first);
            let midnight = date
                .to_zoned_datetime(tz.clone())
                .map(|z| z.timestamp().as_second())
                .unwrap_or(0);
            let mut picks = blocks;
            picks.shuffle(&mut rng);
            for start_hour in picks
                .iter()
                .take(usize::try_from(plan.per_day.min(7)).unwrap_or(0))
            {
                let start = midnight + start_hour * 3600;
                let end = start + rng.random_range(1..=2) * 3600;
                let roll = rng.random_range(0..100);
                let status = if end > now {
                    BookingStatus::Confirmed
                } else if roll < 5 {
                    BookingStatus::NoShow
                } else if roll < 10 {
                    BookingStatus::Cancelled
                } else {
                    BookingStatus::Completed
                };
                let user = users[rng.random_range(0..users.len())];
                code = (code + 1 + rng.random_range(0..1000)) % 100_000_000;
                let holds = i64::from(status != BookingStatus::Cancelled);
                let reason = if status == BookingStatus::Cancelled {
                    "''"
                } else {
                    "NULL"
                };
                batch.bookings.push(format!(
                    "({next_id}, {venue_id}, {user}, 'booking', '{}', {start}, {end}, 4, '', '{code:08}', '{}', {holds}, {now}, {now}, {reason})",
                    status.as_str(),
                    rules_json.replace('\'', "''")
                ));
                if holds == 1 {
                    batch.venues.insert(*venue_id);
                    let mut g = start;
                    while g < end {
                        batch.claims.push(format!("({space}, {g}, {next_id})"));
                        g += rules::GRAIN_SECONDS;
                    }
                }
                written.bookings += 1;
                next_id += 1;
            }
            if batch.bookings.len() >= 5000 {
                written.claims += u64::try_from(batch.claims.len()).unwrap_or(0);
                flush(db, &mut batch).await?;
            }
        }
    }
    written.claims += u64::try_from(batch.claims.len()).unwrap_or(0);
    flush(db, &mut batch).await?;
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT setval(pg_get_serial_sequence('bookings', 'id'), (SELECT MAX(id) FROM bookings))")
            .execute(db.pool())
            .await?;
    }
    // Statistics for the planner after a bulk load, as the directory's generator does: without
    // them PostgreSQL plans the first reads of the new rows badly until autovacuum comes by.
    sqlx::query("ANALYZE").execute(db.pool()).await?;
    written.seconds = started.elapsed().as_secs_f64();
    Ok(written)
}

/// Creates `count` venues across the communities, each open 08:00–22:00 every day; returns
/// (venue id, space id) of each.
async fn venues(
    db: &Db,
    count: u32,
    communities: &[(i64, String)],
    written: &mut Written,
    now: i64,
) -> anyhow::Result<Vec<(i64, i64)>> {
    let hours = WeeklyHours(
        (1..=7)
            .map(|d| {
                (
                    d,
                    Interval {
                        opens: 480,
                        closes: 1320,
                    },
                )
            })
            .collect(),
    );
    let mut venues = Vec::new();
    for i in 0..count {
        let (region, code) = &communities[usize::try_from(i).unwrap_or(0) % communities.len()];
        let t = TYPES[usize::try_from(i).unwrap_or(0) % TYPES.len()];
        let input = VenueInput {
            community: code.clone(),
            name_zh: format!("压测场馆 {i:05}"),
            name_en: None,
            venue_type: t,
            capacity: 20,
            owner_kind: OwnerKind::Community,
            owner_name_zh: "压测数据".into(),
            owner_name_en: None,
            address_zh: format!("压测地址 {i}"),
            address_en: None,
            description_zh: String::new(),
            description_en: None,
            time_zone: None,
            needs_owner_approval: false,
            features: if i % 3 == 0 {
                vec![Feature::StepFree]
            } else {
                Vec::new()
            },
            photos: Vec::new(),
            parts: Vec::new(),
            rules: None,
            hours: None,
        };
        let mut r = rules::default_rules(20);
        r.capacity_mode = CapacityMode::Whole;
        let id = venue::create(
            db,
            None,
            &input,
            &venue::Setup {
                region_id: *region,
                tz: crate::time::DEFAULT_TZ,
                rules: &r,
                hours: &hours,
            },
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let space: i64 =
            sqlx::query_scalar("SELECT space_id FROM venue_spaces WHERE venue_id = $1")
                .bind(id)
                .fetch_one(db.pool())
                .await?;
        venues.push((id, space));
        written.venues += 1;
    }
    Ok(venues)
}
