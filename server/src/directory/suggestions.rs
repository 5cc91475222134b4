//! "Report a problem": anyone (logged in or not, rate-limited) tells the staff that a
//! service's data is wrong; staff of its region accept or reject the report.
use app::api::directory::{self as json, SuggestionStatus};
use axum::{extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{DirectoryEditors, store};
use crate::{
    AppState,
    accounts::{
        CurrentUser,
        session::{RoleSet, WithRole},
    },
    audit,
    error::{ApiError, ApiResult},
    extract::{ClientIp, Json, Path},
    ratelimit,
    time::rfc3339,
};

pub fn staff_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(resolve))
}

pub const MAX_BODY_CHARS: usize = 1000;

/// Reports a problem with a service. Anonymous reports are allowed and limited per address.
#[utoipa::path(post, path = "/services/{id}/suggestions", tag = "directory",
    params(("id" = i64, Path, description = "Service id")),
    request_body = json::NewSuggestion,
    responses((status = 201, body = json::Created), (status = 404, body = app::api::ErrorBody),
              (status = 422, body = app::api::ErrorBody), (status = 429, body = app::api::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<json::NewSuggestion>,
) -> ApiResult<(StatusCode, Json<json::Created>)> {
    let now = state.config.clock.now();
    let body = req.body.trim();
    if body.is_empty() || body.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::invalid("invalid_suggestion", "body"));
    }
    store::service(state.db.pool(), id)
        .await?
        .filter(|s| s.status().is_public())
        .ok_or_else(|| ApiError::not_found("service_not_found"))?;
    match &user {
        Some(u) => {
            ratelimit::ANONYMOUS_WRITES_PER_IP
                .hit(&state, &format!("user:{}", u.id))
                .await?;
        }
        None => ratelimit::ANONYMOUS_WRITES_PER_IP.hit(&state, &ip).await?,
    }
    let new_id: i64 = sqlx::query_scalar(
        "INSERT INTO dir_suggestions (service_id, kind, body, user_id, status, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
    )
    .bind(id)
    .bind(req.kind.as_str())
    .bind(body)
    .bind(user.as_ref().map(|u| u.id))
    .bind(now)
    .fetch_one(state.db.pool())
    .await?;
    Ok((StatusCode::CREATED, Json(json::Created { id: new_id })))
}

#[derive(Debug, sqlx::FromRow)]
pub struct SuggestionRow {
    pub id: i64,
    pub service_id: i64,
    pub service_name_zh: String,
    pub service_name_en: Option<String>,
    pub region_id: i64,
    pub kind: String,
    pub body: String,
    pub user_id: Option<i64>,
    pub status: String,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub resolution_note: String,
}

impl SuggestionRow {
    pub fn wire(self) -> json::Suggestion {
        json::Suggestion {
            id: self.id,
            service_id: self.service_id,
            service_name: store::text(self.service_name_zh, self.service_name_en),
            kind: json::SuggestionKind::parse(&self.kind).unwrap_or(json::SuggestionKind::Other),
            body: self.body,
            status: json::SuggestionStatus::parse(&self.status)
                .unwrap_or(json::SuggestionStatus::Open),
            from_account: self.user_id.is_some(),
            created_at: rfc3339(self.created_at),
            resolved_at: self.resolved_at.map(rfc3339),
            resolution_note: self.resolution_note,
        }
    }
}

pub const SUGGESTION_SELECT: &str = "SELECT g.id, g.service_id, s.name_zh AS service_name_zh, \
     s.name_en AS service_name_en, s.region_id, g.kind, g.body, g.user_id, g.status, g.created_at, \
     g.resolved_at, g.resolution_note FROM dir_suggestions g JOIN dir_services s ON s.id = g.service_id";

/// Accepts or rejects an open suggestion about a service in the caller's scope.
#[utoipa::path(post, path = "/directory/suggestions/{id}/resolve", tag = "directory",
    params(("id" = i64, Path, description = "Suggestion id")),
    request_body = json::ResolveSuggestion,
    responses((status = 200, body = json::Suggestion), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn resolve(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
    Json(req): Json<json::ResolveSuggestion>,
) -> ApiResult<Json<json::Suggestion>> {
    let now = state.config.clock.now();
    if req.status == json::SuggestionStatus::Open {
        return Err(ApiError::invalid("invalid_resolution", "status"));
    }
    let note = req.note.trim();
    if note.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::invalid("invalid_resolution_note", "note"));
    }
    let row: SuggestionRow = sqlx::query_as(&format!("{SUGGESTION_SELECT} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("suggestion_not_found"))?;
    if !user
        .covers(&state.db, DirectoryEditors::ROLES, row.region_id)
        .await?
    {
        return Err(ApiError::not_found("suggestion_not_found"));
    }
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE dir_suggestions SET status = $1, resolved_at = $2, resolved_by = $3, resolution_note = $4 \
         WHERE id = $5 AND status = 'open'",
    )
    .bind(req.status.as_str())
    .bind(now)
    .bind(user.id)
    .bind(note)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict("suggestion_already_resolved"));
    }
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(user.id),
            action: "directory.suggestion.resolve",
            subject: format!("suggestion:{id}"),
            region: Some(row.region_id),
            detail: Some(resolved(req.status)),
        },
        now,
    )
    .await?;
    let updated: SuggestionRow = sqlx::query_as(&format!("{SUGGESTION_SELECT} WHERE g.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Json(updated.wire()))
}

/// The reports a user made while logged in (for their own data export).
pub async fn of_user(db: &crate::Db, user_id: i64) -> Result<Vec<json::Suggestion>, sqlx::Error> {
    let rows: Vec<SuggestionRow> = sqlx::query_as(&format!(
        "{SUGGESTION_SELECT} WHERE g.user_id = $1 ORDER BY g.id"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(SuggestionRow::wire).collect())
}

/// Keeps a deleted account's reports for the staff, anonymous from then on.
pub async fn unlink_user(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE dir_suggestions SET user_id = NULL WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// The audit detail of a report of a problem that staff dealt with: the outcome in words.
pub fn resolved(status: SuggestionStatus) -> crate::phrase::Phrase {
    let (zh, en) = match status {
        SuggestionStatus::Open => ("待处理", "open"),
        SuggestionStatus::Accepted => ("已采纳", "accepted"),
        SuggestionStatus::Rejected => ("未采纳", "not accepted"),
    };
    crate::phrase::Phrase::new("audit_suggestion_resolved").words("status", "status_en", zh, en)
}
