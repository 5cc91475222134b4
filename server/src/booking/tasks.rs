//! Time-driven changes: holds and waitlist offers that lapse, requests never decided, bookings
//! that are over, lotteries whose window closed. Run lazily before the reads and writes that
//! depend on them (so the answer is right without a background task), and every minute by
//! [`spawn`] (so waitlist offers move on even when nobody is looking).
use std::time::Duration;

use super::{flows, ledger, lotteries};
use crate::{Db, clock::Clock, error::ApiResult};

/// How many due items one sweep handles per kind; the rest waits for the next sweep.
const BATCH: i64 = 200;

async fn due(db: &Db, sql: &str, now: i64) -> ApiResult<Vec<i64>> {
    Ok(sqlx::query_scalar(sql)
        .bind(now)
        .bind(BATCH)
        .fetch_all(db.pool())
        .await?)
}

/// [`sweep`] before a read: a failure is logged, and the read goes on with what is stored.
pub async fn sweep_before_read(db: &Db, now: i64) {
    if let Err(e) = sweep(db, now).await {
        tracing::warn!(error = %e, "lazy booking sweep failed");
    }
}

/// What must be applied before a grid is shown or a slot taken: holds and undecided requests
/// that lapsed (their slots are free again) and lotteries whose window closed (their slots are
/// drawn). Bookings that are over and waitlist entries that passed change neither; they are
/// left to the minute task, so a read never finishes a city's backlog of bookings while
/// readers of a venue wait for its load. Whether anything is due is asked on the connections
/// kept for reads: at the release rush the bookings waiting to write hold the others. A
/// failure is logged, and the read goes on with what is stored.
pub async fn lapse_before_read(db: &Db, now: i64) {
    let applied = async {
        if due_lapses(&db.for_reads(), now).await? {
            apply_lapses(db, now).await?;
        }
        ApiResult::Ok(())
    };
    if let Err(e) = applied.await {
        tracing::warn!(error = %e, "lazy booking sweep failed");
    }
}

/// Applies everything that is due at `now`. Each item is its own transaction; one that another
/// request handled meanwhile is skipped (`booking_changed`).
pub async fn sweep(db: &Db, now: i64) -> ApiResult<()> {
    // Almost always nothing is due: one round trip says so.
    if !anything_due(db, now).await? {
        return Ok(());
    }
    apply_lapses(db, now).await?;
    let over = due(
        db,
        "SELECT id FROM bookings WHERE status IN ('confirmed', 'checked_in') AND ends_at <= $1 ORDER BY ends_at LIMIT $2",
        now,
    )
    .await?;
    for id in over {
        if let Some(b) = ledger::booking(db.pool(), id).await?
            && let Err(e) = flows::finish(db, &b, now).await
        {
            tracing::debug!(booking = id, error = %e, "finish skipped");
        }
    }
    sqlx::query("UPDATE waitlist_entries SET status = 'expired', updated_at = $1 WHERE status = 'waiting' AND starts_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Lapsed holds and undecided requests expire; closed lotteries are drawn.
async fn apply_lapses(db: &Db, now: i64) -> ApiResult<()> {
    let lapsed = due(
        db,
        "SELECT id FROM bookings WHERE status = 'held' AND hold_until < $1 ORDER BY hold_until LIMIT $2",
        now,
    )
    .await?;
    let undecided = due(
        db,
        "SELECT id FROM bookings WHERE status = 'pending' AND starts_at <= $1 ORDER BY starts_at LIMIT $2",
        now,
    )
    .await?;
    for id in lapsed.into_iter().chain(undecided) {
        if let Some(b) = ledger::booking(db.pool(), id).await?
            && let Err(e) = flows::expire(db, &b, now).await
        {
            tracing::debug!(booking = id, error = %e, "expiry skipped");
        }
    }
    let closed = due(
        db,
        "SELECT id FROM lotteries WHERE status = 'open' AND closes_at <= $1 ORDER BY closes_at LIMIT $2",
        now,
    )
    .await?;
    for id in closed {
        if let Err(e) = lotteries::draw(db, id, now).await {
            tracing::debug!(lottery = id, error = %e, "draw skipped");
        }
    }
    Ok(())
}

/// What [`apply_lapses`] applies, as conditions on what is due at `$1`.
const LAPSES_DUE: &str = "EXISTS (SELECT 1 FROM bookings WHERE status = 'held' AND hold_until < $1) \
     OR EXISTS (SELECT 1 FROM bookings WHERE status = 'pending' AND starts_at <= $1) \
     OR EXISTS (SELECT 1 FROM lotteries WHERE status = 'open' AND closes_at <= $1)";

/// The rest of what [`sweep`] applies.
const ENDINGS_DUE: &str = "EXISTS (SELECT 1 FROM bookings WHERE status IN ('confirmed', 'checked_in') AND ends_at <= $1) \
     OR EXISTS (SELECT 1 FROM waitlist_entries WHERE status = 'waiting' AND starts_at <= $1)";

/// Whether any of what [`apply_lapses`] applies is due at `now`.
async fn due_lapses(db: &Db, now: i64) -> ApiResult<bool> {
    any_due(db, LAPSES_DUE, now).await
}

/// Whether any of what [`sweep`] applies is due at `now`.
async fn anything_due(db: &Db, now: i64) -> ApiResult<bool> {
    any_due(db, &format!("{LAPSES_DUE} OR {ENDINGS_DUE}"), now).await
}

/// Whether `conditions` hold at `now`, in one round trip.
async fn any_due(db: &Db, conditions: &str, now: i64) -> ApiResult<bool> {
    let due: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(CASE WHEN {conditions} THEN 1 ELSE 0 END AS BIGINT)"
    ))
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    Ok(due == 1)
}

/// Forgets `Idempotency-Key` answers older than a day.
pub async fn purge_idempotency_keys(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(now - 86_400)
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}

/// Sends the reminders that are due (in-app and SMS), each once: the row is claimed by setting
/// `sent_at` on the transaction that records the notification. Returns how many were sent.
pub async fn send_due_reminders(db: &Db, now: i64) -> ApiResult<usize> {
    let ids = due(
        db,
        "SELECT r.id FROM booking_reminders r JOIN bookings b ON b.id = r.booking_id \
         WHERE r.sent_at IS NULL AND r.dismissed_at IS NULL AND r.remind_at <= $1 \
         AND b.starts_at > $1 AND b.status = 'confirmed' ORDER BY r.remind_at LIMIT $2",
        now,
    )
    .await?;
    let mut sent = 0;
    for id in ids {
        if flows::send_reminder(db, id, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Runs [`sweep`], the reminders and the clean-up every minute until the server shuts down.
pub fn spawn(
    db: Db,
    clock: Clock,
    shutdown: &crate::shutdown::Shutdown,
) -> tokio::task::JoinHandle<()> {
    crate::shutdown::periodic(shutdown, Duration::from_secs(60), move || {
        let db = db.clone();
        let now = clock.now();
        async move {
            if let Err(e) = sweep(&db, now).await {
                tracing::warn!(error = %e, "booking sweep failed");
            }
            if let Err(e) = send_due_reminders(&db, now).await {
                tracing::warn!(error = %e, "sending booking reminders failed");
            }
            if let Err(e) = purge_idempotency_keys(&db, now).await {
                tracing::warn!(error = %e, "idempotency key clean-up failed");
            }
        }
    })
}
