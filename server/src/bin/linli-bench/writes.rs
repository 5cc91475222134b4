//! Acknowledged writes survive a crash: the write load and its check.
use std::{
    io::{BufRead, Write},
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context as _;
use server::{Db, db::Backend};

/// The SMS the server wrote to its file sender (`--sms-sender file:PATH`), read as they come:
/// the latest code per number.
#[derive(Clone)]
struct SmsInbox {
    path: std::path::PathBuf,
    seen: Arc<std::sync::Mutex<(u64, std::collections::HashMap<String, String>)>>,
}

impl SmsInbox {
    fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            seen: Arc::default(),
        }
    }

    /// Reads the lines added since the last call.
    fn read_new(&self) {
        use std::io::{Read as _, Seek as _};
        let Ok(mut guard) = self.seen.lock() else {
            return;
        };
        let Ok(mut file) = std::fs::File::open(&self.path) else {
            return;
        };
        let mut text = String::new();
        if file.seek(std::io::SeekFrom::Start(guard.0)).is_err()
            || file.read_to_string(&mut text).is_err()
        {
            return;
        }
        // Only whole lines: a line still being written is read next time.
        let complete = text.rfind('\n').map_or(0, |i| i + 1);
        for line in text[..complete].lines() {
            let Ok(m) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let (Some(to), Some(text)) = (m["to"].as_str(), m["text"].as_str()) else {
                continue;
            };
            let digits: String = text
                .split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
                .unwrap_or_default()
                .to_owned();
            guard.1.insert(to.to_owned(), digits);
        }
        guard.0 += complete as u64;
    }

    /// The code sent to `phone`, waiting up to two seconds for it.
    async fn code_for(&self, phone: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            self.read_new();
            if let Some(code) = self.seen.lock().ok().and_then(|mut g| g.1.remove(phone)) {
                return Some(code);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        None
    }
}

/// Registers accounts with random unused numbers, each proven by the code the server sends to
/// its SMS file (`sms`); each 2xx answer is appended to `acked` before the next request, so the
/// file lists exactly what the server acknowledged.
pub async fn run(
    base: &str,
    duration: u64,
    concurrency: usize,
    acked: &Path,
    sms: &Path,
) -> anyhow::Result<bool> {
    let inbox = SmsInbox::new(sms);
    let file = Arc::new(std::sync::Mutex::new(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(acked)
            .context("open acked file")?,
    ));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?;
    let deadline = Instant::now() + Duration::from_secs(duration);
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, file, stop, ok, failed, inbox) = (
            client.clone(),
            file.clone(),
            stop.clone(),
            ok.clone(),
            failed.clone(),
            inbox.clone(),
        );
        let url = format!("{base}/api/v1/auth/register");
        let codes_url = format!("{base}/api/v1/auth/sms-codes");
        tasks.push(tokio::spawn(async move {
            let mut n: u64 = 0;
            while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
                n += 1;
                let phone = format!(
                    "19{}{:08}",
                    worker % 10,
                    (rand::random::<u32>() % 100_000_000 + u32::try_from(n).unwrap_or(0))
                        % 100_000_000
                );
                let asked = client
                    .post(&codes_url)
                    .header("x-linli-csrf", "1")
                    .json(&serde_json::json!({"phone": phone, "purpose": "register"}))
                    .send()
                    .await;
                let code = match asked {
                    Ok(r) if r.status().as_u16() == 202 => inbox.code_for(&phone).await,
                    _ => None,
                };
                let Some(code) = code else {
                    // Not asked (the server is gone) or not delivered: nothing was acknowledged.
                    failed.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let body = serde_json::json!({
                    "phone": phone, "password": "harness-pass-2026",
                    "display_name": "压测账号", "home_community": "440304001001",
                    "sms_code": code
                });
                let res = client
                    .post(&url)
                    .header("x-linli-csrf", "1")
                    .json(&body)
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => {
                        ok.fetch_add(1, Ordering::Relaxed);
                        if let Ok(mut f) = file.lock() {
                            let _ = writeln!(f, "{phone}");
                        }
                    }
                    Ok(r) if r.status().as_u16() == 409 => {}
                    Ok(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        // The server is gone (killed): stop after a short grace.
                        failed.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    println!(
        "writes: {} acknowledged, {} failed or unanswered",
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed)
    );
    Ok(true)
}

/// Every acknowledged number has its account; the database is internally consistent.
pub async fn verify(database_url: &str, acked: &Path) -> anyhow::Result<bool> {
    let phones: Vec<String> = std::io::BufReader::new(std::fs::File::open(acked)?)
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let db = Db::connect(database_url).await?;
    let mut missing = Vec::new();
    for chunk in phones.chunks(500) {
        let list = chunk
            .iter()
            .map(|p| format!("'{p}'"))
            .collect::<Vec<_>>()
            .join(",");
        let found: Vec<String> =
            sqlx::query_scalar(&format!("SELECT phone FROM users WHERE phone IN ({list})"))
                .fetch_all(db.pool())
                .await?;
        missing.extend(chunk.iter().filter(|p| !found.contains(p)).cloned());
    }
    let mut ok = missing.is_empty();
    println!(
        "verify: {} acknowledged writes, {} missing",
        phones.len(),
        missing.len()
    );
    if db.backend() == Backend::Sqlite {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(db.pool())
            .await?;
        let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(db.pool())
            .await?;
        println!(
            "verify: sqlite integrity_check = {integrity}, foreign key violations = {}",
            fk.len()
        );
        ok &= integrity == "ok" && fk.is_empty();
    }
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)",
    )
    .fetch_one(db.pool())
    .await?;
    println!("verify: sessions without an account = {orphans}");
    ok &= orphans == 0;
    db.close().await;
    Ok(ok)
}
