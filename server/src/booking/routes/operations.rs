//! Staff operations: the approval queue, venue calendar, check-in by entry code, decisions,
//! no-shows, bookings on a resident's behalf and blocks, appeals, lotteries, utilisation.
use app::api::{
    accounts::Role,
    booking::{
        AppealDecision, Booking, BookingKind, BookingList, BookingStatus, CheckIn, DayUse,
        Decision, Lottery, NewLottery, StaffBooking, StrikeList, UtilisationReport,
    },
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    date_range,
    fairness::{lottery_view, strike_view},
    instant, party_size, purpose, short_text, sweep,
};
use crate::{
    AppState, Db,
    accounts::{
        CurrentUser, PhoneNumber,
        session::{RoleSet, WithRole},
    },
    audit,
    booking::{
        AppealDeciders, VenueStaff, appeals,
        flows::{self, Spec},
        ledger::BookingRow,
        lists, lotteries,
        rules::{Request, Waivers},
        venue::Venue,
        views::{self, Audience},
    },
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    phrase::Phrase,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(approvals))
        .routes(routes!(venue_bookings))
        .routes(routes!(check_in))
        .routes(routes!(report))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(staff_cancel))
        .routes(routes!(no_show))
        .routes(routes!(staff_book))
        .routes(routes!(appeals))
        .routes(routes!(decide_appeal))
        .routes(routes!(create_lottery))
        .routes(routes!(draw_lottery))
}

/// Community staff who act for residents and decide (not administrators).
const COMMUNITY: &[Role] = &[Role::CommitteeMember, Role::WorkstationStaff];

/// The answer to a staff action on booking `id` (which wrote its audit entry with the change):
/// the booking as it now is.
async fn acted(state: &AppState, id: i64, now: i64) -> ApiResult<Json<Booking>> {
    let b = flows::load(&state.db, id).await?;
    Ok(Json(views::booking(&b, Audience::Staff, now)?))
}

fn staff_views(rows: &[BookingRow], now: i64) -> ApiResult<Vec<Booking>> {
    rows.iter()
        .map(|b| views::booking(b, Audience::Staff, now))
        .collect()
}

/// Pending bookings of the venues within the caller's region, soonest first, each with the
/// step it waits for (the school first, then the community).
#[utoipa::path(get, path = "/staff/approvals", tag = "booking-staff",
    responses((status = 200, body = BookingList), (status = 403, body = app::api::ErrorBody)))]
async fn approvals(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
) -> ApiResult<Json<BookingList>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let roots = user.scope_roots(VenueStaff::ROLES);
    let rows = lists::pending_in(&state.db, &roots).await?;
    Ok(Json(BookingList {
        items: staff_views(&rows, now)?,
        next_cursor: None,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RangeQuery {
    from: String,
    /// Inclusive; at most 31 days after `from` (92 for reports).
    to: String,
}

fn day_bounds(venue: &Venue, from: jiff::civil::Date, to: jiff::civil::Date) -> (i64, i64) {
    let at = |d: jiff::civil::Date| {
        d.to_zoned_datetime(venue.tz.clone())
            .map(|z| z.timestamp().as_second())
            .unwrap_or(0)
    };
    (at(from), to.tomorrow().map(at).unwrap_or(at(to)))
}

/// The venue calendar: every booking (and block) of a venue and the venues sharing its
/// spaces, in a date range, with who booked (masked phone).
#[utoipa::path(get, path = "/staff/venues/{id}/bookings", tag = "booking-staff", params(("id" = i64, Path), RangeQuery),
    responses((status = 200, body = BookingList), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn venue_bookings(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Json<BookingList>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let (from, to) = date_range(&q.from, &q.to, 31)?;
    sweep(&state.db, now).await;
    let (start, end) = day_bounds(&venue, from, to);
    let sharing = crate::booking::store::overlapping_venues(&state.db, id).await?;
    let rows = lists::of_venues(&state.db, &sharing, start, end).await?;
    Ok(Json(BookingList {
        items: staff_views(&rows, now)?,
        next_cursor: None,
    }))
}

/// Checks a resident in by the entry code shown at the door (30 minutes before the start
/// until the end).
#[utoipa::path(post, path = "/staff/venues/{id}/checkin", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = CheckIn,
    responses((status = 200, body = Booking), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody)))]
async fn check_in(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Json(req): Json<CheckIn>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let code: String = req.code.chars().filter(char::is_ascii_digit).collect();
    if code.len() != 8 {
        return Err(ApiError::NotFound(
            Problem::new("entry_code_not_found").field("code"),
        ));
    }
    let bid = flows::check_in(&state.db, &user, id, &code, now).await?;
    acted(&state, bid, now).await
}

/// Hours booked against hours open, and the no-show rate, per day of a period.
#[utoipa::path(get, path = "/staff/venues/{id}/report", tag = "booking-staff", params(("id" = i64, Path), RangeQuery),
    responses((status = 200, body = UtilisationReport), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Json<UtilisationReport>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let (from, to) = date_range(&q.from, &q.to, 92)?;
    sweep(&state.db, now).await;
    let (start, end) = day_bounds(&venue, from, to);
    let rows = lists::used(&state.db, id, start, end).await?;
    let schedule = venue.schedule(&state.db, from, to).await?;
    let calendar = Venue::calendar(&state.db).await?;
    let mut days = Vec::new();
    let mut d = from;
    while d <= to {
        let (ds, de) = day_bounds(&venue, d, d);
        let booked: i64 = rows
            .iter()
            .filter(|r| r.kind == "booking" && r.starts_at >= ds && r.starts_at < de)
            .map(|r| r.ends_at - r.starts_at)
            .sum();
        days.push(DayUse {
            date: d.to_string(),
            hours_open: f64::from(schedule.plan(d, &calendar).open_minutes()) / 60.0,
            hours_booked: booked as f64 / 3600.0,
        });
        d = match d.tomorrow() {
            Ok(n) => n,
            Err(_) => break,
        };
    }
    let hours = |kind: &str| {
        rows.iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.ends_at - r.starts_at)
            .sum::<i64>() as f64
            / 3600.0
    };
    let count = |status: &str| {
        u32::try_from(
            rows.iter()
                .filter(|r| r.kind == "booking" && r.status == status)
                .count(),
        )
        .unwrap_or(0)
    };
    let hours_open: f64 = days.iter().map(|d| d.hours_open).sum();
    let hours_booked = hours("booking");
    let (checked_in, completed, no_shows) =
        (count("checked_in"), count("completed"), count("no_show"));
    let attended_or_not = checked_in + completed + no_shows;
    Ok(Json(UtilisationReport {
        venue: views::venue_ref(venue.id(), &venue.row.name_zh, venue.row.name_en.as_deref()),
        from: from.to_string(),
        to: to.to_string(),
        hours_open,
        hours_booked,
        hours_blocked: hours("block"),
        utilisation: if hours_open > 0.0 {
            hours_booked / hours_open
        } else {
            0.0
        },
        bookings: u32::try_from(rows.iter().filter(|r| r.kind == "booking").count()).unwrap_or(0),
        checked_in,
        no_shows,
        no_show_rate: if attended_or_not > 0 {
            f64::from(no_shows) / f64::from(attended_or_not)
        } else {
            0.0
        },
        days,
    }))
}

async fn staff_booking(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    now: i64,
) -> ApiResult<BookingRow> {
    sweep(&state.db, now).await;
    flows::load_in_scope(&state.db, user, VenueStaff::ROLES, id).await
}

/// Approves the step a pending booking waits for (the school's, then the community's).
#[utoipa::path(post, path = "/staff/bookings/{id}/approve", tag = "booking-staff", params(("id" = i64, Path)),
    responses((status = 200, body = Booking), (status = 403, body = app::api::ErrorBody, description = "not_an_approver"),
              (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    let b = staff_booking(&state, &user, id, now).await?;
    flows::approve(&state.db, &user, &b, now).await?;
    acted(&state, id, now).await
}

/// Rejects a pending booking, with the reason the resident sees.
#[utoipa::path(post, path = "/staff/bookings/{id}/reject", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = Decision,
    responses((status = 200, body = Booking), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn reject(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Json(req): Json<Decision>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    let b = staff_booking(&state, &user, id, now).await?;
    let reason = short_text(req.reason.as_deref(), 200, "reason_required", "reason")?;
    flows::reject(&state.db, &user, &b, reason, now).await?;
    acted(&state, id, now).await
}

/// Cancels any live booking or block of a venue (no deadline for staff), with a reason.
#[utoipa::path(post, path = "/staff/bookings/{id}/cancel", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = Decision,
    responses((status = 200, body = Booking), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn staff_cancel(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Json(req): Json<Decision>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    let b = staff_booking(&state, &user, id, now).await?;
    let reason = short_text(req.reason.as_deref(), 200, "reason_required", "reason")?;
    let reason = app::api::Text::new(reason, None);
    flows::cancel(&state.db, &b, reason, flows::By::Staff(user.id), now).await?;
    acted(&state, id, now).await
}

/// Records that the resident did not come (15 minutes after the start at the earliest); the
/// resident gets a strike they can see and appeal.
#[utoipa::path(post, path = "/staff/bookings/{id}/no-show", tag = "booking-staff", params(("id" = i64, Path)),
    responses((status = 200, body = Booking), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody)))]
async fn no_show(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    let b = staff_booking(&state, &user, id, now).await?;
    if b.kind() != BookingKind::Booking {
        return Err(ApiError::conflict("invalid_transition"));
    }
    flows::no_show(&state.db, Some(user.id), &b, now).await?;
    acted(&state, id, now).await
}

/// The account of a resident named by phone number (422 `resident_not_found`).
pub async fn resident_by_phone(db: &Db, phone: &str) -> ApiResult<i64> {
    let phone = PhoneNumber::parse(phone)
        .map_err(|_| ApiError::invalid("invalid_phone", "resident_phone"))?;
    crate::accounts::store::user_by_phone(db, phone.as_str())
        .await?
        .filter(|u| u.status == "active")
        .map(|u| u.id)
        .ok_or_else(|| ApiError::invalid("resident_not_found", "resident_phone"))
}

/// Books for a resident (by phone; confirmed at once, advance window and quota waived, all
/// other rules apply) or blocks time for maintenance or an event (any hours; the purpose is
/// shown to residents as the reason).
#[utoipa::path(post, path = "/staff/bookings", tag = "booking-staff", request_body = StaffBooking,
    responses((status = 201, body = Booking), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody, description = "slot_taken"), (status = 422, body = app::api::ErrorBody)))]
async fn staff_book(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Json(req): Json<StaffBooking>,
) -> ApiResult<(StatusCode, Json<Booking>)> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, req.venue_id).await?;
    let r = Request {
        start: instant(&req.start, "start")?,
        end: instant(&req.end, "end")?,
        party_size: party_size(req.party_size)?,
    };
    sweep(&state.db, now).await;
    let (user_id, party, text) = match req.kind {
        BookingKind::Block => {
            flows::check_block(r, now)?;
            let reason = short_text(Some(&req.purpose), 200, "reason_required", "purpose")?;
            (None, venue.rules.capacity, reason)
        }
        BookingKind::Booking => {
            if !user
                .covers(&state.db, COMMUNITY, venue.row.region_id)
                .await?
            {
                return Err(ApiError::forbidden("forbidden"));
            }
            let phone = req
                .resident_phone
                .as_deref()
                .ok_or_else(|| ApiError::invalid("resident_not_found", "resident_phone"))?;
            let resident = resident_by_phone(&state.db, phone).await?;
            flows::check_rules(&state.db, &venue, r, Waivers { advance: true }, now).await?;
            (Some(resident), r.party_size, purpose(Some(&req.purpose))?)
        }
        BookingKind::Lottery => return Err(ApiError::invalid("invalid_value", "kind")),
    };
    let spec = Spec {
        venue: &venue,
        user_id,
        kind: req.kind,
        start: r.start,
        end: r.end,
        party_size: party,
        purpose: text,
        status: BookingStatus::Confirmed,
        hold_until: None,
        count_quota: false,
        force_hold: true,
        created_by: Some(user.id),
        series_id: None,
        lottery_id: None,
        waitlist_offer: false,
    };
    let mut tx = state.db.begin_write().await?;
    let id = flows::insert_in_tx(&mut tx, &spec, now).await?;
    let (zh, en) = crate::booking::kind_label(req.kind);
    let made = audit::Event::new(
        user.id,
        "booking.staff_create",
        format!("booking:{id}"),
        Some(venue.row.region_id),
    )
    .saying(Phrase::new("audit_booking_kind").words("kind", "kind_en", zh, en));
    audit::commit(tx, [made], now).await?;
    let booking = acted(&state, id, now).await?;
    Ok((StatusCode::CREATED, booking))
}

/// Appeals waiting for a decision, for venues within the caller's community.
#[utoipa::path(get, path = "/staff/appeals", tag = "booking-staff",
    responses((status = 200, body = StrikeList), (status = 403, body = app::api::ErrorBody)))]
async fn appeals(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<AppealDeciders>,
) -> ApiResult<Json<StrikeList>> {
    let now = state.config.clock.now();
    let roots = user.scope_roots(AppealDeciders::ROLES);
    let rows = appeals::waiting_in(&state.db, &roots).await?;
    Ok(Json(StrikeList {
        items: rows.iter().map(|s| strike_view(s, now, true)).collect(),
    }))
}

/// Decides an appeal: overturn (the strike no longer counts, and any suspension it caused
/// ends) or uphold, with a note the resident sees.
#[utoipa::path(post, path = "/staff/strikes/{id}/decide", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = AppealDecision,
    responses((status = 200, body = app::api::booking::Strike), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn decide_appeal(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<AppealDeciders>,
    Path(id): Path<i64>,
    Json(req): Json<AppealDecision>,
) -> ApiResult<Json<app::api::booking::Strike>> {
    let now = state.config.clock.now();
    let row = appeals::strike(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("strike_not_found"))?;
    if !user
        .covers(&state.db, AppealDeciders::ROLES, row.region_id)
        .await?
    {
        return Err(ApiError::not_found("strike_not_found"));
    }
    let note = short_text(Some(&req.note), 200, "invalid_note", "note")?;
    appeals::decide(&state.db, user.id, &row, req.overturn, &note, now).await?;
    // Read again for the answer (a strike gone meanwhile is `RowNotFound`: 404 `not_found`).
    let row = appeals::strike(&state.db, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok(Json(strike_view(&row, now, true)))
}

/// Opens a lottery for a peak slot: the slot is kept for the draw, the seed's commitment is
/// published now, the draw happens when requests close.
#[utoipa::path(post, path = "/staff/lotteries", tag = "booking-staff", request_body = NewLottery,
    responses((status = 201, body = Lottery), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create_lottery(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Json(req): Json<NewLottery>,
) -> ApiResult<(StatusCode, Json<Lottery>)> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, req.venue_id).await?;
    let r = Request {
        start: instant(&req.start, "start")?,
        end: instant(&req.end, "end")?,
        party_size: 1,
    };
    let opens = match &req.opens_at {
        Some(s) => instant(s, "opens_at")?,
        None => now,
    };
    let closes = instant(&req.closes_at, "closes_at")?;
    if closes <= opens || closes <= now || closes > r.start {
        return Err(ApiError::invalid("invalid_lottery_window", "closes_at"));
    }
    flows::check_rules(&state.db, &venue, r, Waivers { advance: true }, now).await?;
    sweep(&state.db, now).await;
    let times = lotteries::Times {
        start: r.start,
        end: r.end,
        opens_at: opens,
        closes_at: closes,
    };
    let id = lotteries::create(&state.db, &venue, times, user.id, now).await?;
    let l = lotteries::load(&state.db, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(lottery_view(&state.db, &l, None).await?),
    ))
}

/// Draws a lottery whose request window has closed (the periodic task does this too).
#[utoipa::path(post, path = "/staff/lotteries/{id}/draw", tag = "booking-staff", params(("id" = i64, Path)),
    responses((status = 200, body = Lottery), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody)))]
async fn draw_lottery(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Lottery>> {
    let now = state.config.clock.now();
    let l = lotteries::load(&state.db, id).await?;
    Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, l.venue_id).await?;
    lotteries::draw(&state.db, id, now).await?;
    let l = lotteries::load(&state.db, id).await?;
    Ok(Json(lottery_view(&state.db, &l, None).await?))
}
