//! Fixtures of resident feedback: filing, following a case by its tracking code, and the staff
//! inbox, workflow, statistics and reply templates.
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::world::{Call, Caller, Route, World, expect};
use crate::{
    booking::day,
    helpers::{Client, multipart_body},
};

const HONGLI: &str = "440304001001";

pub async fn call(w: &World<'_>, who: &Caller<'_>, route: &Route) -> Option<Call> {
    Some(match (route.method.as_str(), route.path.as_str()) {
        (
            "GET",
            "/api/v1/feedback/categories"
            | "/api/v1/me/feedback"
            | "/api/v1/staff/feedback"
            | "/api/v1/staff/feedback/stats"
            | "/api/v1/staff/feedback/accountability"
            | "/api/v1/staff/feedback/accountability.csv"
            | "/api/v1/staff/feedback/templates",
        ) => route.call(),
        ("GET", "/api/v1/staff/feedback/report" | "/api/v1/staff/feedback/report.csv") => {
            route.call().query(&format!("period={}", &day(1)[..7]))
        }
        ("GET", "/api/v1/feedback/reports") => route.call().query(&format!("community={HONGLI}")),
        ("GET", "/api/v1/feedback/similar") => route.call().query(&format!(
            "category=sanitation&community={HONGLI}&text=%E5%9E%83%E5%9C%BE"
        )),
        ("POST", "/api/v1/feedback") => route.call().json(case_body("垃圾没有清运")),
        ("POST", "/api/v1/feedback/support/{id}") => {
            route.at([shared_case(w).await.1]).json(json!({}))
        }
        ("POST", "/api/v1/feedback/flags/{id}") => {
            let (_, id) = file(w, &w.app.client(), case_body("邻居家的狗")).await;
            route.at([id]).json(json!({"reason": "abusive"}))
        }
        ("GET", "/api/v1/feedback/{tracking_code}") => route.at([shared_case(w).await.0]),
        ("GET", "/api/v1/feedback/{tracking_code}/photos/{position}") => {
            let (code, _) = shared_case(w).await;
            route.at([code, photo_position(w).await.to_string()])
        }
        ("POST", "/api/v1/feedback/{tracking_code}/details") => {
            // The submitter's own open case; a guest's case takes details from its code holder.
            let (code, _) = file(w, &who.client, case_body("路灯不亮")).await;
            route.at([code]).json(json!({"text": "是 3 栋门口那盏。"}))
        }
        ("POST", "/api/v1/feedback/{tracking_code}/rating") => {
            // An answered case of the caller's own (a guest's: fully anonymous, rated by code).
            let mut body = case_body("楼道灯坏了");
            if who.is_anonymous() {
                body["privacy"] = json!("anonymous");
                body["contact_name"] = Value::Null;
            }
            let (code, id) = file(w, &who.client, body).await;
            act(w, id, json!({"action": "accept"})).await;
            act(w, id, json!({"action": "answer", "reply": "已更换灯具。"})).await;
            route
                .at([code])
                .json(json!({"score": 5, "comment": "处理很快，谢谢！"}))
        }

        ("GET", "/api/v1/staff/feedback/{id}") => route.at([shared_case(w).await.1]),
        ("GET", "/api/v1/staff/feedback/{id}/photos/{position}") => {
            route.at([shared_case(w).await.1, photo_position(w).await])
        }
        ("POST", "/api/v1/staff/feedback/{id}/actions") => {
            let id = routed_case(w).await.1;
            route
                .at([id])
                .json(json!({"action": "answer", "reply": "已安排环卫今天清运，并增加清运频次。"}))
        }
        ("POST", "/api/v1/staff/feedback/{id}/place") => {
            // A request filed without a usable position waits above the communities (the
            // schema keeps it there) until the committee places it. This one waits at 福田区,
            // routed to civil affairs so that the district's handlers reach it too.
            let (_, id) = routed_case(w).await;
            sqlx::query(
                "UPDATE feedback_cases SET needs_placement = 1, \
                 region_id = (SELECT id FROM regions WHERE code = '440304') WHERE id = $1",
            )
            .bind(id)
            .execute(w.app.db.pool())
            .await
            .expect("needs placement");
            route.at([id]).json(json!({"community": HONGLI}))
        }
        ("POST", "/api/v1/staff/feedback/templates") => route.call().json(template_body()),
        ("DELETE", "/api/v1/staff/feedback/templates/{id}") => {
            let made = expect(
                w.committee
                    .post("/api/v1/staff/feedback/templates", &template_body())
                    .await,
                StatusCode::CREATED,
            );
            route.at([made["id"].as_i64().expect("template id")])
        }
        _ => return None,
    })
}

/// A complaint about rubbish in 红荔社区, with the name shown.
fn case_body(title: &str) -> Value {
    json!({
        "kind": "complaint",
        "category": "sanitation",
        "community": HONGLI,
        "place": "红荔路 3 栋楼下垃圾站",
        "title": title,
        "description": "垃圾站的垃圾已经三天没有清运，气味很大，还有老鼠。",
        "privacy": "public_name",
        "contact_name": "周",
        "answers": {"location_type": "estate"}
    })
}

fn template_body() -> Value {
    json!({"title": "已清运", "body": "垃圾已清运完毕。", "region": HONGLI, "category": "sanitation"})
}

/// `who` files a case; returns its tracking code and id.
async fn file(w: &World<'_>, who: &Client<'_>, body: Value) -> (String, i64) {
    let made = expect(
        who.post("/api/v1/feedback", &body).await,
        StatusCode::CREATED,
    );
    let code = made["tracking_code"].as_str().expect("code").to_owned();
    (code.clone(), case_id(w, &code).await)
}

async fn case_id(w: &World<'_>, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM feedback_cases WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(w.app.db.pool())
        .await
        .expect("case id")
}

/// The committee member of 红荔社区 acts on a case.
async fn act(w: &World<'_>, id: i64, body: Value) {
    w.committee
        .post(&format!("/api/v1/staff/feedback/{id}/actions"), &body)
        .await
        .assert_status(StatusCode::OK);
}

/// A new case of 红荔社区, filed by a visitor, accepted by the committee and routed to the
/// civil affairs department (so its handlers reach it too).
async fn routed_case(w: &World<'_>) -> (String, i64) {
    let (code, id) = file(w, &w.app.client(), case_body("垃圾站满了")).await;
    route_to_civil_affairs(w, id).await;
    (code, id)
}

async fn route_to_civil_affairs(w: &World<'_>, id: i64) {
    act(w, id, json!({"action": "accept"})).await;
    act(
        w,
        id,
        json!({"action": "assign", "department": "civil_affairs"}),
    )
    .await;
}

/// The case of the read-only routes: routed like [`routed_case`], with a photo.
async fn shared_case(w: &World<'_>) -> (String, i64) {
    let v = w
        .shared("feedback case", || async {
            let (content_type, body) = multipart_body(&[
                (
                    "case",
                    None,
                    "application/json",
                    serde_json::to_vec(&case_body("垃圾站有老鼠")).expect("json"),
                ),
                (
                    "photo",
                    Some("a.jpg"),
                    "image/jpeg",
                    include_bytes!("../fixtures/gps.jpg").to_vec(),
                ),
            ]);
            let made = expect(
                w.app
                    .client()
                    .send_bytes(
                        axum::http::Method::POST,
                        "/api/v1/feedback",
                        &content_type,
                        body,
                    )
                    .await,
                StatusCode::CREATED,
            );
            let code = made["tracking_code"].as_str().expect("code").to_owned();
            let id = case_id(w, &code).await;
            route_to_civil_affairs(w, id).await;
            json!([code, id])
        })
        .await;
    (
        v[0].as_str().expect("code").to_owned(),
        v[1].as_i64().expect("id"),
    )
}

/// The position of the photo of [`shared_case`], as its public page links it.
async fn photo_position(w: &World<'_>) -> i64 {
    let (code, _) = shared_case(w).await;
    let public = expect(
        w.app.get(&format!("/api/v1/feedback/{code}")).await,
        StatusCode::OK,
    );
    let url = public["photos"][0]["url"]
        .as_str()
        .unwrap_or_else(|| panic!("a photo: {public}"));
    url.rsplit('/')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a position in {url}"))
}
