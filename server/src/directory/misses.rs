//! Searches that found nothing, for the data team: `dir_search_misses` (normalised words, day,
//! count; see [`super::search::log_miss`]) per week, as JSON and CSV, for directory editors.
use std::collections::BTreeMap;

use app::api::directory as json;
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
}

/// The Monday of a date's week.
fn monday(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

async fn load(state: &AppState, weeks: Option<u32>) -> ApiResult<json::SearchMisses> {
    let weeks = weeks.unwrap_or(8);
    if !(1..=52).contains(&weeks) {
        return Err(ApiError::invalid("invalid_weeks", "weeks"));
    }
    let now = super::store::today_in(
        crate::time::DEFAULT_TZ,
        jiff::Timestamp::from_second(state.config.clock.now())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    );
    let from = monday(now)
        .checked_sub((7 * (i64::from(weeks) - 1)).days())
        .unwrap_or(now);
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT query, day, count FROM dir_search_misses WHERE day >= $1")
            .bind(from.to_string())
            .fetch_all(state.db.pool())
            .await?;
    let mut by_week: BTreeMap<(Date, String), i64> = BTreeMap::new();
    for (query, day, count) in rows {
        if let Ok(day) = day.parse::<Date>() {
            *by_week.entry((monday(day), query)).or_default() += count;
        }
    }
    let mut items: Vec<json::SearchMiss> = by_week
        .into_iter()
        .map(|((week, query), count)| json::SearchMiss {
            week: week.to_string(),
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

/// Searches whose words found nothing, per week (newest first, most frequent first).
#[utoipa::path(get, path = "/directory/search-misses", tag = "directory-staff", params(MissesQuery),
    responses((status = 200, body = json::SearchMisses), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn list_misses(
    State(state): State<AppState>,
    _editor: WithRole<DirectoryEditors>,
    Query(q): Query<MissesQuery>,
) -> ApiResult<Json<json::SearchMisses>> {
    Ok(Json(load(&state, q.weeks).await?))
}

/// The same list as a CSV download (`week,query,count`).
#[utoipa::path(get, path = "/directory/search-misses.csv", tag = "directory-staff", params(MissesQuery),
    responses((status = 200, content_type = "text/csv"), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn misses_csv(
    State(state): State<AppState>,
    _editor: WithRole<DirectoryEditors>,
    Query(q): Query<MissesQuery>,
) -> ApiResult<Response> {
    let misses = load(&state, q.weeks).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| ApiError::Internal(e.to_string());
    out.write_record(["week", "query", "count"])
        .map_err(csv_error)?;
    for m in &misses.items {
        out.write_record([m.week.as_str(), m.query.as_str(), &m.count.to_string()])
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
