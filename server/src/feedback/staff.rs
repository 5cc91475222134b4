//! Staff endpoints: the inbox, a case with its internal timeline, actions, photos, templates.
use app::api::feedback::{
    CaseAction, CaseStatus, Contact, FeedbackKind, NewReplyTemplate, PersonRef, ReplyTemplate,
    ReplyTemplateList, StaffCase, StaffCaseList,
};
use axum::{extract::State, http::StatusCode, response::Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    privacy::{self, Viewer},
    routes::photo_response,
    scope::{FeedbackCommittee, FeedbackStaff, Scope},
    states::{self, Actor},
    store, views, workflow,
};
use crate::{
    AppState,
    accounts::{CurrentUser, name, session::WithRole},
    audit,
    db::Sql,
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Path, Query},
    pagination::{Cursor, page_limit},
    regions::store as regions,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(list_templates, create_template))
        .routes(routes!(delete_template))
        .routes(routes!(get_case))
        .routes(routes!(act))
        .routes(routes!(get_photo))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct InboxQuery {
    /// Comma-separated statuses, e.g. `submitted,accepted`.
    status: Option<String>,
    /// Category code.
    category: Option<String>,
    /// Region code (community, subdistrict or district) within the caller's scope.
    region: Option<String>,
    /// Only cases past their running deadline.
    overdue: Option<bool>,
    /// `complaint`, `suggestion`, `question` or `praise`.
    kind: Option<String>,
    /// Words of the title or place, or a tracking code.
    q: Option<String>,
    /// Only Open311 requests waiting to be placed in a community (the triage queue).
    triage: Option<bool>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The staff inbox: cases in the caller's scope, newest first, with filters.
#[utoipa::path(get, path = "/staff/feedback", tag = "feedback-staff", params(InboxQuery),
    responses((status = 200, body = StaffCaseList), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn inbox(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Query(q): Query<InboxQuery>,
) -> ApiResult<Json<StaffCaseList>> {
    let limit = page_limit(q.limit)?;
    let after = Cursor::decode_opt(q.cursor.as_deref())?;
    let scope = Scope::of(&state, &user).await?;
    let today = state.config.clock.today();
    // With a status or deadline filter an index on it finds the page; without one, walking
    // the newest cases of a wide scope is fastest (see `Scope::condition_hinted`).
    let selective =
        q.status.as_deref().is_some_and(|s| !s.trim().is_empty()) || q.overdue == Some(true);
    let mut filter = Sql::new(&scope.condition_hinted(!selective));
    if let Some(list) = q.status.as_deref().filter(|s| !s.trim().is_empty()) {
        let statuses = list
            .split(',')
            .map(|s| CaseStatus::parse(s.trim()).map(|s| format!("'{}'", s.as_str())))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ApiError::invalid("invalid_status_filter", "status"))?;
        filter.push(&format!(" AND c.status IN ({})", statuses.join(",")));
    }
    if let Some(code) = q.category.as_deref().filter(|s| !s.is_empty()) {
        let cat = store::category_by_code(&state.db, code)
            .await?
            .ok_or_else(|| ApiError::invalid("category_not_found", "category"))?;
        // With another filter the category is checked row by row (`+`: no index), which keeps
        // SQLite on the status/deadline index; alone it uses its own index.
        let column = if selective {
            "+c.category_id"
        } else {
            "c.category_id"
        };
        filter.push(&format!(" AND {column} = ")).bind(cat.id);
    }
    if let Some(code) = q.region.as_deref().filter(|s| !s.is_empty()) {
        let region = regions::by_code(&state.db, code)
            .await?
            .ok_or_else(|| ApiError::invalid("region_not_found", "region"))?;
        let within = store::descendants(&state.db, &[region.id]).await?;
        if !within.iter().any(|r| scope.covers_region(*r)) {
            return Err(ApiError::Forbidden(
                Problem::new("region_out_of_scope").field("region"),
            ));
        }
        filter.push(&format!(
            " AND c.region_id IN ({})",
            crate::db::id_list(&within)
        ));
    }
    if q.triage == Some(true) {
        filter.push(" AND c.needs_placement = 1");
    }
    if q.overdue == Some(true) {
        filter.push(" AND c.due_date < ").bind(today.to_string());
    }
    if let Some(kind) = q.kind.as_deref().filter(|s| !s.is_empty()) {
        let kind =
            FeedbackKind::parse(kind).ok_or_else(|| ApiError::invalid("invalid_kind", "kind"))?;
        filter.push(" AND c.kind = ").bind(kind.as_str());
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let text: String = text.chars().take(50).collect();
        if let Some(code) = super::code::normalise(&text) {
            filter.push(" AND c.tracking_code = ").bind(code);
        } else {
            let like = format!("%{}%", text.replace(['%', '_', '\\'], ""));
            filter
                .push(" AND (c.title LIKE ")
                .bind(like.clone())
                .push(" OR c.place LIKE ")
                .bind(like)
                .push(")");
        }
    }
    if let Some(after) = after {
        filter.push(" AND c.id < ").bind(after.0);
    }
    let mut rows = store::page_where(&state.db, &filter, limit + 1).await?;
    let next_cursor = Cursor::next(&mut rows, limit, |r| r.id);
    Ok(Json(StaffCaseList {
        items: rows
            .iter()
            .map(|r| views::staff_summary(r, today))
            .collect(),
        next_cursor,
    }))
}

/// Loads a case the user reaches, with their relation to it; 404 otherwise.
pub async fn reachable(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> ApiResult<(store::CaseRow, Actor)> {
    let case = store::case_by_id(state.db.pool(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("case_not_found"))?;
    let scope = Scope::of(state, user).await?;
    let actor = scope
        .actor_for(case.region_id, case.department_id)
        .ok_or_else(|| ApiError::not_found("case_not_found"))?;
    Ok((case, actor))
}

pub async fn staff_view(
    state: &AppState,
    user: &CurrentUser,
    case: store::CaseRow,
    actor: Actor,
) -> ApiResult<StaffCase> {
    let today = state.config.clock.today();
    let viewer = Viewer {
        committee: actor == Actor::Committee,
        assignee: case.assignee_id == Some(user.id),
    };
    let privacy_level = views::privacy_of(&case);
    let contact = privacy::contact_for(
        privacy_level,
        viewer,
        case.contact_name().as_deref(),
        case.contact_phone(),
    );
    if contact.unmasked {
        audit::record(
            state.db.pool(),
            audit::Event {
                actor: Some(user.id),
                action: "personal_data.view",
                subject: format!("feedback:{}", case.id),
                region: Some(case.region_id),
                detail: Some(crate::phrase::Phrase::new("audit_feedback_contact_shown")),
            },
            state.config.clock.now(),
        )
        .await?;
    }
    let parts = views::Parts {
        events: store::events(&state.db, case.id, false).await?,
        photos: store::photos(&state.db, case.id).await?,
        answers: store::answers(&state.db, case.id).await?,
    };
    let status = views::status(&case);
    Ok(StaffCase {
        id: case.id,
        channel: case.channel.clone(),
        lat: case.lat,
        lng: case.lng,
        contact: Contact {
            name: contact.name,
            phone: contact.phone,
            unmasked: contact.unmasked,
            withheld: contact.withheld,
            filed_by_family: case.filed_by.is_some(),
        },
        assignee: case.assignee_id.map(|id| PersonRef {
            id,
            name: name::shown(case.assignee_name.as_ref()).unwrap_or_default(),
        }),
        due_date: case.due_date.clone(),
        escalation_level: case.escalation_level,
        hidden: case.hidden == 1,
        hidden_reason: case
            .hidden_reason
            .clone()
            .map(|r| app::api::Text::new(r, case.hidden_reason_en.clone())),
        merged_into: case.merged_into_id,
        merged: store::merged_into(&state.db, case.id).await?,
        reopen_count: case.reopen_count,
        needs_placement: case.needs_placement == 1,
        actions: states::available(actor, status, case.hidden == 1)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        case: views::public_case(&case, &parts, today, false, true),
    })
}

/// A case with the whole timeline (internal notes included) and the contact as this staff
/// member may see it; the assigned handler's view of unmasked data is audit-logged.
#[utoipa::path(get, path = "/staff/feedback/{id}", tag = "feedback-staff", params(("id" = i64, Path)),
    responses((status = 200, body = StaffCase), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody)))]
async fn get_case(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffCase>> {
    let (case, actor) = reachable(&state, &user, id).await?;
    Ok(Json(staff_view(&state, &user, case, actor).await?))
}

/// A workflow action on a case: `{"action": "accept" | "decline" | "assign" | "start" |
/// "answer" | "note" | "extend" | "remind" | "merge" | "hide" | "unhide", …}`.
#[utoipa::path(post, path = "/staff/feedback/{id}/actions", tag = "feedback-staff", params(("id" = i64, Path)),
    request_body = CaseAction,
    responses((status = 200, body = StaffCase), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 404, body = app::api::ErrorBody),
              (status = 409, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn act(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Path(id): Path<i64>,
    Json(action): Json<CaseAction>,
) -> ApiResult<Json<StaffCase>> {
    let (case, actor) = reachable(&state, &user, id).await?;
    workflow::act(&state, &user, &case, actor, action).await?;
    let (case, actor) = reachable(&state, &user, id).await?;
    Ok(Json(staff_view(&state, &user, case, actor).await?))
}

/// A photo of a case in the caller's scope (hidden cases included).
#[utoipa::path(get, path = "/staff/feedback/{id}/photos/{position}", tag = "feedback-staff",
    params(("id" = i64, Path), ("position" = i64, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = app::api::ErrorBody)))]
async fn get_photo(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Path((id, position)): Path<(i64, i64)>,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let (case, _) = reachable(&state, &user, id).await?;
    photo_response(&state, case.id, position, &headers).await
}

#[derive(Debug, sqlx::FromRow)]
struct TemplateRow {
    id: i64,
    title: String,
    body: String,
    category_code: Option<String>,
    region_id: i64,
    region_code: String,
    region_zh: String,
    region_en: Option<String>,
}

async fn template_rows(state: &AppState, condition: &str) -> ApiResult<Vec<TemplateRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT t.id, t.title, t.body, c.code AS category_code, t.region_id, r.code AS region_code, \
         r.name_zh AS region_zh, r.name_en AS region_en FROM feedback_reply_templates t \
         JOIN regions r ON r.id = t.region_id LEFT JOIN feedback_categories c ON c.id = t.category_id \
         WHERE {condition} ORDER BY t.id"
    ))
    .fetch_all(state.db.pool())
    .await?)
}

fn template_wire(t: TemplateRow) -> ReplyTemplate {
    ReplyTemplate {
        id: t.id,
        title: t.title,
        body: t.body,
        category: t.category_code,
        region: app::api::accounts::RegionRef {
            code: t.region_code,
            name: app::api::Text::new(t.region_zh, t.region_en),
        },
    }
}

/// Reply templates usable by the caller: those of their regions, the regions above and below.
#[utoipa::path(get, path = "/staff/feedback/templates", tag = "feedback-staff",
    responses((status = 200, body = ReplyTemplateList), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody)))]
async fn list_templates(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
) -> ApiResult<Json<ReplyTemplateList>> {
    let roots: Vec<i64> = user.grants.iter().map(|g| g.region_id).collect();
    let mut ids = store::descendants(&state.db, &roots).await?;
    for r in &roots {
        ids.extend(store::ancestors(&state.db, *r).await?);
    }
    ids.sort_unstable();
    ids.dedup();
    let condition = if ids.is_empty() {
        "1 = 0".to_owned()
    } else {
        format!("t.region_id IN ({})", crate::db::id_list(&ids))
    };
    let items = template_rows(&state, &condition)
        .await?
        .into_iter()
        .map(template_wire)
        .collect();
    Ok(Json(ReplyTemplateList { items }))
}

/// Adds a reply template for a region the caller covers as committee member or administrator.
#[utoipa::path(post, path = "/staff/feedback/templates", tag = "feedback-staff", request_body = NewReplyTemplate,
    responses((status = 201, body = ReplyTemplate), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn create_template(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackCommittee>,
    Json(req): Json<NewReplyTemplate>,
) -> ApiResult<(StatusCode, Json<ReplyTemplate>)> {
    let title = req.title.trim();
    if title.is_empty() || title.chars().count() > 40 {
        return Err(ApiError::invalid("invalid_template_title", "title"));
    }
    let body = req.body.trim();
    if body.is_empty() || body.chars().count() > 2000 {
        return Err(ApiError::invalid("invalid_template_body", "body"));
    }
    let region = regions::by_code(&state.db, &req.region)
        .await?
        .ok_or_else(|| ApiError::invalid("region_not_found", "region"))?;
    if !user
        .covers(&state.db, super::scope::COMMITTEE_ROLES, region.id)
        .await?
    {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("region"),
        ));
    }
    let category = match req.category.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => Some(
            store::category_by_code(&state.db, code)
                .await?
                .ok_or_else(|| ApiError::invalid("category_not_found", "category"))?
                .id,
        ),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO feedback_reply_templates (region_id, category_id, title, body, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(region.id)
    .bind(category)
    .bind(title)
    .bind(body)
    .bind(user.id)
    .bind(state.config.clock.now())
    .fetch_one(state.db.pool())
    .await?;
    let row = template_rows(&state, &format!("t.id = {id}"))
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("template_not_found"))?;
    Ok((StatusCode::CREATED, Json(template_wire(row))))
}

/// Removes a reply template of a region the caller covers.
#[utoipa::path(delete, path = "/staff/feedback/templates/{id}", tag = "feedback-staff", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = app::api::ErrorBody), (status = 403, body = app::api::ErrorBody),
              (status = 404, body = app::api::ErrorBody)))]
async fn delete_template(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackCommittee>,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let row = template_rows(&state, &format!("t.id = {id}"))
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("template_not_found"))?;
    if !user
        .covers(&state.db, super::scope::COMMITTEE_ROLES, row.region_id)
        .await?
    {
        return Err(ApiError::not_found("template_not_found"));
    }
    sqlx::query("DELETE FROM feedback_reply_templates WHERE id = $1")
        .bind(id)
        .execute(state.db.pool())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
