//! Fixtures of the system routes, the region tree, site settings, the holiday calendar, the
//! administrators' user management and audit log, and Open311 clients.
use std::sync::atomic::{AtomicU32, Ordering};

use axum::http::StatusCode;
use serde_json::json;

use super::world::{Call, Caller, Route, World, expect};

/// The operator's bearer token of `GET /api/v1/metrics` in this test.
pub const METRICS_TOKEN: &str = "authz-test-metrics-token";

pub async fn call(w: &World<'_>, _who: &Caller<'_>, route: &Route) -> Option<Call> {
    Some(match (route.method.as_str(), route.path.as_str()) {
        (
            "GET",
            "/api/openapi.json"
            | "/api/v1/health"
            | "/api/v1/ready"
            | "/api/v1/regions"
            | "/api/v1/site"
            | "/api/v1/departments"
            | "/api/v1/calendar"
            | "/api/v1/admin/notices"
            | "/api/v1/admin/users"
            | "/api/v1/admin/audit"
            | "/api/v1/admin/open311/clients",
        ) => route.call(),
        ("GET", "/api/v1/metrics") => route
            .call()
            .header("authorization", format!("Bearer {METRICS_TOKEN}")),

        ("POST", "/api/v1/admin/regions") => route.call().json(json!({
            "code": new_community_code(), "parent": "440304001", "name_zh": "授权测试社区"
        })),
        ("PATCH", "/api/v1/admin/regions/{code}") => route
            .at([community(w).await])
            .json(json!({"name_zh": "改名社区", "name_en": "Renamed Community"})),
        ("POST", "/api/v1/admin/regions/{code}/retire") => {
            route.at([community(w).await]).json(json!({}))
        }
        ("POST", "/api/v1/admin/regions/{code}/restore") => {
            let code = community(w).await;
            w.admin
                .post(&format!("/api/v1/admin/regions/{code}/retire"), &json!({}))
                .await
                .assert_status(StatusCode::OK);
            route.at([code]).json(json!({}))
        }
        ("PUT", "/api/v1/admin/site") => route.call().json(json!({
            "name_zh": "深圳邻里", "name_en": "Shenzhen Linli", "contact": "12345 市民热线"
        })),

        ("PUT", "/api/v1/admin/calendar/{date}") => route
            .at(["2027-02-09"])
            .json(json!({"kind": "holiday", "name_zh": "春节", "name_en": "Spring Festival"})),
        ("DELETE", "/api/v1/admin/calendar/{date}") => {
            w.admin
                .put(
                    "/api/v1/admin/calendar/2027-02-10",
                    &json!({"kind": "holiday", "name_zh": "春节"}),
                )
                .await
                .assert_status(StatusCode::OK);
            route.at(["2027-02-10"])
        }
        ("PUT", "/api/v1/admin/calendar/years/{year}") => {
            route.at(["2027"]).json(json!({"confirmed": true}))
        }

        ("GET", "/api/v1/admin/users/{id}") => route.at([w.resident_id]),
        ("POST", "/api/v1/admin/users/{id}/roles") => route
            .at([w.new_resident().await.1])
            .json(json!({"role": "committee_member", "region": "440304001001"})),
        ("DELETE", "/api/v1/admin/users/{id}/roles/{grant_id}") => {
            let user = w.new_resident().await.1;
            let granted = expect(
                w.admin
                    .post(
                        &format!("/api/v1/admin/users/{user}/roles"),
                        &json!({"role": "committee_member", "region": "440304001001"}),
                    )
                    .await,
                StatusCode::CREATED,
            );
            let grant = granted["roles"]
                .as_array()
                .expect("roles")
                .iter()
                .find(|g| g["role"] == "committee_member")
                .and_then(|g| g["id"].as_i64())
                .expect("grant id");
            route.at([user, grant])
        }
        ("POST", "/api/v1/admin/users/{id}/status") => route
            .at([w.new_resident().await.1])
            .json(json!({"status": "disabled", "reason": "授权测试"})),
        ("POST", "/api/v1/admin/users/{id}/phone") => route.at([w.resident_id]).json(json!({})),

        ("POST", "/api/v1/admin/open311/clients") => route
            .call()
            .json(json!({"name": "城市服务 App", "contact": "ops@example.test"})),
        ("POST", "/api/v1/admin/open311/clients/{id}/revoke") => {
            let issued = expect(
                w.admin
                    .post(
                        "/api/v1/admin/open311/clients",
                        &json!({"name": "待撤销的系统"}),
                    )
                    .await,
                StatusCode::CREATED,
            );
            route
                .at([issued["client"]["id"].as_i64().expect("client id")])
                .json(json!({}))
        }
        _ => return None,
    })
}

/// A community code not taken yet, under 华富街道 (440304001).
fn new_community_code() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(500);
    format!("440304001{:03}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A new community under 华富街道, added by the city administrator.
async fn community(w: &World<'_>) -> String {
    let code = new_community_code();
    w.admin
        .post(
            "/api/v1/admin/regions",
            &json!({"code": code, "parent": "440304001", "name_zh": "授权测试社区"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    code
}
