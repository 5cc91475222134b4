//! No-show strikes as stored: a resident's record, their appeal, and the staff decision on
//! it. What a strike means (counting, suspension, the appeal period) is in `strikes.rs`.
use super::{flows, ledger, strikes};
use crate::{
    Db, audit,
    error::{ApiError, ApiResult},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StrikeRow {
    pub id: i64,
    pub booking_id: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub status: String,
    pub appeal_text: Option<String>,
    pub decision_note: Option<String>,
    pub venue_id: i64,
    pub venue_zh: String,
    pub venue_en: Option<String>,
    pub region_id: i64,
    pub starts_at: i64,
    pub time_zone: String,
    pub booker_name: crate::accounts::PersonName,
    pub booker_phone: Option<String>,
}

const STRIKE_SELECT: &str = "SELECT s.id, s.booking_id, s.created_at, \
    s.expires_at, s.status, s.appeal_text, s.decision_note, b.venue_id, v.name_zh AS venue_zh, \
    v.name_en AS venue_en, v.region_id, b.starts_at, v.time_zone, u.display_name AS booker_name, \
    u.phone AS booker_phone FROM booking_strikes s JOIN bookings b ON b.id = s.booking_id \
    JOIN venues v ON v.id = b.venue_id JOIN users u ON u.id = s.user_id";

/// A strike, whoever it belongs to.
pub async fn strike(db: &Db, id: i64) -> Result<Option<StrikeRow>, sqlx::Error> {
    sqlx::query_as(&format!("{STRIKE_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// A strike if it belongs to the resident.
pub async fn own_strike(db: &Db, id: i64, user_id: i64) -> Result<Option<StrikeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{STRIKE_SELECT} WHERE s.id = $1 AND s.user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(db.pool())
    .await
}

/// Every strike of a resident, newest first.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<StrikeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{STRIKE_SELECT} WHERE s.user_id = $1 ORDER BY s.created_at DESC"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await
}

/// Appeals waiting for a decision at venues within the given regions (and below them),
/// oldest appeal first, at most 200.
pub async fn waiting_in(db: &Db, roots: &[i64]) -> Result<Vec<StrikeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{STRIKE_SELECT} WHERE s.status = 'appealed' AND v.region_id IN (SELECT descendant_id FROM \
         region_closure WHERE ancestor_id IN ({})) ORDER BY s.appealed_at LIMIT 200",
        crate::db::id_list(roots)
    ))
    .fetch_all(db.pool())
    .await
}

/// Records the resident's appeal of their strike. `false` when there is nothing to appeal:
/// not theirs, already appealed or decided, or past the appeal period.
pub async fn appeal(
    db: &Db,
    id: i64,
    user_id: i64,
    text: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE booking_strikes SET status = 'appealed', appeal_text = $3, appealed_at = $4 \
         WHERE id = $1 AND user_id = $2 AND status = 'active' AND created_at >= $5",
    )
    .bind(id)
    .bind(user_id)
    .bind(text)
    .bind(now)
    .bind(now - strikes::APPEAL_DAYS * strikes::DAY)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// Decides an appealed strike (overturned or upheld, with a note), audit-logs the decision and
/// tells the resident, all in one transaction (409 `strike_not_appealed` when it is not
/// waiting for a decision).
pub async fn decide(
    db: &Db,
    by: i64,
    row: &StrikeRow,
    overturn: bool,
    note: &str,
    now: i64,
) -> ApiResult<()> {
    let id = row.id;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE booking_strikes SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 \
         WHERE id = $1 AND status = 'appealed'",
    )
    .bind(id)
    .bind(if overturn { "overturned" } else { "upheld" })
    .bind(by)
    .bind(now)
    .bind(note)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(ApiError::conflict("strike_not_appealed"));
    }
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(by),
            action: "booking.appeal_decide",
            subject: format!("strike:{id}"),
            region: Some(row.region_id),
            detail: Some(crate::phrase::Phrase::new(if overturn {
                "audit_appeal_overturned"
            } else {
                "audit_appeal_upheld"
            })),
        },
        now,
    )
    .await?;
    // The resident hears the decision, on the transaction that records it.
    if let Some(b) = ledger::booking(&mut *tx, row.booking_id).await? {
        flows::tell_booker(&mut tx, &b, flows::Decided::Appeal(overturn, note), now).await?;
    }
    tx.commit().await?;
    Ok(())
}
