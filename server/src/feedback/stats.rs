//! Statistics for staff and the periodic opinion report (定期听取居民意见), as JSON for the
//! pages and as CSV. Everything is counted in SQL over the caller's scope; only the daily
//! series is bucketed into weeks and months here.
use std::collections::BTreeMap;

use app::api::{
    Text,
    accounts::RegionRef,
    feedback::{
        CaseStatus, CategoryRef, Count, FeedbackKind, FeedbackStats, NotableCase, OpinionReport,
        TopIssue, TrendPoint,
    },
};
use axum::{extract::State, response::Response};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    scope::{FeedbackStaff, Scope},
    texts,
};
use crate::{
    AppState,
    accounts::{CurrentUser, session::WithRole},
    error::{ApiError, ApiResult, Problem},
    extract::{Json, Query},
    lang::Lang,
    regions::store as regions,
    time::rfc3339,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_stats))
        .routes(routes!(get_report))
        .routes(routes!(get_report_csv))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct StatsQuery {
    /// First day (`YYYY-MM-DD`); default 90 days before `to`.
    from: Option<String>,
    /// Last day (`YYYY-MM-DD`); default today.
    to: Option<String>,
    /// Region code within the caller's scope; default the caller's own region.
    region: Option<String>,
}

pub(super) fn parse_date(s: &str, field: &str) -> ApiResult<Date> {
    s.parse()
        .map_err(|_| ApiError::invalid("invalid_date", field))
}

/// The region to report on: the one asked for (inside the scope) or the caller's first.
pub(super) async fn region_for(
    state: &AppState,
    user: &CurrentUser,
    scope: &Scope,
    code: Option<&str>,
) -> ApiResult<crate::regions::store::RegionRow> {
    let region = match code.filter(|c| !c.is_empty()) {
        Some(code) => regions::by_code(&state.db, code)
            .await?
            .ok_or_else(|| ApiError::invalid("region_not_found", "region"))?,
        None => {
            let id = user
                .grants
                .iter()
                .find(|g| FeedbackStaffRoles::contains(g.role))
                .map(|g| g.region_id)
                .ok_or_else(|| ApiError::forbidden("forbidden"))?;
            regions::by_id(&state.db, id)
                .await?
                .ok_or_else(|| ApiError::not_found("region_not_found"))?
        }
    };
    if !scope.covers_region(region.id) && !scope_contains_below(state, scope, region.id).await? {
        return Err(ApiError::Forbidden(
            Problem::new("region_out_of_scope").field("region"),
        ));
    }
    Ok(region)
}

struct FeedbackStaffRoles;
impl FeedbackStaffRoles {
    fn contains(role: app::api::accounts::Role) -> bool {
        <FeedbackStaff as crate::accounts::session::RoleSet>::ROLES.contains(&role)
    }
}

/// Whether some region below `region_id` is in scope (a handler of a district asking about
/// the city sees only their part).
async fn scope_contains_below(state: &AppState, scope: &Scope, region_id: i64) -> ApiResult<bool> {
    let below = super::store::descendants(&state.db, &[region_id]).await?;
    Ok(below.iter().any(|r| scope.covers_region(*r)))
}

/// The SQL condition for cases of `region` (and below) within the scope, created in the range.
pub(super) async fn condition(
    state: &AppState,
    scope: &Scope,
    region_id: i64,
    from: Date,
    to: Date,
) -> ApiResult<String> {
    let within = super::store::descendants(&state.db, &[region_id]).await?;
    Ok(format!(
        "{} AND c.region_id IN ({}) AND c.created_on >= '{from}' AND c.created_on <= '{to}'",
        scope.condition(),
        crate::db::id_list(&within)
    ))
}

#[derive(sqlx::FromRow)]
struct Totals {
    total: i64,
    open: i64,
    overdue: i64,
    accept_on_time: i64,
    accept_judged: i64,
    answer_on_time: i64,
    answer_judged: i64,
    responded: i64,
    rated: i64,
    rating_sum: i64,
    satisfied: i64,
}

#[derive(sqlx::FromRow)]
struct Group {
    key: String,
    zh: String,
    en: Option<String>,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct Day {
    day: String,
    submitted: i64,
    answered: i64,
}

pub(super) fn rate(part: i64, whole: i64) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    (whole > 0).then(|| ((part as f64 / whole as f64) * 1000.0).round() / 1000.0)
}

async fn groups(state: &AppState, sql: &str) -> ApiResult<Vec<Count>> {
    let rows: Vec<Group> = sqlx::query_as(sql).fetch_all(state.db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|g| Count {
            key: g.key,
            label: Text::new(g.zh, g.en),
            count: g.n,
        })
        .collect())
}

/// Statistics of cases submitted between `from` and `to` in a region.
pub async fn compute(
    state: &AppState,
    scope: &Scope,
    region: &crate::regions::store::RegionRow,
    from: Date,
    to: Date,
) -> ApiResult<FeedbackStats> {
    let cond = condition(state, scope, region.id, from, to).await?;
    let today = state.config.clock.today();
    let totals: Totals = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS total, \
         CAST(COALESCE(SUM(CASE WHEN c.status IN ('submitted','accepted','assigned','in_progress') THEN 1 ELSE 0 END), 0) AS BIGINT) AS open, \
         CAST(COALESCE(SUM(CASE WHEN c.due_date < '{today}' THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue, \
         CAST(COALESCE(SUM(c.accept_on_time), 0) AS BIGINT) AS accept_on_time, CAST(COUNT(c.accept_on_time) AS BIGINT) AS accept_judged, \
         CAST(COALESCE(SUM(c.answer_on_time), 0) AS BIGINT) AS answer_on_time, CAST(COUNT(c.answer_on_time) AS BIGINT) AS answer_judged, \
         CAST(COUNT(c.first_response_at) AS BIGINT) AS responded, CAST(COUNT(c.rating) AS BIGINT) AS rated, \
         CAST(COALESCE(SUM(c.rating), 0) AS BIGINT) AS rating_sum, \
         CAST(COALESCE(SUM(CASE WHEN c.rating >= 4 THEN 1 ELSE 0 END), 0) AS BIGINT) AS satisfied \
         FROM feedback_cases c WHERE {cond}"
    ))
    .fetch_one(state.db.pool())
    .await?;
    let median_response_hours = if totals.responded > 0 {
        let secs: i64 = sqlx::query_scalar(&format!(
            "SELECT CAST(c.first_response_at - c.created_at AS BIGINT) FROM feedback_cases c \
             WHERE {cond} AND c.first_response_at IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET {}",
            totals.responded / 2
        ))
        .fetch_one(state.db.pool())
        .await?;
        #[expect(clippy::cast_precision_loss, reason = "seconds")]
        Some((secs as f64 / 3600.0 * 10.0).round() / 10.0)
    } else {
        None
    };
    let kind_label = |k: &str| match FeedbackKind::parse(k) {
        Some(FeedbackKind::Complaint) => ("投诉", "Complaint"),
        Some(FeedbackKind::Suggestion) => ("建议", "Suggestion"),
        Some(FeedbackKind::Question) => ("咨询", "Question"),
        Some(FeedbackKind::Praise) => ("表扬", "Praise"),
        None => ("其他", "Other"),
    };
    let by_kind = groups(state, &format!(
        "SELECT c.kind AS key, c.kind AS zh, CAST(NULL AS TEXT) AS en, CAST(COUNT(*) AS BIGINT) AS n FROM feedback_cases c WHERE {cond} GROUP BY c.kind ORDER BY n DESC, c.kind"
    ))
    .await?
    .into_iter()
    .map(|mut c| {
        let (zh, en) = kind_label(&c.key);
        c.label = Text::new(zh, Some(en.to_owned()));
        c
    })
    .collect();
    let by_status = groups(state, &format!(
        "SELECT c.status AS key, c.status AS zh, CAST(NULL AS TEXT) AS en, CAST(COUNT(*) AS BIGINT) AS n FROM feedback_cases c WHERE {cond} GROUP BY c.status ORDER BY n DESC, c.status"
    ))
    .await?
    .into_iter()
    .map(|mut c| {
        let (zh, en) = texts::status_label(&c.key);
        c.label = Text::new(zh, Some(en.to_owned()));
        c
    })
    .collect();
    let by_category = groups(state, &format!(
        "SELECT cat.code AS key, cat.name_zh AS zh, cat.name_en AS en, CAST(COUNT(*) AS BIGINT) AS n FROM feedback_cases c \
         JOIN feedback_categories cat ON cat.id = c.category_id WHERE {cond} GROUP BY cat.code, cat.name_zh, cat.name_en ORDER BY n DESC, cat.code"
    ))
    .await?;
    let by_community = groups(state, &format!(
        "SELECT r.code AS key, r.name_zh AS zh, r.name_en AS en, CAST(COUNT(*) AS BIGINT) AS n FROM feedback_cases c \
         JOIN regions r ON r.id = c.region_id WHERE {cond} GROUP BY r.code, r.name_zh, r.name_en ORDER BY n DESC, r.code LIMIT 30"
    ))
    .await?;
    let days: Vec<Day> = sqlx::query_as(&format!(
        "SELECT c.created_on AS day, CAST(COUNT(*) AS BIGINT) AS submitted, CAST(COUNT(c.answered_at) AS BIGINT) AS answered \
         FROM feedback_cases c WHERE {cond} GROUP BY c.created_on ORDER BY c.created_on"
    ))
    .fetch_all(state.db.pool())
    .await?;
    let (weekly, monthly) = trends(&days);
    Ok(FeedbackStats {
        from: from.to_string(),
        to: to.to_string(),
        region: RegionRef {
            code: region.code.clone(),
            name: Text::new(region.name_zh.clone(), region.name_en.clone()),
        },
        total: totals.total,
        open: totals.open,
        overdue: totals.overdue,
        by_kind,
        by_category,
        by_community,
        by_status,
        accept_on_time_rate: rate(totals.accept_on_time, totals.accept_judged),
        answer_on_time_rate: rate(totals.answer_on_time, totals.answer_judged),
        median_response_hours,
        rated: totals.rated,
        #[expect(clippy::cast_precision_loss, reason = "small sums")]
        average_rating: (totals.rated > 0)
            .then(|| ((totals.rating_sum as f64 / totals.rated as f64) * 100.0).round() / 100.0),
        satisfied_rate: rate(totals.satisfied, totals.rated),
        weekly,
        monthly,
    })
}

/// Buckets a daily series into ISO weeks (`2026-W48`) and months (`2026-11`).
fn trends(days: &[Day]) -> (Vec<TrendPoint>, Vec<TrendPoint>) {
    let mut weeks: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut months: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for d in days {
        let Ok(date) = d.day.parse::<Date>() else {
            continue;
        };
        let iso = date.iso_week_date();
        let w = weeks
            .entry(format!("{:04}-W{:02}", iso.year(), iso.week()))
            .or_default();
        w.0 += d.submitted;
        w.1 += d.answered;
        let m = months
            .entry(format!("{:04}-{:02}", date.year(), date.month()))
            .or_default();
        m.0 += d.submitted;
        m.1 += d.answered;
    }
    let points = |m: BTreeMap<String, (i64, i64)>| {
        m.into_iter()
            .map(|(period, (submitted, answered))| TrendPoint {
                period,
                submitted,
                answered,
            })
            .collect()
    };
    (points(weeks), points(months))
}

/// Checks a date range: `to` defaults to today, `from` to 90 days earlier, at most 366 days.
pub(super) fn range(from: Option<&str>, to: Option<&str>, today: Date) -> ApiResult<(Date, Date)> {
    let to = match to.filter(|s| !s.is_empty()) {
        Some(s) => parse_date(s, "to")?,
        None => today,
    };
    let from = match from.filter(|s| !s.is_empty()) {
        Some(s) => parse_date(s, "from")?,
        None => to.checked_sub(jiff::Span::new().days(89)).unwrap_or(to),
    };
    let span = from.until(to).map(|s| s.get_days()).unwrap_or(-1);
    if from > to || span > 366 {
        return Err(ApiError::invalid("invalid_range", "from"));
    }
    Ok((from, to))
}

/// Statistics of the caller's scope: volume by category, community, kind and status; on-time
/// rates, median response time, satisfaction; weekly and monthly trends.
#[utoipa::path(get, path = "/staff/feedback/stats", tag = "feedback-staff", params(StatsQuery),
    responses((status = 200, body = FeedbackStats), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn get_stats(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Json<FeedbackStats>> {
    let (from, to) = range(
        q.from.as_deref(),
        q.to.as_deref(),
        state.config.clock.today(),
    )?;
    let scope = Scope::of(&state, &user).await?;
    let region = region_for(&state, &user, &scope, q.region.as_deref()).await?;
    Ok(Json(compute(&state, &scope, &region, from, to).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    /// Region code (community or district) within the caller's scope; default their own.
    region: Option<String>,
    /// A month `2026-11` or a quarter `2026-Q4`.
    period: String,
}

/// First and last day of a month (`2026-11`) or quarter (`2026-Q4`).
pub fn period_bounds(period: &str) -> Option<(Date, Date)> {
    let (year, rest) = period.split_once('-')?;
    let year: i16 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    let (first_month, months) = if let Some(q) = rest.strip_prefix('Q') {
        let q: i8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        ((q - 1) * 3 + 1, 3)
    } else {
        if rest.len() != 2 {
            return None;
        }
        (rest.parse().ok().filter(|m| (1..=12).contains(m))?, 1)
    };
    let start = Date::new(year, first_month, 1).ok()?;
    let end = start
        .checked_add(jiff::Span::new().months(months))
        .ok()?
        .yesterday()
        .ok()?;
    Some((start, end))
}

#[derive(sqlx::FromRow)]
struct NotableRow {
    id: i64,
    title: String,
    community: String,
    status: String,
    support_count: i64,
    rating: Option<i64>,
}

async fn notable(
    state: &AppState,
    cond: &str,
    extra: &str,
    order: &str,
    reason: &str,
    today: Date,
) -> ApiResult<Vec<NotableCase>> {
    let extra = extra.replace("{today}", &today.to_string());
    let rows: Vec<NotableRow> = sqlx::query_as(&format!(
        "SELECT c.id, c.title, r.name_zh AS community, c.status, c.support_count, c.rating FROM feedback_cases c \
         JOIN regions r ON r.id = c.region_id WHERE {cond} AND c.hidden = 0 AND {extra} ORDER BY {order} LIMIT 3"
    ))
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NotableCase {
            id: r.id,
            title: r.title,
            community: r.community,
            status: CaseStatus::parse(&r.status).unwrap_or(CaseStatus::Submitted),
            reason: reason.to_owned(),
            support_count: r.support_count,
            rating: r.rating,
        })
        .collect())
}

/// Builds the opinion report of a region and period.
pub async fn report(
    state: &AppState,
    user: &CurrentUser,
    region: Option<&str>,
    period: &str,
) -> ApiResult<OpinionReport> {
    let (from, to) = period_bounds(period.trim())
        .ok_or_else(|| ApiError::invalid("invalid_period", "period"))?;
    let scope = Scope::of(state, user).await?;
    let region = region_for(state, user, &scope, region).await?;
    let stats = compute(state, &scope, &region, from, to).await?;
    let cond = condition(state, &scope, region.id, from, to).await?;
    let mut top_issues = Vec::new();
    for c in stats.by_category.iter().take(5) {
        let examples: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT c.title FROM feedback_cases c JOIN feedback_categories cat ON cat.id = c.category_id \
             WHERE {cond} AND cat.code = $1 AND c.hidden = 0 AND c.status <> 'merged' ORDER BY c.support_count DESC, c.id DESC LIMIT 3"
        ))
        .bind(&c.key)
        .fetch_all(state.db.pool())
        .await?;
        top_issues.push(TopIssue {
            category: CategoryRef {
                code: c.key.clone(),
                name: c.label.clone(),
            },
            count: c.count,
            examples,
        });
    }
    let today = state.config.clock.today();
    let mut notable_cases = notable(
        state,
        &cond,
        "c.support_count > 0",
        "c.support_count DESC, c.id",
        "most_supported",
        today,
    )
    .await?;
    notable_cases.extend(
        notable(
            state,
            &cond,
            "c.due_date < '{today}'",
            "c.due_date, c.id",
            "overdue",
            today,
        )
        .await?,
    );
    notable_cases.extend(
        notable(
            state,
            &cond,
            "c.reopen_count > 0",
            "c.reopen_count DESC, c.id",
            "reopened",
            today,
        )
        .await?,
    );
    notable_cases.extend(
        notable(
            state,
            &cond,
            "c.kind = 'praise'",
            "c.id DESC",
            "praise",
            today,
        )
        .await?,
    );
    let midnight = |d: Date| {
        crate::time::default_tz()
            .to_timestamp(d.at(0, 0, 0, 0))
            .map(jiff::Timestamp::as_second)
            .map_err(|_| ApiError::invalid("invalid_period", "period"))
    };
    let after = to
        .tomorrow()
        .map_err(|_| ApiError::invalid("invalid_period", "period"))?;
    let activities = crate::activities::figures(
        &state.db,
        region.id,
        midnight(from)?,
        midnight(after)?,
        state.config.clock.now(),
    )
    .await?;
    let volunteers =
        crate::volunteers::figures(&state.db, region.id, midnight(from)?, midnight(after)?).await?;
    Ok(OpinionReport {
        period: period.trim().to_owned(),
        stats,
        top_issues,
        notable: notable_cases,
        activities,
        volunteers,
        generated_at: rfc3339(state.config.clock.now()),
    })
}

/// The periodic opinion report (定期听取居民意见) of a community or district for a month or
/// quarter: figures, top issues and notable cases, for the printable page.
#[utoipa::path(get, path = "/staff/feedback/report", tag = "feedback-staff", params(ReportQuery),
    responses((status = 200, body = OpinionReport), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn get_report(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Query(q): Query<ReportQuery>,
) -> ApiResult<Json<OpinionReport>> {
    Ok(Json(
        report(&state, &user, q.region.as_deref(), &q.period).await?,
    ))
}

/// Defuses spreadsheet formulas: a field starting with `=`, `+`, `-` or `@` gets a leading `'`.
fn defused(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_default()
}

/// The report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese).
pub fn report_csv(r: &OpinionReport, lang: Lang) -> String {
    let s = &r.stats;
    let mut rows: Vec<Vec<String>> = vec![
        ["section", "key", "label", "value"]
            .map(str::to_owned)
            .to_vec(),
        row(
            "report",
            "region",
            s.region.name.get(lang.tag()),
            &s.region.code,
        ),
        row(
            "report",
            "period",
            &format!("{} – {}", s.from, s.to),
            &r.period,
        ),
    ];
    let figures = [
        ("total", s.total.to_string()),
        ("open", s.open.to_string()),
        ("overdue", s.overdue.to_string()),
        ("accept_on_time_rate", pct(s.accept_on_time_rate)),
        ("answer_on_time_rate", pct(s.answer_on_time_rate)),
        (
            "median_response_hours",
            s.median_response_hours
                .map(|h| format!("{h:.1}"))
                .unwrap_or_default(),
        ),
        ("rated", s.rated.to_string()),
        (
            "average_rating",
            s.average_rating
                .map(|a| format!("{a:.2}"))
                .unwrap_or_default(),
        ),
        ("satisfied_rate", pct(s.satisfied_rate)),
    ];
    for (key, value) in figures {
        rows.push(row("figures", key, &texts::report_label(key, lang), &value));
    }
    for (section, list) in [
        ("by_kind", &s.by_kind),
        ("by_status", &s.by_status),
        ("by_category", &s.by_category),
        ("by_community", &s.by_community),
    ] {
        for c in list {
            let count = c.count.to_string();
            rows.push(row(section, &c.key, c.label.get(lang.tag()), &count));
        }
    }
    let submitted_answered = texts::report_label("submitted_answered", lang);
    for t in &s.monthly {
        let value = format!("{}/{}", t.submitted, t.answered);
        rows.push(row("monthly", &t.period, &submitted_answered, &value));
    }
    for t in &r.top_issues {
        let (colon, stop) = match lang {
            Lang::Zh => ("：", "；"),
            Lang::En => (": ", "; "),
        };
        let value = format!("{}{colon}{}", t.count, t.examples.join(stop));
        let name = t.category.name.get(lang.tag());
        rows.push(row("top_issue", &t.category.code, name, &value));
    }
    for n in &r.notable {
        let what = match lang {
            Lang::Zh => format!("{}（{}）", n.title, n.community),
            Lang::En => format!("{} ({})", n.title, n.community),
        };
        let (zh, en) = texts::status_label(n.status.as_str());
        rows.push(row("notable", &n.reason, &what, lang.pick(zh, en)));
    }
    figure_rows(r, lang, &mut rows);
    csv_text(&rows)
}

/// One row of the report: section, key, label, value.
fn row(section: &str, key: &str, label: &str, value: &str) -> Vec<String> {
    [section, key, label, value].map(str::to_owned).to_vec()
}

/// The activity and volunteer figures of the report as CSV rows.
fn figure_rows(r: &OpinionReport, lang: Lang, rows: &mut Vec<Vec<String>>) {
    let a = &r.activities;
    let rating = a
        .rating_average
        .map(|v| format!("{v:.1}"))
        .unwrap_or_default();
    let v = &r.volunteers;
    let figures = [
        ("activities", "held", a.held.to_string()),
        ("activities", "cancelled", a.cancelled.to_string()),
        ("activities", "signed_up", a.signed_up.to_string()),
        ("activities", "attended", a.attended.to_string()),
        ("activities", "no_shows", a.no_shows.to_string()),
        ("activities", "rating_average", rating),
        ("volunteers", "volunteers", v.volunteers.to_string()),
        ("volunteers", "active", v.active.to_string()),
        ("volunteers", "hours", format!("{:.1}", hours(v.minutes))),
        ("volunteers", "shifts", v.shifts.to_string()),
        (
            "volunteers",
            "help_requests_done",
            v.help_requests_done.to_string(),
        ),
        (
            "volunteers",
            "help_requests_open",
            v.help_requests_open.to_string(),
        ),
    ];
    for (section, key, value) in figures {
        let label = texts::report_label(&format!("{section}.{key}"), lang);
        rows.push(row(section, key, &label, &value));
    }
}

fn hours(minutes: i64) -> f64 {
    f64::from(i32::try_from(minutes).unwrap_or(i32::MAX)) / 60.0
}

/// Rows as CSV text with a byte-order mark (so spreadsheet programs read the Chinese), each
/// field quoted as needed and formulas defused.
pub(super) fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|f| defused(f).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The same report as a CSV download.
#[utoipa::path(get, path = "/staff/feedback/report.csv", tag = "feedback-staff", params(ReportQuery),
    responses((status = 200, content_type = "text/csv"), (status = 401, body = app::api::ErrorBody),
              (status = 403, body = app::api::ErrorBody), (status = 422, body = app::api::ErrorBody)))]
async fn get_report_csv(
    State(state): State<AppState>,
    WithRole(user, _): WithRole<FeedbackStaff>,
    Query(q): Query<ReportQuery>,
) -> ApiResult<Response> {
    let r = report(&state, &user, q.region.as_deref(), &q.period).await?;
    Ok(crate::http::csv_download(
        &format!("linli-feedback-{}-{}.csv", r.stats.region.code, r.period),
        report_csv(&r, Lang::current()),
    ))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn periods_are_months_or_quarters() {
        assert_eq!(
            period_bounds("2026-11"),
            Some((date(2026, 11, 1), date(2026, 11, 30)))
        );
        assert_eq!(
            period_bounds("2026-02"),
            Some((date(2026, 2, 1), date(2026, 2, 28)))
        );
        assert_eq!(
            period_bounds("2026-Q4"),
            Some((date(2026, 10, 1), date(2026, 12, 31)))
        );
        assert_eq!(
            period_bounds("2026-Q1"),
            Some((date(2026, 1, 1), date(2026, 3, 31)))
        );
        for bad in [
            "2026",
            "2026-13",
            "2026-Q5",
            "2026-1",
            "26-11",
            "2026-11-01",
            "",
        ] {
            assert_eq!(period_bounds(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_default_to_ninety_days_and_are_bounded() {
        let today = date(2026, 11, 26);
        assert_eq!(
            range(None, None, today).ok(),
            Some((date(2026, 8, 29), today))
        );
        assert!(range(Some("2026-11-27"), Some("2026-11-26"), today).is_err());
        assert!(range(Some("2025-01-01"), Some("2026-11-26"), today).is_err());
        assert!(range(Some("yesterday"), None, today).is_err());
    }

    #[test]
    fn daily_counts_become_weeks_and_months() {
        let days = [
            Day {
                day: "2026-11-29".into(),
                submitted: 2,
                answered: 1,
            },
            Day {
                day: "2026-11-30".into(),
                submitted: 3,
                answered: 0,
            },
            Day {
                day: "2026-12-01".into(),
                submitted: 1,
                answered: 1,
            },
        ];
        let (weeks, months) = trends(&days);
        assert_eq!(
            weeks
                .iter()
                .map(|w| (w.period.as_str(), w.submitted))
                .collect::<Vec<_>>(),
            [("2026-W48", 2), ("2026-W49", 4)]
        );
        assert_eq!(
            months
                .iter()
                .map(|m| (m.period.as_str(), m.submitted, m.answered))
                .collect::<Vec<_>>(),
            [("2026-11", 5, 1), ("2026-12", 1, 1)]
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        let row = |f: &str| vec![f.to_owned(), "x".to_owned()];
        let text = csv_text(&[row("a,b"), row("say \"hi\""), row("=SUM(A1)"), row("垃圾")]);
        assert_eq!(
            text,
            "\u{feff}\"a,b\",x\r\n\"say \"\"hi\"\"\",x\r\n'=SUM(A1),x\r\n垃圾,x\r\n"
        );
    }
}
