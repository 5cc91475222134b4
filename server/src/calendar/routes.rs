//! `GET /api/v1/calendar` (public) and the city administrators' corrections.
use app::api::{
    Text,
    calendar::{CalendarDay, CalendarYear, SetCalendarDay, SetCalendarYear},
};
use axum::{extract::State, http::StatusCode};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store;
use crate::{
    AppState,
    accounts::session::{Admins, WithRole},
    audit,
    error::{ApiError, ApiResult},
    extract::{Json, Path, Query},
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_year))
        .routes(routes!(set_day, delete_day))
        .routes(routes!(confirm_year))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    /// Calendar year, e.g. 2026; the current year when absent.
    year: Option<i16>,
}

/// Holidays and make-up working days of a year.
#[utoipa::path(get, path = "/calendar", tag = "calendar", params(YearQuery),
    responses((status = 200, body = CalendarYear), (status = 422, body = app::api::ErrorBody)))]
async fn get_year(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Json<CalendarYear>> {
    let year = q.year.unwrap_or_else(|| state.config.clock.today().year());
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::invalid("invalid_year", "year"));
    }
    Ok(Json(year_of(&state, year).await?))
}

async fn year_of(state: &AppState, year: i16) -> ApiResult<CalendarYear> {
    let days = store::year(&state.db, year)
        .await?
        .into_iter()
        .map(|r| CalendarDay {
            kind: r.kind(),
            date: r.day,
            name: Text::new(r.name_zh, r.name_en),
        })
        .collect();
    let confirmed = store::confirmed_years(&state.db).await?.contains(&year);
    Ok(CalendarYear {
        year,
        confirmed,
        days,
    })
}

fn parse_date(s: &str) -> ApiResult<Date> {
    s.parse::<Date>()
        .map_err(|_| ApiError::invalid("invalid_date", "date"))
}

/// Holidays are national: only administrators of the whole city change them (and the site's
/// settings).
pub(crate) async fn require_city_admin(
    state: &AppState,
    admin: &crate::accounts::CurrentUser,
) -> ApiResult<()> {
    if regions::has_root_among(
        &state.db,
        &admin.scope_roots(&[app::api::accounts::Role::Admin]),
    )
    .await?
    {
        Ok(())
    } else {
        Err(ApiError::forbidden("city_admin_only"))
    }
}

/// Adds or corrects a holiday or make-up working day.
#[utoipa::path(put, path = "/admin/calendar/{date}", tag = "calendar", params(("date" = String, Path, description = "YYYY-MM-DD")),
    request_body = SetCalendarDay,
    responses((status = 200, body = CalendarDay), (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn set_day(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(date): Path<String>,
    Json(req): Json<SetCalendarDay>,
) -> ApiResult<Json<CalendarDay>> {
    let now = state.config.clock.now();
    require_city_admin(&state, &admin).await?;
    let day = parse_date(&date)?;
    let name_zh = req.name_zh.trim();
    if name_zh.is_empty() || name_zh.chars().count() > 40 {
        return Err(ApiError::invalid("invalid_day_name", "name_zh"));
    }
    let name_en = req
        .name_en
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut tx = state.db.begin_write().await?;
    store::upsert(&mut tx, day, req.kind, name_zh, name_en, now).await?;
    let set = audit::Event::new(admin.id, "calendar.set", format!("day:{day}"), None)
        .saying(super::day_detail(req.kind, name_zh, name_en));
    audit::commit(tx, [set], now).await?;
    Ok(Json(CalendarDay {
        date: day.to_string(),
        kind: req.kind,
        name: Text::new(name_zh, name_en.map(str::to_owned)),
    }))
}

/// Removes a listed day; it follows the week again.
#[utoipa::path(delete, path = "/admin/calendar/{date}", tag = "calendar", params(("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 204), (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn delete_day(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(date): Path<String>,
) -> ApiResult<StatusCode> {
    require_city_admin(&state, &admin).await?;
    let day = parse_date(&date)?;
    let mut tx = state.db.begin_write().await?;
    if !store::delete(&mut tx, day).await? {
        return Err(ApiError::not_found("day_not_listed"));
    }
    let deleted = audit::Event::new(admin.id, "calendar.delete", format!("day:{day}"), None);
    audit::commit(tx, [deleted], state.config.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks a year's holidays and make-up days as complete (or not yet). From November on,
/// administrators are warned until next year is confirmed.
#[utoipa::path(put, path = "/admin/calendar/years/{year}", tag = "calendar",
    params(("year" = i16, Path, description = "Calendar year")), request_body = SetCalendarYear,
    responses((status = 200, body = CalendarYear), (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn confirm_year(
    State(state): State<AppState>,
    WithRole(admin, _): WithRole<Admins>,
    Path(year): Path<i16>,
    Json(req): Json<SetCalendarYear>,
) -> ApiResult<Json<CalendarYear>> {
    let now = state.config.clock.now();
    require_city_admin(&state, &admin).await?;
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::invalid("invalid_year", "year"));
    }
    let mut tx = state.db.begin_write().await?;
    store::set_confirmed(&mut tx, year, req.confirmed, admin.id, now).await?;
    let action = if req.confirmed {
        "calendar.confirm"
    } else {
        "calendar.unconfirm"
    };
    let confirmed = audit::Event::new(admin.id, action, format!("year:{year}"), None);
    audit::commit(tx, [confirmed], now).await?;
    Ok(Json(year_of(&state, year).await?))
}
