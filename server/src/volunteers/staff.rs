//! Social workers' side (and organisers' for their shifts): approving volunteers, posting and
//! cancelling shifts, the roster with check-in and check-out, confirming hours, corrections,
//! hardship grants and the month's report. Only within the caller's region; every action
//! audit-logged.
use app::api::volunteers::{
    AttendanceRequest, BankEntry, CheckAction, CommunityHoursRow, CorrectionRequest, GrantRequest,
    HoursEntry, Opportunity, OpportunityInput, OpportunityList, ReasonRequest, ShiftCheck,
    ShiftRoster, ShiftVolunteer, StaffVolunteer, StaffVolunteerList, VolunteerHoursRow,
    VolunteerReport, VolunteerStatus,
};
use axum::{extract::FromRequestParts, extract::State, http::StatusCode, http::request::Parts};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    SocialWorkers,
    help::scope_roots,
    input, ledger,
    routes::{communities, notice, profiles, shifts},
    store::{self, OpportunityRow, ShiftRefs, SignupRow, VolunteerRow},
    views,
};
use crate::{
    AppState, Db,
    accounts::{
        CurrentUser, PhoneNumber,
        session::{RoleSet, WithRole},
        store as accounts,
    },
    audit::{self, Subject},
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    fields,
    notifications::{Channels, notify},
    phrase::Phrase,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_volunteers))
        .routes(routes!(approve))
        .routes(routes!(decline))
        .routes(routes!(correct))
        .routes(routes!(staff_shifts, post_shift))
        .routes(routes!(cancel_shift))
        .routes(routes!(roster))
        .routes(routes!(check))
        .routes(routes!(attendance))
        .routes(routes!(grant))
        .routes(routes!(report))
}

// ---- volunteers ----

/// A volunteer serving a community within the caller's region (404 otherwise).
async fn volunteer_in_scope(db: &Db, user: &CurrentUser, id: i64) -> ApiResult<VolunteerRow> {
    let v = store::volunteer_by_id(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("volunteer_not_found"))?;
    for c in store::communities_of(db.pool(), &[v.id]).await? {
        if user.covers(db, SocialWorkers::ROLES, c.region_id).await? {
            return Ok(v);
        }
    }
    Err(ApiError::not_found("volunteer_not_found"))
}

async fn staff_view(state: &AppState, rows: &[VolunteerRow]) -> ApiResult<Vec<StaffVolunteer>> {
    let profiles = profiles(&state.db, rows).await?;
    Ok(rows
        .iter()
        .zip(profiles)
        .map(|(v, profile)| StaffVolunteer {
            id: v.id,
            name: v.name.shown(),
            phone: v
                .phone
                .as_deref()
                .map(app::api::accounts::mask_phone)
                .unwrap_or_default(),
            profile,
            confirmed_minutes: v.confirmed_minutes,
            star_level: state.config.volunteering.stars(v.confirmed_minutes).level,
        })
        .collect())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct VolunteerQuery {
    /// Region code within the caller's scope (default: all of it).
    region: Option<String>,
    /// `pending`, `approved` or `declined`.
    status: Option<String>,
}

/// Volunteers serving communities of the caller's region, newest applications first (phones
/// masked).
#[utoipa::path(get, path = "/staff/volunteers", tag = "volunteers-staff", params(VolunteerQuery),
    responses((status = 200, body = StaffVolunteerList), (status = 403, body = app::api::ErrorBody)))]
async fn list_volunteers(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Query(q): Query<VolunteerQuery>,
) -> ApiResult<Json<StaffVolunteerList>> {
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    if status.is_some_and(|s| VolunteerStatus::parse(s).is_none()) {
        return Err(ApiError::invalid("invalid_value", "status"));
    }
    let roots = scope_roots(&state.db, &user, q.region.as_deref()).await?;
    let rows = store::volunteers_within(&state.db, &roots, status).await?;
    Ok(Json(StaffVolunteerList {
        items: staff_view(&state, &rows).await?,
    }))
}

async fn decide(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    reason: Option<String>,
) -> ApiResult<StaffVolunteer> {
    let db = &state.db;
    let now = state.config.clock.now();
    let v = volunteer_in_scope(db, user, id).await?;
    let approve = reason.is_none();
    let mut tx = db.begin_write().await?;
    if !store::decide(&mut tx, v.id, approve, reason.as_deref(), user.id, now).await? {
        return Err(ApiError::conflict("volunteer_not_pending"));
    }
    let n = if approve {
        notice(
            v.user_id,
            "volunteer.approved",
            (
                "义工申请已通过".to_owned(),
                "You are a volunteer".to_owned(),
            ),
            (
                "欢迎加入社区义工！现在可以报名服务岗位，服务时长将存入时间银行。".to_owned(),
                "Welcome! You can now sign up for shifts; your hours go into the time bank."
                    .to_owned(),
            ),
            "/volunteer",
            Channels::SMS,
        )
    } else {
        notice(
            v.user_id,
            "volunteer.declined",
            (
                "义工申请未通过".to_owned(),
                "Volunteer application declined".to_owned(),
            ),
            (
                format!("原因：{}", reason.as_deref().unwrap_or("")),
                format!("Reason: {}", reason.as_deref().unwrap_or("")),
            ),
            "/volunteer",
            Channels::IN_APP,
        )
    };
    notify(&mut tx, &n, now).await?;
    let action = if approve {
        "volunteer.approved"
    } else {
        "volunteer.declined"
    };
    let decided = audit::Event::on(user.id, action, &v).saying(
        reason
            .filter(|r| !r.trim().is_empty())
            .map(|r| Phrase::new("audit_reason").param("reason", r)),
    );
    audit::commit(tx, [decided], now).await?;
    let fresh = volunteer_in_scope(db, user, id).await?;
    staff_view(state, &[fresh])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("volunteer_not_found"))
}

/// Approves a pending application.
#[utoipa::path(post, path = "/staff/volunteers/{id}/approve", tag = "volunteers-staff",
    params(("id" = i64, Path)),
    responses((status = 200, body = StaffVolunteer), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffVolunteer>> {
    Ok(Json(decide(&state, &user, id, None).await?))
}

/// Declines a pending application with a reason the resident is told.
#[utoipa::path(post, path = "/staff/volunteers/{id}/decline", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = ReasonRequest,
    responses((status = 200, body = StaffVolunteer), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn decline(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Json<StaffVolunteer>> {
    let reason = input::reason(&req.reason)?;
    Ok(Json(decide(&state, &user, id, Some(reason)).await?))
}

/// Corrects a volunteer's hours with a new ledger line and its reason (never one's own).
#[utoipa::path(post, path = "/staff/volunteers/{id}/corrections", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = CorrectionRequest,
    responses((status = 201, body = HoursEntry), (status = 403, body = app::api::ErrorBody),
        (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn correct(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Path(id): Path<i64>,
    Json(req): Json<CorrectionRequest>,
) -> ApiResult<(StatusCode, Json<HoursEntry>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let v = volunteer_in_scope(db, &user, id).await?;
    if req.minutes == 0 || req.minutes.abs() > 1440 {
        return Err(input::minutes_error(-1440, 1440, "minutes"));
    }
    let reason = input::reason(&req.reason)?;
    if v.user_id == user.id {
        return Err(ApiError::forbidden("own_hours"));
    }
    if let Some(line) = req.corrects {
        store::hours_entry(db.pool(), line)
            .await?
            .filter(|h| h.volunteer_id == v.id)
            .ok_or_else(|| ApiError::invalid("hours_entry_not_found", "corrects"))?;
    }
    let c = ledger::Correction {
        minutes: req.minutes,
        reason: &reason,
        corrects: req.corrects,
    };
    let floor = state.config.volunteering.floor_minutes;
    let mut tx = db.begin_write().await?;
    let line = ledger::correct(&mut tx, &v, &c, floor, user.id, now).await?;
    let corrected = audit::Event::on(user.id, "volunteer.hours_corrected", &v).saying(
        Phrase::new("audit_minutes_reason")
            .param("minutes", req.minutes)
            .param("reason", reason),
    );
    audit::commit(tx, [corrected], now).await?;
    let row = store::hours_entry(db.pool(), line)
        .await?
        .ok_or_else(|| ApiError::Internal("ledger line vanished".into()))?;
    Ok((StatusCode::CREATED, Json(views::hours(&row))))
}

// ---- shifts ----

/// The caller of a shift organiser's route: social workers (or administrators), or members
/// of community organisations (who act only on their organisations' shifts). 401 without a
/// session, 403 for anyone else, before the body is read.
pub struct ShiftOrganizer {
    pub user: CurrentUser,
    pub organizations: Vec<i64>,
}

impl FromRequestParts<AppState> for ShiftOrganizer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user =
            <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        let organizations = store::organizations_of(&state.db, user.id).await?;
        if organizations.is_empty() {
            user.require_any(SocialWorkers::ROLES)?;
        }
        Ok(Self {
            user,
            organizations,
        })
    }
}

impl ShiftOrganizer {
    async fn runs(&self, db: &Db, o: &OpportunityRow) -> ApiResult<bool> {
        if o.organization_id
            .is_some_and(|g| self.organizations.contains(&g))
        {
            return Ok(true);
        }
        self.user
            .covers(db, SocialWorkers::ROLES, o.region_id)
            .await
    }

    async fn shift(&self, db: &Db, id: i64) -> ApiResult<OpportunityRow> {
        let o = store::opportunity(db.pool(), id)
            .await?
            .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
        if !self.runs(db, &o).await? {
            return Err(ApiError::not_found("opportunity_not_found"));
        }
        Ok(o)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct StaffShiftQuery {
    /// Region code within the caller's scope (default: all of it).
    region: Option<String>,
}

/// The caller's shifts (their region's, or their organisations'), from 30 days ago on,
/// cancelled ones included.
#[utoipa::path(get, path = "/staff/opportunities", tag = "volunteers-staff", params(StaffShiftQuery),
    responses((status = 200, body = OpportunityList), (status = 403, body = app::api::ErrorBody)))]
async fn staff_shifts(
    State(state): State<AppState>,
    org: ShiftOrganizer,
    Query(q): Query<StaffShiftQuery>,
) -> ApiResult<Json<OpportunityList>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let staff = org.user.has_role(app::api::accounts::Role::SocialWorker)
        || org.user.has_role(app::api::accounts::Role::Admin);
    let f = store::ShiftFilter {
        roots: if staff {
            Some(scope_roots(db, &org.user, q.region.as_deref()).await?)
        } else {
            None
        },
        organizations: (!staff).then(|| org.organizations.clone()),
        from: now - 30 * 86_400,
        include_cancelled: true,
        ..Default::default()
    };
    let rows = store::opportunities(db, &f).await?;
    Ok(Json(OpportunityList {
        items: shifts(db, &rows, None, now).await?,
    }))
}

/// Checks what a new shift refers to against the organiser's scope.
async fn refs(db: &Db, org: &ShiftOrganizer, req: &OpportunityInput) -> ApiResult<ShiftRefs> {
    let region_id = *communities(db, std::slice::from_ref(&req.community), "community")
        .await?
        .first()
        .ok_or_else(|| ApiError::invalid("region_not_found", "community"))?;
    if !org.user.covers(db, SocialWorkers::ROLES, region_id).await? {
        let within = match req
            .organization_id
            .filter(|g| org.organizations.contains(g))
        {
            Some(g) => match store::organization_region(db, g).await? {
                Some(r) => {
                    regions::contains(db, regions::RegionId(r), regions::RegionId(region_id))
                        .await?
                }
                None => false,
            },
            None => false,
        };
        if !within {
            return Err(ApiError::Forbidden(
                Problem::new("region_out_of_scope").field("community"),
            ));
        }
    }
    if let Some(g) = req.organization_id {
        store::organization_region(db, g)
            .await?
            .ok_or_else(|| ApiError::invalid("organization_not_found", "organization_id"))?;
    }
    if let Some(a) = req.activity_id
        && store::activity_region(db, a).await? != Some(region_id)
    {
        return Err(ApiError::invalid("activity_not_found", "activity_id"));
    }
    if let Some(s) = req.service_id
        && !store::service_exists(db, s).await?
    {
        return Err(ApiError::invalid("service_not_found", "service_id"));
    }
    Ok(ShiftRefs {
        region_id,
        organization_id: req.organization_id,
        activity_id: req.activity_id,
        service_id: req.service_id,
    })
}

/// Posts a shift (open for sign-up at once).
#[utoipa::path(post, path = "/staff/opportunities", tag = "volunteers-staff",
    request_body = OpportunityInput,
    responses((status = 201, body = Opportunity), (status = 403, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn post_shift(
    State(state): State<AppState>,
    org: ShiftOrganizer,
    Json(req): Json<OpportunityInput>,
) -> ApiResult<(StatusCode, Json<Opportunity>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let s = input::opportunity(&req, now)?;
    let r = refs(db, &org, &req).await?;
    let mut tx = db.begin_write().await?;
    let id = store::insert_opportunity(&mut tx, &s, &r, org.user.id, now).await?;
    let posted = audit::Event::new(
        org.user.id,
        "opportunity.posted",
        format!("opportunity:{id}"),
        Some(r.region_id),
    )
    .saying(Phrase::new("audit_opportunity_title").words(
        "title",
        "title_en",
        &s.title_zh,
        s.title_en.as_deref().unwrap_or(&s.title_zh),
    ));
    audit::commit(tx, [posted], now).await?;
    let o = org.shift(db, id).await?;
    let mut list = shifts(db, &[o], None, now).await?;
    let out = list
        .pop()
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Cancels a shift; everyone signed up is told why.
#[utoipa::path(post, path = "/staff/opportunities/{id}/cancel", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = ReasonRequest,
    responses((status = 200, body = Opportunity), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn cancel_shift(
    State(state): State<AppState>,
    org: ShiftOrganizer,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Json<Opportunity>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let o = org.shift(db, id).await?;
    let reason = input::reason(&req.reason)?;
    let mut tx = db.begin_write().await?;
    if !store::cancel_opportunity(&mut tx, o.id, &reason, now).await? {
        return Err(ApiError::conflict("opportunity_not_open"));
    }
    for user in store::signed_up_users(&mut tx, o.id).await? {
        let n = notice(
            user,
            "shift.cancelled",
            (
                format!("服务岗位已取消：{}", o.title_zh),
                format!(
                    "Shift cancelled: {}",
                    o.title_en.as_deref().unwrap_or(&o.title_zh)
                ),
            ),
            (format!("原因：{reason}"), format!("Reason: {reason}")),
            "/volunteer",
            Channels::SMS,
        );
        notify(&mut tx, &n, now).await?;
    }
    let cancelled = audit::Event::on(org.user.id, "opportunity.cancelled", &o)
        .saying(Phrase::new("audit_reason").param("reason", reason));
    audit::commit(tx, [cancelled], now).await?;
    let fresh = org.shift(db, id).await?;
    let mut list = shifts(db, &[fresh], None, now).await?;
    list.pop()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))
}

async fn roster_of(state: &AppState, o: OpportunityRow) -> ApiResult<ShiftRoster> {
    let db = &state.db;
    let rows = store::roster(db, o.id).await?;
    let ids: Vec<i64> = rows.iter().map(|s| s.volunteer_id).collect();
    let skills = views::group(store::skills_of(db, &ids).await?);
    let mut list = shifts(db, &[o], None, state.config.clock.now()).await?;
    Ok(ShiftRoster {
        opportunity: list
            .pop()
            .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?,
        items: rows
            .iter()
            .map(|s| views::shift_volunteer(s, &skills))
            .collect(),
    })
}

/// The volunteers of a shift, with arrival, departure and confirmed minutes (phones masked).
#[utoipa::path(get, path = "/staff/opportunities/{id}/signups", tag = "volunteers-staff",
    params(("id" = i64, Path)),
    responses((status = 200, body = ShiftRoster), (status = 404, body = app::api::ErrorBody)))]
async fn roster(
    State(state): State<AppState>,
    org: ShiftOrganizer,
    Path(id): Path<i64>,
) -> ApiResult<Json<ShiftRoster>> {
    let o = org.shift(&state.db, id).await?;
    Ok(Json(roster_of(&state, o).await?))
}

async fn signup_of(db: &Db, o: &OpportunityRow, id: i64) -> ApiResult<SignupRow> {
    store::signup_by_id(db.pool(), o.id, id)
        .await?
        .filter(|s| s.status == "signed_up")
        .ok_or_else(|| ApiError::invalid("shift_signup_not_found", "signup_id"))
}

/// Records a volunteer's arrival or departure (now, or at `at`).
#[utoipa::path(post, path = "/staff/opportunities/{id}/checkins", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = ShiftCheck,
    responses((status = 200, body = ShiftVolunteer), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn check(
    State(state): State<AppState>,
    org: ShiftOrganizer,
    Path(id): Path<i64>,
    Json(req): Json<ShiftCheck>,
) -> ApiResult<Json<ShiftVolunteer>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let o = org.shift(db, id).await?;
    let s = signup_of(db, &o, req.signup_id).await?;
    let at = fields::instant_opt(req.at.as_deref(), "at")?.unwrap_or(now);
    if at > now + 300 {
        return Err(ApiError::invalid("invalid_instant", "at"));
    }
    if at < o.starts_at - SLACK || at > o.ends_at + SLACK {
        return Err(ApiError::invalid("outside_shift", "at"));
    }
    let (checked_in, checked_out) = match req.action {
        CheckAction::In => (Some(at), s.checked_out_at.filter(|out| *out > at)),
        CheckAction::Out => {
            let Some(checked_in) = s.checked_in_at else {
                return Err(ApiError::conflict("not_checked_in"));
            };
            if at <= checked_in {
                return Err(ApiError::invalid("checkout_before_checkin", "at"));
            }
            (Some(checked_in), Some(at))
        }
    };
    let mut tx = db.begin_write().await?;
    store::set_times(&mut tx, s.id, checked_in, checked_out, now).await?;
    tx.commit().await?;
    let fresh = signup_of(db, &o, s.id).await?;
    let skills = views::group(store::skills_of(db, &[fresh.volunteer_id]).await?);
    Ok(Json(views::shift_volunteer(&fresh, &skills)))
}

/// How far before its start and after its end a shift's check-in and check-out may be.
const SLACK: i64 = 3600;

/// The check-in and check-out confirmed: given, else recorded, else the shift's start and
/// its end (or now, if earlier).
fn attended(
    o: &OpportunityRow,
    s: &SignupRow,
    req: &AttendanceRequest,
    now: i64,
) -> ApiResult<(i64, i64)> {
    let given_in = fields::instant_opt(req.checked_in_at.as_deref(), "checked_in_at")?;
    let given_out = fields::instant_opt(req.checked_out_at.as_deref(), "checked_out_at")?;
    let checked_in = given_in.or(s.checked_in_at).unwrap_or(o.starts_at);
    let checked_out = given_out
        .or(s.checked_out_at)
        .unwrap_or_else(|| o.ends_at.min(now));
    if checked_out <= checked_in {
        return Err(ApiError::invalid(
            "checkout_before_checkin",
            "checked_out_at",
        ));
    }
    if checked_out > now + 300 {
        return Err(ApiError::invalid("invalid_instant", "checked_out_at"));
    }
    if checked_in < o.starts_at - SLACK || checked_out > o.ends_at + SLACK {
        return Err(ApiError::invalid("outside_shift", "checked_in_at"));
    }
    let max = (o.ends_at - o.starts_at) / 60;
    if (checked_out - checked_in) / 60 > max {
        return Err(ApiError::Invalid(
            Problem::new("hours_exceed_shift")
                .field("checked_out_at")
                .param("max", max),
        ));
    }
    Ok((checked_in, checked_out))
}

/// Confirms a volunteer's hours on a shift: a line in their ledger and the same minutes in
/// their time bank, once per sign-up. Never one's own.
#[utoipa::path(post, path = "/staff/opportunities/{id}/attendance", tag = "volunteers-staff",
    params(("id" = i64, Path)), request_body = AttendanceRequest,
    responses((status = 201, body = HoursEntry), (status = 403, body = app::api::ErrorBody),
        (status = 404, body = app::api::ErrorBody), (status = 409, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn attendance(
    State(state): State<AppState>,
    org: ShiftOrganizer,
    Path(id): Path<i64>,
    Json(req): Json<AttendanceRequest>,
) -> ApiResult<(StatusCode, Json<HoursEntry>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let o = org.shift(db, id).await?;
    let s = signup_of(db, &o, req.signup_id).await?;
    if s.user_id == org.user.id {
        return Err(ApiError::forbidden("own_hours"));
    }
    if o.starts_at > now {
        return Err(ApiError::conflict("shift_not_started"));
    }
    if s.confirmed_minutes.is_some() {
        return Err(ApiError::conflict("hours_already_confirmed"));
    }
    let (checked_in, checked_out) = attended(&o, &s, &req, now)?;
    let minutes = (checked_out - checked_in) / 60;
    if minutes < 1 {
        return Err(input::minutes_error(
            1,
            (o.ends_at - o.starts_at) / 60,
            "checked_out_at",
        ));
    }
    let v = store::volunteer_by_id(db.pool(), s.volunteer_id)
        .await?
        .ok_or_else(|| ApiError::not_found("volunteer_not_found"))?;
    let mut tx = db.begin_write().await?;
    store::set_times(&mut tx, s.id, Some(checked_in), Some(checked_out), now).await?;
    let line =
        ledger::confirm_shift(&mut tx, &v, s.id, minutes, checked_in, org.user.id, now).await?;
    let hours = format!(
        "{:.1}",
        f64::from(i32::try_from(minutes).unwrap_or(0)) / 60.0
    );
    let n = notice(
        v.user_id,
        "volunteer.hours",
        (
            format!("服务时长已确认：{hours} 小时"),
            format!("{hours} hours confirmed"),
        ),
        (
            format!("{}，感谢您的服务！", o.title_zh),
            format!(
                "{}: thank you for serving!",
                o.title_en.as_deref().unwrap_or(&o.title_zh)
            ),
        ),
        "/volunteer",
        Channels::IN_APP,
    );
    notify(&mut tx, &n, now).await?;
    // Confirmed on a shift: the entry names the shift's community.
    let confirmed = audit::Event::new(
        org.user.id,
        "volunteer.hours_confirmed",
        v.subject(),
        Some(o.region_id),
    )
    .saying(
        Phrase::new("audit_hours_confirmed")
            .param("opportunity", o.id)
            .param("minutes", minutes),
    );
    audit::commit(tx, [confirmed], now).await?;
    let row = store::hours_entry(db.pool(), line)
        .await?
        .ok_or_else(|| ApiError::Internal("ledger line vanished".into()))?;
    Ok((StatusCode::CREATED, Json(views::hours(&row))))
}

// ---- the time bank and reports ----

/// Grants hours to a resident in hardship (a bank line with its reason, logged).
#[utoipa::path(post, path = "/staff/time-bank/grants", tag = "volunteers-staff",
    request_body = GrantRequest,
    responses((status = 201, body = BankEntry), (status = 403, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn grant(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Json(req): Json<GrantRequest>,
) -> ApiResult<(StatusCode, Json<BankEntry>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let phone = PhoneNumber::parse(req.phone.trim())
        .map_err(|_| ApiError::invalid("invalid_phone", "phone"))?;
    if !(1..=6000).contains(&req.minutes) {
        return Err(input::minutes_error(1, 6000, "minutes"));
    }
    let reason = input::reason(&req.reason)?;
    let resident = accounts::user_by_phone(db, phone.as_str())
        .await?
        .filter(|u| u.status == "active")
        .ok_or_else(|| ApiError::invalid("resident_not_found", "phone"))?;
    if resident.id == user.id {
        return Err(ApiError::forbidden("own_hours"));
    }
    if let Some(home) = resident.home_region_id
        && !user.covers(db, SocialWorkers::ROLES, home).await?
    {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("phone"),
        ));
    }
    let mut tx = db.begin_write().await?;
    let id = ledger::grant(&mut tx, resident.id, req.minutes, &reason, user.id, now).await?;
    let granted = audit::Event::new(
        user.id,
        "time_bank.granted",
        format!("user:{}", resident.id),
        resident.home_region_id,
    )
    .saying(
        Phrase::new("audit_minutes_reason")
            .param("minutes", req.minutes)
            .param("reason", reason),
    );
    audit::commit(tx, [granted], now).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::bank(&store::bank_entry(db.pool(), id).await?)),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    /// Region code within the caller's scope (default: the first region of the scope).
    region: Option<String>,
    /// `YYYY-MM` (default: this month).
    month: Option<String>,
}

/// The first instant of a month and of the next one, in the city's zone.
fn month_bounds(month: &str) -> ApiResult<(i64, i64)> {
    let bad = || ApiError::invalid("invalid_month", "month");
    let (y, m) = month.trim().split_once('-').ok_or_else(bad)?;
    let first = jiff::civil::Date::new(
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        1,
    )
    .map_err(|_| bad())?;
    let next = first
        .checked_add(jiff::Span::new().months(1))
        .map_err(|_| bad())?;
    let tz = crate::time::default_tz();
    let at = |d: jiff::civil::Date| {
        tz.to_timestamp(d.at(0, 0, 0, 0))
            .map(|t| t.as_second())
            .map_err(|_| bad())
    };
    Ok((at(first)?, at(next)?))
}

/// Hours per volunteer and per community team in a month, with the region's figures.
#[utoipa::path(get, path = "/staff/volunteers/report", tag = "volunteers-staff", params(ReportQuery),
    responses((status = 200, body = VolunteerReport), (status = 403, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<SocialWorkers>,
    Query(q): Query<ReportQuery>,
) -> ApiResult<Json<VolunteerReport>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let month = match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => m.trim().to_owned(),
        None => crate::time::local(now, crate::time::default_tz(), "%Y-%m"),
    };
    let (from, to) = month_bounds(&month)?;
    let region = *scope_roots(db, &user, q.region.as_deref())
        .await?
        .first()
        .ok_or_else(|| ApiError::forbidden("forbidden"))?;
    let row = regions::by_id(db, region)
        .await?
        .ok_or_else(|| ApiError::not_found("region_not_found"))?;
    let policy = &state.config.volunteering;
    let volunteers = store::hours_by_volunteer(db, region, from, to).await?;
    let communities = store::hours_by_community(db, region, from, to).await?;
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok(Json(VolunteerReport {
        region: app::api::accounts::RegionRef {
            code: row.code.clone(),
            name: app::api::Text::new(row.name_zh.clone(), row.name_en.clone()),
        },
        month,
        figures: store::figures(db, region, from, to).await?,
        volunteers: volunteers
            .iter()
            .map(|v| VolunteerHoursRow {
                volunteer_id: v.volunteer_id,
                name: v.name.shown(),
                minutes: v.minutes,
                services: count(v.services),
                star_level: policy.stars(v.all_time).level,
            })
            .collect(),
        communities: communities
            .iter()
            .map(|c| CommunityHoursRow {
                community: app::api::accounts::RegionRef {
                    code: c.code.clone(),
                    name: app::api::Text::new(c.name_zh.clone(), c.name_en.clone()),
                },
                minutes: c.minutes,
                volunteers: count(c.volunteers),
            })
            .collect(),
    }))
}
