//! Fixtures of the service directory (public pages, staff editing) and the HSDS interface.
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::world::{Call, Caller, Route, World, expect};
use crate::directory::{location, service};

pub async fn call(w: &World<'_>, _who: &Caller<'_>, route: &Route) -> Option<Call> {
    Some(match (route.method.as_str(), route.path.as_str()) {
        (
            "GET",
            "/api/v1/categories"
            | "/api/v1/audiences"
            | "/api/v1/services"
            | "/api/v1/directory/services"
            | "/api/v1/directory/search-misses"
            | "/api/v1/directory/search-misses.csv"
            | "/api/v1/directory/organizations"
            | "/api/v1/directory/locations"
            | "/api/v1/directory/review"
            | "/api/hsds"
            | "/api/hsds/services"
            | "/api/hsds/organizations"
            | "/api/hsds/service_at_locations"
            | "/api/hsds/taxonomies"
            | "/api/hsds/taxonomy_terms"
            | "/api/hsds/export",
        ) => route.call(),
        (
            "GET",
            "/api/v1/services/{id}"
            | "/api/v1/directory/services/{id}"
            | "/api/v1/directory/services/{id}/history",
        ) => route.at([shared_service(w).await]),
        ("POST", "/api/v1/services/{id}/suggestions") => route
            .at([shared_service(w).await])
            .json(json!({"kind": "hours", "body": "周六下午其实不开门"})),
        ("POST", "/api/v1/directory/services") => {
            let (org, location) = (organization(w).await, shared_location(w).await);
            route.call().json(service_body(org, location))
        }
        ("PUT", "/api/v1/directory/services/{id}") => {
            let id = shared_service(w).await;
            let mut input = expect(
                w.admin
                    .get(&format!("/api/v1/directory/services/{id}"))
                    .await,
                StatusCode::OK,
            )["input"]
                .clone();
            input["alert"] = json!({"zh": "本周五暂停服务"});
            route.at([id]).json(input)
        }
        ("POST", "/api/v1/directory/services/{id}/verify") => {
            route.at([shared_service(w).await]).json(json!({}))
        }
        ("POST", "/api/v1/directory/organizations") => route
            .call()
            .json(json!({"region": "440304001001", "name": {"zh": "红荔社区志愿者协会"}})),
        ("POST", "/api/v1/directory/locations") => route.call().json(location(
            organization(w).await,
            "440304001001",
            "红荔社区服务点",
            true,
        )),
        (
            "GET",
            "/api/v1/directory/locations/{id}" | "/api/v1/directory/locations/{id}/history",
        ) => route.at([shared_location(w).await]),
        ("PUT", "/api/v1/directory/locations/{id}") => {
            route.at([shared_location(w).await]).json(location(
                organization(w).await,
                "440304001001",
                "红荔社区党群服务中心",
                true,
            ))
        }
        ("PUT", "/api/v1/directory/locations/{id}/hours") => route
            .at([shared_location(w).await])
            .json(json!({"weekly": [{"weekday": 1, "opens": "08:30", "closes": "17:30"}]})),
        ("POST", "/api/v1/directory/suggestions/{id}/resolve") => {
            let suggestion = expect(
                w.app
                    .client()
                    .post(
                        &format!("/api/v1/services/{}/suggestions", shared_service(w).await),
                        &json!({"kind": "other", "body": "电话号码换了"}),
                    )
                    .await,
                StatusCode::CREATED,
            )["id"]
                .as_i64()
                .expect("suggestion id");
            route
                .at([suggestion])
                .json(json!({"status": "accepted", "note": "已核实"}))
        }

        ("GET", "/api/hsds/services/{id}") => route.at([hsds_id(w, "services").await]),
        ("GET", "/api/hsds/organizations/{id}") => route.at([hsds_id(w, "organizations").await]),
        ("GET", "/api/hsds/service_at_locations/{id}") => {
            route.at([hsds_id(w, "service_at_locations").await])
        }
        ("GET", "/api/hsds/taxonomy_terms/{id}") => route.at([hsds_id(w, "taxonomy_terms").await]),
        ("POST", "/api/hsds/import") => {
            shared_service(w).await;
            let export = w.app.get("/api/hsds/export").await;
            export.assert_status(StatusCode::OK);
            route.call().raw("application/zip", export.body.to_vec())
        }
        _ => return None,
    })
}

fn service_body(org: i64, location: i64) -> Value {
    service(
        org,
        "440304001001",
        "居家养老上门服务",
        "为辖区老人提供上门照料",
        &["elderly.home_care"],
        &["elderly"],
        location,
        true,
    )
}

async fn create(w: &World<'_>, path: &str, body: Value) -> i64 {
    expect(w.admin.post(path, &body).await, StatusCode::CREATED)["id"]
        .as_i64()
        .expect("id")
}

/// The organisation of the directory records, in 红荔社区 (also the community organisation
/// whose members the activities fixtures name).
pub async fn organization(w: &World<'_>) -> i64 {
    w.shared_id("directory organization", || {
        create(
            w,
            "/api/v1/directory/organizations",
            json!({"region": "440304001001", "name": {"zh": "红荔社区党群服务中心"}}),
        )
    })
    .await
}

/// A location of 红荔社区.
pub async fn shared_location(w: &World<'_>) -> i64 {
    let org = organization(w).await;
    w.shared_id("directory location", || {
        create(
            w,
            "/api/v1/directory/locations",
            location(org, "440304001001", "红荔社区党群服务中心", true),
        )
    })
    .await
}

/// An active service of 红荔社区, offered at [`shared_location`].
pub async fn shared_service(w: &World<'_>) -> i64 {
    let (org, location) = (organization(w).await, shared_location(w).await);
    w.shared_id("directory service", || {
        create(w, "/api/v1/directory/services", service_body(org, location))
    })
    .await
}

/// The HSDS id of the first record of an HSDS list (after the directory has a service).
async fn hsds_id(w: &World<'_>, list: &str) -> String {
    shared_service(w).await;
    let page = expect(
        w.app
            .client()
            .send(Method::GET, &format!("/api/hsds/{list}"), None)
            .await,
        StatusCode::OK,
    );
    page["contents"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("an id in /api/hsds/{list}: {page}"))
        .to_owned()
}
