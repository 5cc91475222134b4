//! Staff pages for venues: create and describe them, rules, hours, exceptions, closures and
//! named approvers. Every venue is answered only within the caller's region (404 outside).
use app::api::{
    booking::{
        ApprovalStep, Approver, CapacityMode, Closure, ClosureCreated, NewClosure, OpeningHours,
        Rules, SetApprovers, SetException, SetHours, StaffVenue, VenueInput, VenueList, parse_hhmm,
    },
    regions::RegionLevel,
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{date, short_text};
use crate::{
    AppState, Db,
    accounts::{
        CurrentUser,
        session::{RoleSet, WithRole},
    },
    audit,
    booking::{
        VenueEditors, VenueStaff, flows, lists, rules,
        schedule::{Interval, WeeklyHours},
        store::{self, ExceptionRow, VenueFilter},
        venue::{self, Venue},
        views, waitlist,
    },
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    fields::Checks,
    pagination::{Cursor, page_limit},
    phrase::Phrase,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_venues, create_venue))
        .routes(routes!(staff_venue, update_venue))
        .routes(routes!(set_rules))
        .routes(routes!(set_hours))
        .routes(routes!(set_exception, delete_exception))
        .routes(routes!(add_closure))
        .routes(routes!(delete_closure))
        .routes(routes!(set_approvers))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct StaffListQuery {
    limit: Option<u32>,
    cursor: Option<String>,
}

/// Venues within the caller's region, inactive ones included.
#[utoipa::path(get, path = "/staff/venues", tag = "booking-staff", params(StaffListQuery),
    responses((status = 200, body = VenueList), (status = 403, body = app::api::ErrorBody)))]
async fn staff_venues(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Query(q): Query<StaffListQuery>,
) -> ApiResult<Json<VenueList>> {
    let limit = page_limit(q.limit)?;
    let filter = VenueFilter {
        after: Cursor::decode_opt(q.cursor.as_deref())?.map(|c| c.0),
        limit,
        scope_roots: Some(user.scope_roots(VenueStaff::ROLES)),
        ..VenueFilter::default()
    };
    let mut rows = store::list(&state.db, &filter).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    Ok(Json(VenueList {
        items: views::summaries(&state.db, &rows).await?,
        next_cursor,
    }))
}

/// Checks the descriptive fields of a venue; returns (community id, time zone).
/// Checks a venue form, answering with every invalid field at once (the community's scope
/// is a refusal of its own): the community's id and the time zone.
async fn check_input(db: &Db, user: &CurrentUser, i: &VenueInput) -> ApiResult<(i64, String)> {
    let community = regions::by_code(db, i.community.trim())
        .await?
        .filter(|r| r.level() == RegionLevel::Community)
        .ok_or_else(|| ApiError::invalid("invalid_community", "community"))?;
    if !user.covers(db, VenueEditors::ROLES, community.id).await? {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("community"),
        ));
    }
    let len = |s: &str| s.trim().chars().count();
    let mut c = Checks::default();
    c.ensure(
        (1..=80).contains(&len(&i.name_zh)),
        "invalid_venue_name",
        "name_zh",
    );
    c.ensure(
        (1..=80).contains(&len(&i.owner_name_zh)),
        "invalid_owner_name",
        "owner_name_zh",
    );
    c.ensure(
        (1..=200).contains(&len(&i.address_zh)),
        "invalid_address",
        "address_zh",
    );
    c.ensure(
        (1..=10000).contains(&i.capacity),
        "invalid_capacity",
        "capacity",
    );
    let tz = i
        .time_zone
        .clone()
        .unwrap_or_else(|| crate::time::DEFAULT_TZ.to_owned());
    c.ensure(
        jiff::tz::TimeZone::get(&tz).is_ok(),
        "invalid_time_zone",
        "time_zone",
    );
    c.ensure(
        i.photos.len() <= 20
            && i.photos
                .iter()
                .all(|p| p.url.starts_with('/') && !p.url.starts_with("//") && p.url.len() <= 300),
        "invalid_photo_url",
        "photos",
    );
    c.done()?;
    Ok((community.id, tz))
}

fn parse_hours(list: &[OpeningHours]) -> ApiResult<WeeklyHours> {
    let bad = || ApiError::invalid("invalid_hours", "hours");
    let hours = WeeklyHours(
        list.iter()
            .map(|h| {
                Ok((
                    h.weekday,
                    Interval {
                        opens: parse_hhmm(&h.opens).ok_or_else(bad)?,
                        closes: parse_hhmm(&h.closes).ok_or_else(bad)?,
                    },
                ))
            })
            .collect::<ApiResult<_>>()?,
    );
    hours.validate().map_err(|_| bad())?;
    Ok(hours)
}

fn default_hours() -> WeeklyHours {
    WeeklyHours(
        (1..=7)
            .map(|d| {
                (
                    d,
                    Interval {
                        opens: 8 * 60,
                        closes: 22 * 60,
                    },
                )
            })
            .collect(),
    )
}

/// Creates a venue; with `parts` it is divisible: each part is a venue of its own and
/// booking a part blocks the whole and the reverse (they share indivisible spaces).
#[utoipa::path(post, path = "/staff/venues", tag = "booking-staff", request_body = VenueInput,
    responses((status = 201, body = StaffVenue), (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create_venue(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueEditors>,
    Json(input): Json<VenueInput>,
) -> ApiResult<(StatusCode, Json<StaffVenue>)> {
    let now = state.config.clock.now();
    let (region_id, tz) = check_input(&state.db, &user, &input).await?;
    let mut rules = input
        .rules
        .clone()
        .unwrap_or_else(|| rules::default_rules(input.capacity));
    rules.capacity = input.capacity;
    rules::validate(&rules).map_err(ApiError::Invalid)?;
    let hours = match &input.hours {
        Some(h) => parse_hours(h)?,
        None => default_hours(),
    };
    let mut codes: Vec<&str> = input.parts.iter().map(|p| p.code.trim()).collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.len() != input.parts.len()
        || input.parts.len() > 8
        || input.parts.len() == 1
        || codes.iter().any(|c| c.is_empty() || c.chars().count() > 16)
        || input
            .parts
            .iter()
            .any(|p| !(1..=80).contains(&p.name_zh.trim().chars().count()))
        || (!input.parts.is_empty() && rules.capacity_mode == CapacityMode::PerPerson)
    {
        return Err(ApiError::invalid("invalid_parts", "parts"));
    }
    let id = venue::create(
        &state.db,
        Some(user.id),
        &input,
        &venue::Setup {
            region_id,
            tz: &tz,
            rules: &rules,
            hours: &hours,
        },
        now,
    )
    .await?;
    let venue = Venue::load(&state.db, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(staff_view(&state.db, &venue, now).await?),
    ))
}

pub(super) async fn staff_view(db: &Db, venue: &Venue, now: i64) -> ApiResult<StaffVenue> {
    let step = |s: &str| {
        if s == "owner" {
            ApprovalStep::Owner
        } else {
            ApprovalStep::Community
        }
    };
    let approvers = store::approvers(db, venue.id())
        .await?
        .into_iter()
        .map(|(user_id, name, s)| Approver {
            user_id,
            name: name.shown(),
            step: step(&s),
        })
        .collect();
    let eligible = store::staff_covering(db, venue.row.region_id)
        .await?
        .into_iter()
        .map(|(user_id, name, role)| Approver {
            user_id,
            name: name.shown(),
            step: if role == "workstation_staff" {
                ApprovalStep::Owner
            } else {
                ApprovalStep::Community
            },
        })
        .collect();
    Ok(StaffVenue {
        detail: views::detail(db, venue, now).await?,
        active: venue.row.active == 1,
        approvers,
        eligible_approvers: eligible,
    })
}

/// A venue with its approvers, for staff.
#[utoipa::path(get, path = "/staff/venues/{id}", tag = "booking-staff", params(("id" = i64, Path)),
    responses((status = 200, body = StaffVenue), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn staff_venue(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffVenue>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    Ok(Json(staff_view(&state.db, &venue, now).await?))
}

/// Edits the description of a venue (not parts, rules or hours).
#[utoipa::path(put, path = "/staff/venues/{id}", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = VenueInput,
    responses((status = 200, body = StaffVenue), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn update_venue(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueEditors>,
    Path(id): Path<i64>,
    Json(input): Json<VenueInput>,
) -> ApiResult<Json<StaffVenue>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueEditors::ROLES, id).await?;
    let (region_id, tz) = check_input(&state.db, &user, &input).await?;
    if !input.parts.is_empty() {
        return Err(ApiError::invalid("invalid_parts", "parts"));
    }
    let mut tx = state.db.begin_write().await?;
    store::update_venue(&mut tx, id, region_id, &input, &tz, now).await?;
    store::set_features(&mut tx, id, &input.features).await?;
    store::set_photos(&mut tx, id, &input.photos).await?;
    // Capacity is part of the rules a booking freezes; keep the copy in force current.
    let mut rules = venue.rules.clone();
    rules.capacity = input.capacity;
    store::upsert_rules(&mut tx, id, &rules, Some(user.id), now).await?;
    // The entry names the region the venue is in now.
    let updated = audit::Event {
        region: Some(region_id),
        ..audit::Event::on(user.id, "venue.update", &venue)
    };
    audit::commit(tx, [updated], now).await?;
    let venue = Venue::load(&state.db, id).await?;
    Ok(Json(staff_view(&state.db, &venue, now).await?))
}

/// Replaces the rule set in force. Bookings already made keep the rules they were made under.
#[utoipa::path(put, path = "/staff/venues/{id}/rules", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = Rules,
    responses((status = 200, body = Rules), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn set_rules(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Json(mut new): Json<Rules>,
) -> ApiResult<Json<Rules>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    new.capacity = venue.rules.capacity;
    if new.capacity_mode != venue.rules.capacity_mode {
        return Err(ApiError::invalid("capacity_mode_fixed", "capacity_mode"));
    }
    rules::validate(&new).map_err(ApiError::Invalid)?;
    let mut tx = state.db.begin_write().await?;
    store::upsert_rules(&mut tx, id, &new, Some(user.id), now).await?;
    let changed = audit::Event::on(user.id, "venue.rules", &venue)
        .saying(rules::rule_changes(&venue.rules, &new));
    audit::commit(tx, [changed], now).await?;
    Ok(Json(new))
}

/// Replaces the weekly opening hours.
#[utoipa::path(put, path = "/staff/venues/{id}/hours", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = SetHours,
    responses((status = 200, body = SetHours), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn set_hours(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Json(req): Json<SetHours>,
) -> ApiResult<Json<SetHours>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let hours = parse_hours(&req.hours)?;
    let mut tx = state.db.begin_write().await?;
    store::set_weekly_hours(&mut tx, id, &hours).await?;
    let changed = audit::Event::on(user.id, "venue.hours", &venue)
        .saying(Phrase::new("audit_venue_hours").param("intervals", req.hours.len()));
    audit::commit(tx, [changed], now).await?;
    Ok(Json(req))
}

/// Sets other hours (or a closed day) on one date, with a note residents see.
#[utoipa::path(put, path = "/staff/venues/{id}/exceptions/{date}", tag = "booking-staff",
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")),
    request_body = SetException,
    responses((status = 204), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn set_exception(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path((id, day)): Path<(i64, String)>,
    Json(req): Json<SetException>,
) -> ApiResult<StatusCode> {
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let day = date(&day, "date")?;
    let note = short_text(Some(&req.note_zh), 200, "reason_required", "note_zh")?;
    let hours = match (&req.opens, &req.closes) {
        (None, None) => None,
        (Some(o), Some(c)) => {
            let i = parse_hours(&[OpeningHours {
                weekday: 1,
                opens: o.clone(),
                closes: c.clone(),
            }])?;
            i.0.first().map(|(_, i)| *i)
        }
        _ => return Err(ApiError::invalid("invalid_hours", "closes")),
    };
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    store::set_exception(
        &mut tx,
        id,
        &ExceptionRow {
            venue_id: id,
            day: day.to_string(),
            opens_minute: hours.map(|i| i64::from(i.opens)),
            closes_minute: hours.map(|i| i64::from(i.closes)),
            note_zh: note,
            note_en: req.note_en.clone().filter(|s| !s.trim().is_empty()),
        },
    )
    .await?;
    let set = audit::Event::on(user.id, "venue.exception", &venue)
        .saying(Phrase::new("audit_day").param("day", day));
    audit::commit(tx, [set], now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the exception of a date.
#[utoipa::path(delete, path = "/staff/venues/{id}/exceptions/{date}", tag = "booking-staff",
    params(("id" = i64, Path), ("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 204), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn delete_exception(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path((id, day)): Path<(i64, String)>,
) -> ApiResult<StatusCode> {
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let day = date(&day, "date")?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !store::delete_exception(&mut tx, id, &day.to_string()).await? {
        return Err(ApiError::not_found("exception_not_found"));
    }
    let deleted = audit::Event::on(user.id, "venue.exception_delete", &venue)
        .saying(Phrase::new("audit_day").param("day", day));
    audit::commit(tx, [deleted], now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes the venue (暂停开放) over whole days with a reason. Live bookings in the period are
/// refused (409 `closure_has_bookings`) unless `cancel_bookings` cancels them with the reason.
#[utoipa::path(post, path = "/staff/venues/{id}/closures", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = NewClosure,
    responses((status = 201, body = ClosureCreated), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn add_closure(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path(id): Path<i64>,
    Json(req): Json<NewClosure>,
) -> ApiResult<(StatusCode, Json<ClosureCreated>)> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let (first, last) = super::date_range(&req.first_day, &req.last_day, 366)?;
    let reason = short_text(Some(&req.reason_zh), 200, "reason_required", "reason_zh")?;
    let reason_en = req.reason_en.clone().filter(|s| !s.trim().is_empty());
    let start = first
        .to_zoned_datetime(venue.tz.clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0);
    let end = last
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned_datetime(venue.tz.clone()).ok())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(start);
    let sharing = store::overlapping_venues(&state.db, id).await?;
    let affected = lists::live_ids(&state.db, &sharing, start, end).await?;
    if !affected.is_empty() && !req.cancel_bookings {
        return Err(ApiError::Conflict(
            Problem::new("closure_has_bookings").param("count", affected.len()),
        ));
    }
    let why = app::api::Text::new(
        format!("场馆暂停开放：{reason}"),
        Some(format!(
            "Venue closed: {}",
            reason_en.as_deref().unwrap_or(&reason)
        )),
    );
    let mut live = Vec::with_capacity(affected.len());
    for bid in affected {
        live.push(flows::load(&state.db, bid).await?);
    }
    // The closure, the cancellations and their audit entries are one transaction: a closure is
    // never kept with some of the bookings it cancels still live, unless they ended meanwhile.
    let mut tx = state.db.begin_write().await?;
    let cid = store::insert_closure(
        &mut tx,
        id,
        &store::NewClosure {
            first_day: &first.to_string(),
            last_day: &last.to_string(),
            reason_zh: &reason,
            reason_en: reason_en.as_deref(),
            by: user.id,
        },
        now,
    )
    .await?;
    let by = flows::By::Staff(user.id);
    let mut cancelled = Vec::with_capacity(live.len());
    for b in &live {
        match flows::cancel_in(&mut tx, b, &why, by, now).await {
            Ok(()) => cancelled.push(b),
            // Cancelled, ended or checked in since it was read: nothing left to cancel.
            Err(ApiError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let mut entries: Vec<_> = cancelled
        .iter()
        .filter_map(|b| flows::cancelled(b, by))
        .collect();
    entries.push(
        audit::Event::on(user.id, "venue.closure", &venue).saying(
            Phrase::new("audit_venue_closure")
                .param("first", first)
                .param("last", last)
                .param("cancelled", cancelled.len()),
        ),
    );
    audit::commit(tx, entries, now).await?;
    // Only the slots freed here (one cancelled meanwhile had its own offer made then).
    for b in &cancelled {
        waitlist::offer_freed(&state.db, b.venue_id, b.starts_at, b.ends_at, now).await;
    }
    Ok((
        StatusCode::CREATED,
        Json(ClosureCreated {
            closure: Closure {
                id: cid,
                first_day: first.to_string(),
                last_day: last.to_string(),
                reason: app::api::Text::new(reason, reason_en),
            },
            cancelled_bookings: u32::try_from(cancelled.len()).unwrap_or(u32::MAX),
        }),
    ))
}

/// Ends a closure early.
#[utoipa::path(delete, path = "/staff/venues/{id}/closures/{closure_id}", tag = "booking-staff",
    params(("id" = i64, Path), ("closure_id" = i64, Path)),
    responses((status = 204), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn delete_closure(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueStaff>,
    Path((id, closure_id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let venue = Venue::load_in_scope(&state.db, &user, VenueStaff::ROLES, id).await?;
    let now = state.config.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !store::delete_closure(&mut tx, id, closure_id).await? {
        return Err(ApiError::not_found("closure_not_found"));
    }
    let ended = audit::Event::on(user.id, "venue.closure_delete", &venue)
        .saying(Phrase::new("audit_venue_closure_removed").param("closure", closure_id));
    audit::commit(tx, [ended], now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Names the approvers of a venue: the owner step (workstation staff acting for a school) and
/// the community step (committee members or workstation staff of the venue's community).
#[utoipa::path(put, path = "/staff/venues/{id}/approvers", tag = "booking-staff", params(("id" = i64, Path)),
    request_body = SetApprovers,
    responses((status = 200, body = StaffVenue), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn set_approvers(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<VenueEditors>,
    Path(id): Path<i64>,
    Json(req): Json<SetApprovers>,
) -> ApiResult<Json<StaffVenue>> {
    let now = state.config.clock.now();
    let venue = Venue::load_in_scope(&state.db, &user, VenueEditors::ROLES, id).await?;
    let eligible = store::staff_covering(&state.db, venue.row.region_id).await?;
    let holds = |uid: i64, roles: &[&str]| {
        eligible
            .iter()
            .any(|(id, _, role)| *id == uid && roles.contains(&role.as_str()))
    };
    let mut list: Vec<(i64, &str)> = Vec::new();
    for uid in &req.owner {
        if !holds(*uid, &["workstation_staff"]) {
            return Err(ApiError::invalid("approver_not_eligible", "owner"));
        }
        list.push((*uid, "owner"));
    }
    for uid in &req.community {
        if !holds(*uid, &["committee_member", "workstation_staff"]) {
            return Err(ApiError::invalid("approver_not_eligible", "community"));
        }
        list.push((*uid, "community"));
    }
    list.sort_unstable();
    list.dedup();
    let mut tx = state.db.begin_write().await?;
    store::set_approvers(&mut tx, id, &list).await?;
    let named = audit::Event::on(user.id, "venue.approvers", &venue)
        .saying(Phrase::new("audit_venue_approvers").param("count", list.len()));
    audit::commit(tx, [named], now).await?;
    Ok(Json(staff_view(&state.db, &venue, now).await?))
}
