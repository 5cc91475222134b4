//! Public venue pages: the list with filters, a venue, and its availability grid.
use app::api::booking::{Availability, Feature, VenueDetail, VenueList, VenueType};
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{date_range, sweep};
use crate::{
    AppState,
    booking::{
        availability::{self, Inputs},
        cache,
        store::{self, VenueFilter},
        venue::Venue,
        views,
    },
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    pagination::{Cursor, page_limit},
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_venues))
        .routes(routes!(get_venue))
        .routes(routes!(availability))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct VenueQuery {
    /// Region code (district, subdistrict or community); venues within it.
    region: Option<String>,
    /// Venue type, e.g. `basketball`.
    #[serde(rename = "type")]
    venue_type: Option<String>,
    /// Comma-separated accessibility features that must all be present, e.g. `step_free,hearing_loop`.
    accessible: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// Parses a comma-separated feature list (422 naming the unknown one).
pub(super) fn features(list: Option<&str>) -> ApiResult<Vec<Feature>> {
    list.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            Feature::parse(s).ok_or_else(|| {
                ApiError::Invalid(
                    Problem::new("invalid_feature")
                        .field("accessible")
                        .param("feature", s),
                )
            })
        })
        .collect()
}

/// Venues residents can book, filtered by region, type and accessibility.
#[utoipa::path(get, path = "/venues", tag = "booking", params(VenueQuery),
    responses((status = 200, body = VenueList), (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn list_venues(
    State(state): State<AppState>,
    Query(q): Query<VenueQuery>,
) -> ApiResult<Json<VenueList>> {
    let limit = page_limit(q.limit)?;
    let after = Cursor::decode_opt(q.cursor.as_deref())?.map(|c| c.0);
    let region_id = match q.region.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => Some(
            regions::by_code(&state.db, code)
                .await?
                .ok_or_else(|| ApiError::not_found("region_not_found"))?
                .id,
        ),
        None => None,
    };
    let venue_type = match q.venue_type.as_deref().filter(|s| !s.is_empty()) {
        Some(t) => Some(
            VenueType::parse(t)
                .ok_or_else(|| ApiError::invalid("invalid_venue_type", "type"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let filter = VenueFilter {
        region_id,
        venue_type,
        features: features(q.accessible.as_deref())?,
        after,
        limit,
        scope_roots: None,
    };
    let mut rows = store::list(&state.db, &filter).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    Ok(Json(VenueList {
        items: views::summaries(&state.db, &rows).await?,
        next_cursor,
    }))
}

/// A venue: description, hours, upcoming closures, rules, parts.
#[utoipa::path(get, path = "/venues/{id}", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = VenueDetail), (status = 404, body = app::api::ErrorBody)))]
async fn get_venue(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<VenueDetail>> {
    let venue = Venue::load_public(&state.db, id).await?;
    Ok(Json(views::detail(&state.db, &venue).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RangeQuery {
    /// First date, `YYYY-MM-DD`.
    from: String,
    /// Last date (inclusive), at most 31 days after `from`.
    to: String,
}

/// The availability grid: every slot of every date, free or why not.
#[utoipa::path(get, path = "/venues/{id}/availability", tag = "booking", params(("id" = i64, Path), RangeQuery),
    responses((status = 200, body = Availability), (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn availability(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Json<Availability>> {
    let not_found = || ApiError::not_found("venue_not_found");
    let cache = &state.availability;
    let v = cache::versions(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    let (from, to) = date_range(&q.from, &q.to, 31)?;
    let now = crate::db::now();
    let cached = cache.venue(id, v).zip(cache.days(id, v, from, to, now));
    let (venue, days) = match cached {
        Some(hit) => hit,
        None => {
            // Something changed or lapsed: apply what is due, then load under the versions
            // read after that (the sweep's own writes bump them).
            sweep(&state.db).await;
            let v = cache::versions(&state.db, id)
                .await?
                .ok_or_else(not_found)?;
            cache.load(&state.db, v, id, from, to).await?
        }
    };
    if venue.row.active != 1 {
        return Err(not_found());
    }
    let days = days
        .iter()
        .zip(date_iter(from))
        .map(|(day, date)| {
            if let Some(done) = cache.rendered(id, day.versions, date, now) {
                return done;
            }
            let inputs = Inputs {
                rules: &venue.rules,
                tz: &venue.tz,
                now,
                claims: &day.claims,
                usage: &day.usage,
            };
            let out = availability::day(&inputs, date, &day.plan, day.holiday.clone());
            cache.keep_rendered(&venue, date, day, &out, now);
            out
        })
        .collect();
    Ok(Json(Availability {
        venue_id: venue.id(),
        time_zone: venue.row.time_zone.clone(),
        days,
    }))
}

/// `from`, the day after, and so on.
fn date_iter(from: jiff::civil::Date) -> impl Iterator<Item = jiff::civil::Date> {
    std::iter::successors(Some(from), |d| d.tomorrow().ok())
}
