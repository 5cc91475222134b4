//! Fairness for residents: the waitlist, lotteries, no-show strikes with appeals, reminders.
use app::api::booking::{
    EnterLottery, JoinWaitlist, Lottery, LotteryEntry, LotteryList, LotteryStatus, MyLotteryEntry,
    NewAppeal, Reminder, ReminderList, Strike, StrikeRecord, StrikeStatus, WaitlistEntry,
    WaitlistList, WaitlistStatus,
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{instant, party_size, short_text, sweep};
use crate::{
    AppState, Db,
    accounts::CurrentUser,
    booking::{
        flows,
        lotteries::{self, LotteryRow, Published},
        lottery,
        rules::{Request, Waivers},
        strikes,
        venue::Venue,
        views::venue_ref,
        waitlist::{self, ENTRY_SELECT, EntryRow},
    },
    error::{ApiError, ApiResult},
    extract::{Json, Path, Query},
    time::rfc3339_in,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(join_waitlist))
        .routes(routes!(my_waitlist))
        .routes(routes!(leave_waitlist))
        .routes(routes!(list_lotteries))
        .routes(routes!(get_lottery))
        .routes(routes!(enter_lottery, withdraw_lottery))
        .routes(routes!(my_strikes))
        .routes(routes!(appeal))
        .routes(routes!(my_reminders))
        .routes(routes!(dismiss_reminder))
}

// ---- waitlist ----------------------------------------------------------------------------

async fn entry_view(db: &Db, e: &EntryRow) -> ApiResult<WaitlistEntry> {
    let tz = crate::time::tz(&e.time_zone);
    let status = WaitlistStatus::parse(&e.status).unwrap_or(WaitlistStatus::Expired);
    Ok(WaitlistEntry {
        id: e.id,
        venue: venue_ref(e.venue_id, &e.venue_zh, e.venue_en.as_deref()),
        start: rfc3339_in(e.starts_at, &tz),
        end: rfc3339_in(e.ends_at, &tz),
        party_size: u32::try_from(e.party_size).unwrap_or(1),
        status,
        position: if status == WaitlistStatus::Waiting {
            Some(waitlist::position(db, e).await?)
        } else {
            None
        },
        offer_booking_id: e.offer_booking_id,
        offer_expires_at: e
            .offer_expires_at
            .filter(|_| status == WaitlistStatus::Offered)
            .map(|t| rfc3339_in(t, &tz)),
        created_at: rfc3339_in(e.created_at, &tz),
    })
}

/// Joins the waitlist for a taken slot. When it frees up it is offered to the first in line
/// as a held booking to confirm within the venue's offer time, then to the next.
#[utoipa::path(post, path = "/waitlist", tag = "booking", request_body = JoinWaitlist,
    responses((status = 201, body = WaitlistEntry), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody, description = "slot_is_free, already_waiting"),
              (status = 422, body = app::api::ErrorBody)))]
async fn join_waitlist(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<JoinWaitlist>,
) -> ApiResult<(StatusCode, Json<WaitlistEntry>)> {
    let now = state.config.clock.now();
    let venue = Venue::load_public(&state.db, req.venue_id).await?;
    let r = Request {
        start: instant(&req.start, "start")?,
        end: instant(&req.end, "end")?,
        party_size: party_size(req.party_size)?,
    };
    sweep(&state.db, now).await;
    flows::check_not_suspended(&state.db, user.id, now).await?;
    flows::check_rules(&state.db, &venue, r, Waivers::default(), now).await?;
    // Advisory only (the ledger decides at offer time): joining the line for a free slot is
    // almost certainly a mistake, so say so.
    let grains = crate::booking::ledger::held_grains(&venue.rules, r.start, r.end);
    let free = match venue.rules.capacity_mode {
        app::api::booking::CapacityMode::Whole => {
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM booking_claims WHERE space_id IN ({}) AND slot_start >= $1 AND slot_start <= $2",
                crate::db::id_list(&venue.spaces)
            ))
            .bind(grains.first().copied().unwrap_or(0))
            .bind(grains.last().copied().unwrap_or(0))
            .fetch_one(state.db.pool())
            .await?;
            n == 0
        }
        app::api::booking::CapacityMode::PerPerson => {
            let full: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM slot_usage WHERE venue_id = $1 AND slot_start >= $2 AND slot_start < $3 AND used + $4 > capacity",
            )
            .bind(venue.id())
            .bind(r.start)
            .bind(r.end)
            .bind(i64::from(r.party_size))
            .fetch_one(state.db.pool())
            .await?;
            full == 0
        }
    };
    if free {
        return Err(ApiError::conflict("slot_is_free"));
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO waitlist_entries (venue_id, user_id, starts_at, ends_at, party_size, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(venue.id())
    .bind(user.id)
    .bind(r.start)
    .bind(r.end)
    .bind(i64::from(r.party_size))
    .bind(now)
    .fetch_optional(state.db.pool())
    .await?;
    let id = id.ok_or_else(|| ApiError::conflict("already_waiting"))?;
    let e = load_entry(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(entry_view(&state.db, &e).await?)))
}

async fn load_entry(db: &Db, id: i64) -> ApiResult<EntryRow> {
    sqlx::query_as(&format!("{ENTRY_SELECT} WHERE w.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("waitlist_entry_not_found"))
}

/// The caller's waitlist entries, with their place in line and any offer to accept.
#[utoipa::path(get, path = "/me/waitlist", tag = "booking",
    responses((status = 200, body = WaitlistList), (status = 401, body = app::api::ErrorBody)))]
async fn my_waitlist(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<WaitlistList>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let rows: Vec<EntryRow> = sqlx::query_as(&format!(
        "{ENTRY_SELECT} WHERE w.user_id = $1 AND w.ends_at > $2 ORDER BY w.starts_at, w.id LIMIT 100"
    ))
    .bind(user.id)
    .bind(now - 7 * 86_400)
    .fetch_all(state.db.pool())
    .await?;
    let mut items = Vec::new();
    for e in &rows {
        items.push(entry_view(&state.db, e).await?);
    }
    Ok(Json(WaitlistList { items }))
}

/// Leaves the waitlist (an open offer is declined, and moves on).
#[utoipa::path(delete, path = "/waitlist/{id}", tag = "booking", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = app::api::ErrorBody)))]
async fn leave_waitlist(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let now = state.config.clock.now();
    let e = load_entry(&state.db, id).await?;
    if e.user_id != user.id || !matches!(e.status.as_str(), "waiting" | "offered") {
        return Err(ApiError::not_found("waitlist_entry_not_found"));
    }
    if let Some(bid) = e.offer_booking_id.filter(|_| e.status == "offered") {
        let b = flows::load(&state.db, bid).await?;
        flows::cancel(&state.db, &b, "放弃候补名额".to_owned(), true, now).await?;
    }
    sqlx::query("UPDATE waitlist_entries SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status IN ('waiting', 'offered')")
        .bind(id)
        .bind(now)
        .execute(state.db.pool())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- lotteries ---------------------------------------------------------------------------

pub(super) async fn lottery_view(
    db: &Db,
    l: &LotteryRow,
    viewer: Option<i64>,
) -> ApiResult<Lottery> {
    let tz = crate::time::tz(&l.time_zone);
    let published: Option<Published> = l
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    let my_entry = match viewer {
        Some(uid) => {
            let row: Option<(i64, i64, Option<String>, Option<i64>)> = sqlx::query_as(
                "SELECT entry_no, weight, result, booking_id FROM lottery_entries WHERE lottery_id = $1 AND user_id = $2",
            )
            .bind(l.id)
            .bind(uid)
            .fetch_optional(db.pool())
            .await?;
            row.map(|(no, w, result, booking_id)| MyLotteryEntry {
                entry_no: u32::try_from(no).unwrap_or(0),
                weight: u32::try_from(w).unwrap_or(0),
                result,
                booking_id,
            })
        }
        None => None,
    };
    Ok(Lottery {
        id: l.id,
        venue: venue_ref(l.venue_id, &l.venue_zh, l.venue_en.as_deref()),
        start: rfc3339_in(l.starts_at, &tz),
        end: rfc3339_in(l.ends_at, &tz),
        opens_at: rfc3339_in(l.opens_at, &tz),
        closes_at: rfc3339_in(l.closes_at, &tz),
        status: LotteryStatus::parse(&l.status).unwrap_or(LotteryStatus::Open),
        seed_commitment: l.seed_commitment.clone(),
        seed: published.as_ref().map(|p| p.seed.clone()),
        algorithm: lottery::ALGORITHM.to_owned(),
        entry_count: u32::try_from(l.entry_count).unwrap_or(0),
        entries: published
            .as_ref()
            .map(|p| {
                p.entries
                    .iter()
                    .map(|(entry_no, weight, party_size)| LotteryEntry {
                        entry_no: *entry_no,
                        weight: *weight,
                        party_size: *party_size,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        order: published
            .as_ref()
            .map(|p| p.order.clone())
            .unwrap_or_default(),
        winners: published.map(|p| p.winners).unwrap_or_default(),
        my_entry,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct LotteryQuery {
    /// Only this venue's lotteries.
    venue_id: Option<i64>,
}

/// Lotteries that are open or were drawn in the last 30 days.
#[utoipa::path(get, path = "/lotteries", tag = "booking", params(LotteryQuery),
    responses((status = 200, body = LotteryList)))]
async fn list_lotteries(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(q): Query<LotteryQuery>,
) -> ApiResult<Json<LotteryList>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let rows: Vec<LotteryRow> = sqlx::query_as(&format!(
        "{} WHERE ($1 = 0 OR l.venue_id = $1) AND l.status <> 'cancelled' AND l.starts_at > $2 \
         ORDER BY l.starts_at, l.id LIMIT 100",
        lotteries::LOTTERY_SELECT
    ))
    .bind(q.venue_id.unwrap_or(0))
    .bind(now - 30 * 86_400)
    .fetch_all(state.db.pool())
    .await?;
    let mut items = Vec::new();
    for l in &rows {
        items.push(lottery_view(&state.db, l, user.as_ref().map(|u| u.id)).await?);
    }
    Ok(Json(LotteryList { items }))
}

/// A lottery with its commitment, and after the draw the seed, entries and order — enough for
/// anyone to re-run the draw.
#[utoipa::path(get, path = "/lotteries/{id}", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = Lottery), (status = 404, body = app::api::ErrorBody)))]
async fn get_lottery(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Lottery>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let l = lotteries::load(&state.db, id).await?;
    Ok(Json(lottery_view(&state.db, &l, user.map(|u| u.id)).await?))
}

/// Enters the lottery during its request window.
#[utoipa::path(post, path = "/lotteries/{id}/entries", tag = "booking", params(("id" = i64, Path)),
    request_body = EnterLottery,
    responses((status = 201, body = Lottery), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody, description = "lottery_closed, already_entered")))]
async fn enter_lottery(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<EnterLottery>,
) -> ApiResult<(StatusCode, Json<Lottery>)> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let l = lotteries::load(&state.db, id).await?;
    lotteries::enter(&state.db, &l, user.id, party_size(req.party_size)?, now).await?;
    let l = lotteries::load(&state.db, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(lottery_view(&state.db, &l, Some(user.id)).await?),
    ))
}

/// Withdraws the caller's entry before the draw.
#[utoipa::path(delete, path = "/lotteries/{id}/entries", tag = "booking", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody)))]
async fn withdraw_lottery(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let l = lotteries::load(&state.db, id).await?;
    lotteries::withdraw(&state.db, &l, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- strikes and appeals -----------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct StrikeRow {
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
    pub booker_name: String,
    pub booker_phone: Option<String>,
}

pub(super) const STRIKE_SELECT: &str = "SELECT s.id, s.booking_id, s.created_at, \
    s.expires_at, s.status, s.appeal_text, s.decision_note, b.venue_id, v.name_zh AS venue_zh, \
    v.name_en AS venue_en, v.region_id, b.starts_at, v.time_zone, u.display_name AS booker_name, \
    u.phone AS booker_phone FROM booking_strikes s JOIN bookings b ON b.id = s.booking_id \
    JOIN venues v ON v.id = b.venue_id JOIN users u ON u.id = s.user_id";

pub(super) fn strike_view(s: &StrikeRow, now: i64, staff: bool) -> Strike {
    let tz = crate::time::tz(&s.time_zone);
    let stored = StrikeStatus::parse(&s.status).unwrap_or(StrikeStatus::Active);
    Strike {
        id: s.id,
        booking_id: s.booking_id,
        venue: venue_ref(s.venue_id, &s.venue_zh, s.venue_en.as_deref()),
        booking_start: rfc3339_in(s.starts_at, &tz),
        created_at: rfc3339_in(s.created_at, &tz),
        expires_at: rfc3339_in(s.expires_at, &tz),
        status: strikes::shown_status(stored, s.created_at, now),
        appeal: s.appeal_text.clone(),
        decision_note: s.decision_note.clone(),
        appeal_until: rfc3339_in(s.created_at + strikes::APPEAL_DAYS * strikes::DAY, &tz),
        can_appeal: !staff && strikes::can_appeal(stored, s.created_at, now),
        booker: staff.then(|| app::api::booking::Booker {
            name: s.booker_name.clone(),
            phone_masked: crate::accounts::views::masked_phone(s.booker_phone.as_deref()),
        }),
    }
}

fn days_u32(d: i64) -> u32 {
    u32::try_from(d).unwrap_or(0)
}

/// The caller's no-show record: every strike, which count, and any suspension with its end.
#[utoipa::path(get, path = "/me/strikes", tag = "booking",
    responses((status = 200, body = StrikeRecord), (status = 401, body = app::api::ErrorBody)))]
async fn my_strikes(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<StrikeRecord>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let rows: Vec<StrikeRow> = sqlx::query_as(&format!(
        "{STRIKE_SELECT} WHERE s.user_id = $1 ORDER BY s.created_at DESC"
    ))
    .bind(user.id)
    .fetch_all(state.db.pool())
    .await?;
    let facts = flows::strike_facts(&state.db, user.id).await?;
    Ok(Json(StrikeRecord {
        strikes: rows.iter().map(|s| strike_view(s, now, false)).collect(),
        counting: u32::try_from(strikes::counting(&facts, now)).unwrap_or(0),
        threshold: u32::try_from(strikes::THRESHOLD).unwrap_or(3),
        window_days: days_u32(strikes::WINDOW_DAYS),
        suspension_days: days_u32(strikes::SUSPENSION_DAYS),
        suspended_until: strikes::suspended_until(&facts, now).map(crate::time::rfc3339),
    }))
}

/// Appeals a strike (once, within 14 days); staff of the venue's community decide.
#[utoipa::path(post, path = "/me/strikes/{id}/appeal", tag = "booking", params(("id" = i64, Path)),
    request_body = NewAppeal,
    responses((status = 200, body = Strike), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody, description = "appeal_closed"), (status = 422, body = app::api::ErrorBody)))]
async fn appeal(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<NewAppeal>,
) -> ApiResult<Json<Strike>> {
    let now = state.config.clock.now();
    let text = short_text(Some(&req.text), 500, "invalid_appeal", "text")?;
    let done = sqlx::query(
        "UPDATE booking_strikes SET status = 'appealed', appeal_text = $3, appealed_at = $4 \
         WHERE id = $1 AND user_id = $2 AND status = 'active' AND created_at >= $5",
    )
    .bind(id)
    .bind(user.id)
    .bind(&text)
    .bind(now)
    .bind(now - strikes::APPEAL_DAYS * strikes::DAY)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    let row: Option<StrikeRow> = sqlx::query_as(&format!(
        "{STRIKE_SELECT} WHERE s.id = $1 AND s.user_id = $2"
    ))
    .bind(id)
    .bind(user.id)
    .fetch_optional(state.db.pool())
    .await?;
    let row = row.ok_or_else(|| ApiError::not_found("strike_not_found"))?;
    if done != 1 {
        return Err(ApiError::conflict("appeal_closed"));
    }
    Ok(Json(strike_view(&row, now, false)))
}

// ---- reminders ---------------------------------------------------------------------------

/// Reminders that are due: confirmed bookings starting soon, not yet dismissed.
#[utoipa::path(get, path = "/me/reminders", tag = "booking",
    responses((status = 200, body = ReminderList), (status = 401, body = app::api::ErrorBody)))]
async fn my_reminders(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<ReminderList>> {
    let now = state.config.clock.now();
    type ReminderRow = (i64, i64, i64, String, Option<String>, i64, i64, String);
    let rows: Vec<ReminderRow> = sqlx::query_as(
        "SELECT r.id, r.booking_id, b.venue_id, v.name_zh, v.name_en, b.starts_at, r.remind_at, v.time_zone \
         FROM booking_reminders r JOIN bookings b ON b.id = r.booking_id JOIN venues v ON v.id = b.venue_id \
         WHERE r.user_id = $1 AND r.dismissed_at IS NULL AND r.remind_at <= $2 AND b.starts_at > $2 \
         AND b.status = 'confirmed' ORDER BY b.starts_at LIMIT 50",
    )
    .bind(user.id)
    .bind(now)
    .fetch_all(state.db.pool())
    .await?;
    Ok(Json(ReminderList {
        items: rows
            .into_iter()
            .map(
                |(id, booking_id, venue_id, zh, en, start, remind_at, zone)| {
                    let tz = crate::time::tz(&zone);
                    Reminder {
                        id,
                        booking_id,
                        venue: venue_ref(venue_id, &zh, en.as_deref()),
                        start: rfc3339_in(start, &tz),
                        remind_at: rfc3339_in(remind_at, &tz),
                    }
                },
            )
            .collect(),
    }))
}

/// Dismisses a reminder.
#[utoipa::path(post, path = "/me/reminders/{id}/dismiss", tag = "booking", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = app::api::ErrorBody)))]
async fn dismiss_reminder(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let now = state.config.clock.now();
    let n = sqlx::query(
        "UPDATE booking_reminders SET dismissed_at = $3 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user.id)
    .bind(now)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(ApiError::not_found("reminder_not_found"));
    }
    Ok(StatusCode::NO_CONTENT)
}
