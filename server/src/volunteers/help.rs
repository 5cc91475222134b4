//! Help requests of the time bank: a resident (or a family member for them, or staff for an
//! elder) asks for help; a volunteer of the community takes it or a social worker matches
//! one; a social worker closes it as served, moving the minutes between the two balances.
//! The requester's address and phone reach only the matched volunteer, only while the request
//! is open, and each view of them is logged.
use app::api::volunteers::{
    CompleteHelp, HelpRequest, HelpRequestInput, HelpRequestList, MatchRequest,
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    SocialWorkers, input, ledger,
    routes::{approved, communities, notice, region_id},
    store::{self, HelpRow},
    views::{self, Viewer},
};
use crate::{
    AppState, Db,
    accounts::{
        CurrentUser, PhoneNumber,
        session::{RoleSet, WithRole},
        store as accounts,
    },
    audit,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    lang::Lang,
    notifications::{Channels, notify},
    phrase::Phrase,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_requests, ask))
        .routes(routes!(my_requests))
        .routes(routes!(get_request))
        .routes(routes!(take))
        .routes(routes!(cancel))
        .routes(routes!(staff_list, staff_ask))
        .routes(routes!(match_volunteer))
        .routes(routes!(complete))
}

async fn request(db: &Db, id: i64) -> ApiResult<HelpRow> {
    store::help_request(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("help_request_not_found"))
}

/// The request as `viewer` sees it; a view showing the contact is logged.
async fn shown(
    db: &Db,
    q: &HelpRow,
    viewer: Viewer,
    caller: i64,
    now: i64,
) -> ApiResult<HelpRequest> {
    let out = views::help(q, viewer, caller);
    if out.contact.is_some() && q.requester_id != caller {
        audit::record_on(db.pool(), caller, "help.contact_viewed", q, None, now).await?;
    }
    Ok(out)
}

/// Who the caller is to a request; 404 when they may not see it.
async fn viewer_of(db: &Db, user: &CurrentUser, q: &HelpRow) -> ApiResult<Viewer> {
    if q.requester_id == user.id {
        return Ok(Viewer::Party);
    }
    if q.helper_user_id == Some(user.id) {
        return Ok(Viewer::Helper);
    }
    if user.proxy.is_none() && user.covers(db, SocialWorkers::ROLES, q.region_id).await? {
        return Ok(Viewer::Party);
    }
    if q.status == "open"
        && let Some(v) = store::volunteer_of_user(db.pool(), user.id).await?
        && v.status == "approved"
        && store::communities_of(db.pool(), &[v.id])
            .await?
            .iter()
            .any(|c| c.region_id == q.region_id)
    {
        return Ok(Viewer::Other);
    }
    Err(ApiError::not_found("help_request_not_found"))
}

/// Open help requests in the communities the caller serves as an approved volunteer (none
/// for anyone else), soonest first; no addresses or phones.
#[utoipa::path(get, path = "/help-requests", tag = "time-bank",
    responses((status = 200, body = HelpRequestList), (status = 401, body = app::api::ErrorBody)))]
async fn open_requests(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<HelpRequestList>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let communities = match store::volunteer_of_user(db.pool(), user.id).await? {
        Some(v) if v.status == "approved" => store::communities_of(db.pool(), &[v.id])
            .await?
            .iter()
            .map(|c| c.region_id)
            .collect(),
        _ => Vec::new(),
    };
    let rows = store::open_help_in(db, &communities, now).await?;
    Ok(Json(HelpRequestList {
        items: rows
            .iter()
            .map(|q| views::help(q, Viewer::Other, user.id))
            .collect(),
    }))
}

/// Requests made for the caller and those they help, newest first.
#[utoipa::path(get, path = "/me/help-requests", tag = "time-bank",
    responses((status = 200, body = HelpRequestList), (status = 401, body = app::api::ErrorBody)))]
async fn my_requests(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<HelpRequestList>> {
    let db = &state.db;
    let volunteer = store::volunteer_of_user(db.pool(), user.id)
        .await?
        .map(|v| v.id);
    let rows = store::help_of(db, user.id, volunteer).await?;
    Ok(Json(HelpRequestList {
        items: rows
            .iter()
            .map(|q| {
                let viewer = if q.requester_id == user.id {
                    Viewer::Party
                } else {
                    Viewer::Helper
                };
                views::help(q, viewer, user.id)
            })
            .collect(),
    }))
}

/// Checks a new request and that the requester's balance covers its estimate.
async fn new_request(
    state: &AppState,
    requester: i64,
    posted_by: i64,
    req: &HelpRequestInput,
    scope: Option<&CurrentUser>,
) -> ApiResult<HelpRow> {
    let db = &state.db;
    let now = state.config.clock.now();
    let h = input::help(req, now)?;
    let region = *communities(db, std::slice::from_ref(&req.community), "community")
        .await?
        .first()
        .ok_or_else(|| ApiError::invalid("region_not_found", "community"))?;
    if let Some(staff) = scope
        && !staff.covers(db, SocialWorkers::ROLES, region).await?
    {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("community"),
        ));
    }
    let floor = state.config.volunteering.floor_minutes;
    if store::balance(db, requester).await? - h.minutes < floor {
        return Err(ApiError::Conflict(
            Problem::new("balance_below_floor")
                .field("minutes")
                .param("floor", floor),
        ));
    }
    let phone = match &h.phone {
        Some(p) => p.clone(),
        None => accounts::user_by_id(db, requester)
            .await?
            .and_then(|u| u.phone)
            .ok_or_else(|| ApiError::invalid("invalid_phone", "phone"))?,
    };
    let mut tx = db.begin_write().await?;
    let id = store::insert_help(&mut tx, requester, posted_by, region, &h, &phone, now).await?;
    let q = store::help_request(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::Internal("help request vanished".into()))?;
    let requested = audit::Event::on(posted_by, "help.requested", &q)
        .saying(super::help_requested(h.skill, h.minutes));
    audit::commit(tx, [requested], now).await?;
    Ok(q)
}

/// Asks for help, for oneself (or, through a family link, for the family member). The
/// estimated minutes must be covered by the balance (down to the policy's floor).
#[utoipa::path(post, path = "/help-requests", tag = "time-bank", request_body = HelpRequestInput,
    responses((status = 201, body = HelpRequest), (status = 409, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn ask(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<HelpRequestInput>,
) -> ApiResult<(StatusCode, Json<HelpRequest>)> {
    if req.for_phone.is_some() {
        return Err(ApiError::invalid("invalid_value", "for_phone"));
    }
    let q = new_request(&state, user.id, user.proxy.unwrap_or(user.id), &req, None).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::help(&q, Viewer::Party, user.id)),
    ))
}

/// One help request: the requester and staff see everything; the matched volunteer sees the
/// contact until it is done (the view is logged); other volunteers of the community see an
/// open request without it.
#[utoipa::path(get, path = "/help-requests/{id}", tag = "time-bank", params(("id" = i64, Path)),
    responses((status = 200, body = HelpRequest), (status = 404, body = app::api::ErrorBody)))]
async fn get_request(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<HelpRequest>> {
    let db = &state.db;
    let q = request(db, id).await?;
    let viewer = viewer_of(db, &user, &q).await?;
    Ok(Json(
        shown(db, &q, viewer, user.id, state.config.clock.now()).await?,
    ))
}

/// Gives an open request to a volunteer and tells the requester.
async fn give(
    state: &AppState,
    q: &HelpRow,
    helper: &store::VolunteerRow,
    by: i64,
) -> ApiResult<HelpRow> {
    let db = &state.db;
    let now = state.config.clock.now();
    if helper.user_id == q.requester_id {
        return Err(ApiError::conflict("own_help_request"));
    }
    if !store::communities_of(db.pool(), &[helper.id])
        .await?
        .iter()
        .any(|c| c.region_id == q.region_id)
    {
        return Err(ApiError::Forbidden(Problem::new(
            "outside_your_communities",
        )));
    }
    let mut tx = db.begin_write().await?;
    if !store::match_help(&mut tx, q.id, helper.id, by, now).await? {
        return Err(ApiError::conflict("help_request_not_open"));
    }
    let n = notice(
        q.requester_id,
        "help.matched",
        (
            "您的求助有义工接手了".to_owned(),
            "A volunteer is taking your help request".to_owned(),
        ),
        (
            format!("义工 {} 会与您联系。", helper.name.shown_in(Lang::Zh)),
            format!("{} will contact you.", helper.name.shown_in(Lang::En)),
        ),
        "/volunteer",
        Channels::SMS,
    );
    notify(&mut tx, &n, now).await?;
    let matched = audit::Event::on(by, "help.matched", q)
        .saying(Phrase::new("audit_help_matched").param("volunteer", helper.id));
    audit::commit(tx, [matched], now).await?;
    request(db, q.id).await
}

/// Takes an open request in one of the caller's communities (approved volunteers).
#[utoipa::path(post, path = "/help-requests/{id}/take", tag = "time-bank",
    params(("id" = i64, Path)),
    responses((status = 200, body = HelpRequest), (status = 403, body = app::api::ErrorBody),
        (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody)))]
async fn take(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<HelpRequest>> {
    let db = &state.db;
    let q = request(db, id).await?;
    let v = approved(db, user.id).await?;
    let q = give(&state, &q, &v, user.id).await?;
    Ok(Json(
        shown(db, &q, Viewer::Helper, user.id, state.config.clock.now()).await?,
    ))
}

/// Cancels a request not yet done: the requester (or their family proxy), or staff of the
/// community. The matched volunteer is told.
#[utoipa::path(post, path = "/help-requests/{id}/cancel", tag = "time-bank",
    params(("id" = i64, Path)),
    responses((status = 200, body = HelpRequest), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<HelpRequest>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let q = request(db, id).await?;
    if viewer_of(db, &user, &q).await? != Viewer::Party {
        return Err(ApiError::not_found("help_request_not_found"));
    }
    let mut tx = db.begin_write().await?;
    if !store::cancel_help(&mut tx, q.id, now).await? {
        return Err(ApiError::conflict("help_request_not_open"));
    }
    if let Some(helper) = q.helper_user_id {
        let n = notice(
            helper,
            "help.cancelled",
            (
                "求助已取消".to_owned(),
                "A help request was cancelled".to_owned(),
            ),
            (
                "您接手的求助已取消，无需前往。".to_owned(),
                "The request you took is cancelled; you need not go.".to_owned(),
            ),
            "/volunteer",
            Channels::SMS,
        );
        notify(&mut tx, &n, now).await?;
    }
    audit::commit(tx, [audit::Event::on(user.id, "help.cancelled", &q)], now).await?;
    let q = request(db, id).await?;
    Ok(Json(views::help(&q, Viewer::Party, user.id)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct StaffHelpQuery {
    /// Region code within the caller's scope (default: all of it).
    region: Option<String>,
    /// `open`, `matched`, `done` or `cancelled`.
    status: Option<String>,
}

/// The regions a staff list covers: the asked region if within scope, else the whole scope.
pub(super) async fn scope_roots(
    db: &Db,
    user: &CurrentUser,
    region: Option<&str>,
) -> ApiResult<Vec<i64>> {
    match region.filter(|s| !s.trim().is_empty()) {
        Some(code) => {
            let id = region_id(db, code).await?;
            if !user.covers(db, SocialWorkers::ROLES, id).await? {
                return Err(ApiError::Forbidden(
                    Problem::new("region_out_of_scope").field("region"),
                ));
            }
            Ok(vec![id])
        }
        None => Ok(user.scope_roots(SocialWorkers::ROLES)),
    }
}

/// Help requests of the caller's region, newest first, with contacts.
#[utoipa::path(get, path = "/staff/help-requests", tag = "volunteers-staff", params(StaffHelpQuery),
    responses((status = 200, body = HelpRequestList), (status = 403, body = app::api::ErrorBody)))]
async fn staff_list(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Query(q): Query<StaffHelpQuery>,
) -> ApiResult<Json<HelpRequestList>> {
    let db = &state.db;
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    if status.is_some_and(|s| app::api::volunteers::HelpStatus::parse(s).is_none()) {
        return Err(ApiError::invalid("invalid_value", "status"));
    }
    let roots = scope_roots(db, &user, q.region.as_deref()).await?;
    let rows = store::help_within(db, &roots, status).await?;
    Ok(Json(HelpRequestList {
        items: rows
            .iter()
            .map(|r| views::help(r, Viewer::Party, user.id))
            .collect(),
    }))
}

/// Posts a request for a resident who cannot themselves (an elder without a smartphone),
/// found by `for_phone`, in a community of the caller's region.
#[utoipa::path(post, path = "/staff/help-requests", tag = "volunteers-staff",
    request_body = HelpRequestInput,
    responses((status = 201, body = HelpRequest), (status = 403, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn staff_ask(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Json(req): Json<HelpRequestInput>,
) -> ApiResult<(StatusCode, Json<HelpRequest>)> {
    let phone = req
        .for_phone
        .as_deref()
        .ok_or_else(|| ApiError::invalid("resident_not_found", "for_phone"))?;
    let phone = PhoneNumber::parse(phone.trim())
        .map_err(|_| ApiError::invalid("invalid_phone", "for_phone"))?;
    let resident = accounts::user_by_phone(&state.db, phone.as_str())
        .await?
        .filter(|u| u.status == "active")
        .ok_or_else(|| ApiError::invalid("resident_not_found", "for_phone"))?;
    let q = new_request(&state, resident.id, user.id, &req, Some(&user)).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::help(&q, Viewer::Party, user.id)),
    ))
}

async fn in_scope(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<HelpRow> {
    let q = request(db, id).await?;
    if !user.covers(db, SocialWorkers::ROLES, q.region_id).await? {
        return Err(ApiError::not_found("help_request_not_found"));
    }
    Ok(q)
}

/// Matches an open request with an approved volunteer serving its community.
#[utoipa::path(post, path = "/staff/help-requests/{id}/match", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = MatchRequest,
    responses((status = 200, body = HelpRequest), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody)))]
async fn match_volunteer(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Path(id): Path<i64>,
    Json(req): Json<MatchRequest>,
) -> ApiResult<Json<HelpRequest>> {
    let db = &state.db;
    let q = in_scope(db, &user, id).await?;
    let helper = store::volunteer_by_id(db.pool(), req.volunteer_id)
        .await?
        .filter(|v| v.status == "approved")
        .ok_or_else(|| ApiError::invalid("volunteer_not_found", "volunteer_id"))?;
    let q = give(&state, &q, &helper, user.id).await?;
    Ok(Json(views::help(&q, Viewer::Party, user.id)))
}

/// Closes a matched request as served: the minutes leave the requester's balance (never
/// below the floor) and reach the helper's, with a line in the helper's hours, at once.
#[utoipa::path(post, path = "/staff/help-requests/{id}/complete", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = CompleteHelp,
    responses((status = 200, body = HelpRequest), (status = 403, body = app::api::ErrorBody),
        (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn complete(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Path(id): Path<i64>,
    Json(req): Json<CompleteHelp>,
) -> ApiResult<Json<HelpRequest>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let q = in_scope(db, &user, id).await?;
    if !(1..=720).contains(&req.minutes) {
        return Err(input::minutes_error(1, 720, "minutes"));
    }
    let helper_id = q
        .helper_id
        .ok_or_else(|| ApiError::conflict("help_request_not_matched"))?;
    let helper = store::volunteer_by_id(db.pool(), helper_id)
        .await?
        .ok_or_else(|| ApiError::conflict("help_request_not_matched"))?;
    if helper.user_id == user.id {
        return Err(ApiError::forbidden("own_hours"));
    }
    let floor = state.config.volunteering.floor_minutes;
    let mut tx = db.begin_write().await?;
    ledger::serve_help(&mut tx, &q, &helper, req.minutes, floor, user.id, now).await?;
    let hours = format!(
        "{:.1}",
        f64::from(i32::try_from(req.minutes).unwrap_or(0)) / 60.0
    );
    for (to, zh, en) in [
        (
            helper.user_id,
            format!("感谢您的服务，{hours} 小时已存入时间银行。"),
            format!("Thank you: {hours} hours are in your time bank."),
        ),
        (
            q.requester_id,
            format!("求助已完成，时间银行支出 {hours} 小时。"),
            format!("Your help request is done; {hours} hours were paid from your time bank."),
        ),
    ] {
        let n = notice(
            to,
            "help.done",
            (
                "时间银行求助已完成".to_owned(),
                "Help request done".to_owned(),
            ),
            (zh, en),
            "/volunteer",
            Channels::IN_APP,
        );
        notify(&mut tx, &n, now).await?;
    }
    let completed = audit::Event::on(user.id, "help.completed", &q)
        .saying(Phrase::new("audit_minutes").param("minutes", req.minutes));
    audit::commit(tx, [completed], now).await?;
    let q = request(db, id).await?;
    Ok(Json(views::help(&q, Viewer::Party, user.id)))
}
