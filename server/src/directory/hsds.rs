//! The Open Referral HSDS 3.0 read API under `/api/hsds`: the paginated envelope, nested
//! services, `modified_after` for incremental harvesting. Ids are the records' UUIDs. Text
//! follows `Accept-Language` (Chinese unless English is asked for and present).
pub mod records;

use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use self::records::{Bundle, Record};
use super::{search, segment};
use crate::{
    AppState,
    db::Sql,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    lang::Lang,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(root))
        .routes(routes!(list_services))
        .routes(routes!(get_service))
        .routes(routes!(list_organizations))
        .routes(routes!(get_organization))
        .routes(routes!(list_service_at_locations))
        .routes(routes!(get_service_at_location))
        .routes(routes!(list_taxonomies))
        .routes(routes!(list_taxonomy_terms))
        .routes(routes!(get_taxonomy_term))
        .merge(super::package::router())
}

pub const MAX_PER_PAGE: i64 = 100;
pub const DEFAULT_PER_PAGE: i64 = 50;

/// An HSDS page of results.
pub fn envelope(total: i64, page: i64, per_page: i64, contents: Vec<Value>) -> Value {
    let total_pages = if total == 0 {
        0
    } else {
        (total + per_page - 1) / per_page
    };
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Full-text search (Chinese words work).
    search: Option<String>,
    /// 1-based page number.
    page: Option<i64>,
    /// Items per page, 1–100 (default 50).
    per_page: Option<i64>,
    /// Only records changed after this RFC 3339 instant.
    modified_after: Option<String>,
    /// Services of this taxonomy term (UUID).
    taxonomy_term_id: Option<String>,
    /// Services with a term of this taxonomy (UUID).
    taxonomy_id: Option<String>,
    /// Services of this organization (UUID).
    organization_id: Option<String>,
    /// Only `id` and `last_modified` (for a whole-set diff).
    minimal: Option<bool>,
    /// Nest every child (as the single-record endpoints do).
    full: Option<bool>,
    /// Only `json` is served.
    format: Option<String>,
}

struct Paging {
    page: i64,
    per_page: i64,
}

impl Paging {
    fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

fn paging(p: &ListParams) -> ApiResult<Paging> {
    if p.format.as_deref().is_some_and(|f| f != "json") {
        return Err(ApiError::invalid("invalid_value", "format"));
    }
    let page = p.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(ApiError::invalid("invalid_page", "page"));
    }
    let per_page = p.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::Invalid(
            Problem::new("invalid_per_page")
                .field("per_page")
                .param("max", MAX_PER_PAGE),
        ));
    }
    Ok(Paging { page, per_page })
}

fn modified_after(p: &ListParams) -> ApiResult<Option<i64>> {
    p.modified_after
        .as_deref()
        .map(|s| {
            crate::time::parse_instant(s)
                .ok_or_else(|| ApiError::invalid("invalid_modified_after", "modified_after"))
        })
        .transpose()
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

/// What this API is.
#[utoipa::path(get, path = "/", tag = "hsds",
    responses((status = 200, description = "HSDS version, profile and OpenAPI document")))]
async fn root() -> Json<Value> {
    Json(json!({
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": "/api/openapi.json",
    }))
}

/// Services, paginated; `search` uses the directory's Chinese full-text search.
#[utoipa::path(get, path = "/services", tag = "hsds", params(ListParams),
    responses((status = 200, description = "HSDS page of services"), (status = 422, body = app::api::ErrorBody)))]
async fn list_services(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let paging = paging(&p)?;
    let after = modified_after(&p)?;
    let mut filter = Sql::new(" WHERE s.status <> 'defunct'");
    if let Some(t) = after {
        filter.push(" AND s.updated_at > ").bind(t);
    }
    if let Some(term) = p.taxonomy_term_id.as_deref() {
        if !is_uuid(term) {
            return Err(ApiError::invalid("invalid_value", "taxonomy_term_id"));
        }
        filter
            .push(" AND s.id IN (SELECT st.service_id FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id WHERE t.uid = ")
            .bind(term)
            .push(")");
    }
    if let Some(taxonomy) = p.taxonomy_id.as_deref() {
        let name = ["category", "audience"]
            .into_iter()
            .find(|t| records::taxonomy_uid(t) == taxonomy)
            .ok_or_else(|| ApiError::invalid("invalid_value", "taxonomy_id"))?;
        filter
            .push(" AND s.id IN (SELECT st.service_id FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id WHERE t.taxonomy = ")
            .bind(name)
            .push(")");
    }
    if let Some(org) = p.organization_id.as_deref() {
        filter.push(" AND o.uid = ").bind(org);
    }
    let text = p.search.as_deref().map(str::trim).unwrap_or("");
    if text.chars().count() > super::routes::MAX_QUERY_CHARS {
        return Err(ApiError::invalid("query_too_long", "search"));
    }
    let words = segment::query_words(text);
    let synonyms = search::synonyms(&state.db, &words).await?;
    let query = segment::build_query(&words, |w| {
        synonyms
            .iter()
            .filter(|(t, _)| t == w)
            .map(|(_, s)| s.clone())
            .collect()
    });
    let plan = search::Plan::new(state.db.backend(), &query, search::Filters::default());
    let mut base =
        Sql::new("FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id");
    if let Some(m) = plan.matches() {
        base = Sql::new("FROM (");
        base.append(&m).push(
            ") m JOIN dir_services s ON s.id = m.service_id JOIN dir_organizations o ON o.id = s.organization_id",
        );
    }
    base.append(&filter);
    let mut count = Sql::new("SELECT CAST(COUNT(*) AS BIGINT) ");
    count.append(&base);
    let total: i64 = count.query_scalar().fetch_one(state.db.pool()).await?;
    let mut page = Sql::new("SELECT s.id, s.uid, s.updated_at ");
    page.append(&base);
    page.push(if plan.has_text() {
        " ORDER BY m.score DESC, s.id"
    } else {
        " ORDER BY s.id"
    })
    .push(" LIMIT ")
    .bind(paging.per_page)
    .push(" OFFSET ")
    .bind(paging.offset());
    let rows: Vec<(i64, String, i64)> = page.query_as().fetch_all(state.db.pool()).await?;
    let lang = Lang::current();
    let contents = if p.minimal == Some(true) {
        rows.iter()
            .map(|(_, uid, updated)| {
                Record::new(uid)
                    .s("last_modified", records::datetime_of(*updated))
                    .done()
            })
            .collect()
    } else {
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let full = p.full == Some(true);
        let bundle = Bundle::load(&state.db, &ids, full).await?;
        bundle
            .services
            .iter()
            .map(|s| {
                if full {
                    bundle.service_full(s, lang)
                } else {
                    records::service(s, lang)
                }
            })
            .collect()
    };
    Ok(Json(envelope(
        total,
        paging.page,
        paging.per_page,
        contents,
    )))
}

/// One service, fully nested (organization, locations with addresses and schedules, phones,
/// costs, documents, taxonomy attributes, change metadata).
#[utoipa::path(get, path = "/services/{id}", tag = "hsds", params(("id" = String, Path, description = "Service UUID")),
    responses((status = 200, description = "HSDS service"), (status = 404, body = app::api::ErrorBody)))]
async fn get_service(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let row: Option<i64> =
        sqlx::query_scalar("SELECT id FROM dir_services WHERE uid = $1 AND status <> 'defunct'")
            .bind(&id)
            .fetch_optional(state.db.pool())
            .await?;
    let row = row.ok_or_else(|| ApiError::not_found("service_not_found"))?;
    let bundle = Bundle::load(&state.db, &[row], true).await?;
    let s = bundle
        .services
        .first()
        .ok_or_else(|| ApiError::not_found("service_not_found"))?;
    Ok(Json(bundle.service_full(s, Lang::current())))
}

async fn organization_page(
    state: &AppState,
    p: &ListParams,
    uid: Option<&str>,
) -> ApiResult<(i64, Vec<records::OrgRow>)> {
    let paging = paging(p)?;
    let mut filter = Sql::new(" WHERE 1 = 1");
    if let Some(t) = modified_after(p)? {
        filter.push(" AND o.updated_at > ").bind(t);
    }
    if let Some(uid) = uid {
        filter.push(" AND o.uid = ").bind(uid);
    }
    if let Some(text) = p.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern: String = text
            .chars()
            .take(40)
            .filter(|c| !"%_\\".contains(*c))
            .collect();
        filter
            .push(" AND o.name_zh LIKE ")
            .bind(format!("%{pattern}%"));
    }
    let mut count = Sql::new("SELECT CAST(COUNT(*) AS BIGINT) FROM dir_organizations o");
    count.append(&filter);
    let total: i64 = count.query_scalar().fetch_one(state.db.pool()).await?;
    let mut page = Sql::new(records::ORG_SELECT);
    page.append(&filter);
    page.push(" ORDER BY o.id LIMIT ")
        .bind(paging.per_page)
        .push(" OFFSET ")
        .bind(paging.offset());
    Ok((total, page.query_as().fetch_all(state.db.pool()).await?))
}

/// Organizations, paginated.
#[utoipa::path(get, path = "/organizations", tag = "hsds", params(ListParams),
    responses((status = 200, description = "HSDS page of organizations"), (status = 422, body = app::api::ErrorBody)))]
async fn list_organizations(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let paging = paging(&p)?;
    let (total, rows) = organization_page(&state, &p, None).await?;
    let lang = Lang::current();
    let contents = rows
        .iter()
        .map(|o| records::organization(o, lang))
        .collect();
    Ok(Json(envelope(
        total,
        paging.page,
        paging.per_page,
        contents,
    )))
}

/// One organization with its identifiers and the ids of its services.
#[utoipa::path(get, path = "/organizations/{id}", tag = "hsds", params(("id" = String, Path, description = "Organization UUID")),
    responses((status = 200, description = "HSDS organization"), (status = 404, body = app::api::ErrorBody)))]
async fn get_organization(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let org: records::OrgRow = sqlx::query_as(&format!("{} WHERE o.uid = $1", records::ORG_SELECT))
        .bind(&id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("organization_not_found"))?;
    let lang = Lang::current();
    let services: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM dir_services WHERE organization_id = $1 AND status <> 'defunct' ORDER BY id LIMIT 500",
    )
    .bind(org.id)
    .fetch_all(state.db.pool())
    .await?;
    let bundle = Bundle::load(&state.db, &services, false).await?;
    let mut v = records::organization(&org, lang);
    if let Value::Object(m) = &mut v {
        m.insert(
            "organization_identifiers".into(),
            records::organization_identifier(&org).into_iter().collect(),
        );
        m.insert(
            "services".into(),
            bundle
                .services
                .iter()
                .map(|s| records::service(s, lang))
                .collect(),
        );
        for key in [
            "funding",
            "contacts",
            "phones",
            "locations",
            "programs",
            "attributes",
            "metadata",
        ] {
            m.insert(key.into(), json!([]));
        }
    }
    Ok(Json(v))
}

/// Services at locations (the search hits of the directory), paginated.
#[utoipa::path(get, path = "/service_at_locations", tag = "hsds", params(ListParams),
    responses((status = 200, description = "HSDS page of service_at_location"), (status = 422, body = app::api::ErrorBody)))]
async fn list_service_at_locations(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let paging = paging(&p)?;
    let mut filter = Sql::new(" WHERE s.status <> 'defunct'");
    if let Some(t) = modified_after(&p)? {
        filter.push(" AND s.updated_at > ").bind(t);
    }
    if let Some(org) = p.organization_id.as_deref() {
        filter
            .push(" AND s.organization_id IN (SELECT id FROM dir_organizations WHERE uid = ")
            .bind(org)
            .push(")");
    }
    if let Some(term) = p.taxonomy_term_id.as_deref() {
        filter
            .push(" AND s.id IN (SELECT st.service_id FROM dir_service_terms st JOIN dir_terms t ON t.id = st.term_id WHERE t.uid = ")
            .bind(term)
            .push(")");
    }
    let mut count = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM dir_service_locations sl JOIN dir_services s ON s.id = sl.service_id",
    );
    count.append(&filter);
    let total: i64 = count.query_scalar().fetch_one(state.db.pool()).await?;
    let mut page = Sql::new(records::SAL_SELECT);
    page.append(&filter);
    page.push(" ORDER BY sl.id LIMIT ")
        .bind(paging.per_page)
        .push(" OFFSET ")
        .bind(paging.offset());
    let rows: Vec<records::SalRow> = page.query_as().fetch_all(state.db.pool()).await?;
    let lang = Lang::current();
    let full = p.full == Some(true);
    let bundle = if full {
        let ids: Vec<i64> = rows.iter().map(|r| r.service_id).collect();
        Some(Bundle::load(&state.db, &ids, false).await?)
    } else {
        None
    };
    let contents = rows
        .iter()
        .map(|r| {
            let mut v = records::service_at_location(r, lang);
            if let (Some(b), Value::Object(m)) = (&bundle, &mut v) {
                m.insert("location".into(), b.location_full(r.location_id, lang));
            }
            v
        })
        .collect();
    Ok(Json(envelope(
        total,
        paging.page,
        paging.per_page,
        contents,
    )))
}

/// One service at a location, with the location nested.
#[utoipa::path(get, path = "/service_at_locations/{id}", tag = "hsds", params(("id" = String, Path, description = "service_at_location UUID")),
    responses((status = 200, description = "HSDS service_at_location"), (status = 404, body = app::api::ErrorBody)))]
async fn get_service_at_location(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let row: records::SalRow = sqlx::query_as(&format!(
        "{} WHERE sl.uid = $1 AND s.status <> 'defunct'",
        records::SAL_SELECT
    ))
    .bind(&id)
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(|| ApiError::not_found("not_found"))?;
    let lang = Lang::current();
    let bundle = Bundle::load(&state.db, &[row.service_id], false).await?;
    let mut v = records::service_at_location(&row, lang);
    if let Value::Object(m) = &mut v {
        m.insert(
            "location".into(),
            bundle.location_full(row.location_id, lang),
        );
        for key in ["contacts", "phones", "schedules", "attributes", "metadata"] {
            m.insert(key.into(), json!([]));
        }
    }
    Ok(Json(v))
}

/// The two taxonomies: service categories and target groups.
#[utoipa::path(get, path = "/taxonomies", tag = "hsds", params(ListParams),
    responses((status = 200, description = "HSDS page of taxonomies")))]
async fn list_taxonomies(Query(p): Query<ListParams>) -> ApiResult<Json<Value>> {
    let paging = paging(&p)?;
    let all = records::taxonomies(Lang::current());
    let total = i64::try_from(all.len()).unwrap_or(0);
    let contents = all
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.per_page).unwrap_or(0))
        .collect();
    Ok(Json(envelope(
        total,
        paging.page,
        paging.per_page,
        contents,
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct TermParams {
    taxonomy_id: Option<String>,
    parent_id: Option<String>,
    /// Only terms without a parent.
    top_only: Option<bool>,
    search: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// Terms of the taxonomies (categories with sub-categories, and target groups).
#[utoipa::path(get, path = "/taxonomy_terms", tag = "hsds", params(TermParams),
    responses((status = 200, description = "HSDS page of taxonomy terms"), (status = 422, body = app::api::ErrorBody)))]
async fn list_taxonomy_terms(
    State(state): State<AppState>,
    Query(p): Query<TermParams>,
) -> ApiResult<Json<Value>> {
    let paging = paging(&ListParams {
        search: None,
        page: p.page,
        per_page: p.per_page,
        modified_after: None,
        taxonomy_term_id: None,
        taxonomy_id: None,
        organization_id: None,
        minimal: None,
        full: None,
        format: None,
    })?;
    let rows: Vec<records::TermRow> = sqlx::query_as(&format!(
        "{} ORDER BY t.taxonomy, t.sort_order, t.id",
        records::TERM_SELECT
    ))
    .fetch_all(state.db.pool())
    .await?;
    let lang = Lang::current();
    let filtered: Vec<&records::TermRow> = rows
        .iter()
        .filter(|t| {
            p.taxonomy_id
                .as_deref()
                .is_none_or(|id| records::taxonomy_uid(&t.taxonomy) == id)
        })
        .filter(|t| {
            p.parent_id
                .as_deref()
                .is_none_or(|id| t.parent_uid.as_deref() == Some(id))
        })
        .filter(|t| p.top_only != Some(true) || t.parent_uid.is_none())
        .filter(|t| {
            p.search.as_deref().is_none_or(|s| {
                t.name_zh.contains(s.trim())
                    || t.name_en
                        .as_deref()
                        .is_some_and(|e| e.to_lowercase().contains(&s.trim().to_lowercase()))
            })
        })
        .collect();
    let total = i64::try_from(filtered.len()).unwrap_or(0);
    let contents = filtered
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.per_page).unwrap_or(0))
        .map(|t| records::taxonomy_term(t, lang))
        .collect();
    Ok(Json(envelope(
        total,
        paging.page,
        paging.per_page,
        contents,
    )))
}

/// One taxonomy term.
#[utoipa::path(get, path = "/taxonomy_terms/{id}", tag = "hsds", params(("id" = String, Path, description = "Term UUID")),
    responses((status = 200, description = "HSDS taxonomy term"), (status = 404, body = app::api::ErrorBody)))]
async fn get_taxonomy_term(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let t: records::TermRow = sqlx::query_as(&format!("{} WHERE t.uid = $1", records::TERM_SELECT))
        .bind(&id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("term_not_found"))?;
    Ok(Json(records::taxonomy_term(&t, Lang::current())))
}
