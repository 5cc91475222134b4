//! Searches that found nothing, for the data team: `dir_search_misses` (normalised words, day,
//! district, count; see [`super::search::log_miss`]) per week and district, as JSON and CSV,
//! for directory editors.
use std::collections::BTreeMap;

use app::api::{Text, accounts::RegionRef, directory as json, regions::RegionLevel};
use axum::{extract::State, response::Response};
use jiff::{ToSpan as _, civil::Date};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::DirectoryEditors;
use crate::{
    AppState,
    accounts::session::WithRole,
    error::{ApiError, ApiResult},
    extract::{Json, Query},
    fields::Checks,
    lang::Lang,
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_misses))
        .routes(routes!(misses_csv))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct MissesQuery {
    /// How many weeks back, this one included: 1–52 (default 8).
    weeks: Option<u32>,
    /// Only this district's searches (its code).
    district: Option<String>,
}

/// The Monday of a date's week.
fn monday(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

#[derive(sqlx::FromRow)]
struct MissRow {
    query: String,
    day: String,
    district: String,
    name_zh: Option<String>,
    name_en: Option<String>,
    count: i64,
}

async fn load(state: &AppState, q: &MissesQuery) -> ApiResult<json::SearchMisses> {
    let weeks = q.weeks.unwrap_or(8);
    let mut checks = Checks::default();
    checks.ensure((1..=52).contains(&weeks), "invalid_weeks", "weeks");
    let district = q
        .district
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(code) = district {
        let known = checks.check(regions::by_code(&state.db, code).await);
        checks.ensure(
            known.is_some_and(|r| r.level() == RegionLevel::District),
            "invalid_district",
            "district",
        );
    }
    checks.done()?;
    let now = super::store::today_in(
        crate::time::DEFAULT_TZ,
        jiff::Timestamp::from_second(state.config.clock.now())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    );
    let from = monday(now)
        .checked_sub((7 * (i64::from(weeks) - 1)).days())
        .unwrap_or(now);
    let rows: Vec<MissRow> = sqlx::query_as(
        "SELECT m.query, m.day, m.district, r.name_zh, r.name_en, m.count FROM dir_search_misses m \
         LEFT JOIN regions r ON r.code = m.district WHERE m.day >= $1 AND ($2 = '' OR m.district = $2)",
    )
    .bind(from.to_string())
    .bind(district.unwrap_or(""))
    .fetch_all(state.db.pool())
    .await?;
    let mut by_week: BTreeMap<(Date, String, String), (Option<RegionRef>, i64)> = BTreeMap::new();
    for r in rows {
        let Ok(day) = r.day.parse::<Date>() else {
            continue;
        };
        let place = r.name_zh.map(|zh| RegionRef {
            code: r.district.clone(),
            name: Text::new(zh, r.name_en),
        });
        let entry = by_week
            .entry((monday(day), r.district, r.query))
            .or_insert((place, 0));
        entry.1 += r.count;
    }
    let mut items: Vec<json::SearchMiss> = by_week
        .into_iter()
        .map(|((week, _, query), (district, count))| json::SearchMiss {
            week: week.to_string(),
            district,
            query,
            count,
        })
        .collect();
    items.sort_by(|a, b| {
        b.week
            .cmp(&a.week)
            .then(b.count.cmp(&a.count))
            .then(a.query.cmp(&b.query))
    });
    Ok(json::SearchMisses { items })
}

/// Searches whose words found nothing, per week and district (newest first, most frequent
/// first).
#[utoipa::path(get, path = "/directory/search-misses", tag = "directory-staff", params(MissesQuery),
    responses((status = 200, body = json::SearchMisses), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn list_misses(
    State(state): State<AppState>,
    _editor: WithRole<DirectoryEditors>,
    Query(q): Query<MissesQuery>,
) -> ApiResult<Json<json::SearchMisses>> {
    Ok(Json(load(&state, &q).await?))
}

/// The same list as a CSV download (`week,district_code,district,query,count`; the district's
/// name in the reader's language).
#[utoipa::path(get, path = "/directory/search-misses.csv", tag = "directory-staff", params(MissesQuery),
    responses((status = 200, content_type = "text/csv"), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn misses_csv(
    State(state): State<AppState>,
    _editor: WithRole<DirectoryEditors>,
    Query(q): Query<MissesQuery>,
) -> ApiResult<Response> {
    let misses = load(&state, &q).await?;
    let lang = Lang::current();
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| ApiError::Internal(e.to_string());
    out.write_record(["week", "district_code", "district", "query", "count"])
        .map_err(csv_error)?;
    for m in &misses.items {
        let (code, name) = m
            .district
            .as_ref()
            .map_or(("", ""), |d| (d.code.as_str(), d.name.get(lang.tag())));
        out.write_record([
            m.week.as_str(),
            code,
            name,
            m.query.as_str(),
            &m.count.to_string(),
        ])
        .map_err(csv_error)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(crate::http::csv_download("linli-search-misses.csv", body))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday(date(2026, 11, 26)), date(2026, 11, 23));
        assert_eq!(monday(date(2026, 11, 23)), date(2026, 11, 23));
        assert_eq!(monday(date(2026, 11, 29)), date(2026, 11, 23));
    }
}
