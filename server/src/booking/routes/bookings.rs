//! A resident's bookings: make one (idempotent), confirm a hold, cancel, the entry code, the
//! `.ics`, the list, and recurring bookings for groups.
use app::api::booking::{
    Booking, BookingKind, BookingList, BookingStatus, CancelBooking, DateOutcome, NewBooking,
    RecurringDate, RecurringReport, RecurringRequest, parse_hhmm,
};
use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    idempotency_key, instant, party_size, purpose, replay, request_hash, short_text, sweep,
};
use crate::{
    AppState, Db,
    accounts::CurrentUser,
    booking::{
        flows::{self, Spec},
        grid, ics, idempotency, ledger, lists,
        rules::{self, Request, Waivers},
        series::Series,
        venue::Venue,
        views::{self, Audience},
    },
    error::{ApiError, ApiResult},
    extract::{Json, Path, Query},
    lang::Lang,
    pagination::{Cursor, page_limit},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_booking))
        .routes(routes!(recurring))
        .routes(routes!(get_booking))
        .routes(routes!(confirm_booking))
        .routes(routes!(cancel_booking))
        .routes(routes!(booking_ics))
        .routes(routes!(entry_qr))
        .routes(routes!(my_bookings))
}

/// Books a slot. With `hold: true` the slot is held for the venue's hold time and must be
/// confirmed; otherwise the booking is confirmed at once, or pending where staff approve.
/// Send an `Idempotency-Key` header to make retries safe: the same key and body replay the
/// first answer; the same key with another body is 422 `idempotency_key_reused`.
#[utoipa::path(post, path = "/bookings", tag = "booking", request_body = NewBooking,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe")),
    responses((status = 201, body = Booking), (status = 403, body = app::api::ErrorBody, description = "booking_suspended"),
              (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody, description = "slot_taken"),
              (status = 422, body = app::api::ErrorBody, description = "a rule is broken: the code names it")))]
async fn create_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Json(req): Json<NewBooking>,
) -> ApiResult<Response> {
    let now = state.config.clock.now();
    let key = idempotency_key(&headers)?;
    let hash = request_hash(&req);
    if let Some(key) = &key
        && let Some(r) = replay(&state.db, user.id, key, &hash).await?
    {
        return Ok(r);
    }
    let span = (instant(&req.start, "start")?, instant(&req.end, "end")?);
    if grid::visibly_taken(&state.db, &state.availability, req.venue_id, span, now).await? {
        return Err(ledger::slot_taken());
    }
    match make(&state.db, &user, &req, key.as_deref(), &hash, now).await {
        Ok(r) => Ok(r),
        Err(e) => {
            // A concurrent request with the same key may have won: answer as it did.
            if let Some(key) = &key
                && let Some(r) = replay(&state.db, user.id, key, &hash).await?
            {
                return Ok(r);
            }
            Err(e)
        }
    }
}

async fn make(
    db: &Db,
    user: &CurrentUser,
    req: &NewBooking,
    key: Option<&str>,
    hash: &str,
    now: i64,
) -> ApiResult<Response> {
    let venue = Venue::load_public(db, req.venue_id).await?;
    let r = Request {
        start: instant(&req.start, "start")?,
        end: instant(&req.end, "end")?,
        party_size: party_size(req.party_size)?,
    };
    let purpose = purpose(req.purpose.as_deref())?;
    // Only what can free or take a slot: a booking must not finish a city's backlog first.
    crate::booking::tasks::lapse_before_read(db, now).await;
    flows::check_not_suspended(db, user.id, now).await?;
    flows::check_rules(db, &venue, r, Waivers::default(), now).await?;
    let (status, hold_until) = flows::initial_status(&venue, req.hold, now);
    let spec = Spec {
        venue: &venue,
        user_id: Some(user.id),
        kind: BookingKind::Booking,
        start: r.start,
        end: r.end,
        party_size: r.party_size,
        purpose,
        status,
        hold_until,
        count_quota: true,
        force_hold: false,
        // A family proxy's booking keeps who made it.
        created_by: Some(user.proxy.unwrap_or(user.id)),
        series_id: None,
        lottery_id: None,
        waitlist_offer: false,
    };
    let mut tx = db.begin_write().await?;
    let id = flows::insert_in_tx(&mut tx, &spec, now).await?;
    let row = ledger::booking(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::Internal("new booking vanished".into()))?;
    let body = views::booking(&row, Audience::Owner, now)?;
    let text =
        serde_json::to_string(&body).map_err(|e| ApiError::Internal(format!("json: {e}")))?;
    if let Some(key) = key {
        let created = StatusCode::CREATED.as_u16();
        idempotency::remember(&mut tx, user.id, key, hash, created, &text, now).await?;
    }
    tx.commit().await?;
    tracing::info!(
        booking = id,
        venue = venue.id(),
        status = status.as_str(),
        "booking made"
    );
    Ok((
        StatusCode::CREATED,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        text,
    )
        .into_response())
}

/// One of the caller's bookings (another resident's answers 404).
#[utoipa::path(get, path = "/bookings/{id}", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = Booking), (status = 404, body = app::api::ErrorBody)))]
async fn get_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let b = flows::load_own(&state.db, &user, id).await?;
    Ok(Json(views::booking(&b, Audience::Owner, now)?))
}

/// Confirms a hold (or accepts a waitlist offer) before it lapses.
#[utoipa::path(post, path = "/bookings/{id}/confirm", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = Booking), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody, description = "hold_expired, invalid_transition")))]
async fn confirm_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let b = flows::load_own(&state.db, &user, id).await?;
    flows::confirm(&state.db, &b, now).await?;
    let b = flows::load(&state.db, id).await?;
    Ok(Json(views::booking(&b, Audience::Owner, now)?))
}

/// Cancels one's own booking; a confirmed booking only until its cancellation deadline.
#[utoipa::path(post, path = "/bookings/{id}/cancel", tag = "booking", params(("id" = i64, Path)),
    request_body = CancelBooking,
    responses((status = 200, body = Booking), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody, description = "rule_cancel_deadline")))]
async fn cancel_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<CancelBooking>,
) -> ApiResult<Json<Booking>> {
    let now = state.config.clock.now();
    let b = flows::load_own(&state.db, &user, id).await?;
    let reason = match req
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(r) => short_text(Some(r), 200, "reason_required", "reason")?,
        // Stored empty (not a sentence in one language): the status says who cancelled.
        None => String::new(),
    };
    flows::cancel(
        &state.db,
        &b,
        app::api::Text::new(reason, None),
        flows::By::Resident,
        now,
    )
    .await?;
    let b = flows::load(&state.db, id).await?;
    Ok(Json(views::booking(&b, Audience::Owner, now)?))
}

/// A booking as a calendar event, worded in a language (the venue's English name in English).
pub(super) fn ics_event(b: &ledger::BookingRow, lang: Lang) -> ics::Event {
    let status = match b.status() {
        BookingStatus::Pending | BookingStatus::Held => ics::EventStatus::Tentative,
        BookingStatus::Cancelled | BookingStatus::Rejected | BookingStatus::Expired => {
            ics::EventStatus::Cancelled
        }
        _ => ics::EventStatus::Confirmed,
    };
    let venue = match (lang, &b.venue_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => b.venue_zh.clone(),
    };
    let code = b.entry_code.as_deref().unwrap_or("—");
    let mut description = match lang {
        Lang::Zh => format!("入场码：{code}"),
        Lang::En => format!("Entry code: {code}"),
    };
    if !b.purpose.is_empty() {
        description.push_str(&format!(
            "\n{}{}",
            lang.pick("用途：", "Purpose: "),
            b.purpose
        ));
    }
    ics::Event {
        uid: format!("booking-{}@linli", b.id),
        stamp: b.created_at.max(b.checked_in_at.unwrap_or(0)),
        start: b.starts_at,
        end: b.ends_at,
        summary: format!("{}{venue}", lang.pick("场馆预约：", "Venue booking: ")),
        location: venue,
        description,
        status,
        time_zone: b.time_zone.clone(),
    }
}

/// The booking as an iCalendar file (RFC 5545) to add to a calendar.
#[utoipa::path(get, path = "/bookings/{id}/ics", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = app::api::ErrorBody)))]
async fn booking_ics(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let b = flows::load_own(&state.db, &user, id).await?;
    let lang = Lang::current();
    let body = ics::calendar(
        lang.pick("邻里场馆预约", "Linli venue booking"),
        &[ics_event(&b, lang)],
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"booking-{id}.ics\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}

/// The entry code as a QR code (SVG), for the booker's phone screen.
#[utoipa::path(get, path = "/bookings/{id}/qr", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 404, body = app::api::ErrorBody)))]
async fn entry_qr(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let b = flows::load_own(&state.db, &user, id).await?;
    let code = b
        .entry_code
        .ok_or_else(|| ApiError::not_found("booking_not_found"))?;
    let svg = crate::qr::svg(&code)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        svg,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct MineQuery {
    /// `upcoming` (default: live bookings not yet over, soonest first) or `history`
    /// (everything, newest first, paginated).
    scope: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The caller's bookings.
#[utoipa::path(get, path = "/me/bookings", tag = "booking", params(MineQuery),
    responses((status = 200, body = BookingList), (status = 422, body = app::api::ErrorBody)))]
async fn my_bookings(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MineQuery>,
) -> ApiResult<Json<BookingList>> {
    let now = state.config.clock.now();
    sweep(&state.db, now).await;
    let limit = page_limit(q.limit)?;
    let (mut rows, paged): (Vec<ledger::BookingRow>, bool) = match q.scope.as_deref() {
        None | Some("upcoming") => (
            lists::upcoming(&state.db, user.id, now, i64::from(limit)).await?,
            false,
        ),
        Some("history") => {
            let after = Cursor::decode_opt(q.cursor.as_deref())?.map_or(i64::MAX, |c| c.0);
            (
                lists::history(&state.db, user.id, after, i64::from(limit) + 1).await?,
                true,
            )
        }
        Some(_) => return Err(ApiError::invalid("invalid_value", "scope")),
    };
    let next_cursor = if paged {
        Cursor::next(&mut rows, limit, |r| r.id)
    } else {
        None
    };
    let items = rows
        .iter()
        .map(|b| views::booking(b, Audience::Owner, now))
        .collect::<ApiResult<_>>()?;
    Ok(Json(BookingList { items, next_cursor }))
}

/// Books a weekly pattern for a group and reports each date: booked, taken, closed or refused
/// by a rule (`dry_run` only reports). Residents' recurring bookings wait for staff approval
/// and keep their dates meanwhile; the advance window is waived (a season is booked at once),
/// the weekly quota does not apply. Staff may book for a resident (`resident_phone`): then the
/// dates are confirmed at once.
#[utoipa::path(post, path = "/bookings/recurring", tag = "booking", request_body = RecurringRequest,
    responses((status = 200, body = RecurringReport), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn recurring(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<RecurringRequest>,
) -> ApiResult<Json<RecurringReport>> {
    let now = state.config.clock.now();
    let venue = Venue::load_public(&state.db, req.venue_id).await?;
    let on_behalf = match req.resident_phone.as_deref() {
        Some(phone) => {
            let staff = &[
                app::api::accounts::Role::CommitteeMember,
                app::api::accounts::Role::WorkstationStaff,
            ];
            if !user.covers(&state.db, staff, venue.row.region_id).await? {
                return Err(ApiError::forbidden("forbidden"));
            }
            Some(super::operations::resident_by_phone(&state.db, phone).await?)
        }
        None => None,
    };
    let report = book_pattern(&state.db, &user, &venue, &req, on_behalf, now).await?;
    Ok(Json(report))
}

/// The dates of a weekly pattern: `first..=last` on the given weekdays.
fn pattern_dates(req: &RecurringRequest) -> ApiResult<Vec<jiff::civil::Date>> {
    let (first, last) = super::date_range(&req.first_date, &req.last_date, 366)
        .map_err(|_| ApiError::invalid("invalid_date_range", "last_date"))?;
    if req.weekdays.is_empty() || req.weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(ApiError::invalid("invalid_weekdays", "weekdays"));
    }
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        if req
            .weekdays
            .contains(&crate::booking::schedule::weekday_number(d))
        {
            out.push(d);
        }
        d = d
            .tomorrow()
            .map_err(|_| ApiError::invalid("invalid_date_range", "last_date"))?;
    }
    Ok(out)
}

/// Marks a date of a recurring booking as not booked, with the problem's code and message.
fn not_booked(entry: &mut RecurringDate, outcome: DateOutcome, p: &crate::error::Problem) {
    entry.outcome = outcome;
    entry.message = Some(crate::error::messages::render(
        p.code,
        &p.params,
        crate::lang::Lang::current(),
    ));
    entry.code = Some(p.code.to_owned());
}

async fn book_pattern(
    db: &Db,
    user: &CurrentUser,
    venue: &Venue,
    req: &RecurringRequest,
    on_behalf: Option<i64>,
    now: i64,
) -> ApiResult<RecurringReport> {
    let dates = pattern_dates(req)?;
    let group = short_text(
        Some(&req.group_name),
        60,
        "invalid_group_name",
        "group_name",
    )?;
    let from = parse_hhmm(&req.start_time)
        .ok_or_else(|| ApiError::invalid("invalid_time_of_day", "start_time"))?;
    let to = parse_hhmm(&req.end_time)
        .ok_or_else(|| ApiError::invalid("invalid_time_of_day", "end_time"))?;
    let party = party_size(req.party_size)?;
    let purpose = match purpose(req.purpose.as_deref())? {
        p if p.is_empty() => group.clone(),
        p => p,
    };
    let booker = on_behalf.unwrap_or(user.id);
    if on_behalf.is_none() {
        flows::check_not_suspended(db, user.id, now).await?;
    }
    sweep(db, now).await;
    let series = (!req.dry_run).then_some(Series {
        venue,
        req,
        booker,
        group: &group,
        from,
        to,
        created_by: user.id,
    });
    let mut series_id = None;
    let calendar = Venue::calendar(db).await?;
    let schedule = venue
        .schedule(
            db,
            *dates.first().unwrap_or(&jiff::civil::Date::ZERO),
            *dates.last().unwrap_or(&jiff::civil::Date::ZERO),
        )
        .await?;
    let mut out = Vec::new();
    for d in dates {
        let midnight = d
            .to_zoned_datetime(venue.tz.clone())
            .map(|z| z.timestamp().as_second())
            .unwrap_or(0);
        let r = Request {
            start: midnight + i64::from(from) * 60,
            end: midnight + i64::from(to) * 60,
            party_size: party,
        };
        let plan = schedule.plan(d, &calendar);
        let mut entry = RecurringDate {
            date: d.to_string(),
            outcome: DateOutcome::Free,
            code: None,
            message: None,
            booking_id: None,
        };
        if let Err(p) = rules::check(
            &venue.rules,
            &plan,
            r,
            now,
            &venue.tz,
            Waivers { advance: true },
        ) {
            let outcome = if p.code == "venue_closed" {
                DateOutcome::Closed
            } else {
                DateOutcome::Refused
            };
            not_booked(&mut entry, outcome, &p);
            out.push(entry);
            continue;
        }
        let mut tx = db.begin_write().await?;
        // The series is recorded with its first booked date, and rolled back with a date that
        // is not booked: a pattern that books nothing leaves no series behind.
        let this_series = match (&series, series_id) {
            (Some(s), None) => Some(s.insert(&mut tx, now).await?),
            (_, known) => known,
        };
        let spec = Spec {
            venue,
            user_id: Some(booker),
            kind: BookingKind::Booking,
            start: r.start,
            end: r.end,
            party_size: party,
            purpose: purpose.clone(),
            status: if on_behalf.is_some() {
                BookingStatus::Confirmed
            } else {
                BookingStatus::Pending
            },
            hold_until: None,
            count_quota: false,
            force_hold: true,
            created_by: Some(user.id),
            series_id: this_series,
            lottery_id: None,
            waitlist_offer: false,
        };
        let result = flows::insert_in_tx(&mut tx, &spec, now).await;
        match result {
            Ok(id) if !req.dry_run => {
                // Each date is its own transaction, and its own audit entry.
                let booked = crate::audit::Event::new(
                    user.id,
                    "booking.recurring",
                    format!("booking:{id}"),
                    Some(venue.row.region_id),
                )
                .saying(
                    crate::phrase::Phrase::new("audit_series_date")
                        .param("series", this_series.unwrap_or(0)),
                );
                crate::audit::commit(tx, [booked], now).await?;
                series_id = this_series;
                entry.outcome = DateOutcome::Booked;
                entry.booking_id = Some(id);
            }
            // A dry run tries the ledger and rolls back: the report is what booking would do.
            Ok(_) => {
                tx.rollback().await?;
            }
            Err(e) => {
                let p = e.problem();
                let outcome = if p.code == "slot_taken" {
                    DateOutcome::Taken
                } else {
                    DateOutcome::Refused
                };
                not_booked(&mut entry, outcome, &p);
            }
        }
        out.push(entry);
    }
    let booked = u32::try_from(
        out.iter()
            .filter(|d| d.outcome == DateOutcome::Booked)
            .count(),
    )
    .unwrap_or(0);
    let not_booked = u32::try_from(out.len()).unwrap_or(0) - booked;
    Ok(RecurringReport {
        series_id,
        dates: out,
        booked,
        not_booked,
    })
}
