//! Lotteries for oversubscribed peak slots: creation (the slot is kept by a placeholder
//! booking and the seed committed), entries during the request window, and the draw. The pure
//! draw is in `lottery.rs`.
use app::api::booking::{BookingKind, BookingStatus, CapacityMode};
use serde::{Deserialize, Serialize};

use super::{
    flows::{self, Spec},
    ledger,
    lottery::{self, Entry},
    strikes,
    venue::Venue,
};
use crate::{
    Db, audit,
    error::{ApiError, ApiResult},
    phrase::Phrase,
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LotteryRow {
    pub id: i64,
    pub venue_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub party_size: i64,
    pub status: String,
    pub seed_secret: String,
    pub seed_commitment: String,
    pub result: Option<String>,
    pub venue_zh: String,
    pub venue_en: Option<String>,
    pub time_zone: String,
    pub entry_count: i64,
}

pub const LOTTERY_SELECT: &str = "SELECT l.id, l.venue_id, l.starts_at, l.ends_at, l.opens_at, \
    l.closes_at, l.party_size, l.status, l.seed_secret, l.seed_commitment, l.result, \
    v.name_zh AS venue_zh, v.name_en AS venue_en, v.time_zone, \
    (SELECT COUNT(*) FROM lottery_entries e WHERE e.lottery_id = l.id) AS entry_count \
    FROM lotteries l JOIN venues v ON v.id = l.venue_id";

/// What is published at the draw (stored as JSON on the lottery).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Published {
    pub seed: String,
    pub entries: Vec<(u32, u32, u32)>,
    pub order: Vec<u32>,
    pub winners: Vec<u32>,
}

pub async fn load(db: &Db, id: i64) -> ApiResult<LotteryRow> {
    sqlx::query_as(&format!("{LOTTERY_SELECT} WHERE l.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("lottery_not_found"))
}

/// Lotteries of one venue (`0`: of all venues), not cancelled, for slots starting after
/// `since`; soonest first, at most 100.
pub async fn list(db: &Db, venue_id: i64, since: i64) -> Result<Vec<LotteryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE ($1 = 0 OR l.venue_id = $1) AND l.status <> 'cancelled' AND l.starts_at > $2 \
         ORDER BY l.starts_at, l.id LIMIT 100",
        LOTTERY_SELECT
    ))
    .bind(venue_id)
    .bind(since)
    .fetch_all(db.pool())
    .await
}

/// A resident's own entry in a lottery, with its result once drawn.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnEntry {
    pub entry_no: i64,
    pub weight: i64,
    pub result: Option<String>,
    pub booking_id: Option<i64>,
}

/// The resident's entry in the lottery, if they entered.
pub async fn entry_of(
    db: &Db,
    lottery_id: i64,
    user_id: i64,
) -> Result<Option<OwnEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entry_no, weight, result, booking_id FROM lottery_entries WHERE lottery_id = $1 AND user_id = $2",
    )
    .bind(lottery_id)
    .bind(user_id)
    .fetch_optional(db.pool())
    .await
}

/// The slot a lottery gives away and the window in which residents enter (Unix seconds).
#[derive(Debug, Clone, Copy)]
pub struct Times {
    pub start: i64,
    pub end: i64,
    pub opens_at: i64,
    pub closes_at: i64,
}

/// Creates a lottery: commits to a fresh seed and keeps the slot with a placeholder booking,
/// so nobody can book it directly before the draw (409 `slot_taken` if it is already taken).
/// `by` is the staff member who opened it, named in the audit entry written with it.
pub async fn create(db: &Db, venue: &Venue, times: Times, by: i64, now: i64) -> ApiResult<i64> {
    let Times {
        start,
        end,
        opens_at,
        closes_at,
    } = times;
    let seed = lottery::new_seed();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO lotteries (venue_id, starts_at, ends_at, opens_at, closes_at, seed_secret, \
         seed_commitment, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(venue.id())
    .bind(start)
    .bind(end)
    .bind(opens_at)
    .bind(closes_at)
    .bind(lottery::hex(&seed))
    .bind(lottery::commitment(&seed))
    .bind(by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    flows::insert_in_tx(
        &mut tx,
        &Spec {
            venue,
            user_id: None,
            kind: BookingKind::Lottery,
            start,
            end,
            party_size: venue.rules.capacity,
            // Shown in the reader's language (`views::purpose`).
            purpose: String::new(),
            status: BookingStatus::Confirmed,
            hold_until: None,
            count_quota: false,
            force_hold: true,
            created_by: Some(by),
            series_id: None,
            lottery_id: Some(id),
            waitlist_offer: false,
        },
        now,
    )
    .await?;
    let opened = audit::Event::new(
        by,
        "booking.lottery_create",
        format!("lottery:{id}"),
        Some(venue.row.region_id),
    )
    .saying(Phrase::new("audit_lottery_venue").param("venue", venue.id()));
    audit::commit(tx, [opened], now).await?;
    Ok(id)
}

/// Lotteries a resident lost in the last [`lottery::RECENT_LOSS_DAYS`] days.
async fn recent_losses(db: &Db, user_id: i64, now: i64) -> ApiResult<u32> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM lottery_entries e JOIN lotteries l ON l.id = e.lottery_id \
         WHERE e.user_id = $1 AND e.result = 'lost' AND l.drawn_at > $2",
    )
    .bind(user_id)
    .bind(now - lottery::RECENT_LOSS_DAYS * strikes::DAY)
    .fetch_one(db.pool())
    .await?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// Enters a resident during the request window; returns the entry number.
pub async fn enter(
    db: &Db,
    l: &LotteryRow,
    user_id: i64,
    party_size: u32,
    now: i64,
) -> ApiResult<u32> {
    if l.status != "open" || now < l.opens_at || now >= l.closes_at {
        return Err(ApiError::conflict("lottery_closed"));
    }
    flows::check_not_suspended(db, user_id, now).await?;
    let venue = Venue::load_public(db, l.venue_id).await?;
    if party_size == 0 || party_size > venue.rules.capacity {
        return Err(ApiError::Invalid(
            crate::error::Problem::new("rule_capacity")
                .field("party_size")
                .param("capacity", venue.rules.capacity),
        ));
    }
    let strikes = strikes::counting(&flows::strike_facts(db, user_id).await?, now);
    let weight = lottery::weight(
        recent_losses(db, user_id, now).await?,
        u32::try_from(strikes).unwrap_or(u32::MAX),
    );
    for _ in 0..20 {
        let no: Option<i64> = sqlx::query_scalar(
            "INSERT INTO lottery_entries (lottery_id, entry_no, user_id, weight, party_size, created_at) \
             SELECT $1, COALESCE(MAX(entry_no), 0) + 1, $2, $3, $4, $5 FROM lottery_entries WHERE lottery_id = $1 \
             ON CONFLICT DO NOTHING RETURNING entry_no",
        )
        .bind(l.id)
        .bind(user_id)
        .bind(i64::from(weight))
        .bind(i64::from(party_size))
        .bind(now)
        .fetch_optional(db.pool())
        .await?;
        if let Some(no) = no {
            return Ok(u32::try_from(no).unwrap_or(0));
        }
        let mine: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM lottery_entries WHERE lottery_id = $1 AND user_id = $2",
        )
        .bind(l.id)
        .bind(user_id)
        .fetch_one(db.pool())
        .await?;
        if mine > 0 {
            return Err(ApiError::conflict("already_entered"));
        }
    }
    Err(ApiError::Unavailable)
}

/// Withdraws a resident's entry before the draw.
pub async fn withdraw(db: &Db, l: &LotteryRow, user_id: i64) -> ApiResult<()> {
    if l.status != "open" {
        return Err(ApiError::conflict("lottery_closed"));
    }
    let n = sqlx::query("DELETE FROM lottery_entries WHERE lottery_id = $1 AND user_id = $2")
        .bind(l.id)
        .bind(user_id)
        .execute(db.pool())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::not_found("lottery_entry_not_found"));
    }
    Ok(())
}

/// The entries as drawn: (entry_no, weight, party_size, user_id).
async fn entries(db: &Db, lottery_id: i64) -> ApiResult<Vec<(i64, i64, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT entry_no, weight, party_size, user_id FROM lottery_entries WHERE lottery_id = $1 ORDER BY entry_no",
    )
    .bind(lottery_id)
    .fetch_all(db.pool())
    .await?)
}

fn u(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// Tells one entrant the draw's outcome (in-app and by SMS), on the draw's transaction.
async fn tell_entrant(
    conn: &mut sqlx::AnyConnection,
    l: &LotteryRow,
    user_id: i64,
    booking_id: Option<i64>,
    status: BookingStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    use crate::notifications::{Channels, Notice, notify};
    use app::api::Text;
    let when = crate::time::local(l.starts_at, &crate::time::tz(&l.time_zone), "%m-%d %H:%M");
    let venue_en = l.venue_en.clone().unwrap_or_else(|| l.venue_zh.clone());
    let (kind, title, body, link) = match booking_id {
        Some(booking) => {
            let (zh, en) = if status == BookingStatus::Pending {
                (
                    "已为您提交预约，待工作人员审核。",
                    "your booking awaits the staff's approval.",
                )
            } else {
                (
                    "已为您预约成功，凭入场码入场。",
                    "you are booked; show your entry code at the door.",
                )
            };
            (
                "lottery.won",
                Text::new("抽签中签", Some("You won the draw".into())),
                Text::new(
                    format!("{} {when}：{zh}", l.venue_zh),
                    Some(format!("{venue_en}, {when}: {en}")),
                ),
                format!("/bookings/{booking}"),
            )
        }
        None => (
            "lottery.lost",
            Text::new("本次抽签未中签", Some("Not drawn this time".into())),
            Text::new(
                format!(
                    "{} {when}：本次未中签。您已按抽签顺序进入候补，有空位会第一时间通知您。",
                    l.venue_zh
                ),
                Some(format!(
                    "{venue_en}, {when}: not drawn. You are on the waitlist in drawn order and will be told if a place frees up."
                )),
            ),
            format!("/lotteries/{}", l.id),
        ),
    };
    notify(
        conn,
        &Notice {
            user_id,
            kind,
            title,
            body,
            link: Some(link),
            channels: Channels::SMS,
        },
        now,
    )
    .await
}

/// Draws a lottery whose window has closed: publishes the seed, the entries and the order;
/// books the winners into the slot the placeholder kept; puts the others on the waitlist in
/// drawn order. Exactly once: the status changes from `open` to `drawn` in the same transaction.
pub async fn draw(db: &Db, id: i64, now: i64) -> ApiResult<()> {
    let l = load(db, id).await?;
    if l.status != "open" {
        return Err(ApiError::conflict("lottery_drawn"));
    }
    if now < l.closes_at {
        return Err(ApiError::conflict("lottery_still_open"));
    }
    let venue = Venue::load(db, l.venue_id).await?;
    let rows = entries(db, l.id).await?;
    let list: Vec<Entry> = rows
        .iter()
        .map(|(no, w, p, _)| Entry {
            entry_no: u(*no),
            weight: u(*w),
            party_size: u(*p),
        })
        .collect();
    let seed = lottery::unhex(&l.seed_secret)
        .ok_or_else(|| ApiError::Internal(format!("lottery {id}: bad seed")))?;
    let order = lottery::draw(&seed, &list);
    let places =
        (venue.rules.capacity_mode == CapacityMode::PerPerson).then_some(venue.rules.capacity);
    let winners = lottery::winners(&order, &list, places);
    let published = Published {
        seed: l.seed_secret.clone(),
        entries: list
            .iter()
            .map(|e| (e.entry_no, e.weight, e.party_size))
            .collect(),
        order: order.clone(),
        winners: winners.clone(),
    };
    let json = serde_json::to_string(&published)
        .map_err(|e| ApiError::Internal(format!("lottery json: {e}")))?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE lotteries SET status = 'drawn', result = $2, drawn_at = $3 WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(&json)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(ApiError::conflict("lottery_drawn"));
    }
    let placeholder: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM bookings WHERE lottery_id = $1 AND kind = 'lottery' AND status = 'confirmed'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(pid) = placeholder
        && let Some(p) = ledger::booking(&mut *tx, pid).await?
    {
        ledger::set_status(
            &mut tx,
            pid,
            BookingStatus::Confirmed,
            BookingStatus::Cancelled,
            &ledger::Change::because(app::api::Text::new(
                "抽签完成",
                Some("Lottery drawn".into()),
            )),
            now,
        )
        .await?;
        ledger::release(&mut tx, &p, false).await?;
    }
    let status = if venue.approval_required() {
        BookingStatus::Pending
    } else {
        BookingStatus::Confirmed
    };
    for (no, _, party, user) in &rows {
        let won = winners.contains(&u(*no));
        let booking_id = if won {
            Some(
                flows::insert_in_tx(
                    &mut tx,
                    &Spec {
                        venue: &venue,
                        user_id: Some(*user),
                        kind: BookingKind::Booking,
                        start: l.starts_at,
                        end: l.ends_at,
                        party_size: u(*party),
                        purpose: String::new(),
                        status,
                        hold_until: None,
                        count_quota: false,
                        force_hold: true,
                        created_by: None,
                        series_id: None,
                        lottery_id: Some(id),
                        waitlist_offer: false,
                    },
                    now,
                )
                .await?,
            )
        } else {
            None
        };
        sqlx::query("UPDATE lottery_entries SET result = $3, booking_id = $4 WHERE lottery_id = $1 AND entry_no = $2")
            .bind(id)
            .bind(*no)
            .bind(if won { "won" } else { "lost" })
            .bind(booking_id)
            .execute(&mut *tx)
            .await?;
        tell_entrant(&mut tx, &l, *user, booking_id, status, now).await?;
    }
    // The others wait in drawn order for a slot that frees up.
    for (rank, no) in order.iter().enumerate() {
        if winners.contains(no) {
            continue;
        }
        if let Some((_, _, party, user)) = rows.iter().find(|r| u(r.0) == *no) {
            sqlx::query(
                "INSERT INTO waitlist_entries (venue_id, user_id, starts_at, ends_at, party_size, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
            )
            .bind(l.venue_id)
            .bind(*user)
            .bind(l.starts_at)
            .bind(l.ends_at)
            .bind(*party)
            .bind(now + i64::try_from(rank).unwrap_or(0))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    tracing::info!(
        lottery = id,
        entries = rows.len(),
        winners = winners.len(),
        "lottery drawn"
    );
    Ok(())
}
