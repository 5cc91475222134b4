//! The public directory: taxonomies, search, service pages, "report a problem".
use std::sync::Arc;

use app::api::{Text, directory as json};
use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::IntoResponse,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    engine::{Against, Found, Preference},
    hours,
    pages::{Loaded, Reference, Versions},
    search, segment,
    store::{self, Taxonomy, text},
    suggestions,
};
use crate::{
    AppState,
    accounts::session::CurrentUser,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    http::REFERENCE_DATA_MAX_AGE,
    pagination::page_limit,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories))
        .routes(routes!(list_audiences))
        .routes(routes!(search_services))
        .routes(routes!(get_service))
        .routes(routes!(suggestions::create))
}

fn cached<T: serde::Serialize>(body: T) -> impl IntoResponse {
    let cache = HeaderValue::from_str(&format!(
        "public, max-age={}",
        REFERENCE_DATA_MAX_AGE.as_secs()
    ))
    .unwrap_or(HeaderValue::from_static("no-cache"));
    ([(header::CACHE_CONTROL, cache)], Json(body))
}

/// The categories (what a service is), each with its sub-categories.
#[utoipa::path(get, path = "/categories", tag = "directory",
    responses((status = 200, body = json::CategoryList)))]
async fn list_categories(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let tax = Taxonomy::load(&state.db).await?;
    let items = tax
        .of("category")
        .filter(|t| t.parent_id.is_none())
        .map(|top| json::Category {
            code: top.code.clone(),
            name: top.name(),
            description: text(&top.description_zh, top.description_en.clone()),
            children: tax
                .of("category")
                .filter(|t| t.parent_id == Some(top.id))
                .map(|t| tax.wire(t))
                .collect(),
        })
        .collect();
    Ok(cached(json::CategoryList { items }))
}

/// The target groups (服务对象).
#[utoipa::path(get, path = "/audiences", tag = "directory",
    responses((status = 200, body = json::AudienceList)))]
async fn list_audiences(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let tax = Taxonomy::load(&state.db).await?;
    let items = tax.of("audience").map(|t| tax.wire(t)).collect();
    Ok(cached(json::AudienceList { items }))
}

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 100;
/// Deepest offset a cursor may reach: refine the query instead of paging further.
pub const MAX_OFFSET: i64 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Words to find, Chinese or English, e.g. `养老` or `福田 养老`.
    pub q: Option<String>,
    /// Category code; includes its sub-categories.
    pub category: Option<String>,
    /// Target group code.
    pub audience: Option<String>,
    /// Region code: a district includes its subdistricts and communities.
    pub region: Option<String>,
    /// Only places open at this moment (or at `at`).
    pub open_now: Option<bool>,
    /// Only free services.
    pub free: Option<bool>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<u32>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Evaluate opening hours at this RFC 3339 instant instead of now ("open on Saturday
    /// at 10:00?").
    pub at: Option<String>,
    /// `latitude,longitude` of the person searching ("near me"): hits in order of distance
    /// from there. Used for this answer only, never stored or logged.
    pub near: Option<String>,
}

/// The district a search is about, for the count of searches that found nothing: the region
/// searched in, else the signed-in resident's home.
fn searched_in<'r>(
    reference: &'r Reference,
    region: Option<&str>,
    home: Option<i64>,
) -> Option<&'r str> {
    region
        .and_then(|code| reference.regions.get(code.trim()).copied())
        .or(home)
        .and_then(|id| reference.district_of(id))
        .map(|(_, code, _)| code.as_str())
}

/// `near`: a latitude and a longitude within their ranges.
fn parse_near(near: Option<&str>) -> ApiResult<Option<(f64, f64)>> {
    let Some(near) = near else { return Ok(None) };
    near.split_once(',')
        .and_then(|(lat, lng)| {
            Some((
                lat.trim().parse::<f64>().ok()?,
                lng.trim().parse::<f64>().ok()?,
            ))
        })
        .filter(|(lat, lng)| (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lng))
        .map(Some)
        .ok_or_else(|| ApiError::invalid("invalid_near", "near"))
}

/// `o<offset>`: search results are ranked, so pages are positions in the ranking.
fn decode_offset(cursor: Option<&str>) -> ApiResult<i64> {
    match cursor {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('o')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| (1..=MAX_OFFSET).contains(n))
            .ok_or_else(|| ApiError::invalid("invalid_cursor", "cursor")),
    }
}

pub fn parse_at(at: Option<&str>, now: i64) -> ApiResult<jiff::Timestamp> {
    match at {
        None => Ok(jiff::Timestamp::from_second(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH)),
        Some(s) => crate::time::parse_instant(s)
            .and_then(|t| jiff::Timestamp::from_second(t).ok())
            .ok_or_else(|| ApiError::invalid("invalid_instant", "at")),
    }
}

/// Search services: text, filters, facets, pages. Anyone may search.
#[utoipa::path(get, path = "/services", tag = "directory", params(SearchQuery),
    responses((status = 200, body = json::ServiceSearch), (status = 422, body = app::api::ErrorBody)))]
async fn search_services(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(q): Query<SearchQuery>,
) -> ApiResult<axum::response::Response> {
    let home = user.and_then(|u| u.home_region_id);
    // A search "near me" or at another instant is computed each time: the index is asked
    // while the database's versions are read (see `run_search`).
    if q.near.is_some() || q.at.is_some() {
        let answer = run_search(&state, &q, home, None).await?;
        return Ok(json_bytes(to_bytes(&answer)?));
    }
    // The one read of the database's versions this search makes.
    let versions = state.service_pages.versions(&state.db).await?;
    // The same search now by anyone with the same home community (or none): the kept
    // answer, when nothing it depends on changed (the index keeps them; see `engine::Stamp`).
    let kept = state
        .search_index
        .stamp(versions, state.config.clock.now())
        .map(|stamp| (format!("{home:?} {q:?}"), stamp));
    if let Some((key, stamp)) = &kept
        && let Some(body) = state.search_index.answer(key, *stamp)
    {
        return Ok(json_bytes(body));
    }
    let answer = run_search(&state, &q, home, Some(versions)).await?;
    let body = to_bytes(&answer)?;
    // Searches without hits are not kept: each one is counted for the data team.
    if let Some((key, stamp)) = kept
        && answer.total > 0
    {
        state.search_index.keep_answer(key, stamp, body.clone());
    }
    Ok(json_bytes(body))
}

fn to_bytes(answer: &json::ServiceSearch) -> ApiResult<axum::body::Bytes> {
    serde_json::to_vec(answer)
        .map(axum::body::Bytes::from)
        .map_err(|e| ApiError::Internal(e.to_string()))
}

fn json_bytes(body: axum::body::Bytes) -> axum::response::Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A search checked and resolved into its SQL plan, with what the answer needs.
pub struct Prepared {
    pub plan: search::Plan,
    /// Taxonomy, calendar, regions, synonyms: kept in memory under the directory's version.
    pub reference: Arc<Reference>,
    pub facet_parent: Option<i64>,
    pub limit: i64,
    pub offset: i64,
    pub now: jiff::Timestamp,
}

/// Checks the parameters and builds the plan under the database's `versions` read just
/// before (the benchmark times this plan's SQL alone).
pub async fn prepare(state: &AppState, q: &SearchQuery, versions: Versions) -> ApiResult<Prepared> {
    let reference = state.service_pages.reference(&state.db, versions).await?;
    prepare_with(state, q, reference)
}

/// [`prepare`] with the reference data at hand.
fn prepare_with(
    state: &AppState,
    q: &SearchQuery,
    reference: Arc<Reference>,
) -> ApiResult<Prepared> {
    let text_query = q.q.as_deref().map(str::trim).unwrap_or("");
    if text_query.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::Invalid(
            Problem::new("query_too_long")
                .field("q")
                .param("max", MAX_QUERY_CHARS),
        ));
    }
    let limit = i64::from(page_limit(q.limit)?);
    let offset = decode_offset(q.cursor.as_deref())?;
    let now = parse_at(q.at.as_deref(), state.config.clock.now())?;
    let tax = &reference.taxonomy;
    let mut filters = search::Filters {
        free_only: q.free == Some(true),
        ..Default::default()
    };
    let mut facet_parent = None;
    if let Some(code) = q.category.as_deref() {
        let term = tax
            .find("category", code)
            .ok_or_else(|| ApiError::invalid("invalid_category", "category"))?;
        filters.category_ids = tax.with_children(term);
        facet_parent = Some(term.parent_id.unwrap_or(term.id));
    }
    if let Some(code) = q.audience.as_deref() {
        let term = tax
            .find("audience", code)
            .ok_or_else(|| ApiError::invalid("invalid_audience", "audience"))?;
        filters.audience_id = Some(term.id);
    }
    if let Some(code) = q.region.as_deref() {
        let region = reference
            .regions
            .get(code)
            .ok_or_else(|| ApiError::invalid("invalid_region", "region"))?;
        filters.region_id = Some(*region);
    }
    if q.open_now == Some(true) {
        filters.open_now = Some(
            reference
                .time_zones
                .iter()
                .map(|tz| {
                    let moment =
                        hours::local_moment(now, &crate::time::tz(tz), &reference.calendar);
                    (tz.clone(), moment)
                })
                .collect(),
        );
    }
    let words = segment::query_words(text_query);
    let query = segment::build_query(&words, |w| {
        reference.synonyms.get(w).cloned().unwrap_or_default()
    });
    Ok(Prepared {
        plan: search::Plan::new(state.db.backend(), &query, filters),
        reference,
        facet_parent,
        limit,
        offset,
        now,
    })
}

/// The search behind `GET /services`, for someone living in `home` (their own community,
/// subdistrict and district first among equally relevant hits), under the database's
/// `versions` taken just before, or taken now when `None` (kept fresh in memory, or read: see
/// [`super::pages`]).
///
/// When they are taken now, the index is asked at the same time under the reference data kept
/// in memory and the changes it has applied. Its answer stands when the versions show that
/// neither changed since (the directory's and calendar's versions are those the reference
/// data was kept under, and the log holds no change the index has not applied); otherwise
/// the search is asked again under the versions taken, as it would have been. Either way the
/// answer holds every change those versions show.
pub async fn run_search(
    state: &AppState,
    q: &SearchQuery,
    home: Option<i64>,
    versions: Option<Versions>,
) -> ApiResult<json::ServiceSearch> {
    let text_query = q.q.as_deref().map(str::trim).unwrap_or("");
    let near = parse_near(q.near.as_deref())?;
    let db = &state.db;
    let (versions, early) = match versions {
        Some(versions) => (versions, None),
        None => {
            let (versions, early) = tokio::join!(
                state.service_pages.versions(db),
                ask_early(state, q, near, home)
            );
            let versions = versions?;
            let early = early.filter(|(assumed, _, _)| {
                assumed.directory == versions.directory
                    && assumed.calendar == versions.calendar
                    && assumed.log >= versions.log
            });
            (
                versions,
                early.map(|(_, prepared, found)| (prepared, Some(found))),
            )
        }
    };
    let (
        Prepared {
            plan,
            reference,
            facet_parent,
            limit,
            offset,
            now,
        },
        found,
    ) = match early {
        Some(asked) => asked,
        None => {
            let prepared = prepare(state, q, versions).await?;
            let found = ask_index(state, &prepared, versions, near, home).await;
            (prepared, found)
        }
    };
    if found.is_some() {
        // Counted here, once: an early answer thrown away is not an answer.
        state.search_index.count_answered();
    }
    let (tax, calendar) = (&reference.taxonomy, &reference.calendar);
    let against = Against {
        db,
        versions,
        calendar,
    };
    let skip = usize::try_from(offset).unwrap_or(0);
    let (facet_rows, rows) = match found {
        Some(found) => (
            found.facet_rows(),
            found.hits.into_iter().skip(skip).collect(),
        ),
        None => tokio::try_join!(
            search::facet_rows(db, &plan),
            search::page(db, &plan, limit + 1, offset),
        )?,
    };
    let total = search::total(&facet_rows);
    let mut rows = rows;
    let next_cursor = if i64::try_from(rows.len()).unwrap_or(0) > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        let next = offset + limit;
        (next <= MAX_OFFSET).then(|| format!("o{next}"))
    } else {
        None
    };
    if total == 0
        && plan.has_text()
        && words_alone_find_nothing(state, &plan, against).await?
        && let Err(e) = search::log_miss(
            db,
            text_query,
            searched_in(&reference, q.region.as_deref(), home),
            state.config.clock.now(),
        )
        .await
    {
        tracing::warn!(error = %e, "could not log a search without results");
    }
    let facets = facets(&reference, &facet_rows, facet_parent);
    let items = super::hits::hits(state, tax, calendar, &rows, now).await?;
    Ok(json::ServiceSearch {
        items,
        total,
        next_cursor,
        facets,
    })
}

/// The index's answer under the reference data kept in memory and the changes the index has
/// applied, with the versions that assumes (the log's position: the changes applied); `None`
/// when the index is not ready (nothing to hide the read behind), the reference data is not
/// at hand, or the parameters are wrong (asked again, they give their error).
async fn ask_early(
    state: &AppState,
    q: &SearchQuery,
    near: Option<(f64, f64)>,
    home: Option<i64>,
) -> Option<(Versions, Prepared, Found)> {
    if !state.search_index.is_ready() {
        return None;
    }
    let (kept, reference) = state.service_pages.kept_reference()?;
    // Read before the index is asked, so its answer holds every change up to it.
    let assumed = Versions {
        log: state.search_index.applied(),
        ..kept
    };
    let prepared = prepare_with(state, q, reference).ok()?;
    let found = ask_index(state, &prepared, assumed, near, home).await?;
    Some((assumed, prepared, found))
}

/// The index's answer to a prepared search under `versions` (`None`: search through SQL).
async fn ask_index(
    state: &AppState,
    prepared: &Prepared,
    versions: Versions,
    near: Option<(f64, f64)>,
    home: Option<i64>,
) -> Option<Found> {
    let reference = &prepared.reference;
    let prefer = Preference {
        near,
        boosts: home
            .filter(|_| near.is_none())
            .map(|h| Arc::new(reference.boosts_near(h))),
    };
    let against = Against {
        db: &state.db,
        versions,
        calendar: &reference.calendar,
    };
    let keep = usize::try_from(prepared.offset + prepared.limit + 1).unwrap_or(0);
    state
        .search_index
        .search(
            against,
            prepared.plan.parsed(),
            prepared.plan.filters(),
            &prefer,
            keep,
        )
        .await
}

/// Whether the words of a search that found nothing find nothing without its filters either
/// (only those searches are counted as misses: a filter that empties the list says nothing
/// about the directory's words).
async fn words_alone_find_nothing(
    state: &AppState,
    plan: &search::Plan,
    against: Against<'_>,
) -> ApiResult<bool> {
    if plan.filters().is_empty() {
        return Ok(true);
    }
    let unfiltered = search::Filters::default();
    if let Some(found) = state
        .search_index
        .search_index_only(
            against,
            plan.parsed(),
            &unfiltered,
            &Preference::default(),
            0,
        )
        .await
    {
        return Ok(found.groups.is_empty());
    }
    let words_only = search::Plan::new(state.db.backend(), plan.parsed(), unfiltered);
    Ok(search::total(&search::facet_rows(&state.db, &words_only).await?) == 0)
}

/// Facet counts from the hits' term bits and districts: the top categories (or the
/// sub-categories of `parent`), the audiences, the districts.
fn facets(reference: &Reference, rows: &[search::FacetRow], parent: Option<i64>) -> json::Facets {
    let tax = &reference.taxonomy;
    let term = |t: &store::TermRow| (t.id, t.code.clone(), t.name());
    let has_term = |r: &search::FacetRow, id: i64| {
        super::index::has_term((r.term_bits_lo, r.term_bits_hi), id)
    };
    let categories: Vec<_> = tax
        .of("category")
        .filter(|t| t.parent_id == parent)
        .map(term)
        .collect();
    let audiences: Vec<_> = tax.of("audience").map(term).collect();
    json::Facets {
        categories: search::count_facet(rows, &categories, has_term),
        audiences: search::count_facet(rows, &audiences, has_term),
        districts: search::count_facet(rows, &reference.districts, |r, id| {
            r.district_id == Some(id)
        }),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DetailQuery {
    /// Evaluate opening hours at this RFC 3339 instant instead of now.
    at: Option<String>,
}

/// A service with its 办事指南, locations, hours and phones. Hidden services answer 404.
#[utoipa::path(get, path = "/services/{id}", tag = "directory",
    params(("id" = i64, Path, description = "Service id"), DetailQuery),
    responses((status = 200, body = json::ServiceDetail), (status = 404, body = app::api::ErrorBody)))]
async fn get_service(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> ApiResult<Json<json::ServiceDetail>> {
    let now = parse_at(q.at.as_deref(), state.config.clock.now())?;
    let (reference, page) = if q.at.is_none() {
        state.service_pages.get(&state.db, id, now).await?
    } else {
        // Another moment's page (open then, exceptions from then): loaded for this view only.
        let page = match store::service(state.db.pool(), id).await? {
            Some(s) => Some(Arc::new(
                Loaded::load(&state.db, s, store::exceptions_from(now)).await?,
            )),
            None => None,
        };
        (Arc::new(Reference::load(&state.db).await?), page)
    };
    let page = page
        .filter(|p| p.service.status().is_public())
        .ok_or_else(|| ApiError::not_found("service_not_found"))?;
    Ok(Json(detail(
        &reference,
        &page,
        now,
        state.config.clock.now(),
    )))
}

/// Everything about a service, as the public page shows it at `now`.
pub fn detail(
    reference: &Reference,
    page: &Loaded,
    now: jiff::Timestamp,
    now_secs: i64,
) -> json::ServiceDetail {
    let (tax, calendar) = (&reference.taxonomy, &reference.calendar);
    let Loaded {
        service: s,
        locations,
        hours: location_hours,
        location_phones,
        accessibility,
        service_phones,
        terms,
        children,
    } = page;
    let term_rows: Vec<&store::TermRow> = terms.iter().filter_map(|id| tax.by_id(*id)).collect();
    let empty = hours::Hours::default();
    let locations = locations
        .iter()
        .map(|l| {
            let h = location_hours.get(&l.id).unwrap_or(&empty);
            let today = store::today_in(&l.timezone, now);
            let mut exceptions = store::exceptions(h);
            exceptions.retain(|e| e.date.as_str() >= today.to_string().as_str());
            json::LocationDetail {
                id: l.id,
                name: text(&l.name_zh, l.name_en.clone()),
                address: text(&l.address_zh, l.address_en.clone()),
                postal_code: l.postal_code.clone(),
                transport: text(&l.transport_zh, l.transport_en.clone()),
                region: l.region_ref(),
                district: l.district_ref(),
                phones: location_phones
                    .iter()
                    .filter(|p| p.location_id == Some(l.id))
                    .map(store::PhoneRow::wire)
                    .collect(),
                week: store::week(h),
                exceptions,
                open: store::open_status(h, now, &l.timezone, calendar),
                accessibility: accessibility
                    .iter()
                    .filter(|a| a.location_id == l.id)
                    .map(|a| json::Accessibility {
                        feature: a.feature.clone(),
                        details: text(&a.details_zh, a.details_en.clone()),
                    })
                    .collect(),
                timezone: l.timezone.clone(),
                follows_workday_calendar: l.follows_workday_calendar == 1,
                latitude: l.latitude,
                longitude: l.longitude,
            }
        })
        .collect();
    json::ServiceDetail {
        id: s.id,
        uid: s.uid.clone(),
        name: text(&s.name_zh, s.name_en.clone()),
        alternate_name: s
            .alternate_name_zh
            .clone()
            .filter(|a| !a.is_empty())
            .map(|zh| text(zh, s.alternate_name_en.clone())),
        description: text(&s.description_zh, s.description_en.clone()),
        status: s.status(),
        alert: s
            .alert_zh
            .clone()
            .filter(|a| !a.is_empty())
            .map(|zh| text(zh, s.alert_en.clone())),
        organization: json::OrganizationSummary {
            id: s.organization_id,
            name: text(&s.organization_name_zh, s.organization_name_en.clone()),
        },
        region: s.region_ref(),
        categories: term_rows
            .iter()
            .filter(|t| t.taxonomy == "category")
            .map(|t| tax.wire(t))
            .collect(),
        audiences: term_rows
            .iter()
            .filter(|t| t.taxonomy == "audience")
            .map(|t| tax.wire(t))
            .collect(),
        guide: guide(s, children, service_phones),
        locations,
        languages: children.languages.iter().map(|(_, c)| c.clone()).collect(),
        service_areas: children
            .areas
            .iter()
            .map(|a| app::api::accounts::RegionRef {
                code: a.code.clone(),
                name: Text::new(a.name_zh.clone(), a.name_en.clone()),
            })
            .collect(),
        contacts: children
            .contacts
            .iter()
            .map(|c| json::Contact {
                name: text(&c.name_zh, c.name_en.clone()),
                department: text(&c.department_zh, c.department_en.clone()),
                email: c.email.clone(),
            })
            .collect(),
        url: s.url.clone(),
        email: s.email.clone(),
        last_verified_at: s.last_verified_at.map(crate::time::rfc3339),
        needs_review: store::needs_review(s.last_verified_at, now_secs),
        updated_at: crate::time::rfc3339(s.updated_at),
    }
}

/// A service's guide: who qualifies, what to bring, the steps, the fees and whom to call.
fn guide(
    s: &store::ServiceRecord,
    children: &store::ServiceChildren,
    service_phones: &[store::PhoneRow],
) -> json::ServiceGuide {
    let phones_of = |kind: &str| -> Vec<json::Phone> {
        service_phones
            .iter()
            .filter(|p| p.kind == kind)
            .map(store::PhoneRow::wire)
            .collect()
    };
    json::ServiceGuide {
        conditions: text(&s.eligibility_zh, s.eligibility_en.clone()),
        documents: children
            .documents
            .iter()
            .map(|(_, zh, en)| text(zh, en.clone()))
            .collect(),
        process: store::steps(&s.process_zh, s.process_en.as_deref()),
        time_limit: text(&s.time_limit_zh, s.time_limit_en.clone()),
        fees: text(&s.fees_zh, s.fees_en.clone()),
        fees_basis: text(&s.fees_basis_zh, s.fees_basis_en.clone()),
        costs: children
            .costs
            .iter()
            .map(|c| json::CostOption {
                option: text(&c.option_zh, c.option_en.clone()),
                amount_fen: c.amount_fen,
                amount_description: text(&c.amount_description_zh, c.amount_description_en.clone()),
            })
            .collect(),
        is_free: s.is_free == 1,
        visits_needed: s.visits_needed,
        minimum_age: s.minimum_age,
        maximum_age: s.maximum_age,
        enquiry_phones: phones_of("enquiry"),
        complaint_phones: phones_of("complaint"),
    }
}
