//! A mixed load with a per-request log, and the outage check over that log.
use std::{
    io::{BufRead, Write},
    path::Path,
    sync::Arc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::Context as _;

use crate::stats::Latencies;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(0))
        .unwrap_or(0)
}

/// Paths read by the load (public reads; writes come from `writes`).
const READS: &[&str] = &[
    "/api/v1/health",
    "/api/v1/regions?level=district",
    "/api/v1/calendar?year=2026",
    "/api/v1/regions?parent=440304",
];

pub async fn run(
    base: &str,
    duration: u64,
    concurrency: usize,
    rate: Option<u64>,
    log: &Path,
) -> anyhow::Result<bool> {
    let file = Arc::new(std::sync::Mutex::new(std::io::BufWriter::new(
        std::fs::File::create(log).context("create log")?,
    )));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(duration);
    // With a rate, each worker paces itself to rate/concurrency requests per second.
    let interval = rate.map(|r| Duration::from_secs_f64(concurrency as f64 / r.max(1) as f64));
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, file, base) = (client.clone(), file.clone(), base.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = worker;
            let mut next = Instant::now();
            while Instant::now() < deadline {
                if let Some(interval) = interval {
                    tokio::time::sleep_until(next.into()).await;
                    next += interval;
                }
                let path = READS[i % READS.len()];
                i += 1;
                let t0 = Instant::now();
                let status = match client.get(format!("{base}{path}")).send().await {
                    Ok(r) => {
                        let s = r.status().as_u16();
                        let _ = r.bytes().await;
                        s
                    }
                    Err(_) => 0,
                };
                let elapsed = t0.elapsed();
                latencies.push(elapsed);
                if let Ok(mut f) = file.lock() {
                    let _ = writeln!(f, "{} {status} {}", now_ms(), elapsed.as_micros());
                }
                if status == 0 {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    if let Ok(mut f) = file.lock() {
        f.flush()?;
    }
    let secs = started.elapsed().as_secs_f64();
    let lat = Latencies::new(all);
    println!(
        "load: {} requests in {secs:.1}s = {:.0}/s, p50 {:.2} ms, p99 {:.2} ms",
        lat.len(),
        lat.len() as f64 / secs,
        Latencies::ms(lat.percentile(50.0)),
        Latencies::ms(lat.percentile(99.0))
    );
    Ok(true)
}

pub fn check_outage(log: &Path, down_ms: u64, up_ms: u64, grace_ms: u64) -> anyhow::Result<bool> {
    let (mut total, mut err500, mut unexpected, mut during_503, mut unanswered) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let (mut ok_after, mut first_ok_after) = (0u64, None::<u64>);
    for line in std::io::BufReader::new(std::fs::File::open(log)?)
        .lines()
        .map_while(Result::ok)
    {
        let mut parts = line.split_whitespace();
        let (Some(t), Some(status)) = (
            parts.next().and_then(|t| t.parse::<u64>().ok()),
            parts.next().and_then(|s| s.parse::<u16>().ok()),
        ) else {
            continue;
        };
        total += 1;
        let in_window = t >= down_ms && t <= up_ms + grace_ms;
        match status {
            500 => err500 += 1,
            503 if in_window => during_503 += 1,
            0 => unanswered += 1,
            s if s >= 500 => unexpected += 1,
            s if (200..300).contains(&s) && t > up_ms => {
                ok_after += 1;
                first_ok_after.get_or_insert(t);
            }
            _ => {}
        }
    }
    let recovered_in = first_ok_after.map(|t| t.saturating_sub(up_ms));
    println!(
        "outage: {total} requests; 503 while down: {during_503}; 500: {err500}; other 5xx or 503 outside the outage: {unexpected}; \
         unanswered: {unanswered}; 2xx after recovery: {ok_after} (first {} ms after the database was back)",
        recovered_in.map_or("-".to_owned(), |v| v.to_string())
    );
    Ok(err500 == 0 && unexpected == 0 && ok_after > 0)
}
