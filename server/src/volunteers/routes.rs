//! The public side of volunteering (shifts, certificate verification) and residents' own:
//! applying, their record and balance, signing up for shifts, certificates.
use app::api::{
    Text,
    regions::RegionLevel,
    volunteers::{
        Certificate, CertificateLine, CertificateRequest, MyVolunteer, Opportunity,
        OpportunityList, Skill, VolunteerApplication, VolunteerProfile,
    },
};
use axum::{extract::State, http::StatusCode};
use rand::Rng;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    input,
    store::{self, VolunteerRow},
    views,
};
use crate::{
    AppState, Db,
    accounts::CurrentUser,
    audit,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    notifications::{Channels, Notice},
    regions::store as regions,
    time::rfc3339,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_volunteer, apply))
        .routes(routes!(issue_certificate))
        .routes(routes!(verify_certificate))
        .routes(routes!(list_opportunities))
        .routes(routes!(get_opportunity))
        .routes(routes!(sign_up, withdraw))
}

/// A notice to a resident about their volunteering or help request.
pub(super) fn notice(
    user_id: i64,
    kind: &'static str,
    title: (String, String),
    body: (String, String),
    link: &str,
    channels: Channels,
) -> Notice {
    Notice {
        user_id,
        kind,
        title: Text::new(title.0, Some(title.1)),
        body: Text::new(body.0, Some(body.1)),
        link: Some(link.to_owned()),
        channels,
    }
}

/// Ids of communities by code (422 `region_not_found` on `field` for anything else).
pub(super) async fn communities(db: &Db, codes: &[String], field: &str) -> ApiResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(codes.len());
    for code in codes {
        let r = regions::by_code(db, code.trim())
            .await?
            .filter(|r| r.level() == RegionLevel::Community && r.retired_at.is_none())
            .ok_or_else(|| ApiError::invalid("region_not_found", field))?;
        ids.push(r.id);
    }
    Ok(ids)
}

/// A region id by code (404 `region_not_found`).
pub(super) async fn region_id(db: &Db, code: &str) -> ApiResult<i64> {
    Ok(regions::by_code(db, code.trim())
        .await?
        .ok_or_else(|| ApiError::not_found("region_not_found"))?
        .id)
}

/// Profiles of volunteer rows, with their skills and communities.
pub(super) async fn profiles(db: &Db, rows: &[VolunteerRow]) -> ApiResult<Vec<VolunteerProfile>> {
    let ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
    let skills = views::group(store::skills_of(db, &ids).await?);
    let communities = views::group(
        store::communities_of(db.pool(), &ids)
            .await?
            .into_iter()
            .map(|c| (c.owner_id, c)),
    );
    Ok(rows
        .iter()
        .map(|v| views::profile(v, &skills, &communities))
        .collect())
}

/// The caller's volunteer record (404 `volunteer_not_found` without one).
pub(super) async fn volunteer_of(db: &Db, user: i64) -> ApiResult<VolunteerRow> {
    store::volunteer_of_user(db.pool(), user)
        .await?
        .ok_or_else(|| ApiError::not_found("volunteer_not_found"))
}

/// The caller's volunteer record if approved (409 `volunteer_not_approved` otherwise).
pub(super) async fn approved(db: &Db, user: i64) -> ApiResult<VolunteerRow> {
    store::volunteer_of_user(db.pool(), user)
        .await?
        .filter(|v| v.status == "approved")
        .ok_or_else(|| ApiError::conflict("volunteer_not_approved"))
}

/// Shifts with their skills and the volunteer's own sign-ups.
pub(super) async fn shifts(
    db: &Db,
    rows: &[store::OpportunityRow],
    volunteer: Option<i64>,
    now: i64,
) -> ApiResult<Vec<Opportunity>> {
    let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
    let skills = views::group(store::opportunity_skills(db, &ids).await?);
    let mine = match volunteer {
        Some(v) => store::signups_of_volunteer(db, v, &ids).await?,
        None => Vec::new(),
    };
    Ok(rows
        .iter()
        .map(|o| {
            let own = mine.iter().rev().find(|s| s.opportunity_id == o.id);
            views::opportunity(o, &skills, own, now)
        })
        .collect())
}

/// The caller's volunteering: profile, confirmed hours and stars, time-bank balance, the
/// ledger and the bank, and the shifts ahead.
#[utoipa::path(get, path = "/me/volunteer", tag = "volunteers",
    responses((status = 200, body = MyVolunteer), (status = 401, body = app::api::ErrorBody)))]
async fn my_volunteer(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<MyVolunteer>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let policy = &state.config.volunteering;
    let row = store::volunteer_of_user(db.pool(), user.id).await?;
    let (profile, minutes, hours, shifts) = match &row {
        Some(v) => {
            let profile = profiles(db, std::slice::from_ref(v)).await?.pop();
            let hours = store::hours_of(db, v.id, 0, i64::MAX).await?;
            let upcoming = store::upcoming_shifts(db, v.id, now).await?;
            let shifts = shifts(db, &upcoming, Some(v.id), now).await?;
            (profile, v.confirmed_minutes, hours, shifts)
        }
        None => (None, 0, Vec::new(), Vec::new()),
    };
    Ok(Json(MyVolunteer {
        profile,
        confirmed_minutes: minutes,
        stars: policy.stars(minutes),
        balance_minutes: store::balance(db, user.id).await?,
        floor_minutes: policy.floor_minutes,
        hours: hours.iter().map(views::hours).collect(),
        bank: store::bank_of(db, user.id)
            .await?
            .iter()
            .map(views::bank)
            .collect(),
        shifts,
    }))
}

/// Applies as a volunteer (201), or changes one's profile (200; an approval is kept, a
/// declined application is submitted again).
#[utoipa::path(post, path = "/me/volunteer", tag = "volunteers", request_body = VolunteerApplication,
    responses((status = 201, body = VolunteerProfile), (status = 200, body = VolunteerProfile),
        (status = 422, body = app::api::ErrorBody)))]
async fn apply(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<VolunteerApplication>,
) -> ApiResult<(StatusCode, Json<VolunteerProfile>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let a = input::application(&req)?;
    let ids = communities(db, &a.communities, "communities").await?;
    let existed = store::volunteer_of_user(db.pool(), user.id)
        .await?
        .is_some();
    let mut tx = db.begin_write().await?;
    let id = store::save_volunteer(&mut tx, user.id, &a, &ids, now).await?;
    let action = if existed {
        "volunteer.updated"
    } else {
        "volunteer.applied"
    };
    // Entries about an application name its first community.
    let applied = audit::Event::new(
        user.id,
        action,
        format!("volunteer:{id}"),
        ids.first().copied(),
    )
    .saying(super::skills_phrase(&a.skills));
    audit::commit(tx, [applied], now).await?;
    let row = volunteer_of(db, user.id).await?;
    let profile = profiles(db, std::slice::from_ref(&row))
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal("profile vanished".into()))?;
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(profile)))
}

/// Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L).
fn verification_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    (0..12)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Issues a record certificate (志愿服务记录证明) of the caller's confirmed hours served in a
/// period, free of charge, with a code anyone can verify.
#[utoipa::path(post, path = "/me/volunteer/certificates", tag = "volunteers",
    request_body = CertificateRequest,
    responses((status = 201, body = Certificate), (status = 404, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn issue_certificate(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<CertificateRequest>,
) -> ApiResult<(StatusCode, Json<Certificate>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let (from, to) = input::period(&req.from, &req.to)?;
    let v = volunteer_of(db, user.id).await?;
    let tz = crate::time::default_tz();
    let start = |d: jiff::civil::Date| {
        tz.to_timestamp(d.at(0, 0, 0, 0))
            .map(|t| t.as_second())
            .map_err(|_| ApiError::invalid("invalid_certificate_period", "to"))
    };
    let end_day = to
        .tomorrow()
        .map_err(|_| ApiError::invalid("invalid_certificate_period", "to"))?;
    let lines = store::hours_of(db, v.id, start(from)?, start(end_day)?).await?;
    let minutes: i64 = lines.iter().map(|h| h.minutes).sum();
    let services = lines.iter().filter(|h| h.kind != "correction").count();
    let name = v.name.masked();
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let mut code = verification_code();
    let mut tx = db.begin_write().await?;
    for attempt in 0.. {
        let new = store::NewCertificate {
            volunteer_id: v.id,
            code: &code,
            name_masked: &name,
            from: &from_s,
            to: &to_s,
            minutes,
            services: i64::try_from(services).unwrap_or(i64::MAX),
        };
        if store::insert_certificate(&mut *tx, &new, now)
            .await?
            .is_some()
        {
            break;
        }
        if attempt > 8 {
            return Err(ApiError::Internal("no free verification code".into()));
        }
        code = verification_code();
    }
    let issued = audit::Event::new(
        user.id,
        "volunteer.certificate_issued",
        format!("certificate:{code}"),
        None,
    )
    .saying(
        crate::phrase::Phrase::new("audit_certificate")
            .param("from", &from_s)
            .param("to", &to_s)
            .param("minutes", minutes),
    );
    audit::commit(tx, [issued], now).await?;
    let mut cert = certificate(db, &code).await?;
    // The volunteer's own copy carries their name; the public check masks it.
    cert.volunteer_name = v.name.shown();
    cert.lines = lines
        .iter()
        .rev()
        .map(|h| {
            let e = views::hours(h);
            CertificateLine {
                date: crate::time::local(h.served_at, tz, "%Y-%m-%d"),
                what: e.what,
                minutes: h.minutes,
            }
        })
        .collect();
    Ok((StatusCode::CREATED, Json(cert)))
}

async fn certificate(db: &Db, code: &str) -> ApiResult<Certificate> {
    let c = store::certificate(db, &code.trim().to_ascii_uppercase())
        .await?
        .ok_or_else(|| ApiError::not_found("certificate_not_found"))?;
    let communities = store::communities_of(db.pool(), &[c.volunteer_id]).await?;
    Ok(Certificate {
        verification_code: c.verification_code,
        volunteer_name: c.name_masked,
        from: c.from_date,
        to: c.to_date,
        minutes: c.minutes,
        services: u32::try_from(c.services).unwrap_or(u32::MAX),
        issued_at: rfc3339(c.issued_at),
        communities: communities.iter().map(views::region).collect(),
        lines: Vec::new(),
    })
}

/// Checks a record certificate by its verification code: anyone may (an employer, a school).
/// The volunteer's name is masked; the services are not listed.
#[utoipa::path(get, path = "/certificates/{verification_code}", tag = "volunteers",
    params(("verification_code" = String, Path)),
    responses((status = 200, body = Certificate), (status = 404, body = app::api::ErrorBody)))]
async fn verify_certificate(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Json<Certificate>> {
    Ok(Json(certificate(&state.db, &code).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ShiftQuery {
    /// Region code: shifts within it.
    pub region: Option<String>,
    /// A skill: shifts wanting it, or any skill.
    pub skill: Option<String>,
    /// First date (`YYYY-MM-DD`, default today).
    pub from: Option<String>,
    /// Last date (`YYYY-MM-DD`, inclusive).
    pub to: Option<String>,
}

pub(super) async fn shift_filter(
    db: &Db,
    q: &ShiftQuery,
    now: i64,
) -> ApiResult<store::ShiftFilter> {
    let roots = match q.region.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(code) => Some(vec![region_id(db, code).await?]),
        None => None,
    };
    let skill = match q.skill.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            Some(Skill::parse(s).ok_or_else(|| ApiError::invalid("invalid_skill", "skill"))?)
        }
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
    Ok(store::ShiftFilter {
        roots,
        skill,
        from,
        to,
        include_cancelled: false,
        organizations: None,
    })
}

/// Volunteer shifts that are open, soonest first (with the caller's own sign-ups).
#[utoipa::path(get, path = "/opportunities", tag = "volunteers", params(ShiftQuery),
    responses((status = 200, body = OpportunityList), (status = 404, body = app::api::ErrorBody),
        (status = 422, body = app::api::ErrorBody)))]
async fn list_opportunities(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(q): Query<ShiftQuery>,
) -> ApiResult<Json<OpportunityList>> {
    let db = &state.db;
    let now = state.config.clock.now();
    let f = shift_filter(db, &q, now).await?;
    let rows = store::opportunities(db, &f).await?;
    let volunteer = match &user {
        Some(u) => store::volunteer_of_user(db.pool(), u.id)
            .await?
            .map(|v| v.id),
        None => None,
    };
    Ok(Json(OpportunityList {
        items: shifts(db, &rows, volunteer, now).await?,
    }))
}

/// One shift.
#[utoipa::path(get, path = "/opportunities/{id}", tag = "volunteers", params(("id" = i64, Path)),
    responses((status = 200, body = Opportunity), (status = 404, body = app::api::ErrorBody)))]
async fn get_opportunity(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Opportunity>> {
    let db = &state.db;
    let o = store::opportunity(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
    let volunteer = match &user {
        Some(u) => store::volunteer_of_user(db.pool(), u.id)
            .await?
            .map(|v| v.id),
        None => None,
    };
    let mut list = shifts(db, &[o], volunteer, state.config.clock.now()).await?;
    list.pop()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))
}

/// Signs the caller up for a shift: approved volunteers, with one of the skills it wants
/// (if any), before sign-up closes, while places are left and not overlapping another shift
/// of theirs.
#[utoipa::path(post, path = "/opportunities/{id}/signup", tag = "volunteers",
    params(("id" = i64, Path)),
    responses((status = 201, body = Opportunity), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<(StatusCode, Json<Opportunity>)> {
    let db = &state.db;
    let now = state.config.clock.now();
    let o = store::opportunity(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
    let v = approved(db, user.id).await?;
    if o.status != "open" || o.signup_closes_at <= now {
        return Err(ApiError::conflict("opportunity_not_open"));
    }
    let wanted = store::opportunity_skills(db, &[o.id]).await?;
    if !wanted.is_empty() {
        let own = store::skills_of(db, &[v.id]).await?;
        if !wanted.iter().any(|(_, w)| own.iter().any(|(_, s)| s == w)) {
            let names: Vec<String> =
                views::skills(&wanted.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>())
                    .iter()
                    .map(|s| s.label().zh)
                    .collect();
            return Err(ApiError::Conflict(
                Problem::new("skill_mismatch").param("skills", names.join("、")),
            ));
        }
    }
    let mut tx = db.begin_write().await?;
    if store::open_signup(&mut *tx, o.id, v.id).await?.is_some() {
        return Err(ApiError::conflict("already_on_shift"));
    }
    if let Some(at) = store::overlapping_shift(&mut tx, v.id, o.starts_at, o.ends_at).await? {
        return Err(ApiError::Conflict(
            Problem::new("shift_overlap").param("when", rfc3339(at)),
        ));
    }
    if !store::take_slot(&mut tx, o.id, now).await? {
        return Err(ApiError::conflict("opportunity_full"));
    }
    store::insert_signup(&mut tx, o.id, v.id, now)
        .await?
        .ok_or_else(|| ApiError::conflict("already_on_shift"))?;
    tx.commit().await?;
    let fresh = store::opportunity(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
    let mut list = shifts(db, &[fresh], Some(v.id), now).await?;
    let out = list
        .pop()
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Withdraws from a shift, until its sign-up closes.
#[utoipa::path(delete, path = "/opportunities/{id}/signup", tag = "volunteers",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = app::api::ErrorBody),
        (status = 409, body = app::api::ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let db = &state.db;
    let now = state.config.clock.now();
    let o = store::opportunity(db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("opportunity_not_found"))?;
    let v = volunteer_of(db, user.id).await?;
    let s = store::open_signup(db.pool(), o.id, v.id)
        .await?
        .ok_or_else(|| ApiError::not_found("not_on_shift"))?;
    if o.signup_closes_at <= now {
        return Err(ApiError::conflict("signup_closed"));
    }
    let mut tx = db.begin_write().await?;
    if !store::withdraw(&mut tx, s.id, now).await? {
        return Err(ApiError::not_found("not_on_shift"));
    }
    store::give_slot(&mut tx, o.id, now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
