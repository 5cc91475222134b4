//! Public venue pages: the list with filters, a venue, and its availability grid.
use app::api::booking::{Availability, Feature, PartOfDay, VenueDetail, VenueList, VenueType};
use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::date_range;
use crate::{
    AppState,
    booking::{
        grid,
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
    /// Only venues with a free slot on this date (`YYYY-MM-DD`); `next_free` is then that slot.
    free_on: Option<String>,
    /// With `free_on`: only a free slot starting in this part of the day.
    #[param(inline)]
    part_of_day: Option<PartOfDay>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// How many venues one free-slot search looks at before it answers with what it found and a
/// cursor to go on from (a search over a whole city must not take one request's time).
const FREE_SCAN_MAX: usize = 400;

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
) -> ApiResult<Response> {
    let now = state.config.clock.now();
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
    let free_on = match (q.free_on.as_deref().map(str::trim), q.part_of_day) {
        (Some(d), part) if !d.is_empty() => Some((super::date(d, "free_on")?, part)),
        (_, Some(_)) => return Err(ApiError::invalid("free_on_required", "free_on")),
        _ => None,
    };
    let filter = VenueFilter {
        region_id,
        venue_type,
        features: features(q.accessible.as_deref())?,
        after,
        limit,
        scope_roots: None,
    };
    let Some((date, part)) = free_on else {
        return list_page(&state, &filter, now).await;
    };
    let (rows, next_cursor, slots) = free_scan(&state, filter, date, part, now).await?;
    let list = listed(&state, &rows, slots, next_cursor).await?;
    Ok(Json(list).into_response())
}

/// The summaries of `rows` with their slots.
async fn listed(
    state: &AppState,
    rows: &[store::VenueRow],
    slots: Vec<Option<String>>,
    next_cursor: Option<String>,
) -> ApiResult<VenueList> {
    let mut items = views::public_summaries(&state.db, &state.availability, rows).await?;
    for (item, slot) in items.iter_mut().zip(slots) {
        item.next_free = slot;
    }
    Ok(VenueList { items, next_cursor })
}

/// A page of the list with each venue's next free slot, kept as sent while the list, the
/// venues' versions and their next free slots stay the same.
async fn list_page(state: &AppState, filter: &VenueFilter, now: i64) -> ApiResult<Response> {
    let cache = &state.availability;
    let page = cache.list_page(&state.db, filter).await?;
    let (ids, versions) = (&page.shown, &page.versions);
    let key = format!("list:{filter:?}");
    let stamp: Option<Vec<i64>> = page.version.map(|list| {
        std::iter::once(list)
            .chain(ids.iter().flat_map(|id| {
                let [venue, ledger, calendar] = versions.get(id).map_or([-1; 3], |v| v.stamp());
                [*id, venue, ledger, calendar]
            }))
            .collect()
    });
    if let Some(stamp) = &stamp
        && let Some(body) = cache.body(&key, stamp, now)
    {
        return Ok(json_body(body));
    }
    let mut rows = page.rows.as_ref().clone();
    let next_cursor = Cursor::next(&mut rows, filter.limit, |r| r.id);
    let mut slots = Vec::with_capacity(rows.len());
    for r in &rows {
        slots.push(match versions.get(&r.id) {
            Some(v) => grid::next_free(&state.db, cache, r.id, *v, now).await?,
            None => None,
        });
    }
    let list = listed(state, &rows, slots, next_cursor).await?;
    let body = Bytes::from(
        serde_json::to_vec(&list).map_err(|e| ApiError::Internal(format!("json: {e}")))?,
    );
    // Good until the first of the venues' next free slots can change by time alone.
    let until = ids.iter().try_fold(i64::MAX, |until, id| {
        let v = versions.get(id)?;
        Some(until.min(cache.next_free_until(*id, *v, now)?))
    });
    if let (Some(stamp), Some(until)) = (stamp, until) {
        cache.keep_body(key, stamp, until, body.clone(), now);
    }
    Ok(json_body(body))
}

/// Venues matching `filter` with a free slot on `date` (in `part` of the day), in id order,
/// each with that slot; answered from the availability cache. Looks at most at
/// [`FREE_SCAN_MAX`] venues, then hands back a cursor where it stopped.
async fn free_scan(
    state: &AppState,
    mut filter: VenueFilter,
    date: jiff::civil::Date,
    part: Option<PartOfDay>,
    now: i64,
) -> ApiResult<(Vec<store::VenueRow>, Option<String>, Vec<Option<String>>)> {
    let wanted = usize::try_from(filter.limit).unwrap_or(usize::MAX);
    filter.limit = 100;
    let (mut rows, mut slots, mut scanned) = (Vec::new(), Vec::new(), 0);
    loop {
        let page = state.availability.list_page(&state.db, &filter).await?;
        let mut batch = page.rows.as_ref().clone();
        let more = Cursor::next(&mut batch, filter.limit, |r| r.id).is_some();
        let versions = page.versions;
        for row in batch {
            scanned += 1;
            filter.after = Some(row.id);
            let id = row.id;
            let slot = match versions.get(&id) {
                Some(v) => {
                    grid::first_free_on(&state.db, &state.availability, id, *v, date, part, now)
                        .await?
                }
                None => None,
            };
            if let Some(slot) = slot {
                rows.push(row);
                slots.push(Some(slot));
            }
            if rows.len() == wanted || scanned >= FREE_SCAN_MAX {
                return Ok((rows, Some(Cursor(id).encode()), slots));
            }
        }
        if !more {
            return Ok((rows, None, slots));
        }
    }
}

/// A venue: description, hours, upcoming closures, rules, parts.
#[utoipa::path(get, path = "/venues/{id}", tag = "booking", params(("id" = i64, Path)),
    responses((status = 200, body = VenueDetail), (status = 404, body = app::api::ErrorBody)))]
async fn get_venue(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<VenueDetail>> {
    let now = state.config.clock.now();
    let venue = Venue::load_public(&state.db, id).await?;
    Ok(Json(views::detail(&state.db, &venue, now).await?))
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
) -> ApiResult<Response> {
    let now = state.config.clock.now();
    let range = date_range(&q.from, &q.to, 31)?;
    let body = grid::availability_body(&state.db, &state.availability, id, range, now)
        .await?
        .ok_or_else(|| ApiError::not_found("venue_not_found"))?;
    Ok(json_body(body))
}

/// A JSON answer as kept.
fn json_body(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
