//! Booking under load: many residents racing for one slot, and booking writes per second.
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context as _;
use app::api::booking::{Availability, NewBooking, SlotState, VenueList};
use server::{
    Db,
    accounts::{password, session, store},
    clock::Clock,
};
use tokio::sync::Barrier;

/// Creates `n` resident accounts with a session each, straight in the database (one password
/// hash shared by all: hashing 500 passwords is not what is measured), created at `now` (the
/// measured server's system time). Returns the cookies.
pub async fn residents(db: &Db, n: usize, tag: &str, now: i64) -> anyhow::Result<Vec<String>> {
    let pw = password::NewPassword::parse("bench-resident-2026", None)
        .map_err(|e| anyhow::anyhow!(e))?;
    let hash = password::hash(pw)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let home: i64 =
        sqlx::query_scalar("SELECT id FROM regions WHERE level = 'community' ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .context("no community: seed the regions first")?;
    let prefix: u64 = 16_000_000_000 + u64::from(rand::random::<u16>() % 900) * 1_000_000;
    let mut cookies = Vec::with_capacity(n);
    for i in 0..n {
        let phone = (prefix + i as u64).to_string();
        let id = store::insert_user(
            db.pool(),
            &store::NewUser {
                phone: &phone,
                password_hash: &hash,
                display_name: tag,
                home_region_id: Some(home),
            },
            now,
        )
        .await?;
        let token = session::new_token();
        store::insert_session(
            db.pool(),
            &store::NewSession {
                hash: &session::token_hash(&token),
                user_id: id,
                expires_at: now + 3600,
                mfa_pending: false,
                user_agent: "linli-bench",
            },
            now,
        )
        .await?;
        cookies.push(format!("linli_session={token}"));
    }
    Ok(cookies)
}

/// Instant-booking venues (no approval) with a free slot in the coming week: (venue, start, end).
async fn free_slots(
    client: &reqwest::Client,
    base: &str,
    want: usize,
) -> anyhow::Result<Vec<(i64, String, String)>> {
    let today = Clock::system().today();
    let to = today.checked_add(jiff::Span::new().days(6))?;
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    'pages: loop {
        let url = match &cursor {
            Some(c) => format!("{base}/api/v1/venues?limit=100&cursor={c}"),
            None => format!("{base}/api/v1/venues?limit=100"),
        };
        let list: VenueList = client
            .get(url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for venue in list
            .items
            .iter()
            .filter(|v| !v.approval_required && v.parent_id.is_none())
        {
            let url = format!(
                "{base}/api/v1/venues/{}/availability?from={today}&to={to}",
                venue.id
            );
            let avail: Availability = client
                .get(url)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            for slot in avail
                .days
                .iter()
                .flat_map(|d| d.slots.iter())
                .filter(|s| s.state == SlotState::Free)
            {
                out.push((venue.id, slot.start.clone(), slot.end.clone()));
                if out.len() >= want {
                    break 'pages;
                }
            }
        }
        cursor = list.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    Ok(out)
}

/// `attempts` residents book the same free slot at the same moment. Exactly one must win.
pub async fn race(base: &str, database_url: &str, attempts: usize) -> anyhow::Result<bool> {
    let db = Db::connect(database_url).await?;
    let cookies = residents(&db, attempts, "抢场测试", Clock::system().now()).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(attempts)
        .timeout(Duration::from_secs(30))
        .build()?;
    let (venue_id, start, end) = free_slots(&client, base, 1)
        .await?
        .into_iter()
        .next()
        .context("no free instant slot in the coming week")?;
    let body = NewBooking {
        venue_id,
        start: start.clone(),
        end,
        party_size: None,
        purpose: None,
        hold: false,
    };
    let barrier = Arc::new(Barrier::new(attempts));
    let started = Arc::new(std::sync::OnceLock::<Instant>::new());
    let mut tasks = Vec::new();
    for cookie in cookies {
        let (client, body, barrier, started, url) = (
            client.clone(),
            body.clone(),
            barrier.clone(),
            started.clone(),
            format!("{base}/api/v1/bookings"),
        );
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            started.get_or_init(Instant::now);
            let res = client
                .post(url)
                .header("cookie", cookie)
                .header("x-linli-csrf", "1")
                .json(&body)
                .send()
                .await;
            (
                res.map(|r| r.status().as_u16()).unwrap_or(0),
                Instant::now(),
            )
        }));
    }
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    let mut last = None::<Instant>;
    for t in tasks {
        let (status, at) = t.await?;
        *statuses.entry(status).or_default() += 1;
        last = Some(last.map_or(at, |l: Instant| l.max(at)));
    }
    let settle = last
        .zip(started.get().copied())
        .map(|(l, s)| l - s)
        .unwrap_or_default();
    let won = statuses.get(&201).copied().unwrap_or(0);
    let taken = statuses.get(&409).copied().unwrap_or(0);
    let server_errors: u32 = statuses
        .iter()
        .filter(|(s, _)| **s >= 500 || **s == 0)
        .map(|(_, n)| n)
        .sum();
    let stored: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE venue_id = $1 AND starts_at = $2 AND status IN ('held', 'pending', 'confirmed', 'checked_in')",
    )
    .bind(venue_id)
    .bind(server::time::parse_instant(&start).unwrap_or_default())
    .fetch_one(db.pool())
    .await
    .unwrap_or(-1);
    println!(
        "race: {attempts} residents, one slot (venue {venue_id}, {start}): {won} won, {taken} got 409, {server_errors} 5xx/unanswered, \
         statuses {statuses:?}; settled in {:.0} ms; bookings stored for the slot: {stored}",
        settle.as_secs_f64() * 1000.0
    );
    db.close().await;
    Ok(won == 1
        && stored == 1
        && server_errors == 0
        && won + taken == u32::try_from(attempts).unwrap_or(0))
}

/// Booking writes per second: `concurrency` workers book distinct free slots for `duration`.
pub async fn throughput(
    base: &str,
    database_url: &str,
    duration: u64,
    concurrency: usize,
) -> anyhow::Result<bool> {
    let db = Db::connect(database_url).await?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let slots = free_slots(&client, base, 4000).await?;
    // One resident per slot keeps the weekly quotas out of the measurement.
    let cookies = residents(&db, slots.len(), "写入测试", Clock::system().now()).await?;
    let work = Arc::new(std::sync::Mutex::new(
        slots.into_iter().zip(cookies).collect::<Vec<_>>(),
    ));
    let (ok, conflict, other) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let started = Instant::now();
    let deadline = started + Duration::from_secs(duration);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, work, ok, conflict, other, url) = (
            client.clone(),
            work.clone(),
            ok.clone(),
            conflict.clone(),
            other.clone(),
            format!("{base}/api/v1/bookings"),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let Some(((venue_id, start, end), cookie)) =
                    work.lock().ok().and_then(|mut w| w.pop())
                else {
                    break;
                };
                let body = NewBooking {
                    venue_id,
                    start,
                    end,
                    party_size: None,
                    purpose: None,
                    hold: false,
                };
                match client
                    .post(&url)
                    .header("cookie", cookie)
                    .header("x-linli-csrf", "1")
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(r) if r.status().as_u16() == 201 => ok.fetch_add(1, Ordering::Relaxed),
                    Ok(r) if r.status().as_u16() == 409 => conflict.fetch_add(1, Ordering::Relaxed),
                    _ => other.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let secs = started.elapsed().as_secs_f64();
    let (ok, conflict, other) = (
        ok.load(Ordering::Relaxed),
        conflict.load(Ordering::Relaxed),
        other.load(Ordering::Relaxed),
    );
    println!(
        "booking writes: {ok} bookings in {secs:.1}s = {:.0}/s with {concurrency} clients ({conflict} slot conflicts, {other} other answers)",
        ok as f64 / secs
    );
    db.close().await;
    Ok(other == 0)
}

/// Ids the read benchmarks need: a venue with availability and a feedback tracking code.
pub async fn pick(database_url: &str) -> anyhow::Result<bool> {
    let db = Db::connect(database_url).await?;
    let venue: Option<i64> =
        sqlx::query_scalar("SELECT id FROM venues WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    let code: Option<String> = sqlx::query_scalar(
        "SELECT tracking_code FROM feedback_cases WHERE hidden = 0 ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await
    .unwrap_or(None);
    println!(
        "venue_id={} tracking_code={}",
        venue.unwrap_or(0),
        code.unwrap_or_default()
    );
    db.close().await;
    Ok(true)
}
