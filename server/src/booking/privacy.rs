//! A resident's booking records under PIPL: what the export contains, and what deleting the
//! account does (live bookings are cancelled so their slots free up; past bookings stay for
//! the venue's statistics, tied to the anonymised account, with their free text erased).
use serde_json::{Value, json};
use sqlx::AnyConnection;

use super::{flows, ledger};
use crate::{Db, error::ApiResult, time::rfc3339};

/// The booking part of a user's data export.
pub async fn export(db: &Db, user_id: i64) -> ApiResult<Value> {
    let bookings: Vec<ledger::BookingRow> = sqlx::query_as(&format!(
        "{} WHERE b.user_id = $1 ORDER BY b.starts_at",
        ledger::BOOKING_SELECT
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    type StrikeRow = (i64, i64, String, Option<String>, Option<String>);
    let strikes: Vec<StrikeRow> = sqlx::query_as(
        "SELECT booking_id, created_at, status, appeal_text, decision_note FROM booking_strikes WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let waitlist: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT venue_id, starts_at, ends_at, status FROM waitlist_entries WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let lotteries: Vec<(i64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT lottery_id, entry_no, weight, result FROM lottery_entries WHERE user_id = $1 ORDER BY lottery_id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(json!({
        "bookings": bookings.iter().map(|b| json!({
            "id": b.id, "venue": b.venue_zh, "status": b.status, "start": rfc3339(b.starts_at),
            "end": rfc3339(b.ends_at), "party_size": b.party_size, "purpose": b.purpose,
            "entry_code": b.entry_code, "created_at": rfc3339(b.created_at), "reason": b.reason,
        })).collect::<Vec<_>>(),
        "no_show_strikes": strikes.iter().map(|(b, at, status, appeal, note)| json!({
            "booking_id": b, "created_at": rfc3339(*at), "status": status, "appeal": appeal, "decision": note,
        })).collect::<Vec<_>>(),
        "waitlist": waitlist.iter().map(|(v, s, e, status)| json!({
            "venue_id": v, "start": rfc3339(*s), "end": rfc3339(*e), "status": status,
        })).collect::<Vec<_>>(),
        "lottery_entries": lotteries.iter().map(|(l, no, w, r)| json!({
            "lottery_id": l, "entry_no": no, "weight": w, "result": r,
        })).collect::<Vec<_>>(),
    }))
}

/// Before an account is deleted: its live bookings are cancelled (freeing their slots for the
/// waitlist), each in its own transaction.
pub async fn cancel_live(db: &Db, user_id: i64, now: i64) -> ApiResult<()> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM bookings WHERE user_id = $1 AND status IN ('held', 'pending', 'confirmed') AND ends_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    for id in ids {
        let b = flows::load(db, id).await?;
        flows::cancel(
            db,
            &b,
            app::api::Text::new("账号已注销", Some("Account deleted".into())),
            flows::By::Linli,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Inside the deletion transaction: erase what is personal and not needed by others.
pub async fn erase(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM calendar_feeds WHERE user_id = $1",
        "DELETE FROM idempotency_keys WHERE user_id = $1",
        "DELETE FROM booking_reminders WHERE user_id = $1",
        "DELETE FROM venue_approvers WHERE user_id = $1",
        "UPDATE waitlist_entries SET status = 'cancelled' WHERE user_id = $1 AND status IN ('waiting', 'offered')",
        "UPDATE bookings SET purpose = '' WHERE user_id = $1",
        "UPDATE booking_strikes SET appeal_text = CASE WHEN appeal_text IS NULL THEN NULL ELSE '' END WHERE user_id = $1",
        "DELETE FROM lottery_entries WHERE user_id = $1 AND result IS NULL",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}
