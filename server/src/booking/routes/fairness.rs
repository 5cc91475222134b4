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
        appeals::{self, StrikeRow},
        flows,
        lotteries::{self, LotteryRow, Published},
        lottery, reminders,
        rules::{Request, Waivers},
        strikes,
        venue::Venue,
        views::venue_ref,
        waitlist::{self, EntryRow},
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
    if waitlist::looks_free(&state.db, &venue, r).await? {
        return Err(ApiError::conflict("slot_is_free"));
    }
    let id = waitlist::join(&state.db, venue.id(), user.id, r, now)
        .await?
        .ok_or_else(|| ApiError::conflict("already_waiting"))?;
    let e = waitlist::load(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(entry_view(&state.db, &e).await?)))
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
    let rows = waitlist::of_user(&state.db, user.id, now).await?;
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
    let e = waitlist::load(&state.db, id).await?;
    if e.user_id != user.id || !matches!(e.status.as_str(), "waiting" | "offered") {
        return Err(ApiError::not_found("waitlist_entry_not_found"));
    }
    if let Some(bid) = e.offer_booking_id.filter(|_| e.status == "offered") {
        let b = flows::load(&state.db, bid).await?;
        flows::cancel(
            &state.db,
            &b,
            app::api::Text::new("放弃候补名额", Some("Waitlist place declined".into())),
            flows::By::Linli,
            now,
        )
        .await?;
    }
    waitlist::leave(&state.db, id, now).await?;
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
        Some(uid) => lotteries::entry_of(db, l.id, uid)
            .await?
            .map(|e| MyLotteryEntry {
                entry_no: u32::try_from(e.entry_no).unwrap_or(0),
                weight: u32::try_from(e.weight).unwrap_or(0),
                result: e.result,
                booking_id: e.booking_id,
            }),
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
    let rows = lotteries::list(&state.db, q.venue_id.unwrap_or(0), now - 30 * 86_400).await?;
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
            name: s.booker_name.shown(),
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
    let rows = appeals::of_user(&state.db, user.id).await?;
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
    let done = appeals::appeal(&state.db, id, user.id, &text, now).await?;
    let row = appeals::own_strike(&state.db, id, user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("strike_not_found"))?;
    if !done {
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
    let rows = reminders::due(&state.db, user.id, now).await?;
    Ok(Json(ReminderList {
        items: rows
            .into_iter()
            .map(|r| {
                let tz = crate::time::tz(&r.time_zone);
                Reminder {
                    id: r.id,
                    booking_id: r.booking_id,
                    venue: venue_ref(r.venue_id, &r.name_zh, r.name_en.as_deref()),
                    start: rfc3339_in(r.starts_at, &tz),
                    remind_at: rfc3339_in(r.remind_at, &tz),
                }
            })
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
    if !reminders::dismiss(&state.db, id, user.id, now).await? {
        return Err(ApiError::not_found("reminder_not_found"));
    }
    Ok(StatusCode::NO_CONTENT)
}
