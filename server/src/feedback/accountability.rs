//! Accountability for staff: how each responsible department and handler keeps the deadlines
//! (on-time acceptance and answers, open cases by age, what is overdue), for the cases of a
//! region and period within the caller's scope, as JSON and CSV. Counted in SQL over the same
//! cases as the statistics page.
use app::api::{
    Text,
    accounts::RegionRef,
    feedback::{
        Accountability, AccountabilityRow, CaseStatus, OpenByAge, OverdueCase, Responsible,
    },
};
use axum::{extract::State, response::Response};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    scope::{FeedbackStaff, Scope},
    stats::{condition, csv_text, range, rate, region_for},
};
use crate::{
    AppState,
    accounts::{PersonName, name, session::WithRole},
    error::ApiResult,
    extract::{Json, Query},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_accountability))
        .routes(routes!(get_accountability_csv))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AccountabilityQuery {
    /// First day of submission (`YYYY-MM-DD`); default 90 days before `to`.
    from: Option<String>,
    /// Last day of submission (`YYYY-MM-DD`); default today.
    to: Option<String>,
    /// Region code within the caller's scope; default the caller's own region.
    region: Option<String>,
}

const OPEN: &str = "c.status IN ('submitted', 'accepted', 'assigned', 'in_progress')";

#[derive(sqlx::FromRow)]
struct Row {
    dept_code: Option<String>,
    dept_zh: Option<String>,
    dept_en: Option<String>,
    handler: Option<PersonName>,
    cases: i64,
    open: i64,
    overdue: i64,
    accept_on_time: i64,
    accept_judged: i64,
    answer_on_time: i64,
    answer_judged: i64,
    age_3: i64,
    age_7: i64,
    age_30: i64,
}

#[derive(sqlx::FromRow)]
struct Late {
    id: i64,
    title: String,
    community_zh: String,
    community_en: Option<String>,
    dept_code: Option<String>,
    dept_zh: Option<String>,
    dept_en: Option<String>,
    handler: Option<PersonName>,
    status: String,
    due_date: String,
}

fn responsible(
    code: Option<String>,
    zh: Option<String>,
    en: Option<String>,
) -> Option<Responsible> {
    Some(Responsible {
        code: code?,
        name: Text::new(zh.unwrap_or_default(), en),
    })
}

fn days_before(today: Date, days: i64) -> Date {
    today
        .checked_sub(jiff::Span::new().days(days))
        .unwrap_or(today)
}

/// Builds the accountability view of a region and period.
async fn compute(
    state: &AppState,
    user: &crate::accounts::CurrentUser,
    q: &AccountabilityQuery,
) -> ApiResult<Accountability> {
    let today = state.config.clock.today();
    let (from, to) = range(q.from.as_deref(), q.to.as_deref(), today)?;
    let scope = Scope::of(state, user).await?;
    let region = region_for(state, user, &scope, q.region.as_deref()).await?;
    let cond = condition(state, &scope, region.id, from, to).await?;
    let (d3, d7, d30) = (
        days_before(today, 2),
        days_before(today, 6),
        days_before(today, 29),
    );
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT d.code AS dept_code, d.name_zh AS dept_zh, d.name_en AS dept_en, u.display_name AS handler, \
         CAST(COUNT(*) AS BIGINT) AS cases, \
         CAST(COALESCE(SUM(CASE WHEN {OPEN} THEN 1 ELSE 0 END), 0) AS BIGINT) AS open, \
         CAST(COALESCE(SUM(CASE WHEN {OPEN} AND c.due_date < '{today}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue, \
         CAST(COALESCE(SUM(c.accept_on_time), 0) AS BIGINT) AS accept_on_time, CAST(COUNT(c.accept_on_time) AS BIGINT) AS accept_judged, \
         CAST(COALESCE(SUM(c.answer_on_time), 0) AS BIGINT) AS answer_on_time, CAST(COUNT(c.answer_on_time) AS BIGINT) AS answer_judged, \
         CAST(COALESCE(SUM(CASE WHEN {OPEN} AND c.created_on >= '{d3}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS age_3, \
         CAST(COALESCE(SUM(CASE WHEN {OPEN} AND c.created_on >= '{d7}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS age_7, \
         CAST(COALESCE(SUM(CASE WHEN {OPEN} AND c.created_on >= '{d30}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS age_30 \
         FROM feedback_cases c LEFT JOIN departments d ON d.id = c.department_id \
         LEFT JOIN users u ON u.id = c.assignee_id WHERE {cond} AND c.status <> 'merged' \
         GROUP BY d.code, d.name_zh, d.name_en, c.assignee_id, u.display_name \
         ORDER BY overdue DESC, open DESC, cases DESC, d.code, u.display_name"
    ))
    .fetch_all(state.db.pool())
    .await?;
    let late: Vec<Late> = sqlx::query_as(&format!(
        "SELECT c.id, c.title, r.name_zh AS community_zh, r.name_en AS community_en, \
         d.code AS dept_code, d.name_zh AS dept_zh, d.name_en AS dept_en, u.display_name AS handler, \
         c.status, c.due_date FROM feedback_cases c JOIN regions r ON r.id = c.region_id \
         LEFT JOIN departments d ON d.id = c.department_id LEFT JOIN users u ON u.id = c.assignee_id \
         WHERE {cond} AND {OPEN} AND c.due_date < '{today}' ORDER BY c.due_date, c.id LIMIT 50"
    ))
    .fetch_all(state.db.pool())
    .await?;
    Ok(Accountability {
        from: from.to_string(),
        to: to.to_string(),
        region: RegionRef {
            code: region.code.clone(),
            name: Text::new(region.name_zh.clone(), region.name_en.clone()),
        },
        rows: rows
            .into_iter()
            .map(|r| AccountabilityRow {
                department: responsible(r.dept_code, r.dept_zh, r.dept_en),
                handler: name::shown(r.handler.as_ref()),
                cases: r.cases,
                open: r.open,
                overdue: r.overdue,
                accept_on_time_rate: rate(r.accept_on_time, r.accept_judged),
                answer_on_time_rate: rate(r.answer_on_time, r.answer_judged),
                open_by_age: OpenByAge {
                    up_to_3_days: r.age_3,
                    up_to_7_days: r.age_7 - r.age_3,
                    up_to_30_days: r.age_30 - r.age_7,
                    older: r.open - r.age_30,
                },
            })
            .collect(),
        overdue: late
            .into_iter()
            .map(|c| OverdueCase {
                days_overdue: c
                    .due_date
                    .parse::<Date>()
                    .ok()
                    .and_then(|due| due.until(today).ok())
                    .map_or(0, |s| i64::from(s.get_days())),
                id: c.id,
                title: c.title,
                community: Text::new(c.community_zh, c.community_en),
                department: responsible(c.dept_code, c.dept_zh, c.dept_en),
                handler: name::shown(c.handler.as_ref()),
                status: CaseStatus::parse(&c.status).unwrap_or(CaseStatus::Submitted),
                due_date: c.due_date,
            })
            .collect(),
    })
}

/// Cases by responsible department and handler: on-time acceptance and answers, open cases by
/// age, and the overdue list. Department handlers see their department's cases only.
#[utoipa::path(get, path = "/staff/feedback/accountability", tag = "feedback-staff", params(AccountabilityQuery),
    responses((status = 200, body = Accountability), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn get_accountability(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Query(q): Query<AccountabilityQuery>,
) -> ApiResult<Json<Accountability>> {
    Ok(Json(compute(&state, &user, &q).await?))
}

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}", r * 100.0)).unwrap_or_default()
}

/// The rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese).
fn to_csv(a: &Accountability) -> String {
    let mut lines = vec![
        [
            "department_code",
            "department",
            "handler",
            "cases",
            "open",
            "overdue",
            "accept_on_time_percent",
            "answer_on_time_percent",
            "open_up_to_3_days",
            "open_up_to_7_days",
            "open_up_to_30_days",
            "open_older",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for r in &a.rows {
        lines.push(vec![
            r.department
                .as_ref()
                .map(|d| d.code.clone())
                .unwrap_or_default(),
            r.department
                .as_ref()
                .map(|d| d.name.zh.clone())
                .unwrap_or_else(|| "居委会".to_owned()),
            r.handler.clone().unwrap_or_default(),
            r.cases.to_string(),
            r.open.to_string(),
            r.overdue.to_string(),
            percent(r.accept_on_time_rate),
            percent(r.answer_on_time_rate),
            r.open_by_age.up_to_3_days.to_string(),
            r.open_by_age.up_to_7_days.to_string(),
            r.open_by_age.up_to_30_days.to_string(),
            r.open_by_age.older.to_string(),
        ]);
    }
    csv_text(&lines)
}

/// The same rows as a CSV download.
#[utoipa::path(get, path = "/staff/feedback/accountability.csv", tag = "feedback-staff", params(AccountabilityQuery),
    responses((status = 200, content_type = "text/csv"), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn get_accountability_csv(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Query(q): Query<AccountabilityQuery>,
) -> ApiResult<Response> {
    let a = compute(&state, &user, &q).await?;
    Ok(crate::http::csv_download(
        &format!(
            "linli-accountability-{}-{}-{}.csv",
            a.region.code, a.from, a.to
        ),
        to_csv(&a),
    ))
}
