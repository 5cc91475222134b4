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
    booking::{ics, ledger},
    error::{ApiError, ApiResult},
    extract::{Json, Query},
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
    let created: Option<i64> =
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
            .bind(user.id)
            .fetch_optional(state.db.pool())
            .await?;
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
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user.id)
    .bind(session::token_hash(&token))
    .bind(now)
    .execute(state.db.pool())
    .await?;
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
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user.id)
        .execute(state.db.pool())
        .await?;
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
    let user: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
            .bind(session::token_hash(q.token.trim()))
            .fetch_optional(state.db.pool())
            .await?;
    let user = user.ok_or_else(|| ApiError::not_found("feed_not_found"))?;
    let rows: Vec<ledger::BookingRow> = sqlx::query_as(&format!(
        "{} WHERE b.user_id = $1 AND b.kind = 'booking' AND b.ends_at > $2 AND b.status <> 'held' \
         ORDER BY b.starts_at LIMIT 500",
        ledger::BOOKING_SELECT
    ))
    .bind(user)
    .bind(now - 30 * 86_400)
    .fetch_all(state.db.pool())
    .await?;
    let events: Vec<ics::Event> = rows.iter().map(ics_event).collect();
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
        ics::calendar("邻里 · 我的场馆预约", &events),
    )
        .into_response())
}
