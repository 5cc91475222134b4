//! The personal-data rights of PIPL across all domains: export of one's own data, and account
//! deletion that erases personal fields and anonymises records others must keep.
use app::api::accounts::PasswordConfirmation;
use axum::{
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    AppState,
    accounts::{CurrentUser, confirm_password, session, store, with_cookie},
    error::{ApiError, ApiResult},
    extract::Json,
    time::rfc3339,
};

/// `GET /me/export` and `POST /me/delete`: the rights that reach every domain.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_route))
        .routes(routes!(delete_route))
}

/// Everything Linli holds about the account, as a JSON download (PIPL right of access).
#[utoipa::path(get, path = "/me/export", tag = "accounts",
    responses((status = 200, description = "JSON document", content_type = "application/json"),
              (status = 401, body = app::api::ErrorBody)))]
async fn export_route(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    let doc = export(&state, user.id).await?;
    let body = serde_json::to_vec_pretty(&doc).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"linli-my-data.json\""),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

/// Deletes the account: personal data is erased, records others must keep are anonymised.
#[utoipa::path(post, path = "/me/delete", tag = "accounts", request_body = PasswordConfirmation,
    responses((status = 204), (status = 401, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn delete_route(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<PasswordConfirmation>,
) -> ApiResult<Response> {
    confirm_password(&state, user.id, req.password).await?;
    delete_account(&state, user.id).await?;
    tracing::info!(user_id = user.id, "account deleted");
    Ok(with_cookie(
        StatusCode::NO_CONTENT,
        session::clear_cookie(state.config.behind_tls),
        (),
    ))
}

/// Everything Linli holds about a user, as one JSON document.
pub async fn export(state: &AppState, user_id: i64) -> Result<Value, ApiError> {
    let user = store::user_by_id(&state.db, user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let home = crate::accounts::views_region(&state.db, user.home_region_id).await?;
    let roles: Vec<Value> = store::grant_views(&state.db, &[user_id])
        .await?
        .into_iter()
        .map(
            |g| json!({ "role": g.role, "region": g.region_code, "department": g.department_code }),
        )
        .collect();
    let sessions: Vec<Value> = store::sessions_of(&state.db, user_id, state.config.clock.now())
        .await?
        .into_iter()
        .map(|s| json!({ "created_at": rfc3339(s.created_at), "last_seen_at": rfc3339(s.last_seen_at), "user_agent": s.user_agent }))
        .collect();
    let suggestions: Vec<Value> = crate::directory::suggestions::of_user(&state.db, user_id)
        .await?
        .into_iter()
        .map(|s| json!({ "service_id": s.service_id, "kind": s.kind, "body": s.body, "status": s.status, "created_at": s.created_at }))
        .collect();
    Ok(json!({
        "exported_at": rfc3339(state.config.clock.now()),
        "account": {
            "id": user.id,
            "phone": user.phone,
            "display_name": user.display_name.as_given(),
            "home_community": home.map(|r| r.code),
            "status": user.status,
            "second_factor_enabled": user.totp_enabled == 1,
            "created_at": rfc3339(user.created_at),
            "email": user.email,
            "language": user.language,
        },
        "roles": roles,
        "sessions": sessions,
        "directory_suggestions": suggestions,
        "venue_booking": crate::booking::privacy::export(&state.db, user_id).await?,
        "feedback": crate::feedback::export_of(state, user_id).await?,
        "activities": crate::activities::privacy::export(&state.db, user_id).await?,
        "volunteering": crate::volunteers::privacy::export(&state.db, user_id).await?,
    }))
}

/// Deletes an account in one transaction: sessions and roles go, personal fields are erased,
/// the row stays (anonymised) for the records that refer to it.
pub async fn delete_account(state: &AppState, user_id: i64) -> Result<(), ApiError> {
    crate::booking::privacy::cancel_live(&state.db, user_id, state.config.clock.now()).await?;
    crate::activities::privacy::forget(&state.db, user_id, state.config.clock.now()).await?;
    crate::volunteers::privacy::forget(&state.db, user_id, state.config.clock.now()).await?;
    let mut tx = state.db.begin_write().await?;
    crate::booking::privacy::erase(&mut tx, user_id).await?;
    store::delete_sessions_of(&mut *tx, user_id).await?;
    store::delete_grants_of(&mut *tx, user_id).await?;
    crate::accounts::family::end_all_of(&mut tx, user_id, state.config.clock.now()).await?;
    store::anonymise(&mut *tx, user_id, state.config.clock.now()).await?;
    crate::notifications::store::delete_of_user(&mut tx, user_id).await?;
    crate::feedback::forget_submitter(&mut tx, user_id).await?;
    // Reports about directory entries stay for the staff, no longer linked to the person.
    crate::directory::suggestions::unlink_user(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}
