//! `linli bench feedback-inbox`: the staff inbox's first page with filters, measured through
//! the real router (session, scope, SQL, JSON) for staff at each level of the region tree.
//! Prints p50/p99 per scenario and the ratio to a baseline (`GET /api/v1/me`, the cost of a
//! logged-in request without the inbox) measured in the same run.
use std::time::Instant;

use axum::{body::Body, http::Request};
use tower::ServiceExt as _;

use crate::{AppState, accounts::session};

/// One measured scenario.
#[derive(Debug, Clone)]
pub struct Line {
    pub who: String,
    pub path: String,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub rows: usize,
}

async fn bench_user(
    state: &AppState,
    phone: &str,
    role: &str,
    region: i64,
    dept: Option<i64>,
) -> anyhow::Result<String> {
    let now = state.config.clock.now();
    let db = &state.db;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_optional(db.pool())
        .await?;
    let id = match id {
        Some(id) => id,
        None => {
            // No usable password: the benchmark logs in by creating a session row directly.
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (phone, password_hash, display_name, created_at, updated_at) VALUES ($1, 'bench:no-login', '压测账号', 0, 0) RETURNING id",
            )
            .bind(phone)
            .fetch_one(db.pool())
            .await?;
            sqlx::query("INSERT INTO role_grants (user_id, role, region_id, department_id, granted_at) VALUES ($1, $2, $3, $4, 0)")
                .bind(id)
                .bind(role)
                .bind(region)
                .bind(dept)
                .execute(db.pool())
                .await?;
            id
        }
    };
    let token = session::new_token();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)")
        .bind(session::token_hash(&token))
        .bind(id)
        .bind(now)
        .bind(now + 86_400)
        .execute(db.pool())
        .await?;
    Ok(token)
}

async fn once(router: &axum::Router, token: &str, path: &str) -> anyhow::Result<(f64, usize)> {
    let req = Request::get(path)
        .header("cookie", format!("{}={token}", session::COOKIE))
        .body(Body::empty())?;
    let start = Instant::now();
    let res = router.clone().oneshot(req).await?;
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(
        status.is_success(),
        "{path}: {status} {}",
        String::from_utf8_lossy(&body)
    );
    let rows = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["items"].as_array().map(Vec::len))
        .unwrap_or(0);
    Ok((ms, rows))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "index"
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn measure(
    router: &axum::Router,
    token: &str,
    who: &str,
    path: &str,
    iterations: u32,
) -> anyhow::Result<Line> {
    for _ in 0..5 {
        once(router, token, path).await?;
    }
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..iterations {
        let (ms, n) = once(router, token, path).await?;
        times.push(ms);
        rows = n;
    }
    times.sort_by(f64::total_cmp);
    Ok(Line {
        who: who.to_owned(),
        path: path.to_owned(),
        p50_ms: percentile(&times, 0.5),
        p99_ms: percentile(&times, 0.99),
        rows,
    })
}

/// Runs every scenario; the first line is the baseline.
pub async fn inbox(state: AppState, iterations: u32) -> anyhow::Result<Vec<Line>> {
    let db = state.db.clone();
    let busiest: i64 = sqlx::query_scalar(
        "SELECT region_id FROM feedback_cases GROUP BY region_id ORDER BY COUNT(*) DESC, region_id LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| anyhow::anyhow!("no cases: run `linli generate feedback` first"))?;
    let up = |level: &'static str| crate::feedback::store::ancestor_at(&db, busiest, level);
    let street = up("subdistrict")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no subdistrict"))?;
    let district = up("district")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no district"))?;
    let city: i64 = sqlx::query_scalar("SELECT id FROM regions WHERE parent_id IS NULL")
        .fetch_one(db.pool())
        .await?;
    let civil: i64 = sqlx::query_scalar("SELECT id FROM departments WHERE code = 'civil_affairs'")
        .fetch_one(db.pool())
        .await?;
    let community_code: String = sqlx::query_scalar("SELECT code FROM regions WHERE id = $1")
        .bind(busiest)
        .fetch_one(db.pool())
        .await?;
    let member = bench_user(&state, "19900000001", "committee_member", busiest, None).await?;
    let street_member = bench_user(&state, "19900000002", "committee_member", street, None).await?;
    let district_admin = bench_user(&state, "19900000003", "admin", district, None).await?;
    let handler = bench_user(
        &state,
        "19900000004",
        "department_handler",
        district,
        Some(civil),
    )
    .await?;
    let city_admin = bench_user(&state, "19900000005", "admin", city, None).await?;
    let router = crate::router(state);
    let scenarios: Vec<(&str, &String, String)> = vec![
        ("baseline", &member, "/api/v1/me".into()),
        (
            "community committee",
            &member,
            "/api/v1/staff/feedback".into(),
        ),
        (
            "community committee",
            &member,
            "/api/v1/staff/feedback?status=submitted".into(),
        ),
        (
            "community committee",
            &member,
            "/api/v1/staff/feedback?overdue=true".into(),
        ),
        (
            "community committee",
            &member,
            "/api/v1/staff/feedback?status=in_progress&category=sanitation".into(),
        ),
        (
            "community committee",
            &member,
            "/api/v1/staff/feedback?q=%E5%99%AA%E5%A3%B0".into(),
        ),
        (
            "community committee",
            &member,
            "/api/v1/staff/feedback?kind=praise&status=closed".into(),
        ),
        (
            "subdistrict committee",
            &street_member,
            "/api/v1/staff/feedback?status=submitted,accepted".into(),
        ),
        (
            "subdistrict committee",
            &street_member,
            "/api/v1/staff/feedback?overdue=true".into(),
        ),
        (
            "district admin",
            &district_admin,
            "/api/v1/staff/feedback".into(),
        ),
        (
            "district admin",
            &district_admin,
            "/api/v1/staff/feedback?overdue=true".into(),
        ),
        (
            "district admin",
            &district_admin,
            format!("/api/v1/staff/feedback?region={community_code}&status=answered"),
        ),
        (
            "district handler",
            &handler,
            "/api/v1/staff/feedback?status=assigned,in_progress".into(),
        ),
        (
            "city admin",
            &city_admin,
            "/api/v1/staff/feedback?status=submitted".into(),
        ),
        (
            "city admin",
            &city_admin,
            "/api/v1/staff/feedback?overdue=true&category=relief".into(),
        ),
    ];
    let mut lines = Vec::new();
    for (who, token, path) in scenarios {
        lines.push(measure(&router, token, who, &path, iterations).await?);
    }
    Ok(lines)
}
