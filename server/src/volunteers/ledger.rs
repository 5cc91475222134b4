//! Movements of the hours ledger and the time bank, each inside the caller's transaction so a
//! movement is written whole or not at all. Hours exist only once confirmed (a shift's
//! attendance, a help request completed) or as a correction with its reason; every confirmed
//! minute credits the volunteer's balance; help served moves minutes from the requester's
//! balance to the helper's. Debits are conditional UPDATEs against the policy's floor, so two
//! debits of one balance at once can never take it below the floor (the CHECK stands behind).
use sqlx::AnyConnection;

use super::store::{self, HelpRow, NewBankEntry, NewHours, VolunteerRow};
use crate::error::{ApiError, ApiResult, Problem};

fn below_floor(floor: i64) -> ApiError {
    ApiError::Conflict(Problem::new("balance_below_floor").param("floor", floor))
}

/// Credits minutes of a ledger line to the volunteer's balance.
async fn earn(
    conn: &mut AnyConnection,
    user: i64,
    hours_id: i64,
    kind: &'static str,
    minutes: i64,
    by: i64,
    now: i64,
) -> ApiResult<()> {
    store::ensure_account(&mut *conn, user, now).await?;
    let balance = store::credit(&mut *conn, user, minutes, now).await?;
    store::insert_bank_entry(
        &mut *conn,
        &NewBankEntry {
            user_id: user,
            kind,
            minutes,
            balance_after: balance,
            hours_id: Some(hours_id),
            help_request_id: None,
            reason: None,
            by,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Confirms a shift's hours: the ledger line (at most one per sign-up) and its credit.
pub async fn confirm_shift(
    conn: &mut AnyConnection,
    v: &VolunteerRow,
    signup_id: i64,
    minutes: i64,
    served_at: i64,
    by: i64,
    now: i64,
) -> ApiResult<i64> {
    let line = NewHours {
        volunteer_id: v.id,
        kind: "shift",
        minutes,
        signup_id: Some(signup_id),
        help_request_id: None,
        corrects_id: None,
        reason: None,
        served_at,
        by,
    };
    let id = store::insert_hours(&mut *conn, &line, now)
        .await?
        .ok_or_else(|| ApiError::conflict("hours_already_confirmed"))?;
    earn(conn, v.user_id, id, "earned", minutes, by, now).await?;
    Ok(id)
}

/// A correction of a volunteer's hours.
pub struct Correction<'a> {
    pub minutes: i64,
    pub reason: &'a str,
    pub corrects: Option<i64>,
}

/// A correction: a new ledger line with its reason, and the balance follows (a negative
/// correction is refused when the balance would fall below the floor).
pub async fn correct(
    conn: &mut AnyConnection,
    v: &VolunteerRow,
    c: &Correction<'_>,
    floor: i64,
    by: i64,
    now: i64,
) -> ApiResult<i64> {
    let (minutes, reason) = (c.minutes, c.reason);
    let line = NewHours {
        volunteer_id: v.id,
        kind: "correction",
        minutes,
        signup_id: None,
        help_request_id: None,
        corrects_id: c.corrects,
        reason: Some(reason),
        served_at: now,
        by,
    };
    let id = store::insert_hours(&mut *conn, &line, now)
        .await?
        .ok_or_else(|| ApiError::Internal("correction refused".into()))?;
    store::ensure_account(&mut *conn, v.user_id, now).await?;
    let balance = if minutes > 0 {
        store::credit(&mut *conn, v.user_id, minutes, now).await?
    } else {
        store::debit(&mut *conn, v.user_id, -minutes, floor, now)
            .await?
            .ok_or_else(|| below_floor(floor))?
    };
    store::insert_bank_entry(
        &mut *conn,
        &NewBankEntry {
            user_id: v.user_id,
            kind: "correction",
            minutes,
            balance_after: balance,
            hours_id: Some(id),
            help_request_id: None,
            reason: Some(reason),
            by,
        },
        now,
    )
    .await?;
    Ok(id)
}

/// Hours a social worker grants a resident in hardship: a bank line only (no service was
/// given, so no ledger line).
pub async fn grant(
    conn: &mut AnyConnection,
    user: i64,
    minutes: i64,
    reason: &str,
    by: i64,
    now: i64,
) -> ApiResult<i64> {
    store::ensure_account(&mut *conn, user, now).await?;
    let balance = store::credit(&mut *conn, user, minutes, now).await?;
    Ok(store::insert_bank_entry(
        &mut *conn,
        &NewBankEntry {
            user_id: user,
            kind: "grant",
            minutes,
            balance_after: balance,
            hours_id: None,
            help_request_id: None,
            reason: Some(reason),
            by,
        },
        now,
    )
    .await?)
}

/// A help request served: closed as done, `minutes` debited from the requester (never below
/// the floor) and credited to the helper with a ledger line, all or nothing.
pub async fn serve_help(
    conn: &mut AnyConnection,
    q: &HelpRow,
    helper: &VolunteerRow,
    minutes: i64,
    floor: i64,
    by: i64,
    now: i64,
) -> ApiResult<()> {
    if !store::complete_help(&mut *conn, q.id, minutes, by, now).await? {
        return Err(ApiError::conflict("help_request_not_matched"));
    }
    store::ensure_account(&mut *conn, q.requester_id, now).await?;
    let balance = store::debit(&mut *conn, q.requester_id, minutes, floor, now)
        .await?
        .ok_or_else(|| below_floor(floor))?;
    store::insert_bank_entry(
        &mut *conn,
        &NewBankEntry {
            user_id: q.requester_id,
            kind: "spent",
            minutes: -minutes,
            balance_after: balance,
            hours_id: None,
            help_request_id: Some(q.id),
            reason: None,
            by,
        },
        now,
    )
    .await?;
    let line = NewHours {
        volunteer_id: helper.id,
        kind: "help",
        minutes,
        signup_id: None,
        help_request_id: Some(q.id),
        corrects_id: None,
        reason: None,
        served_at: q.starts_at.min(now),
        by,
    };
    let id = store::insert_hours(&mut *conn, &line, now)
        .await?
        .ok_or_else(|| ApiError::conflict("hours_already_confirmed"))?;
    earn(conn, helper.user_id, id, "earned", minutes, by, now).await
}
