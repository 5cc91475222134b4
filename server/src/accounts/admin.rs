//! Administrators: find users in their scope, grant and revoke roles, disable accounts,
//! reveal a phone number (audit-logged), browse the audit log.
use app::api::accounts::{
    AccountStatus, AuditEntry, AuditList, GrantRoleRequest, RevealedPhone, Role, SetStatusRequest,
    UserList, UserSummary,
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    CurrentUser,
    session::{Admins, WithRole},
    store, views,
};
use crate::{
    AppState, audit,
    error::{ApiError, ApiResult, Problem, is_unique_violation},
    extract::{Json, Path, Query},
    pagination::{Cursor, page_limit},
    phrase::Phrase,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(get_user))
        .routes(routes!(grant_role))
        .routes(routes!(revoke_role))
        .routes(routes!(set_status))
        .routes(routes!(reveal_phone))
        .routes(routes!(list_audit))
}

const ADMIN: &[Role] = &[Role::Admin];

/// Loads a user the admin may manage, or 404 (users outside the scope do not exist for them).
async fn user_in_scope(
    state: &AppState,
    admin: &CurrentUser,
    id: i64,
) -> ApiResult<store::UserRow> {
    if !store::manages(&state.db, &admin.scope_roots(ADMIN), id).await? {
        return Err(ApiError::not_found("user_not_found"));
    }
    store::user_by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user_not_found"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct UserQuery {
    /// Part of the display name, or a full phone number.
    q: Option<String>,
    /// Only users holding this role.
    role: Option<Role>,
    /// Only `active`, `disabled` or `deleted` accounts.
    status: Option<AccountStatus>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// Users in the administrator's scope, newest first.
#[utoipa::path(get, path = "/admin/users", tag = "admin", params(UserQuery),
    responses((status = 200, body = UserList), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Query(q): Query<UserQuery>,
) -> ApiResult<Json<UserList>> {
    let limit = page_limit(q.limit)?;
    let after = Cursor::decode_opt(q.cursor.as_deref())?;
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let phone = text.and_then(|t| super::PhoneNumber::parse(t).ok());
    let search = store::UserSearch {
        roots: &admin.scope_roots(ADMIN),
        who: match (&phone, text) {
            (Some(phone), _) => store::Who::Phone(phone.as_str()),
            (None, Some(text)) => store::Who::NamePart(text),
            (None, None) => store::Who::Anyone,
        },
        role: q.role.filter(|r| r.is_staff()),
        status: q.status.map(AccountStatus::as_str),
        before: after.map(|c| c.0),
        take: i64::from(limit) + 1,
    };
    let mut rows = store::search_users(&state.db, &search).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |u| u.id);
    Ok(Json(UserList {
        items: views::summaries(&state.db, rows).await?,
        next_cursor,
    }))
}

/// One user in the administrator's scope.
#[utoipa::path(get, path = "/admin/users/{id}", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = UserSummary), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(id): Path<i64>,
) -> ApiResult<Json<UserSummary>> {
    let user = user_in_scope(&state, &admin, id).await?;
    let mut list = views::summaries(&state.db, vec![user]).await?;
    list.pop()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("user_not_found"))
}

/// Grants a role for a region inside the administrator's own scope.
#[utoipa::path(post, path = "/admin/users/{id}/roles", tag = "admin", params(("id" = i64, Path)), request_body = GrantRoleRequest,
    responses((status = 201, body = UserSummary), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn grant_role(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(id): Path<i64>,
    Json(req): Json<GrantRoleRequest>,
) -> ApiResult<(StatusCode, Json<UserSummary>)> {
    let user = user_in_scope(&state, &admin, id).await?;
    if user.status == "deleted" {
        return Err(ApiError::conflict("user_deleted"));
    }
    if !req.role.is_staff() {
        return Err(ApiError::invalid("role_not_grantable", "role"));
    }
    let region = regions::by_code(&state.db, &req.region)
        .await?
        .ok_or_else(|| ApiError::invalid("region_not_found", "region"))?;
    if !admin.covers(&state.db, ADMIN, region.id).await? {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("region"),
        ));
    }
    let department = match (req.role, req.department.as_deref()) {
        (Role::DepartmentHandler, Some(code)) => Some(
            store::department_by_code(&state.db, code)
                .await?
                .ok_or_else(|| ApiError::invalid("department_not_found", "department"))?
                .id,
        ),
        (Role::DepartmentHandler, None) => {
            return Err(ApiError::invalid("department_required", "department"));
        }
        (_, Some(_)) => return Err(ApiError::invalid("department_not_allowed", "department")),
        (_, None) => None,
    };
    let mut tx = state.db.begin_write().await?;
    let grant = match store::insert_grant(
        &mut *tx,
        id,
        req.role,
        region.id,
        department,
        Some(admin.id),
        state.config.clock.now(),
    )
    .await
    {
        Ok(grant) => grant,
        Err(e) if is_unique_violation(&e) => {
            return Err(ApiError::conflict("role_already_granted"));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(admin.id),
            action: "role.grant",
            subject: format!("user:{id}"),
            region: Some(region.id),
            detail: Some(
                match &req.department {
                    Some(d) => super::with_role(
                        Phrase::new("audit_role_granted_department"),
                        req.role.as_str(),
                    )
                    .param("department", d),
                    None => super::with_role(Phrase::new("audit_role_granted"), req.role.as_str()),
                }
                .param("grant", grant)
                .param("region", &region.code),
            ),
        },
        state.config.clock.now(),
    )
    .await?;
    tx.commit().await?;
    let user = store::user_by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user_not_found"))?;
    let summary = views::summaries(&state.db, vec![user])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("user_not_found"))?;
    Ok((StatusCode::CREATED, Json(summary)))
}

/// Revokes a role granted within the administrator's scope.
#[utoipa::path(delete, path = "/admin/users/{id}/roles/{grant_id}", tag = "admin",
    params(("id" = i64, Path), ("grant_id" = i64, Path)),
    responses((status = 204), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn revoke_role(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path((id, grant_id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    user_in_scope(&state, &admin, id).await?;
    let (owner, region_id, role) = store::grant_by_id(&state.db, grant_id)
        .await?
        .filter(|(owner, _, _)| *owner == id)
        .ok_or_else(|| ApiError::not_found("grant_not_found"))?;
    if !admin.covers(&state.db, ADMIN, region_id).await? {
        return Err(ApiError::forbidden("region_out_of_scope"));
    }
    if owner == admin.id && role == Role::Admin.as_str() && admin.scope_roots(ADMIN).len() == 1 {
        return Err(ApiError::conflict("cannot_revoke_own_last_admin"));
    }
    let mut tx = state.db.begin_write().await?;
    store::delete_grant(&mut *tx, grant_id).await?;
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(admin.id),
            action: "role.revoke",
            subject: format!("user:{id}"),
            region: Some(region_id),
            detail: Some(
                super::with_role(Phrase::new("audit_role_revoked"), &role).param("grant", grant_id),
            ),
        },
        state.config.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Disables or re-enables an account; disabling ends its sessions at once.
#[utoipa::path(post, path = "/admin/users/{id}/status", tag = "admin", params(("id" = i64, Path)), request_body = SetStatusRequest,
    responses((status = 200, body = UserSummary), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn set_status(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(id): Path<i64>,
    Json(req): Json<SetStatusRequest>,
) -> ApiResult<Json<UserSummary>> {
    let user = user_in_scope(&state, &admin, id).await?;
    if id == admin.id {
        return Err(ApiError::conflict("cannot_change_own_status"));
    }
    if user.status == "deleted" {
        return Err(ApiError::conflict("user_deleted"));
    }
    if req.status == AccountStatus::Deleted {
        return Err(ApiError::invalid("invalid_status", "status"));
    }
    let reason: String = req.reason.unwrap_or_default().chars().take(200).collect();
    let mut tx = state.db.begin_write().await?;
    store::set_status(&mut *tx, id, req.status.as_str(), state.config.clock.now()).await?;
    if req.status == AccountStatus::Disabled {
        store::delete_sessions_of(&mut *tx, id).await?;
    }
    let action = if req.status == AccountStatus::Disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    audit::record(
        &mut *tx,
        audit::Event {
            actor: Some(admin.id),
            action,
            subject: format!("user:{id}"),
            region: user.home_region_id,
            detail: (!reason.trim().is_empty())
                .then(|| Phrase::new("audit_reason").param("reason", reason)),
        },
        state.config.clock.now(),
    )
    .await?;
    tx.commit().await?;
    let user = store::user_by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user_not_found"))?;
    let summary = views::summaries(&state.db, vec![user])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("user_not_found"))?;
    Ok(Json(summary))
}

/// Shows a user's full phone number; every use is written to the audit log.
#[utoipa::path(post, path = "/admin/users/{id}/phone", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = RevealedPhone), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn reveal_phone(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(id): Path<i64>,
) -> ApiResult<Json<RevealedPhone>> {
    let user = user_in_scope(&state, &admin, id).await?;
    let phone = user
        .phone
        .ok_or_else(|| ApiError::not_found("user_not_found"))?;
    audit::record(
        state.db.pool(),
        audit::Event {
            actor: Some(admin.id),
            action: "personal_data.view",
            subject: format!("user:{id}"),
            region: user.home_region_id,
            detail: Some(Phrase::new("audit_phone_shown")),
        },
        state.config.clock.now(),
    )
    .await?;
    Ok(Json(RevealedPhone { phone }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    /// Only entries of this action, e.g. `personal_data.view`.
    action: Option<String>,
    /// Only entries by this user id.
    actor: Option<i64>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The audit log of the administrator's scope, newest first, each detail in the request's
/// language. City administrators also see entries without a region (logins, second-factor
/// changes).
#[utoipa::path(get, path = "/admin/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = AuditList), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody)))]
async fn list_audit(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<AuditList>> {
    let limit = page_limit(q.limit)?;
    let after = Cursor::decode_opt(q.cursor.as_deref())?;
    let roots = admin.scope_roots(ADMIN);
    let filter = audit::Filter {
        roots: &roots,
        without_region: regions::has_root_among(&state.db, &roots).await?,
        action: q.action.as_deref(),
        actor: q.actor,
        before: after.map(|c| c.0),
        limit: limit + 1,
    };
    let mut rows = audit::list(&state.db, &filter).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    let lang = crate::lang::Lang::current();
    let items = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: crate::time::rfc3339(r.at),
            detail: r.detail(lang),
            actor: r
                .actor_name
                .map(|n| super::PersonName::stored(n).shown_in(lang)),
            actor_id: r.actor_id,
            action: r.action,
            subject: r.subject,
            region: r.region_code,
        })
        .collect();
    Ok(Json(AuditList { items, next_cursor }))
}
