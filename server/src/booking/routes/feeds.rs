//! The private calendar feed: one unguessable URL per resident that calendar apps subscribe
//! to. Only the SHA-256 of its token is stored; rotating makes the old URL stop working.
use app::api::booking::CalendarFeed;
use axum::{
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::bookings::ics_event;
use crate::{
    AppState,
    accounts::{CurrentUser, session},
    booking::{feeds, ics, lists},
    error::{ApiError, ApiResult},
    extract::{Json, Query},
    lang::Lang,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_feed, rotate_feed, delete_feed))
        .routes(routes!(feed))
}

/// Path of the feed for a token (the token rides in the query string, which is never logged).
fn feed_path(token: &str) -> String {
    format!("/api/v1/feeds/bookings.ics?token={token}")
}

/// Whether the caller has a feed (its URL is only shown when made).
#[utoipa::path(get, path = "/me/calendar-feed", tag = "booking",
    responses((status = 200, body = CalendarFeed), (status = 401, body = app::api::ErrorBody)))]
async fn get_feed(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<CalendarFeed>> {
    let created = feeds::created_at(&state.db, user.id).await?;
    Ok(Json(CalendarFeed {
        active: created.is_some(),
        created_at: created.map(crate::time::rfc3339),
        path: None,
    }))
}

/// Makes a new feed URL; any previous one stops working.
#[utoipa::path(post, path = "/me/calendar-feed", tag = "booking",
    responses((status = 200, body = CalendarFeed), (status = 401, body = app::api::ErrorBody)))]
async fn rotate_feed(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<CalendarFeed>> {
    let now = state.config.clock.now();
    let token = session::new_token();
    feeds::replace(&state.db, user.id, &token, now).await?;
    Ok(Json(CalendarFeed {
        active: true,
        created_at: Some(crate::time::rfc3339(now)),
        path: Some(feed_path(&token)),
    }))
}

/// Turns the feed off.
#[utoipa::path(delete, path = "/me/calendar-feed", tag = "booking",
    responses((status = 204), (status = 401, body = app::api::ErrorBody)))]
async fn delete_feed(State(state): State<AppState>, user: CurrentUser) -> ApiResult<StatusCode> {
    feeds::delete(&state.db, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct FeedQuery {
    /// The secret of the feed.
    token: String,
}

/// The feed itself (no login: calendar apps cannot log in; the token is the key). Bookings
/// from 30 days ago on; cancelled ones stay listed as CANCELLED so calendars remove them.
#[utoipa::path(get, path = "/feeds/bookings.ics", tag = "booking", params(FeedQuery),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = app::api::ErrorBody)))]
async fn feed(State(state): State<AppState>, Query(q): Query<FeedQuery>) -> ApiResult<Response> {
    let now = state.config.clock.now();
    let user = feeds::owner(&state.db, q.token.trim())
        .await?
        .ok_or_else(|| ApiError::not_found("feed_not_found"))?;
    let rows = lists::for_feed(&state.db, user, now - 30 * 86_400).await?;
    // Calendar programs send no language of the app: the feed's address carries it (`lang`).
    let lang = Lang::current();
    let events: Vec<ics::Event> = rows.iter().map(|b| ics_event(b, lang)).collect();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        ics::calendar(
            lang.pick("邻里 · 我的场馆预约", "Linli · My venue bookings"),
            &events,
        ),
    )
        .into_response())
}
