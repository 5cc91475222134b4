//! The public side of activities (list, page, calendar files) and residents' sign-up.
use std::collections::HashMap;

use app::api::activities::{
    Activity, ActivityKind, ActivityList, MySignup, RatingRequest, Review, SignupRequest,
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Organizers, places, store, views};
use crate::{
    AppState, Db,
    accounts::{CurrentUser, session::RoleSet},
    error::{ApiError, ApiResult},
    extract::{Json, Path, Query},
    ics,
    lang::Lang,
    pagination::page_limit,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_activities))
        .routes(routes!(get_activity))
        .routes(routes!(activity_ics))
        .routes(routes!(community_feed))
        .routes(routes!(sign_up, leave))
        .routes(routes!(my_activities))
        .routes(routes!(rate_activity))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ListQuery {
    /// Region code (community, subdistrict or district): activities within it.
    pub region: Option<String>,
    /// Activity kind, e.g. `sports`.
    pub kind: Option<String>,
    /// Audience code of the directory, e.g. `elderly`.
    pub audience: Option<String>,
    /// First date (`YYYY-MM-DD`, default today): activities not over by then.
    pub from: Option<String>,
    /// Last date (`YYYY-MM-DD`, inclusive).
    pub to: Option<String>,
    /// Staff lists: `draft`, `published` or `cancelled`.
    pub status: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// A region id by code (404 `region_not_found`).
pub(super) async fn region_id(db: &Db, code: &str) -> ApiResult<i64> {
    Ok(regions::by_code(db, code.trim())
        .await?
        .ok_or_else(|| ApiError::not_found("region_not_found"))?
        .id)
}

fn cursor(a: &store::ActivityRow) -> String {
    format!("a{}_{}", a.starts_at, a.id)
}

fn decode_cursor(s: Option<&str>) -> ApiResult<Option<(i64, i64)>> {
    s.map(|s| {
        s.strip_prefix('a')
            .and_then(|r| r.split_once('_'))
            .and_then(|(t, id)| Some((t.parse().ok()?, id.parse().ok()?)))
            .ok_or_else(|| ApiError::invalid("invalid_cursor", "cursor"))
    })
    .transpose()
}

/// The filter of a list query; `staff` allows drafts (scoped by the caller).
pub(super) async fn filter(db: &Db, q: &ListQuery, now: i64) -> ApiResult<store::Filter> {
    let region_id = match q.region.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(code) => Some(region_id(db, code).await?),
        None => None,
    };
    let kind = match q.kind.as_deref().filter(|s| !s.is_empty()) {
        Some(k) => Some(
            ActivityKind::parse(k)
                .ok_or_else(|| ApiError::invalid("invalid_activity_kind", "kind"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => crate::fields::day_start(d, "from")?,
        None => now,
    };
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => Some(crate::fields::day_start(d, "to")? + 86_400),
        None => None,
    };
    if to.is_some_and(|t| t <= from) {
        return Err(ApiError::invalid("invalid_date", "to"));
    }
    Ok(store::Filter {
        region_id,
        kind,
        audience: q.audience.clone().filter(|a| !a.is_empty()),
        from: Some(from),
        to,
        after: decode_cursor(q.cursor.as_deref())?,
        limit: page_limit(q.limit)?,
        ..store::Filter::default()
    })
}

/// Rows to a page of the wire list, with the caller's own sign-ups.
pub(super) async fn page(
    db: &Db,
    mut rows: Vec<store::ActivityRow>,
    limit: u32,
    user: Option<i64>,
    now: i64,
) -> ApiResult<ActivityList> {
    let next_cursor = (rows.len() > limit as usize).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(cursor)
    });
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let audiences = audience_map(db, &ids).await?;
    let mine = match user {
        Some(u) => store::signups_of_user(db, u, &ids).await?,
        None => Vec::new(),
    };
    let items = rows
        .iter()
        .map(|r| {
            let m = mine.iter().find(|s| s.activity_id == r.id);
            views::activity(r, &audiences, m, now)
        })
        .collect();
    Ok(ActivityList {
        items,
        next_cursor: next_cursor.flatten(),
    })
}

pub(super) async fn audience_map(db: &Db, ids: &[i64]) -> ApiResult<HashMap<i64, Vec<String>>> {
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, code) in store::audiences_of(db, ids).await? {
        map.entry(id).or_default().push(code);
    }
    Ok(map)
}

/// Published activities (and cancelled ones, with their reason) by region, kind, audience and
/// dates, soonest first. Never drafts.
#[utoipa::path(get, path = "/activities", tag = "activities", params(ListQuery),
    responses((status = 200, body = ActivityList), (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn list_activities(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ActivityList>> {
    let now = state.config.clock.now();
    if q.status.is_some() {
        return Err(ApiError::invalid("invalid_query", "status"));
    }
    let f = filter(&state.db, &q, now).await?;
    let rows = store::list(&state.db, &f).await?;
    Ok(Json(
        page(&state.db, rows, f.limit, user.map(|u| u.id), now).await?,
    ))
}

/// Loads an activity the caller may see: drafts only for organisers of its community.
pub(super) async fn visible(
    state: &AppState,
    user: Option<&CurrentUser>,
    id: i64,
) -> ApiResult<store::ActivityRow> {
    let a = store::by_id(state.db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("activity_not_found"))?;
    if a.status == "draft" {
        let organiser = match user {
            Some(u) => {
                let member = match a.organization_id {
                    Some(o) => store::organizations_of(&state.db, u.id)
                        .await?
                        .iter()
                        .any(|m| m.0 == o),
                    None => false,
                };
                member || u.covers(&state.db, Organizers::ROLES, a.region_id).await?
            }
            None => false,
        };
        if !organiser {
            return Err(ApiError::not_found("activity_not_found"));
        }
    }
    Ok(a)
}

/// One activity with its public reviews and the caller's own place.
pub(super) async fn detail(
    state: &AppState,
    a: &store::ActivityRow,
    user: Option<i64>,
) -> ApiResult<Activity> {
    let now = state.config.clock.now();
    let audiences = audience_map(&state.db, &[a.id]).await?;
    let mine = match user {
        Some(u) => store::signup_of(state.db.pool(), a.id, u).await?,
        None => None,
    };
    let mut out = views::activity(a, &audiences, mine.as_ref(), now);
    out.photos = super::photos::of(&state.db, a.id).await?;
    out.reviews = store::reviews(&state.db, a.id)
        .await?
        .into_iter()
        .map(|(stars, comment, at)| Review {
            stars: u8::try_from(stars).unwrap_or(0),
            comment,
            rated_at: crate::time::rfc3339(at),
        })
        .collect();
    Ok(out)
}

/// One activity.
#[utoipa::path(get, path = "/activities/{id}", tag = "activities", params(("id" = i64, Path)),
    responses((status = 200, body = Activity), (status = 404, body = app::api::ErrorBody)))]
async fn get_activity(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Activity>> {
    let a = visible(&state, user.as_ref(), id).await?;
    Ok(Json(detail(&state, &a, user.map(|u| u.id)).await?))
}

fn ics_event(a: &store::ActivityRow, lang: Lang) -> ics::Event {
    let pick = |zh: &str, en: Option<&str>| lang.pick(zh, en.unwrap_or(zh)).to_owned();
    let place = if a.place_zh.is_empty() {
        pick(a.venue_zh.as_deref().unwrap_or(""), a.venue_en.as_deref())
    } else {
        pick(&a.place_zh, a.place_en.as_deref())
    };
    ics::Event {
        uid: format!("activity-{}@linli", a.id),
        stamp: a.updated_at,
        start: a.starts_at,
        end: a.ends_at,
        summary: pick(&a.title_zh, a.title_en.as_deref()),
        location: place,
        description: match &a.cancel_reason {
            Some(r) => format!("{}{r}", lang.pick("已取消：", "Cancelled: ")),
            None => pick(&a.description_zh, a.description_en.as_deref()),
        },
        status: if a.status == "cancelled" {
            ics::EventStatus::Cancelled
        } else {
            ics::EventStatus::Confirmed
        },
        time_zone: a.time_zone.clone(),
    }
}

/// The activity as an iCalendar file (RFC 5545), in the caller's language.
#[utoipa::path(get, path = "/activities/{id}/ics", tag = "activities", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = app::api::ErrorBody)))]
async fn activity_ics(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let a = visible(&state, user.as_ref(), id).await?;
    let lang = Lang::from_headers(&headers);
    let body = ics::calendar(
        lang.pick("邻里社区活动", "Linli community activities"),
        &[ics_event(&a, lang)],
    );
    Ok(crate::http::calendar_response(
        Some(&format!("activity-{id}.ics")),
        "private, no-store",
        body,
    ))
}

/// A community's activities as a calendar to subscribe to (`{community_code}.ics`): from 30
/// days ago on, cancelled ones as CANCELLED so calendars remove them.
#[utoipa::path(get, path = "/feeds/activities/{file}", tag = "activities",
    params(("file" = String, Path, description = "`{community_code}.ics`")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = app::api::ErrorBody)))]
async fn community_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> ApiResult<Response> {
    let code = file
        .strip_suffix(".ics")
        .ok_or_else(|| ApiError::not_found("region_not_found"))?;
    let region = regions::by_code(&state.db, code)
        .await?
        .ok_or_else(|| ApiError::not_found("region_not_found"))?;
    let now = state.config.clock.now();
    let rows = store::of_community(&state.db, region.id, now - 30 * 86_400).await?;
    let lang = Lang::from_headers(&headers);
    let events: Vec<ics::Event> = rows.iter().map(|a| ics_event(a, lang)).collect();
    let community = lang.pick(
        &region.name_zh,
        region.name_en.as_deref().unwrap_or(&region.name_zh),
    );
    let name = format!(
        "{community} · {}",
        lang.pick("社区活动", "Community activities")
    );
    Ok(crate::http::calendar_response(
        None,
        "public, max-age=300",
        ics::calendar(&name, &events),
    ))
}

/// Signs the caller up: a place (201 `confirmed`, with the check-in code) or, when full, a
/// waitlist place (201 `waitlisted`, with the position). Told in the app.
#[utoipa::path(post, path = "/activities/{id}/signup", tag = "activities", params(("id" = i64, Path)),
    request_body = SignupRequest,
    responses((status = 201, body = MySignup), (status = 401, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, description = "activity_not_open, signup_not_open, signup_closed, already_signed_up", body = app::api::ErrorBody),
              (status = 422, description = "too_many_companions", body = app::api::ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<SignupRequest>,
) -> ApiResult<(StatusCode, Json<MySignup>)> {
    let a = visible(&state, Some(&user), id).await?;
    let now = state.config.clock.now();
    let joiner = places::Joiner {
        user_id: Some(user.id),
        guest_name: None,
        guest_phone: None,
        companions: req.companions,
        by: user.proxy.unwrap_or(user.id),
        by_staff: false,
    };
    let mut tx = state.db.begin_write().await?;
    let s = places::join(&mut tx, &a, &joiner, now).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(views::my_signup(&s))))
}

/// Gives up the caller's place (until sign-up closes); the place goes to the waitlist.
#[utoipa::path(delete, path = "/activities/{id}/signup", tag = "activities", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = app::api::ErrorBody),
              (status = 404, description = "not_signed_up", body = app::api::ErrorBody),
              (status = 409, description = "signup_closed", body = app::api::ErrorBody)))]
async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let a = visible(&state, Some(&user), id).await?;
    let s = store::signup_of(state.db.pool(), a.id, user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("not_signed_up"))?;
    places::leave(&state.db, &a, &s, false, state.config.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct MineQuery {
    /// Also those over (the last 90 days).
    #[serde(default)]
    past: bool,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The caller's sign-ups (confirmed or waiting), soonest first.
#[utoipa::path(get, path = "/me/activities", tag = "activities", params(MineQuery),
    responses((status = 200, body = ActivityList), (status = 401, body = app::api::ErrorBody)))]
async fn my_activities(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MineQuery>,
) -> ApiResult<Json<ActivityList>> {
    let now = state.config.clock.now();
    let f = store::Filter {
        signed_up: Some(user.id),
        from: Some(if q.past { now - 90 * 86_400 } else { now }),
        after: decode_cursor(q.cursor.as_deref())?,
        limit: page_limit(q.limit)?,
        ..store::Filter::default()
    };
    let rows = store::list(&state.db, &f).await?;
    Ok(Json(
        page(&state.db, rows, f.limit, Some(user.id), now).await?,
    ))
}

/// Rates an attended activity (checked in, after its start), once; the comment is shown to
/// staff, and on the activity's page when `public`.
#[utoipa::path(post, path = "/activities/{id}/rating", tag = "activities", params(("id" = i64, Path)),
    request_body = RatingRequest,
    responses((status = 204), (status = 401, body = app::api::ErrorBody),
              (status = 403, description = "rating_not_allowed", body = app::api::ErrorBody),
              (status = 409, description = "already_rated", body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody)))]
async fn rate_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<RatingRequest>,
) -> ApiResult<StatusCode> {
    let a = visible(&state, Some(&user), id).await?;
    places::rate(&state.db, &a, user.id, &req, state.config.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
