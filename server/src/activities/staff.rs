//! Organisers' side: drafts (one date or a weekly series), publishing (which books the venue),
//! changes, cancelling (which frees it), sign-up lists, sign-ups in person, check-in and the
//! attendance report. Only within the organiser's region; every action audit-logged.
use app::api::{
    Text,
    activities::{
        Activity, ActivityInput, ActivityList, AttendanceReport, AttendanceRow, CancelActivity,
        CheckinRequest, Conflict, ConflictList, CreatedActivities, Published, SeriesChoice,
        SignupList, StaffSignup, StaffSignupRequest,
    },
    regions::RegionLevel,
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    Organizer, Organizers,
    input::{self, Checked, Dated},
    places,
    routes::{ListQuery, detail, filter, page, region_id},
    store::{self, ActivityRow, NewActivity},
    venue::{self, Freed, Hold},
    views,
};
use crate::{
    AppState, Db,
    accounts::{
        PhoneNumber,
        session::{RoleSet, WithRole},
        store as accounts,
    },
    audit,
    booking::venue::Venue,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    phrase::Phrase,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_list, create))
        .routes(routes!(update, delete_draft))
        .routes(routes!(conflicts))
        .routes(routes!(publish))
        .routes(routes!(cancel))
        .routes(routes!(signups, staff_sign_up))
        .routes(routes!(check_in))
        .routes(routes!(report))
}

/// An activity within the organiser's region (404 otherwise: staff of other communities do
/// not learn of drafts).
pub(super) async fn in_scope(db: &Db, org: &Organizer, id: i64) -> ApiResult<ActivityRow> {
    let a = store::by_id(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("activity_not_found"))?;
    if !org.runs(db, &a).await? {
        return Err(ApiError::not_found("activity_not_found"));
    }
    Ok(a)
}

/// What an input refers to, looked up and checked against the organiser's scope.
struct Resolved {
    region_id: i64,
    /// The venue's name and address, the place when none is written.
    venue_place: Option<(String, Option<String>)>,
    organization_id: Option<i64>,
    venue: Option<Venue>,
    audience_terms: Vec<i64>,
}

/// Staff organise in the communities of their region; members of an organisation only for
/// it (`organization_id` required), in communities within the organisation's region.
async fn resolve(db: &Db, org: &Organizer, req: &ActivityInput) -> ApiResult<Resolved> {
    let community = regions::by_code(db, req.community.trim())
        .await?
        .filter(|r| r.level() == RegionLevel::Community && r.retired_at.is_none())
        .ok_or_else(|| ApiError::invalid("region_not_found", "community"))?;
    if !org.user.covers(db, Organizers::ROLES, community.id).await? {
        let Some(id) = req
            .organization_id
            .filter(|o| org.organizations.contains(o))
        else {
            return Err(ApiError::Forbidden(
                Problem::new("region_out_of_scope").field("community"),
            ));
        };
        let within = match store::organization(db, id).await? {
            Some((_, _, _, region, _)) => {
                regions::contains(
                    db,
                    regions::RegionId(region),
                    regions::RegionId(community.id),
                )
                .await?
            }
            None => false,
        };
        if !within {
            return Err(ApiError::Forbidden(
                Problem::new("region_out_of_scope").field("community"),
            ));
        }
    }
    let venue = match req.venue_id {
        Some(id) => {
            let v = Venue::load(db, id)
                .await
                .map_err(|_| ApiError::invalid("venue_not_found", "venue_id"))?;
            if v.row.region_id != community.id || v.row.active != 1 {
                return Err(ApiError::invalid("venue_not_in_community", "venue_id"));
            }
            Some(v)
        }
        None => None,
    };
    if let Some(org) = req.organization_id {
        store::organization_region(db, org)
            .await?
            .ok_or_else(|| ApiError::invalid("organization_not_found", "organization_id"))?;
    }
    let mut codes: Vec<String> = req.audiences.iter().map(|a| a.trim().to_owned()).collect();
    codes.sort();
    codes.dedup();
    let terms = store::audience_terms(db, &codes).await?;
    if let Some(missing) = codes.iter().find(|c| !terms.iter().any(|(_, t)| t == *c)) {
        return Err(ApiError::Invalid(
            Problem::new("invalid_audience")
                .field("audiences")
                .param("code", missing),
        ));
    }
    Ok(Resolved {
        region_id: community.id,
        venue_place: venue.as_ref().map(venue_place),
        organization_id: req.organization_id,
        venue,
        audience_terms: terms.into_iter().map(|(id, _)| id).collect(),
    })
}

/// "Name · address" of a venue, in Chinese and (when both exist) English.
fn venue_place(v: &Venue) -> (String, Option<String>) {
    let zh = format!("{} · {}", v.row.name_zh, v.row.address_zh);
    let en = v.row.name_en.as_ref().map(|n| match &v.row.address_en {
        Some(a) => format!("{n} · {a}"),
        None => n.clone(),
    });
    (zh.chars().take(200).collect(), en)
}

fn new_row<'a>(
    r: &'a Resolved,
    c: &'a Checked,
    dated: Dated,
    series_id: Option<i64>,
    by: i64,
) -> NewActivity<'a> {
    NewActivity {
        series_id,
        region_id: r.region_id,
        organization_id: r.organization_id,
        venue_id: r.venue.as_ref().map(Venue::id),
        fields: c,
        place_zh: match (&r.venue_place, c.place_zh.is_empty()) {
            (Some((zh, _)), true) => zh,
            _ => &c.place_zh,
        },
        place_en: match (&r.venue_place, c.place_zh.is_empty()) {
            (Some((_, en)), true) => en.as_deref(),
            _ => c.place_en.as_deref(),
        },
        dated,
        created_by: by,
    }
}

/// Activities of the organiser's region, drafts included, soonest first.
#[utoipa::path(get, path = "/staff/activities", tag = "activities-staff", params(ListQuery),
    responses((status = 200, body = ActivityList), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn staff_list(
    State(state): State<AppState>,
    org: Organizer,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ActivityList>> {
    let user = &org.user;
    let now = state.config.clock.now();
    let mut f = filter(&state.db, &q, now).await?;
    f.scope_roots = Some(user.scope_roots(Organizers::ROLES));
    f.organizations.clone_from(&org.organizations);
    f.status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s @ ("draft" | "published" | "cancelled")) => Some(s.to_owned()),
        Some(_) => return Err(ApiError::invalid("invalid_value", "status")),
        None => None,
    };
    let rows = store::list(&state.db, &f).await?;
    Ok(Json(
        page(&state.db, rows, f.limit, Some(user.id), now).await?,
    ))
}

/// Creates a draft, or with `repeat` one draft per week (a series) that can then be published
/// together. A venue is booked only on publishing.
#[utoipa::path(post, path = "/staff/activities", tag = "activities-staff", request_body = ActivityInput,
    responses((status = 201, body = CreatedActivities), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    org: Organizer,
    Json(req): Json<ActivityInput>,
) -> ApiResult<(StatusCode, Json<CreatedActivities>)> {
    let user = &org.user;
    let now = state.config.clock.now();
    let r = resolve(&state.db, &org, &req).await?;
    let c = input::check(&req, r.venue.is_some(), now)?;
    let tz = r
        .venue
        .as_ref()
        .map_or_else(|| crate::time::default_tz().clone(), |v| v.tz.clone());
    let dates = input::dates(&c, req.repeat.as_ref(), &tz)?;
    let mut tx = state.db.begin_write().await?;
    let series_id = match req.repeat {
        Some(_) => Some(store::insert_series(&mut tx, user.id, now).await?),
        None => None,
    };
    let mut ids = Vec::with_capacity(dates.len());
    for d in &dates {
        let id = store::insert(&mut tx, &new_row(&r, &c, *d, series_id, user.id), now).await?;
        store::set_audiences(&mut tx, id, &r.audience_terms).await?;
        ids.push(id);
    }
    let created: Vec<_> = ids
        .iter()
        .map(|id| {
            audit::Event::new(
                user.id,
                "activity.created",
                format!("activity:{id}"),
                Some(r.region_id),
            )
            .saying(Phrase::new("audit_activity_dates").param("dates", ids.len()))
        })
        .collect();
    audit::commit(tx, created, now).await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in &ids {
        let a = in_scope(&state.db, &org, *id).await?;
        items.push(detail(&state, &a, None).await?);
    }
    Ok((
        StatusCode::CREATED,
        Json(CreatedActivities { series_id, items }),
    ))
}

/// Changes one date (a series' other dates keep theirs). A published activity's venue booking
/// moves with it in the same transaction (409 `venue_conflict` when the new time is taken);
/// more places go to the waitlist; everyone signed up is told of a new time or place.
#[utoipa::path(put, path = "/staff/activities/{id}", tag = "activities-staff", params(("id" = i64, Path)),
    request_body = ActivityInput,
    responses((status = 200, body = Activity), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, description = "venue_conflict, invalid_transition", body = app::api::ErrorBody),
              (status = 422, description = "capacity_below_signups and field errors", body = app::api::ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    Json(req): Json<ActivityInput>,
) -> ApiResult<Json<Activity>> {
    let user = &org.user;
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    if a.status == "cancelled" || a.ends_at <= now {
        return Err(ApiError::Conflict(
            Problem::new("invalid_transition").param("status", views::status(&a, now).as_str()),
        ));
    }
    if req.repeat.is_some() {
        return Err(ApiError::invalid("series_dates_only_on_create", "repeat"));
    }
    // A form that does not name the organising organisation keeps the one the activity has.
    let mut req = req;
    req.organization_id = req.organization_id.or(a.organization_id);
    let r = resolve(&state.db, &org, &req).await?;
    let c = input::check(&req, r.venue.is_some(), now)?;
    if c.capacity < a.places_taken {
        return Err(ApiError::Invalid(
            Problem::new("capacity_below_signups")
                .field("capacity")
                .param("taken", a.places_taken),
        ));
    }
    let dated = Dated {
        start: c.start,
        end: c.end,
        signup_opens: c.signup_opens,
        signup_closes: c.signup_closes,
    };
    let moved = dated.start != a.starts_at
        || dated.end != a.ends_at
        || r.venue.as_ref().map(Venue::id) != a.venue_id
        || c.place_zh != a.place_zh;
    let mut tx = state.db.begin_write().await?;
    store::update(
        &mut tx,
        a.id,
        &new_row(&r, &c, dated, a.series_id, user.id),
        now,
    )
    .await?;
    store::set_audiences(&mut tx, a.id, &r.audience_terms).await?;
    let mut freed: Option<Freed> = None;
    if a.status == "published" && moved {
        if let Some(b) = a.booking_id {
            freed = venue::release(&mut tx, b, moved_reason(), now).await?;
        }
        let booking = match &r.venue {
            Some(v) => {
                let hold = Hold {
                    venue: v,
                    start: c.start,
                    end: c.end,
                    title: &c.title_zh,
                    by: user.id,
                };
                Some(
                    venue::book(&mut tx, &hold, now)
                        .await
                        .map_err(|e| conflict_of(e, &a, c.start))?,
                )
            }
            None => None,
        };
        store::set_booking(&mut tx, a.id, booking).await?;
    }
    let changed = store::by_id(&mut *tx, a.id)
        .await?
        .ok_or_else(|| ApiError::not_found("activity_not_found"))?;
    if changed.capacity > a.capacity {
        places::promote(&mut tx, &changed, now).await?;
    }
    if a.status == "published" && moved {
        let when = crate::time::local(
            changed.starts_at,
            &crate::time::tz(&changed.time_zone),
            "%m-%d %H:%M",
        );
        let body = (
            format!("新的时间：{when}，请查看活动详情。"),
            format!("New time: {when}; see the activity."),
        );
        places::tell_all(&mut tx, &changed, "activity.changed", body, now).await?;
    }
    let updated = audit::Event::on(user.id, "activity.updated", &changed)
        .saying(moved.then(|| Phrase::new("audit_activity_moved")));
    audit::commit(tx, [updated], now).await?;
    if let Some((venue_id, start, end)) = freed {
        crate::booking::waitlist::offer_freed(&state.db, venue_id, start, end, now).await;
    }
    Ok(Json(detail(&state, &changed, None).await?))
}

/// Why an activity's venue booking was given up, as its venue's staff read it.
fn moved_reason() -> Text {
    Text::new(
        "社区活动改期或换场地",
        Some("Community activity moved to another time or place".into()),
    )
}

fn cancelled_reason() -> Text {
    Text::new("社区活动取消", Some("Community activity cancelled".into()))
}

/// A venue's `slot_taken` as 409 `venue_conflict` naming the date.
fn conflict_of(e: ApiError, a: &ActivityRow, start: i64) -> ApiError {
    match &e {
        ApiError::Conflict(p) if p.code == "slot_taken" => {
            venue::conflict_error(&[crate::time::local(
                start,
                &crate::time::tz(&a.time_zone),
                "%Y-%m-%d",
            )])
        }
        _ => e,
    }
}

/// Deletes a draft: a date dropped from a series before publishing, or a draft given up.
#[utoipa::path(delete, path = "/staff/activities/{id}", tag = "activities-staff", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, description = "activity_not_draft", body = app::api::ErrorBody)))]
async fn delete_draft(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let user = &org.user;
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let mut tx = state.db.begin_write().await?;
    if !store::delete_draft(&mut tx, a.id).await? {
        return Err(ApiError::Conflict(Problem::new("activity_not_draft")));
    }
    audit::commit(tx, [audit::Event::on(user.id, "activity.deleted", &a)], now).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct SeriesQuery {
    /// Every draft date of the series, not only this one.
    #[serde(default)]
    whole_series: bool,
}

/// The drafts to publish: this one or every draft of its series.
async fn drafts(db: &Db, a: &ActivityRow, whole_series: bool) -> ApiResult<Vec<ActivityRow>> {
    let mut conn = db.pool().acquire().await?;
    let ids = if whole_series {
        store::series_ids(&mut conn, a).await?
    } else {
        vec![a.id]
    };
    let mut out = Vec::new();
    for id in ids {
        if let Some(row) = store::by_id(&mut *conn, id).await?
            && row.status == "draft"
        {
            out.push(row);
        }
    }
    Ok(out)
}

/// Why each draft date could not be published now.
async fn conflicts_of(db: &Db, rows: &[ActivityRow], now: i64) -> ApiResult<Vec<Conflict>> {
    let mut conn = db.pool().acquire().await?;
    let mut out = Vec::new();
    for a in rows {
        let date = crate::time::local(a.starts_at, &crate::time::tz(&a.time_zone), "%Y-%m-%d");
        let code = if a.starts_at <= now {
            Some("in_past")
        } else if let Some(v) = a.venue_id {
            let venue = Venue::load(db, v).await?;
            venue::conflict(&mut conn, &venue, a.starts_at, a.ends_at, a.booking_id, now).await?
        } else {
            None
        };
        if let Some(code) = code {
            out.push(Conflict {
                activity_id: a.id,
                date,
                code: code.to_owned(),
            });
        }
    }
    Ok(out)
}

/// Dates (of this draft, or of every draft of its series) that cannot be published as they
/// are: the venue is taken or closed, or the time has passed. Move or delete them first.
#[utoipa::path(get, path = "/staff/activities/{id}/conflicts", tag = "activities-staff",
    params(("id" = i64, Path), SeriesQuery),
    responses((status = 200, body = ConflictList), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn conflicts(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    Query(q): Query<SeriesQuery>,
) -> ApiResult<Json<ConflictList>> {
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let rows = drafts(&state.db, &a, q.whole_series).await?;
    Ok(Json(ConflictList {
        items: conflicts_of(&state.db, &rows, now).await?,
    }))
}

/// Publishes a draft, or every draft of its series, all or nothing: each date held in a venue
/// books it in the same transaction (409 `venue_conflict` naming the dates when any is taken).
#[utoipa::path(post, path = "/staff/activities/{id}/publish", tag = "activities-staff", params(("id" = i64, Path)),
    request_body = SeriesChoice,
    responses((status = 200, body = Published), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, description = "venue_conflict, activity_not_draft", body = app::api::ErrorBody)))]
async fn publish(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    Json(req): Json<SeriesChoice>,
) -> ApiResult<Json<Published>> {
    let user = &org.user;
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let rows = drafts(&state.db, &a, req.whole_series).await?;
    if rows.is_empty() {
        return Err(ApiError::Conflict(Problem::new("activity_not_draft")));
    }
    let found = conflicts_of(&state.db, &rows, now).await?;
    if !found.is_empty() {
        return Err(venue::conflict_error(
            &found.into_iter().map(|c| c.date).collect::<Vec<_>>(),
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let mut published = Vec::with_capacity(rows.len());
    for row in &rows {
        let booking = match row.venue_id {
            Some(v) => {
                let venue = Venue::load(&state.db, v).await?;
                let hold = Hold {
                    venue: &venue,
                    start: row.starts_at,
                    end: row.ends_at,
                    title: &row.title_zh,
                    by: user.id,
                };
                Some(
                    venue::book(&mut tx, &hold, now)
                        .await
                        .map_err(|e| conflict_of(e, row, row.starts_at))?,
                )
            }
            None => None,
        };
        if !store::publish(&mut tx, row.id, booking, now).await? {
            return Err(ApiError::Conflict(Problem::new("activity_not_draft")));
        }
        published.push(row.id);
    }
    let events: Vec<_> = rows
        .iter()
        .map(|row| audit::Event::on(user.id, "activity.published", row))
        .collect();
    audit::commit(tx, events, now).await?;
    Ok(Json(Published { published }))
}

/// Cancels a date (or every date of its series not over yet), with the reason everyone signed
/// up is told by SMS and in the app; the venue's time is freed in the same transaction.
#[utoipa::path(post, path = "/staff/activities/{id}/cancel", tag = "activities-staff", params(("id" = i64, Path)),
    request_body = CancelActivity,
    responses((status = 204), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, description = "invalid_transition", body = app::api::ErrorBody),
              (status = 422, description = "reason_required", body = app::api::ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    Json(req): Json<CancelActivity>,
) -> ApiResult<StatusCode> {
    let user = &org.user;
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let reason = req.reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 || reason.chars().any(char::is_control) {
        return Err(ApiError::invalid("reason_required", "reason"));
    }
    let mut tx = state.db.begin_write().await?;
    let ids = if req.whole_series {
        store::series_ids(&mut tx, &a).await?
    } else {
        vec![a.id]
    };
    let mut freed = Vec::new();
    let mut cancelled = Vec::new();
    for id in ids {
        let Some(row) = store::by_id(&mut *tx, id).await? else {
            continue;
        };
        if row.status == "cancelled" || row.ends_at <= now {
            continue;
        }
        if let Some(b) = row.booking_id {
            freed.extend(venue::release(&mut tx, b, cancelled_reason(), now).await?);
        }
        store::cancel(&mut tx, row.id, reason, now).await?;
        if row.status == "published" {
            let body = (format!("原因：{reason}"), format!("Reason: {reason}"));
            places::tell_all(&mut tx, &row, "activity.cancelled", body, now).await?;
        }
        cancelled.push(row);
    }
    if cancelled.is_empty() {
        return Err(ApiError::Conflict(
            Problem::new("invalid_transition").param("status", views::status(&a, now).as_str()),
        ));
    }
    let events: Vec<_> = cancelled
        .iter()
        .map(|row| audit::Event::on(user.id, "activity.cancelled", row))
        .collect();
    audit::commit(tx, events, now).await?;
    for (venue_id, start, end) in freed {
        crate::booking::waitlist::offer_freed(&state.db, venue_id, start, end, now).await;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Everyone signed up: confirmed, the waitlist in order, those who left (phones masked).
#[utoipa::path(get, path = "/staff/activities/{id}/signups", tag = "activities-staff", params(("id" = i64, Path)),
    responses((status = 200, body = SignupList), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn signups(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
) -> ApiResult<Json<SignupList>> {
    let a = in_scope(&state.db, &org, id).await?;
    let rows = store::signups(&state.db, a.id).await?;
    let checked_in = rows
        .iter()
        .filter(|s| s.checked_in_at.is_some())
        .map(store::SignupRow::places)
        .sum::<i64>();
    Ok(Json(SignupList {
        items: rows.iter().map(views::staff_signup).collect(),
        places_taken: u32::try_from(a.places_taken).unwrap_or(0),
        capacity: u32::try_from(a.capacity).unwrap_or(0),
        checked_in: u32::try_from(checked_in).unwrap_or(0),
    }))
}

/// Signs up someone who came in person or called: an account by phone number, or a name (and
/// phone) for someone without one. Allowed until the activity ends.
#[utoipa::path(post, path = "/staff/activities/{id}/signups", tag = "activities-staff", params(("id" = i64, Path)),
    request_body = StaffSignupRequest,
    responses((status = 201, body = StaffSignup), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, description = "activity_not_open, already_signed_up", body = app::api::ErrorBody),
              (status = 422, description = "guest_name_required, resident_not_found, too_many_companions", body = app::api::ErrorBody)))]
async fn staff_sign_up(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    Json(req): Json<StaffSignupRequest>,
) -> ApiResult<(StatusCode, Json<StaffSignup>)> {
    let user = &org.user;
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let phone = |raw: Option<&str>, field: &str| -> ApiResult<Option<PhoneNumber>> {
        match raw.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => PhoneNumber::parse(p)
                .map(Some)
                .map_err(|c| ApiError::invalid(c, field)),
            None => Ok(None),
        }
    };
    let resident = match phone(req.resident_phone.as_deref(), "resident_phone")? {
        Some(p) => Some(
            accounts::user_by_phone(&state.db, p.as_str())
                .await?
                .filter(|u| u.status == "active")
                .ok_or_else(|| ApiError::invalid("resident_not_found", "resident_phone"))?
                .id,
        ),
        None => None,
    };
    let guest_name = req
        .guest_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if resident.is_none()
        && guest_name.is_none_or(|n| n.chars().count() > 40 || n.chars().any(char::is_control))
    {
        return Err(ApiError::invalid("guest_name_required", "guest_name"));
    }
    let guest_phone = phone(req.guest_phone.as_deref(), "guest_phone")?;
    let joiner = places::Joiner {
        user_id: resident,
        guest_name: if resident.is_some() { None } else { guest_name },
        guest_phone: if resident.is_some() {
            None
        } else {
            guest_phone.as_ref().map(PhoneNumber::as_str)
        },
        companions: req.companions,
        by: user.id,
        by_staff: true,
    };
    let mut tx = state.db.begin_write().await?;
    let s = places::join(&mut tx, &a, &joiner, now).await?;
    let signed_up = audit::Event::on(user.id, "activity.signup_by_staff", &a)
        .saying(Phrase::new("audit_activity_signup").param("signup", s.id));
    audit::commit(tx, [signed_up], now).await?;
    Ok((StatusCode::CREATED, Json(views::staff_signup(&s))))
}

/// Checks someone in by the code they show, or by their line in the list (attendance).
#[utoipa::path(post, path = "/staff/activities/{id}/checkins", tag = "activities-staff", params(("id" = i64, Path)),
    request_body = CheckinRequest,
    responses((status = 200, body = StaffSignup), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 409, description = "checkin_not_confirmed", body = app::api::ErrorBody),
              (status = 422, description = "checkin_code_unknown", body = app::api::ErrorBody)))]
async fn check_in(
    State(state): State<AppState>,
    org: Organizer,
    Path(id): Path<i64>,
    Json(req): Json<CheckinRequest>,
) -> ApiResult<Json<StaffSignup>> {
    let user = &org.user;
    let now = state.config.clock.now();
    let a = in_scope(&state.db, &org, id).await?;
    let mut tx = state.db.begin_write().await?;
    let s = places::check_in(&mut tx, &a, &req, user.id, now).await?;
    let checked_in = audit::Event::on(user.id, "activity.checkin", &a)
        .saying(Phrase::new("audit_activity_signup").param("signup", s.id));
    audit::commit(tx, [checked_in], now).await?;
    Ok(Json(views::staff_signup(&s)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    /// Region code within the organiser's scope (default: their first region).
    region: Option<String>,
    /// `YYYY-MM` (default: this month).
    month: Option<String>,
}

/// Attendance, no-shows and ratings of the activities of a month in a region.
#[utoipa::path(get, path = "/staff/activities/report", tag = "activities-staff", params(ReportQuery),
    responses((status = 200, body = AttendanceReport), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<Organizers>,
    Query(q): Query<ReportQuery>,
) -> ApiResult<Json<AttendanceReport>> {
    let now = state.config.clock.now();
    let region = match q.region.as_deref().filter(|r| !r.trim().is_empty()) {
        Some(code) => region_id(&state.db, code).await?,
        None => *user
            .scope_roots(Organizers::ROLES)
            .first()
            .ok_or_else(|| ApiError::forbidden("forbidden"))?,
    };
    if !user.covers(&state.db, Organizers::ROLES, region).await? {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("region"),
        ));
    }
    let month = match q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.to_owned(),
        None => crate::time::local(now, crate::time::default_tz(), "%Y-%m"),
    };
    let first = jiff::civil::Date::strptime("%Y-%m-%d", format!("{month}-01"))
        .map_err(|_| ApiError::invalid("invalid_month", "month"))?;
    let next = first
        .checked_add(jiff::ToSpan::month(1))
        .map_err(|_| ApiError::invalid("invalid_month", "month"))?;
    let tz = crate::time::default_tz();
    let midnight = |d: jiff::civil::Date| {
        tz.to_timestamp(d.at(0, 0, 0, 0))
            .map(jiff::Timestamp::as_second)
            .map_err(|_| ApiError::invalid("invalid_month", "month"))
    };
    let (from, to) = (midnight(first)?, midnight(next)?);
    let rows = store::attendance(&state.db, region, from, to, now).await?;
    let sum = |f: fn(&store::AttendanceRow) -> i64| {
        u32::try_from(rows.iter().map(f).sum::<i64>()).unwrap_or(0)
    };
    let (ratings, stars) = rows
        .iter()
        .fold((0, 0), |(n, s), r| (n + r.rating_count, s + r.rating_sum));
    Ok(Json(AttendanceReport {
        month,
        activities: u32::try_from(rows.len()).unwrap_or(0),
        signed_up: sum(|r| r.signed_up),
        attended: sum(|r| r.attended),
        no_shows: sum(|r| r.no_shows),
        rating_average: views::average(stars, ratings),
        rows: rows
            .iter()
            .map(|r| AttendanceRow {
                activity_id: r.id,
                title: Text::new(r.title_zh.clone(), r.title_en.clone()),
                starts_at: crate::time::rfc3339(r.starts_at),
                status: match r.status.as_str() {
                    "cancelled" => app::api::activities::ActivityStatus::Cancelled,
                    _ if r.ends_at <= now => app::api::activities::ActivityStatus::Finished,
                    _ => app::api::activities::ActivityStatus::Published,
                },
                signed_up: u32::try_from(r.signed_up).unwrap_or(0),
                attended: u32::try_from(r.attended).unwrap_or(0),
                no_shows: u32::try_from(r.no_shows).unwrap_or(0),
                rating_average: views::average(r.rating_sum, r.rating_count),
                rating_count: u32::try_from(r.rating_count).unwrap_or(0),
            })
            .collect(),
    }))
}
