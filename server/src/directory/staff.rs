//! Staff editing in scope: workstation staff edit their community's entries, administrators
//! their region's. Records outside the caller's scope answer 404; moving a record to a region
//! outside it answers 403. Every change is written with its per-field history.
use app::api::{
    Text,
    accounts::RegionRef,
    directory::{self as json, ServiceInput, TextInput},
};
use axum::{extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    DirectoryEditors, rules,
    store::{self, Taxonomy, text},
    suggestions::{SUGGESTION_SELECT, SuggestionRow},
    write::{self, Resolved},
};
use crate::{
    AppState, Db,
    accounts::{CurrentUser, session::RoleSet, session::WithRole},
    audit,
    db::Sql,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    fields::Checks,
    pagination::{Cursor, page_limit},
    phrase::Phrase,
    regions::store as regions,
    time::rfc3339,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_services, create_service))
        .routes(routes!(get_service, update_service))
        .routes(routes!(verify_service))
        .routes(routes!(service_history))
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(list_locations, create_location))
        .routes(routes!(get_location, update_location))
        .routes(routes!(set_hours))
        .routes(routes!(location_history))
        .routes(routes!(review_queue))
}

const ROLES: &[app::api::accounts::Role] = DirectoryEditors::ROLES;

fn invalid(p: Problem) -> ApiError {
    ApiError::Invalid(p)
}

/// Regions (ids) of the caller's grants as directory editor.
fn roots(user: &CurrentUser) -> Vec<i64> {
    user.scope_roots(ROLES)
}

/// `… IN (SELECT descendant_id FROM region_closure WHERE ancestor_id IN (roots))`.
fn in_scope(sql: &mut Sql, column: &str, roots: &[i64]) {
    sql.push(&format!(
        " {column} IN (SELECT rc.descendant_id FROM region_closure rc WHERE rc.ancestor_id IN "
    ));
    if roots.is_empty() {
        sql.push("(0))");
    } else {
        sql.bind_list(roots).push(")");
    }
}

/// The region of a code, which must lie in the caller's scope (403 otherwise).
async fn region_in_scope(state: &AppState, user: &CurrentUser, code: &str) -> ApiResult<i64> {
    let region = regions::by_code(&state.db, code)
        .await?
        .ok_or_else(|| ApiError::invalid("invalid_region", "region"))?;
    if !user.covers(&state.db, ROLES, region.id).await? {
        return Err(ApiError::forbidden("region_out_of_scope"));
    }
    Ok(region.id)
}

/// Checks a location input and what it refers to (its region, in the caller's scope, and its
/// organisation), answering with every problem at once; returns it with its region's id.
async fn resolve_location(
    state: &AppState,
    user: &CurrentUser,
    input: &json::LocationInput,
) -> ApiResult<(json::LocationInput, i64)> {
    let mut c = Checks::default();
    let v = rules::location(input).unwrap_or_else(|problems| {
        c.refuse(ApiError::InvalidFields(problems));
        input.clone()
    });
    let region_id = c.check(region_in_scope(state, user, &v.region).await);
    c.ensure(
        store::organization_exists(&state.db, v.organization_id).await?,
        "organization_not_found",
        "organization_id",
    );
    c.done()?;
    Ok((v, region_id))
}

/// Checks a service input against the database and the caller's scope, answering with every
/// unknown reference at once; returns it with the categories completed by their parents, and
/// the resolved ids.
async fn resolve_service(
    state: &AppState,
    user: &CurrentUser,
    input: &ServiceInput,
) -> ApiResult<(ServiceInput, Resolved)> {
    let mut v = rules::service(input).map_err(ApiError::InvalidFields)?;
    let mut c = Checks::default();
    let region_id = c.check(region_in_scope(state, user, &v.region).await);
    c.ensure(
        store::organization_exists(&state.db, v.organization_id).await?,
        "organization_not_found",
        "organization_id",
    );
    let tax = Taxonomy::load(&state.db).await?;
    let mut categories = std::collections::BTreeSet::new();
    for code in &v.categories {
        let Some(term) = tax.find("category", code) else {
            c.refuse(ApiError::invalid("invalid_category", "categories"));
            break;
        };
        categories.insert(term.code.clone());
        if let Some(parent) = term.parent_id.and_then(|p| tax.by_id(p)) {
            categories.insert(parent.code.clone());
        }
    }
    v.categories = categories.into_iter().collect();
    let mut term_ids: Vec<i64> = v
        .categories
        .iter()
        .filter_map(|code| tax.find("category", code).map(|t| t.id))
        .collect();
    let audiences: Option<Vec<i64>> = v
        .audiences
        .iter()
        .map(|code| tax.find("audience", code).map(|t| t.id))
        .collect();
    match audiences {
        Some(ids) => term_ids.extend(ids),
        None => c.refuse(ApiError::invalid("invalid_audience", "audiences")),
    }
    let mut area_region_ids = Vec::new();
    for code in &v.service_areas {
        match regions::by_code(&state.db, code).await? {
            Some(region) => area_region_ids.push(region.id),
            None => {
                c.refuse(ApiError::invalid("invalid_region", "service_areas"));
                break;
            }
        }
    }
    for id in &v.location_ids {
        let Some(location) = store::location(state.db.pool(), *id).await? else {
            c.refuse(ApiError::invalid("location_not_found", "location_ids"));
            break;
        };
        if !user.covers(&state.db, ROLES, location.region_id).await? {
            c.refuse(ApiError::invalid("location_out_of_scope", "location_ids"));
            break;
        }
    }
    c.done()?;
    Ok((
        v,
        Resolved {
            region_id,
            term_ids,
            area_region_ids,
        },
    ))
}

/// The stored service in the form its editor submits.
pub async fn service_input(db: &Db, s: &store::ServiceRecord) -> ApiResult<ServiceInput> {
    let tax = Taxonomy::load(db).await?;
    let terms = store::terms_of(db, &[s.id]).await?;
    let rows: Vec<&store::TermRow> = terms
        .get(&s.id)
        .map(|ids| ids.iter().filter_map(|id| tax.by_id(*id)).collect())
        .unwrap_or_default();
    let codes = |taxonomy: &str| {
        let mut v: Vec<String> = rows
            .iter()
            .filter(|t| t.taxonomy == taxonomy)
            .map(|t| t.code.clone())
            .collect();
        v.sort();
        v
    };
    let children = store::children(db, s.id).await?;
    let phones = store::phones_of_services(db, &[s.id]).await?;
    let mut locations = store::service_location_ids(db, s.id).await?;
    locations.sort_unstable();
    let ti = |zh: &str, en: &Option<String>| TextInput::new(zh, en.as_deref());
    let mut areas: Vec<String> = children.areas.iter().map(|a| a.code.clone()).collect();
    areas.sort();
    Ok(ServiceInput {
        organization_id: s.organization_id,
        region: s.region_code.clone(),
        name: ti(&s.name_zh, &s.name_en),
        alternate_name: s
            .alternate_name_zh
            .as_ref()
            .map(|zh| ti(zh, &s.alternate_name_en)),
        description: ti(&s.description_zh, &s.description_en),
        status: s.status(),
        categories: codes("category"),
        audiences: codes("audience"),
        conditions: ti(&s.eligibility_zh, &s.eligibility_en),
        documents: children
            .documents
            .iter()
            .map(|(_, zh, en)| ti(zh, en))
            .collect(),
        process: store::steps(&s.process_zh, s.process_en.as_deref())
            .into_iter()
            .map(|t| TextInput { zh: t.zh, en: t.en })
            .collect(),
        time_limit: ti(&s.time_limit_zh, &s.time_limit_en),
        fees: ti(&s.fees_zh, &s.fees_en),
        fees_basis: ti(&s.fees_basis_zh, &s.fees_basis_en),
        is_free: s.is_free == 1,
        costs: children
            .costs
            .iter()
            .map(|c| json::CostInput {
                option: ti(&c.option_zh, &c.option_en),
                amount_fen: c.amount_fen,
                amount_description: ti(&c.amount_description_zh, &c.amount_description_en),
            })
            .collect(),
        visits_needed: s.visits_needed,
        minimum_age: s.minimum_age,
        maximum_age: s.maximum_age,
        phones: phones
            .iter()
            .map(|p| json::PhoneInput {
                kind: json::PhoneKind::parse(&p.kind).unwrap_or(json::PhoneKind::Enquiry),
                number: p.number.clone(),
                extension: p.extension.clone(),
                description: ti(&p.description_zh, &p.description_en),
            })
            .collect(),
        languages: children.languages.iter().map(|(_, c)| c.clone()).collect(),
        service_areas: areas,
        location_ids: locations,
        url: s.url.clone(),
        email: s.email.clone(),
        alert: s.alert_zh.as_ref().map(|zh| ti(zh, &s.alert_en)),
    })
}

/// A service the caller may edit, or 404.
async fn editable_service(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> ApiResult<store::ServiceRecord> {
    let s = store::service(state.db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("service_not_found"))?;
    if !user.covers(&state.db, ROLES, s.region_id).await? {
        return Err(ApiError::not_found("service_not_found"));
    }
    Ok(s)
}

/// The fields of a directory record named by their keys, in each language.
pub fn fields_phrase(keys: &[&str]) -> Phrase {
    let names: Vec<(&str, &str)> = keys.iter().map(|k| rules::field_name(k)).collect();
    let zh: Vec<&str> = names.iter().map(|n| n.0).collect();
    let en: Vec<&str> = names.iter().map(|n| n.1).collect();
    Phrase::new("audit_changed_fields").words("fields", "fields_en", zh.join("、"), en.join(", "))
}

/// A staff edit of a directory record, as its history and the audit log tell it.
struct Edit<'a> {
    /// `service`, `location` or `organization`: the history's entity and the audit subject.
    entity: &'static str,
    id: i64,
    /// The history's action: `create`, `update` or `verify`.
    verb: &'static str,
    /// The audit log's action, e.g. `directory.service.update`.
    action: &'static str,
    region: i64,
    /// Each field that changed, with its value before and after.
    changes: &'a [(&'a str, Option<String>, Option<String>)],
}

/// Ends a staff edit in its transaction: each changed field goes to the record's history and
/// the edit to the audit log (an update names the fields it changed); then commits.
async fn edited(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    user: &CurrentUser,
    e: Edit<'_>,
    now: i64,
) -> ApiResult<()> {
    write::record_changes(
        &mut tx,
        e.entity,
        e.id,
        e.verb,
        e.changes,
        Some(user.id),
        now,
    )
    .await?;
    let detail = (e.verb == "update").then(|| {
        let keys: Vec<&str> = e.changes.iter().map(|c| c.0).collect();
        fields_phrase(&keys)
    });
    let subject = format!("{}:{}", e.entity, e.id);
    let event = audit::Event::new(user.id, e.action, subject, Some(e.region)).saying(detail);
    Ok(audit::commit(tx, [event], now).await?)
}

fn service_row(s: &store::ServiceRecord, open: i64, now: i64) -> json::ServiceRow {
    json::ServiceRow {
        id: s.id,
        name: text(&s.name_zh, s.name_en.clone()),
        status: s.status(),
        region: s.region_ref(),
        last_verified_at: s.last_verified_at.map(rfc3339),
        needs_review: store::needs_review(s.last_verified_at, now),
        updated_at: rfc3339(s.updated_at),
        open_suggestions: open,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Part of the name.
    q: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// Services in the caller's scope, newest first, including hidden ones.
#[utoipa::path(get, path = "/directory/services", tag = "directory-staff", params(ListQuery),
    responses((status = 200, body = json::ServiceRowList), (status = 403, body = app::api::ErrorBody)))]
async fn list_services(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<json::ServiceRowList>> {
    let now = state.config.clock.now();
    let limit = page_limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    let mut sql = Sql::new(store::SERVICE_SELECT);
    sql.push(" WHERE");
    in_scope(&mut sql, "s.region_id", &roots(&user));
    if let Some(name) = q.q.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let pattern: String = name
            .chars()
            .take(40)
            .filter(|c| !"%_\\".contains(*c))
            .collect();
        sql.push(" AND s.name_zh LIKE ")
            .bind(format!("%{pattern}%"));
    }
    if let Some(Cursor(after)) = cursor {
        sql.push(" AND s.id < ").bind(after);
    }
    sql.push(" ORDER BY s.id DESC LIMIT ")
        .bind(i64::from(limit) + 1);
    let mut rows: Vec<store::ServiceRecord> = sql.query_as().fetch_all(state.db.pool()).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let open = store::open_suggestions(&state.db, &ids).await?;
    Ok(Json(json::ServiceRowList {
        items: rows
            .iter()
            .map(|s| service_row(s, open.get(&s.id).copied().unwrap_or(0), now))
            .collect(),
        next_cursor,
    }))
}

/// Creates a service in the caller's scope.
#[utoipa::path(post, path = "/directory/services", tag = "directory-staff", request_body = json::ServiceInput,
    responses((status = 201, body = json::Created), (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create_service(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Json(input): Json<ServiceInput>,
) -> ApiResult<(StatusCode, Json<json::Created>)> {
    let now = state.config.clock.now();
    let (v, resolved) = resolve_service(&state, &user, &input).await?;
    let mut tx = state.db.begin_write().await?;
    let id = write::insert_service(&mut tx, &v, &resolved, None, now).await?;
    let changes = rules::diff(None, &rules::service_fields(&v));
    let edit = Edit {
        entity: "service",
        id,
        verb: "create",
        action: "directory.service.create",
        region: resolved.region_id,
        changes: &changes,
    };
    edited(tx, &user, edit, now).await?;
    Ok((StatusCode::CREATED, Json(json::Created { id })))
}

/// A service as its editor loads it.
#[utoipa::path(get, path = "/directory/services/{id}", tag = "directory-staff",
    params(("id" = i64, Path, description = "Service id")),
    responses((status = 200, body = json::ServiceEdit), (status = 404, body = app::api::ErrorBody)))]
async fn get_service(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
) -> ApiResult<Json<json::ServiceEdit>> {
    let now = state.config.clock.now();
    let s = editable_service(&state, &user, id).await?;
    let input = service_input(&state.db, &s).await?;
    Ok(Json(json::ServiceEdit {
        id,
        input,
        last_verified_at: s.last_verified_at.map(rfc3339),
        needs_review: store::needs_review(s.last_verified_at, now),
        updated_at: rfc3339(s.updated_at),
    }))
}

/// Replaces a service's content; the history records each changed field.
#[utoipa::path(put, path = "/directory/services/{id}", tag = "directory-staff",
    params(("id" = i64, Path, description = "Service id")), request_body = json::ServiceInput,
    responses((status = 200, body = json::ServiceEdit), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn update_service(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
    Json(input): Json<ServiceInput>,
) -> ApiResult<Json<json::ServiceEdit>> {
    let now = state.config.clock.now();
    let before = editable_service(&state, &user, id).await?;
    let old = service_input(&state.db, &before).await?;
    let (v, resolved) = resolve_service(&state, &user, &input).await?;
    let changes = rules::diff(
        Some(&rules::service_fields(&old)),
        &rules::service_fields(&v),
    );
    if !changes.is_empty() {
        let mut tx = state.db.begin_write().await?;
        write::update_service(&mut tx, id, &v, &resolved, now).await?;
        let edit = Edit {
            entity: "service",
            id,
            verb: "update",
            action: "directory.service.update",
            region: resolved.region_id,
            changes: &changes,
        };
        edited(tx, &user, edit, now).await?;
    }
    get_service(
        State(state),
        WithRole(user, std::marker::PhantomData),
        Path(id),
    )
    .await
}

/// Confirms a service's data is true as of now ("mark verified").
#[utoipa::path(post, path = "/directory/services/{id}/verify", tag = "directory-staff",
    params(("id" = i64, Path, description = "Service id")),
    responses((status = 200, body = json::ServiceEdit), (status = 404, body = app::api::ErrorBody)))]
async fn verify_service(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
) -> ApiResult<Json<json::ServiceEdit>> {
    let now = state.config.clock.now();
    let s = editable_service(&state, &user, id).await?;
    let mut tx = state.db.begin_write().await?;
    write::verify_service(&mut tx, id, Some(user.id), now).await?;
    let change = [(
        "last_verified_at",
        s.last_verified_at.map(rfc3339),
        Some(rfc3339(now)),
    )];
    let edit = Edit {
        entity: "service",
        id,
        verb: "verify",
        action: "directory.service.verify",
        region: s.region_id,
        changes: &change,
    };
    edited(tx, &user, edit, now).await?;
    get_service(
        State(state),
        WithRole(user, std::marker::PhantomData),
        Path(id),
    )
    .await
}

#[derive(Debug, sqlx::FromRow)]
struct ChangeRow {
    action: String,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    changed_by: Option<crate::accounts::PersonName>,
    changed_at: i64,
}

async fn history(db: &Db, entity: &str, id: i64) -> ApiResult<json::ChangeList> {
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT c.action, c.field, c.old_value, c.new_value, u.display_name AS changed_by, c.changed_at \
         FROM dir_changes c LEFT JOIN users u ON u.id = c.changed_by \
         WHERE c.entity = $1 AND c.entity_id = $2 ORDER BY c.changed_at DESC, c.id DESC LIMIT 500",
    )
    .bind(entity)
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(json::ChangeList {
        items: rows
            .into_iter()
            .map(|r| json::Change {
                action: r.action,
                field: r.field,
                old_value: r.old_value,
                new_value: r.new_value,
                changed_by: crate::accounts::name::shown(r.changed_by.as_ref()),
                changed_at: rfc3339(r.changed_at),
            })
            .collect(),
    })
}

/// Who changed which field of a service, when, from what to what (newest first).
#[utoipa::path(get, path = "/directory/services/{id}/history", tag = "directory-staff",
    params(("id" = i64, Path, description = "Service id")),
    responses((status = 200, body = json::ChangeList), (status = 404, body = app::api::ErrorBody)))]
async fn service_history(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
) -> ApiResult<Json<json::ChangeList>> {
    editable_service(&state, &user, id).await?;
    Ok(Json(history(&state.db, "service", id).await?))
}

#[derive(Debug, sqlx::FromRow)]
struct OrganizationListRow {
    id: i64,
    name_zh: String,
    name_en: Option<String>,
    code: String,
    region_name_zh: String,
    region_name_en: Option<String>,
}

/// Organizations of the caller's scope and above it (a community's services may be run by a
/// district bureau), for the editors' pickers.
#[utoipa::path(get, path = "/directory/organizations", tag = "directory-staff",
    responses((status = 200, body = json::OrganizationRowList), (status = 403, body = app::api::ErrorBody)))]
async fn list_organizations(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
) -> ApiResult<Json<json::OrganizationRowList>> {
    let roots = roots(&user);
    let mut sql = Sql::new(
        "SELECT o.id, o.name_zh, o.name_en, r.code, r.name_zh AS region_name_zh, r.name_en AS region_name_en \
         FROM dir_organizations o JOIN regions r ON r.id = o.region_id WHERE",
    );
    in_scope(&mut sql, "o.region_id", &roots);
    sql.push(" OR o.region_id IN (SELECT rc.ancestor_id FROM region_closure rc WHERE rc.descendant_id IN ");
    if roots.is_empty() {
        sql.push("(0))");
    } else {
        sql.bind_list(&roots).push(")");
    }
    sql.push(" ORDER BY o.id LIMIT 1000");
    let rows: Vec<OrganizationListRow> = sql.query_as().fetch_all(state.db.pool()).await?;
    Ok(Json(json::OrganizationRowList {
        items: rows
            .into_iter()
            .map(|r| json::OrganizationRow {
                id: r.id,
                name: Text::new(r.name_zh, r.name_en),
                region: RegionRef {
                    code: r.code,
                    name: Text::new(r.region_name_zh, r.region_name_en),
                },
            })
            .collect(),
    }))
}

/// Creates an organization in the caller's scope.
#[utoipa::path(post, path = "/directory/organizations", tag = "directory-staff", request_body = json::OrganizationInput,
    responses((status = 201, body = json::Created), (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create_organization(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Json(input): Json<json::OrganizationInput>,
) -> ApiResult<(StatusCode, Json<json::Created>)> {
    let now = state.config.clock.now();
    let v = rules::organization(&input).map_err(ApiError::InvalidFields)?;
    let region_id = region_in_scope(&state, &user, &v.region).await?;
    let mut tx = state.db.begin_write().await?;
    let id = write::insert_organization(&mut tx, &v, region_id, None, now).await?;
    let edit = Edit {
        entity: "organization",
        id,
        verb: "create",
        action: "directory.organization.create",
        region: region_id,
        changes: &[("name", None, Some(v.name.zh.clone()))],
    };
    edited(tx, &user, edit, now).await?;
    Ok((StatusCode::CREATED, Json(json::Created { id })))
}

/// The stored location in the form its editor submits, with its hours.
async fn location_edit(db: &Db, l: &store::LocationRecord) -> ApiResult<json::LocationEdit> {
    let phones = store::phones_of_locations(db, &[l.id]).await?;
    let accessibility = store::accessibility_of(db, &[l.id]).await?;
    let hours = store::hours_of(
        db,
        &[(l.id, l.follows_workday_calendar == 1)],
        jiff::civil::date(2000, 1, 1),
    )
    .await?;
    let h = hours.get(&l.id).cloned().unwrap_or_default();
    let ti = |zh: &str, en: &Option<String>| TextInput::new(zh, en.as_deref());
    let parsed = rules::ParsedHours {
        weekly: h
            .weekly
            .iter()
            .enumerate()
            .flat_map(|(i, ws)| {
                ws.iter()
                    .map(move |w| (u8::try_from(i + 1).unwrap_or(1), *w))
            })
            .collect(),
        exceptions: h
            .exceptions
            .values()
            .map(|e| {
                (
                    e.date,
                    e.windows.clone(),
                    TextInput {
                        zh: e.reason.zh.clone(),
                        en: e.reason.en.clone(),
                    },
                )
            })
            .collect(),
    };
    Ok(json::LocationEdit {
        id: l.id,
        input: json::LocationInput {
            organization_id: l.organization_id,
            region: l.region_code.clone(),
            name: ti(&l.name_zh, &l.name_en),
            description: ti(&l.description_zh, &l.description_en),
            address: ti(&l.address_zh, &l.address_en),
            postal_code: l.postal_code.clone(),
            transport: ti(&l.transport_zh, &l.transport_en),
            latitude: l.latitude,
            longitude: l.longitude,
            timezone: Some(l.timezone.clone()),
            follows_workday_calendar: l.follows_workday_calendar == 1,
            phones: phones
                .iter()
                .map(|p| json::PhoneInput {
                    kind: json::PhoneKind::parse(&p.kind).unwrap_or(json::PhoneKind::Main),
                    number: p.number.clone(),
                    extension: p.extension.clone(),
                    description: ti(&p.description_zh, &p.description_en),
                })
                .collect(),
            accessibility: accessibility
                .iter()
                .map(|a| json::AccessibilityInput {
                    feature: a.feature.clone(),
                    details: ti(&a.details_zh, &a.details_en),
                })
                .collect(),
        },
        hours: rules::hours_input(&parsed),
        region_name: text(&l.region_name_zh, l.region_name_en.clone()),
        updated_at: rfc3339(l.updated_at),
    })
}

async fn editable_location(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> ApiResult<store::LocationRecord> {
    let l = store::location(state.db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("location_not_found"))?;
    if !user.covers(&state.db, ROLES, l.region_id).await? {
        return Err(ApiError::not_found("location_not_found"));
    }
    Ok(l)
}

/// Locations in the caller's scope.
#[utoipa::path(get, path = "/directory/locations", tag = "directory-staff", params(ListQuery),
    responses((status = 200, body = json::LocationEditList), (status = 403, body = app::api::ErrorBody)))]
async fn list_locations(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<json::LocationEditList>> {
    let limit = page_limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    let mut sql = Sql::new(&store::location_select());
    sql.push(" WHERE");
    in_scope(&mut sql, "l.region_id", &roots(&user));
    if let Some(name) = q.q.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let pattern: String = name
            .chars()
            .take(40)
            .filter(|c| !"%_\\".contains(*c))
            .collect();
        sql.push(" AND l.name_zh LIKE ")
            .bind(format!("%{pattern}%"));
    }
    if let Some(Cursor(after)) = cursor {
        sql.push(" AND l.id > ").bind(after);
    }
    sql.push(" ORDER BY l.id LIMIT ").bind(i64::from(limit) + 1);
    let mut rows: Vec<store::LocationRecord> = sql.query_as().fetch_all(state.db.pool()).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    let mut items = Vec::with_capacity(rows.len());
    for l in &rows {
        items.push(location_edit(&state.db, l).await?);
    }
    Ok(Json(json::LocationEditList { items, next_cursor }))
}

/// Creates a location in the caller's scope (hours are set with `PUT …/hours`).
#[utoipa::path(post, path = "/directory/locations", tag = "directory-staff", request_body = json::LocationInput,
    responses((status = 201, body = json::Created), (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create_location(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Json(input): Json<json::LocationInput>,
) -> ApiResult<(StatusCode, Json<json::Created>)> {
    let now = state.config.clock.now();
    let (v, region_id) = resolve_location(&state, &user, &input).await?;
    let mut tx = state.db.begin_write().await?;
    let id = write::insert_location(&mut tx, &v, region_id, None, now).await?;
    let changes = rules::diff(None, &rules::location_fields(&v));
    let edit = Edit {
        entity: "location",
        id,
        verb: "create",
        action: "directory.location.create",
        region: region_id,
        changes: &changes,
    };
    edited(tx, &user, edit, now).await?;
    Ok((StatusCode::CREATED, Json(json::Created { id })))
}

/// A location with its hours, as its editor loads it.
#[utoipa::path(get, path = "/directory/locations/{id}", tag = "directory-staff",
    params(("id" = i64, Path, description = "Location id")),
    responses((status = 200, body = json::LocationEdit), (status = 404, body = app::api::ErrorBody)))]
async fn get_location(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
) -> ApiResult<Json<json::LocationEdit>> {
    let l = editable_location(&state, &user, id).await?;
    Ok(Json(location_edit(&state.db, &l).await?))
}

/// Replaces a location's content (not its hours).
#[utoipa::path(put, path = "/directory/locations/{id}", tag = "directory-staff",
    params(("id" = i64, Path, description = "Location id")), request_body = json::LocationInput,
    responses((status = 200, body = json::LocationEdit), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn update_location(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
    Json(input): Json<json::LocationInput>,
) -> ApiResult<Json<json::LocationEdit>> {
    let now = state.config.clock.now();
    let before = editable_location(&state, &user, id).await?;
    let old = location_edit(&state.db, &before).await?;
    let (v, region_id) = resolve_location(&state, &user, &input).await?;
    let changes = rules::diff(
        Some(&rules::location_fields(&old.input)),
        &rules::location_fields(&v),
    );
    if !changes.is_empty() {
        let mut tx = state.db.begin_write().await?;
        write::update_location(&mut tx, id, &v, region_id, now).await?;
        let edit = Edit {
            entity: "location",
            id,
            verb: "update",
            action: "directory.location.update",
            region: region_id,
            changes: &changes,
        };
        edited(tx, &user, edit, now).await?;
    }
    let l = editable_location(&state, &user, id).await?;
    Ok(Json(location_edit(&state.db, &l).await?))
}

/// Replaces a location's weekly hours and dated exceptions.
#[utoipa::path(put, path = "/directory/locations/{id}/hours", tag = "directory-staff",
    params(("id" = i64, Path, description = "Location id")), request_body = json::HoursInput,
    responses((status = 200, body = json::LocationEdit), (status = 404, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn set_hours(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
    Json(input): Json<json::HoursInput>,
) -> ApiResult<Json<json::LocationEdit>> {
    let now = state.config.clock.now();
    let l = editable_location(&state, &user, id).await?;
    let old = location_edit(&state.db, &l).await?;
    let parsed = rules::hours(&input).map_err(invalid)?;
    let changes = rules::diff(
        Some(&rules::hours_fields(&old.hours)),
        &rules::hours_fields(&rules::hours_input(&parsed)),
    );
    if !changes.is_empty() {
        let mut tx = state.db.begin_write().await?;
        write::replace_hours(&mut tx, id, &parsed, now).await?;
        let edit = Edit {
            entity: "location",
            id,
            verb: "update",
            action: "directory.hours.update",
            region: l.region_id,
            changes: &changes,
        };
        edited(tx, &user, edit, now).await?;
    }
    let l = editable_location(&state, &user, id).await?;
    Ok(Json(location_edit(&state.db, &l).await?))
}

/// The change history of a location (content and hours).
#[utoipa::path(get, path = "/directory/locations/{id}/history", tag = "directory-staff",
    params(("id" = i64, Path, description = "Location id")),
    responses((status = 200, body = json::ChangeList), (status = 404, body = app::api::ErrorBody)))]
async fn location_history(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
    Path(id): Path<i64>,
) -> ApiResult<Json<json::ChangeList>> {
    editable_location(&state, &user, id).await?;
    Ok(Json(history(&state.db, "location", id).await?))
}

/// Longest list in the review queue; totals say how many more there are.
const REVIEW_LIMIT: i64 = 50;

/// What needs attention in the caller's scope: services unverified for 180 days (or never)
/// and open "report a problem" suggestions, oldest first.
#[utoipa::path(get, path = "/directory/review", tag = "directory-staff",
    responses((status = 200, body = json::ReviewQueue), (status = 403, body = app::api::ErrorBody)))]
async fn review_queue(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<DirectoryEditors>,
) -> ApiResult<Json<json::ReviewQueue>> {
    let now = state.config.clock.now();
    let roots = roots(&user);
    let cutoff = now - store::STALE_AFTER_SECS;
    let stale_where = |sql: &mut Sql| {
        sql.push(" WHERE");
        in_scope(sql, "s.region_id", &roots);
        sql.push(
            " AND s.status <> 'defunct' AND (s.last_verified_at IS NULL OR s.last_verified_at < ",
        )
        .bind(cutoff)
        .push(")");
    };
    let mut sql = Sql::new(store::SERVICE_SELECT);
    stale_where(&mut sql);
    sql.push(" ORDER BY COALESCE(s.last_verified_at, 0), s.id LIMIT ")
        .bind(REVIEW_LIMIT);
    let stale: Vec<store::ServiceRecord> = sql.query_as().fetch_all(state.db.pool()).await?;
    let mut count = Sql::new("SELECT CAST(COUNT(*) AS BIGINT) FROM dir_services s");
    stale_where(&mut count);
    let stale_total: i64 = count.query_scalar().fetch_one(state.db.pool()).await?;

    let mut sql = Sql::new(SUGGESTION_SELECT);
    sql.push(" WHERE g.status = 'open' AND");
    in_scope(&mut sql, "s.region_id", &roots);
    sql.push(" ORDER BY g.created_at, g.id LIMIT ")
        .bind(REVIEW_LIMIT);
    let suggestions: Vec<SuggestionRow> = sql.query_as().fetch_all(state.db.pool()).await?;
    let mut count = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM dir_suggestions g JOIN dir_services s ON s.id = g.service_id \
         WHERE g.status = 'open' AND",
    );
    in_scope(&mut count, "s.region_id", &roots);
    let suggestions_total: i64 = count.query_scalar().fetch_one(state.db.pool()).await?;

    let ids: Vec<i64> = stale.iter().map(|s| s.id).collect();
    let open = store::open_suggestions(&state.db, &ids).await?;
    Ok(Json(json::ReviewQueue {
        stale: stale
            .iter()
            .map(|s| service_row(s, open.get(&s.id).copied().unwrap_or(0), now))
            .collect(),
        stale_total,
        suggestions: suggestions.into_iter().map(SuggestionRow::wire).collect(),
        suggestions_total,
    }))
}
