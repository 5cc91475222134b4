//! `GET /api/v1/me/notifications` and marking notifications read.
use app::api::{
    Text,
    notifications::{Notification, NotificationList},
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store;
use crate::{
    AppState,
    accounts::CurrentUser,
    error::{ApiError, ApiResult},
    extract::{Json, Path, Query},
    pagination::{Cursor, page_limit},
    time::rfc3339,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Only unread notifications.
    unread: Option<bool>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/me/notifications", tag = "notifications", params(ListQuery),
    responses((status = 200, body = NotificationList), (status = 401, body = app::api::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<NotificationList>> {
    let limit = page_limit(q.limit)?;
    let before = Cursor::decode_opt(q.cursor.as_deref())?.map(|c| c.0);
    let mut rows =
        store::page(&state.db, user.id, q.unread.unwrap_or(false), before, limit).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    Ok(Json(NotificationList {
        items: rows
            .into_iter()
            .map(|r| Notification {
                id: r.id,
                kind: r.kind,
                title: Text::new(r.title_zh, r.title_en),
                body: Text::new(r.body_zh, r.body_en),
                link: r.link,
                created_at: rfc3339(r.created_at),
                read: r.read_at.is_some(),
            })
            .collect(),
        unread: store::unread_count(&state.db, user.id).await?,
        next_cursor,
    }))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(post, path = "/me/notifications/{id}/read", tag = "notifications", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    if !store::mark_read(&state.db, user.id, id, state.config.clock.now()).await? {
        return Err(ApiError::not_found("notification_not_found"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Marks all of the caller's notifications read.
#[utoipa::path(post, path = "/me/notifications/read-all", tag = "notifications",
    responses((status = 204), (status = 401, body = app::api::ErrorBody)))]
async fn mark_all_read(State(state): State<AppState>, user: CurrentUser) -> ApiResult<StatusCode> {
    store::mark_all_read(&state.db, user.id, state.config.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
