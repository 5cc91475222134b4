//! Community organisations as organisers: organisers of an organisation's region name the
//! accounts that organise activities for it (a choir's leader, a volunteer team's coordinator);
//! those accounts then create and run that organisation's activities only ([`super::Organizer`]).
use app::api::{
    Text,
    accounts::mask_phone,
    activities::{
        AddMember, OrganizationList, OrganizationMember, OrganizationMemberList, OrganizationRef,
    },
};
use axum::{extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Organizers, store};
use crate::{
    AppState, Db,
    accounts::{
        CurrentUser, PhoneNumber,
        session::{RoleSet, WithRole},
        store as accounts,
    },
    audit,
    error::{ApiError, ApiResult},
    extract::{Json, Path},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_organizations))
        .routes(routes!(list_members, add_member))
        .routes(routes!(remove_member))
}

/// The organisation, when the caller organises in its region (404 otherwise).
async fn in_scope(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<OrganizationRef> {
    let (id, zh, en, region, code) = store::organization(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("organization_not_found"))?;
    if !user.covers(db, Organizers::ROLES, region).await? {
        return Err(ApiError::not_found("organization_not_found"));
    }
    Ok(OrganizationRef {
        id,
        name: Text::new(zh, en),
        region: code,
    })
}

async fn members(db: &Db, org: OrganizationRef) -> ApiResult<OrganizationMemberList> {
    let items = store::members(db, org.id)
        .await?
        .into_iter()
        .map(|(user_id, name, phone, at)| OrganizationMember {
            user_id,
            name: name.shown(),
            phone: phone.as_deref().map(mask_phone).unwrap_or_default(),
            added_at: crate::time::rfc3339(at),
        })
        .collect();
    Ok(OrganizationMemberList {
        organization: org,
        items,
    })
}

/// The audit entry of a change to an organisation's members.
fn membership(
    user: &CurrentUser,
    action: &'static str,
    org: i64,
    member: i64,
) -> audit::Event<'static> {
    audit::Event::new(user.id, action, format!("organization:{org}"), None)
        .saying(crate::phrase::Phrase::new("audit_user").param("user", member))
}

/// Organisations the caller organises activities for.
#[utoipa::path(get, path = "/me/organizations", tag = "activities",
    responses((status = 200, body = OrganizationList), (status = 401, body = app::api::ErrorBody)))]
async fn my_organizations(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<OrganizationList>> {
    let items = store::organizations_of(&state.db, user.id)
        .await?
        .into_iter()
        .map(|(id, zh, en, region)| OrganizationRef {
            id,
            name: Text::new(zh, en),
            region,
        })
        .collect();
    Ok(Json(OrganizationList { items }))
}

/// The accounts organising for an organisation of the caller's region (phones masked).
#[utoipa::path(get, path = "/staff/organizations/{id}/members", tag = "activities-staff", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationMemberList), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn list_members(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<Organizers>,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrganizationMemberList>> {
    let org = in_scope(&state.db, &user, id).await?;
    Ok(Json(members(&state.db, org).await?))
}

/// Names an account (by phone number) as an organiser for the organisation.
#[utoipa::path(post, path = "/staff/organizations/{id}/members", tag = "activities-staff", params(("id" = i64, Path)),
    request_body = AddMember,
    responses((status = 201, body = OrganizationMemberList), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 422, description = "invalid_phone, resident_not_found", body = app::api::ErrorBody)))]
async fn add_member(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<Organizers>,
    Path(id): Path<i64>,
    Json(req): Json<AddMember>,
) -> ApiResult<(StatusCode, Json<OrganizationMemberList>)> {
    let now = state.config.clock.now();
    let org = in_scope(&state.db, &user, id).await?;
    let phone = PhoneNumber::parse(&req.phone).map_err(|c| ApiError::invalid(c, "phone"))?;
    let member = accounts::user_by_phone(&state.db, phone.as_str())
        .await?
        .filter(|u| u.status == "active")
        .ok_or_else(|| ApiError::invalid("resident_not_found", "phone"))?;
    let mut tx = state.db.begin_write().await?;
    if store::add_member(&mut *tx, org.id, member.id, user.id, now).await? {
        let added = membership(&user, "organization.member_added", org.id, member.id);
        audit::commit(tx, [added], now).await?;
    }
    Ok((StatusCode::CREATED, Json(members(&state.db, org).await?)))
}

/// Ends an account's role as organiser for the organisation.
#[utoipa::path(delete, path = "/staff/organizations/{id}/members/{user_id}", tag = "activities-staff",
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 204), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn remove_member(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<Organizers>,
    Path((id, member)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let now = state.config.clock.now();
    let org = in_scope(&state.db, &user, id).await?;
    let mut tx = state.db.begin_write().await?;
    if !store::remove_member(&mut *tx, Some(org.id), member).await? {
        return Err(ApiError::not_found("member_not_found"));
    }
    let removed = membership(&user, "organization.member_removed", org.id, member);
    audit::commit(tx, [removed], now).await?;
    Ok(StatusCode::NO_CONTENT)
}
